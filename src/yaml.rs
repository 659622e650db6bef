//! The one place that parses YAML.
//!
//! Values are deserialised with `serde_yaml` (archived upstream; kept behind this module so it
//! can be replaced in one place). Its errors carry a line and column. Validation that happens
//! after deserialisation (duplicate ids, unknown references) needs the position of any node, so
//! [`Spans`] indexes every node's position by its path (`units.3.id`) from the event stream of
//! `saphyr-parser`, a maintained YAML parser that reports source spans.

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location, did_you_mean};

/// A YAML text inside a file: the whole file (for showing lines) and where the YAML starts.
#[derive(Debug, Clone, Copy)]
pub struct YamlSource<'a> {
    /// The file, relative to the site root.
    pub file: &'a Path,
    /// The whole file's text.
    pub full: &'a str,
    /// The YAML part of it.
    pub yaml: &'a str,
    /// 1-based line of `full` on which `yaml` starts.
    pub first_line: usize,
}

impl<'a> YamlSource<'a> {
    /// A file that is entirely YAML.
    pub fn whole(file: &'a Path, text: &'a str) -> Self {
        YamlSource {
            file,
            full: text,
            yaml: text,
            first_line: 1,
        }
    }
}

/// Positions of the nodes of one YAML document, by path.
///
/// Positions refer to the whole file the YAML came from; pass that file's text to
/// [`Spans::locate`] (the index does not keep a copy, so it stays small per document).
#[derive(Debug, Default, Clone)]
pub struct Spans {
    nodes: HashMap<String, (usize, usize, usize)>,
}

impl Spans {
    /// The location of the node at `path` (`a.b.0.c`) in `full`, if it exists.
    pub fn locate(&self, path: &str, full: &str) -> Option<Location> {
        self.nodes
            .get(path)
            .map(|&(line, col, len)| Location::new(full, line, col + 1, len))
    }
}

/// Parses `source` into `T`, returning the value and the position index.
///
/// An empty document is reported as an error of its own, since serde's message for it
/// ("EOF while parsing") does not help an editor.
pub fn parse<T: DeserializeOwned>(source: YamlSource<'_>) -> Result<(T, Spans), Diagnostic> {
    let value = parse_value(source)?;
    Ok((value, index(source)))
}

/// Parses `source` into `T` without indexing positions: for text read often and rarely
/// wrong (front matter), whose positions [`spans`] finds when a message needs them.
pub fn parse_value<T: DeserializeOwned>(source: YamlSource<'_>) -> Result<T, Diagnostic> {
    if source.yaml.trim().is_empty() {
        return Err(Diagnostic::error(source.file, "the YAML is empty")
            .at(Location::new(source.full, source.first_line, 1, 1))
            .hint("see the data reference in README.md for the keys this file needs"));
    }
    if let Some(at) = too_deep(source.yaml) {
        let before = &source.yaml[..at];
        let line = source.first_line + before.matches('\n').count();
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        return Err(Diagnostic::error(
            source.file,
            format!("lists or mappings are nested more than {MAX_FLOW_DEPTH} deep"),
        )
        .at(Location::new(source.full, line, column, 1))
        .hint("close the brackets: data files need a few levels at most"));
    }
    serde_yaml::from_str::<T>(source.yaml).map_err(|e| to_diagnostic(&e, source))
}

/// The positions of every node of `source`.
pub fn spans(source: YamlSource<'_>) -> Spans {
    index(source)
}

/// Flow collections (`[`, `{`) may nest this deep; deeper input is refused before parsing,
/// since the parser's time grows with the square of the depth (100,000 `[` take a minute).
const MAX_FLOW_DEPTH: usize = 128;

