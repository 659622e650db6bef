//! The index finds what readers type, and its shards stay small.

use super::postings::{Postings, vlq_len};
use super::tokenize::for_each_term;
use super::*;
use std::collections::HashMap;

fn doc(title: &str, text: &str) -> Doc {
    Doc {
        title: title.into(),
        url: format!("/{title}/"),
        meta: String::new(),
        labels: String::new(),
        keywords: String::new(),
        text: text.into(),
        has_page: true,
    }
}

/// A small site like the example: the call, an unrelated notice, two units.
fn example() -> Index {
    Index::build(
        vec![
            doc(
                "关于开展2025年CAPPVD漏洞库支撑单位遴选工作的通知",
                "各有关单位：支撑单位包括技术支撑单位和漏洞治理合作单位。\
                 须有团队成员具备移动互联网安全工程师（CAPPSEC）资质。",
            ),
            doc(
                "关于2024年度网络安全检查情况的通报",
                "近日，相关运营单位修复了某开源组件中的远程代码执行漏洞。",
            ),
            Doc {
                keywords: "示例甲 技术支撑单位 北京".into(),
                has_page: false,
                ..doc("示例单位甲", "2025年度三星支撑单位")
            },
            doc("示例单位乙", "2024年度二星支撑单位"),
        ],
        4,
    )
}

#[test]
fn typed_queries_find_the_right_documents() {
    let index = example();
    assert_eq!(index.query("遴选"), [0]);
    assert_eq!(index.query("漏洞治理"), [0]);
    assert_eq!(index.query("CAPPSEC"), [0]);
    assert_eq!(index.query("cappsec"), [0]);
    assert_eq!(index.query("示例单位甲"), [2]);
    assert_eq!(index.query("示例单位"), [2, 3]);
    assert_eq!(index.query("2024"), [1, 3]);
    let both = index.query("2025");
    assert!(both.contains(&0) && both.contains(&2), "{both:?}");
    // The call names 支撑单位 in its title: it ranks above the units.
    assert_eq!(index.query("支撑单位").first(), Some(&0));
    assert!(index.query("支撑单位").len() == 3);
    assert!(index.query("量子计算").is_empty());
    assert!(index.query("，").is_empty());
}

#[test]
fn files_are_valid_json_and_the_manifest_is_tiny() {
    let index = example();
    let manifest: serde_json::Value = serde_json::from_str(&index.manifest()).unwrap();
    assert_eq!(manifest["docs"], 4);
    assert_eq!(manifest["shards"], 4);
    assert_eq!(manifest["per_file"], DOCS_PER_FILE);
    assert!(index.manifest().len() < 96);
    for k in 0..index.shards() {
        let shard: serde_json::Value = serde_json::from_str(&index.shard(k)).unwrap();
        assert!(shard.is_object());
    }
    assert_eq!(index.doc_files(), 1);
    let file: serde_json::Value = serde_json::from_str(&index.doc_file(0)).unwrap();
    assert_eq!(file.as_array().unwrap().len(), 4);
    let d = &file[2];
    assert_eq!(d["t"], "示例单位甲");
    assert_eq!(d["u"], "/示例单位甲/");
    assert_eq!(
        d["x"], "2025年度三星支撑单位",
        "a unit has no page: its text comes along"
    );
    assert!(d.get("keywords").is_none());
    assert!(
        file[0].get("x").is_none(),
        "a notice's snippet comes from its page"
    );
    assert_eq!(index.doc_file(1), "[]");
}

#[test]
fn shards_match_the_script_hash() {
    // Values computed with search.js's fnv(): keep both implementations in step.
    assert_eq!(fnv1a32(b""), 0x811c_9dc5);
    assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
    assert_eq!(fnv1a32("遴选".as_bytes()), 0xa550_e343);
}

