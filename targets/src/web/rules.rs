//! `web/rules.json` and `web/gbvims-rules.js`: what JSON Schema cannot say about a record —
//! relevance (`show_if`), requirements, cross-field constraints, calculations (the
//! classification, derived values, subform aggregates) and defaults — in the one JSON form of
//! expressions ([`JsonExpr`]), and the dependency-free evaluator of that form the browser runs.
//!
//! Format `gbvims-rules/1`; JSON Schema in `targets/schema/web-rules.schema.json`. The meaning of
//! every expression is [`gbvims_compiler::eval`]'s: `tests/it/web_rules.rs` runs
//! `gbvims-rules.js` under node on generated records and compares every relevance, requirement,
//! constraint and value with [`gbvims_compiler::eval::Evaluator`].

use std::collections::{BTreeMap, BTreeSet};

use gbvims_compiler::json::{JsonExpr, JsonType};
use gbvims_compiler::model::{Expr, ExprKind, FieldIx, FieldKind, Model, RecordIx, Ty, Value};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The format name written in `format`.
pub const FORMAT: &str = "gbvims-rules/1";

/// The evaluator of `rules.json`, shipped as is (`web/gbvims-rules.js`).
pub const EVALUATOR_JS: &str = include_str!("../../web/gbvims-rules.js");

/// `web/rules.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Always `gbvims-rules/1`.
    pub format: String,
    /// Per record type (`incident`, `case`): the fields that carry a rule or that a rule reads,
    /// in form order (a subform's fields right after the subform field that shows them).
    pub records: BTreeMap<String, Vec<FieldRule>>,
}

/// The rules of one field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    /// The field id: its key in the record, or in a row of its subform.
    pub field: String,
    /// The form (or subform) declaring it, as in [`JsonExpr`]'s `field` nodes.
    pub form: String,
    /// The subform field whose rows hold this field (`null` for a field of the record).
    pub row_of: Option<String>,
    /// Its value type; with `multiple`, how a stored answer is read.
    #[serde(rename = "type")]
    pub ty: JsonType,
    /// Several answers stored as a list (`select_many`).
    pub multiple: bool,
    /// Asked only when this holds (not relevant otherwise: it then reads as empty); `false` for
    /// a field the country hides (`hide field`, `hide form`).
    pub show_if: Option<JsonExpr>,
    /// Must be answered when relevant.
    pub required: bool,
    /// Must be answered when relevant and this holds.
    pub required_if: Option<JsonExpr>,
    /// An answer is accepted only when this holds.
    pub constraint: Option<JsonExpr>,
    /// The translation key of the constraint's message
    /// (`field.<form>.<field>.constraint_message`).
    pub constraint_message: Option<String>,
    /// The field's value is computed by this.
    pub calculate: Option<JsonExpr>,
    /// The value a form fills in while the field is unanswered (a literal).
    pub default: Option<JsonExpr>,
}

impl FieldRule {
    /// Whether the field carries a rule of its own.
    fn has_rule(&self) -> bool {
        self.show_if.is_some()
            || self.required
            || self.required_if.is_some()
            || self.constraint.is_some()
            || self.calculate.is_some()
            || self.default.is_some()
    }
}

/// `rules.json` of a model, pretty-printed, with a final new line.
#[must_use]
pub fn rules_json(model: &Model) -> String {
    serde_json::to_string_pretty(&Rules::of(model)).unwrap_or_default() + "\n"
}

