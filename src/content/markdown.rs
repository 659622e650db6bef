//! Markdown to HTML: CommonMark plus tables, footnotes, strikethrough and heading attributes;
//! stable, unique heading ids that keep Chinese; a table of contents; links to `.md` files
//! resolved to URLs; shortcodes expanded; raw HTML per the site's policy. No smart
//! punctuation: Chinese text keeps its own quotes.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;

use pulldown_cmark::{Options, Parser};
use serde::Serialize;

use super::events::Transform;
use super::located::BodyErrors;
use super::sanitize::{self, MARK};
use super::shortcodes::{self, ArgValue, Line};
use super::slug::UniqueIds;
use crate::config::RawHtml;
use crate::diagnostics::Diagnostics;

/// One table of contents entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// Heading level, 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings of level 2 and 3, in order.
    pub toc: Vec<TocEntry>,
}

/// A failure from a hook: the message and an optional hint.
pub type HookError = (String, Option<String>);

/// What the renderer asks of the site while rendering a body.
pub trait Hooks {
    /// Maps a link or image destination to its output URL, or explains why it is broken.
    fn resolve_link(&self, dest: &str) -> Result<String, HookError>;
    /// Renders a shortcode to HTML. `heading` is the level its own headings take: one
    /// below the heading it stands under (2 when it stands under none but the page title).
    fn shortcode(
        &self,
        name: &str,
        args: &BTreeMap<String, ArgValue>,
        heading: u8,
    ) -> Result<String, HookError>;
}

// Placeholders for shortcode lines are built from `MARK`, a private-use character that
// never appears in real text, and keep the line's byte length so later positions stay right.

/// The parser's extensions: no smart punctuation, which would put Latin quotes in
/// Chinese text.
fn parser_options() -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    options
}

/// Where each heading of `text` starts, and its level, in order.
fn heading_levels(text: &str, options: Options) -> Vec<(usize, u8)> {
    Parser::new_ext(text, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { level, .. }) => {
                Some((range.start, level as u8))
            }
            _ => None,
        })
        .collect()
}

