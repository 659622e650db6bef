//! The rewrite on small bodies, without a site.

use super::dom::parse_fragment;
use super::serialize::to_html;
use super::transform::{ImageRule, LinkRule, Resolve, rewrite};

struct Fake;

impl Resolve for Fake {
    fn link(&self, href: &str) -> LinkRule {
        match href {
            h if h.starts_with('#') => LinkRule::Text,
            h if h.contains("mp.weixin.qq.com") => LinkRule::Keep(h.into()),
            h => LinkRule::Reference(format!("https://example.org{h}")),
        }
    }

    fn term_colon(&self) -> &str {
        "："
    }

    fn image(&self, src: &str) -> ImageRule {
        match src.strip_prefix("/files/") {
            Some(file) => ImageRule::Local {
                file: format!("files/{file}"),
                src: format!("content/files/{file}"),
            },
            None => ImageRule::Remote(src.into()),
        }
    }
}

/// The rewritten HTML without its styles, for short expectations.
fn plain(html: &str) -> String {
    let out = rewrite(parse_fragment(html), &Fake);
    let html = to_html(&out.nodes);
    let mut plain = String::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find(" style=\"") {
        plain.push_str(&rest[..i]);
        let after = &rest[i + 8..];
        rest = &after[after.find('"').map_or(after.len(), |j| j + 1)..];
    }
    plain + rest
}

#[test]
fn lists_below_the_second_level_become_indented_lines() {
    let html = "<ul><li>a<ul><li>b<ol start=\"3\"><li>c<ul><li>d</li></ul></li><li><p>e</p><p>f</p></li></ol></li></ul></li></ul>";
    assert_eq!(
        plain(html),
        "<ul><li>a<ul><li>b<p>3. c</p><p>• d</p><p>4. e<br/>f</p></li></ul></li></ul>"
    );
    let out = to_html(&rewrite(parse_fragment(html), &Fake).nodes);
    assert!(
        out.contains("margin:0 0 .25em 2em;"),
        "the fourth level is indented more: {out}"
    );
}

#[test]
fn links_become_references_numbered_once_per_url() {
    let out = rewrite(
        parse_fragment(
            "<a href=\"/a\">甲</a><a href=\"#x\">乙</a><a href=\"/a\">丙</a><a href=\"https://mp.weixin.qq.com/s/1\">丁</a>",
        ),
        &Fake,
    );
    assert_eq!(
        out.references,
        vec![("甲".to_string(), "https://example.org/a".to_string())]
    );
    let html = to_html(&out.nodes);
    assert_eq!(html.matches("[1]").count(), 2, "{html}");
    assert!(
        html.contains("<a href=\"https://mp.weixin.qq.com/s/1\""),
        "{html}"
    );
    assert!(html.contains("乙"), "{html}");
}

#[test]
fn tables_scroll_cells_keep_alignment_and_classes_ids_and_forms_go() {
    let html = "<table id=\"t\" class=\"c\"><tr><td style=\"text-align: center; position: fixed\" colspan=\"2\" onclick=\"x()\">1</td></tr></table>\
                <ul class=\"checklist\"><li><input type=\"checkbox\" id=\"c1\"><label for=\"c1\">（一）甲</label></li></ul>";
    let out = to_html(&rewrite(parse_fragment(html), &Fake).nodes);
    assert!(
        out.starts_with("<section style=\"overflow-x:auto;"),
        "{out}"
    );
    assert!(
        out.contains("text-align:center;\" colspan=\"2\">1</td>"),
        "{out}"
    );
    for gone in ["id=", "class=", "onclick", "position", "<input", "<label"] {
        assert!(!out.contains(gone), "{gone} in {out}");
    }
    assert!(
        out.contains("list-style:none;"),
        "self-numbered items hide the markers: {out}"
    );
}

#[test]
fn facts_become_paragraphs_and_dated_text_goes() {
    let html = "<dl><div><dt>截止</dt><dd><time>8月31日</time> <span class=\"status status-open\">正在申报</span> <span class=\"days-left\">剩余 9 天</span></dd></div></dl>";
    assert_eq!(
        plain(html),
        "<section><p><strong>截止：</strong>8月31日</p></section>"
    );
}

#[test]
fn images_are_local_or_reported() {
    let out = rewrite(
        parse_fragment("<img src=\"/files/a.png\" alt=\"甲\"><img src=\"https://x.cn/b.png\">"),
        &Fake,
    );
    assert_eq!(out.images, ["files/a.png"]);
    assert_eq!(out.remote, ["https://x.cn/b.png"]);
    assert!(to_html(&out.nodes).starts_with("<img src=\"content/files/a.png\" alt=\"甲\""));
}

#[test]
fn code_blocks_keep_their_whitespace() {
    assert_eq!(
        plain("<pre><code>a\n  b &lt;c&gt;\n</code></pre><p>x\n  y</p>"),
        "<pre>a\n  b &lt;c&gt;\n</pre><p>x y</p>"
    );
}
