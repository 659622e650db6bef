//! Printing a page to PDF in headless Chromium, and reading the PDF back with poppler's tools:
//! each page's MediaBox (`pdfinfo -box`), where each line of text is (`pdftotext
//! -bbox-layout`) and the colour of its pixels (`pdftoppm`). Lengths are in millimetres from
//! the page's top left corner.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quick_xml::events::Event;

/// Millimetres in a PostScript point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// The programs printing needs.
const CHROMIUM: &str = "/usr/bin/chromium";
const POPPLER: [&str; 3] = ["pdfinfo", "pdftotext", "pdftoppm"];

/// What printing needs and does not find here (empty when everything is present).
pub fn missing() -> Vec<String> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push(format!(
            "no chromium ({CHROMIUM}: apt-get install -y chromium)"
        ));
    }
    for tool in POPPLER {
        let found = Command::new(tool)
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
        if !found {
            missing.push(format!("no {tool} (apt-get install -y poppler-utils)"));
        }
    }
    missing
}

/// Prints the page file `page` to `pdf` the way a reader's browser does: Chromium's own
/// print path, with the page's `@page` size and margins and without the browser's header
/// and footer. Panics when Chromium fails or takes more than a minute.
pub fn print_to_pdf(page: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().expect("a Chromium profile folder");
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            assert!(
                status.success(),
                "chromium failed to print {page:?}: {status}"
            );
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not print {page:?} in 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(pdf.is_file(), "chromium wrote no {pdf:?}");
}

/// A line of text on a page, as poppler groups words.
#[derive(Debug, Clone)]
pub struct Line {
    /// Left, top, right and bottom edges of its glyphs.
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    /// Its words, joined without spaces (the text is Chinese).
    pub text: String,
}

/// A printed page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The MediaBox's width and height, in points.
    pub media_box: (f64, f64),
    /// Its lines of text, in reading order.
    pub lines: Vec<Line>,
}

/// Every page of `pdf`.
pub fn read(pdf: &Path) -> Vec<Page> {
    let boxes = media_boxes(pdf);
    let xml = run(
        "pdftotext",
        &["-bbox-layout".as_ref(), pdf.as_os_str(), "-".as_ref()],
    );
    let lines = text_lines(&xml);
    assert_eq!(
        boxes.len(),
        lines.len(),
        "pdfinfo and pdftotext count different pages in {pdf:?}"
    );
    boxes
        .into_iter()
        .zip(lines)
        .map(|(media_box, lines)| Page { media_box, lines })
        .collect()
}

