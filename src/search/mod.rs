//! A static full-text index for Chinese text, built at build time and read by
//! `templates/assets/search.js`, which downloads only what a query needs.
//!
//! Layout (all JSON, under `search/`):
//! - `index.json`, the manifest: `{"v": version, "docs": N, "shards": S}` (a few dozen bytes).
//! - `s/<k>.json`, shard `k` of `S`: `{"term": "postings"}` for every term whose FNV-1a
//!   hash (32 bits, over its UTF-8 bytes) is `k` modulo `S`. The postings are numbers in
//!   base-64 VLQ ([`vlq_push`]), in pairs: the document number as a delta from the previous
//!   posting (the first is absolute), then the term's weight in that document (title hits
//!   count [`TITLE_WEIGHT`] times, keywords [`KEYWORD_WEIGHT`] times, capped at
//!   [`MAX_WEIGHT`]).
//! - `d/<n>.json`, document `n`: `{"t": title, "u": url, "m": meta line, "x": text}`,
//!   fetched only for the results shown, to make highlighted snippets.
//!
//! A query fetches the manifest, one shard per distinct term, and one small file per result
//! shown. Terms come from [`tokenize`]: no dictionary, so no word is ever missed because a
//! segmenter cut it differently in the text and in the query.

pub mod tokenize;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use tokenize::{Term, for_each_term};

/// How much one occurrence in a title counts.
pub const TITLE_WEIGHT: u32 = 10;
/// How much one occurrence in keywords (description, category, tags) counts.
pub const KEYWORD_WEIGHT: u32 = 3;
/// A term's score in a document is `idf * w / (w + SATURATION)`: one title hit counts half
/// as much as the most a term can count, however often a common word fills a long text.
pub const SATURATION: f64 = 10.0;
/// The largest weight stored.
pub const MAX_WEIGHT: u32 = 255;
/// Shards are sized for about this many bytes of source text each.
pub const SOURCE_BYTES_PER_SHARD: usize = 24 * 1024;
/// At most this many shards.
pub const MAX_SHARDS: usize = 4096;
/// Text kept in a document file for snippets, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// One document to index: a notice, a page or a unit of the roster.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Doc {
    /// The result's title.
    #[serde(rename = "t")]
    pub title: String,
    /// Its URL (with the site's base path).
    #[serde(rename = "u")]
    pub url: String,
    /// A short line under the title (kind and date, or tier and round).
    #[serde(rename = "m")]
    pub meta: String,
    /// Words that describe it (description, category, tags): indexed, not shown.
    #[serde(skip)]
    pub keywords: String,
    /// The plain text, indexed and used for snippets.
    #[serde(rename = "x")]
    pub text: String,
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

/// Postings of one term in their written form: for each document, the delta from the
/// previous one and the weight, each as a base-64 VLQ (see [`vlq_push`]).
#[derive(Debug, Default)]
struct Postings {
    last: Option<u32>,
    list: Vec<u8>,
}

impl Postings {
    fn push(&mut self, doc: u32, weight: u32) {
        let delta = self.last.map_or(doc, |last| doc - last);
        self.last = Some(doc);
        vlq_push(&mut self.list, delta);
        vlq_push(&mut self.list, weight);
    }
}

const VLQ_DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `value` as base-64 VLQ digits: 5 bits per digit, least significant first, the
/// 6th bit set on every digit but the last. Values below 32 take one character.
pub fn vlq_push(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let digit = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            out.push(VLQ_DIGITS[digit]);
            return;
        }
        out.push(VLQ_DIGITS[digit | 32]);
    }
}

/// Reads the numbers of a VLQ string; stops at a character that is not a digit.
pub fn vlq_decode(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u32, 0u32);
    for b in text.bytes() {
        let Some(d) = VLQ_DIGITS.iter().position(|x| *x == b) else {
            break;
        };
        value |= ((d as u32) & 31).checked_shl(shift).unwrap_or(0);
        if d & 32 != 0 {
            shift += 5;
        } else {
            out.push(value);
            (value, shift) = (0, 0);
        }
    }
    out
}

/// CJK grams packed in a number: 21 bits per character.
fn gram_key(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(0, u64::from)
}

fn gram_text(key: u64) -> String {
    let a = char::from_u32((key >> 21) as u32).unwrap_or('\u{FFFD}');
    match key & 0x1F_FFFF {
        0 => a.to_string(),
        b => [a, char::from_u32(b as u32).unwrap_or('\u{FFFD}')]
            .iter()
            .collect(),
    }
}

/// A multiplicative hasher for the packed gram keys (SipHash would dominate indexing).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        // A folded multiply: the high half of the product mixes into the low bits, which
        // pick the bucket (gram keys of single characters end in 21 zero bits).
        let product = u128::from(self.0 ^ n) * 0x5851_f42d_4c95_7f2d;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

type KeyMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// A built index, ready to be written file by file.
pub struct Index {
    docs: Vec<Doc>,
    shards: Vec<BTreeMap<String, String>>,
    version: String,
}

