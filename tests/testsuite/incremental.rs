//! Incremental rebuilds (what `serve` does on every save) give byte-for-byte the output of a
//! full build, and render only what a change affects.

use std::collections::BTreeMap;

use crate::support::SiteTest;
use bulletin::Options;
use bulletin::pipeline::Session;
use bulletin::time::DateSpec;

const NOTICE: &str = "content/notices/2025-cappvd-call.md";

fn options(site: &SiteTest) -> Options {
    Options {
        root: site.root().to_path_buf(),
        now: Some("2025-03-01".parse::<DateSpec>().unwrap()),
        ..Options::default()
    }
}

fn bytes(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session
        .files()
        .into_iter()
        .map(|f| {
            let data = f.contents.read().unwrap().into_owned();
            (f.path.as_str().to_string(), data)
        })
        .collect()
}

/// Updates the session with `paths` and checks it against a full build. Returns the output
/// paths the update rendered.
#[track_caller]
fn assert_matches_full_build(
    site: &SiteTest,
    session: &mut Session,
    paths: &[&str],
) -> Vec<String> {
    matches_full_build(site, session, paths, options(site))
}

/// Updates the session with `paths` and checks it against a full build with `options`.
#[track_caller]
fn matches_full_build(
    site: &SiteTest,
    session: &mut Session,
    paths: &[&str],
    options: Options,
) -> Vec<String> {
    let changed: Vec<_> = paths.iter().map(|p| site.path(p)).collect();
    let update = session
        .update(&changed)
        .unwrap_or_else(|e| panic!("update failed: {:?}", e.sorted()));
    let mut fresh = Session::new(options);
    fresh.build().expect("full build");
    let (a, b) = (bytes(session), bytes(&fresh));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, data) in &a {
        assert!(data == &b[path], "{path} differs from a full build");
    }
    update
        .rendered_paths
        .iter()
        .map(|p| p.as_str().to_string())
        .collect()
}

fn session(site: &SiteTest) -> Session {
    let mut session = Session::new(options(site));
    session.build().expect("first build");
    session
}

#[test]
fn editing_a_notice_body_renders_only_that_notice() {
    let site = SiteTest::example();
    let mut s = session(&site);
    site.edit(NOTICE, "2025年，特设组将继续", "2025年，特设组将再次");
    let rendered = assert_matches_full_build(&site, &mut s, &[NOTICE]);
    assert!(
        rendered.contains(&"notices/2025-cappvd-call/index.html".to_string()),
        "{rendered:?}"
    );
    let html: Vec<_> = rendered.iter().filter(|p| p.ends_with(".html")).collect();
    assert_eq!(
        html.len(),
        1,
        "only the notice's page among the pages: {rendered:?}"
    );
    // The card shows no body text: it is not drawn again.
    assert!(
        !rendered.iter().any(|p| p.ends_with("share.png")),
        "{rendered:?}"
    );
}

#[test]
fn editing_a_title_renders_the_pages_that_list_it() {
    let site = SiteTest::example();
    let mut s = session(&site);
    site.edit(NOTICE, "title: 关于开展2025年", "title: 关于开展2025年度");
    let rendered = assert_matches_full_build(&site, &mut s, &[NOTICE]);
    for page in [
        "notices/2025-cappvd-call/index.html",
        "index.html",
        "notices/index.html",
    ] {
        assert!(
            rendered.contains(&page.to_string()),
            "{page} lists the title: {rendered:?}"
        );
    }
}

#[test]
fn editing_data_renders_the_pages_that_use_it() {
    let site = SiteTest::example();
    let mut s = session(&site);
    site.edit("data/units.yaml", "name: 示例单位甲", "name: 示例单位甲一");
    let rendered = assert_matches_full_build(&site, &mut s, &["data/units.yaml"]);
    assert!(
        rendered.contains(&"roster/index.html".to_string()),
        "{rendered:?}"
    );
}

