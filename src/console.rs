//! What the commands print for people: diagnostics in colour when stderr is a terminal, and
//! counts with the right plural. Shared by the command line and the preview server.

use std::io::IsTerminal;

use crate::diagnostics::Diagnostics;

/// Whether to colour stderr: a terminal, and `NO_COLOR` unset.
pub fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Prints `debug: <message>` to stderr when `BULLETIN_LOG=debug` (counts and timings for
/// people measuring a build); `message` is made only then.
pub fn debug(message: impl FnOnce() -> String) {
    if std::env::var_os("BULLETIN_LOG").is_some_and(|v| v == "debug") {
        eprintln!("debug: {}", message());
    }
}

/// Prints diagnostics to stderr, sorted (identical ones once), with a count line.
pub fn report(diagnostics: &Diagnostics) {
    let color = color();
    let sorted = diagnostics.sorted();
    for d in &sorted {
        eprintln!("{}\n", d.render(color).trim_end());
    }
    let count = |severity| sorted.iter().filter(|d| d.severity == severity).count();
    let errors = count(crate::diagnostics::Severity::Error);
    let warnings = count(crate::diagnostics::Severity::Warning);
    match (errors, warnings) {
        (0, 0) => {}
        (0, w) => eprintln!("{}", plural(w, "warning")),
        (e, 0) => eprintln!("{}", plural(e, "error")),
        (e, w) => eprintln!("{} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// A path as people typed it: `public` rather than `./public` when the site's root is the
/// current folder (the default `--root .`).
pub fn shown(path: &std::path::Path) -> std::path::Display<'_> {
    path.strip_prefix(".").unwrap_or(path).display()
}

/// `1 page`, `2 pages`: `word` is an English noun with a regular plural.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_a_leading_dot() {
        use std::path::Path;
        assert_eq!(shown(Path::new("./public")).to_string(), "public");
        assert_eq!(shown(Path::new("site/public")).to_string(), "site/public");
        assert_eq!(shown(Path::new("../x")).to_string(), "../x");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(0, "page"), "0 pages");
        assert_eq!(plural(1, "page"), "1 page");
        assert_eq!(plural(2, "other file"), "2 other files");
    }
}
