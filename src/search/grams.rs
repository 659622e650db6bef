//! The first pass's tables for CJK grams (single characters, pairs, triples and quads),
//! which make nearly all of a Chinese text's term occurrences.
//!
//! A document's occurrences are counted in [`DocGrams`], a table that stays in cache. A
//! gram that ends a longer one (the pair 洞治 ending 漏洞治, the character 治 ending 洞治)
//! is not looked up at each occurrence: when the document ends, it is counted from the
//! longer ones. Then [`RunGrams`] takes each distinct gram once, finds it in the run's
//! table (asking for its slot a few grams ahead: with a large vocabulary, slots are cache
//! misses) and appends the document's postings for it to a log, one log per shard group,
//! front to back. When the run ends, each log is sorted into its group's arena
//! ([`RunGrams::pack`]). No gram has a list of its own that grows: no allocation per
//! term, no copy as lists double, no write to a scattered list tail per document.

use super::postings::{gram_shard, is_quad, is_tri, positions_len, positions_numbers, vlq_word};
use super::runs::{GROUPS, Key, Packed, Span, group_of};
use super::{Field, Weight};

/// The slot of `key` in a table of `mask + 1` slots (a power of two): a folded multiply,
/// whose high half mixes into the low bits (a single character's key ends in 21 zero
/// bits).
#[inline(always)]
fn home(key: u64, mask: usize) -> usize {
    let product = u128::from(key) * 0x5851_f42d_4c95_7f2d;
    ((product as u64) ^ ((product >> 64) as u64)) as usize & mask
}

/// The kinds of gram, as indexes of [`DocGrams::used`].
const UNIT: usize = 0;
const PAIR: usize = 1;
const TRI: usize = 2;
const QUAD: usize = 3;

/// The kind of a packed key.
#[inline(always)]
fn kind(key: u64) -> usize {
    if is_quad(key) {
        QUAD
    } else if is_tri(key) {
        TRI
    } else {
        usize::from(key & 0x1F_FFFF != 0)
    }
}

/// The key of the gram that ends a triple or a pair: its last two characters or its last.
fn suffix(key: u64) -> u64 {
    if is_tri(key) {
        key & ((1 << 42) - 1)
    } else {
        (key & 0x1F_FFFF) << 21
    }
}

/// How many grams ahead a loop asks for the run's slot of a gram.
const AHEAD: usize = 16;

/// A slot of [`DocGrams`]' table: a gram of the current document and its weight there, in
/// 16 bytes (a document's table stays in the first-level cache as long as it can).
#[derive(Clone, Copy, Default)]
struct DocSlot {
    /// The packed key (0: an empty slot; no gram packs to 0).
    key: u64,
    weight: Weight,
    /// How many positions the gram has (triples only); once they are sorted, where they
    /// end in [`DocGrams::positions`].
    hits: u32,
}

/// An occurrence of a triple: its slot and its position.
struct Hit {
    slot: u32,
    position: u32,
}

/// The CJK grams of the current document, counted in an open-addressing table (linear
/// probing, at most half full) whose used slots are emptied when the document ends.
pub(super) struct DocGrams {
    slots: Vec<DocSlot>,
    /// The used slots, in the order their grams first occur: characters, pairs, triples
    /// and quads apart (no branch on the kind in the loops over them).
    used: [Vec<u32>; 4],
    /// The document's triple occurrences, in order.
    hits: Vec<Hit>,
    /// The triples' positions, triple by triple ([`DocGrams::sort_hits`]).
    positions: Vec<u32>,
}

impl DocGrams {
    pub(super) fn new() -> DocGrams {
        DocGrams {
            slots: vec![DocSlot::default(); 1 << 12],
            used: Default::default(),
            hits: Vec::new(),
            positions: Vec::new(),
        }
    }

    /// Counts one occurrence of a single character, a pair or a quad in `field`.
    #[inline(always)]
    pub(super) fn add(&mut self, key: u64, field: Field) {
        let i = self.slot(key);
        self.slots[i].weight.add(field);
    }

