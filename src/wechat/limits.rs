//! The limits an article must fit, each with the document that states it, and the
//! measurement of an article against them.
//!
//! Sources (read 2025; quoted in Chinese as they are written):
//!
//! - The draft API, `POST /cgi-bin/draft/add` ([`DRAFT_API`]): title 总长度不超过32个字,
//!   author 总长度不超过16个字, digest 总长度不超过128个字 (without one, the first 54
//!   characters of the body are taken), content 必须少于2万字符，小于1M, external image URLs
//!   filtered out. The same field also says 大小不可超过2kb, which contradicts the rest
//!   (no article body fits 2 KB) and is not checked. The draft API's own older page and
//!   `draft/get` repeat 少于2万字符，小于1M without the title, author and digest numbers.
//! - The editor of the 公众平台 ([`EDITOR`]): title 不超过64字, digest 不能超过120个汉字或
//!   字符, as its help text is quoted by third parties; no Tencent page with these numbers
//!   was found, so they are marked as quoted. The editor is more lenient on the title and
//!   stricter on the digest than the API: both are checked.
//! - An author limit of 8 characters, often repeated, has no source that could be found: it
//!   is not checked.
//!
//! Characters are Unicode scalar values (a Chinese character is one). "1M" is read as
//! 1,000,000 bytes, the stricter of the two readings.

/// A document that states limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// A short name for messages.
    pub name: &'static str,
    /// Where it is.
    pub url: &'static str,
}

/// The official reference of the draft API's `draft/add`.
pub const DRAFT_API: Source = Source {
    name: "WeChat draft API (draft/add)",
    url: "https://developers.weixin.qq.com/doc/service/api/draftbox/draftmanage/api_draft_add",
};

/// The 公众平台 editor's rules for titles and digests, as quoted from its help text.
pub const EDITOR: Source = Source {
    name: "WeChat editor (help text as quoted by third parties)",
    url: "http://m.nrzw.com.cn/news_8263.html",
};

/// What is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The title (front matter `title`).
    Title,
    /// The author (credits 作者 or 文字).
    Author,
    /// The digest (front matter `description`).
    Digest,
    /// The body's HTML, in characters.
    ContentChars,
    /// The body's HTML, in UTF-8 bytes.
    ContentBytes,
}

impl Field {
    /// The key of the field's name in the interface text, as the editor names it.
    pub fn label_key(self) -> &'static str {
        match self {
            Field::Title => "wechat.field_title",
            Field::Author => "wechat.field_author",
            Field::Digest => "wechat.field_digest",
            Field::ContentChars => "wechat.field_content_chars",
            Field::ContentBytes => "wechat.field_content_bytes",
        }
    }

    /// The field in messages (English, as every message is).
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Author => "author",
            Field::Digest => "digest",
            Field::ContentChars | Field::ContentBytes => "body",
        }
    }

    /// The front matter field it comes from, to locate a warning.
    pub fn front_matter(self) -> Option<&'static str> {
        match self {
            Field::Title => Some("title"),
            Field::Author => Some("credits"),
            Field::Digest => Some("description"),
            Field::ContentChars | Field::ContentBytes => None,
        }
    }

    /// Its unit, in messages.
    pub fn unit(self) -> &'static str {
        match self {
            Field::ContentBytes => "bytes",
            _ => "characters",
        }
    }
}

/// One limit: `field` may be at most `max` (in its unit), says `source`, in `quote`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// What it limits.
    pub field: Field,
    /// The largest allowed size.
    pub max: usize,
    /// Who says so.
    pub source: Source,
    /// What the source says, verbatim.
    pub quote: &'static str,
}

/// Every limit checked, the strictest first for each field.
pub const LIMITS: [Limit; 7] = [
    Limit {
        field: Field::Title,
        max: 32,
        source: DRAFT_API,
        quote: "标题，总长度不超过32个字",
    },
    Limit {
        field: Field::Title,
        max: 64,
        source: EDITOR,
        quote: "标题……长度不超过64字",
    },
    Limit {
        field: Field::Author,
        max: 16,
        source: DRAFT_API,
        quote: "作者，总长度不超过16个字",
    },
    Limit {
        field: Field::Digest,
        max: 120,
        source: EDITOR,
        quote: "摘要……不能超过120个汉字或字符",
    },
    Limit {
        field: Field::Digest,
        max: 128,
        source: DRAFT_API,
        quote: "图文消息的摘要，总长度不超过128个字",
    },
    Limit {
        field: Field::ContentChars,
        max: 19_999,
        source: DRAFT_API,
        quote: "图文消息的具体内容……必须少于2万字符",
    },
    Limit {
        field: Field::ContentBytes,
        max: 999_999,
        source: DRAFT_API,
        quote: "图文消息的具体内容……小于1M",
    },
];

/// A field's size against one limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The limit.
    pub limit: Limit,
    /// The size.
    pub size: usize,
}

impl Measure {
    /// Whether the size is over the limit.
    pub fn over(&self) -> bool {
        self.size > self.limit.max
    }

    /// The warning for a size over the limit, naming the limit and its source.
    pub fn message(&self) -> String {
        let l = &self.limit;
        format!(
            "the WeChat {} is {} {}, over the limit of {}: {} says “{}” ({})",
            l.field.name(),
            self.size,
            l.field.unit(),
            l.max,
            l.source.name,
            l.quote,
            l.source.url
        )
    }
}

/// Measures the fields that are present against every limit.
pub fn measure(
    title: &str,
    author: Option<&str>,
    digest: Option<&str>,
    content: &str,
) -> Vec<Measure> {
    LIMITS
        .iter()
        .filter_map(|limit| {
            let size = match limit.field {
                Field::Title => title.chars().count(),
                Field::Author => author?.chars().count(),
                Field::Digest => digest?.chars().count(),
                Field::ContentChars => content.chars().count(),
                Field::ContentBytes => content.len(),
            };
            Some(Measure {
                limit: *limit,
                size,
            })
        })
        .collect()
}
