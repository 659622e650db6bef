//! `bulletin new notice <slug>`.

use std::path::Path;

use clap::Subcommand;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::content::slug::Slug;

/// What `bulletin new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Scaffold content/notices/<slug>.md with its front matter filled in (as a draft).
    Notice {
        /// The notice's file name and URL segment, e.g. `2026-call`.
        slug: String,
        /// The notice's title.
        #[arg(long, short)]
        title: Option<String>,
    },
}

pub(super) fn run(root: &Path, command: &NewCommand) -> u8 {
    let NewCommand::Notice { slug, title } = command;
    let slug = match Slug::try_from(slug.clone()) {
        Ok(slug) => slug,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let (timezone, source) = match crate::config::load(root, None) {
        Ok(config) => (config.timezone, config.title),
        Err(_) => (
            crate::time::time_zone("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC),
            String::new(),
        ),
    };
    let now = jiff::Zoned::now().with_time_zone(timezone);
    let path = root.join("content/notices").join(format!("{slug}.md"));
    if path.exists() {
        eprintln!("error: {} already exists", path.display());
        return EXIT_ERRORS;
    }
    let title = title
        .clone()
        .unwrap_or_else(|| "（请填写标题）".to_string());
    let text = format!(
        "---\ntitle: {title}\ndate: {date}\nsource: {source}\ncategory: 通知公告\ndescription: \ndraft: true\n# addressee: 各有关单位\n# doc_number: \n# deadline: {day}\n# credits:\n#   - role: 文字\n#     name: \n---\n\n各有关单位：\n\n正文。\n",
        title = yaml_string(&title),
        date = crate::time::short_datetime(&now),
        source = yaml_string(&source),
        day = now.date(),
    );
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, text));
    match written {
        Ok(()) => {
            println!(
                "Created {} (a draft: remove `draft: true` to publish it)",
                path.display()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            EXIT_ERRORS
        }
    }
}

/// Quotes a value for YAML when it could be misread.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}
