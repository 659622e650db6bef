//! What a site sets about its look: the navigation (generated pages, Markdown pages,
//! links), its logo beside the title, and a brand colour with a contrast check.

use crate::support::{SiteTest, squash};

const NOW: &str = "2026-12-10";

#[test]
fn the_navigation_is_a_setting_with_pages_and_links() {
    let site = SiteTest::english_example();
    let pages = site.pages_at(NOW);
    let about = squash(&pages["about/index.html"]);
    assert!(
        about
            .contains("<li><a href=\"/about/\" aria-current=\"page\">About the programme</a></li>"),
        "{about}"
    );
    assert!(about.contains("<li><a href=\"https://www.example.org/\">City website</a></li>"));
    // Every page shows the same entries, in the order of the setting.
    let home = squash(&pages["index.html"]);
    let order: Vec<usize> = ["Members</a>", "About the programme</a>", "Contact</a>"]
        .iter()
        .map(|t| home.find(t).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // Without the setting, the generated pages in their usual order.
    let example = SiteTest::example();
    let home = example.pages_at("2025-03-01").remove("index.html").unwrap();
    assert!(squash(&home).contains(
        "<li><a href=\"/cappvd/\" aria-current=\"page\">首页</a></li> <li><a href=\"/cappvd/notices/\">通知公告</a></li>"
    ));
}

#[test]
fn navigation_mistakes_are_located() {
    let site = SiteTest::english_example();
    site.edit("data/site.yaml", "  - contacts\n", "  - contact\n");
    let run = site.run(&["build", "--now", NOW]);
    run.code(1);
    for needle in [
        "`contact` is not a page bulletin generates",
        "did you mean `contacts`?",
        "data/site.yaml:21:5",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    site.edit("data/site.yaml", "  - contact\n", "  - contacts\n");
    site.edit("data/site.yaml", "{ page: about.md }", "{ page: abuot.md }");
    let run = site.run(&["build", "--now", NOW]);
    run.code(1);
    for needle in [
        "the navigation links `content/abuot.md`, which is not a published page",
        "did you mean `about.md`?",
        "data/site.yaml:20:",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    // A generated page the site does not have is left out, with a warning.
    let site = SiteTest::english_example();
    site.remove("data/contacts.yaml");
    let run = site.run(&["build", "--now", NOW]);
    run.success();
    assert!(
        run.stderr
            .contains("the navigation lists `contacts`, which this site does not have"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_site_logo_is_processed_and_shown_beside_the_title() {
    let site = SiteTest::english_example();
    let pages = site.pages_at(NOW);
    let home = &pages["index.html"];
    let start = home.find("<img class=\"site-logo\"").expect("a logo");
    let img = &home[start..start + home[start..].find('>').unwrap()];
    assert!(
        img.contains("width=\"120\" height=\"32\" alt=\"\""),
        "{img}"
    );
    let png = img
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let file = site.path(&format!("public{png}"));
    let decoded = image::open(&file).expect("a PNG");
    assert_eq!(
        (decoded.width(), decoded.height()),
        (240, 64),
        "never enlarged"
    );

    site.file("data/logos/harbor.png", b"not a picture");
    let run = site.run(&["build", "--now", NOW]);
    run.code(1);
    assert!(run.stderr.contains("the site logo:"), "{}", run.stderr);
    assert!(run.stderr.contains("data/site.yaml:12:7"), "{}", run.stderr);
}

#[test]
fn a_brand_colour_sets_the_accent_and_its_contrast_is_checked() {
    let site = SiteTest::english_example();
    let home = site.pages_at(NOW).remove("index.html").unwrap();
    assert!(
        home.contains("<style>:root{--accent:#0b5d7a;--accent-bg:#0b5d7a;--on-accent:#ffffff;")
    );
    site.edit(
        "data/site.yaml",
        "brand_color: \"#0b5d7a\"",
        "brand_color: \"#7fb8d4\"",
    );
    let run = site.run(&["build", "--now", NOW]);
    run.success();
    assert!(
        run.stderr
            .contains("text in the colour on the white page has a contrast of"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("below WCAG AA (4.5:1)"));
    assert!(
        run.stderr.contains("data/site.yaml:13:14"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("a darker shade such as `#"),
        "{}",
        run.stderr
    );
    site.edit(
        "data/site.yaml",
        "brand_color: \"#7fb8d4\"",
        "brand_color: teal",
    );
    let run = site.run(&["build", "--now", NOW]);
    run.code(1);
    assert!(
        run.stderr.contains("`teal` is not a colour"),
        "{}",
        run.stderr
    );
}
