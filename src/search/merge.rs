//! Building an index from runs as they come, and handing out its files as they are made.
//! Runs wait in a [`Spill`] until every run is in; then each group of shards is merged and
//! its files handed out at once, so a build holds a group or two of the index at a time,
//! never the whole of it.

use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use super::DOCS_PER_FILE;
use super::runs::{GROUPS, Packed, Run, merge_group};
use super::spill::{Spill, Stored};

/// One file of an index, besides its manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndexFile {
    /// `d/<f>.json`: documents `f * DOCS_PER_FILE` and on.
    Docs(usize),
    /// `s/<k>.json`: shard `k`'s postings.
    Shard(usize),
    /// `p/<k>.json`: shard `k`'s triples, with their positions.
    Positions(usize),
}

/// `index.json`: what a query needs to know first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    docs: usize,
    shards: usize,
    version: String,
}

impl Manifest {
    /// The number of documents.
    pub fn docs(&self) -> usize {
        self.docs
    }

    /// The number of shards.
    pub fn shards(&self) -> usize {
        self.shards
    }

    /// `index.json`.
    pub fn json(&self) -> String {
        serde_json::json!({
            "v": self.version,
            "docs": self.docs,
            "shards": self.shards,
            "per_file": DOCS_PER_FILE,
        })
        .to_string()
    }
}

/// An index being built: runs (documents numbered consecutively from 0) are added in any
/// order, from any thread, as each is indexed; [`Builder::finish`] merges them.
pub struct Builder {
    shards: usize,
    spill: Spill,
    runs: Mutex<Vec<Waiting>>,
}

/// A run waiting for the merge, in the spill.
struct Waiting {
    first: u32,
    len: usize,
    entries: Stored<Vec<String>>,
    groups: Vec<Stored<Packed>>,
}

impl Builder {
    /// An index of `shards` shards (the count the runs are made for) whose postings wait in
    /// memory.
    pub fn new(shards: usize) -> Builder {
        Builder::with(shards, Spill::memory())
    }

    /// An index of `shards` shards whose postings wait in an anonymous temporary file in
    /// `dir` (in memory if none can be made there).
    pub fn spilling_into(shards: usize, dir: &Path) -> Builder {
        Builder::with(shards, Spill::in_dir(dir))
    }

    fn with(shards: usize, spill: Spill) -> Builder {
        Builder {
            shards: shards.max(1),
            spill,
            runs: Mutex::new(Vec::new()),
        }
    }

    /// Adds a run; it goes to the spill at once.
    pub fn add(&self, run: Run) {
        let waiting = Waiting {
            first: run.first,
            len: run.entries.len(),
            entries: self.spill.keep_entries(run.entries),
            groups: run
                .groups
                .into_iter()
                .map(|packed| self.spill.keep_group(packed))
                .collect(),
        };
        self.runs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(waiting);
    }

    /// Merges the runs and hands every file to `out` as soon as it is made (from many
    /// threads, in no particular order); the manifest, which fingerprints them all, comes
    /// last. An error reading the spill back stops the merge of the groups it concerns.
    pub fn finish(self, out: &(dyn Fn(IndexFile, String) + Sync)) -> std::io::Result<Manifest> {
        let Builder {
            shards,
            spill,
            runs,
        } = self;
        let mut runs = runs.into_inner().unwrap_or_else(|e| e.into_inner());
        runs.sort_unstable_by_key(|r| r.first);
        let count: usize = runs.iter().map(|r| r.len).sum();
        let mut entries = Vec::with_capacity(runs.len());
        let mut groups: Vec<Vec<Stored<Packed>>> = (0..GROUPS).map(|_| Vec::new()).collect();
        let mut next = 0;
        for run in runs {
            debug_assert_eq!(run.first as usize, next, "runs must be consecutive");
            next += run.len;
            entries.push(run.entries);
            for (g, held) in run.groups.into_iter().enumerate() {
                groups[g].push(held);
            }
        }
        // The document files, one after another, while the groups merge in parallel.
        let (docs, merged) = rayon::join(
            || doc_files(&spill, entries, out),
            || {
                groups
                    .into_par_iter()
                    .map(|held| merge(&spill, held, shards, out))
                    .collect::<Vec<_>>()
            },
        );
        let mut hashes = docs?;
        // Shards without a term are written empty.
        let empty = xxh3_64(b"{}");
        let mut by_shard = vec![None; shards];
        for written in merged {
            for (k, postings, positions) in written? {
                by_shard[k] = Some((postings, positions));
            }
        }
        for (k, written) in by_shard.iter().enumerate() {
            if written.is_none() {
                out(IndexFile::Shard(k), "{}".into());
                out(IndexFile::Positions(k), "{}".into());
            }
        }
        let (postings, positions): (Vec<u64>, Vec<u64>) = by_shard
            .into_iter()
            .map(|written| written.unwrap_or((empty, empty)))
            .unzip();
        hashes.extend(postings);
        hashes.extend(positions);
        Ok(Manifest {
            docs: count,
            shards,
            version: version(&hashes),
        })
    }
}

/// Hands out the document files, made from the runs' `entries` in order: the hash of each.
fn doc_files(
    spill: &Spill,
    entries: Vec<Stored<Vec<String>>>,
    out: &(dyn Fn(IndexFile, String) + Sync),
) -> std::io::Result<Vec<u64>> {
    let mut hashes = Vec::new();
    let mut file: Vec<String> = Vec::with_capacity(DOCS_PER_FILE);
    let mut write = |file: &mut Vec<String>| {
        let text = format!("[{}]", file.join(","));
        hashes.push(xxh3_64(text.as_bytes()));
        out(IndexFile::Docs(hashes.len() - 1), text);
        file.clear();
    };
    for stored in entries {
        for entry in spill.take_entries(stored)? {
            file.push(entry);
            if file.len() == DOCS_PER_FILE {
                write(&mut file);
            }
        }
    }
    if !file.is_empty() {
        write(&mut file);
    }
    Ok(hashes)
}

/// Merges one group from every run (in document order) and hands out its shards: each
/// shard's number and the hashes of its two files.
fn merge(
    spill: &Spill,
    held: Vec<Stored<Packed>>,
    shards: usize,
    out: &(dyn Fn(IndexFile, String) + Sync),
) -> std::io::Result<Vec<(usize, u64, u64)>> {
    let packed = held
        .into_iter()
        .map(|stored| spill.take_group(stored))
        .collect::<std::io::Result<Vec<_>>>()?;
    let written = merge_group(packed, shards)
        .into_iter()
        .map(|shard| {
            let postings = xxh3_64(shard.postings.as_bytes());
            let positions = xxh3_64(shard.positions.as_bytes());
            out(IndexFile::Shard(shard.k), shard.postings);
            out(IndexFile::Positions(shard.k), shard.positions);
            (shard.k, postings, positions)
        })
        .collect();
    Ok(written)
}

/// A short fingerprint of everything written (from each file's hash: document files,
/// shards, then positions), so `search.js` can ask for fresh files (`?v=`) after a rebuild
/// while unchanged sites stay cached.
fn version(hashes: &[u64]) -> String {
    let all: Vec<u8> = hashes.iter().flat_map(|x| x.to_le_bytes()).collect();
    format!("{:08x}", xxh3_64(&all) as u32)
}
