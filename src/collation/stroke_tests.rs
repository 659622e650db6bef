//! Tests of the mainland stroke order: the data, the rule on real-world names, where
//! digits, Latin and uncovered characters go, and properties of the order.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::collation::RosterOrder;
use crate::collation::{Key, Order, stroke_text, uncovered_strokes};

fn order() -> Order {
    Order::new(RosterOrder::Stroke)
}

/// Sorts names as the roster does: keys once per name, then by key (ties by position).
fn sorted<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let order = order();
    let mut keyed: Vec<(Key, &str)> = names.iter().map(|n| (order.key(n, None), *n)).collect();
    keyed.sort_by(|a, b| order.compare_keys(&a.0, &b.0));
    keyed.into_iter().map(|(_, n)| n).collect()
}

fn less(a: &str, b: &str) -> bool {
    let order = order();
    order.compare_keys(&order.key(a, None), &order.key(b, None)) == Ordering::Less
}

/// Every data line: (sequence, characters), in file order.
fn lines() -> Vec<(&'static str, &'static str)> {
    DATA.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split_once(' ').expect("a sequence and characters"))
        .collect()
}

#[test]
fn the_table_has_every_unified_ideograph_once_in_stroke_order() {
    let mut seen = HashMap::new();
    let lines = lines();
    for (sequence, chars) in &lines {
        assert!(!sequence.is_empty() && sequence.bytes().all(|b| (b'1'..=b'5').contains(&b)));
        for c in chars.chars() {
            assert!((FIRST..=LAST).contains(&(c as u32)), "{c}");
            assert!(seen.insert(c, *sequence).is_none(), "{c} twice");
        }
    }
    assert_eq!(seen.len(), (LAST - FIRST + 1) as usize);
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].0, pair[1].0);
        assert!((a.len(), a) < (b.len(), b), "{a} before {b}");
    }
}

#[test]
fn sequences_checked_by_hand() {
    for (c, sequence) in [
        ('一', "1"),
        ('乙', "5"),
        ('人', "34"),
        ('大', "134"),
        ('上', "211"),
        ('口', "251"),
        ('王', "1121"),
        ('丰', "1112"),
        ('中', "2512"),
        ('日', "2511"),
        ('长', "3154"),
        ('北', "21135"),
        ('阿', "5212512"),
        ('国', "25112141"),
        ('京', "41251234"),
        ('重', "312511211"),
        ('海', "4413155414"),
        ('德', "332122522114544"),
    ] {
        assert_eq!(sequence_of(c), Some(sequence), "{c}");
    }
    assert_eq!(sequence_of('𬳶'), None);
}

fn sequence_of(c: char) -> Option<&'static str> {
    sequence(c)
}

#[test]
fn the_first_stroke_decides_between_characters_of_one_count() {
    // 大 134 starts with 横, 上 211 with 竖: the example.
    assert!(less(
        "大连磐石信息技术集团有限公司",
        "上海铭远信息技术研究院"
    ));
    // 丰 1112 and 王 1121 differ at the third stroke.
    assert!(less("丰台区科技园", "王府井集团"));
    // 电 25115, 四 25351, 宁 44512: five strokes each.
    assert!(less("电子科技大学", "四川大学"));
    assert!(less("四川大学", "宁波大学"));
}

#[test]
fn the_second_stroke_decides_when_the_first_is_the_same() {
    assert!(less("三一重工股份有限公司", "工业和信息化部")); // 111 before 121
    assert!(less("大连理工大学", "万达集团")); // 134 before 153
    assert!(less("天津大学", "五矿集团")); // 1134 before 1251
    assert!(less("方正证券股份有限公司", "火炬高技术产业开发区")); // 4153 before 4334
}

#[test]
fn the_next_character_decides_after_identical_ones() {
    assert!(less("北大方正集团", "北京大学")); // 大 3 strokes, 京 8
    assert!(less("长沙理工大学", "长春理工大学")); // 沙 7, 春 9
    assert!(less("中国科学院", "中国信息通信研究院")); // 科 312344412 before 信 324111251
    assert!(less("北京大学", "北京大学第一医院")); // a prefix first
}

#[test]
fn characters_sharing_a_sequence_follow_the_general_standard_table() {
    // 八 人 入 are all 34, 工 土 士 all 121: the table's order, not the next character.
    assert!(less("八达岭旅游集团", "人工智能研究院"));
    assert!(less("人民网股份有限公司", "入境管理局"));
    assert!(less("工商银行", "土木工程学院"));
    assert!(less("土木工程学院", "士兵就业服务中心"));
}

