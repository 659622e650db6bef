//! One page: its template context, its Markdown body, its HTML.

use serde::Serialize;
use tera::{Context, Value};

use super::Context as Cx;
use super::hooks::BodyHooks;
use super::roster::round_view;
use super::views::{NoticeItem, NoticeView, permalink, url};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Contents;
use crate::plan::{HOME_LATEST, Job, Plan, Planned, SECTIONS, Shows};
use crate::routes::Route;
use crate::site::{Entry, Site};
use crate::theme::Theme;

/// A navigation entry: its key, its title, and which planned page it links.
type NavEntry = (&'static str, &'static str, fn(Job) -> bool);

/// The main navigation: each generated page the plan has, in a fixed order.
const NAV: [NavEntry; 7] = [
    ("home", "首页", |j| j == Job::Home),
    ("notices", "通知公告", |j| j == Job::Notices),
    ("guide", "申报指南", |j| is_section(j, "guide")),
    ("apply", "申报方式", |j| is_section(j, "apply")),
    ("roster", "支撑单位", |j| {
        matches!(j, Job::Roster { index: true, .. })
    }),
    ("contacts", "联系我们", |j| is_section(j, "contacts")),
    ("search", "搜索", |j| j == Job::SearchPage),
];

/// Whether `job` is the section `key`.
fn is_section(job: Job, key: &str) -> bool {
    matches!(job, Job::Section(i) if SECTIONS[i].key == key)
}

