//! `bulletin init`: README's "Start a new site" walkthrough run as a newcomer runs it (from the
//! site's folder, default `--root`, relative paths), in both languages of the sample: init,
//! add a notice, check, build; the sample's fictional values are reported until replaced,
//! and nothing of the CAPPVD example reaches a new site.

use std::path::Path;

use crate::support::{Run, SiteTest, read_tree};

/// Facts of the CAPPVD example (real people, numbers, addresses) a new site must not carry.
const CAPPVD_FACTS: &[&str] = &[
    "秦晓磊",
    "刘芮汐",
    "18510844188",
    "18833065221",
    "cstc.org.cn",
    "cappvd.org.cn",
    "定泗路",
    "赛迪",
    "中国软件评测中心",
    "CAPPVD",
];

/// What `init` writes: content and data, no theme.
const INIT_FILES: &[&str] = &[
    ".gitignore",
    "content/notices/sample-call.md",
    "data/call.yaml",
    "data/contacts.yaml",
    "data/ratings.yaml",
    "data/site.yaml",
    "data/units.yaml",
];

/// The pages a new site has once built.
const PAGES: &[&str] = &[
    "index.html",
    "404.html",
    "notices/index.html",
    "notices/sample-call/index.html",
    "notices/first/index.html",
    "guide/index.html",
    "apply/index.html",
    "roster/index.html",
    "contacts/index.html",
    "search/index.html",
    "feed.xml",
];

/// One language's walkthrough.
struct Walkthrough {
    /// Extra `init` arguments.
    flags: &'static [&'static str],
    /// The new notice's title.
    title: &'static str,
    /// Warnings `check` gives on the new site: the sample's values, and the new notice's
    /// `source`, which `new notice` fills with the (sample) site title.
    warnings: usize,
    /// Located warnings `check` must give, as `file:line:column: value`.
    located: &'static [(&'static str, &'static str)],
    /// Words of the sample the built notice shows.
    shown: &'static [&'static str],
    /// The sentence the roster page gives about its order: pinyin for the Chinese sample,
    /// alphabetical for the English one (its names are in Latin letters).
    order_note: &'static str,
    /// Replacements for every sample value.
    real: &'static [(&'static str, &'static str)],
}

const ZH: Walkthrough = Walkthrough {
    flags: &[],
    title: "关于召开年度工作会议的通知",
    warnings: 20,
    located: &[
        ("data/contacts.yaml:10:15", "`010-0555-0142` is sample data"),
        ("data/contacts.yaml:8:11", "`张三` is sample data"),
        (
            "data/site.yaml:7:19",
            "`notices.example.org` is sample data",
        ),
        (
            "data/units.yaml:16:31",
            "`示例甲科技有限公司` is sample data",
        ),
        (
            "content/notices/sample-call.md:4:9",
            "`示例机构` is sample data",
        ),
        ("content/notices/first.md:4:10", "`示例机构` is sample data"),
    ],
    shown: &[
        "二星支撑单位",
        "张三",
        "技术支撑单位",
        "在线填报",
        "示例甲科技有限公司",
    ],
    order_note: "排名不分先后，按单位名称拼音排序",
    real: &[
        ("示例机构", "东方信息安全研究中心"),
        ("notices.example.org", "www.example.net"),
        ("apply.example.org", "apply.example.net"),
        ("contact@example.org", "office@example.net"),
        ("010-0555-0142", "010-0000-0001"),
        ("010-0555-0143", "010-0000-0002"),
        ("示例市示例区示例路1号", "东方市东方路2号"),
        ("示例甲科技有限公司", "甲公司"),
        ("示例乙信息技术有限公司", "乙公司"),
        ("示例丙网络安全研究院", "丙研究院"),
        ("这是一则示例通知", "现将有关事项通知如下"),
        ("张三", "王老师"),
        ("李四", "赵老师"),
    ],
};

