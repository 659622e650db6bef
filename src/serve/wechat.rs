//! `serve`'s previews of WeChat articles: `/__bulletin/wechat/` lists the notices and
//! `/__bulletin/wechat/<slug>/` shows one as `bulletin export wechat` makes it, at phone
//! width, with a 复制到公众号 button that puts the article on the clipboard as rich HTML
//! (`navigator.clipboard.write` with a `text/html` item; where the browser refuses, the
//! article is selected and copied with `document.execCommand('copy')`). Only `serve`
//! answers these paths: no build output holds them and no page links them.

use std::sync::Mutex;

use percent_encoding::percent_decode_str;

use super::http::{Answer, EVENTS_PATH};
use crate::lang::Strings;
use crate::pipeline::Session;
use crate::wechat::{self, Article, escaped};

/// Where the previews are.
pub const WECHAT_PATH: &str = "/__bulletin/wechat/";

/// The answer for a preview path, or `None` when `raw_path` is not one.
pub fn answer(session: &Mutex<Session>, raw_path: &str) -> Option<Answer> {
    let path = raw_path.split(['?', '#']).next().unwrap_or("");
    let rest = path
        .strip_prefix(WECHAT_PATH)
        .or_else(|| (path == WECHAT_PATH.trim_end_matches('/')).then_some(""))?;
    let Ok(slug) = percent_decode_str(rest.trim_end_matches('/')).decode_utf8() else {
        return Some(Answer::Refused(400, "bad request: the path is not UTF-8"));
    };
    let session = session.lock().unwrap_or_else(|e| e.into_inner());
    let Some(view) = session.view() else {
        return Some(page(
            503,
            None,
            "…",
            "<p>The site has not built yet: fix the errors shown in the terminal.</p>",
        ));
    };
    let site = view.site;
    // The previews are the editor's interface: in the site's language.
    let ui: &Strings = site.interface.site();
    if slug.is_empty() {
        let items: String = site
            .notices
            .iter()
            .map(|n| {
                let slug = n
                    .route
                    .url_path()
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or("");
                format!(
                    "<li><a href=\"{WECHAT_PATH}{}/\">{}</a></li>",
                    escaped(slug),
                    escaped(&n.doc.front.title)
                )
            })
            .collect();
        let heading = ui.text("wechat.preview_index");
        let body = format!("<h1>{heading}</h1><ul>{items}</ul>");
        return Some(page(200, Some(ui), heading, &body));
    }
    let Ok(entry) = wechat::find(site, &slug) else {
        let body = format!(
            "<p>No published notice or page <code>{}</code>: see <a href=\"{WECHAT_PATH}\">the list</a>.</p>",
            escaped(&slug)
        );
        return Some(page(404, Some(ui), ui.text("wechat.preview"), &body));
    };
    let image_src = |file: &str| crate::render::views::url(site, file);
    Some(match wechat::export(view, entry, &image_src) {
        Ok(article) => page(200, Some(ui), &article.title, &preview(&article, ui)),
        Err(errors) => {
            let text: Vec<String> = errors.sorted().iter().map(|d| d.render(false)).collect();
            let body = format!("<pre>{}</pre>", escaped(&text.join("\n")));
            page(422, Some(ui), &entry.doc.front.title, &body)
        }
    })
}