/// Renders the body of `full` starting at `body_offset`. Errors are located in `file`.
pub fn render(
    full: &str,
    body_offset: usize,
    file: &Path,
    raw_html: RawHtml,
    hooks: &dyn Hooks,
) -> Result<Rendered, Diagnostics> {
    let body = &full[body_offset..];
    let mut errors = BodyErrors::new(file, full, body_offset);

    let (calls, misplaced) = shortcodes::scan(body);
    for m in misplaced {
        errors.push(m.range, m.message, Some(m.hint));
    }
    // Placeholders first: they keep every byte position, so the headings found in `text`
    // are where they are in the body.
    let mut text = String::with_capacity(body.len());
    let mut last = 0;
    for (index, (range, _)) in calls.iter().enumerate() {
        text.push_str(&body[last..range.start]);
        let width = range.len().saturating_sub(2 * MARK.len_utf8()).max(1);
        text.push(MARK);
        text.push_str(&format!("{index:0width$}"));
        text.push(MARK);
        last = range.end;
    }
    text.push_str(&body[last..]);

    let options = parser_options();
    let headings = if calls.iter().any(|(_, l)| matches!(l, Line::Call(..))) {
        heading_levels(&text, options)
    } else {
        Vec::new()
    };
    let mut expanded = Vec::with_capacity(calls.len());
    for (range, line) in calls {
        let html = match line {
            Line::Literal(literal) => Ok(format!("<p>{}</p>", escape(&literal))),
            Line::Call(name, args) => {
                let under = headings
                    .iter()
                    .take_while(|(at, _)| *at < range.start)
                    .last()
                    .map_or(1, |(_, level)| *level);
                hooks.shortcode(&name, &args, (under + 1).min(6))
            }
        };
        match html {
            Ok(html) => expanded.push(html),
            Err((message, hint)) => {
                errors.push(range, message, hint);
                expanded.push(String::new());
            }
        }
    }

    let mut stream = Transform {
        source: Parser::new_ext(&text, options).into_offset_iter(),
        ahead: VecDeque::new(),
        hooks,
        raw_html,
        expanded: &expanded,
        ids: UniqueIds::default(),
        toc: Vec::new(),
        errors: &mut errors,
    };
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, &mut stream);
    let toc = stream.toc;
    if !errors.is_empty() {
        return Err(errors.into_vec().into());
    }
    if raw_html == RawHtml::Sanitize {
        html = sanitize::clean(&html, &expanded);
    }
    Ok(Rendered { html, toc })
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;

    impl Hooks for Fake {
        fn resolve_link(&self, dest: &str) -> Result<String, HookError> {
            match dest {
                "other.md" => Ok("/notices/other/".into()),
                "missing.md" => Err(("link to missing file `missing.md`".into(), None)),
                d => Ok(d.into()),
            }
        }

        fn shortcode(
            &self,
            name: &str,
            args: &BTreeMap<String, ArgValue>,
            heading: u8,
        ) -> Result<String, HookError> {
            match name {
                "contacts" => Ok(format!("<div class=\"sc\">{}</div>", args.len())),
                "level" => Ok(format!("<h{heading}>x</h{heading}>")),
                _ => Err((format!("unknown shortcode `{name}`"), None)),
            }
        }
    }

    fn md(body: &str) -> Result<Rendered, Diagnostics> {
        render(body, 0, Path::new("t.md"), RawHtml::Escape, &Fake)
    }

    #[test]
    fn headings_get_unique_chinese_ids_and_a_toc() {
        let r = md("## 一、工作总则\n\n## 一、工作总则\n\n### 细则 {#rules}\n").unwrap();
        assert!(r.html.contains("<h2 id=\"一工作总则\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"一工作总则-1\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"rules\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[2].title, "细则");
    }

    #[test]
    fn no_smart_quotes_and_footnotes_are_namespaced() {
        let r = md("按照\"自愿申报\"的原则[^1]。\n\n[^1]: 注释\n").unwrap();
        assert!(
            r.html.contains("&quot;自愿申报&quot;") || r.html.contains("\"自愿申报\""),
            "{}",
            r.html
        );
        assert!(!r.html.contains('“'));
        assert!(r.html.contains("href=\"#fn:1\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn:1\""), "{}", r.html);
    }

    #[test]
    fn shortcodes_replace_their_paragraph() {
        let r = md("前文\n\n{{ contacts(a=1) }}\n\n后文\n").unwrap();
        assert!(r.html.contains("<div class=\"sc\">1</div>"), "{}", r.html);
        assert!(!r.html.contains("<p><div"), "{}", r.html);
    }

    #[test]
    fn shortcode_headings_sit_one_below_the_heading_they_follow() {
        let r = md("{{ level() }}\n\n## 二\n\n{{ level() }}\n\n#### 四\n\n{{ level() }}\n\n###### 六\n\n{{ level() }}\n").unwrap();
        let levels: Vec<&str> = r
            .html
            .match_indices("<h")
            .map(|(i, _)| &r.html[i..i + 3])
            .collect();
        assert_eq!(
            levels,
            ["<h2", "<h2", "<h3", "<h4", "<h5", "<h6", "<h6"],
            "{}",
            r.html
        );
    }

    #[test]
    fn errors_are_located() {
        let errs: Vec<_> = md("第一行\n\n见[其他](missing.md)\n\n{{ nope() }}\n")
            .unwrap_err()
            .into_iter()
            .collect();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].location.as_ref().unwrap().line, 5);
        assert_eq!(errs[1].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_refused() {
        let errs: Vec<_> = md("## 标题 {#t .c onmouseover=alert(1)}\n")
            .unwrap_err()
            .into_iter()
            .collect();
        assert!(errs[0].message.contains("`onmouseover`"), "{errs:?}");
        let allowed = md("## 标题 {#t .c}\n").unwrap();
        assert!(
            allowed.html.contains("<h2 id=\"t\" class=\"c\">"),
            "{}",
            allowed.html
        );
    }

    #[test]
    fn sanitize_keeps_formatting_and_shortcodes() {
        let body = "<b onclick=\"x()\">粗</b><script>alert(1)</script>\n\n{{ contacts(a=1) }}\n\n## 标题 {onclick=y()}\n";
        let r = render(body, 0, Path::new("t.md"), RawHtml::Sanitize, &Fake).unwrap();
        assert!(r.html.contains("<b>粗</b>"), "{}", r.html);
        assert!(
            !r.html.contains("script") && !r.html.contains("onclick"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<div class=\"sc\">1</div>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"标题\">"), "{}", r.html);
    }

    #[test]
    fn email_autolinks_become_mailto() {
        let r = md("邮件 <a@b.cn>\n").unwrap();
        assert!(r.html.contains("href=\"mailto:a@b.cn\""), "{}", r.html);
    }

    #[test]
    fn links_resolve_and_raw_html_is_escaped() {
        let r = md("[其他](other.md) <script>alert(1)</script>\n").unwrap();
        assert!(r.html.contains("href=\"/notices/other/\""));
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
    }
}
