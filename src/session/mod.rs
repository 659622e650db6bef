//! Building a site once, or again and again as files change (for `serve`).
//!
//! A [`Session`] keeps the last good inputs and outputs. On a change it reloads only what
//! changed (one document, the data, the theme or the settings), makes a new immutable
//! [`Site`] from the mostly shared old parts, and renders again only the pages whose
//! digest ([`crate::render::digest`]) changed. A failed rebuild keeps the last good state.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Zoned;

mod inputs;
mod outputs;

use inputs::{classify, hash_config, hash_dir};
pub(crate) use inputs::{load_all, resolve_now};
pub use outputs::{Outputs, PageMap};

use crate::Options;
use crate::config::{self, Config};
use crate::content::{self, Content};
use crate::data::{self, Data};
use crate::diagnostics::Diagnostics;
use crate::output::OutputFile;
use crate::render::{self, Inputs, Theme};
use crate::site::{OutputPath, Publishing, Site};

/// The last good state.
struct State {
    config: Config,
    content: Content,
    data: Arc<Data>,
    theme: Arc<Theme>,
    site: Site,
    inputs: Inputs,
    warnings: Diagnostics,
    pages: Arc<PageMap>,
    /// Search files whose inputs changed but which still hold the previous index: (job,
    /// path, new digest). Their entries in `pages` keep the old digest until rendered.
    deferred: Vec<(render::Job, OutputPath, u64)>,
    statics: Vec<Arc<OutputFile>>,
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

/// Freshly loaded inputs for one (re)build.
struct Parts {
    config: Config,
    content: Content,
    data: Arc<Data>,
    theme: Arc<Theme>,
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
        let jobs: Vec<render::Job> = state.deferred.iter().map(|(job, ..)| *job).collect();
        let rendered = render::render_pages(&state.site, &state.theme, &jobs, None)
            .map_err(Diagnostics::from_iter)?;
        let count = rendered.len();
        for ((_, path, digest), file) in std::mem::take(&mut state.deferred)
            .into_iter()
            .zip(rendered)
        {
            Arc::make_mut(&mut state.pages).insert(path, (digest, Arc::new(file)));
        }
        Ok(count)
    }

    /// Loads everything and renders every page.
    pub fn build(&mut self) -> Result<Update, Diagnostics> {
        let (config, content, data, theme) = load_all(&self.options.root, &self.options)?;
        let parts = Parts {
            config,
            content,
            data: Arc::new(data),
            theme: Arc::new(theme),
        };
        self.apply(parts, false, true)
    }

