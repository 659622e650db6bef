//! Share images: the roster pictures (one per tier, a long tier split over several) and
//! the notice cards. Their sizes, their text fitting its boxes (measured with the layout's
//! own fonts), a comparison with reviewed golden pictures, the split of a long tier, the
//! errors for missing fonts and characters, the cache, and byte-identical rebuilds.

use std::path::{Path, PathBuf};

use crate::support::roster::{build_env, three_rounds, with_logos};
use crate::support::{SiteTest, assert_failed, built, repo_root, snapshot};
use bulletin::share::Fonts;
use bulletin::share::fonts::Script;
use bulletin::share::layout::{self, LogoInput, RosterInput, UnitInput};

/// The font the golden pictures were drawn with (Debian's fonts-wqy-microhei, which
/// `.ci/run` installs). Without it the tests that need it are skipped, and fail under CI.
const WQY: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

fn wqy() -> Option<PathBuf> {
    let path = PathBuf::from(WQY);
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{WQY} is missing (apt-get install fonts-wqy-microhei)"
    );
    eprintln!("SKIPPED: {WQY} is missing (apt-get install fonts-wqy-microhei)");
    None
}

/// Pins the site's fonts to WenQuanYi Micro Hei, so pictures do not depend on the machine.
/// Copies `tests/fixtures/fonts/<fixture>` into the site as `fonts/<name>` and names it
/// under `fonts:`.
fn use_fixture_font(site: &SiteTest, fixture: &str, name: &str) {
    let font = repo_root().join("tests/fixtures/fonts").join(fixture);
    site.file(&format!("fonts/{name}"), std::fs::read(font).unwrap());
    let text = site.read("data/site.yaml");
    site.file("data/site.yaml", format!("{text}fonts: [fonts/{name}]\n"));
}

fn pin_fonts(site: &SiteTest, font: &Path) {
    let text = site.read("data/site.yaml");
    site.file(
        "data/site.yaml",
        format!("{text}fonts: [\"{}\"]\n", font.display()),
    );
}

/// Width and height of a PNG.
fn size(png: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .expect("a share image is a PNG");
    (image.width(), image.height())
}

fn shares(files: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    files
        .keys()
        .filter(|p| p.ends_with(".png") && p.contains("share"))
        .map(String::as_str)
        .collect()
}

