//! The fonts share images are drawn with: the files of the `fonts` setting, or a font
//! found among the system's fonts (a Chinese one when there is one, whatever the site's
//! language: an English site's roster may name Chinese units). The same faces go to the
//! rasteriser (a `fontdb` database holding only them, so nothing else on the machine
//! changes a picture) and to the layout, which measures text with their metrics (`skrifa`)
//! to break it into lines.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use xxhash_rust::xxh3::Xxh3;

use crate::config::FontSettings;

/// Families looked for among the system's fonts, best first: Simplified Chinese faces of
/// the common open fonts, then other CJK faces, then those of desktop systems.
pub const PREFERRED: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Droid Sans Fallback",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "SimHei",
];

/// Families looked for among the system's fonts when none has Chinese characters and the
/// site does not need them, best first.
pub const PREFERRED_LATIN: &[&str] = &[
    "Noto Sans",
    "DejaVu Sans",
    "Liberation Sans",
    "Open Sans",
    "Arial",
    "Helvetica",
];

/// What the fonts must write before any picture is drawn: what the site's language needs.
/// A character a picture needs and no face has is an error of its own, at that picture
/// (see `raster`), so a picture never shows a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Chinese characters (a site in Chinese).
    Chinese,
    /// Latin letters (any other site).
    Latin,
}

impl Script {
    /// The script a site in `language` (a BCP 47 tag) writes its pictures in.
    pub fn of_language(language: &str) -> Script {
        if language == "zh" || language.starts_with("zh-") {
            Script::Chinese
        } else {
            Script::Latin
        }
    }

    /// Characters a face must have to count as a font of this script.
    fn probe(self) -> &'static str {
        match self {
            Script::Chinese => "中文汉字的一是了国年单位名单通知",
            Script::Latin => "AaBbEeNnOoRrSsTt0123456789",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Script::Chinese => "Chinese characters",
            Script::Latin => "Latin letters",
        }
    }
}

/// File extensions read from a folder named under `fonts`.
const EXTENSIONS: &[&str] = &["ttf", "otf", "ttc", "otc"];

/// Why no usable fonts were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontError {
    /// A file of `fonts` cannot be read.
    Unreadable {
        /// The file.
        file: PathBuf,
        /// Why.
        error: String,
    },
    /// A file of `fonts` is not a TrueType or OpenType font.
    NotAFont {
        /// The file.
        file: PathBuf,
    },
    /// A file of `fonts` is a font the rasteriser cannot use: its name table lacks a
    /// family or a PostScript name.
    Unnamed {
        /// The file.
        file: PathBuf,
    },
    /// The fonts of `fonts` do not write the site's script.
    NoScript {
        /// What they lack.
        script: Script,
        /// The files read.
        files: Vec<PathBuf>,
    },
    /// No font of the site's script is installed (no `fonts` setting).
    NoSystemFont {
        /// The site's script.
        script: Script,
    },
}

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontError::Unreadable { file, error } => {
                write!(f, "cannot read the font `{}`: {error}", file.display())
            }
            FontError::NotAFont { file } => {
                write!(f, "`{}` is not a TrueType or OpenType font", file.display())
            }
            FontError::Unnamed { file } => write!(
                f,
                "the font `{}` cannot be used: its name table has no family or no PostScript name",
                file.display()
            ),
            FontError::NoScript { script, files } if files.is_empty() => write!(
                f,
                "share images need a font with {}, and `fonts` names no font file",
                script.name()
            ),
            FontError::NoScript { script, files } => write!(
                f,
                "share images need a font with {}, and none of the fonts of `fonts` has them (read: {})",
                script.name(),
                files
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FontError::NoSystemFont { script } => write!(
                f,
                "share images need a font with {}, and none is installed",
                script.name()
            ),
        }
    }
}

/// One face: its font file's bytes and its place in the file.
#[derive(Debug, Clone)]
struct Face {
    data: Arc<Vec<u8>>,
    index: u32,
    family: String,
    file: PathBuf,
}

impl Face {
    fn font(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(&self.data, self.index).ok()
    }
}