const EN: Walkthrough = Walkthrough {
    flags: &["--language", "en"],
    title: "Annual meeting",
    warnings: 20,
    located: &[
        (
            "data/contacts.yaml:10:15",
            "`+86 10 0555 0142` is sample data",
        ),
        ("data/contacts.yaml:8:11", "`Jane Doe` is sample data"),
        (
            "data/site.yaml:7:19",
            "`notices.example.org` is sample data",
        ),
        (
            "data/units.yaml:16:31",
            "`Alpha Example Ltd` is sample data",
        ),
        (
            "content/notices/sample-call.md:4:9",
            "`Example Organisation` is sample data",
        ),
    ],
    shown: &[
        "Call for partners",
        "Two-star partner",
        "Technical partner",
        "Jane Doe",
        "Apply online",
        "Partners for",
    ],
    order_note: "In no order of rank, in alphabetical order",
    real: &[
        ("Example Organisation", "Eastern Security Centre"),
        ("notices.example.org", "www.example.net"),
        ("apply.example.org", "apply.example.net"),
        ("contact@example.org", "office@example.net"),
        ("+86 10 0555 0142", "+86 10 0000 0001"),
        ("+86 10 0555 0143", "+86 10 0000 0002"),
        ("1 Example Road", "2 East Road"),
        ("Alpha Example Ltd", "Alpha Ltd"),
        ("Beta Example Systems", "Beta Systems"),
        ("Gamma Example Institute", "Gamma Institute"),
        ("This is a sample notice", "This notice"),
        ("Jane Doe", "Ms Wang"),
        ("John Doe", "Mr Zhao"),
    ],
};

fn run(dir: &SiteTest, cwd: &Path, args: &[&str]) -> Run {
    dir.run_bare(cwd, args)
}

/// Every sample value replaced in the site's data and content.
fn replace_samples(site: &Path, real: &[(&str, &str)]) {
    for (name, _) in read_tree(site) {
        if !(name.starts_with("data/") || name.starts_with("content/")) {
            continue;
        }
        let path = site.join(&name);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (sample, own) in real {
            text = text.replace(sample, own);
        }
        std::fs::write(&path, text).unwrap();
    }
}

fn walk_through(w: &Walkthrough) {
    let dir = SiteTest::empty();
    let mut init = vec!["init", "my-site"];
    init.extend(w.flags);
    let made = run(&dir, dir.root(), &init);
    made.success();
    assert!(
        made.stdout.contains("Created a new site in my-site"),
        "{made}"
    );
    let site = dir.path("my-site");
    let files: Vec<String> = read_tree(&site).into_keys().collect();
    assert_eq!(
        files, INIT_FILES,
        "init writes content and data, not the theme"
    );

    // Add a notice, and publish it.
    run(&dir, &site, &["new", "notice", "first", "--title", w.title]).success();
    let notice = site.join("content/notices/first.md");
    let text = std::fs::read_to_string(&notice).unwrap();
    std::fs::write(&notice, text.replace("draft: true\n", "")).unwrap();

    let check = run(&dir, &site, &["check"]);
    check.success();
    let summary = format!("0 errors, {} warnings", w.warnings);
    assert!(check.stdout.contains(&summary), "{check}");
    for (place, message) in w.located {
        let warning = format!("warning: {message}");
        let at = check
            .stderr
            .split("\n\n")
            .find(|d| d.contains(&warning) && d.contains(&format!("--> {place}\n")));
        assert!(at.is_some(), "no {message} at {place}\n{check}");
    }

    let build = run(&dir, &site, &["build"]);
    build.success();
    let sample = format!(
        "; {} values of `bulletin init`'s sample are still in the site (`bulletin check` lists them)\n",
        w.warnings
    );
    assert!(build.stdout.contains(&sample), "{build}");
    assert!(build.stdout.contains(" into public in "), "{build}");
    for page in PAGES {
        assert!(site.join("public").join(page).is_file(), "no {page}");
    }
    let shown =
        std::fs::read_to_string(site.join("public/notices/sample-call/index.html")).unwrap();
    for word in w.shown {
        assert!(shown.contains(word), "the sample notice lacks {word}");
    }
    let roster = std::fs::read_to_string(site.join("public/roster/index.html")).unwrap();
    assert!(roster.contains(w.order_note), "{}", w.order_note);
    let first = std::fs::read_to_string(site.join("public/notices/first/index.html")).unwrap();
    assert!(first.contains(w.title));
    for (name, bytes) in read_tree(&site) {
        let text = String::from_utf8_lossy(&bytes);
        for fact in CAPPVD_FACTS {
            assert!(
                !text.contains(fact),
                "{name} holds the CAPPVD example's {fact}"
            );
        }
    }

    // Once every sample value is replaced, nothing is reported.
    replace_samples(&site, w.real);
    let check = run(&dir, &site, &["check"]);
    check.success();
    assert!(check.stdout.contains("0 errors, 0 warnings"), "{check}");
    let build = run(&dir, &site, &["build"]);
    build.success();
    assert!(!build.stdout.contains("sample"), "{build}");
}

#[test]
fn a_new_chinese_site_from_init_to_built_pages() {
    walk_through(&ZH);
}

