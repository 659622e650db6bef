//! Building a site again and again as files change (for `serve`).
//!
//! A [`Session`] keeps the last good inputs and outputs. On a change it reloads only what
//! changed (one document, the data, the theme or the settings), makes a new immutable
//! model from the mostly shared old parts, plans it, and renders again only the outputs
//! whose digest ([`super::digest`]) changed. A failed rebuild keeps the last good state.

use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Zoned;

use super::digest::{Inputs, digest, routes_fingerprint};
use super::inputs::{classify, hash_config, hash_dir, load_all, load_interface, resolve_now};
use super::outputs::{Outputs, PageMap};
use super::{Loaded, Options, model};
use crate::config;
use crate::content::{self, Content};
use crate::data;
use crate::diagnostics::Diagnostics;
use crate::output::{OutputFile, OutputPath};
use crate::plan::{Kind, Plan};
use crate::render;
use crate::site::{Publishing, Site};
use crate::theme::Theme;

/// `content` reloaded whole: unchanged documents keep their shared value (and revision);
/// the others get the next revisions from `revision`.
fn keep_unchanged(old: &Content, mut content: Content, revision: &mut u64) -> Content {
    let previous: HashMap<&str, &Arc<content::Document>> =
        old.documents.iter().map(|d| (d.path.as_str(), d)).collect();
    for doc in &mut content.documents {
        match previous.get(doc.path.as_str()) {
            Some(previous) if previous.head == doc.head && previous.body == doc.body => {
                *doc = Arc::clone(previous)
            }
            _ => {
                let mut fresh = (**doc).clone();
                fresh.revision = *revision;
                *revision += 1;
                *doc = Arc::new(fresh);
            }
        }
    }
    content
}

/// The last good state.
pub(super) struct State {
    pub(super) loaded: Loaded,
    site: Site,
    plan: Plan,
    inputs: Inputs,
    warnings: Diagnostics,
    pages: Arc<PageMap>,
    /// Search files whose inputs changed but which still hold the previous index: (place
    /// in the plan, new digest). Their entries in `pages` keep the old digest until
    /// rendered.
    deferred: Vec<(usize, u64)>,
}

/// What a (re)build did. Pages are the HTML files; files are every output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// Files rendered in this step.
    pub rendered: usize,
    /// Pages among them.
    pub rendered_pages: usize,
    /// The output paths rendered in this step, sorted.
    pub rendered_paths: Vec<OutputPath>,
    /// Pages in the site.
    pub pages: usize,
    /// Files in the site.
    pub files: usize,
    /// Whether everything was loaded again.
    pub full: bool,
}

/// A site being built, once or repeatedly.
pub struct Session {
    options: Options,
    now: Option<Zoned>,
    state: Option<State>,
    next_revision: u64,
    /// Leave the search index for [`Session::finish_deferred`] on incremental updates.
    defer_search: bool,
}

impl Session {
    /// A session for `options`; nothing is loaded until [`Session::build`].
    pub fn new(options: Options) -> Self {
        Session {
            options,
            now: None,
            state: None,
            next_revision: 1,
            defer_search: false,
        }
    }

    /// Makes incremental updates leave the search index for [`Session::finish_deferred`], so
    /// an edited page is servable at once (serve); the first build is always complete.
    pub fn defer_search(mut self) -> Self {
        self.defer_search = true;
        self
    }

    /// Whether search files wait for [`Session::finish_deferred`].
    pub fn has_deferred(&self) -> bool {
        self.state.as_ref().is_some_and(|s| !s.deferred.is_empty())
    }

    /// Renders the search files an update left for later. Afterwards the output is what a
    /// full build gives.
    pub fn finish_deferred(&mut self) -> Result<usize, Diagnostics> {
        let Some(state) = self.state.as_mut() else {
            return Ok(0);
        };
        if state.deferred.is_empty() {
            return Ok(0);
        }
        let todo: Vec<usize> = state.deferred.iter().map(|(k, _)| *k).collect();
        let theme = &state.loaded.theme;
        let rendered = render::render_files(&state.site, theme, &state.plan, &todo, None)?;
        let count = rendered.len();
        for ((_, digest), file) in std::mem::take(&mut state.deferred)
            .into_iter()
            .zip(rendered)
        {
            Arc::make_mut(&mut state.pages).insert(file.path.clone(), (digest, Arc::new(file)));
        }
        Ok(count)
    }

    /// Loads everything and renders every output.
    pub fn build(&mut self) -> Result<Update, Diagnostics> {
        let loaded = load_all(&self.options.root, &self.options)?;
        self.apply(loaded, true, None)
    }

