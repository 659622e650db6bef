//! Values of the sample site `bulletin init` writes that are still in a site: a fictional
//! organisation, its people, phone numbers and addresses. `check` warns at each one and
//! `build` counts them, so none is published by mistake.
//!
//! The sample is recognised by these values rather than by a flag, so a value is found as
//! long as it is there, and nothing is reported once it is replaced. Each is chosen to be
//! found in no real site: reserved example domains, phone numbers that no line can have.

use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Location};
use crate::site::{Entry, Site};

/// One value of `bulletin init`'s sample.
#[derive(Debug, Clone, Copy)]
pub struct SampleValue {
    /// The text as the sample writes it.
    pub text: &'static str,
    /// What it is, for the message.
    pub what: &'static str,
    /// Whether it is looked for in `data/` only: people's names, which a notice may
    /// legitimately mention.
    pub data_only: bool,
}

const fn value(text: &'static str, what: &'static str) -> SampleValue {
    SampleValue {
        text,
        what,
        data_only: false,
    }
}

const fn person(text: &'static str) -> SampleValue {
    SampleValue {
        text,
        what: "a fictional contact person",
        data_only: true,
    }
}

/// Every value of the sample, in both of its languages. `tests` in `cli::init` keep this
/// list and the sample's files in step.
pub const SAMPLE_VALUES: &[SampleValue] = &[
    value("示例机构", "the sample's fictional organisation"),
    value(
        "Example Organisation",
        "the sample's fictional organisation",
    ),
    value("notices.example.org", "the sample's web address"),
    value("apply.example.org", "the sample's application address"),
    value("contact@example.org", "the sample's e-mail address"),
    value("010-0555-0142", "a fictional phone number"),
    value("010-0555-0143", "a fictional phone number"),
    value("+86 10 0555 0142", "a fictional phone number"),
    value("+86 10 0555 0143", "a fictional phone number"),
    value("示例市示例区示例路1号", "a fictional postal address"),
    value("1 Example Road", "a fictional postal address"),
    value("示例甲科技有限公司", "a fictional unit"),
    value("示例乙信息技术有限公司", "a fictional unit"),
    value("示例丙网络安全研究院", "a fictional unit"),
    value("Alpha Example Ltd", "a fictional unit"),
    value("Beta Example Systems", "a fictional unit"),
    value("Gamma Example Institute", "a fictional unit"),
    value("这是一则示例通知", "the sample notice's text"),
    value("This is a sample notice", "the sample notice's text"),
    person("张三"),
    person("李四"),
    person("Jane Doe"),
    person("John Doe"),
];

/// A warning at every sample value in the site's data files and in its published Markdown
/// (a document that can no longer be read is left out: its page reports it).
pub fn sample_values(site: &Site) -> Vec<Diagnostic> {
    let everywhere = matcher(SAMPLE_VALUES.iter().filter(|v| !v.data_only));
    let all = matcher(SAMPLE_VALUES.iter());
    let data = data_files(&site.root);
    let mut found: Vec<Diagnostic> = data
        .par_iter()
        .flat_map_iter(|(display, text)| find(&all, display, text, true))
        .collect();
    let documents: Vec<&Entry> = site
        .notices
        .iter()
        .chain(&site.pages)
        .chain(&site.home_intro)
        .chain(&site.notices_intro)
        .collect();
    found.par_extend(documents.par_iter().flat_map_iter(|e| {
        // A quick look at the bytes first (a value has no CR, and is no byte-order mark, so
        // the raw file has it where the text does): most files hold none, and need not be
        // decoded and checked as text.
        let bytes = e.doc.bytes().unwrap_or_default();
        if everywhere.0.find(bytes.as_slice()).is_none() {
            return Vec::new();
        }
        let source = e.doc.source();
        let text = source.as_ref().map_or("", |s| s.text());
        find(&everywhere, &e.doc.display, text, false)
    }));
    found
}

/// The sample values `matcher` finds in `text` (of a data file when `data`).
fn find(
    (searcher, values): &(AhoCorasick, Vec<SampleValue>),
    display: &Path,
    text: &str,
    data: bool,
) -> Vec<Diagnostic> {
    searcher
        .find_iter(text)
        .filter(|found| !(data && in_yaml_comment(text, found.start())))
        .map(|found| {
            let value = values[found.pattern().as_usize()];
            Diagnostic::warning(
                display,
                format!(
                    "`{}` is sample data from `bulletin init` ({})",
                    value.text, value.what
                ),
            )
            .at(Location::from_offsets(text, found.start(), found.end()))
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

fn matcher<'a>(values: impl Iterator<Item = &'a SampleValue>) -> (AhoCorasick, Vec<SampleValue>) {
    let values: Vec<SampleValue> = values.copied().collect();
    let searcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(values.iter().map(|v| v.text))
        .expect("a handful of short literal patterns always builds");
    (searcher, values)
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
