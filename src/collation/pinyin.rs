//! Pinyin readings: parsing a unit's `sort_as` (`chong2qing4`, `chóngqìng`, `chongqing`, or
//! Chinese characters) and mapping each syllable to a character that ICU4X's `zh`
//! collation sorts under that reading.
//!
//! ICU collates Chinese character by character, each with one reading. A syllable is
//! therefore collated as a *representative*: the character ICU sorts first among the
//! characters of that reading and tone (`syllables.txt`). A reading written without tones
//! uses the syllable's first tone that has characters.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

const TABLE: &str = include_str!("syllables.txt");

/// The longest pinyin syllables (`zhuang`, `shuang`, `chuang`) have six letters.
const LONGEST: usize = 6;

/// Syllable (with `ü`) to the representatives of tones 1 to 4, in file (= ICU) order.
static SYLLABLES: LazyLock<HashMap<&'static str, [Option<char>; 4]>> = LazyLock::new(|| {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let (syllable, chars) = line.split_once(' ')?;
            let mut slots = [None; 4];
            for (slot, c) in slots.iter_mut().zip(chars.chars()) {
                if c != '-' {
                    *slot = Some(c);
                }
            }
            Some((syllable, slots))
        })
        .collect()
});

/// Every syllable of the table with its representatives, in ICU order.
#[cfg(test)]
pub(crate) fn table() -> impl Iterator<Item = (&'static str, [Option<char>; 4])> {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once(' ').map(|(s, _)| s))
        .filter_map(|s| SYLLABLES.get(s).map(|slots| (s, *slots)))
}

/// One element of a reading: a Chinese character as written, or a pinyin syllable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// A Chinese character, collated as itself.
    Han(char),
    /// A pinyin syllable (with `ü`), with its tone (1 to 4) when one was written.
    Syllable {
        /// The syllable, lower case, e.g. `chong` or `lüe`.
        text: String,
        /// The tone, 1 to 4; `None` when unwritten or neutral.
        tone: Option<u8>,
    },
}

impl Atom {
    /// The character collated for this atom.
    pub fn representative(&self) -> char {
        match self {
            Atom::Han(c) => *c,
            Atom::Syllable { text, tone } => {
                let slots = lookup(text).copied().unwrap_or([None; 4]);
                let wanted = tone.map_or(0, |t| usize::from(t.clamp(1, 4)) - 1);
                // The written tone, else the next tone that has characters, else the last one.
                slots[wanted..]
                    .iter()
                    .chain(slots[..wanted].iter().rev())
                    .find_map(|c| *c)
                    .unwrap_or('\u{4E00}')
            }
        }
    }
}

/// The table entry of a syllable; `lue`/`nue` are accepted for `lüe`/`nüe`.
fn lookup(syllable: &str) -> Option<&'static [Option<char>; 4]> {
    SYLLABLES.get(syllable).or_else(|| match syllable {
        "lue" => SYLLABLES.get("lüe"),
        "nue" => SYLLABLES.get("nüe"),
        _ => None,
    })
}

/// Whether `c` is a CJK ideograph (the ranges unit names use).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A letter of pinyin: its base letter and the tone its mark gives, if any.
fn letter(c: char) -> Option<(char, Option<u8>)> {
    if c.is_ascii_alphabetic() {
        let c = c.to_ascii_lowercase();
        return Some((if c == 'v' { 'ü' } else { c }, None));
    }
    const MARKED: [(&str, char); 6] = [
        ("āáǎà", 'a'),
        ("ēéěè", 'e'),
        ("īíǐì", 'i'),
        ("ōóǒò", 'o'),
        ("ūúǔù", 'u'),
        ("ǖǘǚǜ", 'ü'),
    ];
    if matches!(c, 'ü' | 'Ü') {
        return Some(('ü', None));
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    MARKED.iter().find_map(|(marks, base)| {
        marks
            .chars()
            .position(|m| m == lower)
            .map(|i| (*base, Some(i as u8 + 1)))
    })
}

/// Parses a reading: pinyin syllables (tone digits 1-5 or tone marks optional; syllables
/// may be run together or separated by spaces, `'` or `-`) and Chinese characters.
pub fn parse(text: &str) -> Result<Vec<Atom>, String> {
    let mut atoms = Vec::new();
    let mut letters: Vec<(char, Option<u8>)> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_han(c) {
            flush(&mut letters, None, &mut atoms)?;
            atoms.push(Atom::Han(c));
        } else if let Some((base, tone)) = letter(c) {
            if base == 'u' && chars.peek() == Some(&':') {
                chars.next();
                letters.push(('ü', tone));
            } else {
                letters.push((base, tone));
            }
        } else if let Some(digit) = c.to_digit(10) {
            if letters.is_empty() || digit > 5 {
                return Err(format!(
                    "`{c}` is not a tone: write tones 1 to 5 right after a syllable, e.g. `chong2qing4`"
                ));
            }
            flush(&mut letters, Some(digit as u8), &mut atoms)?;
        } else if matches!(c, ' ' | '\'' | '’' | '-' | '·' | '_') {
            flush(&mut letters, None, &mut atoms)?;
        } else {
            return Err(format!(
                "`{c}` cannot be part of a reading: use pinyin or Chinese characters"
            ));
        }
    }
    flush(&mut letters, None, &mut atoms)?;
    if atoms.is_empty() {
        return Err("the reading is empty".to_string());
    }
    Ok(atoms)
}