/// The byte offset of the first `[` or `{` nested deeper than [`MAX_FLOW_DEPTH`], skipping
/// quoted strings and comments (a quick scan, not a parse: it only has to be right for
/// input that deep).
fn too_deep(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    let mut previous = '\n';
    for (i, c) in yaml.char_indices() {
        if comment {
            comment = c != '\n';
        } else if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if q == '"' && c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
        } else {
            let token_start = previous.is_whitespace() || "[{,:".contains(previous);
            match c {
                '"' | '\'' if token_start => quote = Some(c),
                '#' if previous.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some(i);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        previous = c;
    }
    None
}

/// Parses a YAML scalar used on its own (a `--now` argument, a test).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

fn to_diagnostic(error: &serde_yaml::Error, source: YamlSource<'_>) -> Diagnostic {
    let full_message = error.to_string();
    let message = strip_position(&full_message);
    let mut diagnostic = Diagnostic::error(source.file, message.clone());
    // Values rejected by a type's own check (`TryFrom`) are reported by serde at the start of
    // the enclosing mapping; their messages start with the value in backticks, so find it.
    let after = error.location().map_or(1, |l| l.line());
    // Nested errors are prefixed with their path (`tiers[2]: `0` is not…`).
    let unprefixed = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && rest.starts_with('`') => rest,
        _ => message.as_str(),
    };
    let rejected = unprefixed
        .strip_prefix('`')
        .and_then(|m| m.split('`').next());
    // Scanner errors name where the offending construct began ("while scanning a quoted
    // scalar at line 9 column 28"): that is where the editor has to look.
    let scanning = scanner_start(&full_message);
    if let Some((line, col)) = scanning {
        let line = source.first_line + line - 1;
        diagnostic = diagnostic.at(Location::new(source.full, line, col, 1));
    } else if let Some((line, col, len)) =
        rejected.and_then(|value| find_scalar(source.yaml, value, after))
    {
        diagnostic = diagnostic.at(Location::new(
            source.full,
            source.first_line + line - 1,
            col + 1,
            len,
        ));
    } else if let Some(loc) = error.location() {
        let line = source.first_line + loc.line() - 1;
        let len = token_len(source.full, line, loc.column());
        diagnostic = diagnostic.at(Location::new(source.full, line, loc.column(), len));
    } else {
        diagnostic = diagnostic.at(Location::new(source.full, source.first_line, 1, 1));
    }
    match hint_for(&message) {
        Some(hint) => {
            // The hint carries the list of allowed keys or values; keep the message short.
            if (message.contains("unknown field `") || message.contains("unknown variant `"))
                && let Some(i) = message.find(", expected")
            {
                diagnostic.message = message[..i].to_string();
            }
            diagnostic.hint(hint)
        }
        None => diagnostic,
    }
}

/// serde_yaml and libyaml append " at line L column C" (sometimes twice); the location is
/// shown separately, so every such position is removed from the message.
fn strip_position(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let skip = tail.find(" column ").map(|c| {
            c + " column ".len()
                + tail[c + " column ".len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count()
        });
        match skip {
            Some(n)
                if tail[..tail.find(" column ").unwrap_or(0)]
                    .chars()
                    .all(|c| c.is_ascii_digit()) =>
            {
                rest = &tail[n..]
            }
            _ => {
                out.push_str(" at line ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `(line, column)` from "while scanning … at line L column C" in a scanner error.
fn scanner_start(message: &str) -> Option<(usize, usize)> {
    let tail = &message[message.find("while scanning")?..];
    let after = &tail[tail.find(" at line ")? + " at line ".len()..];
    let (line, rest) = after.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// Length of the token starting at a position, for the caret.
fn token_len(full: &str, line: usize, column: usize) -> usize {
    let Some(text) = full.lines().nth(line.saturating_sub(1)) else {
        return 1;
    };
    let rest: String = text.chars().skip(column.saturating_sub(1)).collect();
    let token = rest
        .split([':', ',', ']', '}', '#'])
        .next()
        .unwrap_or("")
        .trim_end();
    token.chars().count().max(1)
}

/// Turns serde's standard messages into a hint an editor can act on.
fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|list| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return Some(match did_you_mean(unknown, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "remove this key".to_string(),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        });
    }
    if let Some(rest) = message.split("unknown variant `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        return Some(match did_you_mean(unknown, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of: {}", expected.join(", ")),
        });
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        return Some(format!("add `{field}:` to this entry"));
    }
    if message.contains("invalid type") {
        return Some("check the value's type: quote text, write numbers and dates without quotes only where a number is expected".to_string());
    }
    if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        return Some(
            "check the indentation and that every `key: value` has a space after the colon"
                .to_string(),
        );
    }
    None
}

