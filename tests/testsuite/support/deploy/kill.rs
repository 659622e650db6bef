//! A deploy killed with SIGKILL part-way, twice, then run again: after each kill the served
//! site must be consistent (every page's stylesheets, scripts and other `/assets/` files
//! exist, and the search manifest's shards and document files exist); after the rerun the
//! bucket must equal the built output exactly.
//!
//! The site has about 1,300 files (so listings take more than one page), and its target
//! sets `workers: 1`, a documented setting, so the deploy takes long enough to be killed
//! in the middle; kills happen after a chosen share of the run's uploads has landed, seen
//! by the modification times of the server's files.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use super::{
    S3Server, SECRET_KEY, command, configure, deploy, head, published, site_objects, uploads,
};
use crate::support::{SiteTest, assert_same_tree, repo_root};

/// Notices in the first deploy; as many new ones come in the second.
const NOTICES: usize = 550;

fn notice(site: &SiteTest, i: usize) {
    site.file(
        &format!("content/notices/bulk-{i:04}.md"),
        format!(
            "---\ntitle: 第{i}号测试通知\ndate: 2025-01-{:02} 09:00\n---\n\n各有关单位：\n\n第{i}号通知正文，关于漏洞治理与支撑单位遴选。\n",
            1 + i % 28
        ),
    );
}

/// The site's base path (`/cappvd/`), which every asset URL starts with.
fn base_path(site: &SiteTest) -> String {
    let config = bulletin::config::load(site.root(), None).expect("valid settings");
    config.base_path().to_string()
}

/// Checks what a reader could get from the bucket right now.
pub fn assert_consistent(objects: &BTreeMap<String, Vec<u8>>, base: &str, what: &str) {
    for (key, bytes) in objects.iter().filter(|(k, _)| k.ends_with(".html")) {
        let page = String::from_utf8_lossy(bytes);
        for attribute in ["href=\"", "src=\""] {
            let marker = format!("{attribute}{base}assets/");
            for (at, _) in page.match_indices(&marker) {
                let start = at + attribute.len() + base.len();
                let end = start + page[start..].find('"').expect("a closed attribute");
                let asset = &page[start..end];
                assert!(
                    objects.contains_key(asset),
                    "{what}: {key} needs {asset}, which is missing"
                );
            }
        }
    }
    if let Some(manifest) = objects.get("search/index.json") {
        let manifest: serde_json::Value = serde_json::from_slice(manifest).expect("JSON");
        let number = |name: &str| manifest[name].as_u64().expect("a number");
        let files = number("docs").div_ceil(number("per_file").max(1));
        for shard in 0..number("shards") {
            let key = format!("search/s/{shard}.json");
            assert!(
                objects.contains_key(&key),
                "{what}: the manifest needs {key}"
            );
        }
        for file in 0..files {
            let key = format!("search/d/{file}.json");
            assert!(
                objects.contains_key(&key),
                "{what}: the manifest needs {key}"
            );
        }
    }
}

/// Files of `dir` written at or after `since`.
fn written_since(dir: &Path, since: SystemTime) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| t >= since)
        })
        .count()
}

