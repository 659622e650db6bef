//! Errors found in one Markdown body, located cheaply and bounded in number.
//!
//! A body may be tens of megabytes: locating an error must not rescan the file from the
//! start (a line index is built once, on the first error), and a body with thousands of
//! broken links must not keep thousands of copies of its lines.

use std::cell::OnceCell;
use std::ops::Range;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};

/// At most this many errors are kept per body; the rest are counted.
const MAX_ERRORS: usize = 100;
/// Nor more than this many bytes of quoted source lines (one huge line, many errors).
const MAX_QUOTED_BYTES: usize = 16 << 20;

/// The errors of one body.
pub(super) struct BodyErrors<'s> {
    file: &'s Path,
    full: &'s str,
    body_offset: usize,
    line_starts: OnceCell<Vec<usize>>,
    list: Vec<Diagnostic>,
    quoted: usize,
    dropped: usize,
}

impl<'s> BodyErrors<'s> {
    /// Errors in `file`, whose text is `full`; ranges given later are relative to the body
    /// at `body_offset`.
    pub(super) fn new(file: &'s Path, full: &'s str, body_offset: usize) -> Self {
        BodyErrors {
            file,
            full,
            body_offset,
            line_starts: OnceCell::new(),
            list: Vec::new(),
            quoted: 0,
            dropped: 0,
        }
    }

    /// Records an error at `range` of the body.
    pub(super) fn push(&mut self, range: Range<usize>, message: String, hint: Option<String>) {
        if self.list.len() >= MAX_ERRORS || (self.quoted > MAX_QUOTED_BYTES) {
            self.dropped += 1;
            return;
        }
        let location = self.locate(range);
        self.quoted += location.line_text.len();
        let d = Diagnostic::error(self.file, message).at(location);
        self.list.push(match hint {
            Some(h) => d.hint(h),
            None => d,
        });
    }

    /// Whether any error was recorded.
    pub(super) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The errors, with one more saying how many were not shown.
    pub(super) fn into_vec(mut self) -> Vec<Diagnostic> {
        if self.dropped > 0 {
            let last = self.list.last().and_then(|d| d.location.clone());
            let more = Diagnostic::error(
                self.file,
                format!("{} more errors in this file are not shown", self.dropped),
            )
            .at_opt(last)
            .hint("fix the errors above and build again");
            self.list.push(more);
        }
        self.list
    }

    /// The location of `range` (relative to the body), found through the line index.
    fn locate(&self, range: Range<usize>) -> Location {
        let full = self.full;
        let start = floor_boundary(full, self.body_offset + range.start);
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(full.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= start).max(1);
        let line_start = starts[line - 1];
        let line_end = full[start..].find('\n').map_or(full.len(), |i| start + i);
        let end = floor_boundary(full, (self.body_offset + range.end).clamp(start, line_end));
        let column = full[line_start..start].chars().count() + 1;
        let len = full[start..end].chars().count();
        Location::new(&full[line_start..line_end], 1, column, len).with_line(line)
    }
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_like_from_offsets() {
        let full = "---\ntitle: x\n---\n第一行\n\n见[其他](a.md)\n";
        let body = full.find("第一行").unwrap();
        let mut errors = BodyErrors::new(Path::new("a.md"), full, body);
        let at = full.find("[其他]").unwrap() - body;
        errors.push(at..at + 4, "x".into(), None);
        let d = errors.into_vec();
        let expected = Location::from_offsets(full, body + at, body + at + 4);
        assert_eq!(d[0].location.as_ref(), Some(&expected));
    }

    #[test]
    fn errors_are_capped() {
        let full = "x\n".repeat(1000);
        let mut errors = BodyErrors::new(Path::new("a.md"), &full, 0);
        for i in 0..500 {
            errors.push(2 * i..2 * i + 1, "bad".into(), None);
        }
        let list = errors.into_vec();
        assert_eq!(list.len(), MAX_ERRORS + 1);
        assert!(list[MAX_ERRORS].message.starts_with("400 more errors"));
    }
}
