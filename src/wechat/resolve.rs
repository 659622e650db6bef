//! The site's side of the export: which notice a command line names, what the body's links
//! and images point at, and where in the Markdown a remote image is written.

use std::path::Path;

use percent_encoding::percent_decode_str;
use url::Url;

use super::ImageSrc;
use super::transform::{ImageRule, LinkRule, Resolve};
use crate::diagnostics::{Diagnostic, Location};
use crate::site::{Entry, Site};

/// The host whose links survive in an article: other Official Account articles.
pub const WECHAT_HOST: &str = "mp.weixin.qq.com";

/// Why a notice could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// No notice or page has that slug or file; the closest slug, if one is close.
    Unknown(Option<String>),
    /// The file exists but is not published at this "now" (a draft or scheduled).
    Unpublished,
}

/// The notice (or page) that `name` names: a slug (`2025-cappvd-call`), or the path of its
/// Markdown file (relative to the working directory, the site root or `content/`).
pub fn find<'a>(site: &'a Site, name: &str) -> Result<&'a Entry, Lookup> {
    let entries = || site.notices.iter().chain(&site.pages);
    let slug_of = |e: &'a Entry| {
        e.route
            .url_path()
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
    };
    if !name.ends_with(".md") {
        if let Some(e) = entries().find(|e| slug_of(e) == name) {
            return Ok(e);
        }
        let best = crate::diagnostics::did_you_mean(name, entries().map(slug_of));
        return Err(Lookup::Unknown(best.map(str::to_string)));
    }
    let content = site.root.join("content");
    let wanted: Vec<_> = [
        Path::new(name).to_path_buf(),
        site.root.join(name),
        content.join(name),
    ]
    .into_iter()
    .filter_map(|p| p.canonicalize().ok())
    .collect();
    let same = |relative: &str| {
        content
            .join(relative)
            .canonicalize()
            .is_ok_and(|c| wanted.contains(&c))
    };
    if let Some(e) = entries().find(|e| same(&e.doc.path)) {
        return Ok(e);
    }
    if !wanted.is_empty() {
        return Err(Lookup::Unpublished);
    }
    let stem = Path::new(name)
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    let best = crate::diagnostics::did_you_mean(&stem, entries().map(|e| e.doc.path.as_str()));
    Err(Lookup::Unknown(best.map(|p| format!("content/{p}"))))
}

/// Resolves links and images against the site and the notice's own URL.
pub(super) struct SiteResolver<'a> {
    site: &'a Site,
    /// The document's interface text.
    ui: &'a crate::lang::Strings,
    /// The notice's absolute URL: relative links are relative to it.
    page: Url,
    image_src: ImageSrc<'a>,
}

impl<'a> SiteResolver<'a> {
    pub(super) fn new(site: &'a Site, entry: &'a Entry, image_src: ImageSrc<'a>) -> Self {
        let base = &site.config.base_url;
        let page = base
            .join(entry.route.url_path())
            .unwrap_or_else(|_| base.clone());
        SiteResolver {
            site,
            ui: &entry.language.ui,
            page,
            image_src,
        }
    }

    /// The path under `content/` that `url` is, when it is a file of this site.
    fn content_file(&self, url: &Url) -> Option<String> {
        let base = &self.site.config.base_url;
        if url.origin() != base.origin() {
            return None;
        }
        let rest = url.path().strip_prefix(base.path())?;
        let file = percent_decode_str(rest).decode_utf8().ok()?.into_owned();
        self.site.has_file(&file).then_some(file)
    }
}

impl Resolve for SiteResolver<'_> {
    fn link(&self, href: &str) -> LinkRule {
        if href.is_empty() || href.starts_with('#') {
            return LinkRule::Text;
        }
        let Ok(url) = self.page.join(href) else {
            return LinkRule::Text;
        };
        if !matches!(url.scheme(), "http" | "https") {
            return LinkRule::Text;
        }
        let mut bare = url.clone();
        bare.set_fragment(None);
        if bare == self.page {
            // A link to a place on this page: the article has no anchors.
            return LinkRule::Text;
        }
        if url.host_str() == Some(WECHAT_HOST) {
            return LinkRule::Keep(url.into());
        }
        LinkRule::Reference(readable(&url))
    }

    fn term_colon(&self) -> &str {
        self.ui.text("list.colon")
    }

    fn image(&self, src: &str) -> ImageRule {
        match self.page.join(src).ok().and_then(|u| self.content_file(&u)) {
            Some(file) => ImageRule::Local {
                src: (self.image_src)(&file),
                file,
            },
            None => ImageRule::Remote(src.to_string()),
        }
    }
}

/// `url` as people read it: percent-encoded non-ASCII characters (Chinese slugs) shown as
/// themselves when that names the same URL.
fn readable(url: &Url) -> String {
    let text = url.as_str();
    match percent_decode_str(text).decode_utf8() {
        Ok(decoded)
            if !decoded.chars().any(char::is_whitespace)
                && Url::parse(&decoded).is_ok_and(|u| u.as_str() == text) =>
        {
            decoded.into_owned()
        }
        _ => text.to_string(),
    }
}

/// The error for a remote image of `entry`, at the Markdown line that holds it (or at the
/// file, when it comes from a template).
pub(super) fn remote_image(site: &Site, entry: &Entry, src: &str) -> Diagnostic {
    let source = entry.doc.source().ok();
    let decoded = percent_decode_str(src).decode_utf8_lossy().into_owned();
    let local = src.trim_start_matches(site.config.base_path()).to_string();
    let place = [src.to_string(), decoded, local]
        .into_iter()
        .filter(|c| !c.is_empty())
        .find_map(|c| {
            let source = source.as_ref()?;
            let text = source.text();
            source
                .body()
                .find(c.as_str())
                .map(|i| i + source.body_offset())
                .map(|i| Location::from_offsets(text, i, i + c.len()))
        });
    let d = Diagnostic::error(
        &entry.doc.display,
        format!("image `{src}` is not a file of this site: the WeChat editor refuses images from other sites"),
    )
    .at_opt(place.clone());
    let hint = "download the image into content/ and link it by its path: `bulletin export wechat` lists local images to upload in the editor";
    match place {
        Some(_) => d.hint(hint),
        None => d.hint(format!(
            "{hint} (this image comes from a template or shortcode)"
        )),
    }
}
