//! What publishers get: the Atom feed, the sitemap and robots.txt, canonical and Open Graph
//! meta, fingerprinted assets, sub-path hosting, calendar files, vCards, the footer's
//! registrations and the static search index.

use crate::support::publishing::{
    attribute_values, example_with_second, html_pages, parse_xml, search, search_script,
    stylesheet, target, unfold,
};
use crate::support::{SiteTest, read_tree};

const BASE: &str = "https://example.org/cappvd/";
const CALL: &str = "public/notices/2025-cappvd-call/index.html";

#[test]
fn feed_is_atom_with_stable_ids_and_no_build_time() {
    let site = example_with_second();
    site.build().success();
    let xml = site.read("public/feed.xml");
    let feed = parse_xml(&xml);
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attrs["xmlns"], "http://www.w3.org/2005/Atom");
    assert_eq!(feed.one("title").text, "CAPPVD漏洞库支撑单位遴选");
    assert_eq!(feed.one("id").text, format!("{BASE}feed.xml"));
    assert!(
        feed.one("author")
            .one("name")
            .text
            .starts_with("中国软件评测中心")
    );
    let entries = feed.all("entry");
    assert_eq!(entries.len(), 2);
    // The feed's `updated` is its newest entry's (the second notice's `updated`).
    assert_eq!(feed.one("updated").text, "2025-02-12T00:00:00+08:00");
    let newest = entries[0];
    assert_eq!(newest.one("title").text, "关于A&B <测试> 的通知");
    let link = &newest.one("link").attrs["href"];
    assert_eq!(
        link,
        "https://example.org/cappvd/notices/%E6%B5%8B%E8%AF%95%E9%80%9A%E7%9F%A5/"
    );
    assert_eq!(
        newest.one("id").text,
        "tag:example.org,2025-02-10:/cappvd/notices/%E6%B5%8B%E8%AF%95%E9%80%9A%E7%9F%A5/"
    );
    assert_eq!(newest.one("published").text, "2025-02-10T09:00:00+08:00");
    assert!(newest.one("summary").text.contains("用于测试订阅"));
    for entry in &entries {
        for name in ["title", "id", "published", "updated", "summary"] {
            assert!(!entry.one(name).text.is_empty(), "{name}");
        }
    }
    let call_id = entries[1].one("id").text.clone();
    assert!(
        call_id.starts_with("tag:example.org,2025-01-22:"),
        "{call_id}"
    );

    // Another "now", another notice: old ids stay; with the same input, the same bytes.
    site.run(&["build", "--now", "2025-09-30"]).success();
    assert_eq!(site.read("public/feed.xml"), xml);
    site.file(
        "content/notices/third.md",
        "---\ntitle: 第三则\ndate: 2025-02-20\n---\n正文\n",
    );
    site.build().success();
    let feed = parse_xml(&site.read("public/feed.xml"));
    let ids: Vec<String> = feed
        .all("entry")
        .iter()
        .map(|e| e.one("id").text.clone())
        .collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[2], call_id);
}

#[test]
fn sitemap_lists_every_page_with_lastmod_and_robots_names_it() {
    let site = example_with_second();
    site.build().success();
    let sitemap = parse_xml(&site.read("public/sitemap.xml"));
    assert_eq!(sitemap.name, "urlset");
    let mut listed = Vec::new();
    for url in sitemap.all("url") {
        let loc = url.one("loc").text.clone();
        assert!(loc.is_ascii(), "{loc} is percent-encoded");
        let lastmod = &url.one("lastmod").text;
        assert!(
            lastmod.len() == 25 && lastmod.as_bytes()[10] == b'T',
            "{lastmod}"
        );
        listed.push(loc);
    }
    let mut expected = html_pages(&site, BASE);
    expected.sort();
    listed.sort();
    assert_eq!(listed, expected);
    assert!(listed.iter().any(|l| l.contains("/notices/%E6%B5%8B")));

    let robots = site.read("public/robots.txt");
    assert!(robots.contains("User-agent: *\n"), "{robots}");
    assert!(
        robots.contains(&format!("\nSitemap: {BASE}sitemap.xml\n")),
        "{robots}"
    );
}

