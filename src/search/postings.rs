//! The written form of postings (base-64 VLQ), packed CJK grams and the per-document
//! term counts the index is built from.

use std::collections::HashMap;

use super::fnv1a32;
use super::tokenize::Term;

/// Postings of one term in their written form: for each document, the delta from the
/// previous one and the weight, each as a base-64 VLQ (see [`vlq_push`]).
#[derive(Debug, Default)]
pub(super) struct Postings {
    /// The first document (written absolute at the start of `list`).
    first: u32,
    last: Option<u32>,
    pub(super) list: Vec<u8>,
}

impl Postings {
    pub(super) fn push(&mut self, doc: u32, weight: u32) {
        let delta = match self.last {
            Some(last) => doc - last,
            None => {
                self.first = doc;
                doc
            }
        };
        self.last = Some(doc);
        vlq_push(&mut self.list, delta);
        vlq_push(&mut self.list, weight);
    }

    /// Appends the postings of later documents.
    pub(super) fn append(&mut self, next: Postings) {
        let Some(last) = self.last else {
            *self = next;
            return;
        };
        if next.last.is_none() {
            return;
        }
        // `next` starts with its first document, absolute: rewrite it as a delta.
        vlq_push(&mut self.list, next.first - last);
        self.list
            .extend_from_slice(&next.list[vlq_len(next.first)..]);
        self.last = next.last;
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

/// How many digits [`vlq_push`] writes for `value`.
pub(super) fn vlq_len(value: u32) -> usize {
    (32 - value.leading_zeros() as usize).div_ceil(5).max(1)
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
pub(super) fn gram_key(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(0, u64::from)
}

/// The characters of a packed gram.
fn gram_chars(key: u64) -> (char, Option<char>) {
    let a = char::from_u32((key >> 21) as u32).unwrap_or('\u{FFFD}');
    let b = match key & 0x1F_FFFF {
        0 => None,
        b => Some(char::from_u32(b as u32).unwrap_or('\u{FFFD}')),
    };
    (a, b)
}

/// The shard of a packed gram, without making its text.
pub(super) fn gram_shard(key: u64, shards: usize) -> usize {
    let (a, b) = gram_chars(key);
    let mut buf = [0u8; 8];
    let mut len = a.encode_utf8(&mut buf).len();
    if let Some(b) = b {
        len += b.encode_utf8(&mut buf[len..]).len();
    }
    fnv1a32(&buf[..len]) as usize % shards
}

pub(super) fn gram_text(key: u64) -> String {
    let (a, b) = gram_chars(key);
    std::iter::once(a).chain(b).collect()
}

/// A multiplicative hasher for the packed gram keys (SipHash would dominate indexing).
#[derive(Default)]
pub(super) struct KeyHasher(u64);

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

pub(super) type KeyMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The first character of the main CJK block, counted in [`Counts::han`].
const HAN_FIRST: u32 = 0x4E00;
/// How many characters that block has.
const HAN_LEN: usize = 0x9FFF - 0x4E00 + 1;

/// The weights of one document's terms. Characters of the main CJK block, a third of all
/// terms, are counted in an array (no hashing); other grams and words in maps.
pub(super) struct Counts {
    han: Vec<u32>,
    touched: Vec<u16>,
    grams: KeyMap<u32>,
    words: HashMap<String, u32>,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            han: vec![0; HAN_LEN],
            touched: Vec::new(),
            grams: KeyMap::default(),
            words: HashMap::new(),
        }
    }
}

impl Counts {
    #[inline(always)]
    pub(super) fn add(&mut self, term: Term, weight: u32) {
        match term {
            Term::Gram(a, None) if (a as u32).wrapping_sub(HAN_FIRST) < HAN_LEN as u32 => {
                let i = (a as u32 - HAN_FIRST) as usize;
                if self.han[i] == 0 {
                    self.touched.push(i as u16);
                }
                self.han[i] += weight;
            }
            Term::Gram(a, b) => *self.grams.entry(gram_key(a, b)).or_default() += weight,
            Term::Word(w) => *self.words.entry(w).or_default() += weight,
        }
    }

    /// Hands over every term with its weight and starts afresh.
    pub(super) fn drain(
        &mut self,
        mut gram: impl FnMut(u64, u32),
        mut word: impl FnMut(String, u32),
    ) {
        for i in self.touched.drain(..) {
            let c = char::from_u32(HAN_FIRST + u32::from(i)).unwrap_or('\u{FFFD}');
            gram(
                gram_key(c, None),
                std::mem::take(&mut self.han[usize::from(i)]),
            );
        }
        for (key, weight) in self.grams.drain() {
            gram(key, weight);
        }
        for (w, weight) in self.words.drain() {
            word(w, weight);
        }
    }
}
