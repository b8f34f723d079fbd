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
