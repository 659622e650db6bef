//! The rule checker for exported WeChat articles (`bulletin export wechat`): it parses the
//! written file on its own (with quick-xml: the export is well-formed XML as well as HTML,
//! which is the first rule) and enforces every rule the WeChat editor imposes on pasted
//! HTML. Any site's export can be checked: [`check`] returns every violation and a summary.

use quick_xml::events::{BytesStart, Event};

/// Elements the editor strips or that would run or style from outside the article.
const FORBIDDEN_ELEMENTS: [&str; 12] = [
    "style", "script", "link", "iframe", "form", "input", "button", "select", "textarea", "object",
    "embed", "svg",
];
/// CSS properties the editor refuses (or that lift content out of the article).
const FORBIDDEN_PROPERTIES: [&str; 2] = ["position", "transform"];
/// Elements that must carry their own inline style (text and tables).
const STYLED: [&str; 12] = [
    "section", "p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "table", "td", "th",
];
/// The only host whose links may stay links.
const WECHAT_HOST: &str = "mp.weixin.qq.com";
/// The heading of the reference list (the zh-CN and en tables' `wechat.references`).
const REFERENCES: &str = "参考链接";
const REFERENCES_EN: &str = "Links";

/// A node of the parsed file.
#[derive(Debug, Clone)]
pub enum Node {
    /// An element: name, attributes, children.
    Element(String, Vec<(String, String)>, Vec<Node>),
    /// Text.
    Text(String),
}

impl Node {
    /// The text inside.
    pub fn text(&self) -> String {
        match self {
            Node::Text(t) => t.clone(),
            Node::Element(_, _, children) => children.iter().map(Node::text).collect(),
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        match self {
            Node::Element(_, attrs, _) => attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }
}

/// What the checker found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every broken rule, one line each (empty when the article passes).
    pub violations: Vec<String>,
    /// The article's text.
    pub text: String,
    /// Counts: elements, styled elements, kept links, references, tables, deepest list,
    /// images.
    pub counts: Counts,
}

/// What the article holds.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub elements: usize,
    pub styled: usize,
    pub wechat_links: usize,
    pub references: usize,
    pub tables: usize,
    pub deepest_list: usize,
    pub images: usize,
}

impl std::fmt::Display for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.counts;
        writeln!(
            f,
            "WeChat rules: {} violations; {} elements ({} with inline style), {} numbered references \
             listed under {REFERENCES}, {} links to {WECHAT_HOST} kept, {} tables wrapped, lists {} deep at most, {} local images",
            self.violations.len(),
            c.elements,
            c.styled,
            c.references,
            c.wechat_links,
            c.tables,
            c.deepest_list,
            c.images
        )?;
        for v in &self.violations {
            writeln!(f, "  - {v}")?;
        }
        Ok(())
    }
}

/// An element being read: name, attributes, children so far.
type Open = (String, Vec<(String, String)>, Vec<Node>);

