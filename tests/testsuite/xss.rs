//! Script injection. Every payload goes into every text field of the site's data and front
//! matter and into the Markdown body; the site must build, no payload may survive as markup
//! in any page (checked on the HTML by a small tag scanner), and no payload may run when the
//! built pages are opened in headless Chromium (no console marker, no dialog).
//!
//! The browser part needs `/usr/bin/chromium` (Debian's `chromium` package); without it the
//! test prints `SKIPPED (no chromium)` and passes on the static checks alone.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::SiteTest;
use crate::support::payloads::{MARKER, hostile_site};

/// What the theme writes by itself: the example site's pages.
fn theme() -> crate::support::scan::Baseline {
    let site = SiteTest::example();
    site.build().success();
    let pages: Vec<String> = site
        .files("public")
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(_, bytes)| String::from_utf8(bytes).expect("pages are UTF-8"))
        .collect();
    crate::support::scan::Baseline::learn(pages.iter().map(String::as_str))
}

/// The static check: no dangerous tag or attribute in any page.
#[track_caller]
fn assert_no_markup(site: &SiteTest) -> usize {
    let theme = theme();
    let mut pages = 0;
    for (name, bytes) in site.files("public") {
        if !name.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).expect("pages are UTF-8");
        let problems = crate::support::scan::dangerous(&html, &theme);
        assert!(
            problems.is_empty(),
            "public/{name} has injected markup:\n{}",
            problems.join("\n")
        );
    }
    assert!(pages >= 8, "only {pages} pages were built");
    pages
}

#[test]
fn payloads_in_every_field_are_escaped() {
    let site = hostile_site("escape");
    let run = site.build();
    run.success();
    assert_no_markup(&site);
    // The payloads are shown as text, not dropped.
    let notice = site.read("public/notices/hostile/index.html");
    assert!(
        notice.contains("&lt;script&gt;console.log(/XSSFIRED/.source)"),
        "the escaped payload is missing from the notice"
    );
    let roster = site.read("public/roster/index.html");
    assert!(
        roster.contains("&lt;svg onload="),
        "unit names are shown escaped"
    );
}

#[test]
fn payloads_in_every_field_are_sanitised() {
    let site = hostile_site("sanitize");
    site.build().success();
    assert_no_markup(&site);
    let notice = site.read("public/notices/hostile/index.html");
    assert!(
        notice.contains("<b>粗体</b>"),
        "sanitize keeps harmless tags"
    );
    // Front matter fields are escaped whatever the body's policy.
    assert!(notice.contains("&lt;svg onload="), "fields stay escaped");
}

#[test]
fn payloads_do_not_run_in_chromium() {
    let Some(chromium) = chromium() else {
        println!(
            "SKIPPED (no chromium): the browser check needs /usr/bin/chromium \
             (apt-get install -y chromium); the static checks ran in the other tests"
        );
        return;
    };
    let profile = tempfile::tempdir().expect("a Chromium profile directory");
    // The control: with `raw_html: allow` the body's payloads are live, and both checks see it.
    let open = hostile_site("allow");
    open.build().success();
    let page = open.path("public/notices/hostile/index.html");
    let html = open.read("public/notices/hostile/index.html");
    assert!(
        !crate::support::scan::dangerous(&html, &theme()).is_empty(),
        "the scanner misses live payloads"
    );
    let outcome = open_in_chromium(&chromium, &page, profile.path());
    assert!(
        outcome.contains(MARKER),
        "chromium misses live payloads: {outcome}"
    );
    for policy in ["escape", "sanitize"] {
        let site = hostile_site(policy);
        site.build().success();
        let mut opened = 0;
        for name in site.files("public").keys().filter(|n| n.ends_with(".html")) {
            let page = site.path("public").join(name);
            let outcome = open_in_chromium(&chromium, &page, profile.path());
            assert!(
                !outcome.contains(MARKER),
                "{policy}: a payload ran in public/{name}:\n{outcome}"
            );
            opened += 1;
        }
        println!("chromium ({policy}): opened {opened} pages, no payload ran");
    }
}

