//! Values of `bulletin init`'s sample still in a site ([`crate::samples`]): a warning at
//! each, in the data files and in the published Markdown.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Location};
use crate::samples::Finder;
use crate::site::{Entry, Site};

/// A warning at every sample value in the site's data files and in its published Markdown
/// (a document that can no longer be read is left out: its page reports it).
pub fn sample_values(site: &Site) -> Vec<Diagnostic> {
    let mut found = in_data(site);
    // Documents counted their values when they were loaded: only those that hold one are
    // read again, to say where.
    let documents: Vec<&Entry> = documents(site).filter(|e| e.doc.samples > 0).collect();
    found.par_extend(documents.par_iter().flat_map_iter(|e| {
        let source = e.doc.source();
        let text = source.as_ref().map_or("", |s| s.text());
        warnings(Finder::markdown(), &e.doc.display, text, false)
    }));
    found
}

/// How many warnings [`sample_values`] gives, without reading the documents again.
pub fn sample_count(site: &Site) -> usize {
    in_data(site).len() + documents(site).map(|e| e.doc.samples).sum::<usize>()
}

/// The published documents.
fn documents(site: &Site) -> impl Iterator<Item = &Entry> {
    site.notices
        .iter()
        .chain(&site.pages)
        .chain(&site.home_intro)
        .chain(&site.notices_intro)
}

/// The warnings in the data files.
fn in_data(site: &Site) -> Vec<Diagnostic> {
    data_files(&site.root)
        .par_iter()
        .flat_map_iter(|(display, text)| warnings(Finder::data(), display, text, true))
        .collect()
}

/// A warning at each value `finder` finds in `text` (of a data file when `data`).
fn warnings(finder: &Finder, display: &Path, text: &str, data: bool) -> Vec<Diagnostic> {
    finder
        .find(text)
        .filter(|(range, _)| !(data && in_yaml_comment(text, range.start)))
        .map(|(range, value)| {
            Diagnostic::warning(
                display,
                format!(
                    "`{}` is sample data from `bulletin init` ({})",
                    value.text, value.what
                ),
            )
            .at(Location::from_offsets(text, range.start, range.end))
            .hint("replace it with your own before publishing")
        })
        .collect()
}

/// Whether `offset` is inside a YAML comment: after a `#` that starts the line or follows a
/// space. (A `#` inside a quoted string would count too; sample values never follow one.)
fn in_yaml_comment(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    before.trim_start().starts_with('#') || before.contains(" #")
}

/// The YAML files under `data/`, by the path messages show, sorted.
fn data_files(root: &Path) -> Vec<(PathBuf, String)> {
    let dir = root.join("data");
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            matches!(
                e.path().extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml")
            )
        })
        .filter_map(|e| {
            let relative = e.path().strip_prefix(root).ok()?.to_path_buf();
            let hidden = relative
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let text = std::fs::read_to_string(e.path()).ok()?;
            (!hidden).then_some((relative, text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_comments_are_not_data() {
        let text = "# 示例机构\npublisher: 示例机构 # 示例机构\n  # 示例机构\n";
        let found: Vec<bool> = text
            .match_indices("示例机构")
            .map(|(i, _)| in_yaml_comment(text, i))
            .collect();
        assert_eq!(found, [true, false, true, true]);
    }
}
