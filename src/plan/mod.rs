//! The plan: every output of a site, where it goes and what kind of file it is, decided
//! once per build (and once per update in `serve`) from the model and the theme.
//!
//! Every output path is claimed here, through the constructors of [`Route`]: pages,
//! feeds, calendars, vCards, downloads, logos, search files, the theme's assets and the
//! files copied from `content/`. Two outputs at one path are a located error naming both
//! ([`claims`]). Rendering, counting and `serve`'s digests all work from the plan.

mod claims;
mod lists;
mod nav;
mod search;
mod sections;

use crate::diagnostics::Diagnostics;
use crate::images;
use crate::output::OutputPath;
use crate::routes::Route;
use crate::share;
use crate::site::Site;
use crate::theme::Theme;

pub use lists::{ListPage, NoticeLists};
pub use nav::{NavEntry, NavLink, NavTitle, page_key};
pub use search::{SearchPlan, document_entry};
pub use sections::{SECTIONS, Section, Shows};

/// How many notices the home page lists.
pub const HOME_LATEST: usize = 10;

/// How many notices the feed carries (the newest).
pub const FEED_ENTRIES: usize = 50;

/// What one output is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    /// The home page.
    Home,
    /// A page of the notice list, or of one year's list.
    Notices(ListPage),
    /// Notice `i` (in `site.notices`).
    Notice(usize),
    /// Standalone page `i` (in `site.pages`).
    Page(usize),
    /// A page made from data alone: section `section` of [`SECTIONS`], for call `call`
    /// (its place in `site.calls`), or, for a section made per call, the list of calls.
    Section {
        /// The section.
        section: usize,
        /// The call it is about.
        call: Option<usize>,
    },
    /// A round of roster `roster` (its place in `data.rosters`); `index` is the current
    /// round's copy at the roster's own URL.
    Roster {
        /// The roster.
        roster: usize,
        /// The round's year.
        year: i32,
        /// Whether this is the roster's own page (its current round).
        index: bool,
    },
    /// The list of rosters, when the site has several.
    Rosters,
    /// The 404 page.
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
    /// The search manifest.
    SearchIndex,
    /// One shard of the search index: its postings, or its triples' postings with positions.
    SearchShard {
        /// The shard's number.
        shard: u32,
        /// Whether this is the shard's positions file.
        positions: bool,
    },
    /// One file of search documents (titles, URLs and meta lines of results).
    SearchDocs {
        /// The file's number.
        file: u32,
    },
    /// The logo of unit `unit` (index in `data/units.yaml`), processed, in one format.
    Logo {
        /// The unit.
        unit: usize,
        /// PNG or WebP.
        format: images::Format,
    },
    /// The site's logo (`logo` in `data/site.yaml`), processed, in one format.
    SiteLogo {
        /// PNG or WebP.
        format: images::Format,
    },
    /// A round as CSV.
    RosterCsv {
        /// The roster.
        roster: usize,
        /// The round's year.
        year: i32,
    },
    /// A round as JSON.
    RosterJson {
        /// The roster.
        roster: usize,
        /// The round's year.
        year: i32,
    },
    /// Picture `part` (from 0) of the tier of rank `tier` (from 0) of a round, for sharing.
    RosterShare {
        /// The roster.
        roster: usize,
        /// The round's year.
        year: i32,
        /// The tier's place, 0 for the highest.
        tier: usize,
        /// Which picture of the tier.
        part: usize,
    },
    /// The share card (Open Graph image) of notice `i`.
    NoticeCard(usize),
    /// Theme asset `i` (in the theme's asset order).
    Asset(usize),
    /// Content file `i` (in `site.content_files`), copied as it is.
    Copy(usize),
}

impl Job {
    /// Whether the job writes part of the search index (made after the pages it indexes).
    pub fn is_search_data(&self) -> bool {
        matches!(
            self,
            Job::SearchIndex | Job::SearchShard { .. } | Job::SearchDocs { .. }
        )
    }
}

/// What kind of file an output is, for counts and summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An HTML page.
    Page,
    /// A processed or drawn image (a unit logo, a share image).
    Image,
    /// Any other file: feeds, calendars, downloads, search data, assets, copies.
    File,
}

