//! Roster views: a round's units by tier, ordered the way Chinese readers expect.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;
use serde::Serialize;

use super::views::url;
use crate::config::RosterOrder;
use crate::data::{Round, Unit, Units};
use crate::site::Site;
use crate::time::{DayBoundary, chinese_date};

/// Orders unit names within a tier.
pub struct Order {
    mode: RosterOrder,
    collator: Option<CollatorBorrowed<'static>>,
}

impl Order {
    /// An ordering for `mode` (ICU `zh` for pinyin, `zh-u-co-stroke` for strokes).
    pub fn new(mode: RosterOrder) -> Self {
        let locale = match mode {
            RosterOrder::Pinyin => Some("zh"),
            RosterOrder::Stroke => Some("zh-u-co-stroke"),
            RosterOrder::Manual => None,
        };
        let collator = locale.and_then(|tag| {
            let locale: Locale = tag.parse().ok()?;
            Collator::try_new(
                CollatorPreferences::from(&locale),
                CollatorOptions::default(),
            )
            .ok()
        });
        Order { mode, collator }
    }

    /// Compares two units: by `sort_as` or name, then by id so ties are stable.
    pub fn compare(&self, units: &Units, a: &Unit, b: &Unit) -> Ordering {
        match (&self.collator, self.mode) {
            (_, RosterOrder::Manual) | (None, _) => {
                units.position(&a.id).cmp(&units.position(&b.id))
            }
            (Some(collator), _) => {
                let key = |u: &'_ Unit| u.sort_as.clone().unwrap_or_else(|| u.name.clone());
                collator
                    .compare(&key(a), &key(b))
                    .then_with(|| a.id.cmp(&b.id))
            }
        }
    }
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

/// A round, ready for the roster page and the `roster` shortcode.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView<'a> {
    year: i32,
    url: String,
    title: &'a str,
    announced: Option<String>,
    is_current: bool,
    order_note: &'static str,
    total: usize,
    tiers: Vec<TierView<'a>>,
    has_examples: bool,
}

/// A round in the archive list.
#[derive(Debug, Clone, Serialize)]
pub struct RoundLink {
    year: i32,
    url: String,
    is_current: bool,
    total: usize,
}

/// The URL path of a round's page.
pub fn round_path(year: i32) -> String {
    format!("roster/{year}/")
}

/// Builds the view of `round`.
pub fn round_view<'a>(site: &'a Site, round: &'a Round, order: &Order) -> RoundView<'a> {
    let units = &site.data.units;
    let ratings = site.data.ratings.as_ref();
    let is_current = ratings
        .and_then(|r| r.current())
        .is_some_and(|c| c.year == round.year);
    let tiers: Vec<TierView<'a>> = round
        .tiers
        .iter()
        .rev()
        .map(|(stars, ids)| {
            let mut members: Vec<&Unit> = ids.iter().filter_map(|id| units.get(id)).collect();
            members.sort_by(|a, b| order.compare(units, a, b));
            let def = ratings.and_then(|r| r.tier(*stars));
            TierView {
                stars: stars.get(),
                stars_text: stars.symbols(),
                stars_label: stars.chinese(),
                name: def.map_or("", |d| d.name.as_str()),
                description: def.and_then(|d| d.description.as_deref()),
                count: members.len(),
                units: members.into_iter().map(unit_view).collect(),
            }
        })
        .collect();
    RoundView {
        year: round.year,
        url: url(site, &round_path(round.year)),
        title: &round.title,
        announced: round
            .announced
            .map(|d| chinese_date(&d.resolve(&site.config.timezone, DayBoundary::Start))),
        is_current,
        order_note: site.config.roster_order.note(),
        total: tiers.iter().map(|t| t.count).sum(),
        has_examples: tiers.iter().any(|t| t.units.iter().any(|u| u.example)),
        tiers,
    }
}

fn unit_view(unit: &Unit) -> UnitView<'_> {
    UnitView {
        id: unit.id.as_str(),
        anchor: format!("unit-{}", unit.id),
        name: &unit.name,
        short_name: unit.short_name.as_deref(),
        kind: unit.kind.key(),
        kind_name: unit.kind.name(),
        website: unit.website.as_ref().map(|w| w.as_str()),
        region: unit.region.as_deref(),
        example: unit.example,
    }
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
            url: url(site, &round_path(r.year)),
            is_current: Some(r.year) == current,
            total: r.tiers.values().map(Vec::len).sum(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_collation_is_not_code_point_order() {
        let order = Order::new(RosterOrder::Pinyin);
        let collator = order.collator.as_ref().unwrap();
        // 北 (běi) before 安 (ān) in code points, after it in pinyin.
        assert!('北' < '安' || '安' < '北');
        assert_eq!(collator.compare("安全", "北京"), Ordering::Less);
        assert_eq!(collator.compare("北京", "中国"), Ordering::Less);
        assert_eq!(collator.compare("中国", "阿里"), Ordering::Greater);
    }
}