#[test]
fn editing_a_notice_title_redraws_its_share_card_only() {
    let site = SiteTest::example();
    let mut s = session(&site);
    site.edit(NOTICE, "title: 关于开展2025年", "title: 关于开展2025年度");
    let rendered = assert_matches_full_build(&site, &mut s, &[NOTICE]);
    assert!(
        rendered.contains(&"notices/2025-cappvd-call/share.png".to_string()),
        "{rendered:?}"
    );
    assert!(
        !rendered
            .iter()
            .any(|p| p.starts_with("roster/") && p.ends_with(".png")),
        "{rendered:?}"
    );
}

#[test]
fn editing_a_unit_redraws_the_roster_pictures_like_a_full_build() {
    let site = SiteTest::example();
    let mut s = session(&site);
    site.edit(
        "data/units.yaml",
        "name: 示例单位乙",
        "name: 示例单位乙（新名称）",
    );
    let rendered = assert_matches_full_build(&site, &mut s, &["data/units.yaml"]);
    assert!(
        rendered.contains(&"roster/2024/share-3-1.png".to_string()),
        "{rendered:?}"
    );
    // The share templates are part of the theme: overriding one redraws every picture.
    site.file(
        "templates/share/roster.svg",
        std::fs::read_to_string(crate::support::repo_root().join("templates/share/roster.svg"))
            .unwrap()
            .replace("#faf7f2", "#ffffff"),
    );
    let rendered = assert_matches_full_build(&site, &mut s, &["templates/share/roster.svg"]);
    assert_eq!(
        rendered
            .iter()
            .filter(|p| p.starts_with("roster/") && p.ends_with(".png"))
            .count(),
        6,
        "{rendered:?}"
    );
}

#[test]
fn editing_a_template_renders_again() {
    let site = SiteTest::example();
    site.file(
        "templates/notice.html",
        std::fs::read_to_string(crate::support::repo_root().join("templates/notice.html")).unwrap(),
    );
    let mut s = session(&site);
    let text =
        site.read("templates/notice.html")
            .replacen("</article>", "<p>模板已修改</p></article>", 1);
    site.file("templates/notice.html", text);
    assert_matches_full_build(&site, &mut s, &["templates/notice.html"]);
    assert!(
        String::from_utf8(bytes(&s)["notices/2025-cappvd-call/index.html"].clone())
            .unwrap()
            .contains("模板已修改")
    );
}

#[test]
fn adding_and_removing_notices() {
    let site = SiteTest::example();
    let mut s = session(&site);
    site.file(
        "content/notices/new.md",
        "---\ntitle: 新通知\ndate: 2025-02-01 09:00\n---\n正文\n",
    );
    assert_matches_full_build(&site, &mut s, &["content/notices/new.md"]);
    site.remove("content/notices/new.md");
    assert_matches_full_build(&site, &mut s, &["content/notices/new.md"]);
}

#[test]
fn editing_settings_renders_everything_again() {
    let site = SiteTest::example();
    let mut s = session(&site);
    site.edit(
        "data/site.yaml",
        "title: CAPPVD漏洞库支撑单位遴选",
        "title: 新标题",
    );
    let rendered = assert_matches_full_build(&site, &mut s, &["data/site.yaml"]);
    let html = s
        .files()
        .into_iter()
        .filter(|f| f.path.as_str().ends_with(".html"))
        .count();
    assert_eq!(
        rendered.iter().filter(|p| p.ends_with(".html")).count(),
        html
    );
}

#[test]
fn a_failed_update_keeps_the_last_good_site_until_fixed() {
    let site = SiteTest::example();
    let mut s = session(&site);
    let before = bytes(&s);
    site.edit(NOTICE, "title: 关于", "titel: 关于");
    let errors = s
        .update(&[site.path(NOTICE)])
        .expect_err("broken front matter");
    assert!(errors.sorted()[0].message.contains("titel"));
    assert_eq!(bytes(&s), before, "the last good output is kept");
    site.edit(NOTICE, "titel: 关于", "title: 关于");
    assert_matches_full_build(&site, &mut s, &[NOTICE]);
}

