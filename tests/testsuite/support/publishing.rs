//! Helpers for tests/testsuite/publishing.rs: a tiny XML tree, link resolution under a sub-path, a
//! search client that reads the built index the way search.js does, and line checks for
//! iCalendar and vCard files.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{SiteTest, read_tree};

/// A tiny XML tree for assertions.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    #[track_caller]
    pub fn one(&self, name: &str) -> &Element {
        let found = self.all(name);
        assert_eq!(
            found.len(),
            1,
            "<{}> has {} <{name}>",
            self.name,
            found.len()
        );
        found[0]
    }
}

/// Parses `xml`, panicking on anything that is not well-formed.
pub fn parse_xml(xml: &str) -> Element {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack = vec![Element::default()];
    let open = |e: &quick_xml::events::BytesStart| Element {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let key = a.key.as_ref().to_string();
                let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0);
                (key, value.expect("attribute value").into_owned())
            })
            .collect(),
        ..Element::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(open(&e)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t),
            Event::GeneralRef(r) => {
                let c = match &*r {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => r.resolve_char_ref().ok().flatten().expect("known entity"),
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    stack.pop().unwrap().children.pop().expect("a root element")
}

pub fn percent_encode(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Where `url` (as written in `page`, an output path) points inside the output, or `None`
/// for links that leave the site. Panics on a link outside `prefix`.
pub fn target(url: &str, page: &str, prefix: &str, origin: &str) -> Option<String> {
    let url = url.replace("&amp;", "&");
    if url.starts_with("mailto:") || url.starts_with("tel:") || url.starts_with('#') {
        return None;
    }
    let path = if let Some(rest) = url.strip_prefix(origin) {
        rest.to_string()
    } else if url.starts_with("http://") || url.starts_with("https://") {
        assert!(
            !url.contains("example.org"),
            "{url} in {page} misses the sub-path"
        );
        return None;
    } else if url.starts_with('/') {
        url
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{prefix}{dir}/{url}")
    };
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let inside = path
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{path} (in {page}) is not under {prefix}"));
    let mut decoded = percent_decode(inside);
    if decoded.is_empty() || decoded.ends_with('/') {
        decoded.push_str("index.html");
    }
    Some(decoded)
}

pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(Ok(b)) = text.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 path")
}

/// The values of `attr="…"` in `html`.
pub fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The URLs of the documents that match every term of `query`, best first, read from the
/// built files the way search.js reads them.
pub fn search(public: &Path, query: &str) -> Vec<String> {
    struct Disk<'a>(&'a Path);
    impl bulletin::search::Files for Disk<'_> {
        fn read(&self, path: &str) -> Option<String> {
            std::fs::read_to_string(self.0.join("search").join(path)).ok()
        }
    }
    let disk = Disk(public);
    let manifest: serde_json::Value =
        serde_json::from_str(&bulletin::search::Files::read(&disk, "index.json").unwrap()).unwrap();
    let per = manifest["per_file"].as_u64().unwrap() as usize;
    bulletin::search::matches(query, &disk)
        .into_iter()
        .map(|n| {
            let file: serde_json::Value = serde_json::from_str(
                &bulletin::search::Files::read(&disk, &format!("d/{}.json", n / per)).unwrap(),
            )
            .unwrap();
            file[n % per]["u"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Runs `templates/assets/search.js` in Node on the site built in `public` (base path
/// `/cappvd/`) for each query: one JSON value `{query, status, urls}` each, or `None`
/// when Node is not installed.
pub fn search_script(public: &Path, queries: &[&str]) -> Option<Vec<serde_json::Value>> {
    let node = std::process::Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: `node` is not installed, search.js was not run");
        return None;
    }
    let repo = crate::support::repo_root();
    let output = std::process::Command::new("node")
        .arg(repo.join("tests/testsuite/support/search_harness.js"))
        .arg(repo.join("templates/assets/search.js"))
        .arg(public)
        .arg("/cappvd/")
        .args(queries)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), queries.len(), "{stdout}");
    Some(lines)
}

/// Unfolds iCalendar/vCard lines after checking CRLF endings and the 75-octet limit.
#[track_caller]
pub fn unfold(text: &str) -> String {
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break"
        );
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    text.replace("\r\n ", "")
}

/// A second notice with a Chinese slug, no description, and XML-special characters.
const SECOND: &str = "---\ntitle: 关于A&B <测试> 的通知\ndate: 2025-02-10 09:00\nupdated: 2025-02-12\ntags: [测试]\n---\n\n各有关单位：\n\n这是一则用于测试订阅与站点地图的通知。\n";

pub fn example_with_second() -> SiteTest {
    let site = SiteTest::example();
    site.file("content/notices/测试通知.md", SECOND);
    site
}

/// The URL (under `base`) of every HTML page of `public`, but the 404 page.
pub fn html_pages(site: &SiteTest, base: &str) -> Vec<String> {
    read_tree(&site.path("public"))
        .into_keys()
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .map(|p| {
            let dir = p.strip_suffix("index.html").unwrap_or(&p);
            format!("{base}{}", percent_encode(dir))
        })
        .collect()
}

/// The fingerprinted stylesheet's name, checking the HTML links it.
#[track_caller]
pub fn stylesheet(site: &SiteTest) -> String {
    let names: Vec<String> = read_tree(&site.path("public/assets"))
        .into_keys()
        .filter(|n| n.starts_with("style.") && n.ends_with(".css"))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let name = names[0].clone();
    let hash = &name["style.".len()..name.len() - ".css".len()];
    assert!(
        hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{name}"
    );
    let home = site.read("public/index.html");
    assert!(
        home.contains(&format!("href=\"/cappvd/assets/{name}\"")),
        "{name}"
    );
    name
}
