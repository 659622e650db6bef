//! Loading `content/`: Markdown documents with front matter, and the other files beside them.
//!
//! `content/notices/**/*.md` are notices; other `*.md` files are standalone pages;
//! `content/_index.md` and `content/notices/_index.md` hold the introductions of the home
//! page and the notice list. Every other file is copied to the output at the same path.

mod events;
pub mod front_matter;
mod located;
pub mod markdown;
pub mod official;
pub mod sanitize;
pub mod shortcodes;
pub mod slug;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

pub use front_matter::{Attachment, Credit, FrontMatter};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::source::read_text;

/// What a Markdown document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// A notice under `content/notices/`.
    Notice,
    /// A standalone page.
    Page,
    /// `content/_index.md`: the home page's introduction.
    HomeIntro,
    /// `content/notices/_index.md`: the notice list's introduction.
    NoticesIntro,
}

/// One parsed Markdown document. It keeps its front matter, not its body: the bodies are
/// most of a site's sources (a gigabyte at 100,000 notices) and each is needed only to
/// render its page (and the little else that shows it), so [`Document::source`] reads the
/// file again, and checks it is the text that was loaded.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to `content/`, with `/` separators.
    pub path: String,
    /// Path shown in messages, e.g. `content/notices/a.md`.
    pub display: PathBuf,
    /// The file it was read from.
    pub file: PathBuf,
    /// The file up to where the body starts: the front matter with its fences (BOM and
    /// CRLF removed), which locates messages about its fields.
    pub head: String,
    /// What is kept of the body.
    pub body: Body,
    /// The parsed front matter.
    pub front: FrontMatter,
    /// What the document is.
    pub kind: DocKind,
    /// Changes whenever the file is reloaded (0 on a full load), so an incremental rebuild
    /// can tell which documents changed without hashing their text.
    pub revision: u64,
    /// What the body may depend on besides itself (computed once, at load).
    pub depends: Depends,
    /// How many values of `bulletin init`'s sample the file holds (`check` says where).
    pub samples: usize,
    /// Warnings about the file found when it was read.
    pub warnings: Vec<Diagnostic>,
}

/// What a body may pull in from elsewhere, found by a quick scan at load time; conservative
/// (a `{{` in prose counts as a shortcode), which only costs a re-render too many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depends {
    /// The body may hold shortcodes, which embed data.
    pub data: bool,
    /// The body may hold links, which resolve through other documents' routes.
    pub routes: bool,
}

impl Depends {
    /// Scans a body.
    pub fn of(body: &str) -> Self {
        Depends {
            data: body.contains("{{"),
            routes: body.contains("](") || body.contains("]:"),
        }
    }
}

/// What a [`Document`] keeps of its body: its length and a fingerprint of the whole text
/// (head and body), to tell the file unchanged when it is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body {
    len: usize,
    fingerprint: u128,
}

impl Body {
    fn of(text: &str, body_offset: usize) -> Body {
        Body {
            len: text.len() - body_offset,
            fingerprint: xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
        }
    }

