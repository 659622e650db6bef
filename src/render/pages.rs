//! One page: its template context, its Markdown body, its HTML.

use serde::Serialize;
use tera::{Context, Value};

use super::Context as Cx;
use super::hooks::BodyHooks;
use super::roster::{RosterCx, roster_summaries, round_view};
use super::views::{CallSummary, NoticeItem, NoticeView, permalink, url};
use crate::content::{DocKind, Source};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lang::Strings;
use crate::output::Contents;
use crate::plan::{
    HOME_LATEST, Job, ListPage, NavLink, NavTitle, NoticeLists, Plan, Planned, SECTIONS, Shows,
    page_key,
};
use crate::routes::Route;
use crate::site::{CallState, DeadlineStatus, Entry, Language, Site};
use crate::theme::Theme;

/// The variables every template sees, in the language of `ui`.
pub(super) fn globals(site: &Site, theme: &Theme, plan: &Plan, ui: &Strings) -> Context {
    #[derive(Serialize)]
    struct NavItem<'a> {
        key: &'a str,
        title: &'a str,
        url: String,
    }
    let config = &site.config;
    let nav: Vec<NavItem> = plan
        .nav
        .iter()
        .map(|entry| NavItem {
            key: &entry.key,
            title: match &entry.title {
                NavTitle::Interface(key) => ui.text(key),
                NavTitle::Given(title) => title,
            },
            url: match &entry.link {
                NavLink::Output(k) => url(site, plan.outputs[*k].route.url_path()),
                NavLink::Url(u) => match u.strip_prefix('/') {
                    Some(path) => url(site, path),
                    None => u.clone(),
                },
            },
        })
        .collect();
    let registrations = &config.registrations;
    let police_code: Option<String> = registrations
        .public_security
        .as_ref()
        .map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|d| !d.is_empty());
    let asset = |name: &str| {
        Route::asset(&theme.published_name(name))
            .map_or_else(String::new, |r| url(site, r.url_path()))
    };
    // The site's logo, shown at half its pixel size (it is made at twice the size).
    let logo = site.logo.as_ref().map(|source| {
        let key = crate::images::key(source, crate::images::SITE_LOGO_BOX);
        let (width, height) =
            crate::images::fit(source.width, source.height, crate::images::SITE_LOGO_BOX);
        let file =
            |format: crate::images::Format| url(site, Route::logo(&key, format.ext()).url_path());
        serde_json::json!({
            "png": file(crate::images::Format::Png),
            "webp": file(crate::images::Format::WebP),
            "width": width.div_ceil(2),
            "height": height.div_ceil(2),
        })
    });
    let mut ctx = Context::new();
    ctx.insert(
        "site",
        &serde_json::json!({
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "base_url": config.base_url.as_str(),
            "base_path": config.base_path(),
            "publisher": config.publisher,
            "contact_email": config.contact_email,
            "feed_url": plan.has(Job::Feed).then(|| url(site, Route::feed().url_path())),
            "logo": logo,
            "brand_css": config.brand.as_ref().map(|b| b.css()),
            "registrations": {
                "icp": registrations.icp,
                "public_security": registrations.public_security,
                "public_security_code": police_code,
                "site_code": registrations.site_code,
            },
        }),
    );
    ctx.insert("nav", &nav);
    ctx.insert(
        "assets",
        &serde_json::json!({
            "css": asset("style.css"),
            "print_css": asset("print.css"),
            "js": asset("site.js"),
            "search_js": asset("search.js"),
            "favicon": asset("favicon.svg"),
            "files": theme
                .assets
                .keys()
                .map(|name| (name.clone(), asset(name)))
                .collect::<std::collections::BTreeMap<_, _>>(),
        }),
    );
    ctx.insert("build", &serde_json::json!({ "now": ui.date(&site.now) }));
    // The interface text, read by the `t` function (see crate::theme), and the language.
    ctx.insert_value("ui", Value::from_serializable(ui.texts()));
    set_language(&mut ctx, ui.tag());
    // A document's other language versions, for hreflang links (set by its page).
    ctx.insert("alternates", &Vec::<()>::new());
    ctx
}

/// Sets the language of what a template renders: `lang`, its tag, and `dir`, the direction
/// it is written in (`ltr`, or `rtl` for Arabic, Hebrew, …).
pub(super) fn set_language(ctx: &mut Context, tag: &str) {
    ctx.insert("lang", tag);
    ctx.insert("dir", crate::lang::direction(tag));
}

