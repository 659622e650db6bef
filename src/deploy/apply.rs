//! Carrying out a plan: uploads tier by tier (in parallel within a tier), then deletions,
//! then the state file. The first failure stops the deploy: uploads in flight finish, none
//! start, and nothing is deleted.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::local::hex;
use super::order::Tier;
use super::plan::{META_HEADERS, META_MD5, Upload};
use super::s3::DELETE_BATCH;
use super::state::{self, State};
use super::{Event, Failure, Prepared, Progress, headers};

/// What a deploy did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Files uploaded.
    pub uploaded: usize,
    /// Bytes sent for them.
    pub bytes: u64,
    /// Objects deleted.
    pub deleted: usize,
    /// The deletions were more than allowed, so none were made.
    pub deletes_skipped: bool,
}

/// Runs `work` on every item with up to `workers` threads, keeping the items' order in the
/// results. After the first error no new item starts, and that error is returned.
pub fn parallel<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    work: impl Fn(&T) -> Result<R, Failure> + Sync,
) -> Result<Vec<R>, Failure> {
    let next = AtomicUsize::new(0);
    let failed: Mutex<Option<Failure>> = Mutex::new(None);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    let stopped = || failed.lock().map_or(true, |slot| slot.is_some());
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                loop {
                    if stopped() {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { return };
                    match work(item) {
                        Ok(result) => results
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((i, result)),
                        Err(failure) => {
                            let mut slot = failed.lock().unwrap_or_else(|e| e.into_inner());
                            slot.get_or_insert(failure);
                            return;
                        }
                    }
                }
            });
        }
    });
    if let Some(failure) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(failure);
    }
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

/// The state file to write before the first upload and after the deploy (`None`: leave it
/// as it is), from the one on the server (`old`) and the one of this deploy alone (`new`,
/// with one policy).
///
/// Before uploading with a policy the state does not have, the state gets it beside the
/// old ones, so a deploy killed part-way leaves a state that covers both the objects it
/// rewrote and those it did not reach. After a complete deploy the state is `new`. When
/// deletions were skipped, the objects left may carry any of the old policies, so those
/// stay; without an old state their headers are unknown, and no state is written (later
/// deploys keep asking the server with HEAD).
fn state_writes(
    old: Option<&State>,
    new: &State,
    uploads: bool,
    deletes_skipped: bool,
) -> (Option<State>, Option<State>) {
    let with_new = |old: &State| new.policies.iter().fold(old.clone(), |s, p| s.with(p));
    let before = match old {
        Some(old) if uploads => Some(with_new(old)).filter(|s| s != old),
        _ => None,
    };
    let after = match (old, deletes_skipped) {
        (_, false) => Some(new.clone()),
        (Some(old), true) => Some(with_new(old)),
        (None, true) => None,
    };
    let last = before.as_ref().or(old);
    (before.clone(), after.filter(|a| Some(a) != last))
}