/// Forty-four real-world-shaped names in mainland stroke order.
const NAMES: &[&str] = &[
    "360数字安全科技集团有限公司",
    "58同城信息技术有限公司",
    "八一钢铁股份有限公司",
    "人民网股份有限公司",
    "三一重工股份有限公司",
    "工业和信息化部电子第五研究所",
    "大连理工大学",
    "大连磐石信息技术集团有限公司",
    "万达信息股份有限公司",
    "上海交通大学",
    "上海铭远信息技术研究院",
    "山东大学",
    "广州大学",
    "丰台区科技园",
    "王府井集团股份有限公司",
    "天津大学",
    "云南大学",
    "五矿集团有限公司",
    "中国工商银行股份有限公司",
    "中国电子技术标准化研究院",
    "中国科学院信息工程研究所",
    "中国信息通信研究院",
    "长沙理工大学",
    "长春理工大学",
    "方正证券股份有限公司",
    "火炬高技术产业开发区",
    "北大方正集团有限公司",
    "北京大学",
    "北京大学第一医院",
    "北京天融信网络安全技术有限公司",
    "北京长亭科技有限公司",
    "北京奇虎科技有限公司",
    "四川大学",
    "西安电子科技大学",
    "安徽大学",
    "阿里云计算有限公司",
    "杭州安恒信息技术股份有限公司",
    "国家计算机网络应急技术处理协调中心",
    "重庆大学",
    "浙江大学",
    "深圳市腾讯计算机系统有限公司",
    "厦门大学",
    "IBM中国有限公司",
    "vivo移动通信有限公司",
];

#[test]
fn forty_four_real_world_names_in_exact_stroke_order() {
    let mut shuffled = NAMES.to_vec();
    shuffled.reverse();
    shuffled.rotate_left(17);
    let got = sorted(&shuffled);
    for (i, (got, want)) in got.iter().zip(NAMES).enumerate() {
        assert_eq!(got, want, "position {i}\n{got:#?}");
    }
}

#[test]
fn digits_and_punctuation_come_before_chinese_and_latin_after() {
    let names = [
        "vivo移动通信有限公司",
        "一汽集团",
        "（北京）科技有限公司",
        "IBM中国有限公司",
        "龘字号",
        "58同城",
        "abc科技",
        "ABD科技",
        "360安全",
    ];
    assert_eq!(
        sorted(&names),
        [
            "（北京）科技有限公司",
            "360安全",
            "58同城",
            "一汽集团",
            "龘字号",
            "abc科技",
            "ABD科技",
            "IBM中国有限公司",
            "vivo移动通信有限公司",
        ]
    );
    // Inside a name too: a run of digits before any character, and a shorter name first.
    assert!(less("中国360", "中国一汽"));
    assert!(less("中国", "中国360"));
    assert!(less("中国一汽", "中国ABC"));
}

#[test]
fn icu_stroke_counts_come_from_cldr_marks() {
    let collator = super::super::collator("zh-u-co-stroke").expect("the stroke collator");
    let count = |c| icu_strokes(&collator, c);
    assert_eq!(count('一'), 1);
    assert_eq!(count('大'), 3);
    assert_eq!(count('王'), 4);
    // CLDR counts some components the traditional way: 阝 as 8 strokes in all, 艹 as 4.
    assert_eq!(count('阿'), 8);
    assert_eq!(count('花'), 8);
    assert_eq!(count('㑇'), 7);
}