    /// Applies changed files (absolute or relative to the root) and renders again what they
    /// affect. Without a good state yet, loads everything. On error the last good state stays.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update, Diagnostics> {
        let Some(old) = &self.state else {
            return self.build();
        };
        let changes = classify(&self.options.root, changed, old);
        let root = &self.options.root;
        let mut errors = Diagnostics::new();
        let config = if changes.config {
            config::load(root, self.options.base_url.as_deref())
                .map_err(|e| errors.extend(e))
                .ok()
        } else {
            Some(old.config.clone())
        };
        let data = if changes.data {
            data::load(root)
                .map(Arc::new)
                .map_err(|e| errors.extend(e))
                .ok()
        } else {
            Some(Arc::clone(&old.data))
        };
        let theme = if changes.theme {
            Theme::load(root)
                .map(Arc::new)
                .map_err(|e| errors.extend(e))
                .ok()
        } else {
            Some(Arc::clone(&old.theme))
        };
        let content = if changes.content_tree {
            content::load(root)
                .map(|mut content| {
                    // Keep unchanged documents (and their revisions); mark the others new.
                    let previous: HashMap<&str, &Arc<content::Document>> = old
                        .content
                        .documents
                        .iter()
                        .map(|d| (d.path.as_str(), d))
                        .collect();
                    for doc in &mut content.documents {
                        match previous.get(doc.path.as_str()) {
                            Some(previous) if previous.text == doc.text => {
                                *doc = Arc::clone(previous)
                            }
                            _ => {
                                let mut fresh = (**doc).clone();
                                fresh.revision = self.next_revision;
                                self.next_revision += 1;
                                *doc = Arc::new(fresh);
                            }
                        }
                    }
                    content
                })
                .map_err(|e| errors.extend(e))
                .ok()
        } else {
            let mut content = old.content.clone();
            for path in &changes.documents {
                match content::load_document(&root.join("content"), path) {
                    Ok(mut doc) => {
                        doc.revision = self.next_revision;
                        self.next_revision += 1;
                        if let Some(slot) = content.documents.iter_mut().find(|d| d.path == *path) {
                            *slot = Arc::new(doc);
                        }
                    }
                    Err(d) => errors.push(d),
                }
            }
            Some(content)
        };
        let (Some(config), Some(data), Some(theme), Some(content), false) =
            (config, data, theme, content, errors.has_errors())
        else {
            return Err(errors);
        };
        let full = changes.content_tree || changes.config;
        self.apply(
            Parts {
                config,
                content,
                data,
                theme,
            },
            !(changes.theme || changes.content_tree),
            full,
        )
    }

    /// Makes the model from `parts`, renders the pages whose digest changed, and keeps the
    /// result as the new state. `keep_statics`: the theme's assets and content files are
    /// unchanged since the last state.
    fn apply(
        &mut self,
        parts: Parts,
        keep_statics: bool,
        full: bool,
    ) -> Result<Update, Diagnostics> {
        // Settings and the content tree are what entries depend on besides their document.
        let reuse_entries = !full;
        let Parts {
            config,
            content,
            data,
            theme,
        } = parts;
        let now = match &self.now {
            Some(now) => now.clone(),
            None => resolve_now(&self.options, &config),
        };
        let publishing = Publishing {
            now: now.clone(),
            drafts: self.options.drafts,
        };
        let root = &self.options.root;
        // Entries of unchanged documents carry over when nothing they depend on changed.
        let prior = self
            .state
            .as_ref()
            .filter(|_| reuse_entries)
            .map(|s| &s.site);
        let (site, warnings) = Site::build(root, &config, &content, &data, &publishing, prior)
            .map_err(Diagnostics::from_iter)?;
        let inputs = Inputs {
            config: hash_config(root, &self.options),
            theme: theme.fingerprint,
            // Unchanged data (the same shared value) keeps its fingerprint.
            data: match self.state.as_ref() {
                Some(old) if Arc::ptr_eq(&old.data, &data) => old.inputs.data,
                _ => hash_dir(&root.join("data")),
            },
            routes: render::routes_fingerprint(&site),
        };
        let old = self.state.as_ref();
        let mut pages = HashMap::new();
        let mut todo = Vec::new();
        let mut todo_keys = Vec::new();
        for job in render::plan(&site) {
            let path = render::route(job, &site).path().clone();
            let digest = render::digest(&job, &site, &inputs);
            match old.and_then(|o| o.pages.get(&path)) {
                Some((old_digest, file)) if *old_digest == digest => {
                    pages.insert(path, (digest, Arc::clone(file)));
                }
                _ => {
                    todo.push(job);
                    todo_keys.push((path, digest));
                }
            }
        }
        // Serve's updates leave the search index (which needs every page's text) for later,
        // serving the previous one meanwhile; a job never built before cannot wait.
        let mut deferred = Vec::new();
        if self.defer_search && old.is_some() {
            let mut keep = Vec::with_capacity(todo.len());
            let mut keep_keys = Vec::with_capacity(todo.len());
            for (job, (path, digest)) in todo.into_iter().zip(todo_keys) {
                match old.and_then(|o| o.pages.get(&path)) {
                    Some((old_digest, file)) if job.is_search_data() => {
                        pages.insert(path.clone(), (*old_digest, Arc::clone(file)));
                        deferred.push((job, path, digest));
                    }
                    _ => {
                        keep.push(job);
                        keep_keys.push((path, digest));
                    }
                }
            }
            todo = keep;
            todo_keys = keep_keys;
        }
        let rendered = render::render_pages(&site, &theme, &todo, self.options.progress.as_ref());
        let statics = match old {
            Some(o) if keep_statics => Ok(o.statics.clone()),
            _ => render::static_files(&site, &theme)
                .map(|files| files.into_iter().map(Arc::new).collect()),
        };
        let (rendered, statics) = match (rendered, statics) {
            (Ok(r), Ok(s)) => (r, s),
            (r, s) => return Err(r.err().into_iter().chain(s.err()).flatten().collect()),
        };
        let count = rendered.len();
        let mut rendered_paths = Vec::with_capacity(count);
        for ((path, digest), file) in todo_keys.into_iter().zip(rendered) {
            rendered_paths.push(path.clone());
            pages.insert(path, (digest, Arc::new(file)));
        }
        rendered_paths.sort();
        let is_page = |p: &OutputPath| crate::output::is_page(p.as_str());
        let update = Update {
            rendered: count,
            rendered_pages: rendered_paths.iter().filter(|p| is_page(p)).count(),
            rendered_paths,
            pages: pages.keys().filter(|p| is_page(p)).count(),
            files: pages.len() + statics.len(),
            full,
        };
        self.now = Some(now);
        let previous = self.state.replace(State {
            config,
            content,
            data,
            theme,
            site,
            inputs,
            warnings: warnings.into_iter().collect(),
            pages: Arc::new(pages),
            statics,
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
        let mut files: Vec<&OutputFile> = state
            .pages
            .values()
            .map(|(_, f)| f.as_ref())
            .chain(state.statics.iter().map(Arc::as_ref))
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// Every output file of the last successful build, shared (for serving from memory):
    /// no copy of the page map is made.
    pub fn outputs(&self) -> Outputs {
        match &self.state {
            Some(state) => Outputs {
                pages: Arc::clone(&state.pages),
                statics: state.statics.clone(),
            },
            None => Outputs::default(),
        }
    }
}