    /// Counts one occurrence of a triple at `position` in `field`.
    #[inline(always)]
    pub(super) fn add_triple(&mut self, key: u64, position: u32, field: Field) {
        let i = self.slot(key);
        let slot = &mut self.slots[i];
        slot.weight.add(field);
        slot.hits += 1;
        self.hits.push(Hit {
            slot: i as u32,
            position,
        });
    }

    /// The slot of `key`, taken if new.
    #[inline(always)]
    fn slot(&mut self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = home(key, mask);
        loop {
            let slot = &mut self.slots[i];
            if slot.key == key {
                return i;
            }
            if slot.key == 0 {
                return self.take(i, key);
            }
            i = (i + 1) & mask;
        }
    }

    /// Takes the empty slot `i` for `key`; returns where it ends up.
    #[inline(always)]
    fn take(&mut self, i: usize, key: u64) -> usize {
        self.slots[i].key = key;
        self.used[kind(key)].push(i as u32);
        let len: usize = self.used.iter().map(Vec::len).sum();
        if len * 2 > self.slots.len() {
            return self.grow(i);
        }
        i
    }

    /// Doubles the table (a long document): its grams move to new slots. Returns the new
    /// slot of the gram in slot `i`.
    #[cold]
    fn grow(&mut self, i: usize) -> usize {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![DocSlot::default(); size]);
        let mask = size - 1;
        let mut moved = vec![0u32; old.len()];
        for at in self.used.iter_mut().flatten() {
            let slot = old[*at as usize];
            let mut j = home(slot.key, mask);
            while self.slots[j].key != 0 {
                j = (j + 1) & mask;
            }
            self.slots[j] = slot;
            moved[*at as usize] = j as u32;
            *at = j as u32;
        }
        for hit in &mut self.hits {
            hit.slot = moved[hit.slot as usize];
        }
        moved[i] as usize
    }

    /// Counts the grams that end longer ones (reported with `in_longer`) from those: each
    /// triple's weight goes to the pair that ends it, then each pair's to the character
    /// that ends it.
    fn derive(&mut self) {
        for kind in [TRI, PAIR] {
            // The shorter grams found are added to `used[kind - 1]`, read next.
            for k in 0..self.used[kind].len() {
                let slot = self.slots[self.used[kind][k] as usize];
                let i = self.slot(suffix(slot.key));
                self.slots[i].weight.merge(slot.weight);
            }
        }
    }

    /// Sorts the triples' positions by triple (a counting sort: each triple's positions
    /// stay in order). Afterwards a triple's `hits` is where its positions end: they
    /// start where the previous triple's (in `used` order) end.
    fn sort_hits(&mut self) {
        let mut start = 0;
        for &i in &self.used[TRI] {
            let slot = &mut self.slots[i as usize];
            let count = slot.hits;
            slot.hits = start;
            start += count;
        }
        self.positions.clear();
        self.positions.resize(start as usize, 0);
        for hit in &self.hits {
            let slot = &mut self.slots[hit.slot as usize];
            self.positions[slot.hits as usize] = hit.position;
            slot.hits += 1;
        }
    }

    /// Empties the table for the next document.
    fn clear(&mut self) {
        for used in &mut self.used {
            for &i in used.iter() {
                self.slots[i as usize] = DocSlot::default();
            }
            used.clear();
        }
        self.hits.clear();
    }
}

/// A gram of the run: where it stands in its group's log, and the last document that
/// has it (16 bytes: four to a cache line).
#[derive(Clone, Copy, Default)]
struct Entry {
    /// The packed key (0: an empty slot; no gram packs to 0).
    key: u64,
    /// The last document written (0 before the first, whose delta is its number).
    last: u32,
    /// The gram's shard group (low [`GROUP_BITS`] bits) and its number in the group.
    place: u32,
}

const _: () = assert!(GROUPS.is_power_of_two());
const GROUP_BITS: u32 = GROUPS.trailing_zeros();

