//! The roster's files: processed unit logos, and each round as CSV and JSON.
//!
//! CSV (UTF-8 with BOM so Excel opens Chinese correctly, CRLF line ends) names its columns
//! with the roster's words for tiers and kinds (等级, 星级, 单位类型); the JSON schema is
//! documented in README.md ("Downloads"); its `schema` field names the version.

use std::collections::HashSet;

use serde::Serialize;

use super::{ChangeView, RosterCx, RoundView, TierRef, round_view};
use crate::config::LogoSettings;
use crate::data::Round;
use crate::diagnostics::Diagnostics;
use crate::images::{self, LogoSource, Prepared};
use crate::lang::Strings;
use crate::output::Contents;
use crate::plan::Job;
use crate::render::Context as Cx;
use crate::render::views::permalink;
use crate::routes::Route;
use crate::site::Site;
use crate::time::DayBoundary;

/// The version of the JSON download's schema.
pub const JSON_SCHEMA: &str = "bulletin.roster/2";

fn logo_source(site: &Site, unit: usize) -> Option<&LogoSource> {
    site.data.units.at(unit)?.logo_source.as_ref()
}

/// Processes (or finds in the cache) the logos that `jobs` write, before rendering: unit
/// logos in the site's logo box, the site's logo in its own.
pub(crate) fn prepare_logos(site: &Site, jobs: &[Job]) -> Result<Prepared, Diagnostics> {
    let mut seen = HashSet::new();
    let sources: Vec<(&LogoSource, LogoSettings)> = jobs
        .iter()
        .filter_map(|job| match job {
            Job::Logo { unit, .. } => logo_source(site, *unit).map(|s| (s, site.config.logos)),
            Job::SiteLogo { .. } => site.logo.as_ref().map(|s| (s, images::SITE_LOGO_BOX)),
            _ => None,
        })
        .filter(|(s, settings)| seen.insert(images::key(s, *settings)))
        .collect();
    if sources.is_empty() {
        return Ok(Prepared::default());
    }
    images::prepare(&site.root, &sources)
}

/// Makes a logo or a download.
pub(crate) fn render_file(job: Job, cx: &Cx<'_>) -> Result<Contents, Diagnostics> {
    let site = cx.site;
    let internal = crate::render::internal;
    let round = |roster: usize, year: i32| {
        let r = RosterCx::new(site, roster)
            .ok_or_else(|| internal("a download of a roster that does not exist"))?;
        let round = r
            .roster
            .round(year)
            .ok_or_else(|| internal("a download of a round that does not exist"))?;
        Ok::<_, Diagnostics>((r, round))
    };
    match job {
        Job::Logo { unit, format } => {
            let key = logo_source(site, unit)
                .map(|s| images::key(s, site.config.logos))
                .ok_or_else(|| internal("a logo job without a logo"))?;
            cx.shared
                .logos
                .contents(&key, format)
                .ok_or_else(|| internal("a logo that was not prepared"))
        }
        Job::SiteLogo { format } => {
            let key = site
                .logo
                .as_ref()
                .map(|s| images::key(s, images::SITE_LOGO_BOX))
                .ok_or_else(|| internal("a site logo job without a logo"))?;
            cx.shared
                .logos
                .contents(&key, format)
                .ok_or_else(|| internal("a site logo that was not prepared"))
        }
        // Downloads are in the site's language.
        Job::RosterCsv { roster, year } => {
            let (r, round) = round(roster, year)?;
            let ui = site.interface.site();
            let view = round_view(r, round, cx.order(roster), ui);
            Ok(Contents::Bytes(csv(r, &view, ui)))
        }
        Job::RosterJson { roster, year } => {
            let (r, round) = round(roster, year)?;
            let view = round_view(r, round, cx.order(roster), site.interface.site());
            Ok(Contents::Text(json(r, round, &view)))
        }
        _ => Err(internal("not a roster file")),
    }
}

