//! Where everything goes on a share image, in pixels: the roster picture of one tier (or
//! one part of a long tier) and the card of a notice. Text is broken into lines here, with
//! the fonts' advances ([`super::wrap`]), and shrunk (down to a smallest size) until it fits
//! its box; what still does not fit is cut with an ellipsis. The templates
//! (`templates/share/*.svg`) draw what this decides: they place nothing themselves.

use std::ops::Range;

use serde::Serialize;

use super::fonts::Fonts;
use super::wrap::break_lines;

/// Width of a roster picture, for phones.
pub const ROSTER_WIDTH: u32 = 1080;
/// Columns of units in a roster picture.
pub const COLUMNS: usize = 3;
/// Rows of units in a roster picture, at most.
pub const ROWS: usize = 8;
/// Units in one roster picture, at most: a longer tier is split over several pictures.
pub const PER_PICTURE: usize = COLUMNS * ROWS;
/// Size of a notice card (the Open Graph image), the size link previews expect.
pub const CARD_WIDTH: u32 = 1200;
/// Height of a notice card.
pub const CARD_HEIGHT: u32 = 630;

const MARGIN: f64 = 64.0;
const CONTENT: f64 = ROSTER_WIDTH as f64 - 2.0 * MARGIN;
const GAP: f64 = 20.0;
const CELL_W: f64 = (CONTENT - (COLUMNS as f64 - 1.0) * GAP) / COLUMNS as f64;
const CELL_H: f64 = 248.0;
const PAD: f64 = 16.0;
const LOGO_H: f64 = 104.0;
const NAME_H: f64 = 100.0;
const GRID_TOP: f64 = 336.0;
const FOOTER: f64 = 248.0;
/// The share of a box's width that text may fill: shaping may set a line a little wider
/// than the sum of its advances.
const FILL: f64 = 0.98;

/// The parts a tier of `count` units is split into: as few pictures as hold them, with
/// units spread evenly (65 units: 22, 22 and 21). No units, no picture.
pub fn parts(count: usize) -> Vec<Range<usize>> {
    if count == 0 {
        return Vec::new();
    }
    let n = count.div_ceil(PER_PICTURE);
    let (base, extra) = (count / n, count % n);
    let mut start = 0;
    (0..n)
        .map(|i| {
            let len = base + usize::from(i < extra);
            let range = start..start + len;
            start += len;
            range
        })
        .collect()
}

/// The height of a roster picture of `units` units.
pub fn roster_height(units: usize) -> u32 {
    let rows = units.div_ceil(COLUMNS).max(1) as f64;
    (GRID_TOP + rows * CELL_H + (rows - 1.0) * GAP + FOOTER) as u32
}

/// A rectangle, in pixels.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// One line of text, placed: `x` is where it starts, `y` its baseline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    /// The text.
    pub text: String,
    /// Left end of the line.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Width, as measured with the fonts' advances.
    pub width: f64,
}

/// A block of text, broken into lines that fit its box.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Text {
    /// The box it was fitted into.
    #[serde(rename = "box")]
    pub area: Rect,
    /// Font size, in pixels.
    pub size: f64,
    /// Distance between baselines.
    pub line_height: f64,
    /// The lines.
    pub lines: Vec<Line>,
    /// Whether text was cut to fit (the last line ends with …).
    pub cut: bool,
}

/// How a block of text is fitted into its box.
#[derive(Debug, Clone, Copy)]
struct Style<'a> {
    /// Font sizes to try, largest first.
    sizes: &'a [f64],
    /// Line height, as a multiple of the size.
    leading: f64,
    /// Most lines, whatever the box's height.
    max_lines: usize,
    /// Centre the lines in the box (else start them at its left).
    centre: bool,
}

