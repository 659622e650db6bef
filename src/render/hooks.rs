//! What a Markdown body asks of the site while it renders: link targets and shortcodes.

use std::collections::BTreeMap;

use tera::Context;

use super::Context as Cx;
use super::roster::{RosterCx, round_view};
use super::views::{ApplicationView, url};
use crate::content::markdown::{HookError, Hooks};
use crate::content::shortcodes::ArgValue;
use crate::lang::Strings;
use crate::site::Entry;

/// Hooks for one document.
pub(super) struct BodyHooks<'a> {
    pub cx: &'a Cx<'a>,
    pub entry: &'a Entry,
}

/// Schemes a Markdown link may use; anything else (`javascript:`, `data:`) is refused. The
/// same list the `sanitize` raw HTML policy keeps.
const ALLOWED_SCHEMES: [&str; 4] = crate::content::sanitize::URL_SCHEMES;

/// The built-in shortcodes and the arguments each accepts.
const BUILT_IN: [(&str, &[&str]); 6] = [
    ("contacts", &["call"]),
    ("application", &["call"]),
    ("process", &["call"]),
    ("conditions", &["call"]),
    ("duties", &["call"]),
    ("roster", &["year", "roster"]),
];

impl Hooks for BodyHooks<'_> {
    fn resolve_link(&self, dest: &str) -> Result<String, HookError> {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
            return Ok(dest.to_string());
        }
        if let Some(scheme) = scheme(dest) {
            return if ALLOWED_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
                Ok(dest.to_string())
            } else {
                Err((
                    format!("links with `{scheme}:` are not allowed"),
                    Some("use http, https, mailto or tel links".into()),
                ))
            };
        }
        if let Some(rest) = dest.strip_prefix('/') {
            return Ok(url(self.cx.site, rest));
        }
        let (path, fragment) = match dest.find(['#', '?']) {
            Some(i) => dest.split_at(i),
            None => (dest, ""),
        };
        let base = self
            .entry
            .doc
            .path
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir);
        // `a%20b.pdf` is how CommonMark writes a space in a link target.
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let Some(target) = normalize(base, &decoded) else {
            return Err((format!("link `{dest}` points outside content/"), None));
        };
        if target.ends_with(".md") {
            return match self.cx.site.url_of_document(&target) {
                Some(u) => Ok(format!("{}{fragment}", url(self.cx.site, u))),
                None => Err((
                    format!(
                        "link to `{dest}`: content/{target} does not exist or is not published"
                    ),
                    Some(
                        "check the file name; drafts and scheduled notices cannot be linked".into(),
                    ),
                )),
            };
        }
        if self.cx.site.has_file(&target) {
            return Ok(format!("{}{fragment}", url(self.cx.site, &target)));
        }
        Err((
            format!("link to `{dest}`: content/{target} does not exist"),
            Some("link Markdown files by their .md path, other files by their path under content/, site pages by `/path/`".into()),
        ))
    }

    fn shortcode(
        &self,
        name: &str,
        args: &BTreeMap<String, ArgValue>,
        heading: u8,
    ) -> Result<String, HookError> {
        let template = format!("shortcodes/{name}.html");
        if !self.cx.theme.has(&template) {
            let known: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
            let hint = match crate::diagnostics::did_you_mean(name, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "the shortcodes are: {} (or add templates/{template})",
                    known.join(", ")
                ),
            };
            return Err((format!("unknown shortcode `{name}`"), Some(hint)));
        }
        // A shortcode speaks the language of the document it is in.
        let language = &self.entry.language;
        let mut ctx = self.cx.shared.globals(self.cx, &language.ui).clone();
        super::pages::set_language(&mut ctx, &language.tag);
        ctx.insert("heading", &heading);
        for (key, value) in args {
            ctx.insert(key.clone(), value);
        }
        ctx.insert("args", args);
        if let Some((_, allowed)) = BUILT_IN.iter().find(|(n, _)| *n == name) {
            if let Some(bad) = args.keys().find(|k| !allowed.contains(&k.as_str())) {
                let hint = if allowed.is_empty() {
                    format!("`{name}()` takes no arguments")
                } else {
                    format!("`{name}` accepts: {}", allowed.join(", "))
                };
                return Err((
                    format!("shortcode `{name}` has no argument `{bad}`"),
                    Some(hint),
                ));
            }
            self.builtin_context(name, args, &mut ctx)?;
        }
        let what = format!("shortcode `{name}` in {}", self.entry.doc.display.display());
        self.cx.theme.render(&template, &ctx, &what).map_err(|d| {
            let at = d
                .location
                .as_ref()
                .map_or(String::new(), |l| format!(":{}:{}", l.line, l.column));
            (
                format!("shortcode `{name}` failed: {}", d.message),
                Some(format!("see {}{at}", d.file.display())),
            )
        })
    }
}

