//! Roster views: a round's units by tier, ordered the way Chinese readers expect
//! ([`crate::collation`]), with logos, each unit's change against the previous round and
//! its history; the units that left; the rosters of a site; and the round's downloads (in
//! `files.rs`). Tiers and kinds are the roster's data: nothing here names a programme's.

mod changes;
mod files;

use std::collections::HashMap;

use serde::Serialize;

pub use crate::collation::Order;
pub use changes::{Change, ChangeSummary, ChangeView, TierRef};
pub(crate) use files::{prepare_logos, render_file};

use super::views::url;
use crate::collation::Key;
use crate::config::RosterOrder;
use crate::data::{Roster, Round, Unit, UnitId};
use crate::images::{self, Format};
use crate::lang::Strings;
use crate::routes::Route;
use crate::share;
use crate::site::{Site, Standings};
use crate::time::DayBoundary;

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
pub struct HistoryItem<'a> {
    year: i32,
    tier: TierRef<'a>,
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
    kind: Option<&'a str>,
    kind_name: Option<&'a str>,
    /// The kind's place in the data's kinds, from 1 (the stylesheet's no-JS filter).
    kind_slot: Option<usize>,
    website: Option<&'a str>,
    region: Option<&'a str>,
    example: bool,
    logo: Option<LogoView>,
    logo_text: String,
    change: Option<ChangeView<'a>>,
    history: Vec<HistoryItem<'a>>,
}

/// One tier of a round.
#[derive(Debug, Clone, Serialize)]
pub struct TierView<'a> {
    key: &'a str,
    rank: usize,
    name: &'a str,
    short: &'a str,
    symbols: String,
    description: Option<&'a str>,
    count: usize,
    units: Vec<UnitView<'a>>,
}

/// A unit of the previous round that is not in this one.
#[derive(Debug, Clone, Serialize)]
pub struct LeftView<'a> {
    unit: UnitView<'a>,
    url: String,
    previous_tier: TierRef<'a>,
}

/// A kind of unit with its count in a round, for the kind filter.
#[derive(Debug, Clone, Serialize)]
pub struct KindCount<'a> {
    key: &'a str,
    name: &'a str,
    /// The kind's place in the data's kinds, from 1.
    slot: usize,
    count: usize,
}

/// Where a round's data can be downloaded.
#[derive(Debug, Clone, Serialize)]
pub struct Downloads {
    csv: String,
    json: String,
}

/// One share picture of a round: a tier, or one part of a long tier.
#[derive(Debug, Clone, Serialize)]
pub struct ShareLink<'a> {
    tier: &'a str,
    name: &'a str,
    short: &'a str,
    part: usize,
    parts: usize,
    url: String,
    width: u32,
    height: u32,
}

/// The share pictures of a round, tier by tier (none when `share_images` turns them off).
fn share_links<'a>(r: RosterCx<'a>, round: &Round) -> Vec<ShareLink<'a>> {
    if !r.site.config.share_images.rosters {
        return Vec::new();
    }
    let key = r.site.roster_key(r.index);
    let mut links = Vec::new();
    for (rank, tier) in r.roster.tiers.iter().enumerate() {
        let parts = share::layout::parts(round.tiers.get(rank).map_or(0, Vec::len));
        for (part, range) in parts.iter().enumerate() {
            let route = Route::roster_share(key, round.year, &tier.key, part + 1);
            links.push(ShareLink {
                tier: tier.key.as_str(),
                name: &tier.name,
                short: &tier.short,
                part: part + 1,
                parts: parts.len(),
                url: url(r.site, route.url_path()),
                width: share::layout::ROSTER_WIDTH,
                height: share::layout::roster_height(range.len()),
            });
        }
    }
    links
}

/// The roster a round belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct RosterRef<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    tier_label: &'a str,
    kind_label: &'a str,
}

/// A round, ready for the roster page and the `roster` shortcode.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView<'a> {
    roster: RosterRef<'a>,
    year: i32,
    url: String,
    title: &'a str,
    announced: Option<String>,
    is_current: bool,
    order: &'static str,
    order_note: &'a str,
    total: usize,
    tiers: Vec<TierView<'a>>,
    has_examples: bool,
    previous_year: Option<i32>,
    changes: Option<ChangeSummary>,
    left: Vec<LeftView<'a>>,
    kinds: Vec<KindCount<'a>>,
    downloads: Downloads,
    share_images: Vec<ShareLink<'a>>,
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

