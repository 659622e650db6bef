//! A site loaded and modelled but not rendered: for commands that render one document in a
//! form of their own (`bulletin export wechat`), and for `serve`'s previews of them.

use std::sync::Arc;

use super::{Options, inputs, model, publishing};
use crate::diagnostics::Diagnostics;
use crate::plan::Plan;
use crate::site::Site;
use crate::theme::Theme;

/// What rendering one document needs of a modelled site: the model, the theme and the plan
/// (the navigation and the shared template values come from it).
#[derive(Clone, Copy)]
pub struct View<'a> {
    /// The model.
    pub site: &'a Site,
    /// The theme (shortcodes are its templates).
    pub theme: &'a Theme,
    /// Every output of the site.
    pub plan: &'a Plan,
}

/// A site loaded, validated, modelled and planned; nothing rendered, nothing written.
pub struct Modelled {
    /// The model.
    pub site: Site,
    /// The plan.
    pub plan: Plan,
    /// The theme.
    pub theme: Arc<Theme>,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

impl Modelled {
    /// The parts that rendering one document reads.
    pub fn view(&self) -> View<'_> {
        View {
            site: &self.site,
            theme: &self.theme,
            plan: &self.plan,
        }
    }
}

/// Loads, validates, models and plans the site under `options.root`, the way `build` does,
/// but renders nothing.
pub fn modelled(options: &Options) -> Result<Modelled, Diagnostics> {
    let root = options.root.as_path();
    let loaded = inputs::load_all(root, options)?;
    let publishing = publishing(options, &loaded.config);
    let (site, plan, warnings) = model(root, &loaded, &publishing, None)?;
    Ok(Modelled {
        site,
        plan,
        theme: loaded.theme,
        warnings: warnings.into_iter().collect(),
    })
}
