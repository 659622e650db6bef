//! Bad input. Every case exits 1, says where the problem is (file:line:column with the
//! source line and a caret where the input has lines), and leaves a previously built
//! `public/` byte-identical. Each case's stderr is a snapshot in
//! `tests/snapshots/errors/<case>.txt`; refresh them with
//! `SNAPSHOTS=overwrite cargo test --test testsuite errors::` and read the diff.

use crate::support::{NOW, SiteTest, assert_failed, assert_same_tree, built, snapshot};

const SITE: &str = "data/site.yaml";
const UNITS: &str = "data/units.yaml";
const RATINGS: &str = "data/ratings.yaml";
const CONTACTS: &str = "data/contacts.yaml";
const NOTICE: &str = "content/notices/2025-cappvd-call.md";

fn example() -> SiteTest {
    SiteTest::example()
}

/// The default theme's `name` with `from` replaced by `to`, written as the site's override.
#[track_caller]
fn broken_template(site: &SiteTest, name: &str, from: &str, to: &str) {
    let text =
        std::fs::read_to_string(crate::support::repo_root().join("templates").join(name)).unwrap();
    assert!(text.contains(from), "templates/{name} lacks {from:?}");
    site.file(&format!("templates/{name}"), text.replacen(from, to, 1));
}

// ---- YAML syntax and types (data/*.yaml) ----

case! {
    yaml_syntax_error: |t| t.edit(UNITS, "  - { id: example-b", "   - { id: example-b");
    "data/units.yaml:16:4", "did not find expected '-' indicator"
}

// YAML folds the over-indented line into the value above it.
case! {
    yaml_over_indented_key: |t| t.edit(RATINGS, "    announced: 2024-12-18", "     announced: 2024-12-18");
    "data/ratings.yaml:29:11"
}

case! {
    yaml_unclosed_flow_mapping: |t| t.edit(UNITS, "region: 广东, example: true }", "region: 广东, example: true");
    "data/units.yaml:17:103"
}

case! {
    yaml_unclosed_quote: |t| t.edit(UNITS, "name: 示例单位甲", "name: \"示例单位甲");
    "data/units.yaml:15:28", "quoted scalar"
}

#[test]
fn yaml_unclosed_quote_points_at_the_quote() {
    let site = example();
    site.edit(UNITS, "name: 示例单位甲", "name: \"示例单位甲");
    let run = site.build();
    run.code(1);
    assert!(run.stderr.contains("--> data/units.yaml:15:"), "{run}");
    assert!(
        !run.stderr.contains(" at line "),
        "a position inside the message: {run}"
    );
}

case! {
    yaml_duplicate_key: |t| t.edit(NOTICE, "source: CAPPVD漏洞库\n", "source: CAPPVD漏洞库\ntitle: 重复的标题\n");
    "content/notices/2025-cappvd-call.md:2:1", "duplicate field `title`"
}

case! {
    wrong_type: |t| t.edit(RATINGS, "year: 2023", "year: 二〇二三");
    "data/ratings.yaml:23:11", "expected i32"
}

case! {
    empty_data_file: |t| t.file(CONTACTS, "");
    "data/contacts.yaml:1:1", "the YAML is empty"
}

// Reported as a missing key on line 2 of a one-line file.
case! {
    data_file_with_only_comments: |t| t.file("data/call.yaml", "# The call: to be written.\n");
    "data/call.yaml:2:1", "missing field `conditions`"
}

// ---- data/site.yaml ----

case! {
    site_unknown_key_did_you_mean: |t| t.edit(SITE, "description:", "descripton:");
    "data/site.yaml:7:1", "unknown field `descripton`", "did you mean `description` (the site's description)?"
}

case! {
    site_missing_required_field: |t| t.edit(SITE, "publisher: 中国软件评测中心（工业和信息化部软件与集成电路促进中心）\n", "");
    "data/site.yaml:2:1", "missing field `publisher`"
}

case! {
    site_bad_base_url: |t| t.edit(SITE, "base_url: https://example.org/cappvd/", "base_url: example.org/cappvd");
    "data/site.yaml:3:11"
}

case! {
    site_unknown_roster_order: |t| t.edit(SITE, "roster_order: pinyin", "roster_order: pinyn");
    "data/site.yaml:15:15", "did you mean `pinyin`?"
}

