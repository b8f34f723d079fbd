//! E0141: an Incident Recorder variant that cannot be used: a country's `ir_variants:` naming
//! no variant, or two variants of one column; a standard's `variant_of:` naming no column, or
//! more than one.

use gbvims_dsl::Span;

use crate::diagnostics::{suggest, Code, Diagnostic};

/// A variant that names what does not exist.
pub(crate) enum UnknownIrVariant<'a> {
    /// `ir_variants: <written>` names no variant of the standard's Incident Recorder.
    Unknown {
        /// The name as written.
        written: &'a str,
        /// Where it is written.
        span: Span,
        /// The variants the standard declares: (variant key, key of the column it replaces).
        variants: Vec<(&'a str, &'a str)>,
    },
    /// `ir_variants:` names two variants of one column.
    SameColumn {
        /// The second variant.
        written: &'a str,
        /// Where it is written.
        span: Span,
        /// The first variant of that column.
        first: &'a str,
        /// Where the first is written.
        first_span: Span,
        /// The column both replace.
        column: &'a str,
    },
    /// A standard's `variant_of:` names more than one column.
    VariantOfOne {
        /// The variant's key.
        variant: &'a str,
        /// The names.
        span: Span,
    },
    /// A standard's `variant_of:` names no column of its Incident Recorder.
    NoSuchColumn {
        /// The variant's key.
        variant: &'a str,
        /// The column it names.
        of: &'a str,
        /// Where it is named.
        span: Span,
        /// The columns that exist.
        columns: &'a [&'a str],
    },
}

impl UnknownIrVariant<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Unknown {
                written,
                span,
                variants,
            } => {
                let list = if variants.is_empty() {
                    "the standard's Incident Recorder has no variants: remove `ir_variants:`"
                        .to_string()
                } else {
                    format!(
                        "the standard's variants are {}",
                        variants
                            .iter()
                            .map(|(v, of)| format!("`{v}` (in place of column `{of}`)"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                let help = suggest(written, variants.iter().map(|(v, _)| *v), &list);
                let help = if help == list {
                    help
                } else {
                    format!("{help} ({list})")
                };
                Diagnostic::new(
                    Code::E0141,
                    *span,
                    format!("the Incident Recorder has no variant `{written}`"),
                )
                .label("unknown variant")
                .help(help)
            }
            Self::SameColumn {
                written,
                span,
                first,
                first_span,
                column,
            } => Diagnostic::new(
                Code::E0141,
                *span,
                format!(
                    "`{written}` and `{first}` both replace the Incident Recorder column `{column}`"
                ),
            )
            .label("second variant of the same column")
            .with_secondary(*first_span, "first chosen here")
            .help(format!(
                "a column is written one way: keep one of `{first}` and `{written}` in `ir_variants:`"
            )),
            Self::VariantOfOne { variant, span } => Diagnostic::new(
                Code::E0141,
                *span,
                format!("the Incident Recorder variant `{variant}` names more than one column"),
            )
            .label("one column expected")
            .help("a variant takes the place of one column: `variant_of: <column key>`"),
            Self::NoSuchColumn {
                variant,
                of,
                span,
                columns,
            } => Diagnostic::new(
                Code::E0141,
                *span,
                format!(
                    "the Incident Recorder variant `{variant}` replaces `{of}`, which is not a column"
                ),
            )
            .label("unknown column")
            .help(suggest(
                of,
                columns.iter().copied(),
                "name the key of a `column` of this Incident Recorder",
            )),
        }
    }
}
