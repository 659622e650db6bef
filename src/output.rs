//! Writing the site: everything goes to a fresh directory beside the output, which is then
//! swapped in with one atomic rename (`RENAME_EXCHANGE` on Linux). A failed or killed
//! build leaves the previous output exactly as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::site::OutputPath;

/// What a file holds.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Rendered text.
    Text(String),
    /// Bytes in memory (theme assets).
    Bytes(Vec<u8>),
    /// A file copied from the site's sources.
    Copy(PathBuf),
}

/// One file of the output.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Where, inside the output directory.
    pub path: OutputPath,
    /// What.
    pub contents: Contents,
}

impl OutputFile {
    /// A rendered page.
    pub fn text(path: OutputPath, text: String) -> Self {
        OutputFile {
            path,
            contents: Contents::Text(text),
        }
    }

    /// Bytes at a path that is checked here.
    pub fn bytes(path: &str, bytes: Vec<u8>) -> Result<Self, String> {
        Ok(OutputFile {
            path: OutputPath::new(path)?,
            contents: Contents::Bytes(bytes),
        })
    }

    /// A copy of `source` at a path that is checked here.
    pub fn copy(path: &str, source: PathBuf) -> Result<Self, String> {
        Ok(OutputFile {
            path: OutputPath::new(path)?,
            contents: Contents::Copy(source),
        })
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

/// Writes `files` to a temporary directory beside `output`, then swaps it in.
pub fn write_atomically(output: &Path, files: &[OutputFile]) -> Result<WriteReport, Diagnostic> {
    let fail = |message: String| Diagnostic::error(output, message);
    if output.is_file() {
        return Err(fail("the output path is a file, not a directory".into())
            .hint("remove the file or choose another --output"));
    }
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("public");
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| fail(format!("cannot create the output's parent directory: {e}")))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp-"))
        .tempdir_in(&parent)
        .map_err(|e| {
            fail(format!(
                "cannot create a staging directory in {}: {e}",
                parent.display()
            ))
            .hint("check that the directory is writable")
        })?;

    let mut dirs: Vec<&str> = files
        .iter()
        .filter_map(|f| f.path.as_str().rsplit_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        std::fs::create_dir_all(staging.path().join(dir))
            .map_err(|e| fail(format!("cannot create {dir}: {e}")))?;
    }
    let written: Result<Vec<u64>, Diagnostic> = files
        .par_iter()
        .map(|file| write_one(staging.path(), file).map_err(fail))
        .collect();
    let bytes = written?.iter().sum();
    set_readable(staging.path()).map_err(|e| fail(format!("cannot set permissions: {e}")))?;
    swap(staging, output).map_err(|e| fail(format!("cannot move the new site into place: {e}")))?;
    Ok(WriteReport {
        files: files.len(),
        bytes,
    })
}

fn write_one(root: &Path, file: &OutputFile) -> Result<u64, String> {
    let target = root.join(file.path.as_str());
    // OutputPath admits only normal components; this is the single check after joining.
    if !target.starts_with(root) {
        return Err(format!(
            "refusing to write outside the output: {}",
            file.path
        ));
    }
    let describe = |e: std::io::Error| format!("cannot write {}: {e}", file.path);
    match &file.contents {
        Contents::Text(text) => write_bytes(&target, text.as_bytes()).map_err(describe),
        Contents::Bytes(bytes) => write_bytes(&target, bytes).map_err(describe),
        Contents::Copy(source) => std::fs::copy(source, &target).map_err(describe),
    }
}

fn write_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<u64> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    Ok(bytes.len() as u64)
}

/// Temporary directories are private (0700); a published site must be readable by a web server.
fn set_readable(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// Puts `staging` at `output`. The old output, if any, ends up in `staging` and is removed.
fn swap(staging: tempfile::TempDir, output: &Path) -> std::io::Result<()> {
    if !output.exists() {
        let path = staging.keep();
        return std::fs::rename(path, output);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging.path(), CWD, output, RenameFlags::EXCHANGE).is_ok() {
            return staging.close();
        }
    }
    // Fallback without an atomic exchange: move the old output aside, then the new one in.
    let old = output.with_file_name(format!(
        ".{}.old-{}",
        output
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("public"),
        std::process::id()
    ));
    std::fs::rename(output, &old)?;
    let path = staging.keep();
    if let Err(e) = std::fs::rename(&path, output) {
        std::fs::rename(&old, output)?;
        return Err(e);
    }
    std::fs::remove_dir_all(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [
            OutputFile::bytes("a/index.html", b"one".to_vec()).unwrap(),
            OutputFile::bytes("old.txt", b"x".to_vec()).unwrap(),
        ];
        write_atomically(&out, &first).unwrap();
        let second = [OutputFile::bytes("a/index.html", b"two".to_vec()).unwrap()];
        let report = write_atomically(&out, &second).unwrap();
        assert_eq!(report.files, 1);
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("old.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging directories are cleaned up");
    }

    #[test]
    fn refuses_a_file_as_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::write(&out, "x").unwrap();
        assert!(write_atomically(&out, &[]).is_err());
    }
}