impl Index {
    /// Indexes `docs` (numbered by position) into `shards` shards.
    pub fn build(mut docs: Vec<Doc>, shards: usize) -> Index {
        let shards = shards.max(1);
        docs.par_iter_mut().for_each(|d| {
            if let Some((cut, _)) = d.text.char_indices().nth(MAX_TEXT_CHARS) {
                d.text.truncate(cut);
            }
        });
        let mut grams: KeyMap<Postings> = KeyMap::default();
        let mut words: HashMap<String, Postings> = HashMap::new();
        // Weigh a chunk of documents in parallel, then add it to the postings in document
        // order; chunks bound the memory the per-document lists take.
        for (c, chunk) in docs.chunks(CHUNK).enumerate() {
            let counted: Vec<Weights> = chunk
                .par_iter()
                .map_init(KeyMap::default, |scratch, doc| weights(doc, scratch))
                .collect();
            for (i, w) in counted.into_iter().enumerate() {
                let n = (c * CHUNK + i) as u32;
                for (key, weight) in w.grams {
                    grams.entry(key).or_default().push(n, weight);
                }
                for (word, weight) in w.words {
                    words.entry(word).or_default().push(n, weight);
                }
            }
        }
        let mut by_shard: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); shards];
        let all = grams
            .into_iter()
            .map(|(k, p)| (gram_text(k), p))
            .chain(words);
        for (text, postings) in all {
            // VLQ digits are ASCII.
            let list = String::from_utf8(postings.list).unwrap_or_default();
            by_shard[shard_of(&text, shards)].insert(text, list);
        }
        let version = version(&docs, &by_shard);
        Index {
            docs,
            shards: by_shard,
            version,
        }
    }

    /// The number of shards.
    pub fn shards(&self) -> usize {
        self.shards.len()
    }

    /// The number of documents.
    pub fn docs(&self) -> usize {
        self.docs.len()
    }

    /// `index.json`.
    pub fn manifest(&self) -> String {
        serde_json::json!({
            "v": self.version,
            "docs": self.docs.len(),
            "shards": self.shards.len(),
        })
        .to_string()
    }

    /// `s/<k>.json`; `{}` past the last shard.
    pub fn shard(&self, k: usize) -> String {
        self.shards
            .get(k)
            .and_then(|s| serde_json::to_string(s).ok())
            .unwrap_or_else(|| "{}".into())
    }

    /// `d/<n>.json`; `{}` past the last document.
    pub fn doc(&self, n: usize) -> String {
        self.docs
            .get(n)
            .and_then(|d| serde_json::to_string(d).ok())
            .unwrap_or_else(|| "{}".into())
    }

    /// The documents a query matches (every term), best first: the sum over the query's
    /// terms of `ln(1 + N / df) * w / (w + SATURATION)`, ties in document order. This is
    /// what `search.js` computes; it is here so the ranking can be tested without a browser.
    pub fn query(&self, query: &str) -> Vec<usize> {
        let terms = tokenize::query_terms(query);
        if terms.is_empty() {
            return Vec::new();
        }
        let n = self.docs.len() as f64;
        let mut scores: Option<HashMap<usize, f64>> = None;
        for term in terms {
            let text = term.text();
            let list = self.shards[shard_of(&text, self.shards.len())]
                .get(&text)
                .map(|l| vlq_decode(l))
                .unwrap_or_default();
            let idf = (1.0 + n / (list.len() / 2).max(1) as f64).ln();
            let mut doc = 0usize;
            let mut these = HashMap::new();
            for pair in list.chunks_exact(2) {
                doc += pair[0] as usize;
                let w = f64::from(pair[1]);
                these.insert(doc, idf * w / (w + SATURATION));
            }
            scores = Some(match scores {
                None => these,
                Some(previous) => previous
                    .into_iter()
                    .filter_map(|(d, s)| these.get(&d).map(|t| (d, s + t)))
                    .collect(),
            });
        }
        let mut ranked: Vec<(usize, f64)> = scores.unwrap_or_default().into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.into_iter().map(|(d, _)| d).collect()
    }
}

/// The terms of one document with their weights, each term once.
struct Weights {
    grams: Vec<(u64, u32)>,
    words: Vec<(String, u32)>,
}

/// Documents weighed at once before their postings are added.
const CHUNK: usize = 256;

fn weights(doc: &Doc, scratch: &mut KeyMap<u32>) -> Weights {
    scratch.clear();
    let mut words: HashMap<String, u32> = HashMap::new();
    for (text, weight) in [
        (&doc.title, TITLE_WEIGHT),
        (&doc.keywords, KEYWORD_WEIGHT),
        (&doc.text, 1),
    ] {
        for_each_term(text, |t| match t {
            Term::Gram(a, b) => *scratch.entry(gram_key(a, b)).or_default() += weight,
            Term::Word(w) => *words.entry(w).or_default() += weight,
        });
    }
    Weights {
        grams: scratch
            .iter()
            .map(|(k, w)| (*k, (*w).min(MAX_WEIGHT)))
            .collect(),
        words: words
            .into_iter()
            .map(|(k, w)| (k, w.min(MAX_WEIGHT)))
            .collect(),
    }
}

/// A short fingerprint of everything written, so `search.js` can ask for fresh shards
/// (`?v=`) after a rebuild while unchanged sites stay cached.
fn version(docs: &[Doc], shards: &[BTreeMap<String, String>]) -> String {
    use xxhash_rust::xxh3::{Xxh3, xxh3_64};
    let per_doc: Vec<u64> = docs
        .par_iter()
        .map(|d| {
            let mut h = Xxh3::new();
            for part in [&d.title, &d.url, &d.meta, &d.text] {
                h.update(part.as_bytes());
                h.update(&[0]);
            }
            h.digest()
        })
        .collect();
    let per_shard: Vec<u64> = shards
        .par_iter()
        .map(|s| {
            let mut h = Xxh3::new();
            for (term, list) in s {
                h.update(term.as_bytes());
                h.update(&[0]);
                h.update(list.as_bytes());
                h.update(&[0]);
            }
            h.digest()
        })
        .collect();
    let all: Vec<u8> = per_doc
        .iter()
        .chain(&per_shard)
        .flat_map(|x| x.to_le_bytes())
        .collect();
    format!("{:08x}", xxh3_64(&all) as u32)
}

#[cfg(test)]
mod tests;