    /// The body's length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A document's whole text, as it was loaded ([`Document::source`]).
#[derive(Debug, Clone)]
pub struct Source {
    text: String,
    body_offset: usize,
}

impl Source {
    /// The whole file (BOM and CRLF removed): what messages are located in.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where the body starts in [`Source::text`].
    pub fn body_offset(&self) -> usize {
        self.body_offset
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

impl Document {
    /// The location of a front matter field (`deadline`, `attachments.0.file`).
    pub fn locate(&self, field: &str) -> Option<Location> {
        front_matter::spans(&self.head, &self.display).locate(field, &self.head)
    }

    /// Where the body starts in the file's text.
    pub fn body_offset(&self) -> usize {
        self.head.len()
    }

    /// The whole text, read again from the file: an error if it cannot be read, or if it
    /// is not the text that was loaded (it changed during the build).
    pub fn source(&self) -> Result<Source, Diagnostic> {
        let text = read_text(&self.file, &self.display)?;
        if Body::of(&text, self.head.len().min(text.len())) != self.body {
            return Err(Diagnostic::error(
                &self.display,
                "the file changed while the site was being built",
            )
            .hint("build again"));
        }
        Ok(Source {
            text,
            body_offset: self.head.len(),
        })
    }

    /// Whether `other`, a new version of this file, differs from it in its body only: the
    /// same path, kind, front matter (as written) and warnings. Nothing the model decides
    /// about a document reads its body, so such an edit changes no other entry.
    pub fn differs_in_body_only(&self, other: &Document) -> bool {
        self.path == other.path
            && self.kind == other.kind
            && self.head == other.head
            && self.warnings == other.warnings
    }

    /// The file name without `.md`.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Markdown documents, sorted by path, shared so a model can be rebuilt cheaply.
    pub documents: Vec<Arc<Document>>,
    /// Other files, relative to `content/` with `/` separators, sorted.
    pub files: Vec<String>,
}

/// Loads `root/content`. Reading and parsing run in parallel; all errors are collected.
pub fn load(root: &Path) -> Result<Content, Diagnostics> {
    let dir = root.join("content");
    if !dir.is_dir() {
        return Ok(Content::default());
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut errors = Vec::new();
    let mut markdown = Vec::new();
    let mut files = Vec::new();
    let mut walk = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else if e
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                {
                    "symbolic link to a file that does not exist".to_string()
                } else {
                    e.to_string()
                };
                errors.push(Diagnostic::error(path, message).hint("remove the link or the loop"));
                continue;
            }
        };
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            if !target
                .as_ref()
                .is_ok_and(|t| t.starts_with(&canonical_root))
            {
                errors.push(
                    Diagnostic::error(
                        display_path(root, entry.path()),
                        "symbolic link points outside the site",
                    )
                    .hint("copy the file into the site instead of linking to it"),
                );
                // Never walk a tree outside the site (a link to /usr would list all of it).
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let Some(relative) = to_slash(relative) else {
            errors.push(Diagnostic::error(
                display_path(root, entry.path()),
                "file name is not valid UTF-8",
            ));
            continue;
        };
        if relative.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        if relative.ends_with(".md") {
            markdown.push(relative);
        } else {
            files.push(relative);
        }
    }

    let results: Vec<Result<Arc<Document>, Diagnostic>> = markdown
        .par_iter()
        .map(|relative| load_document(&dir, relative).map(Arc::new))
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(doc) => documents.push(doc),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(Content { documents, files })
    } else {
        Err(errors.into())
    }
}

/// Loads one Markdown file, `relative` to the content directory `dir`.
pub fn load_document(dir: &Path, relative: &str) -> Result<Document, Diagnostic> {
    let display = Path::new("content").join(relative);
    let file = dir.join(relative);
    let text = read_text(&file, &display)?;
    let kind = match relative {
        "_index.md" => DocKind::HomeIntro,
        "notices/_index.md" => DocKind::NoticesIntro,
        r if r.ends_with("/_index.md") => {
            return Err(Diagnostic::error(
                display,
                "only content/_index.md and content/notices/_index.md are section introductions",
            )
            .hint("rename the file, or move its text into one of those two"));
        }
        r if r.starts_with("notices/") => DocKind::Notice,
        _ => DocKind::Page,
    };
    let (front, body_offset) = front_matter::parse(&text, &display)?;
    let depends = Depends::of(&text[body_offset..]);
    let mut warnings = front_matter::warnings(&text, &display);
    warnings.extend(official::warnings(&front, &display, |field| {
        front_matter::spans(&text, &display).locate(field, &text)
    }));
    let body = Body::of(&text, body_offset);
    let samples = crate::samples::Finder::markdown().find(&text).count();
    // A copy, and the whole text freed: a text shrunk in place would leave a hole that
    // the next file read does not fit (at 100,000 notices, hundreds of megabytes of them).
    let head = text[..body_offset].to_string();
    drop(text);
    Ok(Document {
        path: relative.to_string(),
        display,
        file,
        head,
        body,
        front,
        kind,
        revision: 0,
        depends,
        samples,
        warnings,
    })
}

fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// `a/b.md` with `/` separators, or `None` for non-UTF-8 or non-normal components.
fn to_slash(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_again_as_it_was_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        // A byte-order mark and CRLF are removed on both reads.
        std::fs::write(&file, "\u{feff}---\r\ntitle: 甲\r\n---\r\n正文\r\n").unwrap();
        let doc = load_document(dir.path(), "a.md").unwrap();
        assert_eq!(doc.head, "---\ntitle: 甲\n---\n");
        assert_eq!(doc.body.len(), "正文\n".len());
        let source = doc.source().unwrap();
        assert_eq!(source.body(), "正文\n");
        assert_eq!(&source.text()[..source.body_offset()], doc.head);

        // Same length, other text: the fingerprint tells.
        std::fs::write(&file, "---\ntitle: 甲\n---\n正事\n").unwrap();
        let changed = doc.source().unwrap_err();
        assert_eq!(changed.file, Path::new("content/a.md"));
        assert!(changed.message.contains("changed"), "{}", changed.message);

        std::fs::remove_file(&file).unwrap();
        let gone = doc.source().unwrap_err();
        assert!(gone.message.starts_with("cannot read"), "{}", gone.message);
    }
}
