//! Fixture sites and helpers for tests/testsuite/roster.rs.

use std::io::Cursor;
use std::process::Command;

use crate::support::{SiteTest, repo_root};

const ROSTER_SITE: &str = "\
title: 名单测试
base_url: https://example.org/
publisher: 测试单位
";

/// Six units; a..c get logos through [`with_logos`]. Each unit is one line, unit `a` on line 5.
const UNITS: &str = "\
kinds:
  - { key: technical-support, name: 技术支撑单位 }
  - { key: governance-cooperation, name: 漏洞治理合作单位 }
units:
  - { id: a, name: 甲单位, short_name: 甲, kind: technical-support, region: 北京, website: https://a.example/ }
  - { id: b, name: 乙单位, kind: governance-cooperation }
  - { id: c, name: 丙单位, kind: technical-support }
  - { id: d, name: 丁单位, short_name: 丁, kind: technical-support }
  - { id: e, name: 戊单位, kind: technical-support, example: true }
  - { id: f, name: 己单位, kind: governance-cooperation }
";

/// 2023 → 2024: a unchanged, b and c upgraded, e new, d left.
/// 2024 → 2025: a and c downgraded, b unchanged, d (back) and f new, e left.
const RATINGS: &str = "\
title: 支撑单位名单
tier_label: 星级
tiers:
  - { key: 3, name: 三星支撑单位, short: 三星, display: stars }
  - { key: 2, name: 二星支撑单位, short: 二星, display: stars }
  - { key: 1, name: 一星支撑单位, short: 一星, display: stars }
rounds:
  - { year: 2023, announced: 2023-12-20, tiers: { 3: [a], 2: [b], 1: [c, d] } }
  - { year: 2024, announced: 2024-12-18, tiers: { 3: [a, b], 2: [c], 1: [e] } }
  - { year: 2025, announced: 2025-12-01, tiers: { 3: [b], 2: [a, d], 1: [c, f] } }
";

/// A site with three rounds and no logos.
pub fn three_rounds() -> SiteTest {
    let site = SiteTest::empty();
    site.file("data/site.yaml", ROSTER_SITE);
    site.file("data/units.yaml", UNITS);
    site.file("data/ratings.yaml", RATINGS);
    site
}

/// Gives units a, b and c logos (`logos/a.png`, `logos/b.jpg`, `logos/c.webp`), each a small
/// PNG, JPEG or WebP until a test writes another.
pub fn with_logos(site: SiteTest) -> SiteTest {
    for (id, file, format) in [
        ("a", "a.png", image::ImageFormat::Png),
        ("b", "b.jpg", image::ImageFormat::Jpeg),
        ("c", "c.webp", image::ImageFormat::WebP),
    ] {
        site.file(&format!("data/logos/{file}"), encode(64, 32, format));
        let line = format!("id: {id}, ");
        site.edit(
            "data/units.yaml",
            &line,
            &format!("id: {id}, logo: logos/{file}, "),
        );
    }
    site
}

/// The 40-unit ordering fixture (`tests/fixtures/roster-order`) with `roster_order: mode`.
pub fn order_site(mode: &str) -> SiteTest {
    let site = SiteTest::empty();
    let fixture = repo_root().join("tests/fixtures/roster-order/data");
    for name in ["site.yaml", "units.yaml", "ratings.yaml"] {
        let text = std::fs::read_to_string(fixture.join(name)).expect("read a fixture");
        site.file(&format!("data/{name}"), text);
    }
    site.edit(
        "data/site.yaml",
        "roster_order: pinyin",
        &format!("roster_order: {mode}"),
    );
    site
}

/// The unit ids of the fixture's one round, as listed in ratings.yaml.
pub fn round_ids(site: &SiteTest) -> Vec<String> {
    site.read("data/ratings.yaml")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .filter(|l| !l.contains(':'))
        .map(str::to_string)
        .collect()
}

/// The unit ids of a roster page's entries, in page order.
pub fn unit_ids_in(page: &str) -> Vec<String> {
    page.split(r#"<li class="unit" id="unit-"#)
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("a closing quote")].to_string())
        .collect()
}

/// The `warning:` lines of what a run printed.
pub fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect()
}

/// An image of `width`×`height` in `format` (JPEG without alpha).
pub fn encode(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([
            (x % 256) as u8,
            (y % 256) as u8,
            120,
            if x < 4 { 0 } else { 255 },
        ])
    });
    let image = match format {
        image::ImageFormat::Jpeg => {
            image::DynamicImage::from(image::DynamicImage::from(image).to_rgb8())
        }
        _ => image::DynamicImage::from(image),
    };
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, format)
        .expect("encode a test image");
    bytes.into_inner()
}

/// Runs `bulletin build` with extra environment variables; asserts success and returns
/// stdout and stderr together.
pub fn build_env(site: &SiteTest, env: &[(&str, &str)]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .arg("--root")
        .arg(site.root())
        .args(["build", "--now", crate::support::NOW])
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .expect("run the bulletin binary");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    text
}

/// A session (what `serve` uses) on `site`.
pub fn session(site: &SiteTest) -> bulletin::pipeline::Session {
    bulletin::pipeline::Session::new(bulletin::Options {
        root: site.root().to_path_buf(),
        now: Some(crate::support::NOW.parse().expect("a date")),
        ..bulletin::Options::default()
    })
}

/// The `change-…` class of unit `id`'s entry on a roster page, if it has one.
pub fn change(page: &str, id: &str) -> Option<String> {
    let rest = &page[page.find(&format!(r#"id="unit-{id}""#))?..];
    let entry = &rest[..rest[1..]
        .find(r#"class="unit""#)
        .map_or(rest.len(), |i| i + 1)];
    let at = entry.find("unit-change change-")? + "unit-change change-".len();
    Some(entry[at..at + entry[at..].find('"')?].to_string())
}

/// The output paths of a session's processed logos.
pub fn logos(session: &bulletin::pipeline::Session) -> Vec<String> {
    session
        .files()
        .into_iter()
        .map(|f| f.path.as_str().to_string())
        .filter(|p| p.starts_with("assets/logos/"))
        .collect()
}

/// A rendered page of a session.
pub fn text_of(session: &bulletin::pipeline::Session, path: &str) -> String {
    session
        .files()
        .into_iter()
        .find(|f| f.path.as_str() == path)
        .and_then(|f| f.as_text().map(|t| t.into_owned()))
        .unwrap_or_else(|| panic!("no page {path}"))
}
