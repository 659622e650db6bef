//! The parts of a notice whose form GB/T 9704-2012 (党政机关公文格式) fixes, as the print
//! layout shows them: the document number (发文字号, the year in 〔〕), the note (附注, in
//! （）), the names of the attachment note (附件说明) and the copy line (抄送). Editors' text
//! is kept as written; these functions give the standard's form, and say what they changed
//! so that a load can warn. The marks are the notice's language's (its `list.parenthesis`,
//! `list.comma` and `list.sentence_end`): the standard's in Chinese, Latin ones in English.

use std::path::Path;

use super::front_matter::{FrontMatter, Names};
use crate::diagnostics::Diagnostic;

/// Brackets editors put around the year instead of the standard's 六角括号 〔〕, by pairs.
const BRACKETS: [(char, char); 11] = [
    ('〔', '〕'),
    ('[', ']'),
    ('［', '］'),
    ('(', ')'),
    ('（', '）'),
    ('【', '】'),
    ('〖', '〗'),
    ('{', '}'),
    ('｛', '｝'),
    ('<', '>'),
    ('〈', '〉'),
];

/// A document number in the standard's form (7.2.4): the year in full between 〔〕, the
/// serial number without 第 and without leading zeros, then 号 (工信厅网安〔2025〕1号).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// The number in the standard's form, as far as it can be told from what was written.
    pub text: String,
    /// What differs from the standard in what was written, one phrase each (empty when
    /// nothing does).
    pub problems: Vec<String>,
}

impl DocNumber {
    /// Reads a document number as written. Text without a bracketed year is left as it is:
    /// it may follow another numbering.
    pub fn new(written: &str) -> Self {
        let written = written.trim();
        let mut problems = Vec::new();
        let Some((prefix, open, year, close, rest)) = bracketed_year(written) else {
            return DocNumber {
                text: written.to_string(),
                problems,
            };
        };
        if (open, close) != ('〔', '〕') {
            problems.push(format!(
                "the year is in `{open}{close}`, where the standard has the 六角括号 `〔〕`"
            ));
        }
        let (year, wide) = half_width(year);
        if wide {
            problems.push("the year is in full-width digits".to_string());
        }
        if year.len() != 4 {
            problems.push(format!(
                "the year `{year}` is not written in full (four digits, such as 2025)"
            ));
        }
        let rest = match serial(rest) {
            Some((with_di, digits)) => {
                let (digits, wide) = half_width(digits);
                if with_di {
                    problems.push("the serial number has `第` before it".to_string());
                }
                if wide {
                    problems.push("the serial number is in full-width digits".to_string());
                }
                let trimmed = digits.trim_start_matches('0');
                let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
                if trimmed != digits {
                    problems.push(format!(
                        "the serial number `{digits}` has leading zeros (write `{trimmed}号`)"
                    ));
                }
                format!("{trimmed}号")
            }
            None => rest.to_string(),
        };
        DocNumber {
            text: format!("{prefix}〔{year}〕{rest}"),
            problems,
        }
    }
}

/// Splits `text` around its first bracketed run of digits: (before, opening bracket,
/// digits, closing bracket, after). The brackets need not match (`〔2025]`): that is still
/// the year, and still wrong.
fn bracketed_year(text: &str) -> Option<(&str, char, &str, char, &str)> {
    let opens = |c: char| BRACKETS.iter().any(|(o, _)| *o == c);
    let closes = |c: char| BRACKETS.iter().any(|(_, cl)| *cl == c);
    text.char_indices()
        .filter(|&(_, c)| opens(c))
        .find_map(|(start, open)| {
            let after_open = start + open.len_utf8();
            let digits_end = text[after_open..]
                .char_indices()
                .find(|&(_, c)| !is_digit(c))
                .map_or(text.len(), |(i, _)| after_open + i);
            let close = text[digits_end..].chars().next().filter(|&c| closes(c))?;
            (digits_end > after_open).then(|| {
                (
                    &text[..start],
                    open,
                    &text[after_open..digits_end],
                    close,
                    &text[digits_end + close.len_utf8()..],
                )
            })
        })
}

/// An ASCII or full-width digit.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Reads `第12号` or `12号` (whether 第 was written, the digits); `None` for anything else.
fn serial(text: &str) -> Option<(bool, &str)> {
    let (with_di, text) = match text.strip_prefix('第') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let digits = text.strip_suffix('号')?;
    (!digits.is_empty() && digits.chars().all(is_digit)).then_some((with_di, digits))
}

/// `digits` in ASCII, and whether any was full-width.
fn half_width(digits: &str) -> (String, bool) {
    let mut wide = false;
    let text = digits
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                wide = true;
                char::from(b'0' + (c as u32 - '０' as u32) as u8)
            }
            c => c,
        })
        .collect();
    (text, wide)
}

/// The note (附注) without the parentheses it may be written in (（）, () or none): the
/// print layout puts it in the language's own, as the standard does (`（此件公开发布）`).
pub fn note(written: &str) -> &str {
    let text = written.trim();
    ["（", "("]
        .iter()
        .zip(["）", ")"])
        .find_map(|(open, close)| text.strip_prefix(open)?.strip_suffix(close))
        .unwrap_or(text)
        .trim()
}

/// An attachment's name for the attachment note (附件说明): its label without a leading
/// `附件1：` or `附件：` and without closing punctuation (7.3.4: 附件名称后不加标点符号).
pub fn attachment_name(label: &str) -> &str {
    let label = label.trim();
    let name = label
        .strip_prefix("附件")
        .map(|rest| rest.trim_start_matches(|c: char| is_digit(c) || c.is_whitespace()))
        .and_then(|rest| rest.strip_prefix(['：', ':']))
        .unwrap_or(label);
    name.trim()
        .trim_end_matches(['。', '.', '，', ',', '；', ';', '：', ':'])
}

