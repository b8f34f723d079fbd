//! The `.gbv` language: grammar (pest), an AST with a span on every node, and the formatter.
//!
//! [`parse`] never stops at the first error: it splits a file into declarations, parses each one,
//! and drops the innermost broken item to go on, so one run reports every syntax error.
#![deny(missing_docs)]

pub mod ast;
mod build;
pub mod errors;
pub mod fmt;
mod grammar;
pub mod keys;
mod parse;
mod scan;
pub mod span;
pub mod vocab;

pub use build::{escape, unescape};
pub use errors::{ParseError, ParseErrorKind};
pub use parse::{parse, Parse};
pub use scan::DECL_KEYWORDS;
pub use span::{FileId, Span, Spanned};

/// How deeply brackets and expressions may nest. The parser and every pass over expressions
/// recurse, so deeper input is refused with an error instead of overflowing the stack. A chain
/// like `a + b + c` counts one level per operator; `(`, `[`, `{`, `case`, `not` and `-` one each.
pub const MAX_DEPTH: usize = 128;
