//! Crash safety and determinism of the output.
//!
//! A build killed with SIGKILL at any moment leaves `public/` exactly as it was (the new site
//! is written beside it and swapped in with one atomic rename), and the next build removes
//! the staging directories the killed builds left. Builds are byte-identical run to run and
//! whatever the number of threads.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::support::{NOW, SiteTest, assert_same_tree};

/// A site with `count` notices of a few paragraphs each.
fn large_site(count: usize) -> SiteTest {
    let site = SiteTest::minimal();
    // The kills are timed from the first build; drawing a card per notice (cold, then
    // cached) would make that build, and so every wait, many times longer than the rest.
    site.edit(
        "data/site.yaml",
        "publisher: 测试单位",
        "publisher: 测试单位\nshare_images: false",
    );
    for i in 0..count {
        let mut body = String::new();
        for p in 0..6 {
            body.push_str(&format!(
                "## 第{p}部分\n\n第{i}号通知第{p}段：按照“自愿申报、公平公正”的原则开展工作。\n\n"
            ));
        }
        site.file(
            &format!("content/notices/n{i:04}.md"),
            format!(
                "---\ntitle: 第{i}号通知\ndate: 2025-01-{:02} 10:00\ntags: [标签{}]\n---\n\n{body}",
                i % 28 + 1,
                i % 7
            ),
        );
    }
    site
}

fn build_command(site: &SiteTest) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bulletin"));
    command
        .arg("--root")
        .arg(site.root())
        .args(["build", "--now", NOW])
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Staging directories beside the output.
fn staging_dirs(site: &SiteTest) -> Vec<String> {
    std::fs::read_dir(site.root())
        .expect("list the site root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.tmp-"))
        .collect()
}

/// A small deterministic generator (64-bit LCG), so every run kills at the same moments.
struct Lcg(u64);

impl Lcg {
    /// A number in `0.0..1.0`.
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The kill loop's size: in full (3,000 notices, 10 kills) under `CI=true`, briefly
/// otherwise, so that `cargo test` stays quick on a laptop.
fn kill_loop_size() -> (usize, usize) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        (3_000, 10)
    } else {
        (600, 4)
    }
}

#[test]
fn killed_builds_leave_public_intact() {
    let (notices, kills) = kill_loop_size();
    let site = large_site(notices);
    let start = Instant::now();
    let status = build_command(&site).status().expect("run a build");
    assert!(status.success(), "the first build fails");
    let duration = start.elapsed();
    // Two inputs and the sites they make: each round builds the one `public/` does not hold,
    // so a build that got as far as the swap shows.
    let changed = "content/notices/n0000.md";
    let inputs = [
        site.read(changed),
        "---\ntitle: 改过的通知\ndate: 2025-01-01\n---\n\n新的正文。\n".to_string(),
    ];
    site.file(changed, &inputs[1]);
    // A kept name (a host's CNAME) is in every state of public/: it must survive every kill.
    let cname = b"notices.example.org\n".to_vec();
    site.file("public/CNAME", &cname);
    let mut second = complete_site(&site);
    second.insert("CNAME".to_string(), cname);
    let sites = [site.files("public"), second];
    let mut random = Lcg(0x5eed_0007);
    let (mut unchanged, mut swapped, mut left_staging) = (0, 0, 0);
    let mut stale = Vec::new();
    // `public/` holds the first site; the input is the second.
    let mut held = 0;
    for round in 0..kills {
        site.file(changed, &inputs[1 - held]);
        // From early in loading to well past the first build's time: these builds also
        // remove what killed builds left and the replaced site, and run beside other tests.
        let at = duration.mul_f64(0.1 + 2.9 * random.next());
        let mut child = build_command(&site).spawn().expect("start a build");
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL on Unix; the build may already have finished
        let _ = child.wait();
        let now = site.files("public");
        if now == sites[held] {
            unchanged += 1;
        } else {
            // Not the old site: then the whole new one, never a mix.
            assert_same_tree(&sites[1 - held], &now, &format!("kill {round} at {at:?}"));
            swapped += 1;
            held = 1 - held;
        }
        if staging_dirs(&site).iter().any(|d| !stale.contains(d)) {
            left_staging += 1;
        }
        stale = staging_dirs(&site);
    }
    println!(
        "{kills} builds of {notices} notices killed (the first build took {duration:?}): \
         {unchanged} left public/ as it was, {swapped} had swapped in the whole new site; \
         {left_staging} left a staging directory behind"
    );
    // A normal build cleans up what the killed ones left.
    let status = build_command(&site).status().expect("run a build");
    assert!(status.success());
    assert_eq!(staging_dirs(&site), Vec::<String>::new());
}

/// The site as a build that is not interrupted writes it (into another directory).
fn complete_site(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    let status = build_command(site)
        .args(["--output", "complete"])
        .status()
        .expect("run a build");
    assert!(status.success());
    site.files("complete")
}

/// Builds `site` with `RAYON_NUM_THREADS=threads` into `output` (relative to the root).
fn build_with_threads(site: &SiteTest, threads: &str, output: &str) {
    let status = build_command(site)
        .args(["--output", output])
        .env("RAYON_NUM_THREADS", threads)
        .status()
        .expect("run a build");
    assert!(status.success(), "the build with {threads} threads fails");
}

#[test]
fn builds_are_byte_identical_across_runs_and_thread_counts() {
    let site = large_site(300);
    build_with_threads(&site, "4", "a");
    build_with_threads(&site, "4", "b");
    build_with_threads(&site, "1", "c");
    let a = site.files("a");
    assert!(a.len() > 300, "only {} files", a.len());
    assert_same_tree(&a, &site.files("b"), "two builds");
    assert_same_tree(&a, &site.files("c"), "1 thread and 4 threads");
}

#[test]
fn a_stale_staging_directory_does_not_reach_the_output() {
    let site = SiteTest::example();
    site.build().success();
    let before = site.files("public");
    // What a build killed while writing leaves: a partial site beside the output.
    site.file(".public.tmp-killed/index.html", "<p>half a site</p>");
    site.build().success();
    assert_same_tree(&before, &site.files("public"), "public/");
    assert_eq!(staging_dirs(&site), Vec::<String>::new());
}
