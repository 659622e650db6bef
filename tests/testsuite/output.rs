//! The output folder: bulletin replaces only what it made, and the names a site keeps in it
//! (`.git`, `CNAME`, …) survive every build, a forced one and a failed one.

use crate::support::{NOW, SiteTest, assert_same_tree, snapshot};

/// A folder as a pages-branch checkout looks before the first build: git metadata, a host's
/// `CNAME` and a file of the user's own.
fn foreign(site: &SiteTest, dir: &str) {
    site.file(&format!("{dir}/.git/HEAD"), "ref: refs/heads/gh-pages\n");
    site.file(&format!("{dir}/.git/config"), "[core]\n");
    site.file(&format!("{dir}/CNAME"), "notices.example.org\n");
    site.file(&format!("{dir}/keep.txt"), "mine\n");
}

#[test]
fn a_folder_bulletin_did_not_make_is_refused_and_left_alone() {
    let site = SiteTest::example();
    foreign(&site, "www");
    let before = site.files("www");
    let run = site.run(&["build", "--now", NOW, "--output", "www"]);
    run.code(1);
    snapshot("output/foreign_folder_refused", &run.stderr);
    assert_same_tree(&before, &site.files("www"), "www/ after a refused build");
}

#[test]
fn force_replaces_a_foreign_folder_but_keeps_the_kept_names() {
    let site = SiteTest::example();
    foreign(&site, "www");
    site.run(&["build", "--now", NOW, "--output", "www", "--force"])
        .success();
    let files = site.files("www");
    assert!(files.contains_key("index.html"));
    assert!(
        !files.contains_key("keep.txt"),
        "the user's own file is replaced"
    );
    assert_eq!(files[".git/HEAD"], b"ref: refs/heads/gh-pages\n");
    assert_eq!(files["CNAME"], b"notices.example.org\n");
    // From now on the folder is bulletin's: no flag needed, and the kept names stay.
    site.run(&["build", "--now", NOW, "--output", "www"])
        .success();
    let again = site.files("www");
    assert_eq!(again["CNAME"], b"notices.example.org\n");
    assert!(again.contains_key(".git/config"));
}

#[test]
fn kept_names_survive_normal_and_failed_builds() {
    let site = SiteTest::example();
    site.build().success();
    site.file("public/CNAME", "notices.example.org\n");
    site.file(
        "public/.well-known/security.txt",
        "Contact: mailto:a@example.org\n",
    );
    site.file("public/stray.html", "not bulletin's");
    site.build().success();
    let files = site.files("public");
    assert_eq!(files["CNAME"], b"notices.example.org\n");
    assert!(files.contains_key(".well-known/security.txt"));
    assert!(
        !files.contains_key("stray.html"),
        "other files are replaced"
    );
    // A failed build changes nothing, kept names included.
    site.edit("content/notices/2025-cappvd-call.md", "title:", "titel:");
    site.build().code(1);
    assert_same_tree(
        &files,
        &site.files("public"),
        "public/ after a failed build",
    );
}

#[test]
fn only_and_all_folders_that_hold_only_kept_names_need_no_flag() {
    let site = SiteTest::example();
    site.file("www/.git/HEAD", "ref: refs/heads/gh-pages\n");
    site.file("www/CNAME", "notices.example.org\n");
    site.run(&["build", "--now", NOW, "--output", "www"])
        .success();
    assert_eq!(site.read("www/CNAME"), "notices.example.org\n");
}

#[test]
fn the_kept_names_are_a_setting() {
    let site = SiteTest::example();
    site.edit(
        "data/site.yaml",
        "roster_order: pinyin",
        "roster_order: pinyin\nkeep_in_output: [README.md]",
    );
    site.build().success();
    site.file("public/README.md", "# pages branch\n");
    site.file("public/CNAME", "gone.example.org\n");
    site.build().success();
    assert!(site.path("public/README.md").is_file());
    assert!(
        !site.path("public/CNAME").exists(),
        "CNAME is not kept any more"
    );
    site.edit("data/site.yaml", "[README.md]", "[../x]");
    let run = site.build();
    run.code(1);
    assert!(run.stderr.contains("keep_in_output"), "{run}");
}

#[test]
fn the_site_itself_is_never_an_output() {
    let site = SiteTest::example();
    let before = site.files("content");
    for output in [".", "content", "content/notices", ".."] {
        let run = site.run_in(
            site.root(),
            &["build", "--now", NOW, "--force", "--output", output],
        );
        run.code(1);
        assert!(
            run.stderr.contains("the site's own sources"),
            "{output}: {run}"
        );
    }
    assert_same_tree(&before, &site.files("content"), "content/");
}

/// Decodes a precompressed sibling.
fn decode(path: &str, bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    if path.ends_with(".gz") {
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
    } else {
        brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
    }
    out
}