/// One roster of a site, ready for views: the roster, its place, its standings, and the
/// site.
#[derive(Clone, Copy)]
pub struct RosterCx<'a> {
    /// The site.
    pub site: &'a Site,
    /// The roster's place in `data.rosters`.
    pub index: usize,
    /// The roster.
    pub roster: &'a Roster,
    /// Its standings.
    pub standings: &'a Standings,
}

impl<'a> RosterCx<'a> {
    /// Roster `index` of `site`.
    pub fn new(site: &'a Site, index: usize) -> Option<Self> {
        Some(RosterCx {
            site,
            index,
            roster: site.data.rosters.at(index)?,
            standings: site.standings.get(index)?,
        })
    }

    /// The URL of the round of `year`.
    fn round_url(&self, year: i32) -> String {
        let key = self.site.roster_key(self.index);
        url(self.site, Route::roster_round(key, year).url_path())
    }

    /// The tier at `rank`, as changes and history name it.
    fn tier(&self, rank: usize) -> TierRef<'a> {
        TierRef::of(self.roster, rank)
    }

    /// The order of units within a tier.
    pub fn order_mode(&self) -> RosterOrder {
        self.roster.order.unwrap_or(self.site.config.roster_order)
    }
}

/// The units of the tier of rank `rank` of `round`, in page order.
pub(crate) fn tier_units<'a>(
    r: RosterCx<'a>,
    round: &Round,
    rank: usize,
    order: &Order,
) -> Vec<&'a Unit> {
    let Some(ids) = round.tiers.get(rank) else {
        return Vec::new();
    };
    let members: Vec<&Unit> = ids
        .iter()
        .filter_map(|id| r.site.data.units.get(id))
        .collect();
    sort_units(order, ids, members)
}

/// Builds the view of `round` of roster `r`, ordered by `order`, in the language of `ui`.
pub fn round_view<'a>(
    r: RosterCx<'a>,
    round: &'a Round,
    order: &Order,
    ui: &'a Strings,
) -> RoundView<'a> {
    let (site, roster) = (r.site, r.roster);
    let previous = r.standings.previous(round.year);
    let is_current = roster.current().is_some_and(|c| c.year == round.year);
    let mut summary = previous.map(|_| ChangeSummary::default());
    let mut kinds: HashMap<&crate::data::Key, usize> = HashMap::new();
    let tiers: Vec<TierView<'a>> = roster
        .tiers
        .iter()
        .enumerate()
        .map(|(rank, def)| {
            let members = tier_units(r, round, rank, order);
            let views: Vec<UnitView<'a>> = members
                .into_iter()
                .map(|unit| {
                    if let Some(kind) = &unit.kind {
                        *kinds.entry(kind).or_default() += 1;
                    }
                    let change = previous.map(|(year, tiers)| {
                        let change = Change::of(tiers.get(&unit.id).copied(), rank);
                        if let Some(s) = summary.as_mut() {
                            s.add(change);
                        }
                        ChangeView::new(change, roster, rank, year, ui)
                    });
                    let mut view = unit_view(r, unit, round.year);
                    view.change = change;
                    view
                })
                .collect();
            TierView {
                key: def.key.as_str(),
                rank: rank + 1,
                name: &def.name,
                short: &def.short,
                symbols: roster.symbols(rank),
                description: def.description.as_deref(),
                count: views.len(),
                units: views,
            }
        })
        .collect();
    let left = left_units(r, round, previous, order);
    if let Some(s) = summary.as_mut() {
        s.left = left.len();
    }
    let key = site.roster_key(r.index);
    let mode = r.order_mode();
    RoundView {
        roster: RosterRef {
            key: roster.id.as_str(),
            title: &roster.title,
            url: url(site, Route::roster(key).url_path()),
            tier_label: &roster.tier_label,
            kind_label: &roster.kind_label,
        },
        year: round.year,
        url: r.round_url(round.year),
        title: &round.title,
        announced: round
            .announced
            .map(|d| ui.date(&d.resolve(&site.config.timezone, DayBoundary::Start))),
        is_current,
        order: mode.key(),
        order_note: ui.text(mode.note_key()),
        total: tiers.iter().map(|t| t.count).sum(),
        has_examples: tiers.iter().any(|t| t.units.iter().any(|u| u.example)),
        tiers,
        previous_year: previous.map(|(y, _)| y),
        changes: summary,
        left,
        kinds: site
            .data
            .kinds
            .iter()
            .enumerate()
            .filter_map(|(i, k)| {
                kinds.get(&k.key).map(|&count| KindCount {
                    key: k.key.as_str(),
                    name: &k.name,
                    slot: i + 1,
                    count,
                })
            })
            .collect(),
        share_images: share_links(r, round),
        downloads: Downloads {
            csv: url(
                site,
                Route::roster_download(key, round.year, "csv").url_path(),
            ),
            json: url(
                site,
                Route::roster_download(key, round.year, "json").url_path(),
            ),
        },
    }
}

