//! `bulletin build`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use super::{EXIT_ERRORS, EXIT_OK, SiteArgs, report};

/// Arguments of `bulletin build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site (default: <root>/public).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub site: SiteArgs,
}

pub(super) fn run(root: &Path, args: &BuildArgs) -> u8 {
    let started = Instant::now();
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    match crate::build(&args.site.options(root.to_path_buf()), &output) {
        Ok(report_) => {
            report(&report_.generated.warnings);
            let pages = report_
                .generated
                .files
                .iter()
                .filter(|f| f.path.as_str().ends_with(".html"))
                .count();
            println!(
                "Built {} pages, {} files ({} KiB) into {} in {} ms",
                pages,
                report_.written.files,
                report_.written.bytes / 1024,
                output.display(),
                started.elapsed().as_millis()
            );
            EXIT_OK
        }
        Err(diagnostics) => {
            report(&diagnostics);
            eprintln!("Build failed; {} was not changed.", output.display());
            EXIT_ERRORS
        }
    }
}