#[test]
fn editor_temp_files_and_renames_are_handled() {
    let site = SiteTest::example();
    let mut s = session(&site);
    // `sed -i` and many editors write a temporary file, then rename it over the original.
    site.edit(NOTICE, "汇聚各方力量", "汇聚各方之力");
    assert_matches_full_build(&site, &mut s, &[NOTICE, "content/notices/sedX1y2Z3"]);
}

#[test]
fn a_streamed_build_writes_what_a_session_generates() {
    let site = SiteTest::example();
    let s = session(&site);
    let out = site.path("streamed");
    bulletin::build(&options(&site), &out, false).expect("build");
    let mut written = crate::support::read_tree(&out);
    // The marker that makes the folder bulletin's is written at the swap, not generated.
    assert!(written.remove(bulletin::output::MARKER).is_some());
    let generated = bytes(&s);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        generated.keys().collect::<Vec<_>>()
    );
    for (path, data) in &generated {
        assert!(
            data == &written[path],
            "{path} differs between build and generate"
        );
    }
}

#[test]
fn serve_defers_the_search_index_then_catches_up() {
    let site = SiteTest::example();
    let mut s = Session::new(options(&site)).defer_search();
    s.build().expect("first build");
    site.edit(NOTICE, "2025年，特设组将继续", "2025年，特设组将再次");
    let update = s.update(&[site.path(NOTICE)]).expect("update");
    assert!(
        update
            .rendered_paths
            .iter()
            .all(|p| !p.as_str().starts_with("search/")),
        "{:?}",
        update.rendered_paths
    );
    assert!(s.has_deferred(), "the search index waits");
    assert!(s.finish_deferred().expect("finish") > 0);
    assert!(!s.has_deferred());
    let mut fresh = Session::new(options(&site));
    fresh.build().expect("full build");
    assert_eq!(
        bytes(&s),
        bytes(&fresh),
        "after catching up, the same as a full build"
    );
}

/// serve plans like build: a content file where bulletin writes is the same error there,
/// not a silent choice of one of the two files.
#[test]
fn a_collision_fails_serve_as_it_fails_build() {
    let site = SiteTest::example();
    let mut s = session(&site);
    let vcard = "content/contacts/秦晓磊.vcf";
    site.file(vcard, "BEGIN:VCARD\r\nEND:VCARD\r\n");
    let errors = s.update(&[site.path(vcard)]).expect_err("a collision");
    assert!(
        errors.sorted()[0]
            .message
            .contains("two sources would write `contacts/秦晓磊.vcf`"),
        "{:?}",
        errors.sorted()
    );
    assert!(Session::new(options(&site)).build().is_err());
}

/// A session over the second example (two rosters, two calls), at a time both calls are open.
fn second_session(site: &SiteTest) -> Session {
    let mut session = Session::new(second_options(site));
    session.build().expect("first build");
    session
}

fn second_options(site: &SiteTest) -> Options {
    Options {
        now: Some("2026-02-10".parse::<DateSpec>().unwrap()),
        ..options(site)
    }
}

/// Like [`assert_matches_full_build`], for the second example's clock.
#[track_caller]
fn assert_second_matches_full_build(
    site: &SiteTest,
    session: &mut Session,
    paths: &[&str],
) -> Vec<String> {
    matches_full_build(site, session, paths, second_options(site))
}

