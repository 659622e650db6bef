//! Roster views: a round's units by tier, ordered the way Chinese readers expect
//! ([`crate::collation`]), with logos, each unit's change against the previous round and
//! its history; the units that left; and the round's downloads (in `files.rs`).

mod changes;
mod files;

use std::collections::HashMap;

use serde::Serialize;

pub use crate::collation::Order;
pub use changes::{Change, ChangeSummary, ChangeView};
pub(crate) use files::{prepare_logos, render_file};

use super::views::url;
use crate::collation::Key;
use crate::config::RosterOrder;
use crate::data::{Round, Stars, Unit, UnitId, UnitKind};
use crate::images::{self, Format};
use crate::routes::Route;
use crate::site::{Site, Standings};
use crate::time::{DayBoundary, chinese_date};

/// A processed logo, for `<picture>`.
#[derive(Debug, Clone, Serialize)]
pub struct LogoView {
    png: String,
    webp: String,
    width: u32,
    height: u32,
}

/// A unit's tier in one round.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryItem {
    year: i32,
    stars: u8,
    stars_label: &'static str,
    url: String,
    current: bool,
}

/// A unit in a roster.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView<'a> {
    id: &'a str,
    anchor: String,
    name: &'a str,
    short_name: Option<&'a str>,
    kind: &'static str,
    kind_name: &'static str,
    website: Option<&'a str>,
    region: Option<&'a str>,
    example: bool,
    logo: Option<LogoView>,
    logo_text: String,
    change: Option<ChangeView>,
    history: Vec<HistoryItem>,
}

/// One star tier of a round.
#[derive(Debug, Clone, Serialize)]
pub struct TierView<'a> {
    stars: u8,
    stars_text: String,
    stars_label: &'static str,
    name: &'a str,
    description: Option<&'a str>,
    count: usize,
    units: Vec<UnitView<'a>>,
}

/// A unit of the previous round that is not in this one.
#[derive(Debug, Clone, Serialize)]
pub struct LeftView<'a> {
    unit: UnitView<'a>,
    url: String,
    previous_stars: u8,
    previous_label: &'static str,
}

/// A kind of unit with its count in a round, for the kind filter.
#[derive(Debug, Clone, Serialize)]
pub struct KindCount {
    key: &'static str,
    name: &'static str,
    count: usize,
}

/// Where a round's data can be downloaded.
#[derive(Debug, Clone, Serialize)]
pub struct Downloads {
    csv: String,
    json: String,
}

/// A round, ready for the roster page and the `roster` shortcode.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView<'a> {
    year: i32,
    url: String,
    title: &'a str,
    announced: Option<String>,
    is_current: bool,
    order: &'static str,
    order_note: &'static str,
    total: usize,
    tiers: Vec<TierView<'a>>,
    has_examples: bool,
    previous_year: Option<i32>,
    changes: Option<ChangeSummary>,
    left: Vec<LeftView<'a>>,
    kinds: Vec<KindCount>,
    downloads: Downloads,
}

/// A round in the archive list.
#[derive(Debug, Clone, Serialize)]
pub struct RoundLink {
    year: i32,
    url: String,
    is_current: bool,
    total: usize,
}

/// How many characters of the (short) name stand in for a missing logo.
const LOGO_TEXT_CHARS: usize = 6;

/// The key of an order, as in `data/site.yaml`.
fn order_key(mode: RosterOrder) -> &'static str {
    match mode {
        RosterOrder::Pinyin => "pinyin",
        RosterOrder::Stroke => "stroke",
        RosterOrder::Manual => "manual",
    }
}