/// Parses `html`; a file that is not well-formed is a violation of its own.
pub fn parse(html: &str) -> Result<Vec<Node>, String> {
    let mut reader = quick_xml::Reader::from_str(html);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Open> = vec![(String::new(), Vec::new(), Vec::new())];
    let open = |e: &BytesStart| -> Result<(String, Vec<(String, String)>), String> {
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| e.to_string())?;
            attrs.push((a.key.as_ref().to_string(), value.into_owned()));
        }
        Ok((e.name().as_ref().to_lowercase(), attrs))
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed: {e}"))?;
        let top = &mut stack.last_mut().expect("the root stays").2;
        match event {
            Event::Start(e) => {
                let (name, attrs) = open(&e)?;
                stack.push((name, attrs, Vec::new()));
            }
            Event::Empty(e) => {
                let (name, attrs) = open(&e)?;
                top.push(Node::Element(name, attrs, Vec::new()));
            }
            Event::End(_) => {
                let (name, attrs, children) = stack.pop().expect("checked end names");
                let parent = &mut stack.last_mut().ok_or("an end tag too many")?.2;
                parent.push(Node::Element(name, attrs, children));
            }
            Event::Text(t) => top.push(Node::Text(t.to_string())),
            Event::GeneralRef(r) => {
                // The export writes only the five XML entities.
                let c = quick_xml::escape::resolve_xml_entity(&r)
                    .ok_or_else(|| format!("unknown entity &{};", &*r))?;
                top.push(Node::Text(c.to_string()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match stack.pop() {
        Some((_, _, nodes)) if stack.is_empty() => Ok(nodes),
        _ => Err("an element is not closed".into()),
    }
}

/// Checks an exported article file against every rule.
pub fn check(html: &str) -> Checked {
    let mut checked = Checked::default();
    let nodes = match parse(html) {
        Ok(nodes) => nodes,
        Err(e) => {
            checked.violations.push(e);
            return checked;
        }
    };
    let mut marks = Vec::new();
    for node in &nodes {
        walk(node, &[], &mut checked, &mut marks);
    }
    let Some(article) = find(
        &nodes,
        &|n| matches!(n, Node::Element(name, _, _) if name == "section"),
    ) else {
        checked
            .violations
            .push("no <section> holds the article".into());
        return checked;
    };
    checked.text = article.text();
    references(article, &marks, &mut checked);
    checked
}

/// Per-element rules; `path` is the names of the ancestors; `marks` collects the `[n]`
/// reference marks in order.
fn walk(node: &Node, path: &[&str], out: &mut Checked, marks: &mut Vec<usize>) {
    let Node::Element(name, attrs, children) = node else {
        return;
    };
    out.counts.elements += 1;
    let at = format!("<{name}> in {}", path.join(">"));
    if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
        out.violations.push(format!("forbidden element {at}"));
    }
    for (attr, value) in attrs {
        if attr == "id" || attr == "class" || attr.starts_with("on") {
            out.violations.push(format!("attribute `{attr}` on {at}"));
        }
        if attr == "style" {
            out.counts.styled += 1;
            for declaration in value.split(';') {
                let property = declaration
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_lowercase();
                if FORBIDDEN_PROPERTIES.contains(&property.as_str()) {
                    out.violations
                        .push(format!("`{property}` in the style of {at}"));
                }
            }
        }
    }
    let in_body = path.contains(&"section");
    if in_body && STYLED.contains(&name.as_str()) && node.attr("style").is_none() {
        // Plain sections may group; everything that shows text needs its own style.
        if name != "section" {
            out.violations.push(format!("{at} has no inline style"));
        }
    }
    match name.as_str() {
        "a" => {
            let href = node.attr("href").unwrap_or("");
            let host = href
                .strip_prefix("https://")
                .or_else(|| href.strip_prefix("http://"))
                .and_then(|rest| rest.split(['/', '?', '#']).next());
            if host == Some(WECHAT_HOST) {
                out.counts.wechat_links += 1;
            } else if href.starts_with('#') {
                out.violations.push(format!("in-page anchor `{href}` kept"));
            } else {
                out.violations.push(format!(
                    "link to `{href}` kept: only {WECHAT_HOST} may stay a link"
                ));
            }
        }
        "img" => {
            let src = node.attr("src").unwrap_or("");
            let lower = src.to_lowercase();
            if ["http:", "https:", "//", "data:"]
                .iter()
                .any(|p| lower.starts_with(p))
                || src.is_empty()
            {
                out.violations
                    .push(format!("image `{src}` is not a local file"));
            } else {
                out.counts.images += 1;
            }
        }
        "table" => {
            out.counts.tables += 1;
        }
        "ul" | "ol" => {
            let depth = path.iter().filter(|p| **p == "ul" || **p == "ol").count() + 1;
            out.counts.deepest_list = out.counts.deepest_list.max(depth);
            if depth > 2 {
                out.violations
                    .push(format!("list nested {depth} levels deep ({at})"));
            }
        }
        "sup" => {
            let text = node.text();
            if let Some(n) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']'))
                && let Ok(n) = n.parse()
            {
                marks.push(n);
            }
        }
        _ => {}
    }
    // A table's parent must be a scrolling section.
    for child in children {
        if let Node::Element(child_name, _, _) = child
            && child_name == "table"
        {
            let scrolls = name == "section"
                && node
                    .attr("style")
                    .is_some_and(|s| s.replace(' ', "").contains("overflow-x:auto"));
            if !scrolls {
                out.violations.push(format!(
                    "a table in {at} is not wrapped in a scrolling section"
                ));
            }
        }
    }
    let mut inner = path.to_vec();
    inner.push(name);
    for child in children {
        walk(child, &inner, out, marks);
    }
}

/// The numbered marks are 1..=N in first-use order (a URL used again reuses its number), and
/// the 参考链接 list has exactly the lines `[n] text: URL` for 1..=N, each an external URL.
fn references(article: &Node, marks: &[usize], out: &mut Checked) {
    let Node::Element(_, _, children) = article else {
        return;
    };
    let mut highest = 0;
    for &n in marks {
        if n > highest + 1 {
            out.violations
                .push(format!("reference [{n}] comes before [{}]", highest + 1));
        }
        highest = highest.max(n);
    }
    let start = children
        .iter()
        .position(|c| [REFERENCES, REFERENCES_EN].contains(&c.text().trim()));
    let lines: Vec<String> = match start {
        Some(i) => children[i + 1..].iter().map(Node::text).collect(),
        None => Vec::new(),
    };
    if highest > 0 && start.is_none() {
        out.violations
            .push(format!("{highest} references but no {REFERENCES} list"));
    }
    if lines.len() != highest {
        out.violations.push(format!(
            "{} lines under {REFERENCES} for {highest} references",
            lines.len()
        ));
    }
    for (i, line) in lines.iter().enumerate() {
        let prefix = format!("[{}] ", i + 1);
        let url = line.rsplit(' ').next().unwrap_or("");
        if !line.starts_with(&prefix)
            || !(url.starts_with("http://") || url.starts_with("https://"))
        {
            out.violations.push(format!(
                "reference line `{line}` is not `[{}] text: URL`",
                i + 1
            ));
        }
        if url.contains(WECHAT_HOST) {
            out.violations
                .push(format!("{WECHAT_HOST} link made a reference: {line}"));
        }
    }
    out.counts.references = highest;
}

/// The first node (depth first) that `pick` accepts.
fn find<'a>(nodes: &'a [Node], pick: &dyn Fn(&Node) -> bool) -> Option<&'a Node> {
    for node in nodes {
        if pick(node) {
            return Some(node);
        }
        if let Node::Element(_, _, children) = node
            && let Some(found) = find(children, pick)
        {
            return Some(found);
        }
    }
    None
}
