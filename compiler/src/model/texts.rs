//! Text in several languages.

use std::collections::BTreeMap;

use super::LangCode;

/// A text per language, ordered by language code (deterministic output).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Texts(pub BTreeMap<LangCode, String>);

impl Texts {
    /// The text in `lang`, if given.
    #[must_use]
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| l.as_str() == lang)
            .map(|(_, t)| t.as_str())
    }

    /// The text in `lang`, else in `default` (the configuration's default language), else in
    /// English: the one fallback rule of every output ([`super::Model::text`]).
    #[must_use]
    pub fn pick(&self, lang: &str, default: &str) -> Option<&str> {
        fallback(|l| self.get(l), lang, default)
    }

    /// No text at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The one fallback rule for texts in several languages: `lang`, then `default`, then English.
pub fn fallback<'a>(
    get: impl Fn(&str) -> Option<&'a str>,
    lang: &str,
    default: &str,
) -> Option<&'a str> {
    get(lang).or_else(|| get(default)).or_else(|| get("en"))
}

/// The most a spreadsheet cell holds, in UTF-16 code units (Excel's limit, which XLSForms and the
/// Incident Recorder's workbooks inherit). Longer texts are refused by the checker (E0109).
pub const MAX_CELL_TEXT: usize = 32_767;

/// A text's length as a spreadsheet counts it (UTF-16 code units).
#[must_use]
pub fn cell_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// A count with thousands separators, as messages write it (`32,767`).
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An id written as words, each capitalised (`timor_leste` → "Timor Leste"): a stand-in label
/// where no text is given (a scaffolded country's name, an imported location type).
#[must_use]
pub fn title_case(id: &str) -> String {
    id.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::Texts;

    #[test]
    fn language_then_default_then_english() {
        let t = |pairs: &[(&str, &str)]| {
            Texts(
                pairs
                    .iter()
                    .map(|(l, s)| (super::LangCode((*l).to_string()), (*s).to_string()))
                    .collect(),
            )
        };
        let all = t(&[("en", "Date"), ("fr", "Date (fr)"), ("ar", "تاريخ")]);
        assert_eq!(all.pick("ar", "fr"), Some("تاريخ"));
        assert_eq!(
            t(&[("en", "Date"), ("fr", "Date (fr)")]).pick("ar", "fr"),
            Some("Date (fr)")
        );
        assert_eq!(t(&[("en", "Date")]).pick("ar", "fr"), Some("Date"));
        assert_eq!(t(&[("es", "Fecha")]).pick("ar", "fr"), None);
    }
}
