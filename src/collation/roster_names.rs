//! Generated rosters of realistic unit names (city, brand, business, company form), for
//! measuring stroke order against ICU's stroke collation and for timing the sort.

use std::cmp::Ordering;
use std::time::{Duration, Instant};

use super::{Key, Order, collator};
use crate::collation::RosterOrder;

const CITIES: &[&str] = &[
    "北京",
    "上海",
    "广州",
    "深圳",
    "杭州",
    "南京",
    "武汉",
    "成都",
    "西安",
    "重庆",
    "天津",
    "长沙",
    "大连",
    "青岛",
    "厦门",
    "苏州",
    "合肥",
    "济南",
    "郑州",
    "福州",
    "昆明",
    "沈阳",
    "哈尔滨",
    "长春",
    "石家庄",
    "太原",
    "南昌",
    "贵阳",
    "兰州",
    "无锡",
    "宁波",
    "东莞",
    "佛山",
    "珠海",
    "中山",
    "温州",
    "烟台",
    "海口",
    "三亚",
    "西宁",
    "银川",
    "呼和浩特",
    "乌鲁木齐",
    "拉萨",
];
const BRANDS: &[&str] = &[
    "磐石",
    "铭远",
    "天融",
    "奇安",
    "启明",
    "长亭",
    "安恒",
    "绿盟",
    "知道",
    "深信",
    "腾云",
    "星辰",
    "盛邦",
    "永信",
    "华云",
    "中科",
    "国泰",
    "恒安",
    "信达",
    "网神",
    "美亚",
    "亚信",
    "东方",
    "通达",
    "博睿",
    "数盾",
    "云海",
    "金山",
    "万维",
    "天空",
    "蓝盾",
    "瑞星",
    "山石",
    "迪普",
    "齐治",
    "观安",
    "聚铭",
    "中睿",
    "立思辰",
    "明御",
    "安博",
    "卫士",
    "丰华",
    "王氏",
];
const TRADES: &[&str] = &[
    "信息技术",
    "网络安全",
    "科技",
    "数据",
    "软件",
    "信息安全技术",
    "计算机",
    "电子",
    "通信技术",
    "智能科技",
    "网络技术",
    "数字技术",
];
const FORMS: &[&str] = &[
    "有限公司",
    "股份有限公司",
    "集团有限公司",
    "研究院",
    "有限责任公司",
    "技术服务中心",
];
const SCHOOLS: &[&str] = &[
    "大学",
    "理工大学",
    "邮电大学",
    "信息工程学院",
    "职业技术学院",
];

/// A small deterministic generator (64-bit LCG), so rosters are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        items[((self.0 >> 33) % items.len() as u64) as usize]
    }
}

/// `n` distinct unit names: mostly companies (city + brand + trade + form), some schools.
pub fn names(n: usize, seed: u64) -> Vec<String> {
    let mut lcg = Lcg(seed);
    let mut names: Vec<String> = Vec::with_capacity(n);
    while names.len() < n {
        let city = lcg.pick(CITIES);
        let name = if lcg.pick(&["company", "company", "company", "school"]) == "school" {
            format!("{city}{}", lcg.pick(SCHOOLS))
        } else {
            let (brand, trade, form) = (lcg.pick(BRANDS), lcg.pick(TRADES), lcg.pick(FORMS));
            format!("{city}{brand}{trade}{form}")
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Sorts `names` (index = unit id) by `order`, keys made once per name, ties by id.
fn sort_by_order(order: &Order, names: &[String]) -> Vec<usize> {
    let mut keyed: Vec<(Key, usize)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (order.key(n, None), i))
        .collect();
    keyed.sort_by(|a, b| order.compare_keys(&a.0, &b.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|(_, i)| i).collect()
}

#[test]
fn a_300_unit_roster_against_icu_stroke_order() {
    // One round, three tiers of 100 units: 297 adjacent pairs.
    let names = names(300, 18);
    let icu = collator("zh-u-co-stroke").expect("the stroke collator");
    let order = Order::new(RosterOrder::Stroke);
    let mut pairs = 0;
    let mut differ = Vec::new();
    for tier in names.chunks(100) {
        let tier: Vec<String> = tier.to_vec();
        let sorted = sort_by_order(&order, &tier);
        for pair in sorted.windows(2) {
            let (a, b) = (&tier[pair[0]], &tier[pair[1]]);
            pairs += 1;
            if icu.compare(a, b) == Ordering::Greater {
                differ.push(format!("{a} / {b}"));
            }
        }
    }
    println!(
        "{} of {pairs} adjacent pairs differ from ICU's stroke order",
        differ.len()
    );
    for pair in differ.iter().take(10) {
        println!("  {pair}");
    }
    assert_eq!(pairs, 297);
    assert_eq!(differ.len(), 69, "the figure the README reports");
}

/// Times sorting `names` `rounds` times; the median.
fn time(rounds: usize, mut sort: impl FnMut() -> usize) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(sort());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[rounds / 2]
}

#[test]
#[ignore = "a timing: cargo test --release --lib sort_1000 -- --ignored --nocapture"]
fn sort_1000_units_timing() {
    let names = names(1000, 7);
    let icu = collator("zh-u-co-stroke").expect("the stroke collator");
    // Once per process: parsing the stroke table.
    let start = Instant::now();
    std::hint::black_box(super::stroke::sequence('一'));
    let parse = start.elapsed();
    // Before: ICU's stroke collation of the names as written, as `sort_units` did.
    let before = time(51, || {
        let mut keyed: Vec<(String, usize)> = names
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, n)| (n, i))
            .collect();
        keyed.sort_by(|a, b| icu.compare(&a.0, &b.0).then(a.1.cmp(&b.1)));
        keyed.len()
    });
    let order = Order::new(RosterOrder::Stroke);
    let after = time(51, || sort_by_order(&order, &names).len());
    println!(
        "1,000 units: ICU stroke collation {before:?}, mainland stroke order {after:?} \
         (keys included; table parsed once in {parse:?})"
    );
}
