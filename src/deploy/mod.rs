//! `bulletin deploy`: publishes the built site to object storage over the S3 protocol
//! (AWS S3, Aliyun OSS, Tencent COS, Huawei OBS, self-hosted stores).
//!
//! A deploy is [`prepare`]d, then [`Prepared::apply`]d:
//!
//! 1. [`local`] reads the output directory: each published file's MD5, and the bytes it
//!    will be sent as (gzip-compressed where the target says so).
//! 2. [`s3`] lists the target's prefix (every page of ListObjectsV2) and reads the state
//!    file ([`state`]), which says which header [`headers::Policy`]s the objects there were
//!    written with.
//! 3. [`plan`] compares: a file is uploaded when it is new, its content differs (ETag
//!    against MD5) or its headers would differ; an object no file matches is deleted.
//!    What the listing cannot settle is settled with HEAD and the metadata bulletin writes
//!    on every upload.
//! 4. [`Prepared::apply`] uploads in [`order::Tier`]s (referenced files before the files
//!    that reference them), in parallel within a tier, then deletes (only if every upload
//!    succeeded, and only up to `--max-deletes`), then writes the state file.
//!
//! A deploy killed at any point leaves a site whose pages all have their stylesheets,
//! scripts, logos and search files, and a state file that still covers every object; the
//! next deploy finishes the work.

pub mod credentials;
pub mod headers;
pub mod local;
pub mod order;
pub mod plan;
pub mod s3;
pub mod state;

mod apply;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

pub use apply::{Applied, parallel};
use headers::{Headers, Policy};
use local::LocalFile;
use plan::{Check, Plan, Upload};
use s3::Client;
use state::State;

use crate::config::DeployTarget;

/// A failed deploy: one line, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What failed.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

impl Failure {
    /// A failure without a hint.
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            hint: None,
        }
    }

    /// A failed request: what was being done, and the server's answer.
    pub fn s3(doing: &str, error: &s3::Error) -> Failure {
        Failure {
            message: format!("{doing} failed: {error}"),
            hint: error.hint().map(String::from),
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::new(message)
    }
}

/// What [`Progress`] is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Uploads start: this many files, this many bytes.
    Start {
        /// Files to upload.
        files: usize,
        /// Bytes to send.
        bytes: u64,
    },
    /// One more file was uploaded, of this many bytes.
    Uploaded(u64),
    /// This many more objects were deleted.
    Deleted(usize),
    /// The deploy is over.
    Finish,
}

/// A callback told of the deploy's progress (from several threads).
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(Event) + Send + Sync>);

impl Progress {
    fn tell(progress: Option<&Progress>, event: Event) {
        if let Some(progress) = progress {
            (progress.0)(event);
        }
    }
}

/// A deploy that has been planned against the server, not yet applied.
pub struct Prepared<'a> {
    target: &'a DeployTarget,
    client: Client,
    /// The published files, sorted by path.
    pub locals: Vec<LocalFile>,
    /// The headers each file gets (same order as `locals`).
    headers: Vec<Headers>,
    /// What will be done.
    pub plan: Plan,
    policy: Policy,
    state: Option<State>,
}

/// Reads `output`, lists the target and plans the deploy; changes nothing on the server.
pub fn prepare<'a>(
    output: &Path,
    target: &'a DeployTarget,
    client: Client,
    force: bool,
) -> Result<Prepared<'a>, Failure> {
    let filter = local::Filter::new(target)?;
    let files = local::scan(output, &filter)?;
    let policy = Policy::new(target, files.iter().map(|(path, _)| path.as_str()));
    let compiled = policy.compile()?;
    let locals = local::digest(files, &compiled)?;
    let headers: Vec<Headers> = locals
        .iter()
        .map(|l| compiled.headers(&l.path).unwrap_or_default())
        .collect();

    let place = format!("s3://{}/{}", target.bucket, target.prefix);
    let listing = client
        .list(&target.prefix)
        .map_err(|e| Failure::s3(&format!("listing {place}"), &e))?;
    let state_key = format!("{}{}", target.prefix, state::STATE_FILE);
    let state = client
        .get(&state_key)
        .map_err(|e| Failure::s3(&format!("reading {place}{}", state::STATE_FILE), &e))?
        .and_then(|bytes| State::parse(&bytes, target));
    let old: Option<Vec<_>> = match &state {
        Some(state) => Some(
            state
                .policies
                .iter()
                .map(Policy::compile)
                .collect::<Result<_, _>>()?,
        ),
        None => None,
    };
    let remote = plan::remote_paths(&listing, &target.prefix, &|p| filter.wanted(p));

    let checks: Vec<Check> = locals
        .par_iter()
        .zip(&headers)
        .map(|(local, current)| {
            let listed = remote.get(local.path.as_str()).copied();
            plan::check(local, listed, old.as_deref(), current, force)
        })
        .collect();
    let mut plan = Plan::default();
    let mut asks = Vec::new();
    for (i, check) in checks.into_iter().enumerate() {
        let new = !remote.contains_key(locals[i].path.as_str());
        let tier = order::Tier::of(&locals[i].path, new);
        match check {
            Check::Same => plan.unchanged += 1,
            Check::Upload(reason) => plan.uploads.push(Upload {
                file: i,
                reason,
                tier,
            }),
            Check::Head { content_known } => asks.push((i, content_known, tier)),
        }
    }
    plan.heads = asks.len();
    let answers = parallel(&asks, target.workers, |&(i, content_known, tier)| {
        let key = format!("{}{}", target.prefix, locals[i].path);
        let head = client
            .head(&key)
            .map_err(|e| Failure::s3(&format!("reading the headers of {key}"), &e))?;
        let reason = plan::after_head(&locals[i], head.as_deref(), content_known, &headers[i]);
        Ok(reason.map(|reason| Upload {
            file: i,
            reason,
            tier,
        }))
    })?;
    for answer in answers {
        match answer {
            Some(upload) => plan.uploads.push(upload),
            None => plan.unchanged += 1,
        }
    }
    let published: HashSet<&str> = locals.iter().map(|l| l.path.as_str()).collect();
    plan.deletes = remote
        .keys()
        .filter(|path| !published.contains(*path))
        .map(|path| path.to_string())
        .collect();
    plan.sort(&locals);
    Ok(Prepared {
        target,
        client,
        locals,
        headers,
        plan,
        policy,
        state,
    })
}

impl Prepared<'_> {
    /// `s3://bucket/prefix`, for messages.
    pub fn place(&self) -> String {
        format!("s3://{}/{}", self.target.bucket, self.target.prefix)
    }

    /// The path (inside the output) of a planned upload.
    pub fn path(&self, upload: &Upload) -> &str {
        &self.locals[upload.file].path
    }
}

#[cfg(test)]
/// A target for unit tests.
pub(crate) fn test_target() -> DeployTarget {
    DeployTarget {
        name: "t".into(),
        endpoint: url::Url::parse("http://127.0.0.1:9000").expect("a valid URL"),
        bucket: "site".into(),
        prefix: String::new(),
        region: "us-east-1".into(),
        path_style: true,
        profile: None,
        include: vec![],
        exclude: vec![],
        gzip: crate::config::Gzip::Off,
        headers: vec![],
        workers: 1,
    }
}
