//! A small HTML tag scanner for the injection tests: it reads start tags the way a browser
//! tokenizer does (comments, raw-text elements, quoted and unquoted attributes) and reports
//! every tag or attribute that could run script. Text is never inspected: escaped payloads
//! are text.

/// Tags that a payload might smuggle in (allowed only where the theme writes them itself).
const FORBIDDEN_TAGS: [&str; 20] = [
    "iframe", "frame", "frameset", "object", "embed", "svg", "math", "base", "form", "textarea",
    "select", "video", "audio", "source", "marquee", "noscript", "template", "style", "applet",
    "xmp",
];

/// What the theme itself writes, learnt from the pages of a harmless build: those tags and
/// those exact scripts are allowed even where [`FORBIDDEN_TAGS`] lists them (the roster's
/// filter form, the theme's own scripts).
#[derive(Debug, Default)]
pub struct Baseline {
    tags: std::collections::BTreeSet<String>,
    scripts: std::collections::BTreeSet<String>,
}

impl Baseline {
    /// Learns from `pages`.
    pub fn learn<'a>(pages: impl IntoIterator<Item = &'a str>) -> Self {
        let mut baseline = Baseline::default();
        for html in pages {
            for tag in tags(html) {
                if tag.name == "script" {
                    baseline.scripts.insert(script_signature(html, &tag));
                }
                baseline.tags.insert(tag.name);
            }
        }
        baseline
    }
}

/// A script as the theme writes it: its attribute names, the file name of its `src` (the
/// base path differs between sites) and its inline text.
fn script_signature(html: &str, tag: &Tag) -> String {
    let names: Vec<&str> = tag.attrs.iter().map(|(k, _)| k.as_str()).collect();
    let src = tag
        .attrs
        .iter()
        .find(|(k, _)| k == "src")
        .map_or("", |(_, v)| v.rsplit('/').next().unwrap_or(""));
    let after = &html[tag.at..];
    let open_end = after.find('>').map_or(after.len(), |i| i + 1);
    let close = after
        .to_ascii_lowercase()
        .find("</script")
        .unwrap_or(after.len());
    let inline = after.get(open_end..close.max(open_end)).unwrap_or("");
    format!("{names:?}|{src}|{inline}")
}

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: [&str; 8] = [
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "xlink:href",
    "background",
];

/// One start tag.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Byte offset in the page.
    pub at: usize,
}

/// Every start tag of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let at = i + found;
        let rest = &html[at + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            // `<!-->` and `<!--->` close at once, as in browsers.
            let end = if comment.starts_with('>') {
                1
            } else if comment.starts_with("->") {
                2
            } else {
                comment.find("-->").map_or(comment.len(), |e| e + 3)
            };
            i = at + 4 + end;
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            i = at + 1;
            continue;
        }
        let (tag, end) = start_tag(html, at);
        i = end;
        let raw_text = ["script", "style", "title", "textarea", "xmp"];
        if raw_text.contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            let lower = html[i..].to_ascii_lowercase();
            i = lower.find(&close).map_or(bytes.len(), |e| i + e);
        }
        out.push(tag);
    }
    out
}

/// Reads the start tag at `at` (which holds `<`); returns it and the offset after `>`.
fn start_tag(html: &str, at: usize) -> (Tag, usize) {
    let b = html.as_bytes();
    let mut i = at + 1;
    let name_end = i + html[i..]
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(html.len() - i);
    let name = html[i..name_end].to_ascii_lowercase();
    i = name_end;
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (Tag { name, attrs, at }, (i + 1).min(b.len()));
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !b"/>=".contains(&b[i]) {
            i += 1;
        }
        let key = html[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i];
                let end = b[i + 1..]
                    .iter()
                    .position(|c| *c == quote)
                    .map_or(b.len(), |e| i + 1 + e);
                value = html[i + 1..end].to_string();
                i = (end + 1).min(b.len());
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = html[start..i].to_string();
            }
        }
        if key.is_empty() {
            i += 1;
        } else {
            attrs.push((key, value));
        }
    }
}

/// Decodes the character references a browser would decode in an attribute value (enough
/// of them to see a hidden `javascript:`).
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp + 1..];
        let end = tail.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &tail[..e];
            let named = match entity.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            };
            let numeric = entity
                .strip_prefix('#')
                .and_then(|n| match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                });
            named.or_else(|| numeric.and_then(char::from_u32))
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL value runs script or embeds a document: compared the way browsers parse
/// it, after removing whitespace and control characters.
fn is_script_url(value: &str) -> bool {
    let cleaned: String = decode(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

/// Everything in `html` that could run script and that the theme does not write itself,
/// one line each.
pub fn dangerous(html: &str, theme: &Baseline) -> Vec<String> {
    let mut found = Vec::new();
    let mut report = |tag: &Tag, what: String| {
        let mut from = tag.at.saturating_sub(40);
        while !html.is_char_boundary(from) {
            from -= 1;
        }
        let context: String = html[from..].chars().take(160).collect();
        found.push(format!("{what} at byte {}: …{context}…", tag.at));
    };
    let mut bodies = 0;
    for tag in tags(html) {
        let name = tag.name.as_str();
        if FORBIDDEN_TAGS.contains(&name) && !theme.tags.contains(name) {
            report(&tag, format!("<{name}>"));
        }
        if name == "script" && !theme.scripts.contains(&script_signature(html, &tag)) {
            report(&tag, "a <script> that is not the theme's".into());
        }
        if name == "meta" && tag.attrs.iter().any(|(k, _)| k == "http-equiv") {
            report(&tag, "<meta http-equiv>".into());
        }
        if name == "body" {
            bodies += 1;
        }
        for (key, value) in &tag.attrs {
            if key.starts_with("on") || key == "srcdoc" || key == "style" {
                report(&tag, format!("attribute `{key}` on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&key.as_str()) && is_script_url(value) {
                report(&tag, format!("{key}=\"{value}\" on <{name}>"));
            }
        }
    }
    if bodies > 1 {
        found.push(format!("{bodies} <body> tags"));
    }
    found
}

#[test]
fn the_scanner_finds_what_a_browser_would_run() {
    let bad = [
        "<p><img src=x onerror=alert(1)></p>",
        "<a href=\"&#106;avascript:x\">x</a>",
        "<a href=\"java&#x09;script:x\">x</a>",
        "<p title=x><svg/onload=x>",
        "<title></title><script>x</script>",
        "<!--><img src=x onerror=x>-->",
        "<a href=' javascript:x'>x</a>",
    ];
    let theme = Baseline::learn(["<script src=\"/a.js\" defer></script><form></form>"]);
    for html in bad {
        assert!(!dangerous(html, &theme).is_empty(), "{html}");
    }
    assert!(dangerous("<form><script src=\"/a.js\" defer></script>", &theme).is_empty());
    assert!(!dangerous("<script src=\"/b.js\" defer></script>", &theme).is_empty());
    let good = "<title>&lt;script&gt;</title><p title=\"&quot; onerror=&quot;x\">&lt;img&gt;</p>\
                <a href=\"https://example.org/?javascript:\">x</a>";
    assert!(
        dangerous(good, &theme).is_empty(),
        "{:?}",
        dangerous(good, &theme)
    );
}
