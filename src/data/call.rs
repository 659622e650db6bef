//! `data/call.yaml`: what a call for supporting units asks and offers, kept as data so next
//! year's call edits data, not prose.

use serde::Deserialize;

/// The call's fixed content.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// The selection principles (工作总则 in one line).
    pub principles: Option<String>,
    /// An introduction shown on the guide page.
    pub intro: Option<String>,
    /// The eligibility conditions (遴选条件).
    pub conditions: Vec<TextItem>,
    /// The duties of each kind of unit (主要义务).
    pub duties: Duties,
    /// The rights of supporting units (主要权利).
    pub rights: String,
    /// A note on how to apply (申报方式).
    pub how_to_apply: Option<String>,
    /// The application steps (申报流程).
    pub steps: Vec<TextItem>,
}

/// A titled paragraph: a condition or a step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextItem {
    /// Short title, e.g. 能力证明.
    pub title: String,
    /// The text.
    pub text: String,
}

/// Duties by kind of unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Duties {
    /// 技术支撑单位主要义务.
    pub technical_support: String,
    /// 漏洞治理合作单位主要义务.
    pub governance_cooperation: String,
}
