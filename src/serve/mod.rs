//! `serve`: build the site into memory, serve it on 127.0.0.1, watch the sources, rebuild
//! incrementally on every save and tell browsers to reload (Server-Sent Events). A failed
//! rebuild keeps the last good site and shows its errors as an overlay.

mod http;
mod wechat;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

pub use http::{Answer, EVENTS_PATH, Snapshot, answer};
pub use wechat::WECHAT_PATH;

use crate::console::plural;
use crate::diagnostics::Diagnostics;
use crate::pipeline::Options;
use crate::pipeline::Session;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build (its `base_url` is replaced by the server's address).
    pub site: Options,
    /// Address to bind; 127.0.0.1 unless asked otherwise.
    pub bind: IpAddr,
    /// First port to try.
    pub port: u16,
    /// How many following ports to try when the port is busy.
    pub port_attempts: u16,
}

/// Browsers listening for reload events.
#[derive(Default)]
struct Listeners(Mutex<Vec<Sender<&'static str>>>);

impl Listeners {
    fn add(&self) -> Receiver<&'static str> {
        let (tx, rx) = channel();
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
        rx
    }

    fn notify(&self, event: &'static str) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|tx| tx.send(event).is_ok());
    }
}

/// Binds the first free port from `options.port`. Says which port when it moved on.
fn bind(options: &ServeOptions) -> Result<(tiny_http::Server, SocketAddr), String> {
    let mut last = String::new();
    for offset in 0..=options.port_attempts {
        let Some(port) = options.port.checked_add(offset) else {
            break;
        };
        let addr = SocketAddr::new(options.bind, port);
        match tiny_http::Server::http(addr) {
            Ok(server) => {
                // Port 0 asks the system for a free port: report the one it gave.
                let addr = server.server_addr().to_ip().unwrap_or(addr);
                if offset > 0 {
                    eprintln!("Port {} is busy; using {port} instead.", options.port);
                }
                return Ok((server, addr));
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(format!(
        "cannot listen on {}:{} (or the next {} ports): {last}; choose another with --port",
        options.bind, options.port, options.port_attempts
    ))
}

/// Runs the server until the process is stopped.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let (server, addr) = bind(&options)?;
    let server = Arc::new(server);
    let mut site = options.site.clone();
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let host = if addr.is_ipv6() && !addr.ip().is_unspecified() {
        format!("[{host}]")
    } else {
        host
    };
    site.base_url = Some(format!("http://{host}:{}/", addr.port()));
    // The watcher reports absolute paths of the directories it watches: resolve the root
    // the same way (`.`, `../x/site`, a symbolic link), so every change is recognised.
    let root = std::fs::canonicalize(&site.root).map_err(|e| {
        format!(
            "cannot open the site directory {}: {e}",
            site.root.display()
        )
    })?;
    site.root = root.clone();
    // Watch before the first build, so that no save is missed in between.
    let (mut watcher, changes) = start_watcher(&root)?;

    let snapshot = Arc::new(RwLock::new(Arc::new(Snapshot::default())));
    let listeners = Arc::new(Listeners::default());
    // Shared with the request threads for the WeChat previews, which render from the model.
    let session = Arc::new(Mutex::new(Session::new(site).defer_search()));
    let started = Instant::now();
    let result = lock(&session).build();
    publish(&lock(&session), &snapshot, result.as_ref().err());
    match &result {
        Ok(update) => eprintln!(
            "Built {} ({}) in {} ms.",
            plural(update.pages, "page"),
            plural(update.files, "file"),
            started.elapsed().as_millis()
        ),
        Err(errors) => report(errors),
    }
    println!(
        "Serving {root} at http://{host}:{port}/ (Ctrl+C to stop)",
        root = root.display(),
        port = addr.port()
    );
    println!(
        "WeChat article previews: http://{host}:{}{WECHAT_PATH}",
        addr.port()
    );

    for _ in 0..4 {
        let server = Arc::clone(&server);
        let snapshot = Arc::clone(&snapshot);
        let listeners = Arc::clone(&listeners);
        let session = Arc::clone(&session);
        thread::spawn(move || {
            while let Ok(request) = server.recv() {
                handle(request, &snapshot, &listeners, &session);
            }
        });
    }
    rebuild_loop(&mut watcher, &changes, &session, &snapshot, &listeners);
    Ok(())
}

/// The session, even after a thread panicked holding it (its state is replaced whole).
fn lock(session: &Mutex<Session>) -> std::sync::MutexGuard<'_, Session> {
    session.lock().unwrap_or_else(|e| e.into_inner())
}

fn handle(
    request: tiny_http::Request,
    snapshot: &RwLock<Arc<Snapshot>>,
    listeners: &Arc<Listeners>,
    session: &Mutex<Session>,
) {
    if let Some(answer) = wechat::answer(session, request.url()) {
        let _ = http::respond(request, answer);
        return;
    }
    if request.url().split('?').next() == Some(EVENTS_PATH) {
        let rx = listeners.add();
        thread::spawn(move || {
            let mut writer = request.into_writer();
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
            if writer
                .write_all(head.as_bytes())
                .and_then(|()| writer.flush())
                .is_err()
            {
                return;
            }
            loop {
                let message = match rx.recv_timeout(Duration::from_secs(15)) {
                    Ok(event) => format!("data: {event}\n\n"),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        ": keep-alive\n\n".to_string()
                    }
                    Err(_) => return,
                };
                if writer
                    .write_all(message.as_bytes())
                    .and_then(|()| writer.flush())
                    .is_err()
                {
                    return;
                }
            }
        });
        return;
    }
    let current = Arc::clone(&snapshot.read().unwrap_or_else(|e| e.into_inner()));
    let answer = answer(&current, request.url());
    let _ = http::respond(request, answer);
}

