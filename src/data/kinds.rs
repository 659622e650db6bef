//! The kinds of unit a programme knows (技术支撑单位, 应急服务, …), as data: `kinds:` in
//! `data/units.yaml`. Rosters, calls and units name kinds by key.

use serde::{Deserialize, Serialize};

use super::keys::{Keyed, Registry};
use crate::values::Key;

/// Text that may be one paragraph or a list of items.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Text {
    /// One paragraph.
    One(String),
    /// A list of items.
    Many(Vec<String>),
}

/// One kind of unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// How data names it (`technical-support`).
    pub key: Key,
    /// How readers see it (技术支撑单位).
    pub name: String,
    /// What it means.
    pub description: Option<String>,
    /// The duties of units of this kind, unless a call says otherwise.
    pub duties: Option<Text>,
}

impl Keyed for Kind {
    fn key(&self) -> &Key {
        &self.key
    }
}

/// Every kind, in the order data lists them.
pub type Kinds = Registry<Kind>;
