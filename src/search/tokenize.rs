//! Splitting text into search terms, without a dictionary.
//!
//! Chinese is written without spaces and a query such as 漏洞治理 must find 漏洞治理工作
//! however a word segmenter would cut it. Text is read as *units*: each CJK character, and
//! each run of other letters and digits (CAPPSEC, 2025, APP) as one lowercase word. Every
//! unit is a term (漏, 洞, 2025), and so is every pair of units with nothing between them
//! (漏洞, 2025年) and every quad (漏洞治理, 2025年1月); every triple (漏洞治, 2025年1) is a term
//! with its positions, so a query of three units, or five or more, is checked as a phrase
//! (triples one after another), not as pairs anywhere in the text. A query of four units
//! looks up its quad: a four-character word (支撑单位) needs no positions.
//! `templates/assets/search.js` implements the same rules for queries: keep the two in
//! step (the tests here and in `query.rs` state them).

/// A term of the index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// One CJK character, or two adjacent ones.
    Gram(char, Option<char>),
    /// A lowercase run of other letters and digits.
    Word(String),
    /// A word and a CJK character next to each other, in either order (2025年, 第123).
    Pair(String),
    /// Three adjacent CJK characters: kept with positions.
    Tri(char, char, char),
    /// Three adjacent units with a word among them (2025年1): kept with positions.
    Triple(String),
    /// Four adjacent units (漏洞治理, 2025年1月): kept without positions.
    Quad(String),
}

impl Term {
    /// The term as the index and `search.js` spell it.
    pub fn text(&self) -> String {
        match self {
            Term::Gram(a, Some(b)) => [*a, *b].iter().collect(),
            Term::Gram(a, None) => a.to_string(),
            Term::Tri(a, b, c) => [*a, *b, *c].iter().collect(),
            Term::Word(w) | Term::Pair(w) | Term::Triple(w) | Term::Quad(w) => w.clone(),
        }
    }

    /// Whether the term is a single unit (a character or a word).
    pub fn is_unit(&self) -> bool {
        matches!(self, Term::Gram(_, None) | Term::Word(_))
    }

    /// Whether the index keeps the term's positions (triples).
    pub fn is_positional(&self) -> bool {
        matches!(self, Term::Tri(..) | Term::Triple(_))
    }
}

/// Words longer than this are cut (long hashes or URLs would only bloat the index).
pub const MAX_WORD_CHARS: usize = 32;

/// Whether `c` is written without spaces between words (Han, kana, Hangul): such runs are
/// cut into bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3FFFF) // CJK Extensions B and later
}

/// Calls `each` with `c` folded: full-width forms (ＣＡＰＰ, ２０２５) to ASCII, then
/// lowercase. ASCII and CJK (which has no case) skip the Unicode tables.
#[inline]
fn fold(c: char, mut each: impl FnMut(char)) {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        each(c.to_ascii_lowercase());
    } else if is_cjk(c) {
        each(c);
    } else {
        c.to_lowercase().for_each(each);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// The folded class of `c` without the Unicode tables where that is certain: ASCII, CJK,
/// full-width ASCII, and the punctuation blocks of Chinese text (general punctuation,
/// CJK symbols, vertical and small forms), which hold no letters, digits or case.
/// `None`: ask [`fold`] and [`class`].
#[inline]
fn quick(c: char) -> Option<(Class, char)> {
    let u = c as u32;
    let ascii = |a: u8| {
        if a.is_ascii_alphanumeric() {
            (Class::Word, char::from(a.to_ascii_lowercase()))
        } else {
            (Class::Other, char::from(a))
        }
    };
    match u {
        0..=0x7F => Some(ascii(u as u8)),
        0xFF01..=0xFF5E => Some(ascii((u - 0xFEE0) as u8)),
        0x80..=0xA9 | 0x2000..=0x206F | 0x2E30..=0x3004 | 0x3008..=0x3020 | 0xFE10..=0xFE6F => {
            Some((Class::Other, c))
        }
        _ if is_cjk(c) => Some((Class::Cjk, c)),
        _ => None,
    }
}

/// Calls `each` with every term occurrence of `text` and its position, in order: for each
/// unit, its pair with the unit before it, its triple with the two before it (each at the
/// position of its first unit), then the unit itself. Positions count units from `start`,
/// and a separator between units counts as one, so triples at positions `p` and `p + 3`
/// are always part of one unbroken run. Returns the position after the text (plus one, to
/// separate it from what follows).
#[inline(always)]
pub fn for_each_term(text: &str, start: u32, each: impl FnMut(Term, u32)) -> u32 {
    walk(text, start, &mut Each(each))
}

/// What [`walk`] reports: the terms of a text, in the order [`for_each_term`] calls them,
/// CJK grams as their characters (the indexer counts them without making a [`Term`]).
pub(super) trait Sink {
    /// A CJK character (`b` is `None`) or a pair of them at `position`. `in_longer`: the
    /// gram ends the longer one reported with its last character (the pair `a b` ends the
    /// triple `z a b` reported next; the character ends the pair reported just before), so
    /// an indexer can count it from that one.
    fn gram(&mut self, a: char, b: Option<char>, position: u32, in_longer: bool);
    /// Three CJK characters at `position`.
    fn tri(&mut self, a: char, b: char, c: char, position: u32);
    /// Four CJK characters at `position`.
    fn quad(&mut self, a: char, b: char, c: char, d: char, position: u32);
    /// A word, or a pair, triple or quad with a word (`kind`), spelt `text`.
    fn term(&mut self, kind: Mixed, text: &str, position: u32);
}

/// The kind of a term that [`walk`] reports by its text: one with a word in it (or a quad
/// of characters the indexer keeps by text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mixed {
    Word,
    Pair,
    Triple,
    Quad,
}

