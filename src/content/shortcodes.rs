//! Shortcodes: a line holding only `{{ name(key=value, …) }}` in a Markdown body.
//!
//! Lines inside fenced code blocks are never shortcodes. `{{/* name() */}}` writes the
//! shortcode text literally, for documentation.

use std::collections::BTreeMap;

use serde::Serialize;

/// A shortcode argument value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ArgValue {
    /// `"text"`.
    Str(String),
    /// `2025`.
    Int(i64),
    /// `true` / `false`.
    Bool(bool),
}

/// A line that is, or tries to be, a shortcode.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A well-formed call.
    Call(String, BTreeMap<String, ArgValue>),
    /// `{{/* … */}}`: the text to show instead.
    Literal(String),
}

/// Parses one line. `Ok(None)`: not a shortcode; `Err`: looks like one but is malformed.
pub fn parse_line(line: &str) -> Result<Option<Line>, String> {
    let trimmed = line.trim();
    let Some(inner) = trimmed
        .strip_prefix("{{")
        .and_then(|s| s.strip_suffix("}}"))
    else {
        return Ok(None);
    };
    if let Some(literal) = inner.strip_prefix("/*").and_then(|s| s.strip_suffix("*/")) {
        return Ok(Some(Line::Literal(format!("{{{{{literal}}}}}"))));
    }
    let inner = inner.trim();
    let open = inner.find('(').ok_or_else(|| {
        "a shortcode is written `{{ name(arg=value) }}`: `(` is missing".to_string()
    })?;
    let name = inner[..open].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "`{name}` is not a shortcode name: use letters, digits, `_` and `-`"
        ));
    }
    let rest = &inner[open + 1..];
    let args_text = rest
        .strip_suffix(')')
        .ok_or_else(|| "the shortcode's argument list is not closed with `)`".to_string())?;
    Ok(Some(Line::Call(name.to_string(), parse_args(args_text)?)))
}

fn parse_args(text: &str) -> Result<BTreeMap<String, ArgValue>, String> {
    let mut args = BTreeMap::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(args);
        }
        let key: String =
            std::iter::from_fn(|| chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_'))
                .collect();
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if key.is_empty() || chars.next() != Some('=') {
            return Err("arguments are written `name=value`, separated by commas".to_string());
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let value = match chars.peek() {
            Some('"') => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => s.extend(chars.next()),
                        Some(c) => s.push(c),
                        None => {
                            return Err(format!(
                                "the string value of `{key}` is not closed with `\"`"
                            ));
                        }
                    }
                }
                ArgValue::Str(s)
            }
            _ => {
                let word: String =
                    std::iter::from_fn(|| chars.next_if(|c| *c != ',' && !c.is_whitespace()))
                        .collect();
                match word.as_str() {
                    "true" => ArgValue::Bool(true),
                    "false" => ArgValue::Bool(false),
                    _ => ArgValue::Int(word.parse().map_err(|_| {
                        format!("`{word}` is not a value: quote text (\"…\"), or write a whole number or true/false")
                    })?),
                }
            }
        };
        if args.insert(key.clone(), value).is_some() {
            return Err(format!("the argument `{key}` is given twice"));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next() {
            None => return Ok(args),
            Some(',') => {}
            Some(c) => return Err(format!("expected `,` between arguments, found `{c}`")),
        }
    }
}