/// Fits `text` into `area`: the largest size whose lines fit, else the smallest with the
/// last line cut.
fn fit(fonts: &Fonts, text: &str, area: Rect, style: Style<'_>) -> Text {
    let advances = fonts.advances(text);
    let room = area.width * FILL;
    let smallest = style.sizes.last().copied().unwrap_or(16.0);
    let mut chosen = None;
    for &size in style.sizes {
        let line_height = size * style.leading;
        let allowed =
            ((area.height / line_height).floor() as usize).clamp(1, style.max_lines.max(1));
        let lines = break_lines(text, &advances, (room / size) as f32);
        if lines.len() <= allowed {
            chosen = Some((size, lines, false));
            break;
        }
        if size == smallest {
            chosen = Some((size, cut(fonts, lines, allowed, room / size), true));
        }
    }
    let (size, lines, cut) = chosen.unwrap_or((smallest, Vec::new(), false));
    let line_height = size * style.leading;
    let (ascent, descent) = (f64::from(fonts.ascent()), f64::from(fonts.descent()));
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let width = f64::from(line.width) * size;
            let top = area.y + i as f64 * line_height;
            let baseline = top + (line_height - (ascent + descent) * size) / 2.0 + ascent * size;
            let x = if style.centre {
                area.x + (area.width - width) / 2.0
            } else {
                area.x
            };
            Line {
                text: line.text,
                x: round(x),
                y: round(baseline),
                width: round(width),
            }
        })
        .collect();
    Text {
        area,
        size,
        line_height: round(line_height),
        lines,
        cut,
    }
}

/// Keeps `allowed` lines, the last one shortened to end with … within `room` (em).
fn cut(
    fonts: &Fonts,
    mut lines: Vec<super::wrap::Line>,
    allowed: usize,
    room: f64,
) -> Vec<super::wrap::Line> {
    lines.truncate(allowed);
    if let Some(last) = lines.last_mut() {
        let ellipsis: f32 = fonts.advances("…").iter().sum();
        let mut chars: Vec<char> = last.text.chars().collect();
        let mut advances = fonts.advances(&last.text);
        while !chars.is_empty() && f64::from(advances.iter().sum::<f32>() + ellipsis) > room {
            chars.pop();
            advances.pop();
        }
        last.text = chars.into_iter().collect::<String>() + "…";
        last.width = advances.iter().sum::<f32>() + ellipsis;
    }
    lines
}

/// Rounds a coordinate to a hundredth of a pixel, so the SVG text is short and stable.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A unit of a roster picture.
#[derive(Debug, Clone)]
pub struct UnitInput<'a> {
    /// The unit's id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// What stands in for a missing logo (its short name).
    pub short: &'a str,
    /// Its logo, if it has one.
    pub logo: Option<LogoInput>,
    /// Whether it is sample data.
    pub example: bool,
}

/// A logo to place: how the picture refers to it and its size in pixels.
#[derive(Debug, Clone)]
pub struct LogoInput {
    /// The `href` of its `<image>`.
    pub href: String,
    /// Width of the processed logo.
    pub width: u32,
    /// Height of the processed logo.
    pub height: u32,
}

/// What a roster picture shows, as text made by the caller.
#[derive(Debug, Clone)]
pub struct RosterInput<'a> {
    /// The round's title.
    pub title: &'a str,
    /// The tier's marks and name (★★★ 三星支撑单位).
    pub heading: String,
    /// The count and the part (共 30 家 · 第 1/2 张).
    pub subheading: String,
    /// The units of this picture, in page order.
    pub units: Vec<UnitInput<'a>>,
    /// The order note (排名不分先后…).
    pub note: &'a str,
    /// A remark under the note (sample data), if any.
    pub remark: Option<&'a str>,
    /// The site's name.
    pub footer: &'a str,
}

/// A logo, placed in its cell keeping its aspect ratio.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlacedLogo {
    /// The `href` of its `<image>`.
    pub href: String,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A unit's cell.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cell {
    /// The unit's id.
    pub id: String,
    /// Whether it is sample data.
    pub example: bool,
    /// The cell.
    #[serde(rename = "box")]
    pub area: Rect,
    /// Its logo, or null.
    pub logo: Option<PlacedLogo>,
    /// The short name shown instead of a missing logo, or null.
    pub short: Option<Text>,
    /// The unit's name.
    pub name: Text,
}

