//! Where the runs' postings wait between the two passes: in memory, or in an anonymous
//! temporary file. A large site's postings are about as large as its index (a gigabyte at
//! 100,000 notices), and the merge needs one group of them at a time.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

/// Where postings wait: memory, or an anonymous temporary file that they are appended to
/// and read back from. The file has no name in its folder (or loses it at once), so it is
/// gone when dropped, or when the process dies.
pub(super) struct Spill {
    /// The file and its length.
    file: Option<Mutex<(File, u64)>>,
}

/// Bytes kept by a [`Spill`].
pub(super) enum Stored {
    Memory(Vec<u8>),
    File { at: u64, len: usize },
}

impl Spill {
    /// Keeps everything in memory.
    pub(super) fn memory() -> Spill {
        Spill { file: None }
    }

    /// Keeps postings in a new temporary file in `dir`; in memory if none can be made there.
    pub(super) fn in_dir(dir: &Path) -> Spill {
        Spill {
            file: tempfile::tempfile_in(dir)
                .ok()
                .map(|file| Mutex::new((file, 0))),
        }
    }

    /// Keeps `bytes`: in the file, or in memory when there is none or it cannot take them
    /// (a full disk costs memory, not the build, whose own files will report it).
    pub(super) fn keep(&self, bytes: Vec<u8>) -> Stored {
        let Some(file) = self.file.as_ref().filter(|_| !bytes.is_empty()) else {
            return Stored::Memory(bytes);
        };
        let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
        let (handle, end) = &mut *file;
        let at = *end;
        match handle
            .seek(SeekFrom::Start(at))
            .and_then(|_| handle.write_all(&bytes))
        {
            Ok(()) => {
                *end += bytes.len() as u64;
                Stored::File {
                    at,
                    len: bytes.len(),
                }
            }
            Err(_) => Stored::Memory(bytes),
        }
    }

    /// The bytes kept as `stored`.
    pub(super) fn take(&self, stored: Stored) -> std::io::Result<Vec<u8>> {
        match stored {
            Stored::Memory(bytes) => Ok(bytes),
            Stored::File { at, len } => {
                let file = self.file.as_ref().ok_or_else(|| {
                    std::io::Error::other("postings kept in a file that is not there")
                })?;
                let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
                let mut bytes = vec![0; len];
                file.0.seek(SeekFrom::Start(at))?;
                file.0.read_exact(&mut bytes)?;
                Ok(bytes)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_come_back_as_kept() {
        let dir = tempfile::tempdir().unwrap();
        for (spill, in_file) in [(Spill::memory(), false), (Spill::in_dir(dir.path()), true)] {
            let kept: Vec<Stored> = (0..5u8)
                .map(|i| spill.keep(vec![i; 1000 * i as usize]))
                .collect();
            for (i, stored) in kept.into_iter().enumerate().rev() {
                let is_file = matches!(stored, Stored::File { .. });
                assert_eq!(is_file, in_file && i > 0, "{i}");
                assert_eq!(spill.take(stored).unwrap(), vec![i as u8; 1000 * i]);
            }
        }
        // Nothing was left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
