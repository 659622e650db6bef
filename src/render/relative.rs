//! `relative_urls: true`: every root-relative URL in a page becomes relative to that page,
//! and links to folders name their `index.html`, so the output can be opened straight from
//! the file system (or published under any path) without a server.
//!
//! Pages are rewritten after rendering: the values of the attributes that hold URLs
//! (`href`, `src`, `srcset`, `action`, `data-index`) that start with the site's base path.
//! Autoescaping guarantees such an attribute pattern cannot come from text.

/// The attributes whose values are URLs.
const ATTRIBUTES: [&str; 5] = [
    " href=\"",
    " src=\"",
    " srcset=\"",
    " action=\"",
    " data-index=\"",
];

/// Rewrites the page at `page` (an output path, `notices/x/index.html`) so that every URL
/// under `base_path` (`/cappvd/`) is relative to the page.
pub fn relativize(html: &str, page: &str, base_path: &str) -> String {
    let depth = page.matches('/').count();
    let up = "../".repeat(depth);
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some((at, attribute)) = ATTRIBUTES
        .iter()
        .filter_map(|a| rest.find(a).map(|i| (i, *a)))
        .min_by_key(|(i, _)| *i)
    {
        let start = at + attribute.len();
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('"') else {
            rest = &rest[start..];
            break;
        };
        let value = &rest[start..start + len];
        if attribute == " srcset=\"" {
            let parts: Vec<String> = value
                .split(", ")
                .map(|candidate| match candidate.split_once(' ') {
                    Some((url, size)) => format!("{} {size}", relative(url, &up, base_path)),
                    None => relative(candidate, &up, base_path),
                })
                .collect();
            out.push_str(&parts.join(", "));
        } else {
            out.push_str(&relative(value, &up, base_path));
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// `url` relative to a page `up` (`../../`) below the site root, when it is under
/// `base_path`; other URLs (absolute, fragments, `mailto:`) unchanged.
fn relative(url: &str, up: &str, base_path: &str) -> String {
    let Some(target) = url.strip_prefix(base_path) else {
        return url.to_string();
    };
    if url.starts_with("//") {
        return url.to_string();
    }
    let split = target.find(['#', '?']).unwrap_or(target.len());
    let (path, suffix) = target.split_at(split);
    let index = if path.is_empty() || path.ends_with('/') {
        "index.html"
    } else {
        ""
    };
    format!("{up}{path}{index}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_relative_to_the_page() {
        let html = r##"<a href="/cappvd/">首页</a><a href="/cappvd/roster/2024/#unit-a">甲</a><img src="/cappvd/assets/logos/a.png" srcset="/cappvd/assets/a.webp 1x, /cappvd/assets/b.webp 2x"><a href="https://example.org/cappvd/x/">外</a><a href="#top">顶</a><a href="mailto:a@b.cn">信</a>"##;
        let out = relativize(html, "notices/x/index.html", "/cappvd/");
        assert_eq!(
            out,
            r##"<a href="../../index.html">首页</a><a href="../../roster/2024/index.html#unit-a">甲</a><img src="../../assets/logos/a.png" srcset="../../assets/a.webp 1x, ../../assets/b.webp 2x"><a href="https://example.org/cappvd/x/">外</a><a href="#top">顶</a><a href="mailto:a@b.cn">信</a>"##
        );
        assert_eq!(
            relativize(r#"<form action="/search/">"#, "index.html", "/"),
            r#"<form action="search/index.html">"#
        );
        assert_eq!(
            relativize(r#"<a href="//cdn.example/x">"#, "a/index.html", "/"),
            r#"<a href="//cdn.example/x">"#
        );
    }
}
