//! Writing the site: everything goes to a fresh directory beside the output, which is then
//! swapped in with one atomic rename (`RENAME_EXCHANGE` on Linux). A failed or killed
//! build leaves the previous output exactly as it was ([`Staging`]). bulletin replaces only
//! a folder it made itself, and carries the names a site keeps (`.git`, `CNAME`, …) into
//! each new output ([`Target`]).

pub mod compress;
mod path;
mod staging;
mod target;

pub use path::OutputPath;

pub use staging::Staging;
pub use target::{DEFAULT_KEEP, MARKER, Target, check_kept_name};

use std::path::PathBuf;

/// Whether the output file at `path` is a page (an HTML file): the one counting rule of
/// every summary.
pub fn is_page(path: &str) -> bool {
    path.ends_with(".html")
}

/// The content type of an output at `path`, with `charset=utf-8` for text: what the
/// preview server sends and what `deploy` stores.
pub fn content_type(path: &str) -> String {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    let mime = match ext.as_str() {
        "ics" => "text/calendar".to_string(),
        "vcf" => "text/vcard".to_string(),
        "webp" => "image/webp".to_string(),
        "csv" => "text/csv".to_string(),
        _ => mime_guess::from_ext(&ext)
            .first_or_octet_stream()
            .essence_str()
            .to_string(),
    };
    let textual = mime.starts_with("text/")
        || matches!(
            mime.as_str(),
            "application/json"
                | "application/javascript"
                | "application/xml"
                | "image/svg+xml"
                | "application/atom+xml"
        );
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

/// What a file holds.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Rendered text.
    Text(String),
    /// Bytes in memory (theme assets).
    Bytes(Vec<u8>),
    /// A file copied from the site's sources.
    Copy(PathBuf),
    /// A file of the build cache (`.bulletin-cache/`: share pictures, logos), named by a
    /// hash of what it holds and never written again: hard-linked into the output where
    /// the file system allows it (a 10,000-notice site has 10,000 cards), else copied.
    Cached(PathBuf),
}

/// One file of the output.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Where, inside the output directory.
    pub path: OutputPath,
    /// What.
    pub contents: Contents,
}

impl Contents {
    /// The bytes: held, or read from the file copied or linked.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            Contents::Text(text) => text.as_bytes().into(),
            Contents::Bytes(bytes) => bytes.as_slice().into(),
            Contents::Copy(file) | Contents::Cached(file) => std::fs::read(file)?.into(),
        })
    }
}

/// Whether everyone may read the file of `metadata` (group and others): a cache file the
/// output may link to, since a link carries its mode ([`Contents::Cached`]).
#[cfg(unix)]
pub fn readable_by_all(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o044 == 0o044
}

impl OutputFile {
    /// The text of a rendered page or text file (`None` for binary or copied files).
    pub fn as_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.contents {
            Contents::Text(text) => Some(std::borrow::Cow::Borrowed(text)),
            Contents::Bytes(bytes) => std::str::from_utf8(bytes)
                .ok()
                .map(std::borrow::Cow::Borrowed),
            Contents::Copy(_) | Contents::Cached(_) => None,
        }
    }

    /// Bytes at `path` (which must be a valid output path), for tests.
    #[cfg(test)]
    pub(crate) fn bytes(path: &str, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: OutputPath::new(path).expect("a valid output path"),
            contents: Contents::Bytes(bytes),
        }
    }
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteReport {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}
