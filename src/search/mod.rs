//! A static full-text index for Chinese text, built at build time and read by
//! `templates/assets/search.js`, which downloads only what a query needs.
//!
//! Layout (all JSON, under `search/`):
//! - `index.json`, the manifest: `{"v": version, "docs": N, "shards": S, "per_file": F}`
//!   (a few dozen bytes).
//! - `s/<k>.json`, shard `k` of `S`: `{"term": "postings"}` for every unit, pair and quad
//!   (see [`tokenize`]) whose FNV-1a
//!   hash (32 bits, over its UTF-8 bytes) is `k` modulo `S`. The postings are numbers in
//!   base-64 VLQ ([`vlq_push`]), in pairs: the document number as a delta from the previous
//!   posting (the first is absolute), then the term's weight in that document ([`Weight`]).
//! - `p/<k>.json`, the same for shard `k`'s triples (three adjacent units, see
//!   [`tokenize`]), with their positions (see `postings::Postings` for the form). A query
//!   reads them only for a run of three units, or five or more, and only the triples that
//!   prove it (every third, and the last).
//! - `d/<f>.json`, documents `f * F` to `f * F + F - 1` ([`DOCS_PER_FILE`]): an array of
//!   `{"t": title, "u": url, "m": meta line}`, fetched only for the results shown. A
//!   document without a page of its own (a unit of the roster) also carries its short text
//!   as `"x"`; for the others the script takes the snippet's text from the result's page,
//!   which the reader is about to open anyway.
//!
//! A query fetches the manifest, one shard per distinct term or proving triple, one
//! document file per result shown (results share files) and the result pages for
//! snippets. Terms come from [`tokenize`]: no dictionary, so no word is ever missed
//! because a segmenter cut it differently in the text and in the query; and phrases are
//! checked by position, so every result holds each word of the query as typed. A query of
//! one, two or four units (漏洞, 2025, 支撑单位) needs no positions: most of the index (the
//! triples' positions) is read only for the others.
//!
//! The index is built in parallel in two passes: contiguous runs of documents are indexed
//! on their own (their text dropped as soon as it is read), then each group of shards merges
//! the runs' postings in document order ([`Builder`]). Between the passes the postings can
//! wait in an anonymous temporary file ([`Builder::spilling_into`]), and each group's files
//! are handed out as soon as it is merged: a build holds a group or two of the index at a
//! time, not the whole of it (a gigabyte at 100,000 notices).

mod grams;
mod merge;
mod postings;
mod query;
mod runs;
mod spill;
pub mod tokenize;

use rayon::prelude::*;
use serde::Serialize;

pub use merge::{Builder, IndexFile, Manifest};
pub use postings::{vlq_decode, vlq_push};
pub use query::{Files, matches};
pub use runs::Run;

/// How much one occurrence in a title counts.
pub const TITLE_WEIGHT: u32 = 10;
/// How much a result's labels count when they hold the term, however often (a unit's kind
/// and tier: what it is, so a query for 支撑单位 lists the units before the notices that
/// only mention them).
pub const LABEL_WEIGHT: u32 = 10;
/// How much one occurrence in keywords (description, category, tags, dates) counts.
pub const KEYWORD_WEIGHT: u32 = 3;
/// The most that keywords and text count together: less than one title or label hit, so
/// where a term stands outranks how often a text repeats it.
pub const MENTIONS_CAP: u32 = TITLE_WEIGHT - 1;
/// A term's score in a document is `idf * w / (w + SATURATION)`: one title hit counts half
/// as much as the most a term can count, however often a common word fills a long text.
pub const SATURATION: f64 = 10.0;
/// The largest weight stored.
pub const MAX_WEIGHT: u32 = 255;
/// Shards are sized for about this many bytes of source text each.
pub const SOURCE_BYTES_PER_SHARD: usize = 24 * 1024;
/// At most this many shards (a site of 10,000 notices has about 4,500; past the cap,
/// shards grow with the site).
pub const MAX_SHARDS: usize = 16_384;
/// Documents per document file (`d/<f>.json`): about 6 KB for notices with long titles. A
/// page of ten results fetches up to ten of them.
pub const DOCS_PER_FILE: usize = 32;
/// Text indexed per document, in characters (a longer tail adds postings, not findability).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The most documents in one run (see [`run_len`]).
pub const RUN_DOCS: usize = 2048;

