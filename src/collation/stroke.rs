//! Mainland stroke order (笔画序), the order of 按笔画排序 rosters.
//!
//! Names are compared character by character; the first character that differs decides:
//! fewer strokes first, then the stroke sequence, first stroke first, each stroke classed
//! 横 (提) < 竖 (竖钩) < 撇 < 点 (捺) < 折. Characters that share a sequence (土 士) follow
//! 《通用规范汉字表》. A name that is a prefix of another sorts first. The sequences come from
//! `strokes.txt` (every character U+4E00..U+9FEF), whose line order *is* this order.
//!
//! A key is a byte string whose plain comparison is this order, made once per name:
//! - a character of the table: `HAN` and its two-byte *slot*, odd, from the line order;
//! - a Han character outside it (extensions A and beyond, compatibility ideographs): `HAN`,
//!   the even slot right after the last table character with as many strokes as ICU's stroke
//!   collation (`zh-u-co-stroke`) counts for it, then its ICU sort key, so it sorts among the
//!   characters of its ICU stroke count, after them, and in ICU order among its like;
//! - a run of other characters (digits, Latin, punctuation): `BEFORE_HAN` or `AFTER_HAN`
//!   (where ICU's stroke collation puts its first character: digits and punctuation before
//!   Chinese, letters after), then the run's ICU sort key.
//!
//! ICU sort keys are escaped so that they hold no zero byte and end with one, which keeps a
//! shorter run or key first, as the whole name's comparison does.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::CollatorBorrowed;

use super::{Atom, collator, is_han, parse_reading};

const DATA: &str = include_str!("strokes.txt");

/// The first and last code points of the table.
const FIRST: u32 = 0x4E00;
const LAST: u32 = 0x9FEF;

/// The first byte of a key element: where the element sorts among the others.
const BEFORE_HAN: u8 = 1;
const HAN: u8 = 2;
const AFTER_HAN: u8 = 3;

/// The highest stroke count probed in ICU's stroke collation (CLDR marks 1 to 64).
const MAX_ICU_STROKES: u32 = 64;

/// A character of the table.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Odd position in stroke order (`2 × line order + 1`).
    slot: u16,
    /// The stroke sequence, digits 1 to 5.
    sequence: &'static str,
}

/// The parsed table: entries by code point, and where uncovered characters go.
struct Table {
    /// Entry of U+4E00 + i.
    entries: Vec<Option<Entry>>,
    /// For a stroke count n, the even slot after every table character of n strokes or fewer.
    after_count: Vec<u16>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut entries = vec![None; (LAST - FIRST + 1) as usize];
    let mut after_count = Vec::new();
    let mut order = 0u16;
    for line in DATA
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let Some((sequence, chars)) = line.split_once(' ') else {
            continue;
        };
        while after_count.len() < sequence.len() {
            after_count.push(2 * order);
        }
        for c in chars.chars() {
            if let Some(entry) = (c as u32)
                .checked_sub(FIRST)
                .and_then(|i| entries.get_mut(i as usize))
            {
                *entry = Some(Entry {
                    slot: 2 * order + 1,
                    sequence,
                });
                order += 1;
            }
        }
    }
    after_count.push(2 * order);
    Table {
        entries,
        after_count,
    }
});

fn entry(c: char) -> Option<Entry> {
    let i = (c as u32).checked_sub(FIRST)?;
    TABLE.entries.get(i as usize).copied().flatten()
}

/// The stroke sequence of `c` (digits 1 to 5), if the table has it.
pub fn sequence(c: char) -> Option<&'static str> {
    entry(c).map(|e| e.sequence)
}

/// The most strokes a character of the table has.
pub fn max_strokes() -> u32 {
    TABLE.after_count.len().saturating_sub(1) as u32
}

/// Whether `c` is a Chinese character that the table has no sequence for.
pub fn is_uncovered(c: char) -> bool {
    is_han(c) && entry(c).is_none()
}

