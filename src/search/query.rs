//! Queries as readers type them: the words (a "quoted phrase" is one), the terms and
//! phrases they look up, and the documents that match, ranked, read from the index's
//! files. `templates/assets/search.js` does the same in the browser: keep the two in step.

use std::collections::HashMap;

use super::tokenize::{Term, for_each_term};
use super::{SATURATION, fnv1a32, vlq_decode};

/// A unit of text: a CJK character or a word.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Unit {
    Cjk(char),
    Word(String),
}

impl Unit {
    fn text(&self) -> String {
        match self {
            Unit::Cjk(c) => c.to_string(),
            Unit::Word(w) => w.clone(),
        }
    }

    /// The unit as a term.
    fn term(&self) -> Term {
        match self {
            Unit::Cjk(c) => Term::Gram(*c, None),
            Unit::Word(w) => Term::Word(w.clone()),
        }
    }

    /// The unit of a unit term.
    fn of(term: &Term) -> Option<Unit> {
        match term {
            Term::Gram(c, None) => Some(Unit::Cjk(*c)),
            Term::Word(w) => Some(Unit::Word(w.clone())),
            _ => None,
        }
    }
}

/// The pair of two adjacent units.
#[inline]
fn pair(a: &Unit, b: &Unit) -> Term {
    match (a, b) {
        (Unit::Cjk(a), Unit::Cjk(b)) => Term::Gram(*a, Some(*b)),
        _ => Term::Pair(a.text() + &b.text()),
    }
}

/// The triple of three adjacent units.
#[inline]
fn triple(a: &Unit, b: &Unit, c: &Unit) -> Term {
    match (a, b, c) {
        (Unit::Cjk(a), Unit::Cjk(b), Unit::Cjk(c)) => Term::Tri(*a, *b, *c),
        _ => Term::Triple(a.text() + &b.text() + &c.text()),
    }
}

/// What a query looks up: its terms (every one must match) and its phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The distinct terms of runs of one unit (the unit), two (their pair) or four (their
    /// quad), in `s/`.
    pub terms: Vec<Term>,
    /// For each run of three units, or five or more, the triples that prove it, with their
    /// offsets in the run: a document matches only where each stands at its offset from
    /// the first. In `p/`.
    pub phrases: Vec<Vec<(u32, Term)>>,
}

impl Query {
    /// Whether the query looks up nothing.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.phrases.is_empty()
    }
}

/// The offsets of the triples that prove a run of `units` units (at least three): every
/// third, and the last (each unit is in one of them).
pub fn phrase_cover(units: usize) -> Vec<usize> {
    let last = units.saturating_sub(3);
    let mut cover: Vec<usize> = (0..=last).step_by(3).collect();
    if cover.last() != Some(&last) {
        cover.push(last);
    }
    cover
}

/// Splits a query into words: at spaces, except inside "quotes" (straight or curly).
pub fn query_words(query: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in query.chars() {
        match c {
            '"' | '\u{201C}' | '\u{201D}' => {
                quoted = !quoted;
                words.push(std::mem::take(&mut word));
            }
            c if c.is_whitespace() && !quoted => words.push(std::mem::take(&mut word)),
            c => word.push(c),
        }
    }
    words.push(word);
    words.retain(|w| !w.is_empty());
    words
}

/// What `query` looks up (see [`Query`]). Each word of the query (see [`query_words`]) is
/// cut into runs of units at its punctuation; each run must occur as typed.
pub fn query_terms(query: &str) -> Query {
    let mut out = Query::default();
    for word in query_words(query) {
        // A unit that does not follow the one before directly starts a run.
        let mut previous_end = None;
        let mut runs: Vec<Vec<Unit>> = Vec::new();
        for_each_term(&word, 0, |t, p| {
            let Some(unit) = Unit::of(&t) else { return };
            match runs.last_mut() {
                Some(run) if previous_end == Some(p) => run.push(unit),
                _ => runs.push(vec![unit]),
            }
            previous_end = Some(p + 1);
        });
        for run in runs {
            match run.as_slice() {
                [unit] => add(&mut out.terms, unit.term()),
                [a, b] => add(&mut out.terms, pair(a, b)),
                [a, b, c, d] => add(
                    &mut out.terms,
                    Term::Quad(a.text() + &b.text() + &c.text() + &d.text()),
                ),
                _ => {
                    let phrase: Vec<(u32, Term)> = phrase_cover(run.len())
                        .into_iter()
                        .map(|o| (o as u32, triple(&run[o], &run[o + 1], &run[o + 2])))
                        .collect();
                    if !out.phrases.contains(&phrase) {
                        out.phrases.push(phrase);
                    }
                }
            }
        }
    }
    out
}

