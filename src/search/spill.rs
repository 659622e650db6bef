//! Where the runs wait between the two passes: in memory, or in an anonymous temporary
//! file. A large site's postings are about as large as its index (a gigabyte at 100,000
//! notices), their terms a tenth of that, and the merge needs one group of them at a time.

use std::fs::File;
use std::io::{Error, ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use super::runs::{Key, Packed, Span};

/// Where runs wait: memory, or an anonymous temporary file that they are appended to and
/// read back from. The file has no name in its folder (or loses it at once), so it is gone
/// when dropped, or when the process dies.
pub(super) struct Spill {
    /// The file and its length.
    file: Option<Mutex<(File, u64)>>,
}

/// A value kept by a [`Spill`]: as it is, or written to the file.
pub(super) enum Stored<T> {
    Memory(T),
    File { at: u64, len: usize },
}

impl Spill {
    /// Keeps everything in memory.
    pub(super) fn memory() -> Spill {
        Spill { file: None }
    }

    /// Keeps runs in a new temporary file in `dir`; in memory if none can be made there.
    pub(super) fn in_dir(dir: &Path) -> Spill {
        Spill {
            file: tempfile::tempfile_in(dir)
                .ok()
                .map(|file| Mutex::new((file, 0))),
        }
    }

    /// Keeps one shard group of a run until the merge.
    pub(super) fn keep_group(&self, packed: Packed) -> Stored<Packed> {
        if self.file.is_none() {
            return Stored::Memory(packed);
        }
        let meta = group_meta(&packed);
        self.write(&[&packed.bytes, &meta])
            .unwrap_or(Stored::Memory(packed))
    }

    /// The group kept as `stored`.
    pub(super) fn take_group(&self, stored: Stored<Packed>) -> std::io::Result<Packed> {
        match stored {
            Stored::Memory(packed) => Ok(packed),
            Stored::File { at, len } => read_group(self.read(at, len)?),
        }
    }

    /// Keeps the document entries of a run (JSON, which has no line breaks) until the
    /// merge.
    pub(super) fn keep_entries(&self, entries: Vec<String>) -> Stored<Vec<String>> {
        if self.file.is_none() {
            return Stored::Memory(entries);
        }
        let joined = entries.join("\n");
        self.write(&[joined.as_bytes()])
            .unwrap_or(Stored::Memory(entries))
    }

    /// The entries kept as `stored`.
    pub(super) fn take_entries(&self, stored: Stored<Vec<String>>) -> std::io::Result<Vec<String>> {
        match stored {
            Stored::Memory(entries) => Ok(entries),
            Stored::File { len: 0, .. } => Ok(Vec::new()),
            Stored::File { at, len } => {
                let text = String::from_utf8(self.read(at, len)?).map_err(|_| damaged())?;
                Ok(text.split('\n').map(str::to_string).collect())
            }
        }
    }

    /// Appends `parts` to the file: where they stand, or `None` when the file cannot take
    /// them (a full disk then costs memory, not the build, whose own files will report it).
    fn write<T>(&self, parts: &[&[u8]]) -> Option<Stored<T>> {
        let mut file = self
            .file
            .as_ref()?
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let (handle, end) = &mut *file;
        let at = *end;
        handle.seek(SeekFrom::Start(at)).ok()?;
        for part in parts {
            handle.write_all(part).ok()?;
        }
        let len: usize = parts.iter().map(|p| p.len()).sum();
        *end += len as u64;
        Some(Stored::File { at, len })
    }

    fn read(&self, at: u64, len: usize) -> std::io::Result<Vec<u8>> {
        let file = self.file.as_ref().ok_or_else(damaged)?;
        let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
        let mut bytes = vec![0; len];
        file.0.seek(SeekFrom::Start(at))?;
        file.0.read_exact(&mut bytes)?;
        Ok(bytes)
    }
}

fn damaged() -> Error {
    Error::new(ErrorKind::InvalidData, "the temporary file is damaged")
}

/// Bytes per term in a group's meta: flags, key, and the span's four numbers.
const TERM_BYTES: usize = 1 + 8 + 4 * 4;

/// What follows a group's postings when it is written: each term (flags: 1 for a word, 2
/// for positions; the gram's key or the word's number; its span), the words (length and
/// UTF-8 each), then the postings' length and the counts of terms and words (8 bytes each,
/// all numbers little-endian).
fn group_meta(packed: &Packed) -> Vec<u8> {
    let words: usize = packed.words.iter().map(|w| 4 + w.len()).sum();
    let mut out = Vec::with_capacity(packed.terms.len() * TERM_BYTES + words + 24);
    for (key, span) in &packed.terms {
        let (word, key) = match *key {
            Key::Gram(k) => (0, k),
            Key::Word(w) => (1, u64::from(w)),
        };
        out.push(word | if span.positional { 2 } else { 0 });
        out.extend_from_slice(&key.to_le_bytes());
        for n in [span.start, span.end, span.first, span.last] {
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
    for word in &packed.words {
        out.extend_from_slice(&(word.len() as u32).to_le_bytes());
        out.extend_from_slice(word.as_bytes());
    }
    for n in [packed.bytes.len(), packed.terms.len(), packed.words.len()] {
        out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    out
}

/// A group from its postings followed by its [`group_meta`].
fn read_group(mut bytes: Vec<u8>) -> std::io::Result<Packed> {
    let mut trailer = [0usize; 3];
    let start = bytes.len().checked_sub(24).ok_or_else(damaged)?;
    for (i, n) in trailer.iter_mut().enumerate() {
        let at = start + 8 * i;
        *n = usize::try_from(u64::from_le_bytes(number(&bytes[at..at + 8])))
            .map_err(|_| damaged())?;
    }
    let [postings, terms, words] = trailer;
    let terms_end = terms
        .checked_mul(TERM_BYTES)
        .and_then(|n| n.checked_add(postings))
        .filter(|&end| end <= start)
        .ok_or_else(damaged)?;
    let mut packed = Packed {
        bytes: Vec::new(),
        terms: Vec::with_capacity(terms),
        words: Vec::with_capacity(words),
    };
    for record in bytes[postings..terms_end].chunks_exact(TERM_BYTES) {
        let flags = record[0];
        let key = u64::from_le_bytes(number(&record[1..9]));
        let n = |i: usize| u32::from_le_bytes(number(&record[9 + 4 * i..13 + 4 * i]));
        let key = if flags & 1 == 1 {
            Key::Word(u32::try_from(key).map_err(|_| damaged())?)
        } else {
            Key::Gram(key)
        };
        let span = Span {
            start: n(0),
            end: n(1),
            first: n(2),
            last: n(3),
            positional: flags & 2 == 2,
        };
        if span.start > span.end || span.end as usize > postings {
            return Err(damaged());
        }
        packed.terms.push((key, span));
    }
    let mut at = terms_end;
    for _ in 0..words {
        let len = bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes(number(b)) as usize)
            .ok_or_else(damaged)?;
        let word = bytes.get(at + 4..at + 4 + len).ok_or_else(damaged)?;
        let word = std::str::from_utf8(word).map_err(|_| damaged())?;
        packed.words.push(word.into());
        at += 4 + len;
    }
    if at != start
        || packed
            .terms
            .iter()
            .any(|(k, _)| matches!(k, Key::Word(w) if *w as usize >= words))
    {
        return Err(damaged());
    }
    bytes.truncate(postings);
    packed.bytes = bytes;
    Ok(packed)
}

/// `N` bytes as an array (the caller slices exactly `N`).
fn number<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(bytes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(i: u8) -> Packed {
        let span = |start: u32, end: u32| Span {
            start,
            end,
            first: u32::from(i),
            last: 7,
            positional: i % 2 == 1,
        };
        Packed {
            bytes: vec![i; 10 * i as usize],
            terms: (0..u32::from(i))
                .map(|t| {
                    let key = if t % 2 == 0 {
                        Key::Gram(u64::from(t) << 40)
                    } else {
                        Key::Word(t / 2)
                    };
                    (key, span(t, 10 * u32::from(i)))
                })
                .collect(),
            words: (0..i / 2).map(|w| format!("词{w}").into()).collect(),
        }
    }

    fn same(a: &Packed, b: &Packed) -> bool {
        let terms = |p: &Packed| -> Vec<(u8, u64, [u32; 4], bool)> {
            p.terms
                .iter()
                .map(|(k, s)| {
                    let (tag, key) = match *k {
                        Key::Gram(g) => (0, g),
                        Key::Word(w) => (1, u64::from(w)),
                    };
                    (tag, key, [s.start, s.end, s.first, s.last], s.positional)
                })
                .collect()
        };
        a.bytes == b.bytes && a.words == b.words && terms(a) == terms(b)
    }

    #[test]
    fn runs_come_back_as_kept() {
        let dir = tempfile::tempdir().unwrap();
        for (spill, in_file) in [(Spill::memory(), false), (Spill::in_dir(dir.path()), true)] {
            let kept: Vec<Stored<Packed>> = (0..5).map(|i| spill.keep_group(group(i))).collect();
            let entries = vec!["{\"t\":\"甲\"}".to_string(), "{}".to_string()];
            let kept_entries = spill.keep_entries(entries.clone());
            let none = spill.keep_entries(Vec::new());
            assert_eq!(matches!(kept_entries, Stored::File { .. }), in_file);
            for (i, stored) in kept.into_iter().enumerate().rev() {
                assert_eq!(matches!(stored, Stored::File { .. }), in_file);
                let back = spill.take_group(stored).unwrap();
                assert!(same(&back, &group(i as u8)), "{i}");
            }
            assert_eq!(spill.take_entries(kept_entries).unwrap(), entries);
            assert!(spill.take_entries(none).unwrap().is_empty());
        }
        // Nothing was left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_damaged_group_is_an_error() {
        let mut bytes = group(4).bytes;
        bytes.extend(group_meta(&group(4)));
        assert!(read_group(bytes.clone()).is_ok());
        for cut in [1, 10, bytes.len() - 1] {
            assert!(read_group(bytes[..cut].to_vec()).is_err(), "{cut}");
        }
        let last = bytes.len() - 9;
        bytes[last] ^= 0x40;
        assert!(read_group(bytes).is_err());
    }
}
