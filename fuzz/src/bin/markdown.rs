//! A Markdown file as an editor writes it: front matter split and parsed, shortcodes
//! scanned, the body rendered in every raw HTML mode. Any panic is a finding.

use std::collections::BTreeMap;
use std::path::Path;

use bulletin::config::RawHtml;
use bulletin::content::markdown::{self, HookError, Hooks};
use bulletin::content::shortcodes::{self, ArgValue};
use bulletin::content::{front_matter, slug};

struct Anything;

impl Hooks for Anything {
    fn resolve_link(&self, dest: &str) -> Result<String, HookError> {
        if dest.ends_with(".md") {
            Err((format!("no {dest}"), None))
        } else {
            Ok(format!("/x/{dest}"))
        }
    }

    fn shortcode(&self, name: &str, args: &BTreeMap<String, ArgValue>) -> Result<String, HookError> {
        Ok(format!("<div class=\"{name}\">{}</div>", args.len()))
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let file = Path::new("a.md");
        let _ = front_matter::parse(text, file);
        let body = front_matter::split(text, file).map_or(0, |s| s.body_offset);
        let _ = shortcodes::scan(&text[body..]);
        let _ = slug::heading_id(text);
        let _ = slug::Slug::try_from(text.to_string());
        for mode in [RawHtml::Escape, RawHtml::Sanitize, RawHtml::Allow] {
            let _ = markdown::render(text, body, file, mode, &Anything);
        }
    });
}
