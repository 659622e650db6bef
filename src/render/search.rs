//! The site's search: which documents are indexed (notices, pages, roster units), their
//! plain text, and the jobs that write the index ([`crate::search`] builds it).
//!
//! The search outputs live under `search/`: the page `search/index.html`, the manifest
//! `search/index.json`, shards `search/s/<k>.json` and document files `search/d/<f>.json`. A
//! site whose `content/` has files under `search/` (or a page at `/search/`) keeps them, and
//! gets no generated search.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::pages::render_body;
use super::roster::{Order, round_path};
use super::theme::Theme;
use super::{Job, Shared};
use crate::content::DocKind;
use crate::data::{Stars, Unit};
use crate::search::{DOCS_PER_FILE, Doc, Index, Run, shard_count};
use crate::site::{Entry, Site};
use crate::time::chinese_date;

/// The search page's URL path (without base path).
pub const PAGE: &str = "search/";
/// The manifest's path.
pub const MANIFEST: &str = "search/index.json";

/// The search jobs of `site`: the page, the manifest, every shard and every document file.
pub fn plan(site: &Site) -> Vec<Job> {
    if !enabled(site) {
        return Vec::new();
    }
    let mut jobs = Vec::new();
    if plan_has_page(site) {
        jobs.push(Job::SearchPage);
    }
    let corpus = corpus(site);
    jobs.push(Job::SearchIndex { corpus });
    jobs.extend((0..shards(site) as u32).map(|shard| Job::SearchShard { shard, corpus }));
    let docs = site.notices.len() + site.pages.len() + roster_units(site).len();
    let files = docs.div_ceil(DOCS_PER_FILE) as u32;
    jobs.extend((0..files).map(|file| Job::SearchDocs { file }));
    jobs
}

/// Whether the site gets a generated search (`search: true`, the default, and no content
/// files under `search/`).
fn enabled(site: &Site) -> bool {
    site.config.search && !site.files.iter().any(|f| f.starts_with("search/"))
}

/// Whether the site gets the generated search page (and the 搜索 navigation entry).
pub fn plan_has_page(site: &Site) -> bool {
    enabled(site) && !site.pages.iter().any(|p| p.route.url_path() == PAGE)
}

/// How many shards the index of `site` gets, from the size of its text.
pub fn shards(site: &Site) -> usize {
    let text: usize = site
        .notices
        .iter()
        .chain(&site.pages)
        .map(|e| e.doc.text.len() - e.doc.body_offset)
        .sum();
    shard_count(text + 200 * site.data.units.iter().count())
}

/// A fingerprint of the indexed documents and their order (data is hashed by the digest).
fn corpus(site: &Site) -> u64 {
    let mut h = DefaultHasher::new();
    for e in site.notices.iter().chain(&site.pages) {
        (&e.doc.path, e.doc.revision, e.route.url_path()).hash(&mut h);
    }
    site.notices.len().hash(&mut h);
    h.finish()
}

/// The notice or page behind search document `n` (`None` for a roster unit).
pub fn entry(site: &Site, n: usize) -> Option<&Entry> {
    let notices = site.notices.len();
    if n < notices {
        site.notices.get(n)
    } else {
        site.pages.get(n - notices)
    }
}

/// Units listed in at least one round, in `units.yaml` order, each with its places
/// `(year, stars)`, newest round first.
fn roster_units(site: &Site) -> Vec<(&Unit, Vec<(i32, Stars)>)> {
    let Some(ratings) = &site.data.ratings else {
        return Vec::new();
    };
    // One pass over the rounds, newest first (a unit is in at most one tier of a round).
    let mut places: std::collections::HashMap<&crate::data::UnitId, Vec<(i32, Stars)>> =
        std::collections::HashMap::new();
    for round in ratings.rounds.iter().rev() {
        for (stars, ids) in &round.tiers {
            for id in ids {
                let list = places.entry(id).or_default();
                if list.last().is_none_or(|(year, _)| *year != round.year) {
                    list.push((round.year, *stars));
                }
            }
        }
    }
    site.data
        .units
        .iter()
        .filter_map(|unit| places.remove(&unit.id).map(|p| (unit, p)))
        .collect()
}

/// Indexes notices and pages `range` (numbered notices first) for an index of `shards`
/// shards. Each takes the text its page left in `shared` when that page was rendered in
/// this render; the others are rendered here.
pub(super) fn index_range(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    order: &Order,
    range: std::ops::Range<usize>,
    shards: usize,
) -> Run {
    let first = range.start;
    let docs = range
        .filter_map(|n| {
            let entry = entry(site, n)?;
            // A body that fails to render is reported by its own page: index its source.
            let text = shared.take_text(n).unwrap_or_else(|| {
                render_body(site, theme, entry, shared, order).map_or_else(
                    |_| entry.doc.text[entry.doc.body_offset..].to_string(),
                    |r| html_to_text(&r.html),
                )
            });
            Some(entry_doc(entry, text))
        })
        .collect();
    Run::index(first, docs, shards)
}

