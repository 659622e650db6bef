//! The article's look: one fixed inline style per element, as the WeChat editor keeps only
//! inline `style` attributes (no `<style>`, no classes). The values follow the theme
//! (government red headings, readable 16 px text) and the habits of WeChat articles (the
//! editor's own link colour). Short on purpose: every character of every `style` counts
//! against the draft API's body limit.

/// The article's root `<section>`.
pub const ROOT: &str = "font-size:16px;line-height:1.75;color:#1c1b1a;word-wrap:break-word;";
/// The scrollable wrapper of every table.
pub const TABLE_WRAP: &str = "overflow-x:auto;margin:0 0 1em;";
/// The `[n]` after a link's text.
pub const REFERENCE_MARK: &str = "font-size:12px;color:#576b95;";
/// The list of references and attachments at the end.
pub const END_LIST: &str = "font-size:14px;color:#595550;margin:0 0 .5em;word-break:break-all;";
/// A list item from below the second level, flattened into its parent item; the left
/// margin keeps the nesting visible.
pub const FLAT_ITEM: &str = "margin:0 0 .25em 1em;";
/// A list whose items carry their own numbers (（一）…): no markers of its own.
pub const SELF_NUMBERED_LIST: &str = "margin:0 0 1em;padding-left:0;list-style:none;";
/// The credits line.
pub const CREDITS: &str = "font-size:14px;color:#595550;margin:1.5em 0 0;";

/// The style of element `name`, or `None` for elements that have none.
pub fn of(name: &str) -> Option<&'static str> {
    Some(match name {
        "h1" => "font-size:22px;font-weight:bold;margin:1.2em 0 .6em;color:#b3261e;",
        "h2" => {
            "font-size:18px;font-weight:bold;margin:1.5em 0 .75em;padding-left:8px;\
             border-left:4px solid #b3261e;color:#b3261e;"
        }
        "h3" => "font-size:17px;font-weight:bold;margin:1.2em 0 .6em;",
        "h4" => "font-size:16px;font-weight:bold;margin:1em 0 .5em;",
        "p" => "margin:0 0 1em;",
        "ul" | "ol" => "margin:0 0 1em;padding-left:1.5em;",
        "li" => "margin:0 0 .25em;",
        "table" => "border-collapse:collapse;min-width:100%;font-size:14px;",
        "th" => {
            "border:1px solid #d9d4cc;padding:6px 8px;background:#f6f4f1;font-weight:bold;\
             white-space:nowrap;"
        }
        "td" => "border:1px solid #d9d4cc;padding:6px 8px;",
        "blockquote" => {
            "margin:0 0 1em;padding:.5em 1em;border-left:4px solid #d9d4cc;\
             background:#f6f4f1;color:#595550;"
        }
        "strong" => "font-weight:bold;",
        "em" => "font-style:italic;",
        "a" => "color:#576b95;text-decoration:none;",
        "img" => "display:block;max-width:100%;height:auto;margin:0 auto 1em;",
        "code" => {
            "font-family:Menlo,Consolas,monospace;font-size:14px;background:#f6f4f1;\
             padding:1px 4px;border-radius:3px;"
        }
        "pre" => {
            "overflow-x:auto;margin:0 0 1em;padding:1em;background:#f6f4f1;\
             font-family:Menlo,Consolas,monospace;font-size:14px;line-height:1.5;"
        }
        "hr" => "border:0;border-top:1px solid #d9d4cc;margin:1.5em 0;",
        "figure" => "margin:0 0 1em;",
        "figcaption" => "font-size:14px;color:#595550;text-align:center;",
        "del" => "text-decoration:line-through;",
        _ => return None,
    })
}

/// Properties the editor mangles or that could lift content out of the article's flow;
/// nothing here writes them, and the checker in the test suite refuses them.
pub const FORBIDDEN_PROPERTIES: [&str; 2] = ["position", "transform"];