/// Makes the session's last good output (and the error, if any) what is served.
fn publish(session: &Session, snapshot: &RwLock<Arc<Snapshot>>, error: Option<&Diagnostics>) {
    let files = session.outputs();
    let error = error.map(|d| {
        d.sorted()
            .iter()
            .map(|x| x.render(false))
            .collect::<Vec<_>>()
            .join("\n")
    });
    *snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Snapshot { files, error });
}

fn report(errors: &Diagnostics) {
    crate::console::report(errors);
    eprintln!("Build failed: the last good site is still served.");
}

/// How long to wait for more events after one arrives: an editor's save is often several
/// events (write, rename, attribute change) within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(8);

/// How long the editor must pause before the search index (which needs every page's text)
/// is brought up to date; until then the previous index is served.
const SEARCH_IDLE: Duration = Duration::from_millis(300);

/// The directories under the root whose files are inputs.
const SOURCE_DIRS: [&str; 3] = ["content", "data", "templates"];

/// Watches the sources: content/, data/ and templates/ recursively, and the root itself
/// (not recursively), so that a source directory created while serving (the first
/// template override, say) is noticed and watched too. Changes arrive on the receiver;
/// only changes count: reads (which the rebuild itself does) are ignored. The debounce is
/// in [`rebuild_loop`].
fn start_watcher(root: &std::path::Path) -> Result<(Sources, Receiver<PathBuf>), String> {
    let (tx, rx) = channel::<PathBuf>();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            )
        {
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let mut sources = Sources {
        root: root.to_path_buf(),
        watcher,
        watched: Vec::new(),
    };
    sources
        .watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    sources.watch_new()?;
    Ok((sources, rx))
}

/// The watcher of a site's sources.
struct Sources {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
    /// Source directories watched recursively.
    watched: Vec<&'static str>,
}

impl Sources {
    /// Starts watching source directories that exist and are not watched yet.
    fn watch_new(&mut self) -> Result<(), String> {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if !self.watched.contains(&dir) && path.is_dir() {
                self.watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
                self.watched.push(dir);
            }
        }
        Ok(())
    }

    /// Whether `path` is a source: under content/, data/ or templates/ (events from the
    /// root's own watch also report files such as public/ or the logo cache).
    fn is_source(&self, path: &std::path::Path) -> bool {
        path.strip_prefix(&self.root)
            .ok()
            .and_then(|p| p.components().next())
            .is_some_and(|first| SOURCE_DIRS.iter().any(|d| first.as_os_str() == *d))
    }
}