/// Deterministic synthetic notices in the style of the benchmark corpus.
fn synthetic(n: usize) -> Vec<Doc> {
    const PHRASES: &[&str] = &[
        "各技术支撑单位",
        "相关运营单位",
        "漏洞管理平台",
        "应急响应小组",
        "厂商安全团队",
        "发现了",
        "报送了",
        "复核了",
        "协调处置了",
        "分析研判了",
        "某网络设备管理界面存在的身份认证绕过漏洞",
        "某开源组件中的远程代码执行漏洞",
        "多款办公系统中的SQL注入漏洞",
        "工业控制系统中的越权访问问题",
        "政务信息系统中的敏感信息泄露风险",
        "路由器固件中的缓冲区溢出缺陷",
        "，攻击者可利用该漏洞获取系统控制权限。",
        "，目前厂商已发布修复补丁。",
        "各单位应建立健全漏洞管理制度，明确责任分工。",
        "平台收到报送后将组织专家进行技术复核。",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|i| {
            let mut text = String::new();
            while text.len() < 10_000 {
                text.push_str(PHRASES[(next() % PHRASES.len() as u64) as usize]);
                if next() % 11 == 0 {
                    text.push_str(&format!("编号{}", next() % 100_000));
                }
            }
            doc(&format!("关于漏洞情况的通报（第{i}号）"), &text)
        })
        .collect()
}

#[test]
fn shards_stay_small_for_two_thousand_notices() {
    let docs = synthetic(2000);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let index = Index::build(docs, shard_count(bytes));
    let sizes: Vec<usize> = (0..index.shards()).map(|k| index.shard(k).len()).collect();
    let total: usize = sizes.iter().sum();
    let largest = sizes.iter().copied().max().unwrap_or(0);
    eprintln!(
        "2,000 notices: {} shards, {total} bytes, largest {largest}",
        index.shards()
    );
    assert!(index.shards() > 100, "{} shards", index.shards());
    assert!(largest < 32 * 1024, "largest shard {largest} bytes");
    // Units, pairs and quads: a query of one, two or four units reads one such file.
    assert!(total / index.shards() < 16 * 1024);
    assert!(!index.query("漏洞管理平台").is_empty());
}

#[test]
fn postings_round_trip_through_vlq() {
    let values = [0, 1, 31, 32, 255, 1023, 1024, 70_000, u32::MAX];
    let mut text = Vec::new();
    for v in values {
        vlq_push(&mut text, v);
    }
    let text = String::from_utf8(text).unwrap();
    assert_eq!(&text[..3], "ABf");
    assert_eq!(vlq_decode(&text), values);
}

/// Documents that exercise every path of the first pass: labels and keywords, kana,
/// Hangul and characters past the first plane, words next to characters, one long
/// document with thousands of distinct characters (its tables grow halfway through), and
/// one whose single triple has more positions than a log's chunk holds.
fn varied() -> Vec<Doc> {
    let mut docs = vec![
        Doc {
            labels: "技术支撑单位 三星".into(),
            keywords: "漏洞 2025年度 CAPPSEC".into(),
            ..doc("示例单位甲乙丙", "支撑单位甲乙丙丁，漏洞漏洞漏洞。")
        },
        doc(
            "ひらがなカタカナ",
            "한국어 텍스트와 ひらがな、𠀀𠀁𠀂𠀃𠀀𠀁。",
        ),
        doc("2025年第1号", "第123号2025年1月22日，CAPPVD漏洞库APP漏洞"),
    ];
    let spread: String = (0..6000u32)
        .map(|i| char::from_u32(0x4E00 + i * 7919 % 20_992).unwrap())
        .collect();
    docs.push(doc("长文", &format!("{spread}，{spread}")));
    docs.push(doc("短文", &spread[..300]));
    docs.push(doc("重复", &"啊".repeat(19_000)));
    docs
}

