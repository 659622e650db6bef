//! Queries as readers type them: the words (a "quoted phrase" is one), the terms and
//! phrases they look up, and the documents that match, ranked, read from the index's
//! files. `templates/assets/search.js` does the same in the browser: keep the two in step.

use std::collections::HashMap;

use super::tokenize::{Previous, Term, for_each_term, pair};
use super::{SATURATION, fnv1a32, vlq_decode};

/// What a query looks up: its terms (every one must match) and its phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The distinct terms: pairs of each run of units, or the unit of a run of one.
    pub terms: Vec<Term>,
    /// For each run of three or more units, its pairs in order: a document matches only
    /// where they stand one after another.
    pub phrases: Vec<Vec<Term>>,
}

impl Query {
    /// Whether the query looks up nothing.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// The offsets into a phrase of `pairs` pairs whose positions prove the phrase: every
/// other pair, and the last (each unit is in one of them).
pub fn phrase_cover(pairs: usize) -> Vec<usize> {
    let mut cover: Vec<usize> = (0..pairs).step_by(2).collect();
    if pairs > 1 && (pairs - 1) % 2 == 1 {
        cover.push(pairs - 1);
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
        let mut run_units: Vec<Vec<Term>> = Vec::new();
        for_each_term(&word, 0, |t, p| {
            if t.is_pair() {
                return;
            }
            if previous_end == Some(p) {
                run_units.last_mut().expect("a run").push(t);
            } else {
                run_units.push(vec![t]);
            }
            previous_end = Some(p + 1);
        });
        for unit_run in run_units {
            let pairs = run_pairs(&unit_run);
            if pairs.is_empty() {
                add(&mut out.terms, unit_run[0].clone());
                continue;
            }
            for t in &pairs {
                add(&mut out.terms, t.clone());
            }
            if pairs.len() > 1 && !out.phrases.contains(&pairs) {
                out.phrases.push(pairs);
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

/// The pairs of a run of units.
fn run_pairs(units: &[Term]) -> Vec<Term> {
    units
        .windows(2)
        .filter_map(|w| {
            let previous = match &w[0] {
                Term::Gram(c, None) => Previous::Cjk(*c),
                Term::Word(s) => Previous::Word(s.clone()),
                _ => Previous::None,
            };
            match &w[1] {
                Term::Gram(c, None) => pair(&previous, Some(*c), ""),
                Term::Word(s) => pair(&previous, None, s),
                _ => None,
            }
        })
        .collect()
}

/// The search files of a site, by path under `search/` (`index.json`, `s/3.json`, …).
pub trait Files {
    /// The text of the file at `path`, if there is one.
    fn read(&self, path: &str) -> Option<String>;
}

/// A term's postings: documents and weights, in document order.
type List = Vec<(usize, u32)>;

/// The documents `query` matches, best first: every term in the document, every phrase
/// there as typed (its pairs one after another), scored by the sum over the query's terms
/// of `ln(1 + N / df) * w / (w + SATURATION)`, ties in document order.
pub fn matches(query: &str, files: &impl Files) -> Vec<usize> {
    let query = query_terms(query);
    let manifest: serde_json::Value = files
        .read("index.json")
        .and_then(|m| serde_json::from_str(&m).ok())
        .unwrap_or_default();
    let shards = manifest["shards"].as_u64().unwrap_or(1).max(1) as u32;
    let n = manifest["docs"].as_f64().unwrap_or(0.0);
    if query.is_empty() {
        return Vec::new();
    }
    let mut cache: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut lookup = |dir: &str, term: &str| -> String {
        let path = format!("{dir}/{}.json", fnv1a32(term.as_bytes()) % shards);
        let file = cache.entry(path.clone()).or_insert_with(|| {
            files
                .read(&path)
                .and_then(|f| serde_json::from_str(&f).ok())
                .unwrap_or_default()
        });
        file.get(term).cloned().unwrap_or_default()
    };
    let mut lists: HashMap<String, List> = HashMap::new();
    let mut scores: Option<HashMap<usize, f64>> = None;
    for term in &query.terms {
        let text = term.text();
        let values = vlq_decode(&lookup("s", &text));
        let mut doc = 0usize;
        let list: List = values
            .chunks_exact(2)
            .map(|pair| {
                doc += pair[0] as usize;
                (doc, pair[1])
            })
            .collect();
        let idf = (1.0 + n / list.len().max(1) as f64).ln();
        let these: HashMap<usize, f64> = list
            .iter()
            .map(|&(d, w)| (d, idf * f64::from(w) / (f64::from(w) + SATURATION)))
            .collect();
        scores = Some(match scores {
            None => these,
            Some(previous) => previous
                .into_iter()
                .filter_map(|(d, s)| these.get(&d).map(|t| (d, s + t)))
                .collect(),
        });
        lists.insert(text, list);
    }
    let mut scores = scores.unwrap_or_default();
    for phrase in &query.phrases {
        let mut starts: Option<HashMap<usize, Vec<u32>>> = None;
        for offset in phrase_cover(phrase.len()) {
            let text = phrase[offset].text();
            let at = positions(&lists[&text], &lookup("p", &text), &scores);
            starts = Some(match starts {
                None => at,
                Some(previous) => previous
                    .into_iter()
                    .filter_map(|(d, ps)| {
                        let here = at.get(&d)?;
                        let ps: Vec<u32> = ps
                            .into_iter()
                            .filter(|p| here.binary_search(&(p + offset as u32)).is_ok())
                            .collect();
                        (!ps.is_empty()).then_some((d, ps))
                    })
                    .collect(),
            });
        }
        let starts = starts.unwrap_or_default();
        scores.retain(|d, _| starts.contains_key(d));
    }
    let mut ranked: Vec<(usize, f64)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(d, _)| d).collect()
}

/// The positions of a pair in each document of `list` that is among `wanted`.
fn positions(list: &List, written: &str, wanted: &HashMap<usize, f64>) -> HashMap<usize, Vec<u32>> {
    let mut out = HashMap::new();
    let mut values = vlq_decode(written).into_iter();
    for &(doc, _) in list {
        let mut at = Vec::new();
        let mut position = 0u32;
        for v in values.by_ref() {
            if v == 0 {
                break;
            }
            position = if at.is_empty() { v - 1 } else { position + v };
            at.push(position);
        }
        if wanted.contains_key(&doc) {
            out.insert(doc, at);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Vec<String> {
        query_terms(text).terms.iter().map(Term::text).collect()
    }

    fn phrases(text: &str) -> Vec<Vec<String>> {
        let q = query_terms(text);
        q.phrases
            .iter()
            .map(|p| p.iter().map(Term::text).collect())
            .collect()
    }

    #[test]
    fn queries_use_pairs_or_the_lone_unit() {
        assert_eq!(query("支撑单位"), ["支撑", "撑单", "单位"]);
        assert_eq!(query("遴选"), ["遴选"]);
        assert_eq!(query("漏"), ["漏"]);
        assert_eq!(query(" CAPPSEC "), ["cappsec"]);
        assert_eq!(query("2025年 遴选"), ["2025年", "遴选"]);
        assert_eq!(query("单位单位"), ["单位", "位单"]);
        assert_eq!(query("2022-02-17"), ["2022", "02", "17"]);
        assert!(query("，。 ").is_empty());
    }

    #[test]
    fn runs_of_three_units_or_more_are_phrases() {
        assert_eq!(
            phrases("网络设备漏洞"),
            [["网络", "络设", "设备", "备漏", "漏洞"]]
        );
        assert_eq!(
            phrases("2025年1月22日"),
            [["2025年", "年1", "1月", "月22", "22日"]]
        );
        assert!(phrases("遴选 CAPPSEC").is_empty());
        assert_eq!(phrases("SQL注入"), [["sql注", "注入"]]);
    }

    #[test]
    fn quotes_keep_a_phrase_together() {
        assert_eq!(query_words("甲 \"乙 丙\" 丁"), ["甲", "乙 丙", "丁"]);
        assert_eq!(query_words("“网络设备”"), ["网络设备"]);
        assert_eq!(query_words("\"未闭合"), ["未闭合"]);
    }

    #[test]
    fn covers_prove_every_unit() {
        assert_eq!(phrase_cover(2), [0, 1]);
        assert_eq!(phrase_cover(3), [0, 2]);
        assert_eq!(phrase_cover(4), [0, 2, 3]);
        assert_eq!(phrase_cover(5), [0, 2, 4]);
    }
}
