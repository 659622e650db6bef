//! The values of the sample site `bulletin init` writes: a fictional organisation, its
//! people, phone numbers and addresses, and finding them in a text. `content` counts them
//! in each document as it is loaded, `check` warns at each one and `build` counts them, so
//! none is published by mistake.
//!
//! The sample is recognised by these values rather than by a flag, so a value is found as
//! long as it is there, and nothing is reported once it is replaced. Each is chosen to be
//! found in no real site: reserved example domains, phone numbers that no line can have.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// One value of `bulletin init`'s sample.
#[derive(Debug, Clone, Copy)]
pub struct SampleValue {
    /// The text as the sample writes it.
    pub text: &'static str,
    /// What it is, for the message.
    pub what: &'static str,
    /// Whether it is looked for in `data/` only: people's names, which a notice may
    /// legitimately mention.
    pub data_only: bool,
}

const fn value(text: &'static str, what: &'static str) -> SampleValue {
    SampleValue {
        text,
        what,
        data_only: false,
    }
}

const fn person(text: &'static str) -> SampleValue {
    SampleValue {
        text,
        what: "a fictional contact person",
        data_only: true,
    }
}

/// Every value of the sample, in both of its languages. `tests` in `cli::init` keep this
/// list and the sample's files in step.
pub const SAMPLE_VALUES: &[SampleValue] = &[
    value("示例机构", "the sample's fictional organisation"),
    value(
        "Example Organisation",
        "the sample's fictional organisation",
    ),
    value("notices.example.org", "the sample's web address"),
    value("apply.example.org", "the sample's application address"),
    value("contact@example.org", "the sample's e-mail address"),
    value("010-0555-0142", "a fictional phone number"),
    value("010-0555-0143", "a fictional phone number"),
    value("+86 10 0555 0142", "a fictional phone number"),
    value("+86 10 0555 0143", "a fictional phone number"),
    value("示例市示例区示例路1号", "a fictional postal address"),
    value("1 Example Road", "a fictional postal address"),
    value("示例甲科技有限公司", "a fictional unit"),
    value("示例乙信息技术有限公司", "a fictional unit"),
    value("示例丙网络安全研究院", "a fictional unit"),
    value("Alpha Example Ltd", "a fictional unit"),
    value("Beta Example Systems", "a fictional unit"),
    value("Gamma Example Institute", "a fictional unit"),
    value("这是一则示例通知", "the sample notice's text"),
    value("This is a sample notice", "the sample notice's text"),
    person("张三"),
    person("李四"),
    person("Jane Doe"),
    person("John Doe"),
];

/// Finds sample values in a text.
pub struct Finder {
    searcher: AhoCorasick,
    values: Vec<SampleValue>,
}

static DATA: LazyLock<Finder> = LazyLock::new(|| Finder::new(SAMPLE_VALUES.iter()));
static MARKDOWN: LazyLock<Finder> =
    LazyLock::new(|| Finder::new(SAMPLE_VALUES.iter().filter(|v| !v.data_only)));

impl Finder {
    fn new<'a>(values: impl Iterator<Item = &'a SampleValue>) -> Finder {
        let values: Vec<SampleValue> = values.copied().collect();
        let searcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(values.iter().map(|v| v.text))
            .expect("a handful of short literal patterns always builds");
        Finder { searcher, values }
    }

    /// Every value, for the files under `data/`.
    pub fn data() -> &'static Finder {
        &DATA
    }

    /// The values a Markdown document may not hold (a notice may name people).
    pub fn markdown() -> &'static Finder {
        &MARKDOWN
    }

    /// Where each value stands in `text`, in order.
    pub fn find<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (Range<usize>, SampleValue)> + 't {
        self.searcher
            .find_iter(text)
            .map(|found| (found.range(), self.values[found.pattern().as_usize()]))
    }
}