/// Turns a run of letters into syllables; `tone` (a written digit) goes to the last one.
fn flush(
    letters: &mut Vec<(char, Option<u8>)>,
    tone: Option<u8>,
    atoms: &mut Vec<Atom>,
) -> Result<(), String> {
    if letters.is_empty() {
        return Ok(());
    }
    let word: Vec<char> = letters.iter().map(|(c, _)| *c).collect();
    let Some(ranges) = segment(&word) else {
        let text: String = word.iter().collect();
        return Err(format!("`{text}` is not a sequence of pinyin syllables"));
    };
    let last = ranges.len() - 1;
    for (i, range) in ranges.into_iter().enumerate() {
        let marked = letters[range.clone()].iter().find_map(|(_, t)| *t);
        let tone = marked
            .or(if i == last { tone } else { None })
            .filter(|t| (1..=4).contains(t));
        atoms.push(Atom::Syllable {
            text: word[range].iter().collect(),
            tone,
        });
    }
    letters.clear();
    Ok(())
}

/// Splits `word` into syllables, longest first, backtracking where needed.
fn segment(word: &[char]) -> Option<Vec<Range<usize>>> {
    fn go(
        word: &[char],
        start: usize,
        failed: &mut Vec<bool>,
        out: &mut Vec<Range<usize>>,
    ) -> bool {
        if start == word.len() {
            return true;
        }
        if failed[start] {
            return false;
        }
        for len in (1..=LONGEST.min(word.len() - start)).rev() {
            let candidate: String = word[start..start + len].iter().collect();
            if lookup(&candidate).is_some() {
                out.push(start..start + len);
                if go(word, start + len, failed, out) {
                    return true;
                }
                out.pop();
            }
        }
        failed[start] = true;
        false
    }
    let mut out = Vec::new();
    let mut failed = vec![false; word.len()];
    go(word, 0, &mut failed, &mut out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syllables(text: &str) -> Vec<(String, Option<u8>)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|a| match a {
                Atom::Syllable { text, tone } => (text, tone),
                Atom::Han(c) => (c.to_string(), None),
            })
            .collect()
    }

    #[test]
    fn readings_in_every_spelling() {
        let expected = vec![
            ("chong".to_string(), Some(2)),
            ("qing".to_string(), Some(4)),
        ];
        assert_eq!(syllables("chong2qing4"), expected);
        assert_eq!(syllables("Chóngqìng"), expected);
        assert_eq!(syllables("chong2 qing4"), expected);
        assert_eq!(
            syllables("changsha"),
            vec![("chang".to_string(), None), ("sha".to_string(), None)]
        );
        assert_eq!(
            syllables("xi'an"),
            vec![("xi".into(), None), ("an".into(), None)]
        );
        assert_eq!(syllables("lv3"), vec![("lü".into(), Some(3))]);
        assert_eq!(syllables("nu:3"), vec![("nü".into(), Some(3))]);
        assert_eq!(
            syllables("崇庆"),
            vec![("崇".into(), None), ("庆".into(), None)]
        );
    }

    #[test]
    fn bad_readings_are_explained() {
        assert!(
            parse("xyz")
                .unwrap_err()
                .contains("not a sequence of pinyin")
        );
        assert!(parse("2chong").unwrap_err().contains("not a tone"));
        assert!(parse("chong!").unwrap_err().contains("cannot be part"));
        assert!(parse("  ").is_err());
        // Backtracking is linear even for long garbage.
        assert!(parse(&"a".repeat(500).replace('a', "q")).is_err());
    }

    #[test]
    fn representatives_fall_back_to_a_tone_that_exists() {
        let rep = |t| Atom::Syllable {
            text: "chang".into(),
            tone: t,
        };
        assert_eq!(rep(Some(2)).representative(), '仧');
        assert_eq!(rep(None).representative(), '伥');
        assert_eq!(
            Atom::Syllable {
                text: "lü".into(),
                tone: Some(1)
            }
            .representative(),
            '驴'
        );
    }
}