/// The article at phone width, the copy button, and what the export prints.
fn preview(article: &Article, ui: &Strings) -> String {
    let mut info = String::new();
    if !article.images.is_empty() {
        let items: String = article
            .images
            .iter()
            .map(|i| format!("<li><code>content/{}</code></li>", escaped(i)))
            .collect();
        info.push_str(&format!(
            "<h2>{}</h2><ul>{items}</ul>",
            ui.text("wechat.images")
        ));
    }
    if !article.warnings.is_empty() {
        let items: String = article
            .warnings
            .iter()
            .map(|w| format!("<li>{}</li>", escaped(&w.message)))
            .collect();
        info.push_str(&format!(
            "<h2>{}</h2><ul>{items}</ul>",
            ui.text("wechat.warnings")
        ));
    }
    let rows: String = article
        .measures
        .iter()
        .map(|m| {
            format!(
                "<tr{}><td>{}</td><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td></tr>",
                if m.over() { " class=\"over\"" } else { "" },
                ui.text(m.limit.field.label_key()),
                m.size,
                m.limit.max,
                escaped(m.limit.source.url),
                escaped(m.limit.source.name)
            )
        })
        .collect();
    info.push_str(&format!(
        "<h2>{}</h2><table>{rows}</table>",
        ui.text("wechat.limits")
    ));
    format!(
        "<div class=\"bar\"><button type=\"button\" id=\"copy\">{copy}</button> <span id=\"status\" role=\"status\"></span></div>\
         <main class=\"phone\"><h1 class=\"title\">{title}</h1><div id=\"article\">{content}</div></main>\
         <aside class=\"info\">{info}</aside>\
         <script>{script}</script>",
        copy = ui.text("wechat.copy"),
        title = escaped(&article.title),
        content = article.content,
        script = COPY_SCRIPT
            .replace("\"COPIED\"", &js_string(ui.text("wechat.copied")))
            .replace("\"FAILED\"", &js_string(ui.text("wechat.copy_failed"))),
    )
}

/// `text` as a JavaScript string literal that is safe inside `<script>`.
fn js_string(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// Copies `#article` as rich HTML (and plain text), or selects it and copies the old way.
const COPY_SCRIPT: &str = r#"(function(){
var article=document.getElementById("article"),status=document.getElementById("status");
function say(t){status.textContent=t;}
function fallback(){var r=document.createRange();r.selectNodeContents(article);var s=getSelection();s.removeAllRanges();s.addRange(r);
var ok=false;try{ok=document.execCommand("copy");}catch(e){}if(ok){s.removeAllRanges();say("COPIED");}else{say("FAILED");}}
document.getElementById("copy").addEventListener("click",function(){
var html=article.innerHTML;
if(navigator.clipboard&&window.ClipboardItem){
navigator.clipboard.write([new ClipboardItem({"text/html":new Blob([html],{type:"text/html"}),"text/plain":new Blob([article.innerText],{type:"text/plain"})})]).then(function(){say("COPIED");},fallback);
}else{fallback();}});
})();"#;

/// A preview page: the preview's own look (a phone-wide column on grey), the reload script.
/// `ui`: the site's interface text (none before the site has built: English).
fn page(status: u16, ui: Option<&Strings>, title: &str, body: &str) -> Answer {
    let (lang, prefix) = ui.map_or(("en", "WeChat preview"), |ui| {
        (ui.tag(), ui.text("wechat.preview"))
    });
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{prefix}：{title}</title><link rel=\"icon\" href=\"data:,\"><style>{STYLE}</style></head><body>{body}\
         <script>(function(){{var s=new EventSource(\"{EVENTS_PATH}\");s.onmessage=function(){{location.reload()}};}})();</script></body></html>",
        title = escaped(title),
    );
    Answer::File {
        status,
        content_type: "text/html; charset=utf-8".into(),
        body: html.into_bytes(),
    }
}

const STYLE: &str = "body{margin:0;background:#ededed;color:#1c1b1a;font:14px/1.5 system-ui,sans-serif}\
.bar{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #d9d4cc;padding:8px 16px;text-align:center}\
#copy{font:inherit;font-size:16px;padding:6px 16px;background:#07c160;color:#fff;border:0;border-radius:4px;cursor:pointer}\
.phone{box-sizing:border-box;max-width:390px;margin:16px auto;background:#fff;padding:20px 16px}\
.title{font-size:22px;line-height:1.4;margin:0 0 16px}\
.info{max-width:390px;margin:0 auto 32px;padding:0 16px}.info h2{font-size:16px}\
.info table{border-collapse:collapse}.info td{border:1px solid #d9d4cc;padding:2px 6px}.over{background:#fde7e4}\
body>h1,body>ul,body>p,body>pre{max-width:720px;margin:16px auto;padding:0 16px}";
