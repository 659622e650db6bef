//! Where every output goes: one constructor per kind of output, each the only place that
//! knows its path. A [`Route`] is a file inside the output folder and the URL path it is
//! served at (without the base path). The plan ([`crate::plan`]) claims every route once.

use std::fmt;
use std::sync::Arc;

use crate::content::slug::Slug;
use crate::output::OutputPath;
use crate::values::Key;

/// Where an output is written and the URL path it is served at (without the base path).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {
    file: OutputPath,
    /// Shared text, like the path's: routes are copied into plans and pages often.
    url: Arc<str>,
}

/// The folder of the search files.
const SEARCH: &str = "search/";
/// The folder of the roster pages and downloads.
const ROSTER: &str = "roster/";
/// The folder of the theme's assets (reserved: nothing else may write under it).
pub const ASSETS: &str = "assets/";

impl Route {
    /// A page at `url` (a folder path such as `guide/`), written as its `index.html`.
    fn directory(url: String) -> Route {
        let file = OutputPath::new(format!("{url}index.html"))
            .expect("route segments are validated slugs or constants");
        Route {
            file,
            url: url.into(),
        }
    }

    /// A file served at its own path; `path` is made of validated parts or constants.
    fn generated(path: String) -> Route {
        Route::file(OutputPath::new(path).expect("generated paths are valid output paths"))
    }

    /// A file served at its own path, such as a file copied from `content/`.
    pub fn file(path: OutputPath) -> Route {
        let url = path.as_str().into();
        Route { file: path, url }
    }

    /// `/`.
    pub fn home() -> Route {
        Route::directory(String::new())
    }

    /// `/notices/`.
    pub fn notices() -> Route {
        Route::notice_list(None, 1)
    }

    /// Page `page` (from 1) of the notice list, or of the list of `year`'s notices:
    /// `/notices/`, `/notices/page/2/`, `/notices/2025/`, `/notices/2025/page/2/`.
    pub fn notice_list(year: Option<i32>, page: usize) -> Route {
        let mut dir = String::from("notices/");
        if let Some(year) = year {
            dir.push_str(&format!("{year}/"));
        }
        if page > 1 {
            dir.push_str(&format!("page/{page}/"));
        }
        Route::directory(dir)
    }

    /// `/notices/<slug>/`.
    pub fn notice(slug: &Slug) -> Route {
        Route::directory(format!("notices/{slug}/"))
    }

    /// The translation of the document at `of` into language `lang` (a validated language
    /// tag): `/notices/x/en/` for `/notices/x/`.
    pub fn translation(of: &Route, lang: &str) -> Route {
        Route::directory(format!("{}{lang}/", of.url_path()))
    }

    /// A standalone page: `content/a/b.md` with slug `b` is `/a/b/`.
    pub fn page(content_path: &str, slug: &Slug) -> Route {
        let dir = content_path
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"));
        Route::directory(format!("{dir}{slug}/"))
    }

    /// `/guide/`, the eligibility guide: of the call `call` (`/guide/<call>/`) when the site
    /// has several, else of the one call, or the list of calls.
    pub fn guide(call: Option<&Key>) -> Route {
        Route::keyed("guide/", call)
    }

    /// `/apply/`, how to apply: of the call `call` (`/apply/<call>/`) when the site has
    /// several, else of the one call, or the list of calls.
    pub fn apply(call: Option<&Key>) -> Route {
        Route::keyed("apply/", call)
    }

    /// `folder`, or `folder<key>/`.
    fn keyed(folder: &str, key: Option<&Key>) -> Route {
        match key {
            Some(key) => Route::directory(format!("{folder}{key}/")),
            None => Route::directory(folder.into()),
        }
    }

    /// `/contacts/`.
    pub fn contacts(_: Option<&Key>) -> Route {
        Route::directory("contacts/".into())
    }

