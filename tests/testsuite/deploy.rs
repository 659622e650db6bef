//! `bulletin deploy` against a real S3-compatible server (s3s-fs on 127.0.0.1, started per
//! test, with SigV4 credentials checked): first deploy, redeploys, changed and removed
//! notices, max-deletes, dry runs, headers read back with HEAD, wrong credentials and an
//! unreachable endpoint, and a deploy killed part-way then run again
//! (`support/deploy/kill.rs`).
//!
//! Without s3s-fs the server tests pass and print `SKIPPED deploy tests (…)`; with
//! `CI=true` they fail instead. Tests that need no server always run.

use crate::support::deploy::{
    S3Server, changed, configure, deletes, deploy, deployed, example_on, extra_notice, head,
    published, run, site_objects, uploads,
};
use crate::support::{NOW, SiteTest, assert_same_tree};

const NOTICE: &str = "content/notices/2025-cappvd-call.md";

#[test]
fn first_deploy_publishes_the_site_and_a_second_uploads_nothing() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = example_on(&server, "      prefix: /cappvd\n");
    server.plant("elsewhere/keep.txt", b"not under the prefix");
    let first = deploy(&site, &["deploy"]);
    first.success();
    let public = published(&site);
    assert!(
        first
            .stdout
            .contains(&format!("{} files to upload (", public.len())),
        "{first}"
    );
    let objects = server.objects();
    let published = objects
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("cappvd/")?.to_string(), v.clone())))
        .filter(|(k, _)| k != ".bulletin-deploy.json")
        .collect();
    assert_same_tree(
        &public,
        &published,
        "the bucket under cappvd/ after the first deploy",
    );
    assert_eq!(objects["elsewhere/keep.txt"], b"not under the prefix");

    let second = deploy(&site, &["deploy", "-v"]);
    second.success();
    assert!(second.stdout.contains("No changes required"), "{second}");
    assert!(
        uploads(&second).is_empty() && deletes(&second).is_empty(),
        "{second}"
    );
}

#[test]
fn one_changed_notice_uploads_exactly_the_files_whose_bytes_changed() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = example_on(&server, "");
    deploy(&site, &["deploy"]).success();
    let before = published(&site);
    site.edit(NOTICE, "各有关单位：", "各有关单位（修订）：");
    site.build().success();
    let after = published(&site);
    let expected = changed(&before, &after);
    assert!(expected.contains(&"notices/2025-cappvd-call/index.html".to_string()));
    assert!(expected.len() < after.len() / 2, "{expected:?}");

    let run = deploy(&site, &["deploy", "-v"]);
    run.success();
    let uploaded = uploads(&run);
    assert_eq!(
        uploaded.keys().cloned().collect::<Vec<_>>(),
        expected,
        "{run}"
    );
    assert!(uploaded.values().all(|r| r == "changed content"), "{run}");
    assert!(deletes(&run).is_empty(), "{run}");
    assert_same_tree(
        &after,
        &site_objects(&server),
        "the bucket after the redeploy",
    );
}

#[test]
fn a_removed_notice_is_deleted() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = deployed(&server, &["extra"]);
    let before = published(&site);
    site.remove("content/notices/extra.md");
    site.build().success();
    let after = published(&site);
    let gone: Vec<String> = before
        .keys()
        .filter(|k| !after.contains_key(*k))
        .cloned()
        .collect();
    assert!(
        gone.contains(&"notices/extra/extra.ics".to_string()),
        "{gone:?}"
    );

    let run = deploy(&site, &["deploy", "-v"]);
    run.success();
    assert_eq!(deletes(&run), gone, "{run}");
    assert_eq!(
        uploads(&run).keys().cloned().collect::<Vec<_>>(),
        changed(&before, &after)
    );
    assert_same_tree(
        &after,
        &site_objects(&server),
        "the bucket after the deletion",
    );
}

