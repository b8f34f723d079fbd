//! E0043 for numbers: a whole number written in a configuration that records cannot store.
//! Primero's `numeric_field` holds a 32-bit integer, so every number literal must lie between
//! -2147483648 and 2147483647. The parser reports numbers too large to read at all; lowering
//! reports the others.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A number literal outside the range of a 32-bit integer.
pub(crate) struct NumberOutOfRange<'a> {
    /// The number as written.
    pub number: &'a str,
    /// Where it is written.
    pub span: Span,
    /// Below the smallest number rather than above the largest.
    pub too_small: bool,
}

impl NumberOutOfRange<'_> {
    /// Whether `n` (written with a minus sign when `negated`) fits a record.
    pub(crate) fn fits(n: i64, negated: bool) -> bool {
        let n = if negated { -n } else { n };
        i32::try_from(n).is_ok()
    }

    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let large = if self.too_small { "small" } else { "large" };
        Diagnostic::new(
            Code::E0043,
            self.span,
            format!("the number {} is too {large}", self.number),
        )
        .label(format!("too {large}"))
        .help("numbers in records are whole numbers between -2147483648 and 2147483647")
    }
}
