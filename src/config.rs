//! Site settings from `data/site.yaml`.

mod brand;
mod deploy;
mod nav;

use std::path::Path;

use jiff::tz::TimeZone;
use serde::Deserialize;

pub use crate::collation::RosterOrder;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::read_text;
use crate::yaml::{self, YamlSource};

pub use brand::{Brand, Colour};
pub use deploy::{DeploySettings, DeployTarget, Gzip, HeaderRule, glob};
pub use nav::{GeneratedPage, NavItem, NavTarget};

/// Where the settings live, relative to the site root.
pub const SITE_FILE: &str = "data/site.yaml";

/// Every key of `data/site.yaml` and what it is, for hints ("did you mean `logos` (the box
/// unit logos are fitted into)?") and the README's settings table.
pub const SITE_KEYS: &[(&str, &str)] = &[
    ("title", "the site's title"),
    ("base_url", "the absolute URL the site is published at"),
    ("language", "the site's language tag"),
    ("timezone", "the time zone of dates"),
    ("publisher", "the organisation that runs the site"),
    ("description", "the site's description"),
    ("contact_email", "the email address in the footer"),
    (
        "registrations",
        "the ICP and public security registrations in the footer",
    ),
    ("roster_order", "the order of units within a tier"),
    ("logos", "the box unit logos are fitted into"),
    ("markdown", "Markdown settings"),
    ("search", "whether the site has a search page"),
    (
        "keep_in_output",
        "names in the output folder that builds keep",
    ),
    (
        "relative_urls",
        "whether pages link each other by relative URLs",
    ),
    ("feed", "whether bulletin writes the Atom feed feed.xml"),
    ("sitemap", "whether bulletin writes sitemap.xml"),
    ("robots_txt", "whether bulletin writes robots.txt"),
    (
        "share_images",
        "whether bulletin draws roster share pictures and notice cards",
    ),
    ("fonts", "the font files share images are drawn with"),
    (
        "precompress",
        "the precompressed siblings (gzip, brotli) of text outputs",
    ),
    (
        "notices_per_page",
        "how many notices one page of the notice list shows",
    ),
    ("nav", "the main navigation"),
    ("logo", "the site's logo, beside its title"),
    ("brand_color", "the theme's accent colour"),
    ("deploy", "where bulletin deploy publishes the site"),
];

/// What happens to raw HTML written inside Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text (the safe default).
    #[default]
    Escape,
    /// Cleaned with `ammonia`: formatting tags are kept, scripts, event handlers, styles
    /// and links other than http, https, mailto and tel are removed.
    Sanitize,
    /// Passed through unchanged: only for sites whose every editor is trusted.
    Allow,
}

/// The box unit logos are fitted into (pixels), keeping their aspect ratio; logos are never
/// enlarged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogoSettings {
    /// Largest width, default 240.
    #[serde(default = "default_logo_width")]
    pub width: u32,
    /// Largest height, default 120.
    #[serde(default = "default_logo_height")]
    pub height: u32,
}

impl Default for LogoSettings {
    fn default() -> Self {
        LogoSettings {
            width: default_logo_width(),
            height: default_logo_height(),
        }
    }
}

fn default_logo_width() -> u32 {
    240
}

fn default_logo_height() -> u32 {
    120
}

/// The smallest and largest side of the logo box.
pub const LOGO_BOX_RANGE: std::ops::RangeInclusive<u32> = 16..=2048;

/// Which share images a build draws (`share_images` in `data/site.yaml`): `true` or `false`
/// for both, or `{ rosters: …, notices: … }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShareImages {
    /// A picture of each tier of each round (split when long), linked from its page.
    pub rosters: bool,
    /// An Open Graph card per notice.
    pub notices: bool,
}

impl Default for ShareImages {
    fn default() -> Self {
        ShareImages {
            rosters: true,
            notices: true,
        }
    }
}

impl ShareImages {
    /// Whether any share image is drawn.
    pub fn any(self) -> bool {
        self.rosters || self.notices
    }
}

