use super::*;

fn interface(language: &str) -> Interface {
    let dir = tempfile::tempdir().unwrap();
    load(dir.path(), language, ("data/site.yaml", None)).unwrap()
}

#[test]
fn shipped_tables_have_the_same_keys_and_placeholders() {
    let tables = shipped();
    let (zh, en) = (&tables["zh-CN"], &tables["en"]);
    let zh_keys: Vec<_> = zh.keys().collect();
    let en_keys: Vec<_> = en.keys().collect();
    assert_eq!(zh_keys, en_keys, "zh-CN and en have the same keys");
    // Dates and numbered items may use either of their placeholders.
    for (key, text) in zh
        .iter()
        .filter(|(k, _)| *k != "date.day" && *k != "list.item")
    {
        assert_eq!(
            text.placeholders(),
            en[key].placeholders(),
            "`{key}` takes the same placeholders in both"
        );
    }
    assert!(zh.len() > 150, "{} keys", zh.len());
}

#[test]
fn dates_follow_the_language() {
    let z: Zoned = "2025-08-31T17:05:00+08:00[Asia/Shanghai]".parse().unwrap();
    let zh = interface("zh-CN");
    assert_eq!(zh.site().date(&z), "2025年8月31日");
    assert_eq!(zh.site().date_time(&z), "2025年8月31日 17:05");
    let en = interface("en");
    assert_eq!(en.site().date(&z), "31 August 2025");
    assert_eq!(en.site().date_time(&z), "31 August 2025, 17:05");
    assert_eq!(en.site().round_year(2025), "2025");
    assert_eq!(zh.site().round_year(2025), "2025年度");
}

#[test]
fn plurals_and_placeholders() {
    let en = interface("en-GB");
    assert_eq!(en.site().tag(), "en");
    assert_eq!(
        en.site().fill("deadline.days_left", &[("n", &1)]),
        "1 day left"
    );
    assert_eq!(
        en.site().fill("deadline.days_left", &[("n", &3)]),
        "3 days left"
    );
    let zh = interface("zh");
    assert_eq!(zh.site().tag(), "zh-CN");
    assert_eq!(
        zh.site().fill("deadline.days_left", &[("n", &1)]),
        "剩余 1 天"
    );
    assert_eq!(zh.site().item_number(12), "（十二）");
    assert_eq!(en.site().item_number(12), "12.");
    assert_eq!(zh.site().join_and(&["甲", "乙", "丙"]), "甲、乙和丙");
    assert_eq!(en.site().join_and(&["A", "B", "C"]), "A, B and C");
    assert_eq!(en.site().join_and(&["A"]), "A");
}

#[test]
fn fill_keeps_unknown_braces() {
    assert_eq!(
        fill("{a} {b} {} {x y}", |n| (n == "a").then(|| "1".into())),
        "1 {b} {} {x y}"
    );
    assert_eq!(
        format::placeholders("由{from}升为{to}，{ n }"),
        ["from", "to"]
    );
}

#[test]
fn site_overrides_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let write = |text: &str| std::fs::write(dir.path().join(INTERFACE_FILE), text).unwrap();
    write("zh-CN:\n  status.open: 开放申报\n  nav: { roster: 名单 }\n");
    let i = load(dir.path(), "zh-CN", ("data/site.yaml", None)).unwrap();
    assert_eq!(i.site().text("status.open"), "开放申报");
    assert_eq!(i.site().text("nav.roster"), "名单");
    assert_eq!(i.site().text("status.closed"), "已截止");

    write("zh-CN:\n  status.opne: 开放申报\n  deadline.days_left: 还有 {days} 天\n");
    let errors = load(dir.path(), "zh-CN", ("data/site.yaml", None))
        .unwrap_err()
        .sorted();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let messages: Vec<_> = errors.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.contains(&"`status.opne` is not an interface text"));
    assert!(messages.contains(&"`{days}` is not filled in for `deadline.days_left`"));
    assert!(errors.iter().all(|d| d.location.is_some()), "{errors:?}");
}

