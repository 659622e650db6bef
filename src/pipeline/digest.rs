//! What each output depends on, as one number: an incremental rebuild renders an output
//! again exactly when its digest changed, so its result is the same as a full build's.
//! Only `serve`'s session uses digests.
//!
//! A digest hashes the inputs a page reads: the settings, the theme, the fixed "now", its own
//! document (by revision, not by text), the list items it shows, and the data when it uses
//! data. Documents that may embed data (shortcodes) or link to other documents are treated
//! conservatively: they depend on all data, or on every route.

use std::hash::{Hash, Hasher};

/// The hasher of digests: aHash, several times faster than SipHash over the many small
/// values a digest takes (a streaming XXH3 is slower still: it buffers every write).
/// Digests are compared only within one process, so a hasher whose output depends on the
/// machine is fine.
type Digester = ahash::AHasher;

use crate::content::Document;
use crate::output::OutputPath;
use crate::plan::{FEED_ENTRIES, HOME_LATEST, Job, ListPage, Plan};
use crate::site::{Entry, Site};

/// Fingerprints of the inputs that are not part of the site model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Inputs {
    /// Settings (site.yaml and command-line overrides).
    pub config: u64,
    /// Every template and asset.
    pub theme: u64,
    /// Every data file.
    pub data: u64,
    /// Every route (changes when a page is added, removed or moved).
    pub routes: u64,
    /// The main navigation (its entries' titles and targets), which every page shows.
    pub nav: u64,
}

/// The digest of `job`'s output at `path`.
pub fn digest(job: &Job, path: &OutputPath, site: &Site, plan: &Plan, inputs: &Inputs) -> u64 {
    let mut h = Digester::default();
    inputs.config.hash(&mut h);
    inputs.theme.hash(&mut h);
    inputs.nav.hash(&mut h);
    site.now.timestamp().hash(&mut h);
    std::mem::discriminant(job).hash(&mut h);
    path.hash(&mut h);
    let calls = || calls_fingerprint(site);
    match *job {
        Job::Notice(i) => {
            document(&site.notices[i], site, inputs, &mut h);
            item_opt(i.checked_sub(1).and_then(|p| site.notices.get(p)), &mut h);
            item_opt(site.notices.get(i + 1), &mut h);
        }
        Job::Page(i) => document(&site.pages[i], site, inputs, &mut h),
        Job::Home => {
            for notice in site.notices.iter().take(HOME_LATEST) {
                item(notice, &mut h);
            }
            inputs.data.hash(&mut h);
            calls().hash(&mut h);
            if let Some(intro) = &site.home_intro {
                document(intro, site, inputs, &mut h);
            }
        }
        // The notices the page shows, the shape of its list (its pages, the years with a
        // list) and, on the first page, the intro.
        Job::Notices(page) => {
            let lists = &plan.lists;
            for notice in &site.notices[lists.shown(page)] {
                item(notice, &mut h);
            }
            (lists.page_count(page.year), lists.notices(page.year).len()).hash(&mut h);
            lists.years().for_each(|y| y.hash(&mut h));
            if page == ListPage::FIRST
                && let Some(intro) = &site.notices_intro
            {
                document(intro, site, inputs, &mut h);
            }
        }
        Job::Section { section, call } => {
            (section, call, inputs.data, calls()).hash(&mut h);
        }
        Job::Roster {
            roster,
            year,
            index,
        } => (roster, year, index, inputs.data).hash(&mut h),
        Job::Rosters => inputs.data.hash(&mut h),
        // The path holds the content hash of the source and of the logo settings.
        Job::Logo { format, .. } | Job::SiteLogo { format } => format.hash(&mut h),
        // A theme asset changes with the theme; a copied file is read when it is served
        // or written, and its path is hashed above.
        Job::Asset(_) | Job::Copy(_) => {}
        Job::RosterCsv { roster, year } | Job::RosterJson { roster, year } => {
            (roster, year, inputs.data).hash(&mut h)
        }
        // The round's data and logos (files under data/), the settings (site title,
        // fonts) and the theme, hashed above. Drawing is cached by the SVG text, so a
        // picture whose text did not change is copied, not drawn.
        Job::RosterShare {
            roster,
            year,
            tier,
            part,
        } => (roster, year, tier, part, inputs.data).hash(&mut h),
        // What the card shows: title, date and deadline (the list facts), issuer or source,
        // the language, the call's deadline (data, calls) and the status against "now"
        // (hashed above). Not the body: editing it draws no card.
        Job::NoticeCard(i) => {
            let notice = &site.notices[i];
            facts(notice, &mut h);
            let front = &notice.doc.front;
            (&front.issuer, &front.source, &notice.language.tag).hash(&mut h);
            (inputs.data, calls()).hash(&mut h);
        }
        Job::NotFound | Job::Robots | Job::SearchPage => {}
        Job::Feed => {
            for notice in site.notices.iter().take(FEED_ENTRIES) {
                facts(notice, &mut h);
                notice.doc.front.tags.hash(&mut h);
                // Without a description, the summary is the start of the body.
                if notice.doc.front.description.is_none() {
                    document(notice, site, inputs, &mut h);
                }
            }
        }
        Job::Sitemap => {
            inputs.routes.hash(&mut h);
            inputs.data.hash(&mut h);
            for entry in site.notices.iter().chain(&site.pages) {
                entry.route.url_path().hash(&mut h);
                for date in [&entry.date, &entry.updated] {
                    date.as_ref().map(|d| d.timestamp()).hash(&mut h);
                }
            }
        }
        Job::Calendar(i) => facts(&site.notices[i], &mut h),
        Job::VCard(i) => (i, inputs.data).hash(&mut h),
        // The corpus fingerprint (made once by `plan`) covers every indexed document.
        Job::SearchIndex => (corpus(plan), inputs.data).hash(&mut h),
        Job::SearchShard { shard, positions } => {
            (shard, positions, corpus(plan), inputs.data).hash(&mut h)
        }
        Job::SearchDocs { file } => {
            file.hash(&mut h);
            let per = crate::search::DOCS_PER_FILE;
            for n in file as usize * per..(file as usize + 1) * per {
                match crate::plan::document_entry(site, n) {
                    Some(entry) => document(entry, site, inputs, &mut h),
                    // Roster units: which ones depends on how many documents come first.
                    None => {
                        (site.notices.len() + site.pages.len(), inputs.data).hash(&mut h);
                        break;
                    }
                }
            }
        }
    }
    h.finish()
}

