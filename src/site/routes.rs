//! Output paths and URLs. An [`OutputPath`] can only be a relative path of normal
//! components, so nothing built from it can leave the output directory.

use std::collections::HashMap;
use std::fmt;
use std::path::{Component, Path};

use crate::content::Document;
use crate::content::slug::Slug;
use crate::data::Data;
use crate::diagnostics::Diagnostic;

/// A file path inside the output directory: relative, `/`-separated, no `.`, `..`, root or
/// empty components.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputPath(String);

/// Maps keyed by output path can be searched with a `&str`.
impl std::borrow::Borrow<str> for OutputPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl OutputPath {
    /// Checks `path`; the one gate every output path passes.
    pub fn new(path: impl Into<String>) -> Result<Self, String> {
        let path = path.into();
        let ok = !path.is_empty()
            && !path.contains('\\')
            && !path.contains('\0')
            && Path::new(&path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
            && path
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        if ok {
            Ok(OutputPath(path))
        } else {
            Err(format!(
                "`{path}` is not a path inside the output directory"
            ))
        }
    }

    /// The path text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a page is written and the URL path it is served at (without the base path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    file: OutputPath,
    url: String,
}

impl Route {
    fn directory(url: String) -> Route {
        let file = OutputPath::new(format!("{url}index.html"))
            .expect("route segments are validated slugs or constants");
        Route { file, url }
    }

    /// `/`.
    pub fn home() -> Route {
        Route::directory(String::new())
    }

    /// `/notices/`.
    pub fn notices() -> Route {
        Route::directory("notices/".into())
    }

    /// `/notices/<slug>/`.
    pub fn notice(slug: &Slug) -> Route {
        Route::directory(format!("notices/{slug}/"))
    }

    /// A standalone page: `content/a/b.md` with slug `b` is `/a/b/`.
    pub fn page(content_path: &str, slug: &Slug) -> Route {
        let dir = content_path
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"));
        Route::directory(format!("{dir}{slug}/"))
    }

    /// A generated section such as `guide/` or `roster/2025/`.
    pub fn section(url: &str) -> Route {
        Route::directory(url.to_string())
    }

    /// The 404 page, a file at the root as static hosts expect.
    pub fn not_found() -> Route {
        Route {
            file: OutputPath("404.html".into()),
            url: "404.html".into(),
        }
    }

    /// A generated file served at its own path, such as `feed.xml` or `search/s/3.json`.
    pub fn file(path: OutputPath) -> Route {
        let url = path.as_str().to_string();
        Route { file: path, url }
    }

    /// The output file.
    pub fn path(&self) -> &OutputPath {
        &self.file
    }

    /// The URL path without base path, e.g. `notices/x/`.
    pub fn url_path(&self) -> &str {
        &self.url
    }
}

/// Which source claimed each output file.
pub(super) struct Claims {
    owners: HashMap<String, String>,
}

impl Claims {
    /// Claims the generated pages the data calls for.
    pub(super) fn new(data: &Data) -> Self {
        let mut owners = HashMap::new();
        let mut generated = |route: Route, what: &str| {
            owners.insert(route.path().as_str().to_string(), what.to_string());
        };
        generated(Route::home(), "the home page");
        generated(Route::notices(), "the notice list");
        generated(Route::not_found(), "the 404 page");
        if data.call.is_some() {
            generated(
                Route::section("guide/"),
                "the eligibility guide (data/call.yaml)",
            );
            generated(
                Route::section("apply/"),
                "the application page (data/call.yaml)",
            );
        }
        if data.contacts.is_some() {
            generated(
                Route::section("contacts/"),
                "the contacts page (data/contacts.yaml)",
            );
        }
        if let Some(ratings) = &data.ratings {
            generated(Route::section("roster/"), "the roster (data/ratings.yaml)");
            for round in &ratings.rounds {
                generated(
                    Route::section(&format!("roster/{}/", round.year)),
                    "a roster round (data/ratings.yaml)",
                );
            }
        }
        owners.insert("assets".into(), "the theme's assets".into());
        Claims { owners }
    }

    /// Claims `route` for `doc`, or explains who already has it.
    pub(super) fn claim(&mut self, route: &Route, doc: &Document) -> Result<(), Diagnostic> {
        let key = route.path().as_str().to_string();
        let first_dir = key.split('/').next().unwrap_or_default();
        let owner = self
            .owners
            .get(&key)
            .or_else(|| self.owners.get(first_dir).filter(|_| first_dir == "assets"));
        if let Some(owner) = owner {
            return Err(Diagnostic::error(
                &doc.display,
                format!("two sources would write `{key}`: this file and {owner}"),
            )
            .at_opt(doc.locate("slug"))
            .hint("give one of them a different `slug:`"));
        }
        self.owners
            .insert(key, doc.display.to_string_lossy().into_owned());
        Ok(())
    }

    /// Claims a copied content file.
    pub(super) fn claim_file(&mut self, file: &str) -> Result<(), Diagnostic> {
        let display = format!("content/{file}");
        if OutputPath::new(file).is_err() {
            return Err(Diagnostic::error(
                &display,
                "this file cannot be copied to the output",
            ));
        }
        let reserved = file
            .split('/')
            .next()
            .filter(|first| *first == "assets")
            .and_then(|first| self.owners.get(first));
        if let Some(owner) = self.owners.get(file).or(reserved) {
            return Err(Diagnostic::error(
                &display,
                format!("two sources would write `{file}`: this file and {owner}"),
            )
            .hint("rename or move the file"));
        }
        self.owners.insert(file.to_string(), display);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_stay_inside() {
        for bad in [
            "",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a\\b",
            "./a",
        ] {
            assert!(OutputPath::new(bad).is_err(), "{bad}");
        }
        assert!(OutputPath::new("notices/通知/index.html").is_ok());
    }

    #[test]
    fn page_routes_follow_their_folder() {
        let slug = Slug::try_from("about".to_string()).unwrap();
        assert_eq!(
            Route::page("info/about.md", &slug).url_path(),
            "info/about/"
        );
        assert_eq!(
            Route::page("about.md", &slug).path().as_str(),
            "about/index.html"
        );
    }
}
