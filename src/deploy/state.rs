//! `.bulletin-deploy.json` at the target's prefix: what bulletin knows about the headers of
//! the objects it wrote, so a deploy detects a header-only change without a HEAD request
//! per object (a listing gives each object's ETag, never its headers).
//!
//! The file holds the header [`Policy`]s that the objects under the prefix may have been
//! written with, and the `include`/`exclude` globs in force. One policy after a complete
//! deploy; before a deploy with a new policy uploads anything, the new policy is added to
//! the old ones, so a deploy killed half-way leaves a file that still covers every object
//! (some carry the old headers, some the new). A later deploy uploads a file again when
//! any of those policies gives it other headers than the current one.
//!
//! Without the file (first deploy, deleted, unreadable, other `include`/`exclude`), the
//! headers are unknown: every object whose content matches is asked for its
//! `x-amz-meta-bulletin-headers` with a HEAD request. Changes made to the bucket by other
//! tools after a deploy are not seen unless they change an object's content; `--force`
//! uploads everything.

use serde::{Deserialize, Serialize};

use super::headers::Policy;
use crate::config::DeployTarget;

/// The object name, at the target's prefix.
pub const STATE_FILE: &str = ".bulletin-deploy.json";
/// The schema written; other schemas are treated as no file.
pub const SCHEMA: &str = "bulletin.deploy/1";

/// What the state file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The `include` globs the objects were selected with.
    pub include: Vec<String>,
    /// The `exclude` globs.
    pub exclude: Vec<String>,
    /// The policies the objects may have been written with (at least one).
    pub policies: Vec<Policy>,
}

impl State {
    /// A state for `target` with these policies.
    pub fn new(target: &DeployTarget, policies: Vec<Policy>) -> State {
        State {
            schema: SCHEMA.to_string(),
            include: target.include.clone(),
            exclude: target.exclude.clone(),
            policies,
        }
    }

    /// The state as read from the server, if it is usable for `target`: the same schema and
    /// the same `include`/`exclude` (other globs mean other objects were in scope).
    pub fn parse(bytes: &[u8], target: &DeployTarget) -> Option<State> {
        let state: State = serde_json::from_slice(bytes).ok()?;
        let usable = state.schema == SCHEMA
            && state.include == target.include
            && state.exclude == target.exclude
            && !state.policies.is_empty()
            && state.policies.iter().all(|p| p.compile().is_ok());
        usable.then_some(state)
    }

    /// This state with `policy` added (if it is not there yet).
    pub fn with(&self, policy: &Policy) -> State {
        let mut next = self.clone();
        if !next.policies.contains(policy) {
            next.policies.push(policy.clone());
        }
        next
    }

    /// The JSON written to the server.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

/// The headers of the state file itself: nobody should cache it.
pub fn headers() -> Vec<(String, String)> {
    vec![
        ("cache-control".to_string(), "no-store".to_string()),
        (
            "content-type".to_string(),
            "application/json; charset=utf-8".to_string(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> DeployTarget {
        DeployTarget {
            exclude: vec!["drafts/**".into()],
            ..crate::deploy::test_target()
        }
    }

    #[test]
    fn round_trips_and_refuses_other_globs() {
        let target = target();
        let policy = Policy::new(&target, ["index.html"].into_iter());
        let state = State::new(&target, vec![policy.clone()]);
        assert_eq!(
            State::parse(&state.to_bytes(), &target),
            Some(state.clone())
        );
        assert_eq!(state.with(&policy), state);
        let mut other = target.clone();
        other.exclude.clear();
        assert_eq!(State::parse(&state.to_bytes(), &other), None);
        assert_eq!(State::parse(b"{not json", &target), None);
        let wider = Policy::new(&other, ["index.html", "a.css"].into_iter());
        assert_eq!(state.with(&wider).policies.len(), 2);
    }
}
