//! Site settings from `data/site.yaml`.

mod deploy;

use std::path::Path;

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::source::read_text;
use crate::yaml::{self, YamlSource};

pub use deploy::{DeploySettings, DeployTarget, Gzip, HeaderRule, glob};

/// Where the settings live, relative to the site root.
pub const SITE_FILE: &str = "data/site.yaml";

/// How units are ordered within a star tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RosterOrder {
    /// By the pinyin of the unit name (ICU `zh` collation), the default.
    #[default]
    Pinyin,
    /// By stroke count (ICU `zh-u-co-stroke`).
    Stroke,
    /// In the order the YAML lists them.
    Manual,
}

impl RosterOrder {
    /// The sentence the roster page shows about its order.
    pub fn note(self) -> &'static str {
        match self {
            RosterOrder::Pinyin => "排名不分先后，按单位名称拼音排序",
            RosterOrder::Stroke => "排名不分先后，按单位名称笔画排序",
            RosterOrder::Manual => "排名不分先后",
        }
    }
}

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
    #[serde(default)]
    deploy: deploy::RawDeploy,
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
    /// Where `bulletin deploy` publishes the site.
    pub deploy: DeploySettings,
}

impl Config {
    /// The URL path prefix, e.g. `/cappvd/` (always starts and ends with `/`).
    pub fn base_path(&self) -> &str {
        self.base_url.path()
    }
}

/// Loads and validates `data/site.yaml` under `root`; `base_url` overrides the file's.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let display = Path::new(SITE_FILE);
    let text = read_text(&root.join(SITE_FILE), display).map_err(|d| vec![d])?;
    let source = YamlSource::whole(display, &text);
    let secrets = deploy::secrets(source);
    if !secrets.is_empty() {
        return Err(secrets);
    }
    let (raw, spans) = yaml::parse::<RawConfig>(source).map_err(|d| vec![d])?;
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
        && let Err(message) = crate::data::validate_email(email)
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
    let deploy = deploy::validate(raw.deploy, &spans, &text, display).unwrap_or_else(|e| {
        errors.extend(e);
        DeploySettings::default()
    });
    let (Some(base_url), Some(timezone), true) = (base_url, timezone, errors.is_empty()) else {
        return Err(errors);
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
        deploy,
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
