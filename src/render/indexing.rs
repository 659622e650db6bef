//! Indexing while rendering: each notice and page leaves its text when its page renders,
//! runs of documents are indexed as soon as their pages are done, and the search files are
//! written from the merged index ([`crate::search`] builds it). What is indexed: notices,
//! pages and the roster's units, with what their pages show of them (dates as the page and
//! the lists write them, issuer, 发文字号, source, tags; a unit's kind and tier).

use rayon::prelude::*;

use super::Context as Cx;
use super::pages::render_body;
use crate::content::DocKind;
use crate::plan::{Job, document_entry};
use crate::routes::Route;
use crate::search::{Doc, Index, Run};
use crate::site::{Entry, Site};
use crate::time::short_datetime;

/// Renders `todo` (places in the plan), the search files last, from an index made of
/// every document's text. Notices and pages render in runs of consecutive documents, each
/// run indexed as soon as its pages are done (their texts do not wait for the whole
/// site), alongside the other outputs; then the runs are merged and the search files
/// rendered. `one` renders an output.
pub(super) fn render_with_index(
    cx: &Cx<'_>,
    todo: &[usize],
    one: &(dyn Fn(usize, Option<&Index>) + Sync),
) {
    let (site, plan) = (cx.site, cx.plan);
    let Some(search) = plan.search else {
        return;
    };
    let documents = search.documents;
    let mut page_of: Vec<Option<usize>> = vec![None; documents];
    for &k in todo {
        match plan.outputs[k].job {
            Job::Notice(i) => page_of[i] = Some(k),
            Job::Page(i) => page_of[site.notices.len() + i] = Some(k),
            _ => {}
        }
    }
    let run = crate::search::run_len(documents);
    let runs: Vec<std::ops::Range<usize>> = (0..documents)
        .step_by(run)
        .map(|start| start..documents.min(start + run))
        .collect();
    let is_document = |k: &usize| matches!(plan.outputs[*k].job, Job::Notice(_) | Job::Page(_));
    let (mut indexed, ()) = rayon::join(
        || {
            runs.into_par_iter()
                .map(|range| {
                    for k in range.clone().filter_map(|n| page_of[n]) {
                        one(k, None);
                    }
                    index_range(cx, range, search.shards)
                })
                .collect::<Vec<_>>()
        },
        || {
            todo.par_iter()
                .filter(|k| !plan.outputs[**k].job.is_search_data() && !is_document(k))
                .for_each(|&k| one(k, None));
        },
    );
    indexed.push(index_units(site, search.shards));
    let index = Index::from_runs(indexed, search.shards);
    todo.par_iter()
        .filter(|k| plan.outputs[**k].job.is_search_data())
        .for_each(|&k| one(k, Some(&index)));
}

/// Indexes notices and pages `range` (numbered notices first) for an index of `shards`
/// shards. Each takes the text its page left in `shared` when that page was rendered in
/// this render; the others are rendered here.
fn index_range(cx: &Cx<'_>, range: std::ops::Range<usize>, shards: usize) -> Run {
    let first = range.start;
    let docs = range
        .filter_map(|n| {
            let entry = document_entry(cx.site, n)?;
            // A body that fails to render is reported by its own page: index its source.
            let text = cx.shared.take_text(n).unwrap_or_else(|| {
                render_body(cx, entry).map_or_else(
                    |_| entry.doc.text[entry.doc.body_offset..].to_string(),
                    |r| crate::text::html_to_text(&r.html),
                )
            });
            Some(entry_doc(entry, text))
        })
        .collect();
    Run::index(first, docs, shards)
}

