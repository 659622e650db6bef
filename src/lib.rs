//! bulletin: a static site generator for public notices and the rosters that result from them.
//!
//! The data flows one way, one module per stage:
//! [`config`], [`content`] and [`data`] load and validate the sources; [`site`] makes the
//! immutable model (what is published, where, and when); [`render`] turns it into files
//! through the Tera theme; [`output`] writes them atomically. [`diagnostics`] carries the
//! located errors of every stage; [`cli`] is a thin shell over [`generate`] and [`build`].

// Diagnostics are large (they carry the offending line) and only travel on the cold error
// path; boxing them everywhere would buy nothing measurable.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod cli;
pub mod collation;
pub mod config;
pub mod content;
pub mod data;
pub mod deploy;
pub mod diagnostics;
pub mod images;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod source;
pub mod time;
pub mod yaml;

use std::path::{Path, PathBuf};

use diagnostics::Diagnostics;
use output::{OutputFile, WriteReport};
use site::Site;
use time::DateSpec;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site's root directory.
    pub root: PathBuf,
    /// Overrides `base_url` from `data/site.yaml`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Fixes "now" (in the site time zone unless it has an offset); default: the clock.
    pub now: Option<DateSpec>,
    /// Told how many pages there are to render, then of each rendered page.
    pub progress: Option<Progress>,
}

/// A callback for progress: `Start(total)` once per render, then `Advance` per page.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(ProgressEvent) + Send + Sync>);

/// What [`Progress`] is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressEvent {
    /// Rendering starts with this many pages.
    Start(usize),
    /// One more page is rendered.
    Advance,
    /// Rendering is over.
    Finish,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// A generated site, not yet written.
pub struct Generated {
    /// The model it was rendered from.
    pub site: Site,
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

/// Loads, validates, models and renders the site under `options.root`, writing nothing.
pub fn generate(options: &Options) -> Result<Generated, Diagnostics> {
    let mut session = session::Session::new(options.clone());
    session.build()?;
    let files = session.files().into_iter().cloned().collect();
    let warnings = session.warnings();
    let site = session
        .site()
        .cloned()
        .expect("a successful build has a site");
    Ok(Generated {
        site,
        files,
        warnings,
    })
}

/// What a build did.
pub struct BuildReport {
    /// The model that was built.
    pub site: Site,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// HTML pages written.
    pub pages: usize,
    /// Processed images written.
    pub images: usize,
    /// What was written.
    pub written: WriteReport,
}

/// Builds the site and swaps it into `output` atomically. Pages are written as they are
/// rendered (not held in memory), into a staging directory that replaces `output` only when
/// everything succeeded.
pub fn build(options: &Options, output: &Path) -> Result<BuildReport, Diagnostics> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let root = options.root.as_path();
    let (config, content, data, theme) = session::load_all(root, options)?;
    let data = std::sync::Arc::new(data);
    let publishing = site::Publishing {
        now: session::resolve_now(options, &config),
        drafts: options.drafts,
    };
    let (site, warnings) = Site::build(root, &config, &content, &data, &publishing, None)
        .map_err(Diagnostics::from_iter)?;
    drop(content);
    let staging = output::Staging::create(output)?;
    let errors = Mutex::new(Diagnostics::new());
    let (pages, images) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let keep = |file: OutputFile| {
        let path = file.path.as_str();
        if path.ends_with(".html") {
            pages.fetch_add(1, Ordering::Relaxed);
        } else if path.starts_with("assets/logos/") {
            images.fetch_add(1, Ordering::Relaxed);
        }
        if let Err(e) = staging.write(&file) {
            errors.lock().unwrap_or_else(|e| e.into_inner()).push(e);
        }
    };
    let jobs = render::plan(&site);
    render::render_pages_into(
        &site,
        &theme,
        &jobs,
        options.progress.as_ref(),
        &|_, result| match result {
            Ok(file) => keep(file),
            Err(e) => errors.lock().unwrap_or_else(|e| e.into_inner()).extend(e),
        },
    )
    .map_err(Diagnostics::from_iter)?;
    {
        use rayon::prelude::*;
        render::static_files(&site, &theme)
            .map_err(Diagnostics::from_iter)?
            .into_par_iter()
            .for_each(keep);
    }
    let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if errors.has_errors() {
        return Err(errors);
    }
    let written = staging.commit()?;
    Ok(BuildReport {
        site,
        warnings: warnings.into_iter().collect(),
        pages: pages.into_inner(),
        images: images.into_inner(),
        written,
    })
}