/// How many strokes ICU's stroke collation (`collator`, `zh-u-co-stroke`) counts for `c`:
/// CLDR marks the start of each count with `U+FDD0` and a Braille pattern of that number.
pub fn icu_strokes(collator: &CollatorBorrowed<'_>, c: char) -> u32 {
    let mut text = String::with_capacity(8);
    text.push(c);
    let starts_before = |n: u32| {
        let mark: String = ['\u{FDD0}', char::from_u32(0x2800 + n).unwrap_or('\u{2800}')]
            .into_iter()
            .collect();
        collator.compare(&mark, &text) == Ordering::Less
    };
    // The largest count whose mark sorts before `c` (the marks are in increasing order).
    let (mut low, mut high) = (0, MAX_ICU_STROKES);
    while low < high {
        let mid = (low + high).div_ceil(2);
        if starts_before(mid) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    low
}

/// The stroke-order key of `text` (see the module documentation).
pub fn key(text: &str, collator: &CollatorBorrowed<'_>) -> Vec<u8> {
    let mut key = Vec::with_capacity(text.len() * 2);
    let mut run = String::new();
    for c in text.chars() {
        if !is_han(c) {
            run.push(c);
            continue;
        }
        push_run(&mut key, &mut run, collator);
        key.push(HAN);
        match entry(c) {
            Some(e) => key.extend(e.slot.to_be_bytes()),
            None => {
                let count = icu_strokes(collator, c) as usize;
                let table = &*TABLE;
                let slot = table.after_count[count.min(table.after_count.len() - 1)];
                key.extend(slot.to_be_bytes());
                push_icu(&mut key, &c.to_string(), collator);
            }
        }
    }
    push_run(&mut key, &mut run, collator);
    key
}

/// Appends a run of non-Han characters, if any, and empties it.
fn push_run(key: &mut Vec<u8>, run: &mut String, collator: &CollatorBorrowed<'_>) {
    let Some(first) = run.chars().next() else {
        return;
    };
    let mut first_text = String::new();
    first_text.push(first);
    let before = collator.compare(&first_text, "\u{4E00}") == Ordering::Less;
    key.push(if before { BEFORE_HAN } else { AFTER_HAN });
    push_icu(key, run, collator);
    run.clear();
}

/// Appends the ICU sort key of `text`, escaped (0 → 1 1, 1 → 1 2) and ended with 0.
fn push_icu(key: &mut Vec<u8>, text: &str, collator: &CollatorBorrowed<'_>) {
    let mut icu = Vec::new();
    let Ok(()) = collator.write_sort_key_to(text, &mut icu);
    for byte in icu {
        match byte {
            0 | 1 => key.extend([1, byte + 1]),
            _ => key.push(byte),
        }
    }
    key.push(0);
}

/// ICU's stroke collation, for the characters the stroke table lacks.
static STROKE_COLLATOR: LazyLock<Option<CollatorBorrowed<'static>>> =
    LazyLock::new(|| collator("zh-u-co-stroke"));

/// The characters a `sort_as` written in Chinese characters puts first in stroke order;
/// `None` for a reading in pinyin (a reading does not change strokes) or an invalid one.
fn stroke_prefix(sort_as: Option<&str>) -> Option<Vec<char>> {
    parse_reading(sort_as?)
        .ok()?
        .iter()
        .map(|atom| match atom {
            Atom::Han(c) => Some(*c),
            Atom::Syllable { .. } => None,
        })
        .collect()
}

/// The text ordered by strokes: the name, with as many leading characters as `sort_as` has
/// replaced by it when `sort_as` is written in Chinese characters.
pub fn stroke_text(name: &str, sort_as: Option<&str>) -> String {
    match stroke_prefix(sort_as) {
        Some(prefix) => prefix
            .iter()
            .copied()
            .chain(name.chars().skip(prefix.len()))
            .collect(),
        None => name.to_string(),
    }
}

/// A Chinese character of a name that the stroke table has no sequence for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uncovered {
    /// The character.
    pub character: char,
    /// Its stroke count in ICU's stroke collation, which places it.
    pub icu_strokes: u32,
}

impl Uncovered {
    /// Where stroke order puts the character, for a warning.
    pub fn placement(&self) -> String {
        if self.icu_strokes >= max_strokes() {
            "after every character that has a sequence".to_string()
        } else {
            format!(
                "after the characters of {} strokes that have one (ICU's stroke count)",
                self.icu_strokes
            )
        }
    }
}

/// The characters of the stroke text of a name (see [`stroke_text`]) that the stroke table
/// lacks, each once, in the order they appear.
pub fn uncovered_strokes(name: &str, sort_as: Option<&str>) -> Vec<Uncovered> {
    let mut found: Vec<Uncovered> = Vec::new();
    for c in stroke_text(name, sort_as).chars() {
        if is_uncovered(c) && found.iter().all(|u| u.character != c) {
            let icu_strokes = STROKE_COLLATOR
                .as_ref()
                .map_or(0, |collator| icu_strokes(collator, c));
            found.push(Uncovered {
                character: c,
                icu_strokes,
            });
        }
    }
    found
}

#[cfg(test)]
#[path = "stroke_tests.rs"]
mod tests;
