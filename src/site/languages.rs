//! The language of each document, and translations: a file named `<name>.<lang>.md` is the
//! translation of `<name>.md` into `<lang>`. A translation is published at its original's
//! URL plus `<lang>/`, is listed nowhere (lists and calls count the original once), takes the
//! original's deadline when it names no call of its own, and every version links the others.

use std::collections::HashMap;
use std::sync::Arc;

use super::Entry;
use crate::diagnostics::Diagnostic;
use crate::lang::{self, Interface, Strings};
use crate::routes::Route;

/// One language version of a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// Its language tag, as written.
    pub lang: String,
    /// The language's own name (中文, English).
    pub name: String,
    /// Where it is published.
    pub route: Route,
}

/// A document's language: its tag and its interface text.
#[derive(Debug, Clone)]
pub struct Language {
    /// The tag, as written (`zh-CN`, `en-GB`): for `lang` attributes.
    pub tag: String,
    /// The interface text of that language.
    pub ui: Arc<Strings>,
}

/// The language a document says it is in: the suffix of its file name (`x.en.md`) when
/// that is a language with interface text, else its `lang:`, else the site's. Returns the
/// tag and whether the file is a translation.
fn declared(
    entry: &Entry,
    interface: &Interface,
    site: &str,
) -> Result<(String, bool), Diagnostic> {
    let doc = &entry.doc;
    let suffix = doc
        .stem()
        .rsplit_once('.')
        .map(|(_, s)| s)
        .filter(|s| lang::is_language_tag(s) && interface.strings(s).is_some());
    let front = doc.front.lang.as_deref();
    match (suffix, front) {
        (Some(suffix), Some(front)) if !front.eq_ignore_ascii_case(suffix) => {
            Err(Diagnostic::error(
                &doc.display,
                format!("the file name says `{suffix}` but `lang` says `{front}`"),
            )
            .at_opt(doc.locate("lang"))
            .hint(format!(
                "a file named `….{suffix}.md` is in `{suffix}`: remove `lang:` or rename the file"
            )))
        }
        (Some(suffix), _) => Ok((suffix.to_string(), true)),
        (None, Some(front)) => {
            if lang::is_language_tag(front) && interface.strings(front).is_some() {
                Ok((front.to_string(), false))
            } else {
                Err(lang::unknown_language(
                    &doc.display.to_string_lossy(),
                    front,
                    doc.locate("lang"),
                    interface,
                ))
            }
        }
        (None, None) => Ok((site.to_string(), false)),
    }
}

