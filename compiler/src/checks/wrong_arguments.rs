//! E0038: a function called with the wrong number or kind of arguments. (An argument of the wrong
//! type found while checking types is reported with the other type mismatches in
//! `lower/exprs.rs`.)

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A call whose arguments do not fit the function.
pub(crate) enum WrongArguments<'a> {
    /// Not the number of arguments the function takes.
    Count {
        /// The function.
        func: &'a str,
        /// How many it takes.
        takes: usize,
        /// How many were given.
        given: usize,
        /// How to call it.
        usage: &'a str,
        /// The function's name.
        span: Span,
    },
    /// `where` given to a function that does not filter rows.
    UnexpectedWhere {
        /// The function.
        func: &'a str,
        /// The condition.
        span: Span,
    },
    /// `all` without a `where` condition.
    AllWithoutCondition {
        /// The call.
        span: Span,
    },
    /// `date(…)` with something other than a quoted date.
    DateNotQuoted {
        /// The argument.
        span: Span,
    },
    /// `word(…)` with something other than a quoted key.
    WordNotQuoted {
        /// The argument.
        span: Span,
    },
    /// `sum` or `avg` given something other than a whole number.
    NotNumber {
        /// The function.
        func: &'a str,
        /// The argument's type, in words.
        found: &'a str,
        /// The argument.
        span: Span,
    },
    /// An Incident Recorder function given arguments of the wrong kind.
    Kind {
        /// The function.
        func: &'a str,
        /// The first argument's type, in words.
        first: &'a str,
        /// How to call it.
        usage: &'a str,
        /// The function's name.
        span: Span,
    },
}

impl WrongArguments<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Count {
                func,
                takes,
                given,
                usage,
                span,
            } => {
                let plural = if *takes == 1 { "" } else { "s" };
                let were = if *given == 1 { "was" } else { "were" };
                Diagnostic::new(
                    Code::E0038,
                    *span,
                    format!("`{func}` takes {takes} argument{plural}, but {given} {were} given"),
                )
                .label("wrong number of arguments")
                .help(format!("write `{usage}`"))
            }
            Self::UnexpectedWhere { func, span } => Diagnostic::new(
                Code::E0038,
                *span,
                format!("`{func}` does not take `where`"),
            )
            .label("unexpected `where`")
            .help("`where` filters subform rows in count, any, all and first"),
            Self::AllWithoutCondition { span } => {
                Diagnostic::new(Code::E0038, *span, "`all` needs a condition")
                    .label("no `where`")
                    .help("write `all(alleged_perpetrator where perpetrator_sex = \"male\")`")
            }
            Self::DateNotQuoted { span } => {
                Diagnostic::new(Code::E0038, *span, "`date` takes a date written in quotes")
                    .label("not a quoted date")
                    .help("write `date(\"2024-01-31\")` (year-month-day)")
            }
            Self::WordNotQuoted { span } => Diagnostic::new(
                Code::E0038,
                *span,
                "`word` takes the key of a word in quotes",
            )
            .help("write `word(\"gender.male\")`"),
            Self::NotNumber { func, found, span } => Diagnostic::new(
                Code::E0038,
                *span,
                format!("`{func}` works on numbers, but this argument is {found}"),
            )
            .label("not a number")
            .help(format!(
                "give `{func}` number fields or whole numbers only, for example `{func}(ng_stigma_q1, ng_stigma_q2)`"
            )),
            Self::Kind {
                func,
                first,
                usage,
                span,
            } => Diagnostic::new(
                Code::E0038,
                *span,
                format!("`{func}` cannot take these arguments (the first is {first})"),
            )
            .label("wrong arguments")
            .help(format!("write `{usage}`")),
        }
    }
}
