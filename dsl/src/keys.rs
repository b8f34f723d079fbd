//! Attribute keys whose value kind the grammar knows. Must agree with `texts_key`, `expr_key`,
//! `names_key` and `int_key` in `grammar.pest` (a test checks it).

use crate::errors::ValueKind;

/// Keys that take text per language.
pub const TEXTS_KEYS: &[&str] = &[
    "label",
    "title",
    "help",
    "guiding_questions",
    "tick_label",
    "constraint_message",
    "name",
    "description",
    "header",
    "menu",
];
/// Keys that take an expression.
pub const EXPR_KEYS: &[&str] = &[
    "show_if",
    "required_if",
    "constraint",
    "calculate",
    "default",
];
/// Keys that take a list of names.
pub const NAMES_KEYS: &[&str] = &[
    "languages",
    "default_language",
    "group",
    "visible_to",
    "collapsed_on",
    "form_groups",
    "anchors",
    "tags",
    "primero_id",
    "code",
    "after",
];
/// Keys that take a whole number.
pub const INT_KEYS: &[&str] = &["order", "group_order"];
/// Keys that take one quoted text.
pub const STRING_KEYS: &[&str] = &["locations"];
/// Keys that take admin levels.
pub const LEVELS_KEYS: &[&str] = &["location_levels", "ir_location_levels"];

/// The kind of value a key takes; `None` for flags and unknown keys.
#[must_use]
pub fn value_kind(key: &str) -> Option<ValueKind> {
    if TEXTS_KEYS.contains(&key) {
        Some(ValueKind::Texts)
    } else if EXPR_KEYS.contains(&key) {
        Some(ValueKind::Expr)
    } else if NAMES_KEYS.contains(&key) {
        Some(ValueKind::Names)
    } else if INT_KEYS.contains(&key) {
        Some(ValueKind::Int)
    } else if STRING_KEYS.contains(&key) {
        Some(ValueKind::Str)
    } else if LEVELS_KEYS.contains(&key) {
        Some(ValueKind::Levels)
    } else {
        None
    }
}