/// Units of the previous round that are not in `round`, by tier (highest first), then in
/// roster order.
fn left_units<'a>(
    r: RosterCx<'a>,
    round: &Round,
    previous: Option<(i32, &HashMap<UnitId, usize>)>,
    order: &Order,
) -> Vec<LeftView<'a>> {
    let Some((previous_year, previous)) = previous else {
        return Vec::new();
    };
    let now: std::collections::HashSet<&UnitId> = round.units().map(|(_, id)| id).collect();
    let mut by_rank: Vec<Vec<UnitId>> = vec![Vec::new(); r.roster.tiers.len()];
    for (id, &rank) in previous {
        if !now.contains(id) && rank < by_rank.len() {
            by_rank[rank].push(id.clone());
        }
    }
    let units = &r.site.data.units;
    let mut left = Vec::new();
    for (rank, mut ids) in by_rank.into_iter().enumerate() {
        ids.sort();
        let members: Vec<&Unit> = ids.iter().filter_map(|id| units.get(id)).collect();
        for unit in sort_units(order, &ids, members) {
            left.push(LeftView {
                url: format!("{}#unit-{}", r.round_url(previous_year), unit.id),
                unit: unit_view(r, unit, round.year),
                previous_tier: r.tier(rank),
            });
        }
    }
    left
}

fn unit_view<'a>(r: RosterCx<'a>, unit: &'a Unit, year: i32) -> UnitView<'a> {
    let site = r.site;
    let anchor = format!("unit-{}", unit.id);
    let history = r
        .standings
        .history(&unit.id)
        .iter()
        .map(|&(y, rank)| HistoryItem {
            year: y,
            tier: r.tier(rank),
            url: format!("{}#{anchor}", r.round_url(y)),
            current: y == year,
        })
        .collect();
    let kind = unit.kind.as_ref().and_then(|k| site.data.kinds.find(k));
    UnitView {
        id: unit.id.as_str(),
        anchor,
        name: &unit.name,
        short_name: unit.short_name.as_deref(),
        kind: kind.map(|(_, k)| k.key.as_str()),
        kind_name: kind.map(|(_, k)| k.name.as_str()),
        kind_slot: kind.map(|(i, _)| i + 1),
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

/// Every round of roster `r`, newest first, for the archive list.
pub fn round_links(r: RosterCx<'_>) -> Vec<RoundLink> {
    let current = r.roster.current().map(|c| c.year);
    r.roster
        .rounds
        .iter()
        .rev()
        .map(|round| RoundLink {
            year: round.year,
            url: r.round_url(round.year),
            is_current: Some(round.year) == current,
            total: round.total(),
        })
        .collect()
}

/// A roster in the list of a site's rosters.
#[derive(Debug, Clone, Serialize)]
pub struct RosterSummary<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    current: Option<RoundLink>,
    tiers: Vec<TierRef<'a>>,
}

/// Every roster of `site`, for the list of rosters and the home page.
pub fn roster_summaries(site: &Site) -> Vec<RosterSummary<'_>> {
    (0..site.data.rosters.len())
        .filter_map(|i| RosterCx::new(site, i))
        .map(|r| RosterSummary {
            key: r.roster.id.as_str(),
            title: &r.roster.title,
            url: url(site, Route::roster(site.roster_key(r.index)).url_path()),
            current: round_links(r).into_iter().next(),
            tiers: (0..r.roster.tiers.len()).map(|rank| r.tier(rank)).collect(),
        })
        .collect()
}