#[test]
fn each_tier_of_each_round_and_each_notice_gets_a_picture_of_the_documented_size() {
    let site = SiteTest::example();
    let files = built(&site);
    assert_eq!(
        shares(&files),
        [
            "notices/2025-cappvd-call/share.png",
            "roster/2023/share-1-1.png",
            "roster/2023/share-2-1.png",
            "roster/2023/share-3-1.png",
            "roster/2024/share-1-1.png",
            "roster/2024/share-2-1.png",
            "roster/2024/share-3-1.png",
        ]
    );
    // 2024: three stars 2 units, two stars 3, one star 5.
    for (path, units) in [
        ("roster/2024/share-3-1.png", 2),
        ("roster/2024/share-2-1.png", 3),
        ("roster/2024/share-1-1.png", 5),
    ] {
        assert_eq!(
            size(&files[path]),
            (layout::ROSTER_WIDTH, layout::roster_height(units)),
            "{path}"
        );
    }
    assert_eq!(size(&files["roster/2024/share-1-1.png"]).0, 1080);
    assert_eq!(
        size(&files["notices/2025-cappvd-call/share.png"]),
        (1200, 630)
    );
    // The round's page links its pictures; the notice's page names its card.
    let roster = String::from_utf8(files["roster/2024/index.html"].clone()).unwrap();
    assert!(roster.contains("下载分享图"), "{roster}");
    for tier in ["3", "2", "1"] {
        let link = format!(r#"href="/cappvd/roster/2024/share-{tier}-1.png" download"#);
        assert!(roster.contains(&link), "{link}");
    }
    let current = String::from_utf8(files["roster/index.html"].clone()).unwrap();
    assert!(current.contains(r#"href="/cappvd/roster/2024/share-3-1.png""#));
    let notice = String::from_utf8(files["notices/2025-cappvd-call/index.html"].clone()).unwrap();
    for meta in [
        r#"<meta property="og:image" content="https://example.org/cappvd/notices/2025-cappvd-call/share.png">"#,
        r#"<meta property="og:image:width" content="1200">"#,
        r#"<meta property="og:image:height" content="630">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
    ] {
        assert!(notice.contains(meta), "{meta}");
    }
    let home = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(!home.contains("og:image"), "only notices have a card");
}

#[test]
fn several_rosters_put_their_pictures_beside_each_round() {
    let site = SiteTest::second_example();
    let files = built(&site);
    let pictures = shares(&files);
    for path in [
        "roster/support/2025/share-A-1.png",
        "roster/support/2025/share-D-1.png",
        "roster/support/2024/share-B-1.png",
        "roster/teams/2025/share-core-1.png",
        "roster/teams/2025/share-reserve-1.png",
        "notices/teams-2026/share.png",
    ] {
        assert!(pictures.contains(&path), "{path} in {pictures:?}");
    }
    let page = String::from_utf8(files["roster/teams/2025/index.html"].clone()).unwrap();
    assert!(page.contains(r#"href="/roster/teams/2025/share-core-1.png" download>骨干</a>"#));
}

#[test]
fn share_images_can_be_turned_off_in_part_or_whole() {
    let site = SiteTest::example();
    site.file(
        "data/site.yaml",
        site.read("data/site.yaml") + "share_images: { notices: false }\n",
    );
    let files = built(&site);
    assert_eq!(shares(&files).len(), 6);
    assert!(!shares(&files).iter().any(|p| p.starts_with("notices/")));
    let notice = String::from_utf8(files["notices/2025-cappvd-call/index.html"].clone()).unwrap();
    assert!(!notice.contains("og:image"));
    site.edit(
        "data/site.yaml",
        "share_images: { notices: false }",
        "share_images: false",
    );
    let files = built(&site);
    assert!(shares(&files).is_empty());
    let roster = String::from_utf8(files["roster/index.html"].clone()).unwrap();
    assert!(!roster.contains("下载分享图"));
}

#[test]
fn a_300_unit_tier_is_split_evenly_over_13_pictures() {
    let site = SiteTest::empty();
    site.file(
        "data/site.yaml",
        "title: 名单测试\nbase_url: https://example.org/\npublisher: 测试单位\n",
    );
    let mut units = String::from("units:\n");
    let mut ids = Vec::new();
    for i in 0..300 {
        units.push_str(&format!("  - {{ id: u{i}, name: 测试单位{i:03} }}\n"));
        ids.push(format!("u{i}"));
    }
    site.file("data/units.yaml", units);
    site.file(
        "data/ratings.yaml",
        format!(
            "title: 名单\ntiers:\n  - {{ key: big, name: 一级 }}\n  - {{ key: small, name: 二级 }}\nrounds:\n  - {{ year: 2025, tiers: {{ big: [{}], small: [] }} }}\n",
            ids.join(", ")
        ),
    );
    let files = built(&site);
    let pictures = shares(&files);
    // 300 units at most 24 a picture: 13 pictures, one of 24 units and twelve of 23 (eight
    // rows each); the empty tier has none.
    assert_eq!(layout::PER_PICTURE, 24);
    assert_eq!(pictures.len(), 13, "{pictures:?}");
    for n in 1..=13 {
        let path = format!("roster/2025/share-big-{n}.png");
        assert_eq!(
            size(&files[&path]),
            (1080, layout::roster_height(if n == 1 { 24 } else { 23 })),
            "{path}"
        );
    }
    let page = String::from_utf8(files["roster/2025/index.html"].clone()).unwrap();
    assert!(page.contains("一级（13/13）"), "{page}");
}

/// Names of every shape: long Chinese, a long Latin word, mixed text with brackets and
/// punctuation, one character, and one far too long for its cell.
const NAMES: &[&str] = &[
    "中国电子信息产业集团有限公司第六研究所",
    "北京奇虎科技有限公司",
    "国家计算机网络与信息安全管理中心（国家互联网应急中心）上海分中心",
    "Supercalifragilisticexpialidocious Security Laboratory Incorporated",
    "360数字安全科技集团有限公司",
    "甲",
    "深信服科技股份有限公司，网络安全与云计算联合实验室；“漏洞研究”小组",
    "上海交通大学网络空间安全学院 & School of Cyber Science and Engineering",
    "某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某",
];

#[test]
fn no_name_overflows_its_cell_by_the_layouts_own_measure() {
    let Some(font) = wqy() else { return };
    let fonts =
        Fonts::from_files(&[font], Script::Chinese).expect("WenQuanYi has Chinese characters");
    let units: Vec<UnitInput<'_>> = NAMES
        .iter()
        .cycle()
        .take(layout::PER_PICTURE)
        .enumerate()
        .map(|(i, name)| UnitInput {
            id: "u",
            name,
            short: name,
            logo: (i % 2 == 0).then(|| LogoInput {
                href: "logo:x".into(),
                width: 240,
                height: 60 + (i as u32 * 7) % 100,
            }),
            example: false,
        })
        .collect();
    let input = RosterInput {
        title: "2025年度国家信息安全漏洞库技术支撑单位与漏洞治理合作单位名单（第一批）",
        heading: "★★★ 三星支撑单位".into(),
        subheading: "共 300 家 · 第 1/13 张".into(),
        units,
        note: "排名不分先后，按单位名称拼音排序",
        remark: None,
        footer: "CAPPVD漏洞库支撑单位遴选",
    };
    let picture = layout::roster(&fonts, &input);
    let inside = |text: &layout::Text, what: &str| {
        let area = text.area;
        assert!(!text.lines.is_empty(), "{what}: no lines");
        assert!(
            text.lines.len() as f64 * text.line_height <= area.height + 0.01,
            "{what}: {} lines of {} px do not fit {} px",
            text.lines.len(),
            text.line_height,
            area.height
        );
        for line in &text.lines {
            // Measure again, with the same fonts, independently of the stored width.
            let width: f64 = fonts
                .advances(&line.text)
                .iter()
                .map(|&a| f64::from(a))
                .sum::<f64>()
                * text.size;
            assert!((width - line.width).abs() < 0.05, "{what}: {line:?}");
            assert!(
                line.x >= area.x - 0.01 && line.x + width <= area.x + area.width + 0.01,
                "{what}: `{}` is {width} px wide at {}, outside {:?}",
                line.text,
                line.x,
                area
            );
            let top = line.y - f64::from(fonts.ascent()) * text.size;
            let bottom = line.y + f64::from(fonts.descent()) * text.size;
            assert!(
                top >= area.y - 0.5 && bottom <= area.y + area.height + 0.5,
                "{what}: `{}` leaves its box vertically",
                line.text
            );
        }
    };
    for (cell, name) in picture.cells.iter().zip(NAMES.iter().cycle()) {
        inside(&cell.name, name);
        // Cells do not overlap the grid's edges.
        assert!(cell.area.x + cell.area.width <= picture.grid.x + picture.grid.width + 0.01);
        let kept: String = cell.name.lines.iter().map(|l| l.text.as_str()).collect();
        if cell.name.cut {
            assert!(kept.ends_with('…'), "{kept}");
        } else {
            // Nothing lost but the spaces at breaks.
            assert_eq!(kept.replace(' ', ""), name.replace(' ', ""));
        }
        if let Some(short) = &cell.short {
            inside(short, name);
        }
        if let Some(logo) = &cell.logo {
            assert!(logo.x >= cell.area.x && logo.x + logo.width <= cell.area.x + cell.area.width);
            assert!(logo.y >= cell.area.y && logo.y + logo.height <= cell.name.area.y);
        }
    }
    // The far too long name is cut; the others fit whole, shrinking where needed.
    assert!(picture.cells[8].name.cut);
    assert!(!picture.cells[2].name.cut);
    assert!(
        picture
            .cells
            .iter()
            .any(|c| !c.name.cut && c.name.size < picture.cells[1].name.size),
        "some long name is set smaller to fit whole"
    );
    for block in [
        &picture.title,
        &picture.heading,
        &picture.subheading,
        &picture.note,
        &picture.footer,
    ] {
        inside(block, "a heading");
    }
    // A line never starts with a closing mark.
    for cell in &picture.cells {
        for line in &cell.name.lines {
            assert!(!line.text.starts_with(['，', '；', '）', '”']), "{line:?}");
        }
    }
}

/// Compares a PNG with a golden one within a tolerance (font rasterisation may move by a
/// shade between versions): the same size, at most 0.5 % of pixels off by more than 24 in
/// a channel, and a mean difference under 1.5. `GOLDEN=overwrite` writes the golden file.
#[track_caller]
fn assert_like_golden(png: &[u8], name: &str) {
    let path = repo_root().join("tests/golden").join(name);
    if std::env::var_os("GOLDEN").is_some_and(|v| v == "overwrite") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, png).unwrap();
    }
    let golden = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (GOLDEN=overwrite writes it)", path.display()));
    let decode = |bytes: &[u8]| {
        image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
            .unwrap()
            .to_rgba8()
    };
    let (actual, expected) = (decode(png), decode(&golden));
    assert_eq!(actual.dimensions(), expected.dimensions(), "{name}: size");
    let (mut off, mut total) = (0usize, 0u64);
    for (a, b) in actual.pixels().zip(expected.pixels()) {
        let diff =
            a.0.iter()
                .zip(b.0)
                .map(|(x, y)| x.abs_diff(y))
                .max()
                .unwrap();
        total += u64::from(diff);
        off += usize::from(diff > 24);
    }
    let pixels = (actual.width() * actual.height()) as usize;
    let mean = total as f64 / pixels as f64;
    assert!(
        off * 200 <= pixels && mean < 1.5,
        "{name}: {off} of {pixels} pixels differ, mean difference {mean:.2} (look at it, then GOLDEN=overwrite if the change is meant)"
    );
}

/// The roster fixture with logos, a notice with a deadline, and WenQuanYi pinned.
fn golden_site(font: &Path) -> SiteTest {
    let site = with_logos(three_rounds());
    pin_fonts(&site, font);
    site.file(
        "content/notices/call.md",
        "---\ntitle: 关于开展2025年度网络安全技术支撑单位（第二批）遴选工作的通知\ndate: 2025-01-22 10:51\nissuer: 测试评测中心\ndeadline: 2025-03-05\n---\n正文。\n",
    );
    site
}

#[test]
fn pictures_match_the_reviewed_golden_images() {
    let Some(font) = wqy() else { return };
    let site = golden_site(&font);
    let files = built(&site);
    // 2025, two stars: unit a with its logo, unit d with its short name.
    assert_like_golden(&files["roster/2025/share-2-1.png"], "roster-2025-2.png");
    // 即将截止: four days before the deadline.
    assert_like_golden(&files["notices/call/share.png"], "notice-card.png");
}

#[test]
fn a_second_build_draws_nothing_and_a_change_draws_only_its_pictures() {
    let site = SiteTest::example();
    let first = build_env(&site, &[("BULLETIN_LOG", "debug")]);
    assert!(
        first.contains("debug: share images: 7 drawn, 0 from the cache"),
        "{first}"
    );
    // Mark the cached pictures: if the second build drew again, the marks would be gone.
    let cache = site.path(".bulletin-cache/share");
    let mut cached = 0;
    for entry in std::fs::read_dir(&cache).unwrap() {
        std::fs::write(entry.unwrap().path(), b"cached").unwrap();
        cached += 1;
    }
    assert_eq!(cached, 7);
    let second = build_env(&site, &[("BULLETIN_LOG", "debug")]);
    assert!(
        second.contains("debug: share images: 0 drawn, 7 from the cache"),
        "{second}"
    );
    for path in shares(&site.files("public")) {
        assert_eq!(site.files("public")[path], b"cached", "{path}");
    }
    // 示例单位甲 is in both rounds' three-star tier: two pictures change.
    site.edit("data/units.yaml", "name: 示例单位甲", "name: 示例单位甲一");
    let third = build_env(&site, &[("BULLETIN_LOG", "debug")]);
    assert!(
        third.contains("debug: share images: 2 drawn, 5 from the cache"),
        "{third}"
    );
}

#[test]
fn two_builds_without_a_cache_give_the_same_bytes() {
    let a = SiteTest::second_example();
    let b = SiteTest::second_example();
    let (one, two) = (built(&a), built(&b));
    assert!(!shares(&one).is_empty());
    for path in shares(&one) {
        assert!(one[path] == two[path], "{path} differs between builds");
    }
    // One thread or many: the same pictures.
    std::fs::remove_dir_all(b.path(".bulletin-cache")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .arg("--root")
        .arg(b.root())
        .args(["build", "--now", crate::support::NOW])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let three = b.files("public");
    for path in shares(&one) {
        assert!(one[path] == three[path], "{path} differs with one thread");
    }
}

#[test]
fn fonts_without_chinese_characters_are_a_located_error() {
    let site = SiteTest::example();
    let before = built(&site);
    use_fixture_font(&site, "latin-only.ttf", "latin-only.ttf");
    let run = site.build();
    assert_failed(
        &site,
        &before,
        &run,
        &[
            "data/site.yaml:",
            "fonts",
            "Chinese characters",
            "share_images: false",
        ],
    );
    snapshot("share/latin_only_font", &run.stderr);
    // A folder with no font in it: the same error, never a picture drawn with boxes.
    site.remove("fonts/latin-only.ttf");
    site.edit(
        "data/site.yaml",
        "fonts: [fonts/latin-only.ttf]",
        "fonts: [fonts]",
    );
    let run = site.build();
    assert_failed(&site, &before, &run, &["`fonts` names no font file"]);
}

/// An English site needs Latin letters, not Chinese characters: a font without Chinese
/// draws its pictures; a Chinese character in one is then that picture's error.
#[test]
fn an_english_site_draws_with_a_latin_font() {
    let site = SiteTest::english_example();
    use_fixture_font(&site, "latin-only.ttf", "latin-only.ttf");
    // The fixture's glyphs are boxes: a title's ink covers a good part of its card.
    let inked = |files: &std::collections::BTreeMap<String, Vec<u8>>| {
        let card = &files["notices/partners-2027/share.png"];
        let card = image::load_from_memory(card).unwrap().to_rgb8();
        let ground = card.get_pixel(card.width() - 5, card.height() / 2).0;
        (
            card.pixels().filter(|p| p.0 != ground).count(),
            card.len() / 3,
        )
    };
    let title = "title: Call for accessibility partners, 2027";
    site.edit("content/notices/partners-2027.md", title, "title: I");
    let (short, _) = inked(&built(&site));
    site.edit("content/notices/partners-2027.md", "title: I", title);
    let files = built(&site);
    let (long, pixels) = inked(&files);
    assert!(
        long > short + pixels / 50,
        "the title is drawn: {short} -> {long}"
    );
    assert!(shares(&files).len() > 1, "{:?}", shares(&files));

    let before = files;
    site.edit(
        "content/notices/partners-2027.md",
        title,
        "title: Call for accessibility partners (合作伙伴), 2027",
    );
    let run = site.build();
    assert_failed(
        &site,
        &before,
        &run,
        &["合", "U+5408", "no share font has", "fonts:"],
    );
}

/// A font the rasteriser cannot load (no PostScript name) is named as such, not reported
/// as a font without the site's characters.
#[test]
fn a_font_without_names_is_named_in_the_error() {
    let site = SiteTest::english_example();
    let before = built(&site);
    use_fixture_font(&site, "no-postscript-name.ttf", "unnamed.ttf");
    let run = site.build();
    assert_failed(
        &site,
        &before,
        &run,
        &["data/site.yaml:", "fonts/unnamed.ttf", "PostScript name"],
    );
}

#[test]
fn a_character_no_font_has_is_an_error_not_a_box() {
    let Some(font) = wqy() else { return };
    let site = SiteTest::example();
    pin_fonts(&site, &font);
    let before = built(&site);
    // U+20BB7 (the 𠮷 of 𠮷野家) is outside WenQuanYi Micro Hei.
    site.edit(
        "data/units.yaml",
        "name: 示例单位甲",
        "name: 𠮷野家示例单位",
    );
    let run = site.build();
    assert_failed(
        &site,
        &before,
        &run,
        &["𠮷", "U+20BB7", "no share font has", "fonts:"],
    );
}

#[test]
fn a_share_template_can_be_overridden() {
    let site = SiteTest::example();
    site.file(
        "templates/share/notice.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ height }}"><rect width="{{ width }}" height="{{ height }}" fill="#003366"/>{% for line in title.lines %}<text x="{{ line.x }}" y="{{ line.y }}" font-size="{{ title.size }}" font-family="{{ font.family }}" fill="#fff">{{ line.text }}</text>{% endfor %}</svg>"##,
    );
    let files = built(&site);
    let card = image::load_from_memory(&files["notices/2025-cappvd-call/share.png"])
        .unwrap()
        .to_rgb8();
    assert_eq!(card.get_pixel(5, 5).0, [0x00, 0x33, 0x66]);
    // A template that writes no SVG is an error at the template.
    site.file("templates/share/notice.svg", "not svg");
    let run = site.build();
    run.code(1);
    assert!(
        run.stderr.contains("templates/share/notice.svg") && run.stderr.contains("not valid SVG"),
        "{run}"
    );
}

/// Pictures speak the site's language and cards their notice's; both take the brand colour.
/// The templates below write valid SVG only when the words are the expected ones, so a
/// picture in the wrong language fails the build.
#[test]
fn pictures_speak_the_sites_language_and_take_its_brand_colour() {
    let site = SiteTest::english_example();
    site.file(
        "templates/share/roster.svg",
        r##"{% if tier.key == "gold" and year == 2026 and subheading.lines[0].text != "2 units" %}wrong words: {{ subheading.lines[0].text }}{% else %}<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ height }}"><rect width="{{ width }}" height="{{ height }}" fill="{{ accent }}"/></svg>{% endif %}"##,
    );
    site.file(
        "templates/share/notice.svg",
        r##"{% if status and lang == "en" and not ("· Deadline " in status.lines[0].text) %}wrong words: {{ status.lines[0].text }}{% else %}<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ height }}"><rect width="{{ width }}" height="{{ height }}" fill="{{ accent }}"/></svg>{% endif %}"##,
    );
    let files = built(&site);
    let gold = image::load_from_memory(&files["roster/2026/share-gold-1.png"])
        .unwrap()
        .to_rgb8();
    // brand_color: "#0b5d7a" in the fixture's site.yaml.
    assert_eq!(gold.get_pixel(5, 5).0, [0x0b, 0x5d, 0x7a]);
    assert!(files.contains_key("notices/partners-2027/share.png"));
}
