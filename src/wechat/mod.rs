//! The WeChat Official Account (公众号) article of a notice: one HTML file that survives
//! pasting into the WeChat editor, as `bulletin export wechat` writes it and `serve`
//! previews it.
//!
//! The source is the notice's rendered body ([`crate::render::document_body`]: Markdown
//! with links resolved and shortcodes expanded), parsed with html5ever ([`dom`]) and
//! rewritten ([`transform`]) by the rules the editor imposes (as doocs/md and mdnice apply
//! them): inline `style` only, from a fixed table ([`styles`]); external links as numbered
//! references with a 参考链接 list, links to mp.weixin.qq.com kept, in-page anchors
//! removed; tables in a scrolling section; lists at most two levels deep; images local
//! files, listed for upload (a remote image is a located error). The title, author and
//! digest and the body are measured against the documented limits ([`limits`]); a size
//! over one is a warning naming the limit and its source.

mod dom;
pub mod labels;
pub mod limits;
mod resolve;
mod serialize;
pub mod styles;
mod transform;

#[cfg(test)]
mod tests;

pub use resolve::{Lookup, find};
pub use serialize::escaped;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::View;
use crate::site::Entry;
use dom::{Element, Node};
use limits::Measure;

/// How an export shows the site's images: the `src` for a file under `content/` (a path
/// relative to the written file, or the file's URL on `serve`).
pub type ImageSrc<'a> = &'a dyn Fn(&str) -> String;

/// A notice as a WeChat article.
#[derive(Debug, Clone)]
pub struct Article {
    /// The title (the editor's 标题 field).
    pub title: String,
    /// The author (the editor's 作者 field): the credits whose role is in
    /// [`labels::AUTHOR_ROLES`].
    pub author: Option<String>,
    /// The digest (the editor's 摘要 field): the notice's `description`.
    pub digest: Option<String>,
    /// The article: one `<section>` with inline styles, what is pasted into the editor.
    pub content: String,
    /// Images to upload in the editor: paths under `content/`, in order of appearance.
    pub images: Vec<String>,
    /// The numbered references: (link text, URL).
    pub references: Vec<(String, String)>,
    /// The heading they are listed under, in the notice's language (参考链接, Links).
    pub references_heading: String,
    /// The sizes against every limit that applies.
    pub measures: Vec<Measure>,
    /// Warnings: sizes over a limit, located at the front matter field when there is one.
    pub warnings: Diagnostics,
}

impl Article {
    /// The file `bulletin export wechat` writes: a page holding the article and nothing
    /// else (no `<style>`, no `<script>`), readable on a phone, to open and copy from.
    pub fn document(&self) -> String {
        let mut head = format!(
            "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n",
            escaped(&self.title)
        );
        for (name, value) in [("author", &self.author), ("description", &self.digest)] {
            if let Some(value) = value {
                head.push_str(&format!(
                    "<meta name=\"{name}\" content=\"{}\"/>\n",
                    escaped(value)
                ));
            }
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n{head}</head>\n<body>\n{}\n</body>\n</html>\n",
            self.content
        )
    }
}

/// Between a reference's text and its URL, `[1] text: URL`, in every language (the form
/// of doocs/md and mdnice: a reader finds the URL after the last `: `).
const REFERENCE_SEPARATOR: &str = ": ";

