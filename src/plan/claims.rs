//! Claims: each output path has one owner. Two outputs at one path, a page or file in a
//! folder the theme or the search reserves, or a content file that cannot be an output
//! path is an error at the source an editor can change, naming the other owner.

use super::{Job, Plan};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputPath;
use crate::routes::ASSETS;
use crate::site::Site;
use crate::theme::Theme;

/// What an editor can do about a collision with a generated file that can be turned off.
fn setting(job: Job) -> Option<&'static str> {
    match job {
        Job::Feed => Some("feed"),
        Job::Sitemap => Some("sitemap"),
        Job::Robots => Some("robots_txt"),
        Job::RosterShare { .. } | Job::NoticeCard(_) => Some("share_images"),
        j if j == Job::SearchPage || j.is_search_data() => Some("search"),
        _ => None,
    }
}

/// Who owns an output, as messages name it.
fn owner(job: Job, site: &Site, theme: &Theme) -> String {
    let roster_file = |r: usize| site.data.rosters.at(r).map_or("", |r| r.file.as_str());
    let entry_file = |e: &crate::site::Entry| e.doc.display.to_string_lossy().replace('\\', "/");
    match job {
        Job::Notice(i) => entry_file(&site.notices[i]),
        Job::Page(i) => entry_file(&site.pages[i]),
        Job::Copy(i) => format!("content/{}", site.content_files[i]),
        Job::Asset(i) => format!(
            "the theme's asset {}",
            theme.assets.keys().nth(i).map_or("", String::as_str)
        ),
        Job::Home => "the home page".into(),
        Job::Notices(page) => page.describe(),
        Job::NotFound => "the 404 page".into(),
        Job::Section { section, call } => {
            let owner = super::SECTIONS[section].owner;
            match call.and_then(|c| site.data.calls.at(c)) {
                Some(call) => format!("{owner} of call `{}`", call.id),
                None => owner.into(),
            }
        }
        Job::Rosters => "the list of rosters".into(),
        Job::Roster {
            roster,
            index: true,
            ..
        } => format!("the roster ({})", roster_file(roster)),
        Job::Roster { roster, year, .. } => {
            format!("the {year} roster round ({})", roster_file(roster))
        }
        Job::RosterCsv { roster, year } | Job::RosterJson { roster, year } => {
            format!("the {year} roster download ({})", roster_file(roster))
        }
        Job::Logo { .. } => "a unit logo (data/units.yaml)".into(),
        Job::RosterShare { roster, year, .. } => {
            format!("the {year} roster's share images ({})", roster_file(roster))
        }
        Job::NoticeCard(i) => format!("the share card of {}", entry_file(&site.notices[i])),
        Job::SiteLogo { .. } => "the site logo (data/site.yaml)".into(),
        Job::Feed => "the generated Atom feed".into(),
        Job::Sitemap => "the generated sitemap".into(),
        Job::Robots => "the generated robots.txt".into(),
        Job::Calendar(i) => format!("the calendar file of {}", entry_file(&site.notices[i])),
        Job::VCard(i) => format!(
            "the vCard of {} (data/contacts.yaml)",
            site.data
                .contacts
                .as_ref()
                .and_then(|c| c.people.get(i))
                .map_or("a contact", |p| p.name.as_str())
        ),
        Job::SearchPage | Job::SearchIndex | Job::SearchShard { .. } | Job::SearchDocs { .. } => {
            "the site search".into()
        }
    }
}

/// The error about `job`'s output, located at the source an editor controls; `other` is
/// the owner it collides with, or that reserves the folder (`inside`).
fn collision(job: Job, other: Job, inside: bool, site: &Site, message: String) -> Diagnostic {
    let hint = match (setting(other), inside) {
        (Some(key), _) => format!(
            "to publish your own, set `{key}: false` in data/site.yaml; otherwise rename or move this file"
        ),
        (None, true) => "move the file out of that folder".to_string(),
        (None, false) if matches!(job, Job::Copy(_)) => "rename or move the file".to_string(),
        (None, false) => "give one of them a different `slug:`".to_string(),
    };
    let d = match job {
        Job::Notice(i) | Job::Page(i) => {
            let entry = if matches!(job, Job::Notice(_)) {
                &site.notices[i]
            } else {
                &site.pages[i]
            };
            Diagnostic::error(&entry.doc.display, message).at_opt(entry.doc.locate("slug"))
        }
        Job::Copy(i) => Diagnostic::error(format!("content/{}", site.content_files[i]), message),
        _ => return Diagnostic::error("<bulletin>", format!("internal error: {message}")),
    };
    d.hint(hint)
}