/// The context every page starts from; `language` is the page's.
fn page_context(
    cx: &Cx<'_>,
    language: &Language,
    (kind, nav_key): (&str, &str),
    title: &str,
    description: Option<&str>,
    route: &Route,
) -> Context {
    let site = cx.site;
    let mut ctx = cx.shared.globals(cx, &language.ui).clone();
    set_language(&mut ctx, &language.tag);
    ctx.insert("page_kind", kind);
    ctx.insert("nav_key", nav_key);
    ctx.insert("title", title);
    ctx.insert(
        "description",
        &description.or(site.config.description.as_deref()),
    );
    ctx.insert("url", &url(site, route.url_path()));
    ctx.insert("permalink", &permalink(site, route.url_path()));
    ctx.insert("og_image", &None::<()>);
    ctx
}

/// Pages a paginator links around the current one, on each side.
const PAGINATOR_WINDOW: usize = 2;

/// A list page's paginator: `{ page, pages, prev, next, links }`, where `links` holds the
/// first and last pages, the current one and its neighbours, and `{ gap: true }` between
/// pages that are not adjacent, so a list of 2,000 pages links a dozen.
fn paginator(site: &Site, lists: &NoticeLists, page: ListPage) -> serde_json::Value {
    let pages = lists.page_count(page.year);
    let link = |n: usize| url(site, Route::notice_list(page.year, n).url_path());
    let low = page.page.saturating_sub(PAGINATOR_WINDOW).max(1);
    let high = (page.page + PAGINATOR_WINDOW).min(pages);
    let mut shown: Vec<usize> = vec![1];
    shown.extend(low..=high);
    shown.push(pages);
    shown.dedup();
    let mut links = Vec::new();
    let mut last = 0;
    for n in shown {
        if n <= last {
            continue;
        }
        if n > last + 1 && last > 0 {
            links.push(serde_json::json!({ "gap": true }));
        }
        links.push(serde_json::json!({
            "number": n,
            "url": link(n),
            "current": n == page.page,
        }));
        last = n;
    }
    serde_json::json!({
        "page": page.page,
        "pages": pages,
        "prev": (page.page > 1).then(|| link(page.page - 1)),
        "next": (page.page < pages).then(|| link(page.page + 1)),
        "links": links,
    })
}

