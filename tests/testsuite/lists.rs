//! The notice list in pages (`notices_per_page`, 50 by default) and, when the notices span
//! several years, one list per year: every notice on exactly one page of each list it
//! belongs to, paginators that link the neighbours, and pages a phone can afford.

use std::collections::BTreeSet;

use crate::support::{SiteTest, built};

/// A site with `per_year` notices in each of 2023, 2024 and 2025 (dated so that the
/// newest-first order is known), plus `extra` in site.yaml, and share images off (the
/// tests are about lists).
fn site_with(per_year: usize, extra: &str) -> SiteTest {
    let site = SiteTest::empty();
    site.file(
        "data/site.yaml",
        format!(
            "title: 列表测试\nbase_url: https://example.org/\npublisher: 测试单位\nshare_images: false\n{extra}"
        ),
    );
    for year in 2023..=2025 {
        for n in 0..per_year {
            let (month, day) = (1 + n / 28 % 12, 1 + n % 28);
            site.file(
                &format!("content/notices/n{year}-{n:03}.md"),
                format!(
                    "---\ntitle: 第{year}年第{n}号通知\ndate: {year}-{month:02}-{day:02} {:02}:00\n---\n\n正文。\n",
                    n % 24
                ),
            );
        }
    }
    site.file(
        "content/notices/_index.md",
        "---\ntitle: 通知公告\n---\n\n列表导语。\n",
    );
    site
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}

