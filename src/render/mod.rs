//! Rendering the site model to output files: every page through its Tera template, in
//! parallel, plus the theme's assets and the copied content files.

mod calendar;
mod digest;
mod feeds;
mod hooks;
mod pages;
mod relative;
pub mod roster;
mod search;
mod shared;
pub mod theme;
pub mod views;

use rayon::prelude::*;

pub use digest::{Inputs, digest, routes as routes_fingerprint};
pub use theme::Theme;

use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::site::{OutputPath, Route, Site};
use pages::render_job;
use roster::{Order, round_path};
use shared::Shared;

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
    Roster {
        year: i32,
        index: bool,
    },
    NotFound,
    /// The Atom feed of notices.
    Feed,
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The deadline calendar file (`.ics`) of notice `i`.
    Calendar(usize),
    /// The vCard of contact person `i`.
    VCard(usize),
    /// The search page.
    SearchPage,
    /// The search manifest; `corpus` fingerprints the indexed documents.
    SearchIndex {
        corpus: u64,
    },
    /// One shard of the search index.
    SearchShard {
        shard: u32,
        corpus: u64,
    },
    /// One file of search documents (titles, URLs and meta lines of results).
    SearchDocs {
        file: u32,
    },
    /// The logo of unit `unit` (index in `data/units.yaml`), processed, in one format.
    Logo {
        unit: usize,
        format: crate::images::Format,
    },
    /// A round as CSV (`roster/roster-<year>.csv`).
    RosterCsv {
        year: i32,
    },
    /// A round as JSON (`roster/roster-<year>.json`).
    RosterJson {
        year: i32,
    },
}

impl Job {
    /// Whether the job writes part of the search index (built after the pages).
    pub fn is_search_data(&self) -> bool {
        matches!(
            self,
            Job::SearchIndex { .. } | Job::SearchShard { .. } | Job::SearchDocs { .. }
        )
    }
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
        for round in &ratings.rounds {
            let year = round.year;
            for (ext, job) in [
                ("csv", Job::RosterCsv { year }),
                ("json", Job::RosterJson { year }),
            ] {
                if !site.has_file(&roster::download_path(year, ext)) {
                    jobs.push(job);
                }
            }
        }
        jobs.extend(roster::logo_jobs(site));
    }
    jobs.extend(search::plan(site));
    for (path, job) in [
        (feeds::FEED_PATH, Job::Feed),
        (feeds::SITEMAP_PATH, Job::Sitemap),
        (feeds::ROBOTS_PATH, Job::Robots),
    ] {
        // A content file of the same name (say, a hand-written robots.txt) replaces it.
        if !site.has_file(path) {
            jobs.push(job);
        }
    }
    for (i, notice) in site.notices.iter().enumerate() {
        if calendar::ics_path(notice).is_some_and(|p| !site.has_file(&p)) {
            jobs.push(Job::Calendar(i));
        }
    }
    if let Some(contacts) = &site.data.contacts {
        jobs.extend((0..contacts.people.len()).map(Job::VCard));
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
        Job::SearchPage => Route::section(search::PAGE),
        _ => Route::file(file_path(job, site)),
    }
}

/// The output path of a job that writes a file rather than a page.
fn file_path(job: Job, site: &Site) -> OutputPath {
    let path = match job {
        Job::Feed => feeds::FEED_PATH.to_string(),
        Job::Sitemap => feeds::SITEMAP_PATH.to_string(),
        Job::Robots => feeds::ROBOTS_PATH.to_string(),
        Job::Calendar(i) => calendar::ics_path(&site.notices[i]).unwrap_or_default(),
        Job::VCard(i) => site
            .data
            .contacts
            .as_ref()
            .and_then(|c| calendar::vcard_paths(&c.people).into_iter().nth(i))
            .unwrap_or_default(),
        Job::SearchIndex { .. } => search::MANIFEST.to_string(),
        Job::SearchShard { shard, .. } => format!("search/s/{shard}.json"),
        Job::SearchDocs { file } => format!("search/d/{file}.json"),
        Job::Logo { unit, format } => roster::logo_path(site, unit, format),
        Job::RosterCsv { year } => roster::download_path(year, "csv"),
        Job::RosterJson { year } => roster::download_path(year, "json"),
        _ => String::new(),
    };
    // Slugs and names are checked or cleaned before they get here.
    OutputPath::new(path).expect("generated file paths are valid output paths")
}

/// Renders one job: a file made in code, or a page through its template.
fn render_one(
    job: Job,
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    order: &Order,
) -> Result<OutputFile, Vec<Diagnostic>> {
    let text = match job {
        Job::Feed => feeds::atom(site, |entry| {
            feed_summary(site, theme, shared, order, entry)
        }),
        Job::Sitemap => feeds::sitemap(site, &plan(site)),
        Job::Robots => feeds::robots(site),
        Job::Calendar(i) => calendar::ics(site, &site.notices[i]),
        Job::VCard(i) => {
            let contacts = site.data.contacts.as_ref();
            let person = contacts.and_then(|c| c.people.get(i));
            let email = contacts.and_then(|c| c.email.as_ref()).map(|e| e.as_str());
            person.map_or_else(String::new, |p| calendar::vcard(site, p, email))
        }
        Job::SearchIndex { .. } | Job::SearchShard { .. } | Job::SearchDocs { .. } => {
            search::output(job, shared.search.as_ref())
        }
        Job::Logo { .. } | Job::RosterCsv { .. } | Job::RosterJson { .. } => {
            return roster::render_file(job, site, &shared.logos, order);
        }
        _ => return render_job(job, site, theme, shared, order),
    };
    Ok(OutputFile::text(file_path(job, site), text))
}

