//! Splitting text into search terms, without a dictionary.
//!
//! Chinese is written without spaces and a query such as 漏洞治理 must find 漏洞治理工作
//! however a word segmenter would cut it. So every run of CJK characters becomes its
//! overlapping bigrams (漏洞, 洞治, 治理) plus its single characters; a query of two or more
//! CJK characters looks up its bigrams (all must match), a one-character query its
//! unigram. Runs of other letters and digits (CAPPSEC, 2025, APP) become one lowercase
//! word each. `templates/assets/search.js` implements the same rules for queries: keep
//! the two in step (the tests in this file state them).

/// A term of the index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// One CJK character, or two adjacent ones.
    Gram(char, Option<char>),
    /// A lowercase run of other letters and digits.
    Word(String),
}

impl Term {
    /// The term as the index and `search.js` spell it.
    pub fn text(&self) -> String {
        match self {
            Term::Gram(a, Some(b)) => [*a, *b].iter().collect(),
            Term::Gram(a, None) => a.to_string(),
            Term::Word(w) => w.clone(),
        }
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

/// A piece of text: a CJK character (`true` when it continues a run of them) or a word.
enum Piece {
    Cjk(char, bool),
    Word(String),
}

/// Splits `text` into pieces, folding as it goes.
struct Scanner<F> {
    word: String,
    word_chars: usize,
    in_run: bool,
    each: F,
}

impl<F: FnMut(Piece)> Scanner<F> {
    #[inline(always)]
    fn step(&mut self, class: Class, c: char) {
        match class {
            Class::Cjk => {
                self.flush();
                (self.each)(Piece::Cjk(c, self.in_run));
                self.in_run = true;
            }
            Class::Word => {
                self.in_run = false;
                if self.word_chars < MAX_WORD_CHARS {
                    self.word.push(c);
                    self.word_chars += 1;
                }
            }
            Class::Other => {
                self.in_run = false;
                self.flush();
            }
        }
    }

    #[inline]
    fn flush(&mut self) {
        if !self.word.is_empty() {
            (self.each)(Piece::Word(std::mem::take(&mut self.word)));
        }
        self.word_chars = 0;
    }
}

/// Splits folded `text` into CJK characters and words; everything else separates them.
#[inline(always)]
fn scan(text: &str, each: impl FnMut(Piece)) {
    let mut s = Scanner {
        word: String::new(),
        word_chars: 0,
        in_run: false,
        each,
    };
    for c in text.chars() {
        match quick(c) {
            Some((class, c)) => s.step(class, c),
            None => fold(c, |c| s.step(class(c), c)),
        }
    }
    s.flush();
}

/// Calls `each` with every term occurrence of `text`, in order: for a CJK run, each
/// character's bigram with the one before it, then its unigram.
#[inline(always)]
pub fn for_each_term(text: &str, mut each: impl FnMut(Term)) {
    let mut previous = None;
    scan(text, |piece| match piece {
        Piece::Cjk(c, continues) => {
            if let (true, Some(p)) = (continues, previous) {
                each(Term::Gram(p, Some(c)));
            }
            each(Term::Gram(c, None));
            previous = Some(c);
        }
        Piece::Word(w) => each(Term::Word(w)),
    });
}

/// The terms a query looks up (all must match), without repeats: bigrams for CJK runs of
/// two or more characters, the character itself for a lone one, and words.
pub fn query_terms(query: &str) -> Vec<Term> {
    fn add(t: Term, terms: &mut Vec<Term>) {
        if !terms.contains(&t) {
            terms.push(t);
        }
    }
    fn end_run(run: &mut Vec<char>, terms: &mut Vec<Term>) {
        match run.as_slice() {
            [] => {}
            [c] => add(Term::Gram(*c, None), terms),
            chars => {
                for pair in chars.windows(2) {
                    add(Term::Gram(pair[0], Some(pair[1])), terms);
                }
            }
        }
        run.clear();
    }
    let mut terms = Vec::new();
    let mut run = Vec::new();
    scan(query, |piece| match piece {
        Piece::Cjk(c, continues) => {
            if !continues {
                end_run(&mut run, &mut terms);
            }
            run.push(c);
        }
        Piece::Word(w) => {
            end_run(&mut run, &mut terms);
            add(Term::Word(w), &mut terms);
        }
    });
    end_run(&mut run, &mut terms);
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_term(text, |t| out.push(t.text()));
        out
    }

    fn query(text: &str) -> Vec<String> {
        query_terms(text).iter().map(Term::text).collect()
    }

    #[test]
    fn cjk_runs_become_unigrams_and_bigrams() {
        assert_eq!(all("遴选"), ["遴", "遴选", "选"]);
        assert_eq!(
            all("漏洞治理"),
            ["漏", "漏洞", "洞", "洞治", "治", "治理", "理"]
        );
        assert_eq!(all("甲 乙"), ["甲", "乙"]);
    }

    #[test]
    fn words_are_lowercased_and_split_from_cjk() {
        assert_eq!(
            all("CAPPVD漏洞库，2025年APP"),
            [
                "cappvd", "漏", "漏洞", "洞", "洞库", "库", "2025", "年", "app"
            ]
        );
        assert_eq!(all("（CAPPSEC）资质"), ["cappsec", "资", "资质", "质"]);
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
    fn queries_use_bigrams_or_the_lone_character() {
        assert_eq!(query("支撑单位"), ["支撑", "撑单", "单位"]);
        assert_eq!(query("遴选"), ["遴选"]);
        assert_eq!(query("漏"), ["漏"]);
        assert_eq!(query(" CAPPSEC "), ["cappsec"]);
        assert_eq!(query("2025年 遴选"), ["2025", "年", "遴选"]);
        assert_eq!(query("单位单位"), ["单位", "位单"]);
        assert!(query("，。 ").is_empty());
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