// ---- data/units.yaml and data/ratings.yaml ----

case! {
    missing_required_field: |t| t.edit(UNITS, "name: 示例单位乙, ", "");
    "data/units.yaml:16:5", "missing field `name`"
}

case! {
    unit_of_an_unknown_kind: |t| t.edit(UNITS, "short_name: 示例乙, kind: technical-support,", "short_name: 示例乙, kind: technical-suport,");
    "data/units.yaml:16:", "kind of unit `technical-suport` is not defined", "did you mean `technical-support`?"
}

case! {
    duplicate_kind_key: |t| t.edit(UNITS, "key: governance-cooperation", "key: technical-support");
    "data/units.yaml:12:", "kind of unit `technical-support` is defined twice"
}

// A unit without a kind, in a roster whose units have kinds: located at the round entry.
case! {
    unit_without_a_kind_in_a_roster_with_kinds: |t| t.edit(UNITS, "short_name: 示例乙, kind: technical-support,", "short_name: 示例乙,");
    "data/ratings.yaml:", "unit `example-b` has no `kind`"
}

case! {
    duplicate_unit_id: |t| {
        let units = t.read(UNITS);
        t.file(UNITS, format!("{units}  - {{ id: example-c, name: 重复单位, kind: technical-support }}\n"));
    };
    "data/units.yaml:25:11", "duplicate unit id `example-c`", "first defined on line 17"
}

case! {
    rating_names_unknown_unit: |t| t.edit(RATINGS, "2: [example-c, example-d,", "2: [example-c, exmaple-d,");
    "data/ratings.yaml:33:22", "did you mean `example-d`?"
}

// Points at the 3-star entry (line 26) although the edit was in the 1-star tier (line 28).
case! {
    unit_in_two_tiers_of_one_round: |t| t.edit(RATINGS, "1: [example-d, example-e, example-f]", "1: [example-d, example-e, example-a]");
    "data/ratings.yaml:26:11", "`example-a` is in two tiers of round 2023"
}

// The layout from before tiers were data gets the exact line to write instead.
case! {
    tier_in_the_old_layout: |t| t.edit(RATINGS, "  - key: 1\n", "  - stars: 1\n");
    "data/ratings.yaml:", "`stars:` is no longer a tier field", "`- { key: 1, name: 一星支撑单位, short: 一星, display: stars }`"
}

case! {
    round_names_an_unknown_tier: |t| t.edit(RATINGS, "3: [example-a, example-b]", "4: [example-a, example-b]");
    "data/ratings.yaml:", "tier `4` is not defined", "the keys are: 3, 2, 1"
}

case! {
    duplicate_tier_key: |t| t.edit(RATINGS, "  - key: 2\n", "  - key: 3\n");
    "data/ratings.yaml:", "tier `3` is defined twice"
}

case! {
    call_names_an_unknown_kind: |t| t.edit("data/call.yaml", "technical-support:", "technical-suport:");
    "data/call.yaml:", "kind of unit `technical-suport` is not defined", "did you mean `technical-support`?"
}

case! {
    notice_names_an_unknown_call: |t| t.edit(NOTICE, "call: cappvd-2025", "call: cappvd-2052");
    "content/notices/2025-cappvd-call.md:9:7", "call `cappvd-2052` is not defined", "did you mean `cappvd-2025`?"
}

case! {
    notice_of_a_call_with_its_own_deadline: |t| t.edit(NOTICE, "call: cappvd-2025", "call: cappvd-2025\ndeadline: 2025-09-30");
    "content/notices/2025-cappvd-call.md:10:", "takes the call's deadline", "data/call.yaml"
}

#[test]
fn nested_rejected_value_is_located_at_the_value() {
    let site = example();
    site.edit(RATINGS, "3: [example-a]", "3: [Example-A]");
    let run = site.build();
    run.code(1);
    assert!(
        run.stderr.contains("`Example-A` is not a valid unit id"),
        "{run}"
    );
    assert!(run.stderr.contains("--> data/ratings.yaml:"), "{run}");
    assert!(run.stderr.contains("3: [Example-A]"), "{run}");
}

