//! `bulletin build`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{EXIT_ERRORS, EXIT_OK, SiteArgs, Verbosity, plural, report};
use crate::console::shown;
use crate::render::{Progress, ProgressEvent};

/// Builds with fewer pages than this finish before a progress bar would help.
const PROGRESS_MIN_PAGES: usize = 500;

/// Arguments of `bulletin build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site (default: <root>/public).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Replace an output folder that bulletin did not make (the names listed under
    /// `keep_in_output` in data/site.yaml are kept).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub site: SiteArgs,
}

pub(super) fn run(root: &Path, args: &BuildArgs, verbosity: Verbosity) -> u8 {
    let started = Instant::now();
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    let mut options = args.site.options(root.to_path_buf());
    let bar = (verbosity != Verbosity::Quiet && std::io::stderr().is_terminal()).then(progress_bar);
    if let Some(bar) = &bar {
        let bar = bar.clone();
        options.progress = Some(Progress(Arc::new(move |event| match event {
            ProgressEvent::Start(total) if total >= PROGRESS_MIN_PAGES => {
                bar.set_length(total as u64);
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            ProgressEvent::Start(_) => {}
            ProgressEvent::Advance => bar.inc(1),
            ProgressEvent::Finish => bar.finish_and_clear(),
        })));
    }
    let result = crate::pipeline::build(&options, &output, args.force);
    match result {
        Ok(built) => {
            if verbosity != Verbosity::Quiet {
                report(&built.warnings);
                let samples = match crate::check::sample_count(&built.site) {
                    0 => String::new(),
                    n => format!(
                        "; {} of `bulletin init`'s sample {} still in the site (`bulletin check` lists them)",
                        plural(n, "value"),
                        if n == 1 { "is" } else { "are" }
                    ),
                };
                println!(
                    "Built {}, {}, {} ({} KiB) into {} in {} ms{samples}",
                    plural(built.counts.pages, "page"),
                    plural(built.counts.images, "image"),
                    plural(built.written.files, "file"),
                    built.written.bytes / 1024,
                    shown(&output),
                    started.elapsed().as_millis()
                );
                println!("{}", first_look(&built.site.config, &output));
            }
            if verbosity == Verbosity::Verbose {
                eprintln!(
                    "{}, {}, {}",
                    plural(built.site.notices.len(), "notice"),
                    plural(built.site.pages.len(), "standalone page"),
                    plural(built.site.scheduled.len(), "scheduled notice")
                );
            }
            EXIT_OK
        }
        Err(diagnostics) => {
            report(&diagnostics);
            eprintln!("Build failed; {} was not changed.", shown(&output));
            EXIT_ERRORS
        }
    }
}

/// How to look at what was built: the files themselves with `relative_urls`, else through
/// `serve`, since pages link to the base path they will be published under.
fn first_look(config: &crate::config::Config, output: &Path) -> String {
    if config.relative_urls {
        let index = output.join("index.html");
        let index = std::path::absolute(&index).unwrap_or(index);
        return format!("Open {} in a browser.", index.display());
    }
    format!(
        "Pages link to {} (from base_url): to look at them, run `bulletin serve` and open \
         http://127.0.0.1:1111/, or set `relative_urls: true` to open the files directly.",
        config.base_path()
    )
}

/// A bar drawn to stderr once rendering turns out to be long enough to need one.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    let style =
        ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages [{bar:30}] {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
    bar.set_style(style);
    bar
}
