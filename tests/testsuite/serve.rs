//! `bulletin serve` over real HTTP on 127.0.0.1: pages, MIME types, 404, traversal refused,
//! live reload after an edit, the error overlay after a broken edit, and recovery.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::SiteTest;

const NOTICE: &str = "content/notices/2025-cappvd-call.md";

/// A running `serve`, killed when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` the way people do: from the site's own folder, with the default root.
pub(crate) fn start(site: &SiteTest) -> Server {
    start_in(site.root(), None)
}

/// Starts `serve` in `dir`, with `--root root` when given.
fn start_in(dir: &Path, root: Option<&str>) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bulletin"));
    if let Some(root) = root {
        command.args(["--root", root]);
    }
    let mut child = command
        .args(["serve", "--port", "0", "--now", crate::support::NOW])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("serve prints its address");
    let port = line
        .rsplit("127.0.0.1:")
        .next()
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Server { child, port }
}

/// A raw HTTP/1.1 GET: (status, headers, body). The path is sent as is (no normalisation).
pub(crate) fn get(port: u16, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}

/// Polls `path` until its body satisfies `ok`, or fails after a few seconds.
fn eventually(port: u16, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, _, body) = get(port, path);
        if ok(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {path}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_pages_with_types_index_and_404() {
    let site = SiteTest::example();
    let server = start(&site);
    let (status, head, body) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(body.contains("lang=\"zh-CN\""));
    assert!(
        body.contains("EventSource"),
        "serve injects the reload script"
    );
    let (status, head, _) = get(server.port, "/notices/2025-cappvd-call");
    assert_eq!(status, 301);
    assert!(head.contains("location: /notices/2025-cappvd-call/"));
    // The stylesheet's name carries its content hash; the page links it.
    let css = body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|u| u.starts_with("/assets/style.") && u.ends_with(".css"))
        .expect("the page links its stylesheet");
    let (status, head, _) = get(server.port, css);
    assert_eq!(status, 200);
    assert!(head.contains("text/css; charset=utf-8"));
    let (status, _, body) = get(server.port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("页面未找到") || body.contains("404"));
}

#[test]
fn refuses_traversal() {
    let site = SiteTest::example();
    site.file("secret.txt", "SECRET");
    let server = start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/notices/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
    ] {
        let (status, _, body) = get(server.port, path);
        assert!(
            status == 403 || status == 400 || status == 404,
            "{path}: {status}"
        );
        assert!(
            !body.contains("SECRET"),
            "{path} leaked a file outside the output"
        );
    }
}

#[test]
fn edits_reload_and_errors_overlay() {
    let site = SiteTest::example();
    let server = start(&site);
    // Listen for reload events.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        events,
        "GET /__bulletin/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.contains("200"), "{line}");
    let next_event = |reader: &mut BufReader<TcpStream>| loop {
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .expect("an event before the timeout");
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim().to_string();
        }
    };

    let page = "/notices/2025-cappvd-call/";
    site.edit(NOTICE, "2025年，特设组将继续", "2025年，特设组将再次");
    assert_eq!(next_event(&mut reader), "reload");
    eventually(server.port, page, |b| b.contains("特设组将再次"));

    site.edit(NOTICE, "title: 关于", "titel: 关于");
    assert_eq!(next_event(&mut reader), "error");
    let body = eventually(server.port, page, |b| b.contains("bulletin-error-overlay"));
    assert!(body.contains("titel"), "the overlay names the problem");
    assert!(
        body.contains("特设组将再次"),
        "the last good page is still served"
    );

    site.edit(NOTICE, "titel: 关于", "title: 关于");
    assert_eq!(next_event(&mut reader), "reload");
    eventually(server.port, page, |b| !b.contains("bulletin-error-overlay"));
}

#[test]
fn data_and_template_edits_rebuild_with_the_default_root() {
    let site = SiteTest::example();
    let server = start(&site);
    site.edit("data/contacts.yaml", "秦晓磊", "秦晓明");
    eventually(server.port, "/contacts/", |b| b.contains("秦晓明"));
    site.file(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>换了模板</p>{% endblock content %}",
    );
    eventually(server.port, "/404.html", |b| b.contains("换了模板"));
    let (_, _, page) = get(server.port, "/");
    let css = stylesheet(&page);
    site.file("templates/assets/style.css", "body { color: #123456 }");
    // The watcher may see the save half-written first: wait for the page whose new
    // stylesheet has the whole edit.
    eventually(server.port, "/", |b| {
        let new = stylesheet(b);
        new != css && get(server.port, &new).2.contains("#123456")
    });
}

/// The fingerprinted stylesheet a page links to.
fn stylesheet(page: &str) -> String {
    page.split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|u| u.starts_with("/assets/style."))
        .expect("a stylesheet link")
        .to_string()
}

/// Every way of naming the site directory: a save is seen and the page rebuilt.
#[test]
fn every_form_of_root_rebuilds() {
    let dir = SiteTest::empty();
    dir.file("x/.keep", "");
    for entry in walkdir::WalkDir::new(crate::support::repo_root().join("content"))
        .into_iter()
        .chain(walkdir::WalkDir::new(
            crate::support::repo_root().join("data"),
        ))
    {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(crate::support::repo_root())
                .unwrap();
            dir.file(
                &format!("site/{}", relative.display()),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path("site"), dir.path("link")).unwrap();
    let absolute = dir.path("site").display().to_string();
    let link = dir.path("link").display().to_string();
    let cases: Vec<(&str, std::path::PathBuf, Option<&str>)> = vec![
        ("the default root", dir.path("site"), None),
        ("`.`", dir.path("site"), Some(".")),
        ("`site`", dir.root().to_path_buf(), Some("site")),
        ("`./site/`", dir.root().to_path_buf(), Some("./site/")),
        ("`../site`", dir.path("x"), Some("../site")),
        ("an absolute path", dir.path("x"), Some(&absolute)),
        ("a symbolic link", dir.path("x"), Some(&link)),
    ];
    let page = "/notices/2025-cappvd-call/";
    for (i, (what, cwd, root)) in cases.into_iter().enumerate() {
        let server = start_in(&cwd, root);
        let marker = format!("标记{i}号");
        let notice = format!("site/{NOTICE}");
        let text = dir.read(&notice);
        let previous = if i == 0 {
            "特设组将继续".to_string()
        } else {
            format!("标记{}号", i - 1)
        };
        assert!(text.contains(&previous), "{what}");
        dir.file(&notice, text.replacen(&previous, &marker, 1));
        let start = Instant::now();
        loop {
            if get(server.port, page).2.contains(&marker) {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "serve with {what} did not rebuild the edited notice"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let site = SiteTest::example();
    site.build().success();
    for (path, bytes) in site.files("public") {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                !html.contains("EventSource") && !html.contains("__bulletin"),
                "{path}"
            );
        }
    }
}
