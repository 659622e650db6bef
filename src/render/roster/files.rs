//! The roster's files: processed unit logos, and each round as CSV and JSON.
//!
//! CSV columns (UTF-8 with BOM so Excel opens Chinese correctly, CRLF line ends):
//! 年度, 星级, 星级名称, 单位名称, 简称, 单位类型, 所在地区, 网站, 较上一轮, 上一轮星级,
//! 单位标识, 备注. The JSON schema is documented in README.md ("Downloads"); its `schema`
//! field names the version.

use std::collections::HashSet;

use serde::Serialize;

use super::{RoundView, round_view};
use crate::data::Round;
use crate::diagnostics::Diagnostics;
use crate::images::{self, LogoSource, Prepared};
use crate::output::Contents;
use crate::plan::Job;
use crate::render::Context as Cx;
use crate::render::views::permalink;
use crate::routes::Route;
use crate::site::Site;
use crate::time::DayBoundary;

/// The version of the JSON download's schema.
pub const JSON_SCHEMA: &str = "bulletin.roster/1";

fn logo_source(site: &Site, unit: usize) -> Option<&LogoSource> {
    site.data.units.at(unit)?.logo_source.as_ref()
}

/// Processes (or finds in the cache) the logos that `jobs` write, before rendering.
pub(crate) fn prepare_logos(site: &Site, jobs: &[Job]) -> Result<Prepared, Diagnostics> {
    let mut seen = HashSet::new();
    let sources: Vec<&LogoSource> = jobs
        .iter()
        .filter_map(|job| match job {
            Job::Logo { unit, .. } => logo_source(site, *unit),
            _ => None,
        })
        .filter(|s| seen.insert(images::key(s, site.config.logos)))
        .collect();
    if sources.is_empty() {
        return Ok(Prepared::default());
    }
    images::prepare(&site.root, &sources, site.config.logos)
}

/// Makes a logo or a download.
pub(crate) fn render_file(job: Job, cx: &Cx<'_>) -> Result<Contents, Diagnostics> {
    let (site, order) = (cx.site, &cx.order);
    let internal = crate::render::internal;
    let round = |year: i32| {
        site.data
            .ratings
            .as_ref()
            .and_then(|r| r.round(year))
            .ok_or_else(|| internal("a download of a round that does not exist"))
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
        Job::RosterCsv { year } => {
            let round = round(year)?;
            Ok(Contents::Bytes(csv(&round_view(site, round, order))))
        }
        Job::RosterJson { year } => {
            let round = round(year)?;
            let text = json(site, round, &round_view(site, round, order));
            Ok(Contents::Text(text))
        }
        _ => Err(internal("not a roster file")),
    }
}

/// The CSV download of a round: UTF-8 with BOM, one row per unit.
fn csv(view: &RoundView<'_>) -> Vec<u8> {
    let mut bytes = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut bytes);
        let header = [
            "年度",
            "星级",
            "星级名称",
            "单位名称",
            "简称",
            "单位类型",
            "所在地区",
            "网站",
            "较上一轮",
            "上一轮星级",
            "单位标识",
            "备注",
        ];
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(header);
        for tier in &view.tiers {
            for unit in &tier.units {
                let change = unit.change.as_ref();
                let from = change
                    .and_then(|c| c.from)
                    .or_else(|| change.filter(|c| c.kind == "unchanged").map(|_| tier.stars))
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                let _ = writer.write_record([
                    view.year.to_string().as_str(),
                    &tier.stars.to_string(),
                    tier.name,
                    unit.name,
                    unit.short_name.unwrap_or(""),
                    unit.kind_name,
                    unit.region.unwrap_or(""),
                    unit.website.unwrap_or(""),
                    change.map_or("", |c| c.label),
                    &from,
                    unit.id,
                    if unit.example { "示例数据" } else { "" },
                ]);
            }
        }
        let _ = writer.flush();
    }
    bytes
}

#[derive(Serialize)]
struct JsonRound<'a> {
    schema: &'static str,
    year: i32,
    title: &'a str,
    announced: Option<String>,
    order: &'static str,
    previous_year: Option<i32>,
    page: String,
    tiers: Vec<JsonTier<'a>>,
    units: Vec<JsonUnit<'a>>,
    left: Vec<JsonLeft<'a>>,
}

#[derive(Serialize)]
struct JsonTier<'a> {
    stars: u8,
    name: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct JsonUnit<'a> {
    id: &'a str,
    name: &'a str,
    short_name: Option<&'a str>,
    kind: &'static str,
    kind_name: &'static str,
    region: Option<&'a str>,
    website: Option<&'a str>,
    stars: u8,
    change: Option<&'static str>,
    previous_stars: Option<u8>,
    example: bool,
    page: String,
}

#[derive(Serialize)]
struct JsonLeft<'a> {
    id: &'a str,
    name: &'a str,
    previous_stars: u8,
}

/// The JSON download of a round (schema [`JSON_SCHEMA`]).
fn json(site: &Site, round: &Round, view: &RoundView<'_>) -> String {
    let page = permalink(site, Route::roster_round(view.year).url_path());
    let units = view
        .tiers
        .iter()
        .flat_map(|tier| {
            tier.units.iter().map(|unit| {
                let change = unit.change.as_ref();
                JsonUnit {
                    id: unit.id,
                    name: unit.name,
                    short_name: unit.short_name,
                    kind: unit.kind,
                    kind_name: unit.kind_name,
                    region: unit.region,
                    website: unit.website,
                    stars: tier.stars,
                    change: change.map(|c| c.kind),
                    previous_stars: change.and_then(|c| match c.kind {
                        "unchanged" => Some(tier.stars),
                        _ => c.from,
                    }),
                    example: unit.example,
                    page: format!("{page}#{}", unit.anchor),
                }
            })
        })
        .collect();
    let data = JsonRound {
        schema: JSON_SCHEMA,
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
                stars: t.stars,
                name: t.name,
                count: t.count,
            })
            .collect(),
        units,
        left: view
            .left
            .iter()
            .map(|l| JsonLeft {
                id: l.unit.id,
                name: l.unit.name,
                previous_stars: l.previous_stars,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&data).unwrap_or_default();
    text.push('\n');
    text
}