/// A roster picture, laid out.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RosterLayout {
    /// Width, pixels.
    pub width: u32,
    /// Height, pixels.
    pub height: u32,
    /// The round's title.
    pub title: Text,
    /// The tier.
    pub heading: Text,
    /// Count and part.
    pub subheading: Text,
    /// The area the cells are in.
    pub grid: Rect,
    /// The units.
    pub cells: Vec<Cell>,
    /// The order note.
    pub note: Text,
    /// The remark, or null.
    pub remark: Option<Text>,
    /// The site's name.
    pub footer: Text,
}

const TITLE: Style<'static> = Style {
    sizes: &[48.0, 44.0, 40.0],
    leading: 1.3,
    max_lines: 2,
    centre: true,
};
const HEADING: Style<'static> = Style {
    sizes: &[40.0, 36.0, 32.0, 28.0],
    leading: 1.3,
    max_lines: 1,
    centre: true,
};
const LINE: Style<'static> = Style {
    sizes: &[26.0, 24.0, 22.0],
    leading: 1.35,
    max_lines: 1,
    centre: true,
};
const NAME: Style<'static> = Style {
    sizes: &[24.0, 22.0, 20.0, 18.0],
    leading: 1.35,
    max_lines: 4,
    centre: true,
};
const SHORT: Style<'static> = Style {
    sizes: &[34.0, 30.0, 26.0, 22.0],
    leading: 1.25,
    max_lines: 2,
    centre: true,
};
const NOTE: Style<'static> = Style {
    sizes: &[24.0, 22.0, 20.0],
    leading: 1.4,
    max_lines: 2,
    centre: true,
};
const REMARK: Style<'static> = Style {
    sizes: &[22.0, 20.0, 18.0],
    leading: 1.4,
    max_lines: 1,
    centre: true,
};

fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

/// Lays out a roster picture of `input` (at most [`PER_PICTURE`] units).
pub fn roster(fonts: &Fonts, input: &RosterInput<'_>) -> RosterLayout {
    let height = roster_height(input.units.len());
    let rows = input.units.len().div_ceil(COLUMNS).max(1) as f64;
    let grid = rect(
        MARGIN,
        GRID_TOP,
        CONTENT,
        rows * CELL_H + (rows - 1.0) * GAP,
    );
    let cells = input
        .units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let (row, column) = ((i / COLUMNS) as f64, (i % COLUMNS) as f64);
            let area = rect(
                MARGIN + column * (CELL_W + GAP),
                GRID_TOP + row * (CELL_H + GAP),
                CELL_W,
                CELL_H,
            );
            let inner = area.width - 2.0 * PAD;
            let logo_box = rect(area.x + PAD, area.y + PAD, inner, LOGO_H);
            let name_box = rect(area.x + PAD, area.y + PAD + LOGO_H + 12.0, inner, NAME_H);
            let logo = unit.logo.as_ref().map(|logo| {
                let (w, h) = (f64::from(logo.width), f64::from(logo.height));
                let scale = (logo_box.width / w).min(logo_box.height / h).min(1.0);
                let (w, h) = (w * scale, h * scale);
                PlacedLogo {
                    href: logo.href.clone(),
                    x: round(logo_box.x + (logo_box.width - w) / 2.0),
                    y: round(logo_box.y + (logo_box.height - h) / 2.0),
                    width: round(w),
                    height: round(h),
                }
            });
            let short = logo.is_none().then(|| {
                let mut text = fit(fonts, unit.short, logo_box, SHORT);
                centre_vertically(&mut text);
                text
            });
            Cell {
                id: unit.id.to_string(),
                example: unit.example,
                area,
                logo,
                short,
                name: fit(fonts, unit.name, name_box, NAME),
            }
        })
        .collect();
    let below = grid.y + grid.height + 36.0;
    let mut title = fit(
        fonts,
        input.title,
        rect(MARGIN, 56.0, CONTENT, 125.0),
        TITLE,
    );
    centre_vertically(&mut title);
    RosterLayout {
        width: ROSTER_WIDTH,
        height,
        title,
        heading: fit(
            fonts,
            &input.heading,
            rect(MARGIN, 196.0, CONTENT, 52.0),
            HEADING,
        ),
        subheading: fit(
            fonts,
            &input.subheading,
            rect(MARGIN, 252.0, CONTENT, 36.0),
            LINE,
        ),
        grid,
        cells,
        note: fit(fonts, input.note, rect(MARGIN, below, CONTENT, 68.0), NOTE),
        remark: input
            .remark
            .map(|r| fit(fonts, r, rect(MARGIN, below + 68.0, CONTENT, 32.0), REMARK)),
        footer: fit(
            fonts,
            input.footer,
            rect(MARGIN, f64::from(height) - 48.0 - 36.0, CONTENT, 36.0),
            LINE,
        ),
    }
}

