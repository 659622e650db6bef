//! The `deploy` settings of `data/site.yaml`: where `bulletin deploy` publishes the site.
//!
//! ```yaml
//! deploy:
//!   targets:
//!     - name: production                 # the first target is the default
//!       endpoint: https://oss-cn-beijing.aliyuncs.com
//!       bucket: cappvd-site
//!       region: oss-cn-beijing
//!       prefix: cappvd/
//!       headers:
//!         - { pattern: "files/**", values: { Content-Disposition: attachment } }
//! ```
//!
//! Credentials never live here: site.yaml is kept in git. A key that names a secret, or a
//! value that looks like an access key, anywhere under `deploy` is a located error
//! ([`secrets`]), reported before anything else in the file.

mod checks;
mod secrets;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::yaml::Spans;
use checks::{bucket_name, endpoint, header, prefix, valid_name};

pub(super) use secrets::secrets;

/// Uploads in flight at once, unless a target says otherwise.
pub const DEFAULT_WORKERS: usize = 8;
/// The most uploads a target may run at once.
pub const MAX_WORKERS: usize = 64;

/// Header names a `headers` rule may set (lowercase), besides `x-amz-meta-*`.
pub const SETTABLE_HEADERS: [&str; 5] = [
    "cache-control",
    "content-type",
    "content-disposition",
    "content-language",
    "expires",
];

/// User metadata names that bulletin writes itself (`x-amz-meta-bulletin-…`).
pub const RESERVED_META: &str = "x-amz-meta-bulletin-";

/// `deploy:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeploy {
    #[serde(default)]
    targets: Vec<RawTarget>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    name: String,
    endpoint: String,
    bucket: String,
    #[serde(default)]
    prefix: String,
    #[serde(default = "default_region")]
    region: String,
    #[serde(default)]
    path_style: bool,
    profile: Option<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    gzip: RawGzip,
    #[serde(default)]
    headers: Vec<RawHeaderRule>,
    #[serde(default = "default_workers")]
    workers: usize,
}

fn default_region() -> String {
    "us-east-1".to_string()
}

fn default_workers() -> usize {
    DEFAULT_WORKERS
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawGzip {
    Enabled(bool),
    Patterns(Vec<String>),
}

impl Default for RawGzip {
    fn default() -> Self {
        RawGzip::Enabled(false)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeaderRule {
    pattern: String,
    values: BTreeMap<String, String>,
}

/// Every deploy target of the site, in the order written (the first is the default).
#[derive(Debug, Clone, Default)]
pub struct DeploySettings {
    /// The targets.
    pub targets: Vec<DeployTarget>,
}

impl DeploySettings {
    /// The target called `name`, or the first one.
    pub fn target(&self, name: Option<&str>) -> Result<&DeployTarget, String> {
        let names = || {
            let names: Vec<&str> = self.targets.iter().map(|t| t.name.as_str()).collect();
            names.join(", ")
        };
        match name {
            None => self
                .targets
                .first()
                .ok_or_else(|| format!("{} has no deploy targets", super::SITE_FILE)),
            Some(name) => self.targets.iter().find(|t| t.name == name).ok_or_else(|| {
                format!("no deploy target is called `{name}` (targets: {})", names())
            }),
        }
    }
}

/// Which files are gzip-compressed before upload (and get `Content-Encoding: gzip`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gzip {
    /// None (the default): compression is left to the host or CDN.
    #[default]
    Off,
    /// Text files: HTML, CSS, JavaScript, JSON, XML, SVG, plain text, CSV, calendars, vCards.
    Text,
    /// Files matching these globs.
    Patterns(Vec<String>),
}

/// Headers set on the files that match a glob. Rules apply in order; a later rule's value
/// for the same header wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRule {
    /// A glob over paths inside the output (`files/**`, `**/*.pdf`).
    pub pattern: String,
    /// Header names (lowercase) and values.
    pub values: Vec<(String, String)>,
}

/// One place the site can be published to.
#[derive(Debug, Clone)]
pub struct DeployTarget {
    /// Its name, for `--target`.
    pub name: String,
    /// The S3 endpoint (`https://s3.eu-west-1.amazonaws.com`).
    pub endpoint: url::Url,
    /// The bucket.
    pub bucket: String,
    /// Key prefix: empty, or ending in `/` (`cappvd/`).
    pub prefix: String,
    /// The region signed into requests.
    pub region: String,
    /// Path-style addressing (`endpoint/bucket/key`) rather than virtual-host
    /// (`bucket.endpoint/key`).
    pub path_style: bool,
    /// A named profile of the shared credentials file, instead of the environment.
    pub profile: Option<String>,
    /// Globs of files to publish (empty: every file).
    pub include: Vec<String>,
    /// Globs of files never published, nor deleted from the bucket.
    pub exclude: Vec<String>,
    /// Pre-compression.
    pub gzip: Gzip,
    /// Extra headers by pattern.
    pub headers: Vec<HeaderRule>,
    /// Uploads in flight at once.
    pub workers: usize,
}

/// Compiles a glob of the deploy settings: `*` stays within a path segment, `**` crosses
/// them, `{a,b}` alternates.
pub fn glob(pattern: &str) -> Result<globset::Glob, String> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| format!("`{pattern}` is not a valid glob: {}", e.kind()))
}

