//! `bulletin init <DIR>`: a new site's content and data, in Chinese or English, for a
//! fictional organisation. The theme is not copied: the one built into bulletin serves the
//! site, and `bulletin theme eject` copies the files a site wants to change. A site in a
//! language bulletin does not ship (`--language fr`) gets the English sample and a
//! `data/interface.yaml` holding the interface texts to translate.

use std::path::Path;
use std::path::PathBuf;

use clap::Args;
use jiff::{ToSpan, Zoned};

use super::{EXIT_ERRORS, EXIT_OK};

/// Arguments of `bulletin init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to create (must be empty or not exist).
    pub dir: PathBuf,
    /// The site's language, a BCP 47 tag: `zh-CN` (the default) and `en` have a sample and
    /// interface text of their own; any other language gets the English sample and its
    /// interface texts to translate in data/interface.yaml.
    #[arg(long, default_value = "zh-CN", value_parser = language_tag)]
    pub language: String,
}

/// Accepts a language tag (`zh-CN`, `en`, `fr`, `pt-BR`).
fn language_tag(tag: &str) -> Result<String, String> {
    if crate::lang::is_language_tag(tag) {
        Ok(tag.to_string())
    } else {
        Err("write a language tag such as zh-CN, en, fr or pt-BR".to_string())
    }
}

/// The languages the sample is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    /// Chinese (the default).
    ZhCn,
    /// English.
    En,
}

macro_rules! scaffold {
    ($language:literal) => {
        &[
            (
                "data/site.yaml",
                include_str!(concat!("scaffold/", $language, "/site.yaml")),
            ),
            (
                "data/units.yaml",
                include_str!(concat!("scaffold/", $language, "/units.yaml")),
            ),
            (
                "data/ratings.yaml",
                include_str!(concat!("scaffold/", $language, "/ratings.yaml")),
            ),
            (
                "data/contacts.yaml",
                include_str!(concat!("scaffold/", $language, "/contacts.yaml")),
            ),
            (
                "data/call.yaml",
                include_str!(concat!("scaffold/", $language, "/call.yaml")),
            ),
            (
                "content/notices/sample-call.md",
                include_str!(concat!("scaffold/", $language, "/sample-call.md")),
            ),
            (".gitignore", "public/\n.bulletin-cache/\n"),
        ]
    };
}

/// The sample site's files, by path under the new site, in each language.
const ZH_CN: &[(&str, &str)] = scaffold!("zh-CN");
const EN: &[(&str, &str)] = scaffold!("en");

impl Language {
    /// The sample for a site in `tag`: the Chinese one for Chinese, else the English one.
    fn of(tag: &str) -> Language {
        match crate::lang::shipped_table(tag) {
            Some("zh-CN") => Language::ZhCn,
            _ => Language::En,
        }
    }

    /// The sample's own tag.
    fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }

    fn files(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Language::ZhCn => ZH_CN,
            Language::En => EN,
        }
    }
}

pub(super) fn run(args: &InitArgs) -> u8 {
    let now = Zoned::now()
        .with_time_zone(crate::time::time_zone("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC));
    match init(&args.dir, &args.language, &now) {
        Ok(translate) => {
            let dir = args.dir.display();
            let organisation = match Language::of(&args.language) {
                Language::ZhCn => "示例机构",
                Language::En => "Example Organisation",
            };
            println!(
                "Created a new site in {dir}: content/ and data/ for a fictional organisation \
                 ({organisation}); the theme built into bulletin serves it."
            );
            if translate {
                println!(
                    "The sample is in English; bulletin has no interface text in {}: translate \
                     it in data/interface.yaml (until then it reads in English, and each build \
                     says so).",
                    args.language
                );
            }
            println!("Next, in {dir}:");
            println!(
                "  bulletin serve    preview at http://127.0.0.1:1111/, reloading as you edit"
            );
            println!("  bulletin check    list every sample value still to replace");
            println!("  bulletin build    write the site into public/");
            println!("README.md, \"Start a new site\", walks through the rest.");
            EXIT_OK
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERRORS
        }
    }
}

/// Writes the sample for a site in `tag` into `dir`, with its dates around `now`: the notice
/// published now, the call open for two months, the roster's rounds in the two years
/// before. Returns whether the site's interface text is to be translated (a language
/// bulletin does not ship: `data/interface.yaml` holds its texts, in English, commented out).
fn init(dir: &Path, tag: &str, now: &Zoned) -> Result<bool, String> {
    if dir.exists() && dir.read_dir().map_err(|e| e.to_string())?.next().is_some() {
        return Err(format!(
            "{} is not empty; init only creates new sites",
            dir.display()
        ));
    }
    let language = Language::of(tag);
    let own = format!("\nlanguage: {}\n", language.tag());
    let mut files: Vec<(&str, String)> = language
        .files()
        .iter()
        .map(|(name, text)| {
            let text = dated(text, now);
            // The sample's settings name the site's language as it was asked for.
            match *name {
                "data/site.yaml" => (*name, text.replace(&own, &format!("\nlanguage: {tag}\n"))),
                _ => (*name, text),
            }
        })
        .collect();
    // Chinese and English variants (zh-TW, en-GB) read the shipped text of their language.
    let translate = crate::lang::shipped_table(tag).is_none();
    if translate {
        files.push((crate::lang::INTERFACE_FILE, crate::lang::starter_table(tag)));
    }
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(translate)
}

/// The sample's text with its date placeholders filled in.
fn dated(text: &str, now: &Zoned) -> String {
    let today = now.date();
    let deadline = today.checked_add(60.days()).unwrap_or(today);
    let year = i32::from(today.year());
    text.replace("@NOW@", &crate::time::short_datetime(now))
        .replace("@DEADLINE@", &deadline.to_string())
        .replace("@YEAR@", &year.to_string())
        .replace("@YEAR1@", &(year - 1).to_string())
        .replace("@YEAR2@", &(year - 2).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::SAMPLE_VALUES;

    #[test]
    fn every_sample_value_is_in_the_sample_and_nothing_else_is_marked() {
        for value in SAMPLE_VALUES {
            assert!(
                ZH_CN
                    .iter()
                    .chain(EN)
                    .any(|(_, text)| text.contains(value.text)),
                "`{}` is in no sample file: drop it from SAMPLE_VALUES",
                value.text
            );
        }
        // Each language's sample holds its organisation, people, numbers and addresses.
        for (files, expected) in [(ZH_CN, 13), (EN, 13)] {
            let found = SAMPLE_VALUES
                .iter()
                .filter(|v| files.iter().any(|(_, t)| t.contains(v.text)))
                .count();
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn placeholders_are_all_filled() {
        let now: Zoned = "2026-03-01T09:30[Asia/Shanghai]".parse().unwrap();
        for (name, text) in ZH_CN.iter().chain(EN) {
            let filled = dated(text, &now);
            let left = filled.split('@').skip(1).any(|after| {
                let word: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                    .collect();
                !word.is_empty() && after[word.len()..].starts_with('@')
            });
            assert!(!left, "{name}: {filled}");
        }
        let call = dated(ZH_CN[4].1, &now);
        assert!(
            call.contains("id: selection-2026\ndeadline: 2026-04-30\n"),
            "{call}"
        );
        let roster = dated(ZH_CN[2].1, &now);
        assert!(roster.contains("year: 2024\n") && roster.contains("year: 2025\n"));
    }
}
