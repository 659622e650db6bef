//! `bulletin init <DIR>`: a new site from the embedded theme and one sample notice.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{EXIT_ERRORS, EXIT_OK};
use crate::theme::DEFAULT_FILES;

/// Arguments of `bulletin init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to create (must be empty or not exist).
    pub dir: PathBuf,
}

/// The sample site's own files.
const SCAFFOLD: &[(&str, &str)] = &[
    ("data/site.yaml", include_str!("scaffold/site.yaml")),
    ("data/units.yaml", include_str!("scaffold/units.yaml")),
    ("data/ratings.yaml", include_str!("scaffold/ratings.yaml")),
    ("data/contacts.yaml", include_str!("scaffold/contacts.yaml")),
    ("data/call.yaml", include_str!("scaffold/call.yaml")),
    (
        "content/notices/sample-call.md",
        include_str!("scaffold/sample-call.md"),
    ),
    (".gitignore", "public/\n.bulletin-cache/\n"),
];

pub(super) fn run(args: &InitArgs) -> u8 {
    match init(&args.dir) {
        Ok(()) => {
            println!(
                "Created a new site in {}. Build it with: bulletin build --root {}",
                args.dir.display(),
                args.dir.display()
            );
            EXIT_OK
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERRORS
        }
    }
}

fn init(dir: &Path) -> Result<(), String> {
    if dir.exists() && dir.read_dir().map_err(|e| e.to_string())?.next().is_some() {
        return Err(format!(
            "{} is not empty; init only creates new sites",
            dir.display()
        ));
    }
    let theme = DEFAULT_FILES
        .iter()
        .map(|(name, bytes)| (format!("templates/{name}"), *bytes));
    let own = SCAFFOLD
        .iter()
        .map(|(name, text)| (name.to_string(), text.as_bytes()));
    for (name, bytes) in own.chain(theme) {
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
