//! The headers each uploaded file gets, decided by a [`Policy`] that is plain data: content
//! types by extension, then rules (glob → header values) applied in order, the built-in
//! defaults first and the target's `headers` after them, and the globs of the files
//! gzip-compressed. Because the policy is data, the one a deploy used is kept on the server
//! (see [`super::state`]) and a later deploy can tell, per file, whether a header would
//! change, without asking the server for every object's headers.
//!
//! Built-in `Cache-Control`:
//!
//! | files | value |
//! |---|---|
//! | fingerprinted stylesheets and scripts (`assets/**/*.<8 hex>.css`), unit logos | [`IMMUTABLE`] |
//! | HTML, `feed.xml`, `sitemap.xml`, `robots.txt`, `search/**` | [`SHORT`] |
//! | everything else (images, fonts, attachments, downloads) | [`MEDIUM`] |

use std::collections::BTreeMap;

use globset::GlobSet;
use serde::{Deserialize, Serialize};

use crate::config::{DeployTarget, Gzip, glob};

/// For files whose name changes with their content: cached for a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For pages, feeds and the search index: a deploy shows within five minutes.
pub const SHORT: &str = "public, max-age=300";
/// For other files, which keep their names when they change.
pub const MEDIUM: &str = "public, max-age=3600";
/// The files `gzip: true` compresses.
pub const GZIP_TEXT: &str = "**/*.{html,css,js,json,xml,svg,txt,csv,ics,vcf}";

/// Header names and values (lowercase names, sorted by name).
pub type Headers = Vec<(String, String)>;

/// One rule: the headers set on files matching a glob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Glob over paths inside the output.
    pub pattern: String,
    /// Header values by lowercase name.
    pub values: BTreeMap<String, String>,
}

/// How headers are decided: a pure function of a file's path and this data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Content type by lowercase extension (`""` for none), for the site's extensions.
    pub types: BTreeMap<String, String>,
    /// Rules in order; a later rule's value for the same header wins.
    pub rules: Vec<Rule>,
    /// Globs of the files sent gzip-compressed with `Content-Encoding: gzip`.
    pub gzip: Vec<String>,
}

/// `[0-9a-f]` `n` times: a glob for a hex fingerprint.
fn hex(n: usize) -> String {
    "[0-9a-f]".repeat(n)
}

/// The extension a content type is looked up by: what follows the last `.` of the path.
pub fn extension(path: &str) -> String {
    path.rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase()
}

impl Policy {
    /// The policy for `target`, with content types for the extensions of `paths`.
    pub fn new<'a>(target: &DeployTarget, paths: impl Iterator<Item = &'a str>) -> Policy {
        let mut types = BTreeMap::new();
        for path in paths {
            types
                .entry(extension(path))
                .or_insert_with(|| crate::output::content_type(path));
        }
        let rule = |pattern: String, cache: &str| Rule {
            pattern,
            values: BTreeMap::from([("cache-control".to_string(), cache.to_string())]),
        };
        let mut rules = vec![
            rule("**".into(), MEDIUM),
            rule(
                "{**/*.html,feed.xml,sitemap.xml,robots.txt,search/**}".into(),
                SHORT,
            ),
            rule(format!("assets/**/*.{}.{{css,js}}", hex(8)), IMMUTABLE),
            rule(format!("assets/logos/{}.{{png,webp}}", hex(20)), IMMUTABLE),
        ];
        rules.extend(target.headers.iter().map(|r| Rule {
            pattern: r.pattern.clone(),
            values: r.values.iter().cloned().collect(),
        }));
        let gzip = match &target.gzip {
            Gzip::Off => Vec::new(),
            Gzip::Text => vec![GZIP_TEXT.to_string()],
            Gzip::Patterns(patterns) => patterns.clone(),
        };
        Policy { types, rules, gzip }
    }

    /// Compiles the globs (which may come from the server, so may be wrong).
    pub fn compile(&self) -> Result<Compiled<'_>, String> {
        let set = |patterns: &mut dyn Iterator<Item = &String>| {
            let mut builder = globset::GlobSetBuilder::new();
            for pattern in patterns {
                builder.add(glob(pattern)?);
            }
            builder.build().map_err(|e| e.to_string())
        };
        Ok(Compiled {
            policy: self,
            rules: set(&mut self.rules.iter().map(|r| &r.pattern))?,
            gzip: set(&mut self.gzip.iter())?,
        })
    }
}

/// A policy ready to answer per path.
pub struct Compiled<'a> {
    policy: &'a Policy,
    rules: GlobSet,
    gzip: GlobSet,
}