#[test]
fn more_deletions_than_max_deletes_delete_nothing_and_warn() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = deployed(&server, &["extra-a", "extra-b"]);
    let before = server.objects();
    for slug in ["extra-a", "extra-b"] {
        site.remove(&format!("content/notices/{slug}.md"));
    }
    site.build().success();

    // Each notice leaves its page, its calendar file and its share card.
    let capped = deploy(&site, &["deploy", "--max-deletes", "5"]);
    capped.success();
    assert!(capped.stdout.contains("6 to delete"), "{capped}");
    assert!(
        capped
            .stderr
            .contains("more than --max-deletes 5: nothing was deleted"),
        "{capped}"
    );
    let objects = server.objects();
    for key in ["notices/extra-a/index.html", "notices/extra-b/extra-b.ics"] {
        assert_eq!(objects.get(key), before.get(key), "{key} was deleted");
    }
    assert_eq!(
        objects["index.html"],
        published(&site)["index.html"],
        "uploads still happen"
    );

    deploy(&site, &["deploy", "--max-deletes", "6"]).success();
    assert_same_tree(&published(&site), &site_objects(&server), "after deleting");
}

#[test]
fn a_dry_run_lists_every_action_with_its_reason_and_changes_nothing() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = deployed(&server, &["extra"]);
    site.edit(NOTICE, "各有关单位：", "各有关单位（修订）：");
    site.remove("content/notices/extra.md");
    extra_notice(&site, "fresh");
    site.build().success();
    let before = crate::support::read_tree(server.bucket_dir().parent().expect("the server root"));

    let run = deploy(&site, &["deploy", "--dry-run"]);
    run.success();
    let uploaded = uploads(&run);
    assert_eq!(uploaded["notices/fresh/index.html"], "new", "{run}");
    assert_eq!(
        uploaded["notices/2025-cappvd-call/index.html"], "changed content",
        "{run}"
    );
    assert_eq!(
        deletes(&run),
        [
            "notices/extra/extra.ics",
            "notices/extra/index.html",
            "notices/extra/share.png"
        ],
        "{run}"
    );
    assert!(run.stdout.contains("Dry run: nothing was changed"), "{run}");
    let after = crate::support::read_tree(server.bucket_dir().parent().expect("the server root"));
    assert_same_tree(&before, &after, "the server's files after a dry run");
}

#[test]
fn headers_are_set_by_kind_of_file_and_a_header_change_alone_is_deployed() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let rules = "      gzip: [\"**/*.css\"]\n      headers:\n        - pattern: \"**/*.ics\"\n          \
                 values: { Content-Disposition: attachment }\n";
    let site = example_on(&server, rules);
    deploy(&site, &["deploy"]).success();
    let public = published(&site);
    let css = public
        .keys()
        .find(|k| k.ends_with(".css"))
        .expect("a stylesheet")
        .clone();

    let page = head(&site, "index.html");
    assert_eq!(page["content-type"], "text/html; charset=utf-8");
    assert_eq!(page["cache-control"], "public, max-age=300");
    assert_eq!(page["x-amz-meta-bulletin-md5"].len(), 32);
    let style = head(&site, &css);
    assert_eq!(
        style["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(style["content-encoding"], "gzip");
    assert_eq!(style["content-type"], "text/css; charset=utf-8");
    let mut unzipped = Vec::new();
    let stored = &server.objects()[&css];
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&stored[..]),
        &mut unzipped,
    )
    .expect("the stylesheet is gzip");
    assert_eq!(
        unzipped, public[&css],
        "the compressed stylesheet is the built one"
    );
    let calendar = head(&site, "notices/2025-cappvd-call/2025-cappvd-call.ics");
    assert_eq!(calendar["content-disposition"], "attachment");
    assert_eq!(calendar["content-type"], "text/calendar; charset=utf-8");
    assert_eq!(calendar["cache-control"], "public, max-age=3600");
    assert_eq!(
        head(&site, "search/index.json")["cache-control"],
        "public, max-age=300"
    );

    site.edit("data/site.yaml", "values: { Content-Disposition: attachment }", "values: { Content-Disposition: attachment }\n        - pattern: \"**/*.html\"\n          values: { Cache-Control: no-cache }");
    let run = deploy(&site, &["deploy", "-v"]);
    run.success();
    let pages: Vec<&String> = public.keys().filter(|k| k.ends_with(".html")).collect();
    let uploaded = uploads(&run);
    assert_eq!(uploaded.keys().collect::<Vec<_>>(), pages, "{run}");
    assert!(
        uploaded
            .values()
            .all(|r| r == "changed headers (cache-control)"),
        "{run}"
    );
    assert_eq!(head(&site, "index.html")["cache-control"], "no-cache");
    assert!(
        deploy(&site, &["deploy"])
            .stdout
            .contains("No changes required")
    );
}