// ---- data/contacts.yaml ----

case! {
    malformed_phone: |t| t.edit(CONTACTS, "18833065221", "1883306522x");
    "data/contacts.yaml:8:14", "`1883306522x` is not a valid phone number"
}

case! {
    malformed_email: |t| t.edit(CONTACTS, "email: cappvd@cstc.org.cn", "email: cappvd#cstc.org.cn");
    "data/contacts.yaml:9:8", "`cappvd#cstc.org.cn` is not a valid email address"
}

case! {
    javascript_url: |t| t.edit(CONTACTS, "application_url: https://cappvd.org.cn/home/special", "application_url: \"javascript:alert(1)\"");
    "data/contacts.yaml:13:18", "not `javascript:`"
}

// ---- front matter ----

case! {
    impossible_date: |t| t.edit(NOTICE, "date: 2025-01-22 10:51", "date: 2025-02-30 10:51");
    "content/notices/2025-cappvd-call.md:3:7", "`2025-02-30 10:51` is not a valid date"
}

case! {
    unknown_front_matter_key: |t| t.edit(NOTICE, "addressee:", "adressee:");
    "content/notices/2025-cappvd-call.md:5:1", "did you mean `addressee`?"
}

case! {
    unterminated_front_matter: |t| t.edit(NOTICE, "written: 2025-01-22\n---\n", "written: 2025-01-22\n");
    "content/notices/2025-cappvd-call.md:1:1", "the front matter is not closed"
}

case! {
    file_without_front_matter: |t| t.file("content/notices/bare.md", "各有关单位：\n\n正文。\n");
    "content/notices/bare.md:1:1", "does not start with front matter"
}

case! {
    notice_without_date: |t| t.edit(NOTICE, "date: 2025-01-22 10:51\n", "");
    "content/notices/2025-cappvd-call.md:1:1", "a notice needs a publication `date`"
}

case! {
    duplicate_slug: |t| t.file("content/notices/copy.md", "---\ntitle: 副本\ndate: 2025-01-23\nslug: 2025-cappvd-call\n---\n副本。\n");
    "content/notices/copy.md:4:7", "two sources would write `notices/2025-cappvd-call/index.html`"
}

case! {
    slug_with_slash: |t| t.edit(NOTICE, "category:", "slug: 2025/call\ncategory:");
    "content/notices/2025-cappvd-call.md:6:7", "`2025/call` cannot be a slug"
}

case! {
    missing_attachment: |t| t.edit(NOTICE, "credits:", "attachments:\n  - file: files/申报表.docx\n    label: 附件1：申报表\ncredits:");
    "content/notices/2025-cappvd-call.md:11:11", "attachment `files/申报表.docx` does not exist"
}

case! {
    page_collides_with_a_generated_page: |t| t.file("content/guide.md", "---\ntitle: 指南\n---\n正文。\n");
    "--> content/guide.md", "two sources would write `guide/index.html`"
}

#[test]
fn content_file_cannot_replace_a_theme_asset() {
    let site = example();
    let before = built(&site);
    site.file("content/assets/style.css", "/* not the theme */\n");
    let run = site.build();
    assert_failed(
        &site,
        &before,
        &run,
        &["content/assets/style.css", "assets/style.css"],
    );
}

// ---- Markdown bodies ----

case! {
    non_utf8_markdown: |t| t.file("content/notices/gbk.md", b"---\ntitle: gbk\ndate: 2025-01-01\n---\n\xd6\xd0\xce\xc4\n".as_slice());
    "content/notices/gbk.md:5:1", "not valid UTF-8", "GBK"
}

case! {
    link_to_missing_md: |t| t.edit(NOTICE, "汇聚各方力量", "汇聚[各方](2024-call.md)力量");
    "content/notices/2025-cappvd-call.md:23:37", "content/notices/2024-call.md does not exist"
}

case! {
    unknown_shortcode: |t| t.edit(NOTICE, "{{ contacts() }}", "{{ contact() }}");
    "content/notices/2025-cappvd-call.md:49:1", "unknown shortcode `contact`", "did you mean `contacts`?"
}

