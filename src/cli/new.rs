//! `bulletin new notice <slug>`.

use std::path::Path;

use clap::Subcommand;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::console::shown;
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
            // Typed a title where the slug goes (`new notice "Call for 2027"`): say
            // the command that names the notice after it.
            if let Some(suggested) = suggested_slug(slug) {
                let title = title.as_deref().unwrap_or(slug);
                eprintln!(
                    "hint: bulletin new notice {suggested} --title {}",
                    shell_quoted(title)
                );
            }
            return EXIT_USAGE;
        }
    };
    let (timezone, source, english) = match crate::config::load(root, None) {
        Ok(config) => {
            let english = config.language.starts_with("en");
            (config.timezone, config.publisher, english)
        }
        Err(_) => (
            crate::time::time_zone("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC),
            String::new(),
            false,
        ),
    };
    let now = jiff::Zoned::now().with_time_zone(timezone);
    let path = root.join("content/notices").join(format!("{slug}.md"));
    if path.exists() {
        eprintln!("error: {} already exists", shown(&path));
        return EXIT_ERRORS;
    }
    // The skeleton's words follow the site's language: an English site gets English ones.
    let (placeholder, category, credit, body) = if english {
        ("(title)", "Notices", "Text", "The text of the notice.")
    } else {
        (
            "（请填写标题）",
            "通知公告",
            "文字",
            "各有关单位：\n\n正文。",
        )
    };
    let addressee = if english {
        ""
    } else {
        "# addressee: 各有关单位\n"
    };
    let title = title.clone().unwrap_or_else(|| placeholder.to_string());
    let text = format!(
        "---\ntitle: {title}\ndate: {date}\nsource: {source}\ncategory: {category}\ndescription: \ndraft: true\n{addressee}# doc_number: \n# deadline: {day}\n# credits:\n#   - role: {credit}\n#     name: \n---\n\n{body}\n",
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
                shown(&path)
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", shown(&path));
            EXIT_ERRORS
        }
    }
}

/// A slug made from `text` as heading ids are (`Call for 2027` -> `call-for-2027`, Chinese
/// kept), when that is a slug at all.
fn suggested_slug(text: &str) -> Option<String> {
    let id = crate::content::slug::heading_id(text);
    let has_text = text.chars().any(char::is_alphanumeric);
    (has_text && Slug::try_from(id.clone()).is_ok()).then_some(id)
}

/// `text` as one word for a POSIX shell: in single quotes, each `'` written `'\''`.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// Quotes a value for YAML when it could be misread.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_typed_as_a_slug_suggests_one() {
        let slug = |text: &str| suggested_slug(text);
        assert_eq!(
            slug("Call for 2027 partners").as_deref(),
            Some("call-for-2027-partners")
        );
        assert_eq!(
            slug("关于2027年 征集的通知").as_deref(),
            Some("关于2027年-征集的通知")
        );
        assert_eq!(slug("a/b: c?").as_deref(), Some("ab-c"));
        // Nothing to make one of.
        assert_eq!(slug("?? //"), None);
        assert_eq!(slug(""), None);
    }

    #[test]
    fn titles_are_quoted_for_the_shell() {
        assert_eq!(shell_quoted("Call for 2027"), "'Call for 2027'");
        assert_eq!(shell_quoted("It's $HOME"), "'It'\\''s $HOME'");
    }
}
