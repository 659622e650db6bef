//! `bulletin check`: one fixture per rule it adds to the build's own validation.

use crate::support::SiteTest;

const NOTICE: &str = "content/notices/2025-cappvd-call.md";

fn append(site: &SiteTest, text: &str) {
    let body = site.read(NOTICE) + text;
    site.file(NOTICE, body);
}

#[test]
fn example_site_passes() {
    let site = SiteTest::example();
    let run = site.check();
    run.success();
    assert!(
        run.stdout.contains("0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
}

#[test]
fn missing_anchor_on_the_same_page_is_located() {
    let site = SiteTest::example();
    append(&site, "\n见[条件](#二遴选条件)与[错误](#不存在的标题)。\n");
    let run = site.check();
    run.code(1);
    assert!(
        run.stderr
            .contains("the page has no anchor `#不存在的标题`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/notices/2025-cappvd-call.md:55:"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("no anchor `#二遴选条件`"),
        "an existing anchor is fine"
    );
}

#[test]
fn missing_anchor_on_another_page() {
    let site = SiteTest::example();
    append(&site, "\n见[指南](/guide/#没有这一节)。\n");
    let run = site.check();
    run.code(1);
    assert!(run.stderr.contains("/guide/#没有这一节"), "{}", run.stderr);
}

#[test]
fn link_to_a_missing_page() {
    let site = SiteTest::example();
    append(&site, "\n见[旧页面](/old-page/)。\n");
    let run = site.check();
    run.code(1);
    assert!(
        run.stderr.contains("no such page or file"),
        "{}",
        run.stderr
    );
}

#[test]
fn remote_images_warn_and_name_wechat() {
    let site = SiteTest::example();
    append(
        &site,
        "\n![](https://mmbiz.qpic.cn/sz_mmbiz_png/x/640?wx_fmt=png)\n",
    );
    let run = site.check();
    run.success();
    assert!(
        run.stderr.contains("warning: remote image"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("WeChat"), "{}", run.stderr);
    site.run(&["check", "--now", crate::support::NOW, "--deny-warnings"])
        .code(1);
}

#[test]
fn units_in_no_round_and_unused_logos_warn() {
    let site = SiteTest::example();
    let units = site.read("data/units.yaml")
        + "  - { id: lonely, name: 示例单位孤, kind: technical-support, example: true }\n";
    site.file("data/units.yaml", units);
    site.file("data/logos/unused.png", b"not really a png");
    let run = site.check();
    run.success();
    assert!(
        run.stderr
            .contains("unit `lonely` (示例单位孤) is in no round of any roster"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("data/logos/unused.png"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_groups_by_file() {
    let site = SiteTest::example();
    append(&site, "\n[错误](#不存在)\n");
    let run = site.run(&["check", "--now", crate::support::NOW, "--format", "json"]);
    run.code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 1);
    let file = &report["files"][0];
    assert_eq!(file["file"], NOTICE);
    assert_eq!(file["diagnostics"][0]["severity"], "error");
    assert!(file["diagnostics"][0]["line"].as_u64().is_some());
}

#[test]
fn an_empty_tier_and_a_call_no_notice_announces_warn() {
    let site = SiteTest::second_example();
    site.edit(
        "data/rosters/support.yaml",
        "      D: [wuxing]\n",
        "      D: []\n",
    );
    site.file(
        "data/calls/training-2026.yaml",
        "title: 2026年度培训支撑单位征集\ndeadline: 2026-04-30\nroster: support\n\
         conditions:\n  - { title: 培训能力, text: 具备培训能力。 }\n\
         steps:\n  - { title: 提交材料, text: 提交材料。 }\n",
    );
    let run = site.run(&["check", "--now", "2026-02-10"]);
    run.success();
    for warning in [
        "tier `D` (D类技术支撑单位) has no units in the current round, 2025",
        "call `training-2026` is announced by no notice",
        "add `call: training-2026` to the front matter",
    ] {
        assert!(run.stderr.contains(warning), "{warning}: {}", run.stderr);
    }
    site.run(&["check", "--now", "2026-02-10", "--deny-warnings"])
        .code(1);
}