/// The CJK grams of a run: a table from key to [`Entry`] (open addressing, linear
/// probing, at most half full), and their postings in one log per shard group.
pub(super) struct RunGrams {
    entries: Vec<Entry>,
    len: usize,
    shards: usize,
    logs: Vec<Log>,
}

/// The postings of one shard group's grams in a run, document after document.
///
/// Each record holds one gram's postings in one document: the gram's number in the group
/// and the length of its postings (both LEB128), then those postings as they are written
/// (delta, weight, positions). Concatenated gram by gram, they are each gram's postings
/// in the run. Numbers are written a word at a time ([`Out::put`]), so each chunk's bytes
/// run [`Log::SLACK`] past the end of its records.
///
/// The records go into chunks of at most [`Log::CHUNK`] bytes (more for a record that
/// needs it), never moved once written: a log takes what its records take and less than a
/// chunk more, where a doubling vector would take up to twice that and copy it at each
/// doubling. The chunks of a finished run are the same sizes as those of the next one,
/// which reuses their memory.
#[derive(Default)]
struct Log {
    /// Full chunks, each with where its records end.
    full: Vec<(Box<[u8]>, usize)>,
    /// The chunk being written.
    bytes: Box<[u8]>,
    end: usize,
    /// By number: each gram's first document.
    firsts: Vec<u32>,
}

impl Log {
    /// How far the bytes run past the end of the records.
    const SLACK: usize = 32;
    /// The size of a chunk, past the first few (which double from [`Log::FIRST`], so a
    /// small site's logs stay small).
    const CHUNK: usize = 64 * 1024;
    const FIRST: usize = 1024;

    /// Starts a record of at most `len` bytes.
    #[inline(always)]
    fn record(&mut self, len: usize) -> Out<'_> {
        let need = self.end + len + Log::SLACK;
        if self.bytes.len() < need {
            self.next_chunk(len + Log::SLACK);
        }
        Out {
            bytes: &mut self.bytes[self.end..self.end + len + Log::SLACK],
            len: 0,
            end: &mut self.end,
        }
    }

    /// Starts a new chunk with room for at least `need` bytes.
    #[cold]
    fn next_chunk(&mut self, need: usize) {
        let size = (2 * self.bytes.len())
            .clamp(Log::FIRST, Log::CHUNK)
            .max(need);
        let full = std::mem::replace(&mut self.bytes, vec![0; size].into_boxed_slice());
        if self.end > 0 {
            self.full.push((full, self.end));
        }
        self.end = 0;
    }

    /// Calls `f` with each record, in order: the bytes of its chunk, the gram's number, and
    /// where its postings in one document start in the chunk and how long they are.
    #[inline(always)]
    fn for_each_record(&self, mut f: impl FnMut(&[u8], u32, usize, usize)) {
        let last = (&self.bytes, self.end);
        for (chunk, end) in self.full.iter().map(|(b, e)| (b, *e)).chain([last]) {
            let mut at = 0;
            while at < end {
                let number = leb_read(chunk, &mut at);
                let len = leb_read(chunk, &mut at) as usize;
                f(chunk, number, at, len);
                at += len;
            }
        }
    }
}

/// A record being written at the end of a log, a word at a time: each word's bytes past
/// its number's are written over by the next (a write of a fixed size is one store; the
/// length stays in a register until the record is done).
struct Out<'a> {
    bytes: &'a mut [u8],
    len: usize,
    end: &'a mut usize,
}

impl Out<'_> {
    /// Writes the first `len` bytes of `word`.
    #[inline(always)]
    fn put(&mut self, (word, len): (u64, usize)) {
        self.bytes[self.len..self.len + 8].copy_from_slice(&word.to_le_bytes());
        self.len += len;
    }

    #[inline(always)]
    fn finish(self) {
        *self.end += self.len;
    }
}

