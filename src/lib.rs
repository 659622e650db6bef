//! bulletin: a static site generator for public notices and the rosters that result from them.
//!
//! The data flows one way, one module per stage, and every module imports only modules
//! below it (`docs/architecture.md` has the layer table; a test keeps it true):
//! [`config`], [`content`], [`data`] and [`theme`] load and validate the sources; [`site`]
//! makes the immutable model (what is published, where, and when); [`plan`] decides every
//! output and its [`routes`] path, once; [`render`] makes the outputs; [`output`] writes
//! them atomically. [`pipeline`] runs these stages for `build`, `check` and `serve`.
//! [`diagnostics`] carries the located errors of every stage; [`cli`] is a thin shell over
//! [`build`] and [`generate`].

// Diagnostics are large (they carry the offending line) and only travel on the cold error
// path; boxing them everywhere would buy nothing measurable.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod cli;
pub mod collation;
pub mod config;
pub mod console;
pub mod content;
pub mod data;
pub mod deploy;
pub mod diagnostics;
pub mod images;
pub mod lang;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod routes;
pub mod samples;
pub mod search;
pub mod serve;
pub mod share;
pub mod site;
pub mod source;
pub mod text;
pub mod theme;
pub mod time;
pub mod values;
pub mod wechat;
pub mod yaml;

pub use pipeline::{BuildReport, Generated, Options, build, generate};
pub use render::{Progress, ProgressEvent};
