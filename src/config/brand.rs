//! The site's brand colour: the theme's accent (rules, headings, the navigation bar) in
//! light and dark schemes, with WCAG 2 contrast checks.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour {
    r: u8,
    g: u8,
    b: u8,
}

impl Colour {
    /// Parses `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Result<Colour, String> {
        let hex = text
            .strip_prefix('#')
            .filter(|h| (h.len() == 3 || h.len() == 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| {
                format!("`{text}` is not a colour: write it as `#rrggbb`, e.g. `#1d4f91`")
            })?;
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).unwrap_or(0);
        Ok(if hex.len() == 3 {
            Colour {
                r: digit(0) * 17,
                g: digit(1) * 17,
                b: digit(2) * 17,
            }
        } else {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            Colour {
                r: byte(0),
                g: byte(2),
                b: byte(4),
            }
        })
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// WCAG 2 relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// WCAG 2 contrast ratio with `other` (1 to 21).
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// The colour mixed with `towards` by `amount` (0 to 1).
    fn mix(self, towards: Colour, amount: f64) -> Colour {
        let m = |a: u8, b: u8| {
            let v = f64::from(a) + (f64::from(b) - f64::from(a)) * amount;
            v.round().clamp(0.0, 255.0) as u8
        };
        Colour {
            r: m(self.r, towards.r),
            g: m(self.g, towards.g),
            b: m(self.b, towards.b),
        }
    }

    /// The least mix with `towards` (in steps of 2 %) that reaches `ratio` against
    /// `against`; `towards` itself if none does.
    fn shade(self, towards: Colour, against: Colour, ratio: f64) -> Colour {
        (0..=50)
            .map(|step| self.mix(towards, f64::from(step) / 50.0))
            .find(|c| c.contrast(against) >= ratio)
            .unwrap_or(towards)
    }
}

/// WCAG AA for normal text.
pub const AA: f64 = 4.5;

const WHITE: Colour = Colour {
    r: 255,
    g: 255,
    b: 255,
};
const BLACK: Colour = Colour { r: 0, g: 0, b: 0 };
/// The theme's text colour on light backgrounds.
const INK: Colour = Colour {
    r: 0x1c,
    g: 0x1b,
    b: 0x1a,
};
/// The theme's page background in the dark scheme.
const DARK_BG: Colour = Colour {
    r: 0x14,
    g: 0x14,
    b: 0x14,
};

/// The theme's accent variables made from a brand colour.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Brand {
    /// The colour as given.
    pub colour: Colour,
    /// `--accent` in the light scheme: the colour itself (text and rules on white).
    pub accent: Colour,
    /// `--accent-bg` in the light scheme: the colour itself (the navigation bar).
    pub accent_bg: Colour,
    /// `--on-accent`: white or the theme's ink, whichever reads better on the bar.
    pub on_accent: Colour,
    /// `--accent` in the dark scheme: lightened until it reads on the dark background.
    pub dark_accent: Colour,
    /// `--accent-bg` in the dark scheme: darkened until white reads on it.
    pub dark_accent_bg: Colour,
}

/// What falls short of WCAG AA with a brand colour: (what, its ratio, a colour that passes).
pub type Shortfall = (&'static str, f64, Colour);

impl Brand {
    /// The variables for `colour`, and what in the light scheme falls below WCAG AA.
    pub fn new(colour: Colour) -> (Brand, Vec<Shortfall>) {
        let on_accent = if colour.contrast(WHITE) >= colour.contrast(INK) {
            WHITE
        } else {
            INK
        };
        let mut shortfalls = Vec::new();
        let text = colour.contrast(WHITE);
        if text < AA {
            shortfalls.push((
                "text in the colour on the white page",
                text,
                colour.shade(BLACK, WHITE, AA),
            ));
        }
        let bar = colour.contrast(on_accent);
        if bar < AA {
            let fix = if on_accent == WHITE {
                colour.shade(BLACK, WHITE, AA)
            } else {
                colour.shade(WHITE, INK, AA)
            };
            shortfalls.push(("the navigation bar's text on the colour", bar, fix));
        }
        let brand = Brand {
            colour,
            accent: colour,
            accent_bg: colour,
            on_accent,
            dark_accent: colour.shade(WHITE, DARK_BG, AA),
            dark_accent_bg: colour.shade(BLACK, WHITE, AA),
        };
        (brand, shortfalls)
    }

    /// The CSS that sets the theme's accent variables.
    pub fn css(&self) -> String {
        format!(
            ":root{{--accent:{};--accent-bg:{};--on-accent:{};--focus:{}}}\
             @media (prefers-color-scheme: dark){{:root{{--accent:{};--accent-bg:{};--on-accent:#ffffff;--focus:{}}}}}",
            self.accent.hex(),
            self.accent_bg.hex(),
            self.on_accent.hex(),
            self.accent.hex(),
            self.dark_accent.hex(),
            self.dark_accent_bg.hex(),
            self.dark_accent.hex(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_ratios_match_wcag() {
        let white = Colour::parse("#fff").unwrap();
        let black = Colour::parse("#000000").unwrap();
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        let red = Colour::parse("#b3261e").unwrap();
        assert!(
            (red.contrast(white) - 6.6).abs() < 0.1,
            "{}",
            red.contrast(white)
        );
        assert!(Colour::parse("b3261e").is_err());
        assert!(Colour::parse("#12345g").is_err());
    }

    #[test]
    fn a_pale_colour_falls_short_and_gets_a_darker_suggestion() {
        let (brand, shortfalls) = Brand::new(Colour::parse("#ffcc00").unwrap());
        assert_eq!(brand.on_accent, INK, "dark text on a yellow bar");
        assert_eq!(shortfalls.len(), 1, "{shortfalls:?}");
        let (_, ratio, fix) = shortfalls[0];
        assert!(ratio < AA);
        assert!(fix.contrast(WHITE) >= AA);
        assert!(brand.dark_accent.contrast(DARK_BG) >= AA);
        assert!(brand.dark_accent_bg.contrast(WHITE) >= AA);
    }

    #[test]
    fn the_default_red_passes() {
        let (brand, shortfalls) = Brand::new(Colour::parse("#b3261e").unwrap());
        assert!(shortfalls.is_empty());
        assert_eq!(brand.on_accent, WHITE);
        assert!(brand.css().starts_with(":root{--accent:#b3261e;"));
    }
}