/// Moves a block's lines down so the block sits in the middle of its box (the box stays).
fn centre_vertically(text: &mut Text) {
    let used = text.lines.len() as f64 * text.line_height;
    let shift = round(((text.area.height - used) / 2.0).max(0.0));
    for line in &mut text.lines {
        line.y = round(line.y + shift);
    }
}

/// What a notice card shows, as text made by the caller.
#[derive(Debug, Clone)]
pub struct CardInput<'a> {
    /// The site's name.
    pub site: &'a str,
    /// The notice's title.
    pub title: &'a str,
    /// Issuer and date (中国软件评测中心 · 2025年1月22日).
    pub byline: String,
    /// The deadline and its status (正在申报 · 截止 2025年8月31日), if any.
    pub status: Option<String>,
}

/// A notice card, laid out.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CardLayout {
    /// Width, pixels.
    pub width: u32,
    /// Height, pixels.
    pub height: u32,
    /// The site's name.
    pub site_name: Text,
    /// The title.
    pub title: Text,
    /// Issuer and date.
    pub byline: Text,
    /// Deadline and status, or null.
    pub status: Option<Text>,
}

const CARD_MARGIN: f64 = 80.0;
const CARD_CONTENT: f64 = CARD_WIDTH as f64 - 2.0 * CARD_MARGIN;

/// Lays out a notice card.
pub fn card(fonts: &Fonts, input: &CardInput<'_>) -> CardLayout {
    let line = Style {
        sizes: &[30.0, 28.0, 26.0],
        leading: 1.35,
        max_lines: 1,
        centre: false,
    };
    let title = Style {
        sizes: &[60.0, 56.0, 52.0, 48.0, 44.0],
        leading: 1.3,
        max_lines: 5,
        centre: false,
    };
    let at = |y: f64, h: f64| rect(CARD_MARGIN, y, CARD_CONTENT, h);
    let mut title = fit(fonts, input.title, at(136.0, 300.0), title);
    centre_vertically(&mut title);
    CardLayout {
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        site_name: fit(fonts, input.site, at(60.0, 42.0), line),
        title,
        byline: fit(fonts, &input.byline, at(468.0, 42.0), line),
        status: input
            .status
            .as_ref()
            .map(|s| fit(fonts, s, at(524.0, 42.0), line)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tiers_are_split_evenly() {
        let sizes = |n| parts(n).iter().map(|r| r.len()).collect::<Vec<_>>();
        assert!(parts(0).is_empty());
        assert_eq!(sizes(1), [1]);
        assert_eq!(sizes(PER_PICTURE), [PER_PICTURE]);
        assert_eq!(sizes(65), [22, 22, 21]);
        assert_eq!(parts(300).len(), 300usize.div_ceil(PER_PICTURE));
        assert_eq!(parts(65).last().unwrap().end, 65);
    }

    #[test]
    fn heights_follow_rows() {
        assert_eq!(roster_height(1), roster_height(COLUMNS));
        assert!(roster_height(COLUMNS + 1) > roster_height(COLUMNS));
        assert_eq!(roster_height(PER_PICTURE), 336 + 8 * 248 + 7 * 20 + 248);
    }
}
