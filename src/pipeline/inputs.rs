//! What a session reads: the site's files, what changed among them, and fingerprints of
//! the inputs that are not part of the model.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Zoned;

use super::session::State;
use super::{Loaded, Options};
use crate::config::{self, Config};
use crate::content;
use crate::data;
use crate::diagnostics::Diagnostics;
use crate::lang::{self, Interface};
use crate::theme::Theme;
use crate::time::DayBoundary;

/// What changed, by kind of input.
#[derive(Debug, Default)]
pub(super) struct Changes {
    pub(super) config: bool,
    pub(super) data: bool,
    pub(super) theme: bool,
    /// Markdown files (relative to content/) edited in place.
    pub(super) documents: Vec<String>,
    /// Files added or removed under content/, or non-Markdown files changed.
    pub(super) content_tree: bool,
}

pub(super) fn classify(root: &Path, changed: &[PathBuf], old: &State) -> Changes {
    let mut changes = Changes::default();
    for path in changed {
        let Some(relative) = relative_to(root, path) else {
            continue;
        };
        let text = relative.to_string_lossy().replace('\\', "/");
        let text = text.as_str();
        // A source directory itself (created or removed while serving) changes all it holds.
        match text {
            "data" => (changes.config, changes.data) = (true, true),
            "templates" => changes.theme = true,
            "content" => changes.content_tree = true,
            _ => {}
        }
        if text == config::SITE_FILE {
            changes.config = true;
        } else if text.starts_with("data/") {
            changes.data = true;
        } else if text.starts_with("templates/") {
            changes.theme = true;
        } else if let Some(inner) = text.strip_prefix("content/") {
            let known = old.loaded.content.documents.iter().any(|d| d.path == inner);
            if inner.ends_with(".md") && known && root.join(&relative).is_file() {
                if !changes.documents.iter().any(|d| d == inner) {
                    changes.documents.push(inner.to_string());
                }
            } else {
                changes.content_tree = true;
            }
        }
    }
    changes
}

/// `path` relative to the site `root`, whichever form either is given in: relative or
/// absolute, with `.` components, or through a symbolic link. `None` outside the root.
pub(super) fn relative_to(root: &Path, path: &Path) -> Option<PathBuf> {
    let lexical = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    let absolute = |p: &Path| -> Option<PathBuf> {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(p)
        };
        Some(lexical(&p))
    };
    let root_abs = absolute(root)?;
    // A relative path names a file under the root (`content/notices/a.md`).
    let path_abs = if path.is_absolute() {
        lexical(path)
    } else {
        root_abs.join(lexical(path))
    };
    if let Ok(relative) = path_abs.strip_prefix(&root_abs) {
        return Some(relative.to_path_buf());
    }
    // Symbolic links: compare canonical forms (the file itself may be gone: use its parent).
    let canonical_root = root.canonicalize().ok()?;
    let name = path_abs.file_name()?;
    let parent = path_abs.parent()?.canonicalize().ok()?;
    parent
        .join(name)
        .strip_prefix(&canonical_root)
        .ok()
        .map(Path::to_path_buf)
}

/// The build's "now": `--now` in the site's time zone, or the clock.
pub(super) fn resolve_now(options: &Options, config: &Config) -> Zoned {
    match options.now {
        Some(spec) => spec.resolve(&config.timezone, DayBoundary::Start),
        None => Zoned::now().with_time_zone(config.timezone.clone()),
    }
}

/// Loads the inputs, collecting every error: the settings, their interface text and the
/// data (which names what it leaves unnamed in the site's language) in turn, beside the
/// content and the theme.
pub(super) fn load_all(root: &Path, options: &Options) -> Result<Loaded, Diagnostics> {
    let (settings, (content, theme)) = rayon::join(
        || {
            let config = config::load(root, options.base_url.as_deref())?;
            let interface = load_interface(root, &config)?;
            let data = data::load(root, interface.site());
            Ok::<_, Diagnostics>((config, interface, data))
        },
        || (content::load(root), Theme::load(root)),
    );
    let mut errors = Diagnostics::new();
    fn take<T>(result: Result<T, Diagnostics>, errors: &mut Diagnostics) -> Option<T> {
        result.map_err(|e| errors.extend(e)).ok()
    }
    let (config, interface, data) = match take(settings, &mut errors) {
        Some((config, interface, data)) => (Some(config), Some(interface), take(data, &mut errors)),
        None => (None, None, None),
    };
    let loaded = (
        config,
        interface,
        take(content, &mut errors),
        data,
        take(theme, &mut errors),
    );
    match loaded {
        (Some(config), Some(interface), Some(content), Some(data), Some(theme)) => Ok(Loaded {
            config,
            interface: Arc::new(interface),
            content,
            data: Arc::new(data),
            theme: Arc::new(theme),
        }),
        _ => Err(errors),
    }
}

/// The interface text of `config`'s site: the shipped tables with `data/interface.yaml`.
pub(super) fn load_interface(root: &Path, config: &Config) -> Result<Interface, Diagnostics> {
    let at = config.locate("language");
    lang::load(root, &config.language, (config::SITE_FILE, at))
}

pub(super) fn hash_config(root: &Path, options: &Options) -> u64 {
    let mut h = DefaultHasher::new();
    // The interface text is part of the settings: every page shows some of it.
    for file in [config::SITE_FILE, lang::INTERFACE_FILE] {
        std::fs::read(root.join(file))
            .unwrap_or_default()
            .hash(&mut h);
    }
    (&options.base_url, options.drafts).hash(&mut h);
    h.finish()
}

/// A fingerprint of every file under `dir` (names and bytes), in a stable order.
pub(super) fn hash_dir(dir: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            entry.path().hash(&mut h);
            std::fs::read(entry.path()).unwrap_or_default().hash(&mut h);
        }
    }
    h.finish()
}