impl Prepared<'_> {
    /// Uploads, deletes (at most `max_deletes`; more and none are deleted) and records the
    /// state. Each step starts only once the one before it has fully succeeded.
    pub fn apply(
        &self,
        max_deletes: usize,
        progress: Option<&Progress>,
    ) -> Result<Applied, Failure> {
        let mut applied = Applied {
            deletes_skipped: self.plan.deletes.len() > max_deletes,
            ..Applied::default()
        };
        let (before, after) = state_writes(
            self.state.as_ref(),
            &State::new(self.target, vec![self.policy.clone()]),
            !self.plan.uploads.is_empty(),
            applied.deletes_skipped,
        );
        if let Some(before) = before {
            self.put_state(&before)?;
        }
        Progress::tell(
            progress,
            Event::Start {
                files: self.plan.uploads.len(),
                bytes: self.plan.upload_bytes(&self.locals),
            },
        );
        for tier in Tier::ALL {
            let batch: Vec<&Upload> = self
                .plan
                .uploads
                .iter()
                .filter(|u| u.tier == tier)
                .collect();
            let sent = parallel(&batch, self.target.workers, |upload| {
                let bytes = self.upload(upload)?;
                Progress::tell(progress, Event::Uploaded(bytes));
                Ok(bytes)
            })?;
            applied.uploaded += sent.len();
            applied.bytes += sent.iter().sum::<u64>();
        }
        if !applied.deletes_skipped {
            for chunk in self.plan.deletes.chunks(DELETE_BATCH) {
                let keys: Vec<String> = chunk
                    .iter()
                    .map(|p| format!("{}{p}", self.target.prefix))
                    .collect();
                self.client
                    .delete(&keys)
                    .map_err(|e| Failure::s3(&format!("deleting from {}", self.place()), &e))?;
                applied.deleted += keys.len();
                Progress::tell(progress, Event::Deleted(keys.len()));
            }
        }
        if let Some(after) = after {
            self.put_state(&after)?;
        }
        Progress::tell(progress, Event::Finish);
        Ok(applied)
    }

    /// Uploads one file with its headers and bulletin's metadata; returns the bytes sent.
    fn upload(&self, upload: &Upload) -> Result<u64, Failure> {
        let local = &self.locals[upload.file];
        let body = local.body()?;
        let current = &self.headers[upload.file];
        let mut sent = current.clone();
        sent.push((META_MD5.to_string(), hex(&local.md5)));
        sent.push((META_HEADERS.to_string(), headers::fingerprint(current)));
        let key = format!("{}{}", self.target.prefix, local.path);
        self.client
            .put(&key, &body, &local.sent_md5, &sent)
            .map_err(|e| Failure::s3(&format!("uploading {}", local.path), &e))?;
        Ok(body.len() as u64)
    }

    fn put_state(&self, state: &State) -> Result<(), Failure> {
        use md5::{Digest, Md5};
        let bytes = state.to_bytes();
        let key = format!("{}{}", self.target.prefix, state::STATE_FILE);
        self.client
            .put(&key, &bytes, &Md5::digest(&bytes).into(), &state::headers())
            .map_err(|e| Failure::s3(&format!("writing {key}"), &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_covers_every_policy_objects_may_have_at_every_moment() {
        let target = crate::deploy::test_target();
        let policy = |path: &str| super::super::headers::Policy::new(&target, [path].into_iter());
        let (a, b) = (policy("index.html"), policy("a.css"));
        let old = State::new(&target, vec![a.clone()]);
        let new = State::new(&target, vec![b.clone()]);
        let both = State::new(&target, vec![a.clone(), b.clone()]);
        // A new policy: both before the uploads, the new one after.
        assert_eq!(
            state_writes(Some(&old), &new, true, false),
            (Some(both.clone()), Some(new.clone()))
        );
        // Nothing to upload: only the end state changes.
        assert_eq!(
            state_writes(Some(&old), &new, false, false),
            (None, Some(new.clone()))
        );
        // Deletions skipped: the old policy stays.
        assert_eq!(
            state_writes(Some(&old), &new, true, true),
            (Some(both.clone()), None)
        );
        // The same policy: nothing to write.
        assert_eq!(state_writes(Some(&new), &new, true, false), (None, None));
        // No state yet: written once the deploy is complete, not if deletions were skipped.
        assert_eq!(
            state_writes(None, &new, true, false),
            (None, Some(new.clone()))
        );
        assert_eq!(state_writes(None, &new, true, true), (None, None));
        // A state with both (a killed deploy): back to one policy at the end.
        assert_eq!(
            state_writes(Some(&both), &new, true, false),
            (None, Some(new))
        );
    }

    #[test]
    fn parallel_keeps_order_and_stops_at_the_first_error() {
        let items: Vec<usize> = (0..100).collect();
        assert_eq!(
            parallel(&items, 4, |i| Ok(i * 2)).unwrap(),
            items.iter().map(|i| i * 2).collect::<Vec<_>>()
        );
        let done = AtomicUsize::new(0);
        let result = parallel(&items, 1, |&i| {
            done.fetch_add(1, Ordering::Relaxed);
            if i == 10 {
                Err(Failure::new("ten"))
            } else {
                Ok(i)
            }
        });
        assert_eq!(result.unwrap_err().message, "ten");
        assert_eq!(done.load(Ordering::Relaxed), 11);
        assert!(
            parallel(&Vec::<u8>::new(), 8, |_| Ok(()))
                .unwrap()
                .is_empty()
        );
    }
}