impl<'de> Deserialize<'de> for ShareImages {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ShareImages;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`true`, `false` or a map of `rosters` and `notices` to true or false")
            }
            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<ShareImages, E> {
                Ok(ShareImages {
                    rosters: on,
                    notices: on,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ShareImages, A::Error> {
                let mut out = ShareImages::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "rosters" => out.rosters = map.next_value()?,
                        "notices" => out.notices = map.next_value()?,
                        other => {
                            return Err(serde::de::Error::unknown_field(
                                other,
                                &["rosters", "notices"],
                            ));
                        }
                    }
                }
                Ok(out)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// One entry of `fonts` in `data/site.yaml`: a font file or a folder of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FontPath {
    /// As written in the settings.
    pub given: String,
    /// Resolved against the site's folder.
    pub path: std::path::PathBuf,
}

/// The fonts share images are drawn with: the `fonts` setting (files or folders, in order
/// of preference), or, without it, a Chinese font found among the system's fonts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontSettings {
    /// The files and folders of `fonts`, or `None` to search the system's fonts.
    pub paths: Option<Vec<FontPath>>,
    /// Where `fonts` is written, for errors about the fonts it names.
    pub at: Option<crate::diagnostics::Location>,
}

/// Footer registrations required of Chinese government websites; each is optional.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Registrations {
    /// ICP备案号, e.g. `京ICP备12345678号-1`.
    pub icp: Option<String>,
    /// 公安机关备案号, e.g. `京公网安备11010802000001号`.
    pub public_security: Option<String>,
    /// 网站标识码.
    pub site_code: Option<String>,
}

/// Markdown settings.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownSettings {
    /// Raw HTML policy; `escape` unless the site opts in.
    #[serde(default)]
    pub raw_html: RawHtml,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_timezone")]
    timezone: String,
    publisher: String,
    description: Option<String>,
    contact_email: Option<String>,
    #[serde(default)]
    registrations: Registrations,
    #[serde(default)]
    roster_order: RosterOrder,
    #[serde(default)]
    logos: LogoSettings,
    #[serde(default)]
    markdown: MarkdownSettings,
    #[serde(default = "default_search")]
    search: bool,
    #[serde(default = "default_keep")]
    keep_in_output: Vec<String>,
    #[serde(default)]
    relative_urls: bool,
    #[serde(default = "yes")]
    feed: bool,
    #[serde(default = "yes")]
    sitemap: bool,
    #[serde(default = "yes")]
    robots_txt: bool,
    #[serde(default)]
    deploy: deploy::RawDeploy,
    #[serde(default)]
    share_images: ShareImages,
    fonts: Option<Vec<String>>,
    #[serde(default = "default_per_page")]
    notices_per_page: std::num::NonZeroUsize,
    #[serde(default)]
    precompress: Vec<crate::output::compress::Encoding>,
    nav: Option<Vec<nav::RawNavItem>>,
    logo: Option<String>,
    brand_color: Option<String>,
}

fn yes() -> bool {
    true
}

/// How many notices a page of the notice list shows by default: about 25 KB of HTML, and a
/// phone's few screens.
pub const NOTICES_PER_PAGE: std::num::NonZeroUsize = std::num::NonZeroUsize::new(50).unwrap();

fn default_per_page() -> std::num::NonZeroUsize {
    NOTICES_PER_PAGE
}

/// Which site-wide files bulletin writes; a site that publishes its own (a hand-written
/// `robots.txt` under `content/`) turns the generated one off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generate {
    /// The Atom feed of notices, `feed.xml`.
    pub feed: bool,
    /// `sitemap.xml`.
    pub sitemap: bool,
    /// `robots.txt`.
    pub robots_txt: bool,
}