/// The first scalar equal to `value` on or after 1-based `after_line`: (line, col, len).
fn find_scalar(yaml: &str, value: &str, after_line: usize) -> Option<(usize, usize, usize)> {
    let mut parser = Parser::new_from_str(yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        if let Event::Scalar(text, ..) = event
            && text == value
            && span.start.line() >= after_line
        {
            let len = span.end.index().saturating_sub(span.start.index()).max(1);
            return Some((span.start.line(), span.start.col(), len));
        }
    }
    None
}

#[derive(Debug)]
enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

/// Builds the path index from the event stream. Positions are for `full`.
fn index(source: YamlSource<'_>) -> Spans {
    let mut nodes = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let offset = source.first_line - 1;
    let mut parser = Parser::new_from_str(source.yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        let start = span.start;
        let len = span.end.index().saturating_sub(start.index()).max(1);
        let mut record = |path: String| {
            nodes.insert(path, (start.line() + offset, start.col(), len));
        };
        match event {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Map { key, .. }) = stack.last_mut()
                    && key.is_none()
                {
                    *key = Some(text.into_owned());
                    continue;
                }
                if let Some(path) = child_path(&mut stack) {
                    record(path);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = child_path(&mut stack).unwrap_or_default();
                record(path.clone());
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map { path, key: None }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Alias(_) => {
                let _ = child_path(&mut stack);
            }
            _ => {}
        }
    }
    Spans { nodes }
}

/// The path of the next value in the innermost container, advancing that container.
fn child_path(stack: &mut [Frame]) -> Option<String> {
    let join = |parent: &str, child: &str| {
        if parent.is_empty() {
            child.to_string()
        } else {
            format!("{parent}.{child}")
        }
    };
    match stack.last_mut()? {
        Frame::Map { path, key } => key.take().map(|k| join(path, &k)),
        Frame::Seq { path, next } => {
            *next += 1;
            Some(join(path, &(*next - 1).to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(too_deep(&deep), Some(3 + MAX_FLOW_DEPTH));
        let quoted = format!(
            "a: \"{}\" # {}\nb: [[1], {{c: '['}}]",
            "[".repeat(300),
            "{".repeat(300)
        );
        assert_eq!(too_deep(&quoted), None);
        let err =
            parse::<serde_yaml::Value>(YamlSource::whole(Path::new("x.yaml"), &deep)).unwrap_err();
        assert_eq!(err.location.unwrap().column, 4 + MAX_FLOW_DEPTH);
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        units: Vec<Unit>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Unit {
        #[allow(dead_code)]
        id: String,
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn indexes_nested_paths() {
        let text = "units:\n  - id: a\n    name: 甲\n  - id: b\n    name: 乙\n";
        let (_, spans): (Doc, _) = parse(YamlSource::whole(Path::new("u.yaml"), text)).unwrap();
        let loc = spans.locate("units.1.id", text).unwrap();
        assert_eq!((loc.line, loc.column), (4, 9));
        assert_eq!(spans.locate("units.1.name", text).unwrap().line, 5);
    }

    #[test]
    fn unknown_key_gets_a_suggestion_and_a_location() {
        let text = "units:\n  - id: a\n    nmae: 甲\n";
        let err = parse::<Doc>(YamlSource::whole(Path::new("u.yaml"), text)).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, 3);
        assert_eq!(err.hint.as_deref(), Some("did you mean `name`?"));
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn offsets_front_matter_lines() {
        let full = "---\nunits: []\n---\n";
        let source = YamlSource {
            file: Path::new("x.md"),
            full,
            yaml: "units: []\n",
            first_line: 2,
        };
        let (_, spans): (Doc, _) = parse(source).unwrap();
        assert_eq!(spans.locate("units", full).unwrap().line, 2);
    }

    #[test]
    fn strips_every_position() {
        assert_eq!(
            strip_position(
                "found end at line 19 column 1, while scanning a quoted scalar at line 9 column 28"
            ),
            "found end, while scanning a quoted scalar"
        );
        assert_eq!(
            scanner_start(
                "x at line 19 column 1, while scanning a quoted scalar at line 9 column 28"
            ),
            Some((9, 28))
        );
    }

    #[test]
    fn empty_document_is_an_error() {
        let err = parse::<Doc>(YamlSource::whole(Path::new("u.yaml"), "\n")).unwrap_err();
        assert!(err.message.contains("empty"));
    }
}
