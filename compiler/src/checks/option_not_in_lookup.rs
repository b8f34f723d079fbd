//! E0007: an option id that is not in the option list it is read against: compared with a select
//! field, named as a lookup's anchor, or translated by a country. (An option id given as a
//! field's default is E0042, invalid-default, with the same wording.)

use gbvims_dsl::Span;

use crate::diagnostics::{did_you_mean, suggest, Code, Diagnostic};

/// An option id that is not in its list.
pub(crate) enum OptionNotInLookup<'a> {
    /// A quoted option compared with (or given as the default of) a select field.
    Compared {
        /// The option id.
        option: &'a str,
        /// The list, in words ("`lookup-gender`").
        list: &'a str,
        /// The list's option ids.
        ids: &'a [String],
        /// A field's default (E0042) rather than a comparison.
        default: bool,
        /// The quoted option.
        span: Span,
    },
    /// An anchor that is not one of the lookup's options.
    Anchor {
        /// The anchor.
        option: &'a str,
        /// The lookup, in words.
        owner: &'a str,
        /// The lookup's option ids.
        ids: Vec<&'a str>,
        /// The anchor's position.
        span: Span,
    },
    /// An option a country translates that the list does not have.
    Translated {
        /// The option id.
        option: &'a str,
        /// The lookup or `form.field` translated.
        list: &'a str,
        /// The list's option ids.
        ids: &'a [String],
        /// The option's position.
        span: Span,
        /// Where the options are declared.
        declared: Option<Span>,
    },
}

impl OptionNotInLookup<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Compared {
                option,
                list,
                ids,
                default,
                span,
            } => {
                let code = if *default { Code::E0042 } else { Code::E0007 };
                let shown: Vec<String> = ids.iter().take(12).map(|i| format!("\"{i}\"")).collect();
                let more = if ids.len() > 12 { ", …" } else { "" };
                Diagnostic::new(
                    code,
                    *span,
                    format!("\"{option}\" is not an option of {list}"),
                )
                .label("not in the option list")
                .help(match did_you_mean(option, ids.iter().map(String::as_str)) {
                    Some(c) => format!("did you mean \"{c}\"?"),
                    None => format!("the options are: {}{more}", shown.join(", ")),
                })
            }
            Self::Anchor {
                option,
                owner,
                ids,
                span,
            } => Diagnostic::new(
                Code::E0007,
                *span,
                format!("`{option}` is not an option of {owner}"),
            )
            .label("not in the list")
            .help(suggest(
                option,
                ids.iter().copied(),
                "an anchor must be one of the lookup's options",
            )),
            Self::Translated {
                option,
                list,
                ids,
                span,
                declared,
            } => {
                let all = ids
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut d = Diagnostic::new(
                    Code::E0007,
                    *span,
                    format!("`{list}` has no option `{option}`"),
                )
                .label("unknown option")
                .help(suggest(
                    option,
                    ids.iter().map(String::as_str),
                    &format!("the options are: {all}"),
                ));
                if let Some(span) = declared {
                    d = d.with_secondary(*span, "its options are declared here");
                }
                d
            }
        }
    }
}
