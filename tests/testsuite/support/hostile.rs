//! Hostile files for the bad-input corpus: other encodings, broken images, alias bombs.

use crate::support::SiteTest;
pub use crate::support::png_declaring;

/// The example site's units.
pub const UNITS: &str = "data/units.yaml";
/// The example site's notice.
pub const NOTICE: &str = "content/notices/2025-cappvd-call.md";

/// Adds front matter lines to the example notice (before `category:`).
pub fn front(t: &SiteTest, lines: &str) {
    t.edit(NOTICE, "category:", &format!("{lines}\ncategory:"));
}

/// Appends Markdown to the example notice's body.
pub fn body(t: &SiteTest, markdown: &str) {
    let text = t.read(NOTICE);
    t.file(NOTICE, format!("{text}\n{markdown}\n"));
}

/// Gives unit `example-a` a logo: `logo: logos/a.png` with `bytes` in `data/logos/a.png`.
pub fn logo(t: &SiteTest, bytes: Option<&[u8]>) {
    t.edit(
        UNITS,
        "region: 北京, example: true }",
        "region: 北京, logo: logos/a.png, example: true }",
    );
    if let Some(bytes) = bytes {
        t.file("data/logos/a.png", bytes);
    }
}

/// Creates the symbolic link `link` (under the site) pointing at `target`.
#[cfg(unix)]
pub fn symlink(t: &SiteTest, target: &str, link: &str) {
    std::os::unix::fs::symlink(target, t.path(link)).expect("create a symbolic link");
}

/// A notice of at least `bytes` bytes and how many sections it has.
pub fn big_markdown(bytes: usize) -> (String, usize) {
    let mut text = String::from("---\ntitle: 大文件\ndate: 2025-01-01\n---\n\n");
    let mut i = 0;
    while text.len() < bytes {
        i += 1;
        text.push_str(&format!(
            "## 第{i}节\n\n各有关单位：按照“自愿申报、公平公正”的原则，**遴选**一批支撑单位，\
             [链接](https://example.org/{i})。\n\n- 项目一\n- 项目二\n\n| 列 | 值 |\n|---|---|\n| a | {i} |\n\n"
        ));
    }
    (text, i)
}

/// `中文` in GBK: what a file saved by an old Windows editor holds.
pub fn gbk() -> Vec<u8> {
    b"\xd6\xd0\xce\xc4".to_vec()
}

/// A valid `width` x `height` PNG.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, 255]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encode a PNG");
    bytes.into_inner()
}

/// "Billion laughs": nine levels of aliases, each nine times the one before (9^9 leaves
/// once expanded).
pub fn alias_bomb() -> String {
    let mut items = vec!["&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_string()];
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(", ");
        items.push(format!("&{} [{refs}]", pair[1]));
    }
    format!("units: [{}]\n", items.join(", "))
}
