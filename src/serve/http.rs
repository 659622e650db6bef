//! Answering HTTP requests from the in-memory site: the one place that maps a request path
//! to an output file. Only paths that are keys of the output map can be served, so nothing
//! outside the output is ever read; `..` and encoded traversal are refused outright.

use std::io::{Cursor, Read};

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Request, Response, StatusCode};

use crate::output::{OutputFile, content_type};
use crate::pipeline::Outputs;

/// The path of the live-reload event stream.
pub const EVENTS_PATH: &str = "/__bulletin/events";

/// What is being served: the last good site and, after a failed rebuild, its errors.
#[derive(Default)]
pub struct Snapshot {
    /// Output files by path inside the output (`notices/x/index.html`).
    pub files: Outputs,
    /// The located errors of the last build, shown as an overlay while they last.
    pub error: Option<String>,
}

/// What to answer.
pub enum Answer {
    /// A file, with its content type.
    File {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
    /// A redirect to the directory form of a path.
    Redirect(String),
    /// A refused request.
    Refused(u16, &'static str),
}

/// Decides the answer for a request path (query and fragment are ignored).
pub fn answer(snapshot: &Snapshot, raw_path: &str) -> Answer {
    let path = raw_path.split(['?', '#']).next().unwrap_or("/");
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Answer::Refused(400, "bad request: the path is not UTF-8");
    };
    if !decoded.starts_with('/')
        || decoded.contains('\0')
        || decoded.contains('\\')
        || decoded.split('/').any(|part| part == ".." || part == ".")
    {
        return Answer::Refused(403, "forbidden");
    }
    let mut key = decoded.trim_start_matches('/').to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if let Some(file) = snapshot.files.get(&key) {
        return Answer::File {
            status: 200,
            content_type: content_type(&key),
            body: inject(snapshot, &key, read(file)),
        };
    }
    if snapshot.files.contains(&format!("{key}/index.html")) {
        return Answer::Redirect(format!("{decoded}/"));
    }
    let body = snapshot
        .files
        .get("404.html")
        .map(|f| read(f))
        .unwrap_or_else(|| b"<!doctype html><title>404</title><h1>404</h1>".to_vec());
    Answer::File {
        status: 404,
        content_type: content_type("404.html"),
        body: inject(snapshot, "404.html", body),
    }
}

fn read(file: &OutputFile) -> Vec<u8> {
    file.contents
        .read()
        .map(std::borrow::Cow::into_owned)
        .unwrap_or_default()
}

/// The live-reload script, and the error overlay while a build is failing. Only `serve`
/// adds them; `build` output never contains them.
fn inject(snapshot: &Snapshot, key: &str, body: Vec<u8>) -> Vec<u8> {
    if !key.ends_with(".html") {
        return body;
    }
    let mut extra = format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS_PATH}\");s.onmessage=function(){{location.reload()}};}})();</script>"
    );
    if let Some(error) = &snapshot.error {
        extra.push_str(&format!(
            "<div id=\"bulletin-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:1.5em;font:14px/1.5 monospace\"><h2 style=\"color:#ff8a80;margin-top:0\">构建失败 Build failed</h2><pre style=\"white-space:pre-wrap\">{}</pre><p>The last good version of the site is still served. Fix the file and save: this page reloads.</p></div>",
            crate::content::markdown::escape(error)
        ));
    }
    let text = String::from_utf8_lossy(&body);
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

/// Sends `answer` for `request`.
pub fn respond(request: Request, answer: Answer) -> std::io::Result<()> {
    let header = |name: &str, value: &str| {
        Header::from_bytes(name.as_bytes(), value.as_bytes())
            .expect("static header names are valid")
    };
    let response = match answer {
        Answer::File {
            status,
            content_type,
            body,
        } => {
            let len = body.len();
            Response::new(
                StatusCode(status),
                vec![
                    header("Content-Type", &content_type),
                    header("Cache-Control", "no-store"),
                ],
                Box::new(Cursor::new(body)) as Box<dyn Read + Send>,
                Some(len),
                None,
            )
        }
        Answer::Redirect(location) => Response::new(
            StatusCode(301),
            vec![header("Location", &location)],
            Box::new(std::io::empty()) as Box<dyn Read + Send>,
            Some(0),
            None,
        ),
        Answer::Refused(status, message) => {
            let body = message.as_bytes().to_vec();
            let len = body.len();
            Response::new(
                StatusCode(status),
                vec![header("Content-Type", "text/plain; charset=utf-8")],
                Box::new(Cursor::new(body)) as Box<dyn Read + Send>,
                Some(len),
                None,
            )
        }
    };
    request.respond(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let files = Outputs::from_files(
            [
                ("index.html", "<html><body>home</body></html>"),
                ("notices/a/index.html", "<body>a</body>"),
                ("404.html", "<body>missing</body>"),
            ]
            .map(|(path, text)| OutputFile::bytes(path, text.as_bytes().to_vec())),
        );
        Snapshot { files, error: None }
    }

    #[test]
    fn serves_index_redirects_and_404() {
        let s = snapshot();
        assert!(matches!(answer(&s, "/"), Answer::File { status: 200, .. }));
        assert!(matches!(answer(&s, "/notices/a"), Answer::Redirect(ref l) if l == "/notices/a/"));
        assert!(matches!(
            answer(&s, "/nope"),
            Answer::File { status: 404, .. }
        ));
    }

    #[test]
    fn refuses_traversal() {
        let s = snapshot();
        for path in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/notices/..%2f..%2fx",
            "/a%5c..%5cb",
            "/%00",
        ] {
            assert!(matches!(answer(&s, path), Answer::Refused(..)), "{path}");
        }
    }

    #[test]
    fn content_types_carry_charset() {
        assert_eq!(content_type("a.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("a.vcf"), "text/vcard; charset=utf-8");
        assert_eq!(content_type("a.json"), "application/json; charset=utf-8");
        assert_eq!(content_type("a.webp"), "image/webp");
        assert_eq!(content_type("a.csv"), "text/csv; charset=utf-8");
    }

    #[test]
    fn injects_reload_and_overlay_into_html_only() {
        let mut s = snapshot();
        s.error = Some("error: <bad>".into());
        let Answer::File { body, .. } = answer(&s, "/") else {
            panic!()
        };
        let html = String::from_utf8(body).unwrap();
        assert!(html.contains("EventSource"));
        assert!(html.contains("bulletin-error-overlay"));
        assert!(html.contains("&lt;bad&gt;"));
        assert!(html.ends_with("</body></html>"));
    }
}
