//! The rules `bulletin check` adds to what every build validates: links and `#anchors`
//! across pages, remote images, data nobody uses, calls whose deadline has passed,
//! overridden theme files whose theme version changed, and values of `bulletin init`'s
//! sample still in the site.
//!
//! Links are checked on the generated HTML (so links written in templates are checked too)
//! and reported at the line of the Markdown source that holds them, when one does.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Location};
use crate::output::OutputFile;
use crate::site::{DeadlineStatus, Entry, Site};

mod samples;

pub use crate::samples::{SAMPLE_VALUES, SampleValue};
pub use samples::{sample_count, sample_values};

/// Hosts that refuse images embedded on other sites (hot-link protection).
const HOTLINK_PROTECTED: [&str; 2] = ["mmbiz.qpic.cn", "mmbiz.qlogo.cn"];

/// Runs every check rule on a generated site. Returns errors and warnings.
pub fn lint(site: &Site, files: &[&OutputFile]) -> Vec<Diagnostic> {
    let texts: Vec<(&str, std::borrow::Cow<'_, str>)> = files
        .iter()
        .filter(|f| f.path.as_str().ends_with(".html"))
        .filter_map(|f| f.as_text().map(|t| (f.path.as_str(), t)))
        .collect();
    let pages: Vec<(&str, &str)> = texts.iter().map(|(p, t)| (*p, t.as_ref())).collect();
    let known: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let ids: HashMap<&str, HashSet<String>> = pages
        .par_iter()
        .map(|(path, html)| (*path, attribute_values(html, "id").collect()))
        .collect();
    let sources: HashMap<&str, &Entry> = site
        .notices
        .iter()
        .chain(&site.pages)
        .map(|e| (e.route.path().as_str(), e))
        .collect();

    let mut found: Vec<Diagnostic> = pages
        .par_iter()
        .flat_map_iter(|(path, html)| {
            let source = sources.get(path).copied();
            let mut out = Vec::new();
            let mut seen = HashSet::new();
            for href in attribute_values(html, "href") {
                if !seen.insert(href.clone()) {
                    continue;
                }
                if let Some((message, hint)) = check_link(site, path, &href, &known, &ids) {
                    let shown = percent_encoding::percent_decode_str(&href).decode_utf8_lossy().into_owned();
                    out.push(located(site, source, path, &href, message.replace(&href, &shown), hint));
                }
            }
            for src in attribute_values(html, "src") {
                if !seen.insert(src.clone()) {
                    continue;
                }
                if src.starts_with("http://") || src.starts_with("https://") {
                    let host = src.split('/').nth(2).unwrap_or("");
                    let hint = if HOTLINK_PROTECTED.iter().any(|h| host.ends_with(h)) {
                        "WeChat's image CDN refuses images shown on other sites: download the image into content/ and link it by its path"
                    } else {
                        "remote images break when their host changes or blocks hot-linking: consider downloading it into content/"
                    };
                    let mut d = located(site, source, path, &src, format!("remote image {src}"), Some(hint.to_string()));
                    d.severity = crate::diagnostics::Severity::Warning;
                    out.push(d);
                } else if let Some(problem) = check_link(site, path, &src, &known, &ids) {
                    out.push(located(site, source, path, &src, problem.0, problem.1));
                }
            }
            out
        })
        .collect();
    found.extend(data_rules(site));
    found.extend(deadline_rules(site));
    found.extend(crate::theme::drift(&site.root));
    found.extend(sample_values(site));
    found
}

/// Broken internal links: (message, hint), or `None` when fine or external.
fn check_link(
    site: &Site,
    page: &str,
    href: &str,
    known: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<String>>,
) -> Option<(String, Option<String>)> {
    if href.is_empty()
        || href.contains("://")
        || href.starts_with("//")
        || href.starts_with("mailto:")
        || href.starts_with("tel:")
    {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        page.to_string()
    } else {
        let base = site.config.base_path();
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned();
        let absolute = if let Some(rest) = decoded.strip_prefix(base) {
            rest.to_string()
        } else if decoded.starts_with('/') {
            return Some((
                format!("link to {href} is outside the site's base path {base}"),
                None,
            ));
        } else {
            join(page, &decoded)
        };
        let file = if absolute.is_empty() || absolute.ends_with('/') {
            format!("{absolute}index.html")
        } else {
            absolute
        };
        if !known.contains(file.as_str()) {
            return Some((
                format!("link to {href}: no such page or file"),
                Some("check the path; the page may be a draft or scheduled".into()),
            ));
        }
        file
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    match ids.get(target.as_str()) {
        Some(set) if set.contains(fragment.as_ref()) => None,
        Some(_) => Some((
            format!("link to {href}: the page has no anchor `#{fragment}`"),
            Some("heading anchors keep Chinese text: `## 一、工作总则` is `#一工作总则`".into()),
        )),
        None => None,
    }
}

/// Resolves a relative URL against the directory of `page` (an output path).
fn join(page: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A diagnostic at the Markdown line holding `needle`, or at the page when none does.
fn located(
    site: &Site,
    source: Option<&Entry>,
    page: &str,
    needle: &str,
    message: String,
    hint: Option<String>,
) -> Diagnostic {
    let decoded = percent_encoding::percent_decode_str(needle)
        .decode_utf8_lossy()
        .into_owned();
    let candidates = [
        needle.to_string(),
        decoded.clone(),
        decoded
            .trim_start_matches(site.config.base_path())
            .to_string(),
        needle
            .trim_start_matches(site.config.base_path())
            .to_string(),
        needle.rsplit('/').next().unwrap_or(needle).to_string(),
    ];
    let place = source.and_then(|e| {
        let source = e.doc.source().ok()?;
        let text = source.text();
        candidates.iter().filter(|c| !c.is_empty()).find_map(|c| {
            text.find(c.as_str())
                .map(|i| (e, Location::from_offsets(text, i, i + c.len())))
        })
    });
    let d = match place {
        Some((entry, location)) => Diagnostic::error(&entry.doc.display, message).at(location),
        None => match source {
            Some(entry) => Diagnostic::error(&entry.doc.display, message),
            None => Diagnostic::error(PathBuf::from("public").join(page), message.clone())
                .hint("this link comes from a template"),
        },
    };
    match hint {
        Some(h) if d.hint.is_none() => d.hint(h),
        _ => d,
    }
}

/// Units in no round, calls no notice announces, and logo files no unit uses.
fn data_rules(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let units = &site.data.units;
    let rosters = &site.data.rosters;
    if !rosters.is_empty() {
        for unit in units
            .iter()
            .filter(|u| !site.standings.iter().any(|s| s.is_listed(&u.id)))
        {
            out.push(
                Diagnostic::warning(
                    "data/units.yaml",
                    format!(
                        "unit `{}` ({}) is in no round of any roster",
                        unit.id, unit.name
                    ),
                )
                .hint("list it in a round of a roster, or remove it if it is no longer listed"),
            );
        }
    }
    for call in site
        .calls
        .iter()
        .filter(|c| c.notice.is_none() && c.visible)
    {
        let data = call.call(site);
        out.push(
            Diagnostic::warning(
                &data.file,
                format!("call `{}` is announced by no notice", data.id),
            )
            .hint(format!(
                "add `call: {}` to the front matter of the notice that announces it",
                data.id
            )),
        );
    }
    // Unit logos and the site's own.
    let used: HashSet<String> = units
        .iter()
        .filter_map(|u| u.logo.clone())
        .chain(site.config.logo.clone())
        .collect();
    let logos = site.root.join("data/logos");
    if logos.is_dir() {
        for entry in walkdir::WalkDir::new(&logos)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(site.root.join("data")) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if !used.contains(&relative) {
                out.push(
                    Diagnostic::warning(
                        format!("data/{relative}"),
                        "logo file is not used by any unit or the site",
                    )
                    .hint("set it as a unit's `logo`, or delete it"),
                );
            }
        }
    }
    out
}

/// Calls whose deadline has passed.
fn deadline_rules(site: &Site) -> Vec<Diagnostic> {
    site.notices
        .iter()
        .filter(|n| n.deadline.as_ref().is_some_and(|d| d.status(&site.now) == DeadlineStatus::Closed))
        .map(|n| {
            let deadline = n.deadline.as_ref().expect("filtered");
            let deadline = crate::time::short_datetime(&deadline.at);
            let field = if n.doc.front.call.is_some() { "call" } else { "deadline" };
            Diagnostic::warning(&n.doc.display, format!("the deadline {deadline} has passed"))
                .at_opt(n.doc.locate(field))
                .hint("the call shows 已截止 and stays in the archive; set `expire_at` to mark the notice 已过期, or extend the deadline")
        })
        .collect()
}

/// Values of `name="…"` attributes in generated HTML, unescaped.
fn attribute_values(html: &str, name: &str) -> std::vec::IntoIter<String> {
    let pattern = format!(" {name}=\"");
    html.match_indices(pattern.as_str())
        .filter_map(|(i, _)| {
            let start = i + pattern.len();
            let end = html[start..].find('"')? + start;
            Some(unescape(&html[start..end]))
        })
        .collect::<Vec<_>>()
        .into_iter()
}

fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes() {
        let html = r#"<a href="/x/#a&amp;b" id="top"><img src="https://mmbiz.qpic.cn/1.png"></a>"#;
        assert_eq!(
            attribute_values(html, "href").collect::<Vec<_>>(),
            vec!["/x/#a&b"]
        );
        assert_eq!(
            attribute_values(html, "id").collect::<Vec<_>>(),
            vec!["top"]
        );
        assert_eq!(attribute_values(html, "src").count(), 1);
    }

    #[test]
    fn joins_relative_urls() {
        assert_eq!(join("notices/a/index.html", "../b/"), "notices/b/");
        assert_eq!(join("index.html", "guide/"), "guide/");
    }
}