impl RunGrams {
    /// An empty table for an index of `shards` shards.
    pub(super) fn new(shards: usize) -> RunGrams {
        RunGrams {
            entries: vec![Entry::default(); 1 << 12],
            len: 0,
            shards,
            logs: (0..GROUPS).map(|_| Log::default()).collect(),
        }
    }

    /// Writes the postings of document `n`'s grams (`doc`) and empties `doc`.
    pub(super) fn end_doc(&mut self, n: u32, doc: &mut DocGrams) {
        doc.derive();
        if !doc.hits.is_empty() {
            doc.sort_hits();
        }
        let mut start = 0;
        for kind in [TRI, QUAD, PAIR, UNIT] {
            let used = &doc.used[kind];
            for (k, &i) in used.iter().enumerate() {
                if let Some(&ahead) = used.get(k + AHEAD) {
                    let key = doc.slots[ahead as usize].key;
                    prefetch(&self.entries, home(key, self.entries.len() - 1));
                }
                let gram = doc.slots[i as usize];
                let index = self.find(gram.key, n);
                let entry = &mut self.entries[index];
                let delta = vlq_word(n - entry.last);
                entry.last = n;
                let log = &mut self.logs[(entry.place & (GROUPS as u32 - 1)) as usize];
                let number = entry.place >> GROUP_BITS;
                let weight = gram.weight.total();
                if kind == TRI {
                    let end = gram.hits as usize;
                    let positions = &doc.positions[start..end];
                    start = end;
                    let len = delta.1 + positions_len(weight, positions);
                    let mut out = log.record(5 + 5 + 8 * (3 + positions.len()));
                    out.put(leb_word(number));
                    out.put(leb_word(len as u32));
                    out.put(delta);
                    positions_numbers(weight, positions, |number| out.put(vlq_word(number)));
                    out.finish();
                } else if number < 1 << 7 && delta.1 == 1 && weight < 1 << 5 {
                    // Most records: four bytes, the number, the length (2), the delta and
                    // the weight.
                    let (weight, _) = vlq_word(weight);
                    let word = u64::from(number) | 2 << 8 | (delta.0 & 0xff) << 16 | weight << 24;
                    let mut out = log.record(4);
                    out.put((word, 4));
                    out.finish();
                } else {
                    let weight = vlq_word(weight);
                    let mut out = log.record(5 + 5 + 8 + 8);
                    out.put(leb_word(number));
                    out.put(leb_word((delta.1 + weight.1) as u32));
                    out.put(delta);
                    out.put(weight);
                    out.finish();
                }
            }
        }
        doc.clear();
    }

    /// The slot of `key`, added if new (first written in document `n`).
    #[inline(always)]
    fn find(&mut self, key: u64, n: u32) -> usize {
        let mask = self.entries.len() - 1;
        let mut i = home(key, mask);
        loop {
            let entry = &self.entries[i];
            if entry.key == key {
                return i;
            }
            if entry.key == 0 {
                return self.insert(i, key, n);
            }
            i = (i + 1) & mask;
        }
    }

    /// Takes the empty slot `i` for `key`, first written in document `n`: the next number
    /// in its group's log.
    #[cold]
    fn insert(&mut self, i: usize, key: u64, n: u32) -> usize {
        let group = group_of(gram_shard(key, self.shards));
        let log = &mut self.logs[group];
        let number = log.firsts.len() as u32;
        // 2^26 grams in one group of one run would take some 12 GB of text, past the 4 GB
        // a run's arenas can address (`Span`).
        assert!(
            number < 1 << (32 - GROUP_BITS),
            "too many CJK grams in one run"
        );
        log.firsts.push(n);
        self.entries[i] = Entry {
            key,
            last: 0,
            place: number << GROUP_BITS | group as u32,
        };
        self.len += 1;
        if self.len * 2 > self.entries.len() {
            self.grow();
            return self.find(key, n);
        }
        i
    }

