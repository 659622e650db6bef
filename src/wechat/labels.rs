//! The credit roles that name an article's author: the WeChat editor's 作者 field is filled
//! from the credits (`credits:` in front matter) whose role is one of these.

/// Credit roles that name the article's author, in Chinese and English.
pub const AUTHOR_ROLES: [&str; 6] = ["作者", "文字", "撰稿", "Author", "Text", "Writer"];