#[test]
fn wrong_credentials_fail_with_the_servers_code_and_change_nothing() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = deployed(&server, &["extra"]);
    site.remove("content/notices/extra.md");
    site.build().success();
    let before = server.objects();

    let refused = run(&site, &["deploy", "--yes"], "not-the-secret");
    refused.code(1);
    assert!(
        refused.stderr.contains("SignatureDoesNotMatch"),
        "{refused}"
    );
    assert!(
        refused.stderr.contains("help: check AWS_ACCESS_KEY_ID"),
        "{refused}"
    );
    assert!(!refused.stderr.contains("not-the-secret"), "{refused}");
    assert_eq!(
        refused.stderr.lines().count(),
        2,
        "one line and a hint\n{refused}"
    );
    assert_eq!(server.objects(), before, "nothing may change");
}

#[test]
fn an_unreachable_endpoint_is_a_clear_error() {
    let site = SiteTest::example();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut yaml = site.read("data/site.yaml");
    yaml.push_str(&format!(
        "deploy:\n  targets:\n    - {{ name: gone, endpoint: 'http://127.0.0.1:{port}', bucket: site, path_style: true }}\n"
    ));
    site.file("data/site.yaml", yaml);
    site.build().success();
    let refused = deploy(&site, &["deploy"]);
    refused.code(1);
    assert!(
        refused
            .stderr
            .contains("error: listing s3://site/ failed: cannot reach the endpoint"),
        "{refused}"
    );
    assert!(
        refused.stderr.contains("help: check `endpoint`"),
        "{refused}"
    );
}

#[test]
fn a_secret_in_site_yaml_is_a_located_error_that_does_not_repeat_it() {
    let site = SiteTest::minimal();
    let mut yaml = site.read("data/site.yaml");
    yaml.push_str("deploy:\n  targets:\n    - name: prod\n      endpoint: https://s3.amazonaws.com\n      bucket: site\n      aws_secret_access_key: wJalrXUtnFEMIK7MDENGbPxRfiCY\n");
    site.file("data/site.yaml", yaml);
    for command in [&["deploy"][..], &["build", "--now", NOW][..]] {
        let run = deploy(&site, command);
        run.code(1);
        assert!(
            run.stderr
                .contains("`deploy.targets.0.aws_secret_access_key` holds a credential"),
            "{run}"
        );
        assert!(run.stderr.contains("data/site.yaml:9:30"), "{run}");
        assert!(run.stderr.contains("AWS_SECRET_ACCESS_KEY"), "{run}");
        assert!(!run.stderr.contains("wJalr"), "{run}");
    }
}

#[test]
fn deploy_refuses_a_missing_output_and_builds_first_with_build() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = SiteTest::minimal();
    configure(&site, &server, "");
    let missing = deploy(&site, &["deploy"]);
    missing.code(1);
    assert!(
        missing.stderr.contains("public does not exist"),
        "{missing}"
    );
    assert!(
        missing.stderr.contains("bulletin deploy --build"),
        "{missing}"
    );
    assert!(server.objects().is_empty());
    assert_eq!(
        deploy(&site, &["deploy", "--now", NOW]).code,
        2,
        "--now needs --build"
    );
    deploy(&site, &["deploy", "--build", "--now", NOW]).success();
    assert_same_tree(
        &published(&site),
        &site_objects(&server),
        "after deploy --build",
    );
    assert_eq!(deploy(&site, &["deploy", "--target", "nope"]).code, 2);
}

#[test]
fn a_killed_deploy_leaves_a_consistent_site_and_a_rerun_finishes_it() {
    crate::support::deploy::kill::killed_deploy_then_rerun();
}

#[test]
fn deploy_help_lists_its_options() {
    let site = SiteTest::empty();
    let help = site.run(&["deploy", "--help"]);
    help.success();
    for option in [
        "--target",
        "--dry-run",
        "--force",
        "--max-deletes",
        "--yes",
        "--build",
        "--output",
    ] {
        assert!(
            help.stdout.contains(option),
            "deploy --help lists {option}\n{help}"
        );
    }
    assert!(site.run(&["--help"]).stdout.contains("  deploy "));
}

#[test]
fn a_killed_header_change_is_undone_by_a_rerun_with_the_old_headers() {
    crate::support::deploy::kill::killed_header_change_then_revert();
}
