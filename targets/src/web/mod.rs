//! The web bundle (placeholder until the web-bundle branch lands: only the preview page).

pub mod preview;
