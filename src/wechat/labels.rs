//! Every piece of interface text the WeChat export and its preview show, in one place, so
//! that moving interface text to a language table later is one edit.

/// The heading of the list of numbered links at the end of the article.
pub const REFERENCES: &str = "参考链接";
/// The heading of the attachment list at the end of the article.
pub const ATTACHMENTS: &str = "附件";
/// Between a reference's link text and its URL: `[1] text: URL`.
pub const REFERENCE_SEPARATOR: &str = ": ";
/// Before the document number (`发文字号`) at the top of the article.
pub const DOC_NUMBER: &str = "文号：";
/// Between the credits (`文字：某某`) at the end of the article.
pub const CREDIT_SEPARATOR: &str = "　";
/// Between a credit's role and name.
pub const CREDIT_COLON: &str = "：";
/// Between a definition term and its description (`申报网址：…`).
pub const TERM_COLON: &str = "：";
/// Credit roles that name the article's author (the editor's 作者 field).
pub const AUTHOR_ROLES: [&str; 3] = ["作者", "文字", "撰稿"];

/// The preview's copy button.
pub const COPY_BUTTON: &str = "复制到公众号";
/// Said after a successful copy.
pub const COPIED: &str = "已复制：请在公众号编辑器中粘贴";
/// Said when the browser refused to copy.
pub const COPY_FAILED: &str = "浏览器未允许复制：正文已选中，请按 Ctrl+C（Mac 为 ⌘C）复制";
/// The preview page's title prefix.
pub const PREVIEW: &str = "公众号预览";
/// The heading of the list of previews.
pub const PREVIEW_INDEX: &str = "公众号文章预览";
/// The preview's list of images to upload.
pub const IMAGES_TO_UPLOAD: &str = "需在编辑器中上传的图片";
/// The preview's list of warnings.
pub const WARNINGS: &str = "提示";
/// The preview's table of sizes against the limits.
pub const LIMITS: &str = "长度限制";
/// Field names in the limits table: the editor's fields.
pub const FIELD_TITLE: &str = "标题";
/// The author field.
pub const FIELD_AUTHOR: &str = "作者";
/// The digest field.
pub const FIELD_DIGEST: &str = "摘要";
/// The body, as HTML characters.
pub const FIELD_CONTENT_CHARS: &str = "正文（HTML 字符）";
/// The body, as bytes.
pub const FIELD_CONTENT_BYTES: &str = "正文（HTML 字节）";
