//! Search finds exactly what readers type: every word of a query stands in the result as
//! typed (a phrase, not its pairs scattered), quoted phrases, dates in the forms pages show
//! them, issuer and 发文字号, roster units first for unit queries; and search.js reads the
//! files as the Rust query does.

use crate::support::SiteTest;
use crate::support::publishing::{search, search_script};

/// The example site plus notices that hold a query's pairs apart, or dates and numbers.
fn site() -> SiteTest {
    let site = SiteTest::example();
    site.file(
        "content/notices/scattered.md",
        "---\ntitle: 设备巡检情况\ndate: 2024-03-05 09:00\n---\n\n\
         某网络设备管理界面存在问题，视频监控设备漏洞修复已完成。\n",
    );
    site.file(
        "content/notices/exact.md",
        "---\ntitle: 关于网络设备漏洞排查工作的通知\ndate: 2024-06-18 10:00\n\
         issuer: 工业和信息化部网络安全管理局\ndoc_number: 工信网安〔2024〕37号\n\
         deadline: 2024-07-31\n---\n\n请各单位开展排查。\n",
    );
    site.file(
        "content/notices/apart.md",
        "---\ntitle: 网络，设备漏洞\ndate: 2023-11-02 08:00\n---\n\n网络空间；设备漏洞。\n",
    );
    site
}

fn built() -> SiteTest {
    let site = site();
    site.build().success();
    site
}

const EXACT: &str = "notices/exact/";
const SCATTERED: &str = "notices/scattered/";
const APART: &str = "notices/apart/";
const CALL: &str = "notices/2025-cappvd-call/";

#[test]
fn phrases_match_only_where_they_stand_as_typed() {
    let site = built();
    let public = site.path("public");
    // 甲: every pair of 网络设备漏洞 is there, apart; 丙: split by punctuation.
    assert_eq!(search(&public, "网络设备漏洞"), [EXACT]);
    let parts = search(&public, "设备漏洞");
    for url in [EXACT, SCATTERED, APART] {
        assert!(parts.iter().any(|u| u == url), "{url} in {parts:?}");
    }
    assert!(search(&public, "工业控制系统漏洞").is_empty());
    // Two words: each as typed, anywhere.
    assert_eq!(search(&public, "网络空间 设备漏洞"), [APART]);
}

#[test]
fn quoted_phrases_are_one_word() {
    let site = built();
    let public = site.path("public");
    assert_eq!(search(&public, "\"网络设备漏洞\""), [EXACT]);
    assert_eq!(search(&public, "“网络设备漏洞”"), [EXACT]);
    // In quotes, the space does not split the phrase into two queries' worth of words.
    assert_eq!(
        search(&public, "\"网络空间 设备漏洞\""),
        search(&public, "网络空间 设备漏洞")
    );
}

#[test]
fn dates_issuer_and_doc_number_are_searchable() {
    let site = built();
    let public = site.path("public");
    // The date as the notice page shows it and as lists and results show it.
    for query in ["2024年6月18日", "2024-06-18", "2024"] {
        let found = search(&public, query);
        assert!(found.iter().any(|u| u == EXACT), "{query}: {found:?}");
    }
    assert_eq!(search(&public, "2024年6月18日"), [EXACT]);
    // The deadline, as the page writes it.
    assert_eq!(search(&public, "2024年7月31日"), [EXACT]);
    let call = search(&public, "2025年1月22日");
    assert_eq!(call, [CALL], "the call's publication date");
    assert!(search(&public, "2025年8月31日").iter().any(|u| u == CALL));
    assert!(search(&public, "2025年1月23日").is_empty());
    assert_eq!(search(&public, "网络安全管理局"), [EXACT]);
    assert_eq!(search(&public, "工信网安〔2024〕37号"), [EXACT]);
    assert_eq!(search(&public, "37号"), [EXACT]);
}

#[test]
fn unit_queries_put_units_first() {
    let site = built();
    let public = site.path("public");
    // The units (支撑单位 is what they are) before every notice that only mentions them;
    // the call, which names them in its title, first.
    let found = search(&public, "支撑单位");
    assert_eq!(found[0], CALL, "{found:?}");
    let units = found.iter().filter(|u| u.contains("#unit-")).count();
    assert!(units >= 10, "{found:?}");
    let last_unit = found.iter().rposition(|u| u.contains("#unit-")).unwrap();
    assert!(
        found[..last_unit]
            .iter()
            .all(|u| u.contains("#unit-") || u == CALL),
        "units before notices: {found:?}"
    );
    assert!(search(&public, "示例单位甲")[0].ends_with("#unit-example-a"));
}

/// search.js, run in Node against the built files, finds what the Rust query finds, in
/// the same order, for phrases, quotes and dates.
#[test]
fn the_script_agrees_with_the_rust_query() {
    const QUERIES: &[&str] = &[
        "网络设备漏洞",
        "\"网络设备漏洞\"",
        "设备漏洞",
        "工业控制系统漏洞",
        "网络空间 设备漏洞",
        "2024年6月18日",
        "2024-06-18",
        "工信网安〔2024〕37号",
        "支撑单位",
        "ＣＡＰＰＶＤ漏洞库",
    ];
    let site = built();
    let public = site.path("public");
    // The first page of results, as the Rust query ranks them and as the script shows them.
    let rust = |query: &str| -> Vec<String> {
        let urls = search(&public, query).into_iter().take(10);
        urls.map(|u| format!("/cappvd/{u}")).collect()
    };
    let script = |line: &serde_json::Value| -> Vec<String> {
        let urls = line["urls"].as_array().cloned().unwrap_or_default();
        urls.iter()
            .filter_map(|u| u.as_str().map(String::from))
            .collect()
    };
    for (query, line) in QUERIES
        .iter()
        .zip(search_script(&public, QUERIES).unwrap_or_default())
    {
        assert_eq!(script(&line), rust(query), "{query}: {}", line["status"]);
    }
}
