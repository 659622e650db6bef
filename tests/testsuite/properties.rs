//! Never panic: property tests (proptest) feed arbitrary and mutated input to every parser
//! an editor's text reaches: front matter splitting, slugs and heading ids, shortcodes, the
//! YAML data files, Markdown rendering in each raw HTML mode, the sanitiser, source
//! locations and output paths. Each must return a value or an error, never panic.
//!
//! `PROPTEST_CASES=10000 cargo test --test testsuite properties::` runs longer searches.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use bulletin::config::RawHtml;
use bulletin::content::front_matter;
use bulletin::content::markdown::{self, HookError, Hooks};
use bulletin::content::sanitize;
use bulletin::content::shortcodes::{self, ArgValue};
use bulletin::content::slug::{Slug, UniqueIds, heading_id};
use bulletin::diagnostics::Location;
use bulletin::output::OutputPath;
use proptest::prelude::*;

/// Text rich in the characters the parsers care about.
fn syntax() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-\\-{}()=\"'#*_`~\\[\\]!<>/\\\\:|.,a-z0-9 \n\t\r\u{E000}\u{feff}中文]{0,300}",
        "(---\n|\\{\\{ [a-z]{1,8}\\(([a-z]{1,4}=(\"[^\"\n]{0,6}\"|[0-9]{1,20}|true|x))?\\) \\}\\}\n|## [^\n]{0,20}( \\{[^}\n]{0,12}\\})?\n|\\[[^\n]{0,8}\\]\\([^)\n]{0,12}\\)\n|<[a-z]{1,6}[^>\n]{0,12}>|```\n|[^\n]{0,30}\n)*",
    ]
}

/// One edit of a file: delete `len` bytes at a fraction of it, insert `text` there.
fn edit() -> impl Strategy<Value = (f64, usize, String)> {
    (0.0..1.0f64, 0usize..40, syntax())
}

fn mutate(original: &str, (at, len, text): &(f64, usize, String)) -> String {
    let mut start = ((original.len() as f64) * at) as usize;
    while !original.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(original.len());
    while !original.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{text}{}", &original[..start], &original[end..])
}

fn example(path: &str) -> String {
    std::fs::read_to_string(crate::support::repo_root().join(path)).expect("read the example site")
}

struct Anything;

impl Hooks for Anything {
    fn resolve_link(&self, dest: &str) -> Result<String, HookError> {
        if dest.len().is_multiple_of(3) {
            Err((format!("bad link {dest}"), None))
        } else {
            Ok(format!("/x/{dest}"))
        }
    }

    fn shortcode(
        &self,
        name: &str,
        args: &BTreeMap<String, ArgValue>,
    ) -> Result<String, HookError> {
        match name {
            "bad" => Err(("no".into(), Some("hint".into()))),
            _ => Ok(format!("<div class=\"{name}\">{}</div>", args.len())),
        }
    }
}

fn render_all_modes(text: &str) {
    let body = front_matter::split(text, Path::new("a.md")).map_or(0, |s| s.body_offset);
    for mode in [RawHtml::Escape, RawHtml::Sanitize, RawHtml::Allow] {
        let _ = markdown::render(text, body, Path::new("a.md"), mode, &Anything);
    }
}

proptest! {
    #[test]
    fn front_matter_never_panics(text in syntax()) {
        let _ = front_matter::split(&text, Path::new("a.md"));
        let _ = front_matter::parse(&text, Path::new("a.md"));
    }

    #[test]
    fn edited_notices_never_panic(edits in prop::collection::vec(edit(), 1..4)) {
        let mut text = example("content/notices/2025-cappvd-call.md");
        for e in &edits {
            text = mutate(&text, e);
        }
        let _ = front_matter::parse(&text, Path::new("a.md"));
        render_all_modes(&text);
    }

    #[test]
    fn slugs_never_panic_and_stay_one_segment(text in syntax()) {
        if let Ok(slug) = Slug::try_from(text.clone()) {
            let s = slug.as_str();
            prop_assert!(!s.contains('/') && !s.contains('\\') && !s.starts_with('.'));
            let page = format!("notices/{s}/index.html");
            prop_assert!(OutputPath::new(page).is_ok());
        }
    }

    #[test]
    fn heading_ids_are_never_empty(text in syntax()) {
        let id = heading_id(&text);
        prop_assert!(!id.is_empty() && !id.contains(':') && !id.contains(char::is_whitespace));
        let mut ids = UniqueIds::default();
        prop_assert_ne!(ids.claim(id.clone()), ids.claim(id));
    }

    #[test]
    fn shortcodes_never_panic(text in syntax()) {
        let _ = shortcodes::parse_line(&text);
        let (found, malformed) = shortcodes::scan(&text);
        for range in found.iter().map(|(r, _)| r).chain(malformed.iter().map(|m| &m.range)) {
            prop_assert!(text.get(range.clone()).is_some(), "{range:?} is not a slice");
        }
    }

    #[test]
    fn markdown_never_panics(text in syntax()) {
        render_all_modes(&text);
        render_all_modes(&format!("---\ntitle: x\n---\n{text}"));
    }

    #[test]
    fn sanitised_html_has_no_script(text in syntax()) {
        let clean = sanitize::clean(&text, &[]);
        let found = crate::support::scan::dangerous(&clean, &crate::support::scan::Baseline::default());
        prop_assert!(found.is_empty(), "{clean}\n{found:?}");
    }

    #[test]
    fn locations_never_panic(text in syntax(), start in any::<usize>(), end in any::<usize>()) {
        let small = |n: usize| n % (text.len() + 2);
        let location = Location::from_offsets(&text, small(start), small(end));
        prop_assert!(location.line >= 1 && location.column >= 1);
        let _ = Location::from_offsets(&text, start, end);
    }

    #[test]
    fn output_paths_stay_inside(text in syntax()) {
        if let Ok(path) = OutputPath::new(text) {
            let joined = Path::new("/out").join(path.as_str());
            prop_assert!(joined.starts_with("/out"));
            let inside = Path::new(path.as_str()).components();
            prop_assert!(inside.into_iter().all(|c| matches!(c, Component::Normal(_))));
        }
    }
}

proptest! {
    // Each case writes a site to disk: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn edited_data_files_never_panic(
        file in prop::sample::select(vec!["site", "units", "ratings", "contacts", "call"]),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let site = crate::support::SiteTest::example();
        let path = format!("data/{file}.yaml");
        let mut text = site.read(&path);
        for e in &edits {
            text = mutate(&text, e);
        }
        site.file(&path, &text);
        let _ = bulletin::config::load(site.root(), None);
        let interface = bulletin::lang::load(site.root(), "zh-CN", ("data/site.yaml", None))
            .expect("the shipped tables load");
        let _ = bulletin::data::load(site.root(), interface.site());
    }
}
