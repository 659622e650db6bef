//! A site's overrides of the embedded theme, and the mark `bulletin theme eject` writes on
//! the first line of every file it copies.
//!
//! The mark records which version of the theme's file the copy was made from (a hash of its
//! text), so `check` can tell "the site edited its copy" (what overriding is for) from
//! "bulletin's own version changed since the copy was made" (what an upgrade must show).
//! The mark changes no output: in a template it is a Tera comment that also trims the line
//! break after it, and an asset's mark is removed when the theme is loaded.

use std::borrow::Cow;
use std::path::PathBuf;

use super::{DEFAULT_FILES, site_files};
use crate::diagnostics::{Diagnostic, Location};

/// The word that starts a mark, after the comment opener.
const MARK: &str = "bulletin-theme:";

/// The embedded theme's version of `name` (a path under `templates/`), if it has one.
pub fn embedded(name: &str) -> Option<&'static [u8]> {
    DEFAULT_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
}

/// The version a mark records: a hash of the text, with Windows line ends read as `\n` so a
/// checkout that converts them does not count as an edit.
fn version(bytes: &[u8]) -> String {
    format!("{:08x}", crate::search::fnv1a32(&normalized(bytes)))
}

fn normalized(bytes: &[u8]) -> Cow<'_, [u8]> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if !bytes.contains(&b'\r') {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            out.push(b);
        }
    }
    Cow::Owned(out)
}

/// How a file of this name holds a comment on one line, if it can: templates as Tera
/// comments that trim the line break after them, stylesheets, scripts and SVG in their own
/// syntax. Other assets (images, fonts) carry no mark.
fn comment(name: &str) -> Option<(&'static str, &'static str)> {
    let Some(asset) = name.strip_prefix("assets/") else {
        return Some(("{#-", "-#}"));
    };
    match asset.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css" | "js") => Some(("/*", "*/")),
        Some("svg") => Some(("<!--", "-->")),
        _ => None,
    }
}

/// The mark line for the theme's current `name`.
fn mark_line(name: &str, embedded: &[u8]) -> Option<String> {
    let (open, close) = comment(name)?;
    Some(format!(
        "{open} {MARK} {name}@{} (keep this line: bulletin check uses it to tell when \
         bulletin's own version of this file changes) {close}\n",
        version(embedded)
    ))
}

/// What `bulletin theme eject` writes for `name`: its mark, then the theme's file.
pub fn ejected(name: &str) -> Option<Vec<u8>> {
    let bytes = embedded(name)?;
    let mut out = mark_line(name, bytes).unwrap_or_default().into_bytes();
    out.extend_from_slice(bytes);
    Some(out)
}

/// A mark read from a file's first line.
#[derive(Debug, PartialEq, Eq)]
struct Mark {
    /// The theme file it was copied from.
    name: String,
    /// The version of that file it was copied from.
    version: String,
    /// The first line as written (without its line end), for locating warnings.
    line: String,
}

impl Mark {
    /// Where `name@version` is on the first line.
    fn location(&self) -> Location {
        let token = format!("{}@", self.name);
        let start = self.line.find(&token).unwrap_or(0);
        let end = start + token.len() + self.version.len();
        Location::from_offsets(&self.line, start, end.min(self.line.len()))
    }
}

fn first_line(bytes: &[u8]) -> (&[u8], usize) {
    let bytes_start = if bytes.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    let rest = &bytes[bytes_start..];
    let end = rest.iter().position(|&b| b == b'\n');
    let line = &rest[..end.unwrap_or(rest.len())];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    (line, bytes_start + end.map_or(rest.len(), |e| e + 1))
}

fn read_mark(bytes: &[u8]) -> Option<Mark> {
    let (line, _) = first_line(bytes);
    let line = std::str::from_utf8(line).ok()?;
    let opened = ["{#-", "{#", "/*", "<!--"]
        .iter()
        .find_map(|open| line.trim_start().strip_prefix(open))?;
    let token = opened
        .trim_start()
        .strip_prefix(MARK)?
        .split_whitespace()
        .next()?;
    let (name, version) = token.rsplit_once('@')?;
    let valid = version.len() == 8 && version.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then(|| Mark {
        name: name.to_string(),
        version: version.to_ascii_lowercase(),
        line: line.to_string(),
    })
}

