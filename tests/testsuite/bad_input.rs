//! The bad-input corpus beyond `tests/testsuite/errors.rs`: encodings, empty files, symbolic links,
//! hostile slugs and paths, unwritable outputs, hostile YAML, broken logos and Markdown that
//! tries to inject markup. Each case exits 1 with a located message (snapshot in
//! `tests/snapshots/bad_input/<case>.txt`, refresh with `SNAPSHOTS=overwrite`) and leaves a
//! previously built `public/` byte-identical. Input that only looks hostile (deep nesting,
//! NUL characters, one huge line) must build.

use crate::support::hostile::{
    NOTICE, UNITS, big_markdown, body, front, gbk, logo, png, png_declaring, symlink,
};
use crate::support::{NOW, SiteTest, assert_same_tree, snapshot};
use crate::support::{assert_failed, built};

// ---- encodings and empty files ----

case! {
    non_utf8_data_file: |t| t.file("data/call.yaml", [b"principles: ".as_slice(), &gbk(), b"\n"].concat());
    "data/call.yaml:1:13", "not valid UTF-8"
}

case! {
    non_utf8_front_matter: |t| t.file("content/notices/gbk.md", [b"---\ntitle: ".as_slice(), &gbk(), b"\ndate: 2025-01-01\n---\n"].concat());
    "content/notices/gbk.md:2:8", "not valid UTF-8"
}

case! {
    utf16_file: |t| t.file("content/notices/utf16.md", b"\xff\xfe-\0-\0-\0\n\0".as_slice());
    "content/notices/utf16.md:1:1", "not valid UTF-8"
}

case! {
    non_utf8_template: |t| t.file("templates/404.html", [b"<h1>".as_slice(), &gbk(), b"</h1>\n"].concat());
    "templates/404.html", "not valid UTF-8"
}

case! {
    empty_markdown_file: |t| t.file("content/notices/empty.md", "");
    "content/notices/empty.md:1:1", "does not start with front matter"
}

case! {
    empty_front_matter: |t| t.file("content/notices/bare.md", "---\n---\n正文\n");
    "content/notices/bare.md:2:1", "the YAML is empty"
}

case! {
    empty_site_settings: |t| t.file("data/site.yaml", "");
    "data/site.yaml:1:1", "the YAML is empty"
}

case! {
    front_matter_is_a_list: |t| t.file("content/notices/list.md", "---\n- title\n- date\n---\n正文\n");
    "content/notices/list.md:2:1"
}

// ---- symbolic links ----

case! {
    #[cfg(unix)]
    symlink_loop_in_content: |t| { std::fs::create_dir_all(t.path("content/loop")).unwrap(); symlink(t, "..", "content/loop/up"); };
    "content/loop/up", "symbolic link loop"
}

case! {
    #[cfg(unix)]
    symlink_to_a_file_outside_the_site: |t| symlink(t, "/etc/hostname", "content/hostname.txt");
    "content/hostname.txt", "points outside the site"
}

// Refused without walking the linked tree (a link to /usr used to list every file in it).
case! {
    #[cfg(unix)]
    symlink_to_a_directory_outside_the_site: |t| symlink(t, "/usr", "content/usr");
    "content/usr", "points outside the site", "\n1 error\n"
}

case! {
    #[cfg(unix)]
    dangling_symlink: |t| symlink(t, "nowhere.pdf", "content/files.pdf");
    "content/files.pdf", "symbolic link to a file that does not exist"
}

// ---- dates ----

// Chinese dates crashed the build once (a string slice inside `月`); now they are
// accepted, and an impossible one is an error that names the accepted forms.
case! {
    chinese_date: |t| t.edit("data/call.yaml", "deadline: 2025-08-31", "deadline: 2025年8月32日");
    "data/call.yaml:4:11", "is not a valid date", "2025年8月31日 17:00"
}

// ---- hostile slugs and paths ----

case! {
    slug_parent_dir: |t| front(t, "slug: ..");
    "content/notices/2025-cappvd-call.md:6:7", "cannot be a slug"
}

case! {
    slug_traversal: |t| front(t, "slug: ../../etc");
    "content/notices/2025-cappvd-call.md:6:7", "cannot be a slug"
}

case! {
    slug_absolute_path: |t| front(t, "slug: /etc/passwd");
    "content/notices/2025-cappvd-call.md:6:7", "cannot be a slug"
}

// Shown as `a/../b` (and `\\` as `//`) by the test helper, which turns `\` into `/`.
case! {
    slug_backslash: |t| front(t, "slug: 'a\\..\\b'");
    "content/notices/2025-cappvd-call.md:6:7", "cannot be a slug"
}

