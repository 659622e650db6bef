//! Ordering unit names the way Chinese readers expect.
//!
//! Pinyin order is ICU4X's `zh` collation. ICU reads each character one way, so a name whose
//! first character is polyphonic can land under the wrong letter (ICU reads 长沙 as zhǎng,
//! 厦门 as shà). Before collating in pinyin order, the leading characters of such a name are
//! replaced by characters ICU sorts under the right reading: the unit's own `sort_as` when it
//! has one, else a built-in reading of a well-known prefix ([`BUILTIN`]).
//!
//! Stroke order is the mainland 笔画序 ([`stroke`]): fewer strokes first, then the stroke
//! sequence (横竖撇点折), character by character. It does not depend on readings; a `sort_as`
//! written in Chinese characters replaces the leading characters there too, so an editor can
//! place a name by hand.

mod pinyin;
#[cfg(test)]
mod roster_names;
pub mod stroke;

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;

pub use pinyin::{Atom, is_han, parse as parse_reading};
pub use stroke::{Uncovered, stroke_text, uncovered_strokes};

mod mode;

pub use mode::RosterOrder;

/// A built-in reading: names starting with `prefix` have their first characters read as
/// `reading` (pinyin with tone digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    /// The name prefix, e.g. `长沙`.
    pub prefix: &'static str,
    /// The reading of the prefix's first characters, e.g. `chang2`.
    pub reading: &'static str,
}

const fn b(prefix: &'static str, reading: &'static str) -> Builtin {
    Builtin { prefix, reading }
}

/// Readings of polyphonic prefixes of place names and surnames. The longest matching prefix
/// wins, so `单县` (shàn) and a single-character fallback such as `长` (cháng) can coexist.
pub const BUILTIN: &[Builtin] = &[
    // Place names.
    b("长", "chang2"),
    b("长沙", "chang2"),
    b("长春", "chang2"),
    b("长治", "chang2"),
    b("长安", "chang2"),
    b("长江", "chang2"),
    b("长城", "chang2"),
    b("重庆", "chong2"),
    b("重工", "zhong4"),
    b("重型", "zhong4"),
    b("厦", "xia4"),
    b("厦门", "xia4"),
    b("单县", "shan4"),
    b("乐清", "yue4"),
    b("乐亭", "lao4"),
    b("蚌埠", "bang4"),
    b("六安", "lu4"),
    b("六合", "lu4"),
    b("丽水", "li2"),
    b("番禺", "pan1"),
    b("台州", "tai1"),
    b("枞阳", "zong1"),
    b("铅山", "yan2"),
    b("荥阳", "xing2"),
    b("涡阳", "guo1"),
    b("莘县", "shen1"),
    b("蔚县", "yu4"),
    b("歙县", "she4"),
    b("筠连", "jun1"),
    // Surnames (as in 曾氏…, 单氏…).
    b("曾", "zeng1"),
    b("单", "shan4"),
    b("仇", "qiu2"),
    b("翟", "zhai2"),
    b("覃", "qin2"),
    b("缪", "miao4"),
];

/// First characters with more than one reading in names: a unit whose name starts with one
/// of them should say how it is read (`sort_as`), and `check` warns until it does.
pub const POLYPHONIC: &str =
    "长重厦单乐蚌曾六丽番台枞铅荥涡莘蔚歙筠仇翟覃缪区查解朴盖会行都朝藏曲尉";

/// Whether a name starting with `c` needs its reading confirmed.
pub fn is_polyphonic(c: char) -> bool {
    POLYPHONIC.contains(c)
}

/// The built-in reading for `name`: the longest matching prefix.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTIN
        .iter()
        .filter(|b| name.starts_with(b.prefix))
        .max_by_key(|b| b.prefix.len())
}

/// A collator for an ICU locale tag such as `zh` or `zh-u-co-stroke`.
fn collator(tag: &str) -> Option<CollatorBorrowed<'static>> {
    let locale: Locale = tag.parse().ok()?;
    Collator::try_new(
        CollatorPreferences::from(&locale),
        CollatorOptions::default(),
    )
    .ok()
}

/// A name's sort key, made once per name by [`Order::key`] and compared by
/// [`Order::compare_keys`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// Pinyin or alphabetical order: the text ICU collates (in pinyin order, readings
    /// substituted).
    Text(String),
    /// Stroke order: bytes whose plain comparison is the order ([`stroke`]).
    Strokes(Vec<u8>),
    /// Manual order: nothing to compare.
    Unordered,
}

