//! The two passes of building an index: runs of consecutive documents indexed on their
//! own, then each group of shards merging the runs' postings in document order.

use std::collections::HashMap;

use super::postings::{Counts, KeyMap, Postings, gram_shard, gram_text};
use super::tokenize::for_each_term;
use super::{Doc, KEYWORD_WEIGHT, MAX_TEXT_CHARS, MAX_WEIGHT, TITLE_WEIGHT, shard_of};

/// Shard groups merged in parallel in the second pass.
pub(super) const GROUPS: usize = 64;

/// A run of consecutive documents, indexed on its own ([`Run::index`]); runs are merged
/// into an index in document order ([`Index::from_runs`](super::Index::from_runs)).
/// Making runs as documents become available lets a caller drop each text as soon as it
/// is indexed.
pub struct Run {
    /// The number of the run's first document.
    pub(super) first: u32,
    /// Each document's entry in its document file, as JSON.
    pub(super) entries: Vec<String>,
    /// Postings by shard group.
    pub(super) grams: Vec<Vec<(u64, Postings)>>,
    pub(super) words: Vec<Vec<(String, Postings)>>,
}

impl Run {
    /// Indexes `docs`, numbered from `first`, for an index of `shards` shards; their
    /// texts are dropped as they are read.
    pub fn index(first: usize, docs: Vec<Doc>, shards: usize) -> Run {
        index_run(first as u32, docs, shards.max(1))
    }

    /// The number of documents in the run.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the run has no documents.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The group of shard `k`: groups are merged in parallel.
fn group_of(shard: usize) -> usize {
    shard % GROUPS
}

/// First pass: indexes the documents `first..` of one run, keeps their file entries and
/// drops their text.
fn index_run(first: u32, docs: Vec<Doc>, shards: usize) -> Run {
    let entries = docs
        .iter()
        .map(|d| serde_json::to_string(&d.entry()).unwrap_or_else(|_| "{}".into()))
        .collect();
    let mut grams: KeyMap<Postings> = KeyMap::default();
    let mut words: HashMap<String, Postings> = HashMap::new();
    let mut counts = Counts::default();
    for (i, mut doc) in docs.into_iter().enumerate() {
        // A text of at most MAX_TEXT_CHARS bytes has at most as many characters.
        if doc.text.len() > MAX_TEXT_CHARS
            && let Some((cut, _)) = doc.text.char_indices().nth(MAX_TEXT_CHARS)
        {
            doc.text.truncate(cut);
        }
        let n = first + i as u32;
        for (text, weight) in [
            (&doc.title, TITLE_WEIGHT),
            (&doc.keywords, KEYWORD_WEIGHT),
            (&doc.text, 1),
        ] {
            for_each_term(text, |t| counts.add(t, weight));
        }
        counts.drain(
            |key, weight| {
                grams
                    .entry(key)
                    .or_default()
                    .push(n, weight.min(MAX_WEIGHT))
            },
            |word, weight| {
                words
                    .entry(word)
                    .or_default()
                    .push(n, weight.min(MAX_WEIGHT))
            },
        );
    }
    let mut run = Run {
        first,
        entries,
        grams: (0..GROUPS).map(|_| Vec::new()).collect(),
        words: (0..GROUPS).map(|_| Vec::new()).collect(),
    };
    for (key, postings) in grams {
        run.grams[group_of(gram_shard(key, shards))].push((key, postings));
    }
    for (word, postings) in words {
        run.words[group_of(shard_of(&word, shards))].push((word, postings));
    }
    run
}

/// Second pass: merges one group's postings from every run (in document order) and writes
/// the group's shards, each with its terms in order.
pub(super) fn merge_group(
    grams: Vec<Vec<(u64, Postings)>>,
    words: Vec<Vec<(String, Postings)>>,
    shards: usize,
) -> Vec<(usize, String)> {
    let mut gram_map: KeyMap<Postings> = KeyMap::default();
    for run in grams {
        for (key, postings) in run {
            gram_map.entry(key).or_default().append(postings);
        }
    }
    let mut word_map: HashMap<String, Postings> = HashMap::new();
    for run in words {
        for (word, postings) in run {
            word_map.entry(word).or_default().append(postings);
        }
    }
    let mut terms: Vec<(usize, String, Vec<u8>)> = gram_map
        .into_iter()
        .map(|(key, p)| (gram_shard(key, shards), gram_text(key), p.list))
        .chain(
            word_map
                .into_iter()
                .map(|(word, p)| (shard_of(&word, shards), word, p.list)),
        )
        .collect();
    terms.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut out: Vec<(usize, String)> = Vec::new();
    for (shard, term, list) in terms {
        let json = match out.last_mut() {
            Some((k, json)) if *k == shard => {
                json.push(',');
                json
            }
            _ => {
                out.push((shard, String::from("{")));
                &mut out.last_mut().expect("just pushed").1
            }
        };
        // Terms are letters and digits; serde_json escapes whatever else might come.
        json.push_str(&serde_json::to_string(&term).unwrap_or_default());
        json.push_str(":\"");
        // VLQ digits are ASCII.
        json.push_str(std::str::from_utf8(&list).unwrap_or_default());
        json.push('"');
    }
    for (_, json) in &mut out {
        json.push('}');
    }
    out
}