/// The MediaBox of each page, from `pdfinfo -box`.
fn media_boxes(pdf: &Path) -> Vec<(f64, f64)> {
    let info = run("pdfinfo", &[pdf.as_os_str()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo says how many pages");
    let last = pages.to_string();
    let args = ["-box", "-f", "1", "-l", &last];
    let mut full: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    full.push(pdf.as_os_str());
    run("pdfinfo", &full)
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains("MediaBox:"))
        .map(|l| {
            let numbers: Vec<f64> = l
                .split("MediaBox:")
                .nth(1)
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            assert_eq!(numbers.len(), 4, "a MediaBox line: {l}");
            (numbers[2] - numbers[0], numbers[3] - numbers[1])
        })
        .collect()
}

/// The lines of each page in `pdftotext -bbox-layout` output.
fn text_lines(xml: &str) -> Vec<Vec<Line>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut pages: Vec<Vec<Line>> = Vec::new();
    let mut line: Option<Line> = None;
    let mut in_word = false;
    loop {
        match reader.read_event().expect("pdftotext writes XHTML") {
            Event::Start(e) => match e.name().as_ref() {
                "page" => pages.push(Vec::new()),
                "line" => {
                    let edge = |name: &str| -> f64 {
                        let value = e
                            .try_get_attribute(name)
                            .ok()
                            .flatten()
                            .expect("a line has its box");
                        value.value.parse::<f64>().expect("a number") * MM_PER_PT
                    };
                    line = Some(Line {
                        left: edge("xMin"),
                        top: edge("yMin"),
                        right: edge("xMax"),
                        bottom: edge("yMax"),
                        text: String::new(),
                    });
                }
                "word" => in_word = true,
                _ => {}
            },
            Event::Text(t) if in_word => {
                if let Some(line) = line.as_mut() {
                    line.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) if in_word => {
                if let Some(line) = line.as_mut() {
                    let c = quick_xml::escape::resolve_xml_entity(&r).expect("an XML entity");
                    line.text.push_str(c);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "word" => in_word = false,
                "line" => {
                    let done = line.take().expect("a line was open");
                    pages.last_mut().expect("lines are in pages").push(done);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    pages
}

/// A page rendered to pixels.
pub struct Raster {
    width: usize,
    height: usize,
    px_per_mm: f64,
    rgb: Vec<u8>,
}

impl Raster {
    /// Page `number` (from 1) of `pdf` at `dpi` dots per inch.
    pub fn render(pdf: &Path, number: usize, dpi: u32) -> Raster {
        let dir = tempfile::tempdir().expect("a folder for the rendering");
        let prefix = dir.path().join("page");
        pdftoppm(pdf, number, dpi, None, &prefix);
        let bytes = std::fs::read(prefix.with_extension("ppm")).expect("pdftoppm wrote a PPM");
        Raster::from_ppm(&bytes, f64::from(dpi) / 25.4)
    }

    /// Reads a binary PPM (`P6`, 8 bits).
    fn from_ppm(bytes: &[u8], px_per_mm: f64) -> Raster {
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
        }
        assert_eq!(fields[0], "P6", "a binary PPM");
        assert_eq!(fields[3], "255", "8 bits per channel");
        let width: usize = fields[1].parse().expect("a width");
        let height: usize = fields[2].parse().expect("a height");
        let rgb = bytes[at + 1..].to_vec();
        assert_eq!(rgb.len(), width * height * 3, "the PPM's pixels");
        Raster {
            width,
            height,
            px_per_mm,
            rgb,
        }
    }

    /// The colour at (`x`, `y`) mm.
    pub fn at(&self, x: f64, y: f64) -> [u8; 3] {
        let col = ((x * self.px_per_mm) as usize).min(self.width - 1);
        let row = ((y * self.px_per_mm) as usize).min(self.height - 1);
        let i = (row * self.width + col) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Rows (in mm from the top, between `from` and `to`) in which every pixel from `left` to
    /// `right` mm matches `ink`: horizontal rules across that span.
    pub fn rules(
        &self,
        left: f64,
        right: f64,
        from: f64,
        to: f64,
        ink: fn([u8; 3]) -> bool,
    ) -> Vec<f64> {
        let step = 1.0 / self.px_per_mm;
        let mut rows = Vec::new();
        let mut y = from;
        while y < to {
            let mut x = left;
            let mut full = true;
            while x <= right {
                if !ink(self.at(x, y)) {
                    full = false;
                    break;
                }
                x += step;
            }
            if full {
                rows.push(y);
            }
            y += step;
        }
        rows
    }
}

/// Red ink: the red of the 版头 (anti-aliased edges included).
pub fn red(rgb: [u8; 3]) -> bool {
    let [r, g, b] = rgb;
    r > 150 && g < 110 && b < 110
}

/// Black or grey ink (rules drawn thinner than a pixel come out grey).
pub fn dark(rgb: [u8; 3]) -> bool {
    rgb.iter().all(|&c| c < 170)
}

/// Renders page `number` of `pdf` to `<prefix>.ppm`, or to `<prefix>.<format>`.
fn pdftoppm(pdf: &Path, number: usize, dpi: u32, format: Option<&str>, prefix: &Path) {
    let (n, r) = (number.to_string(), dpi.to_string());
    let mut args = vec!["-r", &r, "-f", &n, "-l", &n, "-singlefile"];
    if let Some(format) = format {
        args.push(format);
    }
    let mut full: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    full.extend([pdf.as_os_str(), prefix.as_os_str()]);
    run("pdftoppm", &full);
}

/// Keeps `pdf` and PNG renderings of its `pages` in `target/print/` as `<name>.pdf` and
/// `<name>-<page>.png`, for people to look at; returns the folder.
pub fn keep(pdf: &Path, name: &str, pages: &[usize]) -> PathBuf {
    let dir = super::repo_root().join("target").join("print");
    std::fs::create_dir_all(&dir).expect("create target/print");
    std::fs::copy(pdf, dir.join(format!("{name}.pdf"))).expect("keep the PDF");
    for &page in pages {
        let prefix = dir.join(format!("{name}-{page}"));
        pdftoppm(pdf, page, 100, Some("-png"), &prefix);
    }
    dir
}

/// Runs a poppler tool and returns its standard output.
fn run(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {tool}: {e}"));
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