impl Mixed {
    /// The term of this kind spelt `text`.
    pub(super) fn term(self, text: String) -> Term {
        match self {
            Mixed::Word => Term::Word(text),
            Mixed::Pair => Term::Pair(text),
            Mixed::Triple => Term::Triple(text),
            Mixed::Quad => Term::Quad(text),
        }
    }
}

/// A closure as a [`Sink`].
struct Each<F>(F);

impl<F: FnMut(Term, u32)> Sink for Each<F> {
    #[inline(always)]
    fn gram(&mut self, a: char, b: Option<char>, position: u32, _: bool) {
        (self.0)(Term::Gram(a, b), position);
    }

    #[inline(always)]
    fn tri(&mut self, a: char, b: char, c: char, position: u32) {
        (self.0)(Term::Tri(a, b, c), position);
    }

    #[inline(always)]
    fn quad(&mut self, a: char, b: char, c: char, d: char, position: u32) {
        (self.0)(Term::Quad([a, b, c, d].iter().collect()), position);
    }

    #[inline(always)]
    fn term(&mut self, kind: Mixed, text: &str, position: u32) {
        (self.0)(kind.term(text.to_string()), position);
    }
}

/// Reports every term occurrence of `text` to `sink` ([`for_each_term`]); returns the
/// position after the text.
#[inline(always)]
pub(super) fn walk(text: &str, start: u32, sink: &mut impl Sink) -> u32 {
    let mut w = Walker {
        word: String::new(),
        word_chars: 0,
        word_joined: false,
        joined: false,
        one: Prev::None,
        two: Prev::None,
        three: Prev::None,
        w1: String::new(),
        w2: String::new(),
        w3: String::new(),
        text: String::new(),
        position: start,
        sink,
    };
    for c in text.chars() {
        match quick(c) {
            Some((class, c)) => w.step(class, c),
            None => fold(c, |c| w.step(class(c), c)),
        }
    }
    w.flush();
    w.position + 1
}

/// A unit before the current one, while they run into each other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    None,
    Cjk(char),
    /// A word (its text in [`Walker::w1`], [`Walker::w2`] or [`Walker::w3`]).
    Word,
}

/// Puts into `text` the text of `units` (each a character, or a word spelt by its
/// string); returns it, for the caller to add the current unit.
fn spell<'t>(text: &'t mut String, units: &[(Prev, &String)]) -> &'t mut String {
    text.clear();
    for (unit, word) in units {
        unit.push_to(text, word);
    }
    text
}

impl Prev {
    /// Appends the unit's text to `out`: its character, or `word`, its text as a word.
    fn push_to(self, out: &mut String, word: &str) {
        match self {
            Prev::Cjk(c) => out.push(c),
            Prev::Word => out.push_str(word),
            Prev::None => {}
        }
    }
}

