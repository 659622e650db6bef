//! The theme: Tera templates and static assets. The default theme (this repository's
//! `templates/`) is embedded in the binary; files in a site's `templates/` override it file
//! by file, so a site without `templates/` still builds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, ErrorKind, Tera};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::source::decode;

mod overrides;

pub use overrides::{Override, Standing, drift, ejected, embedded, standings, without_mark};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../templates/", $name)) as &[u8])),*]
    };
}

/// The default theme's files, by path under `templates/`.
pub const DEFAULT_FILES: &[(&str, &[u8])] = embed![
    "base.html",
    "index.html",
    "notices.html",
    "notice.html",
    "page.html",
    "guide.html",
    "apply.html",
    "roster.html",
    "contacts.html",
    "404.html",
    "search.html",
    "calls.html",
    "rosters.html",
    "shortcodes/contacts.html",
    "shortcodes/application.html",
    "shortcodes/process.html",
    "shortcodes/conditions.html",
    "shortcodes/duties.html",
    "shortcodes/roster.html",
    "share/roster.svg",
    "share/notice.svg",
    "partials/versions.html",
    "partials/paginator.html",
    "partials/deadline.html",
    "partials/print.html",
    "assets/style.css",
    "assets/print.css",
    "assets/site.js",
    "assets/favicon.svg",
    "assets/search.js",
];

/// Where a template came from, for messages.
#[derive(Debug, Clone)]
struct TemplateSource {
    display: PathBuf,
    text: String,
}

/// Loaded templates and assets.
pub struct Theme {
    tera: Tera,
    sources: BTreeMap<String, TemplateSource>,
    /// Static assets by path under `assets/`.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Changes when any template or asset changes.
    pub fingerprint: u64,
}

impl Theme {
    /// Loads the embedded theme overlaid with `root/templates`.
    pub fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let mut errors = Vec::new();
        let mut files: Files = DEFAULT_FILES
            .iter()
            .map(|(name, bytes)| {
                (
                    name.to_string(),
                    (
                        PathBuf::from(format!("<default theme>/{name}")),
                        bytes.to_vec(),
                    ),
                )
            })
            .collect();
        let (site, site_errors) = site_files(root);
        errors.extend(site_errors);
        for (name, (display, bytes)) in site {
            // An ejected asset's mark is no part of what is published.
            let bytes = if name.starts_with("assets/") {
                overrides::without_mark(&bytes).to_vec()
            } else {
                bytes
            };
            files.insert(name, (display, bytes));
        }
        let mut assets = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for (name, (display, bytes)) in files {
            if let Some(asset) = name.strip_prefix("assets/") {
                assets.insert(asset.to_string(), bytes);
                continue;
            }
            match decode(bytes, &display) {
                Ok(text) => {
                    sources.insert(name, TemplateSource { display, text });
                }
                Err(d) => errors.push(d),
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        tera.register_function("t", interface_text);
        // All at once: inheritance and includes are resolved across the whole set.
        if let Err(e) = tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, s)| (name.as_str(), s.text.as_str())),
        ) {
            errors.push(diagnostic(&sources, &e, "base.html"));
        }
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for (name, source) in &sources {
                (name, &source.text).hash(&mut h);
            }
            assets.hash(&mut h);
            h.finish()
        };
        if errors.is_empty() {
            Ok(Theme {
                tera,
                sources,
                assets,
                fingerprint,
            })
        } else {
            Err(errors.into())
        }
    }

    /// The name asset `name` (a path under `templates/assets/`) is published under.
    /// Stylesheets and scripts carry a hash of their content (`style.3f2a9c1e.css`) so
    /// they can be cached for ever and still change with the theme; other assets (images,
    /// fonts) keep their names, so stylesheets can refer to them.
    pub fn published_name(&self, name: &str) -> String {
        let hashed = self.assets.get(name).and_then(|bytes| {
            let (stem, ext) = name.rsplit_once('.')?;
            matches!(ext, "css" | "js")
                .then(|| format!("{stem}.{:08x}.{ext}", crate::search::fnv1a32(bytes)))
        });
        hashed.unwrap_or_else(|| name.to_string())
    }

    /// Whether a template exists.
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders `name`, mapping errors to located diagnostics; `what` says which page.
    pub fn render(&self, name: &str, context: &Context, what: &str) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| self.located(e, name, what))
    }

    /// Renders `name` to bytes. Pages are written as bytes, which spares checking a whole
    /// page's UTF-8 again after Tera wrote it from valid strings (a fifth of a build's time
    /// at 10,000 notices).
    pub fn render_bytes(
        &self,
        name: &str,
        context: &Context,
        what: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| self.located(e, name, what))?;
        Ok(out)
    }

    fn located(&self, e: tera::Error, name: &str, what: &str) -> Diagnostic {
        diagnostic(&self.sources, &e, name).context(what)
    }
}

/// Theme files by path under `templates/`: the path shown in messages, and the bytes.
type Files = BTreeMap<String, (PathBuf, Vec<u8>)>;