/// The fingerprint of the indexed documents, when the site has search.
fn corpus(plan: &Plan) -> Option<u64> {
    plan.search.map(|s| s.corpus)
}

/// A document page: its source revision, and what its body may pull in.
fn document(entry: &Entry, site: &Site, inputs: &Inputs, h: &mut Digester) {
    let doc: &Document = &entry.doc;
    (&doc.path, doc.revision).hash(h);
    item(entry, h);
    // Its language and its other language versions (the switch and hreflang links).
    (&entry.language.tag, &entry.versions).hash(h);
    if doc.depends.data {
        inputs.data.hash(h);
        calls_fingerprint(site).hash(h);
    }
    if doc.depends.routes {
        inputs.routes.hash(h);
    }
}

/// What pages that show calls read of the model besides the data: which notice announces
/// each call (its list facts) and whether readers see it.
fn calls_fingerprint(site: &Site) -> u64 {
    let mut h = Digester::default();
    for call in &site.calls {
        let notice = call.notice.map(|i| site.notices[i].list_hash);
        (call.index, notice, call.visible).hash(&mut h);
    }
    h.finish()
}

/// What a list shows of an entry; returns the entry's own hash too.
fn item(entry: &Entry, h: &mut Digester) -> u64 {
    entry.list_hash.hash(h);
    entry.list_hash
}

/// What a feed entry or calendar file shows besides the list item: `updated`, and whether
/// the deadline has a time of day.
fn facts(entry: &Entry, h: &mut Digester) {
    item(entry, h);
    entry.updated.as_ref().map(|d| d.timestamp()).hash(h);
    entry.doc.front.deadline.map(|d| d.has_time()).hash(h);
}

fn item_opt(entry: Option<&Entry>, h: &mut Digester) {
    match entry {
        Some(e) => {
            item(e, h);
        }
        None => 0u64.hash(h),
    }
}

/// An order-independent fingerprint of every route of `site`.
pub fn routes_fingerprint(site: &Site) -> u64 {
    site.notices
        .iter()
        .chain(&site.pages)
        .map(|e| {
            let mut h = Digester::default();
            (&e.doc.path, e.route.url_path()).hash(&mut h);
            h.finish()
        })
        .fold(site.content_files.len() as u64, |acc, x| {
            acc ^ x.rotate_left(7).wrapping_add(x)
        })
}
