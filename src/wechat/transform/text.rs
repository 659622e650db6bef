//! Whitespace and cell alignment: the small text rules of the rewrite.

use super::super::dom::Node;

/// Removes the whitespace at the start of the first text and the end of the last (after
/// joining neighbouring texts, which dropped elements leave behind).
pub(super) fn trim_edges(nodes: &mut Vec<Node>) {
    let mut joined: Vec<Node> = Vec::with_capacity(nodes.len());
    for node in nodes.drain(..) {
        match (joined.last_mut(), node) {
            (Some(Node::Text(last)), Node::Text(t)) => last.push_str(&t),
            (_, node) => joined.push(node),
        }
    }
    if let Some(Node::Text(t)) = joined.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Node::Text(t)) = joined.last_mut() {
        *t = t.trim_end().to_string();
    }
    joined.retain(|n| !matches!(n, Node::Text(t) if t.is_empty()));
    *nodes = joined;
}

/// The `text-align` of a cell's style (Markdown's column alignment), if it is a valid one.
pub(super) fn alignment(style: &str) -> Option<&'static str> {
    let value = style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .find(|(p, _)| p.trim().eq_ignore_ascii_case("text-align"))?
        .1
        .trim()
        .to_ascii_lowercase();
    ["left", "center", "right"]
        .into_iter()
        .find(|a| *a == value)
}

/// Whitespace runs that hold a line break become one space, as browsers show them; other
/// text is kept as it is.
pub(super) fn collapse(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            out.push_str(if run.contains('\n') { " " } else { &run });
            run.clear();
        }
        out.push(c);
    }
    if !run.is_empty() {
        out.push_str(if run.contains('\n') { " " } else { &run });
    }
    out
}
