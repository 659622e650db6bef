//! A notice printed as a formal document after GB/T 9704-2012 (党政机关公文格式). Headless
//! Chromium prints notices of the example site to PDF by its own print path (the stylesheet's
//! `@page` rules, as a reader's browser uses them); poppler reads back each page's MediaBox,
//! where every line of text is and the colour of the pixels. Checked: A4 pages, the 版心
//! (37 mm from the top, 28 mm from the left, 156 × 225 mm), the grid of 22 lines of 28
//! characters, page numbers, the order and place of every element of the formal document,
//! the red 发文机关标志 and separator line, and the rules of the 版记.
//!
//! Needs `/usr/bin/chromium` and poppler-utils (`pdfinfo`, `pdftotext`, `pdftoppm`). Without
//! them the printing tests pass and say what they did not run; with `CI=true` they fail. The
//! PDFs and PNGs of their pages are kept in `target/print/` for people to look at.

use std::io::Write;

use crate::support::SiteTest;
use crate::support::pdf::{self, Line, Page, Raster};

/// The 版心 (5.2.2): its top and left edges, its width and height, in mm.
const TOP: f64 = 37.0;
const LEFT: f64 = 28.0;
const WIDTH: f64 = 156.0;
const HEIGHT: f64 = 225.0;
/// One line and one character of the grid of 22 lines of 28 characters (5.2.4).
const LINE: f64 = HEIGHT / 22.0;
const CHAR: f64 = WIDTH / 28.0;
/// The Latin layout's margins on every side, and a paragraph's indent (1.5 em of 12pt), in mm.
const LATIN_MARGIN: f64 = 25.0;
const LATIN_INDENT: f64 = 18.0 * pdf::MM_PER_PT;
/// A4 in points (595.28 × 841.89); Chromium rounds the page to its own units.
const A4: (f64, f64) = (210.0 / pdf::MM_PER_PT, 297.0 / pdf::MM_PER_PT);

/// A notice with every element the print layout knows, its document number written with
/// the wrong brackets and a zero.
const FORMAL: &str = "\
---
title: 关于做好2025年移动互联网应用程序安全漏洞管理工作的通知
date: 2025-01-20 09:00
issuer: 工业和信息化部办公厅
issuer_mark: 工业和信息化部办公厅文件
doc_number: 工信厅网安[2025]01号
addressee: 各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门，各有关单位
written: 2025年1月20日
note: 此件公开发布
cc: [国家互联网信息办公室, 公安部网络安全保卫局, 中国软件评测中心]
printed_by: 工业和信息化部办公厅
printed: 2025-01-21
attachments:
  - { file: files/a.docx, label: 附件1：2025年移动互联网应用程序安全漏洞管理工作支撑单位申报表（含承诺书及材料清单） }
  - { file: files/b.pdf, label: 附件2：能力评定方法 }
---

为做好移动互联网应用程序安全漏洞管理工作，现将有关事项通知如下。

## 一、工作目标

以习近平新时代中国特色社会主义思想为指导，全面贯彻落实网络安全法律法规要求，健全漏洞管理机制。

### （一）健全工作机制

各单位要建立健全漏洞管理工作机制，明确责任分工。

#### 1.明确责任

落实主体责任，细化工作要求。

##### （1）压实责任

逐级压实责任，确保工作落到实处。

## 二、工作要求

请各单位于2025年3月31日前报送工作总结。
";

/// Whether printing is possible here; says what is skipped when it is not (and fails when
/// `CI=true`).
fn can_print() -> bool {
    let missing = pdf::missing();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "SKIPPED print tests ({}): A4, margins, the line grid and the formal document's elements in Chromium's PDF",
        missing.join("; ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true, so the print tests may not be skipped: {message}");
    }
    let _ = writeln!(std::io::stderr(), "{message}");
    println!("{message}");
    false
}

/// The pages of a printed notice.
struct Printed {
    pages: Vec<Page>,
    pdf: std::path::PathBuf,
}

