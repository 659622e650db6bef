//! The main navigation, decided once per plan: the `nav` setting resolved against the
//! outputs (generated pages by name, Markdown pages by path, links), or, without the
//! setting, every generated page the site has, in a fixed order.

use super::{Job, ListPage, Planned, SECTIONS};
use crate::config::{GeneratedPage, NavTarget, SITE_FILE};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::site::{Entry, Site};

/// What a navigation entry is called.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NavTitle {
    /// The interface text of a generated page (`nav.roster`), in the page's language.
    Interface(&'static str),
    /// A title of its own: the setting's, or the linked page's.
    Given(String),
}

/// Where a navigation entry leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NavLink {
    /// An output of the plan (its place in `outputs`).
    Output(usize),
    /// An absolute URL, or a path on this site (`/files/a.pdf`).
    Url(String),
}

/// One entry of the main navigation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NavEntry {
    /// Its key, which pages name to mark it current: a generated page's name
    /// (`notices`), `page:<url path>` for a Markdown page, `link:<n>` for a link.
    pub key: String,
    /// Its title.
    pub title: NavTitle,
    /// Where it leads.
    pub link: NavLink,
}

/// The key a Markdown page marks current in the navigation.
pub fn page_key(entry: &Entry) -> String {
    format!("page:{}", entry.route.url_path())
}

/// Whether `job` makes generated page `page` (for the roster, the list of rosters or the
/// one roster's current round; for a section, any of its pages).
fn is(page: GeneratedPage, job: Job) -> bool {
    let section =
        |key: &str| matches!(job, Job::Section { section, .. } if SECTIONS[section].key == key);
    match page {
        GeneratedPage::Home => job == Job::Home,
        GeneratedPage::Notices => job == Job::Notices(ListPage::FIRST),
        GeneratedPage::Guide => section("guide"),
        GeneratedPage::Apply => section("apply"),
        GeneratedPage::Roster => matches!(job, Job::Rosters | Job::Roster { index: true, .. }),
        GeneratedPage::Contacts => section("contacts"),
        GeneratedPage::Search => job == Job::SearchPage,
    }
}

/// The place in `outputs` of generated page `page`, when the site has it: the first
/// output that makes it (the list of calls or rosters comes before their own pages).
fn find(page: GeneratedPage, outputs: &[Planned]) -> Option<usize> {
    outputs.iter().position(|p| is(page, p.job))
}

/// Resolves the navigation of `site` against `outputs`: the entries, and warnings.
pub(super) fn resolve(
    site: &Site,
    outputs: &[Planned],
) -> Result<(Vec<NavEntry>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let generated = |page: GeneratedPage| {
        find(page, outputs).map(|k| NavEntry {
            key: page.key().to_string(),
            title: NavTitle::Interface(interface_key(page)),
            link: NavLink::Output(k),
        })
    };
    let Some(items) = &site.config.nav else {
        let entries = GeneratedPage::ALL
            .into_iter()
            .filter_map(generated)
            .collect();
        return Ok((entries, Vec::new()));
    };
    let (mut entries, mut warnings, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    let config = &site.config;
    for item in items {
        let here = format!("nav.{}", item.index);
        match &item.target {
            NavTarget::Generated(page) => match generated(*page) {
                Some(mut entry) => {
                    if let Some(title) = &item.title {
                        entry.title = NavTitle::Given(title.clone());
                    }
                    entries.push(entry);
                }
                None => warnings.push(
                    Diagnostic::warning(
                        SITE_FILE,
                        format!("the navigation lists `{}`, which this site does not have", page.key()),
                    )
                    .at_opt(config.locate(&format!("{here}.name")).or_else(|| config.locate(&here)))
                    .hint("it is left out until the site has it (a call for `guide` and `apply`, a roster for `roster`, contacts for `contacts`)"),
                ),
            },
            NavTarget::Page(path) => {
                let documents = site.pages.iter().chain(&site.notices);
                match documents
                    .filter(|e| e.translates.is_none())
                    .find(|e| &e.doc.path == path)
                {
                    Some(entry) => {
                        let k = outputs
                            .iter()
                            .position(|p| p.route == entry.route)
                            .unwrap_or_default();
                        entries.push(NavEntry {
                            key: page_key(entry),
                            title: NavTitle::Given(
                                item.title.clone().unwrap_or_else(|| entry.doc.front.title.clone()),
                            ),
                            link: NavLink::Output(k),
                        });
                    }
                    None => {
                        let paths = site.pages.iter().map(|e| e.doc.path.as_str());
                        let hint = match did_you_mean(path, paths) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => "write the path of a published Markdown page under content/, e.g. `about.md`".into(),
                        };
                        errors.push(
                            Diagnostic::error(
                                SITE_FILE,
                                format!("the navigation links `content/{path}`, which is not a published page"),
                            )
                            .at_opt(config.locate(&format!("{here}.page")))
                            .hint(hint),
                        );
                    }
                }
            }
            NavTarget::Link(url) => entries.push(NavEntry {
                key: format!("link:{}", item.index),
                title: NavTitle::Given(item.title.clone().unwrap_or_default()),
                link: NavLink::Url(url.clone()),
            }),
        }
    }
    if errors.is_empty() {
        Ok((entries, warnings))
    } else {
        Err(errors)
    }
}

/// The interface text of a generated page's title.
fn interface_key(page: GeneratedPage) -> &'static str {
    match page {
        GeneratedPage::Home => "nav.home",
        GeneratedPage::Notices => "nav.notices",
        GeneratedPage::Guide => "nav.guide",
        GeneratedPage::Apply => "nav.apply",
        GeneratedPage::Roster => "nav.roster",
        GeneratedPage::Contacts => "nav.contacts",
        GeneratedPage::Search => "nav.search",
    }
}
