//! `bulletin check`: everything `build` validates plus the check rules, writing nothing.

use std::collections::BTreeMap;
use std::path::Path;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{EXIT_ERRORS, EXIT_OK, SiteArgs, color, plural};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::time::{rfc3339, short_datetime};

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages for people, grouped by file.
    Text,
    /// One JSON document for machines.
    Json,
}

/// Arguments of `bulletin check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    ok: bool,
    errors: usize,
    warnings: usize,
    pages: usize,
    files: Vec<JsonFile<'a>>,
    scheduled: Vec<JsonScheduled>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: String,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonScheduled {
    file: String,
    publish_at: String,
    #[serde(skip)]
    shown: String,
}

pub(super) fn run(root: &Path, args: &CheckArgs) -> u8 {
    let (diagnostics, pages, notices, scheduled) =
        match crate::pipeline::generate(&args.site.options(root.to_path_buf())) {
            Ok(generated) => {
                let files: Vec<_> = generated.outputs.iter().collect();
                let mut all = generated.warnings.clone();
                all.extend(crate::check::lint(&generated.site, &files));
                let pages = files
                    .iter()
                    .filter(|f| f.path.as_str().ends_with(".html"))
                    .count();
                let scheduled: Vec<JsonScheduled> = generated
                    .site
                    .scheduled
                    .iter()
                    .map(|s| JsonScheduled {
                        file: s.file.display().to_string(),
                        publish_at: rfc3339(&s.publish_at),
                        shown: short_datetime(&s.publish_at),
                    })
                    .collect();
                (all, pages, generated.site.notices.len(), scheduled)
            }
            Err(diagnostics) => (diagnostics, 0, 0, Vec::new()),
        };
    let failed =
        diagnostics.has_errors() || (args.deny_warnings && diagnostics.warning_count() > 0);
    let groups = group(&diagnostics);
    match args.format {
        Format::Json => {
            let report = JsonReport {
                ok: !failed,
                errors: diagnostics.error_count(),
                warnings: diagnostics.warning_count(),
                pages,
                files: groups
                    .iter()
                    .map(|(file, items)| JsonFile {
                        file: file.clone(),
                        errors: items
                            .iter()
                            .filter(|d| d.severity == Severity::Error)
                            .count(),
                        warnings: items
                            .iter()
                            .filter(|d| d.severity == Severity::Warning)
                            .count(),
                        diagnostics: items
                            .iter()
                            .map(|d| JsonDiagnostic {
                                severity: d.severity,
                                line: d.location.as_ref().map(|l| l.line),
                                column: d.location.as_ref().map(|l| l.column),
                                message: &d.message,
                                hint: d.hint.as_deref(),
                            })
                            .collect(),
                    })
                    .collect(),
                scheduled,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        }
        Format::Text => {
            let color = color();
            for (file, items) in &groups {
                let errors = items
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                eprintln!(
                    "{file}: {}, {}",
                    plural(errors, "error"),
                    plural(items.len() - errors, "warning")
                );
                for d in items {
                    eprintln!("{}\n", d.render(color).trim_end());
                }
            }
            for s in &scheduled {
                println!("scheduled: {} publishes at {}", s.file, s.shown);
            }
            let summary = format!(
                "{pages} pages ({}) checked: {}, {} in {}.",
                plural(notices, "notice"),
                plural(diagnostics.error_count(), "error"),
                plural(diagnostics.warning_count(), "warning"),
                plural(groups.len(), "file")
            );
            if failed {
                eprintln!("{summary}")
            } else {
                println!("{summary}")
            }
        }
    }
    if failed { EXIT_ERRORS } else { EXIT_OK }
}

/// Diagnostics grouped by file, files in order, each group sorted.
fn group(diagnostics: &Diagnostics) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut groups: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in diagnostics.sorted() {
        groups
            .entry(d.file.display().to_string().replace('\\', "/"))
            .or_default()
            .push(d);
    }
    groups
}
