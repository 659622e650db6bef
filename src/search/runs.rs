//! The two passes of building an index: runs of consecutive documents indexed on their
//! own, then each group of shards merging the runs' postings in document order.

use std::collections::HashMap;

use super::postings::{
    HAN_FIRST, HAN_LEN, KeyMap, Postings, gram_chars, gram_key, gram_shard, is_tri, tri_key,
    vlq_len, vlq_push,
};
use super::tokenize::{Term, for_each_term};
use super::{Doc, Field, MAX_TEXT_CHARS, Weight, fnv1a32, shard_of};

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
    /// Postings by shard group, packed.
    pub(super) groups: Vec<Packed>,
}

/// Where one term's postings stand in a [`Packed`] arena, and the documents they span.
#[derive(Clone, Copy)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) end: u32,
    /// The first document (written absolute at `start`) and the last.
    pub(super) first: u32,
    pub(super) last: u32,
    /// Whether the postings have positions (a triple's).
    pub(super) positional: bool,
}

/// A term of a packed group: a CJK gram by its packed key, or a word by its index in
/// [`Packed::words`].
#[derive(Clone, Copy)]
pub(super) enum Key {
    Gram(u64),
    Word(u32),
}

/// One shard group's postings of a run, in one arena: a few bytes per term besides the
/// postings themselves, and no allocation per term (a run waits for the others before
/// the merge; at 100,000 notices, per-term vectors cost more than the postings). Between
/// the passes it waits as bytes (`super::spill`).
#[derive(Default)]
pub(super) struct Packed {
    pub(super) bytes: Vec<u8>,
    pub(super) terms: Vec<(Key, Span)>,
    pub(super) words: Vec<Box<str>>,
}

