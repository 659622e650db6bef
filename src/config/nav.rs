//! The `nav` setting: the main navigation as a list of generated pages by name, pages by
//! their path under `content/`, and links.
//!
//! ```yaml
//! nav:
//!   - home
//!   - notices
//!   - { page: about.md }                      # content/about.md, titled by the page
//!   - { name: roster, title: 名单 }            # a generated page with another title
//!   - { title: 工业和信息化部, url: https://www.miit.gov.cn/ }
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location, did_you_mean};

/// A page bulletin generates, as the navigation names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GeneratedPage {
    /// `/`.
    Home,
    /// `/notices/`.
    Notices,
    /// `/guide/`.
    Guide,
    /// `/apply/`.
    Apply,
    /// `/roster/`.
    Roster,
    /// `/contacts/`.
    Contacts,
    /// `/search/`.
    Search,
}

impl GeneratedPage {
    /// Every generated page, in the default navigation's order.
    pub const ALL: [GeneratedPage; 7] = [
        GeneratedPage::Home,
        GeneratedPage::Notices,
        GeneratedPage::Guide,
        GeneratedPage::Apply,
        GeneratedPage::Roster,
        GeneratedPage::Contacts,
        GeneratedPage::Search,
    ];

    /// Its name in `nav` (and its navigation key in templates).
    pub fn key(self) -> &'static str {
        match self {
            GeneratedPage::Home => "home",
            GeneratedPage::Notices => "notices",
            GeneratedPage::Guide => "guide",
            GeneratedPage::Apply => "apply",
            GeneratedPage::Roster => "roster",
            GeneratedPage::Contacts => "contacts",
            GeneratedPage::Search => "search",
        }
    }
}

/// What a navigation entry links.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NavTarget {
    /// A generated page.
    Generated(GeneratedPage),
    /// A Markdown page, by its path under `content/` (`about.md`).
    Page(String),
    /// An absolute http(s) URL, or a path on this site (`/files/a.pdf`).
    Link(String),
}

/// One entry of the `nav` setting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NavItem {
    /// What it links.
    pub target: NavTarget,
    /// Its title, when not the page's own (or the interface text of a generated page).
    pub title: Option<String>,
    /// Its place in the list, to locate it in `data/site.yaml` (`nav.<index>`).
    pub index: usize,
}

/// An entry as written: a generated page's name, or a map.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawNavItem {
    Name(String),
    Entry(RawNavEntry),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNavEntry {
    name: Option<String>,
    page: Option<String>,
    url: Option<String>,
    title: Option<String>,
}

/// Validates the entries; `at` locates a path of `data/site.yaml`.
pub(super) fn validate(
    items: Vec<RawNavItem>,
    at: &dyn Fn(&str) -> Option<Location>,
    file: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<NavItem> {
    let names: Vec<&str> = GeneratedPage::ALL.iter().map(|g| g.key()).collect();
    let mut out = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let here = format!("nav.{index}");
        let entry = match item {
            RawNavItem::Name(name) => RawNavEntry {
                name: Some(name),
                page: None,
                url: None,
                title: None,
            },
            RawNavItem::Entry(entry) => entry,
        };
        let error = |message: String, path: &str, hint: String| {
            Diagnostic::error(file, message)
                .at_opt(at(path).or_else(|| at(&here)))
                .hint(hint)
        };
        let target = match (entry.name, entry.page, entry.url) {
            (Some(name), None, None) => match GeneratedPage::ALL.iter().find(|g| g.key() == name) {
                Some(g) => NavTarget::Generated(*g),
                None => {
                    let hint = match did_you_mean(&name, names.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "the generated pages are {}; link other pages with `{{ page: about.md }}` or `{{ title: …, url: … }}`",
                            names.join(", ")
                        ),
                    };
                    let path = if at(&format!("{here}.name")).is_some() {
                        format!("{here}.name")
                    } else {
                        here.clone()
                    };
                    errors.push(error(
                        format!("`{name}` is not a page bulletin generates"),
                        &path,
                        hint,
                    ));
                    continue;
                }
            },
            (None, Some(page), None) => {
                let page = page.trim_start_matches("content/").to_string();
                let page = if page.ends_with(".md") {
                    page
                } else {
                    format!("{page}.md")
                };
                if page.starts_with('/') || page.split('/').any(|p| p == ".." || p.is_empty()) {
                    errors.push(error(
                        format!("`{page}` is not a path under content/"),
                        &format!("{here}.page"),
                        "write the page's path from content/, e.g. `about.md`".into(),
                    ));
                    continue;
                }
                NavTarget::Page(page)
            }
            (None, None, Some(url)) => {
                let ok = url.starts_with("https://")
                    || url.starts_with("http://")
                    || (url.starts_with('/') && !url.starts_with("//"));
                if !ok {
                    errors.push(error(
                        format!("`{url}` is not a link the navigation can hold"),
                        &format!("{here}.url"),
                        "write an http(s) URL, or a path on this site starting with `/`".into(),
                    ));
                    continue;
                }
                if entry.title.is_none() {
                    errors.push(error(
                        "a link in the navigation needs a `title`".into(),
                        &here,
                        format!("write `{{ title: …, url: {url} }}`"),
                    ));
                    continue;
                }
                NavTarget::Link(url)
            }
            _ => {
                errors.push(error(
                    "a navigation entry is a generated page's name, a `page`, or a `url` with a `title`".into(),
                    &here,
                    "e.g. `- notices`, `- { page: about.md }` or `- { title: 工信部, url: https://www.miit.gov.cn/ }`".into(),
                ));
                continue;
            }
        };
        out.push(NavItem {
            target,
            title: entry.title,
            index,
        });
    }
    out
}
