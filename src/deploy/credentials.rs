//! Credentials for a deploy target, from the environment or a named profile of the shared
//! credentials file, never from `data/site.yaml` (config refuses secrets there).
//!
//! In order: the target's `profile`; else `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`
//! (with `AWS_SESSION_TOKEN` if set); else the profile named by `AWS_PROFILE`, or
//! `default`, if the file has it. The file is `AWS_SHARED_CREDENTIALS_FILE`, or
//! `~/.aws/credentials` (INI: `[name]` sections with `aws_access_key_id`,
//! `aws_secret_access_key` and optionally `aws_session_token`), the format the AWS CLI and
//! the Aliyun, Tencent and Huawei tools can write.

use std::path::PathBuf;

use rusty_s3::Credentials;

use crate::config::DeployTarget;

/// Where credentials were found, for messages (never the keys themselves).
pub type Source = String;

/// The credentials for `target`; `env` reads an environment variable.
pub fn resolve(
    target: &DeployTarget,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(Credentials, Source), String> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let file = var("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|home| PathBuf::from(home).join(".aws/credentials")));
    if let Some(profile) = &target.profile {
        let file = file.ok_or("no credentials file: set AWS_SHARED_CREDENTIALS_FILE or HOME")?;
        return from_file(&file, profile)?.ok_or_else(|| {
            format!(
                "{} has no profile `{profile}` with aws_access_key_id and aws_secret_access_key \
                 (target `{}`)",
                file.display(),
                target.name
            )
        });
    }
    match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        (Some(key), Some(secret)) => {
            let credentials = match var("AWS_SESSION_TOKEN") {
                Some(token) => Credentials::new_with_token(key, secret, token),
                None => Credentials::new(key, secret),
            };
            return Ok((
                credentials,
                "the environment (AWS_ACCESS_KEY_ID)".to_string(),
            ));
        }
        (Some(_), None) => {
            return Err("AWS_ACCESS_KEY_ID is set, AWS_SECRET_ACCESS_KEY is not".into());
        }
        (None, Some(_)) => {
            return Err("AWS_SECRET_ACCESS_KEY is set, AWS_ACCESS_KEY_ID is not".into());
        }
        (None, None) => {}
    }
    let profile = var("AWS_PROFILE").unwrap_or_else(|| "default".to_string());
    if let Some(file) = file.filter(|f| f.is_file())
        && let Some(found) = from_file(&file, &profile)?
    {
        return Ok(found);
    }
    Err(format!(
        "no credentials for target `{}`: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give \
         the target a `profile` of the shared credentials file",
        target.name
    ))
}

/// Profile `name` of the INI file at `path`, if it has both keys.
fn from_file(path: &std::path::Path, name: &str) -> Result<Option<(Credentials, Source)>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the credentials file {}: {e}", path.display()))?;
    let (mut key, mut secret, mut token) = (None, None, None);
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let section = section.trim();
            inside =
                section == name || section.strip_prefix("profile ").map(str::trim) == Some(name);
            continue;
        }
        if !inside {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            let value = Some(v.trim().to_string()).filter(|v| !v.is_empty());
            match k.trim().to_ascii_lowercase().as_str() {
                "aws_access_key_id" => key = value,
                "aws_secret_access_key" => secret = value,
                "aws_session_token" => token = value,
                _ => {}
            }
        }
    }
    let (Some(key), Some(secret)) = (key, secret) else {
        return Ok(None);
    };
    let credentials = match token {
        Some(token) => Credentials::new_with_token(key, secret, token),
        None => Credentials::new(key, secret),
    };
    Ok(Some((
        credentials,
        format!("profile `{name}` of {}", path.display()),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn target(profile: Option<&str>) -> DeployTarget {
        DeployTarget {
            profile: profile.map(String::from),
            ..crate::deploy::test_target()
        }
    }

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn environment_then_profile() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("credentials");
        std::fs::write(
            &file,
            "[default]\naws_access_key_id = D\naws_secret_access_key = DS\n\n[site]\n# note\naws_access_key_id=S\naws_secret_access_key=SS\n",
        )
        .unwrap();
        let file = file.to_str().unwrap();
        let vars = env(&[
            ("AWS_ACCESS_KEY_ID", "E"),
            ("AWS_SECRET_ACCESS_KEY", "ES"),
            ("AWS_SHARED_CREDENTIALS_FILE", file),
        ]);
        assert_eq!(resolve(&target(None), &vars).unwrap().0.key(), "E");
        assert_eq!(
            resolve(&target(Some("site")), &vars).unwrap().0.secret(),
            "SS"
        );
        let vars = env(&[("AWS_SHARED_CREDENTIALS_FILE", file)]);
        assert_eq!(resolve(&target(None), &vars).unwrap().0.key(), "D");
        let vars = env(&[
            ("AWS_SHARED_CREDENTIALS_FILE", file),
            ("AWS_PROFILE", "site"),
        ]);
        assert_eq!(resolve(&target(None), &vars).unwrap().0.key(), "S");
        assert!(
            resolve(&target(Some("nope")), &vars)
                .unwrap_err()
                .contains("no profile `nope`")
        );
    }

    #[test]
    fn half_a_key_pair_is_an_error() {
        let vars = env(&[("AWS_ACCESS_KEY_ID", "E")]);
        assert!(resolve(&target(None), &vars).is_err());
        let none = env(&[]);
        assert!(
            resolve(&target(None), &none)
                .unwrap_err()
                .contains("no credentials")
        );
    }
}
