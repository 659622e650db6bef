//! From SVG text to PNG bytes, in process: `usvg` parses the SVG and lays its text out with
//! the share fonts only, `resvg` draws it, and the PNG is written without loss, as an
//! indexed image when the picture has at most 256 colours (text on flat colours usually
//! does: a third of the size and of the time). Pictures are kept in a cache keyed by a hash
//! of the SVG text and the fonts: a build in which no picture changed draws none.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use xxhash_rust::xxh3::Xxh3;

use super::fonts::Fonts;
use crate::output::Contents;

/// Changes whenever drawing or encoding changes, so old cache entries are not reused.
const PIPELINE: u32 = 1;

/// The largest side of a picture, in pixels, and the most pixels one may have.
const MAX_SIDE: u32 = 16_384;
const MAX_PIXELS: u64 = 64 * 1024 * 1024;

/// How hard the PNG encoder works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effort {
    /// Fast compression, for the many notice cards.
    Fast,
    /// Smaller files, for the few roster pictures (downloaded and passed on).
    Small,
}

/// Why a picture could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RasterError {
    /// The template's output is not SVG that can be drawn.
    Svg(String),
    /// A text of the picture has a character no font has (it would be drawn as a box).
    Missing {
        /// The text.
        text: String,
        /// The character.
        character: char,
    },
}

impl std::fmt::Display for RasterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RasterError::Svg(e) => write!(f, "the share image is not valid SVG: {e}"),
            RasterError::Missing { text, character } => write!(
                f,
                "the share image's text `{text}` has `{character}` (U+{:04X}), which no share font has",
                *character as u32
            ),
        }
    }
}

/// Where pictures are kept between builds: `<root>/.bulletin-cache/share/`, or nowhere
/// when it cannot be written.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
    /// Whether private entries are still worth writing again (see [`Cache::reuse`]).
    widen: Arc<AtomicBool>,
}

impl Cache {
    /// The cache of the site at `root`, created if needed.
    pub fn new(root: &Path) -> Cache {
        let dir = root.join(crate::images::CACHE_DIR).join("share");
        Cache {
            dir: std::fs::create_dir_all(&dir).is_ok().then_some(dir),
            widen: Arc::new(AtomicBool::new(true)),
        }
    }

    /// A cache that keeps nothing.
    pub fn none() -> Cache {
        Cache {
            dir: None,
            widen: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether `file`, in the cache directory, holds a picture. Entries written by
    /// bulletin before it linked the output to its cache are private (0600), and the output
    /// copies private entries rather than link them: such an entry is written again as new
    /// entries are, readable by everyone under the usual umask. When that leaves it private
    /// (a umask of 077), the user wants private files: the others are left as they are.
    fn reuse(&self, file: &Path) -> bool {
        let (Some(dir), Ok(metadata)) = (&self.dir, std::fs::metadata(file)) else {
            return false;
        };
        #[cfg(unix)]
        if metadata.is_file()
            && self.widen.load(Ordering::Relaxed)
            && !crate::output::readable_by_all(&metadata)
        {
            let widened = std::fs::read(file)
                .and_then(|bytes| crate::images::store(dir, file, &bytes))
                .and_then(|()| std::fs::metadata(file));
            if !widened.is_ok_and(|m| crate::output::readable_by_all(&m)) {
                self.widen.store(false, Ordering::Relaxed);
            }
        }
        metadata.is_file()
    }
}

/// The cache key of a picture: the SVG text, the fonts and the encoding.
pub fn key(svg: &str, fonts: &Fonts, effort: Effort) -> String {
    let mut h = Xxh3::new();
    h.update(&PIPELINE.to_le_bytes());
    h.update(&fonts.identity().to_le_bytes());
    h.update(&[effort as u8]);
    h.update(svg.as_bytes());
    format!("{:032x}", h.digest128())
}

/// Looks up the bytes of an image a picture refers to by `href` (a unit logo's PNG).
pub type Images<'a> = &'a (dyn Fn(&str) -> Option<Arc<Vec<u8>>> + Sync);

/// A drawn picture: its contents, and whether it was drawn now (else found in the cache).
#[derive(Debug)]
pub struct Drawn {
    /// The PNG, as a cached file or bytes.
    pub contents: Contents,
    /// Whether it was drawn in this call.
    pub drawn: bool,
}

/// The PNG of `svg`, from the cache or drawn with `fonts`; `<image>` elements may refer to
/// `data:` URLs or to what `images` knows.
pub fn draw(
    svg: &str,
    fonts: &Fonts,
    images: Images<'_>,
    effort: Effort,
    cache: &Cache,
) -> Result<Drawn, RasterError> {
    let key = key(svg, fonts, effort);
    let file = cache.dir.as_ref().map(|d| d.join(format!("{key}.png")));
    if let Some(file) = &file
        && cache.reuse(file)
    {
        return Ok(Drawn {
            contents: Contents::Cached(file.clone()),
            drawn: false,
        });
    }
    let png = rasterise(svg, fonts, images, effort)?;
    let contents = match (&cache.dir, &file) {
        (Some(dir), Some(file)) if crate::images::store(dir, file, &png).is_ok() => {
            Contents::Cached(file.clone())
        }
        _ => Contents::Bytes(png),
    };
    Ok(Drawn {
        contents,
        drawn: true,
    })
}

/// Parses, checks, draws and encodes `svg`.
pub fn rasterise(
    svg: &str,
    fonts: &Fonts,
    images: Images<'_>,
    effort: Effort,
) -> Result<Vec<u8>, RasterError> {
    let mut options = resvg::usvg::Options {
        fontdb: fonts.database(),
        languages: vec!["zh-CN".into(), "en".into()],
        ..Default::default()
    };
    options.image_href_resolver.resolve_string =
        Box::new(move |href, _| images(href).map(resvg::usvg::ImageKind::PNG));
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| RasterError::Svg(e.to_string()))?;
    check_text(tree.root(), fonts)?;
    let size = tree.size().to_int_size();
    let (width, height) = (size.width(), size.height());
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(RasterError::Svg(format!(
            "{width}×{height} pixels is larger than a share image may be"
        )));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| RasterError::Svg("the picture has no pixels".into()))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    encode(&pixmap, effort).map_err(RasterError::Svg)
}

