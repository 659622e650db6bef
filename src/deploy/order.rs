//! The order of uploads, so a reader never gets a page whose stylesheet, script, logo or
//! search file is missing, even while a deploy runs or after one was killed.
//!
//! Uploads go in [`Tier`]s; every upload of a tier has succeeded before the next tier
//! starts, and deletions come after the last tier (and only if every upload succeeded).
//! At any moment the bucket therefore holds, for each page, either the old page with its
//! old (not yet deleted) files, or the new page with every file of the tiers before it.

/// The stage of a deploy an upload belongs to, in upload order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Files that reference nothing: images, fonts, unit logos, attachments, downloads,
    /// calendars, vCards.
    Leaf,
    /// Stylesheets and scripts, which reference images and fonts.
    Style,
    /// Pages that are not on the server yet; nothing links to them until the tiers after.
    NewPage,
    /// Search shards and document files (document files link to pages, new ones included).
    SearchData,
    /// `search/index.json`, after the shards and document files it describes.
    SearchManifest,
    /// Pages that replace a page on the server: they may link new pages, new stylesheets,
    /// new downloads and the new search manifest.
    Page,
    /// `feed.xml`, `sitemap.xml` and `robots.txt`, which list pages.
    Index,
}

impl Tier {
    /// Every tier, in order.
    pub const ALL: [Tier; 7] = [
        Tier::Leaf,
        Tier::Style,
        Tier::NewPage,
        Tier::SearchData,
        Tier::SearchManifest,
        Tier::Page,
        Tier::Index,
    ];

    /// The tier of the file at `path` (inside the output); `new` when the server has no
    /// object there yet.
    pub fn of(path: &str, new: bool) -> Tier {
        let ext = super::headers::extension(path);
        match path {
            "feed.xml" | "sitemap.xml" | "robots.txt" => Tier::Index,
            "search/index.json" => Tier::SearchManifest,
            _ if ext == "html" || ext == "htm" => {
                if new {
                    Tier::NewPage
                } else {
                    Tier::Page
                }
            }
            _ if ext == "json"
                && ["search/s/", "search/p/", "search/d/"]
                    .iter()
                    .any(|dir| path.starts_with(dir)) =>
            {
                Tier::SearchData
            }
            _ if ext == "css" || ext == "js" || ext == "mjs" => Tier::Style,
            _ => Tier::Leaf,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referenced_files_come_before_the_files_that_reference_them() {
        let logo = Tier::of("assets/logos/0123456789abcdef0123.png", true);
        let css = Tier::of("assets/style.3f2a9c1e.css", true);
        let new_page = Tier::of("notices/x/index.html", true);
        let shard = Tier::of("search/s/12.json", false);
        let docs = Tier::of("search/d/0.json", false);
        let manifest = Tier::of("search/index.json", false);
        let page = Tier::of("index.html", false);
        let feed = Tier::of("feed.xml", false);
        assert!(logo < css && css < new_page && new_page < shard);
        assert_eq!(shard, docs);
        assert_eq!(Tier::of("search/p/12.json", false), shard);
        assert!(docs < manifest && manifest < page && page < feed);
        assert_eq!(Tier::of("roster/roster-2025.csv", true), Tier::Leaf);
        assert_eq!(Tier::of("notices/feed.xml", false), Tier::Leaf);
        assert_eq!(Tier::ALL.iter().filter(|t| **t < Tier::Index).count(), 6);
    }
}
