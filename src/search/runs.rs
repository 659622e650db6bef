//! The two passes of building an index: runs of consecutive documents indexed on their
//! own, then each group of shards merging the runs' postings in document order.

use std::collections::HashMap;

use super::postings::{
    HAN_FIRST, HAN_LEN, KeyMap, Postings, gram_key, gram_shard, gram_text, is_tri, tri_key,
};
use super::tokenize::{Term, for_each_term};
use super::{Doc, Field, MAX_TEXT_CHARS, Weight, shard_of};

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

/// A packed CJK gram and its postings.
type GramPostings = (u64, Postings);
/// A word or word pair and its postings.
type WordPostings = (String, Postings);

/// A term's postings while a run is indexed, and its state in the current document.
#[derive(Default)]
struct Slot {
    postings: Postings,
    /// The current document plus one (0: none yet).
    doc: u32,
    /// The weight in the current document.
    weight: Weight,
    /// A triple's positions in the current document.
    pending: Vec<u32>,
}

/// Where a run keeps its terms: Han unigrams by character (no hashing), other grams by
/// their packed key, words and word pairs by text.
struct Slots {
    slots: Vec<Slot>,
    han: Vec<u32>,
    grams: KeyMap<u32>,
    words: HashMap<String, u32>,
    /// Slots used by the current document.
    touched: Vec<u32>,
    /// The current document's pairs and triples, counted in a small map that stays in
    /// cache and handed to the run's slots once per distinct gram when the document ends.
    local: KeyMap<Local>,
    /// Positions of the current document's triples: (position, next hit of that triple).
    hits: Vec<(u32, u32)>,
}

/// A pair or triple of the current document: its weight and its hits, first and last.
struct Local {
    weight: Weight,
    count: u32,
    head: u32,
    tail: u32,
}

const NONE: u32 = u32::MAX;

impl Slots {
    fn new() -> Slots {
        Slots {
            slots: Vec::new(),
            han: vec![NONE; HAN_LEN],
            grams: KeyMap::default(),
            words: HashMap::new(),
            touched: Vec::new(),
            local: KeyMap::default(),
            hits: Vec::new(),
        }
    }

    /// Counts one occurrence of a pair or triple in the current document.
    #[inline(always)]
    fn add_local(&mut self, key: u64, position: u32, field: Field) {
        let local = self.local.entry(key).or_insert(Local {
            weight: Weight::default(),
            count: 0,
            head: NONE,
            tail: NONE,
        });
        local.weight.add(field);
        if is_tri(key) {
            local.count += 1;
            let hit = self.hits.len() as u32;
            self.hits.push((position, NONE));
            if local.tail == NONE {
                local.head = hit;
            } else {
                self.hits[local.tail as usize].1 = hit;
            }
            local.tail = hit;
        }
    }

    /// Hands the current document's pairs and triples to the run's slots.
    fn end_locals(&mut self, n: u32) {
        for (key, local) in self.local.drain() {
            let next = self.slots.len() as u32;
            let index = *self.grams.entry(key).or_insert(next);
            if index == next {
                let mut slot = Slot::default();
                slot.postings.positional = is_tri(key);
                self.slots.push(slot);
            }
            let postings = &mut self.slots[index as usize].postings;
            let weight = local.weight.total();
            if !postings.positional {
                postings.push(n, weight);
                continue;
            }
            let hits = &self.hits;
            let mut hit = local.head;
            let positions = std::iter::from_fn(|| {
                let (position, next) = *hits.get(hit as usize)?;
                hit = next;
                Some(position)
            });
            postings.push_positions(n, weight, local.count, positions);
        }
        self.hits.clear();
    }

    #[inline(always)]
    fn slot(&mut self, term: Term, positional: bool) -> u32 {
        let next = self.slots.len() as u32;
        let index = match term {
            Term::Gram(a, None) if (a as u32).wrapping_sub(HAN_FIRST) < HAN_LEN as u32 => {
                let i = &mut self.han[(a as u32 - HAN_FIRST) as usize];
                if *i == NONE {
                    *i = next;
                }
                *i
            }
            Term::Gram(a, b) => *self.grams.entry(gram_key(a, b)).or_insert(next),
            Term::Tri(a, b, c) => *self.grams.entry(tri_key(a, b, c)).or_insert(next),
            Term::Word(w) | Term::Pair(w) | Term::Triple(w) => *self.words.entry(w).or_insert(next),
        };
        if index == next {
            let mut slot = Slot::default();
            slot.postings.positional = positional;
            self.slots.push(slot);
        }
        index
    }

    /// Counts one occurrence of `term` at `position` in document `n`.
    #[inline(always)]
    fn add(&mut self, n: u32, term: Term, position: u32, field: Field) {
        match term {
            Term::Gram(a, Some(b)) => {
                return self.add_local(gram_key(a, Some(b)), position, field);
            }
            Term::Tri(a, b, c) => return self.add_local(tri_key(a, b, c), position, field),
            _ => {}
        }
        let positional = term.is_positional();
        let index = self.slot(term, positional);
        let slot = &mut self.slots[index as usize];
        if slot.doc != n + 1 {
            slot.doc = n + 1;
            slot.weight = Weight::default();
            self.touched.push(index);
        }
        if positional {
            slot.pending.push(position);
        }
        slot.weight.add(field);
    }

