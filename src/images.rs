//! Unit logos: probed when the data is loaded, then fitted into the site's logo box and
//! written as PNG and lossless WebP under content-hashed names.
//!
//! Decoding is bounded ([`MAX_SIDE`], [`MAX_ALLOC`]), so a decompression bomb is an error,
//! not an out-of-memory. Processed images are kept in a cache under the site root
//! ([`CACHE_DIR`]) keyed by the source's content hash and the settings: a build in which no
//! logo changed decodes and encodes nothing, and its outputs are copies of cached files.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, ImageReader, Limits};
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use crate::config::LogoSettings;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::output::Contents;

/// The largest width or height of a logo source, in pixels.
pub const MAX_SIDE: u32 = 8192;
/// The most memory one decode may allocate.
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// The box the site's logo is fitted into: twice its height on the page (48 CSS pixels),
/// for sharp screens.
pub const SITE_LOGO_BOX: LogoSettings = LogoSettings {
    width: 640,
    height: 96,
};
/// The cache directory, relative to the site root.
pub const CACHE_DIR: &str = ".bulletin-cache";
/// Changes whenever processing changes, so old cache entries are not reused.
const PIPELINE: u32 = 1;

/// A unit's logo file as found when `data/units.yaml` was loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoSource {
    /// The file.
    pub path: PathBuf,
    /// What it is the logo of, for messages: "unit `x`", "the site logo".
    pub owner: String,
    /// The settings file that names it, for messages (`data/units.yaml`).
    pub file: PathBuf,
    /// Where the unit's `logo` key is, for errors found when decoding.
    pub location: Option<Location>,
    /// The file's content hash.
    pub hash: u128,
    /// Width of the source, in pixels.
    pub width: u32,
    /// Height of the source, in pixels.
    pub height: u32,
}

/// Reads a logo's header and hash; `owner` and `file` (with `location`) say whose logo it is
/// and where it is named, for messages. Errors name what is wrong with the file.
pub fn probe(
    path: &Path,
    (owner, file): (&str, &str),
    location: Option<Location>,
) -> Result<LogoSource, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the logo: {e}"))?;
    let reader = reader(&bytes)?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("the logo is not a readable image: {e}"))?;
    check_size(width, height)?;
    Ok(LogoSource {
        path: path.to_path_buf(),
        owner: owner.to_string(),
        file: PathBuf::from(file),
        location,
        hash: xxh3_128(&bytes),
        width,
        height,
    })
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the logo: {e}"))?;
    match reader.format() {
        Some(image::ImageFormat::Png | image::ImageFormat::Jpeg | image::ImageFormat::WebP) => {
            Ok(reader)
        }
        _ => Err("the logo is not a PNG, JPEG or WebP image".to_string()),
    }
}

fn check_size(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("the logo has no pixels".to_string());
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!(
            "the logo is {width}×{height} pixels, larger than the limit of {MAX_SIDE}×{MAX_SIDE}"
        ));
    }
    Ok(())
}

/// The size of a `width`×`height` image fitted into `settings`' box, never enlarged.
pub fn fit(width: u32, height: u32, settings: LogoSettings) -> (u32, u32) {
    let scale = (f64::from(settings.width) / f64::from(width))
        .min(f64::from(settings.height) / f64::from(height))
        .min(1.0);
    let side = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
    (side(width), side(height))
}

/// The content-hashed name (without extension) of a logo processed with `settings`.
pub fn key(source: &LogoSource, settings: LogoSettings) -> String {
    let mut seed = Vec::with_capacity(28);
    seed.extend(source.hash.to_le_bytes());
    seed.extend(settings.width.to_le_bytes());
    seed.extend(settings.height.to_le_bytes());
    seed.extend(PIPELINE.to_le_bytes());
    format!("{:032x}", xxh3_128(&seed))[..20].to_string()
}

/// The two formats a logo is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// PNG, for every browser.
    Png,
    /// Lossless WebP, smaller, offered first through `<picture>`.
    WebP,
}

impl Format {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }
}

