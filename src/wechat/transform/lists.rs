//! Lists as the article keeps them: at most two levels (deeper items flattened into
//! their level-two item) and no markers of their own when the items number themselves.

use super::super::dom::{Element, Node, text_of};
use super::{Scope, State, text, with_style};

impl State<'_> {
    /// A list below the second level, as paragraphs with their own markers, indented by
    /// `level` (1 for the third level).
    pub(super) fn flatten(&mut self, list: Element, scope: Scope, level: usize) -> Vec<Node> {
        let ordered = list.name == "ol";
        let mut number: i64 = list.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1);
        let mut out = Vec::new();
        for item in list.children {
            let Node::Element(item) = item else { continue };
            if item.name != "li" {
                continue;
            }
            let marker = if ordered {
                format!("{number}. ")
            } else {
                "• ".to_string()
            };
            number += 1;
            let mut line = vec![text(&marker)];
            let mut nested = Vec::new();
            for child in item.children {
                match child {
                    Node::Element(sub) if sub.name == "ul" || sub.name == "ol" => {
                        nested.extend(self.flatten(sub, scope, level + 1));
                    }
                    // A loose list's paragraphs become lines of the one item.
                    Node::Element(p) if p.name == "p" => {
                        if line.len() > 1 {
                            line.push(Node::Element(Element::new("br", Vec::new())));
                        }
                        line.extend(self.children(p.children, scope, "p"));
                    }
                    other => line.extend(self.children(vec![other], scope, "p")),
                }
            }
            let style = format!("margin:0 0 .25em {level}em;");
            out.push(with_style("p", &style, line));
            out.extend(nested);
        }
        out
    }
}

/// Whether every item of a list starts with its own number (（一）, (1), 1., 一、): the
/// list's markers would number it twice, so they are hidden.
pub(super) fn self_numbered(items: &[Node]) -> bool {
    let mut any = false;
    for item in items {
        let Node::Element(li) = item else { continue };
        let text = text_of(&li.children);
        let text = text.trim_start();
        let head: String = text.chars().take(6).collect();
        let numbered = (head.starts_with('（') && head.contains('）'))
            || (head.starts_with('(') && head.contains(')'))
            || head
                .split_once(['、', '.', '．'])
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(is_numeral));
        if !numbered {
            return false;
        }
        any = true;
    }
    any
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十百".contains(c)
}