/// Each URL field accepts only http, https, mailto and tel: anything else fails the build.
#[test]
fn url_fields_refuse_script_schemes() {
    let bad_urls = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "&#106;avascript:alert(1)",
        "java\tscript:alert(1)",
        "file:///etc/passwd",
    ];
    for url in bad_urls {
        let yaml = serde_json::to_string(url).expect("a JSON string is a YAML scalar");
        let cases: [(&str, &str, String); 3] = [
            (
                "data/contacts.yaml",
                "application_url: https://cappvd.org.cn/home/special",
                format!("application_url: {yaml}"),
            ),
            (
                "data/units.yaml",
                "region: 北京, example: true }",
                format!("region: 北京, website: {yaml}, example: true }}"),
            ),
            (
                "data/site.yaml",
                "base_url: https://example.org/cappvd/",
                format!("base_url: {yaml}"),
            ),
        ];
        for (file, from, to) in cases {
            let site = SiteTest::example();
            site.edit(file, from, &to);
            let run = site.build();
            assert_eq!(run.code, 1, "{file} accepted {url:?}\n{run}");
            assert!(run.stderr.contains(&format!("--> {file}:")), "{run}");
        }
    }
}

/// Markdown links, images, autolinks and reference links with script schemes are errors.
#[test]
fn markdown_urls_refuse_script_schemes() {
    let bodies = [
        "[点此](javascript:alert(1))",
        "[点此](JAVASCRIPT:alert(1))",
        "[点此](&#106;avascript:alert(1))",
        "[点此](javascript&colon;alert(1))",
        "[点此](<java\tscript:alert(1)>)",
        "![图](data:image/svg+xml,<svg/onload=alert(1)>)",
        "![图](data:image/png;base64,iVBORw0KGgo=)",
        "<javascript:alert(1)>",
        "[点此][x]\n\n[x]: vbscript:msgbox(1)",
        "[点此](file:///etc/passwd)",
    ];
    for body in bodies {
        let site = SiteTest::minimal();
        site.file(
            "content/notices/hello.md",
            format!("---\ntitle: 测试\ndate: 2025-01-22\n---\n\n正文\n\n{body}\n"),
        );
        let run = site.build();
        assert_eq!(run.code, 1, "accepted {body:?}\n{run}");
        assert!(
            run.stderr.contains("--> content/notices/hello.md:8:"),
            "{body:?}\n{run}"
        );
    }
}

/// `## 标题 {onfocus=…}` would put an event handler on the heading (pulldown-cmark writes
/// heading attributes through): refused while raw HTML is escaped, removed when sanitised.
#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let heading = "## 标题 {#t .c autofocus onfocus=alert(1) tabindex=0}";
    let site = SiteTest::minimal();
    site.file(
        "content/notices/hello.md",
        format!("---\ntitle: 测试\ndate: 2025-01-22\n---\n\n{heading}\n"),
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains("--> content/notices/hello.md:6:1")
            && run
                .stderr
                .contains("heading attribute `autofocus` is not allowed"),
        "{run}"
    );
    site.file(
        "data/site.yaml",
        format!(
            "{}markdown: {{ raw_html: sanitize }}\n",
            site.read("data/site.yaml")
        ),
    );
    site.build().success();
    let page = site.read("public/notices/hello/index.html");
    assert!(page.contains("<h2 id=\"t\" class=\"c\">"), "{page}");
    assert!(
        crate::support::scan::dangerous(&page, &theme()).is_empty(),
        "{page}"
    );
}

fn chromium() -> Option<String> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .map(str::to_string)
}

/// Opens `page` in headless Chromium and returns its console output; a page that has not
/// finished after 30 s is reported with the marker (an `alert()` dialog blocks `--dump-dom`).
fn open_in_chromium(chromium: &str, page: &Path, profile: &Path) -> String {
    let log = profile.join("chromium.log");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("a Chromium log file"))
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    while child.try_wait().expect("wait for chromium").is_none() {
        let fired = std::fs::read_to_string(&log).is_ok_and(|l| l.contains(MARKER));
        if fired || start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            if !fired {
                return format!("{MARKER}: chromium did not finish: a dialog (alert) is open");
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("CONSOLE"))
        .collect::<Vec<_>>()
        .join("\n")
}