/// Orders names: pinyin (ICU collation with readings), mainland stroke order, or no order
/// at all (`manual`).
pub struct Order {
    mode: RosterOrder,
    collator: Option<CollatorBorrowed<'static>>,
}

impl Order {
    /// An ordering for `mode` (ICU `zh` for pinyin; for strokes, ICU `zh-u-co-stroke` places
    /// what the stroke table lacks).
    pub fn new(mode: RosterOrder) -> Self {
        let collator = match mode {
            RosterOrder::Pinyin => collator("zh"),
            RosterOrder::Stroke => collator("zh-u-co-stroke"),
            RosterOrder::Alphabetical => collator("und"),
            RosterOrder::Manual => None,
        };
        Order { mode, collator }
    }

    /// The mode this order follows.
    pub fn mode(&self) -> RosterOrder {
        self.mode
    }

    /// Whether names are collated at all (`false` for `manual`).
    pub fn collates(&self) -> bool {
        self.collator.is_some()
    }

    /// The key of a name. In pinyin order, the reading (`sort_as`, else a built-in one)
    /// replaces as many leading characters as it has syllables or characters; in stroke
    /// order, a `sort_as` written in Chinese characters replaces as many leading characters.
    /// An invalid `sort_as` (reported when the data is loaded) is ignored here.
    pub fn key(&self, name: &str, sort_as: Option<&str>) -> Key {
        match (self.mode, &self.collator) {
            (RosterOrder::Pinyin, _) => Key::Text(pinyin_text(name, sort_as)),
            (RosterOrder::Alphabetical, _) => Key::Text(name.to_string()),
            (RosterOrder::Stroke, Some(collator)) => {
                Key::Strokes(stroke::key(&stroke_text(name, sort_as), collator))
            }
            _ => Key::Unordered,
        }
    }

    /// Compares two keys made by [`Order::key`]; `Equal` for every pair in `manual` order.
    pub fn compare_keys(&self, a: &Key, b: &Key) -> Ordering {
        match (a, b) {
            (Key::Strokes(a), Key::Strokes(b)) => a.cmp(b),
            (Key::Text(a), Key::Text(b)) => self
                .collator
                .as_ref()
                .map_or(Ordering::Equal, |c| c.compare(a, b)),
            _ => Ordering::Equal,
        }
    }
}

