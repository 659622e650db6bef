//! Credentials written into `data/site.yaml`: an error wherever they appear under `deploy`,
//! since the file is kept in git. Keys that name a secret (`secret_access_key`, `password`,
//! `token`, …) and values that look like an access key id (AWS `AKIA…`/`ASIA…`, Aliyun
//! `LTAI…`, Tencent `AKID…`) are reported at their place, with the value masked: the error
//! message itself must not spread the secret further.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml::{self, YamlSource};

/// Only `deploy:` is looked at; the rest of the file is left to the real parse.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    deploy: Option<serde_json::Value>,
}

/// The located errors for every secret under `deploy:` in `source` (none if the file does
/// not parse: the real parse reports that).
pub fn secrets(source: YamlSource<'_>) -> Vec<Diagnostic> {
    let Ok(Probe {
        deploy: Some(deploy),
    }) = yaml::parse_value::<Probe>(source)
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&deploy, "deploy", &mut found);
    if found.is_empty() {
        return Vec::new();
    }
    let spans = yaml::spans(source);
    found
        .into_iter()
        .map(|(path, why)| {
            Diagnostic::error(
                source.file,
                format!("`{path}` {why}; site.yaml is kept in git"),
            )
            .at_opt(spans.locate(&path, source.full).map(mask))
            .label("secret")
            .hint(
                "delete it (and rotate the key if it was committed); bulletin deploy reads \
                     AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment, or a \
                     named profile (`profile: NAME`) of the shared credentials file",
            )
        })
        .collect()
}

fn walk(value: &serde_json::Value, path: &str, found: &mut Vec<(String, &'static str)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let child_path = format!("{path}.{key}");
                if secret_key(key) {
                    found.push((child_path, "holds a credential"));
                } else {
                    walk(child, &child_path, found);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, &format!("{path}.{i}"), found);
            }
        }
        serde_json::Value::String(text) if looks_like_access_key(text) => {
            found.push((path.to_string(), "looks like an access key id"));
        }
        _ => {}
    }
}

/// Whether a key names a credential (case and `-`/`_` ignored).
fn secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase().replace('-', "_");
    ["secret", "password", "passwd", "token", "credential"]
        .iter()
        .any(|word| key.contains(word))
        || key.ends_with("access_key_id")
        || key.ends_with("access_key")
}

/// Whether any word of `text` has the shape of a cloud access key id.
fn looks_like_access_key(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| {
            let upper_digits = |s: &str| {
                s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            };
            let alnum = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric());
            let aws = (word.starts_with("AKIA") || word.starts_with("ASIA"))
                && word.len() == 20
                && upper_digits(word);
            let aliyun = word.starts_with("LTAI") && (16..=30).contains(&word.len()) && alnum(word);
            let tencent = word.starts_with("AKID") && word.len() == 36 && alnum(word);
            aws || aliyun || tencent
        })
}

/// Replaces the located value with `*`, so printing the error does not print the secret.
fn mask(mut location: Location) -> Location {
    let start = location.range.start.min(location.line_text.len());
    let end = if location.range.end > start {
        location.line_text.len()
    } else {
        start
    };
    let stars = "*".repeat(location.line_text[start..end].chars().count().max(1));
    location.line_text.replace_range(start..end, &stars);
    location.range = start..start + stars.len();
    location
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn check(text: &str) -> Vec<Diagnostic> {
        secrets(YamlSource::whole(Path::new("data/site.yaml"), text))
    }

    #[test]
    fn secret_keys_are_located_and_masked() {
        let text = "title: t\ndeploy:\n  targets:\n    - name: a\n      secret_access_key: wJalrXUtnFEMI/K7MDENG\n";
        let found = check(text);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert!(
            d.message.contains("deploy.targets.0.secret_access_key"),
            "{}",
            d.message
        );
        let location = d.location.as_ref().unwrap();
        assert_eq!(location.line, 5);
        assert!(!d.render(false).contains("wJalr"), "{}", d.render(false));
        assert!(location.line_text.contains("secret_access_key: ****"));
    }

    #[test]
    fn access_key_ids_are_found_in_any_value() {
        assert!(looks_like_access_key("AKIAIOSFODNN7EXAMPLE"));
        assert!(looks_like_access_key("key LTAI5tAbCdEfGhIjKlMn"));
        assert!(!looks_like_access_key(
            "https://oss-cn-beijing.aliyuncs.com"
        ));
        let text = "deploy:\n  targets:\n    - name: a\n      profile: AKIAIOSFODNN7EXAMPLE\n";
        assert_eq!(check(text).len(), 1);
        let header = "deploy:\n  targets:\n    - headers:\n        - values: { x-amz-security-token: abc }\n";
        assert_eq!(check(header).len(), 1);
    }

    #[test]
    fn ordinary_settings_pass() {
        let text = "deploy:\n  targets:\n    - { name: a, endpoint: 'https://s3.amazonaws.com', bucket: b, profile: site }\n";
        assert!(check(text).is_empty());
        assert!(check("title: [").is_empty());
        assert!(!secret_key("path_style"));
        assert!(secret_key("AWS-Secret-Access-Key"));
        assert!(secret_key("access_key_id"));
    }
}