impl Printed {
    /// Builds `site` with relative URLs (so the page opens from the file system), prints the
    /// notice `slug` and keeps the PDF and its first and last pages as `name` in target/print/.
    fn notice(site: &SiteTest, slug: &str, name: &str) -> Printed {
        let settings = site.read("data/site.yaml");
        site.file("data/site.yaml", format!("{settings}relative_urls: true\n"));
        site.build().success();
        let pdf = site.path(&format!("{slug}.pdf"));
        pdf::print_to_pdf(
            &site.path(&format!("public/notices/{slug}/index.html")),
            &pdf,
        );
        let pages = pdf::read(&pdf);
        let kept = pdf::keep(&pdf, name, &[1, pages.len()]);
        println!(
            "printed {slug}: {} pages, in {}",
            pages.len(),
            kept.display()
        );
        Printed { pages, pdf }
    }

    /// Every line, with its page number (from 1).
    fn lines(&self) -> impl Iterator<Item = (usize, &Line)> {
        self.pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.lines.iter().map(move |l| (i + 1, l)))
    }

    /// The first line holding `text`, with its page.
    #[track_caller]
    fn find(&self, text: &str) -> (usize, &Line) {
        self.lines()
            .find(|(_, l)| l.text.contains(text))
            .unwrap_or_else(|| panic!("nothing printed holds {text:?}:\n{}", self.dump()))
    }

    /// Asserts that the lines holding `texts` come in this order down the pages.
    #[track_caller]
    fn assert_order(&self, texts: &[&str]) {
        let places: Vec<(usize, f64)> = texts
            .iter()
            .map(|t| {
                let (page, line) = self.find(t);
                (page, line.top)
            })
            .collect();
        for (i, pair) in places.windows(2).enumerate() {
            assert!(
                pair[0] < pair[1],
                "{:?} (page {}, {:.1} mm) is not above {:?} (page {}, {:.1} mm)",
                texts[i],
                pair[0].0,
                pair[0].1,
                texts[i + 1],
                pair[1].0,
                pair[1].1
            );
        }
    }

    /// Every line's text, one per line (poppler reads a line's words run together).
    fn text(&self) -> String {
        self.lines()
            .map(|(_, l)| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Asserts that the printed text holds each of `expected` and none of `absent`.
    #[track_caller]
    fn assert_text(&self, expected: &[&str], absent: &[&str]) {
        let text = self.text();
        for want in expected {
            assert!(text.contains(want), "{want:?} not printed:\n{text}");
        }
        for mark in absent {
            assert!(!text.contains(mark), "{mark} printed:\n{text}");
        }
    }

    /// The lines as text, for failure messages.
    fn dump(&self) -> String {
        self.lines()
            .map(|(p, l)| {
                format!(
                    "p{p} {:6.1} {:6.1} {:6.1} {:6.1} {}",
                    l.left, l.top, l.right, l.bottom, l.text
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Page `number` is A4.
#[track_caller]
fn assert_a4(page: &Page, number: usize) {
    let (w, h) = page.media_box;
    assert!(
        (w - A4.0).abs() < 0.5 && (h - A4.1).abs() < 0.5,
        "page {number} is {w} × {h} pt, not A4 ({:.2} × {:.2})",
        A4.0,
        A4.1
    );
}

/// Whether `line` is a page number, `—3—`.
fn page_number(line: &Line) -> Option<usize> {
    let inner = line.text.strip_prefix('—')?.strip_suffix('—')?;
    inner.trim().parse().ok()
}

#[track_caller]
fn near(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual:.2} mm, expected {expected:.2} ± {tolerance} mm"
    );
}

/// The page, its 版心, the line grid and the page numbers, on every page.
#[track_caller]
fn assert_page_layout(printed: &Printed) {
    let mut pitches = Vec::new();
    let mut full_lines = 0;
    for (i, page) in printed.pages.iter().enumerate() {
        let number = i + 1;
        assert_a4(page, number);
        let (numbers, text): (Vec<&Line>, Vec<&Line>) =
            page.lines.iter().partition(|l| page_number(l).is_some());
        // 7.5: the page number between 一字线, 7 mm under the 版心, one character (4号) in from
        // the right on odd pages and from the left on even ones.
        assert_eq!(numbers.len(), 1, "page {number}: {numbers:?}");
        let n = numbers[0];
        assert_eq!(page_number(n), Some(number));
        near(
            middle(n),
            TOP + HEIGHT + 7.0,
            1.5,
            "the page number's 一字线",
        );
        let inset = 14.0 * pdf::MM_PER_PT;
        if number % 2 == 1 {
            near(
                n.right,
                LEFT + WIDTH - inset,
                1.0,
                "an odd page's number, from the right",
            );
        } else {
            near(
                n.left,
                LEFT + inset,
                1.0,
                "an even page's number, from the left",
            );
        }
        for line in &text {
            assert!(
                line.left >= LEFT - 0.3 && line.right <= LEFT + WIDTH + 0.5,
                "page {number}: a line outside the 版心's width: {line:?}"
            );
            // Middles: poppler's boxes of synthetic bold (no bold CJK font here) are too tall.
            assert!(
                middle(line) >= TOP && middle(line) <= TOP + HEIGHT,
                "page {number}: a line outside the 版心's height: {line:?}"
            );
            // A line of Chinese that fills the measure holds 28 characters, or one less
            // when a character moved down with the punctuation that may not start a line.
            let chinese = line.text.chars().all(full_width);
            if chinese && (line.left - LEFT).abs() < 0.3 && (line.right - LEFT - WIDTH).abs() < 0.5
            {
                let count = line.text.chars().count();
                assert!(
                    (26..=28).contains(&count),
                    "a full line of {count}: {line:?}"
                );
                full_lines += usize::from(count == 28);
            }
        }
        if number > 1 {
            near(
                middle(text[0]),
                TOP + LINE / 2.0,
                2.0,
                "a page's first line",
            );
        }
        pitches.extend(text.windows(2).filter_map(|pair| {
            let same_size =
                (pair[0].bottom - pair[0].top - (pair[1].bottom - pair[1].top)).abs() < 0.2;
            let flush = (pair[1].left - LEFT).abs() < 0.3;
            (same_size && flush).then(|| pair[1].top - pair[0].top)
        }));
    }
    assert!(
        full_lines >= 1,
        "no full line of 28 characters:\n{}",
        printed.dump()
    );
    // 22 lines to the 版心: Chromium puts each line on whole pixels, so single steps vary a
    // little around 225/22 mm.
    pitches.sort_by(f64::total_cmp);
    assert!(!pitches.is_empty(), "no consecutive body lines");
    near(
        pitches[pitches.len() / 2],
        LINE,
        0.3,
        "the median line pitch",
    );
}

/// Whether `c` takes a whole character of the grid in any Chinese font: ideographs and
/// full-width punctuation (not “” or digits, which fonts draw narrower).
fn full_width(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff5e}')
}

/// 7.3.5.2: the 成文日期 two characters right of the 署名's first character, and the longer
/// of the two ending two characters from the right.
#[track_caller]
fn assert_signature(name: &Line, date: &Line) {
    near(
        date.left - name.left,
        2.0 * CHAR,
        0.5,
        "the date's indent under the 署名",
    );
    let right = name.right.max(date.right);
    near(
        right,
        LEFT + WIDTH - 2.0 * CHAR,
        0.5,
        "the signature's right edge",
    );
}

/// The vertical middle of a line.
fn middle(line: &Line) -> f64 {
    (line.top + line.bottom) / 2.0
}

/// The height of a line's glyphs, for comparing font sizes.
fn size(line: &Line) -> f64 {
    line.bottom - line.top
}

#[test]
fn example_notice_prints_as_a_formal_document() {
    if !can_print() {
        return;
    }
    let site = SiteTest::example();
    let printed = Printed::notice(&site, "2025-cappvd-call", "example-notice");
    assert_page_layout(&printed);
    let first = &printed.pages[0].lines;
    // 7.2.3: the 发文机关标志 first, centred, its top 35 mm below the 版心's.
    assert_eq!(first[0].text, "中国软件评测中心", "{}", printed.dump());
    near(first[0].top, TOP + 35.0, 1.5, "the top of the 发文机关标志");
    near(
        (first[0].left + first[0].right) / 2.0,
        LEFT + WIDTH / 2.0,
        0.5,
        "the mark's centre",
    );
    // The site's own header, navigation, metadata, credits and footer are not printed.
    for screen in [
        "跳到正文",
        "首页",
        "发布时间",
        "来源",
        "正在申报",
        "加入日历",
        "目录",
        "文字：",
        "主办单位",
        "上一篇",
        "标签",
    ] {
        assert!(
            printed.lines().all(|(_, l)| !l.text.contains(screen)),
            "{screen:?} is printed:\n{}",
            printed.dump()
        );
    }
    // The body opens with the 主送 line, so it shows once, flush left (7.3.2).
    let addressee: Vec<_> = printed
        .lines()
        .filter(|(_, l)| l.text.contains("各有关单位："))
        .collect();
    assert_eq!(addressee.len(), 1, "{}", printed.dump());
    near(addressee[0].1.left, LEFT, 0.3, "the 主送 line");
    // Paragraphs and headings two characters in; the heading levels as written.
    let (_, opening) = printed.find("为贯彻落实");
    near(
        opening.left,
        LEFT + 2.0 * CHAR,
        0.3,
        "a paragraph's first line",
    );
    let (_, heading) = printed.find("一、工作总则");
    near(heading.left, LEFT + 2.0 * CHAR, 0.3, "a heading");
    printed.assert_order(&[
        "中国软件评测中心",
        "关于开展2025年",
        "各有关单位：",
        "为贯彻落实",
        "一、工作总则",
        "七、现有支撑单位名单",
        "2025年1月22日",
    ]);
    // 7.3.5.2: the 署名 one line under the body, the 成文日期 (the publication day) under it,
    // two characters right of the 署名's first character; the longer of the two ends two
    // characters from the right.
    let last = printed.pages.last().expect("pages").lines.clone();
    let date = last
        .iter()
        .position(|l| l.text == "2025年1月22日")
        .expect("the 成文日期");
    let (name, date) = (&last[date - 1], &last[date]);
    assert_eq!(name.text, "中国软件评测中心");
    assert_signature(name, date);
    // 7.2.3: the mark is red, and so is the line under it, as wide as the 版心 (7.2.6).
    let raster = Raster::render(&printed.pdf, 1, 100);
    let mark = &first[0];
    let red_in_mark = (0..40)
        .flat_map(|i| (0..6).map(move |j| (i, j)))
        .filter(|&(i, j)| {
            let x = mark.left + (mark.right - mark.left) * f64::from(i) / 40.0;
            let y = mark.top + (mark.bottom - mark.top) * f64::from(j) / 6.0;
            pdf::red(raster.at(x, y))
        })
        .count();
    assert!(
        red_in_mark > 10,
        "the 发文机关标志 is not red ({red_in_mark} red samples)"
    );
    let rule = raster.rules(
        LEFT + 0.5,
        LEFT + WIDTH - 0.5,
        mark.bottom,
        first[1].top,
        pdf::red,
    );
    assert!(
        !rule.is_empty(),
        "no red line across the 版心 under the 版头"
    );
    assert!(
        raster
            .rules(
                LEFT - 2.0,
                LEFT + WIDTH,
                mark.bottom,
                first[1].top,
                pdf::red
            )
            .is_empty(),
        "the red line is wider than the 版心"
    );
}

#[test]
fn every_element_prints_in_the_standards_place() {
    if !can_print() {
        return;
    }
    let site = SiteTest::example();
    site.file("content/files/a.docx", "申报表")
        .file("content/files/b.pdf", "%PDF-1.4\n")
        .file("content/notices/formal.md", FORMAL);
    let printed = Printed::notice(&site, "formal", "formal-notice");
    assert_page_layout(&printed);
    printed.assert_order(&[
        "工业和信息化部办公厅文件",
        "工信厅网安〔2025〕1号",
        "关于做好2025年",
        "各省、自治区",
        "为做好移动互联网",
        "一、工作目标",
        "（一）健全工作机制",
        "明确责任",
        "（1）压实责任",
        "二、工作要求",
        "附件：1.2025年",
        "2.能力评定方法",
        "2025年1月20日",
        "（此件公开发布）",
        "抄送：国家互联网信息办公室，",
        "2025年1月21日印发",
    ]);
    let (_, mark) = printed.find("工业和信息化部办公厅文件");
    let (_, number) = printed.find("工信厅网安〔2025〕1号");
    let (_, title) = printed.find("关于做好2025年");
    let (_, addressee) = printed.find("各省、自治区");
    // 7.2.4: the number two lines under the mark, centred; 7.3.1: the title larger (2号
    // against 3号) and centred; 7.3.2: the 主送 flush left.
    near(
        number.top - mark.bottom,
        2.0 * LINE,
        2.5,
        "the gap from the mark to the number",
    );
    near(
        (number.left + number.right) / 2.0,
        LEFT + WIDTH / 2.0,
        0.5,
        "the number's centre",
    );
    near(
        size(title) / size(number),
        22.0 / 16.0,
        0.08,
        "the title's size against the body's",
    );
    near(
        (title.left + title.right) / 2.0,
        LEFT + WIDTH / 2.0,
        0.5,
        "the title's centre",
    );
    near(addressee.left, LEFT, 0.3, "the 主送 line");
    // 7.2.6: the red line under the number; none under the title.
    let raster = Raster::render(&printed.pdf, 1, 100);
    let rule = raster.rules(
        LEFT + 0.5,
        LEFT + WIDTH - 0.5,
        number.bottom,
        title.top,
        pdf::red,
    );
    assert!(
        !rule.is_empty(),
        "no red line between the number and the title"
    );
    near(
        rule[0] - number.bottom,
        4.0,
        2.5,
        "the red line under the number",
    );
    // 7.3.4: 附件 two characters in; the second name under the first one's number, and a long
    // name wrapping under its own first character.
    let (_, first) = printed.find("附件：1.");
    let (_, second) = printed.find("2.能力评定方法");
    let (_, wrapped) = printed.find("单位申报表");
    near(first.left, LEFT + 2.0 * CHAR, 0.3, "附件");
    near(
        second.left,
        LEFT + 5.0 * CHAR,
        0.3,
        "the second attachment's number",
    );
    assert!(
        wrapped.left > second.left + 1.0 && wrapped.left < second.left + 2.0 * CHAR,
        "a wrapped attachment name starts at {:.1} mm, not under its name (numbers at {:.1} mm)",
        wrapped.left,
        second.left
    );
    // 7.3.5.2 and 7.3.6: the 署名 (the issuer, as none is given) at the right; the 附注 two in.
    let (_, signatory) = printed
        .lines()
        .find(|(_, l)| l.text == "工业和信息化部办公厅")
        .expect("the 署名");
    let (_, written) = printed.find("2025年1月20日");
    assert_signature(signatory, written);
    let (_, note) = printed.find("（此件公开发布）");
    near(note.left, LEFT + 2.0 * CHAR, 0.3, "the 附注");
    // 7.4: the 版记 in 4号, one character in; the 印发日期 one character from the right.
    let inset = 14.0 * pdf::MM_PER_PT;
    let (page, cc) = printed.find("抄送：");
    let (_, printed_on) = printed.find("2025年1月21日印发");
    near(cc.left, LEFT + inset, 0.5, "抄送");
    near(printed_on.right, LEFT + WIDTH - inset, 0.5, "the 印发日期");
    near(
        size(cc) / size(note),
        14.0 / 16.0,
        0.08,
        "the 版记's size against the body's",
    );
    let printed_by = printed
        .lines()
        .find(|(_, l)| l.top > cc.bottom && l.text.starts_with("工业和信息化部办公厅"))
        .expect("the 印发机关")
        .1;
    near(printed_by.left, LEFT + inset, 0.5, "the 印发机关");
    // Three black rules as wide as the 版心: above 抄送, between 抄送 and 印发, under 印发.
    let raster = Raster::render(&printed.pdf, page, 200);
    let rows = raster.rules(
        LEFT + 0.3,
        LEFT + WIDTH - 0.3,
        note.bottom,
        printed_on.bottom + 6.0,
        pdf::dark,
    );
    let rules =
        rows.windows(2).filter(|w| w[1] - w[0] > 0.5).count() + usize::from(!rows.is_empty());
    assert_eq!(rules, 3, "the 版记's rules at {rows:?}");
    assert!(
        rows[0] < cc.top && rows[rows.len() - 1] > printed_on.bottom,
        "{rows:?}"
    );
}

/// A notice in English prints with English marks: the theme adds a full stop after a
/// run-in title and a colon after a label, and those are not the Chinese 。 and ：.
#[test]
fn an_english_notice_prints_with_its_own_marks() {
    if !can_print() {
        return;
    }
    let site = SiteTest::english_example();
    let printed = Printed::notice(&site, "partners-2027", "english");
    printed.assert_text(
        &[
            "1.Registeredorganisation.Theapplicant",
            "2.Trackrecord.Theapplicant",
            "1.Applyonline.Fillintheform",
            "Applyonline:https://apply.example.org/partners",
            "BeaconAccessLab,OpenHandsTrainingCo-op",
        ],
        &["。", "：", "，", "、", "（"],
    );
    assert_latin_layout(&printed);
}

/// A page in a language other than Chinese or Japanese prints with Latin typography, not on
/// GB/T 9704's character grid: 25 mm margins, 12pt text, the page number alone and centred
/// under the text, and no 一字线 round it.
#[track_caller]
fn assert_latin_layout(printed: &Printed) {
    assert!(printed.pages.len() > 1, "one page:\n{}", printed.dump());
    for (i, page) in printed.pages.iter().enumerate() {
        let number = i + 1;
        assert_a4(page, number);
        let (numbers, text): (Vec<&Line>, Vec<&Line>) = page
            .lines
            .iter()
            .partition(|l| l.text == number.to_string() && l.top > 297.0 - LATIN_MARGIN);
        assert_eq!(
            numbers.len(),
            1,
            "page {number}'s number:\n{}",
            printed.dump()
        );
        near(
            middle_x(numbers[0]),
            105.0,
            1.0,
            "the page number, from the left",
        );
        assert!(
            page.lines.iter().all(|l| !l.text.contains('—')),
            "page {number}: a dash\n{}",
            printed.dump()
        );
        // The first page opens with the site's name beside its logo, lower than the margin.
        if number > 1 {
            near(text[0].top, LATIN_MARGIN, 3.0, "a page's first line");
        }
        for line in &text {
            assert!(
                line.left >= LATIN_MARGIN - 0.3 && line.right <= 210.0 - LATIN_MARGIN + 0.5,
                "page {number}: a line outside the 25 mm margins: {line:?}"
            );
            assert!(
                line.bottom <= 297.0 - LATIN_MARGIN + 0.5,
                "page {number}: {line:?}"
            );
        }
    }
    // The body is set at 12pt (a line's glyph box is about 1.15 times its size), not the
    // standard's 16pt.
    let mut sizes: Vec<f64> = printed.lines().map(|(_, l)| size(l)).collect();
    sizes.sort_by(f64::total_cmp);
    let median = sizes[sizes.len() / 2] / pdf::MM_PER_PT;
    assert!(
        (11.0..=15.0).contains(&median),
        "median glyph box {median:.1} pt"
    );
}

/// The horizontal middle of a line.
fn middle_x(line: &Line) -> f64 {
    (line.left + line.right) / 2.0
}

/// The formal parts of an English notice print with English words and marks: the note in
/// Latin parentheses, the copy line joined with commas and ending in a full stop, a space
/// after the labels' colons and the attachments' numbers.
#[test]
fn an_english_formal_document_prints_with_latin_marks() {
    if !can_print() {
        return;
    }
    let site = SiteTest::english_example();
    site.file("content/files/a.docx", "form")
        .file("content/files/b.pdf", "%PDF-1.4\n")
        .file(
            "content/notices/formal.md",
            "---
title: Notice on managing vulnerabilities in 2025
date: 2025-01-20 09:00
issuer: General Office
issuer_mark: General Office of the Ministry
doc_number: GO-2025-01
addressee: All provincial authorities
note: This notice is published in full
cc: [Cyberspace Administration, Public Security Bureau。]
printed_by: General Office
printed: 2025-01-21
attachments:
  - { file: files/a.docx, label: Application form }
  - { file: files/b.pdf, label: Method of rating }
---

Send your report by 31 March 2025.
",
        );
    let printed = Printed::notice(&site, "formal", "english-formal");
    printed.assert_text(
        &[
            "GeneralOfficeoftheMinistry",
            "GO-2025-01",
            "Allprovincialauthorities:",
            "(Thisnoticeispublishedinfull)",
            "Copiesto:CyberspaceAdministration,PublicSecurityBureau.",
            "Printed21January2025",
        ],
        &["。", "：", "，", "、", "（", "—"],
    );
    // The room after "Attachments:" and "1." is a margin (a flex item drops its trailing
    // space): poppler's layout mode, which spaces words by where they stand, reads it.
    let layout = std::process::Command::new("pdftotext")
        .args(["-layout".as_ref(), printed.pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext runs");
    let layout = String::from_utf8_lossy(&layout.stdout);
    for expected in ["Attachments: 1. Application form", "2. Method of rating"] {
        assert!(
            layout.contains(expected),
            "{expected:?} not printed:\n{layout}"
        );
    }
}

/// On screen the formal parts are hidden; the print stylesheet is linked for print only,
/// under a content-hashed name; the defaults of 署名 and 成文日期; the brackets' warning.
#[test]
fn formal_parts_are_hidden_on_screen() {
    let site = SiteTest::example();
    site.file("content/files/a.docx", "申报表")
        .file("content/files/b.pdf", "%PDF-1.4\n")
        .file(
            "content/notices/formal.md",
            FORMAL.replace("written: 2025年1月20日\n", ""),
        );
    let run = site.build();
    run.success();
    crate::support::snapshot("print/doc_number_brackets", &run.stderr);
    let page = site.read("public/notices/formal/index.html");
    for part in [
        "<div class=\"gw-head\" hidden>",
        "<p class=\"gw-addressee\" hidden>",
        "<div class=\"gw-foot\" hidden>",
    ] {
        assert!(page.contains(part), "{part} is missing");
    }
    assert!(page.contains("<p class=\"gw-number\">工信厅网安〔2025〕1号</p>"));
    // The 署名 is the issuer when not given; the 成文日期 is the publication day.
    assert!(page.contains("<span class=\"gw-signatory\">工业和信息化部办公厅</span><span class=\"gw-written\">2025年1月20日</span>"), "{page}");
    assert!(page.contains("<span class=\"gw-n\">1.</span><span>2025年移动互联网应用程序安全漏洞管理工作支撑单位申报表（含承诺书及材料清单）</span>"));
    assert!(
        page.contains(
            "<span>国家互联网信息办公室，公安部网络安全保卫局，中国软件评测中心。</span>"
        )
    );
    let link = page
        .lines()
        .find(|l| l.contains("media=\"print\""))
        .expect("a print stylesheet");
    let href = link
        .split("href=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .expect("its URL");
    let name = href.rsplit('/').next().expect("a file name");
    assert!(
        name.starts_with("print.")
            && name.ends_with(".css")
            && name.len() == "print.12345678.css".len(),
        "{href}"
    );
    assert!(
        site.path(&format!("public/assets/{name}")).is_file(),
        "{name} is not published"
    );
    // The example notice's body opens with its 主送: the print layout shows it once.
    let example = site.read("public/notices/2025-cappvd-call/index.html");
    assert!(example.contains("<p class=\"gw-addressee\" hidden data-in-body>各有关单位：</p>"));
}

/// A notice in a language written right to left prints mirrored: `<html dir="rtl">`, its
/// paragraphs and headings start at the right margin, and its signature stands at the left
/// (the standard's "two characters from the right" is two from the end of the line).
#[test]
fn a_right_to_left_notice_prints_mirrored() {
    if !can_print() {
        return;
    }
    let site = SiteTest::english_example();
    site.file("data/interface.yaml", "ar:\n").file(
        "content/notices/rtl.md",
        "---
title: Notice written right to left
date: 2025-01-20 09:00
lang: ar
issuer: General Office
---

Short first paragraph.

## Requirements

Send the report.
",
    );
    let printed = Printed::notice(&site, "rtl", "rtl");
    let page = site.read("public/notices/rtl/index.html");
    assert!(
        page.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        crate::support::html_tag(&page)
    );
    let english = site.read("public/notices/partners-2027/index.html");
    assert!(english.contains("<html lang=\"en\">"));
    const END: f64 = 210.0 - LATIN_MARGIN;
    let (_, heading) = printed.find("Requirements");
    near(heading.right, END, 1.0, "a heading, from the right");
    assert!(heading.left > 105.0, "{heading:?}");
    // (The full stop of a Latin sentence in a right-to-left paragraph goes to its left.)
    let (_, paragraph) = printed.find("Sendthereport");
    near(
        paragraph.right,
        END - LATIN_INDENT,
        1.0,
        "a paragraph's indent, from the right",
    );
    // The signature's longer line, the date, ends two characters from the left margin.
    let (_, signatory) = printed.find("GeneralOffice");
    let (_, date) = printed.find("January");
    assert!(signatory.right < 105.0, "{signatory:?}");
    near(
        date.left,
        LATIN_MARGIN + LATIN_INDENT,
        1.0,
        "the date under the signature, from the left",
    );
}
