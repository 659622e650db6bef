//! HTML parsed into a small owned tree. The parser is html5ever (already built for
//! `ammonia`, so it adds nothing to compile): a rendered body is parsed the way a browser
//! parses a fragment inside a `<div>`, so raw HTML an editor wrote (`markdown.raw_html:
//! allow`) is repaired exactly as browsers repair it. The tree sink below is the smallest
//! that html5ever accepts; the result is converted into [`Node`]s, which the exporter
//! rewrites.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use html5ever::interface::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, QualName, local_name, ns};

/// A node of a parsed fragment: an element or text (comments and the like are dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text, unescaped.
    Text(String),
}

/// An element: its lowercase name, its attributes in source order, its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The local name (`p`, `table`).
    pub name: String,
    /// Attributes by name, values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Child nodes.
    pub children: Vec<Node>,
}

impl Element {
    /// An element with no attributes.
    pub fn new(name: &str, children: Vec<Node>) -> Self {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            children,
        }
    }

    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses `html` as the content of a `<div>`.
pub fn parse_fragment(html: &str) -> Vec<Node> {
    let parser = html5ever::parse_fragment(
        Sink::default(),
        html5ever::ParseOpts::default(),
        QualName::new(None, ns!(html), local_name!("div")),
        Vec::new(),
        false,
    );
    let document = parser.one(html);
    // A fragment parses into <html> holding the fragment's nodes.
    let children = document.children.borrow();
    children
        .iter()
        .flat_map(|html| {
            html.children
                .borrow()
                .iter()
                .filter_map(convert)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The text of `nodes`, as a reader sees it (no markup).
pub fn text_of(nodes: &[Node]) -> String {
    let mut out = String::new();
    fn walk(nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => walk(&e.children, out),
            }
        }
    }
    walk(nodes, &mut out);
    out
}

fn convert(handle: &Handle) -> Option<Node> {
    match &handle.data {
        Data::Text(text) => Some(Node::Text(text.borrow().to_string())),
        Data::Element { name, attrs } => Some(Node::Element(Element {
            name: name.local.to_string(),
            attrs: attrs
                .borrow()
                .iter()
                .map(|a| (a.name.local.to_string(), a.value.to_string()))
                .collect(),
            children: handle
                .children
                .borrow()
                .iter()
                .filter_map(convert)
                .collect(),
        })),
        Data::Document | Data::Other => None,
    }
}

type Handle = Rc<RawNode>;

/// A node while parsing.
struct RawNode {
    parent: Cell<Option<Weak<RawNode>>>,
    children: RefCell<Vec<Handle>>,
    data: Data,
}

enum Data {
    Document,
    Element {
        name: QualName,
        attrs: RefCell<Vec<Attribute>>,
    },
    Text(RefCell<StrTendril>),
    /// Comments, processing instructions, template contents: dropped.
    Other,
}

impl RawNode {
    fn new(data: Data) -> Handle {
        Rc::new(RawNode {
            parent: Cell::new(None),
            children: RefCell::new(Vec::new()),
            data,
        })
    }
}

/// Removes `node` from its parent's children.
fn detach(node: &Handle) {
    if let Some(parent) = node.parent.take().and_then(|w| w.upgrade()) {
        parent
            .children
            .borrow_mut()
            .retain(|c| !Rc::ptr_eq(c, node));
    }
}

fn append_node(parent: &Handle, child: Handle) {
    detach(&child);
    child.parent.set(Some(Rc::downgrade(parent)));
    parent.children.borrow_mut().push(child);
}

/// Where `child` is among `parent`'s children.
fn index_in(parent: &Handle, child: &Handle) -> usize {
    parent
        .children
        .borrow()
        .iter()
        .position(|c| Rc::ptr_eq(c, child))
        .unwrap_or(0)
}

/// Appends text to `previous` when it is a text node; says whether it did.
fn merge_text(previous: Option<&Handle>, text: &StrTendril) -> bool {
    match previous.map(|p| &p.data) {
        Some(Data::Text(t)) => {
            t.borrow_mut().push_tendril(text);
            true
        }
        _ => false,
    }
}

struct Sink {
    document: Handle,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            document: RawNode::new(Data::Document),
        }
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Handle;
    type ElemName<'a>
        = &'a QualName
    where
        Self: 'a;

    fn finish(self) -> Handle {
        self.document
    }

    fn parse_error(&self, _: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        Rc::clone(&self.document)
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> &'a QualName {
        match &target.data {
            Data::Element { name, .. } => name,
            // The tree builder only asks for the names of elements it made.
            _ => unreachable!("html5ever asked for the name of a non-element"),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> Handle {
        RawNode::new(Data::Element {
            name,
            attrs: RefCell::new(attrs),
        })
    }

    fn create_comment(&self, _: StrTendril) -> Handle {
        RawNode::new(Data::Other)
    }

    fn create_pi(&self, _: StrTendril, _: StrTendril) -> Handle {
        RawNode::new(Data::Other)
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        match child {
            NodeOrText::AppendNode(node) => append_node(parent, node),
            NodeOrText::AppendText(text) => {
                if !merge_text(parent.children.borrow().last(), &text) {
                    append_node(parent, RawNode::new(Data::Text(RefCell::new(text))));
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let has_parent = element
            .parent
            .take()
            .map(|w| {
                let alive = w.upgrade().is_some();
                element.parent.set(Some(w));
                alive
            })
            .unwrap_or(false);
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        // Template contents are dropped: the exporter removes <template> anyway.
        Rc::clone(target)
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, _: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Handle, child: NodeOrText<Handle>) {
        let Some(parent) = sibling.parent.take().and_then(|w| w.upgrade()) else {
            return;
        };
        sibling.parent.set(Some(Rc::downgrade(&parent)));
        let index = index_in(&parent, sibling);
        let node = match child {
            NodeOrText::AppendText(text) => {
                let previous = index
                    .checked_sub(1)
                    .and_then(|i| parent.children.borrow().get(i).cloned());
                if merge_text(previous.as_ref(), &text) {
                    return;
                }
                RawNode::new(Data::Text(RefCell::new(text)))
            }
            NodeOrText::AppendNode(node) => node,
        };
        detach(&node);
        // Detaching may have moved the sibling (when the node was before it).
        let index = index_in(&parent, sibling);
        node.parent.set(Some(Rc::downgrade(&parent)));
        parent.children.borrow_mut().insert(index, node);
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        if let Data::Element {
            attrs: existing, ..
        } = &target.data
        {
            let mut existing = existing.borrow_mut();
            for attr in attrs {
                if !existing.iter().any(|e| e.name == attr.name) {
                    existing.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        detach(target);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let children = std::mem::take(&mut *node.children.borrow_mut());
        for child in children {
            child.parent.set(None);
            append_node(new_parent, child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(nodes: &[Node]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| match n {
                Node::Element(e) => format!("<{}>", e.name),
                Node::Text(t) => t.clone(),
            })
            .collect()
    }

    #[test]
    fn parses_a_fragment_and_repairs_it_like_a_browser() {
        let nodes = parse_fragment("<p>a &amp; b<p>c<!-- x --><table><td>1</table>");
        // The second <p> ends where the table starts; the table gets its implied tbody.
        assert_eq!(names(&nodes), ["<p>", "<p>", "<table>"]);
        let Node::Element(table) = &nodes[2] else {
            panic!()
        };
        assert_eq!(names(&table.children), ["<tbody>"]);
        assert_eq!(text_of(&nodes), "a & bc1");
    }

    #[test]
    fn keeps_attributes_unescaped() {
        let nodes = parse_fragment(r#"<a href="/x?a=1&amp;b=2" class="c">t</a>"#);
        let Node::Element(a) = &nodes[0] else {
            panic!()
        };
        assert_eq!(a.attr("href"), Some("/x?a=1&b=2"));
        assert_eq!(a.attr("class"), Some("c"));
    }
}