/// What [`prepare`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Logos decoded, resized and encoded.
    pub processed: usize,
    /// Logos found in the cache.
    pub cached: usize,
}

/// Processed logos by key: the PNG and WebP output, as files in the cache or, when the
/// cache cannot be written, as bytes.
#[derive(Debug, Default)]
pub struct Prepared {
    files: HashMap<String, [Encoded; 2]>,
    /// What was done.
    pub stats: Stats,
}

#[derive(Debug, Clone)]
enum Encoded {
    Cached(PathBuf),
    Bytes(Vec<u8>),
}

impl Prepared {
    /// The contents of a prepared logo in `format`.
    pub fn contents(&self, key: &str, format: Format) -> Option<Contents> {
        Some(match &self.files.get(key)?[format as usize] {
            Encoded::Cached(file) => Contents::Cached(file.clone()),
            Encoded::Bytes(bytes) => Contents::Bytes(bytes.clone()),
        })
    }
}

/// Makes sure every logo in `sources` has both outputs for its box, decoding and encoding
/// (in parallel) only those missing from the cache under `root`. Errors are located where
/// the logo is named.
pub fn prepare(
    root: &Path,
    sources: &[(&LogoSource, LogoSettings)],
) -> Result<Prepared, Diagnostics> {
    let cache = root.join(CACHE_DIR).join("logos");
    let writable = sources.is_empty() || std::fs::create_dir_all(&cache).is_ok();
    let cache = writable.then_some(cache.as_path());
    let results: Vec<(String, Result<Outcome, Diagnostic>)> = sources
        .par_iter()
        .map(|&(source, settings)| {
            let key = key(source, settings);
            let result = prepare_one(source, &key, cache, settings).map_err(|message| {
                Diagnostic::error(&source.file, format!("{}: {message}", source.owner))
                    .at_opt(source.location.clone())
                    .hint("replace the file with a valid PNG, JPEG or WebP image")
            });
            (key, result)
        })
        .collect();
    let mut prepared = Prepared::default();
    let mut errors = Vec::new();
    for (key, result) in results {
        match result {
            Ok(Outcome { files, processed }) => {
                if processed {
                    prepared.stats.processed += 1;
                } else {
                    prepared.stats.cached += 1;
                }
                prepared.files.insert(key, files);
            }
            Err(d) => errors.push(d),
        }
    }
    crate::console::debug(|| {
        format!(
            "logos: {} decoded and encoded, {} from the cache",
            prepared.stats.processed, prepared.stats.cached
        )
    });
    if errors.is_empty() {
        Ok(prepared)
    } else {
        Err(errors.into())
    }
}

/// One prepared logo: its two outputs, and whether it was processed (else cached).
struct Outcome {
    files: [Encoded; 2],
    processed: bool,
}

/// Finds one logo in the cache (when there is one), or processes it and stores the result.
fn prepare_one(
    source: &LogoSource,
    key: &str,
    cache: Option<&Path>,
    settings: LogoSettings,
) -> Result<Outcome, String> {
    let files = cache
        .map(|dir| [Format::Png, Format::WebP].map(|f| dir.join(format!("{key}.{}", f.ext()))));
    if let Some(files) = &files
        && files.iter().all(|f| f.is_file())
    {
        return Ok(Outcome {
            files: files.clone().map(Encoded::Cached),
            processed: false,
        });
    }
    let encoded = process(source, settings)?;
    let stored = match (cache, &files) {
        (Some(dir), Some(paths)) => encoded
            .iter()
            .zip(paths)
            .all(|(bytes, file)| store(dir, file, bytes).is_ok())
            .then(|| paths.clone().map(Encoded::Cached)),
        _ => None,
    };
    Ok(Outcome {
        files: stored.unwrap_or_else(|| encoded.map(Encoded::Bytes)),
        processed: true,
    })
}