/// The text collated in pinyin order: the reading (`sort_as`, else a built-in one) in place
/// of the leading characters.
fn pinyin_text(name: &str, sort_as: Option<&str>) -> String {
    let reading = sort_as
        .and_then(|s| parse_reading(s).ok())
        .or_else(|| builtin(name).and_then(|b| parse_reading(b.reading).ok()));
    let Some(atoms) = reading else {
        return name.to_string();
    };
    let mut key: String = atoms.iter().map(Atom::representative).collect();
    key.extend(name.chars().skip(atoms.len()));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(order: &Order, names: &[&str]) -> Vec<String> {
        let mut keyed: Vec<(Key, &str)> = names.iter().map(|n| (order.key(n, None), *n)).collect();
        keyed.sort_by(|a, b| order.compare_keys(&a.0, &b.0));
        keyed.into_iter().map(|(_, n)| n.to_string()).collect()
    }

    #[test]
    fn representatives_follow_icu_order() {
        // Every representative sorts after the previous syllable's (tones ascending), so a
        // reading lands where ICU keeps characters of that reading.
        let order = Order::new(RosterOrder::Pinyin);
        let reps: Vec<(String, char)> = pinyin::table()
            .flat_map(|(s, slots)| {
                slots
                    .into_iter()
                    .enumerate()
                    .filter_map(move |(t, c)| c.map(|c| (format!("{s}{}", t + 1), c)))
            })
            .collect();
        assert!(reps.len() > 1200, "{}", reps.len());
        for pair in reps.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert_eq!(
                order.compare_keys(&Key::Text(a.1.to_string()), &Key::Text(b.1.to_string())),
                Ordering::Less,
                "{} {} should sort before {} {}",
                a.0,
                a.1,
                b.0,
                b.1
            );
        }
    }

    #[test]
    fn icu_alone_misplaces_polyphonic_prefixes() {
        // Measured with icu_collator 2.x (`zh`): these sort under the reading in brackets.
        let order = Order::new(RosterOrder::Pinyin);
        let icu = |a: &str, b: &str| {
            order.compare_keys(&Key::Text(a.to_string()), &Key::Text(b.to_string()))
        };
        assert_eq!(icu("长沙", "增城"), Ordering::Greater); // zhǎng
        assert_eq!(icu("厦门", "善"), Ordering::Less); // shà
        assert_eq!(icu("单县", "丹凤"), Ordering::Greater); // dān
        assert_eq!(icu("乐清", "勒"), Ordering::Less); // lè
        assert_eq!(icu("曾", "层"), Ordering::Greater); // céng
        assert_eq!(icu("重庆", "崇"), Ordering::Less); // chóng, as expected
        assert_eq!(icu("蚌埠", "棒"), Ordering::Less); // bàng, as expected
    }

    #[test]
    fn builtin_readings_put_prefixes_under_the_expected_letter() {
        let order = Order::new(RosterOrder::Pinyin);
        let names = [
            "长沙银行",
            "厦门大学",
            "重庆大学",
            "单县农商银行",
            "乐清市",
            "蚌埠学院",
            "曾氏集团",
            "常州大学",
            "成都",
            "东方",
            "上海",
            "西安",
            "杨",
            "郑州",
            "中国",
            "北京",
            "邦",
        ];
        let expected = [
            "邦",
            "蚌埠学院",
            "北京",
            "长沙银行",
            "常州大学",
            "成都",
            "重庆大学",
            "东方",
            "单县农商银行",
            "上海",
            "西安",
            "厦门大学",
            "杨",
            "乐清市",
            "曾氏集团",
            "郑州",
            "中国",
        ];
        assert_eq!(sorted(&order, &names), expected);
    }

    #[test]
    fn sort_as_replaces_the_leading_reading() {
        let order = Order::new(RosterOrder::Pinyin);
        // 长 without sort_as uses the built-in cháng; sort_as zhang3 puts it under Z.
        assert_eq!(
            order.compare_keys(
                &order.key("长者科技", Some("zhang3")),
                &order.key("杨", None)
            ),
            Ordering::Greater
        );
        assert_eq!(
            order.compare_keys(&order.key("长者科技", None), &order.key("杨", None)),
            Ordering::Less
        );
        // The rest of the name still decides between same readings.
        let a = order.key("长春一汽", Some("chang2chun1"));
        let b = order.key("长沙银行", Some("chang2sha1"));
        assert_eq!(order.compare_keys(&a, &b), Ordering::Less);
    }

    #[test]
    fn alphabetical_order_is_by_letter_and_ignores_readings() {
        let order = Order::new(RosterOrder::Alphabetical);
        assert!(order.collates());
        assert_eq!(order.key("Zeta", Some("a")), order.key("Zeta", None));
        assert_eq!(
            sorted(
                &order,
                &[
                    "beta Labs",
                    "Alpha Ltd",
                    "Älv AB",
                    "Zeta Inc",
                    "10x Group",
                    "Ångström"
                ]
            ),
            [
                "10x Group",
                "Alpha Ltd",
                "Älv AB",
                "Ångström",
                "beta Labs",
                "Zeta Inc"
            ]
        );
    }

    #[test]
    fn stroke_and_manual_ignore_readings() {
        let stroke = Order::new(RosterOrder::Stroke);
        assert_eq!(stroke.key("长沙", Some("chang2")), stroke.key("长沙", None));
        assert_eq!(
            sorted(&stroke, &["中国", "一汽", "北京", "二七"]),
            ["一汽", "二七", "中国", "北京"]
        );
        let manual = Order::new(RosterOrder::Manual);
        assert!(!manual.collates());
        assert_eq!(
            manual.compare_keys(&manual.key("b", None), &manual.key("a", None)),
            Ordering::Equal
        );
    }

    #[test]
    fn polyphonic_and_builtin_lists_agree() {
        for b in BUILTIN {
            let first = b.prefix.chars().next().unwrap();
            assert!(
                is_polyphonic(first),
                "{} is missing from POLYPHONIC",
                b.prefix
            );
            assert!(parse_reading(b.reading).is_ok(), "{}", b.reading);
        }
        assert_eq!(builtin("单县农商银行").unwrap().reading, "shan4");
        assert_eq!(builtin("长沙").unwrap().prefix, "长沙");
        assert_eq!(builtin("长者").unwrap().prefix, "长");
        assert!(builtin("北京").is_none());
    }
}