#[test]
fn uncovered_characters_go_after_the_characters_of_their_icu_stroke_count() {
    let collator = super::super::collator("zh-u-co-stroke").expect("the stroke collator");
    let lines = lines();
    for c in ['㑇', '𬳶', '㛃'] {
        assert!(is_uncovered(c), "{c}");
        let n = icu_strokes(&collator, c) as usize;
        let last = lines.iter().rev().find(|(s, _)| s.len() == n);
        let next = lines.iter().find(|(s, _)| s.len() == n + 1);
        let (Some(last), Some(next)) = (last, next) else {
            panic!("{c}: no table characters of {n} or {} strokes", n + 1);
        };
        let last = last.1.chars().last().expect("a character").to_string();
        let next = next.1.chars().next().expect("a character").to_string();
        let own = c.to_string();
        assert!(less(&last, &own) && less(&own, &next), "{last} {c} {next}");
        assert!(less(&format!("{last}集团"), &format!("{c}山")));
    }
    // ICU's stroke collation leaves 𠮷 (extension B) after every character it counts.
    assert!(icu_strokes(&collator, '𠮷') >= max_strokes());
    assert!(less("龘", "𠮷") && less("𠮷", "IBM"));
    assert_eq!(
        uncovered_strokes("𬳶山科技㑇𬳶", None),
        [
            crate::collation::Uncovered {
                character: '𬳶',
                icu_strokes: icu_strokes(&collator, '𬳶'),
            },
            crate::collation::Uncovered {
                character: '㑇',
                icu_strokes: 7,
            },
        ]
    );
}

#[test]
fn sort_as_in_chinese_characters_replaces_the_leading_characters() {
    let order = order();
    assert_eq!(stroke_text("𬳶山科技", Some("瑶")), "瑶山科技");
    assert_eq!(
        order.key("𬳶山科技", Some("瑶")),
        order.key("瑶山科技", None)
    );
    assert!(uncovered_strokes("𬳶山科技", Some("瑶")).is_empty());
    // A reading in pinyin does not change strokes; nor does an invalid one.
    assert_eq!(stroke_text("长沙银行", Some("chang2sha1")), "长沙银行");
    assert_eq!(stroke_text("长沙银行", Some("长sha")), "长沙银行");
    assert_eq!(stroke_text("长沙银行", Some("!")), "长沙银行");
    // A longer sort_as than the name stands for the whole name.
    assert_eq!(stroke_text("大", Some("上海")), "上海");
}

/// Characters for generated names: common ones and those that share a sequence.
const ALPHABET: &str = "一二三十大上王丰天中国北京长海阿重江河八人入工土士己已巳日曰目田由甲申电子";

/// Each table character's sequence and position among the characters of that sequence.
static SEQUENCES: LazyLock<HashMap<char, (&'static str, usize)>> = LazyLock::new(|| {
    lines()
        .into_iter()
        .flat_map(|(sequence, chars)| {
            chars
                .chars()
                .enumerate()
                .map(move |(i, c)| (c, (sequence, i)))
        })
        .collect()
});

/// The documented key of a name of table characters: per character (strokes, sequence,
/// position among the characters of that sequence).
fn documented_key(name: &str) -> Vec<(usize, &'static str, usize)> {
    name.chars()
        .map(|c| {
            let (sequence, position) = SEQUENCES.get(&c).copied().expect("a table character");
            (sequence.len(), sequence, position)
        })
        .collect()
}

fn name() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = ALPHABET.chars().collect();
    prop::collection::vec(prop::sample::select(alphabet), 1..6)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_order_is_the_documented_key(a in name(), b in name()) {
        let order = order();
        let got = order.compare_keys(&order.key(&a, None), &order.key(&b, None));
        prop_assert_eq!(got, documented_key(&a).cmp(&documented_key(&b)));
        let back = order.compare_keys(&order.key(&b, None), &order.key(&a, None));
        prop_assert_eq!(back, got.reverse());
    }

    #[test]
    fn sorting_is_total_and_stable(names in prop::collection::vec(name(), 1..30), seed in 0usize..30) {
        // Units: (name, id); the id breaks ties, as on the roster page.
        let order = order();
        let units: Vec<(String, usize)> = names.into_iter().enumerate().map(|(i, n)| (n, i)).collect();
        let sort = |mut list: Vec<(String, usize)>| {
            let mut keyed: Vec<(Key, (String, usize))> =
                list.drain(..).map(|u| (order.key(&u.0, None), u)).collect();
            keyed.sort_by(|a, b| order.compare_keys(&a.0, &b.0).then(a.1.1.cmp(&b.1.1)));
            keyed.into_iter().map(|(_, u)| u).collect::<Vec<_>>()
        };
        let once = sort(units.clone());
        let mut rotated = units.clone();
        rotated.rotate_left(seed % units.len());
        rotated.reverse();
        prop_assert_eq!(&sort(rotated), &once);
        let mut documented = units;
        documented.sort_by(|a, b| documented_key(&a.0).cmp(&documented_key(&b.0)).then(a.1.cmp(&b.1)));
        prop_assert_eq!(once, documented);
    }
}