impl Packed {
    fn push(&mut self, key: Key, postings: &Postings) {
        let Some(last) = postings.last else { return };
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(&postings.list);
        let span = Span {
            start,
            end: self.bytes.len() as u32,
            first: postings.first,
            last,
            positional: postings.positional,
        };
        self.terms.push((key, span));
    }
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

/// A term's postings while a run is indexed, and its state in the current document.
#[derive(Default)]
struct Slot {
    postings: Postings,
    /// The current document plus one (0: none yet).
    doc: u32,
    /// The weight in the current document.
    weight: Weight,
    /// A word triple's positions in the current document: its list in
    /// [`Slots::pending`] (`NONE`: not positional).
    pending: u32,
}

impl Slot {
    fn new(positional: bool) -> Slot {
        Slot {
            postings: Postings {
                positional,
                ..Postings::default()
            },
            doc: 0,
            weight: Weight::default(),
            pending: NONE,
        }
    }
}

/// Where a run keeps its terms: Han unigrams by character (no hashing), other grams by
/// their packed key, words and word pairs by text.
struct Slots {
    slots: Vec<Slot>,
    han: Vec<u32>,
    /// Pairs and triples of CJK characters, with their postings in place (one cache miss
    /// per term and document, not two).
    pairs: KeyMap<Postings>,
    /// Other single CJK characters (kana, Hangul, extensions).
    grams: KeyMap<u32>,
    words: HashMap<String, u32>,
    /// Slots used by the current document.
    touched: Vec<u32>,
    /// The current document's pairs and triples, counted in a small map that stays in
    /// cache and handed to the run's slots once per distinct gram when the document ends.
    local: KeyMap<Local>,
    /// Positions of the current document's triples: (position, next hit of that triple).
    hits: Vec<(u32, u32)>,
    /// The positions of word triples (few) in the current document, by slot.
    pending: Vec<Vec<u32>>,
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
            pairs: KeyMap::default(),
            grams: KeyMap::default(),
            words: HashMap::new(),
            touched: Vec::new(),
            local: KeyMap::default(),
            hits: Vec::new(),
            pending: Vec::new(),
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
            let postings = self.pairs.entry(key).or_insert_with(|| Postings {
                positional: is_tri(key),
                ..Postings::default()
            });
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
            // Never here: pairs and triples of characters are counted per document
            // (`add_local`).
            Term::Tri(a, b, c) => *self.grams.entry(tri_key(a, b, c)).or_insert(next),
            Term::Word(w) | Term::Pair(w) | Term::Triple(w) => *self.words.entry(w).or_insert(next),
        };
        if index == next {
            let mut slot = Slot::new(positional);
            if positional {
                slot.pending = self.pending.len() as u32;
                self.pending.push(Vec::new());
            }
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
            self.pending[slot.pending as usize].push(position);
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
                let pending = &mut self.pending[slot.pending as usize];
                let count = pending.len() as u32;
                slot.postings
                    .push_positions(n, weight, count, pending.drain(..));
            } else {
                slot.postings.push(n, weight);
            }
        }
    }

    /// The terms and their postings, packed by shard group.
    fn into_groups(self, shards: usize) -> Vec<Packed> {
        // Every list moves once into its group's arena, sized in advance (no doubling),
        // and is freed as soon as it is copied.
        let mut slots = self.slots;
        let mut take = |slot: u32| std::mem::take(&mut slots[slot as usize].postings);
        let mut all: Vec<(usize, Key, Postings)> = Vec::new();
        let mut words: Vec<String> = Vec::new();
        for (i, &slot) in self.han.iter().enumerate() {
            if slot != NONE {
                let c = char::from_u32(HAN_FIRST + i as u32).unwrap_or('\u{FFFD}');
                let key = gram_key(c, None);
                all.push((gram_shard(key, shards), Key::Gram(key), take(slot)));
            }
        }
        for (key, slot) in self.grams {
            all.push((gram_shard(key, shards), Key::Gram(key), take(slot)));
        }
        for (word, slot) in self.words {
            let k = shard_of(&word, shards);
            all.push((k, Key::Word(words.len() as u32), take(slot)));
            words.push(word);
        }
        drop(slots);
        for (key, postings) in self.pairs {
            all.push((gram_shard(key, shards), Key::Gram(key), postings));
        }
        let mut groups: Vec<Packed> = (0..GROUPS).map(|_| Packed::default()).collect();
        let mut sizes = vec![(0usize, 0usize); GROUPS];
        for (k, _, postings) in &all {
            let size = &mut sizes[group_of(*k)];
            size.0 += postings.list.len();
            size.1 += 1;
        }
        for (packed, (bytes, terms)) in groups.iter_mut().zip(sizes) {
            packed.bytes.reserve_exact(bytes);
            packed.terms.reserve_exact(terms);
        }
        for (k, key, postings) in all {
            let packed = &mut groups[group_of(k)];
            let key = match key {
                Key::Word(w) => {
                    // Numbered within the group.
                    let text = std::mem::take(&mut words[w as usize]);
                    packed.words.push(text.into_boxed_str());
                    Key::Word(packed.words.len() as u32 - 1)
                }
                gram => gram,
            };
            packed.push(key, &postings);
        }
        groups
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
    Run {
        first,
        entries,
        groups: slots.into_groups(shards),
    }
}

/// A shard as written: its postings (`s/<k>.json`) and its triples' postings with
/// positions (`p/<k>.json`).
pub(super) struct Shard {
    pub(super) k: usize,
    pub(super) postings: String,
    pub(super) positions: String,
}

/// Appends `"term":` to a JSON object being written (its `{` or last value written).
fn member_name(json: &mut String, term: &str) {
    if json.len() > 1 {
        json.push(',');
    }
    // Terms are letters and digits, which JSON writes as they are; serde_json escapes
    // whatever else might come.
    if term.chars().any(|c| c == '"' || c == '\\' || c < ' ') {
        json.push_str(&serde_json::to_string(term).unwrap_or_default());
    } else {
        json.push('"');
        json.push_str(term);
        json.push('"');
    }
    json.push(':');
}

/// A term of one run in the merge: its shard, its text (inline for a gram), its run.
struct Item<'a> {
    shard: u32,
    /// The text's first eight bytes, big-endian: most comparisons stop here.
    prefix: u64,
    run: u32,
    gram: [u8; 12],
    len: u8,
    word: Option<&'a str>,
    span: Span,
    bytes: &'a [u8],
}

