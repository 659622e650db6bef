//! Precompressed siblings: with `precompress: [gzip, brotli]`, every text output of the
//! build (pages, stylesheets, scripts, feeds, search files) gets `<name>.gz` and
//! `<name>.br` beside it, for servers that send a precompressed file when the reader
//! accepts it (nginx `gzip_static` / `brotli_static`, Caddy `precompressed`). The bytes
//! depend on the input alone: gzip is written with no name and no time.

use std::io::Write;

use serde::Deserialize;

/// An encoding of precompressed siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// `.gz`, at the best compression.
    Gzip,
    /// `.br`, at quality 10.
    Brotli,
}

/// Files smaller than this are not worth a sibling: a server's headers outweigh the saving.
pub const MIN_SIZE: usize = 512;

/// Brotli's quality for siblings: 11 compresses 1-2 % better and takes about three times
/// as long.
const BROTLI_QUALITY: u32 = 10;

impl Encoding {
    /// The sibling's extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Gzip => "gz",
            Encoding::Brotli => "br",
        }
    }

    /// `bytes` in this encoding; the same input always gives the same output.
    pub fn encode(self, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(bytes.len() / 3);
        match self {
            Encoding::Gzip => return gzip(bytes, flate2::Compression::best()),
            Encoding::Brotli => {
                let params = brotli::enc::BrotliEncoderParams {
                    quality: BROTLI_QUALITY as i32,
                    lgwin: 22,
                    ..Default::default()
                };
                brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
            }
        }
        Ok(out)
    }
}

/// `bytes` gzipped at `level`, with a fixed header (no name, no time), so the same input
/// always gives the same bytes (and so the same ETag when `deploy` stores them).
pub fn gzip(bytes: &[u8], level: flate2::Compression) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::with_capacity(bytes.len() / 3), level);
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Whether the output at `path` is text that compresses (what gets siblings, and what
/// `deploy` gzips by default).
pub fn compressible(path: &str) -> bool {
    super::content_type(path).ends_with("charset=utf-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_are_deterministic_and_decode_to_the_input() {
        let text = "<p>关于开展2025年度工作的通知</p>\n".repeat(200);
        for encoding in [Encoding::Gzip, Encoding::Brotli] {
            let a = encoding.encode(text.as_bytes()).unwrap();
            assert_eq!(a, encoding.encode(text.as_bytes()).unwrap());
            assert!(a.len() < text.len() / 10, "{encoding:?}: {}", a.len());
            let mut back = Vec::new();
            match encoding {
                Encoding::Gzip => {
                    use std::io::Read;
                    flate2::read::GzDecoder::new(&a[..])
                        .read_to_end(&mut back)
                        .unwrap();
                }
                Encoding::Brotli => {
                    brotli::BrotliDecompress(&mut &a[..], &mut back).unwrap();
                }
            }
            assert_eq!(back, text.as_bytes());
        }
        assert!(compressible("notices/x/index.html"));
        assert!(compressible("search/s/3.json"));
        assert!(!compressible("assets/logos/a.png"));
    }
}