case! {
    slug_hidden: |t| front(t, "slug: .htaccess");
    "content/notices/2025-cappvd-call.md:6:7", "starts with a dot"
}

case! {
    slug_empty: |t| front(t, "slug: ''");
    "content/notices/2025-cappvd-call.md:6:7", "it is empty"
}

case! {
    attachment_outside_content: |t| front(t, "attachments: [{ file: ../../etc/passwd, label: 密码 }]");
    "content/notices/2025-cappvd-call.md:6:23", "does not exist under content/"
}

case! {
    attachment_absolute_path: |t| front(t, "attachments: [{ file: /etc/passwd, label: 密码 }]");
    "content/notices/2025-cappvd-call.md:6:23", "does not exist under content/"
}

case! {
    template_outside_the_theme: |t| front(t, "template: ../../../etc/passwd");
    "content/notices/2025-cappvd-call.md:6:11", "does not exist"
}

case! {
    link_outside_content: |t| body(t, "见[文件](../../../etc/passwd)。");
    "content/notices/2025-cappvd-call.md:", "points outside content/"
}

// The test helper shows `\` as `/` (for Windows paths), so the snapshot reads `a/../b.pdf`.
case! {
    content_file_name_with_backslash: |t| t.file("content/files/a\\..\\b.pdf", "%PDF");
    "content/files/a/../b.pdf", "cannot be copied"
}

// ---- output ----

#[test]
fn output_parent_is_a_file() {
    let site = SiteTest::example();
    let before = built(&site);
    site.file("out", "not a directory\n");
    let run = site.run(&["build", "--now", NOW, "--output", "out/public"]);
    run.code(1);
    assert!(run.stderr.contains("--> out/public"), "{run}");
    assert_eq!(site.read("out"), "not a directory\n");
    assert_same_tree(&before, &site.files("public"), "public/");
    snapshot("bad_input/output_parent_is_a_file", &run.stderr);
}

