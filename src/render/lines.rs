//! Content lines, the text form iCalendar (RFC 5545) and vCard (RFC 6350) share: CRLF
//! endings, lines folded at 75 octets (never inside a UTF-8 sequence), and backslash
//! escapes in text values.

/// Content lines being written: CRLF endings, folded at 75 octets.
#[derive(Default)]
pub(super) struct Lines(String);

impl Lines {
    /// A line whose value needs no escaping (dates, URIs, constants).
    pub(super) fn raw(&mut self, line: &str) {
        fold_into(&mut self.0, line);
    }

    /// `NAME:value` with `value` escaped as TEXT.
    pub(super) fn text(&mut self, name: &str, value: &str) {
        self.raw(&format!("{name}:{}", escape(value)));
    }

    pub(super) fn finish(self) -> String {
        self.0
    }
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11,
/// RFC 6350 §3.4). Other control characters are dropped.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded into physical lines of at most 75 octets (continuations start with
/// one space, which counts), each ending in CRLF.
pub fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "申".repeat(40));
        fold_into(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?} is {}", physical.len());
        }
        assert!(out.ends_with("\r\n"));
        assert_eq!(out.replace("\r\n ", "").trim_end(), line);
        assert!(!out.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        fold_into(&mut out, &"A".repeat(75));
        assert_eq!(out, format!("{}\r\n", "A".repeat(75)));
        let mut out = String::new();
        fold_into(&mut out, &"A".repeat(76));
        assert_eq!(out, format!("{}\r\n A\r\n", "A".repeat(75)));
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
        assert_eq!(escape("甲\u{7}乙"), "甲乙");
    }
}