#[test]
fn renaming_a_tier_renders_its_roster_again() {
    let site = SiteTest::second_example();
    let mut s = second_session(&site);
    let roster = "data/rosters/support.yaml";
    site.edit(roster, "name: A类技术支撑单位", "name: 甲类技术支撑单位");
    let rendered = assert_second_matches_full_build(&site, &mut s, &[roster]);
    for page in [
        "roster/support/index.html",
        "roster/support/support-2025.csv",
    ] {
        assert!(rendered.contains(&page.to_string()), "{page}: {rendered:?}");
    }
    let page = String::from_utf8(bytes(&s)["roster/support/index.html"].clone()).unwrap();
    assert!(page.contains("甲类技术支撑单位"));
}

#[test]
fn adding_a_round_adds_its_pages_and_removing_it_removes_them() {
    let site = SiteTest::second_example();
    let mut s = second_session(&site);
    let roster = "data/rosters/teams.yaml";
    let before = site.read(roster);
    site.file(
        roster,
        format!(
            "{before}  - year: 2026\n    announced: 2026-01-20\n    tiers:\n      core: [sanjiang, fengyuan, ningan]\n      reserve: [dayu]\n"
        ),
    );
    let rendered = assert_second_matches_full_build(&site, &mut s, &[roster]);
    for page in [
        "roster/teams/2026/index.html",
        "roster/teams/teams-2026.csv",
        "roster/teams/teams-2026.json",
    ] {
        assert!(rendered.contains(&page.to_string()), "{page}: {rendered:?}");
    }
    site.file(roster, before);
    assert_second_matches_full_build(&site, &mut s, &[roster]);
    assert!(!bytes(&s).contains_key("roster/teams/2026/index.html"));
}

#[test]
fn moving_a_deadline_changes_the_call_everywhere_it_shows() {
    let site = SiteTest::second_example();
    let mut s = second_session(&site);
    let call = "data/calls/teams-2026.yaml";
    site.edit(
        call,
        "deadline: 2026-02-28 17:00",
        "deadline: 2026-02-05 17:00",
    );
    let rendered = assert_second_matches_full_build(&site, &mut s, &[call]);
    for page in [
        "index.html",
        "apply/index.html",
        "apply/teams-2026/index.html",
    ] {
        assert!(rendered.contains(&page.to_string()), "{page}: {rendered:?}");
    }
    // Five days past the new deadline: the call has closed, so the home page stops listing it
    // as open and the call page says so.
    let page = String::from_utf8(bytes(&s)["apply/teams-2026/index.html"].clone()).unwrap();
    assert!(
        page.contains("2026年2月5日 17:00"),
        "the new deadline shows"
    );
    let home = String::from_utf8(bytes(&s)["index.html"].clone()).unwrap();
    assert!(!home.contains("2026年2月28日"), "the old deadline is gone");
}

#[test]
fn adding_and_removing_a_call_file() {
    let site = SiteTest::second_example();
    let mut s = second_session(&site);
    let call = "data/calls/training-2026.yaml";
    site.file(
        call,
        "title: 2026年度培训支撑单位征集\ndeadline: 2026-04-30\nroster: support\n\
         directions: [training]\nconditions:\n  - { title: 培训能力, text: 具备培训能力。 }\n\
         steps:\n  - { title: 提交材料, text: 提交材料。 }\n",
    );
    let rendered = assert_second_matches_full_build(&site, &mut s, &[call]);
    for page in [
        "apply/training-2026/index.html",
        "guide/training-2026/index.html",
    ] {
        assert!(rendered.contains(&page.to_string()), "{page}: {rendered:?}");
    }
    site.remove(call);
    assert_second_matches_full_build(&site, &mut s, &[call]);
    assert!(!bytes(&s).contains_key("apply/training-2026/index.html"));
}

#[test]
fn renaming_a_kind_renders_the_rosters_that_show_it() {
    let site = SiteTest::second_example();
    let mut s = second_session(&site);
    let units = "data/units.yaml";
    site.edit(units, "name: 应急服务,", "name: 应急处置,");
    let rendered = assert_second_matches_full_build(&site, &mut s, &[units]);
    for page in ["roster/teams/index.html", "roster/support/index.html"] {
        assert!(rendered.contains(&page.to_string()), "{page}: {rendered:?}");
    }
    let teams = String::from_utf8(bytes(&s)["roster/teams/index.html"].clone()).unwrap();
    assert!(teams.contains("应急处置"));
}