fn default_keep() -> Vec<String> {
    crate::output::DEFAULT_KEEP
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn default_search() -> bool {
    true
}

fn default_language() -> String {
    "zh-CN".to_string()
}

fn default_timezone() -> String {
    "Asia/Shanghai".to_string()
}

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Absolute base URL, always ending in `/`.
    pub base_url: url::Url,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// IANA time zone name.
    pub timezone_name: String,
    /// The resolved time zone.
    pub timezone: TimeZone,
    /// 主办单位.
    pub publisher: String,
    /// Site description.
    pub description: Option<String>,
    /// Contact email shown in the footer.
    pub contact_email: Option<String>,
    /// Footer registrations.
    pub registrations: Registrations,
    /// Roster order within a tier.
    pub roster_order: RosterOrder,
    /// The box unit logos are fitted into.
    pub logos: LogoSettings,
    /// Markdown settings.
    pub markdown: MarkdownSettings,
    /// Whether the site gets the generated search page and index (default: yes).
    pub search: bool,
    /// Names directly inside the output folder that survive every build (`.git`, `CNAME`).
    pub keep_in_output: Vec<String>,
    /// Link pages by URLs relative to each page, naming folders' `index.html`, so the
    /// output can be opened from the file system.
    pub relative_urls: bool,
    /// Which site-wide files bulletin writes.
    pub generate: Generate,
    /// How many notices one page of the notice list (and of each year's list) shows.
    pub notices_per_page: std::num::NonZeroUsize,
    /// The precompressed siblings each text output gets, in order, each once.
    pub precompress: Vec<crate::output::compress::Encoding>,
    /// Warnings about the file.
    pub warnings: Vec<Diagnostic>,
    /// Where `bulletin deploy` publishes the site.
    pub deploy: DeploySettings,
    /// Which share images a build draws.
    pub share_images: ShareImages,
    /// The fonts share images are drawn with.
    pub fonts: FontSettings,
    /// The main navigation, when the site sets it (else the generated pages, in order).
    pub nav: Option<Vec<NavItem>>,
    /// The site's logo: a PNG, JPEG or WebP file, relative to `data/`.
    pub logo: Option<String>,
    /// The theme's accent colours, from `brand_color`.
    pub brand: Option<Brand>,
    /// The file's text and positions, for messages about settings checked later.
    source: std::sync::Arc<(String, yaml::Spans)>,
}

impl Config {
    /// Where the setting at `path` (`language`, `nav.2`) is written in `data/site.yaml`.
    pub fn locate(&self, path: &str) -> Option<crate::diagnostics::Location> {
        let (text, spans) = &*self.source;
        spans.locate(path, text)
    }

    /// The URL path prefix, e.g. `/cappvd/` (always starts and ends with `/`).
    pub fn base_path(&self) -> &str {
        self.base_url.path()
    }
}

