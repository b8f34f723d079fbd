//! Checks over the lowered model, and the diagnostics several places report. Each is one file
//! named after what it flags, with a typed payload and a `diagnostic()` method that builds it.

pub(crate) mod attribute_not_allowed_here;
pub(crate) mod collecting_role;
pub(crate) mod country_form_taken;
pub(crate) mod country_id_taken;
pub(crate) mod country_reads_withdrawn;
pub(crate) mod data_file_changed;
pub(crate) mod dependency_cycle;
pub(crate) mod duplicate_language;
pub(crate) mod duplicate_lookup;
pub(crate) mod duplicate_option;
pub(crate) mod duplicate_option_label;
pub(crate) mod hidden_field_read;
pub(crate) mod hidden_form_read;
pub(crate) mod hidden_option_default;
pub(crate) mod hidden_twice;
pub(crate) mod identifying_collapsed_row;
pub(crate) mod identifying_data_in_calculation;
pub(crate) mod identifying_data_in_condition;
pub(crate) mod identifying_on_short_form;
pub(crate) mod identifying_visible_to_role;
pub(crate) mod invalid_attribute_value;
pub(crate) mod invalid_literal;
pub(crate) mod invalid_mobile_key;
pub(crate) mod invalid_version;
pub(crate) mod ir_reads_protected_data;
pub(crate) mod ir_variant_field_hidden;
pub(crate) mod legacy_keys;
pub(crate) mod misplaced_item;
pub(crate) mod missing_attribute;
pub(crate) mod missing_location_file;
pub(crate) mod not_a_subform;
pub(crate) mod option_not_in_lookup;
pub(crate) mod refused_file;
pub(crate) mod required_read_only;
pub(crate) mod reserved_id;
pub(crate) mod role_labels;
pub(crate) mod text_too_long;
pub(crate) mod undeclared_language;
pub(crate) mod unencrypted_mobile_submissions;
pub(crate) mod unknown_field;
pub(crate) mod unknown_ir_variant;
pub(crate) mod unknown_lookup;
pub(crate) mod unknown_record;
pub(crate) mod unknown_role;
pub(crate) mod unprefixed_country_id;
pub(crate) mod wrong_arguments;

/// Where a name was looked up: among the declarations of the configuration being checked, or, for
/// a country, in the standard it extends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// This configuration's own declarations.
    Declared,
    /// The standard a country extends.
    Standard,
}