/// Permission bits do not stop root (the tests run as root in CI), so the unwritable
/// directory is one no one can write: `/proc`.
#[test]
#[cfg(target_os = "linux")]
fn unwritable_output_directory() {
    let site = SiteTest::example();
    let before = built(&site);
    let run = site.run(&["build", "--now", NOW, "--output", "/proc/bulletin-public"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("cannot create a staging directory in /proc"),
        "{run}"
    );
    assert!(
        run.stderr
            .ends_with("Build failed; /proc/bulletin-public was not changed.\n"),
        "{run}"
    );
    assert_same_tree(&before, &site.files("public"), "public/");
    snapshot("bad_input/unwritable_output_directory", &run.stderr);
}

// ---- hostile YAML ----

case! {
    yaml_alias_bomb: |t| t.file(UNITS, crate::support::hostile::alias_bomb());
    "data/units.yaml:1:"
}

case! {
    yaml_deep_nesting: |t| t.file(UNITS, format!("units: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)));
    "data/units.yaml:1:"
}

case! {
    number_overflow: |t| t.edit("data/ratings.yaml", "year: 2023", "year: 99999999999");
    "data/ratings.yaml:23:11"
}

case! {
    yaml_two_documents: |t| t.file("data/site.yaml", format!("{}---\ntitle: 第二个\n", t.read("data/site.yaml")));
    "data/site.yaml:"
}

// ---- logos (data/units.yaml `logo:`, decoded by src/images.rs) ----

case! {
    logo_missing: |t| logo(t, None);
    "data/units.yaml:15:", "logos/a.png"
}

case! {
    logo_not_an_image: |t| logo(t, Some(b"<svg onload=alert(1)>".as_slice()));
    "data/units.yaml:15:"
}

case! {
    logo_corrupt: |t| logo(t, Some(&png(16, 16)[..40]));
    "data/units.yaml:15:"
}

// The header is fine (so loading passes); the pixels are missing, found when decoding.
case! {
    logo_without_pixels: |t| logo(t, Some(&png_declaring(16, 16)));
    "data/units.yaml:15:"
}

case! {
    logo_decompression_bomb: |t| logo(t, Some(&png_declaring(60_000, 60_000)));
    "data/units.yaml:15:", "60000"
}

case! {
    logo_outside_data: |t| t.edit(UNITS, "region: 北京, example: true }", "region: 北京, logo: ../../../etc/hostname, example: true }");
    "data/units.yaml:15:"
}

// ---- Markdown ----

case! {
    heading_attribute_event_handler: |t| body(t, "## 标题 {onmouseover=alert(1)}");
    "content/notices/2025-cappvd-call.md:", "heading attribute `onmouseover` is not allowed"
}

case! {
    markdown_javascript_link: |t| body(t, "[点此](javascript:alert(1))");
    "content/notices/2025-cappvd-call.md:", "links with `javascript:` are not allowed"
}

case! {
    markdown_data_image: |t| body(t, "![图](data:image/png;base64,iVBORw0KGgo=)");
    "content/notices/2025-cappvd-call.md:", "links with `data:` are not allowed"
}

case! {
    shortcode_argument_of_wrong_type: |t| t.edit(NOTICE, "{{ roster(year=2024) }}", "{{ roster(year=\"2024\") }}");
    "content/notices/2025-cappvd-call.md:53:1", "`year` must be a number"
}

case! {
    shortcode_unclosed_string: |t| t.edit(NOTICE, "{{ roster(year=2024) }}", "{{ roster(year=\"2024) }}");
    "content/notices/2025-cappvd-call.md:53:1", "is not closed"
}

/// A body with 150 broken links reports 100 and counts the rest (not a snapshot: the
/// output is 100 errors long).
#[test]
fn many_errors_are_capped() {
    let site = SiteTest::example();
    let before = built(&site);
    body(&site, &"[断链](missing.md)\n\n".repeat(150));
    let run = site.build();
    let needles = [
        "error: 50 more errors in this file are not shown",
        "\n101 errors\n",
    ];
    assert_failed(&site, &before, &run, &needles);
    assert_eq!(
        run.stderr.matches("error: link to `missing.md`").count(),
        100
    );
}

// ---- templates ----

case! {
    template_includes_itself: |t| t.file("templates/shortcodes/process.html", "{% include \"shortcodes/process.html\" %}\n");
    "Circular include"
}

case! {
    template_filter_on_wrong_type: |t| t.file("templates/404.html", "{{ site.title | round }}\n");
    "templates/404.html:1:"
}

// ---- accepted: hostile-looking input that must build ----

#[test]
fn hostile_looking_markdown_builds() {
    let site = SiteTest::example();
    let cases = [
        ("deep-quotes", ">".repeat(50_000) + " 引用"),
        (
            "deep-lists",
            (0..2_000)
                .map(|i| format!("{}- 项\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "emphasis",
            format!("{}x{}", "*".repeat(50_000), "*".repeat(50_000)),
        ),
        ("brackets", "[".repeat(50_000) + &"[a](".repeat(20_000)),
        ("nul", "正文\0中间\0结束".to_string()),
        ("long-line", "长".repeat(1_000_000)),
        ("private-use", "\u{E000}1\u{E000} 与 \u{E000}x".to_string()),
    ];
    for (slug, markdown) in &cases {
        site.file(
            &format!("content/notices/{slug}.md"),
            format!("---\ntitle: {slug}\ndate: 2025-01-01\n---\n\n{markdown}\n"),
        );
    }
    let run = site.build();
    run.success();
    for (slug, _) in cases {
        assert!(
            site.path(&format!("public/notices/{slug}/index.html"))
                .is_file()
        );
    }
}

#[test]
fn a_good_logo_builds() {
    let site = SiteTest::example();
    logo(&site, Some(&png(64, 32)));
    site.build().success();
}

/// A 50 MB notice builds with bounded memory. Ignored (it takes a while in a debug build);
/// run it by hand, with `/usr/bin/time` installed to see the peak memory:
/// `cargo test --release --test testsuite -- --ignored --nocapture fifty`.
#[test]
#[ignore]
fn fifty_megabyte_markdown_builds() {
    let site = SiteTest::minimal();
    let (text, i) = big_markdown(50 << 20);
    site.file("content/notices/big.md", &text);
    let time = std::path::Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut c = std::process::Command::new(time);
        c.arg("-v").arg(env!("CARGO_BIN_EXE_bulletin"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
    };
    let output = command
        .arg("--root")
        .arg(site.root())
        .args(["build", "--now", NOW])
        .output()
        .expect("run the build");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report = |key: &str| {
        stderr
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .map(|l| l.trim().to_string())
    };
    let peak_kb: Option<u64> = report("Maximum resident set size")
        .and_then(|l| l.rsplit(' ').next().and_then(|n| n.parse().ok()));
    println!(
        "{} bytes of Markdown ({i} sections): {}; {}",
        text.len(),
        String::from_utf8_lossy(&output.stdout).trim(),
        report("Maximum resident set size").unwrap_or_else(|| "peak memory not measured".into())
    );
    if let Some(kb) = peak_kb {
        assert!(kb < 2 << 20, "peak memory {kb} KB is more than 2 GB");
    }
}
