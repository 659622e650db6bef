//! The output files of a build as the server sees them: shared with the session, not copied.

use std::collections::HashMap;
use std::sync::Arc;

use crate::output::{OutputFile, OutputPath};

/// Output files by path, each with the digest it was rendered from.
pub type PageMap = HashMap<OutputPath, (u64, Arc<OutputFile>)>;

/// The output files of a build, shared with the session that made them.
#[derive(Default, Clone)]
pub struct Outputs {
    /// Every output file, by path.
    pub pages: Arc<PageMap>,
}

impl Outputs {
    /// Outputs holding `files` (all as pages), for the server's tests.
    #[cfg(test)]
    pub(crate) fn from_files(files: impl IntoIterator<Item = OutputFile>) -> Outputs {
        Outputs {
            pages: Arc::new(
                files
                    .into_iter()
                    .map(|f| (f.path.clone(), (0, Arc::new(f))))
                    .collect(),
            ),
        }
    }

    /// The file at `path` inside the output (`notices/x/index.html`).
    pub fn get(&self, path: &str) -> Option<&Arc<OutputFile>> {
        self.pages.get(path).map(|(_, f)| f)
    }

    /// Whether there is a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }
}
