//! The plain text of rendered HTML: what feeds summarise and search indexes; and the
//! spacing rule between runs of text set one after another in Chinese or Latin script.

/// Whether `c` is set as one character per break opportunity, without spaces around it:
/// Chinese, Japanese and Korean characters, their punctuation and full-width forms.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x2E80..=0x303F
        | 0x3040..=0x30FF
        | 0x3100..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// What goes between two runs set one after the other (a list item's number and its
/// title, a run-in title and its text): a space between Latin ones (`1.` `Apply online`,
/// `Registered` `The applicant…`), nothing next to Chinese text or its punctuation
/// (`（一）` `能力证明`), nor where a side is empty or already ends in white space.
pub fn run_in_gap(before: &str, after: &str) -> &'static str {
    match (before.chars().next_back(), after.chars().next()) {
        (Some(a), Some(b))
            if !is_wide(a) && !is_wide(b) && !a.is_whitespace() && !b.is_whitespace() =>
        {
            " "
        }
        _ => "",
    }
}

/// The text of an HTML fragment: tags dropped (block ends become spaces), entities decoded,
/// whitespace collapsed. One pass, one allocation.
pub fn html_to_text(html: &str) -> String {
    let mut text = Text {
        out: String::with_capacity(html.len() / 2),
        space: false,
    };
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + end];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if !matches!(
            name,
            "a" | "strong" | "em" | "b" | "i" | "code" | "del" | "span" | "sup" | "sub" | "mark"
        ) {
            text.space = true;
        }
        rest = &rest[start + end + 1..];
    }
    text.push(rest);
    text.out
}

/// Plain text being collected: runs of whitespace become one space, none at either end.
struct Text {
    out: String,
    /// Whether a space is due before the next visible character.
    space: bool,
}

impl Text {
    /// Appends `raw` (text between tags), decoding entities. Scans bytes: only `&`, ASCII
    /// whitespace and the lead bytes of other Unicode whitespace (U+0085, U+00A0, U+1680,
    /// U+2000–U+205F, U+3000) need a look; Chinese text is copied in runs.
    fn push(&mut self, raw: &str) {
        let bytes = raw.as_bytes();
        let (mut run, mut i) = (0, 0);
        while i < bytes.len() {
            let width = match bytes[i] {
                b'&' | b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
                0xC2 | 0xE1 | 0xE2 | 0xE3 => match raw[i..].chars().next() {
                    Some(c) if c.is_whitespace() => c.len_utf8(),
                    Some(c) => {
                        i += c.len_utf8();
                        continue;
                    }
                    None => break,
                },
                _ => {
                    i += 1;
                    continue;
                }
            };
            self.visible(&raw[run..i]);
            if bytes[i] == b'&' {
                match entity(&raw[i + 1..]) {
                    Some((decoded, len)) => {
                        i += 1 + len;
                        run = i;
                        if decoded.is_whitespace() {
                            self.space = true;
                        } else {
                            self.visible(decoded.encode_utf8(&mut [0; 4]));
                        }
                    }
                    None => {
                        // A bare `&` is text: it starts the next run.
                        run = i;
                        i += 1;
                    }
                }
            } else {
                self.space = true;
                i += width;
                run = i;
            }
        }
        self.visible(&raw[run..]);
    }

    /// Appends characters that are not whitespace.
    fn visible(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push_str(s);
    }
}

/// The character an entity at the start of `after` (just past its `&`) stands for, and the
/// length of what it spans after the `&` (its name and `;`).
fn entity(after: &str) -> Option<(char, usize)> {
    let end = after.find(';').filter(|e| *e <= 10)?;
    let name = &after[..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32)?,
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_spaced_as_their_scripts_are() {
        assert_eq!(run_in_gap("1.", "Apply online"), " ");
        assert_eq!(run_in_gap("Registered", "The applicant"), " ");
        assert_eq!(run_in_gap("（一）", "能力证明"), "");
        assert_eq!(run_in_gap("遵纪守法", "申报单位应"), "");
        assert_eq!(run_in_gap("ISO 27001", "认证"), "");
        assert_eq!(run_in_gap("一、", "Apply"), "");
        // Nothing to separate, or already apart.
        assert_eq!(run_in_gap("", "Apply"), "");
        assert_eq!(run_in_gap("1. ", "Apply"), "");
        assert_eq!(run_in_gap("Registered", ""), "");
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text(
                "<h2 id=\"x\">一、总则</h2><p>按照<strong>“自愿申报”</strong>&amp;原则</p><ul><li>甲</li><li>乙&#x27;</li></ul>"
            ),
            "一、总则 按照“自愿申报”&原则 甲 乙'"
        );
        assert_eq!(html_to_text("a &unknown; b & c"), "a &unknown; b & c");
        assert_eq!(
            html_to_text("  <p> 甲&nbsp;&nbsp;乙 </p>\n<p>丙&#x4E01;</p> "),
            "甲 乙 丙丁"
        );
        assert_eq!(html_to_text("a&amp;&lt;b&#10;c"), "a&<b c");
        assert_eq!(html_to_text("x<br>y<b>z</b>w"), "x yzw");
        assert_eq!(html_to_text("unclosed <p"), "unclosed");
        // Unicode whitespace of every width collapses too; other characters stay.
        assert_eq!(
            html_to_text("甲\u{3000}乙\u{a0}丙\u{2003}\u{85}丁、「戊」\u{1680}己&amp"),
            "甲 乙 丙 丁、「戊」 己&amp"
        );
    }
}
