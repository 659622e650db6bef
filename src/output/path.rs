//! Paths inside the output folder. An [`OutputPath`] can only be a relative path of normal
//! components, so nothing built from it can leave the output folder.

use std::fmt;
use std::path::{Component, Path};
use std::sync::Arc;

/// A file path inside the output directory: relative, `/`-separated, no `.`, `..`, root or
/// empty components. Shared text: a plan, its routes and `serve`'s page map copy paths by
/// reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputPath(Arc<str>);

/// Maps keyed by output path can be searched with a `&str`.
impl std::borrow::Borrow<str> for OutputPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl OutputPath {
    /// Checks `path`; the one gate every output path passes.
    pub fn new(path: impl Into<String>) -> Result<Self, String> {
        let path = path.into();
        let ok = !path.is_empty()
            && !path.contains('\\')
            && !path.contains('\0')
            && Path::new(&path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
            && path
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        if ok {
            Ok(OutputPath(path.into()))
        } else {
            Err(format!(
                "`{path}` is not a path inside the output directory"
            ))
        }
    }

    /// The path text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_stay_inside() {
        for bad in [
            "",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a\\b",
            "./a",
        ] {
            assert!(OutputPath::new(bad).is_err(), "{bad}");
        }
        assert!(OutputPath::new("notices/通知/index.html").is_ok());
    }
}