/// Indexes the roster's units, numbered after the notices and pages.
fn index_units(site: &Site, shards: usize) -> Run {
    let mut docs = Vec::new();
    // Roster by roster; in each, units in `units.yaml` order, with their places newest
    // first.
    for (r, roster) in site.data.rosters.iter().enumerate() {
        let standings = site.standings_of(r);
        let key = site.roster_key(r);
        let ui = site.interface.site();
        let tier = |year: i32, rank: usize| {
            let name = roster.tiers.at(rank).map_or("", |t| t.name.as_str());
            ui.fill("roster.year_tier", &[("year", &year), ("tier", &name)])
        };
        for unit in site
            .data
            .units
            .iter()
            .filter(|u| standings.is_listed(&u.id))
        {
            let places: Vec<(i32, usize)> =
                standings.history(&unit.id).iter().rev().copied().collect();
            let text = places
                .iter()
                .map(|(year, rank)| tier(*year, *rank))
                .collect::<Vec<_>>()
                .join(ui.text("list.semicolon"));
            let (year, rank) = places[0];
            let kind = unit.kind.as_ref().and_then(|k| site.data.kinds.get(k));
            let keywords = [
                unit.short_name.as_deref(),
                kind.map(|k| k.name.as_str()),
                unit.region.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            // What the unit is, under its name: ranked like its name, so a query for a
            // kind of unit or a tier finds the units before the notices that mention it.
            let mut labels: Vec<&str> = kind.map(|k| k.name.as_str()).into_iter().collect();
            for (_, rank) in &places {
                if let Some(t) = roster.tiers.at(*rank)
                    && !labels.contains(&t.name.as_str())
                {
                    labels.push(&t.name);
                }
            }
            let round = Route::roster_round(key, year);
            docs.push(Doc {
                title: unit.name.clone(),
                url: format!("{}#unit-{}", round.url_path(), unit.id),
                meta: format!("{} · {}", roster.title, tier(year, rank)),
                text: format!("{text}。{keywords}"),
                labels: labels.join(" "),
                keywords,
                has_page: false,
            });
        }
    }
    Run::index(site.notices.len() + site.pages.len(), docs, shards)
}

fn entry_doc(entry: &Entry, body: String) -> Doc {
    let front = &entry.doc.front;
    let ui = &entry.language.ui;
    let kind = match entry.doc.kind {
        DocKind::Notice => ui.text("search.kind_notice"),
        _ => ui.text("search.kind_page"),
    };
    let mut meta = vec![front.category.as_deref().unwrap_or(kind).to_string()];
    meta.extend(entry.date.as_ref().map(|d| ui.date(d)));
    // Dates as the page shows them (2025-01-22 10:51) and as lists and results do
    // (2025年1月22日), each on its own so no phrase runs from one into the next.
    let deadline = entry.deadline.as_ref().map(|d| d.shown(ui));
    let dates = [
        entry.date.as_ref().map(short_datetime),
        entry.date.as_ref().map(|d| ui.date(d)),
        entry.updated.as_ref().map(|d| ui.date(d)),
        deadline,
    ];
    let keywords = [
        front.description.as_deref(),
        front.category.as_deref(),
        front.doc_number.as_deref(),
        front.issuer.as_deref(),
        front.source.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(front.tags.iter().map(String::as_str))
    .chain(dates.iter().flatten().map(String::as_str))
    .collect::<Vec<_>>()
    .join(" ");
    let text = match &front.description {
        Some(d) => format!("{d} {body}"),
        None => body,
    };
    Doc {
        title: front.title.clone(),
        url: entry.route.url_path().to_string(),
        meta: meta.join(" · "),
        labels: String::new(),
        keywords,
        text,
        has_page: true,
    }
}

/// The text of a search file, from the index built for this render.
pub(super) fn output(job: Job, index: Option<&Index>) -> String {
    let Some(index) = index else {
        return String::new();
    };
    match job {
        Job::SearchIndex => index.manifest(),
        Job::SearchShard {
            shard,
            positions: false,
            ..
        } => index.shard(shard as usize),
        Job::SearchShard {
            shard,
            positions: true,
            ..
        } => index.positions(shard as usize),
        Job::SearchDocs { file } => index.doc_file(file as usize),
        _ => String::new(),
    }
}
