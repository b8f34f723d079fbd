//! `index.html`, the preview of the bundle (stub until the web-preview work is merged).

use crate::Artifact;

/// The self-contained `index.html`, given the other files of the bundle (paths relative to
/// `web/`).
#[must_use]
pub fn preview_html(files: &[Artifact]) -> Vec<u8> {
    let _ = files;
    b"<!doctype html>\n".to_vec()
}
