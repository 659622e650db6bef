//! Successful builds: the example site, what its pages say, and the command line.

use crate::support::{SiteTest, assert_same_tree, html_tag, squash};

const NOTICE: &str = "public/notices/2025-cappvd-call/index.html";

/// The example site, built with `--now 2025-03-01` (the call is open).
fn example_built() -> SiteTest {
    let site = SiteTest::example();
    site.build().success();
    site
}

/// The `<main>` of a page, whitespace collapsed: the content without header and footer.
fn main_text(page: &str) -> String {
    let start = page.find("<main").expect("a page has <main>");
    let end = page.rfind("</main>").expect("a page has </main>");
    squash(&page[start..end])
}

#[track_caller]
fn assert_contains_all(haystack: &str, needles: &[&str], what: &str) {
    let missing: Vec<&&str> = needles.iter().filter(|n| !haystack.contains(**n)).collect();
    assert!(missing.is_empty(), "{what} lacks {missing:?}");
}

#[test]
fn example_site_builds() {
    let site = SiteTest::example();
    let run = site.build();
    run.success();
    assert!(
        run.stdout.starts_with("Built ") && run.stdout.contains(" pages, 7 images, "),
        "{run}"
    );
    assert!(run.stdout.contains("into [ROOT]/public"), "{run}");
    assert_eq!(run.stderr, "", "a clean build prints nothing on stderr");
    // Search shards and documents are counted elsewhere (tests/testsuite/publishing.rs); content
    // hashes in asset names are shown as HASH.
    let files: Vec<String> = site
        .files("public")
        .into_keys()
        .filter(|f| {
            !["search/s/", "search/p/", "search/d/"]
                .iter()
                .any(|d| f.starts_with(d))
        })
        .map(|f| match f.split('.').collect::<Vec<_>>().as_slice() {
            [stem, hash, ext] if hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
                format!("{stem}.HASH.{ext}")
            }
            _ => f,
        })
        .collect();
    assert_eq!(
        files,
        [
            ".bulletin-output",
            "404.html",
            "apply/index.html",
            "assets/favicon.svg",
            "assets/print.HASH.css",
            "assets/search.HASH.js",
            "assets/site.HASH.js",
            "assets/style.HASH.css",
            "contacts/index.html",
            "contacts/刘芮汐.vcf",
            "contacts/秦晓磊.vcf",
            "feed.xml",
            "guide/index.html",
            "index.html",
            "notices/2025-cappvd-call/2025-cappvd-call.ics",
            "notices/2025-cappvd-call/index.html",
            "notices/2025-cappvd-call/share.png",
            "notices/index.html",
            "robots.txt",
            "roster/2023/index.html",
            "roster/2023/share-1-1.png",
            "roster/2023/share-2-1.png",
            "roster/2023/share-3-1.png",
            "roster/2024/index.html",
            "roster/2024/share-1-1.png",
            "roster/2024/share-2-1.png",
            "roster/2024/share-3-1.png",
            "roster/index.html",
            "roster/roster-2023.csv",
            "roster/roster-2023.json",
            "roster/roster-2024.csv",
            "roster/roster-2024.json",
            "search/index.html",
            "search/index.json",
            "sitemap.xml",
        ]
    );
    // No staging directory is left beside the output (the image cache stays).
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".bulletin-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn every_page_is_zh_cn() {
    let site = example_built();
    for (name, bytes) in site.files("public") {
        if name.ends_with(".html") {
            let page = String::from_utf8(bytes).unwrap();
            assert_eq!(html_tag(&page), r#"<html lang="zh-CN">"#, "{name}");
            assert!(page.contains(r#"<meta charset="utf-8">"#), "{name}");
        }
    }
}

#[test]
fn notice_carries_every_fact_of_the_reference() {
    let site = example_built();
    let page = site.read(NOTICE);
    let text = main_text(&page);
    assert_contains_all(
        &page,
        &[
            "<title>关于开展2025年工业和信息化部移动互联网APP产品安全漏洞专业库支撑单位遴选工作的通知 – CAPPVD漏洞库支撑单位遴选</title>",
        ],
        "the head",
    );
    assert_contains_all(
        &text,
        &[
            // Header: category, title, source, date.
            "支撑单位遴选",
            "<h1>关于开展2025年工业和信息化部移动互联网APP产品安全漏洞专业库支撑单位遴选工作的通知</h1>",
            "CAPPVD漏洞库",
            r#"<time datetime="2025-01-22T10:51:00+08:00">2025-01-22 10:51</time>"#,
            // Opening.
            "各有关单位：",
            "为贯彻落实《中华人民共和国网络安全法》《网络产品安全漏洞管理规定》等法律法规要求",
            "（以下简称CAPPVD漏洞库），并成立安全漏洞管理特设工作组（以下简称特设组）",
            "2025年，特设组将继续组织开展CAPPVD漏洞库支撑单位遴选工作，汇聚各方力量共同维护移动互联网APP产品安全。",
            // 一、工作总则
            "按照“自愿申报、公平公正、开放竞争、优中选优”的原则",
            "护航我国移动互联网APP产品健康有序发展。",
            // 二、遴选条件: the five conditions.
            "（一）",
            "申报单位应严格遵守中华人民共和国现行法律法规，在国家企业信用信息公示系统中无不良记录。",
            "（二）",
            "申报单位应在国内注册成立，具有独立法人资格，财务状况良好，组织管理结构和监管体系清晰明确。",
            "（三）",
            "申报单位应具备稳定的网络安全团队，且须有团队成员具备移动互联网安全工程师（CAPPSEC）资质。",
            "（四）",
            "申报单位应在移动互联网APP产品安全领域具备较强的安全漏洞检测、发现、研究、修补能力及研发测试、应急响应等技术能力，或能够协助CAPPVD漏洞库下发漏洞通知的能力。",
            "（五）",
            "申报单位应遵守CAPPVD漏洞库管理要求，承担责任，履行义务。",
            // 三、权利义务: both duties and the rights.
            "支撑单位包括技术支撑单位和漏洞治理合作单位",
            "技术支撑单位主要义务",
            "报送非自有/自有APP产品的原创安全漏洞信息，共享重大漏洞/安全事件预警信息，漏洞审核与验证，相关技术支持等。",
            "漏洞治理合作单位主要义务",
            "报送自有APP产品、小程序、公众号的安全漏洞信息，共享重大漏洞/安全事件预警信息，协助CAPPVD漏洞库处理APP产品安全漏洞等。",
            "支撑单位主要权利",
            "优先参与CAPPVD漏洞库相关活动，优先获推工业和信息化部“漏洞报送最具贡献单位”“漏洞报送特别贡献单位”“漏洞管理实践先进单位”“漏洞治理合作最具贡献单位”等奖项，享有对漏洞信息披露和处置争议事项的优先协调权等主要权利。",
            // 四、申报方式
            "申报单位通过CAPPVD漏洞库官方网站申请加入CAPPVD漏洞库支撑单位，且需将申报材料纸质版（盖章、一份）同步寄送至中国软件评测中心。",
            r#"<a class="url" href="https://cappvd.org.cn/home/special" rel="noopener">https://cappvd.org.cn/home/special</a>"#,
            "技术支撑单位、漏洞治理合作单位",
            "北京市昌平区定泗路11号赛迪产业园",
            r#"<time datetime="2025-08-31T23:59:59+08:00">2025年8月31日</time>"#,
            // 五、申报流程: the six steps.
            "能力证明",
            "参考《CAPPVD支撑单位能力评定方法》证明相关能力，评定办法见申报网址；证明有人员具备移动互联网安全工程师（CAPPSEC）资质。",
            "填报资料",
            "申报单位按照相关要求在申报网址提交申报材料。",
            "材料审核",
            "特设组对申报材料进行审核。",
            "专家评审",
            "特设组将组织召开专家评审会，听取初审通过单位申报陈述，择优选择。",
            "现场考察",
            "特设组将对通过专家评审的单位进行现场考察，评估单位综合实力及人员实际能力。",
            "颁发证书",
            "特设组将向通过现场考察的单位颁发特设组支撑单位证书，并予以公告。",
            // 六、联系方式
            "秦晓磊",
            r#"<a href="tel:+8618510844188">18510844188</a>"#,
            "刘芮汐",
            r#"<a href="tel:+8618833065221">18833065221</a>"#,
            r#"<a href="mailto:cappvd@cstc.org.cn">cappvd@cstc.org.cn</a>"#,
            // 七、现有支撑单位名单
            "三星支撑单位",
            "二星支撑单位",
            "一星支撑单位",
            // Credits.
            "文字：刘芮汐",
            "编辑：漏洞管理与资质评估室",
            "编审：中国评测安全事业部",
        ],
        "the notice page",
    );
    // The six steps and five conditions are numbered in order.
    let steps = [
        "能力证明",
        "填报资料",
        "材料审核",
        "专家评审",
        "现场考察",
        "颁发证书",
    ];
    let positions: Vec<usize> = steps.iter().map(|s| text.find(s).unwrap()).collect();
    assert!(positions.is_sorted(), "steps out of order: {positions:?}");
    for (i, number) in ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
        .iter()
        .enumerate()
    {
        let step = format!(r#"<span class="step-number">{number}</span>{}"#, steps[i]);
        assert!(text.contains(&step), "missing {step}");
    }
    assert_eq!(
        text.matches(r#"<span class="condition-number">"#).count(),
        5
    );
}

#[test]
fn headings_keep_chinese_ids_and_make_a_table_of_contents() {
    let site = example_built();
    let page = site.read(NOTICE);
    let headings = [
        "一、工作总则",
        "二、遴选条件",
        "三、权利义务",
        "四、申报方式",
        "五、申报流程",
        "六、联系方式",
        "七、现有支撑单位名单",
    ];
    assert!(page.contains(r#"<h2 id="一工作总则">一、工作总则</h2>"#));
    let toc_start = page
        .find(r#"<nav class="toc" aria-label="目录">"#)
        .expect("a toc");
    let toc = &page[toc_start..toc_start + page[toc_start..].find("</nav>").unwrap()];
    for heading in headings {
        let id: String = heading.chars().filter(|c| *c != '、').collect();
        assert!(
            page.contains(&format!(r#"<h2 id="{id}">{heading}</h2>"#)),
            "heading {heading}"
        );
        assert!(
            toc.contains(&format!(r##"<a href="#{id}">{heading}</a>"##)),
            "toc entry {heading}"
        );
    }
    assert_eq!(toc.matches("<li").count(), headings.len());
}

#[test]
fn roster_pages_show_three_tiers_with_counts_and_examples() {
    let site = example_built();
    let rounds = [
        (
            "public/roster/2023/index.html",
            "2023",
            [1, 2, 3],
            "2023年12月20日公布",
        ),
        (
            "public/roster/2024/index.html",
            "2024",
            [2, 3, 5],
            "2024年12月18日公布",
        ),
        (
            "public/roster/index.html",
            "2024",
            [2, 3, 5],
            "2024年12月18日公布",
        ),
    ];
    for (path, year, counts, announced) in rounds {
        let text = main_text(&site.read(path));
        let total: usize = counts.iter().sum();
        assert_contains_all(
            &text,
            &[
                &format!("<h1>{year}年度支撑单位名单</h1>"),
                announced,
                &format!("共 {total} 家单位"),
                &format!(
                    "三星支撑单位 {} 家，二星支撑单位 {} 家，一星支撑单位 {} 家。",
                    counts[0], counts[1], counts[2]
                ),
                "排名不分先后",
                r#"<h2 id="tier-3-title">"#,
                r#"<h2 id="tier-2-title">"#,
                r#"<h2 id="tier-1-title">"#,
                &format!(
                    "三星支撑单位 <span class=\"count\">（{} 家）</span>",
                    counts[0]
                ),
                &format!(
                    "二星支撑单位 <span class=\"count\">（{} 家）</span>",
                    counts[1]
                ),
                &format!(
                    "一星支撑单位 <span class=\"count\">（{} 家）</span>",
                    counts[2]
                ),
                "示例数据：",
            ],
            path,
        );
        assert_eq!(text.matches(r#"<li class="unit""#).count(), total, "{path}");
        assert_eq!(
            text.matches(r#"<span class="badge badge-example">示例</span>"#)
                .count(),
            total,
            "{path}"
        );
        // Tiers from three stars down.
        let (three, two, one) = (
            text.find("tier-3-title").unwrap(),
            text.find("tier-2-title").unwrap(),
            text.find("tier-1-title").unwrap(),
        );
        assert!(three < two && two < one, "{path}: tiers out of order");
    }
    // Within a tier, pinyin order: 丙 bing < 丁 ding < 戊 wu.
    let text = site.read("public/roster/2024/index.html");
    let (bing, ding, wu) = (
        text.find("示例单位丙").unwrap(),
        text.find("示例单位丁").unwrap(),
        text.find("示例单位戊").unwrap(),
    );
    assert!(bing < ding && ding < wu, "not in pinyin order");
}

#[test]
fn guide_apply_contacts_and_404_pages() {
    let site = example_built();
    let pages = [
        (
            "public/guide/index.html",
            "申报指南",
            &["遵纪守法", "技术支撑单位主要义务", "支撑单位主要权利"][..],
        ),
        (
            "public/apply/index.html",
            "申报方式",
            &[
                "https://cappvd.org.cn/home/special",
                "北京市昌平区定泗路11号赛迪产业园",
                "2025年8月31日",
                "颁发证书",
            ][..],
        ),
        (
            "public/contacts/index.html",
            "联系我们",
            &[
                "tel:+8618510844188",
                "tel:+8618833065221",
                "mailto:cappvd@cstc.org.cn",
            ][..],
        ),
        ("public/404.html", "页面未找到", &["返回首页"][..]),
    ];
    for (path, h1, facts) in pages {
        let page = site.read(path);
        assert!(
            page.contains(&format!("<h1>{h1}</h1>")),
            "{path} has no <h1>{h1}</h1>"
        );
        assert!(
            page.contains(&format!("<title>{h1} – CAPPVD漏洞库支撑单位遴选</title>")),
            "{path}"
        );
        assert_contains_all(&page, facts, path);
    }
    // The 404 page is served from any URL, so its links are absolute.
    let not_found = site.read("public/404.html");
    assert!(not_found.contains(r#"href="/cappvd/assets/style."#));
    assert!(not_found.contains(r#"<a href="/cappvd/">返回首页</a>"#));
}

/// Builds the example site with `--now` and returns the notice page, home page and apply page.
fn at(now: &str) -> (String, String, String) {
    let site = SiteTest::example();
    site.run(&["build", "--now", now]).success();
    (
        main_text(&site.read(NOTICE)),
        main_text(&site.read("public/index.html")),
        main_text(&site.read("public/apply/index.html")),
    )
}

#[test]
fn deadline_open() {
    let (notice, home, apply) = at("2025-03-01");
    assert!(
        notice.contains(r#"<p class="deadline deadline-open">"#),
        "{notice}"
    );
    assert!(notice.contains(r#"<span class="status status-open">正在申报</span>"#));
    assert!(notice.contains("剩余 184 天"));
    assert!(
        home.contains("正在申报") && home.contains("<a class=\"call-title\""),
        "{home}"
    );
    assert!(apply.contains("正在申报"));
    for page in [&notice, &home, &apply] {
        assert!(!page.contains("即将截止") && !page.contains("已截止"));
    }
}

#[test]
fn deadline_closing() {
    let (notice, home, apply) = at("2025-08-28");
    assert!(
        notice.contains(r#"<span class="status status-closing">即将截止</span>"#),
        "{notice}"
    );
    assert!(notice.contains("剩余 4 天"), "{notice}");
    assert!(
        home.contains("即将截止") && home.contains("<a class=\"call-title\""),
        "{home}"
    );
    assert!(apply.contains("即将截止"));
    for page in [&notice, &home, &apply] {
        assert!(!page.contains("正在申报") && !page.contains("已截止"));
    }
}

#[test]
fn deadline_closed() {
    let (notice, home, apply) = at("2025-09-01");
    assert!(
        notice.contains(r#"<span class="status status-closed">已截止</span>"#),
        "{notice}"
    );
    assert!(!notice.contains("剩余"), "a closed call shows no days left");
    assert!(home.contains("当前没有正在进行的征集。"), "{home}");
    assert!(!home.contains("call-title"));
    assert!(apply.contains("已截止"));
    for page in [&notice, &home, &apply] {
        assert!(!page.contains("正在申报") && !page.contains("即将截止"));
    }
}

#[test]
fn deadline_includes_its_whole_last_day() {
    let (notice, ..) = at("2025-08-31T23:59");
    assert!(
        notice.contains("即将截止") && notice.contains("剩余 1 天"),
        "{notice}"
    );
    // Seven days and more is still open; less is closing.
    let (notice, ..) = at("2025-08-24T23:59:58");
    assert!(notice.contains("正在申报"), "{notice}");
    let (notice, ..) = at("2025-08-25");
    assert!(notice.contains("即将截止"), "{notice}");
}

#[test]
fn builds_are_byte_identical() {
    let site = example_built();
    let first = site.files("public");
    site.build().success();
    assert_same_tree(&first, &site.files("public"), "a rebuild");
    // Another copy in another directory gives the same bytes too.
    let other = example_built();
    assert_same_tree(
        &first,
        &other.files("public"),
        "a build in another directory",
    );
}

#[test]
fn base_url_override_prefixes_every_link() {
    let site = SiteTest::example();
    site.run(&[
        "build",
        "--now",
        "2025-03-01",
        "--base-url",
        "https://example.org/sub/",
    ])
    .success();
    let mut checked = 0;
    for (name, bytes) in site.files("public") {
        if !name.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        assert!(
            !page.contains("/cappvd/"),
            "{name} still links under /cappvd/"
        );
        for attr in ["href=\"", "src=\""] {
            for (i, _) in page.match_indices(attr) {
                let value = &page[i + attr.len()..];
                let value = &value[..value.find('"').unwrap()];
                if value.starts_with('/') {
                    assert!(value.starts_with("/sub/"), "{name}: {attr}{value}");
                    checked += 1;
                } else {
                    assert!(
                        value.starts_with('#')
                            || value.starts_with("https://")
                            || value.starts_with("tel:")
                            || value.starts_with("mailto:"),
                        "{name}: unexpected link {value}"
                    );
                }
            }
        }
        assert!(
            page.contains(r#"<link rel="canonical" href="https://example.org/sub/"#),
            "{name}"
        );
    }
    assert!(checked > 100, "only {checked} links checked");
    let notice = site.read(NOTICE);
    assert!(notice.contains(r#"<a href="/sub/roster/2024/">"#));
}

#[test]
fn output_can_be_elsewhere() {
    let site = SiteTest::example();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("deep/site");
    let run = site.run(&[
        "build",
        "--now",
        "2025-03-01",
        "--output",
        out.to_str().unwrap(),
    ]);
    run.success();
    assert!(out.join("index.html").is_file());
    assert!(out.join("notices/2025-cappvd-call/index.html").is_file());
    assert!(
        !site.path("public").exists(),
        "nothing is written to <root>/public"
    );
    // The same files as a default build.
    let default = example_built();
    assert_same_tree(
        &default.files("public"),
        &crate::support::read_tree(&out),
        "--output",
    );
}

#[test]
fn embedded_theme_is_used_without_templates() {
    let site = example_built();
    assert!(!site.path("templates").exists());
    let repo = crate::support::repo_root().join("templates");
    let published = site.files("public/assets");
    for asset in ["style.css", "site.js", "favicon.svg"] {
        // Stylesheets and scripts carry a content hash in their names.
        let (stem, ext) = asset.rsplit_once('.').unwrap();
        let (_, bytes) = published
            .iter()
            .find(|(n, _)| n.starts_with(stem) && n.ends_with(ext))
            .unwrap_or_else(|| panic!("{asset} is published"));
        assert_eq!(
            bytes.clone(),
            std::fs::read(repo.join("assets").join(asset)).unwrap(),
            "{asset} is the embedded default"
        );
    }
    assert!(
        site.read("public/index.html")
            .contains(r##"<a class="skip-link" href="#main">跳到正文</a>"##)
    );
}

#[test]
fn minimal_site_builds() {
    let site = SiteTest::minimal();
    let run = site.build();
    run.success();
    let notice = site.read("public/notices/hello/index.html");
    assert!(notice.contains("<h1>测试通知</h1>"));
    let home = site.read("public/index.html");
    // No data files: no guide, roster or contacts pages, and no links to them.
    for missing in ["guide", "apply", "roster", "contacts"] {
        assert!(
            !site.path(&format!("public/{missing}")).exists(),
            "{missing}"
        );
        assert!(
            !home.contains(&format!("href=\"/{missing}/\"")),
            "{missing}"
        );
    }
}

#[test]
fn site_template_overrides_the_default() {
    let site = SiteTest::example();
    site.file(
        "templates/base.html",
        "<!doctype html>\n<html lang=\"{{ site.language }}\"><title>{{ title }}</title>\
         <body class=\"custom-base\">{% block content %}{% endblock content %}</body></html>\n",
    );
    site.build().success();
    for (name, bytes) in site.files("public") {
        if name.ends_with(".html") {
            let page = String::from_utf8(bytes).unwrap();
            assert!(page.contains(r#"<body class="custom-base">"#), "{name}");
            assert!(
                !page.contains("skip-link"),
                "{name} still uses the default base"
            );
        }
    }
    // The other templates are still the defaults.
    assert!(
        site.read(NOTICE)
            .contains(r#"<nav class="toc" aria-label="目录">"#)
    );
    // A site asset overrides the default one too.
    site.file("templates/assets/style.css", "body { color: red }\n");
    site.build().success();
    let css = site
        .files("public/assets")
        .into_iter()
        .find(|(n, _)| n.starts_with("style.") && n.ends_with(".css"))
        .map(|(_, b)| String::from_utf8(b).unwrap());
    assert_eq!(css.as_deref(), Some("body { color: red }\n"));
}

#[test]
fn new_notice_is_a_draft_that_check_accepts() {
    let site = SiteTest::minimal();
    let run = site.run(&["new", "notice", "x", "--title", "标题"]);
    run.success();
    assert!(run.stdout.contains("content/notices/x.md"), "{run}");
    let text = site.read("content/notices/x.md");
    assert!(text.starts_with("---\ntitle: \"标题\"\n"), "{text}");
    assert!(text.contains("\ndraft: true\n"), "{text}");
    let check = site.run(&["check", "--drafts", "--now", "2099-01-01"]);
    check.success();
    assert!(check.stdout.contains("2 notices"), "{check}");
    // Without --drafts it is left out.
    site.check().success();
    site.build().success();
    assert!(!site.path("public/notices/x").exists());
    // It does not overwrite an existing notice.
    let again = site.run(&["new", "notice", "x"]);
    again.code(1);
    assert!(again.stderr.contains("already exists"), "{again}");
    // A title where the slug goes: refused, with the command that uses it as the title.
    let typed = site.run(&["new", "notice", "Call for 2027 partners"]);
    typed.code(2);
    assert!(
        typed.stderr.contains(
            "hint: bulletin new notice call-for-2027-partners --title 'Call for 2027 partners'"
        ),
        "{typed}"
    );
    assert!(
        !site
            .path("content/notices/call-for-2027-partners.md")
            .exists()
    );
}

#[test]
fn drafts_are_built_only_with_the_flag() {
    let site = SiteTest::minimal();
    site.file(
        "content/notices/draft.md",
        "---\ntitle: 草稿通知\ndate: 2025-02-01\ndraft: true\n---\n草稿。\n",
    );
    site.build().success();
    assert!(!site.path("public/notices/draft").exists());
    assert!(!site.read("public/notices/index.html").contains("草稿通知"));
    site.run(&["build", "--now", "2025-03-01", "--drafts"])
        .success();
    assert!(
        site.read("public/notices/draft/index.html")
            .contains("<h1>草稿通知</h1>")
    );
    assert!(site.read("public/notices/index.html").contains("草稿通知"));
}

#[test]
fn scheduled_notices_wait_for_publish_at() {
    let site = SiteTest::minimal();
    site.file(
        "content/notices/later.md",
        "---\ntitle: 定时通知\ndate: 2025-04-01\npublish_at: 2025-04-01 09:00\n---\n定时。\n",
    );
    site.build().success();
    assert!(!site.path("public/notices/later").exists());
    assert!(!site.read("public/index.html").contains("定时通知"));
    let check = site.check();
    check.success();
    assert!(
        check
            .stdout
            .contains("scheduled: content/notices/later.md publishes at 2025-04-01 09:00"),
        "{check}"
    );
    assert!(check.stdout.contains("(1 notice)"), "{check}");
    // Once the time has come it is published.
    site.run(&["build", "--now", "2025-04-01T09:00"]).success();
    assert!(site.path("public/notices/later/index.html").is_file());
    let check = site.run(&["check", "--now", "2025-04-01T09:00"]);
    assert!(!check.stdout.contains("scheduled:"), "{check}");
}

#[test]
fn expired_notices_are_marked() {
    let site = SiteTest::minimal();
    site.file(
        "content/notices/old.md",
        "---\ntitle: 过期通知\ndate: 2024-01-01\nexpire_at: 2024-06-30\n---\n旧。\n",
    );
    site.file(
        "content/notices/future-expiry.md",
        "---\ntitle: 未过期通知\ndate: 2024-02-01\nexpire_at: 2026-01-01\n---\n新。\n",
    );
    site.build().success();
    // notice.html: a note instead of the deadline.
    let page = site.read("public/notices/old/index.html");
    assert!(
        page.contains(r#"<p class="expired-note">本通知已过期，仅供查阅。</p>"#),
        "{page}"
    );
    let fresh = site.read("public/notices/future-expiry/index.html");
    assert!(!fresh.contains("已过期"));
    // notices.html: the item is marked and labelled 已过期.
    let list = squash(&site.read("public/notices/index.html"));
    let item = |title: &str| {
        let at = list.find(title).unwrap();
        let start = list[..at].rfind("<li").unwrap();
        list[start..at + list[at..].find("</li>").unwrap()].to_string()
    };
    let old = item(">过期通知</a>");
    assert!(old.starts_with(r#"<li class="is-expired">"#), "{old}");
    assert!(
        old.contains(r#"<span class="status status-closed">已过期</span>"#),
        "{old}"
    );
    let fresh = item("未过期通知");
    assert!(
        !fresh.contains("is-expired") && !fresh.contains("已过期"),
        "{fresh}"
    );
}

#[test]
fn markdown_links_to_md_files_resolve_to_urls() {
    let site = SiteTest::minimal();
    site.file(
        "content/notices/links.md",
        "---\ntitle: 链接\ndate: 2025-02-01\n---\n\
         见[测试通知](hello.md)、[其中一节](hello.md#正文)和[关于](../about.md)。\n\n\
         [附件](../files/表.pdf) [外部](https://example.com/) [邮件](mailto:a@b.cn)\n",
    );
    site.file(
        "content/about.md",
        "---\ntitle: 关于\n---\n见[通知](notices/links.md)。\n",
    );
    site.file("content/files/表.pdf", "%PDF-1.4\n");
    site.build().success();
    let page = site.read("public/notices/links/index.html");
    assert_contains_all(
        &page,
        &[
            r#"<a href="/notices/hello/">测试通知</a>"#,
            // Non-ASCII in URLs is percent-encoded (browsers match `#正文` either way).
            r##"<a href="/notices/hello/#%E6%AD%A3%E6%96%87">其中一节</a>"##,
            r#"<a href="/about/">关于</a>"#,
            r#"<a href="/files/%E8%A1%A8.pdf">附件</a>"#,
            r#"<a href="https://example.com/">外部</a>"#,
            r#"<a href="mailto:a@b.cn">邮件</a>"#,
        ],
        "the notice",
    );
    assert!(
        site.read("public/about/index.html")
            .contains(r#"<a href="/notices/links/">通知</a>"#)
    );
    assert_eq!(site.read("public/files/表.pdf"), "%PDF-1.4\n");
    // With a base path, the links get it too.
    site.run(&[
        "build",
        "--now",
        "2025-03-01",
        "--base-url",
        "https://example.org/x/",
    ])
    .success();
    assert!(
        site.read("public/notices/links/index.html")
            .contains(r#"<a href="/x/notices/hello/">"#)
    );
}

#[test]
fn footnotes_get_fn_ids() {
    let site = SiteTest::minimal();
    site.file(
        "content/notices/hello.md",
        "---\ntitle: 脚注\ndate: 2025-02-01\n---\n\n## 说明\n\n正文[^1]。\n\n[^1]: 注释内容。\n",
    );
    site.build().success();
    let page = site.read("public/notices/hello/index.html");
    assert!(page.contains(r##"href="#fn:1""##), "{page}");
    assert!(page.contains(r#"id="fn:1""#), "{page}");
    assert!(page.contains("注释内容。"));
    assert!(page.contains(r#"<h2 id="说明">说明</h2>"#));
}

#[test]
fn raw_html_is_escaped_by_default() {
    let site = SiteTest::minimal();
    site.file(
        "content/notices/hello.md",
        "---\ntitle: 脚本\ndate: 2025-02-01\n---\n\n正文 <script>alert(1)</script>\n\n<div onclick=\"x()\">块</div>\n",
    );
    site.build().success();
    let body = main_text(&site.read("public/notices/hello/index.html"));
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    assert!(
        body.contains(r#"&lt;div onclick="x()"&gt;块&lt;/div&gt;"#),
        "{body}"
    );
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("<div onclick"), "{body}");
    // A site may opt in.
    site.file(
        "data/site.yaml",
        "title: 测试站点\nbase_url: https://example.org/\npublisher: 测试单位\nmarkdown:\n  raw_html: allow\n",
    );
    site.build().success();
    let body = main_text(&site.read("public/notices/hello/index.html"));
    assert!(body.contains("<script>alert(1)</script>"), "{body}");
}

#[test]
fn help_works_for_every_command() {
    let site = SiteTest::empty();
    for args in [
        &["--help"][..],
        &["help"],
        &["build", "--help"],
        &["check", "--help"],
        &["new", "--help"],
        &["new", "notice", "--help"],
        &["init", "--help"],
        &["theme", "--help"],
        &["theme", "eject", "--help"],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 0, "{args:?}\n{run}");
        assert!(run.stdout.contains("Usage: bulletin"), "{args:?}\n{run}");
        assert_eq!(run.stderr, "", "{args:?}");
    }
    let help = site.run(&["--help"]).stdout;
    for command in ["build", "check", "new", "init", "theme"] {
        assert!(
            help.contains(&format!("  {command} ")),
            "--help lists {command}"
        );
    }
    assert!(help.contains(
        "Exit codes: 0 success, 1 errors in content, data or templates, 2 usage errors."
    ));
    let build_help = site.run(&["build", "--help"]).stdout;
    for option in ["--output", "--drafts", "--now", "--base-url", "--root"] {
        assert!(build_help.contains(option), "build --help lists {option}");
    }
    let version = site.run(&["--version"]);
    version.success();
    assert!(version.stdout.starts_with("bulletin "), "{version}");
}

#[test]
fn usage_errors_exit_2() {
    let site = SiteTest::minimal();
    for args in [
        &[][..],
        &["frobnicate"],
        &["build", "--bogus"],
        &["build", "--now", "yesterday"],
        &["build", "--now", "2025-02-30"],
        &["check", "extra"],
        &["new", "notice"],
        &["new", "notice", "a/b"],
        &["init"],
        &["init", "x", "--language", "French"],
        &["theme", "eject", "nosuch.html"],
        &["theme", "diff", "nosuch.html"],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{args:?}\n{run}");
        assert!(
            !run.stderr.is_empty(),
            "{args:?}: a usage error explains itself"
        );
        assert_eq!(run.stdout, "", "{args:?}");
    }
    assert!(!site.path("public").exists(), "usage errors build nothing");
    let bad_now = site.run(&["build", "--now", "2025-02-30"]);
    assert!(bad_now.stderr.contains("2025-02-30"), "{bad_now}");
}

#[test]
fn check_writes_nothing() {
    let site = SiteTest::example();
    let run = site.check();
    run.success();
    assert!(
        run.stdout
            .ends_with(" pages (1 notice) checked: 0 errors, 0 warnings in 0 files.\n"),
        "{run}"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn expired_notice_with_a_deadline_shows_the_deadline_status() {
    // notice.html and notices.html show 已过期 only for notices without a deadline; a call
    // with a deadline keeps its deadline status, and the list item is still marked.
    let site = SiteTest::minimal();
    site.file(
        "content/notices/old-call.md",
        "---\ntitle: 旧征集\ndate: 2024-01-01\ndeadline: 2024-03-31\nexpire_at: 2024-06-30\n---\n旧。\n",
    );
    site.build().success();
    let page = main_text(&site.read("public/notices/old-call/index.html"));
    assert!(
        page.contains(r#"<span class="status status-closed">已截止</span>"#),
        "{page}"
    );
    assert!(!page.contains("已过期"), "{page}");
    let list = squash(&site.read("public/notices/index.html"));
    assert!(
        list.contains(r#"<li class="is-expired"> <a href="/notices/old-call/">旧征集</a>"#),
        "{list}"
    );
    assert!(!list.contains("已过期"), "{list}");
}

#[test]
fn percent_encoded_links_resolve() {
    let site = SiteTest::minimal();
    site.file("content/files/a b.pdf", "%PDF-1.4\n");
    site.file("content/files/表.pdf", "%PDF-1.4\n");
    site.file(
        "content/notices/hello.md",
        "---\ntitle: 链接\ndate: 2025-02-01\n---\n[空格](../files/a%20b.pdf) [表](../files/%E8%A1%A8.pdf)\n",
    );
    let run = site.build();
    run.success();
    let page = site.read("public/notices/hello/index.html");
    assert!(
        page.contains(r#"<a href="/files/a%20b.pdf">空格</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="/files/%E8%A1%A8.pdf">表</a>"#),
        "{page}"
    );
}

#[test]
fn bad_base_url_option_is_a_usage_error() {
    let site = SiteTest::minimal();
    let run = site.run(&[
        "build",
        "--now",
        "2025-03-01",
        "--base-url",
        "example.org/x",
    ]);
    run.code(2);
}
