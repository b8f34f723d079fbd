//! Text in several languages.

use std::collections::BTreeMap;

use serde::Serialize;

use super::LangCode;

/// A text per language, ordered by language code (deterministic output).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
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

    /// The text in `lang`, else in `fallback`, else empty.
    #[must_use]
    pub fn get_or<'a>(&'a self, lang: &str, fallback: &str) -> &'a str {
        self.get(lang).or_else(|| self.get(fallback)).unwrap_or("")
    }

    /// No text at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