    /// Ends document `n`: writes the weight of every term it has.
    fn end(&mut self, n: u32) {
        self.end_locals(n);
        for index in self.touched.drain(..) {
            let slot = &mut self.slots[index as usize];
            let weight = slot.weight.total();
            if slot.postings.positional {
                let count = slot.pending.len() as u32;
                let positions = slot.pending.drain(..);
                slot.postings.push_positions(n, weight, count, positions);
            } else {
                slot.postings.push(n, weight);
            }
        }
    }

    /// The terms and their postings.
    fn into_postings(self) -> (Vec<GramPostings>, Vec<WordPostings>) {
        // Runs wait for each other before they are merged: keep no spare room.
        let mut slots: Vec<Option<Postings>> = self
            .slots
            .into_iter()
            .map(|mut s| {
                s.postings.list.shrink_to_fit();
                Some(s.postings)
            })
            .collect();
        let mut take = |i: u32| slots[i as usize].take().unwrap_or_default();
        let mut grams = Vec::with_capacity(self.grams.len());
        for (i, &slot) in self.han.iter().enumerate() {
            if slot != NONE {
                let c = char::from_u32(HAN_FIRST + i as u32).unwrap_or('\u{FFFD}');
                grams.push((gram_key(c, None), take(slot)));
            }
        }
        for (key, slot) in self.grams {
            grams.push((key, take(slot)));
        }
        let words = self.words.into_iter().map(|(w, s)| (w, take(s))).collect();
        (grams, words)
    }
}

/// First pass: indexes the documents `first..` of one run, keeps their file entries and
/// drops their text.
fn index_run(first: u32, docs: Vec<Doc>, shards: usize) -> Run {
    let entries = docs
        .iter()
        .map(|d| serde_json::to_string(&d.entry()).unwrap_or_else(|_| "{}".into()))
        .collect();
    let mut slots = Slots::new();
    for (i, mut doc) in docs.into_iter().enumerate() {
        // A text of at most MAX_TEXT_CHARS bytes has at most as many characters.
        if doc.text.len() > MAX_TEXT_CHARS
            && let Some((cut, _)) = doc.text.char_indices().nth(MAX_TEXT_CHARS)
        {
            doc.text.truncate(cut);
        }
        let n = first + i as u32;
        let mut position = 0;
        for (text, field) in [
            (&doc.title, Field::Title),
            (&doc.labels, Field::Labels),
            (&doc.keywords, Field::Keywords),
            (&doc.text, Field::Text),
        ] {
            position = for_each_term(text, position, |t, p| slots.add(n, t, p, field));
        }
        slots.end(n);
    }
    let mut run = Run {
        first,
        entries,
        grams: (0..GROUPS).map(|_| Vec::new()).collect(),
        words: (0..GROUPS).map(|_| Vec::new()).collect(),
    };
    let (grams, words) = slots.into_postings();
    for (key, postings) in grams {
        run.grams[group_of(gram_shard(key, shards))].push((key, postings));
    }
    for (word, postings) in words {
        run.words[group_of(shard_of(&word, shards))].push((word, postings));
    }
    run
}

/// A shard as written: its postings (`s/<k>.json`) and its triples' postings with
/// positions (`p/<k>.json`).
pub(super) struct Shard {
    pub(super) k: usize,
    pub(super) postings: String,
    pub(super) positions: String,
}

/// Appends `"term":"value"` to a JSON object being written (its `{` or last value written).
fn member(json: &mut String, term: &str, value: &[u8]) {
    if json.len() > 1 {
        json.push(',');
    }
    // Terms are letters and digits; serde_json escapes whatever else might come.
    json.push_str(&serde_json::to_string(term).unwrap_or_default());
    json.push_str(":\"");
    // VLQ digits are ASCII.
    json.push_str(std::str::from_utf8(value).unwrap_or_default());
    json.push('"');
}

/// Second pass: merges one group's postings from every run (in document order) and writes
/// the group's shards, each with its terms in order.
pub(super) fn merge_group(
    grams: Vec<Vec<(u64, Postings)>>,
    words: Vec<Vec<(String, Postings)>>,
    shards: usize,
) -> Vec<Shard> {
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
    let mut terms: Vec<(usize, String, Postings)> = gram_map
        .into_iter()
        .map(|(key, p)| (gram_shard(key, shards), gram_text(key), p))
        .chain(
            word_map
                .into_iter()
                .map(|(word, p)| (shard_of(&word, shards), word, p)),
        )
        .collect();
    terms.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut out: Vec<Shard> = Vec::new();
    for (k, term, postings) in terms {
        if out.last().is_none_or(|s| s.k != k) {
            out.push(Shard {
                k,
                postings: String::from("{"),
                positions: String::from("{"),
            });
        }
        let shard = out.last_mut().expect("just pushed");
        let file = if postings.positional {
            &mut shard.positions
        } else {
            &mut shard.postings
        };
        member(file, &term, &postings.list);
    }
    for shard in &mut out {
        shard.postings.push('}');
        shard.positions.push('}');
        // Shards are kept until they are written: without the strings' spare room.
        shard.postings.shrink_to_fit();
        shard.positions.shrink_to_fit();
    }
    out
}
