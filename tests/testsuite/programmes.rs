//! Any programme: the second example site (tests/fixtures/second-site), of another shape
//! than the CAPPVD example, built end to end: two rosters (tiers A to D with five kinds;
//! two unmarked tiers) and two overlapping calls, their pages, downloads and statuses.

use std::collections::BTreeMap;

use crate::support::{SiteTest, squash};

/// Builds the second example with `--now now` and returns its HTML pages.
fn pages_at(site: &SiteTest, now: &str) -> BTreeMap<String, String> {
    site.pages_at(now)
}

/// The statuses shown for `call`: in every list item marked `data-call="<call>"`, and on
/// the pages about that call alone.
fn statuses(pages: &BTreeMap<String, String>, call: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let own = [
        format!("apply/{call}/index.html"),
        format!("guide/{call}/index.html"),
        format!("notices/{call}/index.html"),
    ];
    for (name, html) in pages {
        let marker = format!("data-call=\"{call}\"");
        for (at, _) in html.match_indices(&marker) {
            let item = &html[at..at + html[at..].find("</li>").unwrap()];
            if let Some(status) = status_in(item) {
                found.push((name.clone(), status));
            }
        }
        if own.contains(name) {
            let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
            for (at, _) in main.match_indices("class=\"status status-") {
                found.push((name.clone(), status_in(&main[at..]).unwrap()));
            }
        }
    }
    found
}

fn status_in(html: &str) -> Option<String> {
    let start = html.find("status status-")? + "status status-".len();
    Some(
        html[start..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect(),
    )
}

/// Two overlapping calls at every instant that matters: before either opens, one open,
/// both open, one closing soon, one closed while the other is open, both closed. Every
/// page that shows a call's status agrees on it; the home page lists exactly the calls
/// that are not closed; closed calls stay on the lists of calls.
#[test]
fn overlapping_calls_agree_on_every_page_at_every_instant() {
    let site = SiteTest::second_example();
    // (now, support-2026, teams-2026); teams-2026 closes at 17:00 on 2026-02-28.
    let table = [
        ("2026-01-03", "upcoming", "upcoming"),
        ("2026-01-10", "open", "upcoming"),
        ("2026-02-10", "open", "open"),
        ("2026-02-25", "open", "closing"),
        ("2026-02-28T16:59", "open", "closing"),
        ("2026-02-28T17:01", "open", "closed"),
        ("2026-03-28", "closing", "closed"),
        ("2026-04-01", "closed", "closed"),
    ];
    for (now, support, teams) in table {
        let pages = pages_at(&site, now);
        for (call, expected) in [("support-2026", support), ("teams-2026", teams)] {
            let seen = statuses(&pages, call);
            assert!(!seen.is_empty(), "{now}: {call} shows no status");
            let wrong: Vec<_> = seen.iter().filter(|(_, s)| s != expected).collect();
            assert!(
                wrong.is_empty(),
                "{now}: {call} should be {expected}: {wrong:?}"
            );
            let home = &pages["index.html"];
            let listed = home.contains(&format!("class=\"call\" data-call=\"{call}\""));
            assert_eq!(
                listed,
                expected != "closed",
                "{now}: {call} on the home page"
            );
            for list in ["apply/index.html", "guide/index.html"] {
                assert!(
                    pages[list].contains(&format!("data-call=\"{call}\"")),
                    "{now}: {call} is missing from {list}"
                );
            }
        }
    }
}

#[test]
fn rosters_of_any_shape_have_their_own_pages_and_words() {
    let site = SiteTest::second_example();
    let pages = pages_at(&site, "2026-02-10");
    // Several rosters: a list at /roster/, each at /roster/<key>/ and /roster/<key>/<year>/.
    let list = squash(&pages["roster/index.html"]);
    assert!(list.contains("技术支撑单位名单") && list.contains("应急服务支撑队伍名单"));
    let support = &pages["roster/support/index.html"];
    assert!(support.contains("<h1>2025年度技术支撑单位名单</h1>"));
    let earlier = &pages["roster/support/2024/index.html"];
    assert!(earlier.contains("<h1>2024年度技术支撑单位名单</h1>"));
    // Tiers A to D, highest first, marked with the site's symbol, in stroke order.
    let marker = "<section class=\"tier\" id=\"tier-";
    let tiers: Vec<&str> = support
        .match_indices(marker)
        .map(|(at, _)| &support[at + marker.len()..at + marker.len() + 1])
        .collect();
    assert_eq!(tiers, ["A", "B", "C", "D"]);
    assert!(
        support.contains("aria-label=\"A\">◆◆◆◆</span>"),
        "four marks for A"
    );
    assert!(support.contains("aria-label=\"D\">◆</span>"));
    assert!(support.contains("由B升为A"), "changes use the short names");
    assert!(support.contains("<label for=\"roster-tier\">等级</label>"));
    assert!(support.contains("<label for=\"roster-kind\">支撑方向</label>"));
    for kind in ["漏洞挖掘", "技术研究", "威胁情报", "安全培训"] {
        assert!(support.contains(kind), "{kind}");
    }
    // The second roster: two tiers without a mark, a unit in both rosters.
    let teams = &pages["roster/teams/index.html"];
    assert!(teams.contains("骨干队伍") && teams.contains("后备队伍"));
    assert!(!teams.contains("class=\"stars\""), "no mark");
    assert!(teams.contains("id=\"unit-dayu\"") && support.contains("id=\"unit-dayu\""));
    // Nothing names the CAPPVD example's kinds or stars.
    for (name, html) in &pages {
        for word in ["技术支撑单位</span>", "漏洞治理合作单位", "★", "三星"] {
            assert!(!html.contains(word), "{name} names {word}");
        }
    }
}

#[test]
fn downloads_speak_each_rosters_words() {
    let site = SiteTest::second_example();
    site.run(&["build", "--now", "2026-02-10"]).success();
    let csv = site.read("public/roster/support/support-2025.csv");
    let header = csv.lines().next().unwrap().trim_start_matches('\u{feff}');
    assert_eq!(
        header,
        "名单,年度,等级,等级名称,等级序号,等级标识,单位名称,简称,支撑方向,所在地区,网站,较上一轮,上一轮等级,单位标识,备注"
    );
    assert!(csv.contains("技术支撑单位名单,2025,A,A类技术支撑单位,1,A,王旗数据科技有限公司,,威胁情报,广东,,升级,B,wangqi,"));
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/roster/teams/teams-2025.json")).unwrap();
    assert_eq!(json["schema"], "bulletin.roster/2");
    assert_eq!(json["roster"]["key"], "teams");
    assert_eq!(json["order"], "manual");
    assert_eq!(
        json["tiers"],
        serde_json::json!([
            { "key": "core", "rank": 1, "name": "骨干队伍", "short": "骨干", "count": 2 },
            { "key": "reserve", "rank": 2, "name": "后备队伍", "short": "后备", "count": 2 }
        ])
    );
    let ids: Vec<&str> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["sanjiang", "fengyuan", "ningan", "dayu"],
        "manual order"
    );
    assert_eq!(json["units"][0]["kind_name"], "应急服务");
}