/// `bytes` without its mark line, when its first line is a mark.
pub fn without_mark(bytes: &[u8]) -> &[u8] {
    if read_mark(bytes).is_some() {
        &bytes[first_line(bytes).1..]
    } else {
        bytes
    }
}

/// How one file of the theme, or of the site's `templates/`, stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The site has no file of this name: the theme's serves.
    Theme,
    /// The site's file is the theme's current one (apart from its mark).
    Same,
    /// The site edited its copy; the theme's file is still the one it was copied from.
    Edited,
    /// The theme's file changed since the site's copy was made; `edited` says whether the
    /// site's copy was changed too.
    Outdated {
        /// Whether the site's copy differs from the version it was copied from.
        edited: bool,
    },
    /// The site's file differs from the theme's and has no mark, so which side changed is
    /// unknown (copied by hand, or by `bulletin init` before it stopped copying the theme).
    Unmarked,
    /// A file of the site's own that the theme does not have (a custom shortcode, an image).
    SiteOnly,
}

impl Standing {
    /// A few words for `bulletin theme list`.
    pub fn describe(self) -> &'static str {
        match self {
            Standing::Theme => "theme",
            Standing::Same => "overridden, same as the theme",
            Standing::Edited => "overridden, edited",
            Standing::Outdated { edited: false } => {
                "overridden, not edited; the theme's version changed since it was ejected"
            }
            Standing::Outdated { edited: true } => {
                "overridden, edited; the theme's version changed since it was ejected"
            }
            Standing::Unmarked => "overridden, differs from the theme (no eject mark)",
            Standing::SiteOnly => "the site's own",
        }
    }

    /// Whether the site's file differs from the theme's.
    pub fn differs(self) -> bool {
        matches!(
            self,
            Standing::Edited | Standing::Outdated { .. } | Standing::Unmarked
        )
    }
}

/// A file of the theme or of the site's `templates/`, and how it stands.
#[derive(Debug, Clone)]
pub struct Override {
    /// Its path under `templates/`, e.g. `shortcodes/roster.html`.
    pub name: String,
    /// How it stands against the theme.
    pub standing: Standing,
    /// The site's file as read (mark included), when the site has one.
    pub site: Option<Vec<u8>>,
}

impl Override {
    /// The theme's current file, when the theme has one.
    pub fn theme(&self) -> Option<&'static [u8]> {
        embedded(&self.name)
    }

    /// The site's file without its mark.
    pub fn site_body(&self) -> Option<&[u8]> {
        self.site.as_deref().map(without_mark)
    }
}

fn standing(name: &str, theme: &[u8], site: &[u8]) -> Standing {
    let body = without_mark(site);
    if normalized(body) == normalized(theme) {
        return Standing::Same;
    }
    match read_mark(site) {
        Some(mark) if mark.name == name => {
            if mark.version == version(theme) {
                Standing::Edited
            } else {
                Standing::Outdated {
                    edited: version(body) != mark.version,
                }
            }
        }
        _ => Standing::Unmarked,
    }
}

/// Every file of the theme, in the theme's order, then the site's own files, each with how
/// it stands; and the errors met reading `root/templates`.
pub fn standings(root: &std::path::Path) -> (Vec<Override>, Vec<Diagnostic>) {
    let (mut site, errors) = site_files(root);
    let mut out: Vec<Override> = DEFAULT_FILES
        .iter()
        .map(|(name, theme)| {
            let file = site.remove(*name).map(|(_, bytes)| bytes);
            Override {
                name: name.to_string(),
                standing: file
                    .as_deref()
                    .map_or(Standing::Theme, |f| standing(name, theme, f)),
                site: file,
            }
        })
        .collect();
    out.extend(site.into_iter().map(|(name, (_, bytes))| Override {
        name,
        standing: Standing::SiteOnly,
        site: Some(bytes),
    }));
    (out, errors)
}