    /// `/roster/`: the current round of the one roster, or the list of rosters; with
    /// several rosters, `/roster/<roster>/` is a roster's current round.
    pub fn roster(roster: Option<&Key>) -> Route {
        Route::keyed(ROSTER, roster)
    }

    /// `/roster/<year>/`, one round (`/roster/<roster>/<year>/` with several rosters).
    pub fn roster_round(roster: Option<&Key>, year: i32) -> Route {
        Route::directory(format!("{}{year}/", Route::roster(roster).url))
    }

    /// A round's download: `roster/roster-<year>.csv` or `.json`
    /// (`roster/<roster>/<roster>-<year>.csv` with several rosters).
    pub fn roster_download(roster: Option<&Key>, year: i32, ext: &str) -> Route {
        let name = roster.map_or("roster", Key::as_str);
        Route::generated(format!("{}{name}-{year}.{ext}", Route::roster(roster).url))
    }

    /// Picture `part` (from 1) of a round's tier, for sharing, beside the round's page:
    /// `roster/<year>/share-<tier>-<part>.png` (`roster/<roster>/<year>/…` with several
    /// rosters).
    pub fn roster_share(roster: Option<&Key>, year: i32, tier: &Key, part: usize) -> Route {
        let round = Route::roster_round(roster, year);
        Route::generated(format!("{}share-{tier}-{part}.png", round.url))
    }

    /// The share card (Open Graph image) of the notice at `notice`, beside it:
    /// `notices/<slug>/share.png`.
    pub fn notice_card(notice: &Route) -> Route {
        Route::generated(format!("{}share.png", notice.url_path()))
    }

    /// The 404 page, a file at the root as static hosts expect.
    pub fn not_found() -> Route {
        Route::generated("404.html".into())
    }

    /// `/search/`, the search page.
    pub fn search_page() -> Route {
        Route::directory(SEARCH.into())
    }

    /// The search manifest, `search/index.json`.
    pub fn search_manifest() -> Route {
        Route::generated(format!("{SEARCH}index.json"))
    }

    /// Shard `k` of the search index (`s/`), or its triples with positions (`p/`).
    pub fn search_shard(k: u32, positions: bool) -> Route {
        let dir = if positions { "p" } else { "s" };
        Route::generated(format!("{SEARCH}{dir}/{k}.json"))
    }

    /// Document file `f` of the search index.
    pub fn search_docs(f: u32) -> Route {
        Route::generated(format!("{SEARCH}d/{f}.json"))
    }

    /// The Atom feed of notices.
    pub fn feed() -> Route {
        Route::generated("feed.xml".into())
    }

    /// `sitemap.xml`.
    pub fn sitemap() -> Route {
        Route::generated("sitemap.xml".into())
    }

    /// `robots.txt`.
    pub fn robots() -> Route {
        Route::generated("robots.txt".into())
    }

    /// The calendar file of the notice at `notice`: beside it, named after its slug
    /// (`notices/<slug>/<slug>.ics`).
    pub fn calendar(notice: &Route) -> Route {
        let dir = notice.url_path();
        let slug = dir
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("notice");
        Route::generated(format!("{dir}{slug}.ics"))
    }