/// A feed entry's summary: its description, else the start of its text.
fn feed_summary(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    order: &Order,
    entry: &crate::site::Entry,
) -> String {
    const CHARS: usize = 160;
    if let Some(d) = &entry.doc.front.description {
        return d.clone();
    }
    let text = pages::render_body(site, theme, entry, shared, order)
        .map(|r| search::html_to_text(&r.html))
        .unwrap_or_default();
    match text.char_indices().nth(CHARS) {
        Some((cut, _)) => format!("{}……", &text[..cut]),
        None => text,
    }
}

/// Renders `jobs` in parallel.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    progress: Option<&crate::Progress>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let collected = std::sync::Mutex::new(Vec::with_capacity(jobs.len()));
    render_pages_into(site, theme, jobs, progress, &|k, result| {
        collected
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((k, result));
    })?;
    let mut results = collected.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(k, _)| *k);
    let mut files = Vec::with_capacity(jobs.len());
    let mut errors = Vec::new();
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

/// What [`render_pages_into`] hands each finished job to: its index in `jobs` and its file
/// or errors. Called from many threads at once.
pub type Sink<'a> = dyn Fn(usize, Result<OutputFile, Vec<Diagnostic>>) + Sync + 'a;

/// Renders `jobs` in parallel and hands each result to `sink` as soon as it is ready, so
/// a build can write pages as they come instead of holding the whole site in memory.
/// Errors that stop rendering before any page (logos) are returned.
pub fn render_pages_into(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    progress: Option<&crate::Progress>,
    sink: &Sink<'_>,
) -> Result<(), Vec<Diagnostic>> {
    use crate::ProgressEvent;
    let tell = |event| {
        if let Some(p) = progress {
            (p.0)(event);
        }
    };
    tell(ProgressEvent::Start(jobs.len()));
    let order = Order::new(site.config.roster_order);
    let mut shared = Shared::new(site, theme);
    // Logos are decoded and encoded (in parallel) before the pages that show them.
    shared.logos = match roster::prepare_logos(site, jobs) {
        Ok(logos) => logos,
        Err(errors) => {
            tell(ProgressEvent::Finish);
            return Err(errors);
        }
    };
    let render = |shared: &Shared, k: usize| {
        let result = render_one(jobs[k], site, theme, shared, &order);
        tell(ProgressEvent::Advance);
        sink(k, result);
    };
    // Search files need the index, built from every document's text. Notices and pages
    // render in runs of consecutive documents, each run indexed as soon as its pages are
    // done (their texts do not wait for the whole site), alongside the other pages; then
    // the runs are merged and the search files written.
    if !jobs.iter().any(Job::is_search_data) {
        (0..jobs.len())
            .into_par_iter()
            .for_each(|k| render(&shared, k));
        tell(ProgressEvent::Finish);
        return Ok(());
    }
    let documents = site.notices.len() + site.pages.len();
    shared.texts = (0..documents).map(|_| Default::default()).collect();
    let mut page_jobs: Vec<Option<usize>> = vec![None; documents];
    for (k, job) in jobs.iter().enumerate() {
        match *job {
            Job::Notice(i) => page_jobs[i] = Some(k),
            Job::Page(i) => page_jobs[site.notices.len() + i] = Some(k),
            _ => {}
        }
    }
    let shards = search::shards(site);
    // Notices and pages are rendered, then indexed, a run at a time.
    let run = crate::search::run_len(documents);
    let runs: Vec<std::ops::Range<usize>> = (0..documents)
        .step_by(run)
        .map(|start| start..documents.min(start + run))
        .collect();
    let (mut indexed, ()) = rayon::join(
        || {
            runs.into_par_iter()
                .map(|range| {
                    for k in range.clone().filter_map(|n| page_jobs[n]) {
                        render(&shared, k);
                    }
                    search::index_range(site, theme, &shared, &order, range, shards)
                })
                .collect::<Vec<_>>()
        },
        || {
            jobs.par_iter()
                .enumerate()
                .filter(|(_, job)| {
                    !job.is_search_data() && !matches!(job, Job::Notice(_) | Job::Page(_))
                })
                .for_each(|(k, _)| render(&shared, k));
        },
    );
    indexed.push(search::index_units(site, shards));
    shared.search = Some(crate::search::Index::from_runs(indexed, shards));
    jobs.par_iter()
        .enumerate()
        .filter(|(_, job)| job.is_search_data())
        .for_each(|(k, _)| render(&shared, k));
    tell(ProgressEvent::Finish);
    Ok(())
}

/// The theme's assets and the copied content files.
pub fn static_files(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = Vec::with_capacity(theme.assets.len() + site.files.len());
    let mut errors = Vec::new();
    for (name, bytes) in &theme.assets {
        match OutputFile::bytes(&theme.asset_path(name), bytes.clone()) {
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
