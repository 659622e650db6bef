//! The `sanitize` raw HTML policy: a rendered body is cleaned with `ammonia` (an html5ever
//! based allow-list sanitiser), so formatting tags an editor writes survive while scripts,
//! event handlers, `style` (other than table alignment) and URLs with schemes other than
//! http, https, mailto and tel are removed.
//!
//! Shortcode output comes from the site's own templates and is trusted: it is kept out of
//! the sanitiser as a placeholder token and put back afterwards, so its classes, `tel:` links
//! and `<time>` elements are not stripped.

use std::sync::LazyLock;

/// The character that brackets a shortcode placeholder (private use, never in real text).
pub(super) const MARK: char = '\u{E000}';

/// URL schemes that survive sanitising; the same list Markdown links and data fields accept.
pub const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(URL_SCHEMES.into_iter().collect())
        .link_rel(None)
        // Heading ids, footnote ids and classes come from the Markdown renderer itself.
        .add_generic_attributes(["id", "class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .strip_comments(true);
    builder
});

/// The token that stands for shortcode `index` while the body is sanitised.
pub(super) fn token(index: usize) -> String {
    format!("{MARK}{index}{MARK}")
}

/// Sanitises a rendered body, then replaces each shortcode token with `expanded[index]`.
pub fn clean(html: &str, expanded: &[String]) -> String {
    let cleaned = CLEANER.clean(html).to_string();
    restore(&cleaned, expanded)
}

/// Replaces `MARK digits MARK` with the shortcode output it stands for; anything else that
/// contains the mark (an editor typing U+E000) is left as it is.
fn restore(html: &str, expanded: &[String]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(MARK) {
        out.push_str(&rest[..start]);
        let after = &rest[start + MARK.len_utf8()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let closed = after[digits..].starts_with(MARK);
        let index = after[..digits].parse::<usize>().ok();
        match (closed, index.and_then(|i| expanded.get(i))) {
            (true, Some(html)) => {
                out.push_str(html);
                rest = &after[digits + MARK.len_utf8()..];
            }
            _ => {
                out.push(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_script_and_keeps_formatting() {
        let html = "<p>a <b onclick=\"x()\">b</b><script>alert(1)</script>\
                    <a href=\"javascript:alert(1)\">c</a> <a href=\"tel:+861\">t</a></p>";
        let out = clean(html, &[]);
        assert_eq!(out, "<p>a <b>b</b><a>c</a> <a href=\"tel:+861\">t</a></p>");
    }

    #[test]
    fn keeps_renderer_attributes() {
        let html = "<h2 id=\"一工作总则\">一</h2><table><tr><th style=\"text-align: center\">x</th></tr></table>\
                    <div class=\"footnote-definition\" id=\"fn:1\"></div>";
        let out = clean(html, &[]);
        assert!(out.contains("<h2 id=\"一工作总则\">"), "{out}");
        assert!(out.contains("style=\"text-align:center\""), "{out}");
        assert!(
            out.contains("class=\"footnote-definition\" id=\"fn:1\""),
            "{out}"
        );
    }

    #[test]
    fn shortcode_output_is_restored_after_cleaning() {
        let html = format!("<p>x</p>{}<p>{MARK}9{MARK}</p>", token(0));
        let out = clean(&html, &["<div onclick=\"trusted()\">sc</div>".to_string()]);
        assert!(out.contains("<div onclick=\"trusted()\">sc</div>"), "{out}");
        assert!(out.contains(&format!("{MARK}9{MARK}")), "{out}");
    }
}
