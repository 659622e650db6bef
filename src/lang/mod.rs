//! Interface text: every word the default theme shows and every word bulletin writes into a
//! file (status words, dates, CSV headings, calendar and vCard text, the search page), from
//! one table per language. `zh-CN` and `en` are shipped (`zh-CN.yaml`, `en.yaml` here); a
//! site overrides any text, or adds a language, in `data/interface.yaml`:
//!
//! ```yaml
//! zh-CN:
//!   status.open: 开放申报        # a dotted key, or the same nested
//! en:
//!   nav: { roster: Supporting units }
//! ```
//!
//! Texts are plain text with `{name}` placeholders; a text written as `{ one: …, other: … }`
//! is chosen by the count `n`. Templates reach the table through the `t` function (see
//! `crate::theme`), code through [`Strings`].

mod format;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use jiff::Zoned;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::source::read_text;
use crate::yaml::{self, YamlSource};

pub use format::fill;

/// The file a site overrides interface text in.
pub const INTERFACE_FILE: &str = "data/interface.yaml";

/// The languages bulletin ships a table for: (tag, table).
const SHIPPED: [(&str, &str); 2] = [
    ("zh-CN", include_str!("zh-CN.yaml")),
    ("en", include_str!("en.yaml")),
];

/// One text of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Text {
    /// The same for every count.
    One(String),
    /// Chosen by the count `n`: `one` for 1, `other` otherwise.
    Plural {
        /// For a count of 1.
        one: String,
        /// For any other count.
        other: String,
    },
}

impl Text {
    /// The form for count `n` (`None`: the `other` form).
    pub fn form(&self, n: Option<i64>) -> &str {
        match self {
            Text::One(s) => s,
            Text::Plural { one, .. } if n == Some(1) => one,
            Text::Plural { other, .. } => other,
        }
    }

    /// The placeholders its forms use, sorted.
    fn placeholders(&self) -> Vec<String> {
        let mut names = match self {
            Text::One(s) => format::placeholders(s),
            Text::Plural { one, other } => {
                let mut names = format::placeholders(one);
                names.extend(format::placeholders(other));
                names
            }
        };
        names.sort();
        names.dedup();
        names
    }
}

/// A table as written: nested groups of texts.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Raw {
    Text(String),
    Plural(RawPlural),
    Group(BTreeMap<String, Raw>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlural {
    one: String,
    other: String,
}

/// Flattens nested groups into dotted keys (`status.open`).
fn flatten(prefix: &str, raw: Raw, out: &mut BTreeMap<String, Text>) {
    let key = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match raw {
        Raw::Text(s) => {
            out.insert(prefix.to_string(), Text::One(s));
        }
        Raw::Plural(RawPlural { one, other }) => {
            out.insert(prefix.to_string(), Text::Plural { one, other });
        }
        Raw::Group(map) => {
            for (name, raw) in map {
                flatten(&key(&name), raw, out);
            }
        }
    }
}

/// The interface text of one language: every key the shipped tables have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strings {
    tag: String,
    texts: BTreeMap<String, Text>,
}

impl Strings {
    /// The tag of the table (`zh-CN`, `en`, or a language a site added).
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Every text by key.
    pub fn texts(&self) -> &BTreeMap<String, Text> {
        &self.texts
    }

    /// The text of `key` (its `other` form). Keys used in code are in every table (a test
    /// checks it; debug builds assert it).
    pub fn text(&self, key: &str) -> &str {
        debug_assert!(self.texts.contains_key(key), "no interface text `{key}`");
        self.texts.get(key).map_or("", |t| t.form(None))
    }