/// How many documents to index per [`Run`] for `documents` in all: about eight runs per
/// thread, so threads share the work evenly, and at most [`RUN_DOCS`]. A run being indexed
/// holds its texts and its postings, so a build's peak memory grows with the length of a
/// run, times the threads; the runs wait for the merge in a temporary file, where the
/// terms each repeats cost little (a 100,000-notice site: 50 runs).
pub fn run_len(documents: usize) -> usize {
    let threads = rayon::current_num_threads().max(1);
    documents
        .div_ceil(threads * 8)
        .next_multiple_of(DOCS_PER_FILE)
        .clamp(DOCS_PER_FILE, RUN_DOCS)
}

/// One document to index: a notice, a page or a unit of the roster.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The result's title.
    pub title: String,
    /// Its URL (with the site's base path).
    pub url: String,
    /// A short line under the title (kind and date, or tier and round).
    pub meta: String,
    /// What it is, shown with it (a unit's kind and tier): counts [`LABEL_WEIGHT`].
    pub labels: String,
    /// Words that describe it (description, category, tags, dates): indexed, not shown
    /// with the result.
    pub keywords: String,
    /// The plain text, indexed.
    pub text: String,
    /// Whether `url` is a page whose text the script can take snippets from; when not, the
    /// text goes into the document file.
    pub has_page: bool,
}

/// A document as its file entry spells it.
#[derive(Serialize)]
struct Entry<'a> {
    t: &'a str,
    u: &'a str,
    m: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<&'a str>,
}

impl Doc {
    fn entry(&self) -> Entry<'_> {
        Entry {
            t: &self.title,
            u: &self.url,
            m: &self.meta,
            x: (!self.has_page).then_some(self.text.as_str()),
        }
    }
}

/// A term's weight in a document, added up occurrence by occurrence: title hits count
/// [`TITLE_WEIGHT`] each, labels [`LABEL_WEIGHT`] once, keywords [`KEYWORD_WEIGHT`] and
/// text 1 each up to [`MENTIONS_CAP`]; the whole at most [`MAX_WEIGHT`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Weight {
    // Eight bits each, saturating: the total is at most MAX_WEIGHT (255) and counts at
    // most MENTIONS_CAP mentions, so a saturated count makes the same total. (Small, so
    // the first pass keeps a gram's weight and key in 16 bytes.)
    strong: u8,
    mentions: u8,
    labelled: bool,
}

/// Where an occurrence stands, for its [`Weight`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The title.
    Title,
    /// The labels.
    Labels,
    /// The keywords.
    Keywords,
    /// The text.
    Text,
}

impl Weight {
    /// Counts one occurrence in `field`.
    #[inline(always)]
    pub fn add(&mut self, field: Field) {
        match field {
            Field::Title => self.strong = self.strong.saturating_add(TITLE_WEIGHT as u8),
            Field::Labels => self.labelled = true,
            Field::Keywords => self.mentions = self.mentions.saturating_add(KEYWORD_WEIGHT as u8),
            Field::Text => self.mentions = self.mentions.saturating_add(1),
        }
    }

    /// Adds the occurrences counted in `other`.
    #[inline(always)]
    pub fn merge(&mut self, other: Weight) {
        self.strong = self.strong.saturating_add(other.strong);
        self.mentions = self.mentions.saturating_add(other.mentions);
        self.labelled |= other.labelled;
    }

    /// The weight written.
    pub fn total(self) -> u32 {
        let label = if self.labelled { LABEL_WEIGHT } else { 0 };
        (u32::from(self.strong) + label + u32::from(self.mentions).min(MENTIONS_CAP))
            .min(MAX_WEIGHT)
    }
}

/// How many shards an index over `source_bytes` of text gets.
pub fn shard_count(source_bytes: usize) -> usize {
    source_bytes
        .div_ceil(SOURCE_BYTES_PER_SHARD)
        .clamp(1, MAX_SHARDS)
}

