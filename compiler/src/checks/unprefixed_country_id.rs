//! E0080: a country's own field, option or lookup whose id does not start with the country's
//! prefix (`iq_`, `lookup-iq-`), so a later standard could declare the same id.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A country's own id without the country prefix.
pub(crate) struct UnprefixedCountryId<'a> {
    /// What it is: "field", "option" or "own lookup".
    pub what: &'a str,
    /// The id.
    pub id: &'a str,
    /// The prefix it must start with.
    pub prefix: &'a str,
    /// The id as it should be written.
    pub renamed: String,
    /// Where it is written.
    pub span: Span,
    /// The standard could "add" it (fields, options) or "declare" it (lookups).
    pub verb: &'a str,
}

impl UnprefixedCountryId<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let Self {
            what,
            id,
            prefix,
            renamed,
            span,
            verb,
        } = self;
        let help = match other_code(id, prefix) {
            // `iq_camp` under `tl_`: another country's code, replaced rather than kept.
            Some(code) => format!(
                "rename it `{prefix}{}` (it starts with `{code}`, another country's code; if that is part of the name, `{renamed}`), so a later standard can never {verb} the same id",
                &id[code.len()..]
            ),
            None => format!(
                "rename it `{renamed}`, so a later standard can never {verb} the same id"
            ),
        };
        Diagnostic::new(
            Code::E0080,
            *span,
            format!("the country's {what} `{id}` does not start with `{prefix}`"),
        )
        .label("no country prefix")
        .help(help)
    }
}

/// The prefix of another country (`iq_` of `iq_camp`) an id starts with, when the country's own
/// prefix has the same shape (`tl_`): two letters that ISO 3166 assigns, then `_`.
fn other_code<'a>(id: &'a str, prefix: &str) -> Option<&'a str> {
    let own = prefix.strip_suffix('_')?;
    let (code, rest) = id.split_once('_')?;
    let shaped = |c: &str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase());
    (shaped(own)
        && shaped(code)
        && !rest.is_empty()
        && crate::regions::is_region(&code.to_ascii_uppercase()))
    .then(|| &id[..code.len() + 1])
}

#[cfg(test)]
mod tests {
    use super::other_code;

    #[test]
    fn another_countrys_code_is_recognised() {
        assert_eq!(other_code("iq_camp", "tl_"), Some("iq_"));
        assert_eq!(other_code("bd_cp_referral", "ng_"), Some("bd_"));
        assert_eq!(other_code("camp", "tl_"), None);
        assert_eq!(other_code("xx_camp", "tl_"), None);
        assert_eq!(other_code("iq_", "tl_"), None);
    }
}