fn add(terms: &mut Vec<Term>, t: Term) {
    if !terms.contains(&t) {
        terms.push(t);
    }
}

/// The search files of a site, by path under `search/` (`index.json`, `s/3.json`, …).
pub trait Files {
    /// The text of the file at `path`, if there is one.
    fn read(&self, path: &str) -> Option<String>;
}

/// A term's postings: each document with the term's weight and, for a triple, its
/// positions there.
type List = Vec<(usize, u32, Vec<u32>)>;

/// Reads postings as written (see the module `postings`): with positions for a triple.
fn postings(written: &str, positional: bool) -> List {
    let values = vlq_decode(written);
    let mut out = Vec::new();
    let (mut i, mut doc) = (0, 0usize);
    while i < values.len() {
        doc += values[i] as usize;
        i += 1;
        let mut at = Vec::new();
        let weight = if positional {
            let Some(&head) = values.get(i) else { break };
            i += 1;
            let weight = if head % 2 == 1 {
                i += 1;
                values.get(i - 1).copied().unwrap_or(0)
            } else {
                head / 2
            };
            let mut position = 0;
            for _ in 0..head / 2 {
                let Some(&v) = values.get(i) else { break };
                position = if at.is_empty() { v } else { position + v };
                at.push(position);
                i += 1;
            }
            weight
        } else {
            let Some(&weight) = values.get(i) else { break };
            i += 1;
            weight
        };
        out.push((doc, weight, at));
    }
    out
}