#[test]
fn pages_carry_canonical_open_graph_and_feed_links() {
    let site = example_with_second();
    site.build().success();
    let page = site.read("public/notices/测试通知/index.html");
    let url = format!("{BASE}notices/%E6%B5%8B%E8%AF%95%E9%80%9A%E7%9F%A5/");
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
    assert!(page.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")));
    assert!(page.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(page.contains("<meta property=\"og:locale\" content=\"zh_CN\">"));
    assert!(
        page.contains("<meta property=\"og:title\" content=\"关于A&amp;B &lt;测试&gt; 的通知\">")
    );
    let call = site.read(CALL);
    assert!(call.contains("<meta name=\"description\" content=\"2025年CAPPVD"));
    assert!(call.contains("<meta property=\"og:description\" content=\"2025年CAPPVD"));
    assert!(call.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"CAPPVD漏洞库支撑单位遴选：通知公告\" href=\"/cappvd/feed.xml\">"
    ));
}

#[test]
fn assets_are_fingerprinted_and_change_with_their_content() {
    let site = SiteTest::example();
    site.build().success();
    let before = stylesheet(&site);
    let files = read_tree(&site.path("public/assets"));
    assert!(
        files
            .keys()
            .any(|n| n.starts_with("site.") && n.len() == "site.12345678.js".len())
    );
    assert!(files.contains_key("favicon.svg"), "images keep their names");
    let css =
        std::fs::read_to_string(crate::support::repo_root().join("templates/assets/style.css"));
    site.file(
        "templates/assets/style.css",
        css.unwrap() + "\n/* 修改 */\n",
    );
    site.build().success();
    let after = stylesheet(&site);
    assert_ne!(before, after);
    assert!(!site.path("public/assets").join(&before).exists());
}

#[test]
fn every_link_asset_and_search_file_resolves_under_a_sub_path() {
    let site = example_with_second();
    let base = "https://example.org/sub/path/";
    site.run(&["build", "--now", crate::support::NOW, "--base-url", base])
        .success();
    let files = read_tree(&site.path("public"));
    let (origin, prefix) = ("https://example.org", "/sub/path/");
    let mut checked = 0;
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        let mut urls: Vec<&str> = Vec::new();
        for attr in ["href", "src", "action", "data-index", "content"] {
            urls.extend(attribute_values(&html, attr));
        }
        for set in attribute_values(&html, "srcset") {
            urls.extend(set.split(',').filter_map(|c| c.split_whitespace().next()));
        }
        for url in urls {
            let is_url = url.starts_with('/') || url.starts_with("http") || url.ends_with(".html");
            if attribute_values(&html, "content").contains(&url) && !is_url {
                continue; // <meta content> that is not a URL
            }
            if let Some(file) = target(url, page, prefix, origin) {
                assert!(files.contains_key(&file), "{url} in {page}: no {file}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");

    // The search files the script asks for, from the manifest named by the form.
    let search = String::from_utf8(files["search/index.html"].clone()).unwrap();
    let manifest_url = attribute_values(&search, "data-index")[0];
    assert_eq!(manifest_url, "/sub/path/search/index.json");
    let manifest: serde_json::Value = serde_json::from_slice(&files["search/index.json"]).unwrap();
    let shards = manifest["shards"].as_u64().unwrap();
    let docs = manifest["docs"].as_u64().unwrap();
    for k in 0..shards {
        assert!(
            files.contains_key(&format!("search/s/{k}.json")),
            "shard {k}"
        );
    }
    let per = manifest["per_file"].as_u64().unwrap();
    for n in 0..docs {
        let file: serde_json::Value =
            serde_json::from_slice(&files[&format!("search/d/{}.json", n / per)]).unwrap();
        // Result URLs are relative to the site's root.
        let url = file[(n % per) as usize]["u"].as_str().unwrap();
        assert!(!url.starts_with('/'), "{url}");
        let file = target(
            &format!("{prefix}{url}"),
            "search/index.html",
            prefix,
            origin,
        )
        .unwrap();
        assert!(files.contains_key(&file), "search result {url}");
    }
}

#[test]
fn search_page_and_index_find_typed_queries() {
    let site = SiteTest::example();
    site.build().success();
    let page = site.read("public/search/index.html");
    assert!(
        page.contains("<noscript>"),
        "explains itself without JavaScript"
    );
    assert!(page.contains("站内搜索需要浏览器启用 JavaScript"));
    assert!(page.contains("<script src=\"/cappvd/assets/search."));
    let home = site.read("public/index.html");
    assert!(home.contains("<a href=\"/cappvd/search/\">搜索</a>"));
    let public = site.path("public");
    // Result URLs are relative to the site's root.
    let call = "notices/2025-cappvd-call/";
    for query in ["遴选", "支撑单位", "漏洞治理", "CAPPSEC", "2025"] {
        let found = search(&public, query);
        assert!(found.iter().any(|u| u == call), "{query}: {found:?}");
    }
    let unit = search(&public, "示例单位甲");
    assert!(
        unit.iter().any(|u| u.ends_with("#unit-example-a")),
        "{unit:?}"
    );
    assert!(search(&public, "量子计算").is_empty());
}

#[test]
fn deadlines_get_calendar_files() {
    let site = SiteTest::example();
    site.build().success();
    let path = "public/notices/2025-cappvd-call/2025-cappvd-call.ics";
    let ics = site.read(path);
    let lines = unfold(&ics);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "BEGIN:VEVENT",
        "UID:deadline-notices-2025-cappvd-call@example.org",
        "DTSTAMP:20250122T025100Z",
        "DTSTART;VALUE=DATE:20250831",
        "DTEND;VALUE=DATE:20250901",
        "URL:https://example.org/cappvd/notices/2025-cappvd-call/",
        "END:VCALENDAR",
    ] {
        assert!(lines.contains(&format!("{line}\r\n")), "{line} in\n{lines}");
    }
    assert!(lines.contains("SUMMARY:申报截止：关于开展2025年"));
    let link = "href=\"/cappvd/notices/2025-cappvd-call/2025-cappvd-call.ics\" type=\"text/calendar\">加入日历</a>";
    assert!(site.read(CALL).contains(link));
    assert!(site.read("public/apply/index.html").contains(link));
    // Another "now" changes the deadline status on the pages, not the calendar file.
    site.run(&["build", "--now", "2025-08-30"]).success();
    assert_eq!(site.read(path), ics);

    // A deadline with a time: the site's time zone; text values escaped.
    site.file(
        "content/notices/timed.md",
        "---\ntitle: 报名, 截止; 时间\\说明\ndate: 2025-02-01\ndeadline: 2025-06-30 17:00\n---\n正文\n",
    );
    site.build().success();
    let lines = unfold(&site.read("public/notices/timed/timed.ics"));
    assert!(
        lines.contains("SUMMARY:申报截止：报名\\, 截止\\; 时间\\\\说明\r\n"),
        "{lines}"
    );
    assert!(
        lines.contains("DTSTART;TZID=Asia/Shanghai:20250630T170000\r\n"),
        "{lines}"
    );
    assert!(
        lines.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"),
        "{lines}"
    );
    assert!(lines.contains("TZOFFSETTO:+0800\r\n"), "{lines}");
}

#[test]
fn contacts_get_vcards() {
    let site = SiteTest::example();
    site.build().success();
    let page = site.read("public/contacts/index.html");
    assert!(page.contains("<a href=\"/cappvd/contacts/秦晓磊.vcf\" type=\"text/vcard\">"));
    assert!(page.contains("<a href=\"tel:+8618510844188\">"));
    let card = unfold(&site.read("public/contacts/秦晓磊.vcf"));
    for line in [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "FN:秦晓磊",
        "TITLE:联系人",
        "TEL;VALUE=uri;TYPE=voice:tel:+8618510844188",
        "EMAIL;TYPE=work:cappvd@cstc.org.cn",
        "END:VCARD",
    ] {
        assert!(card.contains(&format!("{line}\r\n")), "{line} in\n{card}");
    }
    assert!(card.contains("ORG:中国软件评测中心（工业和信息化部软件与集成电路促进中心）\r\n"));
}

#[test]
fn footer_shows_every_registration() {
    let site = SiteTest::example();
    site.edit(
        "data/site.yaml",
        "  icp: null\n  public_security: null\n  site_code: null",
        "  icp: 京ICP备12345678号-1\n  public_security: 京公网安备 11010802012345号\n  site_code: \"1000000001\"",
    );
    site.build().success();
    let home = site.read("public/index.html");
    let footer = &home[home.find("<footer").unwrap()..];
    for part in [
        "主办单位：中国软件评测中心",
        "<a href=\"mailto:cappvd@cstc.org.cn\">cappvd@cstc.org.cn</a>",
        "<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">京ICP备12345678号-1</a>",
        "<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=11010802012345\" rel=\"noopener\">京公网安备 11010802012345号</a>",
        "网站标识码：1000000001",
    ] {
        assert!(footer.contains(part), "{part} in\n{footer}");
    }
}

/// search.js itself, run in Node when it is installed (CI's browser tests run it in
/// Chromium): it finds what the index holds, with the same counts as the Rust reading.
#[test]
fn search_script_finds_the_same_documents_in_node() {
    let site = example_with_second();
    site.build().success();
    let queries = [
        "遴选",
        "支撑单位",
        "漏洞治理",
        "CAPPSEC",
        "ｃａｐｐｓｅｃ",
        "2025",
        "示例单位甲",
        "量子计算",
    ];
    let Some(lines) = search_script(&site.path("public"), &queries) else {
        return;
    };
    for (query, line) in queries.iter().zip(&lines) {
        let expected: Vec<String> = search(&site.path("public"), query)
            .into_iter()
            .map(|u| format!("/cappvd/{u}"))
            .collect();
        let status = line["status"].as_str().unwrap();
        let shown: Vec<&str> = line["urls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap())
            .collect();
        if expected.is_empty() {
            assert!(status.starts_with("未找到"), "{query}: {status}");
            continue;
        }
        assert!(
            status.starts_with(&format!("找到 {} 条", expected.len())),
            "{query}: {status}, expected {expected:?}"
        );
        assert_eq!(shown.len(), expected.len().min(10), "{query}: {shown:?}");
        assert!(
            shown.iter().all(|u| expected.iter().any(|e| e == u)),
            "{query}"
        );
    }
    // The call names 遴选 in its title: it comes first.
    assert_eq!(lines[0]["urls"][0], "/cappvd/notices/2025-cappvd-call/");
    assert_eq!(lines[6]["urls"][0], "/cappvd/roster/2024/#unit-example-a");
}

#[test]
fn search_can_be_switched_off() {
    let site = SiteTest::example();
    site.edit(
        "data/site.yaml",
        "roster_order: pinyin",
        "roster_order: pinyin\nsearch: false",
    );
    site.build().success();
    let files = site.files("public");
    assert!(
        !files.keys().any(|f| f.starts_with("search/")),
        "no search page or index"
    );
    let home = site.read("public/index.html");
    assert!(!home.contains("/search/"), "no link to a search page");
    assert!(files.contains_key("notices/index.html"));
}

/// `relative_urls: true`: the output opens from the file system. No page holds a
/// root-relative URL, and every relative one names a file of the output.
#[test]
fn relative_urls_make_the_output_browsable_from_files() {
    let site = SiteTest::example();
    site.edit(
        "data/site.yaml",
        "roster_order: pinyin",
        "roster_order: pinyin\nrelative_urls: true",
    );
    let run = site.build();
    run.success();
    assert!(run.stdout.contains("index.html in a browser"), "{run}");
    let files = site.files("public");
    let mut checked = 0;
    for (page, bytes) in &files {
        if !page.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        for attr in ["href", "src", "srcset", "action", "data-index"] {
            for value in attribute_values(&html, attr) {
                for url in value.split(", ").map(|c| c.split(' ').next().unwrap_or(c)) {
                    assert!(!url.starts_with('/'), "{page}: root-relative {attr}={url}");
                    if url.contains(':') || url.starts_with('#') {
                        continue;
                    }
                    let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
                    let joined =
                        std::path::Path::new(dir).join(url.split(['#', '?']).next().unwrap());
                    let mut parts: Vec<String> = Vec::new();
                    for part in joined.components() {
                        match part {
                            std::path::Component::ParentDir => {
                                parts.pop().expect("a link above the output");
                            }
                            std::path::Component::Normal(p) => {
                                parts.push(p.to_string_lossy().into())
                            }
                            _ => {}
                        }
                    }
                    let file = parts.join("/");
                    assert!(
                        files.contains_key(&file),
                        "{page}: {url} names no file ({file})"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} URLs checked");
}