/// Loads and validates `data/site.yaml` under `root`; `base_url` overrides the file's.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let display = Path::new(SITE_FILE);
    let path = root.join(SITE_FILE);
    if !path.exists() {
        return Err(Diagnostic::error(display, "the site settings file does not exist")
            .hint(format!(
                "`{}` is not a bulletin site: run bulletin in the site's folder, give it with --root, or create a site with `bulletin init`",
                root.canonicalize().as_deref().unwrap_or(root).display()
            ))
            .into());
    }
    let text = read_text(&path, display)?;
    let source = YamlSource::whole(display, &text).describing(SITE_KEYS);
    let secrets = deploy::secrets(source);
    if !secrets.is_empty() {
        return Err(secrets.into());
    }
    let (raw, spans) = yaml::parse::<RawConfig>(source)?;
    let mut errors = Vec::new();
    let located = |message: String, path: &str| {
        Diagnostic::error(display, message).at_opt(spans.locate(path, &text))
    };

    let base_url = match parse_base_url(base_url.unwrap_or(&raw.base_url)) {
        Ok(url) => Some(url),
        Err(message) if base_url.is_some() => {
            errors.push(Diagnostic::error("--base-url", message));
            None
        }
        Err(message) => {
            errors.push(
                located(message, "base_url")
                    .hint("write an absolute URL such as `https://example.org/cappvd/`"),
            );
            None
        }
    };
    let timezone = match crate::time::time_zone(&raw.timezone) {
        Ok(tz) => Some(tz),
        Err(message) => {
            errors.push(
                located(message, "timezone").hint("use an IANA name such as `Asia/Shanghai`"),
            );
            None
        }
    };
    if raw.language.trim().is_empty() || raw.language.contains(char::is_whitespace) {
        errors.push(
            located(
                format!("`{}` is not a language tag", raw.language),
                "language",
            )
            .hint("use a BCP 47 tag such as `zh-CN`"),
        );
    }
    if let Some(email) = &raw.contact_email
        && let Err(message) = crate::values::validate_email(email)
    {
        errors.push(located(message, "contact_email"));
    }
    for (side, value) in [("width", raw.logos.width), ("height", raw.logos.height)] {
        if !LOGO_BOX_RANGE.contains(&value) {
            errors.push(
                located(
                    format!("a logo {side} of {value} pixels is out of range"),
                    &format!("logos.{side}"),
                )
                .hint(format!(
                    "use {} to {} pixels (default: 240 wide, 120 high)",
                    LOGO_BOX_RANGE.start(),
                    LOGO_BOX_RANGE.end()
                )),
            );
        }
    }
    for (i, name) in raw.keep_in_output.iter().enumerate() {
        if let Err(message) = crate::output::check_kept_name(name) {
            errors.push(
                located(message, &format!("keep_in_output.{i}")).hint(
                    "list names such as `.git` or `CNAME` found directly in the output folder",
                ),
            );
        }
    }
    let fonts = FontSettings {
        paths: raw.fonts.as_ref().map(|fonts| {
            fonts
                .iter()
                .enumerate()
                .map(|(i, given)| {
                    let path = root.join(given);
                    if !path.exists() {
                        errors.push(
                            located(format!("the font `{given}` does not exist"), &format!("fonts.{i}"))
                                .hint("list font files or folders, relative to the site's folder or absolute"),
                        );
                    }
                    FontPath {
                        given: given.clone(),
                        path,
                    }
                })
                .collect()
        }),
        at: spans.locate("fonts", &text),
    };
    let mut warnings = yaml::warnings(source);
    let nav = raw.nav.map(|items| {
        nav::validate(
            items,
            &|path| spans.locate(path, &text),
            display,
            &mut errors,
        )
    });
    if let Some(logo) = &raw.logo
        && (logo.starts_with('/') || logo.split(['/', '\\']).any(|p| p == ".."))
    {
        errors.push(
            located(format!("`{logo}` is not a path under data/"), "logo").hint(
                "put the image under data/ and write its path from there, e.g. `logos/site.png`",
            ),
        );
    }
    let brand = raw.brand_color.as_deref().and_then(|written| {
        let colour = Colour::parse(written)
            .map_err(|message| {
                errors.push(located(message, "brand_color"));
            })
            .ok()?;
        let (brand, shortfalls) = Brand::new(colour);
        for (what, ratio, fix) in shortfalls {
            warnings.push(
                Diagnostic::warning(
                    display,
                    format!(
                        "{what} has a contrast of {ratio:.2}:1, below WCAG AA ({}:1)",
                        brand::AA
                    ),
                )
                .at_opt(spans.locate("brand_color", &text))
                .hint(format!("a darker shade such as `{}` passes", fix.hex())),
            );
        }
        Some(brand)
    });
    let deploy = deploy::validate(raw.deploy, &spans, &text, display).unwrap_or_else(|e| {
        errors.extend(e);
        DeploySettings::default()
    });
    let (Some(base_url), Some(timezone), true) = (base_url, timezone, errors.is_empty()) else {
        return Err(errors.into());
    };
    Ok(Config {
        title: raw.title,
        base_url,
        language: raw.language,
        timezone_name: raw.timezone,
        timezone,
        publisher: raw.publisher,
        description: raw.description,
        contact_email: raw.contact_email,
        registrations: raw.registrations,
        roster_order: raw.roster_order,
        logos: raw.logos,
        markdown: raw.markdown,
        search: raw.search,
        keep_in_output: raw.keep_in_output,
        relative_urls: raw.relative_urls,
        generate: Generate {
            feed: raw.feed,
            sitemap: raw.sitemap,
            robots_txt: raw.robots_txt,
        },
        notices_per_page: raw.notices_per_page,
        precompress: {
            let mut encodings = raw.precompress;
            encodings.sort();
            encodings.dedup();
            encodings
        },
        warnings,
        deploy,
        share_images: raw.share_images,
        fonts,
        nav,
        logo: raw.logo,
        brand,
        source: std::sync::Arc::new((text.clone(), spans)),
    })
}

/// Parses an absolute http(s) base URL and makes its path end with `/`.
pub fn parse_base_url(text: &str) -> Result<url::Url, String> {
    let mut url =
        url::Url::parse(text).map_err(|e| format!("`{text}` is not a valid base URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "the base URL `{text}` must start with http:// or https://"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "the base URL `{text}` must not have a query or fragment"
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_trailing_slash() {
        let url = parse_base_url("https://example.org/cappvd").unwrap();
        assert_eq!(url.path(), "/cappvd/");
        assert!(parse_base_url("ftp://example.org/").is_err());
        assert!(parse_base_url("/relative/").is_err());
    }
}
