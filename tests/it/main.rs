//! The integration tests, as one test binary (linking one binary instead of one per file is most
//! of a cold `cargo test`). Each module was a file of `tests/` of its own; `common` holds the
//! helpers they share. See `tests/README.md`.

mod common;

mod build;
mod check;
mod check_ci;
mod cli;
mod country;
mod country_cli;
mod country_forms;
mod diff;
mod eval;
mod fmt;
mod hidden_records;
mod hide_form;
mod import_conditions;
mod import_primero;
mod ir_age_type;
mod ir_export;
mod ir_target;
mod locations;
mod locations_stream;
mod mobile;
mod mobile_common;
mod mobile_engine;
mod mobile_key;
mod mobile_locations;
mod mobile_roundtrip;
mod no_panic;
mod overlay_edits;
mod primero;
mod primero_semantics;
mod properties;
mod records;
mod show;
mod show_views;
mod standard;
mod standard_rules;
mod translations;
mod translations_cli;
mod validate_records;
mod web;
mod web_diff;
mod web_preview;
mod web_privacy;
mod web_records;
mod web_rules;
mod web_rules_edge;
