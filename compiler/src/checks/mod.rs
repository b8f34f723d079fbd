//! Checks over the lowered model. Each check is one file named after what it flags.

pub(crate) mod dependency_cycle;
pub(crate) mod identifying_data_in_calculation;
pub(crate) mod identifying_on_short_form;
pub(crate) mod identifying_visible_to_role;
pub(crate) mod ir_reads_protected_data;
pub(crate) mod refused_file;
pub(crate) mod required_read_only;