/// The JSON Schema of `rules.json`, pretty-printed.
#[must_use]
pub fn rules_schema() -> String {
    let schema = schemars::schema_for!(Rules);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

impl Rules {
    /// The rules of every record type of `model`.
    #[must_use]
    pub fn of(model: &Model) -> Self {
        let needed = needed_fields(model);
        let records = (0..model.records.len())
            .map(RecordIx::from_index)
            .map(|r| {
                let mut out = Vec::new();
                let mut seen = BTreeSet::new();
                for group in model.navigation(r) {
                    for form in group.forms {
                        for &fx in &model.form(form).fields {
                            walk(model, fx, &needed, &mut seen, &mut out);
                        }
                    }
                }
                (model.record(r).id.to_string(), out)
            })
            .collect();
        Rules {
            format: FORMAT.to_string(),
            records,
        }
    }
}

/// Adds `fx` (when needed) and, for a subform field, the fields of its rows.
fn walk(
    model: &Model,
    fx: FieldIx,
    needed: &BTreeSet<FieldIx>,
    seen: &mut BTreeSet<FieldIx>,
    out: &mut Vec<FieldRule>,
) {
    if !seen.insert(fx) {
        return;
    }
    if needed.contains(&fx) {
        out.push(field_rule(model, fx));
    }
    if let FieldKind::Subform { form } = &model.field(fx).kind {
        for &child in &model.form(*form).fields {
            walk(model, child, needed, seen, out);
        }
    }
}

/// The fields that carry a rule, the fields their rules read, and the subform fields holding
/// the rows of any of these.
fn needed_fields(model: &Model) -> BTreeSet<FieldIx> {
    // A field the country no longer asks carries no rule of its own (it is never relevant); it
    // is written only when another rule reads it (with a `show_if` that never holds).
    let mut todo: Vec<FieldIx> = (0..model.fields.len())
        .map(FieldIx::from_index)
        .filter(|&fx| !model.field(fx).flags.withdrawn && field_rule(model, fx).has_rule())
        .collect();
    let mut needed = BTreeSet::new();
    while let Some(fx) = todo.pop() {
        if !needed.insert(fx) {
            continue;
        }
        let f = model.field(fx);
        for e in [
            f.show_if.as_ref(),
            f.required_if.as_ref(),
            f.constraint.as_ref().map(|c| &c.expr),
            f.calculate.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            todo.extend(e.fields());
        }
        todo.extend(model.parent_field(fx));
    }
    needed
}

fn field_rule(model: &Model, fx: FieldIx) -> FieldRule {
    let f = model.field(fx);
    let form = model.form(f.form).id.to_string();
    // Rules read records: fields by their stored keys, options by their stored ids.
    let json = |e: &Option<Expr>| e.as_ref().map(|e| JsonExpr::stored(model, e));
    let ty = model.field_ty(fx);
    let row_of = model.parent_field(fx);
    FieldRule {
        field: f.stored.to_string(),
        row_of: row_of.map(|p| model.stored_key(p).to_string()),
        ty: JsonType::of(model, ty),
        multiple: matches!(f.kind, FieldKind::Select { multi: true, .. }),
        // A field the country no longer asks is never relevant (eval's rule): written as a
        // `show_if` that never holds, so the browser reads a left-over answer as empty too.
        show_if: if f.flags.withdrawn {
            Some(JsonExpr::Literal {
                ty: JsonType::of(model, Ty::Bool),
                value: serde_json::Value::Bool(false),
            })
        } else {
            json(&f.show_if)
        },
        required: f.flags.required,
        required_if: json(&f.required_if),
        constraint: f
            .constraint
            .as_ref()
            .map(|c| JsonExpr::stored(model, &c.expr)),
        constraint_message: f
            .constraint
            .as_ref()
            .map(|_| format!("field.{form}.{}.constraint_message", f.id)),
        calculate: json(&f.calculate),
        default: f.default.as_ref().map(|v| {
            JsonExpr::stored(
                model,
                &Expr {
                    kind: ExprKind::Lit(v.clone()),
                    ty: default_ty(v, ty),
                },
            )
        }),
        form,
    }
}

/// The type of a default as the compiler typed the constant: the field's, except that an option
/// id of a multi-select is one option.
fn default_ty(v: &Value, field: Ty) -> Ty {
    match (v, field) {
        (Value::Empty, _) => Ty::Empty,
        (Value::Option(_), Ty::Options(l)) => Ty::Option(l),
        _ => field,
    }
}
