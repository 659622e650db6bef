//! `bulletin deploy`: publishes the built site to a target of `data/site.yaml`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE, SiteArgs, Verbosity, report};
use crate::deploy::{self, Event, Failure, Prepared, Progress};

/// Arguments of `bulletin deploy`.
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The target to publish to (default: the first under `deploy.targets` in data/site.yaml).
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// List every upload and deletion with its reason, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Upload every file, changed or not.
    #[arg(long)]
    pub force: bool,
    /// Delete nothing (and warn) when more than N objects would be deleted.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_deletes: usize,
    /// Do not ask before deleting (the question is only asked on a terminal).
    #[arg(long, short)]
    pub yes: bool,
    /// Build the site first (with --drafts, --now and --base-url as for `build`).
    #[arg(long)]
    pub build: bool,
    /// The built site to publish (default: <root>/public).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub site: SiteArgs,
}

pub(super) fn run(root: &Path, args: &DeployArgs, verbosity: Verbosity) -> u8 {
    let started = Instant::now();
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    let site = &args.site;
    if !args.build && (site.drafts || site.now.is_some() || site.base_url.is_some()) {
        eprintln!("error: --drafts, --now and --base-url apply to --build only");
        return EXIT_USAGE;
    }
    let config = match crate::config::load(root, None) {
        Ok(config) => config,
        Err(errors) => {
            report(&errors.into_iter().collect());
            return EXIT_ERRORS;
        }
    };
    let target = match config.deploy.target(args.target.as_deref()) {
        Ok(target) => target,
        Err(message) if args.target.is_some() => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
        Err(message) => {
            fail(&Failure {
                message,
                hint: Some("add `deploy: { targets: [...] }` (see README.md, \"Deploy\")".into()),
            });
            return EXIT_ERRORS;
        }
    };
    if args.build {
        let build = super::build::BuildArgs {
            output: Some(output.clone()),
            force: false,
            site: site.clone(),
        };
        let code = super::build::run(root, &build, verbosity);
        if code != EXIT_OK {
            return code;
        }
    } else if !output.is_dir() {
        fail(&Failure {
            message: format!(
                "{} does not exist: there is no built site to deploy",
                output.display()
            ),
            hint: Some("run `bulletin build` first, or `bulletin deploy --build`".into()),
        });
        return EXIT_ERRORS;
    }
    match deploy(&output, target, args, verbosity) {
        Ok(()) => {
            if verbosity != Verbosity::Quiet && !args.dry_run {
                println!("Finished in {:.1} s", started.elapsed().as_secs_f64());
            }
            EXIT_OK
        }
        Err(failure) => {
            fail(&failure);
            EXIT_ERRORS
        }
    }
}

fn deploy(
    output: &Path,
    target: &crate::config::DeployTarget,
    args: &DeployArgs,
    verbosity: Verbosity,
) -> Result<(), Failure> {
    let env = |name: &str| std::env::var(name).ok();
    let (credentials, source) = deploy::credentials::resolve(target, &env)?;
    let client = deploy::s3::Client::new(target, credentials)?;
    if verbosity == Verbosity::Verbose {
        eprintln!("Target `{}`: credentials from {source}", target.name);
    }
    let prepared = deploy::prepare(output, target, client, args.force)?;
    let plan = &prepared.plan;
    if args.dry_run || verbosity == Verbosity::Verbose {
        list(&prepared);
    }
    if verbosity == Verbosity::Verbose {
        eprintln!(
            "Compared {} files; {} objects needed a HEAD request",
            prepared.locals.len(),
            plan.heads
        );
    }
    if verbosity != Verbosity::Quiet || args.dry_run {
        println!("{}", summary(&prepared));
    }
    if args.dry_run {
        println!("Dry run: nothing was changed on {}", prepared.place());
        return Ok(());
    }
    let deletes = plan.deletes.len();
    if deletes > 0 && deletes <= args.max_deletes && !args.yes && std::io::stdin().is_terminal() {
        eprint!("Delete {deletes} files from {}? [y/N] ", prepared.place());
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            return Err(Failure::new("cancelled; nothing was changed"));
        }
    }
    let bar = (verbosity != Verbosity::Quiet && std::io::stderr().is_terminal()).then(progress_bar);
    let progress = bar.as_ref().map(|bar| {
        let bar = bar.clone();
        let (done, files) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        Progress(Arc::new(move |event| match event {
            Event::Start { files: n, bytes } => {
                files.store(n, Ordering::Relaxed);
                bar.set_length(bytes);
                if n > 0 {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                }
            }
            Event::Uploaded(bytes) => {
                let done = done.fetch_add(1, Ordering::Relaxed) + 1;
                bar.set_message(format!("{done}/{} files", files.load(Ordering::Relaxed)));
                bar.inc(bytes);
            }
            Event::Deleted(_) => {}
            Event::Finish => bar.finish_and_clear(),
        }))
    });
    let applied = prepared.apply(args.max_deletes, progress.as_ref());
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let applied = applied?;
    if applied.deletes_skipped {
        eprintln!(
            "warning: {deletes} objects to delete is more than --max-deletes {}: nothing was \
             deleted\nhelp: check the target, then run again with --max-deletes {deletes}",
            args.max_deletes
        );
    }
    if verbosity != Verbosity::Quiet && !plan.is_empty() {
        println!(
            "Uploaded {} ({}), deleted {}",
            super::plural(applied.uploaded, "file"),
            size(applied.bytes),
            applied.deleted
        );
    }
    Ok(())
}

/// Every planned action with its reason.
fn list(prepared: &Prepared<'_>) {
    let mut out = std::io::stdout().lock();
    for upload in &prepared.plan.uploads {
        let _ = writeln!(out, "upload {} ({})", prepared.path(upload), upload.reason);
    }
    for path in &prepared.plan.deletes {
        let _ = writeln!(out, "delete {path} (removed)");
    }
}

/// Hugo's summary: "N files to upload (X MB), M to delete", or "No changes required."
fn summary(prepared: &Prepared<'_>) -> String {
    let plan = &prepared.plan;
    if plan.is_empty() {
        return format!("No changes required ({} files up to date).", plan.unchanged);
    }
    format!(
        "{} to upload ({}), {} to delete",
        super::plural(plan.uploads.len(), "file"),
        size(plan.upload_bytes(&prepared.locals)),
        plan.deletes.len()
    )
}

/// Bytes in decimal units, as Hugo prints them.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

fn fail(failure: &Failure) {
    eprintln!("error: {}", failure.message);
    if let Some(hint) = &failure.hint {
        eprintln!("help: {hint}");
    }
}

/// A bar drawn to stderr once there is something to upload.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    let style = ProgressStyle::with_template(
        "{spinner} uploading {msg} [{bar:30}] {bytes}/{total_bytes} {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_like_hugo() {
        assert_eq!(size(999), "999 B");
        assert_eq!(size(9_600), "9.6 kB");
        assert_eq!(size(23_800_000), "23.8 MB");
    }
}
