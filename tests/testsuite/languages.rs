//! Interface text comes from a language table: an English site has no Chinese interface,
//! a notice may be in another language than its site, translations are linked and counted
//! once, and a site overrides any text in data/interface.yaml.

use std::collections::BTreeMap;

use crate::support::{SiteTest, squash};

const NOW: &str = "2026-12-10";
const CALL: &str = "notices/partners-2027/index.html";
const TRANSLATION: &str = "notices/partners-2027/zh-CN/index.html";

fn pages(site: &SiteTest) -> BTreeMap<String, String> {
    site.pages_at(NOW)
}

fn has_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "，。：（）、；".contains(c))
}

#[test]
fn an_english_site_has_no_chinese_interface() {
    let site = SiteTest::english_example();
    let pages = pages(&site);
    for (name, html) in &pages {
        if name == TRANSLATION {
            continue;
        }
        assert!(html.contains("<html lang=\"en\">"), "{name}");
        // The language switch names Chinese in Chinese; nothing else is Chinese.
        let without_switch = html.replace("lang=\"zh-CN\">中文</a>", "");
        assert!(!has_cjk(&without_switch), "{name} has Chinese text");
    }
    let home = squash(&pages["index.html"]);
    for text in [
        "Open calls",
        "Deadline: <time datetime=\"2027-01-31T17:00:00-05:00\">31 January 2027, 17:00</time>",
        "53 days left",
        "See the full list (5 members)",
    ] {
        assert!(home.contains(text), "{text}: {home}");
    }
    let roster = squash(&pages["roster/index.html"]);
    assert!(roster.contains("Up from Silver to Gold"), "{roster}");
    assert!(roster.contains("Announced 20 November 2026."), "{roster}");
    let csv = site.read("public/roster/roster-2026.csv");
    assert!(
        csv.starts_with("\u{feff}List,Year,Level,Level name,Level rank,Level key,Name,Short name,Area,Region,Website,Change,Previous Level,Id,Note\r\n"),
        "{csv}"
    );
    // Numbers, run-in titles and texts are apart, as English is written (and read aloud:
    // a label's text is one run for a screen reader); the Chinese version keeps （一）遵纪….
    let call = bulletin::text::html_to_text(&pages[CALL]);
    for text in [
        "1. Registered organisation The applicant is a registered company",
        "1. Apply online Fill in the form",
    ] {
        assert!(call.contains(text), "{text}: {call}");
    }
    // A roster unit's search result shows its text: a sentence of the site's language.
    let docs: serde_json::Value =
        serde_json::from_str(&site.read("public/search/d/0.json")).unwrap();
    let units: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["x"].as_str())
        .collect();
    assert!(!units.is_empty());
    for text in units {
        assert!(!has_cjk(text) && text.contains("). "), "{text}");
    }
    let ics = site.read("public/notices/partners-2027/partners-2027.ics");
    assert!(ics.contains("SUMMARY:Deadline: Call for accessibility partners\\, 2027"));
    assert!(!has_cjk(&ics));
}

#[test]
fn a_translation_is_linked_both_ways_and_counted_once() {
    let site = SiteTest::english_example();
    let pages = pages(&site);
    let (original, translation) = (&pages[CALL], &pages[TRANSLATION]);
    for html in [original, translation] {
        for (lang, url) in [
            ("en", "https://partners.example.org/notices/partners-2027/"),
            (
                "zh-CN",
                "https://partners.example.org/notices/partners-2027/zh-CN/",
            ),
        ] {
            let link = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{url}\">");
            assert!(html.contains(&link), "{link}");
        }
    }
    assert!(original.contains("<span aria-current=\"true\" lang=\"en\">English</span>"));
    assert!(original.contains(
        "href=\"/notices/partners-2027/zh-CN/\" hreflang=\"zh-CN\" lang=\"zh-CN\">中文</a>"
    ));
    // The translation speaks Chinese, with the call's deadline, in Chinese dates.
    let zh = squash(translation);
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(
        zh.contains(
            "截止时间：<time datetime=\"2027-01-31T17:00:00-05:00\">2027年1月31日 17:00</time>"
        ),
        "{zh}"
    );
    assert!(zh.contains("（一）"), "numbered in Chinese: {zh}");
    // Lists and calls count the notice once.
    let list = &pages["notices/index.html"];
    assert!(list.contains("2 notices."));
    assert!(!list.contains("zh-CN/"), "the translation is not listed");
    assert_eq!(
        pages["index.html"]
            .matches("data-call=\"partners-2027\"")
            .count(),
        2,
        "one open call, one latest notice"
    );
    let feed = site.read("public/feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 2);
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("/notices/partners-2027/zh-CN/"),
        "translations are in the sitemap"
    );
}

