//! One page: its template context, its Markdown body, its HTML.

use serde::Serialize;
use tera::{Context, Value};

use super::hooks::BodyHooks;
use super::roster::{Order, round_view};
use super::theme::Theme;
use super::views::{NoticeItem, NoticeView, permalink, url};
use super::{HOME_LATEST, Job, Shared, route};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::site::{Entry, Route, Site};

/// The variables every template sees.
pub(super) fn globals(site: &Site, theme: &Theme) -> Context {
    #[derive(Serialize)]
    struct NavItem {
        key: &'static str,
        title: &'static str,
        url: String,
    }
    let config = &site.config;
    let mut nav = vec![
        ("home", "首页", String::new()),
        ("notices", "通知公告", "notices/".to_string()),
    ];
    if site.data.call.is_some() {
        nav.push(("guide", "申报指南", "guide/".into()));
        nav.push(("apply", "申报方式", "apply/".into()));
    }
    if site.data.ratings.is_some() {
        nav.push(("roster", "支撑单位", "roster/".into()));
    }
    if site.data.contacts.is_some() {
        nav.push(("contacts", "联系我们", "contacts/".into()));
    }
    if super::search::plan_has_page(site) {
        nav.push(("search", "搜索", super::search::PAGE.into()));
    }
    let nav: Vec<NavItem> = nav
        .into_iter()
        .map(|(key, title, path)| NavItem {
            key,
            title,
            url: url(site, &path),
        })
        .collect();
    let registrations = &config.registrations;
    let police_code: Option<String> = registrations
        .public_security
        .as_ref()
        .map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|d| !d.is_empty());
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
            "feed_url": (!site.has_file(super::feeds::FEED_PATH))
                .then(|| url(site, super::feeds::FEED_PATH)),
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
            "css": url(site, &theme.asset_path("style.css")),
            "js": url(site, &theme.asset_path("site.js")),
            "search_js": url(site, &theme.asset_path("search.js")),
            "favicon": url(site, &theme.asset_path("favicon.svg")),
            "files": theme
                .assets
                .keys()
                .map(|name| (name.clone(), url(site, &theme.asset_path(name))))
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
    shared: &Shared,
    site: &Site,
    kind: &str,
    nav_key: &str,
    title: &str,
    description: Option<&str>,
    route: &Route,
) -> Context {
    let mut ctx = shared.globals.clone();
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

pub(super) fn render_job(
    job: Job,
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    order: &Order,
) -> Result<OutputFile, Vec<Diagnostic>> {
    let (template, route, ctx, what) = match job {
        Job::Notice(i) | Job::Page(i) => {
            let (entry, kind) = if matches!(job, Job::Notice(_)) {
                (&site.notices[i], "notice")
            } else {
                (&site.pages[i], "page")
            };
            let template = entry
                .doc
                .front
                .template
                .clone()
                .unwrap_or_else(|| format!("{kind}.html"));
            if !theme.has(&template) {
                let d = Diagnostic::error(
                    &entry.doc.display,
                    format!("template `{template}` does not exist"),
                )
                .at_opt(entry.doc.locate("template"));
                return Err(vec![
                    d.hint("put the template under templates/ or remove `template:`"),
                ]);
            }
            let mut ctx = page_context(
                shared,
                site,
                kind,
                if kind == "notice" { "notices" } else { "" },
                &entry.doc.front.title,
                entry.doc.front.description.as_deref(),
                &entry.route,
            );
            let body = render_body(site, theme, entry, shared, order)?;
            let n = if kind == "notice" {
                i
            } else {
                site.notices.len() + i
            };
            shared.leave_text(n, || super::search::html_to_text(&body.html));
            ctx.insert("notice", &NoticeView::new(entry, site, body));
            if kind == "notice" {
                ctx.insert(
                    "prev",
                    &i.checked_sub(1)
                        .map(|p| NoticeItem::new(&site.notices[p], site)),
                );
                ctx.insert(
                    "next",
                    &site.notices.get(i + 1).map(|n| NoticeItem::new(n, site)),
                );
            }
            (
                template,
                entry.route.clone(),
                ctx,
                entry.doc.display.to_string_lossy().into_owned(),
            )
        }
        Job::Home => {
            let route = route(job, site);
            let mut ctx = page_context(
                shared,
                site,
                "home",
                "home",
                &site.config.title,
                None,
                &route,
            );
            ctx.insert(
                "calls",
                &site
                    .open_calls()
                    .map(|n| NoticeItem::new(n, site))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "latest",
                &site
                    .notices
                    .iter()
                    .take(HOME_LATEST)
                    .map(|n| NoticeItem::new(n, site))
                    .collect::<Vec<_>>(),
            );
            ctx.insert_value(
                "roster",
                shared.current_round(site, order).unwrap_or(Value::none()),
            );
            ctx.insert_value("application", shared.application(site));
            ctx.insert(
                "intro",
                &intro(site, theme, site.home_intro.as_ref(), shared, order)?,
            );
            ("index.html".into(), route, ctx, "the home page".into())
        }
        Job::Notices => {
            let route = route(job, site);
            let mut ctx =
                page_context(shared, site, "notices", "notices", "通知公告", None, &route);
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
            ctx.insert(
                "intro",
                &intro(site, theme, site.notices_intro.as_ref(), shared, order)?,
            );
            ("notices.html".into(), route, ctx, "the notice list".into())
        }
        Job::Guide | Job::Apply => {
            let (route, kind, title) = if matches!(job, Job::Guide) {
                (Route::section("guide/"), "guide", "申报指南")
            } else {
                (Route::section("apply/"), "apply", "申报方式")
            };
            let mut ctx = page_context(shared, site, kind, kind, title, None, &route);
            ctx.insert_value("call", shared.call(site).unwrap_or(Value::none()));
            ctx.insert_value("application", shared.application(site));
            (
                format!("{kind}.html"),
                route,
                ctx,
                format!("the {kind} page"),
            )
        }
        Job::Contacts => {
            let route = route(job, site);
            let mut ctx = page_context(
                shared,
                site,
                "contacts",
                "contacts",
                "联系我们",
                None,
                &route,
            );
            ctx.insert_value("contacts", shared.contacts(site).unwrap_or(Value::none()));
            ctx.insert_value("application", shared.application(site));
            (
                "contacts.html".into(),
                route,
                ctx,
                "the contacts page".into(),
            )
        }
        Job::Roster { year, index } => {
            let ratings = site
                .data
                .ratings
                .as_ref()
                .expect("roster jobs are made from existing rounds");
            let round = ratings
                .round(year)
                .expect("roster jobs are made from existing rounds");
            let route = route(job, site);
            let mut ctx =
                page_context(shared, site, "roster", "roster", &round.title, None, &route);
            // The current round shows on the home page, `/roster/` and its own year's page:
            // its view is made once.
            let is_current = ratings.current().is_some_and(|c| c.year == year);
            match is_current
                .then(|| shared.current_round(site, order))
                .flatten()
            {
                Some(view) => ctx.insert_value("round", view),
                None => ctx.insert("round", &round_view(site, round, order)),
            }
            ctx.insert_value("rounds", shared.rounds(site));
            (
                "roster.html".into(),
                route,
                ctx,
                if index {
                    "the current roster".to_string()
                } else {
                    format!("the {year} roster")
                },
            )
        }
        Job::SearchPage => {
            let route = route(job, site);
            let mut ctx = page_context(shared, site, "search", "search", "搜索", None, &route);
            ctx.insert("index_url", &url(site, super::search::MANIFEST));
            ("search.html".into(), route, ctx, "the search page".into())
        }
        Job::NotFound => {
            let route = route(job, site);
            let ctx = page_context(shared, site, "404", "", "页面未找到", None, &route);
            ("404.html".into(), route, ctx, "the 404 page".into())
        }
        // Files made in code (feeds, calendars, search data) never reach here.
        other => {
            return Err(vec![Diagnostic::error(
                "<bulletin>",
                format!("internal error: {other:?} has no template"),
            )]);
        }
    };
    let html = theme
        .render_bytes(&template, &ctx, &what)
        .map_err(|d| vec![d])?;
    if site.config.relative_urls {
        // Templates write valid UTF-8 from valid strings.
        let text = String::from_utf8(html).unwrap_or_default();
        let page = route.path().as_str();
        let text = super::relative::relativize(&text, page, site.config.base_path());
        return Ok(OutputFile::text(route.path().clone(), text));
    }
    Ok(OutputFile::html(route.path().clone(), html))
}

/// Renders a section introduction's Markdown, if there is one.
fn intro(
    site: &Site,
    theme: &Theme,
    entry: Option<&Entry>,
    shared: &Shared,
    order: &Order,
) -> Result<Option<String>, Vec<Diagnostic>> {
    entry
        .map(|e| render_body(site, theme, e, shared, order).map(|r| r.html))
        .transpose()
}

pub(super) fn render_body(
    site: &Site,
    theme: &Theme,
    entry: &Entry,
    shared: &Shared,
    order: &Order,
) -> Result<crate::content::markdown::Rendered, Vec<Diagnostic>> {
    let hooks = BodyHooks {
        site,
        theme,
        entry,
        shared,
        order,
    };
    crate::content::markdown::render(
        &entry.doc.text,
        entry.doc.body_offset,
        &entry.doc.display,
        site.config.markdown.raw_html,
        &hooks,
    )
}