    /// Applies changed files (absolute or relative to the root) and renders again what they
    /// affect. Without a good state yet, loads everything. On error the last good state stays.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update, Diagnostics> {
        let Some(old) = &self.state else {
            return self.build();
        };
        let changes = classify(&self.options.root, changed, old);
        let root = &self.options.root;
        let old = &old.loaded;
        let mut revision = self.next_revision;
        let mut errors = Diagnostics::new();
        let config = if changes.config {
            config::load(root, self.options.base_url.as_deref())
                .map_err(|e| errors.extend(e))
                .ok()
        } else {
            Some(old.config.clone())
        };
        // The interface text depends on the settings (the language) and on data/; the data
        // names what it leaves unnamed in that language.
        let interface = match &config {
            Some(config) if changes.config || changes.data => load_interface(root, config)
                .map(Arc::new)
                .map_err(|e| errors.extend(e))
                .ok(),
            Some(_) => Some(Arc::clone(&old.interface)),
            None => None,
        };
        let data = match &interface {
            Some(interface) if changes.data || !Arc::ptr_eq(interface, &old.interface) => {
                data::load(root, interface.site())
                    .map(Arc::new)
                    .map_err(|e| errors.extend(e))
                    .ok()
            }
            Some(_) => Some(Arc::clone(&old.data)),
            None => None,
        };
        let theme = if changes.theme {
            Theme::load(root)
                .map(Arc::new)
                .map_err(|e| errors.extend(e))
                .ok()
        } else {
            Some(Arc::clone(&old.theme))
        };
        // Documents edited in their bodies only, while nothing else changed: the model
        // and the plan need not be made again (`None`: they must).
        let mut bodies = (!changes.config && !changes.data && !changes.theme).then(Vec::new);
        let content = if changes.content_tree {
            bodies = None;
            content::load(root)
                .map(|content| keep_unchanged(&old.content, content, &mut revision))
                .map_err(|e| errors.extend(e))
                .ok()
        } else {
            let mut content = old.content.clone();
            for path in &changes.documents {
                match content::load_document(&root.join("content"), path) {
                    Ok(mut doc) => {
                        doc.revision = revision;
                        revision += 1;
                        let doc = Arc::new(doc);
                        match content.documents.iter_mut().find(|d| d.path == *path) {
                            Some(slot) => {
                                if !slot.differs_in_body_only(&doc) {
                                    bodies = None;
                                }
                                *slot = Arc::clone(&doc);
                                if let Some(bodies) = &mut bodies {
                                    bodies.push(doc);
                                }
                            }
                            None => bodies = None,
                        }
                    }
                    Err(d) => errors.push(d),
                }
            }
            Some(content)
        };
        self.next_revision = revision;
        let (Some(config), Some(interface), Some(data), Some(theme), Some(content), false) =
            (config, interface, data, theme, content, errors.has_errors())
        else {
            return Err(errors);
        };
        let full = changes.content_tree || changes.config;
        let loaded = Loaded {
            config,
            interface,
            content,
            data,
            theme,
        };
        self.apply(loaded, full, bodies.as_deref())
    }

    /// Models and plans `loaded`, renders the outputs whose digest changed, and keeps the
    /// result as the new state. `full`: settings or the content tree changed, so no entry
    /// of the previous model can be reused. `bodies`: the documents of `loaded` that are
    /// new versions differing in their bodies only, when nothing else changed (the model
    /// and the plan are then the previous ones with those documents).
    fn apply(
        &mut self,
        loaded: Loaded,
        full: bool,
        bodies: Option<&[Arc<content::Document>]>,
    ) -> Result<Update, Diagnostics> {
        let now = match &self.now {
            Some(now) => now.clone(),
            None => resolve_now(&self.options, &loaded.config),
        };
        let publishing = Publishing {
            now: now.clone(),
            drafts: self.options.drafts,
        };
        let root = &self.options.root;
        let old = self.state.as_ref();
        let prior = old.filter(|_| !full).map(|s| &s.site);
        let started = std::time::Instant::now();
        let same_shape = old.zip(bodies).and_then(|(old, bodies)| {
            let site = old.site.with_bodies(bodies);
            let plan = old.plan.with_bodies(&site)?;
            Some((site, plan, old.warnings.clone()))
        });
        let (site, plan, warnings) = match same_shape {
            Some(same) => same,
            None => {
                let (site, plan, warnings) = model(root, &loaded, &publishing, prior)?;
                (site, plan, warnings.into_iter().collect())
            }
        };
        let modelled = started.elapsed();
        let inputs = Inputs {
            config: hash_config(root, &self.options),
            theme: loaded.theme.fingerprint,
            // Unchanged data (the same shared value) keeps its fingerprint.
            data: match old {
                Some(old) if Arc::ptr_eq(&old.loaded.data, &loaded.data) => old.inputs.data,
                _ => hash_dir(&root.join("data")),
            },
            routes: routes_fingerprint(&site),
            nav: nav_fingerprint(&plan),
        };
        let mut pages = HashMap::with_capacity(plan.outputs.len());
        let mut todo = Vec::new();
        let mut todo_digests = Vec::new();
        let mut deferred = Vec::new();
        // Digests are independent of each other: computed in parallel, compared in order.
        let digests: Vec<u64> = plan
            .outputs
            .par_iter()
            .map(|planned| digest(&planned.job, planned.route.path(), &site, &plan, &inputs))
            .collect();
        for ((k, planned), digest) in plan.outputs.iter().enumerate().zip(digests) {
            let path = planned.route.path();
            match old.and_then(|o| o.pages.get(path)) {
                Some((old_digest, file)) if *old_digest == digest => {
                    pages.insert(path.clone(), (digest, Arc::clone(file)));
                }
                // Serve's updates leave the search index (which needs every page's text)
                // for later, serving the previous one meanwhile; a file never built before
                // cannot wait.
                Some((old_digest, file)) if self.defer_search && planned.job.is_search_data() => {
                    pages.insert(path.clone(), (*old_digest, Arc::clone(file)));
                    deferred.push((k, digest));
                }
                _ => {
                    todo.push(k);
                    todo_digests.push(digest);
                }
            }
        }
        let digested = started.elapsed();
        let theme = &loaded.theme;
        let progress = self.options.progress.as_ref();
        let rendered = render::render_files(&site, theme, &plan, &todo, progress)?;
        crate::console::debug(|| {
            format!(
                "update: model and plan {:.1} ms, digests {:.1} ms, rendering {} outputs {:.1} ms",
                modelled.as_secs_f64() * 1e3,
                (digested - modelled).as_secs_f64() * 1e3,
                todo.len(),
                (started.elapsed() - digested).as_secs_f64() * 1e3,
            )
        });
        let mut rendered_paths = Vec::with_capacity(rendered.len());
        let mut rendered_pages = 0;
        for ((k, digest), file) in todo.iter().zip(todo_digests).zip(rendered) {
            rendered_pages += usize::from(plan.outputs[*k].kind == Kind::Page);
            rendered_paths.push(file.path.clone());
            pages.insert(file.path.clone(), (digest, Arc::new(file)));
        }
        rendered_paths.sort();
        let counts = plan.counts();
        let update = Update {
            rendered: rendered_paths.len(),
            rendered_pages,
            rendered_paths,
            pages: counts.pages,
            files: counts.files,
            full,
        };
        self.now = Some(now);
        let previous = self.state.replace(State {
            loaded,
            site,
            plan,
            inputs,
            warnings,
            pages: Arc::new(pages),
            deferred,
        });
        // Freeing the previous model and page map takes milliseconds on a large site: not
        // while the editor waits.
        if let Some(previous) = previous {
            std::thread::spawn(move || drop(previous));
        }
        Ok(update)
    }

    /// The current model, after a successful build.
    pub fn site(&self) -> Option<&Site> {
        self.state.as_ref().map(|s| &s.site)
    }

    /// The current model, theme and plan, after a successful build: what rendering one
    /// document in a form of its own reads (`serve`'s WeChat previews).
    pub fn view(&self) -> Option<super::View<'_>> {
        self.state.as_ref().map(|s| super::View {
            site: &s.site,
            theme: &s.loaded.theme,
            plan: &s.plan,
        })
    }

    /// Warnings of the last successful build.
    pub fn warnings(&self) -> Diagnostics {
        self.state
            .as_ref()
            .map(|s| s.warnings.clone())
            .unwrap_or_default()
    }

    /// Every output file of the last successful build, sorted by path.
    pub fn files(&self) -> Vec<&OutputFile> {
        let Some(state) = &self.state else {
            return Vec::new();
        };
        let mut files: Vec<&OutputFile> = state.pages.values().map(|(_, f)| f.as_ref()).collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// Every output file of the last successful build, shared (for serving from memory):
    /// no copy of the page map is made.
    pub fn outputs(&self) -> Outputs {
        match &self.state {
            Some(state) => Outputs {
                pages: Arc::clone(&state.pages),
            },
            None => Outputs::default(),
        }
    }
}

/// A fingerprint of the navigation as pages show it: keys, titles and where they lead (by
/// route, not by place in the plan, which moves when a notice is added).
fn nav_fingerprint(plan: &Plan) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for entry in &plan.nav {
        (&entry.key, &entry.title).hash(&mut h);
        match &entry.link {
            crate::plan::NavLink::Output(k) => plan.outputs[*k].route.url_path().hash(&mut h),
            crate::plan::NavLink::Url(url) => url.hash(&mut h),
        }
    }
    h.finish()
}
