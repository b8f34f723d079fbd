//! The language's vocabularies, each defined once: attribute keys ([`attrs`]), field types
//! ([`field_types`]) and functions ([`functions`]). The parser, the compiler, the formatter and the
//! CLI read these tables; a test checks that the grammar's keyword rules agree with them.

pub mod attrs;
pub mod field_types;
pub mod functions;

pub use attrs::{AttrKey, Place, ATTRIBUTES};
pub use field_types::{FieldType, FIELD_TYPES};
pub use functions::{Arity, FuncKind, Function, FUNCTIONS};

/// Words that stand for a value where an expression reads a field name (`true`, `false`,
/// `empty`), so they cannot be ids of fields.
pub const RESERVED_IDS: &[&str] = &["true", "false", "empty"];

#[cfg(test)]
mod tests {
    use super::RESERVED_IDS;

    /// Every literal word of the grammar's `boolean` and `kw_empty` rules is reserved.
    #[test]
    fn reserved_ids_are_the_grammars_literal_words() {
        let grammar = include_str!("../grammar.pest");
        let mut words = Vec::new();
        for rule in ["boolean", "kw_empty"] {
            let line = grammar
                .lines()
                .find(|l| l.starts_with(&format!("{rule} ")))
                .unwrap_or_else(|| panic!("grammar.pest has no rule `{rule}`"));
            words.extend(line.split('"').skip(1).step_by(2));
        }
        words.sort_unstable();
        let mut reserved = RESERVED_IDS.to_vec();
        reserved.sort_unstable();
        assert_eq!(words, reserved);
    }
}