impl Compiled<'_> {
    /// Whether `path` is sent gzip-compressed.
    pub fn gzip(&self, path: &str) -> bool {
        self.gzip.is_match(path)
    }

    /// The headers of `path`, or `None` when the policy has no content type for its
    /// extension (a policy from an earlier deploy that had no such file).
    pub fn headers(&self, path: &str) -> Option<Headers> {
        let mut headers = BTreeMap::new();
        let content_type = self.policy.types.get(&extension(path))?;
        headers.insert("content-type".to_string(), content_type.clone());
        for i in self.rules.matches(path) {
            for (name, value) in &self.policy.rules[i].values {
                headers.insert(name.clone(), value.clone());
            }
        }
        if self.gzip(path) {
            headers.insert("content-encoding".to_string(), "gzip".to_string());
        }
        Some(headers.into_iter().collect())
    }
}

/// A short, stable digest of a header set (what `x-amz-meta-bulletin-headers` holds).
pub fn fingerprint(headers: &Headers) -> String {
    let mut text = String::new();
    for (name, value) in headers {
        text.push_str(name);
        text.push(':');
        text.push_str(value);
        text.push('\n');
    }
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// The names of the headers that differ between `old` and `new`.
pub fn changed(old: &Headers, new: &Headers) -> Vec<String> {
    let old: BTreeMap<_, _> = old.iter().cloned().collect();
    let new: BTreeMap<_, _> = new.iter().cloned().collect();
    let mut names: Vec<String> = old
        .keys()
        .chain(new.keys())
        .filter(|name| old.get(*name) != new.get(*name))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::HeaderRule;

    fn target(gzip: Gzip, headers: Vec<HeaderRule>) -> DeployTarget {
        DeployTarget {
            gzip,
            headers,
            ..crate::deploy::test_target()
        }
    }

    const PATHS: [&str; 6] = [
        "index.html",
        "assets/style.3f2a9c1e.css",
        "assets/logos/0123456789abcdef0123.png",
        "assets/favicon.svg",
        "search/s/12.json",
        "files/a.pdf",
    ];

    fn value<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn defaults_by_kind_of_file() {
        let policy = Policy::new(&target(Gzip::Off, vec![]), PATHS.into_iter());
        let compiled = policy.compile().unwrap();
        let h = |p: &str| compiled.headers(p).unwrap();
        assert_eq!(
            value(&h("index.html"), "content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(value(&h("index.html"), "cache-control"), Some(SHORT));
        assert_eq!(
            value(&h("notices/x/index.html"), "cache-control"),
            Some(SHORT)
        );
        assert_eq!(
            value(&h("assets/style.3f2a9c1e.css"), "cache-control"),
            Some(IMMUTABLE)
        );
        assert_eq!(
            value(&h("assets/logos/0123456789abcdef0123.png"), "cache-control"),
            Some(IMMUTABLE)
        );
        assert_eq!(
            value(&h("assets/favicon.svg"), "cache-control"),
            Some(MEDIUM)
        );
        assert_eq!(value(&h("search/s/12.json"), "cache-control"), Some(SHORT));
        assert_eq!(
            value(&h("files/a.pdf"), "content-type"),
            Some("application/pdf")
        );
        assert_eq!(value(&h("index.html"), "content-encoding"), None);
        assert!(compiled.headers("x.unknownext").is_none());
    }

    #[test]
    fn rules_and_gzip_override_and_round_trip() {
        let rule = HeaderRule {
            pattern: "files/**".into(),
            values: vec![
                ("content-disposition".into(), "attachment".into()),
                ("cache-control".into(), "no-cache".into()),
            ],
        };
        let policy = Policy::new(&target(Gzip::Text, vec![rule]), PATHS.into_iter());
        let compiled = policy.compile().unwrap();
        let pdf = compiled.headers("files/a.pdf").unwrap();
        assert_eq!(value(&pdf, "cache-control"), Some("no-cache"));
        assert_eq!(value(&pdf, "content-disposition"), Some("attachment"));
        assert_eq!(value(&pdf, "content-encoding"), None);
        let html = compiled.headers("index.html").unwrap();
        assert_eq!(value(&html, "content-encoding"), Some("gzip"));
        let plain = Policy::new(&target(Gzip::Off, vec![]), PATHS.into_iter());
        let before = plain.compile().unwrap().headers("files/a.pdf").unwrap();
        assert_eq!(
            changed(&before, &pdf),
            ["cache-control", "content-disposition"]
        );
        assert_ne!(fingerprint(&before), fingerprint(&pdf));
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), policy);
    }
}