/// The variables every template sees.
pub(super) fn globals(site: &Site, theme: &Theme, plan: &Plan) -> Context {
    #[derive(Serialize)]
    struct NavItem {
        key: &'static str,
        title: &'static str,
        url: String,
    }
    let config = &site.config;
    let nav: Vec<NavItem> = NAV
        .iter()
        .filter_map(|(key, title, links)| {
            let planned = plan.outputs.iter().find(|p| links(p.job))?;
            Some(NavItem {
                key,
                title,
                url: url(site, planned.route.url_path()),
            })
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
    ctx.insert(
        "build",
        &serde_json::json!({ "now": crate::time::chinese_date(&site.now) }),
    );
    ctx
}

/// The context every page starts from.
fn page_context(
    cx: &Cx<'_>,
    kind: &str,
    nav_key: &str,
    title: &str,
    description: Option<&str>,
    route: &Route,
) -> Context {
    let site = cx.site;
    let mut ctx = cx.shared.globals.clone();
    ctx.insert("page_kind", kind);
    ctx.insert("nav_key", nav_key);
    ctx.insert("title", title);
    ctx.insert(
        "description",
        &description.or(site.config.description.as_deref()),
    );
    ctx.insert("url", &url(site, route.url_path()));
    ctx.insert("permalink", &permalink(site, route.url_path()));
    ctx
}

/// Renders a page through its template: a notice or page, or a generated page.
pub(super) fn render_page(planned: &Planned, cx: &Cx<'_>) -> Result<Contents, Diagnostics> {
    let (site, shared) = (cx.site, &cx.shared);
    let route = &planned.route;
    let context = |kind: &str, nav_key: &str, title: &str| {
        page_context(cx, kind, nav_key, title, None, route)
    };
    let (template, ctx, what) = match planned.job {
        Job::Notice(i) | Job::Page(i) => {
            let notice = matches!(planned.job, Job::Notice(_));
            let (entry, kind) = if notice {
                (&site.notices[i], "notice")
            } else {
                (&site.pages[i], "page")
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
            let nav_key = if notice { "notices" } else { "" };
            let mut ctx = page_context(
                cx,
                kind,
                nav_key,
                &front.title,
                front.description.as_deref(),
                route,
            );
            let body = render_body(cx, entry)?;
            let n = if notice { i } else { site.notices.len() + i };
            shared.leave_text(n, || crate::text::html_to_text(&body.html));
            ctx.insert("notice", &NoticeView::new(entry, site, body));
            if notice {
                let prev = i.checked_sub(1).map(|p| &site.notices[p]);
                ctx.insert("prev", &prev.map(|n| NoticeItem::new(n, site)));
                let next = site.notices.get(i + 1);
                ctx.insert("next", &next.map(|n| NoticeItem::new(n, site)));
            }
            let what = entry.doc.display.to_string_lossy().into_owned();
            (template, ctx, what)
        }
        Job::Home => {
            let mut ctx = context("home", "home", &site.config.title);
            let calls: Vec<_> = site
                .open_calls()
                .map(|n| NoticeItem::new(n, site))
                .collect();
            ctx.insert("calls", &calls);
            let latest = site.notices.iter().take(HOME_LATEST);
            ctx.insert(
                "latest",
                &latest.map(|n| NoticeItem::new(n, site)).collect::<Vec<_>>(),
            );
            ctx.insert_value(
                "roster",
                shared
                    .current_round(site, &cx.order)
                    .unwrap_or(Value::none()),
            );
            ctx.insert_value("application", shared.application(site));
            ctx.insert("intro", &intro(cx, site.home_intro.as_ref())?);
            ("index.html".into(), ctx, "the home page".into())
        }
        Job::Notices => {
            let mut ctx = context("notices", "notices", "通知公告");
            let mut years: Vec<serde_json::Value> = Vec::new();
            for notice in &site.notices {
                let year = notice.date.as_ref().map_or(0, |d| d.year());
                let item = serde_json::to_value(NoticeItem::new(notice, site)).unwrap_or_default();
                match years.last_mut() {
                    Some(last) if last["year"] == year => last["notices"]
                        .as_array_mut()
                        .into_iter()
                        .for_each(|a| a.push(item.clone())),
                    _ => years.push(serde_json::json!({ "year": year, "notices": [item] })),
                }
            }
            ctx.insert("years", &years);
            ctx.insert("total", &site.notices.len());
            ctx.insert("intro", &intro(cx, site.notices_intro.as_ref())?);
            ("notices.html".into(), ctx, "the notice list".into())
        }
        Job::Section(i) => {
            let section = &SECTIONS[i];
            let mut ctx = context(section.key, section.key, section.title);
            for shows in section.shows {
                let (name, value) = match shows {
                    Shows::Call => ("call", shared.call(site)),
                    Shows::Application => ("application", Some(shared.application(site))),
                    Shows::Contacts => ("contacts", shared.contacts(site)),
                };
                ctx.insert_value(name, value.unwrap_or(Value::none()));
            }
            let what = format!("the {} page", section.key);
            (format!("{}.html", section.key), ctx, what)
        }
        Job::Roster { year, index } => {
            let ratings = site.data.ratings.as_ref();
            let Some(round) = ratings.and_then(|r| r.round(year)) else {
                return Err(super::internal(
                    "a roster page of a round that does not exist",
                ));
            };
            let mut ctx = context("roster", "roster", &round.title);
            // The current round shows on the home page, `/roster/` and its own year's page:
            // its view is made once.
            let is_current = ratings
                .and_then(|r| r.current())
                .is_some_and(|c| c.year == year);
            match is_current
                .then(|| shared.current_round(site, &cx.order))
                .flatten()
            {
                Some(view) => ctx.insert_value("round", view),
                None => ctx.insert("round", &round_view(site, round, &cx.order)),
            }
            ctx.insert_value("rounds", shared.rounds(site));
            let what = if index {
                "the current roster".to_string()
            } else {
                format!("the {year} roster")
            };
            ("roster.html".into(), ctx, what)
        }
        Job::SearchPage => {
            let mut ctx = context("search", "search", "搜索");
            ctx.insert("index_url", &url(site, Route::search_manifest().url_path()));
            ("search.html".into(), ctx, "the search page".into())
        }
        Job::NotFound => {
            let ctx = context("404", "", "页面未找到");
            ("404.html".into(), ctx, "the 404 page".into())
        }
        // Files made in code (feeds, calendars, search data) never reach here.
        other => return Err(super::internal(&format!("{other:?} has no template"))),
    };
    let html = cx.theme.render_bytes(&template, &ctx, &what)?;
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

/// Renders `entry`'s Markdown body, with its links resolved and its shortcodes expanded.
pub(super) fn render_body(
    cx: &Cx<'_>,
    entry: &Entry,
) -> Result<crate::content::markdown::Rendered, Diagnostics> {
    let hooks = BodyHooks { cx, entry };
    crate::content::markdown::render(
        &entry.doc.text,
        entry.doc.body_offset,
        &entry.doc.display,
        cx.site.config.markdown.raw_html,
        &hooks,
    )
}
