//! Checks of single deploy settings: target names, endpoints, bucket names, key prefixes
//! and the headers a rule may set.

use super::{RESERVED_META, SETTABLE_HEADERS};

/// Whether a target name is usable on the command line.
pub(super) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Parses an S3 endpoint: http(s), a host, no query, no user info.
pub(super) fn endpoint(text: &str) -> Result<url::Url, String> {
    let url =
        url::Url::parse(text).map_err(|e| format!("`{text}` is not a valid endpoint: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "the endpoint `{text}` must start with https:// or http://"
        ));
    }
    if url.host().is_none() || url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "the endpoint `{text}` must be a host, without a query"
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the endpoint must not hold a user name or password".to_string());
    }
    Ok(url)
}

/// Checks S3's bucket naming rules.
pub(super) fn bucket_name(name: &str) -> Result<(), String> {
    let ok = (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && !name.starts_with(['-', '.'])
        && !name.ends_with(['-', '.']);
    ok.then_some(())
        .ok_or_else(|| format!("`{name}` is not a valid bucket name"))
}

/// Normalises a key prefix: no leading `/`, a trailing `/`, plain segments only.
pub(super) fn prefix(text: &str) -> Result<String, String> {
    let trimmed = text.trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let bad = trimmed
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == ".." || s.contains(['\\', '?', '#']));
    if bad || trimmed.chars().any(char::is_control) {
        return Err(format!("`{text}` is not a usable key prefix"));
    }
    Ok(format!("{trimmed}/"))
}

/// Checks one header of a rule; returns its lowercase name.
pub(super) fn header(name: &str, value: &str) -> Result<String, (String, &'static str)> {
    let lower = name.to_ascii_lowercase();
    let settable = SETTABLE_HEADERS.contains(&lower.as_str())
        || (lower.starts_with("x-amz-meta-")
            && lower.len() > "x-amz-meta-".len()
            && lower[..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if !settable {
        return Err((
            format!("bulletin does not set the header `{name}`"),
            "use Cache-Control, Content-Type, Content-Disposition, Content-Language, Expires or x-amz-meta-*",
        ));
    }
    if lower.starts_with(RESERVED_META) {
        return Err((
            format!("`{name}` is written by bulletin itself"),
            "choose another x-amz-meta- name",
        ));
    }
    if value.is_empty() || value.chars().any(|c| !(' '..='~').contains(&c)) {
        return Err((
            format!("the value of `{name}` must be printable ASCII on one line"),
            "percent-encode other characters (RFC 8187 for Content-Disposition file names)",
        ));
    }
    Ok(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_normalised() {
        assert_eq!(prefix("").unwrap(), "");
        assert_eq!(prefix("/").unwrap(), "");
        assert_eq!(prefix("/cappvd").unwrap(), "cappvd/");
        assert_eq!(prefix("a/b/").unwrap(), "a/b/");
        assert!(prefix("a/../b").is_err());
        assert!(prefix("a//b").is_err());
    }

    #[test]
    fn bucket_names_follow_s3_rules() {
        assert!(bucket_name("cappvd-site").is_ok());
        assert!(bucket_name("Upper").is_err());
        assert!(bucket_name("ab").is_err());
        assert!(bucket_name("-ab").is_err());
    }

    #[test]
    fn only_known_headers_are_settable() {
        assert_eq!(
            header("Cache-Control", "no-cache").unwrap(),
            "cache-control"
        );
        assert_eq!(header("X-Amz-Meta-Owner", "x").unwrap(), "x-amz-meta-owner");
        assert!(header("Content-Encoding", "gzip").is_err());
        assert!(header("x-amz-meta-bulletin-md5", "x").is_err());
        assert!(header("Expires", "a\nb").is_err());
    }
}
