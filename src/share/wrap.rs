//! Breaking text into lines of a given width, the way Chinese is set: a line may break
//! between any two Chinese characters, Latin words and numbers stay whole (unless one alone
//! is wider than the line), and punctuation follows the usual rules (禁则): closing marks
//! such as ，。）》 never start a line and opening marks such as （《 never end one. SVG
//! does not wrap text, so the layout breaks it here, with the font's advances.

use crate::text::is_wide;

/// Characters that may not start a line: they stay with what comes before them.
const NO_START: &str = "，。、；：？！）》」』】〕〉’”…—·%‰℃,.;:?!)]}>";
/// Characters that may not end a line: they go with what comes after them.
const NO_END: &str = "（《「『【〔〈‘“([{<";

/// One line and its width, in the unit of the advances given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    /// The text of the line, without leading or trailing spaces.
    pub text: String,
    /// Its width.
    pub width: f32,
}

/// An unbreakable piece of text: characters `start..end` (char indexes) and its width.
#[derive(Debug, Clone, Copy)]
struct Atom {
    start: usize,
    end: usize,
    width: f32,
    space: bool,
}

/// Splits `chars` into atoms: each wide character, each run of other non-space
/// characters, each run of spaces; then glues marks to their neighbours.
fn atoms(chars: &[char], advances: &[f32]) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
        } else if is_wide(c) || NO_START.contains(c) || NO_END.contains(c) {
            i += 1;
        } else {
            while i < chars.len() {
                let d = chars[i];
                if d.is_whitespace() || is_wide(d) || NO_START.contains(d) || NO_END.contains(d) {
                    break;
                }
                i += 1;
            }
        }
        let width = advances[start..i].iter().sum();
        out.push(Atom {
            start,
            end: i,
            width,
            space: c.is_whitespace(),
        });
    }
    // Glue: a no-start mark to the atom before it, a no-end mark to the atom after it.
    let mut glued: Vec<Atom> = Vec::with_capacity(out.len());
    let mut carry: Option<Atom> = None;
    for atom in out {
        let first = chars[atom.start];
        let mut atom = match carry.take() {
            Some(open) if !atom.space => Atom {
                start: open.start,
                end: atom.end,
                width: open.width + atom.width,
                space: false,
            },
            Some(open) => {
                glued.push(open);
                atom
            }
            None => atom,
        };
        if !atom.space && NO_END.contains(chars[atom.end - 1]) {
            carry = Some(atom);
            continue;
        }
        if !atom.space
            && NO_START.contains(first)
            && let Some(prev) = glued.last_mut()
            && !prev.space
        {
            prev.end = atom.end;
            prev.width += atom.width;
            continue;
        }
        if atom.space && glued.is_empty() {
            // Leading spaces are dropped.
            atom.width = 0.0;
        }
        glued.push(atom);
    }
    glued.extend(carry);
    glued
}

/// Breaks `text` into lines at most `width` wide; `advances` holds each character's
/// advance, in the same unit. Spaces at a break disappear; a piece wider than a line on its
/// own is cut between characters.
pub fn break_lines(text: &str, advances: &[f32], width: f32) -> Vec<Line> {
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(chars.len(), advances.len(), "one advance per character");
    let mut lines: Vec<Line> = Vec::new();
    let mut current = Line::default();
    let mut space: Option<Atom> = None;
    let piece = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    for atom in atoms(&chars, advances) {
        if atom.space {
            if !current.text.is_empty() {
                space = Some(atom);
            }
            continue;
        }
        let gap = space.map_or(0.0, |s| s.width);
        if !current.text.is_empty() && current.width + gap + atom.width <= width {
            if let Some(s) = space.take() {
                current.text.push_str(&piece(s.start, s.end));
                current.width += s.width;
            }
            current.text.push_str(&piece(atom.start, atom.end));
            current.width += atom.width;
            continue;
        }
        space = None;
        if !current.text.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if atom.width <= width {
            current = Line {
                text: piece(atom.start, atom.end),
                width: atom.width,
            };
            continue;
        }
        // Wider than a line: cut between characters.
        for i in atom.start..atom.end {
            if !current.text.is_empty() && current.width + advances[i] > width {
                lines.push(std::mem::take(&mut current));
            }
            current.text.push(chars[i]);
            current.width += advances[i];
        }
    }
    if !current.text.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wide characters 1 em, others half.
    fn lines(text: &str, width: f32) -> Vec<String> {
        let advances: Vec<f32> = text
            .chars()
            .map(|c| if is_wide(c) { 1.0 } else { 0.5 })
            .collect();
        let out = break_lines(text, &advances, width);
        for line in &out {
            assert!(
                line.width <= width || line.text.chars().count() == 1,
                "{line:?}"
            );
        }
        out.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn chinese_breaks_between_any_characters() {
        assert_eq!(lines("示例单位甲乙丙", 3.0), ["示例单", "位甲乙", "丙"]);
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        assert_eq!(
            lines("关于开展2025年度APP安全工作", 5.0),
            ["关于开展", "2025年度", "APP安全工", "作"]
        );
        assert_eq!(lines("Open Source Lab", 4.0), ["Open", "Source", "Lab"]);
    }

    #[test]
    fn closing_marks_never_start_a_line_and_opening_marks_never_end_one() {
        // Without the rule the second line would start with ，.
        assert_eq!(lines("甲乙丙，丁", 3.0), ["甲乙", "丙，丁"]);
        // Without the rule the first line would end with （.
        assert_eq!(lines("甲乙（丙）", 3.0), ["甲乙", "（丙）"]);
        assert_eq!(lines("甲乙（《丙》）", 5.0), ["甲乙", "（《丙》）"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        assert_eq!(lines("abcdefgh", 2.0), ["abcd", "efgh"]);
    }

    #[test]
    fn spaces_disappear_at_breaks() {
        assert_eq!(lines("  ab  cd  ", 1.5), ["ab", "cd"]);
    }
}