/// Decodes (within limits), fits and encodes one logo: `[png, webp]`.
fn process(source: &LogoSource, settings: LogoSettings) -> Result<[Vec<u8>; 2], String> {
    let bytes = std::fs::read(&source.path).map_err(|e| format!("cannot read the logo: {e}"))?;
    let mut reader = reader(&bytes)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => format!(
            "the logo is too large to decode (at most {MAX_SIDE}×{MAX_SIDE} pixels, {} MiB)",
            MAX_ALLOC / 1024 / 1024
        ),
        e => format!("the logo cannot be decoded: {e}"),
    })?;
    check_size(image.width(), image.height())?;
    let (width, height) = fit(image.width(), image.height(), settings);
    let image = if (width, height) == (image.width(), image.height()) {
        image
    } else {
        image.resize_exact(width, height, FilterType::Lanczos3)
    };
    let (pixels, color) = if image.color().has_alpha() {
        (
            DynamicImage::from(image.to_rgba8()).into_bytes(),
            ExtendedColorType::Rgba8,
        )
    } else {
        (
            DynamicImage::from(image.to_rgb8()).into_bytes(),
            ExtendedColorType::Rgb8,
        )
    };
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(&pixels, width, height, color)
        .map_err(|e| format!("cannot encode the logo as PNG: {e}"))?;
    let mut webp = Vec::new();
    WebPEncoder::new_lossless(&mut webp)
        .encode(&pixels, width, height, color)
        .map_err(|e| format!("cannot encode the logo as WebP: {e}"))?;
    Ok([png, webp])
}

/// Writes a cache file atomically into `dir`, so a concurrent or killed build never leaves
/// half a file (the share images' cache uses it too). The file gets the permissions any
/// new file gets (0644 under the usual umask, not a temporary file's 0600): the output
/// links to it ([`Contents::Cached`]).
pub fn store(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    std::io::Write::write_all(&mut temp, bytes)?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, 255]));
        let mut bytes = Vec::new();
        PngEncoder::new(&mut bytes)
            .write_image(image.as_raw(), width, height, ExtendedColorType::Rgba8)
            .unwrap();
        bytes
    }

    #[test]
    fn fit_keeps_the_aspect_ratio_and_never_enlarges() {
        let box_ = LogoSettings {
            width: 240,
            height: 120,
        };
        assert_eq!(fit(1000, 1000, box_), (120, 120));
        assert_eq!(fit(960, 120, box_), (240, 30));
        assert_eq!(fit(100, 50, box_), (100, 50));
        assert_eq!(fit(10000, 1, box_), (240, 1));
    }

    #[test]
    fn second_prepare_is_served_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.png");
        std::fs::write(&file, png(600, 300)).unwrap();
        let source = probe(&file, ("unit `a`", "data/units.yaml"), None).unwrap();
        assert_eq!((source.width, source.height), (600, 300));
        let settings = LogoSettings::default();
        let first = prepare(dir.path(), &[(&source, settings)]).unwrap();
        assert_eq!(
            first.stats,
            Stats {
                processed: 1,
                cached: 0
            }
        );
        let second = prepare(dir.path(), &[(&source, settings)]).unwrap();
        assert_eq!(
            second.stats,
            Stats {
                processed: 0,
                cached: 1
            }
        );
        let other = LogoSettings {
            width: 100,
            height: 100,
        };
        assert_ne!(key(&source, settings), key(&source, other));
        assert_eq!(
            prepare(dir.path(), &[(&source, other)])
                .unwrap()
                .stats
                .processed,
            1
        );
    }

    #[test]
    fn bombs_and_garbage_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let garbage = dir.path().join("g.png");
        std::fs::write(&garbage, b"not an image at all").unwrap();
        assert!(
            probe(&garbage, ("unit `g`", "data/units.yaml"), None)
                .unwrap_err()
                .contains("PNG, JPEG or WebP")
        );
        let big = dir.path().join("big.png");
        let mut bytes = png(1, 1);
        // Rewrite the IHDR size to 60000×60000, with a valid CRC.
        bytes[16..20].copy_from_slice(&60000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&60000u32.to_be_bytes());
        let crc = crc32fast::hash(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        std::fs::write(&big, bytes).unwrap();
        let message = probe(&big, ("unit `big`", "data/units.yaml"), None).unwrap_err();
        assert!(message.contains("60000×60000"), "{message}");
    }
}
