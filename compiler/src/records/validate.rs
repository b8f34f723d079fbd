//! Checking a record against the model: every answer of a known field must have the field's type
//! (text, whole number, date, yes/no, an option of its list, a known location code), in subform
//! rows too.
//!
//! Records hold stored ids: answers under each field's stored key and options under their stored
//! ids (a country's `stored_as`; the model's ids otherwise). Messages name what the record holds;
//! [`Validator::to_model`] gives the record in the model's ids, which evaluation reads.
//!
//! Keys that are not fields of the record type are ignored: Primero stores system attributes
//! beside the answers (`id`, `short_id`, `record_state`, …) and records from an older or newer
//! configuration may carry fields this one does not declare. A `null` or blank answer is empty,
//! never wrong.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value as Json};

use super::reader::kind_of;
use super::{RecordProblem, Rule};
use crate::model::{Date, FieldIx, FieldKind, FormIx, Model, OptionSource, RecordIx};

/// How many options an "unknown option" message lists.
const SHOWN_OPTIONS: usize = 8;

/// Checks records of one record type.
pub struct Validator<'m> {
    model: &'m Model,
    /// Fields by stored key: the record's top-level fields, then each subform's.
    forms: HashMap<Option<FormIx>, HashMap<&'m str, FieldIx>>,
    /// When set, only these fields are checked (the fields an export reads).
    only: Option<BTreeSet<FieldIx>>,
}

impl<'m> Validator<'m> {
    /// A validator for records of `record` (its top-level forms and their subforms).
    #[must_use]
    pub fn new(model: &'m Model, record: RecordIx) -> Self {
        let mut forms: HashMap<Option<FormIx>, HashMap<&'m str, FieldIx>> = HashMap::new();
        let mut todo: Vec<(Option<FormIx>, FormIx)> = model
            .record(record)
            .forms
            .iter()
            .map(|&f| (None, f))
            .collect();
        let mut seen = BTreeSet::new();
        while let Some((key, form)) = todo.pop() {
            if !seen.insert((key, form)) {
                continue;
            }
            for &fx in &model.form(form).fields {
                let field = model.field(fx);
                forms
                    .entry(key)
                    .or_default()
                    .entry(field.stored.as_str())
                    .or_insert(fx);
                if let FieldKind::Subform { form: sub } = field.kind {
                    todo.push((Some(sub), sub));
                }
            }
        }
        Validator {
            model,
            forms,
            only: None,
        }
    }

    /// Checks only `fields` (and the subforms holding them); other answers are not looked at.
    #[must_use]
    pub fn only(mut self, fields: BTreeSet<FieldIx>) -> Self {
        self.only = Some(fields);
        self
    }

    /// Every problem of the record at position `index`.
    #[must_use]
    pub fn validate(&self, index: usize, record: &Map<String, Json>) -> Vec<RecordProblem> {
        let mut out = Vec::new();
        self.check_object(index, None, record, "", &mut out);
        out
    }

    /// `record` as a JSON Schema of the record type expects it: the answers this validator accepts
    /// in other forms written in their canonical one — empty answers (`null`, blank text) and
    /// answers to questions the country no longer asks ([`Self::hidden_keys`]) dropped, whole numbers stored as text as numbers, yes/no tick boxes stored as
    /// `"true"`/`"false"` as booleans, yes/no options stored as booleans as their ids — in
    /// subform rows too. Keys that are not fields are kept as they are.
    #[must_use]
    pub fn normalized(&self, record: &Map<String, Json>) -> Map<String, Json> {
        self.normalize_in(None, record)
    }

