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

pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostics;
pub mod output;
pub mod render;
pub mod site;
pub mod source;
pub mod time;
pub mod yaml;

use std::path::{Path, PathBuf};

use diagnostics::{Diagnostic, Diagnostics};
use output::{OutputFile, WriteReport};
use site::{Publishing, Site};
use time::{DateSpec, DayBoundary};

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
    let root = options.root.as_path();
    let (config, content, data, theme) = rayon::join(
        || {
            (
                config::load(root, options.base_url.as_deref()),
                content::load(root),
            )
        },
        || (data::load(root), render::Theme::load(root)),
    )
    .into_flat();
    let mut errors = Diagnostics::new();
    fn take<T>(result: Result<T, Vec<Diagnostic>>, errors: &mut Diagnostics) -> Option<T> {
        result.map_err(|e| errors.extend(e)).ok()
    }
    let (config, content, data, theme) = (
        take(config, &mut errors),
        take(content, &mut errors),
        take(data, &mut errors),
        take(theme, &mut errors),
    );
    let (Some(config), Some(content), Some(data), Some(mut theme)) = (config, content, data, theme)
    else {
        return Err(errors);
    };
    let now = match options.now {
        Some(spec) => spec.resolve(&config.timezone, DayBoundary::Start),
        None => jiff::Zoned::now().with_time_zone(config.timezone.clone()),
    };
    let publishing = Publishing {
        now,
        drafts: options.drafts,
    };
    let (site, warnings) =
        Site::build(root, config, content, data, &publishing).map_err(Diagnostics::from_iter)?;
    let files = render::render(&site, &mut theme).map_err(Diagnostics::from_iter)?;
    Ok(Generated {
        site,
        files,
        warnings: warnings.into_iter().collect(),
    })
}

/// What a build did.
pub struct BuildReport {
    /// The generated site.
    pub generated: Generated,
    /// What was written.
    pub written: WriteReport,
}

/// Generates the site and swaps it into `output` atomically.
pub fn build(options: &Options, output: &Path) -> Result<BuildReport, Diagnostics> {
    let generated = generate(options)?;
    let written = output::write_atomically(output, &generated.files)?;
    Ok(BuildReport { generated, written })
}

trait IntoFlat<A, B, C, D> {
    fn into_flat(self) -> (A, B, C, D);
}

impl<A, B, C, D> IntoFlat<A, B, C, D> for ((A, B), (C, D)) {
    fn into_flat(self) -> (A, B, C, D) {
        let ((a, b), (c, d)) = self;
        (a, b, c, d)
    }
}