#[test]
fn runs_merge_into_the_same_index_as_one_pass() {
    // Many documents make many runs; the merged postings, with positions, must equal
    // postings written in one pass, document by document, whatever the run boundaries.
    let mut docs = synthetic(700);
    docs.splice(10..10, varied());
    let expected: HashMap<String, String> = {
        let mut all: std::collections::BTreeMap<String, Postings> = Default::default();
        for (n, d) in docs.iter().enumerate() {
            let mut weights: std::collections::BTreeMap<String, (Weight, Vec<u32>)> =
                Default::default();
            let mut position = 0;
            for (text, field) in [
                (&d.title, Field::Title),
                (&d.labels, Field::Labels),
                (&d.keywords, Field::Keywords),
                (&d.text, Field::Text),
            ] {
                position = for_each_term(text, position, |t, p| {
                    let (weight, positions) = weights.entry(t.text()).or_default();
                    weight.add(field);
                    if t.is_positional() {
                        positions.push(p);
                    }
                });
            }
            for (term, (w, positions)) in weights {
                let postings = all.entry(term).or_default();
                if positions.is_empty() {
                    postings.push(n as u32, w.total());
                } else {
                    postings.push_positions(n as u32, w.total(), &positions);
                }
            }
        }
        all.into_iter()
            .map(|(t, p)| (t, String::from_utf8(p.list).unwrap()))
            .collect()
    };
    let count = docs.len();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let index = pool.install(|| Index::build(docs, 37));
    let mut found: HashMap<String, String> = HashMap::new();
    for k in 0..index.shards() {
        for file in [index.shard(k), index.positions(k)] {
            let shard: HashMap<String, String> = serde_json::from_str(&file).unwrap();
            for (term, list) in shard {
                assert_eq!(shard_of(&term, 37), k, "{term} in the wrong shard");
                assert!(found.insert(term, list).is_none());
            }
        }
    }
    assert_eq!(found.len(), expected.len());
    assert!(
        found == expected,
        "merged postings differ from one-pass postings"
    );
    assert_eq!(index.doc_files(), count.div_ceil(DOCS_PER_FILE));
}

#[test]
fn vlq_lengths_match_what_is_written() {
    for v in [0, 1, 31, 32, 1023, 1024, 32_767, 32_768, u32::MAX] {
        let mut out = Vec::new();
        vlq_push(&mut out, v);
        assert_eq!(vlq_len(v), out.len(), "{v}");
    }
}

#[test]
fn runs_of_any_length_make_the_same_index() {
    // Callers index runs as their documents become available (the last run, the roster's
    // units, starts anywhere): any cut into consecutive runs, in any order, gives the
    // same files.
    let docs = synthetic(300);
    let whole = Index::build(docs.clone(), 23);
    let mut runs = Vec::new();
    let mut first = 0;
    for len in [100, 37, 1, 162] {
        runs.push(Run::index(first, docs[first..first + len].to_vec(), 23));
        first += len;
    }
    runs.reverse();
    let cut = Index::from_runs(runs, 23);
    assert_eq!(cut.manifest(), whole.manifest());
    assert_eq!(cut.doc_files(), whole.doc_files());
    for f in 0..whole.doc_files() {
        assert_eq!(cut.doc_file(f), whole.doc_file(f));
    }
    for k in 0..23 {
        assert_eq!(cut.shard(k), whole.shard(k));
        assert_eq!(cut.positions(k), whole.positions(k));
    }
}

#[test]
fn phrases_match_only_as_typed() {
    let index = Index::build(
        vec![
            doc("甲", "某网络设备管理界面，视频监控设备漏洞修复。"),
            doc("乙", "关于网络设备漏洞排查工作的通知"),
            doc("丙", "网络，设备漏洞"),
            doc("丁", "发布于2025年1月22日；第123号"),
            doc("戊", "2025年11月2日，第1234号"),
        ],
        7,
    );
    // Every pair of 网络设备漏洞 is in 甲, but not next to each other.
    assert_eq!(index.query("网络设备漏洞"), [1]);
    assert_eq!(index.query("\"网络设备漏洞\""), [1]);
    assert_eq!(index.query("设备漏洞"), [0, 1, 2]);
    assert!(index.query("工业控制系统漏洞").is_empty());
    assert_eq!(index.query("2025年1月22日"), [3]);
    assert_eq!(index.query("第123号"), [3]);
    assert_eq!(index.query("2025年1月"), [3]);
    assert_eq!(index.query("网络设备 2025").len(), 0);
    assert_eq!(index.query("设备 通知"), [1]);
}

#[test]
fn four_units_match_only_together() {
    let index = Index::build(
        vec![
            doc("一", "甲乙丙丁"),
            // Both triples of 甲乙丙丁, apart.
            doc("二", "甲乙丙，乙丙丁"),
            doc("三", "한국어 텍스트와 ひらがな、𠀀𠀁𠀂𠀃。"),
            doc("四", "텍스트 와 ひらが な 𠀀𠀁𠀂 𠀃"),
            doc("五", "CAPPVD漏洞库"),
        ],
        5,
    );
    assert_eq!(index.query("甲乙丙丁"), [0]);
    assert_eq!(index.query("乙丙丁"), [0, 1]);
    // Quads of characters without a short code are kept by their text.
    assert_eq!(index.query("텍스트와"), [2]);
    assert_eq!(index.query("ひらがな"), [2]);
    assert_eq!(index.query("𠀀𠀁𠀂𠀃"), [2]);
    assert_eq!(index.query("cappvd漏洞库"), [4]);
    assert!(index.query("cappvd漏洞").len() == 1);
}