/// The documents `query` matches, best first: every term in the document, every phrase
/// there as typed (its triples at their offsets), scored by the sum over the terms (units,
/// pairs and quads) and triples looked up of `ln(1 + N / df) * w / (w + SATURATION)`, ties in document order.
pub fn matches(query: &str, files: &impl Files) -> Vec<usize> {
    let query = query_terms(query);
    if query.is_empty() {
        return Vec::new();
    }
    let manifest: serde_json::Value = files
        .read("index.json")
        .and_then(|m| serde_json::from_str(&m).ok())
        .unwrap_or_default();
    let shards = manifest["shards"].as_u64().unwrap_or(1).max(1) as u32;
    let n = manifest["docs"].as_f64().unwrap_or(0.0);
    let mut cache: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut lookup = |term: &Term| -> List {
        let text = term.text();
        let dir = if term.is_positional() { "p" } else { "s" };
        let path = format!("{dir}/{}.json", fnv1a32(text.as_bytes()) % shards);
        let file = cache.entry(path.clone()).or_insert_with(|| {
            files
                .read(&path)
                .and_then(|f| serde_json::from_str(&f).ok())
                .unwrap_or_default()
        });
        postings(
            file.get(&text).map_or("", String::as_str),
            term.is_positional(),
        )
    };
    let score = |list: &List| -> HashMap<usize, f64> {
        let idf = (1.0 + n / list.len().max(1) as f64).ln();
        let weight = |w: u32| idf * f64::from(w) / (f64::from(w) + SATURATION);
        list.iter().map(|(d, w, _)| (*d, weight(*w))).collect()
    };
    // Each term, and each phrase (its documents where the triples stand in place).
    let mut found: Vec<HashMap<usize, f64>> = Vec::new();
    for term in &query.terms {
        found.push(score(&lookup(term)));
    }
    for phrase in &query.phrases {
        let mut scores: Option<HashMap<usize, f64>> = None;
        let mut starts: HashMap<usize, Vec<u32>> = HashMap::new();
        for (offset, term) in phrase {
            let list = lookup(term);
            let these = score(&list);
            let at: HashMap<usize, Vec<u32>> = list.into_iter().map(|(d, _, at)| (d, at)).collect();
            scores = Some(match scores {
                None => {
                    starts = at;
                    these
                }
                Some(previous) => {
                    starts = starts
                        .into_iter()
                        .filter_map(|(d, ps)| {
                            let here = at.get(&d)?;
                            let ps: Vec<u32> = ps
                                .into_iter()
                                .filter(|p| here.binary_search(&(p + offset)).is_ok())
                                .collect();
                            (!ps.is_empty()).then_some((d, ps))
                        })
                        .collect();
                    previous
                        .into_iter()
                        .filter_map(|(d, s)| Some((d, s + these.get(&d)?)))
                        .collect()
                }
            });
        }
        let mut scores = scores.unwrap_or_default();
        scores.retain(|d, _| starts.contains_key(d));
        found.push(scores);
    }
    let mut all = found.into_iter();
    let first = all.next().unwrap_or_default();
    let scores = all.fold(first, |previous, these| {
        previous
            .into_iter()
            .filter_map(|(d, s)| Some((d, s + these.get(&d)?)))
            .collect()
    });
    let mut ranked: Vec<(usize, f64)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(d, _)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Vec<String> {
        query_terms(text).terms.iter().map(Term::text).collect()
    }

    fn phrases(text: &str) -> Vec<Vec<(u32, String)>> {
        let q = query_terms(text);
        q.phrases
            .iter()
            .map(|p| p.iter().map(|(o, t)| (*o, t.text())).collect())
            .collect()
    }

    #[test]
    fn short_runs_use_their_pair_or_their_unit() {
        assert_eq!(query("遴选"), ["遴选"]);
        assert_eq!(query("漏"), ["漏"]);
        assert_eq!(query(" CAPPSEC "), ["cappsec"]);
        assert_eq!(query("2025年 遴选"), ["2025年", "遴选"]);
        assert_eq!(query("2022-02-17"), ["2022", "02", "17"]);
        assert!(query("，。 ").is_empty());
        assert!(query_terms("，。 ").is_empty());
    }

    #[test]
    fn runs_of_four_units_use_their_quad() {
        assert_eq!(query("支撑单位"), ["支撑单位"]);
        assert!(phrases("支撑单位").is_empty());
        assert_eq!(query("2025年1月"), ["2025年1月"]);
        assert_eq!(query("第123号文"), ["第123号文"]);
        assert_eq!(query("高危 路由器 应急响应"), ["高危", "应急响应"]);
    }

    #[test]
    fn runs_of_three_units_or_five_or_more_are_phrases_of_triples() {
        assert!(query("缓冲区溢出").is_empty());
        assert_eq!(
            phrases("缓冲区溢出"),
            [[(0, "缓冲区".into()), (2, "区溢出".into())]]
        );
        assert_eq!(
            phrases("网络设备漏洞"),
            [[(0, "网络设".into()), (3, "备漏洞".into())]]
        );
        assert_eq!(
            phrases("2025年1月22日"),
            [[(0, "2025年1".into()), (3, "月22日".into())]]
        );
        assert_eq!(phrases("SQL注入"), [[(0, "sql注入".to_string())]]);
        assert!(phrases("遴选 CAPPSEC").is_empty());
    }

    #[test]
    fn quotes_keep_a_phrase_together() {
        assert_eq!(query_words("甲 \"乙 丙\" 丁"), ["甲", "乙 丙", "丁"]);
        assert_eq!(query_words("“网络设备”"), ["网络设备"]);
        assert_eq!(query_words("\"未闭合"), ["未闭合"]);
    }

    #[test]
    fn covers_prove_every_unit() {
        assert_eq!(phrase_cover(3), [0]);
        assert_eq!(phrase_cover(4), [0, 1]);
        assert_eq!(phrase_cover(6), [0, 3]);
        assert_eq!(phrase_cover(7), [0, 3, 4]);
        assert_eq!(phrase_cover(9), [0, 3, 6]);
    }
}