impl BodyHooks<'_> {
    fn builtin_context(
        &self,
        name: &str,
        args: &BTreeMap<String, ArgValue>,
        ctx: &mut Context,
    ) -> Result<(), HookError> {
        let (site, shared) = (self.cx.site, &self.cx.shared);
        let ui: &Strings = &self.entry.language.ui;
        match name {
            "contacts" => {
                let value = match self.call(name, args, false)? {
                    Some(call) => shared.call_contacts(site, call),
                    None => shared.contacts(site).ok_or_else(|| {
                        (
                            "shortcode `contacts` needs data/contacts.yaml".to_string(),
                            Some("create data/contacts.yaml (see README.md)".to_string()),
                        )
                    })?,
                };
                ctx.insert_value("contacts", value);
            }
            "conditions" | "duties" => {
                let call = self.call(name, args, true)?.unwrap_or_default();
                ctx.insert_value("call", shared.call(site, call, ui));
            }
            "process" => {
                let call = self.call(name, args, true)?.unwrap_or_default();
                let steps = site.calls[call].call(site);
                ctx.insert("steps", &ApplicationView::steps(steps, ui));
            }
            "application" => {
                let call = self.call(name, args, true)?.unwrap_or_default();
                ctx.insert_value("application", shared.application(site, call, ui));
            }
            "roster" => {
                let r = self.roster(args)?;
                let round = match args.get("year") {
                    None => r.roster.current(),
                    Some(ArgValue::Int(year)) => {
                        r.roster.round(i32::try_from(*year).unwrap_or(i32::MAX))
                    }
                    Some(_) => {
                        return Err((
                            "`year` must be a number, e.g. `roster(year=2024)`".into(),
                            None,
                        ));
                    }
                };
                let round = round.ok_or_else(|| {
                    let years: Vec<String> =
                        r.roster.rounds.iter().map(|r| r.year.to_string()).collect();
                    (
                        "no rating round for that year".to_string(),
                        Some(format!("the rounds are: {}", years.join(", "))),
                    )
                })?;
                ctx.insert("round", &round_view(r, round, self.cx.order(r.index), ui));
            }
            _ => {}
        }
        Ok(())
    }

    /// The call a shortcode is about (its place in `site.calls`): its `call=` argument,
    /// else the call this notice announces, else the site's only call. `None` when the
    /// site has no call and `required` is false.
    fn call(
        &self,
        name: &str,
        args: &BTreeMap<String, ArgValue>,
        required: bool,
    ) -> Result<Option<usize>, HookError> {
        let site = self.cx.site;
        let calls = &site.data.calls;
        if let Some(value) = args.get("call") {
            let ArgValue::Str(key) = value else {
                return Err((
                    "`call` is a call's key in quotes, e.g. `call=\"2026\"`".into(),
                    None,
                ));
            };
            return match calls.iter().position(|c| c.id.as_str() == key) {
                Some(i) => Ok(Some(i)),
                None => Err((
                    format!("there is no call `{key}`"),
                    calls
                        .suggest(key)
                        .map(|best| format!("did you mean `{best}`?")),
                )),
            };
        }
        if let Some(state) = site.call_of(self.entry) {
            return Ok(Some(state.index));
        }
        match calls.len() {
            1 => Ok(Some(0)),
            _ if !required => Ok(None),
            0 => Err((
                format!("shortcode `{name}` needs a call for applications"),
                Some("create data/call.yaml (see README.md, \"Calls\")".into()),
            )),
            _ => Err((
                format!("shortcode `{name}` does not say which call: the site has several"),
                Some(format!(
                    "write `{{{{ {name}(call=\"{}\") }}}}`, or announce the call in this notice's front matter (`call:`)",
                    calls.at(0).map_or("", |c| c.id.as_str())
                )),
            )),
        }
    }

    /// The roster the `roster` shortcode shows: its `roster=` argument, else the roster
    /// of the call this notice announces, else the site's only roster.
    fn roster(&self, args: &BTreeMap<String, ArgValue>) -> Result<RosterCx<'_>, HookError> {
        let site = self.cx.site;
        let rosters = &site.data.rosters;
        let by_key = |key: &str| rosters.iter().position(|r| r.id.as_str() == key);
        let index = match args.get("roster") {
            Some(ArgValue::Str(key)) => by_key(key).ok_or_else(|| {
                (
                    format!("there is no roster `{key}`"),
                    rosters
                        .suggest(key)
                        .map(|best| format!("did you mean `{best}`?")),
                )
            })?,
            Some(_) => {
                return Err(("`roster` is a roster's key in quotes".into(), None));
            }
            None => {
                let of_call = site
                    .call_of(self.entry)
                    .and_then(|c| c.call(site).roster.as_ref())
                    .and_then(|k| by_key(k.as_str()));
                match (of_call, rosters.len()) {
                    (Some(i), _) => i,
                    (None, 1) => 0,
                    (None, 0) => {
                        return Err((
                            "shortcode `roster` needs a roster".into(),
                            Some("create data/ratings.yaml (see README.md)".into()),
                        ));
                    }
                    (None, _) => {
                        return Err((
                            "shortcode `roster` does not say which roster: the site has several"
                                .into(),
                            Some(format!(
                                "write `{{{{ roster(roster=\"{}\") }}}}`",
                                rosters.at(0).map_or("", |r| r.id.as_str())
                            )),
                        ));
                    }
                }
            }
        };
        RosterCx::new(site, index).ok_or_else(|| ("the roster is missing".into(), None))
    }
}

/// The URL scheme of `dest`, if it has one.
fn scheme(dest: &str) -> Option<&str> {
    let (scheme, _) = dest.split_once(':')?;
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

/// Joins `path` to the directory `base` (both relative to content/), resolving `.` and `..`.
fn normalize(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_relative_paths() {
        assert_eq!(
            normalize("notices", "../files/a.pdf").as_deref(),
            Some("files/a.pdf")
        );
        assert_eq!(
            normalize("notices", "b.md").as_deref(),
            Some("notices/b.md")
        );
        assert_eq!(normalize("", "../x"), None);
    }

    #[test]
    fn finds_schemes() {
        assert_eq!(scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(scheme("https://a"), Some("https"));
        assert_eq!(scheme("a.md"), None);
        assert_eq!(scheme("files/a:b.pdf"), None);
    }
}