/// The copy line after `抄送：`: the names joined with `comma`, ending in `end` (7.4.2:
/// `，` and `。`).
pub fn cc_line(names: &Names, comma: &str, end: &str) -> Option<String> {
    let joined = match names {
        Names::One(line) => line.trim().to_string(),
        Names::Many(list) => list
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(comma),
    };
    let joined = joined.trim_end_matches(['。', '.', '，', ',', '；', ';']);
    (!joined.is_empty()).then(|| format!("{joined}{end}"))
}

/// Whether the body's first line is the addressee line itself (`各有关单位：`), as in notices
/// written before `addressee` existed; the print layout then shows it once.
pub fn body_opens_with_addressee(body: &str, addressee: &str) -> bool {
    let first = body.lines().map(str::trim).find(|l| !l.is_empty());
    first.is_some_and(|line| {
        let line = line.trim_end_matches(['：', ':']).trim_end();
        line == addressee.trim().trim_end_matches(['：', ':'])
    })
}

/// Warnings about the front matter's formal-document fields (a document number not in the
/// standard's form), located at the field by `locate`.
pub fn warnings(
    front: &FrontMatter,
    file: &Path,
    locate: impl Fn(&str) -> Option<crate::diagnostics::Location>,
) -> Vec<Diagnostic> {
    let Some(written) = &front.doc_number else {
        return Vec::new();
    };
    let number = DocNumber::new(written);
    if number.problems.is_empty() {
        return Vec::new();
    }
    let hint = if number.text == written.trim() {
        "write the year in full between 〔〕, e.g. `工信厅网安〔2025〕1号`".to_string()
    } else {
        format!(
            "write `{}` (pages and the print layout show it so)",
            number.text
        )
    };
    vec![
        Diagnostic::warning(
            file,
            format!(
                "the document number (发文字号) is not in the form of GB/T 9704-2012: {}",
                number.problems.join("; ")
            ),
        )
        .at_opt(locate("doc_number"))
        .hint(hint),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_numbers_pass() {
        let n = DocNumber::new("工信厅网安〔2025〕1号");
        assert_eq!(n.text, "工信厅网安〔2025〕1号");
        assert!(n.problems.is_empty());
        // Another numbering is left alone.
        assert!(DocNumber::new("CAPPVD-2025-01").problems.is_empty());
    }

    #[test]
    fn brackets_are_normalised() {
        for written in [
            "工信厅网安[2025]1号",
            "工信厅网安(2025)1号",
            "工信厅网安（2025）1号",
            "工信厅网安【2025】1号",
            "工信厅网安［2025］1号",
            "工信厅网安〔2025]1号",
        ] {
            let n = DocNumber::new(written);
            assert_eq!(n.text, "工信厅网安〔2025〕1号", "{written}");
            assert_eq!(n.problems.len(), 1, "{written}: {:?}", n.problems);
            assert!(n.problems[0].contains("六角括号"), "{:?}", n.problems);
        }
    }

    #[test]
    fn serial_numbers_lose_di_and_zeros() {
        let n = DocNumber::new("工信厅网安〔２０２５〕第012号");
        assert_eq!(n.text, "工信厅网安〔2025〕12号");
        assert_eq!(n.problems.len(), 3, "{:?}", n.problems);
        let short = DocNumber::new("工信厅网安〔25〕1号");
        assert_eq!(short.text, "工信厅网安〔25〕1号");
        assert!(
            short.problems[0].contains("in full"),
            "{:?}",
            short.problems
        );
    }

    #[test]
    fn notes_get_one_pair_of_parentheses() {
        assert_eq!(note("此件公开发布"), "此件公开发布");
        assert_eq!(note("（此件公开发布）"), "此件公开发布");
        assert_eq!(note(" (此件公开发布) "), "此件公开发布");
        assert_eq!(note("(Published in full)"), "Published in full");
    }

    #[test]
    fn attachment_names_lose_their_prefix() {
        assert_eq!(attachment_name("附件1：申报表"), "申报表");
        assert_eq!(attachment_name("附件 2: 承诺书。"), "承诺书");
        assert_eq!(attachment_name("附件：名单"), "名单");
        assert_eq!(attachment_name("附件说明书"), "附件说明书");
        assert_eq!(attachment_name("申报表"), "申报表");
    }

    #[test]
    fn cc_lines_end_in_a_full_stop() {
        let list = Names::Many(vec!["各省工信厅".into(), " 部属各单位 ".into()]);
        assert_eq!(
            cc_line(&list, "，", "。").unwrap(),
            "各省工信厅，部属各单位。"
        );
        let one = Names::One("办公厅。".into());
        assert_eq!(cc_line(&one, "，", "。").unwrap(), "办公厅。");
        assert_eq!(cc_line(&Names::Many(vec![]), "，", "。"), None);
        let english = Names::Many(vec!["Cyberspace Office".into(), "Police.".into()]);
        assert_eq!(
            cc_line(&english, ", ", ".").unwrap(),
            "Cyberspace Office, Police."
        );
    }

    #[test]
    fn addressee_lines_are_recognised() {
        assert!(body_opens_with_addressee(
            "\n各有关单位：\n\n正文",
            "各有关单位"
        ));
        assert!(body_opens_with_addressee("各有关单位:\n", "各有关单位："));
        assert!(!body_opens_with_addressee(
            "正文\n各有关单位：",
            "各有关单位"
        ));
    }
}