#[test]
fn each_call_has_its_own_facts() {
    let site = SiteTest::second_example();
    let pages = pages_at(&site, "2026-01-10");
    let teams = squash(&pages["apply/teams-2026/index.html"]);
    assert!(teams.contains("申报方向</dt><dd>应急服务</dd>"), "{teams}");
    assert!(teams.contains("https://apply.example.net/teams"));
    assert!(teams.contains("2026年2月28日 17:00"));
    assert!(
        teams.contains("2026年2月1日开始申报")
            || teams.contains("申报开始时间</dt><dd>2026年2月1日")
    );
    let support = squash(&pages["guide/support-2026/index.html"]);
    assert!(support.contains("技术研究主要义务"), "a call's own duties");
    assert!(support.contains("漏洞挖掘主要义务"), "a kind's own duties");
    assert!(
        !support.contains("kind-emergency"),
        "emergency may not apply to this call"
    );
    // The teams notice's contacts are the call's own.
    let notice = squash(&pages["notices/teams-2026/index.html"]);
    assert!(notice.contains("示例联系人丙") && !notice.contains("示例联系人甲"));
    assert!(notice.contains("teams@example.net"));
}

/// A generated programme with `tiers` tiers (一级 highest) and `kinds` kinds of unit: one unit
/// per tier and kind, in two rounds where every unit moves up a tier (the top one down).
fn programme(tiers: usize, kinds: usize) -> SiteTest {
    const LEVELS: [&str; 5] = ["一", "二", "三", "四", "五"];
    const KINDS: [&str; 5] = ["应急服务", "漏洞挖掘", "技术研究", "威胁情报", "安全培训"];
    let site = SiteTest::minimal();
    let mut units = String::from("kinds:\n");
    for (k, name) in KINDS.iter().enumerate().take(kinds) {
        units += &format!("  - {{ key: k{k}, name: {name}, duties: 职责{k}。 }}\n");
    }
    units += "units:\n";
    let mut ratings = String::from("title: 技术支撑单位名单\ntier_label: 级别\ntiers:\n");
    for (t, level) in LEVELS.iter().enumerate().take(tiers) {
        ratings += &format!("  - {{ key: l{t}, name: {level}级技术支撑单位, short: {level}级 }}\n");
    }
    let (mut first, mut second) = (vec![Vec::new(); tiers], vec![Vec::new(); tiers]);
    for t in 0..tiers {
        for k in 0..kinds {
            let id = format!("u{t}{k}");
            units += &format!("  - {{ id: {id}, name: 单位{t}{k}, kind: k{k} }}\n");
            first[t].push(id.clone());
            second[if t == 0 { tiers - 1 } else { t - 1 }].push(id);
        }
    }
    ratings += "rounds:\n";
    for (year, round) in [(2024, &first), (2025, &second)] {
        ratings += &format!("  - year: {year}\n    tiers:\n");
        for (t, ids) in round.iter().enumerate() {
            ratings += &format!("      l{t}: [{}]\n", ids.join(", "));
        }
    }
    site.file("data/units.yaml", units);
    site.file("data/ratings.yaml", ratings);
    site.file(
        "data/call.yaml",
        "id: c\ndeadline: 2025-08-31\nconditions:\n  - { title: 条件, text: 条件。 }\n",
    );
    site
}

