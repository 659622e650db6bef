//! The one place that parses YAML.
//!
//! Values are deserialised with `serde_yaml` (archived upstream; kept behind this module so it
//! can be replaced in one place). Its errors carry a line and column. Validation that happens
//! after deserialisation (duplicate ids, unknown references) needs the position of any node, so
//! [`Spans`] indexes every node's position by its path (`units.3.id`) from the event stream of
//! `saphyr-parser`, a maintained YAML parser that reports source spans.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;

mod errors;
mod fullwidth;
mod spans;

use crate::diagnostics::{Diagnostic, Location};
use errors::to_diagnostic;
use spans::index;

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
    /// What each key of the schema means, for "did you mean" hints that say what the
    /// suggested key is (`logos`, the box unit logos are fitted into).
    pub keys: &'a [(&'a str, &'a str)],
}

impl<'a> YamlSource<'a> {
    /// A file that is entirely YAML.
    pub fn whole(file: &'a Path, text: &'a str) -> Self {
        YamlSource {
            file,
            full: text,
            yaml: text,
            first_line: 1,
            keys: &[],
        }
    }

    /// The YAML `yaml` inside the file `full`, starting on its 1-based line `first_line`
    /// (front matter).
    pub fn part(file: &'a Path, full: &'a str, yaml: &'a str, first_line: usize) -> Self {
        YamlSource {
            file,
            full,
            yaml,
            first_line,
            keys: &[],
        }
    }

    /// The same source, with descriptions of the schema's keys for hints.
    pub fn describing(self, keys: &'a [(&'a str, &'a str)]) -> Self {
        YamlSource { keys, ..self }
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
    serde_yaml::from_str::<T>(source.yaml)
        .map_err(|e| fullwidth::explain(source, to_diagnostic(&e, source)))
}

/// Warnings about YAML that parsed, but probably not as the editor meant (a list of one
/// item holding a full-width comma).
pub fn warnings(source: YamlSource<'_>) -> Vec<Diagnostic> {
    fullwidth::warnings(source)
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

#[cfg(test)]
mod tests {
    use super::errors::{scanner_start, strip_position};
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
        let source = YamlSource::part(Path::new("x.md"), full, "units: []\n", 2);
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