/// Validates `deploy:`, locating each error in `text` through `spans`.
pub(super) fn validate(
    raw: RawDeploy,
    spans: &Spans,
    text: &str,
    file: &Path,
) -> Result<DeploySettings, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut targets: Vec<DeployTarget> = Vec::new();
    for (i, raw) in raw.targets.into_iter().enumerate() {
        let mut error = |key: &str, message: String, hint: &str| {
            let path = format!("deploy.targets.{i}.{key}");
            let located = Diagnostic::error(file, message).at_opt(spans.locate(&path, text));
            errors.push(if hint.is_empty() {
                located
            } else {
                located.hint(hint)
            });
        };
        if !valid_name(&raw.name) {
            error(
                "name",
                format!("`{}` is not a usable target name", raw.name),
                "use letters, digits, `-` and `_`",
            );
        } else if targets.iter().any(|t| t.name == raw.name) {
            error(
                "name",
                format!("a second target is called `{}`", raw.name),
                "",
            );
        }
        let endpoint = match endpoint(&raw.endpoint) {
            Ok(url) => url,
            Err(message) => {
                error(
                    "endpoint",
                    message,
                    "write the S3 endpoint, such as `https://oss-cn-beijing.aliyuncs.com`",
                );
                continue;
            }
        };
        if !raw.path_style && !matches!(endpoint.host(), Some(url::Host::Domain(_))) {
            error(
                "path_style",
                "virtual-host addressing needs a domain name, and the endpoint is an IP address"
                    .to_string(),
                "set `path_style: true`",
            );
        }
        if let Err(message) = bucket_name(&raw.bucket) {
            error(
                "bucket",
                message,
                "bucket names are 3 to 63 lowercase letters, digits, `-` and `.`",
            );
        }
        let prefix = match prefix(&raw.prefix) {
            Ok(prefix) => prefix,
            Err(message) => {
                error(
                    "prefix",
                    message,
                    "write a path such as `cappvd/`, or leave it out",
                );
                String::new()
            }
        };
        if raw.region.trim().is_empty() || raw.region.contains(char::is_whitespace) {
            error(
                "region",
                format!("`{}` is not a region", raw.region),
                "such as `us-east-1` or `oss-cn-beijing`",
            );
        }
        if !(1..=MAX_WORKERS).contains(&raw.workers) {
            error(
                "workers",
                format!("{} uploads at once is out of range", raw.workers),
                "use 1 to 64",
            );
        }
        for (list, globs) in [("include", &raw.include), ("exclude", &raw.exclude)] {
            for (j, pattern) in globs.iter().enumerate() {
                if let Err(message) = glob(pattern) {
                    error(&format!("{list}.{j}"), message, "");
                }
            }
        }
        let gzip = match raw.gzip {
            RawGzip::Enabled(false) => Gzip::Off,
            RawGzip::Enabled(true) => Gzip::Text,
            RawGzip::Patterns(patterns) => {
                for (j, pattern) in patterns.iter().enumerate() {
                    if let Err(message) = glob(pattern) {
                        error(&format!("gzip.{j}"), message, "");
                    }
                }
                Gzip::Patterns(patterns)
            }
        };
        let mut headers = Vec::new();
        for (j, rule) in raw.headers.into_iter().enumerate() {
            if let Err(message) = glob(&rule.pattern) {
                error(&format!("headers.{j}.pattern"), message, "");
            }
            let mut values = Vec::new();
            for (name, value) in rule.values {
                let key = format!("headers.{j}.values.{name}");
                match header(&name, &value) {
                    Ok(lower) => values.push((lower, value)),
                    Err((message, hint)) => error(&key, message, hint),
                }
            }
            headers.push(HeaderRule {
                pattern: rule.pattern,
                values,
            });
        }
        targets.push(DeployTarget {
            name: raw.name,
            endpoint,
            bucket: raw.bucket,
            prefix,
            region: raw.region,
            path_style: raw.path_style,
            profile: raw.profile,
            include: raw.include,
            exclude: raw.exclude,
            gzip,
            headers,
            workers: raw.workers,
        });
    }
    if errors.is_empty() {
        Ok(DeploySettings { targets })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_keep_star_within_a_segment() {
        let g = glob("assets/*.css").unwrap().compile_matcher();
        assert!(g.is_match("assets/style.css"));
        assert!(!g.is_match("assets/sub/style.css"));
        assert!(
            glob("**/*.html")
                .unwrap()
                .compile_matcher()
                .is_match("index.html")
        );
        assert!(glob("a[").is_err());
    }
}