/// Any number of tiers (1, 3, 5) and kinds (1, 2, 5): the roster page, its filters, the
/// change wording, the guide, the downloads and the search entries all use the data's words.
#[test]
fn tiers_and_kinds_of_any_count() {
    const KINDS: [&str; 5] = ["应急服务", "漏洞挖掘", "技术研究", "威胁情报", "安全培训"];
    for tiers in [1, 3, 5] {
        for kinds in [1, 2, 5] {
            let case = format!("{tiers} tiers, {kinds} kinds");
            let site = programme(tiers, kinds);
            site.run(&["build", "--now", "2025-03-01"]).success();
            let page = site.read("public/roster/index.html");
            let sections = page.matches("<section class=\"tier\" id=\"tier-").count();
            assert_eq!(sections, tiers, "{case}: tier sections");
            assert!(page.contains("一级技术支撑单位"), "{case}");
            assert!(
                !page.contains("★") && !page.contains("星"),
                "{case}: no stars"
            );
            if tiers > 1 {
                assert!(page.contains("由二级升为一级"), "{case}: change wording");
                let lowest = ["一", "二", "三", "四", "五"][tiers - 1];
                assert!(page.contains(&format!("由一级降为{lowest}级")), "{case}");
            } else {
                let unchanged = format!("保持 {kinds} 家");
                assert!(page.contains(&unchanged), "{case}: one tier, all unchanged");
            }
            for kind in &KINDS[..kinds] {
                assert!(page.contains(kind), "{case}: {kind} on the roster page");
                let guide = site.read("public/guide/index.html");
                assert!(
                    guide.contains(&format!("{kind}主要义务")),
                    "{case}: {kind} duties"
                );
            }
            for kind in &KINDS[kinds..] {
                assert!(!page.contains(kind), "{case}: {kind} is not a kind here");
            }
            // Filters where there is a choice: a link and an option per tier and per kind.
            let links = |prefix: &str| page.matches(&format!("href=\"#{prefix}-")).count();
            let expected = |n: usize| if n > 1 { n } else { 0 };
            assert_eq!(links("kind"), expected(kinds), "{case}: kind filters");
            assert_eq!(links("tier"), expected(tiers), "{case}: tier filters");
            assert_eq!(page.contains("id=\"roster-kind\""), kinds > 1, "{case}");
            assert_eq!(page.contains("id=\"roster-tier\""), tiers > 1, "{case}");
            let csv = site.read("public/roster/roster-2025.csv");
            assert!(csv.contains(",级别,级别名称,级别序号,级别标识,"), "{case}");
            assert_eq!(csv.lines().count(), 1 + tiers * kinds, "{case}: CSV rows");
            let json: serde_json::Value =
                serde_json::from_str(&site.read("public/roster/roster-2025.json")).unwrap();
            assert_eq!(json["tiers"].as_array().unwrap().len(), tiers, "{case}");
            assert_eq!(json["kinds"].as_array().unwrap().len(), kinds, "{case}");
            let search: String = site
                .files("public/search")
                .into_values()
                .map(|b| String::from_utf8(b).unwrap())
                .collect();
            assert!(
                search.contains(KINDS[kinds - 1]),
                "{case}: search has kind names"
            );
        }
    }
}
