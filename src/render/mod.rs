//! Rendering the site model to output files: every page through its Tera template, in
//! parallel, plus the theme's assets and the copied content files.

mod digest;
mod hooks;
mod pages;
pub mod roster;
pub mod theme;
pub mod views;

use rayon::prelude::*;
use tera::{Context, Value};

pub use digest::{Inputs, digest, routes as routes_fingerprint};
pub use theme::Theme;

use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::site::{Route, Site};
use pages::{globals, render_job};
use roster::{Order, round_links, round_path, round_view};
use views::{ApplicationView, CallView, ContactsView};

/// How many notices the home page lists.
const HOME_LATEST: usize = 10;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Notices,
    Notice(usize),
    Page(usize),
    Guide,
    Apply,
    Contacts,
    Roster { year: i32, index: bool },
    NotFound,
}

/// Values shared by many pages, converted to template values once.
struct Shared {
    globals: Context,
    call: Option<Value>,
    application: Value,
    contacts: Option<Value>,
    current_round: Option<Value>,
    rounds: Value,
}

/// Renders every page and collects every file of the site. All errors are collected.
pub fn render(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = render_pages(site, theme, &plan(site), None)?;
    files.extend(static_files(site, theme)?);
    Ok(files)
}

/// Every page the site has, in a stable order.
pub fn plan(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::Notices, Job::NotFound];
    jobs.extend((0..site.notices.len()).map(Job::Notice));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    if site.data.call.is_some() {
        jobs.extend([Job::Guide, Job::Apply]);
    }
    if site.data.contacts.is_some() {
        jobs.push(Job::Contacts);
    }
    if let Some(ratings) = &site.data.ratings {
        let current = ratings.current().map(|r| r.year);
        jobs.extend(ratings.rounds.iter().map(|r| Job::Roster {
            year: r.year,
            index: false,
        }));
        jobs.extend(current.map(|year| Job::Roster { year, index: true }));
    }
    jobs
}

/// Where `job`'s page is written.
pub fn route(job: Job, site: &Site) -> Route {
    match job {
        Job::Notice(i) => site.notices[i].route.clone(),
        Job::Page(i) => site.pages[i].route.clone(),
        Job::Home => Route::home(),
        Job::Notices => Route::notices(),
        Job::Guide => Route::section("guide/"),
        Job::Apply => Route::section("apply/"),
        Job::Contacts => Route::section("contacts/"),
        Job::Roster { index: true, .. } => Route::section("roster/"),
        Job::Roster { year, .. } => Route::section(&round_path(year)),
        Job::NotFound => Route::not_found(),
    }
}

/// Renders `jobs` in parallel.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    progress: Option<&crate::Progress>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    use crate::ProgressEvent;
    let tell = |event| {
        if let Some(p) = progress {
            (p.0)(event);
        }
    };
    tell(ProgressEvent::Start(jobs.len()));
    let order = Order::new(site.config.roster_order);
    let current_call = site.current_call();
    let shared = Shared {
        globals: globals(site),
        call: site
            .data
            .call
            .as_ref()
            .map(|c| Value::from_serializable(&CallView::new(c, site))),
        application: Value::from_serializable(&ApplicationView::new(site, current_call)),
        contacts: site
            .data
            .contacts
            .as_ref()
            .map(|c| Value::from_serializable(&ContactsView::new(c))),
        current_round: site
            .data
            .ratings
            .as_ref()
            .and_then(|r| r.current())
            .map(|round| Value::from_serializable(&round_view(site, round, &order))),
        rounds: Value::from_serializable(&round_links(site)),
    };
    let results: Vec<Result<OutputFile, Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|job| {
            let result = render_job(*job, site, theme, &shared, &order);
            tell(ProgressEvent::Advance);
            result
        })
        .collect();
    tell(ProgressEvent::Finish);
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
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

/// The theme's assets and the copied content files.
pub fn static_files(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = Vec::with_capacity(theme.assets.len() + site.files.len());
    let mut errors = Vec::new();
    for (name, bytes) in &theme.assets {
        match OutputFile::bytes(&format!("assets/{name}"), bytes.clone()) {
            Ok(file) => files.push(file),
            Err(e) => errors.push(Diagnostic::error(format!("templates/assets/{name}"), e)),
        }
    }
    for file in &site.files {
        match OutputFile::copy(file, site_content_path(site, file)) {
            Ok(f) => files.push(f),
            Err(e) => errors.push(Diagnostic::error(format!("content/{file}"), e)),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

fn site_content_path(site: &Site, file: &str) -> std::path::PathBuf {
    site.root.join("content").join(file)
}
