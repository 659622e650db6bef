//! Markdown to HTML: CommonMark plus tables, footnotes, strikethrough and heading attributes;
//! stable, unique heading ids that keep Chinese; a table of contents; links to `.md` files
//! resolved to URLs; shortcodes expanded; raw HTML per the site's policy. No smart
//! punctuation: Chinese text keeps its own quotes.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::shortcodes::{self, ArgValue, Line};
use super::slug::{UniqueIds, heading_id};
use crate::config::RawHtml;
use crate::diagnostics::{Diagnostic, Location};

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
    /// Renders a shortcode to HTML.
    fn shortcode(&self, name: &str, args: &BTreeMap<String, ArgValue>)
    -> Result<String, HookError>;
}

/// Placeholders for shortcode lines are built from this private-use character, which never
/// appears in real text, and keep the line's byte length so later positions stay right.
const MARK: char = '\u{E000}';

/// Renders the body of `full` starting at `body_offset`. Errors are located in `file`.
pub fn render(
    full: &str,
    body_offset: usize,
    file: &Path,
    raw_html: RawHtml,
    hooks: &dyn Hooks,
) -> Result<Rendered, Vec<Diagnostic>> {
    let body = &full[body_offset..];
    let mut errors = Vec::new();
    let locate = |range: std::ops::Range<usize>| {
        Location::from_offsets(full, body_offset + range.start, body_offset + range.end)
    };

    let (calls, malformed) = shortcodes::scan(body);
    for (range, message) in malformed {
        errors.push(
            Diagnostic::error(file, format!("malformed shortcode: {message}"))
                .at(locate(range))
                .hint("write `{{ name(arg=value) }}` alone on its line"),
        );
    }
    let mut expanded = Vec::with_capacity(calls.len());
    let mut text = String::with_capacity(body.len());
    let mut last = 0;
    for (index, (range, line)) in calls.into_iter().enumerate() {
        let html = match line {
            Line::Literal(literal) => Ok(format!("<p>{}</p>", escape(&literal))),
            Line::Call(name, args) => hooks.shortcode(&name, &args),
        };
        match html {
            Ok(html) => expanded.push(html),
            Err((message, hint)) => {
                let d = Diagnostic::error(file, message).at(locate(range.clone()));
                errors.push(match hint {
                    Some(h) => d.hint(h),
                    None => d,
                });
                expanded.push(String::new());
            }
        }
        text.push_str(&body[last..range.start]);
        let width = range.len().saturating_sub(2 * MARK.len_utf8()).max(1);
        text.push(MARK);
        text.push_str(&format!("{index:0width$}"));
        text.push(MARK);
        last = range.end;
    }
    text.push_str(&body[last..]);

    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(&text, options).into_offset_iter().collect();

    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut ids = UniqueIds::default();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Paragraph) => {
                if let (Some((Event::Text(t), _)), Some((Event::End(TagEnd::Paragraph), _))) =
                    (events.get(i + 1), events.get(i + 2))
                    && let Some(index) = placeholder(t)
                {
                    out.push(Event::Html(CowStr::from(
                        expanded.get(index).cloned().unwrap_or_default(),
                    )));
                    i += 3;
                    continue;
                }
                out.push(event.clone());
            }
            Event::Text(t) if t.contains(MARK) => {
                let html = placeholder(t)
                    .and_then(|index| expanded.get(index).cloned())
                    .unwrap_or_default();
                out.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |p| i + p);
                let title: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let chosen = ids.claim(
                    id.as_ref()
                        .map_or_else(|| heading_id(&title), |explicit| explicit.to_string()),
                );
                let level_num = *level as u8;
                if (2..=3).contains(&level_num) {
                    toc.push(TocEntry {
                        level: level_num,
                        id: chosen.clone(),
                        title: title.trim().to_string(),
                    });
                }
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(chosen)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = resolve(hooks, dest_url, range.clone(), file, &locate, &mut errors);
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = resolve(hooks, dest_url, range.clone(), file, &locate, &mut errors);
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::FootnoteReference(label) => out.push(Event::FootnoteReference(CowStr::from(
                format!("fn:{label}"),
            ))),
            Event::Start(Tag::FootnoteDefinition(label)) => out.push(Event::Start(
                Tag::FootnoteDefinition(CowStr::from(format!("fn:{label}"))),
            )),
            Event::Html(html) | Event::InlineHtml(html) if raw_html == RawHtml::Escape => {
                out.push(Event::Text(html.clone()))
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Ok(Rendered { html, toc })
}

fn placeholder(text: &str) -> Option<usize> {
    text.trim()
        .strip_prefix(MARK)?
        .strip_suffix(MARK)?
        .parse()
        .ok()
}

fn resolve<'a>(
    hooks: &dyn Hooks,
    dest: &CowStr<'a>,
    range: std::ops::Range<usize>,
    file: &Path,
    locate: &dyn Fn(std::ops::Range<usize>) -> Location,
    errors: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    match hooks.resolve_link(dest) {
        Ok(url) if url == dest.as_ref() => dest.clone(),
        Ok(url) => CowStr::from(url),
        Err((message, hint)) => {
            let d = Diagnostic::error(file, message).at(locate(range));
            errors.push(match hint {
                Some(h) => d.hint(h),
                None => d,
            });
            dest.clone()
        }
    }
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
        ) -> Result<String, HookError> {
            match name {
                "contacts" => Ok(format!("<div class=\"sc\">{}</div>", args.len())),
                _ => Err((format!("unknown shortcode `{name}`"), None)),
            }
        }
    }

    fn md(body: &str) -> Result<Rendered, Vec<Diagnostic>> {
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
    fn errors_are_located() {
        let errs = md("第一行\n\n见[其他](missing.md)\n\n{{ nope() }}\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].location.as_ref().unwrap().line, 5);
        assert_eq!(errs[1].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn links_resolve_and_raw_html_is_escaped() {
        let r = md("[其他](other.md) <script>alert(1)</script>\n").unwrap();
        assert!(r.html.contains("href=\"/notices/other/\""));
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
    }
}