#[test]
fn a_new_english_site_from_init_to_built_pages() {
    walk_through(&EN);
    let dir = SiteTest::empty();
    run(&dir, dir.root(), &["init", "s", "--language", "en"]).success();
    let settings = dir.read("s/data/site.yaml");
    assert!(settings.contains("\nlanguage: en\n"), "{settings}");
    // The sample's content and data are English: no Chinese character in any of them.
    for (name, bytes) in read_tree(&dir.path("s")) {
        let text = String::from_utf8(bytes).unwrap();
        let han = text.chars().find(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(c)
                || ('\u{3000}'..='\u{303f}').contains(c)
                || ('\u{ff00}'..='\u{ffef}').contains(c)
        });
        assert_eq!(han, None, "{name} holds Chinese text");
    }
}

#[test]
fn a_new_site_in_a_language_bulletin_does_not_ship() {
    let dir = SiteTest::empty();
    let init = run(&dir, dir.root(), &["init", "s", "--language", "fr"]);
    init.success();
    assert!(init.stdout.contains("data/interface.yaml"), "{init}");
    let settings = dir.read("s/data/site.yaml");
    assert!(settings.contains("\nlanguage: fr\n"), "{settings}");
    // The interface texts to translate, commented out: until then they read in English,
    // and the build (run from the site's own folder) says how many.
    let table = dir.read("s/data/interface.yaml");
    assert!(table.contains("\nfr:\n  # "), "{table}");
    assert!(table.contains("  # nav.home: \"Home\"\n"), "{table}");
    let site = dir.path("s");
    let build = run(&dir, &site, &["build"]);
    build.success();
    assert!(
        build.stderr.contains("language `fr` lacks 2") && build.stderr.contains("read in `en`"),
        "{build}"
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("<html lang=\"fr\">"));
    // A translated text is used and no longer counted.
    std::fs::write(
        site.join("data/interface.yaml"),
        table.replace("  # nav.home: \"Home\"", "  nav.home: Accueil"),
    )
    .unwrap();
    let build = run(&dir, &site, &["build"]);
    build.success();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains(">Accueil</a>"), "{home}");

    // A variant of a shipped language reads that language's text: no table to translate.
    let init = run(&dir, dir.root(), &["init", "gb", "--language", "en-GB"]);
    init.success();
    assert!(
        dir.read("gb/data/site.yaml")
            .contains("\nlanguage: en-GB\n")
    );
    assert!(!dir.path("gb/data/interface.yaml").exists());
    let build = run(&dir, &dir.path("gb"), &["build"]);
    build.success();
    assert!(!build.stderr.contains("lacks"), "{build}");

    let wrong = run(&dir, dir.root(), &["init", "x", "--language", "French"]);
    wrong.code(2);
    assert!(
        wrong.stderr.contains("write a language tag such as"),
        "{wrong}"
    );
    assert!(!dir.path("x").exists());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = SiteTest::empty();
    dir.file("old/notes.txt", "mine\n");
    let run = dir.run_bare(dir.root(), &["init", "old"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("old is not empty; init only creates new sites"),
        "{run}"
    );
    assert_eq!(read_tree(&dir.path("old")).len(), 1, "nothing was written");
    // An empty folder is fine, and so is the site's own folder as `.`.
    std::fs::create_dir(dir.path("empty")).unwrap();
    dir.run_bare(&dir.path("empty"), &["init", "."]).success();
    assert!(dir.path("empty/data/site.yaml").is_file());
}

/// The sample's files point to README sections by name ("README.md, \"Site settings\""):
/// each exists, and the settings section documents every key of `data/site.yaml`.
#[test]
fn the_sample_points_to_readme_sections_that_exist() {
    let readme = std::fs::read_to_string(crate::support::repo_root().join("README.md")).unwrap();
    let headings: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with('#') && l.contains("# "))
        .collect();
    let scaffold = crate::support::repo_root().join("src/cli/scaffold");
    let mut cited = 0;
    for (name, bytes) in read_tree(&scaffold) {
        let text = String::from_utf8(bytes).unwrap();
        for reference in text.split("README.md, \"").skip(1) {
            let section = reference.split('"').next().unwrap();
            cited += 1;
            assert!(
                headings.iter().any(|h| h.contains(section)),
                "{name} cites README section {section:?}, which does not exist"
            );
        }
    }
    assert!(cited >= 10, "the sample's files cite README sections");
    let start = readme
        .find("\n### Site settings")
        .expect("a Site settings section");
    let section = &readme[start + 1..];
    let section = &section[..section[4..].find("\n#").map_or(section.len(), |e| e + 4)];
    for (key, _) in bulletin::config::SITE_KEYS {
        assert!(
            section.contains(&format!("| `{key}")) || section.contains(&format!(" / `{key}`")),
            "README's Site settings do not document `{key}`"
        );
    }
}
