//! `bulletin theme list|eject|diff`, and `check`'s warnings about overrides whose theme file
//! changed: the theme is a base a site overrides file by file, not a copy.

use bulletin::theme::DEFAULT_FILES;

use crate::support::{SiteTest, assert_same_tree, built, copy_dir, repo_root};

/// `bulletin theme <args…>` on `site`.
fn theme(site: &SiteTest, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["theme"];
    all.extend(args);
    site.run(&all)
}

/// The version in an ejected file's mark, e.g. `notice.html@1a2b3c4d`.
fn mark_version(text: &str, name: &str) -> String {
    let token = format!("{name}@");
    let start = text.find(&token).expect("a mark") + token.len();
    text[start..start + 8].to_string()
}

/// The hash an eject mark records (FNV-1a, 32 bits, of the file's text).
fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

#[test]
fn ejected_files_change_no_output() {
    let site = SiteTest::example();
    let before = built(&site);
    let eject = theme(&site, &[]);
    eject.code(2); // `theme` needs a subcommand.
    let eject = theme(&site, &["eject"]);
    eject.success();
    let copied = format!("Copied {} theme files into templates/", DEFAULT_FILES.len());
    assert!(eject.stdout.contains(&copied), "{eject}");
    let notice = site.read("templates/notice.html");
    assert!(
        notice.starts_with("{#- bulletin-theme: notice.html@"),
        "{notice}"
    );
    let css = site.read("templates/assets/style.css");
    assert!(
        css.starts_with("/* bulletin-theme: assets/style.css@"),
        "{css}"
    );
    // Every page, and the stylesheet's hashed name, are byte for byte what the theme gives.
    assert_same_tree(
        &before,
        &built(&site),
        "public/ with the whole theme ejected",
    );
    let list = theme(&site, &["list"]);
    list.success();
    assert!(
        list.stdout
            .contains("  notice.html                  overridden, same as the theme\n"),
        "{list}"
    );
    assert!(!list.stdout.contains("  theme\n"), "{list}");
    let check = site.check();
    check.success();
    assert!(check.stdout.contains("0 errors, 0 warnings"), "{check}");
}

#[test]
fn eject_names_files_and_keeps_existing_ones() {
    let site = SiteTest::example();
    let list = theme(&site, &["list"]);
    list.success();
    assert!(
        list.stdout
            .contains("  shortcodes/roster.html       theme\n"),
        "{list}"
    );

    theme(
        &site,
        &["eject", "notice.html", "templates/shortcodes/roster.html"],
    )
    .success();
    assert!(site.path("templates/notice.html").is_file());
    assert!(site.path("templates/shortcodes/roster.html").is_file());
    assert!(!site.path("templates/base.html").exists());

    // An existing file is kept unless --force; nothing is written then.
    site.file("templates/notice.html", "{% extends \"base.html\" %}\n");
    let again = theme(&site, &["eject", "assets/site.js", "notice.html"]);
    again.code(1);
    assert!(
        again
            .stderr
            .contains("templates/ already has notice.html; nothing was written"),
        "{again}"
    );
    assert!(!site.path("templates/assets/site.js").exists());
    theme(
        &site,
        &["eject", "--force", "assets/site.js", "notice.html"],
    )
    .success();
    assert!(
        site.read("templates/notice.html")
            .starts_with("{#- bulletin-theme: ")
    );
    assert!(site.path("templates/assets/site.js").is_file());

    // Unknown names are usage errors, with a suggestion and the list.
    for (name, suggestion) in [
        ("notce.html", "notice.html"),
        ("style.css", "assets/style.css"),
    ] {
        let unknown = theme(&site, &["eject", name]);
        unknown.code(2);
        assert!(
            unknown.stderr.contains(&format!(
                "the theme has no file `{name}` (did you mean `{suggestion}`?)"
            )),
            "{unknown}"
        );
        assert!(
            unknown.stderr.contains("Its files are: base.html, "),
            "{unknown}"
        );
    }

    // Outside a site's folder, eject writes nothing.
    let empty = SiteTest::empty();
    let nowhere = theme(&empty, &["eject", "notice.html"]);
    nowhere.code(1);
    assert!(
        nowhere.stderr.contains("has no data/site.yaml"),
        "{nowhere}"
    );
    assert!(!empty.path("templates").exists());
}

