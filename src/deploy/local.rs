//! The built site on disk: every file under the output directory that the target's
//! `include`/`exclude` globs select, with the MD5 of its content and of the bytes that will
//! be sent (the same, or the gzip-compressed content). Bodies are read again at upload time
//! rather than kept in memory; a file that changed in between is an error, not a silent
//! upload of something that was never compared.

use std::path::{Path, PathBuf};

use globset::GlobSet;
use md5::{Digest, Md5};
use rayon::prelude::*;

use super::headers::Compiled;
use crate::config::{DeployTarget, glob};

/// Which paths a target publishes (and may delete).
pub struct Filter {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl Filter {
    /// The filter of `target` (its globs were checked when the settings were loaded).
    pub fn new(target: &DeployTarget) -> Result<Filter, String> {
        let set = |patterns: &[String]| {
            let mut builder = globset::GlobSetBuilder::new();
            for pattern in patterns {
                builder.add(glob(pattern)?);
            }
            builder.build().map_err(|e| e.to_string())
        };
        Ok(Filter {
            include: (!target.include.is_empty())
                .then(|| set(&target.include))
                .transpose()?,
            exclude: set(&target.exclude)?,
        })
    }

    /// Whether `path` (inside the output) is published.
    pub fn wanted(&self, path: &str) -> bool {
        self.include.as_ref().is_none_or(|set| set.is_match(path)) && !self.exclude.is_match(path)
    }
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct LocalFile {
    /// Path inside the output, `/`-separated.
    pub path: String,
    /// Where it is on disk.
    pub file: PathBuf,
    /// MD5 of the content.
    pub md5: [u8; 16],
    /// Whether it is sent gzip-compressed.
    pub gzip: bool,
    /// MD5 of the bytes sent.
    pub sent_md5: [u8; 16],
    /// Size of the bytes sent.
    pub sent_size: u64,
}

/// Names directly inside the output that are never published: bulletin's marker, and a
/// version-control folder kept in the output (a pages-branch checkout).
const NEVER: [&str; 4] = [crate::output::MARKER, ".git", ".hg", ".svn"];

/// Every published file under `output` (path inside it, and on disk), sorted by path.
pub fn scan(output: &Path, filter: &Filter) -> Result<Vec<(String, PathBuf)>, String> {
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(output)
        .sort_by_file_name()
        .into_iter();
    let published =
        walk.filter_entry(|e| e.depth() != 1 || !NEVER.iter().any(|n| e.file_name() == *n));
    for entry in published {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", output.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(output).unwrap_or(entry.path());
        let Some(path) = relative.to_str() else {
            return Err(format!(
                "{} is not a UTF-8 file name",
                entry.path().display()
            ));
        };
        let path = path.replace('\\', "/");
        if filter.wanted(&path) {
            files.push((path, entry.into_path()));
        }
    }
    Ok(files)
}

/// Reads, digests and (where `policy` says so) compresses each of `files`, in parallel.
pub fn digest(
    files: Vec<(String, PathBuf)>,
    policy: &Compiled<'_>,
) -> Result<Vec<LocalFile>, String> {
    files
        .into_par_iter()
        .map(|(path, file)| {
            let gzip = policy.gzip(&path);
            let content = read(&file)?;
            let md5 = Md5::digest(&content).into();
            let (sent_md5, sent_size) = if gzip {
                let sent = compress(&content, &file)?;
                (Md5::digest(&sent).into(), sent.len() as u64)
            } else {
                (md5, content.len() as u64)
            };
            Ok(LocalFile {
                path,
                file,
                md5,
                gzip,
                sent_md5,
                sent_size,
            })
        })
        .collect()
}

impl LocalFile {
    /// The bytes to send, checked against the digest taken when the deploy was planned.
    pub fn body(&self) -> Result<Vec<u8>, String> {
        let content = read(&self.file)?;
        let body = if self.gzip {
            compress(&content, &self.file)?
        } else {
            content
        };
        if <[u8; 16]>::from(Md5::digest(&body)) != self.sent_md5 {
            return Err(format!(
                "{} changed during the deploy; run it again once the build is over",
                self.file.display()
            ));
        }
        Ok(body)
    }
}

fn read(file: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))
}

/// gzip at the default level with a fixed header: the same content always gives the same
/// bytes, and so the same ETag.
fn compress(content: &[u8], file: &Path) -> Result<Vec<u8>, String> {
    crate::output::compress::gzip(content, flate2::Compression::default())
        .map_err(|e| format!("cannot compress {}: {e}", file.display()))
}

/// Lowercase hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_is_deterministic_and_round_trips() {
        let text = "各有关单位：".repeat(100);
        let a = compress(text.as_bytes(), Path::new("x")).unwrap();
        let b = compress(text.as_bytes(), Path::new("x")).unwrap();
        assert_eq!(a, b);
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&a[..]), &mut back)
            .unwrap();
        assert_eq!(back, text);
        assert_eq!(hex(&[0, 0xab]), "00ab");
    }
}