/// The faces share images are drawn with, in order of preference.
#[derive(Clone)]
pub struct Fonts {
    faces: Vec<Face>,
    database: Arc<fontdb::Database>,
    identity: u128,
    /// Ascent and descent of the first face, in em.
    ascent: f32,
    descent: f32,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Fonts {
    /// Loads the fonts of `settings`: its files and folders, or a font of the system's.
    /// Fails when no face writes `script`.
    pub fn load(settings: &FontSettings, script: Script) -> Result<Fonts, FontError> {
        match &settings.paths {
            Some(paths) => {
                let mut files = Vec::new();
                for entry in paths {
                    files.extend(font_files(&entry.path));
                }
                Fonts::from_files(&files, script)
            }
            None => Fonts::system(script),
        }
    }

    /// The faces of `files`, in order; fails when none writes `script`.
    pub fn from_files(files: &[PathBuf], script: Script) -> Result<Fonts, FontError> {
        let mut faces = Vec::new();
        for file in files {
            let data = std::fs::read(file).map_err(|e| FontError::Unreadable {
                file: file.clone(),
                error: e.to_string(),
            })?;
            let found = file_faces(file, Arc::new(data));
            if found.is_empty() {
                return Err(FontError::NotAFont { file: file.clone() });
            }
            faces.extend(found);
        }
        let fonts = Fonts::new(faces);
        // The rasteriser's database refuses a face without a family and a PostScript name.
        if let Some(file) = files
            .iter()
            .find(|f| !fonts.faces.iter().any(|face| &face.file == *f))
        {
            return Err(FontError::Unnamed { file: file.clone() });
        }
        if !fonts.writes(script) {
            return Err(FontError::NoScript {
                script,
                files: files.to_vec(),
            });
        }
        Ok(fonts)
    }

    /// The best Chinese face among the system's fonts (see [`PREFERRED`]), else the first
    /// face, by file path, that has Chinese characters; for a site in another script
    /// without a Chinese font, the best face of that script (see [`PREFERRED_LATIN`]).
    fn system(script: Script) -> Result<Fonts, FontError> {
        let mut scan = fontdb::Database::new();
        scan.load_system_fonts();
        let chinese = Fonts::best(&scan, PREFERRED, Script::Chinese);
        match (chinese, script) {
            (Some(fonts), _) => Ok(fonts),
            (None, Script::Latin) => Fonts::best(&scan, PREFERRED_LATIN, script)
                .ok_or(FontError::NoSystemFont { script }),
            (None, Script::Chinese) => Err(FontError::NoSystemFont { script }),
        }
    }

    /// The best face of `scan` that writes `script`: the first family of `preferred`, else
    /// the first face by file path; the other faces of its file after it.
    fn best(scan: &fontdb::Database, preferred: &[&str], script: Script) -> Option<Fonts> {
        let mut candidates: Vec<(usize, u16, PathBuf, u32)> = scan
            .faces()
            .filter_map(|face| {
                let fontdb::Source::File(path) = &face.source else {
                    return None;
                };
                let rank = preferred
                    .iter()
                    .position(|p| face.families.iter().any(|(name, _)| name == p))
                    .unwrap_or(preferred.len());
                let weight = face.weight.0.abs_diff(400)
                    + if face.style == fontdb::Style::Normal {
                        0
                    } else {
                        1000
                    };
                Some((rank, weight, path.clone(), face.index))
            })
            .collect();
        candidates.sort();
        let mut tried = std::collections::HashSet::new();
        for (_, _, path, index) in candidates {
            if !tried.insert((path.clone(), index)) {
                continue;
            }
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let mut faces = file_faces(&path, Arc::new(data));
            let Some(at) = faces.iter().position(|f| f.index == index) else {
                continue;
            };
            if !faces[at]
                .font()
                .is_some_and(|font| has_all(&font, script.probe()))
            {
                continue;
            }
            // The chosen face first; the file's other faces after it, for rare characters.
            let chosen = faces.remove(at);
            faces.insert(0, chosen);
            let fonts = Fonts::new(faces);
            if fonts.writes(script) {
                return Some(fonts);
            }
        }
        None
    }

    fn new(faces: Vec<Face>) -> Fonts {
        let mut database = fontdb::Database::new();
        let mut hasher = Xxh3::new();
        // Each file once; the faces' families as the database (and so the rasteriser) names
        // them. A face the database does not take (no usable name) is not measured either.
        let mut families: Vec<(*const Vec<u8>, u32, String)> = Vec::new();
        for face in &faces {
            if families.iter().any(|(d, ..)| *d == Arc::as_ptr(&face.data)) {
                continue;
            }
            let source = fontdb::Source::Binary(face.data.clone());
            for id in database.load_font_source(source) {
                if let Some(info) = database.face(id)
                    && let Some((name, _)) = info.families.first()
                {
                    families.push((Arc::as_ptr(&face.data), info.index, name.clone()));
                }
            }
        }
        let faces: Vec<Face> = faces
            .into_iter()
            .filter_map(|mut face| {
                let (.., name) = families
                    .iter()
                    .find(|(d, i, _)| *d == Arc::as_ptr(&face.data) && *i == face.index)?;
                face.family = name.clone();
                hasher.update(&xxhash_rust::xxh3::xxh3_128(&face.data).to_le_bytes());
                hasher.update(&face.index.to_le_bytes());
                Some(face)
            })
            .collect();
        let (ascent, descent) = faces
            .first()
            .and_then(Face::font)
            .map(|font| {
                let m = font.metrics(Size::unscaled(), LocationRef::default());
                let em = f32::from(m.units_per_em.max(1));
                (m.ascent / em, -m.descent / em)
            })
            .unwrap_or((0.88, 0.12));
        Fonts {
            identity: hasher.digest128(),
            faces,
            database: Arc::new(database),
            ascent,
            descent,
        }
    }

    /// Whether some face writes `script`.
    fn writes(&self, script: Script) -> bool {
        self.faces
            .iter()
            .any(|f| f.font().is_some_and(|font| has_all(&font, script.probe())))
    }

    /// The font database the rasteriser uses: these faces only.
    pub fn database(&self) -> Arc<fontdb::Database> {
        Arc::clone(&self.database)
    }

    /// A hash of the faces (their files' bytes and places): the same fonts wherever they
    /// are installed give the same identity.
    pub fn identity(&self) -> u128 {
        self.identity
    }

    /// The families, best first, as a CSS `font-family` list for the templates.
    pub fn family(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        for face in &self.faces {
            if !names.contains(&face.family.as_str()) {
                names.push(&face.family);
            }
        }
        names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The families and files, for messages.
    pub fn describe(&self) -> String {
        self.faces
            .first()
            .map(|f| format!("{} ({})", f.family, f.file.display()))
            .unwrap_or_default()
    }

    /// The first face's ascent, in em.
    pub fn ascent(&self) -> f32 {
        self.ascent
    }

    /// The first face's descent (positive), in em.
    pub fn descent(&self) -> f32 {
        self.descent
    }

    /// The advance of each character of `text`, in em, from the first face that has it. A
    /// character that no face has counts as one em (the rasteriser refuses it).
    pub fn advances(&self, text: &str) -> Vec<f32> {
        let fonts: Vec<_> = self
            .faces
            .iter()
            .filter_map(|f| {
                let font = f.font()?;
                let em = f32::from(
                    font.metrics(Size::unscaled(), LocationRef::default())
                        .units_per_em
                        .max(1),
                );
                let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
                Some((font.charmap(), metrics, em))
            })
            .collect();
        text.chars()
            .map(|c| {
                fonts
                    .iter()
                    .find_map(|(charmap, metrics, em)| {
                        let glyph = charmap.map(c)?;
                        Some(metrics.advance_width(glyph)? / em)
                    })
                    .unwrap_or(if invisible(c) { 0.0 } else { 1.0 })
            })
            .collect()
    }

    /// The first character of `text` that no face has, other than white space and
    /// characters drawn as nothing (controls, joiners, direction marks).
    pub fn missing(&self, text: &str) -> Option<char> {
        let charmaps: Vec<_> = self
            .faces
            .iter()
            .filter_map(|f| f.font().map(|font| font.charmap()))
            .collect();
        text.chars()
            .filter(|&c| !c.is_whitespace() && !invisible(c))
            .find(|&c| !charmaps.iter().any(|m| m.map(c).is_some()))
    }
}

/// Whether `c` is drawn as nothing when a font lacks it: a control character or a default
/// ignorable code point (soft hyphen, zero-width space and joiners, direction marks,
/// variation selectors, the byte order mark, tags).
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
            | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}

/// Whether `font` has every character of `text`.
fn has_all(font: &FontRef<'_>, text: &str) -> bool {
    let charmap = font.charmap();
    text.chars().all(|c| charmap.map(c).is_some())
}

/// The faces in one font file (several in a collection); their families are read when
/// they are loaded ([`Fonts::new`]).
fn file_faces(file: &Path, data: Arc<Vec<u8>>) -> Vec<Face> {
    let count = match skrifa::raw::FileRef::new(&data) {
        Ok(skrifa::raw::FileRef::Font(_)) => 1,
        Ok(skrifa::raw::FileRef::Collection(c)) => c.len(),
        Err(_) => 0,
    };
    (0..count)
        .filter(|&index| FontRef::from_index(&data, index).is_ok())
        .map(|index| Face {
            data: Arc::clone(&data),
            index,
            family: String::new(),
            file: file.to_path_buf(),
        })
        .collect()
}

/// The font files of one `fonts` entry: the file, or a folder's font files by name.
fn font_files(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect()
}
