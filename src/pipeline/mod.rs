//! The pipeline, one for every command: load -> model -> plan -> render -> write or
//! publish.
//!
//! [`build`] runs it once and writes every output into a staging folder that replaces the
//! output atomically. [`Session`] runs it again and again for `serve`: it keeps the last
//! good state, reloads only what changed, and renders only the outputs whose digest
//! ([`digest`]) changed, into memory. Both go through [`model`] and the renderer.

mod digest;
mod inputs;
mod modelled;
mod outputs;
mod session;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::content::Content;
use crate::data::Data;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lang::Interface;
use crate::output::{OutputFile, Staging, Target, WriteReport};
use crate::plan::{Counts, Plan};
use crate::render::{self, Progress};
use crate::site::{Publishing, Site};
use crate::theme::Theme;
use crate::time::DateSpec;

pub use modelled::{Modelled, View, modelled};
pub use outputs::{Outputs, PageMap};
pub use session::{Session, Update};

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
    /// Told how many outputs there are to render, then of each rendered one.
    pub progress: Option<Progress>,
}

/// A site's inputs, loaded and validated.
pub(crate) struct Loaded {
    pub(crate) config: Config,
    pub(crate) interface: Arc<Interface>,
    pub(crate) content: Content,
    pub(crate) data: Arc<Data>,
    pub(crate) theme: Arc<Theme>,
}

/// The model and the plan of loaded inputs, with the warnings found on the way. `prior`, a
/// model of the same settings, "now" and content files, lets unchanged documents keep
/// their entries.
pub(crate) fn model(
    root: &Path,
    loaded: &Loaded,
    publishing: &Publishing,
    prior: Option<&Site>,
) -> Result<(Site, Plan, Vec<Diagnostic>), Diagnostics> {
    let started = std::time::Instant::now();
    let (site, warnings) = Site::build(
        root,
        &loaded.config,
        &loaded.interface,
        &loaded.content,
        &loaded.data,
        publishing,
        prior,
    )?;
    let built = started.elapsed();
    let plan = Plan::new(&site, &loaded.theme)?;
    crate::console::debug(|| {
        format!(
            "model {:.1} ms, plan {:.1} ms",
            built.as_secs_f64() * 1e3,
            (started.elapsed() - built).as_secs_f64() * 1e3
        )
    });
    let mut warnings = warnings;
    warnings.extend(plan.warnings.iter().cloned());
    Ok((site, plan, warnings))
}

/// A generated site, not written.
pub struct Generated {
    /// The model it was rendered from.
    pub site: Site,
    /// What it consists of.
    pub plan: Plan,
    /// Every output file.
    pub outputs: Vec<OutputFile>,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

/// Loads, validates, models and renders the site under `options.root`, writing nothing.
pub fn generate(options: &Options) -> Result<Generated, Diagnostics> {
    let root = options.root.as_path();
    let loaded = inputs::load_all(root, options)?;
    let publishing = publishing(options, &loaded.config);
    let (site, plan, warnings) = model(root, &loaded, &publishing, None)?;
    let todo: Vec<usize> = (0..plan.outputs.len()).collect();
    let outputs = render::render_files(&site, &loaded.theme, &plan, &todo, None)?;
    Ok(Generated {
        site,
        plan,
        outputs,
        warnings: warnings.into_iter().collect(),
    })
}

/// What a build did.
pub struct BuildReport {
    /// The model that was built.
    pub site: Site,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// What the output holds, by kind.
    pub counts: Counts,
    /// What was written.
    pub written: WriteReport,
}

/// Builds the site and swaps it into `output` atomically. Outputs are written as they are
/// rendered (not held in memory), into a staging folder that replaces `output` only when
/// everything succeeded. A folder bulletin did not make is refused unless `force`; the
/// names of `keep_in_output` survive in any case.
pub fn build(options: &Options, output: &Path, force: bool) -> Result<BuildReport, Diagnostics> {
    let root = options.root.as_path();
    let loaded = inputs::load_all(root, options)?;
    let target = Target {
        dir: output.to_path_buf(),
        keep: loaded.config.keep_in_output.clone(),
        force,
        precompress: loaded.config.precompress.clone(),
    };
    target.check_not_sources(root)?;
    let publishing = publishing(options, &loaded.config);
    let (site, plan, warnings) = model(root, &loaded, &publishing, None)?;
    // The model shares the documents it publishes; the rest of the sources can go.
    drop(loaded.content);
    let staging = Staging::create(&target)?;
    let errors = Mutex::new(Diagnostics::new());
    let fail = |e: Diagnostics| errors.lock().unwrap_or_else(|e| e.into_inner()).extend(e);
    let todo: Vec<usize> = (0..plan.outputs.len()).collect();
    render::render(
        &site,
        &loaded.theme,
        &plan,
        &todo,
        Some(staging.scratch()),
        options.progress.as_ref(),
        &|_, result| match result.map(|file| staging.write(&file)) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => fail(e.into()),
            Err(e) => fail(e),
        },
    )?;
    let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if errors.has_errors() {
        return Err(errors);
    }
    let written = staging.commit()?;
    Ok(BuildReport {
        site,
        warnings: warnings.into_iter().collect(),
        counts: plan.counts(),
        written,
    })
}

/// What is published at this run's "now".
fn publishing(options: &Options, config: &Config) -> Publishing {
    Publishing {
        now: inputs::resolve_now(options, config),
        drafts: options.drafts,
    }
}