    /// Doubles the table.
    fn grow(&mut self) {
        let size = self.entries.len() * 2;
        let old = std::mem::replace(&mut self.entries, vec![Entry::default(); size]);
        let mask = size - 1;
        for entry in old.into_iter().filter(|e| e.key != 0) {
            let mut i = home(entry.key, mask);
            while self.entries[i].key != 0 {
                i = (i + 1) & mask;
            }
            self.entries[i] = entry;
        }
    }

    /// Moves the grams and their postings into `groups`' arenas, each gram's postings in
    /// one span: each log is read twice, to size each gram's span, then to fill it.
    pub(super) fn pack(self, groups: &mut [Packed]) {
        // By group, then number: each gram's key and last document.
        let mut grams: Vec<Vec<(u64, u32)>> = self
            .logs
            .iter()
            .map(|log| vec![(0, 0); log.firsts.len()])
            .collect();
        for entry in self.entries.into_iter().filter(|e| e.key != 0) {
            let group = (entry.place & (GROUPS as u32 - 1)) as usize;
            grams[group][(entry.place >> GROUP_BITS) as usize] = (entry.key, entry.last);
        }
        for ((log, grams), packed) in self.logs.into_iter().zip(grams).zip(groups) {
            // By number: where the gram's next record goes, and how many bytes its span
            // has left after it.
            let mut cursor = vec![(0u32, 0u32); grams.len()];
            log.for_each_record(|_, number, _, len| cursor[number as usize].1 += len as u32);
            let base = packed.bytes.len();
            let mut end = base as u32;
            for (((key, last), first), at) in grams.into_iter().zip(&log.firsts).zip(&mut cursor) {
                let start = end;
                end += at.1;
                at.0 = start;
                let span = Span {
                    start,
                    end,
                    first: *first,
                    last,
                    positional: is_tri(key),
                };
                packed.terms.push((Key::Gram(key), span));
            }
            packed.bytes.reserve_exact(end as usize - base);
            packed.bytes.resize(end as usize, 0);
            log.for_each_record(|chunk, number, from, len| {
                let (at, left) = &mut cursor[number as usize];
                let to = *at as usize;
                if len <= COPY && *left as usize >= COPY {
                    // The bytes past the record are the gram's, written next. (Each chunk
                    // runs past its last record too.)
                    packed.bytes[to..to + COPY].copy_from_slice(&chunk[from..from + COPY]);
                } else {
                    packed.bytes[to..to + len].copy_from_slice(&chunk[from..from + len]);
                }
                *at += len as u32;
                *left -= len as u32;
            });
        }
    }
}

/// Records of this length or less are copied in one move of this length (no call to
/// `memcpy` for each).
const COPY: usize = Log::SLACK;

/// Asks the processor to bring `items[i]` into the cache, without waiting for it.
#[inline(always)]
fn prefetch<T>(items: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = items.get(i) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch reads nothing the program sees and cannot fault; the
        // pointer is to a live element besides.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((item as *const T).cast()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (items, i);
}

/// `value` in LEB128 (seven bits a byte, least significant first, the high bit set on
/// every byte but the last) in the low bytes of a word, and how many bytes that is;
/// without branches.
#[inline(always)]
fn leb_word(value: u32) -> (u64, usize) {
    let v = u64::from(value);
    let len = 1
        + usize::from(v >= 1 << 7)
        + usize::from(v >= 1 << 14)
        + usize::from(v >= 1 << 21)
        + usize::from(v >= 1 << 28);
    let spread = (v & 0x7f)
        | (v << 1 & 0x7f00)
        | (v << 2 & 0x7f_0000)
        | (v << 3 & 0x7f00_0000)
        | (v << 4 & 0xff_0000_0000);
    let more = 0x80_8080_8080 & ((1u64 << (8 * (len - 1))) - 1);
    (spread | more, len)
}

/// Reads a LEB128 number at `*at` and moves past it.
#[inline(always)]
fn leb_read(bytes: &[u8], at: &mut usize) -> u32 {
    let mut value = 0;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        value |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return value;
        }
        shift += 7;
    }
}