/// Rebuilds on every (debounced) batch of changes until the watcher stops.
fn rebuild_loop(
    sources: &mut Sources,
    rx: &Receiver<PathBuf>,
    session: &Mutex<Session>,
    snapshot: &RwLock<Arc<Snapshot>>,
    listeners: &Listeners,
) {
    // A change that came in while a build failed: the next batch starts with it.
    let mut carried: Option<PathBuf> = None;
    loop {
        // With search files left over from the last update, wait a little for more saves,
        // then bring the search index up to date while the editor is idle.
        let first = if let Some(path) = carried.take() {
            path
        } else if lock(session).has_deferred() {
            match rx.recv_timeout(SEARCH_IDLE) {
                Ok(path) => path,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    let started = Instant::now();
                    let mut session = lock(session);
                    match session.finish_deferred() {
                        Ok(n) => {
                            publish(&session, snapshot, None);
                            eprintln!(
                                "Updated the search index ({n} files) in {} ms",
                                started.elapsed().as_millis()
                            );
                        }
                        Err(errors) => report(&errors),
                    }
                    continue;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(path) => path,
                Err(_) => break,
            }
        };
        let mut paths = vec![first];
        while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
            paths.push(more);
        }
        if let Err(message) = sources.watch_new() {
            eprintln!("warning: {message}");
        }
        paths.retain(|p| sources.is_source(p) && !is_editor_noise(p));
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            continue;
        }
        let started = Instant::now();
        let mut session = lock(session);
        match session.update(&paths) {
            Ok(update) => {
                publish(&session, snapshot, None);
                eprintln!(
                    "Rebuilt {} of {} and {} in {} ms ({})",
                    update.rendered_pages,
                    plural(update.pages, "page"),
                    plural(update.rendered - update.rendered_pages, "other file"),
                    started.elapsed().as_millis(),
                    paths
                        .iter()
                        .map(|p| p
                            .strip_prefix(&sources.root)
                            .unwrap_or(p)
                            .display()
                            .to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                listeners.notify("reload");
            }
            Err(errors) => {
                // A source saved while this build read the sources makes its errors stale
                // (a second save in quick succession fails it with "the file changed
                // while the site was being built"): build again before showing any.
                if let Some(next) = next_source_change(rx, sources) {
                    eprintln!("A source changed during the build; building again.");
                    carried = Some(next);
                    continue;
                }
                report(&errors);
                publish(&session, snapshot, Some(&errors));
                listeners.notify("error");
            }
        }
    }
}

/// The first change waiting in `rx` to a source (not an editor's swap file), if any;
/// changes before it are dropped.
fn next_source_change(rx: &Receiver<PathBuf>, sources: &Sources) -> Option<PathBuf> {
    rx.try_iter()
        .find(|path| sources.is_source(path) && !is_editor_noise(path))
}

/// Swap files and backups that editors write beside the real file.
fn is_editor_noise(path: &std::path::Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".goutputstream")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_build_goes_on_with_the_next_source_change_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let (sources, _rx) = start_watcher(&root).unwrap();
        let (tx, rx) = channel();
        assert_eq!(next_source_change(&rx, &sources), None);
        // Output, editor swap files and files outside the sources do not count.
        for path in [
            root.join("public/index.html"),
            root.join("content/.a.md.swp"),
            root.join("notes.txt"),
        ] {
            tx.send(path).unwrap();
        }
        assert_eq!(next_source_change(&rx, &sources), None);
        tx.send(root.join("content/.#a.md")).unwrap();
        tx.send(root.join("content/a.md")).unwrap();
        tx.send(root.join("content/b.md")).unwrap();
        assert_eq!(
            next_source_change(&rx, &sources),
            Some(root.join("content/a.md"))
        );
        // The rest wait for the batch it starts.
        assert_eq!(rx.try_recv().ok(), Some(root.join("content/b.md")));
    }
}