    /// The text of `key` with its placeholders filled from `args`; `n` among them chooses
    /// the plural form.
    pub fn fill(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        debug_assert!(self.texts.contains_key(key), "no interface text `{key}`");
        let Some(text) = self.texts.get(key) else {
            return key.to_string();
        };
        let n = args
            .iter()
            .find(|(name, _)| *name == "n")
            .and_then(|(_, v)| v.to_string().parse::<i64>().ok());
        format::fill(text.form(n), |name| {
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    /// A date in this language: 2025年8月31日, 31 August 2025.
    pub fn date(&self, z: &Zoned) -> String {
        let month = z.month().to_string();
        let month_name = self.text(&format!("date.month.{month}")).to_string();
        format::fill(self.text("date.day"), |name| match name {
            "year" => Some(z.year().to_string()),
            "month" => Some(month.clone()),
            "month_name" => Some(month_name.clone()),
            "day" => Some(z.day().to_string()),
            _ => None,
        })
    }

    /// A date with the time of day: 2026年12月5日 17:00, 5 December 2026, 17:00.
    pub fn date_time(&self, z: &Zoned) -> String {
        let date = self.date(z);
        let time = z.strftime("%H:%M").to_string();
        self.fill("date.time", &[("date", &date), ("time", &time)])
    }

    /// A year: 2025年, 2025.
    pub fn year(&self, year: i16) -> String {
        self.fill("date.year", &[("year", &year)])
    }

    /// The year of a round: 2025年度, 2025.
    pub fn round_year(&self, year: i32) -> String {
        self.fill("date.round", &[("year", &year)])
    }

    /// The number of the `n`th item of a numbered list (1-based): （一）, 1.
    pub fn item_number(&self, n: usize) -> String {
        let cn = chinese_number(n);
        self.fill("list.item", &[("n", &n), ("cn", &cn)])
    }

    /// `items` joined as a list in a sentence: 甲、乙和丙; A, B and C.
    pub fn join_and(&self, items: &[&str]) -> String {
        match items {
            [] => String::new(),
            [one] => one.to_string(),
            [init @ .., last] => {
                let sep = self.text("list.separator");
                format!("{}{}{last}", init.join(sep), self.text("list.and"))
            }
        }
    }
}

/// A number in Chinese numerals, as used in numbered headings (1 to 99, then digits).
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

/// Every table a site can use: the shipped ones with the site's overrides, and the
/// languages the site added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    tables: BTreeMap<String, Arc<Strings>>,
    site: Arc<Strings>,
    warnings: Vec<Diagnostic>,
}

impl Interface {
    /// The table of the site's language.
    pub fn site(&self) -> &Arc<Strings> {
        &self.site
    }

    /// The table for language `tag`: the table of that tag, else of its primary language
    /// (`en-GB` reads `en`, `zh-Hans` reads `zh-CN`).
    pub fn strings(&self, tag: &str) -> Option<&Arc<Strings>> {
        if let Some((_, table)) = self
            .tables
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        {
            return Some(table);
        }
        self.tables
            .iter()
            .find(|(t, _)| same_language(t, tag))
            .map(|(_, table)| table)
    }

    /// The tags of every table, sorted.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.tables.keys().map(String::as_str)
    }

    /// What the site's tables should mend: a language added without every text (the
    /// missing ones read in the language it falls back to).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

/// The tag of the table bulletin ships for `tag`'s language, if it ships one: the same
/// primary language (`zh-TW` reads `zh-CN`'s, `en-GB` reads `en`'s). A language a site adds
/// starts from it, else from `en`, so that a text it does not give (one added in a newer
/// bulletin, or not yet translated) still reads.
pub fn shipped_table(tag: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .map(|(shipped, _)| *shipped)
        .find(|shipped| same_language(shipped, tag))
}

/// A tag's primary language (`pt-BR`: `pt`, `zh-Hans-CN`: `zh`).
fn primary_language(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// Whether two tags have the same primary language, whatever their case.
fn same_language(a: &str, b: &str) -> bool {
    primary_language(a).eq_ignore_ascii_case(primary_language(b))
}

/// Whether `tag` looks like a BCP 47 language tag: a primary language of 2 or 3 letters,
/// then subtags of 1 to 8 letters or digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The direction a language is written in, for `<html dir>`: `"rtl"` for the languages and
/// scripts written right to left (Arabic, Hebrew, Persian, Urdu, …; `az-Arab`), else
/// `"ltr"`. A script subtag decides over the language (`ku-Latn` is left to right).
pub fn direction(tag: &str) -> &'static str {
    const RTL_LANGUAGES: [&str; 14] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi",
    ];
    const RTL_SCRIPTS: [&str; 9] = [
        "adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa",
    ];
    // Set for every page and shortcode a build renders: no allocation.
    let script = tag
        .split('-')
        .skip(1)
        .find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()));
    let listed = |list: &[&str], subtag: &str| list.iter().any(|l| l.eq_ignore_ascii_case(subtag));
    let rtl = match script {
        Some(script) => listed(&RTL_SCRIPTS, script),
        None => listed(&RTL_LANGUAGES, primary_language(tag)),
    };
    if rtl { "rtl" } else { "ltr" }
}