/// The notice links of a list page, in order.
fn listed(html: &str) -> Vec<String> {
    let list = &html[html.find("<main").unwrap()..];
    list.match_indices("<a href=\"/notices/n")
        .map(|(i, _)| {
            let rest = &list[i + "<a href=\"/notices/".len()..];
            rest[..rest.find('/').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn the_list_is_split_into_pages_of_50_and_every_notice_is_on_exactly_one() {
    let site = site_with(40, "");
    let files = built(&site);
    // 120 notices: 50, 50 and 20.
    let pages = [
        "notices/index.html",
        "notices/page/2/index.html",
        "notices/page/3/index.html",
    ];
    let lists: Vec<Vec<String>> = pages.iter().map(|p| listed(&text(&files, p))).collect();
    assert_eq!(lists.iter().map(Vec::len).collect::<Vec<_>>(), [50, 50, 20]);
    assert!(!files.contains_key("notices/page/4/index.html"));
    assert!(
        !files.contains_key("notices/page/1/index.html"),
        "page 1 is /notices/"
    );
    let all: Vec<&String> = lists.iter().flatten().collect();
    let unique: BTreeSet<&String> = all.iter().copied().collect();
    assert_eq!(unique.len(), 120, "no notice twice, none missing");
    // Newest first across pages: 2025's notices, then 2024's, then 2023's.
    assert!(
        lists[0][0].starts_with("n2025-") && lists[2][19].starts_with("n2023-"),
        "{lists:?}"
    );

    let second = text(&files, "notices/page/2/index.html");
    assert!(second.contains("<title>通知公告（第 2 页）"), "{second}");
    assert!(
        second.contains("<a href=\"/notices/\" rel=\"prev\">上一页</a>"),
        "{second}"
    );
    assert!(
        second.contains("<a href=\"/notices/page/3/\" rel=\"next\">下一页</a>"),
        "{second}"
    );
    assert!(
        second.contains("href=\"/notices/page/2/\" aria-current=\"page\""),
        "{second}"
    );
    // The intro is the list's, on its first page only.
    assert!(text(&files, "notices/index.html").contains("列表导语"));
    assert!(!second.contains("列表导语"));
    // The sitemap has every page of the list.
    let sitemap = text(&files, "sitemap.xml");
    assert!(
        sitemap.contains("https://example.org/notices/page/3/"),
        "{sitemap}"
    );
}

#[test]
fn each_year_has_its_own_list_linked_from_every_list_page() {
    let site = site_with(40, "notices_per_page: 30\n");
    let files = built(&site);
    for year in [2023, 2024, 2025] {
        let first = text(&files, &format!("notices/{year}/index.html"));
        let second = text(&files, &format!("notices/{year}/page/2/index.html"));
        assert!(
            first.contains(&format!("<h1>{year}年通知公告</h1>")),
            "{first}"
        );
        let (a, b) = (listed(&first), listed(&second));
        assert_eq!((a.len(), b.len()), (30, 10));
        assert!(
            a.iter()
                .chain(&b)
                .all(|n| n.starts_with(&format!("n{year}-")))
        );
        assert!(
            first.contains(&format!("href=\"/notices/{year}/\" aria-current=\"page\"")),
            "the year index marks the year: {first}"
        );
        assert!(!files.contains_key(&format!("notices/{year}/page/3/index.html")));
    }
    // 120 at 30 a page: 4 pages of the whole list, and the year index on each.
    assert!(files.contains_key("notices/page/4/index.html"));
    assert!(!files.contains_key("notices/page/5/index.html"));
    let last = text(&files, "notices/page/4/index.html");
    for year in [2023, 2024, 2025] {
        assert!(
            last.contains(&format!("<a href=\"/notices/{year}/\">")),
            "{last}"
        );
    }
}

#[test]
fn a_long_list_links_a_window_of_pages_not_all_of_them() {
    let site = site_with(70, "notices_per_page: 5\n");
    let files = built(&site);
    // 210 notices, 42 pages; page 20 links 1, 18-22 and 42, with gaps between.
    let page = text(&files, "notices/page/20/index.html");
    let nav = &page[page.find("class=\"paginator\"").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let numbers: Vec<&str> = nav
        .match_indices("aria-label=\"第 ")
        .map(|(i, _)| {
            let rest = &nav[i + "aria-label=\"第 ".len()..];
            &rest[..rest.find(' ').unwrap()]
        })
        .collect();
    assert_eq!(numbers, ["1", "18", "19", "20", "21", "22", "42"], "{nav}");
    assert_eq!(nav.matches("paginator-gap").count(), 2, "{nav}");
    assert!(files.contains_key("notices/page/42/index.html"));
    assert!(!files.contains_key("notices/page/43/index.html"));
}

#[test]
fn a_page_of_the_list_stays_small_and_a_single_year_has_no_year_lists() {
    let site = site_with(400, "");
    let files = built(&site);
    // 1,200 notices: every list page at 50 notices stays far under 200 KB.
    let biggest = files
        .iter()
        .filter(|(p, _)| p.starts_with("notices/") && p.contains("page/"))
        .map(|(_, b)| b.len())
        .max()
        .unwrap();
    assert!(biggest < 200 * 1024, "{biggest} bytes");

    let one_year = SiteTest::minimal();
    let files = built(&one_year);
    assert!(files.contains_key("notices/index.html"));
    assert!(
        !files.keys().any(|p| p.starts_with("notices/2025/")),
        "{:?}",
        files.keys()
    );
    assert!(!text(&files, "notices/index.html").contains("class=\"paginator\""));
}

#[test]
fn notices_per_page_must_be_a_positive_number() {
    let site = SiteTest::minimal();
    site.edit(
        "data/site.yaml",
        "publisher: 测试单位",
        "publisher: 测试单位\nnotices_per_page: 0",
    );
    let run = site.build();
    run.code(1);
    assert!(run.stderr.contains("data/site.yaml:4"), "{run}");
    assert!(run.stderr.contains("notices_per_page"), "{run}");
}

#[test]
fn an_english_site_numbers_its_pages_in_english() {
    let site = SiteTest::english_example();
    site.edit(
        "data/site.yaml",
        "brand_color:",
        "notices_per_page: 1\nshare_images: false\nbrand_color:",
    );
    let files = built(&site);
    let second = text(&files, "notices/page/2/index.html");
    assert!(second.contains("<h1>Notices, page 2</h1>"), "{second}");
    assert!(second.contains("rel=\"prev\">Previous</a>"), "{second}");
    assert!(second.contains("aria-label=\"Page 1\""), "{second}");
}
