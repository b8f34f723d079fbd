//! The JSON Schema (draft-07) of a record in Primero's shape: field ids as keys, subforms as
//! arrays of row objects, options as `enum`s of option ids, the country's location codes, tick
//! boxes as booleans, dates as `format: date`. Other keys are allowed (Primero's own `id`,
//! `created_at`, …).
//!
//! Rules become `allOf` entries, each tagged with a `$comment` naming the rule and the field
//! (`required incident_date`, `constraint age`, `rows services_subform`), so a message can be
//! traced to its rule:
//! - `required` and `required_if`: `if` (the field is relevant, and its `required_if` holds)
//!   `then` the field is answered — or the top-level `required` list when that is always so;
//! - `constraint`: `if` the field is relevant and answered `then` the constraint;
//! - a subform's row rules apply when the subform is relevant.
//!
//! A rule whose condition [`Conditions`] cannot write (see there) is left out: `rules.json` has
//! every rule. [`Coverage`] says which rules the schema expresses, field by field.

use gbvims_compiler::json::lookup_name;
use gbvims_compiler::model::{FieldIx, FieldKind, FormIx, Model, OptionSource, RecordIx};
use serde_json::{json, Map, Value as Json};

use super::condition::{all_of, Conditions};

/// The URI of JSON Schema draft-07.
pub const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// Which rules of one field the schema expresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Covered {
    /// The field.
    pub field: FieldIx,
    /// Its path in the record: `field`, or `subform/field` for a row field.
    pub path: String,
    /// Whether "must be answered" is expressed exactly (`required`, `required_if`, or neither).
    pub required: bool,
    /// Whether its constraint is expressed exactly (or it has none).
    pub constraint: bool,
}

/// What [`build`] returns: the schema and what it expresses.
#[derive(Clone, Debug)]
pub struct RecordSchema {
    /// The JSON Schema.
    pub schema: Json,
    /// Every value field of the record (rows included), in order.
    pub coverage: Vec<Covered>,
}

/// The `$comment` of the `allOf` entry of a rule (`required`, `constraint`, `rows`) of the field
/// at `path`.
#[must_use]
pub fn rule_comment(rule: &str, path: &str) -> String {
    format!("{rule} {path}")
}

/// The JSON Schema of records of `record`: what `web/schemas/<record>.schema.json` holds, and
/// what `gbvims validate-records` validates against.
#[must_use]
pub fn record_schema(model: &Model, record: RecordIx) -> Json {
    build(model, record).schema
}

/// The JSON Schema of records of `record`, and which rules it expresses.
#[must_use]
pub fn build(model: &Model, record: RecordIx) -> RecordSchema {
    let fields: Vec<FieldIx> = model
        .record(record)
        .forms
        .iter()
        .flat_map(|&f| model.form(f).fields.iter().copied())
        .collect();
    let mut coverage = Vec::new();
    let object = ObjectSchema::of(model, &fields, "", &mut coverage);
    let mut schema = Map::new();
    schema.insert("$schema".into(), json!(DRAFT_07));
    schema.insert(
        "title".into(),
        json!(model.text(&model.record(record).label, model.default_language())),
    );
    object.write(&mut schema);
    RecordSchema {
        schema: Json::Object(schema),
        coverage,
    }
}

/// An object (the record, or a row): its properties and rules.
struct ObjectSchema {
    properties: Map<String, Json>,
    required: Vec<String>,
    rules: Vec<Json>,
}

impl ObjectSchema {
    fn of(model: &Model, fields: &[FieldIx], prefix: &str, coverage: &mut Vec<Covered>) -> Self {
        let mut out = ObjectSchema {
            properties: Map::new(),
            required: Vec::new(),
            rules: Vec::new(),
        };
        for &fx in fields {
            let f = model.field(fx);
            if matches!(f.kind, FieldKind::Separator) {
                continue;
            }
            // Records hold the answer under its stored key (a legacy key, if any).
            let id = f.stored.as_str();
            if out.properties.contains_key(id) {
                // A field shown twice (`use`) is one key.
                continue;
            }
            let path = format!("{prefix}{id}");
            let mut property = value_schema(model, fx, &path, coverage, &mut out.rules);
            if f.flags.read_only || f.calculate.is_some() {
                if let Json::Object(p) = &mut property {
                    p.insert("readOnly".into(), json!(true));
                }
            }
            out.properties.insert(id.to_string(), property);
            let required = out.required(model, fx, &path);
            let constraint = out.constraint(model, fx, &path);
            coverage.push(Covered {
                field: fx,
                path,
                required,
                constraint,
            });
        }
        if !prefix.is_empty() {
            // Primero's row id, optional.
            out.properties
                .entry("unique_id")
                .or_insert_with(|| json!({"type": "string"}));
        }
        out
    }

    /// Writes `required` and `required_if`; whether they are expressed.
    fn required(&mut self, model: &Model, fx: FieldIx, path: &str) -> bool {
        let f = model.field(fx);
        if f.calculate.is_some() {
            // Computed, never answered: not a rule of the schema.
            return !f.flags.required && f.required_if.is_none();
        }
        let conditions = Conditions::for_field(model, fx);
        let when = if f.flags.required {
            Some(json!(true))
        } else if let Some(c) = &f.required_if {
            conditions.holds(c)
        } else {
            return true;
        };
        let Some(when) = when.and_then(|w| Some(all_of(vec![conditions.relevant(fx)?, w]))) else {
            return false;
        };
        let id = f.stored.as_str();
        let answered = json!({"type": "object", "properties": {id: Conditions::answered(&f.kind)}});
        let comment = rule_comment("required", path);
        if when == Json::Bool(true) {
            self.required.push(id.to_string());
            self.rules.push(with_comment(&comment, answered));
        } else if when != Json::Bool(false) {
            let then = json!({"type": "object", "required": [id], "properties": {id: Conditions::answered(&f.kind)}});
            self.rules
                .push(json!({"$comment": comment, "if": when, "then": then}));
        }
        true
    }