/// Whether `job`'s output is the editor's (a document or a content file): only those may be
/// reported as the second owner of a path.
fn edited(job: Job) -> bool {
    matches!(job, Job::Notice(_) | Job::Page(_) | Job::Copy(_))
}

/// Whether `job`'s output sits beside a notice's page at a path made from the page's.
fn derived(job: Job) -> bool {
    matches!(job, Job::NoticeCard(_) | Job::Calendar(_))
}

/// Checks that every output path of `plan` has one owner.
pub(super) fn check(site: &Site, theme: &Theme, plan: &Plan) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::new();
    for file in &site.content_files {
        if OutputPath::new(file.as_str()).is_err() {
            errors.push(Diagnostic::error(
                format!("content/{file}"),
                "this file cannot be copied to the output",
            ));
        }
    }
    // Generated outputs claim first, so that a collision is reported at the editor's file;
    // among those, the later file by path.
    let source = |job: Job| match job {
        Job::Notice(i) => site.notices[i].doc.path.as_str(),
        Job::Page(i) => site.pages[i].doc.path.as_str(),
        Job::Copy(i) => site.content_files[i].as_str(),
        _ => "",
    };
    let (mut order, mut editors): (Vec<usize>, Vec<usize>) =
        (0..plan.outputs.len()).partition(|&i| !edited(plan.outputs[i].job));
    editors.sort_by_cached_key(|&i| source(plan.outputs[i].job));
    order.extend(editors);
    let mut owners: ahash::AHashMap<&str, Job> = ahash::AHashMap::with_capacity(plan.outputs.len());
    for i in order {
        let planned = &plan.outputs[i];
        let (job, path) = (planned.job, planned.route.path().as_str());
        let reserved = if !edited(job) {
            None
        } else if planned.route.is_under_assets() {
            Some((Job::Asset(0), format!("the theme's folder {ASSETS}")))
        } else if plan.search.is_some() && path.starts_with("search/") {
            Some((Job::SearchPage, owner(Job::SearchPage, site, theme)))
        } else {
            None
        };
        if let Some((other, name)) = reserved {
            let message = format!("`{path}` is inside a folder bulletin writes: {name}");
            errors.push(collision(job, other, true, site, message));
            continue;
        }
        match owners.get(path) {
            // Two notices at one address also share their card's and calendar's paths:
            // the collision of their pages is the one reported, at the editor's file.
            Some(&first) if derived(job) && derived(first) => {}
            Some(&first) => errors.push(collision(
                job,
                first,
                false,
                site,
                format!(
                    "two sources would write `{path}`: this file and {}",
                    owner(first, site, theme)
                ),
            )),
            None => {
                owners.insert(path, job);
            }
        }
    }
    // With precompression, `x.html` also owns `x.html.gz` and `x.html.br`.
    let precompress = &site.config.precompress;
    let compressed = plan.outputs.iter().filter(|planned| {
        !precompress.is_empty()
            && crate::output::compress::compressible(planned.route.path().as_str())
    });
    for planned in compressed {
        let path = planned.route.path().as_str();
        for encoding in precompress {
            let sibling = format!("{path}.{}", encoding.extension());
            if let Some(&other) = owners.get(sibling.as_str())
                && edited(other)
            {
                let d = collision(
                    other,
                    planned.job,
                    false,
                    site,
                    format!(
                        "`{sibling}` is the precompressed copy of {} (`precompress` in data/site.yaml)",
                        owner(planned.job, site, theme)
                    ),
                );
                errors.push(
                    d.hint("rename or move this file, or leave the encoding out of `precompress`"),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
