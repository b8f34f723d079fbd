//! Checks over the lowered model. Each check is one file named after what it flags.

pub(crate) mod dependency_cycle;
pub(crate) mod required_read_only;
