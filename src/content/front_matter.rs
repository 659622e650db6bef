//! Splitting a Markdown file into YAML front matter and body, and the front matter schema.

use std::path::Path;

use serde::Deserialize;

use super::slug::Slug;
use crate::diagnostics::{Diagnostic, Location};
use crate::time::{DateSpec, Day};
use crate::yaml::{self, Spans, YamlSource};

/// A notice's metadata, as written between the `---` lines.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title (标题).
    pub title: String,
    /// Publication date and time, in the site time zone (发布时间). Required for notices.
    pub date: Option<DateSpec>,
    /// Last update.
    pub updated: Option<DateSpec>,
    /// 来源, e.g. CAPPVD漏洞库.
    pub source: Option<String>,
    /// 发文机关.
    pub issuer: Option<String>,
    /// 发文字号, e.g. 工信厅网安〔2025〕1号.
    pub doc_number: Option<String>,
    /// 主送, e.g. 各有关单位.
    pub addressee: Option<String>,
    /// 发文机关标志 (GB/T 9704-2012 7.2.3), e.g. 工业和信息化部办公厅文件: printed in red
    /// above the title, over the red separator line.
    pub issuer_mark: Option<String>,
    /// 发文机关署名 (7.3.5), printed above the date; defaults to `issuer`.
    pub signatory: Option<String>,
    /// 成文日期 (7.3.5), a day; defaults to the day of `date`.
    pub written: Option<Day>,
    /// 附注 (7.3.6), e.g. 此件公开发布; printed in （）.
    pub note: Option<String>,
    /// 抄送机关 (7.4.2): one line, or a list joined with `，`.
    pub cc: Option<Names>,
    /// 印发机关 (7.4.3), e.g. 工业和信息化部办公厅.
    pub printed_by: Option<String>,
    /// 印发日期 (7.4.3), a day.
    pub printed: Option<Day>,
    /// Category, e.g. 支撑单位遴选.
    pub category: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Summary for lists and meta description.
    pub description: Option<String>,
    /// URL slug; defaults to the file name.
    pub slug: Option<Slug>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Not published before this time.
    pub publish_at: Option<DateSpec>,
    /// Moved to the archive, marked 已过期, after this time.
    pub expire_at: Option<DateSpec>,
    /// Application deadline (a date means the end of that day).
    pub deadline: Option<DateSpec>,
    /// The call for applications this notice announces (a key of `data/call.yaml` or
    /// `data/calls/<key>.yaml`); its deadline is the call's.
    pub call: Option<crate::values::Key>,
    /// Files offered for download.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// Credits, e.g. 文字 / 编辑 / 编审.
    #[serde(default)]
    pub credits: Vec<Credit>,
    /// A template other than the default (`notice.html` or `page.html`).
    pub template: Option<String>,
    /// The document's language (`en`), when not the site's: the page's `lang`, its
    /// interface text and its dates. A file named `<name>.<lang>.md` is the translation of
    /// `<name>.md` into that language.
    pub lang: Option<String>,
}

/// Names written as one line or as a list (抄送).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Names {
    /// One line, as it is printed.
    One(String),
    /// A list of names.
    Many(Vec<String>),
}

/// What the keys of the printed formal document are, by the names of GB/T 9704-2012, for
/// "did you mean" hints.
const KEYS: &[(&str, &str)] = &[
    ("issuer_mark", "发文机关标志"),
    ("signatory", "发文机关署名"),
    ("written", "成文日期"),
    ("note", "附注"),
    ("cc", "抄送机关"),
    ("printed_by", "印发机关"),
    ("printed", "印发日期"),
];

/// A downloadable file attached to a notice.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Path under `content/`, e.g. `files/申报表.docx`.
    pub file: String,
    /// Link text, e.g. 附件1：申报表.
    pub label: String,
}

/// One credit line: `role：name`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// e.g. 文字, 编辑, 编审.
    pub role: String,
    /// A person or an office.
    pub name: String,
}

/// A Markdown file split into its parts.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// The YAML text between the fences.
    pub yaml: &'a str,
    /// 1-based line where the YAML starts.
    pub yaml_line: usize,
    /// Byte offset where the body starts.
    pub body_offset: usize,
}

/// Splits `text` at its `---` fences.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(file, "the file does not start with front matter")
            .at(Location::new(text, 1, 1, first.chars().count().max(1)))
            .hint("start the file with a line `---`, the YAML keys (at least `title:`), then another `---`"));
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return Ok(Split {
                yaml: &text[yaml_start.min(text.len())..offset],
                yaml_line: 2,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(file, "the front matter is not closed")
        .at(Location::new(text, 1, 1, 3))
        .label("opened here")
        .hint("add a line `---` after the last front matter key"))
}

/// Splits and parses the front matter of `text`: the value and where the body starts.
pub fn parse(text: &str, file: &Path) -> Result<(FrontMatter, usize), Diagnostic> {
    let split = split(text, file)?;
    let source = YamlSource::part(file, text, split.yaml, split.yaml_line).describing(KEYS);
    let front = yaml::parse_value::<FrontMatter>(source)?;
    Ok((front, split.body_offset))
}

/// Warnings about the front matter of `text` (YAML that parsed, but probably not as meant).
pub fn warnings(text: &str, file: &Path) -> Vec<Diagnostic> {
    match split(text, file) {
        Ok(split) => yaml::warnings(YamlSource::part(file, text, split.yaml, split.yaml_line)),
        Err(_) => Vec::new(),
    }
}

/// The positions of the front matter's keys and values, for messages (computed on demand:
/// most documents never need them).
pub fn spans(text: &str, file: &Path) -> Spans {
    match split(text, file) {
        Ok(split) => yaml::spans(YamlSource::part(file, text, split.yaml, split.yaml_line)),
        Err(_) => Spans::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: 通知\ndate: 2025-01-22 10:51\n---\n正文\n";
        let (front, body) = parse(text, Path::new("a.md")).unwrap();
        assert_eq!(front.title, "通知");
        assert_eq!(&text[body..], "正文\n");
    }

    #[test]
    fn unterminated_front_matter_is_located() {
        let err = parse("---\ntitle: x\n正文\n", Path::new("a.md")).unwrap_err();
        assert!(err.message.contains("not closed"));
        assert_eq!(err.location.unwrap().line, 1);
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let err = parse("---\ntitle: x\ntitel: y\n---\n", Path::new("a.md")).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, 3);
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn formal_keys_are_named_in_hints() {
        let err = parse(
            "---\ntitle: x\nprinted_date: 2025-01-22\n---\n",
            Path::new("a.md"),
        )
        .unwrap_err();
        assert_eq!(
            err.hint.as_deref(),
            Some("did you mean `printed` (印发日期)?")
        );
    }

    #[test]
    fn formal_dates_are_days() {
        let text = "---\ntitle: x\nwritten: 2025-01-22 10:51\n---\n";
        let err = parse(text, Path::new("a.md")).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, 3);
        assert!(err.message.contains("a day alone"), "{}", err.message);
        let text = "---\ntitle: x\nwritten: 2025年1月22日\ncc: [甲, 乙]\n---\n";
        let (front, _) = parse(text, Path::new("a.md")).unwrap();
        assert_eq!(front.written, Some("2025-01-22".parse().unwrap()));
        assert!(matches!(front.cc, Some(Names::Many(ref n)) if n.len() == 2));
    }

    #[test]
    fn impossible_date_is_an_error() {
        let err = parse("---\ntitle: x\ndate: 2025-02-30\n---\n", Path::new("a.md")).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, 3);
    }
}
