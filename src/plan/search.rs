//! The shape of a site's search index: how many documents and shards, and a fingerprint of
//! what is indexed. The index itself is made while rendering ([`crate::search`]).

use std::hash::{Hash, Hasher};

use crate::search::{DOCS_PER_FILE, shard_count};
use crate::site::{Entry, Site};

/// What the search files of a site will be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchPlan {
    /// Shards of the index.
    pub shards: usize,
    /// Notices and pages indexed (numbered first, notices then pages).
    pub documents: usize,
    /// Roster units indexed (numbered after the documents).
    pub units: usize,
    /// A fingerprint of the indexed documents and their order (the data is hashed by
    /// `serve`'s digests).
    pub corpus: u64,
}

impl SearchPlan {
    /// The search index of `site`: about one shard per 24 KB of text.
    pub fn new(site: &Site) -> Self {
        let documents = site.notices.len() + site.pages.len();
        let text: usize = site
            .notices
            .iter()
            .chain(&site.pages)
            .map(|e| e.doc.body.len())
            .sum();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for e in site.notices.iter().chain(&site.pages) {
            (&e.doc.path, e.doc.revision, e.route.url_path()).hash(&mut h);
        }
        site.notices.len().hash(&mut h);
        SearchPlan {
            shards: shard_count(text + 200 * site.data.units.iter().count()),
            documents,
            units: site.standings.iter().map(|s| s.listed_count()).sum(),
            corpus: h.finish(),
        }
    }

    /// Files of search documents.
    pub fn doc_files(&self) -> usize {
        (self.documents + self.units).div_ceil(DOCS_PER_FILE)
    }
}

/// The notice or page behind search document `n` (`None` for a roster unit).
pub fn document_entry(site: &Site, n: usize) -> Option<&Entry> {
    let notices = site.notices.len();
    if n < notices {
        site.notices.get(n)
    } else {
        site.pages.get(n - notices)
    }
}
