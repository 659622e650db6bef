//! The written form of postings (base-64 VLQ) and packed CJK grams.

use std::collections::HashMap;

use super::fnv1a32;

/// Postings of one term in their written form, base-64 VLQ numbers (see [`vlq_push`]):
/// for each document, the delta from the previous one, then the weight. A positional term
/// (a triple) has instead, after the delta, `2 * count + 1` and the weight, or `2 * count`
/// when the weight is the count (as for hits in text only), then its `count` positions:
/// the first, and the deltas to the next ones.
#[derive(Debug, Default)]
pub(super) struct Postings {
    /// The first document (written absolute at the start of `list`).
    pub(super) first: u32,
    pub(super) last: Option<u32>,
    pub(super) list: Vec<u8>,
    /// Whether the term keeps positions.
    pub(super) positional: bool,
}

impl Postings {
    /// Starts the postings of document `doc` (after the last one): writes its delta.
    pub(super) fn start(&mut self, doc: u32) {
        let delta = match self.last {
            Some(last) => doc - last,
            None => {
                self.first = doc;
                doc
            }
        };
        self.last = Some(doc);
        vlq_push(&mut self.list, delta);
    }

    pub(super) fn push(&mut self, doc: u32, weight: u32) {
        self.start(doc);
        vlq_push(&mut self.list, weight);
    }

    /// Writes document `doc` of a positional term: its weight and `count` positions, in
    /// order.
    pub(super) fn push_positions(
        &mut self,
        doc: u32,
        weight: u32,
        count: u32,
        positions: impl Iterator<Item = u32>,
    ) {
        self.start(doc);
        if weight == count {
            vlq_push(&mut self.list, 2 * count);
        } else {
            vlq_push(&mut self.list, 2 * count + 1);
            vlq_push(&mut self.list, weight);
        }
        let mut last = 0;
        for (i, position) in positions.enumerate() {
            vlq_push(
                &mut self.list,
                if i == 0 { position } else { position - last },
            );
            last = position;
        }
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

/// A CJK triple packed in a number (above every unigram and pair key).
pub(super) fn tri_key(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// Whether a packed key is a triple's.
pub(super) fn is_tri(key: u64) -> bool {
    key >> 42 != 0
}

/// The characters of a packed gram or triple.
pub(super) fn gram_chars(key: u64) -> ([char; 3], usize) {
    let char_at = |shift: u32| char::from_u32(((key >> shift) & 0x1F_FFFF) as u32);
    let ch = |shift: u32| char_at(shift).unwrap_or('\u{FFFD}');
    if is_tri(key) {
        ([ch(42), ch(21), ch(0)], 3)
    } else if key & 0x1F_FFFF == 0 {
        ([ch(21), ' ', ' '], 1)
    } else {
        ([ch(21), ch(0), ' '], 2)
    }
}

/// The shard of a packed gram, without making its text.
pub(super) fn gram_shard(key: u64, shards: usize) -> usize {
    let (chars, n) = gram_chars(key);
    let mut buf = [0u8; 12];
    let mut len = 0;
    for c in &chars[..n] {
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    fnv1a32(&buf[..len]) as usize % shards
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

/// The first character of the main CJK block, whose unigrams are found in an array.
pub(super) const HAN_FIRST: u32 = 0x4E00;
/// How many characters that block has.
pub(super) const HAN_LEN: usize = 0x9FFF - 0x4E00 + 1;