/// The shipped tables, parsed.
fn shipped() -> BTreeMap<String, BTreeMap<String, Text>> {
    SHIPPED
        .iter()
        .map(|(tag, text)| {
            let raw: Raw = yaml::from_str(text).expect("shipped interface tables are valid YAML");
            let mut texts = BTreeMap::new();
            flatten("", raw, &mut texts);
            (tag.to_string(), texts)
        })
        .collect()
}

/// Loads the shipped tables with the site's overrides (`data/interface.yaml`, when it
/// exists) and picks the table of `language`, the site's language (`file` and `at`: where
/// it is set, for messages).
pub fn load(
    root: &Path,
    language: &str,
    (file, at): (&str, Option<Location>),
) -> Result<Interface, Diagnostics> {
    let mut tables = shipped();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let path = root.join(INTERFACE_FILE);
    if path.is_file() {
        match read_text(&path, Path::new(INTERFACE_FILE)) {
            Ok(text) => overrides(&text, &mut tables, &mut errors, &mut warnings),
            Err(d) => errors.push(d),
        }
    }
    let tables: BTreeMap<String, Arc<Strings>> = tables
        .into_iter()
        .map(|(tag, texts)| (tag.clone(), Arc::new(Strings { tag, texts })))
        .collect();
    let placeholder = Arc::new(Strings {
        tag: String::new(),
        texts: BTreeMap::new(),
    });
    let mut interface = Interface {
        tables,
        site: placeholder,
        warnings,
    };
    match interface.strings(language) {
        Some(site) => interface.site = Arc::clone(site),
        None => errors.push(unknown_language(file, language, at, &interface)),
    }
    if errors.is_empty() {
        Ok(interface)
    } else {
        Err(errors.into())
    }
}

/// The error for a language with no table.
pub fn unknown_language(
    file: &str,
    language: &str,
    at: Option<Location>,
    interface: &Interface,
) -> Diagnostic {
    let tags: Vec<&str> = interface.tags().collect();
    Diagnostic::error(
        file,
        format!("there is no interface text for language `{language}`"),
    )
    .at_opt(at)
    .hint(format!(
        "bulletin has {}; add a table for `{language}` to {INTERFACE_FILE} (translate the texts of src/lang/en.yaml; any it lacks read in English, see README \"Interface text\")",
        tags.join(" and ")
    ))
}

