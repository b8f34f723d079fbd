//! Checking a record's answers against the questions' rules with [`crate::eval`] (the one
//! implementation): a relevant question that is `required`, or whose `required_if` holds, must be
//! answered; an answer must meet its question's `constraint`. A question that is not relevant is
//! never required and its (stale) answer is not checked, as on a phone. Subform rows are checked
//! row by row. The record is read in the model's ids ([`super::Validator::to_model`]); problems
//! are reported at the keys the stored record holds.

use std::collections::BTreeSet;

use serde_json::{Map, Value as Json};

use super::{RecordProblem, Rule};
use crate::eval::Evaluator;
use crate::model::{Date, FieldIx, FieldKind, FormIx, Model, RecordIx};

/// Checks the rules of one record type.
pub struct RuleCheck<'m> {
    model: &'m Model,
    /// The record's top-level fields in form order, each once.
    fields: Vec<FieldIx>,
    today: Date,
    language: String,
}

impl<'m> RuleCheck<'m> {
    /// A checker for records of `record`; `today` is what `today()` returns. Constraint messages
    /// are given in the model's default language.
    #[must_use]
    pub fn new(model: &'m Model, record: RecordIx, today: Date) -> Self {
        let mut seen = BTreeSet::new();
        let fields = model
            .record(record)
            .forms
            .iter()
            .flat_map(|&f| model.form(f).fields.iter().copied())
            .filter(|fx| seen.insert(*fx))
            .collect();
        RuleCheck {
            model,
            fields,
            today,
            language: model.default_language().to_string(),
        }
    }

    /// Constraint messages in `lang` (falling back as every text does).
    #[must_use]
    pub fn with_language(mut self, lang: &str) -> Self {
        self.language = lang.to_string();
        self
    }

    /// The rules `record` (at position `index`) breaks. `skip` holds the paths that already
    /// have a problem of their own (a wrong type): their rules are not checked again.
    #[must_use]
    pub fn check(
        &self,
        index: usize,
        record: &Map<String, Json>,
        skip: &BTreeSet<String>,
    ) -> Vec<RecordProblem> {
        let ev = Evaluator::new(self.model, record, self.today).with_language(&self.language);
        let mut out = Vec::new();
        for &fx in &self.fields {
            let field = self.model.field(fx);
            if let FieldKind::Subform { form } = field.kind {
                if !ev.relevant_at(fx, None) {
                    continue;
                }
                let rows = record.get(field.id.as_str()).and_then(Json::as_array);
                for (n, row) in rows.into_iter().flatten().enumerate() {
                    if let Some(row) = row.as_object() {
                        let prefix = format!("{}[{}].", field.stored, n + 1);
                        self.check_row(&ev, index, form, row, &prefix, skip, &mut out);
                    }
                }
            } else {
                self.check_field(&ev, index, fx, None, field.stored.as_str(), skip, &mut out);
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn check_row<'r>(
        &self,
        ev: &Evaluator<'_, 'r>,
        index: usize,
        form: FormIx,
        row: &'r Map<String, Json>,
        prefix: &str,
        skip: &BTreeSet<String>,
        out: &mut Vec<RecordProblem>,
    ) {
        for &fx in &self.model.form(form).fields {
            let field = self.model.field(fx);
            // Rows of a subform nested in a row are not read by the expressions' scope rules.
            if matches!(field.kind, FieldKind::Subform { .. }) {
                continue;
            }
            let path = format!("{prefix}{}", field.stored);
            self.check_field(ev, index, fx, Some(row), &path, skip, out);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn check_field<'r>(
        &self,
        ev: &Evaluator<'_, 'r>,
        index: usize,
        fx: FieldIx,
        row: Option<&'r Map<String, Json>>,
        path: &str,
        skip: &BTreeSet<String>,
        out: &mut Vec<RecordProblem>,
    ) {
        let field = self.model.field(fx);
        if field.calculate.is_some() || skip.contains(path) || !ev.relevant_at(fx, row) {
            return;
        }
        let problem = |rule: Rule, message: String| RecordProblem {
            index,
            path: path.to_string(),
            message,
            rule,
        };
        if ev.field_at(fx, row).is_empty() {
            if ev.required_at(fx, row) {
                let message = if field.flags.required {
                    "this question must be answered".to_string()
                } else {
                    "this question must be answered here (its `required_if` holds)".to_string()
                };
                out.push(problem(Rule::Required, message));
            }
            return;
        }
        if !ev.constraint_at(fx, row) {
            let rule_text = field
                .constraint
                .as_ref()
                .and_then(|c| {
                    c.message
                        .pick(&self.language, self.model.default_language())
                        .map(str::to_string)
                })
                .unwrap_or_else(|| "the answer is not accepted".to_string());
            out.push(problem(
                Rule::Constraint,
                format!("the answer breaks this question's rule: {rule_text}"),
            ));
        }
    }
}
