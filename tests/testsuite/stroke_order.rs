//! Mainland stroke order (`roster_order: stroke`) through the real binary: the order on the
//! roster page, the warnings about characters that have no stroke sequence, and `sort_as`
//! in Chinese characters.

use crate::support::roster::{unit_ids_in, warnings};
use crate::support::{Run, SiteTest};

const NOW: &str = "2025-12-02";

/// Share images are off: these names use characters beyond the test font (WenQuanYi
/// Micro Hei has no 㑇), which would be an error there (tests/testsuite/share.rs).
const SITE: &str = "\
title: 笔画排序测试
base_url: https://example.org/
publisher: 测试单位
roster_order: stroke
share_images: false
";

/// A site with `units` (id, name, extra YAML fields), all in one tier of one round.
fn site_with(units: &[(&str, &str, &str)]) -> SiteTest {
    let site = SiteTest::empty();
    site.file("data/site.yaml", SITE);
    let mut yaml =
        String::from("kinds: [{ key: technical-support, name: 技术支撑单位 }]\nunits:\n");
    for (id, name, extra) in units {
        yaml.push_str(&format!(
            "  - {{ id: {id}, name: {name}, kind: technical-support{extra} }}\n"
        ));
    }
    site.file("data/units.yaml", yaml);
    let ids: Vec<&str> = units.iter().map(|u| u.0).collect();
    site.file(
        "data/ratings.yaml",
        format!(
            "tiers:\n  - {{ key: 1, name: 一星支撑单位, short: 一星, display: stars }}\nrounds:\n  - {{ year: 2025, announced: 2025-12-01, tiers: {{ 1: [{}] }} }}\n",
            ids.join(", ")
        ),
    );
    site
}

/// Runs `check`, which must succeed.
fn check(site: &SiteTest) -> Run {
    let run = site.run(&["check", "--now", NOW]);
    run.success();
    run
}

/// Builds and returns the unit ids of the roster page, in page order.
fn page_order(site: &SiteTest) -> Vec<String> {
    site.run(&["build", "--now", NOW]).success();
    unit_ids_in(&site.read("public/roster/index.html"))
}

#[test]
fn the_first_stroke_decides_where_icu_went_wrong() {
    // Listed in reverse: 上 (竖) came before 大 (横) under ICU's stroke collation.
    let site = site_with(&[
        ("wang", "王府井集团股份有限公司", ""),
        ("feng", "丰台科技园发展有限公司", ""),
        ("shanghai", "上海铭远信息技术研究院", ""),
        ("dalian", "大连磐石信息技术集团有限公司", ""),
        ("gong", "工业和信息化部电子第五研究所", ""),
        ("san", "三一重工股份有限公司", ""),
    ]);
    assert_eq!(
        page_order(&site),
        ["san", "gong", "dalian", "shanghai", "feng", "wang"]
    );
    assert!(
        site.read("public/roster/index.html")
            .contains("排名不分先后，按单位名称笔画排序")
    );
}

#[test]
fn characters_without_a_sequence_warn_once_at_the_first_unit() {
    let site = site_with(&[
        ("beijing", "北京大学", ""),
        ("biao-a", "𬳶山信息技术有限公司", ""),
        ("zhou", "㑇山科技有限公司", ""),
        ("biao-b", "𬳶山网络安全研究院", ""),
    ]);
    let run = check(&site);
    assert_eq!(warnings(&run.stderr).len(), 2, "{run}");
    assert!(
        run.stderr.contains(
            "warning: unit `biao-a`: 𬳶 (U+2CCF6) has no stroke sequence in bulletin's data; \
             stroke order puts it after the characters of 8 strokes that have one (ICU's \
             stroke count) (also in `biao-b`)\n --> data/units.yaml:4:25"
        ),
        "{run}"
    );
    assert!(
        run.stderr.contains("warning: unit `zhou`: 㑇 (U+3447)"),
        "{run}"
    );
    // 㑇 (7 strokes by ICU's count) after 北 (5), 𬳶 (8) after it; then 网 (6) before 信 (9).
    assert_eq!(page_order(&site), ["beijing", "zhou", "biao-b", "biao-a"]);
    // In pinyin order the warnings do not apply.
    site.edit(
        "data/site.yaml",
        "roster_order: stroke",
        "roster_order: pinyin",
    );
    let run = check(&site);
    assert!(!run.stderr.contains("stroke sequence"), "{run}");
}

#[test]
fn sort_as_in_chinese_characters_places_a_name_and_silences_the_warning() {
    let site = site_with(&[
        ("biao", "𬳶山信息技术有限公司", ", sort_as: 上"),
        ("da", "大连理工大学", ""),
        ("shan", "山东大学", ""),
        ("chongqing", "重庆大学", ", sort_as: chong2qing4"),
        ("changsha", "长沙理工大学", ""),
    ]);
    let run = check(&site);
    assert!(warnings(&run.stderr).is_empty(), "{run}");
    // 𬳶 is ordered as 上 (211): after 大 (134), before 山 (252). A pinyin `sort_as`
    // changes nothing: 重 (9 strokes) stays after 长 (4).
    assert_eq!(
        page_order(&site),
        ["da", "biao", "shan", "changsha", "chongqing"]
    );
}