/// Renders a page through its template: a notice or page, or a generated page.
pub(super) fn render_page(planned: &Planned, cx: &Cx<'_>) -> Result<Contents, Diagnostics> {
    let (site, shared) = (cx.site, &cx.shared);
    let route = &planned.route;
    // Generated pages are in the site's language.
    let language = Language {
        tag: site.config.language.clone(),
        ui: std::sync::Arc::clone(site.interface.site()),
    };
    let ui: &Strings = &language.ui;
    let context = |kind: &str, nav_key: &str, title: &str| {
        page_context(cx, &language, (kind, nav_key), title, None, route)
    };
    let (template, ctx, what) = match planned.job {
        Job::Notice(i) | Job::Page(i) => {
            let notice = matches!(planned.job, Job::Notice(_));
            let entry = if notice {
                &site.notices[i]
            } else {
                &site.pages[i]
            };
            // A translation of a notice is laid out as a notice.
            let kind = if entry.doc.kind == DocKind::Notice {
                "notice"
            } else {
                "page"
            };
            let front = &entry.doc.front;
            let template = front
                .template
                .clone()
                .unwrap_or_else(|| format!("{kind}.html"));
            if !cx.theme.has(&template) {
                let d = Diagnostic::error(
                    &entry.doc.display,
                    format!("template `{template}` does not exist"),
                )
                .at_opt(entry.doc.locate("template"));
                return Err(d
                    .hint("put the template under templates/ or remove `template:`")
                    .into());
            }
            let nav_key = if entry.doc.kind == DocKind::Notice {
                "notices".to_string()
            } else {
                // A translation marks its original's entry.
                match &entry.translates {
                    Some(original) => format!("page:{}", original.url_path()),
                    None => page_key(entry),
                }
            };
            let mut ctx = page_context(
                cx,
                &entry.language,
                (kind, &nav_key),
                &front.title,
                front.description.as_deref(),
                route,
            );
            let source = entry.doc.source()?;
            let body = render_source(cx, entry, &source)?;
            let n = if notice { i } else { site.notices.len() + i };
            shared.leave_text(n, || crate::text::html_to_text(&body.html));
            let view = NoticeView::new(entry, site, body, source.body());
            ctx.insert("alternates", view.versions());
            ctx.insert("notice", &view);
            if notice && site.config.share_images.notices {
                let card = Route::notice_card(&entry.route);
                ctx.insert(
                    "og_image",
                    &serde_json::json!({
                        "url": permalink(site, card.url_path()),
                        "width": crate::share::layout::CARD_WIDTH,
                        "height": crate::share::layout::CARD_HEIGHT,
                        "alt": front.title,
                    }),
                );
            }
            if notice {
                let ui = &entry.language.ui;
                let prev = i.checked_sub(1).map(|p| &site.notices[p]);
                ctx.insert("prev", &prev.map(|n| NoticeItem::new(n, site, ui)));
                let next = site.notices.get(i + 1);
                ctx.insert("next", &next.map(|n| NoticeItem::new(n, site, ui)));
            } else if entry.doc.kind == DocKind::Notice {
                // A translation of a notice: no neighbours in another language.
                ctx.insert("prev", &Value::none());
                ctx.insert("next", &Value::none());
            }
            let what = entry.doc.display.to_string_lossy().into_owned();
            (template, ctx, what)
        }
        Job::Home => {
            let mut ctx = context("home", "home", &site.config.title);
            let calls: Vec<_> = site
                .open_calls()
                .into_iter()
                .map(|c| CallSummary::new(c, site, ui))
                .collect();
            ctx.insert("calls", &calls);
            let latest = site.notices.iter().take(HOME_LATEST);
            ctx.insert(
                "latest",
                &latest
                    .map(|n| NoticeItem::new(n, site, ui))
                    .collect::<Vec<_>>(),
            );
            ctx.insert_value("roster", shared.current_round(site, 0, &cx.orders, ui));
            ctx.insert("rosters", &roster_summaries(site));
            ctx.insert_value("application", only_application(cx));
            ctx.insert("intro", &intro(cx, site.home_intro.as_ref())?);
            ("index.html".into(), ctx, "the home page".into())
        }
        Job::Notices(page) => {
            let lists = &cx.plan.lists;
            let mut title = match page.year {
                None => ui.text("nav.notices").to_string(),
                Some(year) => ui.fill("notices.year_title", &[("year", &year)]),
            };
            if page.page > 1 {
                title = ui.fill(
                    "notices.page_title",
                    &[("title", &title), ("page", &page.page)],
                );
            }
            let mut ctx = context("notices", "notices", &title);
            let mut years: Vec<serde_json::Value> = Vec::new();
            for notice in &site.notices[lists.shown(page)] {
                let year = notice.date.as_ref().map_or(0, |d| d.year());
                let item =
                    serde_json::to_value(NoticeItem::new(notice, site, ui)).unwrap_or_default();
                match years.last_mut() {
                    Some(last) if last["year"] == year => last["notices"]
                        .as_array_mut()
                        .into_iter()
                        .for_each(|a| a.push(item.clone())),
                    _ => years.push(serde_json::json!({ "year": year, "notices": [item] })),
                }
            }
            ctx.insert("years", &years);
            ctx.insert("year", &page.year);
            ctx.insert("total", &lists.notices(page.year).len());
            let archive: Vec<serde_json::Value> = lists
                .years()
                .map(|(year, count)| {
                    let route = Route::notice_list(Some(year), 1);
                    serde_json::json!({
                        "year": year,
                        "count": count,
                        "url": url(site, route.url_path()),
                        "current": page.year == Some(year),
                    })
                })
                .collect();
            ctx.insert("archive", &archive);
            ctx.insert("all_url", &url(site, Route::notices().url_path()));
            ctx.insert("paginator", &paginator(site, lists, page));
            let intro = if page == ListPage::FIRST {
                intro(cx, site.notices_intro.as_ref())?
            } else {
                None
            };
            ctx.insert("intro", &intro);
            ("notices.html".into(), ctx, page.describe())
        }
        Job::Section { section, call } => {
            let section = &SECTIONS[section];
            let title = ui.text(&format!("nav.{}", section.key));
            let mut ctx = context(section.key, section.key, title);
            if section.per_call && call.is_none() {
                // The list of calls, at the section's base path: open ones first.
                let mut calls: Vec<&CallState> = site.visible_calls().collect();
                calls.sort_by_key(|c| {
                    let closed = c.status(site) == DeadlineStatus::Closed;
                    (closed, c.deadline.at.clone())
                });
                let calls: Vec<_> = calls
                    .into_iter()
                    .map(|c| CallSummary::new(c, site, ui))
                    .collect();
                ctx.insert("calls", &calls);
                ctx.insert("section", section.key);
                let what = format!("the list of calls at {}", route.url_path());
                return finish(cx, route, "calls.html", &ctx, &what);
            }
            for shows in section.shows {
                let (name, value) = match (shows, call) {
                    (Shows::Call, Some(c)) => ("call", shared.call(site, c, ui)),
                    (Shows::Call, None) => ("call", Value::none()),
                    (Shows::Application, Some(c)) => {
                        ("application", shared.application(site, c, ui))
                    }
                    (Shows::Application, None) => ("application", only_application(cx)),
                    (Shows::Contacts, _) => {
                        let contacts = shared.contacts(site);
                        ("contacts", contacts.unwrap_or(Value::none()))
                    }
                };
                ctx.insert_value(name, value);
            }
            let what = format!("the {} page", section.key);
            (format!("{}.html", section.key), ctx, what)
        }
        Job::Roster {
            roster,
            year,
            index,
        } => {
            let Some(r) = RosterCx::new(site, roster) else {
                return Err(super::internal(
                    "a roster page of a roster that does not exist",
                ));
            };
            let Some(round) = r.roster.round(year) else {
                return Err(super::internal(
                    "a roster page of a round that does not exist",
                ));
            };
            let mut ctx = context("roster", "roster", &round.title);
            // The current round shows on the home page, the roster's page and its own
            // year's page: its view is made once.
            if r.roster.current().is_some_and(|c| c.year == year) {
                let current = shared.current_round(site, roster, &cx.orders, ui);
                ctx.insert_value("round", current);
            } else {
                ctx.insert("round", &round_view(r, round, cx.order(roster), ui));
            }
            ctx.insert_value("rounds", shared.rounds(site, roster));
            let what = if index {
                format!("the current round of {}", r.roster.file)
            } else {
                format!("the {year} round of {}", r.roster.file)
            };
            ("roster.html".into(), ctx, what)
        }
        Job::Rosters => {
            let mut ctx = context("rosters", "roster", ui.text("nav.rosters"));
            ctx.insert("rosters", &roster_summaries(site));
            ("rosters.html".into(), ctx, "the list of rosters".into())
        }
        Job::SearchPage => {
            let mut ctx = context("search", "search", ui.text("nav.search"));
            ctx.insert("index_url", &url(site, Route::search_manifest().url_path()));
            ("search.html".into(), ctx, "the search page".into())
        }
        Job::NotFound => {
            let ctx = context("404", "", ui.text("nav.not_found"));
            ("404.html".into(), ctx, "the 404 page".into())
        }
        // Files made in code (feeds, calendars, search data) never reach here.
        other => return Err(super::internal(&format!("{other:?} has no template"))),
    };
    finish(cx, route, &template, &ctx, &what)
}