#[test]
fn a_notice_in_another_language_than_its_site() {
    let site = SiteTest::example();
    site.file(
        "content/notices/english.md",
        "---\ntitle: A notice in English\ndate: 2025-02-01 09:00\nlang: en\ndeadline: 2025-03-10\n---\nText.\n",
    );
    site.run(&["build", "--now", "2025-03-01"]).success();
    let page = squash(&site.read("public/notices/english/index.html"));
    assert!(page.contains("<html lang=\"en\">"));
    assert!(
        page.contains(
            "Deadline: <time datetime=\"2025-03-10T23:59:59+08:00\">10 March 2025</time>"
        ),
        "{page}"
    );
    assert!(page.contains("Skip to content") && page.contains(">Notices</a>"));
    // Listed on the Chinese list like any notice, in Chinese.
    let list = site.read("public/notices/index.html");
    assert!(list.contains("2025年2月1日"));
}

#[test]
fn language_mistakes_are_located_errors() {
    let site = SiteTest::english_example();
    site.file(
        "content/notices/orphan.zh-CN.md",
        "---\ntitle: 孤立的译文\ndate: 2026-12-02 09:00\n---\n正文。\n",
    );
    site.file(
        "content/notices/klingon.md",
        "---\ntitle: Klingon\ndate: 2026-12-02 09:00\nlang: tlh\n---\nText.\n",
    );
    site.file(
        "content/notices/roster-2026.zh-CN.md",
        "---\ntitle: 名单\ndate: 2026-12-02 09:00\nlang: en\n---\n正文。\n",
    );
    let run = site.run(&["build", "--now", NOW]);
    run.code(1);
    for needle in [
        "`notices/orphan.zh-CN.md` is a translation into `zh-CN`, but `notices/orphan.md` does not exist",
        "there is no interface text for language `tlh`",
        "content/notices/klingon.md:4:7",
        "the file name says `zh-CN` but `lang` says `en`",
        "content/notices/roster-2026.zh-CN.md:4:7",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
}

#[test]
fn a_site_overrides_interface_text_and_mistakes_are_located() {
    let site = SiteTest::example();
    site.file(
        "data/interface.yaml",
        "zh-CN:\n  status:\n    open: 开放申报中\n  nav.roster: 支撑单位名单\n",
    );
    site.run(&["build", "--now", "2025-03-01"]).success();
    let home = site.read("public/index.html");
    assert!(home.contains(">开放申报中</span>"));
    assert!(home.contains(">支撑单位名单</a>"));
    assert!(!home.contains(">正在申报<"));

    site.file(
        "data/interface.yaml",
        "zh-CN:\n  status:\n    opne: 开放申报中\n  deadline.days_left: 还剩 {days} 天\n",
    );
    let run = site.run(&["build", "--now", "2025-03-01"]);
    run.code(1);
    for needle in [
        "data/interface.yaml:3:",
        "`status.opne` is not an interface text",
        "did you mean `status.open`?",
        "data/interface.yaml:4:",
        "`{days}` is not filled in for `deadline.days_left`",
        "this text can use `{n}`",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
}

#[test]
fn an_unknown_key_in_a_template_names_the_key_and_the_language() {
    let site = SiteTest::english_example();
    site.file(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}\n<p>{{ t(key=\"not_found.gone\") }}</p>\n{% endblock content %}\n",
    );
    let run = site.run(&["build", "--now", NOW]);
    run.code(1);
    assert!(
        run.stderr
            .contains("there is no interface text `not_found.gone` in language `en`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("templates/404.html:2:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_language_without_a_table_is_an_error_at_the_setting() {
    let site = SiteTest::minimal();
    site.edit(
        "data/site.yaml",
        "publisher: 测试单位\n",
        "publisher: 测试单位\nlanguage: fr\n",
    );
    let run = site.build();
    run.code(1);
    assert!(run.stderr.contains("data/site.yaml:4:11"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("there is no interface text for language `fr`")
    );
    // A complete table for the language in data/interface.yaml makes it a language.
    let en = std::fs::read_to_string(crate::support::repo_root().join("src/lang/en.yaml")).unwrap();
    let fr: String = en
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("  {l}\n"))
        .collect();
    site.file("data/interface.yaml", format!("fr:\n{fr}"));
    let run = site.build();
    run.success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        site.read("public/index.html")
            .contains("<html lang=\"fr\">")
    );
    // A table without every text (a newer bulletin added some, or the translation is under
    // way) still builds: the texts it lacks read in English, and a warning names them.
    let partial: String = fr
        .lines()
        .filter(|l| l.trim() != "home: Back to the home page")
        .map(|l| format!("{l}\n"))
        .collect();
    site.file(
        "data/interface.yaml",
        format!("fr:\n  nav.home: Accueil\n{partial}"),
    );
    let run = site.build();
    run.success();
    for needle in [
        "data/interface.yaml:1:1",
        "language `fr` lacks 1 of the",
        "which read in `en` meanwhile: not_found.home",
        "translate them under `fr:`",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    let home = site.read("public/index.html");
    assert!(home.contains("<html lang=\"fr\">"));
    assert!(home.contains(">Accueil</a>"), "{home}");
}
