//! Share images of the model: each round's roster pictures (one per tier, a long tier over
//! several) and each notice's card. This module makes their text from the site, asks
//! [`crate::share::layout`] where it goes, renders the layout through the theme's SVG
//! template (`share/roster.svg`, `share/notice.svg`) and has [`crate::share::raster`] draw
//! it, or find it in the cache.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tera::Context;

use super::Context as Cx;
use super::roster::{RosterCx, tier_units};
use super::views::status_key;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::{self, Format};
use crate::output::Contents;
use crate::plan::Job;
use crate::share::fonts::Script;
use crate::share::layout::{self, CardInput, LogoInput, RosterInput, UnitInput};
use crate::share::{Cache, Effort, FontError, Fonts, RasterError, raster};
use crate::site::Site;

/// What share images of one render share: the fonts, the cache and the counts.
pub(crate) struct ShareKit {
    fonts: Fonts,
    cache: Cache,
    drawn: AtomicUsize,
    cached: AtomicUsize,
}

/// Loads the fonts when `jobs` draw share images; no fonts is an error at the `fonts`
/// setting, before anything is rendered.
pub(crate) fn prepare(site: &Site, jobs: &[Job]) -> Result<Option<ShareKit>, Diagnostics> {
    if !jobs.iter().any(is_share) {
        return Ok(None);
    }
    let script = Script::of_language(&site.config.language);
    let fonts = Fonts::load(&site.config.fonts, script).map_err(|e| font_error(site, &e))?;
    Ok(Some(ShareKit {
        fonts,
        cache: Cache::new(&site.root),
        drawn: AtomicUsize::new(0),
        cached: AtomicUsize::new(0),
    }))
}

/// Whether `job` draws a share image.
pub(crate) fn is_share(job: &Job) -> bool {
    matches!(job, Job::RosterShare { .. } | Job::NoticeCard(_))
}

impl ShareKit {
    /// Prints how many pictures were drawn and how many came from the cache, with
    /// `BULLETIN_LOG=debug`.
    pub(crate) fn log(&self) {
        crate::console::debug(|| {
            format!(
                "share images: {} drawn, {} from the cache",
                self.drawn.load(Ordering::Relaxed),
                self.cached.load(Ordering::Relaxed)
            )
        });
    }
}

fn font_error(site: &Site, error: &FontError) -> Diagnostics {
    let hint = match error {
        FontError::NoSystemFont {
            script: Script::Chinese,
        } => {
            "install a Chinese font (Debian: `apt-get install fonts-noto-cjk` or `fonts-wqy-microhei`), or list font files under `fonts:` in data/site.yaml, or set `share_images: false`"
        }
        FontError::NoSystemFont {
            script: Script::Latin,
        } => {
            "install a font (Debian: `apt-get install fonts-noto-core` or `fonts-dejavu-core`; a Chinese font also has Latin letters), or list font files under `fonts:` in data/site.yaml, or set `share_images: false`"
        }
        FontError::NoScript {
            script: Script::Chinese,
            ..
        } => {
            "list a font with Chinese characters under `fonts:` (Noto Sans CJK SC, Source Han Sans SC or WenQuanYi Micro Hei), or set `share_images: false`"
        }
        FontError::NoScript {
            script: Script::Latin,
            ..
        } => {
            "list a font with Latin letters under `fonts:` (Noto Sans, DejaVu Sans, or a Chinese font), or set `share_images: false`"
        }
        FontError::Unnamed { .. } => {
            "use a font with complete names (every released font has them; a font made or subset by a tool may not), or drop it from `fonts:`"
        }
        FontError::NotAFont { .. } | FontError::Unreadable { .. } => {
            "list TrueType or OpenType files (.ttf, .otf, .ttc) or folders of them under `fonts:`"
        }
    };
    Diagnostic::error(crate::config::SITE_FILE, error.to_string())
        .at_opt(site.config.fonts.at.clone())
        .hint(hint)
        .into()
}

/// Makes a share image: a roster picture or a notice card.
pub(crate) fn render(job: Job, cx: &Cx<'_>) -> Result<Contents, Diagnostics> {
    let internal = super::internal;
    let kit = cx
        .shared
        .share
        .as_ref()
        .ok_or_else(|| internal("a share image without fonts"))?;
    let (template, ctx, effort, what) = match job {
        Job::RosterShare {
            roster,
            year,
            tier,
            part,
        } => {
            let (ctx, what) = roster_context(cx, kit, roster, year, tier, part)
                .ok_or_else(|| internal("a share image of a round that does not exist"))?;
            ("share/roster.svg", ctx, Effort::Small, what)
        }
        Job::NoticeCard(i) => {
            let (ctx, what) = card_context(cx, kit, i);
            ("share/notice.svg", ctx, Effort::Fast, what)
        }
        _ => return Err(internal("not a share image")),
    };
    let svg = cx.theme.render(template, &ctx, &what)?;
    let logos = |href: &str| -> Option<Arc<Vec<u8>>> {
        let key = href.strip_prefix(LOGO_SCHEME)?;
        match cx.shared.logos.contents(key, Format::Png)? {
            Contents::Bytes(bytes) => Some(Arc::new(bytes)),
            contents => contents.read().ok().map(|b| Arc::new(b.into_owned())),
        }
    };
    let drawn = raster::draw(&svg, &kit.fonts, &logos, effort, &kit.cache).map_err(|e| {
        let d = match &e {
            RasterError::Missing { .. } => Diagnostic::error(crate::config::SITE_FILE, e.to_string())
                .at_opt(cx.site.config.fonts.at.clone())
                .hint(format!(
                    "list a font that has it under `fonts:` in data/site.yaml (now: {}), or change the text",
                    kit.fonts.describe()
                )),
            RasterError::Svg(_) => Diagnostic::error(format!("templates/{template}"), e.to_string())
                .hint("the template must write one <svg> element with a width and a height"),
        };
        Diagnostics::from(d.context(what))
    })?;
    let counter = if drawn.drawn { &kit.drawn } else { &kit.cached };
    counter.fetch_add(1, Ordering::Relaxed);
    Ok(drawn.contents)
}