#[test]
fn a_broken_roster_file_fails_the_update_and_its_fix_recovers() {
    let site = SiteTest::second_example();
    let mut s = second_session(&site);
    let before = bytes(&s);
    let roster = "data/rosters/teams.yaml";
    site.edit(
        roster,
        "core: [sanjiang, fengyuan]",
        "core: [sanjiang, nobody]",
    );
    let errors = s.update(&[site.path(roster)]).expect_err("unknown unit");
    assert!(
        errors.sorted()[0].message.contains("nobody"),
        "{:?}",
        errors.sorted()
    );
    assert_eq!(bytes(&s), before, "the last good output is kept");
    site.edit(
        roster,
        "core: [sanjiang, nobody]",
        "core: [sanjiang, fengyuan]",
    );
    assert_second_matches_full_build(&site, &mut s, &[roster]);
}

#[test]
fn editing_interface_text_renders_everything_again() {
    let site = SiteTest::example();
    let mut s = session(&site);
    site.file("data/interface.yaml", "zh-CN:\n  status.open: 开放申报中\n");
    let rendered = assert_matches_full_build(&site, &mut s, &["data/interface.yaml"]);
    assert!(rendered.contains(&"notices/2025-cappvd-call/index.html".to_string()));
    let home = String::from_utf8(bytes(&s)["index.html"].clone()).unwrap();
    assert!(home.contains("开放申报中"));
    site.remove("data/interface.yaml");
    assert_matches_full_build(&site, &mut s, &["data/interface.yaml"]);
}

#[test]
fn adding_and_removing_a_translation_links_and_unlinks_the_original() {
    let site = SiteTest::example();
    let mut s = session(&site);
    let translation = "content/notices/2025-cappvd-call.en.md";
    site.file(
        translation,
        "---\ntitle: Call for CAPPVD supporting units, 2025\ndate: 2025-01-23 09:00\n---\nIn English.\n",
    );
    let rendered = assert_matches_full_build(&site, &mut s, &[translation]);
    assert!(rendered.contains(&"notices/2025-cappvd-call/index.html".to_string()));
    assert!(rendered.contains(&"notices/2025-cappvd-call/en/index.html".to_string()));
    site.remove(translation);
    assert_matches_full_build(&site, &mut s, &[translation]);
    assert!(!bytes(&s).contains_key("notices/2025-cappvd-call/en/index.html"));
}

#[test]
fn renaming_a_page_in_the_navigation_renders_every_page_again() {
    let site = SiteTest::english_example();
    let options = Options {
        now: Some("2026-12-10".parse::<DateSpec>().unwrap()),
        ..options(&site)
    };
    let mut s = Session::new(options.clone());
    s.build().expect("first build");
    site.edit(
        "content/about.md",
        "title: About the programme",
        "title: About us",
    );
    let rendered = matches_full_build(&site, &mut s, &["content/about.md"], options.clone());
    assert!(rendered.contains(&"index.html".to_string()), "{rendered:?}");
    let home = String::from_utf8(bytes(&s)["index.html"].clone()).unwrap();
    assert!(home.contains(">About us</a>"));
    // A new notice moves outputs in the plan but not the navigation: pages that do not
    // list notices stay as they are.
    site.file(
        "content/notices/new.md",
        "---\ntitle: New\ndate: 2026-12-05 09:00\n---\nText.\n",
    );
    let rendered = matches_full_build(&site, &mut s, &["content/notices/new.md"], options);
    assert!(
        !rendered.contains(&"about/index.html".to_string()),
        "{rendered:?}"
    );
}