    /// The vCard of each contact person, in the order of `names`: `contacts/<name>.vcf`,
    /// with characters unsafe in file names replaced, long names shortened and repeated
    /// names numbered.
    pub fn vcards<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Route> {
        let mut seen = std::collections::HashSet::new();
        names
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let clean: String = name
                    .trim()
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || matches!(c, '-' | '_' | '·') {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                // File names are limited to 255 bytes; 40 characters (120 bytes of Chinese)
                // name anyone.
                let clean: String = clean.trim_matches('-').chars().take(40).collect();
                let clean = clean.trim_matches('-');
                let mut file = if clean.is_empty() {
                    format!("contact-{}", i + 1)
                } else {
                    clean.to_string()
                };
                if !seen.insert(file.clone()) {
                    file = format!("{file}-{}", i + 1);
                    seen.insert(file.clone());
                }
                Route::generated(format!("contacts/{file}.vcf"))
            })
            .collect()
    }

    /// A processed unit logo: `assets/logos/<key>.<ext>` (the key is a content hash).
    pub fn logo(key: &str, ext: &str) -> Route {
        Route::generated(format!("{ASSETS}logos/{key}.{ext}"))
    }

    /// A theme asset under its published name (`style.3f2a9c1e.css`).
    pub fn asset(published: &str) -> Option<Route> {
        OutputPath::new(format!("{ASSETS}{published}"))
            .ok()
            .map(Route::file)
    }

    /// The output file.
    pub fn path(&self) -> &OutputPath {
        &self.file
    }

    /// The URL path without base path, e.g. `notices/x/`.
    pub fn url_path(&self) -> &str {
        &self.url
    }

    /// Whether the route is under the theme's reserved `assets/` folder.
    pub fn is_under_assets(&self) -> bool {
        self.file.as_str().starts_with(ASSETS)
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::try_from(s.to_string()).unwrap()
    }

    #[test]
    fn page_routes_follow_their_folder() {
        assert_eq!(
            Route::page("info/about.md", &slug("about")).url_path(),
            "info/about/"
        );
        assert_eq!(
            Route::page("about.md", &slug("about")).path().as_str(),
            "about/index.html"
        );
    }

    #[test]
    fn generated_files_have_fixed_places() {
        let notice = Route::notice(&slug("通知"));
        assert_eq!(
            Route::calendar(&notice).path().as_str(),
            "notices/通知/通知.ics"
        );
        assert_eq!(
            Route::roster_download(None, 2024, "csv").path().as_str(),
            "roster/roster-2024.csv"
        );
        let teams = Key::try_from("teams".to_string()).unwrap();
        assert_eq!(
            Route::roster_download(Some(&teams), 2024, "json")
                .path()
                .as_str(),
            "roster/teams/teams-2024.json"
        );
        assert_eq!(
            Route::roster_round(Some(&teams), 2024).url_path(),
            "roster/teams/2024/"
        );
        assert_eq!(Route::guide(Some(&teams)).url_path(), "guide/teams/");
        let tier = Key::try_from("A".to_string()).unwrap();
        assert_eq!(
            Route::roster_share(None, 2025, &tier, 2).path().as_str(),
            "roster/2025/share-A-2.png"
        );
        assert_eq!(
            Route::roster_share(Some(&teams), 2025, &tier, 1).url_path(),
            "roster/teams/2025/share-A-1.png"
        );
        assert_eq!(
            Route::notice_card(&notice).path().as_str(),
            "notices/通知/share.png"
        );
        assert_eq!(Route::search_shard(3, false).url_path(), "search/s/3.json");
        assert_eq!(Route::search_shard(3, true).url_path(), "search/p/3.json");
        assert!(Route::logo("abc", "png").is_under_assets());
        assert_eq!(Route::notice_list(None, 1).url_path(), "notices/");
        assert_eq!(Route::notice_list(None, 3).url_path(), "notices/page/3/");
        assert_eq!(
            Route::notice_list(Some(2025), 1).url_path(),
            "notices/2025/"
        );
        assert_eq!(
            Route::notice_list(Some(2025), 2).path().as_str(),
            "notices/2025/page/2/index.html"
        );
    }

    #[test]
    fn long_and_repeated_contact_names_make_short_distinct_files() {
        let long = "很".repeat(200);
        let routes = Route::vcards(["秦晓磊", "秦晓磊", "", &long]);
        let paths: Vec<&str> = routes.iter().map(|r| r.path().as_str()).collect();
        assert_eq!(
            paths[..3],
            [
                "contacts/秦晓磊.vcf",
                "contacts/秦晓磊-2.vcf",
                "contacts/contact-3.vcf"
            ]
        );
        assert!(paths[3].len() < 200, "{}", paths[3]);
    }
}
