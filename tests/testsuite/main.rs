//! The integration tests, one binary with one module per feature (as mdBook and ripgrep
//! organise theirs). Every test builds a small site in a temporary folder, runs the real
//! `bulletin` binary on it and asserts on what it wrote and printed; the helpers are in
//! [`support`], and console output that people read is compared with reviewed snapshots
//! under `tests/snapshots/` (`SNAPSHOTS=overwrite` refreshes them).

#[macro_use]
mod support;

mod appearance;
mod architecture;
mod bad_input;
mod browser;
mod build;
mod check;
mod crash;
mod deploy;
mod errors;
mod incremental;
mod init;
mod languages;
mod lists;
mod output;
mod print;
mod programmes;
mod properties;
mod publishing;
mod roster;
mod scheduling;
mod search;
mod serve;
mod share;
mod stroke_order;
mod theme;
mod wechat;
mod xss;