case! {
    shortcode_unknown_argument: |t| t.edit(NOTICE, "{{ roster(year=2024) }}", "{{ roster(yaer=2024) }}");
    "content/notices/2025-cappvd-call.md:53:1", "no argument `yaer`"
}

case! {
    shortcode_malformed_arguments: |t| t.edit(NOTICE, "{{ roster(year=2024) }}", "{{ roster(year=) }}");
    "content/notices/2025-cappvd-call.md:53:1", "malformed shortcode"
}

case! {
    shortcode_round_does_not_exist: |t| t.edit(NOTICE, "{{ roster(year=2024) }}", "{{ roster(year=2019) }}");
    "content/notices/2025-cappvd-call.md:53:1", "the rounds are: 2023, 2024"
}

// ---- templates/ ----

case! {
    template_syntax_error: |t| broken_template(t, "notice.html", "{{ notice.source }}", "{{ notice.source }");
    "templates/notice.html:13:70"
}

// Tera reads on into the next line and complains about `<div>` there.
case! {
    template_unclosed_tag: |t| broken_template(t, "notice.html", "{%- if notice.source %}", "{%- if notice.source %");
    "templates/notice.html:13:11"
}

// Tera reports the `{% endblock %}` that it did not expect.
case! {
    template_missing_endif: |t| broken_template(t, "notice.html", "{%- endif %}", "");
    "templates/notice.html:109:4", "Unknown tag"
}

case! {
    template_unknown_tag: |t| broken_template(t, "notice.html", "{%- if notice.source %}", "{%- iff notice.source %}");
    "templates/notice.html:12:11", "Unknown tag"
}

case! {
    template_undefined_variable: |t| broken_template(t, "404.html", "<h1>{{ title }}</h1>", "<h1>{{ titel }}</h1>");
    "templates/404.html:5:10", "Variable `titel` is not defined"
}

// Reported for the notice that uses the shortcode and for the apply page that includes it.
case! {
    shortcode_template_error: |t| broken_template(t, "shortcodes/process.html", "{{ step.title }}", "{{ step.name }}");
    "content/notices/2025-cappvd-call.md:45:1", "templates/shortcodes/process.html:6:106"
}

#[test]
fn unknown_filter_is_located_in_its_template() {
    let site = example();
    let filtered = "{{ notice.source | nosuchfilter }}";
    broken_template(&site, "notice.html", "{{ notice.source }}", filtered);
    let run = site.build();
    run.code(1);
    assert!(
        run.stderr.contains("--> templates/notice.html:13:"),
        "{run}"
    );
    assert!(!run.stderr.contains("<default theme>"), "{run}");
}

