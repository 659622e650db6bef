//! Reading the site's text files: UTF-8 only, with a byte-order mark and CRLF line ends
//! accepted (and normalised away, so positions in messages are right).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};

/// Reads `path` as text. `display` is the path shown in messages.
pub fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(display, format!("cannot read the file: {e}"))
            .hint("check that the file exists and is readable")
    })?;
    decode(bytes, display)
}

/// Decodes file bytes as UTF-8 text, stripping a BOM and normalising CRLF to LF.
pub fn decode(bytes: Vec<u8>, display: &Path) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
            let line_end = bytes[valid..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| valid + i);
            let shown = String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix[line_start..].chars().count() + 1;
            return Err(Diagnostic::error(
                display,
                format!("the file is not valid UTF-8 (invalid byte at offset {valid})"),
            )
            .at(Location::new(&shown, 1, column, 1).with_line(line))
            .hint("save the file as UTF-8 (files saved as GBK/GB18030 must be converted)"));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let text = decode(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n".to_vec(), Path::new("x")).unwrap();
        assert_eq!(text, "a: 1\nb: 2\n");
    }

    #[test]
    fn reports_invalid_utf8_with_line() {
        let err = decode(b"ok\n\xd6\xd0\xce\xc4\n".to_vec(), Path::new("x.md")).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 1));
    }
}