impl Item<'_> {
    /// The text's bytes (UTF-8 sorts as its characters do).
    fn text(&self) -> &[u8] {
        match self.word {
            Some(w) => w.as_bytes(),
            None => &self.gram[..self.len as usize],
        }
    }

    fn set_prefix(&mut self) {
        let mut head = [0u8; 8];
        let text = self.text();
        let n = text.len().min(8);
        head[..n].copy_from_slice(&text[..n]);
        self.prefix = u64::from_be_bytes(head);
    }
}

/// Second pass: merges one group's postings from every run (in document order) and writes
/// the group's shards, each with its terms in order. The runs' terms are sorted by shard,
/// term and run, so each term's postings are the runs' spans one after another.
pub(super) fn merge_group(runs: Vec<Packed>, shards: usize) -> Vec<Shard> {
    let mut items: Vec<Item<'_>> = Vec::with_capacity(runs.iter().map(|p| p.terms.len()).sum());
    for (run, packed) in runs.iter().enumerate() {
        for &(key, span) in &packed.terms {
            let bytes = &packed.bytes[span.start as usize..span.end as usize];
            let mut item = Item {
                shard: 0,
                prefix: 0,
                run: run as u32,
                gram: [0; 12],
                len: 0,
                word: None,
                span,
                bytes,
            };
            match key {
                Key::Gram(key) => {
                    let (chars, n) = gram_chars(key);
                    let mut len = 0;
                    for c in &chars[..n] {
                        len += c.encode_utf8(&mut item.gram[len..]).len();
                    }
                    item.len = len as u8;
                    item.shard = (fnv1a32(&item.gram[..len]) as usize % shards) as u32;
                }
                Key::Word(w) => {
                    let word = &packed.words[w as usize];
                    item.word = Some(word);
                    item.shard = shard_of(word, shards) as u32;
                }
            }
            item.set_prefix();
            items.push(item);
        }
    }
    items.sort_unstable_by(|a, b| {
        (a.shard, a.prefix, a.text(), a.run).cmp(&(b.shard, b.prefix, b.text(), b.run))
    });
    let mut out: Vec<Shard> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let (k, term) = (items[i].shard as usize, items[i].text());
        let mut j = i + 1;
        while j < items.len() && items[j].shard as usize == k && items[j].text() == term {
            j += 1;
        }
        if out.last().is_none_or(|s| s.k != k) {
            out.push(Shard {
                k,
                postings: String::from("{"),
                positions: String::from("{"),
            });
        }
        let shard = out.last_mut().expect("just pushed");
        let file = if items[i].span.positional {
            &mut shard.positions
        } else {
            &mut shard.postings
        };
        member_name(file, std::str::from_utf8(term).unwrap_or_default());
        file.push('"');
        let mut digits: Vec<u8> = Vec::new();
        let mut last: Option<u32> = None;
        for item in &items[i..j] {
            match last {
                None => digits.extend_from_slice(item.bytes),
                Some(last) => {
                    // Each run's postings start with their first document, absolute:
                    // written as a delta from the run before.
                    vlq_push(&mut digits, item.span.first - last);
                    digits.extend_from_slice(&item.bytes[vlq_len(item.span.first)..]);
                }
            }
            last = Some(item.span.last);
        }
        // VLQ digits are ASCII.
        file.push_str(std::str::from_utf8(&digits).unwrap_or_default());
        file.push('"');
        i = j;
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

#[cfg(test)]
mod tests {
    use super::member_name;

    #[test]
    fn member_names_are_written_as_json_would() {
        for term in ["漏洞", "2025年", "cappsec", "a\"b", "c\\d", "e\u{1}f"] {
            let mut json = String::from("{");
            member_name(&mut json, term);
            let expected = format!("{{{}:", serde_json::to_string(term).unwrap());
            assert_eq!(json, expected, "{term}");
        }
        let mut json = String::from("{\"a\":\"B\"");
        member_name(&mut json, "b");
        assert_eq!(json, "{\"a\":\"B\",\"b\":");
    }
}
