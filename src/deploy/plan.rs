//! What a deploy will do and why: each local file against the listing of the target.
//!
//! Content is compared by MD5: the listed ETag is the MD5 of the bytes sent for an object
//! written in one request, which is how bulletin writes. Headers are compared through the
//! state file's policies ([`super::state`]). When either cannot be told from the listing
//! (an ETag that is not an MD5, as after a multipart upload or with SSE-KMS; a gzip file
//! whose compressed bytes differ, which may only mean another compressor; no usable state
//! file), the object is asked with HEAD for the metadata bulletin wrote on upload:
//! `x-amz-meta-bulletin-md5` (MD5 of the uncompressed content) and
//! `x-amz-meta-bulletin-headers` (a fingerprint of its headers).

use std::collections::HashMap;
use std::fmt;

use super::headers::{self, Compiled, Headers};
use super::local::{LocalFile, hex};
use super::order::Tier;
use super::s3::Listed;

/// User metadata: MD5 of the uncompressed content.
pub const META_MD5: &str = "x-amz-meta-bulletin-md5";
/// User metadata: fingerprint of the headers.
pub const META_HEADERS: &str = "x-amz-meta-bulletin-headers";

/// Why a file is uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Not on the server.
    New,
    /// Its content differs.
    Content,
    /// Its headers differ (the names, when known).
    Headers(Vec<String>),
    /// On the server without bulletin's metadata, so its headers are unknown.
    Unverified,
    /// `--force`.
    Forced,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::New => f.write_str("new"),
            Reason::Content => f.write_str("changed content"),
            Reason::Headers(names) if names.is_empty() => f.write_str("changed headers"),
            Reason::Headers(names) => write!(f, "changed headers ({})", names.join(", ")),
            Reason::Unverified => f.write_str("headers unknown (not written by bulletin)"),
            Reason::Forced => f.write_str("--force"),
        }
    }
}

/// One planned upload.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Index into the local files.
    pub file: usize,
    /// Why.
    pub reason: Reason,
    /// When.
    pub tier: Tier,
}

/// What the listing and state say about one file before any HEAD request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Nothing to do.
    Same,
    /// Upload, for this reason.
    Upload(Reason),
    /// Ask the server; `content_known` when the content is already known to match.
    Head {
        /// The ETag matched the bytes to send.
        content_known: bool,
    },
}

/// Decides about `local` from its listing entry, the policies of the state file (`None`
/// without one) and the headers it gets now.
pub fn check(
    local: &LocalFile,
    listed: Option<&Listed>,
    policies: Option<&[Compiled<'_>]>,
    current: &Headers,
    force: bool,
) -> Check {
    let Some(listed) = listed else {
        return Check::Upload(Reason::New);
    };
    if force {
        return Check::Upload(Reason::Forced);
    }
    let etag_is_md5 = listed.etag.len() == 32 && listed.etag.bytes().all(|b| b.is_ascii_hexdigit());
    let content_known = match etag_is_md5 {
        true if listed.etag == hex(&local.sent_md5) => true,
        true if !local.gzip => return Check::Upload(Reason::Content),
        _ => false,
    };
    let Some(policies) = policies else {
        return Check::Head { content_known };
    };
    let mut names = Vec::new();
    for policy in policies {
        match policy.headers(&local.path) {
            Some(old) => names.extend(headers::changed(&old, current)),
            None => return Check::Upload(Reason::Headers(Vec::new())),
        }
    }
    names.sort();
    names.dedup();
    if !names.is_empty() {
        Check::Upload(Reason::Headers(names))
    } else if content_known {
        Check::Same
    } else {
        Check::Head { content_known }
    }
}

/// Decides about `local` from the headers a HEAD request returned (`None`: no object).
pub fn after_head(
    local: &LocalFile,
    head: Option<&[(String, String)]>,
    content_known: bool,
    current: &Headers,
) -> Option<Reason> {
    let Some(head) = head else {
        return Some(Reason::New);
    };
    let meta = |name: &str| {
        head.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    };
    let (Some(md5), Some(fingerprint)) = (meta(META_MD5), meta(META_HEADERS)) else {
        return Some(Reason::Unverified);
    };
    if !content_known && !md5.eq_ignore_ascii_case(&hex(&local.md5)) {
        Some(Reason::Content)
    } else if fingerprint != headers::fingerprint(current) {
        Some(Reason::Headers(Vec::new()))
    } else {
        None
    }
}

/// The whole plan.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Uploads, sorted by tier then path.
    pub uploads: Vec<Upload>,
    /// Paths (inside the output) of objects to delete, sorted.
    pub deletes: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
    /// HEAD requests that planning needed.
    pub heads: usize,
}

impl Plan {
    /// Sorts uploads into tiers (paths in order within each).
    pub fn sort(&mut self, locals: &[LocalFile]) {
        self.uploads
            .sort_by(|a, b| (a.tier, &locals[a.file].path).cmp(&(b.tier, &locals[b.file].path)));
        self.deletes.sort();
    }

