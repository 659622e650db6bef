//! The two passes of building an index: runs of consecutive documents indexed on their
//! own, then each group of shards merging the runs' postings in document order.

use std::collections::HashMap;

use super::grams::{DocGrams, RunGrams};
use super::postings::{Postings, gram_chars, gram_key, quad_key, tri_key, vlq_len, vlq_push};
use super::tokenize::{Mixed, Sink, walk};
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
pub(super) fn group_of(shard: usize) -> usize {
    shard % GROUPS
}

/// A word's postings while a run is indexed, and its state in the current document.
#[derive(Default)]
struct Slot {
    postings: Postings,
    /// The current document plus one (0: none yet).
    doc: u32,
    /// The weight in the current document.
    weight: Weight,
    /// The positions in the current document (triples only).
    positions: Vec<u32>,
}

/// Where a run keeps its terms: CJK grams, nearly all of a Chinese text's, in tables of
/// their own ([`DocGrams`], [`RunGrams`]); words, and pairs, triples and quads with a word,
/// by text.
struct Slots {
    doc: DocGrams,
    grams: RunGrams,
    slots: Vec<Slot>,
    words: HashMap<String, u32>,
    /// Word slots used by the current document.
    touched: Vec<u32>,
}

impl Slots {
    fn new(shards: usize) -> Slots {
        Slots {
            doc: DocGrams::new(),
            grams: RunGrams::new(shards),
            slots: Vec::new(),
            words: HashMap::new(),
            touched: Vec::new(),
        }
    }

    /// Counts one occurrence in document `n` of a word, or a pair, triple (`positional`)
    /// or quad with a word.
    fn add_word(&mut self, n: u32, word: &str, positional: bool, position: u32, field: Field) {
        let index = match self.words.get(word) {
            Some(&index) => index,
            None => {
                let index = self.slots.len() as u32;
                self.words.insert(word.to_owned(), index);
                let mut slot = Slot::default();
                slot.postings.positional = positional;
                self.slots.push(slot);
                index
            }
        };
        let slot = &mut self.slots[index as usize];
        if slot.doc != n + 1 {
            slot.doc = n + 1;
            slot.weight = Weight::default();
            self.touched.push(index);
        }
        if positional {
            slot.positions.push(position);
        }
        slot.weight.add(field);
    }

    /// Ends document `n`: writes the weight of every term it has.
    fn end(&mut self, n: u32) {
        self.grams.end_doc(n, &mut self.doc);
        for index in self.touched.drain(..) {
            let slot = &mut self.slots[index as usize];
            let weight = slot.weight.total();
            if slot.postings.positional {
                slot.postings.push_positions(n, weight, &slot.positions);
                slot.positions.clear();
            } else {
                slot.postings.push(n, weight);
            }
        }
    }

    /// The terms and their postings, packed by shard group.
    fn into_groups(self, shards: usize) -> Vec<Packed> {
        let mut groups: Vec<Packed> = (0..GROUPS).map(|_| Packed::default()).collect();
        // Words first, in arenas sized in advance; the grams' postings follow.
        let mut slots = self.slots;
        let words: Vec<(usize, String, u32)> = self
            .words
            .into_iter()
            .map(|(word, slot)| (group_of(shard_of(&word, shards)), word, slot))
            .collect();
        let mut sizes = vec![(0, 0); GROUPS];
        for (g, _, slot) in &words {
            sizes[*g].0 += slots[*slot as usize].postings.list.len();
            sizes[*g].1 += 1;
        }
        for (packed, (bytes, terms)) in groups.iter_mut().zip(sizes) {
            packed.bytes.reserve_exact(bytes);
            packed.terms.reserve_exact(terms);
        }
        for (g, word, slot) in words {
            let packed = &mut groups[g];
            packed.words.push(word.into_boxed_str());
            // Numbered within the group.
            let key = Key::Word(packed.words.len() as u32 - 1);
            let postings = std::mem::take(&mut slots[slot as usize].postings);
            packed.push(key, &postings);
        }
        drop(slots);
        self.grams.pack(&mut groups);
        groups
    }
}

/// Where the terms of one field of document `n` are counted.
struct Counts<'a> {
    slots: &'a mut Slots,
    n: u32,
    field: Field,
}

impl Sink for Counts<'_> {
    #[inline(always)]
    fn gram(&mut self, a: char, b: Option<char>, _: u32, in_longer: bool) {
        // A gram that ends a longer one is counted from it when the document ends.
        if !in_longer {
            self.slots.doc.add(gram_key(a, b), self.field);
        }
    }

    #[inline(always)]
    fn tri(&mut self, a: char, b: char, c: char, position: u32) {
        self.slots
            .doc
            .add_triple(tri_key(a, b, c), position, self.field);
    }

    #[inline(always)]
    fn quad(&mut self, a: char, b: char, c: char, d: char, position: u32) {
        match quad_key(a, b, c, d) {
            Some(key) => self.slots.doc.add(key, self.field),
            // Characters without a short code (Hangul, the supplementary planes).
            None => {
                let mut text = [0u8; 16];
                let mut len = 0;
                for ch in [a, b, c, d] {
                    len += ch.encode_utf8(&mut text[len..]).len();
                }
                let text = std::str::from_utf8(&text[..len]).unwrap_or_default();
                self.term(Mixed::Quad, text, position);
            }
        }
    }

    fn term(&mut self, kind: Mixed, text: &str, position: u32) {
        let (n, field) = (self.n, self.field);
        let positional = kind == Mixed::Triple;
        self.slots.add_word(n, text, positional, position, field);
    }
}

/// First pass: indexes the documents `first..` of one run, keeps their file entries and
/// drops their text.
fn index_run(first: u32, docs: Vec<Doc>, shards: usize) -> Run {
    let entries = docs
        .iter()
        .map(|d| serde_json::to_string(&d.entry()).unwrap_or_else(|_| "{}".into()))
        .collect();
    let mut slots = Slots::new(shards);
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
            let mut sink = Counts {
                slots: &mut slots,
                n,
                field,
            };
            position = walk(text, position, &mut sink);
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