/// FNV-1a, 32 bits: the shard of a term is this hash modulo the shard count. `search.js`
/// computes the same (`Math.imul`), so keep both in step.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The shard of `term` among `shards`.
pub fn shard_of(term: &str, shards: usize) -> usize {
    fnv1a32(term.as_bytes()) as usize % shards.max(1)
}

/// A built index, held whole in memory (a build hands its files out as they are made
/// instead, see [`Builder`]).
pub struct Index {
    manifest: Manifest,
    /// `d/<f>.json`, in order.
    doc_files: Vec<String>,
    /// `s/<k>.json`, in order.
    shards: Vec<String>,
    /// `p/<k>.json`, in order.
    positions: Vec<String>,
}

impl Index {
    /// Indexes `docs` (numbered by position) into `shards` shards.
    pub fn build(docs: Vec<Doc>, shards: usize) -> Index {
        let count = docs.len();
        let per_run = run_len(count);
        let mut runs: Vec<(usize, Vec<Doc>)> = Vec::with_capacity(count.div_ceil(per_run));
        let mut docs = docs.into_iter();
        loop {
            let run: Vec<Doc> = docs.by_ref().take(per_run).collect();
            if run.is_empty() {
                break;
            }
            runs.push((runs.len() * per_run, run));
        }
        let runs = runs
            .into_par_iter()
            .map(|(first, run)| Run::index(first, run, shards))
            .collect();
        Index::from_runs(runs, shards)
    }

    /// Merges runs that number documents consecutively from 0, in any order, into the
    /// index of `shards` shards (the count the runs were made for).
    pub fn from_runs(runs: Vec<Run>, shards: usize) -> Index {
        let builder = Builder::new(shards);
        for run in runs {
            builder.add(run);
        }
        let files = std::sync::Mutex::new(Vec::new());
        let manifest = builder
            .finish(&|file, text| {
                files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((file, text))
            })
            .expect("postings held in memory are always there");
        let mut index = Index {
            doc_files: Vec::new(),
            shards: vec![String::new(); manifest.shards()],
            positions: vec![String::new(); manifest.shards()],
            manifest,
        };
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable_by_key(|(file, _)| *file);
        for (file, text) in files {
            match file {
                IndexFile::Docs(_) => index.doc_files.push(text),
                IndexFile::Shard(k) => index.shards[k] = text,
                IndexFile::Positions(k) => index.positions[k] = text,
            }
        }
        index
    }

    /// The number of shards.
    pub fn shards(&self) -> usize {
        self.manifest.shards()
    }

    /// The number of documents.
    pub fn docs(&self) -> usize {
        self.manifest.docs()
    }

    /// The number of document files.
    pub fn doc_files(&self) -> usize {
        self.doc_files.len()
    }

    /// `index.json`.
    pub fn manifest(&self) -> String {
        self.manifest.json()
    }

    /// `s/<k>.json`; `{}` past the last shard.
    pub fn shard(&self, k: usize) -> String {
        self.shards.get(k).cloned().unwrap_or_else(|| "{}".into())
    }

    /// `p/<k>.json`; `{}` past the last shard.
    pub fn positions(&self, k: usize) -> String {
        self.positions
            .get(k)
            .cloned()
            .unwrap_or_else(|| "{}".into())
    }

    /// `d/<f>.json`; `[]` past the last file.
    pub fn doc_file(&self, f: usize) -> String {
        self.doc_files
            .get(f)
            .cloned()
            .unwrap_or_else(|| "[]".into())
    }

    /// The documents a query matches, best first ([`matches`]); what `search.js`
    /// computes, here so the ranking can be tested without a browser.
    pub fn query(&self, query: &str) -> Vec<usize> {
        matches(query, self)
    }
}

impl Files for Index {
    fn read(&self, path: &str) -> Option<String> {
        let number = |prefix: &str| {
            path.strip_prefix(prefix)?
                .strip_suffix(".json")?
                .parse::<usize>()
                .ok()
        };
        if path == "index.json" {
            Some(self.manifest())
        } else if let Some(k) = number("s/") {
            self.shards.get(k).cloned()
        } else if let Some(k) = number("p/") {
            self.positions.get(k).cloned()
        } else {
            number("d/").and_then(|f| self.doc_files.get(f).cloned())
        }
    }
}

#[cfg(test)]
mod tests;