/// The application facts of the site's one call, when it has exactly one.
fn only_application(cx: &Cx<'_>) -> Value {
    let site = cx.site;
    let mut calls = site.visible_calls();
    match (calls.next(), calls.next(), site.calls.len()) {
        (Some(call), None, 1) => cx
            .shared
            .application(site, call.index, site.interface.site()),
        _ => Value::none(),
    }
}

/// Renders `template` with `ctx` for the page at `route`.
fn finish(
    cx: &Cx<'_>,
    route: &Route,
    template: &str,
    ctx: &Context,
    what: &str,
) -> Result<Contents, Diagnostics> {
    let site = cx.site;
    let html = cx.theme.render_bytes(template, ctx, what)?;
    if site.config.relative_urls {
        // Templates write valid UTF-8 from valid strings.
        let text = String::from_utf8(html).unwrap_or_default();
        let page = route.path().as_str();
        let text = super::relative::relativize(&text, page, site.config.base_path());
        return Ok(Contents::Text(text));
    }
    Ok(Contents::Bytes(html))
}

/// Renders a section introduction's Markdown, if there is one.
fn intro(cx: &Cx<'_>, entry: Option<&Entry>) -> Result<Option<String>, Diagnostics> {
    entry
        .map(|e| render_body(cx, e).map(|r| r.html))
        .transpose()
}

/// Renders `entry`'s Markdown body, with its links resolved and its shortcodes expanded
/// (reading its file again).
pub(super) fn render_body(
    cx: &Cx<'_>,
    entry: &Entry,
) -> Result<crate::content::markdown::Rendered, Diagnostics> {
    render_source(cx, entry, &entry.doc.source()?)
}

/// Renders the Markdown body of `source`, `entry`'s text.
fn render_source(
    cx: &Cx<'_>,
    entry: &Entry,
    source: &Source,
) -> Result<crate::content::markdown::Rendered, Diagnostics> {
    let hooks = BodyHooks { cx, entry };
    crate::content::markdown::render(
        source.text(),
        source.body_offset(),
        &entry.doc.display,
        cx.site.config.markdown.raw_html,
        &hooks,
    )
}