#[test]
fn check_tells_theme_changes_from_edits() {
    let site = SiteTest::example();
    theme(
        &site,
        &[
            "eject",
            "notice.html",
            "page.html",
            "assets/style.css",
            "contacts.html",
        ],
    )
    .success();

    // Edited against the current theme: what overriding is for, no warning.
    let page = site.read("templates/page.html") + "{# our own page #}\n";
    site.file("templates/page.html", page);
    // Ejected from an older theme (whose text ended in a line the current one lacks), and not
    // edited since: the mark holds the version of the text the file has.
    let notice = site.read("templates/notice.html");
    let version = mark_version(&notice, "notice.html");
    let (mark, theme_text) = notice.split_once('\n').unwrap();
    let older = format!("{theme_text}{{# an older bulletin #}}\n");
    let older_version = format!("{:08x}", fnv1a32(older.as_bytes()));
    site.file(
        "templates/notice.html",
        format!("{}\n{older}", mark.replacen(&version, &older_version, 1)),
    );
    // Ejected from an older theme, and edited.
    let css = site.read("templates/assets/style.css");
    let css_version = mark_version(&css, "assets/style.css");
    site.file(
        "templates/assets/style.css",
        css.replacen(&css_version, "00000000", 1) + "body { color: #111 }\n",
    );
    // Copied by hand (no mark) and changed.
    let contacts = std::fs::read_to_string(repo_root().join("templates/contacts.html")).unwrap();
    site.file("templates/contacts.html", contacts + "{# ours #}\n");

    let check = site.check();
    check.success();
    assert!(
        check.stdout.contains("0 errors, 3 warnings in 3 files"),
        "{check}"
    );
    let stderr = &check.stderr;
    assert!(stderr.contains(
        "warning: the theme's `notice.html` changed since this copy was ejected, and the copy was not edited: the site still uses the old version\n --> templates/notice.html:1:21\n"
    ), "{check}");
    assert!(
        stderr.contains("take the new version with `bulletin theme eject --force notice.html`"),
        "{check}"
    );
    assert!(stderr.contains(
        "warning: the theme's `assets/style.css` changed since this copy was ejected and edited: the site does not get the theme's changes\n --> templates/assets/style.css:1:20\n"
    ), "{check}");
    assert!(stderr.contains(&format!(
        "`bulletin theme diff assets/style.css` shows the theme's version against this file: carry over what the theme changed, then write `assets/style.css@{css_version}` in the first line"
    )), "{check}");
    assert!(stderr.contains(
        "warning: this file overrides the theme's `contacts.html`, differs from it and has no eject mark"
    ), "{check}");
    assert!(!stderr.contains("templates/page.html"), "{check}");

    let list = theme(&site, &["list"]);
    for line in [
        "  notice.html                  overridden, not edited; the theme's version changed since it was ejected\n",
        "  page.html                    overridden, edited\n",
        "  contacts.html                overridden, differs from the theme (no eject mark)\n",
        "  assets/style.css             overridden, edited; the theme's version changed since it was ejected\n",
        "  base.html                    theme\n",
        "4 overrides differ from the theme: `bulletin theme diff` shows how.\n",
    ] {
        assert!(list.stdout.contains(line), "{line}\n{list}");
    }

    let diff = theme(&site, &["diff", "page.html"]);
    diff.success();
    assert!(
        diff.stdout.starts_with("--- theme/page.html (bulletin ")
            && diff.stdout.contains("\n+++ templates/page.html\n@@ "),
        "{diff}"
    );
    assert!(diff.stdout.ends_with("\n+{# our own page #}\n"), "{diff}");
    let all = theme(&site, &["diff"]);
    assert!(
        all.stdout.contains(
            "# The theme's assets/style.css changed since templates/assets/style.css was ejected.\n"
        ),
        "{all}"
    );
    assert!(
        all.stdout.contains("+++ templates/contacts.html\n"),
        "{all}"
    );
    assert!(all.stdout.contains("+++ templates/notice.html\n"), "{all}");
    assert!(all.stdout.contains("\n+{# an older bulletin #}\n"), "{all}");

    // Following the hints clears each warning.
    theme(&site, &["eject", "--force", "notice.html"]).success();
    let css = site.read("templates/assets/style.css");
    site.file(
        "templates/assets/style.css",
        css.replacen("00000000", &css_version, 1),
    );
    site.remove("templates/contacts.html");
    let check = site.check();
    assert!(check.stdout.contains("0 errors, 0 warnings"), "{check}");
}

