//! Where a build writes, and what it must never destroy there.
//!
//! A build replaces its output folder whole. That is only safe for a folder bulletin made:
//! each output holds a small marker file ([`MARKER`]), and a folder that exists, holds
//! other files and has no marker is refused unless the user says `--force`. Some names
//! (a git checkout's `.git`, a host's `CNAME`) always survive: they are carried from the
//! old output into the new one at the swap.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The file that marks a folder as bulletin's output.
pub const MARKER: &str = ".bulletin-output";

/// What the marker file says.
pub(super) const MARKER_TEXT: &str = "This folder is the output of bulletin. Each build replaces it whole, \
except the names listed under `keep_in_output` in data/site.yaml.\n";

/// The names kept in the output by default: a git checkout of a pages branch, the custom
/// domain files of GitHub Pages and similar hosts, and ACME / well-known files.
pub const DEFAULT_KEEP: [&str; 4] = [".git", "CNAME", ".nojekyll", ".well-known"];

/// How many foreign names an error lists before "and N more".
const LISTED: usize = 5;

/// An output folder and the rules for replacing it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The output folder.
    pub dir: PathBuf,
    /// Names directly inside the folder that every build carries over.
    pub keep: Vec<String>,
    /// Replace a folder that bulletin did not make (its kept names still survive).
    pub force: bool,
    /// The precompressed siblings every text output gets (`precompress`).
    pub precompress: Vec<super::compress::Encoding>,
}

impl Target {
    /// `dir` with the default kept names and no `--force`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Target {
            dir: dir.into(),
            keep: DEFAULT_KEEP.iter().map(|s| s.to_string()).collect(),
            force: false,
            precompress: Vec::new(),
        }
    }

    /// Whether `name` (an entry directly inside the output) survives builds.
    pub fn keeps(&self, name: &str) -> bool {
        self.keep.iter().any(|k| k == name)
    }

    /// Refuses an output that would take the site's own sources with it: the site root, a
    /// folder that contains it, or one inside its sources. `--force` does not change this.
    pub fn check_not_sources(&self, root: &Path) -> Result<(), Diagnostic> {
        let (Some(output), Some(root)) = (resolve(&self.dir), resolve(root)) else {
            return Ok(());
        };
        let inside_sources = ["content", "data", "templates"]
            .iter()
            .any(|dir| output.starts_with(root.join(dir)));
        if root.starts_with(&output) || inside_sources {
            return Err(Diagnostic::error(
                &self.dir,
                "the output folder holds the site's own sources: a build would replace them",
            )
            .hint("build into a folder of its own, such as the default `public/`"));
        }
        Ok(())
    }

    /// Refuses a folder that exists, is not empty (kept names aside) and has no marker,
    /// unless `force`; and a file in the output's place.
    pub(super) fn check_replaceable(&self) -> Result<(), Diagnostic> {
        let fail = |message: String| Diagnostic::error(&self.dir, message);
        if self.dir.is_file() {
            return Err(fail("the output path is a file, not a folder".into())
                .hint("remove the file or choose another --output"));
        }
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(());
        };
        let mut names: Vec<String> = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == MARKER {
                return Ok(());
            }
            if !self.keeps(&name) {
                let dir = entry.file_type().is_ok_and(|t| t.is_dir());
                names.push(if dir { format!("{name}/") } else { name });
            }
        }
        if names.is_empty() || self.force {
            return Ok(());
        }
        names.sort();
        let more = names.len().saturating_sub(LISTED);
        names.truncate(LISTED);
        let mut listed = names.join(", ");
        if more > 0 {
            listed.push_str(&format!(" and {more} more"));
        }
        Err(fail(format!(
            "the output folder was not made by bulletin and holds other files: {listed}"
        ))
        .hint(format!(
            "a build replaces its output folder whole: build into a new or empty folder, \
             or pass --force to replace this one (kept in any case: {})",
            self.keep.join(", ")
        )))
    }
}

/// Checks one entry of `keep_in_output`: a single name inside the output folder.
pub fn check_kept_name(name: &str) -> Result<(), String> {
    let mut parts = Path::new(name).components();
    let single = matches!(parts.next(), Some(Component::Normal(_))) && parts.next().is_none();
    if !single || name.contains(['/', '\\']) {
        return Err(format!(
            "`{name}` is not a name directly inside the output folder (no `/`, `.` or `..`)"
        ));
    }
    if name == MARKER {
        return Err(format!("`{MARKER}` is bulletin's own marker file"));
    }
    Ok(())
}

/// `path` made absolute and free of symbolic links, as far as it exists.
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(canonical) = path.canonicalize() {
        return Some(canonical);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(resolve(parent)?.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_names_are_single_names() {
        assert!(check_kept_name(".git").is_ok());
        assert!(check_kept_name("CNAME").is_ok());
        for bad in ["", ".", "..", "a/b", "/etc", MARKER] {
            assert!(check_kept_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_sources_are_never_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/x")).unwrap();
        for bad in [
            root.clone(),
            dir.path().to_path_buf(),
            root.join("content/x"),
        ] {
            assert!(Target::new(bad).check_not_sources(&root).is_err());
        }
        assert!(
            Target::new(root.join("public"))
                .check_not_sources(&root)
                .is_ok()
        );
        assert!(
            Target::new(dir.path().join("www"))
                .check_not_sources(&root)
                .is_ok()
        );
    }
}