    /// Writes the constraint; whether it is expressed.
    fn constraint(&mut self, model: &Model, fx: FieldIx, path: &str) -> bool {
        let f = model.field(fx);
        let Some(c) = &f.constraint else {
            return true;
        };
        if f.calculate.is_some() {
            return false;
        }
        let conditions = Conditions::for_field(model, fx);
        let (Some(relevant), Some(holds)) = (conditions.relevant(fx), conditions.holds(&c.expr))
        else {
            return false;
        };
        let id = f.stored.as_str();
        let answered = json!({"type": "object", "required": [id], "properties": {id: Conditions::answered(&f.kind)}});
        self.rules.push(json!({
            "$comment": rule_comment("constraint", path),
            "if": all_of(vec![relevant, answered]),
            "then": holds,
        }));
        true
    }

    fn write(self, out: &mut Map<String, Json>) {
        out.insert("type".into(), json!("object"));
        out.insert("properties".into(), Json::Object(self.properties));
        if !self.required.is_empty() {
            out.insert("required".into(), json!(self.required));
        }
        if !self.rules.is_empty() {
            out.insert("allOf".into(), Json::Array(self.rules));
        }
    }
}

fn with_comment(comment: &str, schema: Json) -> Json {
    let mut out = Map::new();
    out.insert("$comment".into(), json!(comment));
    if let Json::Object(m) = schema {
        out.extend(m);
    }
    Json::Object(out)
}

/// The schema of a field's value; a subform's row rules go to `rules` (of the object holding
/// the subform) when they depend on the subform's relevance.
fn value_schema(
    model: &Model,
    fx: FieldIx,
    path: &str,
    coverage: &mut Vec<Covered>,
    rules: &mut Vec<Json>,
) -> Json {
    let f = model.field(fx);
    match &f.kind {
        FieldKind::Text
        | FieldKind::TextArea
        | FieldKind::Custom
        | FieldKind::Photo
        | FieldKind::Audio
        | FieldKind::Document
        | FieldKind::Signature
        | FieldKind::Separator => json!({"type": "string"}),
        FieldKind::Integer => json!({"type": "integer"}),
        FieldKind::Date => json!({"type": "string", "format": "date"}),
        FieldKind::DateTime => json!({"type": "string", "format": "date-time"}),
        FieldKind::TickBox => json!({"type": "boolean"}),
        FieldKind::Select { multi, source, .. } => {
            let one = option_schema(model, source);
            if *multi {
                json!({"type": "array", "items": one, "uniqueItems": true})
            } else {
                one
            }
        }
        FieldKind::Subform { form } => subform_schema(model, fx, *form, path, coverage, rules),
    }
}

fn option_schema(model: &Model, source: &OptionSource) -> Json {
    match source {
        OptionSource::Lookup(l) => {
            let ids: Vec<&str> = model
                .lookup(*l)
                .options
                .iter()
                .map(|o| o.stored.as_str())
                .collect();
            json!({"type": "string", "enum": ids, "$comment": format!("lookup {}", lookup_name(model, *l))})
        }
        OptionSource::Locations | OptionSource::ReportingLocations => match &model.country {
            Some(c) => {
                let codes: Vec<&str> = c.locations.units.iter().map(|u| u.code.as_str()).collect();
                json!({"type": "string", "enum": codes, "$comment": "locations"})
            }
            None => json!({"type": "string"}),
        },
        OptionSource::Users | OptionSource::Agencies => json!({"type": "string"}),
    }
}

fn subform_schema(
    model: &Model,
    fx: FieldIx,
    form: FormIx,
    path: &str,
    coverage: &mut Vec<Covered>,
    rules: &mut Vec<Json>,
) -> Json {
    let start = coverage.len();
    let rows = ObjectSchema::of(
        model,
        &model.form(form).fields,
        &format!("{path}/"),
        coverage,
    );
    let mut items = Map::new();
    items.insert("type".into(), json!("object"));
    items.insert("properties".into(), Json::Object(rows.properties));
    let mut row_rules = Map::new();
    row_rules.insert("type".into(), json!("object"));
    if !rows.required.is_empty() {
        row_rules.insert("required".into(), json!(rows.required));
    }
    if !rows.rules.is_empty() {
        row_rules.insert("allOf".into(), Json::Array(rows.rules));
    }
    // Row fields are relevant only when the subform field is, in the object holding it (the
    // record, or the outer row of a subform in a subform): the hidden-question rule.
    let relevant = Conditions::for_field(model, fx).relevant(fx);
    match relevant {
        _ if row_rules.len() == 1 => {}
        Some(Json::Bool(true)) => items.extend(row_rules),
        Some(Json::Bool(false)) => {}
        Some(when) => {
            let id = model.stored_key(fx);
            rules.push(json!({
                "$comment": rule_comment("rows", path),
                "if": when,
                "then": {"type": "object", "properties": {id: {"type": "array", "items": Json::Object(row_rules)}}},
            }));
        }
        None => {
            for c in &mut coverage[start..] {
                c.required = c.required && {
                    let f = model.field(c.field);
                    f.calculate.is_some() || (!f.flags.required && f.required_if.is_none())
                };
                c.constraint = c.constraint && model.field(c.field).constraint.is_none();
            }
        }
    }
    json!({"type": "array", "items": Json::Object(items)})
}