#[test]
fn precompress_writes_gzip_and_brotli_siblings_of_text_outputs_only() {
    let site = SiteTest::example();
    let text = site.read("data/site.yaml");
    site.file(
        "data/site.yaml",
        format!("{text}precompress: [brotli, gzip]\n"),
    );
    site.run(&["build", "--now", NOW]).success();
    let files = site.files("public");
    let siblings: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with(".gz") || p.ends_with(".br"))
        .collect();
    assert!(!siblings.is_empty());
    for path in &siblings {
        let original = &path[..path.len() - 3];
        assert!(files.contains_key(original), "{path} has no original");
        assert_eq!(decode(path, &files[*path]), files[original], "{path}");
    }
    for page in [
        "index.html",
        "notices/2025-cappvd-call/index.html",
        "feed.xml",
    ] {
        assert!(files.contains_key(&format!("{page}.gz")), "{page}.gz");
        assert!(files.contains_key(&format!("{page}.br")), "{page}.br");
    }
    assert!(
        siblings
            .iter()
            .any(|p| p.starts_with("assets/style.") && p.ends_with(".css.br")),
        "{siblings:?}"
    );
    // Images and small files get none.
    assert!(
        !siblings
            .iter()
            .any(|p| p.contains(".png.") || p.contains(".webp."))
    );
    assert!(!files.contains_key("robots.txt.gz"), "robots.txt is tiny");
    // The same input gives the same bytes.
    site.run(&["build", "--now", NOW]).success();
    assert_eq!(site.files("public"), files);
}

#[test]
fn precompress_is_off_by_default_and_checked() {
    let site = SiteTest::minimal();
    site.build().success();
    assert!(!site.files("public").keys().any(|p| p.ends_with(".gz")));

    site.edit(
        "data/site.yaml",
        "publisher: 测试单位",
        "publisher: 测试单位\nprecompress: [gzip, zstd]",
    );
    let run = site.build();
    run.code(1);
    assert!(run.stderr.contains("data/site.yaml:4"), "{run}");
    assert!(run.stderr.contains("zstd"), "{run}");

    // A content file where a sibling goes is reported at the file.
    site.edit("data/site.yaml", "[gzip, zstd]", "[gzip]");
    site.file("content/notices/hello/index.html.gz", "not gzip");
    let run = site.build();
    run.code(1);
    assert!(
        run.stderr.contains("content/notices/hello/index.html.gz")
            && run.stderr.contains("precompressed copy"),
        "{run}"
    );
}

/// The example with a unit's logo and an attachment (`content/notices/附件.pdf`): outputs
/// taken from the cache and from the site's own files.
fn with_logo_and_attachment() -> SiteTest {
    let site = SiteTest::example();
    site.file("data/logos/a.png", crate::support::hostile::png(120, 60));
    site.edit(
        "data/units.yaml",
        "example: true }",
        "logo: logos/a.png, example: true }",
    );
    site.file("content/notices/附件.pdf", "%PDF-1.4\n");
    site
}

/// Every file of the output can be read by whoever can read its pages: pictures and logos
/// copied from the cache (private files) and a content file of the editor's that only its
/// owner may read are published as every page is.
#[cfg(unix)]
#[test]
fn copied_and_cached_outputs_are_as_readable_as_the_pages() {
    use std::os::unix::fs::PermissionsExt;
    let site = with_logo_and_attachment();
    let private = std::fs::Permissions::from_mode(0o600);
    std::fs::set_permissions(site.path("content/notices/附件.pdf"), private).unwrap();
    // The second build takes every picture and logo from the cache.
    site.build().success();
    site.build().success();
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let page = mode(&site.path("public/index.html"));
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.file_name() != ".bulletin-output" {
            let name = entry.path().display().to_string();
            assert_eq!(mode(entry.path()), page, "{name}");
            checked += usize::from(name.ends_with(".png") || name.ends_with(".pdf"));
        }
    }
    assert!(
        checked >= 4,
        "pictures, logos and the attachment: {checked}"
    );
}

/// Share pictures and logos come from the build cache as hard links (a 10,000-notice site
/// has 10,000 cards), never the site's own files. A private cache file (written by an older
/// bulletin) is copied, so the output stays readable; a private share picture is written
/// again readable, and linked.
#[cfg(unix)]
#[test]
fn cached_pictures_are_linked_and_sources_are_copied() {
    use std::collections::HashSet;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let site = with_logo_and_attachment();
    site.build().success();
    // Each PNG of the output: whether it is a file of the cache, and whether it is a logo.
    let pngs = || -> Vec<(bool, bool)> {
        let cache: HashSet<u64> = walkdir::WalkDir::new(site.path(".bulletin-cache"))
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.metadata().unwrap().ino())
            .collect();
        walkdir::WalkDir::new(site.path("public"))
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.path().extension().is_some_and(|e| e == "png"))
            .map(|e| {
                let linked = cache.contains(&e.metadata().unwrap().ino());
                (linked, e.path().to_string_lossy().contains("logos"))
            })
            .collect()
    };
    let first = pngs();
    assert!(first.len() >= 3, "share pictures and a logo: {first:?}");
    assert!(first.iter().any(|&(_, logo)| logo), "{first:?}");
    assert!(first.iter().all(|&(linked, _)| linked), "{first:?}");
    let pdf = std::fs::metadata(site.path("public/notices/附件.pdf")).unwrap();
    let source = std::fs::metadata(site.path("content/notices/附件.pdf")).unwrap();
    assert_ne!(
        pdf.ino(),
        source.ino(),
        "a source file is copied, not linked"
    );
    assert_eq!(pdf.nlink(), 1);

    for entry in walkdir::WalkDir::new(site.path(".bulletin-cache")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let private = std::fs::Permissions::from_mode(0o600);
            std::fs::set_permissions(entry.path(), private).unwrap();
        }
    }
    site.build().success();
    let second = pngs();
    assert_eq!(second.len(), first.len());
    for (linked, logo) in second {
        assert_eq!(
            linked, !logo,
            "pictures linked again, the private logo copied"
        );
    }
    let page = std::fs::metadata(site.path("public/index.html")).unwrap();
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "png") {
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            let path = entry.path().display();
            assert_eq!(mode, page.permissions().mode() & 0o777, "{path}");
        }
    }
}
