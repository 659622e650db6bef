//! The roster: Chinese ordering (pinyin, stroke, manual) of real-world names, unit logos
//! (fitting, formats, cache, bad files), changes across rounds, and the CSV and JSON
//! downloads. Fixture sites are written into temporary directories.

use crate::support::png_declaring;
use crate::support::roster::{
    build_env, change, encode, logos, order_site, round_ids, text_of, three_rounds, unit_ids_in,
    warnings, with_logos,
};

const NOW: &str = "2025-12-02";

/// The fixture's 40 units in pinyin order: digits first, then Chinese by the reading of
/// each character (polyphonic prefixes by `sort_as` or the built-in readings), Latin last;
/// the two units named 浙江大学 by id.
const PINYIN: &[&str] = &[
    "s360",
    "s58",
    "aliyun",
    "bbc",
    "qihoo",
    "topsec",
    "chaitin",
    "cust",
    "csust",
    "cuit",
    "cqu",
    "cqupt",
    "hit",
    "dbappsecurity",
    "hikvision",
    "huawei",
    "nsfocus",
    "nju",
    "venustech",
    "shanxian-bank",
    "sjtu",
    "ostec",
    "tencent",
    "netease",
    "whu",
    "xidian",
    "xmu",
    "fuyun",
    "xiaomi",
    "yueqing",
    "zengyi",
    "zju-a",
    "zju-b",
    "cesi",
    "icbc",
    "cas-iie",
    "caict",
    "ibm",
    "oppo",
    "vivo",
];

/// The same units in mainland stroke order: by the strokes of each character in turn (count,
/// then sequence 横竖撇点折), digits first and Latin last; `sort_as` in pinyin plays no part.
const STROKE: &[&str] = &[
    "s360",
    "s58",
    "sjtu",
    "xiaomi",
    "icbc",
    "cesi",
    "cas-iie",
    "caict",
    "csust",
    "cust",
    "topsec",
    "chaitin",
    "qihoo",
    "yueqing",
    "xidian",
    "cuit",
    "netease",
    "huawei",
    "venustech",
    "aliyun",
    "whu",
    "dbappsecurity",
    "hikvision",
    "shanxian-bank",
    "nju",
    "hit",
    "cqu",
    "cqupt",
    "bbc",
    "zju-a",
    "zju-b",
    "ostec",
    "tencent",
    "nsfocus",
    "xmu",
    "fuyun",
    "zengyi",
    "ibm",
    "oppo",
    "vivo",
];

#[test]
fn pinyin_order_of_forty_real_world_names() {
    let site = order_site("pinyin");
    let run = site.run(&["build", "--now", NOW]);
    run.success();
    let page = site.read("public/roster/index.html");
    assert_eq!(unit_ids_in(&page), PINYIN);
    assert!(page.contains("排名不分先后，按单位名称拼音排序"));
}

#[test]
fn stroke_order_of_the_same_names() {
    let site = order_site("stroke");
    let run = site.run(&["build", "--now", NOW]);
    run.success();
    // Readings do not matter for strokes: no warnings about polyphonic names.
    assert!(!run.stderr.contains("warning"), "{run}");
    let page = site.read("public/roster/index.html");
    assert_eq!(unit_ids_in(&page), STROKE);
    assert!(page.contains("排名不分先后，按单位名称笔画排序"));
}

#[test]
fn manual_order_is_the_order_of_the_round_in_ratings_yaml() {
    let site = order_site("manual");
    site.run(&["build", "--now", NOW]).success();
    let page = site.read("public/roster/index.html");
    assert_eq!(unit_ids_in(&page), round_ids(&site));
    assert!(page.contains("<strong>说明：</strong>排名不分先后</p>"));
}

#[test]
fn polyphonic_names_without_sort_as_warn_at_their_name() {
    let site = order_site("pinyin");
    let run = site.run(&["check", "--now", NOW]);
    run.success();
    let warnings = warnings(&run.stderr);
    // 重庆大学, 长沙理工大学, 厦门大学, 单县…, 乐清…, 蚌埠学院, 曾益…: not the three with sort_as.
    assert_eq!(warnings.len(), 7, "{run}");
    assert!(run.stderr.contains(
        "warning: unit `csust`: the name starts with 长, which has several readings; \
         it is ordered as `chang2` (built-in reading of 长沙)\n  --> data/units.yaml:18:24"
    ));
    assert!(run.stderr.contains("e.g. `sort_as: xia4`"));
    for quiet in ["cqupt", "cust", "fuyun"] {
        assert!(!run.stderr.contains(&format!("unit `{quiet}`")), "{run}");
    }
}