#[test]
fn where_a_term_stands_outranks_how_often() {
    let weight = |fields: &[Field]| {
        let mut w = Weight::default();
        fields.iter().for_each(|f| w.add(*f));
        w.total()
    };
    let mentions = weight(&[Field::Text; 40]);
    assert_eq!(mentions, MENTIONS_CAP);
    assert!(weight(&[Field::Title]) > mentions);
    assert_eq!(
        weight(&[Field::Labels, Field::Labels]),
        weight(&[Field::Labels])
    );
    assert!(weight(&[Field::Labels, Field::Text]) > mentions);
    assert!(weight(&[Field::Title, Field::Text, Field::Keywords]) > weight(&[Field::Labels]));
    assert_eq!(weight(&[Field::Title; 40]), MAX_WEIGHT);
}

#[test]
fn the_index_is_the_same_whatever_the_threads() {
    let build = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let index = pool.install(|| Index::build(synthetic(500), 23));
        let mut files = vec![index.manifest()];
        for k in 0..index.shards() {
            files.push(index.shard(k));
            files.push(index.positions(k));
        }
        for f in 0..index.doc_files() {
            files.push(index.doc_file(f));
        }
        files
    };
    let one = build(1);
    assert!(one.iter().any(|f| f.len() > 100));
    assert_eq!(one, build(3));
    assert_eq!(one, build(8));
}

#[test]
fn postings_spilled_to_a_file_make_the_same_index() {
    // A build keeps the runs' postings in a temporary file until the merge and takes each
    // file as it is made: the same files as an index held in memory, and nothing left
    // in the folder.
    let docs = synthetic(300);
    let whole = Index::build(docs.clone(), 23);
    let dir = tempfile::tempdir().unwrap();
    let builder = Builder::spilling_into(23, dir.path());
    for first in (0..300).step_by(64) {
        let last = 300.min(first + 64);
        builder.add(Run::index(first, docs[first..last].to_vec(), 23));
    }
    let files = std::sync::Mutex::new(HashMap::new());
    let manifest = builder
        .finish(&|file, text| {
            let old = files.lock().unwrap().insert(file, text);
            assert!(old.is_none(), "{file:?} made twice");
        })
        .unwrap();
    let files = files.into_inner().unwrap();
    assert_eq!(manifest.json(), whole.manifest());
    assert_eq!(files.len(), whole.doc_files() + 2 * 23);
    for f in 0..whole.doc_files() {
        assert_eq!(files[&IndexFile::Docs(f)], whole.doc_file(f));
    }
    for k in 0..23 {
        assert_eq!(files[&IndexFile::Shard(k)], whole.shard(k));
        assert_eq!(files[&IndexFile::Positions(k)], whole.positions(k));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn quad_keys_hold_their_four_characters() {
    use super::postings::{gram_chars, is_quad, is_tri, quad_key, tri_key};
    // The first and last character of every range with a short code.
    let edges = [
        '\u{4E00}', '\u{9FFF}', '\u{3400}', '\u{4DBF}', '\u{3040}', '\u{30FF}', '\u{F900}',
        '\u{FAFF}',
    ];
    for w in edges.windows(4) {
        let key = quad_key(w[0], w[1], w[2], w[3]).unwrap();
        assert!(is_quad(key) && !is_tri(key));
        assert_eq!(gram_chars(key), ([w[0], w[1], w[2], w[3]], 4));
    }
    assert_eq!(quad_key('가', '나', '다', '라'), None);
    assert_eq!(quad_key('甲', '乙', '丙', '\u{20000}'), None);
    let triple = tri_key('\u{3FFFF}', '\u{3FFFF}', '\u{3FFFF}');
    assert!(is_tri(triple) && !is_quad(triple));
}
