//! Drafts, scheduled publishing and expiry, all relative to `--now`: a table of cases.

use crate::support::SiteTest;

/// What a notice should look like in the output at a given `--now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Not in the output.
    Absent,
    /// Published and current.
    Published,
    /// Published, in the archive marked 已过期.
    Expired,
}

struct Case {
    front: &'static str,
    now: &'static str,
    drafts: bool,
    expect: Expect,
}

const CASES: &[Case] = &[
    Case {
        front: "",
        now: "2025-03-01",
        drafts: false,
        expect: Expect::Published,
    },
    Case {
        front: "draft: true",
        now: "2025-03-01",
        drafts: false,
        expect: Expect::Absent,
    },
    Case {
        front: "draft: true",
        now: "2025-03-01",
        drafts: true,
        expect: Expect::Published,
    },
    Case {
        front: "publish_at: 2025-03-02",
        now: "2025-03-01",
        drafts: false,
        expect: Expect::Absent,
    },
    Case {
        front: "publish_at: 2025-03-02",
        now: "2025-03-02",
        drafts: false,
        expect: Expect::Published,
    },
    Case {
        front: "publish_at: 2025-03-01 09:00",
        now: "2025-03-01T08:59",
        drafts: false,
        expect: Expect::Absent,
    },
    Case {
        front: "publish_at: 2025-03-01 09:00",
        now: "2025-03-01T09:00",
        drafts: false,
        expect: Expect::Published,
    },
    Case {
        front: "publish_at: 2025-03-01T01:00:00Z",
        now: "2025-03-01T08:59",
        drafts: false,
        expect: Expect::Absent,
    },
    Case {
        front: "publish_at: 2025-03-01T01:00:00Z",
        now: "2025-03-01T09:00:00+08:00",
        drafts: false,
        expect: Expect::Published,
    },
    Case {
        front: "expire_at: 2025-06-30",
        now: "2025-06-29",
        drafts: false,
        expect: Expect::Published,
    },
    Case {
        front: "expire_at: 2025-06-30",
        now: "2025-06-30",
        drafts: false,
        expect: Expect::Expired,
    },
    Case {
        front: "expire_at: 2025-06-30",
        now: "2026-01-01",
        drafts: false,
        expect: Expect::Expired,
    },
    Case {
        front: "draft: true\npublish_at: 2025-03-02",
        now: "2025-03-05",
        drafts: false,
        expect: Expect::Absent,
    },
];

fn notice(front: &str) -> String {
    format!("---\ntitle: 排期通知\ndate: 2025-01-01 09:00\n{front}\n---\n正文。\n")
}

#[test]
fn scheduling_follows_now() {
    for case in CASES {
        let site = SiteTest::minimal();
        site.file("content/notices/scheduled.md", notice(case.front));
        let mut args = vec!["build", "--now", case.now];
        if case.drafts {
            args.push("--drafts");
        }
        site.run(&args).success();
        let page = site.path("public/notices/scheduled/index.html");
        let list = site.read("public/notices/index.html");
        let actual = if !page.exists() {
            assert!(
                !list.contains("排期通知"),
                "{:?} at {}: absent from the list too",
                case.front,
                case.now
            );
            Expect::Absent
        } else if std::fs::read_to_string(&page).unwrap().contains("已过期") {
            assert!(
                list.contains("is-expired"),
                "{:?} at {}: marked in the list",
                case.front,
                case.now
            );
            Expect::Expired
        } else {
            assert!(list.contains("排期通知"));
            Expect::Published
        };
        assert_eq!(
            actual, case.expect,
            "front matter {:?} at --now {} (drafts: {})",
            case.front, case.now, case.drafts
        );
    }
}

#[test]
fn check_lists_scheduled_notices() {
    let site = SiteTest::minimal();
    site.file(
        "content/notices/scheduled.md",
        notice("publish_at: 2025-04-01 10:00"),
    );
    let run = site.run(&["check", "--now", "2025-03-01"]);
    run.success();
    assert!(
        run.stdout
            .contains("scheduled: content/notices/scheduled.md publishes at 2025-04-01 10:00"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_warns_about_passed_deadlines_and_can_deny_warnings() {
    let site = SiteTest::minimal();
    site.file("content/notices/call.md", notice("deadline: 2025-02-01"));
    let run = site.run(&["check", "--now", "2025-03-01"]);
    run.success();
    assert!(run.stderr.contains("has passed"), "{}", run.stderr);
    site.run(&["check", "--now", "2025-03-01", "--deny-warnings"])
        .code(1);
    let json = site.run(&["check", "--now", "2025-03-01", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["warnings"], 1);
    assert_eq!(report["files"][0]["file"], "content/notices/call.md");
}