    /// Bytes to send.
    pub fn upload_bytes(&self, locals: &[LocalFile]) -> u64 {
        self.uploads.iter().map(|u| locals[u.file].sent_size).sum()
    }

    /// Whether the deploy changes nothing.
    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.deletes.is_empty()
    }
}

/// The listing by path inside the prefix, without the state file, directory markers and
/// paths the target does not publish.
pub fn remote_paths<'a>(
    listing: &'a [Listed],
    prefix: &str,
    wanted: &dyn Fn(&str) -> bool,
) -> HashMap<&'a str, &'a Listed> {
    listing
        .iter()
        .filter_map(|listed| {
            let path = listed.key.strip_prefix(prefix)?;
            let keep = !path.is_empty()
                && !path.ends_with('/')
                && path != super::state::STATE_FILE
                && wanted(path);
            keep.then_some((path, listed))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::headers::Policy;
    use crate::deploy::test_target;

    fn local(path: &str, content: &[u8], gzip: bool) -> LocalFile {
        use md5::{Digest, Md5};
        let md5: [u8; 16] = Md5::digest(content).into();
        LocalFile {
            path: path.into(),
            file: path.into(),
            md5,
            gzip,
            sent_md5: if gzip { [7; 16] } else { md5 },
            sent_size: content.len() as u64,
        }
    }

    fn listed(etag: &str) -> Listed {
        Listed {
            key: "k".into(),
            etag: etag.into(),
            size: 1,
        }
    }

    #[test]
    fn content_and_headers_from_listing_and_policies() {
        let file = local("index.html", b"<p>hi</p>", false);
        let target = test_target();
        let policy = Policy::new(&target, ["index.html"].into_iter());
        let compiled = [policy.compile().unwrap()];
        let current = compiled[0].headers("index.html").unwrap();
        let same = listed(&hex(&file.md5));
        assert_eq!(
            check(&file, None, Some(&compiled), &current, false),
            Check::Upload(Reason::New)
        );
        assert_eq!(
            check(&file, Some(&same), Some(&compiled), &current, false),
            Check::Same
        );
        assert_eq!(
            check(&file, Some(&same), Some(&compiled), &current, true),
            Check::Upload(Reason::Forced)
        );
        let other = listed("0123456789abcdef0123456789abcdef");
        assert_eq!(
            check(&file, Some(&other), Some(&compiled), &current, false),
            Check::Upload(Reason::Content)
        );
        let multipart = listed("0123456789abcdef0123456789abcdef-2");
        assert_eq!(
            check(&file, Some(&multipart), Some(&compiled), &current, false),
            Check::Head {
                content_known: false
            }
        );
        assert_eq!(
            check(&file, Some(&same), None, &current, false),
            Check::Head {
                content_known: true
            }
        );
        let mut changed = current.clone();
        changed[0].1 = "no-cache".into();
        assert_eq!(
            check(&file, Some(&same), Some(&compiled), &changed, false),
            Check::Upload(Reason::Headers(vec!["cache-control".into()]))
        );
        let gz = local("index.html", b"<p>hi</p>", true);
        assert_eq!(
            check(&gz, Some(&same), Some(&compiled), &current, false),
            Check::Head {
                content_known: false
            }
        );
    }

    #[test]
    fn metadata_settles_what_the_listing_cannot() {
        let file = local("a.css", b"body{}", false);
        let current = vec![("content-type".to_string(), "text/css".to_string())];
        let meta = |md5: &str, fp: &str| {
            vec![
                (META_MD5.to_string(), md5.to_string()),
                (META_HEADERS.to_string(), fp.to_string()),
            ]
        };
        let fp = headers::fingerprint(&current);
        assert_eq!(
            after_head(&file, Some(&meta(&hex(&file.md5), &fp)), false, &current),
            None
        );
        assert_eq!(
            after_head(&file, Some(&meta("00", &fp)), false, &current),
            Some(Reason::Content)
        );
        assert_eq!(
            after_head(&file, Some(&meta("00", &fp)), true, &current),
            None
        );
        assert_eq!(
            after_head(&file, Some(&meta(&hex(&file.md5), "x")), true, &current),
            Some(Reason::Headers(vec![]))
        );
        assert_eq!(
            after_head(&file, Some(&[]), true, &current),
            Some(Reason::Unverified)
        );
        assert_eq!(after_head(&file, None, true, &current), Some(Reason::New));
    }

    #[test]
    fn remote_paths_skip_state_markers_and_other_prefixes() {
        let listing: Vec<Listed> = [
            "p/a.html",
            "p/.bulletin-deploy.json",
            "p/dir/",
            "q/b.html",
            "p/skip.map",
        ]
        .iter()
        .map(|k| Listed {
            key: k.to_string(),
            etag: String::new(),
            size: 0,
        })
        .collect();
        let paths = remote_paths(&listing, "p/", &|p: &str| !p.ends_with(".map"));
        assert_eq!(paths.keys().copied().collect::<Vec<_>>(), ["a.html"]);
    }
}