/// Gives every entry its language, moves translations out of `notices` into `pages` at
/// their original's URL, and links the versions of each document. Returns the errors.
pub(super) fn link(
    notices: &mut Vec<Entry>,
    pages: &mut Vec<Entry>,
    interface: &Interface,
    site_language: &str,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut translations = Vec::new();
    for list in [&mut *notices, &mut *pages] {
        let mut kept = Vec::with_capacity(list.len());
        for mut entry in list.drain(..) {
            // An entry kept from a previous model is decided again.
            entry.translates = None;
            entry.versions.clear();
            match declared(&entry, interface, site_language) {
                Ok((tag, translation)) => {
                    entry.language = Language {
                        ui: Arc::clone(interface.strings(&tag).unwrap_or(interface.site())),
                        tag,
                    };
                    if translation {
                        translations.push(entry);
                    } else {
                        kept.push(entry);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        *list = kept;
    }
    if translations.is_empty() {
        return errors;
    }
    // Originals by source path: `notices/x.md` for `notices/x.en.md`.
    let originals: HashMap<String, (bool, usize)> = notices
        .iter()
        .enumerate()
        .map(|(i, e)| (e.doc.path.clone(), (true, i)))
        .chain(
            pages
                .iter()
                .enumerate()
                .map(|(i, e)| (e.doc.path.clone(), (false, i))),
        )
        .collect();
    let mut groups: HashMap<(bool, usize), Vec<usize>> = HashMap::new();
    let first_translation = pages.len();
    for mut entry in translations {
        let doc = Arc::clone(&entry.doc);
        let (dir, stem) = match doc.path.rsplit_once('/') {
            Some((dir, name)) => (format!("{dir}/"), name),
            None => (String::new(), doc.path.as_str()),
        };
        let stem = stem.strip_suffix(".md").unwrap_or(stem);
        let base = stem.rsplit_once('.').map_or(stem, |(b, _)| b);
        let original_path = format!("{dir}{base}.md");
        let Some(&(is_notice, index)) = originals.get(&original_path) else {
            errors.push(
                Diagnostic::error(
                    &doc.display,
                    format!(
                        "`{}` is a translation into `{}`, but `{original_path}` does not exist",
                        doc.path, entry.language.tag
                    ),
                )
                .hint(format!(
                    "add content/{original_path}, or name this file `{base}.md` and set `lang: {}` in its front matter",
                    entry.language.tag
                )),
            );
            continue;
        };
        let original = if is_notice {
            &notices[index]
        } else {
            &pages[index]
        };
        if original.language.ui.tag() == entry.language.ui.tag() {
            errors.push(
                Diagnostic::error(
                    &doc.display,
                    format!(
                        "`{}` translates `{original_path}` into its own language, `{}`",
                        doc.path, original.language.tag
                    ),
                )
                .hint("a translation is in another language than its original"),
            );
            continue;
        }
        if doc.front.slug.is_some() {
            errors.push(
                Diagnostic::error(
                    &doc.display,
                    "a translation is published at its original's URL",
                )
                .at_opt(doc.locate("slug"))
                .hint(format!("remove `slug:`; set it in content/{original_path}")),
            );
            continue;
        }
        let own_call = doc.front.call.as_ref();
        if let Some(call) = own_call
            && original.doc.front.call.as_ref() != Some(call)
        {
            errors.push(
                Diagnostic::error(
                    &doc.display,
                    format!("a translation announces the call of its original, not `{call}`"),
                )
                .at_opt(doc.locate("call"))
                .hint(format!(
                    "remove `call:` here, or make it the same as in content/{original_path}"
                )),
            );
            continue;
        }
        entry.route = Route::translation(&original.route, &entry.language.tag);
        entry.translates = Some(original.route.clone());
        if own_call.is_none() && doc.front.deadline.is_none() {
            entry.deadline = original.deadline.clone();
        }
        groups
            .entry((is_notice, index))
            .or_default()
            .push(pages.len());
        pages.push(entry);
    }
    debug_assert!(
        pages[first_translation..]
            .iter()
            .all(|e| e.translates.is_some())
    );
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort();
    for ((is_notice, index), members) in groups {
        let original = if is_notice {
            &notices[index]
        } else {
            &pages[index]
        };
        let mut versions = vec![version(original)];
        let mut members = members;
        members.sort_by(|a, b| pages[*a].language.tag.cmp(&pages[*b].language.tag));
        for &m in &members {
            if versions
                .iter()
                .any(|v: &Version| v.lang.eq_ignore_ascii_case(&pages[m].language.tag))
            {
                errors.push(
                    Diagnostic::error(
                        &pages[m].doc.display,
                        format!(
                            "there are two `{}` versions of this document",
                            pages[m].language.tag
                        ),
                    )
                    .hint("keep one file per language"),
                );
                continue;
            }
            versions.push(version(&pages[m]));
        }
        for &m in &members {
            pages[m].versions = versions.clone();
        }
        let original = if is_notice {
            &mut notices[index]
        } else {
            &mut pages[index]
        };
        original.versions = versions;
    }
    errors
}

fn version(entry: &Entry) -> Version {
    Version {
        lang: entry.language.tag.clone(),
        name: entry.language.ui.text("language.name").to_string(),
        route: entry.route.clone(),
    }
}