/// Splits folded text into units (CJK characters and words; everything else separates
/// them) and reports their terms. One loop with its state in locals: no call per unit.
struct Walker<'a, S> {
    /// The word being read, its length in characters, and whether it runs into the unit
    /// before it.
    word: String,
    word_chars: usize,
    word_joined: bool,
    /// Whether the last character read belongs to a unit.
    joined: bool,
    /// The three units before the current one while they run into it, and their texts
    /// when they are words (`w1` the last's, `w2` the one before's, `w3` the one before
    /// that's).
    one: Prev,
    two: Prev,
    three: Prev,
    w1: String,
    w2: String,
    w3: String,
    /// Where the text of a term with a word is put together (no allocation per term).
    text: String,
    position: u32,
    sink: &'a mut S,
}

impl<S: Sink> Walker<'_, S> {
    #[inline(always)]
    fn step(&mut self, class: Class, c: char) {
        match class {
            Class::Cjk => {
                self.flush();
                self.cjk(c, self.joined);
                self.joined = true;
            }
            Class::Word => {
                if self.word.is_empty() {
                    self.word_joined = self.joined;
                }
                if self.word_chars < MAX_WORD_CHARS {
                    self.word.push(c);
                    self.word_chars += 1;
                }
                self.joined = true;
            }
            Class::Other => {
                self.flush();
                self.joined = false;
            }
        }
    }

    #[inline(always)]
    fn flush(&mut self) {
        if !self.word.is_empty() {
            let word = std::mem::take(&mut self.word);
            self.word(word, self.word_joined);
        }
        self.word_chars = 0;
    }

    /// A unit begins: a separator before it breaks the run.
    #[inline(always)]
    fn unit(&mut self, joined: bool) {
        if !joined {
            (self.one, self.two, self.three) = (Prev::None, Prev::None, Prev::None);
            self.position += 1;
        }
    }

    #[inline(always)]
    fn cjk(&mut self, c: char, joined: bool) {
        self.unit(joined);
        let (position, w1, w2, w3) = (self.position, &self.w1, &self.w2, &self.w3);
        let (sink, text) = (&mut *self.sink, &mut self.text);
        match (self.two, self.one) {
            (_, Prev::None) => {}
            (Prev::None, Prev::Cjk(a)) => sink.gram(a, Some(c), position - 1, false),
            (Prev::Cjk(z), Prev::Cjk(a)) => {
                sink.gram(a, Some(c), position - 1, true);
                sink.tri(z, a, c, position - 2);
            }
            (Prev::Word, one @ Prev::Cjk(a)) => {
                sink.gram(a, Some(c), position - 1, false);
                spell(text, &[(Prev::Word, w2), (one, w1)]).push(c);
                sink.term(Mixed::Triple, text, position - 2);
            }
            (two, Prev::Word) => {
                spell(text, &[(Prev::Word, w1)]).push(c);
                sink.term(Mixed::Pair, text, position - 1);
                if let Prev::Cjk(_) = two {
                    spell(text, &[(two, w2), (Prev::Word, w1)]).push(c);
                    sink.term(Mixed::Triple, text, position - 2);
                }
            }
        }
        match (self.three, self.two, self.one) {
            (Prev::Cjk(x), Prev::Cjk(z), Prev::Cjk(a)) => sink.quad(x, z, a, c, position - 3),
            (Prev::None, _, _) | (_, Prev::None, _) | (_, _, Prev::None) => {}
            (three, two, one) => {
                spell(text, &[(three, w3), (two, w2), (one, w1)]).push(c);
                sink.term(Mixed::Quad, text, position - 3);
            }
        }
        sink.gram(c, None, position, matches!(self.one, Prev::Cjk(_)));
        (self.three, self.two) = (self.two, self.one);
        std::mem::swap(&mut self.w2, &mut self.w3);
        std::mem::swap(&mut self.w1, &mut self.w2);
        self.one = Prev::Cjk(c);
        self.position += 1;
    }

    fn word(&mut self, w: String, joined: bool) {
        self.unit(joined);
        let (position, w1, w2, w3) = (self.position, &self.w1, &self.w2, &self.w3);
        let (sink, text) = (&mut *self.sink, &mut self.text);
        // A word follows a character, never a word.
        if let one @ Prev::Cjk(_) = self.one {
            spell(text, &[(one, w1)]).push_str(&w);
            sink.term(Mixed::Pair, text, position - 1);
            if self.two != Prev::None {
                spell(text, &[(self.two, w2), (one, w1)]).push_str(&w);
                sink.term(Mixed::Triple, text, position - 2);
                if self.three != Prev::None {
                    spell(text, &[(self.three, w3), (self.two, w2), (one, w1)]).push_str(&w);
                    sink.term(Mixed::Quad, text, position - 3);
                }
            }
        }
        sink.term(Mixed::Word, &w, position);
        // The words move back one place; the oldest one's buffer reads the next word.
        (self.three, self.two) = (self.two, self.one);
        let oldest = std::mem::replace(
            &mut self.w3,
            std::mem::replace(&mut self.w2, std::mem::replace(&mut self.w1, w)),
        );
        if self.word.capacity() == 0 {
            self.word = oldest;
            self.word.clear();
        }
        self.one = Prev::Word;
        self.position += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_term(text, 0, |t, _| out.push(t.text()));
        out
    }

    fn positions(text: &str) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        for_each_term(text, 0, |t, p| out.push((t.text(), p)));
        out
    }

    #[test]
    fn cjk_runs_become_unigrams_and_bigrams() {
        assert_eq!(all("遴选"), ["遴", "遴选", "选"]);
        assert_eq!(all("遴选，"), ["遴", "遴选", "选"]);
        assert_eq!(
            all("漏洞治理"),
            [
                "漏",
                "漏洞",
                "洞",
                "洞治",
                "漏洞治",
                "治",
                "治理",
                "洞治理",
                "漏洞治理",
                "理"
            ]
        );
        assert_eq!(all("甲 乙"), ["甲", "乙"]);
    }

    #[test]
    fn words_are_lowercased_and_pair_with_adjacent_cjk() {
        assert_eq!(
            all("CAPPVD漏洞库，2025年APP"),
            [
                "cappvd",
                "cappvd漏",
                "漏",
                "漏洞",
                "cappvd漏洞",
                "洞",
                "洞库",
                "漏洞库",
                "cappvd漏洞库",
                "库",
                "2025",
                "2025年",
                "年",
                "年app",
                "2025年app",
                "app"
            ]
        );
        assert_eq!(all("（CAPPSEC）资质"), ["cappsec", "资", "资质", "质"]);
        assert_eq!(
            all("2025年1月"),
            [
                "2025",
                "2025年",
                "年",
                "年1",
                "2025年1",
                "1",
                "1月",
                "年1月",
                "2025年1月",
                "月"
            ]
        );
    }

    #[test]
    fn positions_count_units_and_separators() {
        assert_eq!(
            positions("网络，设备"),
            [
                ("网".into(), 1),
                ("网络".into(), 1),
                ("络".into(), 2),
                ("设".into(), 4),
                ("设备".into(), 4),
                ("备".into(), 5),
            ]
        );
        assert_eq!(
            positions("甲乙丙"),
            [
                ("甲".into(), 1),
                ("甲乙".into(), 1),
                ("乙".into(), 2),
                ("乙丙".into(), 2),
                ("甲乙丙".into(), 1),
                ("丙".into(), 3),
            ]
        );
        assert_eq!(for_each_term("甲乙", 10, |_, _| {}), 14);
    }

    #[test]
    fn full_width_forms_fold_to_ascii() {
        assert_eq!(all("ＣＡＰＰＳＥＣ ２０２５"), ["cappsec", "2025"]);
    }

    #[test]
    fn punctuation_breaks_bigrams() {
        assert_eq!(all("甲、乙"), ["甲", "乙"]);
    }

    #[test]
    fn the_quick_path_agrees_with_the_tables() {
        // Every code point of the first planes: the shortcut must fold and classify as the
        // Unicode tables do (search.js uses the tables).
        for u in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let Some((quick_class, folded)) = quick(c) else {
                continue;
            };
            let mut slow = Vec::new();
            fold(c, |f| slow.push((class(f), f)));
            assert!(slow == [(quick_class, folded)], "U+{u:04X}");
        }
    }

    #[test]
    fn long_words_are_cut() {
        let long = "a".repeat(100);
        assert_eq!(all(&long), ["a".repeat(MAX_WORD_CHARS)]);
    }
}
