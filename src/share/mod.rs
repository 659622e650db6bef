//! Share images: a PNG picture of each tier of each roster round (a long tier split over
//! several), for phones and chats, and an Open Graph card per notice, for link previews.
//!
//! The layout is decided in code ([`layout`]): SVG does not wrap text, so text is broken
//! into lines with the fonts' metrics ([`wrap`], [`fonts`]). A Tera template
//! (`templates/share/*.svg`, which sites may override) draws the layout as SVG, and
//! [`raster`] turns the SVG into PNG in process, with the share fonts only, so the same
//! input and fonts give the same bytes; it refuses text that a font cannot draw and keeps
//! pictures in a cache keyed by the SVG text and the fonts.

pub mod fonts;
pub mod layout;
pub mod raster;
pub mod wrap;

pub use fonts::{FontError, Fonts};
pub use raster::{Cache, Drawn, Effort, RasterError};