/// Refuses text with a character that no font has: it would be drawn as a box (tofu).
fn check_text(group: &resvg::usvg::Group, fonts: &Fonts) -> Result<(), RasterError> {
    for node in group.children() {
        match node {
            resvg::usvg::Node::Group(g) => check_text(g, fonts)?,
            resvg::usvg::Node::Text(text) => {
                for chunk in text.chunks() {
                    if let Some(character) = fonts.missing(chunk.text()) {
                        return Err(RasterError::Missing {
                            text: chunk.text().to_string(),
                            character,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Encodes a drawn picture as PNG: indexed when it is opaque with at most 256 colours,
/// else RGB when opaque, else RGBA.
fn encode(pixmap: &resvg::tiny_skia::Pixmap, effort: Effort) -> Result<Vec<u8>, String> {
    let data = pixmap.data();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(match effort {
        Effort::Fast => png::Compression::Fast,
        Effort::Small => png::Compression::High,
    });
    let pixels = match colours(data) {
        Colours::Palette(palette, indexes) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(palette);
            indexes
        }
        Colours::Opaque => {
            encoder.set_color(png::ColorType::Rgb);
            data.chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect()
        }
        Colours::Translucent => {
            encoder.set_color(png::ColorType::Rgba);
            pixmap
                .pixels()
                .iter()
                .flat_map(|p| {
                    let c = p.demultiply();
                    [c.red(), c.green(), c.blue(), c.alpha()]
                })
                .collect()
        }
    };
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// What a picture's pixels allow.
#[derive(Debug, PartialEq)]
enum Colours {
    /// Opaque, with at most 256 colours: the palette (RGB triples, in order of first use)
    /// and each pixel's index.
    Palette(Vec<u8>, Vec<u8>),
    /// Opaque, with more colours.
    Opaque,
    /// Some pixel is not opaque.
    Translucent,
}

/// Reads premultiplied RGBA `data` once: whether it is opaque and, if it has at most 256
/// colours, its palette. Runs of one colour (most of a picture) cost one comparison.
fn colours(data: &[u8]) -> Colours {
    let mut colours: ahash::AHashMap<u32, u8> = ahash::AHashMap::new();
    let mut palette = Vec::new();
    let mut indexes = Vec::with_capacity(data.len() / 4);
    // The last opaque colour seen and its index (no sentinel: every u32 is a colour).
    let mut last: Option<(u32, u8)> = None;
    let mut fits = true;
    for p in data.chunks_exact(4) {
        let pixel = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
        if let Some((colour, index)) = last
            && colour == pixel
        {
            indexes.push(index);
            continue;
        }
        if p[3] != 255 {
            return Colours::Translucent;
        }
        if !fits {
            continue;
        }
        let next = colours.len();
        let index = match colours.get(&pixel) {
            Some(&i) => i,
            None if next < 256 => {
                colours.insert(pixel, next as u8);
                palette.extend_from_slice(&p[..3]);
                next as u8
            }
            None => {
                fits = false;
                continue;
            }
        };
        last = Some((pixel, index));
        indexes.push(index);
    }
    if fits {
        Colours::Palette(palette, indexes)
    } else {
        Colours::Opaque
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_colours_make_a_palette_and_many_do_not() {
        let two: Vec<u8> = [[255, 255, 255, 255], [0, 0, 0, 255]]
            .iter()
            .cycle()
            .take(10)
            .flatten()
            .copied()
            .collect();
        assert_eq!(
            colours(&two),
            Colours::Palette(
                vec![255, 255, 255, 0, 0, 0],
                vec![0, 1, 0, 1, 0, 1, 0, 1, 0, 1]
            )
        );
        let many: Vec<u8> = (0..300u32)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 0, 255])
            .collect();
        assert_eq!(colours(&many), Colours::Opaque);
        let mut clear = many.clone();
        clear[299 * 4 + 3] = 0;
        assert_eq!(colours(&clear), Colours::Translucent);
    }
}
