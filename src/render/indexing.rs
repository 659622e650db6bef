//! Indexing while rendering: each notice and page leaves its text when its page renders,
//! runs of documents are indexed as soon as their pages are done, and the search files are
//! written as the merge makes them ([`crate::search`] builds it). What is indexed: notices,
//! pages and the roster's units, with what their pages show of them (dates as the page and
//! the lists write them, issuer, 发文字号, source, tags; a unit's kind and tier).

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::Context as Cx;
use super::pages::render_body;
use crate::content::DocKind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Contents;
use crate::plan::{Job, Plan, document_entry};
use crate::routes::Route;
use crate::search::{Builder, Doc, IndexFile, Run};
use crate::site::{Entry, Site};
use crate::time::short_datetime;

/// Renders `todo` (places in the plan), the search files last, from an index made of
/// every document's text. Notices and pages render in runs of consecutive documents, each
/// run indexed as soon as its pages are done (their texts do not wait for the whole
/// site), alongside the other outputs; then the runs are merged and each search file
/// handed to `one` as soon as it is made. With a `scratch` folder, the runs' postings wait
/// there (in an anonymous temporary file) for the merge. `one` renders an output, or takes
/// the contents made for it.
pub(super) fn render_with_index(
    cx: &Cx<'_>,
    todo: &[usize],
    scratch: Option<&Path>,
    one: &(dyn Fn(usize, Option<Result<Contents, Diagnostics>>) + Sync),
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
    let builder = match scratch {
        Some(dir) => Builder::spilling_into(search.shards, dir),
        None => Builder::new(search.shards),
    };
    let is_document = |k: &usize| matches!(plan.outputs[*k].job, Job::Notice(_) | Job::Page(_));
    rayon::join(
        || {
            runs.into_par_iter().for_each(|range| {
                for k in range.clone().filter_map(|n| page_of[n]) {
                    one(k, None);
                }
                builder.add(index_range(cx, range, search.shards));
            });
        },
        || {
            todo.par_iter()
                .filter(|k| !plan.outputs[**k].job.is_search_data() && !is_document(k))
                .for_each(|&k| one(k, None));
        },
    );
    builder.add(index_units(site, search.shards));
    write_index(builder, plan, todo, scratch, one);
}

/// Merges the index and hands each of its files in `todo` to `one` as it is made, the
/// manifest last.
fn write_index(
    builder: Builder,
    plan: &Plan,
    todo: &[usize],
    scratch: Option<&Path>,
    one: &(dyn Fn(usize, Option<Result<Contents, Diagnostics>>) + Sync),
) {
    // The place in the plan of each search file to write, and whether it was.
    let mut places: HashMap<IndexFile, (usize, AtomicBool)> = HashMap::new();
    let mut manifest = None;
    for &k in todo {
        let file = match plan.outputs[k].job {
            Job::SearchIndex => {
                manifest = Some(k);
                continue;
            }
            Job::SearchShard {
                shard,
                positions: false,
                ..
            } => IndexFile::Shard(shard as usize),
            Job::SearchShard {
                shard,
                positions: true,
                ..
            } => IndexFile::Positions(shard as usize),
            Job::SearchDocs { file } => IndexFile::Docs(file as usize),
            _ => continue,
        };
        places.insert(file, (k, AtomicBool::new(false)));
    }
    let made = builder.finish(&|file, text| {
        if let Some((k, done)) = places.get(&file) {
            done.store(true, Ordering::Relaxed);
            one(*k, Some(Ok(Contents::Text(text))));
        }
    });
    let failed = |e: &std::io::Error| -> Diagnostics {
        let place = scratch.unwrap_or(Path::new("search"));
        Diagnostic::error(
            place,
            format!("cannot read back the search index's temporary file: {e}"),
        )
        .hint("check the disk, then build again")
        .into()
    };
    // Files the index did not make (past its last shard or document): empty, or the error.
    for (file, (k, done)) in places {
        if !done.into_inner() {
            let empty = match file {
                IndexFile::Docs(_) => "[]",
                IndexFile::Shard(_) | IndexFile::Positions(_) => "{}",
            };
            let contents = match &made {
                Ok(_) => Ok(Contents::Text(empty.to_string())),
                Err(e) => Err(failed(e)),
            };
            one(k, Some(contents));
        }
    }
    if let Some(k) = manifest {
        one(
            k,
            Some(
                made.map(|m| Contents::Text(m.json()))
                    .map_err(|e| failed(&e)),
            ),
        );
    }
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
                    |_| {
                        let source = entry.doc.source();
                        source.map(|s| s.body().to_string()).unwrap_or_default()
                    },
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
            // Its places, then what else describes it, as a sentence of the site's language
            // (the text a result shows: "…(2025)。甲", "…(2025). Alpha").
            let end = ui.text("list.sentence_end");
            let text = format!(
                "{text}{end}{}{keywords}",
                crate::text::run_in_gap(end, &keywords)
            );
            docs.push(Doc {
                title: unit.name.clone(),
                url: format!("{}#unit-{}", round.url_path(), unit.id),
                meta: format!("{} · {}", roster.title, tier(year, rank)),
                text,
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
