//! Rendering the planned outputs: pages through their Tera templates, files made in code
//! (feeds, calendars, vCards, downloads, search data), processed logos, share images drawn
//! from SVG templates, the theme's assets and copied content files. Outputs render in parallel and go to a sink as soon as each is
//! made, so a build need not hold the site in memory. Where each output goes is the plan's
//! ([`crate::plan`]); this module only makes contents.

mod calendar;
mod feeds;
mod hooks;
mod indexing;
mod lines;
mod pages;
mod relative;
pub mod roster;
mod share;
mod shared;
mod vcard;
pub mod views;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Contents, OutputFile};
use crate::plan::{Job, Plan, Planned};
use crate::site::Site;
use crate::theme::Theme;
use roster::Order;
use shared::Shared;

/// A callback for progress: `Start(total)` once per render, then `Advance` per output.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(ProgressEvent) + Send + Sync>);

/// What [`Progress`] is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressEvent {
    /// Rendering starts with this many outputs.
    Start(usize),
    /// One more output is made.
    Advance,
    /// Rendering is over.
    Finish,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// What [`render`] hands each finished output to: its place in `plan.outputs` and its
/// file or errors. Called from many threads at once.
pub type Sink<'a> = dyn Fn(usize, Result<OutputFile, Diagnostics>) + Sync + 'a;

/// What rendering one output reads.
pub(crate) struct Context<'a> {
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) plan: &'a Plan,
    pub(crate) shared: Shared,
    /// The order of each roster's units (in the order of `data.rosters`).
    pub(crate) orders: Vec<Order>,
}

impl Context<'_> {
    /// The order of roster `roster`'s units.
    pub(crate) fn order(&self, roster: usize) -> &Order {
        &self.orders[roster]
    }
}

/// Renders the outputs `todo` (places in `plan.outputs`) and hands each to `sink`.
/// Errors that stop rendering before any output (unit logos that cannot be processed) are
/// returned; the others go to the sink with their output. `scratch` is a folder on the
/// output's file system where rendering may keep anonymous temporary files (the search
/// index's postings between its passes); without one, everything stays in memory.
pub fn render(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    todo: &[usize],
    scratch: Option<&std::path::Path>,
    progress: Option<&Progress>,
    sink: &Sink<'_>,
) -> Result<(), Diagnostics> {
    let tell = |event| {
        if let Some(p) = progress {
            (p.0)(event);
        }
    };
    tell(ProgressEvent::Start(todo.len()));
    let jobs: Vec<Job> = todo.iter().map(|&k| plan.outputs[k].job).collect();
    // Logos are decoded and encoded (in parallel) before the pages that show them.
    let logos = match roster::prepare_logos(site, &jobs) {
        Ok(logos) => logos,
        Err(errors) => {
            tell(ProgressEvent::Finish);
            return Err(errors);
        }
    };
    // Share images need fonts: none is an error before anything is rendered.
    let share = match share::prepare(site, &jobs) {
        Ok(share) => share,
        Err(errors) => {
            tell(ProgressEvent::Finish);
            return Err(errors);
        }
    };
    let cx = Context {
        site,
        theme,
        plan,
        shared: Shared::new(site, logos, share, jobs.iter().any(Job::is_search_data)),
        orders: orders(site),
    };
    // Renders output `k`, unless it was `made` already (a search file, by the index).
    let one = |k: usize, made: Option<Result<Contents, Diagnostics>>| {
        let planned = &plan.outputs[k];
        let contents = made.unwrap_or_else(|| render_one(planned, &cx));
        let result = contents.map(|contents| OutputFile {
            path: planned.route.path().clone(),
            contents,
        });
        tell(ProgressEvent::Advance);
        sink(k, result);
    };
    if jobs.iter().any(Job::is_search_data) {
        indexing::render_with_index(&cx, todo, scratch, &one);
    } else {
        todo.par_iter().for_each(|&k| one(k, None));
    }
    if let Some(share) = &cx.shared.share {
        share.log();
    }
    tell(ProgressEvent::Finish);
    Ok(())
}