/// The number of uploads `bulletin deploy --dry-run` announces.
fn planned(site: &SiteTest) -> usize {
    let dry = deploy(site, &["deploy", "--dry-run", "--max-deletes", "100000"]);
    dry.success();
    let summary = dry
        .stdout
        .lines()
        .rev()
        .find(|l| l.contains(" to upload"))
        .unwrap_or("");
    summary
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Starts a deploy and kills it with SIGKILL once `share` of its uploads have landed.
/// Returns how many had landed.
fn deploy_and_kill(site: &SiteTest, server: &S3Server, share: f64) -> usize {
    let total = planned(site);
    assert!(
        total > 100,
        "a deploy worth killing has many uploads, not {total}"
    );
    let target = ((total as f64 * share) as usize).max(1);
    let since = SystemTime::now();
    // File times come from a coarse clock that may lag `SystemTime::now()` a little.
    std::thread::sleep(Duration::from_millis(50));
    let mut child = command(site, &["deploy", "--max-deletes", "100000"], SECRET_KEY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start bulletin deploy");
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut landed = 0;
    while Instant::now() < deadline {
        landed = written_since(&server.bucket_dir(), since);
        if landed >= target || matches!(child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let status = child.wait().expect("wait for the killed deploy");
    eprintln!("killed the deploy after {landed} of {total} uploads");
    assert!(
        status.code().is_none(),
        "the deploy ended before it was killed ({status}); {landed} of {total} uploads"
    );
    landed
}

/// A server, and the example site with [`NOTICES`] more notices and `workers: 1`, built
/// and deployed to it (`None` when there is no server).
fn deployed_bulk() -> Option<(S3Server, SiteTest)> {
    let server = S3Server::start()?;
    let site = SiteTest::example();
    configure(&site, &server, "      workers: 1\n");
    for i in 0..NOTICES {
        notice(&site, i);
    }
    site.build().success();
    deploy(&site, &["deploy"]).success();
    Some((server, site))
}

/// The whole scenario.
pub fn killed_deploy_then_rerun() {
    let Some((server, site)) = deployed_bulk() else {
        return;
    };
    let base = base_path(&site);
    assert_consistent(&server.objects(), &base, "after the first deploy");

    // A new stylesheet changes every page; new notices add pages; some notices go.
    let style = std::fs::read_to_string(repo_root().join("templates/assets/style.css"))
        .expect("the theme's stylesheet");
    site.file(
        "templates/assets/style.css",
        format!("{style}\n/* second deploy */\n"),
    );
    for i in NOTICES..2 * NOTICES {
        notice(&site, i);
    }
    for i in 0..20 {
        site.remove(&format!("content/notices/bulk-{i:04}.md"));
    }
    site.build().success();
    let built = published(&site);
    assert!(
        built.len() > 1000,
        "{} files: listings should need two pages",
        built.len()
    );

    let first = deploy_and_kill(&site, &server, 0.3);
    assert_consistent(
        &server.objects(),
        &base,
        &format!("killed after {first} uploads"),
    );
    let second = deploy_and_kill(&site, &server, 0.6);
    assert_consistent(
        &server.objects(),
        &base,
        &format!("killed again after {second} uploads"),
    );

    let rerun = deploy(&site, &["deploy", "--max-deletes", "100000"]);
    rerun.success();
    assert_same_tree(&built, &site_objects(&server), "the bucket after the rerun");
    assert!(
        deploy(&site, &["deploy"])
            .stdout
            .contains("No changes required")
    );
}

/// New headers, a deploy killed part-way, then the old headers again: the pages the killed
/// deploy sent with the new headers must get the old ones back. On a store that lists
/// ETags the state file finds them (it named both header policies before the first
/// upload; `state_writes` in src/deploy/apply.rs has the unit test); on s3s-fs, which lists
/// none, the HEAD of each page does.
pub fn killed_header_change_then_revert() {
    let Some((server, site)) = deployed_bulk() else {
        return;
    };
    let settings = site.read("data/site.yaml");
    site.file(
        "data/site.yaml",
        format!(
            "{settings}      headers:\n        - pattern: \"**/*.html\"\n          values: {{ Cache-Control: no-cache }}\n"
        ),
    );
    let landed = deploy_and_kill(&site, &server, 0.5);
    site.file("data/site.yaml", settings);
    let rerun = deploy(&site, &["deploy", "-v"]);
    rerun.success();
    assert!(
        uploads(&rerun).len() + 1 >= landed,
        "{landed} pages to restore\n{rerun}"
    );
    for page in site
        .files("public")
        .into_iter()
        .filter(|(k, _)| k != bulletin::output::MARKER)
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_keys()
        .filter(|k| k.ends_with(".html"))
    {
        let cache = head(&site, &page).remove("cache-control");
        assert_eq!(cache.as_deref(), Some("public, max-age=300"), "{page}");
    }
    assert!(
        deploy(&site, &["deploy"])
            .stdout
            .contains("No changes required")
    );
}