#[test]
fn editing_a_title_renders_only_the_list_pages_that_show_it() {
    let site = SiteTest::minimal();
    site.edit(
        "data/site.yaml",
        "publisher: 测试单位",
        "publisher: 测试单位\nshare_images: false",
    );
    for n in 0..120 {
        let year = 2023 + n / 40;
        site.file(
            &format!("content/notices/n{n:03}.md"),
            format!(
                "---\ntitle: 通知{n}\ndate: {year}-03-{:02} 10:00\n---\n\n正文。\n",
                1 + n % 28
            ),
        );
    }
    let mut s = session(&site);
    // n005 is dated 2023: on the last page of the whole list, and on 2023's list.
    site.edit("content/notices/n005.md", "title: 通知5", "title: 通知五");
    let rendered = assert_matches_full_build(&site, &mut s, &["content/notices/n005.md"]);
    let lists: Vec<&String> = rendered
        .iter()
        .filter(|p| p.starts_with("notices/") && !p.starts_with("notices/n"))
        .collect();
    assert_eq!(
        lists,
        ["notices/2023/index.html", "notices/page/3/index.html"],
        "{rendered:?}"
    );
}

/// A body edit takes the short way (the previous model and plan with the new text): every
/// output the body reaches beyond its own page must still come out as a full build's.
#[test]
fn body_edits_that_reach_beyond_their_page_match_a_full_build() {
    const SHORT: &str = "content/notices/short.md";
    const DRAFT: &str = "content/notices/draft.md";
    const INTRO: &str = "content/_index.md";
    let site = SiteTest::example();
    site.file(
        SHORT,
        "---\ntitle: 简短通知\ndate: 2025-02-01\n---\n\n正文第一段。\n",
    );
    site.file(
        DRAFT,
        "---\ntitle: 草稿通知\ndate: 2025-02-02\ndraft: true\n---\n\n草稿正文。\n",
    );
    site.file(INTRO, "---\ntitle: 首页\n---\n\n欢迎。\n");
    let mut s = session(&site);

    // Without a description, the feed's summary is the start of the body.
    site.edit(SHORT, "正文第一段", "改写后的正文第一段");
    let rendered = assert_matches_full_build(&site, &mut s, &[SHORT]);
    assert!(rendered.contains(&"feed.xml".to_string()), "{rendered:?}");

    // The home page shows its introduction.
    site.edit(INTRO, "欢迎", "欢迎访问");
    let rendered = assert_matches_full_build(&site, &mut s, &[INTRO]);
    assert!(rendered.contains(&"index.html".to_string()), "{rendered:?}");

    // A draft is not published: nothing changes.
    site.edit(DRAFT, "草稿正文", "草稿的新正文");
    let rendered = assert_matches_full_build(&site, &mut s, &[DRAFT]);
    assert!(rendered.is_empty(), "{rendered:?}");

    // A link to another document makes the page depend on routes.
    site.edit(SHORT, "改写后的", "见[征集通知](2025-cappvd-call.md)。");
    assert_matches_full_build(&site, &mut s, &[SHORT]);

    // Enough text for more shards: the index changes shape, and the plan is made again.
    let shards = |s: &Session| {
        bytes(s)
            .keys()
            .filter(|p| p.starts_with("search/s/"))
            .count()
    };
    let before = shards(&s);
    site.edit(SHORT, "正文第一段", &"新增正文很长。".repeat(20_000));
    assert_matches_full_build(&site, &mut s, &[SHORT]);
    assert!(shards(&s) > before, "{} shards, as before", shards(&s));

    // A body and another file's front matter at once.
    site.edit(SHORT, "新增正文很长", "正文很长");
    site.edit(NOTICE, "title: 关于开展2025年", "title: 关于开展2025年度");
    let rendered = assert_matches_full_build(&site, &mut s, &[SHORT, NOTICE]);
    assert!(
        rendered.contains(&"notices/index.html".to_string()),
        "{rendered:?}"
    );
}
