//! The script-injection payloads and a site that carries them in every text field.

use crate::support::SiteTest;

/// What a payload prints if it runs: `console.log(/XSSFIRED/.source)` writes it, and the
/// `alert(1)` after it would block the page (which the browser check also detects).
pub const MARKER: &str = "XSSFIRED";

/// The script every payload tries to run; it needs no quotes, so it fits any context.
const JS: &str = "console.log(/XSSFIRED/.source),alert(1)";

/// Payloads, with `JS` where `{}` is: script tags, event handlers, `javascript:` and
/// `data:` URLs, attribute breakouts, SVG and MathML, raw-text breakouts, template syntax,
/// entity-encoded and Unicode tricks.
const TEMPLATES: [&str; 40] = [
    "<script>{}</script>",
    "<SCRIPT SRC=data:text/javascript,{}></SCRIPT>",
    "<img src=x onerror={}>",
    "<img src=\"x\" onerror=\"{}\">",
    "<svg onload={}>",
    "<svg><script>{}</script></svg>",
    "<svg><animate onbegin={} attributeName=x dur=1s>",
    "\"><script>{}</script>",
    "'><img src=x onerror={}>",
    "\" autofocus onfocus=\"{}",
    "' autofocus onfocus='{}",
    "</title><script>{}</script>",
    "</textarea><script>{}</script>",
    "</style><script>{}</script>",
    "</script><script>{}</script>",
    "<iframe src=\"javascript:{}\"></iframe>",
    "<iframe srcdoc=\"<script>{}</script>\"></iframe>",
    "<a href=\"javascript:{}\">链接</a>",
    "<a href=\"&#106;avascript:{}\">实体</a>",
    "<a href=\"java&#x09;script:{}\">制表符</a>",
    "<a href=\" javascript:{}\">空格</a>",
    "<a href=\"data:text/html,<script>{}</script>\">data</a>",
    "<object data=\"data:text/html,<script>{}</script>\"></object>",
    "<embed src=\"javascript:{}\">",
    "<body onload={}>",
    "<details open ontoggle={}>",
    "<input autofocus onfocus={}>",
    "<video><source onerror={}></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror={}>",
    "<noscript><p title=\"</noscript><img src=x onerror={}>\">",
    "<!--><img src=x onerror={}>-->",
    "<base href=\"javascript:{}//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:{}\">",
    "<form><button formaction=javascript:{}>按钮</button></form>",
    "<scr<script>ipt>{}</script>",
    "{{ \"<script>{}</script>\" | safe }}",
    "＜script＞{}＜/script＞",
    "\u{2028}</script>\u{2029}<script>{}</script>",
    "<img src=x onerror=\"{}\"\u{200b}>",
    "&lt;script&gt;{}&lt;/script&gt;",
];

/// Every payload with the script filled in.
pub fn payloads() -> Vec<String> {
    TEMPLATES.iter().map(|t| t.replace("{}", JS)).collect()
}

/// All payloads in one string, as a YAML double-quoted scalar.
fn all() -> String {
    yaml(&format!("字段 {}", payloads().join(" ")))
}

fn yaml(text: &str) -> String {
    serde_json::to_string(text).expect("a JSON string is a YAML scalar")
}

