//! E0043: a literal value that is not valid: a whole number that records cannot store, or a date
//! that does not exist.
//!
//! Primero's `numeric_field` holds a 32-bit integer, so every number literal must lie between
//! -2147483648 and 2147483647. The parser reports numbers too large to read at all; lowering
//! reports the others.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A literal that is not valid.
pub(crate) enum InvalidLiteral<'a> {
    /// A number literal outside the range of a 32-bit integer.
    NumberOutOfRange {
        /// The number as written (with its minus sign).
        number: &'a str,
        /// Where it is written.
        span: Span,
        /// Below the smallest number rather than above the largest.
        too_small: bool,
    },
    /// `date("…")` with a text that is not a real YYYY-MM-DD date.
    Date {
        /// The text in quotes.
        text: &'a str,
        /// Where it is written.
        span: Span,
    },
}

impl InvalidLiteral<'_> {
    /// Whether `n` (written with a minus sign when `negated`) fits a record.
    pub(crate) fn number_fits(n: i64, negated: bool) -> bool {
        let n = if negated { -n } else { n };
        i32::try_from(n).is_ok()
    }

    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::NumberOutOfRange {
                number,
                span,
                too_small,
            } => {
                let large = if *too_small { "small" } else { "large" };
                Diagnostic::new(
                    Code::E0043,
                    *span,
                    format!("the number {number} is too {large}"),
                )
                .label(format!("too {large}"))
                .help("numbers in records are whole numbers between -2147483648 and 2147483647")
            }
            Self::Date { text, span } => Diagnostic::new(
                Code::E0043,
                *span,
                format!("\"{text}\" is not a valid date"),
            )
            .label("not a real YYYY-MM-DD date")
            .help(
                "write the date as year-month-day, like \"2024-01-31\", and check the day exists",
            ),
        }
    }
}