/// One output: what makes it, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// What it is made from.
    pub job: Job,
    /// Where it goes.
    pub route: Route,
    /// What kind of file it is.
    pub kind: Kind,
}

/// Every output of a site, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The outputs.
    pub outputs: Vec<Planned>,
    /// The search index's shape, when the site has search.
    pub search: Option<SearchPlan>,
    /// The main navigation.
    pub nav: Vec<NavEntry>,
    /// The pages of the notice lists.
    pub lists: NoticeLists,
    /// Warnings found while planning (a navigation entry the site does not have).
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

/// Counts of a plan's outputs by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// HTML pages.
    pub pages: usize,
    /// Processed images.
    pub images: usize,
    /// Every file.
    pub files: usize,
}

impl Plan {
    /// The plan of `site`, a model that differs from this plan's in documents' bodies only
    /// ([`Site::with_bodies`]): the same outputs, with the search index's fingerprint of
    /// the new texts. `None` when the index changes shape (its shard count follows the
    /// amount of text): plan again.
    pub fn with_bodies(&self, site: &Site) -> Option<Plan> {
        let search = match self.search {
            Some(old) => {
                let new = SearchPlan::new(site);
                let shape = |p: &SearchPlan| (p.shards, p.documents, p.units);
                (shape(&old) == shape(&new)).then_some(Some(new))?
            }
            None => None,
        };
        Some(Plan {
            search,
            ..self.clone()
        })
    }