/// The CSV download of a round: UTF-8 with BOM, one row per unit, columns named with the
/// roster's words for tiers and kinds.
fn csv(r: RosterCx<'_>, view: &RoundView<'_>, ui: &Strings) -> Vec<u8> {
    let (tier, kind) = (&r.roster.tier_label, &r.roster.kind_label);
    let mut bytes = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut bytes);
        let label = |key: &str| ui.fill(key, &[("label", tier)]);
        let header = [
            ui.text("csv.roster").to_string(),
            ui.text("csv.year").to_string(),
            tier.clone(),
            label("csv.tier_name"),
            label("csv.tier_rank"),
            label("csv.tier_key"),
            ui.text("csv.name").to_string(),
            ui.text("csv.short_name").to_string(),
            kind.clone(),
            ui.text("csv.region").to_string(),
            ui.text("csv.website").to_string(),
            ui.text("csv.change").to_string(),
            label("csv.previous_tier"),
            ui.text("csv.id").to_string(),
            ui.text("csv.note").to_string(),
        ];
        let example = ui.text("csv.example");
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&header);
        for t in &view.tiers {
            for unit in &t.units {
                let change = unit.change.as_ref();
                let from = previous_tier(change, t.short, |f| f.short);
                let _ = writer.write_record([
                    view.roster.title,
                    view.year.to_string().as_str(),
                    t.short,
                    t.name,
                    &t.rank.to_string(),
                    t.key,
                    unit.name,
                    unit.short_name.unwrap_or(""),
                    unit.kind_name.unwrap_or(""),
                    unit.region.unwrap_or(""),
                    unit.website.unwrap_or(""),
                    change.map_or("", |c| c.label),
                    from.unwrap_or(""),
                    unit.id,
                    if unit.example { example } else { "" },
                ]);
            }
        }
        let _ = writer.flush();
    }
    bytes
}

/// The tier a unit held in the previous round: its change's `from`, or its own tier when
/// unchanged; `None` for a new unit or the first round.
fn previous_tier<'a>(
    change: Option<&ChangeView<'a>>,
    own: &'a str,
    part: impl Fn(TierRef<'a>) -> &'a str,
) -> Option<&'a str> {
    let change = change?;
    match change.kind() {
        "unchanged" => Some(own),
        _ => change.from_tier().map(part),
    }
}

#[derive(Serialize)]
struct JsonRound<'a> {
    schema: &'static str,
    roster: JsonRoster<'a>,
    year: i32,
    title: &'a str,
    announced: Option<String>,
    order: &'static str,
    previous_year: Option<i32>,
    page: String,
    tiers: Vec<JsonTier<'a>>,
    kinds: Vec<JsonKind<'a>>,
    units: Vec<JsonUnit<'a>>,
    left: Vec<JsonLeft<'a>>,
}

#[derive(Serialize)]
struct JsonRoster<'a> {
    key: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonTier<'a> {
    key: &'a str,
    rank: usize,
    name: &'a str,
    short: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct JsonKind<'a> {
    key: &'a str,
    name: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct JsonUnit<'a> {
    id: &'a str,
    name: &'a str,
    short_name: Option<&'a str>,
    kind: Option<&'a str>,
    kind_name: Option<&'a str>,
    region: Option<&'a str>,
    website: Option<&'a str>,
    tier: &'a str,
    tier_rank: usize,
    change: Option<&'static str>,
    previous_tier: Option<&'a str>,
    example: bool,
    page: String,
}

#[derive(Serialize)]
struct JsonLeft<'a> {
    id: &'a str,
    name: &'a str,
    previous_tier: &'a str,
}

/// The JSON download of a round (schema [`JSON_SCHEMA`]).
fn json(r: RosterCx<'_>, round: &Round, view: &RoundView<'_>) -> String {
    let site = r.site;
    let key = site.roster_key(r.index);
    let page = permalink(site, Route::roster_round(key, view.year).url_path());
    let units = view
        .tiers
        .iter()
        .flat_map(|tier| {
            tier.units.iter().map(|unit| JsonUnit {
                id: unit.id,
                name: unit.name,
                short_name: unit.short_name,
                kind: unit.kind,
                kind_name: unit.kind_name,
                region: unit.region,
                website: unit.website,
                tier: tier.key,
                tier_rank: tier.rank,
                change: unit.change.as_ref().map(|c| c.kind()),
                previous_tier: previous_tier(unit.change.as_ref(), tier.key, |f| f.key),
                example: unit.example,
                page: format!("{page}#{}", unit.anchor),
            })
        })
        .collect();
    let data = JsonRound {
        schema: JSON_SCHEMA,
        roster: JsonRoster {
            key: r.roster.id.as_str(),
            title: &r.roster.title,
        },
        year: view.year,
        title: view.title,
        announced: round.announced.map(|d| {
            d.resolve(&site.config.timezone, DayBoundary::Start)
                .date()
                .to_string()
        }),
        order: view.order,
        previous_year: view.previous_year,
        page: page.clone(),
        tiers: view
            .tiers
            .iter()
            .map(|t| JsonTier {
                key: t.key,
                rank: t.rank,
                name: t.name,
                short: t.short,
                count: t.count,
            })
            .collect(),
        kinds: view
            .kinds
            .iter()
            .map(|k| JsonKind {
                key: k.key,
                name: k.name,
                count: k.count,
            })
            .collect(),
        units,
        left: view
            .left
            .iter()
            .map(|l| JsonLeft {
                id: l.unit.id,
                name: l.unit.name,
                previous_tier: l.previous_tier.key,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&data).unwrap_or_default();
    text.push('\n');
    text
}