/// Renders `todo` and returns the files in plan order, or every error.
pub fn render_files(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    todo: &[usize],
    progress: Option<&Progress>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let collected = std::sync::Mutex::new(Vec::with_capacity(todo.len()));
    render(site, theme, plan, todo, None, progress, &|k, result| {
        collected
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((k, result));
    })?;
    let mut results = collected.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(k, _)| *k);
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::new();
    for (_, result) in results {
        match result {
            Ok(file) => files.push(file),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// The body of one notice or page as its page shows it: Markdown rendered with links
/// resolved and shortcodes expanded, and its table of contents. For exports that restyle a
/// document rather than render its page (`crate::wechat`); its metadata (title, dates,
/// attachments, credits) is the entry's own.
pub fn document_body(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    entry: &crate::site::Entry,
) -> Result<crate::content::markdown::Rendered, Diagnostics> {
    let cx = Context {
        site,
        theme,
        plan,
        shared: Shared::new(site, Default::default(), None, false),
        orders: orders(site),
    };
    pages::render_body(&cx, entry)
}

/// The order of each roster of `site`, in roster order.
fn orders(site: &Site) -> Vec<Order> {
    site.data
        .rosters
        .iter()
        .map(|r| Order::new(r.order.unwrap_or(site.config.roster_order)))
        .collect()
}

/// Makes the contents of one output (search files excepted: the index makes them).
fn render_one(planned: &Planned, cx: &Context<'_>) -> Result<Contents, Diagnostics> {
    let site = cx.site;
    let text = match planned.job {
        Job::Feed => feeds::atom(site, |entry| feed_summary(cx, entry)),
        Job::Sitemap => feeds::sitemap(site, cx.plan),
        Job::Robots => feeds::robots(site),
        Job::Calendar(i) => calendar::ics(site, &site.notices[i]),
        Job::VCard(i) => {
            let contacts = site.data.contacts.as_ref();
            let person = contacts.and_then(|c| c.people.get(i));
            let email = contacts.and_then(|c| c.email.as_ref()).map(|e| e.as_str());
            person.map_or_else(String::new, |p| vcard::vcard(site, p, email))
        }
        Job::SearchIndex | Job::SearchShard { .. } | Job::SearchDocs { .. } => {
            return Err(internal("a search file rendered without its index"));
        }
        Job::Logo { .. }
        | Job::SiteLogo { .. }
        | Job::RosterCsv { .. }
        | Job::RosterJson { .. } => {
            return roster::render_file(planned.job, cx);
        }
        Job::RosterShare { .. } | Job::NoticeCard(_) => return share::render(planned.job, cx),
        Job::Asset(i) => {
            let bytes = cx.theme.assets.values().nth(i).cloned().unwrap_or_default();
            return Ok(Contents::Bytes(bytes));
        }
        Job::Copy(i) => {
            let file = &site.content_files[i];
            return Ok(Contents::Copy(site.root.join("content").join(file)));
        }
        _ => return pages::render_page(planned, cx),
    };
    Ok(Contents::Text(text))
}

/// A feed entry's summary: its description, else the start of its text.
fn feed_summary(cx: &Context<'_>, entry: &crate::site::Entry) -> String {
    const CHARS: usize = 160;
    if let Some(d) = &entry.doc.front.description {
        return d.clone();
    }
    let text = pages::render_body(cx, entry)
        .map(|r| crate::text::html_to_text(&r.html))
        .unwrap_or_default();
    match text.char_indices().nth(CHARS) {
        Some((cut, _)) => format!("{}……", &text[..cut]),
        None => text,
    }
}

/// An error that means bulletin itself is wrong, not the site.
fn internal(what: &str) -> Diagnostics {
    Diagnostic::error("<bulletin>", format!("internal error: {what}")).into()
}