#[test]
fn an_added_language_falls_back_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let write = |text: &str| std::fs::write(dir.path().join(INTERFACE_FILE), text).unwrap();
    // A language bulletin does not ship, partly translated: the rest reads in English.
    write("fr:\n  status.open: Ouvert\n");
    let i = load(dir.path(), "fr", ("data/site.yaml", None)).unwrap();
    assert_eq!(i.site().tag(), "fr");
    assert_eq!(i.site().text("status.open"), "Ouvert");
    assert_eq!(i.site().text("status.closed"), "Closed");
    assert_eq!(i.site().texts().len(), shipped()["en"].len());
    let [warning] = i.warnings() else {
        panic!("one warning: {:?}", i.warnings())
    };
    let total = shipped()["en"].len();
    assert!(
        warning.message.starts_with(&format!(
            "language `fr` lacks {} of the {total} interface texts, which read in `en` meanwhile: ",
            total - 1
        )),
        "{warning:?}"
    );
    assert!(warning.message.ends_with(", …"), "{warning:?}");
    // At the language's key, which the spans of a parsed file do not hold.
    let at = warning.location.as_ref().expect("located");
    assert_eq!((at.line, at.column), (1, 1), "{warning:?}");

    // Every text given: no warning.
    let en = include_str!("en.yaml");
    let fr: String = en.lines().map(|l| format!("  {l}\n")).collect();
    write(&format!("fr:\n{fr}"));
    let i = load(dir.path(), "fr", ("data/site.yaml", None)).unwrap();
    assert!(i.warnings().is_empty(), "{:?}", i.warnings());

    // A regional variant falls back to its own language, without a warning; so does a
    // variant of Chinese, to the shipped Chinese.
    write("en-GB:\n  status.open: Open for applications\nzh-TW:\n  status.open: 開放申報\n");
    let i = load(dir.path(), "en-GB", ("data/site.yaml", None)).unwrap();
    assert_eq!(i.site().tag(), "en-GB");
    assert_eq!(i.site().text("status.open"), "Open for applications");
    assert_eq!(i.site().text("status.closed"), "Closed");
    assert!(i.warnings().is_empty(), "{:?}", i.warnings());
    let zh = i.strings("zh-TW").unwrap();
    assert_eq!(zh.text("status.open"), "開放申報");
    assert_eq!(zh.text("status.closed"), "已截止");
}

#[test]
fn the_starter_table_holds_every_english_text_to_translate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let write = |text: &str| std::fs::write(dir.path().join(INTERFACE_FILE), text).unwrap();
    let starter = starter_table("fr");
    // As written: a language with no text yet, every one reading in English.
    write(&starter);
    let i = load(dir.path(), "fr", ("data/site.yaml", None)).unwrap();
    let en = &shipped()["en"];
    assert_eq!(i.site().texts(), en);
    let [warning] = i.warnings() else {
        panic!("{:?}", i.warnings())
    };
    let total = en.len();
    assert!(
        warning
            .message
            .starts_with(&format!("language `fr` lacks {total} of the {total}")),
        "{warning:?}"
    );
    // Every line uncommented (as if translated): the same texts, given, and no warning.
    write(&starter.replace("  # ", "  "));
    let i = load(dir.path(), "fr", ("data/site.yaml", None)).unwrap();
    assert_eq!(i.site().texts(), en);
    assert!(i.warnings().is_empty(), "{:?}", i.warnings());
}

#[test]
fn an_unknown_site_language_names_the_languages() {
    let dir = tempfile::tempdir().unwrap();
    let errors = load(dir.path(), "fr", ("data/site.yaml", None))
        .unwrap_err()
        .sorted();
    assert!(errors[0].message.contains("`fr`"));
    assert!(errors[0].hint.as_deref().unwrap().contains("en and zh-CN"));
}

#[test]
fn directions() {
    for tag in [
        "ar",
        "he",
        "fa-IR",
        "ur",
        "ckb",
        "az-Arab",
        "ku-Arab-IQ",
        "yi",
    ] {
        assert_eq!(direction(tag), "rtl", "{tag}");
    }
    for tag in [
        "zh-CN", "en", "fr", "ku-Latn", "az", "uz-Cyrl", "ar-Latn", "hu",
    ] {
        assert_eq!(direction(tag), "ltr", "{tag}");
    }
}

#[test]
fn language_tags() {
    for tag in ["zh-CN", "en", "en-GB", "zh-Hans-CN", "yue"] {
        assert!(is_language_tag(tag), "{tag}");
    }
    for tag in ["", "e", "english", "zh_CN", "zh-", "中文"] {
        assert!(!is_language_tag(tag), "{tag}");
    }
}
