//! `bulletin theme list|eject|diff`: the embedded theme, and a site's overrides of it in
//! `templates/`.

use std::path::Path;

use clap::Subcommand;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE, plural};
use crate::config::SITE_FILE;
use crate::theme::{DEFAULT_FILES, Override, Standing, standings};

/// What `bulletin theme` does.
#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// List the theme's files and whether the site's templates/ overrides each.
    List,
    /// Copy theme files into templates/ to override them (every file when no name is given).
    Eject {
        /// Files by their path under templates/: `notice.html`, `shortcodes/roster.html`,
        /// `assets/style.css`.
        names: Vec<String>,
        /// Replace files that already exist in templates/.
        #[arg(long)]
        force: bool,
    },
    /// Show how the site's overrides differ from the theme, as unified diffs (every
    /// override that differs when no name is given).
    Diff {
        /// Files by their path under templates/.
        names: Vec<String>,
    },
}

pub(super) fn run(root: &Path, command: &ThemeCommand) -> u8 {
    match command {
        ThemeCommand::List => list(root),
        ThemeCommand::Eject { names, force } => match resolve(names) {
            Ok(names) => eject(root, &names, *force),
            Err(message) => usage(&message),
        },
        ThemeCommand::Diff { names: given } => match resolve(given) {
            Ok(names) => diff(root, &names, !given.is_empty()),
            Err(message) => usage(&message),
        },
    }
}

fn usage(message: &str) -> u8 {
    eprintln!("error: {message}");
    EXIT_USAGE
}

/// The theme's names for the names given (all of them for none), or why one is unknown.
fn resolve(given: &[String]) -> Result<Vec<&'static str>, String> {
    let names: Vec<&'static str> = DEFAULT_FILES.iter().map(|(n, _)| *n).collect();
    if given.is_empty() {
        return Ok(names);
    }
    let mut out = Vec::new();
    for raw in given {
        let wanted = raw.replace('\\', "/");
        let wanted = wanted.strip_prefix("templates/").unwrap_or(&wanted);
        match names.iter().find(|n| **n == wanted) {
            Some(name) => {
                if !out.contains(name) {
                    out.push(*name);
                }
            }
            None => {
                let suggestion = names
                    .iter()
                    .find(|n| n.rsplit('/').next() == Some(wanted))
                    .copied()
                    .or_else(|| crate::diagnostics::did_you_mean(wanted, names.iter().copied()));
                let hint = suggestion.map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                return Err(format!(
                    "the theme has no file `{raw}`{hint}. Its files are: {}",
                    names.join(", ")
                ));
            }
        }
    }
    Ok(out)
}

fn list(root: &Path) -> u8 {
    let (files, errors) = standings(root);
    for e in &errors {
        eprintln!("{}", e.render(false).trim_end());
    }
    let width = files.iter().map(|f| f.name.len()).max().unwrap_or(0);
    println!("The theme's files; a file of the same path in templates/ overrides it:");
    for file in files.iter().filter(|f| f.standing != Standing::SiteOnly) {
        println!("  {:width$}  {}", file.name, file.standing.describe());
    }
    let own: Vec<&Override> = files
        .iter()
        .filter(|f| f.standing == Standing::SiteOnly)
        .collect();
    if !own.is_empty() {
        println!("The site's own files in templates/ (not in the theme):");
        for file in own {
            println!("  {}", file.name);
        }
    }
    let differ = files.iter().filter(|f| f.standing.differs()).count();
    if differ > 0 {
        println!(
            "{} from the theme: `bulletin theme diff` shows how.",
            if differ == 1 {
                "1 override differs".to_string()
            } else {
                format!("{differ} overrides differ")
            }
        );
    }
    if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERRORS
    }
}

fn eject(root: &Path, names: &[&str], force: bool) -> u8 {
    if !root.join(SITE_FILE).is_file() {
        eprintln!(
            "error: {} has no {SITE_FILE}, so it is not a site's folder: run `bulletin theme \
             eject` in the site's folder, or give it with --root",
            root.display()
        );
        return EXIT_ERRORS;
    }
    let dir = root.join("templates");
    let existing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| dir.join(n).exists())
        .collect();
    if !existing.is_empty() && !force {
        eprintln!(
            "error: templates/ already has {}; nothing was written",
            existing.join(", ")
        );
        eprintln!(
            "hint: `bulletin theme diff` shows how they differ from the theme; --force replaces them"
        );
        return EXIT_ERRORS;
    }
    for name in names {
        let Some(bytes) = crate::theme::ejected(name) else {
            continue;
        };
        let path = dir.join(name);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_ERRORS;
        }
    }
    println!(
        "Copied {} into templates/: {}.",
        plural(names.len(), "theme file"),
        names.join(", ")
    );
    println!(
        "Each overrides the theme's file of the same path; delete one to follow the theme again. \
         Keep each file's first line: `bulletin check` uses it to tell you when bulletin's version changes."
    );
    EXIT_OK
}

fn diff(root: &Path, names: &[&str], named: bool) -> u8 {
    let (files, _) = standings(root);
    let mut shown = 0;
    for file in files.iter().filter(|f| names.contains(&f.name.as_str())) {
        let (Some(theme), Some(site)) = (file.theme(), file.site_body()) else {
            if named {
                println!(
                    "templates/{} does not exist: the theme's file serves.",
                    file.name
                );
            }
            continue;
        };
        if !file.standing.differs() {
            if named {
                println!("templates/{} is the same as the theme's.", file.name);
            }
            continue;
        }
        shown += 1;
        if let Standing::Outdated { .. } = file.standing {
            println!(
                "# The theme's {} changed since templates/{} was ejected.",
                file.name, file.name
            );
        }
        match (std::str::from_utf8(theme), std::str::from_utf8(site)) {
            (Ok(theme), Ok(site)) => {
                let theme_label = format!(
                    "theme/{} (bulletin {})",
                    file.name,
                    env!("CARGO_PKG_VERSION")
                );
                let site_label = format!("templates/{}", file.name);
                print!(
                    "{}",
                    similar::TextDiff::from_lines(theme, site)
                        .unified_diff()
                        .context_radius(3)
                        .header(&theme_label, &site_label)
                );
            }
            _ => println!("Binary files theme/{0} and templates/{0} differ", file.name),
        }
    }
    if shown == 0 && !named {
        println!("No file in templates/ differs from the theme.");
    }
    EXIT_OK
}
