//! Attribute keys by the kind of value they take, generated from [`crate::vocab::ATTRIBUTES`]
//! (the one table; a test there checks the grammar's keyword rules against it).

pub use crate::vocab::attrs::{keys_of, value_kind};