#[test]
fn missing_parent_template_names_the_child() {
    let site = example();
    let extends = r#"{% extends "base.html" %}"#;
    broken_template(&site, "notice.html", extends, r#"{% extends "bse.html" %}"#);
    let run = site.build();
    run.code(1);
    assert!(run.stderr.contains("--> templates/notice.html"), "{run}");
    assert!(!run.stderr.contains("<default theme>"), "{run}");
}

// ---- several errors in one run ----

case! {
    errors_in_several_files_are_reported_together: |t| {
        t.edit(UNITS, "name: 示例单位乙, ", "");
        t.edit(NOTICE, "addressee:", "adressee:");
        broken_template(t, "notice.html", "{{ notice.source }}", "{{ notice.source }");
    };
    "data/units.yaml:16:5", "content/notices/2025-cappvd-call.md:5:1", "templates/notice.html:13:70",
    "\n3 errors\n"
}

case! {
    errors_while_rendering_are_reported_together: |t| {
        t.edit(NOTICE, "{{ contacts() }}", "{{ contact() }}");
        t.file("content/notices/other.md", "---\ntitle: 另一则\ndate: 2025-01-01\n---\n见[不存在](nowhere.md)。\n");
    };
    "content/notices/2025-cappvd-call.md:49:1", "content/notices/other.md:5:2", "\n2 errors\n"
}

// ---- a content file where bulletin writes ----

case! {
    content_file_shadows_a_vcard: |t| t.file("content/contacts/秦晓磊.vcf", "BEGIN:VCARD\r\nEND:VCARD\r\n");
    "--> content/contacts/秦晓磊.vcf", "two sources would write `contacts/秦晓磊.vcf`", "the vCard of 秦晓磊"
}

case! {
    content_file_shadows_robots_txt: |t| t.file("content/robots.txt", "User-agent: *\n");
    "--> content/robots.txt", "two sources would write `robots.txt`", "robots_txt: false"
}

case! {
    content_file_inside_the_search_folder: |t| t.file("content/search/extra.json", "{}");
    "--> content/search/extra.json", "inside a folder bulletin writes", "search: false"
}

case! {
    page_inside_the_assets_folder: |t| t.file("content/assets/about.md", "---\ntitle: 关于\n---\n正文。\n");
    "--> content/assets/about.md", "inside a folder bulletin writes: the theme's folder assets/"
}

#[test]
fn a_site_may_publish_its_own_robots_txt_and_feed() {
    let site = example();
    site.file("content/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    site.file("content/feed.xml", "<feed/>");
    site.edit(
        SITE,
        "roster_order: pinyin",
        "roster_order: pinyin\nrobots_txt: false\nfeed: false",
    );
    site.build().success();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n"
    );
    assert_eq!(site.read("public/feed.xml"), "<feed/>");
    let home = site.read("public/index.html");
    assert!(
        !home.contains("application/atom+xml"),
        "no link to a feed bulletin did not write"
    );
}

// ---- mistakes new editors make ----

// A Chinese input method types full-width punctuation: the message names the character.
case! {
    fullwidth_colon_in_front_matter: |t| t.edit(NOTICE, "category: 支撑单位遴选", "category：支撑单位遴选");
    "content/notices/2025-cappvd-call.md:6:9", "full-width colon `：`", "`category: 支撑单位遴选`"
}

case! {
    fullwidth_colon_in_site_settings: |t| t.edit(SITE, "publisher: ", "publisher：");
    "data/site.yaml:6:10", "full-width colon `：`"
}

case! {
    fullwidth_comma_in_a_list: |t| t.edit(CONTACTS, "phones: [\"18510844188\"]", "phones: [18510844188，18811112222]");
    "data/contacts.yaml:5:25", "full-width comma `，`", "`phones: [18510844188, 18811112222]`"
}

case! {
    shortcode_inside_a_line: |t| t.edit(NOTICE, "各有关单位：", "各有关单位：名单见 {{ roster(year=2024) }}。");
    "content/notices/2025-cappvd-call.md:", "is inside a line of text", "{{/* roster(year=2024) */}}"
}

// One template error that breaks every page is one error, naming how many pages it broke.
case! {
    template_error_in_every_page_is_reported_once: |t| broken_template(t, "base.html", "{{ assets.css }}", "{{ assets.csss }}");
    "templates/base.html:", "while rendering 11 pages", "\n1 error\n"
}

#[test]
fn a_list_of_one_item_with_a_fullwidth_comma_is_a_warning() {
    let site = example();
    site.edit(
        NOTICE,
        "tags: [支撑单位遴选, CAPPVD, 漏洞治理]",
        "tags: [一级，二级]",
    );
    let run = site.build();
    run.success();
    assert!(run.stderr.contains("this list has one item"), "{run}");
    snapshot("errors/fullwidth_comma_warning", &run.stderr);
}

#[test]
fn chinese_dates_and_deadline_times_are_accepted_and_shown() {
    let site = example();
    site.edit(
        "data/call.yaml",
        "deadline: 2025-08-31",
        "deadline: 2025年8月31日 17:00",
    );
    site.build().success();
    let notice = site.read("public/notices/2025-cappvd-call/index.html");
    assert!(notice.contains("2025年8月31日 17:00"), "the time is shown");
    let home = site.read("public/index.html");
    assert!(
        home.contains("2025年8月31日 17:00"),
        "the time is shown in lists"
    );
}

#[test]
fn a_missing_root_is_named() {
    let site = SiteTest::empty();
    let run = site.run_bare(site.root(), &["--root", "nosuchdir", "build"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("the site directory `nosuchdir` does not exist"),
        "{run}"
    );
    let run = site.run(&["build"]);
    run.code(1);
    snapshot("errors/not_a_site", &run.stderr);
}

#[test]
fn suggestions_say_what_the_suggested_key_is() {
    // serde stops at the first unknown field: one mistake per build.
    for (typo, hint) in [
        (
            "logo_size: { width: 100 }",
            "did you mean `logos` (the box unit logos are fitted into)?",
        ),
        (
            "brand_colour: \"#123456\"",
            "did you mean `brand_color` (the theme's accent colour)?",
        ),
    ] {
        let site = example();
        site.edit(
            SITE,
            "roster_order: pinyin",
            &format!("roster_order: pinyin\n{typo}"),
        );
        let run = site.build();
        run.code(1);
        assert!(run.stderr.contains(hint), "{hint}: {run}");
    }
}

#[test]
fn counts_have_one_rule_and_the_right_plural() {
    let site = SiteTest::minimal();
    let run = site.run(&["-v", "build", "--now", NOW]);
    run.success();
    assert!(run.stdout.contains("Built 5 pages, 1 image, "), "{run}");
    assert!(
        run.stderr
            .contains("1 notice, 0 standalone pages, 0 scheduled notices"),
        "{run}"
    );
}

// ---- the command ----

#[test]
fn check_reports_the_same_errors_and_writes_nothing() {
    let site = example();
    site.edit(NOTICE, "addressee:", "adressee:");
    let run = site.check();
    run.code(1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("--> content/notices/2025-cappvd-call.md:5:1"),
        "{run}"
    );
    assert!(
        run.stderr
            .starts_with("content/notices/2025-cappvd-call.md: 1 error, 0 warnings\n"),
        "{run}"
    );
    assert!(
        run.stderr
            .ends_with("checked: 1 error, 0 warnings in 1 file.\n"),
        "{run}"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn failed_first_build_creates_no_output() {
    let site = example();
    site.edit(NOTICE, "addressee:", "adressee:");
    site.build().code(1);
    let entries: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries.len(), 2, "only content/ and data/: {entries:?}");
}

#[test]
fn output_path_is_a_file() {
    let site = example();
    let before = built(&site);
    site.file("out", "not a directory\n");
    let run = site.run(&["build", "--now", NOW, "--output", "out"]);
    run.code(1);
    assert_eq!(site.read("out"), "not a directory\n");
    assert_same_tree(&before, &site.files("public"), "public/");
    assert!(
        run.stderr.contains("Build failed; out was not changed."),
        "{run}"
    );
    snapshot("errors/output_path_is_a_file", &run.stderr);
}

// ---- accepted input ----

#[test]
fn bom_and_crlf_are_accepted() {
    let site = example();
    for file in [SITE, UNITS, RATINGS, CONTACTS, NOTICE] {
        let text = site.read(file).replace('\n', "\r\n");
        site.file(file, format!("\u{feff}{text}"));
    }
    let run = site.build();
    run.success();
    assert_eq!(run.stderr, "", "{run}");
    let plain = example();
    plain.build().success();
    assert_same_tree(
        &plain.files("public"),
        &site.files("public"),
        "a BOM/CRLF build",
    );
}

#[test]
fn bom_and_crlf_keep_error_positions() {
    let site = example();
    let text = site.read(NOTICE).replace("addressee:", "adressee:");
    site.file(NOTICE, format!("\u{feff}{}", text.replace('\n', "\r\n")));
    let run = site.build();
    run.code(1);
    assert!(
        run.stderr
            .contains("--> content/notices/2025-cappvd-call.md:5:1"),
        "{run}"
    );
    assert!(!run.stderr.contains('\r'), "{run}");
}

#[test]
fn deadline_before_date_is_a_warning() {
    let site = example();
    site.edit(
        "data/call.yaml",
        "deadline: 2025-08-31",
        "deadline: 2024-08-31",
    );
    let run = site.build();
    run.success();
    assert!(run.stdout.starts_with("Built "), "{run}");
    assert!(
        run.stderr
            .contains("--> content/notices/2025-cappvd-call.md:9:7"),
        "{run}"
    );
    assert!(run.stderr.ends_with("\n1 warning\n"), "{run}");
    snapshot("errors/deadline_before_date_warning", &run.stderr);
    // check reports it too, and still passes.
    let check = site.check();
    check.success();
    assert!(
        check
            .stderr
            .contains("warning: the deadline is before the publication date"),
        "{check}"
    );
}