    fn normalize_in(&self, form: Option<FormIx>, object: &Map<String, Json>) -> Map<String, Json> {
        let fields = self.forms.get(&form);
        let mut out = Map::new();
        for (key, value) in object {
            if value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty()) {
                continue;
            }
            let Some(&fx) = fields.and_then(|f| f.get(key.as_str())) else {
                out.insert(key.clone(), value.clone());
                continue;
            };
            if self.model.field(fx).flags.withdrawn {
                continue;
            }
            let v = match (&self.model.field(fx).kind, value) {
                (FieldKind::Integer, Json::String(s)) => s
                    .trim()
                    .parse::<i64>()
                    .map_or_else(|_| value.clone(), Json::from),
                (FieldKind::TickBox, Json::String(s)) if s == "true" || s == "false" => {
                    Json::Bool(s == "true")
                }
                (
                    FieldKind::Select {
                        source: OptionSource::Lookup(_),
                        ..
                    },
                    Json::Bool(b),
                ) => Json::String(b.to_string()),
                (
                    FieldKind::Select {
                        multi: true,
                        source: OptionSource::Lookup(_),
                        ..
                    },
                    Json::Array(items),
                ) => Json::Array(
                    items
                        .iter()
                        .map(|i| match i {
                            Json::Bool(b) => Json::String(b.to_string()),
                            other => other.clone(),
                        })
                        .collect(),
                ),
                (FieldKind::Subform { form: sub }, Json::Array(rows)) => Json::Array(
                    rows.iter()
                        .map(|r| match r {
                            Json::Object(o) => Json::Object(self.normalize_in(Some(*sub), o)),
                            other => other.clone(),
                        })
                        .collect(),
                ),
                _ => value.clone(),
            };
            out.insert(key.clone(), v);
        }
        out
    }

    /// `record` in the model's ids, as evaluation reads it: each answer under its field's id,
    /// each option under its option id (stored ids translated back, in subform rows too). Keys
    /// that are not fields, and values that are not stored ids, are kept as they are. The
    /// record itself when the configuration declares no stored ids.
    #[must_use]
    pub fn to_model(&self, record: &Map<String, Json>) -> Map<String, Json> {
        if !self.model.has_stored_ids() {
            return record.clone();
        }
        self.to_model_in(None, record)
    }

    fn to_model_in(&self, form: Option<FormIx>, object: &Map<String, Json>) -> Map<String, Json> {
        let fields = self.forms.get(&form);
        let mut out = Map::new();
        for (key, value) in object {
            let Some(&fx) = fields.and_then(|f| f.get(key.as_str())) else {
                // A key that is a field's id but not its stored key is not that field's answer.
                if !out.contains_key(key) {
                    out.insert(key.clone(), value.clone());
                }
                continue;
            };
            let field = self.model.field(fx);
            let v = match (&field.kind, value) {
                (FieldKind::Subform { form: sub }, Json::Array(rows)) => Json::Array(
                    rows.iter()
                        .map(|r| match r {
                            Json::Object(o) => Json::Object(self.to_model_in(Some(*sub), o)),
                            other => other.clone(),
                        })
                        .collect(),
                ),
                _ => self.model.model_answer(fx, value),
            };
            out.insert(field.id.to_string(), v);
        }
        out
    }

    /// `record` (in the model's ids) as records hold it: each answer under its field's stored
    /// key and each option under its stored id, in subform rows too; the inverse of
    /// [`Self::to_model`]. Keys that are not fields are kept as they are.
    #[must_use]
    pub fn to_stored(&self, record: &Map<String, Json>) -> Map<String, Json> {
        if !self.model.has_stored_ids() {
            return record.clone();
        }
        self.to_stored_in(None, record)
    }

    fn to_stored_in(&self, form: Option<FormIx>, object: &Map<String, Json>) -> Map<String, Json> {
        let fields = self.forms.get(&form);
        let mut out = Map::new();
        for (key, value) in object {
            let found = fields.and_then(|f| {
                f.values()
                    .copied()
                    .find(|&fx| self.model.field(fx).id.as_str() == key)
            });
            let Some(fx) = found else {
                if !out.contains_key(key) {
                    out.insert(key.clone(), value.clone());
                }
                continue;
            };
            let v = match (&self.model.field(fx).kind, value) {
                (FieldKind::Subform { form: sub }, Json::Array(rows)) => Json::Array(
                    rows.iter()
                        .map(|r| match r {
                            Json::Object(o) => Json::Object(self.to_stored_in(Some(*sub), o)),
                            other => other.clone(),
                        })
                        .collect(),
                ),
                _ => self.model.stored_answer(fx, value),
            };
            out.insert(self.model.stored_key(fx).to_string(), v);
        }
        out
    }

    /// The keys of `record` that are not fields of the record type (Primero's own keys such as
    /// `id` or `created_at`, fields of another configuration), as `key` or `subform[].key`; a
    /// row's `unique_id` is expected and not listed.
    #[must_use]
    pub fn unknown_keys(&self, record: &Map<String, Json>) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        self.unknown_in(None, record, "", &mut out);
        out
    }

    /// The answered keys of `record` whose questions the country no longer asks (`hide field`,
    /// `hide form`: withdrawn fields), as `key` or `subform[].key`. Records keep these answers
    /// from before the hide; they read as empty wherever records are evaluated, and are not
    /// checked.
    #[must_use]
    pub fn hidden_keys(&self, record: &Map<String, Json>) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        self.hidden_in(None, record, "", &mut out);
        out
    }

    fn hidden_in(
        &self,
        form: Option<FormIx>,
        object: &Map<String, Json>,
        prefix: &str,
        out: &mut BTreeSet<String>,
    ) {
        let fields = self.forms.get(&form);
        for (key, value) in object {
            let Some(&fx) = fields.and_then(|f| f.get(key.as_str())) else {
                continue;
            };
            let answered = match value {
                Json::Null => false,
                Json::String(s) => !s.trim().is_empty(),
                Json::Array(a) => !a.is_empty(),
                _ => true,
            };
            let field = self.model.field(fx);
            if field.flags.withdrawn {
                if answered {
                    out.insert(format!("{prefix}{key}"));
                }
                continue;
            }
            if let (FieldKind::Subform { form: sub }, Json::Array(rows)) = (&field.kind, value) {
                for row in rows.iter().filter_map(Json::as_object) {
                    self.hidden_in(Some(*sub), row, &format!("{prefix}{key}[]."), out);
                }
            }
        }
    }

    fn unknown_in(
        &self,
        form: Option<FormIx>,
        object: &Map<String, Json>,
        prefix: &str,
        out: &mut BTreeSet<String>,
    ) {
        let fields = self.forms.get(&form);
        for (key, value) in object {
            let path = format!("{prefix}{key}");
            match fields.and_then(|f| f.get(key.as_str())) {
                None if form.is_some() && key == "unique_id" => {}
                None => {
                    out.insert(path);
                }
                Some(&fx) => {
                    if let (FieldKind::Subform { form: sub }, Json::Array(rows)) =
                        (&self.model.field(fx).kind, value)
                    {
                        for row in rows.iter().filter_map(Json::as_object) {
                            self.unknown_in(Some(*sub), row, &format!("{path}[]."), out);
                        }
                    }
                }
            }
        }
    }

    fn check_object(
        &self,
        index: usize,
        form: Option<FormIx>,
        object: &Map<String, Json>,
        prefix: &str,
        out: &mut Vec<RecordProblem>,
    ) {
        let Some(fields) = self.forms.get(&form) else {
            return;
        };
        // Keys in the record's order (serde_json keeps them sorted: deterministic).
        for (key, value) in object {
            let Some(&fx) = fields.get(key.as_str()) else {
                continue;
            };
            // A question the country no longer asks: its answer is never read (see
            // `hidden_keys`).
            if self.model.field(fx).flags.withdrawn
                || self.only.as_ref().is_some_and(|o| !o.contains(&fx))
            {
                continue;
            }
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            self.check_value(index, fx, value, &path, out);
        }
    }

    fn check_value(
        &self,
        index: usize,
        fx: FieldIx,
        value: &Json,
        path: &str,
        out: &mut Vec<RecordProblem>,
    ) {
        let problem = |rule: Rule, message: String| RecordProblem {
            index,
            path: path.to_string(),
            message,
            rule,
        };
        if value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty()) {
            return;
        }
        let field = self.model.field(fx);
        // An identifying answer is never repeated in a message (the output may be shared).
        let shown = |v: &str| {
            if field.flags.identifying {
                "this answer".to_string()
            } else {
                format!("`{v}`")
            }
        };
        let wrong = |expected: &str| {
            problem(
                Rule::Type,
                format!("expected {expected}, found {}", kind_of(value)),
            )
        };
        match (&field.kind, value) {
            (FieldKind::Text | FieldKind::TextArea, Json::String(_)) => {}
            (FieldKind::Text | FieldKind::TextArea, _) => out.push(wrong("text")),
            (FieldKind::Integer, Json::Number(n)) if n.is_i64() => {}
            (FieldKind::Integer, Json::String(s)) if s.trim().parse::<i64>().is_ok() => {}
            (FieldKind::Integer, _) => out.push(wrong("a whole number")),
            (FieldKind::Date | FieldKind::DateTime, Json::String(s))
                if s.get(..10).and_then(Date::parse_iso).is_some() => {}
            (FieldKind::Date | FieldKind::DateTime, Json::String(s)) => out.push(problem(
                Rule::Date,
                format!(
                    "{} is not a date (expected year-month-day, such as 2024-06-30)",
                    shown(s)
                ),
            )),
            (FieldKind::Date | FieldKind::DateTime, _) => out.push(wrong("a date")),
            (FieldKind::TickBox, Json::Bool(_)) => {}
            (FieldKind::TickBox, Json::String(s)) if s == "true" || s == "false" => {}
            (FieldKind::TickBox, _) => out.push(wrong("true or false")),
            (FieldKind::Select { multi, source, .. }, v) => {
                self.check_select(*multi, source, v, &problem, &shown, out);
            }
            (FieldKind::Subform { form }, Json::Array(rows)) => {
                for (n, row) in rows.iter().enumerate() {
                    let row_path = format!("{path}[{}]", n + 1);
                    match row {
                        Json::Object(r) => self.check_object(index, Some(*form), r, &row_path, out),
                        other => out.push(RecordProblem {
                            index,
                            path: row_path,
                            message: format!(
                                "a row must be a JSON object, found {}",
                                kind_of(other)
                            ),
                            rule: Rule::Type,
                        }),
                    }
                }
            }
            (FieldKind::Subform { .. }, _) => out.push(wrong("a list of rows")),
            _ => {}
        }
    }

    fn check_select(
        &self,
        multi: bool,
        source: &OptionSource,
        value: &Json,
        problem: &dyn Fn(Rule, String) -> RecordProblem,
        shown: &dyn Fn(&str) -> String,
        out: &mut Vec<RecordProblem>,
    ) {
        let one = |v: &Json, out: &mut Vec<RecordProblem>| {
            let id = match v {
                Json::String(s) => s.clone(),
                // Yes/no answers may be JSON booleans.
                Json::Bool(b) if matches!(source, OptionSource::Lookup(_)) => b.to_string(),
                other => {
                    out.push(problem(
                        Rule::Type,
                        format!("expected an option id, found {}", kind_of(other)),
                    ));
                    return;
                }
            };
            if let Some(message) = self.unknown(source, &id, shown) {
                out.push(problem(Rule::Option, message));
            }
        };
        match (multi, value) {
            (true, Json::Array(items)) => items.iter().for_each(|i| one(i, out)),
            (true, other) => out.push(problem(
                Rule::Type,
                format!("expected a list of option ids, found {}", kind_of(other)),
            )),
            (false, v) => one(v, out),
        }
    }

    /// Why `id` is not a value of `source`, if it is not.
    fn unknown(
        &self,
        source: &OptionSource,
        id: &str,
        shown: &dyn Fn(&str) -> String,
    ) -> Option<String> {
        match source {
            OptionSource::Lookup(l) => {
                let lookup = self.model.lookup(*l);
                if lookup.by_stored(id).is_some() {
                    return None;
                }
                let mut ids: Vec<&str> = lookup
                    .options
                    .iter()
                    .take(SHOWN_OPTIONS)
                    .map(|o| o.stored.as_str())
                    .collect();
                if lookup.options.len() > SHOWN_OPTIONS {
                    ids.push("…");
                }
                Some(format!(
                    "{} is not an option of this question (options: {})",
                    shown(id),
                    ids.join(", ")
                ))
            }
            OptionSource::Locations | OptionSource::ReportingLocations => {
                let country = self.model.country.as_ref()?;
                if country.locations.get(id).is_some() {
                    None
                } else {
                    Some(format!(
                        "{} is not a location code of {}'s location file",
                        shown(id),
                        country.id
                    ))
                }
            }
            OptionSource::Users | OptionSource::Agencies => None,
        }
    }
}

/// The record type with this id (`incident`).
#[must_use]
pub fn record_type(model: &Model, id: &str) -> Option<RecordIx> {
    model
        .records
        .iter()
        .position(|r| r.id.as_str() == id)
        .map(RecordIx::from_index)
}