/// The theme's accent colour (its red), when the site sets no `brand_color`.
const THEME_ACCENT: &str = "#b3261e";

/// How a roster picture's `<image>` names a unit logo: `logo:<key>`.
const LOGO_SCHEME: &str = "logo:";

/// The template context of picture `part` of tier `tier` of a round.
fn roster_context(
    cx: &Cx<'_>,
    kit: &ShareKit,
    roster: usize,
    year: i32,
    tier: usize,
    part: usize,
) -> Option<(Context, String)> {
    let site = cx.site;
    let r = RosterCx::new(site, roster)?;
    let round = r.roster.round(year)?;
    let def = r.roster.tiers.at(tier)?;
    let units = tier_units(r, round, tier, cx.order(roster));
    let parts = layout::parts(units.len());
    let range = parts.get(part)?.clone();
    let shown = &units[range];
    let symbols = r.roster.symbols(tier);
    let heading = if symbols.is_empty() {
        def.name.clone()
    } else {
        format!("{symbols} {}", def.name)
    };
    // The pictures of a roster speak the site's language.
    let ui = site.interface.site();
    let mut subheading = ui.fill("share.count", &[("n", &units.len())]);
    if parts.len() > 1 {
        subheading.push_str(ui.text("share.separator"));
        subheading.push_str(&ui.fill(
            "share.part",
            &[("part", &(part + 1)), ("parts", &parts.len())],
        ));
    }
    let settings = site.config.logos;
    let input = RosterInput {
        title: &round.title,
        heading,
        subheading,
        units: shown
            .iter()
            .map(|unit| UnitInput {
                id: unit.id.as_str(),
                name: &unit.name,
                short: unit.short_name.as_deref().unwrap_or(&unit.name),
                logo: unit.logo_source.as_ref().map(|source| {
                    let (width, height) = images::fit(source.width, source.height, settings);
                    LogoInput {
                        href: format!("{LOGO_SCHEME}{}", images::key(source, settings)),
                        width,
                        height,
                    }
                }),
                example: unit.example,
            })
            .collect(),
        note: ui.text(r.order_mode().note_key()),
        remark: shown
            .iter()
            .any(|u| u.example)
            .then(|| ui.text("share.examples")),
        footer: &site.config.title,
    };
    let picture = layout::roster(&kit.fonts, &input);
    let mut ctx = base_context(cx, kit, ui);
    ctx.extend(Context::from_serialize(&picture).ok()?);
    ctx.insert(
        "roster",
        &serde_json::json!({ "key": r.roster.id.as_str(), "title": r.roster.title }),
    );
    ctx.insert("year", &year);
    ctx.insert(
        "tier",
        &serde_json::json!({
            "key": def.key.as_str(),
            "rank": tier + 1,
            "name": def.name,
            "short": def.short,
            "symbols": symbols,
            "count": units.len(),
            "part": part + 1,
            "parts": parts.len(),
        }),
    );
    let what = format!(
        "the share image {}/{} of tier `{}` of the {year} round of {}",
        part + 1,
        parts.len(),
        def.key,
        r.roster.file
    );
    Some((ctx, what))
}

/// The template context of notice `i`'s card.
fn card_context(cx: &Cx<'_>, kit: &ShareKit, i: usize) -> (Context, String) {
    let site = cx.site;
    let entry = &site.notices[i];
    let front = &entry.doc.front;
    let issuer = front
        .issuer
        .as_deref()
        .or(front.source.as_deref())
        .unwrap_or(&site.config.publisher);
    // A card speaks the language of its notice.
    let ui = &entry.language.ui;
    let separator = ui.text("share.separator");
    let byline = match &entry.date {
        Some(date) => format!("{issuer}{separator}{}", ui.date(date)),
        None => issuer.to_string(),
    };
    let (status_key, status) = match (&entry.deadline, entry.expired) {
        (Some(deadline), _) => {
            let key = status_key(deadline.status(&site.now));
            let date = ui.fill("share.deadline", &[("date", &deadline.shown(ui))]);
            let label = ui.text(&format!("status.{key}"));
            (Some(key), Some(format!("{label}{separator}{date}")))
        }
        (None, true) => (Some("expired"), Some(ui.text("status.expired").to_string())),
        (None, false) => (None, None),
    };
    let input = CardInput {
        site: &site.config.title,
        title: &front.title,
        byline,
        status,
    };
    let card = layout::card(&kit.fonts, &input);
    let mut ctx = base_context(cx, kit, ui);
    if let Ok(layout) = Context::from_serialize(&card) {
        ctx.extend(layout);
    }
    ctx.insert("status_key", &status_key);
    let what = format!("the share card of {}", entry.doc.display.display());
    (ctx, what)
}

/// What every share template sees besides its layout: the global context in the language
/// of `ui`, and the fonts.
fn base_context(cx: &Cx<'_>, kit: &ShareKit, ui: &crate::lang::Strings) -> Context {
    let mut ctx = cx.shared.globals(cx, ui).clone();
    super::pages::set_language(&mut ctx, ui.tag());
    let accent = cx.site.config.brand.as_ref().map(|b| b.accent.hex());
    ctx.insert("accent", accent.as_deref().unwrap_or(THEME_ACCENT));
    ctx.insert("font", &serde_json::json!({ "family": kit.fonts.family() }));
    ctx
}
