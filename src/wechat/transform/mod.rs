//! Rewriting a rendered body into the form the WeChat editor keeps: one inline style per
//! element (no classes, ids or event handlers), external links as numbered references,
//! in-page anchors unwrapped, tables in a scrolling section, lists at most two levels deep,
//! interactive parts of shortcodes (checkboxes) made static, images local.

mod lists;
mod text;

use super::dom::{Element, Node, text_of};
use super::styles;
use lists::self_numbered;
use text::{alignment, collapse, trim_edges};

/// What becomes of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRule {
    /// Stays a link (articles on mp.weixin.qq.com).
    Keep(String),
    /// Becomes its text and a numbered reference to this absolute URL.
    Reference(String),
    /// Becomes its text (in-page anchors, `mailto:` and `tel:`, whose text shows the
    /// address already).
    Text,
}

/// What becomes of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageRule {
    /// A file under `content/` (its path there) shown from `src`.
    Local { file: String, src: String },
    /// Not a file of the site: an error, and the image is left out.
    Remote(String),
}

/// How the rewrite resolves the site's links and images.
pub trait Resolve {
    /// The rule for a link to `href` (as written in the rendered body).
    fn link(&self, href: &str) -> LinkRule;
    /// The rule for an image at `src` (as written in the rendered body).
    fn image(&self, src: &str) -> ImageRule;
    /// What follows a definition term (`申报网址：`), in the document's language.
    fn term_colon(&self) -> &str;
}

/// The most list levels the article keeps; deeper items are flattened into their
/// level-two item as indented paragraphs.
pub const MAX_LIST_DEPTH: usize = 2;

/// Elements left out with everything in them: scripts, styles, forms and their controls
/// (a shortcode's checkboxes), embedded content the editor drops.
const DROPPED: [&str; 22] = [
    "script", "style", "link", "meta", "base", "title", "head", "noscript", "template", "input",
    "button", "select", "textarea", "form", "iframe", "frame", "object", "embed", "svg", "math",
    "canvas", "audio",
];

/// Theme classes of text that is only true on the day the article is made (a deadline's
/// 正在申报 and 剩余 N 天): a published article cannot update them, so they are left out.
const DATED_CLASSES: [&str; 2] = ["status", "days-left"];

/// Containers whose whitespace-only text is layout, not content.
const BLOCKS: [&str; 11] = [
    "section",
    "ul",
    "ol",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "blockquote",
    "figure",
    "dl",
];

/// Elements that make the item holding them a block.
const BLOCK_CHILDREN: [&str; 10] = [
    "p",
    "ul",
    "ol",
    "div",
    "section",
    "table",
    "blockquote",
    "pre",
    "h3",
    "h4",
];

/// Elements whose leading and trailing whitespace is not shown.
const TRIMMED: [&str; 9] = ["p", "li", "h1", "h2", "h3", "h4", "td", "th", "figcaption"];

/// The rewritten article body.
#[derive(Debug, Default)]
pub struct Rewritten {
    /// The rewritten nodes.
    pub nodes: Vec<Node>,
    /// Numbered references, in order: (link text, URL).
    pub references: Vec<(String, String)>,
    /// Local images (paths under `content/`), in order, each once.
    pub images: Vec<String>,
    /// Remote images found, in order.
    pub remote: Vec<String>,
}

/// Rewrites `nodes` with `resolve`.
pub fn rewrite(nodes: Vec<Node>, resolve: &dyn Resolve) -> Rewritten {
    let mut state = State {
        resolve,
        out: Rewritten::default(),
    };
    let nodes = state.children(nodes, Scope::default(), "section");
    state.out.nodes = nodes;
    state.out
}

/// Where in the tree a node is.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Scope {
    /// How many lists enclose it.
    lists: usize,
    /// Inside `<pre>`: whitespace is content.
    pre: bool,
}

pub(super) struct State<'r> {
    resolve: &'r dyn Resolve,
    out: Rewritten,
}

