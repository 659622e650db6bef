//! `bulletin check`.

use std::path::Path;

use clap::Args;

use super::{EXIT_ERRORS, EXIT_OK, SiteArgs, report};
use crate::time::short_datetime;

/// Arguments of `bulletin check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

pub(super) fn run(root: &Path, args: &CheckArgs) -> u8 {
    match crate::generate(&args.site.options(root.to_path_buf())) {
        Ok(generated) => {
            report(&generated.warnings);
            for scheduled in &generated.site.scheduled {
                println!(
                    "scheduled: {} publishes at {}",
                    scheduled.file.display(),
                    short_datetime(&scheduled.publish_at)
                );
            }
            let pages = generated
                .files
                .iter()
                .filter(|f| f.path.as_str().ends_with(".html"))
                .count();
            println!(
                "Check passed: {pages} pages, {} notices, no errors.",
                generated.site.notices.len()
            );
            EXIT_OK
        }
        Err(diagnostics) => {
            report(&diagnostics);
            EXIT_ERRORS
        }
    }
}
