//! Writing [`Node`]s back as HTML. Void elements are self-closed (`<br/>`), so the export is
//! well-formed XML as well as HTML: any XML reader can check it.

use super::dom::Node;

/// Elements that have no end tag.
const VOID: [&str; 3] = ["br", "hr", "img"];

/// `nodes` as HTML.
pub fn to_html(nodes: &[Node]) -> String {
    let mut out = String::new();
    write(nodes, &mut out);
    out
}

fn write(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => escape(text, false, out),
            Node::Element(e) => {
                out.push('<');
                out.push_str(&e.name);
                for (name, value) in &e.attrs {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    escape(value, true, out);
                    out.push('"');
                }
                if VOID.contains(&e.name.as_str()) {
                    out.push_str("/>");
                    continue;
                }
                out.push('>');
                write(&e.children, out);
                out.push_str("</");
                out.push_str(&e.name);
                out.push('>');
            }
        }
    }
}

/// Escapes text (`&`, `<`, `>`) or an attribute value (and `"`).
pub fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped for an attribute value or element content.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(text, true, &mut out);
    out
}
