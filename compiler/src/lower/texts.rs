//! Lowering texts: declared languages, duplicates, the default language, missing translations.

use std::collections::BTreeMap;

use gbvims_dsl::ast::{self, AttrValue};
use gbvims_dsl::Span;

use super::attrs::Attrs;
use super::Lower;
use crate::checks::duplicate_language::DuplicateLanguage;
use crate::checks::text_too_long::TextTooLong;
use crate::checks::undeclared_language::UndeclaredLanguage;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{LangCode, Texts};

impl Lower<'_> {
    /// The languages texts are written in here: the standard's, or the Incident Recorder's.
    pub(crate) fn active_languages(&self) -> Vec<String> {
        self.text_languages
            .clone()
            .unwrap_or_else(|| self.languages.clone())
    }

    /// A texts attribute, checked; `what` names it in messages ("the label of field `age`").
    pub(crate) fn texts_attr(&mut self, attrs: &Attrs, key: &str, what: &str) -> Texts {
        let Some(attr) = attrs.get(key) else {
            return Texts::default();
        };
        match &attr.value {
            AttrValue::Texts(t) => self.texts(t, what),
            _ => Texts::default(), // reported by `attrs`
        }
    }

    /// Converts texts, reporting undeclared and repeated languages and missing translations.
    pub(crate) fn texts(&mut self, t: &ast::Texts, what: &str) -> Texts {
        let mut map: BTreeMap<LangCode, String> = BTreeMap::new();
        let mut seen: Vec<(String, Span)> = Vec::new();
        for entry in &t.entries {
            let (lang, span) = match &entry.lang {
                Some(l) => (l.node.clone(), l.span),
                None => (self.default_language.clone(), entry.value.span),
            };
            if let Some((_, first)) = seen.iter().find(|(l, _)| *l == lang) {
                self.sink.push(
                    DuplicateLanguage::InText {
                        what,
                        lang: &lang,
                        span,
                        first: *first,
                    }
                    .diagnostic(),
                );
                continue;
            }
            seen.push((lang.clone(), span));
            if !self.active_languages().contains(&lang) {
                if self.quiet_files.contains(&span.file) {
                    // A standard text in a language the country does not use: dropped, except
                    // English, which stays as the last fallback of every text
                    // ([`crate::model::Model::text`]) and is what Primero requires.
                    if lang == "en" {
                        map.insert(LangCode(lang), entry.value.node.clone());
                    }
                    continue;
                }
                let whose = if self.quiet_files.is_empty() {
                    "the standard"
                } else {
                    "the country"
                };
                let declared = self.active_languages();
                self.sink.push(
                    UndeclaredLanguage::Text {
                        what,
                        lang: &lang,
                        whose,
                        span,
                        declared: &declared,
                    }
                    .diagnostic(),
                );
                continue;
            }
            if let Some(d) = TextTooLong::check(&entry.value.node, what, entry.value.span) {
                self.sink.push(d);
            }
            map.insert(LangCode(lang), entry.value.node.clone());
        }
        if !self.quiet_files.contains(&t.span.file) {
            self.missing_languages(&map, t.span, what);
        }
        Texts(map)
    }

    fn missing_languages(&mut self, map: &BTreeMap<LangCode, String>, span: Span, what: &str) {
        let has = |l: &str| map.keys().any(|k| k.as_str() == l);
        if !has(&self.default_language) {
            let lang = self.default_language.clone();
            self.sink.push(
                Diagnostic::new(
                    Code::E0053,
                    span,
                    format!("{what} has no text in `{lang}`, the default language"),
                )
                .label(format!("no `{lang}` text"))
                .help(format!(
                    "add `{lang} \"…\"`: every text falls back to the default language"
                )),
            );
            return;
        }
        if !self.quiet_files.is_empty() {
            // Under a country, missing translations are listed once per language (W0005).
            return;
        }
        let missing: Vec<String> = self
            .active_languages()
            .into_iter()
            .filter(|l| !has(l))
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.sink.push(
                Diagnostic::new(
                    Code::W0001,
                    span,
                    format!("{what} is not translated into {list}"),
                )
                .label("missing translation")
                .help(format!(
                    "add {} after the existing texts",
                    missing
                        .iter()
                        .map(|l| format!("`{l} \"…\"`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
}
