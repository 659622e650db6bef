//! The written form of postings (base-64 VLQ) and packed CJK grams.

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

    /// Writes document `doc` of a positional term: its weight and its positions, in order.
    pub(super) fn push_positions(&mut self, doc: u32, weight: u32, positions: &[u32]) {
        self.start(doc);
        write_positions(&mut self.list, weight, positions);
    }
}

/// Calls `each` with the numbers that follow a positional term's document delta:
/// `2 * count + 1` and the weight, or `2 * count` when the weight is the count, then the
/// first position and the deltas to the next ones.
#[inline(always)]
pub(super) fn positions_numbers(weight: u32, positions: &[u32], mut each: impl FnMut(u32)) {
    let count = positions.len() as u32;
    if weight == count {
        each(2 * count);
    } else {
        each(2 * count + 1);
        each(weight);
    }
    let mut last = 0;
    for &position in positions {
        each(position - last);
        last = position;
    }
}

/// Writes what follows a positional term's document delta ([`positions_numbers`]).
pub(super) fn write_positions(out: &mut Vec<u8>, weight: u32, positions: &[u32]) {
    positions_numbers(weight, positions, |n| vlq_push(out, n));
}

/// How many digits [`write_positions`] writes.
pub(super) fn positions_len(weight: u32, positions: &[u32]) -> usize {
    let mut len = 0;
    positions_numbers(weight, positions, |n| len += vlq_len(n));
    len
}

const VLQ_DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `value` as base-64 VLQ digits: 5 bits per digit, least significant first, the
/// 6th bit set on every digit but the last. Values below 32 take one character.
pub fn vlq_push(out: &mut Vec<u8>, value: u32) {
    vlq_each(value, |digit| out.push(digit));
}

/// Calls `each` with the base-64 VLQ digits of `value` ([`vlq_push`]).
#[inline(always)]
pub(super) fn vlq_each(mut value: u32, mut each: impl FnMut(u8)) {
    loop {
        let digit = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            each(VLQ_DIGITS[digit]);
            return;
        }
        each(VLQ_DIGITS[digit | 32]);
    }
}

/// The base-64 VLQ digits of `value` ([`vlq_push`]) in the low bytes of a word, the first
/// lowest, and how many there are. Values below 2^15 (nearly all: positions, weights,
/// deltas) take no branch: the lengths of a record's numbers are more than a branch
/// predictor can guess.
#[inline(always)]
pub(super) fn vlq_word(value: u32) -> (u64, usize) {
    if value >= 1 << 15 {
        let (mut word, mut len) = (0, 0);
        vlq_each(value, |digit| {
            word |= u64::from(digit) << (8 * len);
            len += 1;
        });
        return (word, len);
    }
    let len = 1 + usize::from(value >= 1 << 5) + usize::from(value >= 1 << 10);
    let digit = |i: usize| {
        let more = usize::from(i + 1 < len) << 5;
        u64::from(VLQ_DIGITS[(value >> (5 * i)) as usize & 31 | more]) << (8 * i)
    };
    (digit(0) | digit(1) | digit(2), len)
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
    key >> 42 != 0 && !is_quad(key)
}

/// The tag of a quad's key: its top bit (a triple's key stays below 2^60).
const QUAD: u64 = 1 << 63;

/// A CJK character of a quad in 15 bits: the unified ideographs, extension A, kana and
/// the compatibility ideographs (nearly every character of Chinese and Japanese text),
/// numbered one range after another; `None` for the others (Hangul, the supplementary
/// planes), whose quads are kept by text instead.
#[inline(always)]
fn quad_code(c: char) -> Option<u64> {
    let u = u64::from(u32::from(c));
    match u {
        0x4E00..=0x9FFF => Some(u - 0x4E00),
        0x3400..=0x4DBF => Some(u - 0x3400 + 0x5200),
        0x3040..=0x30FF => Some(u - 0x3040 + 0x6BC0),
        0xF900..=0xFAFF => Some(u - 0xF900 + 0x6C80),
        _ => None,
    }
}

/// The character of a [`quad_code`].
fn quad_char(code: u64) -> char {
    let u = match code {
        0..0x5200 => code + 0x4E00,
        0x5200..0x6BC0 => code - 0x5200 + 0x3400,
        0x6BC0..0x6C80 => code - 0x6BC0 + 0x3040,
        _ => code - 0x6C80 + 0xF900,
    };
    char::from_u32(u as u32).unwrap_or('\u{FFFD}')
}

/// Four CJK characters packed in a number (tagged above every triple key), when each has a
/// [`quad_code`].
#[inline(always)]
pub(super) fn quad_key(a: char, b: char, c: char, d: char) -> Option<u64> {
    Some(QUAD | quad_code(a)? << 45 | quad_code(b)? << 30 | quad_code(c)? << 15 | quad_code(d)?)
}

/// Whether a packed key is a quad's.
pub(super) fn is_quad(key: u64) -> bool {
    key & QUAD != 0
}

/// The characters of a packed gram, triple or quad, and how many there are.
pub(super) fn gram_chars(key: u64) -> ([char; 4], usize) {
    let char_at = |shift: u32| char::from_u32(((key >> shift) & 0x1F_FFFF) as u32);
    let ch = |shift: u32| char_at(shift).unwrap_or('\u{FFFD}');
    if is_quad(key) {
        let code = |shift: u32| quad_char((key >> shift) & 0x7FFF);
        ([code(45), code(30), code(15), code(0)], 4)
    } else if is_tri(key) {
        ([ch(42), ch(21), ch(0), ' '], 3)
    } else if key & 0x1F_FFFF == 0 {
        ([ch(21), ' ', ' ', ' '], 1)
    } else {
        ([ch(21), ch(0), ' ', ' '], 2)
    }
}

/// The shard of a packed gram, without making its text.
pub(super) fn gram_shard(key: u64, shards: usize) -> usize {
    let (chars, n) = gram_chars(key);
    // Four characters of the Basic Multilingual Plane (a quad's) or three of any.
    let mut buf = [0u8; 12];
    let mut len = 0;
    for c in &chars[..n] {
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    fnv1a32(&buf[..len]) as usize % shards
}