/// A shortcode written where it cannot work: its place in the body, what is wrong, and
/// what to do.
#[derive(Debug, PartialEq, Eq)]
pub struct Misplaced {
    /// Byte range in the body.
    pub range: std::ops::Range<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// Shortcode lines found in a body, and malformed or misplaced ones.
pub type Scan = (Vec<(std::ops::Range<usize>, Line)>, Vec<Misplaced>);

/// Finds every shortcode line of `body` outside fenced code, in order.
/// Returns the calls and the shortcodes that are malformed or inside a line of text.
pub fn scan(body: &str) -> Scan {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    // Most bodies hold no shortcode at all: one fast search settles that.
    if !body.contains("{{") {
        return (found, errors);
    }
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for raw in body.split_inclusive('\n') {
        let line = raw.trim_end_matches('\n');
        let range = offset..offset + line.len();
        offset += raw.len();
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 {
                match fence {
                    None => fence = Some((c, run)),
                    Some((fc, fr)) if fc == c && run >= fr && trimmed[run..].trim().is_empty() => {
                        fence = None
                    }
                    _ => {}
                }
                continue;
            }
        }
        if fence.is_some() {
            continue;
        }
        match parse_line(line) {
            Ok(Some(parsed)) => found.push((range, parsed)),
            Ok(None) => errors.extend(inline_call(line).map(|(at, call)| Misplaced {
                range: range.start + at.start..range.start + at.end,
                message: format!("the shortcode `{call}` is inside a line of text, where it is not expanded"),
                hint: format!(
                    "put `{call}` on a line of its own (its output is a block, such as a list or a table); to show it as text, write `{{{{/*{}*/}}}}`",
                    &call[2..call.len() - 2]
                ),
            })),
            Err(message) => errors.push(Misplaced {
                range,
                message: format!("malformed shortcode: {message}"),
                hint: "write `{{ name(arg=value) }}` alone on its line".into(),
            }),
        }
    }
    (found, errors)
}

/// The first well-formed shortcode call inside a line of other text, outside inline code
/// (`` `{{ x() }}` `` is documentation): its byte range in the line and its text.
fn inline_call(line: &str) -> Option<(std::ops::Range<usize>, &str)> {
    let mut from = 0;
    while let Some(found) = line[from..].find("{{") {
        let start = from + found;
        from = start + 2;
        // An odd number of backticks before the braces: inside an inline code span.
        if line[..start].matches('`').count() % 2 == 1 {
            continue;
        }
        let len = line[start..].find("}}")?;
        let call = &line[start..start + len + 2];
        if matches!(parse_line(call), Ok(Some(Line::Call(..)))) {
            return Some((start..start + call.len(), call));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_calls_with_arguments() {
        let Some(Line::Call(name, args)) =
            parse_line("{{ roster(year=2024, title=\"名单, 2024\", open=true) }}").unwrap()
        else {
            panic!("not a call");
        };
        assert_eq!(name, "roster");
        assert_eq!(args["year"], ArgValue::Int(2024));
        assert_eq!(args["title"], ArgValue::Str("名单, 2024".into()));
        assert_eq!(args["open"], ArgValue::Bool(true));
    }

    #[test]
    fn plain_text_is_not_a_shortcode() {
        assert_eq!(parse_line("正文 {{ x }} 正文").unwrap(), None);
        assert_eq!(parse_line("").unwrap(), None);
    }

    #[test]
    fn malformed_calls_are_errors() {
        assert!(parse_line("{{ contacts }}").is_err());
        assert!(parse_line("{{ roster(year=) }}").is_err());
        assert!(parse_line("{{ roster(year=\"2024) }}").is_err());
        assert!(parse_line("{{ roster(year=1, year=2) }}").is_err());
        assert!(parse_line("{{ ro ster() }}").is_err());
    }

    #[test]
    fn shortcodes_inside_a_line_are_reported() {
        let (found, errors) =
            scan("名单见 {{ roster(year=2024) }}。\n`{{ roster() }}` 是写法。\n{{ x }} 不是。\n");
        assert!(found.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].range,
            "名单见 ".len().."名单见 {{ roster(year=2024) }}".len()
        );
        assert!(
            errors[0].hint.contains("`{{/* roster(year=2024) */}}`"),
            "{}",
            errors[0].hint
        );
    }

    #[test]
    fn literal_and_fenced_lines_are_left_alone() {
        let body = "```\n{{ contacts() }}\n```\n{{/* contacts() */}}\n{{ contacts() }}\n";
        let (found, errors) = scan(body);
        assert!(errors.is_empty());
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, Line::Literal("{{ contacts() }}".into()));
        assert!(matches!(found[1].1, Line::Call(ref n, _) if n == "contacts"));
    }
}