    /// Plans every output of `site` with `theme`, and claims each path once.
    pub fn new(site: &Site, theme: &Theme) -> Result<Plan, Diagnostics> {
        let mut outputs = Vec::new();
        let mut add = |job: Job, route: Route| {
            let kind = match job {
                Job::Logo { .. }
                | Job::SiteLogo { .. }
                | Job::RosterShare { .. }
                | Job::NoticeCard(_) => Kind::Image,
                _ if crate::output::is_page(route.path().as_str()) => Kind::Page,
                _ => Kind::File,
            };
            outputs.push(Planned { job, route, kind });
        };
        let config = &site.config;
        add(Job::Home, Route::home());
        let lists = NoticeLists::new(site);
        for page in lists.pages() {
            add(Job::Notices(page), page.route());
        }
        add(Job::NotFound, Route::not_found());
        for (i, notice) in site.notices.iter().enumerate() {
            add(Job::Notice(i), notice.route.clone());
        }
        for (i, page) in site.pages.iter().enumerate() {
            add(Job::Page(i), page.route.clone());
        }
        for (s, section) in SECTIONS.iter().enumerate() {
            if !(section.present)(site) {
                continue;
            }
            if !section.per_call {
                let job = Job::Section {
                    section: s,
                    call: None,
                };
                add(job, (section.route)(None));
                continue;
            }
            if site.calls.len() > 1 {
                let job = Job::Section {
                    section: s,
                    call: None,
                };
                add(job, (section.route)(None));
            }
            for call in site.visible_calls() {
                let job = Job::Section {
                    section: s,
                    call: Some(call.index),
                };
                add(job, (section.route)(site.call_key(call.index)));
            }
        }
        let rosters = &site.data.rosters;
        if rosters.len() > 1 {
            add(Job::Rosters, Route::roster(None));
        }
        for (r, roster) in rosters.iter().enumerate() {
            let key = site.roster_key(r);
            for round in &roster.rounds {
                let job = Job::Roster {
                    roster: r,
                    year: round.year,
                    index: false,
                };
                add(job, Route::roster_round(key, round.year));
            }
            if let Some(current) = roster.current() {
                let job = Job::Roster {
                    roster: r,
                    year: current.year,
                    index: true,
                };
                add(job, Route::roster(key));
            }
            for round in &roster.rounds {
                let year = round.year;
                let csv = Job::RosterCsv { roster: r, year };
                add(csv, Route::roster_download(key, year, "csv"));
                let json = Job::RosterJson { roster: r, year };
                add(json, Route::roster_download(key, year, "json"));
            }
            if config.share_images.rosters {
                for round in &roster.rounds {
                    for (rank, tier) in roster.tiers.iter().enumerate() {
                        let count = round.tiers.get(rank).map_or(0, Vec::len);
                        for part in 0..share::layout::parts(count).len() {
                            let job = Job::RosterShare {
                                roster: r,
                                year: round.year,
                                tier: rank,
                                part,
                            };
                            add(
                                job,
                                Route::roster_share(key, round.year, &tier.key, part + 1),
                            );
                        }
                    }
                }
            }
        }
        if config.share_images.notices {
            for (i, notice) in site.notices.iter().enumerate() {
                add(Job::NoticeCard(i), Route::notice_card(&notice.route));
            }
        }
        if let Some(logo) = &site.logo {
            let key = images::key(logo, images::SITE_LOGO_BOX);
            for format in [images::Format::Png, images::Format::WebP] {
                add(Job::SiteLogo { format }, Route::logo(&key, format.ext()));
            }
        }
        for (unit, key) in logos(site) {
            for format in [images::Format::Png, images::Format::WebP] {
                add(Job::Logo { unit, format }, Route::logo(&key, format.ext()));
            }
        }
        let search = config.search.then(|| SearchPlan::new(site));
        if let Some(plan) = &search {
            add(Job::SearchPage, Route::search_page());
            add(Job::SearchIndex, Route::search_manifest());
            for shard in 0..plan.shards as u32 {
                for positions in [false, true] {
                    add(
                        Job::SearchShard { shard, positions },
                        Route::search_shard(shard, positions),
                    );
                }
            }
            for file in 0..plan.doc_files() as u32 {
                add(Job::SearchDocs { file }, Route::search_docs(file));
            }
        }
        if config.generate.feed {
            add(Job::Feed, Route::feed());
        }
        if config.generate.sitemap {
            add(Job::Sitemap, Route::sitemap());
        }
        if config.generate.robots_txt {
            add(Job::Robots, Route::robots());
        }
        for (i, notice) in site.notices.iter().enumerate() {
            if notice.deadline.is_some() {
                add(Job::Calendar(i), Route::calendar(&notice.route));
            }
        }
        if let Some(contacts) = &site.data.contacts {
            let names = contacts.people.iter().map(|p| p.name.as_str());
            for (i, route) in Route::vcards(names).into_iter().enumerate() {
                add(Job::VCard(i), route);
            }
        }
        for (i, name) in theme.assets.keys().enumerate() {
            if let Some(route) = Route::asset(&theme.published_name(name)) {
                add(Job::Asset(i), route);
            }
        }
        for (i, file) in site.content_files.iter().enumerate() {
            // Names that cannot be output paths are reported by the claims.
            if let Ok(path) = OutputPath::new(file.as_str()) {
                add(Job::Copy(i), Route::file(path));
            }
        }
        let (nav, warnings) = nav::resolve(site, &outputs)?;
        let plan = Plan {
            outputs,
            search,
            nav,
            lists,
            warnings,
        };
        claims::check(site, theme, &plan)?;
        Ok(plan)
    }

    /// Whether the plan has an output made by `job`.
    pub fn has(&self, job: Job) -> bool {
        self.outputs.iter().any(|p| p.job == job)
    }

    /// The counts of the plan's outputs.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            files: self.outputs.len(),
            ..Counts::default()
        };
        for planned in &self.outputs {
            match planned.kind {
                Kind::Page => counts.pages += 1,
                Kind::Image => counts.images += 1,
                Kind::File => {}
            }
        }
        counts
    }
}

/// One unit per distinct processed logo of the units that appear in a round, with the
/// logo's key (the same file serves every unit that uses it).
fn logos(site: &Site) -> Vec<(usize, String)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (index, unit) in site.data.units.iter().enumerate() {
        if !site.standings.iter().any(|s| s.is_listed(&unit.id)) {
            continue;
        }
        if let Some(source) = &unit.logo_source {
            let key = images::key(source, site.config.logos);
            if seen.insert(key.clone()) {
                out.push((index, key));
            }
        }
    }
    out
}
