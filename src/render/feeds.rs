//! Files for feed readers and crawlers: the Atom feed of notices (RFC 4287), `sitemap.xml`
//! and `robots.txt`.
//!
//! All three are deterministic: no build timestamps. The feed's `updated` is its newest
//! entry's, entry ids are `tag:` URIs (RFC 4151) made from the host, the publication date
//! and the notice's path, so they survive rebuilds; every URL is percent-encoded, since
//! slugs may be Chinese.

use jiff::Zoned;

use super::views::permalink;
use crate::plan::{FEED_ENTRIES, Job, Plan};
use crate::routes::Route;
use crate::site::{Entry, Site};
use crate::time::rfc3339;

/// The date an entry was last changed: `updated`, else its publication date.
fn changed(entry: &Entry) -> Option<&Zoned> {
    entry.updated.as_ref().or(entry.date.as_ref())
}

/// The Atom feed of the newest [`FEED_ENTRIES`] notices. `summary` gives an entry's plain
/// text summary.
pub fn atom(site: &Site, summary: impl Fn(&Entry) -> String) -> String {
    let config = &site.config;
    let entries: Vec<&Entry> = site.notices.iter().take(FEED_ENTRIES).collect();
    let updated = entries
        .iter()
        .filter_map(|e| changed(e))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
    let host = config.base_url.host_str().unwrap_or("localhost");
    let mut out = String::with_capacity(1024 + entries.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(&config.language)
    ));
    element(&mut out, 1, "title", &config.title);
    if let Some(description) = &config.description {
        element(&mut out, 1, "subtitle", description);
    }
    let feed_url = permalink(site, Route::feed().url_path());
    element(&mut out, 1, "id", &feed_url);
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&feed_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(config.base_url.as_str())
    ));
    element(&mut out, 1, "updated", &updated);
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(&config.publisher)
    ));
    element(&mut out, 1, "generator", "bulletin");
    for entry in entries {
        let Some(date) = &entry.date else { continue };
        let front = &entry.doc.front;
        let link = permalink(site, entry.route.url_path());
        let path = link.strip_prefix(config.base_url.as_str()).unwrap_or(&link);
        let id = format!(
            "tag:{host},{}:{}{path}",
            date.strftime("%Y-%m-%d"),
            config.base_url.path()
        );
        out.push_str("  <entry>\n");
        element(&mut out, 2, "title", &front.title);
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&link)
        ));
        element(&mut out, 2, "id", &id);
        element(&mut out, 2, "published", &rfc3339(date));
        element(
            &mut out,
            2,
            "updated",
            &rfc3339(changed(entry).unwrap_or(date)),
        );
        let mut terms: Vec<&String> = front.category.iter().chain(&front.tags).collect();
        let mut seen = std::collections::HashSet::new();
        terms.retain(|t| seen.insert(*t));
        for term in terms {
            out.push_str(&format!("    <category term=\"{}\"/>\n", xml(term)));
        }
        let text = summary(entry);
        if !text.is_empty() {
            element(&mut out, 2, "summary", &text);
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// The last-modified date of a page, for the sitemap: a document's own date, a roster
/// round's announcement, else `newest`, the newest notice's date (the generated pages list
/// or describe notices).
pub fn lastmod(job: Job, site: &Site, newest: Option<&Zoned>) -> Option<Zoned> {
    let newest = || newest.cloned();
    match job {
        Job::Notice(i) => changed(&site.notices[i]).cloned(),
        Job::Page(i) => changed(&site.pages[i]).cloned().or_else(newest),
        Job::Roster { roster, year, .. } => site
            .data
            .rosters
            .at(roster)
            .and_then(|r| r.round(year))
            .and_then(|r| r.announced)
            .map(|d| d.resolve(&site.config.timezone, crate::time::DayBoundary::Start))
            .or_else(newest),
        _ => newest(),
    }
}

/// `sitemap.xml`: every HTML page of `jobs` but the 404 page, with its `lastmod`.
pub fn sitemap(site: &Site, plan: &Plan) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // Once, not once per list page (100,000 notices have 5,000 of them).
    let newest = site.notices.iter().filter_map(changed).max();
    for planned in &plan.outputs {
        let (job, route) = (&planned.job, &planned.route);
        if planned.kind != crate::plan::Kind::Page || matches!(job, Job::NotFound) {
            continue;
        }
        out.push_str("  <url><loc>");
        out.push_str(&xml(&permalink(site, route.url_path())));
        out.push_str("</loc>");
        if let Some(date) = lastmod(*job, site, newest) {
            out.push_str("<lastmod>");
            out.push_str(&rfc3339(&date));
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled; names the sitemap.
pub fn robots(site: &Site) -> String {
    let mut out = String::new();
    if site.config.base_path() != "/" {
        out.push_str(
            "# Crawlers read robots.txt only at the root of a host. This site lives under a\n\
             # sub-path: copy the Sitemap line into the host's /robots.txt.\n",
        );
    }
    out.push_str("User-agent: *\nDisallow:\n\n");
    out.push_str(&format!(
        "Sitemap: {}\n",
        permalink(site, Route::sitemap().url_path())
    ));
    out
}

/// `<name>text</name>` on its own line, indented by `depth` levels.
fn element(out: &mut String, depth: usize, name: &str, text: &str) {
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push_str(&format!("<{name}>{}</{name}>\n", xml(text)));
}

/// Escapes text and attribute values, dropping characters XML 1.0 does not allow.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(xml("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