/// Applies `data/interface.yaml` (its `text`) to `tables`. A language it adds starts from
/// the shipped table of its language, else `en` ([`shipped_table`]); one that falls back to another language without giving
/// every text gets a warning naming the texts it lacks.
fn overrides(
    text: &str,
    tables: &mut BTreeMap<String, BTreeMap<String, Text>>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let file = Path::new(INTERFACE_FILE);
    let source = YamlSource::whole(file, text);
    // A language written with no text yet (`fr:` over commented lines) is an empty table.
    let (raw, spans) = match yaml::parse::<BTreeMap<String, Option<Raw>>>(source) {
        Ok(parsed) => parsed,
        Err(d) => {
            errors.push(d);
            return;
        }
    };
    let reference = tables["en"].clone();
    // What each text may use: the placeholders of its shipped forms (dates and numbered
    // items offer alternatives: {month} or {month_name}, {n} or {cn}).
    let allowed: BTreeMap<&str, Vec<String>> = reference
        .keys()
        .map(|key| {
            let mut names: Vec<String> = tables
                .values()
                .filter_map(|t| t.get(key))
                .flat_map(Text::placeholders)
                .collect();
            names.sort();
            names.dedup();
            (key.as_str(), names)
        })
        .collect();
    for (tag, raw) in raw {
        let at = |path: &str| spans.locate(path, text);
        if !is_language_tag(&tag) {
            errors.push(
                Diagnostic::error(file, format!("`{tag}` is not a language tag"))
                    .at_opt(at(&tag))
                    .hint(
                        "write a tag such as `zh-CN`, `en` or `fr`, holding that language's texts",
                    ),
            );
            continue;
        }
        let mut given = BTreeMap::new();
        if let Some(raw) = raw {
            flatten("", raw, &mut given);
        }
        let existing = tables
            .keys()
            .find(|t| t.eq_ignore_ascii_case(&tag))
            .cloned();
        let shipped = shipped_table(&tag);
        let fallback = shipped.unwrap_or("en");
        let mut table = match &existing {
            Some(t) => tables[t].clone(),
            None => tables[fallback].clone(),
        };
        // A language added without a shipped table of its own language reads another
        // language's words where it gives none: worth a warning (a regional variant, en-GB,
        // falls back to its own language). A key given wrongly is an error of its own.
        let missing: Vec<&str> = if existing.is_none() && shipped.is_none() {
            reference
                .keys()
                .filter(|k| !given.contains_key(*k))
                .map(String::as_str)
                .collect()
        } else {
            Vec::new()
        };
        if !missing.is_empty() {
            let key = top_level_key(text, &tag).or_else(|| at(&tag));
            warnings.push(lacking(&tag, fallback, &missing, reference.len(), key));
        }
        for (key, value) in given {
            // Nested and dotted keys both flatten to `a.b`; spans know the written form.
            let location = at(&format!("{tag}.{key}")).or_else(|| at(&tag));
            let Some(allowed) = allowed.get(key.as_str()) else {
                let hint = did_you_mean(&key, reference.keys().map(String::as_str))
                    .map(|best| format!("did you mean `{best}`?"))
                    .unwrap_or_else(|| {
                        "see the keys of the shipped tables (README \"Interface text\")".into()
                    });
                errors.push(
                    Diagnostic::error(file, format!("`{key}` is not an interface text"))
                        .at_opt(location)
                        .hint(hint),
                );
                continue;
            };
            if let Some(unknown) = value
                .placeholders()
                .into_iter()
                .find(|p| !allowed.contains(p))
            {
                let hint = if allowed.is_empty() {
                    "this text takes no placeholder".to_string()
                } else {
                    format!(
                        "this text can use {}",
                        allowed
                            .iter()
                            .map(|p| format!("`{{{p}}}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                errors.push(
                    Diagnostic::error(
                        file,
                        format!("`{{{unknown}}}` is not filled in for `{key}`"),
                    )
                    .at_opt(location)
                    .hint(hint),
                );
                continue;
            }
            table.insert(key, value);
        }
        tables.insert(existing.unwrap_or(tag), table);
    }
}

/// A start of `data/interface.yaml` for a site in `tag`, a language bulletin does not ship:
/// every text of the `en` table as a commented line under `tag:` (`# nav.home: "Home"`), to
/// translate and uncomment one by one. Until a text is, it reads in English and each build
/// lists it ([`load`]).
pub fn starter_table(tag: &str) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = format!(
        "# Interface text in `{tag}`, a language bulletin does not ship: every word the theme\n\
         # shows and writes into files (navigation, status words, dates, the search page).\n\
         # Translate a line and remove its `#`; a text still commented out reads in English,\n\
         # and every build lists those (README.md, \"Interface text and languages\").\n\
         {tag}:\n"
    );
    for (key, text) in &shipped()["en"] {
        let value = match text {
            Text::One(s) => quoted(s),
            Text::Plural { one, other } => {
                format!("{{ one: {}, other: {} }}", quoted(one), quoted(other))
            }
        };
        out.push_str(&format!("  # {key}: {value}\n"));
    }
    out
}

/// Where `key` is written as a key at the top level of the YAML `text` (`fr:` at the start
/// of a line): the spans of a parsed file locate values, and a language's table is named by
/// its key.
fn top_level_key(text: &str, key: &str) -> Option<Location> {
    let line = text.lines().position(|line| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })?;
    Some(Location::new(text, line + 1, 1, key.chars().count()))
}

/// The warning for language `tag`, added by a site without the texts `missing` (of
/// `total`), which read in `fallback` meanwhile.
fn lacking(
    tag: &str,
    fallback: &str,
    missing: &[&str],
    total: usize,
    at: Option<Location>,
) -> Diagnostic {
    const SHOWN: usize = 8;
    let shown: Vec<&str> = missing.iter().take(SHOWN).copied().collect();
    let more = if missing.len() > SHOWN { ", …" } else { "" };
    Diagnostic::warning(
        INTERFACE_FILE,
        format!(
            "language `{tag}` lacks {} of the {total} interface texts, which read in `{fallback}` meanwhile: {}{more}",
            missing.len(),
            shown.join(", "),
        ),
    )
    .at_opt(at)
    .hint(format!(
        "translate them under `{tag}:`, from src/lang/{fallback}.yaml in bulletin's repository (`bulletin init --language {tag}` writes them all there, commented out); a newer bulletin may add texts, so look again after upgrading"
    ))
}

#[cfg(test)]
mod tests;