/// The example site with every payload in every text field; `raw_html` is the Markdown
/// policy (`escape` or `sanitize`).
pub fn hostile_site(raw_html: &str) -> SiteTest {
    let site = SiteTest::example();
    let p = all();
    site.file(
        "data/site.yaml",
        format!(
            "title: {p}\nbase_url: https://example.org/cappvd/\npublisher: {p}\n\
             description: {p}\ncontact_email: cappvd@cstc.org.cn\n\
             registrations: {{ icp: {p}, public_security: {p}, site_code: {p} }}\n\
             markdown: {{ raw_html: {raw_html} }}\n"
        ),
    );
    let unit = |id: &str| {
        format!(
            "  - {{ id: {id}, name: {p}, short_name: {p}, kind: technical-support, \
             website: \"https://example.org/?q=%22%3E%3Cscript%3E\", region: {p} }}\n"
        )
    };
    site.file(
        "data/units.yaml",
        format!(
            "kinds:\n  - {{ key: technical-support, name: {p}, description: {p}, duties: {p} }}\n\
             units:\n{}{}",
            unit("unit-a"),
            unit("unit-b")
        ),
    );
    site.file(
        "data/ratings.yaml",
        format!(
            "title: {p}\ntier_label: {p}\nkind_label: {p}\n\
             tiers:\n  - {{ key: 3, name: {p}, short: {p}, display: {{ symbol: {p} }}, description: {p} }}\n  - {{ key: 2, name: {p}, short: {p} }}\n\
             rounds:\n  - {{ year: 2024, title: {p}, announced: 2024-12-18, tiers: {{ 3: [unit-a], 2: [unit-b] }} }}\n"
        ),
    );
    // One person per payload: a name becomes a vCard file name, which has a length limit.
    let people: String = payloads()
        .iter()
        .map(|one| {
            let one = yaml(one);
            format!("  - {{ name: {one}, role: {p}, phones: [\"18510844188\"], email: a@example.org }}\n")
        })
        .collect();
    site.file(
        "data/contacts.yaml",
        format!(
            "people:\n{people}\
             email: cappvd@cstc.org.cn\npostal: {{ recipient: {p}, address: {p}, postcode: {p} }}\n\
             application_url: \"https://cappvd.org.cn/?a=%3Cscript%3E\"\n"
        ),
    );
    site.file(
        "data/call.yaml",
        format!(
            "id: cappvd-2025\ntitle: {p}\ndeadline: 2025-08-31\nprinciples: {p}\nintro: {p}\n\
             conditions:\n  - {{ title: {p}, text: {p} }}\n\
             duties: {{ technical-support: {p} }}\nrights: {p}\n\
             how_to_apply: {p}\nsteps:\n  - {{ title: {p}, text: {p} }}\n"
        ),
    );
    // A custom shortcode that shows its argument, and an attachment with a hostile name.
    site.file(
        "templates/shortcodes/echo.html",
        "<p class=\"echo\">{{ text }}</p>\n",
    );
    let hostile_file = "files/x\"'><svg onload=alert(1)>.pdf";
    site.file(&format!("content/{hostile_file}"), "%PDF-1.4\n");
    site.file("content/files/pic.png", b"\x89PNG\r\n\x1a\n".as_slice());
    let tags: Vec<String> = payloads().iter().map(|t| yaml(t)).collect();
    let notice = format!(
        "---\ntitle: {p}\ndate: 2025-01-22 10:51\nsource: {p}\nissuer: {p}\ndoc_number: {p}\n\
         addressee: {p}\nissuer_mark: {p}\nsignatory: {p}\nnote: {p}\ncc: [{p}, {p}]\n\
         printed_by: {p}\ncategory: {p}\ntags: [{}]\ndescription: {p}\ndeadline: 2025-08-31\n\
         attachments:\n  - {{ file: {}, label: {p} }}\n\
         credits:\n  - {{ role: {p}, name: {p} }}\n---\n\n{}",
        tags.join(", "),
        yaml(hostile_file),
        body()
    );
    site.file("content/notices/hostile.md", &notice);
    site.file(
        "content/about.md",
        format!("---\ntitle: {p}\ndescription: {p}\n---\n\n{}", body()),
    );
    site.file(
        "content/_index.md",
        format!("---\ntitle: 首页\n---\n\n{}", body()),
    );
    site
}

/// A Markdown body with every payload as a block, inline, in a heading, a table, a list,
/// a quote, link text and titles, image alt text, a footnote and a shortcode argument.
fn body() -> String {
    let mut md = String::from("<b>粗体</b>\n\n");
    for (i, payload) in payloads().iter().enumerate() {
        let quoted = payload.replace('\\', "\\\\").replace('"', "\\\"");
        // A line that is only `{{ … }}` is a shortcode call (and this one a malformed one).
        if !payload.starts_with("{{") {
            md.push_str(&format!("{payload}\n\n"));
        }
        md.push_str(&format!("段落 {payload} 结束\n\n"));
        md.push_str(&format!("## 标题 {payload} 结束\n\n"));
        md.push_str(&format!(
            "| 列 |\n|---|\n| {} |\n\n",
            payload.replace('|', "\\|")
        ));
        md.push_str(&format!("- 项目 {payload}\n\n> 引用 {payload}\n\n"));
        md.push_str(&format!(
            "[链接 {payload}](https://example.org/ \"{quoted}\")\n\n"
        ));
        md.push_str(&format!("![图 {payload}](/files/pic.png \"{quoted}\")\n\n"));
        md.push_str(&format!("脚注[^n{i}]\n\n[^n{i}]: {payload}\n\n"));
        md.push_str(&format!("`{payload}`\n\n"));
        md.push_str(&format!("{{{{ echo(text=\"{quoted}\") }}}}\n\n"));
    }
    md
}
