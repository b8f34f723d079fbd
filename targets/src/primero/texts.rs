//! Texts per locale, and Primero's rules on names: English required (E0118), no `* ! @ # % $ ^`
//! and not blank in form and field names (E0119).

use gbvims_compiler::diagnostics::Code;
use gbvims_compiler::model::Texts;
use gbvims_compiler::Diagnostic;
use gbvims_dsl::Span;

use super::types::I18n;
use super::Ctx;

/// The characters Primero refuses in form and field display names.
pub const FORBIDDEN: &[char] = &['*', '!', '@', '#', '%', '$', '^'];

impl Ctx<'_> {
    /// A text in every locale written: the country's languages with [`gbvims_compiler::model::Model::text`]'s
    /// fallback, and English, when the country has none, from the text's own English (the
    /// standard's). Locales without text are left out.
    pub fn i18n(&self, texts: &Texts) -> I18n {
        let declared = |l: &str| {
            self.model
                .standard
                .languages
                .iter()
                .any(|d| d.as_str() == l)
        };
        self.langs
            .iter()
            .filter_map(|l| {
                let text = if declared(l) {
                    self.model.text(texts, l)
                } else {
                    texts.get(l).unwrap_or_default()
                };
                (!text.is_empty()).then(|| (l.clone(), text.to_string()))
            })
            .collect()
    }

    /// A name Primero requires in English (a lookup's, an option's): E0118 when it has none.
    pub fn required(&mut self, texts: &Texts, span: Span, what: &str) -> I18n {
        if texts.get("en").is_none_or(str::is_empty) {
            self.errors.push(
                Diagnostic::new(
                    Code::E0118,
                    span,
                    format!("{what} has no English text, and Primero requires one"),
                )
                .label("no English here")
                .help("give the text in English too (`en \"…\"`; a country without English adds `en` to its `languages`): Primero refuses a name without English"),
            );
        }
        self.i18n(texts)
    }

    /// A form or field display name: English required, and no character Primero refuses.
    pub fn display_name(&mut self, texts: &Texts, span: Span, what: &str) -> I18n {
        let out = self.required(texts, span, what);
        let bad = out
            .iter()
            .find(|(_, t)| t.trim().is_empty() || t.contains(FORBIDDEN));
        if let Some((lang, text)) = bad {
            self.errors.push(
                Diagnostic::new(
                    Code::E0119,
                    span,
                    format!("the {lang} name of {what} is {text:?}, which Primero refuses"),
                )
                .label("Primero refuses this name")
                .help("Primero refuses form and field names that are blank or hold `*`, `!`, `@`, `#`, `%`, `$` or `^`: reword it"),
            );
        }
        out
    }
}
