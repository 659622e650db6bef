//! The command line: one file per command, each a thin shell over the library.

mod build;
mod check;
mod deploy;
mod export;
mod init;
mod new;
mod serve;
mod theme;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::console::{color, plural, report};
use crate::time::DateSpec;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the site's content, data or templates have errors.
pub const EXIT_ERRORS: u8 = 1;
/// Exit code: the command line itself is wrong.
pub const EXIT_USAGE: u8 = 2;

/// bulletin builds a static site of public notices and supporting-unit rosters from
/// Markdown (content/), YAML (data/) and Tera templates (templates/).
#[derive(Debug, Parser)]
#[command(name = "bulletin", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success, 1 errors in content, data or templates, 2 usage errors."
)]
pub struct Cli {
    /// The site's root directory.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Print errors only (no warnings, progress or summary).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: counts of notices, pages and scheduled notices.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output directory (atomically: a failed build changes nothing).
    Build(build::BuildArgs),
    /// Validate everything a build validates, and write nothing.
    Check(check::CheckArgs),
    /// Build into memory, serve on 127.0.0.1:1111, rebuild on every save and reload the browser.
    Serve(serve::ServeArgs),
    /// Create new content.
    #[command(subcommand)]
    New(new::NewCommand),
    /// Create a new site: content and data for a fictional organisation, served by the
    /// built-in theme.
    Init(init::InitArgs),
    /// Publish the built site to S3-compatible object storage (a target of data/site.yaml).
    Deploy(deploy::DeployArgs),
    /// The embedded theme: list its files, copy them into templates/ to override them
    /// (`eject`), and compare the site's overrides with it (`diff`).
    #[command(subcommand)]
    Theme(theme::ThemeCommand),
    /// Write a notice in another form: `export wechat` for a WeChat (公众号) article.
    #[command(subcommand)]
    Export(export::ExportCommand),
}

/// Options shared by `build` and `check`.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// Include notices marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Fix "now" for deadlines and scheduling: YYYY-MM-DD, YYYY-MM-DDTHH:MM or RFC 3339
    /// (times without an offset are in the site's time zone).
    #[arg(long, value_name = "DATETIME", value_parser = parse_now)]
    pub now: Option<DateSpec>,
    /// Override `base_url` from data/site.yaml.
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,
}

fn parse_now(text: &str) -> Result<DateSpec, String> {
    text.parse()
}

fn parse_base_url(text: &str) -> Result<String, String> {
    crate::config::parse_base_url(text).map(|_| text.to_string())
}

impl SiteArgs {
    fn options(&self, root: PathBuf) -> crate::pipeline::Options {
        crate::pipeline::Options {
            root,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            now: self.now,
            progress: None,
        }
    }
}

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Warnings, progress and a summary line.
    Normal,
    /// Also counts of what was built.
    Verbose,
}

impl Verbosity {
    fn of(cli: &Cli) -> Self {
        match (cli.quiet, cli.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let verbosity = Verbosity::of(&cli);
    if !matches!(cli.command, Command::Init(_))
        && let Err(message) = check_root(&cli.root)
    {
        eprintln!("error: {message}");
        return ExitCode::from(EXIT_USAGE);
    }
    let code = match cli.command {
        Command::Build(args) => build::run(&cli.root, &args, verbosity),
        Command::Check(args) => check::run(&cli.root, &args),
        Command::Serve(args) => serve::run(&cli.root, &args),
        Command::New(command) => new::run(&cli.root, &command),
        Command::Init(args) => init::run(&args),
        Command::Deploy(args) => deploy::run(&cli.root, &args, verbosity),
        Command::Export(command) => export::run(&cli.root, &command, verbosity),
        Command::Theme(command) => theme::run(&cli.root, &command),
    };
    ExitCode::from(code)
}

/// The site directory must exist before anything is read from it.
fn check_root(root: &std::path::Path) -> Result<(), String> {
    let shown = root.display();
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(format!(
            "`{shown}` is a file, not a site directory (give the site's folder with --root)"
        )),
        Err(_) => Err(format!(
            "the site directory `{shown}` does not exist: run bulletin in the site's folder, \
             give it with --root, or create one with `bulletin init {shown}`"
        )),
    }
}