#[test]
fn a_bad_sort_as_is_a_located_error() {
    let site = order_site("pinyin");
    site.edit("data/units.yaml", "sort_as: xia4men2", "sort_as: xyz");
    let run = site.run(&["check", "--now", NOW]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error: unit `fuyun`: `sort_as`: `xyz` is not a sequence of pinyin syllables"
        ),
        "{run}"
    );
    assert!(run.stderr.contains("--> data/units.yaml:21:"), "{run}");
}

#[test]
fn logos_are_fitted_and_published_as_png_and_webp() {
    let site = with_logos(three_rounds());
    site.file(
        "data/logos/a.png",
        encode(600, 300, image::ImageFormat::Png),
    );
    site.file(
        "data/logos/b.jpg",
        encode(100, 400, image::ImageFormat::Jpeg),
    );
    site.file(
        "data/logos/c.webp",
        encode(50, 40, image::ImageFormat::WebP),
    );
    let run = site.build();
    run.success();
    let page = site.read("public/roster/index.html");
    let files = site.files("public/assets/logos");
    assert_eq!(
        files.len(),
        6,
        "three logos in two formats: {:?}",
        files.keys()
    );
    for (alt, size) in [
        ("甲单位", (240, 120)),
        ("乙单位", (30, 120)),
        ("丙单位", (50, 40)),
    ] {
        let start = page
            .find(&format!(r#"alt="{alt}""#))
            .unwrap_or_else(|| panic!("no logo for {alt}"));
        let picture = &page[page[..start].rfind("<picture>").unwrap()..start];
        let src = |attr: &str| {
            let at = picture.find(attr).unwrap() + attr.len();
            picture[at..at + picture[at..].find('"').unwrap()].to_string()
        };
        let (webp, png) = (src(r#"srcset=""#), src(r#"img src=""#));
        assert!(picture.contains(&format!(r#"width="{}" height="{}""#, size.0, size.1)));
        for (url, format) in [
            (webp, image::ImageFormat::WebP),
            (png, image::ImageFormat::Png),
        ] {
            let name = url.strip_prefix("/assets/logos/").expect("a logo URL");
            let bytes = &files[name];
            assert_eq!(image::guess_format(bytes).unwrap(), format, "{name}");
            let decoded = image::load_from_memory(bytes).unwrap();
            assert_eq!((decoded.width(), decoded.height()), size, "{name}");
        }
    }
    // A unit without a logo gets its short name as text, never a broken image.
    assert!(page.contains(r#"<span class="logo-text" aria-hidden="true">丁</span>"#));
}

#[test]
fn a_second_build_decodes_and_encodes_no_logo() {
    let site = with_logos(three_rounds());
    site.file(
        "data/logos/a.png",
        encode(600, 300, image::ImageFormat::Png),
    );
    site.file(
        "data/logos/b.jpg",
        encode(100, 400, image::ImageFormat::Jpeg),
    );
    site.remove("data/logos/c.webp");
    site.edit("data/units.yaml", ", logo: logos/c.webp", "");
    let first = build_env(&site, &[("BULLETIN_LOG", "debug")]);
    assert!(
        first.contains("debug: logos: 2 decoded and encoded, 0 from the cache"),
        "{first}"
    );
    // Mark the cached files: if the second build re-encoded, the marks would be gone.
    let cache = site.path(".bulletin-cache/logos");
    for entry in std::fs::read_dir(&cache).unwrap() {
        std::fs::write(entry.unwrap().path(), b"cached").unwrap();
    }
    let second = build_env(&site, &[("BULLETIN_LOG", "debug")]);
    assert!(
        second.contains("debug: logos: 0 decoded and encoded, 2 from the cache"),
        "{second}"
    );
    for (name, bytes) in site.files("public/assets/logos") {
        assert_eq!(bytes, b"cached", "{name} was not copied from the cache");
    }
    // A changed logo is processed again, and only that one.
    site.file(
        "data/logos/a.png",
        encode(500, 300, image::ImageFormat::Png),
    );
    let third = build_env(&site, &[("BULLETIN_LOG", "debug")]);
    assert!(
        third.contains("debug: logos: 1 decoded and encoded, 1 from the cache"),
        "{third}"
    );
}

#[test]
fn bad_logos_are_located_errors_naming_the_unit() {
    let truncated = {
        let mut png = encode(300, 300, image::ImageFormat::Png);
        png.truncate(png.len() / 2);
        png
    };
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "bomb",
            png_declaring(60000, 60000),
            "the logo is 60000×60000 pixels, larger than the limit of 8192×8192",
        ),
        (
            "text",
            b"GIF89a, or maybe not".to_vec(),
            "the logo is not a PNG, JPEG or WebP image",
        ),
        ("truncated", truncated, "the logo cannot be decoded"),
    ];
    for (name, bytes, message) in cases {
        let site = with_logos(three_rounds());
        site.file("data/logos/a.png", bytes);
        let run = site.build();
        run.code(1);
        assert!(
            run.stderr.contains(&format!("error: unit `a`: {message}")),
            "{name}: {run}"
        );
        assert!(
            run.stderr.contains("--> data/units.yaml:5:"),
            "{name}: {run}"
        );
        assert!(!site.path("public").exists(), "{name}: nothing is written");
    }
}

#[test]
fn changes_across_three_rounds() {
    let site = three_rounds();
    site.build().success();
    let page = |year: &str| site.read(&format!("public/roster/{year}/index.html"));
    // The first round has nothing to compare with.
    assert_eq!(change(&page("2023"), "a"), None);
    let p2024 = page("2024");
    assert_eq!(change(&p2024, "a").as_deref(), Some("unchanged"));
    assert_eq!(change(&p2024, "b").as_deref(), Some("upgraded"));
    assert_eq!(change(&p2024, "c").as_deref(), Some("upgraded"));
    assert_eq!(change(&p2024, "e").as_deref(), Some("new"));
    assert!(p2024.contains("由二星升为三星"));
    assert!(p2024.contains("与2023年度相比：新入选 1 家，升级 2 家，降级 0 家，保持 1 家，1 家"));
    let left = &p2024[p2024.find(r#"id="left""#).expect("a left section")..];
    assert!(
        left.contains(r#"<a href="/roster/2023/#unit-d">丁单位</a>"#),
        "{left}"
    );
    let p2025 = page("2025");
    assert_eq!(change(&p2025, "a").as_deref(), Some("downgraded"));
    assert_eq!(change(&p2025, "b").as_deref(), Some("unchanged"));
    assert_eq!(change(&p2025, "c").as_deref(), Some("downgraded"));
    assert_eq!(change(&p2025, "d").as_deref(), Some("new"));
    assert_eq!(change(&p2025, "f").as_deref(), Some("new"));
    assert!(p2025.contains(r#"<a href="/roster/2024/#unit-e">戊单位</a>"#));
    // A unit's history links to its entry in every round it is in.
    for year in ["2023", "2024"] {
        assert!(p2025.contains(&format!(
            r#"<a href="/roster/{year}/#unit-a">{year}年度</a>"#
        )));
    }
    assert!(p2025.contains("<strong>2025年度 二星</strong>"));
    assert_eq!(
        site.read("public/roster/index.html")
            .replace("/roster/2025/", "/roster/"),
        p2025.replace("/roster/2025/", "/roster/")
    );
}

#[test]
fn csv_download_has_a_bom_and_quotes_commas_and_quotes() {
    let site = three_rounds();
    site.edit(
        "data/units.yaml",
        "name: 丙单位",
        r#"name: '丙单位,"星河"'"#,
    );
    site.build().success();
    let bytes = std::fs::read(site.path("public/roster/roster-2024.csv")).unwrap();
    // Columns are named with the roster's word for its tiers (星级); each tier has its
    // short name, full name, rank and key.
    let expected = "\u{FEFF}名单,年度,星级,星级名称,星级序号,星级标识,单位名称,简称,单位类型,所在地区,网站,较上一轮,上一轮星级,单位标识,备注\r\n\
        支撑单位名单,2024,三星,三星支撑单位,1,3,甲单位,甲,技术支撑单位,北京,https://a.example/,保持,三星,a,\r\n\
        支撑单位名单,2024,三星,三星支撑单位,1,3,乙单位,,漏洞治理合作单位,,,升级,二星,b,\r\n\
        支撑单位名单,2024,二星,二星支撑单位,2,2,\"丙单位,\"\"星河\"\"\",,技术支撑单位,,,升级,一星,c,\r\n\
        支撑单位名单,2024,一星,一星支撑单位,3,1,戊单位,,技术支撑单位,,,新入选,,e,示例数据\r\n";
    assert_eq!(String::from_utf8(bytes).unwrap(), expected);
    assert!(
        site.read("public/roster/2024/index.html")
            .contains(r#"<a href="/roster/roster-2024.csv" download>"#)
    );
}

#[test]
fn json_download_follows_the_documented_schema() {
    let site = three_rounds();
    site.build().success();
    let text = site.read("public/roster/roster-2025.json");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&json),
        [
            "announced",
            "kinds",
            "left",
            "order",
            "page",
            "previous_year",
            "roster",
            "schema",
            "tiers",
            "title",
            "units",
            "year"
        ]
    );
    assert_eq!(json["schema"], "bulletin.roster/2");
    assert_eq!(
        json["roster"],
        serde_json::json!({ "key": "roster", "title": "支撑单位名单" })
    );
    assert_eq!(
        json["kinds"],
        serde_json::json!([
            { "key": "technical-support", "name": "技术支撑单位", "count": 3 },
            { "key": "governance-cooperation", "name": "漏洞治理合作单位", "count": 2 }
        ])
    );
    assert_eq!(json["year"], 2025);
    assert_eq!(json["announced"], "2025-12-01");
    assert_eq!(json["previous_year"], 2024);
    assert_eq!(json["order"], "pinyin");
    assert_eq!(
        json["tiers"][0],
        serde_json::json!({ "key": "3", "rank": 1, "name": "三星支撑单位", "short": "三星", "count": 1 })
    );
    let a = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "a")
        .unwrap();
    assert_eq!(
        keys(a),
        [
            "change",
            "example",
            "id",
            "kind",
            "kind_name",
            "name",
            "page",
            "previous_tier",
            "region",
            "short_name",
            "tier",
            "tier_rank",
            "website"
        ]
    );
    assert_eq!(
        *a,
        serde_json::json!({
            "id": "a", "name": "甲单位", "short_name": "甲", "kind": "technical-support",
            "kind_name": "技术支撑单位", "region": "北京", "website": "https://a.example/",
            "tier": "2", "tier_rank": 2, "change": "downgraded", "previous_tier": "3", "example": false,
            "page": "https://example.org/roster/2025/#unit-a"
        })
    );
    assert_eq!(
        json["left"],
        serde_json::json!([{ "id": "e", "name": "戊单位", "previous_tier": "1" }])
    );
    let first = site.read("public/roster/roster-2023.json");
    assert!(first.contains(r#""previous_year": null"#) && first.contains(r#""change": null"#));
}

#[test]
fn serve_rebuilds_publish_a_changed_logo() {
    let site = with_logos(three_rounds());
    site.file(
        "data/logos/a.png",
        encode(600, 300, image::ImageFormat::Png),
    );
    let mut session = crate::support::roster::session(&site);
    session.build().expect("first build");
    let before = logos(&session);
    assert_eq!(before.len(), 6, "three logos, two formats each");
    site.file(
        "data/logos/a.png",
        encode(200, 300, image::ImageFormat::Png),
    );
    session
        .update(&[site.path("data/logos/a.png")])
        .expect("update");
    let after = logos(&session);
    assert_eq!(after.len(), 6);
    let gone: Vec<&String> = before.iter().filter(|p| !after.contains(p)).collect();
    let new: Vec<&String> = after.iter().filter(|p| !before.contains(p)).collect();
    assert_eq!(
        (gone.len(), new.len()),
        (2, 2),
        "only a's logo has new names"
    );
    let page = text_of(&session, "roster/index.html");
    assert!(new.iter().all(|p| page.contains(&format!("/{p}"))));
    assert!(
        page.contains(r#"width="80" height="120""#),
        "the new size is shown"
    );
}