/// Sorts units of one tier: by collation key then id, or as listed (`manual`).
fn sort_units<'a>(order: &Order, listed: &[UnitId], units: Vec<&'a Unit>) -> Vec<&'a Unit> {
    if !order.collates() {
        let position: HashMap<&UnitId, usize> =
            listed.iter().enumerate().map(|(i, id)| (id, i)).collect();
        let mut units = units;
        units.sort_by_key(|u| position.get(&u.id).copied());
        return units;
    }
    let mut keyed: Vec<(Key, &Unit)> = units
        .into_iter()
        .map(|u| (order.key(&u.name, u.sort_as.as_deref()), u))
        .collect();
    keyed.sort_by(|a, b| {
        order
            .compare_keys(&a.0, &b.0)
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    keyed.into_iter().map(|(_, u)| u).collect()
}

/// Builds the view of `round`.
pub fn round_view<'a>(site: &'a Site, round: &'a Round, order: &Order) -> RoundView<'a> {
    let units = &site.data.units;
    let ratings = site.data.ratings.as_ref();
    let standings = &*site.standings;
    let previous = standings.previous(round.year);
    let is_current = ratings
        .and_then(|r| r.current())
        .is_some_and(|c| c.year == round.year);
    let mut summary = previous.map(|_| ChangeSummary::default());
    let mut kinds: HashMap<UnitKind, usize> = HashMap::new();
    let tiers: Vec<TierView<'a>> = round
        .tiers
        .iter()
        .rev()
        .map(|(stars, ids)| {
            let members: Vec<&Unit> = ids.iter().filter_map(|id| units.get(id)).collect();
            let members = sort_units(order, ids, members);
            let def = ratings.and_then(|r| r.tier(*stars));
            let views: Vec<UnitView<'a>> = members
                .into_iter()
                .map(|unit| {
                    *kinds.entry(unit.kind).or_default() += 1;
                    let change = previous.map(|(year, tiers)| {
                        let change = Change::of(tiers.get(&unit.id).copied(), *stars);
                        if let Some(s) = summary.as_mut() {
                            s.add(change);
                        }
                        ChangeView::new(change, *stars, year)
                    });
                    let mut view = unit_view(site, unit, standings, round.year);
                    view.change = change;
                    view
                })
                .collect();
            TierView {
                stars: stars.get(),
                stars_text: stars.symbols(),
                stars_label: stars.chinese(),
                name: def.map_or("", |d| d.name.as_str()),
                description: def.and_then(|d| d.description.as_deref()),
                count: views.len(),
                units: views,
            }
        })
        .collect();
    let left = left_units(site, round, previous, order, standings);
    if let Some(s) = summary.as_mut() {
        s.left = left.len();
    }
    RoundView {
        year: round.year,
        url: url(site, Route::roster_round(round.year).url_path()),
        title: &round.title,
        announced: round
            .announced
            .map(|d| chinese_date(&d.resolve(&site.config.timezone, DayBoundary::Start))),
        is_current,
        order: order_key(site.config.roster_order),
        order_note: site.config.roster_order.note(),
        total: tiers.iter().map(|t| t.count).sum(),
        has_examples: tiers.iter().any(|t| t.units.iter().any(|u| u.example)),
        tiers,
        previous_year: previous.map(|(y, _)| y),
        changes: summary,
        left,
        kinds: UnitKind::ALL
            .into_iter()
            .filter_map(|k| {
                kinds.get(&k).map(|&count| KindCount {
                    key: k.key(),
                    name: k.name(),
                    count,
                })
            })
            .collect(),
        downloads: Downloads {
            csv: url(site, Route::roster_download(round.year, "csv").url_path()),
            json: url(site, Route::roster_download(round.year, "json").url_path()),
        },
    }
}

/// Units of the previous round that are not in `round`, by tier (most stars first), then
/// in roster order.
fn left_units<'a>(
    site: &'a Site,
    round: &Round,
    previous: Option<(i32, &HashMap<UnitId, Stars>)>,
    order: &Order,
    standings: &Standings,
) -> Vec<LeftView<'a>> {
    let Some((previous_year, previous)) = previous else {
        return Vec::new();
    };
    let now: Vec<&UnitId> = round.tiers.values().flatten().collect();
    let mut by_stars: Vec<(Stars, Vec<UnitId>)> = Vec::new();
    for (id, stars) in previous {
        if now.contains(&id) {
            continue;
        }
        match by_stars.iter_mut().find(|(s, _)| s == stars) {
            Some((_, ids)) => ids.push(id.clone()),
            None => by_stars.push((*stars, vec![id.clone()])),
        }
    }
    by_stars.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
    let units = &site.data.units;
    let mut left = Vec::new();
    for (stars, mut ids) in by_stars {
        ids.sort();
        let members: Vec<&Unit> = ids.iter().filter_map(|id| units.get(id)).collect();
        for unit in sort_units(order, &ids, members) {
            left.push(LeftView {
                url: format!(
                    "{}#unit-{}",
                    url(site, Route::roster_round(previous_year).url_path()),
                    unit.id
                ),
                unit: unit_view(site, unit, standings, round.year),
                previous_stars: stars.get(),
                previous_label: stars.chinese(),
            });
        }
    }
    left
}

fn unit_view<'a>(site: &Site, unit: &'a Unit, standings: &Standings, year: i32) -> UnitView<'a> {
    let anchor = format!("unit-{}", unit.id);
    let history = standings
        .history(&unit.id)
        .iter()
        .map(|&(y, stars)| HistoryItem {
            year: y,
            stars: stars.get(),
            stars_label: stars.chinese(),
            url: format!("{}#{anchor}", url(site, Route::roster_round(y).url_path())),
            current: y == year,
        })
        .collect();
    UnitView {
        id: unit.id.as_str(),
        anchor,
        name: &unit.name,
        short_name: unit.short_name.as_deref(),
        kind: unit.kind.key(),
        kind_name: unit.kind.name(),
        website: unit.website.as_ref().map(|w| w.as_str()),
        region: unit.region.as_deref(),
        example: unit.example,
        logo: logo_view(site, unit),
        logo_text: unit
            .short_name
            .as_deref()
            .unwrap_or(&unit.name)
            .chars()
            .take(LOGO_TEXT_CHARS)
            .collect(),
        change: None,
        history,
    }
}

fn logo_view(site: &Site, unit: &Unit) -> Option<LogoView> {
    let source = unit.logo_source.as_ref()?;
    let settings = site.config.logos;
    let key = images::key(source, settings);
    let (width, height) = images::fit(source.width, source.height, settings);
    let at = |format: Format| url(site, Route::logo(&key, format.ext()).url_path());
    Some(LogoView {
        png: at(Format::Png),
        webp: at(Format::WebP),
        width,
        height,
    })
}

/// All rounds, newest first, for the archive list.
pub fn round_links(site: &Site) -> Vec<RoundLink> {
    let Some(ratings) = &site.data.ratings else {
        return Vec::new();
    };
    let current = ratings.current().map(|r| r.year);
    ratings
        .rounds
        .iter()
        .rev()
        .map(|r| RoundLink {
            year: r.year,
            url: url(site, Route::roster_round(r.year).url_path()),
            is_current: Some(r.year) == current,
            total: r.tiers.values().map(Vec::len).sum(),
        })
        .collect()
}
