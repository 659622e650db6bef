//! The Markdown event stream between the parser and the HTML writer: shortcode placeholders
//! become their output, headings get unique ids (and feed the table of contents), links and
//! images are resolved, footnote labels namespaced and raw HTML follows the site's policy.
//!
//! It streams: only the events of one heading (or the two after a paragraph start) are held
//! at a time, so a 50 MB body does not hold its whole event list in memory.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::located::BodyErrors;
use super::markdown::{Hooks, TocEntry};
use super::sanitize::{self, MARK};
use super::slug::{UniqueIds, heading_id};
use crate::config::RawHtml;

/// The transforming iterator over `(event, byte range in the body)`.
pub(super) struct Transform<'a, 'r, 'e, I> {
    pub source: I,
    pub ahead: VecDeque<(Event<'a>, Range<usize>)>,
    pub hooks: &'r dyn Hooks,
    pub raw_html: RawHtml,
    pub expanded: &'r [String],
    pub ids: UniqueIds,
    pub toc: Vec<TocEntry>,
    pub errors: &'r mut BodyErrors<'e>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Transform<'a, '_, '_, I> {
    fn pull(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        self.ahead.pop_front().or_else(|| self.source.next())
    }

    fn peek(&mut self, n: usize) -> Option<&Event<'a>> {
        while self.ahead.len() <= n {
            let next = self.source.next()?;
            self.ahead.push_back(next);
        }
        self.ahead.get(n).map(|(e, _)| e)
    }

    /// Shortcode `index`'s output; with `sanitize`, a token replaced after cleaning, since
    /// shortcode output is trusted theme HTML that the sanitiser must not strip.
    fn shortcode(&self, index: usize) -> String {
        match self.raw_html {
            RawHtml::Sanitize if index < self.expanded.len() => sanitize::token(index),
            _ => self.expanded.get(index).cloned().unwrap_or_default(),
        }
    }

    fn resolve(&mut self, dest: &CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
        match self.hooks.resolve_link(dest) {
            Ok(url) if url == dest.as_ref() => dest.clone(),
            Ok(url) => CowStr::from(url),
            Err((message, hint)) => {
                self.errors.push(range, message, hint);
                dest.clone()
            }
        }
    }

    fn heading(&mut self, start: Tag<'a>, range: Range<usize>) -> Event<'a> {
        let Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } = start
        else {
            return Event::Start(start);
        };
        let mut title = String::new();
        let mut n = 0;
        while let Some(event) = self.peek(n) {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => title.push_str(t),
                _ => {}
            }
            n += 1;
        }
        if self.raw_html == RawHtml::Escape
            && let Some((name, _)) = attrs.first()
        {
            self.errors.push(
                range,
                format!("heading attribute `{name}` is not allowed"),
                Some(
                    "only `{#id}` and `{.class}` are allowed while `markdown.raw_html` is `escape`"
                        .into(),
                ),
            );
        }
        let chosen = self.ids.claim(
            id.as_ref()
                .map_or_else(|| heading_id(&title), |explicit| explicit.to_string()),
        );
        let level_num = level as u8;
        if (2..=3).contains(&level_num) {
            self.toc.push(TocEntry {
                level: level_num,
                id: chosen.clone(),
                title: title.trim().to_string(),
            });
        }
        Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(chosen)),
            classes,
            attrs,
        })
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Transform<'a, '_, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let (event, range) = self.pull()?;
        Some(match event {
            Event::Start(Tag::Paragraph) => {
                let closes = matches!(self.peek(1), Some(Event::End(TagEnd::Paragraph)));
                let index = match self.peek(0) {
                    Some(Event::Text(t)) if closes => placeholder(t),
                    _ => None,
                };
                match index {
                    Some(index) => {
                        self.ahead.drain(..2);
                        Event::Html(CowStr::from(self.shortcode(index)))
                    }
                    None => Event::Start(Tag::Paragraph),
                }
            }
            Event::Text(t) if t.contains(MARK) => match placeholder(&t) {
                Some(index) => Event::InlineHtml(CowStr::from(self.shortcode(index))),
                None => Event::Text(t),
            },
            Event::Start(tag @ Tag::Heading { .. }) => self.heading(tag, range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // `<a@b.cn>`: the writer adds `mailto:` itself.
                let dest_url = if link_type == LinkType::Email {
                    dest_url
                } else {
                    self.resolve(&dest_url, range)
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.resolve(&dest_url, range),
                title,
                id,
            }),
            Event::FootnoteReference(label) => {
                Event::FootnoteReference(CowStr::from(format!("fn:{label}")))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Start(Tag::FootnoteDefinition(CowStr::from(format!("fn:{label}"))))
            }
            Event::Html(html) | Event::InlineHtml(html) if self.raw_html == RawHtml::Escape => {
                Event::Text(html)
            }
            other => other,
        })
    }
}

/// The shortcode index a placeholder text stands for.
fn placeholder(text: &str) -> Option<usize> {
    text.trim()
        .strip_prefix(MARK)?
        .strip_suffix(MARK)?
        .parse()
        .ok()
}