/// An element with an inline style (when the table has one for it).
fn styled(name: &str, children: Vec<Node>) -> Element {
    let mut element = Element::new(name, children);
    if let Some(style) = styles::of(name) {
        element.attrs.push(("style".into(), style.into()));
    }
    element
}

pub(super) fn with_style(name: &str, style: &str, children: Vec<Node>) -> Node {
    let mut element = Element::new(name, children);
    element.attrs.push(("style".into(), style.into()));
    Node::Element(element)
}

pub(super) fn text(t: &str) -> Node {
    Node::Text(t.to_string())
}

impl State<'_> {
    pub(super) fn children(&mut self, nodes: Vec<Node>, scope: Scope, parent: &str) -> Vec<Node> {
        // An item that holds paragraphs or lists is a block too.
        let block = BLOCKS.contains(&parent)
            || (parent == "li"
                && nodes.iter().any(
                    |n| matches!(n, Node::Element(e) if BLOCK_CHILDREN.contains(&e.name.as_str())),
                ));
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            match node {
                Node::Text(t) if scope.pre => out.push(Node::Text(t)),
                Node::Text(t) if t.trim().is_empty() && block => {}
                Node::Text(t) => out.push(Node::Text(collapse(&t))),
                Node::Element(e) => out.extend(self.element(e, scope)),
            }
        }
        if !scope.pre && TRIMMED.contains(&parent) {
            trim_edges(&mut out);
        }
        out
    }

    fn element(&mut self, e: Element, scope: Scope) -> Vec<Node> {
        let name_owned = e.name.clone();
        let name = name_owned.as_str();
        if DROPPED.contains(&name) || has_class(&e, &DATED_CLASSES) {
            return Vec::new();
        }
        let inline = |s: &mut Self, e: Element| s.children(e.children, scope, "span");
        let node = match name {
            "a" => return self.link(e, scope),
            "img" => return self.image(&e),
            "ul" | "ol" if scope.lists >= MAX_LIST_DEPTH => return self.flatten(e, scope, 1),
            "ul" | "ol" => {
                let inner = Scope {
                    lists: scope.lists + 1,
                    ..scope
                };
                let start = e.attr("start").map(str::to_string);
                let items = self.children(e.children, inner, name);
                let own_numbers = self_numbered(&items);
                let mut list = styled(name, items);
                if own_numbers {
                    list.attrs = vec![("style".into(), styles::SELF_NUMBERED_LIST.into())];
                }
                if let Some(start) = start.filter(|s| s.parse::<u32>().is_ok()) {
                    list.attrs.insert(0, ("start".into(), start));
                }
                list
            }
            "table" => {
                let table = styled("table", self.children(e.children, scope, "table"));
                let wrap = with_style("section", styles::TABLE_WRAP, vec![Node::Element(table)]);
                return vec![wrap];
            }
            "thead" | "tbody" | "tfoot" | "tr" => {
                Element::new(name, self.children(e.children, scope, name))
            }
            "th" | "td" => self.cell(e, scope),
            "h1" | "h2" | "h3" | "h4" => styled(name, self.children(e.children, scope, name)),
            "h5" | "h6" => styled("h4", self.children(e.children, scope, "h4")),
            "b" | "strong" => styled("strong", inline(self, e)),
            "i" | "em" => styled("em", inline(self, e)),
            "s" | "strike" | "del" => styled("del", inline(self, e)),
            "pre" => {
                let pre = Scope { pre: true, ..scope };
                // The <code> inside takes the look of its <pre>.
                let children = e
                    .children
                    .into_iter()
                    .flat_map(|child| match child {
                        Node::Element(code) if code.name == "code" => {
                            self.children(code.children, pre, "pre")
                        }
                        other => self.children(vec![other], pre, "pre"),
                    })
                    .collect();
                styled("pre", children)
            }
            "p" | "blockquote" | "code" | "figcaption" | "figure" | "hr" | "br" | "sup" | "sub"
            | "li" => styled(name, self.children(e.children, scope, name)),
            "caption" => styled("p", self.children(e.children, scope, "p")),
            "dl" => self.definitions(e, scope),
            "div" | "section" | "article" | "header" | "footer" | "aside" | "nav" | "main"
            | "details" | "summary" => {
                Element::new("section", self.children(e.children, scope, "section"))
            }
            // Everything else (span, label, time, small, …) gives way to its content.
            _ => return self.children(e.children, scope, "span"),
        };
        vec![Node::Element(node)]
    }

    fn link(&mut self, e: Element, scope: Scope) -> Vec<Node> {
        let href = e.attr("href").unwrap_or("").to_string();
        let mut children = self.children(e.children, scope, "a");
        match self.resolve.link(&href) {
            LinkRule::Keep(url) => {
                let mut a = styled("a", children);
                a.attrs.insert(0, ("href".into(), url));
                vec![Node::Element(a)]
            }
            LinkRule::Text => children,
            LinkRule::Reference(url) => {
                let label = text_of(&children).trim().to_string();
                let refs = &mut self.out.references;
                let n = match refs.iter().position(|(_, u)| *u == url) {
                    Some(i) => i + 1,
                    None => {
                        refs.push((label, url));
                        refs.len()
                    }
                };
                let mark = with_style("sup", styles::REFERENCE_MARK, vec![text(&format!("[{n}]"))]);
                children.push(mark);
                children
            }
        }
    }

    fn image(&mut self, e: &Element) -> Vec<Node> {
        let src = e.attr("src").unwrap_or("");
        match self.resolve.image(src) {
            ImageRule::Local { file, src } => {
                if !self.out.images.contains(&file) {
                    self.out.images.push(file);
                }
                let mut img = styled("img", Vec::new());
                img.attrs
                    .insert(0, ("alt".into(), e.attr("alt").unwrap_or("").into()));
                img.attrs.insert(0, ("src".into(), src));
                vec![Node::Element(img)]
            }
            ImageRule::Remote(url) => {
                self.out.remote.push(url);
                Vec::new()
            }
        }
    }

    /// A table cell: the table's style, the Markdown column alignment, spans.
    fn cell(&mut self, e: Element, scope: Scope) -> Element {
        let align = e.attr("style").and_then(alignment);
        let spans: Vec<(String, String)> = e
            .attrs
            .iter()
            .filter(|(n, v)| (n == "colspan" || n == "rowspan") && v.parse::<u16>().is_ok())
            .cloned()
            .collect();
        let name = e.name.clone();
        let mut cell = styled(&name, self.children(e.children, scope, "td"));
        if let (Some(align), Some((_, style))) = (align, cell.attrs.first_mut()) {
            style.push_str(&format!("text-align:{align};"));
        }
        cell.attrs.extend(spans);
        cell
    }

    /// A definition list (a shortcode's facts) as paragraphs: **term：** description.
    fn definitions(&mut self, e: Element, scope: Scope) -> Element {
        let mut out = Vec::new();
        let mut loose = Vec::new();
        for child in e.children {
            let Node::Element(child) = child else {
                continue;
            };
            match child.name.as_str() {
                "dt" | "dd" => loose.extend(self.term(child, scope)),
                _ => {
                    let mut row = Vec::new();
                    for part in child.children {
                        if let Node::Element(part) = part {
                            row.extend(self.term(part, scope));
                        }
                    }
                    trim_edges(&mut row);
                    out.push(Node::Element(styled("p", row)));
                }
            }
        }
        if !loose.is_empty() {
            trim_edges(&mut loose);
            out.push(Node::Element(styled("p", loose)));
        }
        Element::new("section", out)
    }

    fn term(&mut self, e: Element, scope: Scope) -> Vec<Node> {
        let mut inner = self.children(e.children, scope, "span");
        if e.name == "dt" {
            inner.push(text(self.resolve.term_colon()));
            return vec![Node::Element(styled("strong", inner))];
        }
        inner
    }
}

/// Whether `e` has one of `classes`.
fn has_class(e: &Element, classes: &[&str]) -> bool {
    e.attr("class")
        .is_some_and(|c| c.split_whitespace().any(|c| classes.contains(&c)))
}