/// Warnings for `check`: overrides whose theme file changed since they were ejected, and
/// overrides without a mark that differ from the theme. An edited override of the current
/// theme is what overriding is for, and gets none.
pub fn drift(root: &std::path::Path) -> Vec<Diagnostic> {
    let (files, _) = standings(root);
    files
        .iter()
        .filter_map(|file| {
            let name = &file.name;
            let site = file.site.as_deref()?;
            let theme = file.theme()?;
            let display = PathBuf::from("templates").join(name);
            let new_mark = mark_line(name, theme);
            let diff = format!("`bulletin theme diff {name}` shows the theme's version against this file");
            let d = match file.standing {
                Standing::Outdated { edited: false } => Diagnostic::warning(
                    display,
                    format!("the theme's `{name}` changed since this copy was ejected, and the copy was not edited: the site still uses the old version"),
                )
                .hint(format!("delete the file to follow the theme, or take the new version with `bulletin theme eject --force {name}`")),
                Standing::Outdated { edited: true } => {
                    let version = version(theme);
                    Diagnostic::warning(
                        display,
                        format!("the theme's `{name}` changed since this copy was ejected and edited: the site does not get the theme's changes"),
                    )
                    .hint(format!("{diff}: carry over what the theme changed, then write `{name}@{version}` in the first line so check knows this copy is up to date"))
                }
                Standing::Unmarked => {
                    let mark = new_mark.as_deref().map_or(String::new(), |m| {
                        format!("; to keep it and hear of future changes, make its first line `{}`", m.trim_end())
                    });
                    Diagnostic::warning(
                        display,
                        format!("this file overrides the theme's `{name}`, differs from it and has no eject mark: check cannot tell whether bulletin's version changed since it was copied"),
                    )
                    .hint(format!("{diff}. If you never edited it, delete it to follow the theme{mark}"))
                }
                _ => return None,
            };
            Some(match read_mark(site) {
                Some(mark) => d.at(mark.location()),
                None => d,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_round_trip() {
        for (name, bytes) in DEFAULT_FILES {
            let copy = ejected(name).expect("a theme file");
            let mark = read_mark(&copy);
            if comment(name).is_some() {
                let mark = mark.expect("ejected files carry a mark");
                assert_eq!(mark.name, *name);
                assert_eq!(mark.version, version(bytes));
            }
            assert_eq!(without_mark(&copy), *bytes, "{name}");
            assert_eq!(standing(name, bytes, &copy), Standing::Same);
        }
    }

    #[test]
    fn tells_edits_from_theme_changes() {
        let old = b"<p>old theme</p>\n";
        let new = b"<p>new theme</p>\n";
        let mark = mark_line("x.html", old).unwrap();
        let copied = format!("{mark}<p>old theme</p>\n");
        let edited = format!("{mark}<p>mine</p>\n");
        assert_eq!(standing("x.html", old, copied.as_bytes()), Standing::Same);
        assert_eq!(standing("x.html", old, edited.as_bytes()), Standing::Edited);
        assert_eq!(
            standing("x.html", new, copied.as_bytes()),
            Standing::Outdated { edited: false }
        );
        assert_eq!(
            standing("x.html", new, edited.as_bytes()),
            Standing::Outdated { edited: true }
        );
        assert_eq!(standing("x.html", new, old), Standing::Unmarked);
        assert_eq!(standing("x.html", old, old), Standing::Same);
        // A checkout with Windows line ends is no edit.
        let crlf = copied.replace('\n', "\r\n");
        assert_eq!(standing("x.html", old, crlf.as_bytes()), Standing::Same);
        assert_eq!(without_mark(crlf.as_bytes()), b"<p>old theme</p>\r\n");
        // A mark copied to another file's name is no mark of it.
        assert_eq!(
            standing("y.html", new, edited.as_bytes()),
            Standing::Unmarked
        );
    }

    #[test]
    fn asset_marks_use_the_asset_syntax() {
        assert!(
            mark_line("assets/style.css", b"")
                .unwrap()
                .starts_with("/* bulletin-theme: assets/style.css@")
        );
        assert!(
            mark_line("assets/favicon.svg", b"")
                .unwrap()
                .starts_with("<!-- ")
        );
        assert!(mark_line("assets/logo.png", b"").is_none());
        assert!(
            mark_line("shortcodes/roster.html", b"")
                .unwrap()
                .starts_with("{#- ")
        );
    }
}