/// The files of a site's `templates/` folder, by path under it (`/`-separated; hidden files
/// and folders left out), with the path they are shown by in messages.
fn site_files(root: &Path) -> (Files, Vec<Diagnostic>) {
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    let dir = root.join("templates");
    if !dir.is_dir() {
        return (files, errors);
    }
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Diagnostic::error("templates", e.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(name) = entry
            .path()
            .strip_prefix(&dir)
            .ok()
            .and_then(|p| p.to_str())
            .map(|s| s.replace('\\', "/"))
        else {
            continue;
        };
        if name.split('/').any(|p| p.starts_with('.')) {
            continue;
        }
        let display = Path::new("templates").join(&name);
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(name, (display, bytes));
            }
            Err(e) => errors.push(Diagnostic::error(display, format!("cannot read: {e}"))),
        }
    }
    (files, errors)
}

/// The template function `t(key="status.open", n=3, …)`: the interface text `key` in the
/// page's language (the context's `ui` table, see `crate::lang`), its `{name}`
/// placeholders filled from the other arguments, its plural form chosen by `n`. The text is
/// plain text, escaped like any value. An unknown key is an error naming the key and the
/// language.
fn interface_text(kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<String> {
    let key: &str = kwargs.must_get("key")?;
    let lang: String = state.get("lang")?.unwrap_or_default();
    let ui: tera::Value = state
        .get("ui")?
        .ok_or_else(|| tera::Error::message("`t` needs the interface text (`ui`)"))?;
    let text = ui
        .as_map()
        .and_then(|map| map.get(&tera::value::Key::String(key.into())))
        .ok_or_else(|| {
            tera::Error::message(format!(
                "there is no interface text `{key}` in language `{lang}` (see README \"Interface text\")"
            ))
        })?;
    // A count that is not a whole number (`n="{n}"`, to leave the placeholder for a script)
    // takes the `other` form.
    let n = kwargs.get::<tera::Value>("n")?.and_then(|n| n.as_i64());
    let form = match text.as_map() {
        Some(plural) => {
            let form = if n == Some(1) { "one" } else { "other" };
            plural.get(&tera::value::Key::Str(form))
        }
        None => Some(text),
    };
    let form = form.and_then(tera::Value::as_str).unwrap_or_default();
    Ok(crate::lang::fill(form, |name| {
        kwargs
            .iter()
            .find(|(k, _)| k.as_str() == Some(name))
            .map(|(_, v)| v.as_str().map_or_else(|| v.to_string(), str::to_string))
    }))
}

/// Locates a Tera error in the template it happened in.
fn diagnostic(
    sources: &BTreeMap<String, TemplateSource>,
    error: &tera::Error,
    fallback: &str,
) -> Diagnostic {
    let display = |name: &str| {
        sources.get(name).map_or_else(
            || PathBuf::from(format!("templates/{name}")),
            |s| s.display.clone(),
        )
    };
    let located = |name: &str, message: &str, line: usize, column: usize, len: usize| {
        let mut d = Diagnostic::error(display(name), format!("template error: {message}"));
        if let Some(source) = sources.get(name) {
            d = d.at(Location::new(&source.text, line, column, len));
        }
        if message.contains("not defined")
            || message.contains("not found")
            || message.contains("Unknown")
        {
            d = d.hint("see docs/templates.md for the variables and filters templates can use; test optional values with `{% if x %}`");
        }
        d
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() {
                fallback
            } else {
                report.filename()
            };
            let span = report.span();
            let len = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            located(
                name,
                report.message(),
                span.start_line,
                span.start_col + 1,
                len,
            )
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            display(current),
            format!("template error: `{current}` extends `{parent}`, which does not exist"),
        )
        .hint(
            "check the name in `{% extends %}`; templates are named by their path under templates/",
        ),
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => Diagnostic::error(
            display(tpl),
            format!(
                "template error: circular `extends`: {}",
                inheritance_chain.join(" -> ")
            ),
        ),
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            display(fallback),
            format!("template error: template `{name}` does not exist"),
        ),
        _ => {
            // Errors found while compiling (unknown filters, tests, includes) arrive as text
            // holding Tera's own report: "error: <message>\n --> <name>:<line>:<column>".
            let text = error.to_string();
            match parse_report(&text) {
                Some((message, name, line, column)) => {
                    located(&name, &message, line, column + 1, 1)
                }
                None => Diagnostic::error(display(fallback), format!("template error: {text}")),
            }
        }
    }
}

/// Reads (message, template, line, 0-based column) from a Tera report.
fn parse_report(text: &str) -> Option<(String, String, usize, usize)> {
    let message = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))?;
    let message = message
        .strip_prefix("error: ")
        .unwrap_or(message)
        .to_string();
    let place = text.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.trim().to_string();
    Some((message, name, line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tera_reports() {
        let text = "error: Unknown filter `nosuch`\n  --> notice.html:12:46\n   |\n";
        assert_eq!(
            parse_report(text),
            Some((
                "Unknown filter `nosuch`".into(),
                "notice.html".into(),
                12,
                46
            ))
        );
    }
}