/// Indexes the roster's units, numbered after the notices and pages.
pub(super) fn index_units(site: &Site, shards: usize) -> Run {
    let mut docs = Vec::new();
    let ratings = site.data.ratings.as_ref();
    for (unit, places) in roster_units(site) {
        let tier = |stars: Stars| {
            ratings.and_then(|r| r.tier(stars)).map_or_else(
                || format!("{}支撑单位", stars.chinese()),
                |t| t.name.clone(),
            )
        };
        let text = places
            .iter()
            .map(|(year, stars)| format!("{year}年度{}", tier(*stars)))
            .collect::<Vec<_>>()
            .join("；");
        let (year, stars) = places[0];
        let keywords = [
            unit.short_name.as_deref(),
            Some(unit.kind.name()),
            unit.region.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        docs.push(Doc {
            title: unit.name.clone(),
            url: format!("{}#unit-{}", round_path(year), unit.id),
            meta: format!("支撑单位 · {year}年度{}", tier(stars)),
            text: format!("{text}。{keywords}"),
            keywords,
            has_page: false,
        });
    }
    Run::index(site.notices.len() + site.pages.len(), docs, shards)
}

fn entry_doc(entry: &Entry, body: String) -> Doc {
    let front = &entry.doc.front;
    let kind = match entry.doc.kind {
        DocKind::Notice => "通知公告",
        _ => "页面",
    };
    let mut meta = vec![front.category.as_deref().unwrap_or(kind).to_string()];
    meta.extend(entry.date.as_ref().map(chinese_date));
    let keywords = [
        front.description.as_deref(),
        front.category.as_deref(),
        front.doc_number.as_deref(),
        front.issuer.as_deref(),
        front.source.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(front.tags.iter().map(String::as_str))
    .collect::<Vec<_>>()
    .join(" ");
    let text = match &front.description {
        Some(d) => format!("{d} {body}"),
        None => body,
    };
    Doc {
        title: front.title.clone(),
        url: entry.route.url_path().to_string(),
        meta: meta.join(" · "),
        keywords,
        text,
        has_page: true,
    }
}

/// The text of an HTML fragment: tags dropped (block ends become spaces), entities decoded,
/// whitespace collapsed. One pass, one allocation.
pub fn html_to_text(html: &str) -> String {
    let mut text = Text {
        out: String::with_capacity(html.len() / 2),
        space: false,
    };
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + end];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if !matches!(
            name,
            "a" | "strong" | "em" | "b" | "i" | "code" | "del" | "span" | "sup" | "sub" | "mark"
        ) {
            text.space = true;
        }
        rest = &rest[start + end + 1..];
    }
    text.push(rest);
    text.out
}

/// Plain text being collected: runs of whitespace become one space, none at either end.
struct Text {
    out: String,
    /// Whether a space is due before the next visible character.
    space: bool,
}

impl Text {
    /// Appends `raw` (text between tags), decoding entities. Scans bytes: only `&`, ASCII
    /// whitespace and the lead bytes of other Unicode whitespace (U+0085, U+00A0, U+1680,
    /// U+2000–U+205F, U+3000) need a look; Chinese text is copied in runs.
    fn push(&mut self, raw: &str) {
        let bytes = raw.as_bytes();
        let (mut run, mut i) = (0, 0);
        while i < bytes.len() {
            let width = match bytes[i] {
                b'&' | b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
                0xC2 | 0xE1 | 0xE2 | 0xE3 => match raw[i..].chars().next() {
                    Some(c) if c.is_whitespace() => c.len_utf8(),
                    Some(c) => {
                        i += c.len_utf8();
                        continue;
                    }
                    None => break,
                },
                _ => {
                    i += 1;
                    continue;
                }
            };
            self.visible(&raw[run..i]);
            if bytes[i] == b'&' {
                match entity(&raw[i + 1..]) {
                    Some((decoded, len)) => {
                        i += 1 + len;
                        run = i;
                        if decoded.is_whitespace() {
                            self.space = true;
                        } else {
                            self.visible(decoded.encode_utf8(&mut [0; 4]));
                        }
                    }
                    None => {
                        // A bare `&` is text: it starts the next run.
                        run = i;
                        i += 1;
                    }
                }
            } else {
                self.space = true;
                i += width;
                run = i;
            }
        }
        self.visible(&raw[run..]);
    }

    /// Appends characters that are not whitespace.
    fn visible(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push_str(s);
    }
}

/// The character an entity at the start of `after` (just past its `&`) stands for, and the
/// length of what it spans after the `&` (its name and `;`).
fn entity(after: &str) -> Option<(char, usize)> {
    let end = after.find(';').filter(|e| *e <= 10)?;
    let name = &after[..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32)?,
    };
    Some((c, end + 1))
}

/// The text of a search output job, from the index built for this render.
pub(super) fn output(job: Job, index: Option<&Index>) -> String {
    let Some(index) = index else {
        return String::new();
    };
    match job {
        Job::SearchIndex { .. } => index.manifest(),
        Job::SearchShard { shard, .. } => index.shard(shard as usize),
        Job::SearchDocs { file } => index.doc_file(file as usize),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text(
                "<h2 id=\"x\">一、总则</h2><p>按照<strong>“自愿申报”</strong>&amp;原则</p><ul><li>甲</li><li>乙&#x27;</li></ul>"
            ),
            "一、总则 按照“自愿申报”&原则 甲 乙'"
        );
        assert_eq!(html_to_text("a &unknown; b & c"), "a &unknown; b & c");
        assert_eq!(
            html_to_text("  <p> 甲&nbsp;&nbsp;乙 </p>\n<p>丙&#x4E01;</p> "),
            "甲 乙 丙丁"
        );
        assert_eq!(html_to_text("a&amp;&lt;b&#10;c"), "a&<b c");
        assert_eq!(html_to_text("x<br>y<b>z</b>w"), "x yzw");
        assert_eq!(html_to_text("unclosed <p"), "unclosed");
        // Unicode whitespace of every width collapses too; other characters stay.
        assert_eq!(
            html_to_text("甲\u{3000}乙\u{a0}丙\u{2003}\u{85}丁、「戊」\u{1680}己&amp"),
            "甲 乙 丙 丁、「戊」 己&amp"
        );
    }
}