/// Exports `entry` (a notice or page of `view.site`). `image_src` says how to show local
/// images. Errors: the body's own (as a build reports them) and remote images, located at
/// the Markdown line that holds them.
pub fn export(
    view: View<'_>,
    entry: &Entry,
    image_src: ImageSrc<'_>,
) -> Result<Article, Diagnostics> {
    let site = view.site;
    let body = crate::render::document_body(site, view.theme, view.plan, entry)?;
    let front = &entry.doc.front;
    // The article speaks the document's language.
    let ui = &entry.language.ui;
    let colon = ui.text("list.colon");
    let mut nodes = Vec::new();
    if let Some(number) = &front.doc_number {
        nodes.push(paragraph(vec![Node::Text(format!(
            "{}{colon}{number}",
            ui.text("notice.doc_number")
        ))]));
    }
    nodes.extend(dom::parse_fragment(&body.html));
    if !front.attachments.is_empty() {
        nodes.push(Node::Element(Element::new(
            "h2",
            vec![Node::Text(ui.text("notice.attachments").into())],
        )));
        let items = front.attachments.iter().map(|a| {
            let mut link = Element::new("a", vec![Node::Text(a.label.clone())]);
            link.attrs
                .push(("href".into(), crate::render::views::url(site, &a.file)));
            Node::Element(Element::new("li", vec![Node::Element(link)]))
        });
        nodes.push(Node::Element(Element::new("ol", items.collect())));
    }
    let resolver = resolve::SiteResolver::new(site, entry, image_src);
    let rewritten = transform::rewrite(nodes, &resolver);
    if !rewritten.remote.is_empty() {
        return Err(rewritten
            .remote
            .iter()
            .map(|src| resolve::remote_image(site, entry, src))
            .collect());
    }
    let mut children = rewritten.nodes;
    if !front.credits.is_empty() {
        let credits: Vec<String> = front
            .credits
            .iter()
            .map(|c| format!("{}{colon}{}", c.role, c.name))
            .collect();
        children.push(styled_p(
            styles::CREDITS,
            credits.join(ui.text("wechat.credit_separator")),
        ));
    }
    if !rewritten.references.is_empty() {
        let title = Element::new(
            "strong",
            vec![Node::Text(ui.text("wechat.references").into())],
        );
        let mut list = vec![Node::Element(Element {
            attrs: vec![(
                "style".into(),
                format!("{}margin-top:1.5em;", styles::END_LIST),
            )],
            ..Element::new("p", vec![Node::Element(title)])
        })];
        for (n, (text, url)) in rewritten.references.iter().enumerate() {
            let line = if text.is_empty() || text == url {
                format!("[{}] {url}", n + 1)
            } else {
                format!("[{}] {text}{REFERENCE_SEPARATOR}{url}", n + 1)
            };
            list.push(styled_p(styles::END_LIST, line));
        }
        children.extend(list);
    }
    let mut root = Element::new("section", children);
    root.attrs.push(("style".into(), styles::ROOT.into()));
    let content = serialize::to_html(&[Node::Element(root)]);

    let title = front.title.clone();
    let author = author(entry);
    let digest = front.description.clone();
    let measures = limits::measure(&title, author.as_deref(), digest.as_deref(), &content);
    let warnings = measures
        .iter()
        .filter(|m| m.over())
        .map(|m| {
            let place = m
                .limit
                .field
                .front_matter()
                .and_then(|f| entry.doc.locate(f));
            Diagnostic::warning(&entry.doc.display, m.message()).at_opt(place)
        })
        .collect();
    Ok(Article {
        title,
        author,
        digest,
        content,
        images: rewritten.images,
        references: rewritten.references,
        references_heading: ui.text("wechat.references").to_string(),
        measures,
        warnings,
    })
}

/// The names of the credits whose role names the author, joined as the notice's language
/// lists names (甲、乙; A, B).
fn author(entry: &Entry) -> Option<String> {
    let names: Vec<&str> = entry
        .doc
        .front
        .credits
        .iter()
        .filter(|c| labels::AUTHOR_ROLES.contains(&c.role.as_str()))
        .map(|c| c.name.as_str())
        .collect();
    let separator = entry.language.ui.text("list.separator");
    (!names.is_empty()).then(|| names.join(separator))
}

fn paragraph(children: Vec<Node>) -> Node {
    Node::Element(Element::new("p", children))
}

fn styled_p(style: &str, text: String) -> Node {
    let mut p = Element::new("p", vec![Node::Text(text)]);
    p.attrs.push(("style".into(), style.into()));
    Node::Element(p)
}
