//! Full-width punctuation where YAML expects ASCII: the mistakes of editors who type with a
//! Chinese input method on. `deadline：2025-08-31` is not a key (the colon is U+FF1A) and
//! `[一级，二级]` is a list of one item. Such input gets a message that names the
//! character and what to type instead.

use super::YamlSource;
use crate::diagnostics::{Diagnostic, Location};

/// A full-width character, its name, and the ASCII character YAML wanted.
const CHARACTERS: [(char, &str, char); 3] = [
    ('：', "full-width colon", ':'),
    ('，', "full-width comma", ','),
    ('；', "full-width semicolon", ','),
];

fn describe(c: char) -> Option<(&'static str, char)> {
    CHARACTERS
        .iter()
        .find(|(f, ..)| *f == c)
        .map(|(_, name, ascii)| (*name, *ascii))
}

/// Replaces a parse `error` of `source` with a message about full-width punctuation when
/// the lines up to the error hold some where YAML syntax expects `:` or `,`.
pub(super) fn explain(source: YamlSource<'_>, error: Diagnostic) -> Diagnostic {
    if !source.yaml.contains(['：', '，', '；']) {
        return error;
    }
    let last = error
        .location
        .as_ref()
        .map_or(usize::MAX, |l| l.line.saturating_sub(source.first_line) + 1);
    let found = source
        .yaml
        .lines()
        .enumerate()
        .take(last)
        .filter_map(|(i, line)| {
            key_colon(line)
                .or_else(|| flow_separator(line))
                .map(|c| (i, c))
        })
        .last();
    let Some((index, column)) = found else {
        return error;
    };
    let line = source.yaml.lines().nth(index).unwrap_or("");
    let c = line.chars().nth(column).unwrap_or('：');
    let Some((name, ascii)) = describe(c) else {
        return error;
    };
    let mut fixed = String::with_capacity(line.len() + 1);
    for (i, x) in line.chars().enumerate() {
        if i != column {
            fixed.push(x);
            continue;
        }
        fixed.push(ascii);
        if line.chars().nth(i + 1) != Some(' ') {
            fixed.push(' ');
        }
    }
    Diagnostic::error(
        source.file,
        format!(
            "{name} `{c}` (U+{:04X}) where YAML expects `{ascii}`",
            c as u32
        ),
    )
    .at(Location::new(
        source.full,
        source.first_line + index,
        column + 1,
        1,
    ))
    .hint(format!(
        "switch the input method to half-width and type `{ascii}`: `{}`",
        fixed.trim()
    ))
}

/// Warnings for input that parsed but probably not as meant: a flow list of one item that
/// holds a full-width comma or semicolon (`[一级，二级]` is one tag, not two).
pub(super) fn warnings(source: YamlSource<'_>) -> Vec<Diagnostic> {
    if !source.yaml.contains(['，', '；']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, line) in source.yaml.lines().enumerate() {
        let Some(column) = flow_separator(line) else {
            continue;
        };
        let c = line.chars().nth(column).unwrap_or('，');
        let (name, _) = describe(c).unwrap_or(("full-width comma", ','));
        out.push(
            Diagnostic::warning(
                source.file,
                format!("this list has one item: the {name} `{c}` does not separate list items"),
            )
            .at(Location::new(
                source.full,
                source.first_line + i,
                column + 1,
                1,
            ))
            .hint("type `,` to make several items, or quote the item if it is one text"),
        );
    }
    out
}

/// The character column of a full-width colon that ends a key (`deadline：…`,
/// `- name：…`): the line has no ASCII `:` before it and the text before it reads as a key.
fn key_colon(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.chars().count() - trimmed.chars().count();
    let (marker, rest) = match trimmed.strip_prefix("- ") {
        Some(rest) => (2, rest),
        None => (0, trimmed),
    };
    if rest.starts_with(['#', '"', '\'', '[', '{', '|', '>']) {
        return None;
    }
    let before: String = rest.chars().take_while(|c| *c != '：').collect();
    let is_key = !before.is_empty()
        && before.len() < rest.len()
        && before.chars().count() <= 40
        && !before.contains([':', ' ', '#', ','])
        && before
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
    is_key.then(|| indent + marker + before.chars().count())
}

/// The character column of a full-width comma or semicolon inside an unquoted flow list of
/// one item (`[一级，二级]`).
fn flow_separator(line: &str) -> Option<usize> {
    let open = line.find('[')?;
    let close = open + line[open..].find(']')?;
    let inner = &line[open + 1..close];
    if inner.contains([',', '"', '\'', '[', '{']) {
        return None;
    }
    let at = inner.find(['，', '；'])?;
    Some(line[..open + 1 + at].chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_key_colons_only() {
        assert_eq!(key_colon("deadline：2025-08-31"), Some(8));
        assert_eq!(key_colon("  - name：示例"), Some(8));
        assert_eq!(key_colon("title: 通知：关于"), None);
        assert_eq!(key_colon("正文里有冒号，然后：这里"), None);
    }

    #[test]
    fn finds_flow_separators() {
        assert_eq!(flow_separator("tags: [一级，二级]"), Some(9));
        assert_eq!(flow_separator("tags: [一级, 二级，三级]"), None);
        assert_eq!(flow_separator("tags: [\"一级，二级\"]"), None);
        assert_eq!(flow_separator("title: 一级，二级"), None);
    }
}