/// The repository's own `templates/` is the embedded theme's source: checked as a site's
/// overrides, it is the theme, with no warning.
#[test]
fn the_repository_templates_are_the_theme() {
    let site = SiteTest::example();
    copy_dir(&repo_root().join("templates"), &site.path("templates"));
    let check = site.check();
    check.success();
    assert!(check.stdout.contains("0 errors, 0 warnings"), "{check}");
    let list = theme(&site, &["list"]);
    assert_eq!(
        list.stdout.matches(", same as the theme\n").count(),
        DEFAULT_FILES.len(),
        "{list}"
    );
    assert!(
        theme(&site, &["diff"])
            .stdout
            .contains("No file in templates/ differs from the theme.")
    );
}

/// The stylesheets say "start" and "end", not "left" and "right", so a page written right
/// to left (`<html dir="rtl">`: Arabic, Hebrew, …) mirrors: a step's rule, a heading's bar
/// and a table's alignment stand on the side its text begins. Only the printed page's
/// `@page` boxes are physical (the binding margin, the page numbers' corners).
#[test]
fn the_stylesheets_are_written_in_logical_directions() {
    for name in ["style.css", "print.css"] {
        let css = std::fs::read_to_string(repo_root().join("templates/assets").join(name)).unwrap();
        let mut physical = Vec::new();
        for (rule, body) in rules(&css) {
            if rule.trim_start().starts_with("@page") {
                continue;
            }
            for declaration in body.split(';') {
                let Some((property, value)) = declaration.split_once(':') else {
                    continue;
                };
                let (property, value) = (property.trim(), value.trim());
                let sided = |word: &str| word == "left" || word == "right";
                if property.split('-').any(sided) || value.split([' ', ',']).any(sided) {
                    physical.push(format!("{rule} {{ {property}: {value} }}"));
                }
            }
        }
        assert!(physical.is_empty(), "{name}: {physical:#?}");
    }
}

/// The rules of a stylesheet, innermost first: (selector, declarations), comments removed;
/// a block holding blocks (`@media`, `@page` with margin boxes) is named by its own prelude
/// for each of them.
fn rules(css: &str) -> Vec<(String, String)> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    let mut out = Vec::new();
    // Open blocks: (prelude, where its body starts).
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut prelude_start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => {
                let prelude = text[prelude_start..i].trim().to_string();
                // A nested block reads as its outermost prelude (`@page latin`).
                let named = open.first().map_or(prelude, |(outer, _)| outer.clone());
                open.push((named, i + 1));
                prelude_start = i + 1;
            }
            '}' => {
                if let Some((prelude, body_start)) = open.pop() {
                    let body = &text[body_start..i];
                    let own: String = body
                        .split(['{', '}'])
                        .step_by(2)
                        .collect::<Vec<_>>()
                        .join(";");
                    out.push((prelude, own));
                }
                prelude_start = i + 1;
            }
            ';' if open.is_empty() => prelude_start = i + 1,
            _ => {}
        }
    }
    out
}
