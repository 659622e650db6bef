//! `bulletin export wechat`: the exported article of the example notice and of a fixture
//! with every hard case passes the rule checker (`support::wechat`); remote images are
//! located errors; unknown notices are usage errors; `serve` previews the article with a
//! copy button.

use crate::support::wechat::check;
use crate::support::{NOW, SiteTest, png_declaring, snapshot};

const NOTICE: &str = "content/notices/2025-cappvd-call.md";

/// `export wechat <notice> -o <root>/article.html`; the run and the written file.
fn export(site: &SiteTest, notice: &str) -> (crate::support::Run, String) {
    let out = site.path("article.html");
    let run = site.run(&[
        "export",
        "wechat",
        notice,
        "--now",
        NOW,
        "-o",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap_or_default();
    (run, html)
}

#[test]
fn example_notice_passes_every_rule() {
    let site = SiteTest::example();
    let (run, html) = export(&site, "2025-cappvd-call");
    run.success();
    let checked = check(&html);
    println!("{checked}");
    assert!(checked.violations.is_empty(), "{checked}");
    // Every shortcode's output is there, as static text: conditions (without their
    // checkboxes), duties, application facts, steps, contacts and the roster.
    for text in [
        "（一）遵纪守法",
        "技术支撑单位主要义务",
        "申报网址：",
        "2025年8月31日",
        "（三）材料审核",
        "联系电话：18510844188",
        "三星支撑单位",
        "示例单位甲",
        "文字：刘芮汐",
    ] {
        assert!(
            checked.text.contains(text),
            "{text:?} missing from the article"
        );
    }
    // Text only true on the day of the export is left out.
    assert!(!checked.text.contains("剩余"), "{}", checked.text);
    assert!(checked.counts.references >= 2, "{checked}");
    snapshot("wechat/example", &format!("{}{}", run.stdout, run.stderr));
}

/// Another programme's notice: its call's own application address and contacts, its
/// roster of two tiers with no stars, and a call that opens later than the notice.
#[test]
fn a_second_programmes_notice_passes_every_rule() {
    let site = SiteTest::second_example();
    let out = site.path("article.html");
    let run = site.run(&[
        "export",
        "wechat",
        "teams-2026",
        "--now",
        "2026-01-25",
        "-o",
        out.to_str().unwrap(),
    ]);
    run.success();
    let checked = check(&std::fs::read_to_string(&out).unwrap());
    assert!(checked.violations.is_empty(), "{checked}");
    for text in [
        "https://apply.example.net/teams",
        "2026年2月28日 17:00",
        "（二）演练评估",
        "骨干队伍",
        "三江应急响应中心",
        "示例联系人丙",
    ] {
        assert!(
            checked.text.contains(text),
            "{text:?} missing from the article: {}",
            checked.text
        );
    }
    assert!(!checked.text.contains("★"), "no stars in this programme");
}

/// A notice with everything the rules are about.
const FIXTURE: &str = r#"---
title: 测试公众号文章
date: 2025-01-22 10:51
description: 用于检查公众号导出规则的通知。
credits:
  - { role: 作者, name: 张三 }
---

见[第二节](#第二节)、[官网](https://www.miit.gov.cn/)、[往期文章](https://mp.weixin.qq.com/s/abc)和[再次官网](https://www.miit.gov.cn/)。

- 第一层
  - 第二层
    - 第三层
      - 第四层
    - 第三层乙
1. 甲
2. 乙

| 项目 | 说明 | 很长的一列 |
|---|:---:|---:|
| 一 | 二 | 〇一二三四五六七八九〇一二三四五六七八九〇一二三四五六七八九〇一二三四五六七八九〇一二三四五六七八九 |

## 第二节

![标志](../images/logo.png)

邮件 <a@b.cn>
"#;

fn fixture() -> SiteTest {
    let site = SiteTest::minimal();
    site.file("content/notices/rules.md", FIXTURE);
    site.file("content/images/logo.png", png_declaring(2, 2));
    site
}

#[test]
fn fixture_with_every_hard_case_passes_every_rule() {
    let site = fixture();
    let (run, html) = export(&site, "rules");
    run.success();
    let checked = check(&html);
    println!("{checked}");
    assert!(checked.violations.is_empty(), "{checked}");
    let c = checked.counts;
    assert_eq!(
        (c.tables, c.wechat_links, c.images, c.deepest_list),
        (1, 1, 1, 2),
        "{checked}"
    );
    // Two external URLs (one used twice) and nothing for the anchor or the email address.
    assert_eq!(c.references, 1, "{checked}");
    assert!(
        html.contains("[1] 官网: https://www.miit.gov.cn/"),
        "{html}"
    );
    assert!(
        !html.contains("mailto:") && !html.contains("href=\"#"),
        "{html}"
    );
    // The third and fourth levels are kept as indented lines of the second.
    for text in ["• 第三层", "• 第四层", "• 第三层乙", "第二节", "a@b.cn"] {
        assert!(
            checked.text.contains(text),
            "{text:?} missing: {}",
            checked.text
        );
    }
    // The image is listed for upload and shown from the site's file.
    assert!(run.stdout.contains("content/images/logo.png"), "{run}");
    assert!(html.contains("src=\"content/images/logo.png\""), "{html}");
    assert!(
        html.contains("text-align:right;"),
        "column alignment kept: {html}"
    );
}

#[test]
fn a_remote_image_is_a_located_error() {
    let site = fixture();
    site.edit(
        "content/notices/rules.md",
        "邮件",
        "![远程](https://mmbiz.qpic.cn/a.png)\n\n邮件",
    );
    let (run, html) = export(&site, "content/notices/rules.md");
    run.code(1);
    assert!(html.is_empty(), "nothing is written");
    assert!(
        run.stderr.contains("content/notices/rules.md:27:7"),
        "located at the Markdown line: {run}"
    );
    assert!(run.stderr.contains("https://mmbiz.qpic.cn/a.png"), "{run}");
}

#[test]
fn notices_are_named_by_slug_or_file_and_unknown_ones_are_usage_errors() {
    let site = SiteTest::example();
    let run = site.run_in(site.root(), &["export", "wechat", NOTICE, "--now", NOW]);
    run.success();
    assert!(site.path("2025-cappvd-call.wechat.html").is_file(), "{run}");
    let run = site.run(&["export", "wechat", "2025-cappvd-cal", "--now", NOW]);
    run.code(2);
    assert!(
        run.stderr.contains("did you mean `2025-cappvd-call`?"),
        "{run}"
    );
    site.file(
        "content/notices/later.md",
        "---\ntitle: 以后\ndate: 2025-01-22\ndraft: true\n---\n正文\n",
    );
    let run = site.run(&["export", "wechat", "content/notices/later.md", "--now", NOW]);
    run.code(2);
    assert!(run.stderr.contains("is not published"), "{run}");
}

#[test]
fn serve_previews_the_article_with_a_copy_button() {
    let site = SiteTest::example();
    let server = crate::serve::start(&site);
    let (status, _, page) = crate::serve::get(server.port, "/__bulletin/wechat/2025-cappvd-call/");
    assert_eq!(status, 200, "{page}");
    for needle in [
        "复制到公众号",
        "navigator.clipboard.write",
        "ClipboardItem",
        "text/html",
        "execCommand(\"copy\")",
    ] {
        assert!(page.contains(needle), "{needle:?} missing");
    }
    let start =
        page.find("<div id=\"article\">").expect("the article") + "<div id=\"article\">".len();
    let end = page[start..].find("</div></main>").expect("its end") + start;
    let checked = check(&page[start..end]);
    assert!(checked.violations.is_empty(), "{checked}");
    let (status, _, list) = crate::serve::get(server.port, "/__bulletin/wechat/");
    assert_eq!(status, 200);
    assert!(
        list.contains("/__bulletin/wechat/2025-cappvd-call/"),
        "{list}"
    );
    let (status, _, _) = crate::serve::get(server.port, "/__bulletin/wechat/nope/");
    assert_eq!(status, 404);
    // Only serve answers there: a build holds nothing of it and links nowhere to it.
    site.build().success();
    for (path, bytes) in site.files("public") {
        assert!(!path.contains("__bulletin"), "{path}");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__bulletin/wechat"),
            "{path}"
        );
    }
}

#[test]
fn an_english_notice_exports_with_english_labels() {
    let site = SiteTest::english_example();
    site.file(
        "content/notices/linked.md",
        "---\ntitle: Partners meet in March\ndate: 2026-11-25 10:00\ndoc_number: HCAP 2026-7\ncredits:\n  - { role: Author, name: Dana Reyes }\n  - { role: Writer, name: Sam Lee }\nattachments:\n  - { file: files/agenda.txt, label: Agenda }\n---\n\nSee the [city portal](https://city.example.gov/partners) for the venue.\n\nAgenda\n: Morning talks\n",
    );
    site.file("content/files/agenda.txt", "09:00 talks\n");
    let (run, html) = export(&site, "linked");
    run.success();
    let checked = check(&html);
    assert!(checked.violations.is_empty(), "{checked}");
    for text in [
        "Reference: HCAP 2026-7",
        ">Attachments<",
        ">Links<",
        "[1] city portal: https://city.example.gov/partners",
        "Author: Dana Reyes",
    ] {
        assert!(html.contains(text), "{text:?} missing from {html}");
    }
    for chinese in ["参考链接", "附件", "发文字号", "文号", "："] {
        assert!(!html.contains(chinese), "{chinese:?} in {html}");
    }
    // The editor's author field lists the authors as English lists names.
    assert!(
        run.stdout.contains("author: Dana Reyes, Sam Lee\n"),
        "{run}"
    );
    // What the command prints names the heading the article has.
    assert!(
        run.stdout
            .contains("references as numbered links under Links\n"),
        "{run}"
    );
}
