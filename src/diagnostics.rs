//! Located diagnostics: every problem a build finds in the site's input.
//!
//! A [`Diagnostic`] names the file, and where the input has lines, the line and column, the
//! offending source line and a hint. Diagnostics are collected for a whole build
//! ([`Diagnostics`]) and printed together, sorted, through `annotate-snippets`.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot succeed.
    Error,
    /// The build succeeds, but an editor should look.
    Warning,
}

/// A position in a source file, with the line's text kept for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of the line (without its line break).
    #[serde(skip)]
    pub line_text: String,
    /// Byte range of the highlighted part within `line_text`.
    #[serde(skip)]
    pub range: std::ops::Range<usize>,
}

impl Location {
    /// Locates `len_chars` characters at 1-based `line` and 1-based character `column` of `source`.
    pub fn new(source: &str, line: usize, column: usize, len_chars: usize) -> Self {
        let line = line.max(1);
        let line_text = source.lines().nth(line - 1).unwrap_or("").to_string();
        let start = byte_of_char(&line_text, column.saturating_sub(1));
        let end = byte_of_char(&line_text, column.saturating_sub(1) + len_chars.max(1)).max(start);
        Location {
            line,
            column: column.max(1),
            line_text,
            range: start..end,
        }
    }

    /// The same location, reported on another line number (for text shown out of context).
    pub fn with_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    /// Locates the byte range `start..end` of `source` (clamped to the first line it touches).
    pub fn from_offsets(source: &str, start: usize, end: usize) -> Self {
        let start = floor_char_boundary(source, start.min(source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_no = source[..line_start].matches('\n').count() + 1;
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let end = floor_char_boundary(source, end.clamp(start, line_end));
        let column = source[line_start..start].chars().count() + 1;
        let len = source[start..end].chars().count();
        Location::new(source, line_no, column, len)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn byte_of_char(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(i, _)| i)
}

/// One problem in the input, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// Where in the file, when the input has lines.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// A short label under the caret.
    pub label: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
    /// Where the problem showed, when that is not the file (the pages a template error
    /// broke: `the home page`). Identical problems seen in several places are reported
    /// once, with every place ([`Diagnostics::sorted`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contexts: Vec<String>,
}

impl Diagnostic {
    /// A new error about `file`.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            location: None,
            message: message.into(),
            label: None,
            hint: None,
            contexts: Vec::new(),
        }
    }

    /// A new warning about `file`.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Sets the location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the location if there is one.
    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        self.location = location.or(self.location);
        self
    }

    /// Sets the label shown under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a place where the problem showed (`the home page`).
    pub fn context(mut self, context: impl Into<String>) -> Self {
        self.contexts.push(context.into());
        self
    }

    /// Renders the diagnostic as text, optionally with colour.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = display_path(&self.file);
        let title = level.primary_title(&self.message);
        let mut group: Group<'_> = match &self.location {
            Some(loc) => {
                let mut annotation = AnnotationKind::Primary.span(loc.range.clone());
                if let Some(label) = &self.label {
                    annotation = annotation.label(label);
                }
                title.element(
                    Snippet::source(&loc.line_text)
                        .line_start(loc.line)
                        .path(&path)
                        .annotation(annotation),
                )
            }
            None => title.element(annotate_snippets::Origin::path(&path)),
        };
        let note = contexts_note(&self.contexts);
        if let Some(note) = &note {
            group = group.element(Level::NOTE.message(note));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint));
        }
        let report: [Group<'_>; 1] = [group];
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&report).to_string()
    }
}

/// How many places a note names before "and N more".
const CONTEXTS_SHOWN: usize = 3;

/// `while rendering the home page`, or `while rendering 16 pages: the home page, … and 13
/// more`.
fn contexts_note(contexts: &[String]) -> Option<String> {
    match contexts {
        [] => None,
        [one] => Some(format!("while rendering {one}")),
        many => {
            let shown = many[..many.len().min(CONTEXTS_SHOWN)].join(", ");
            let more = many.len().saturating_sub(CONTEXTS_SHOWN);
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            Some(format!(
                "while rendering {} pages: {shown}{tail}",
                many.len()
            ))
        }
    }
}

/// Shows paths with forward slashes so messages read the same on every platform.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// All diagnostics of one build, in a stable order.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many diagnostics.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors, as [`Diagnostics::sorted`] lists them.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings, as [`Diagnostics::sorted`] lists them.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.sorted()
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file, then position, then message. Problems that are the
    /// same but for where they showed (one template error breaking 16 pages) are one
    /// diagnostic naming every place.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        let key = |d: &'_ Diagnostic| {
            let pos = d.location.as_ref().map(|l| (l.line, l.column));
            (
                d.file.clone(),
                pos,
                d.severity,
                d.message.clone(),
                d.hint.clone(),
                d.label.clone(),
            )
        };
        items.sort_by_cached_key(|d| key(d));
        let mut merged: Vec<Diagnostic> = Vec::with_capacity(items.len());
        for d in items {
            match merged.last_mut() {
                Some(last) if key(last) == key(d) && last.location == d.location => {
                    for context in &d.contexts {
                        if !last.contexts.contains(context) {
                            last.contexts.push(context.clone());
                        }
                    }
                }
                _ => merged.push(d.clone()),
            }
        }
        for d in &mut merged {
            d.contexts.sort();
        }
        merged
    }

    /// Iterates in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// Suggests the candidate closest to `input`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(input, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_from_offsets_counts_chars() {
        let src = "第一行\nid: 示例\n";
        let start = src.find("示例").unwrap();
        let loc = Location::from_offsets(src, start, start + "示例".len());
        assert_eq!((loc.line, loc.column), (2, 5));
        assert_eq!(&loc.line_text[loc.range.clone()], "示例");
    }

    #[test]
    fn renders_file_line_column_and_hint() {
        let src = "a: 1\nnmae: x\n";
        let d = Diagnostic::error("data/site.yaml", "unknown key `nmae`")
            .at(Location::new(src, 2, 1, 4))
            .hint("did you mean `name`?");
        let text = d.render(false);
        assert!(text.contains("data/site.yaml:2:1"), "{text}");
        assert!(text.contains("nmae: x"), "{text}");
        assert!(text.contains("did you mean `name`?"), "{text}");
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("titel", ["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
    }
}
