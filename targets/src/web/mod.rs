//! The web target. (Placeholder until the web bundle lands: only the rules are here.)

pub mod rules;
