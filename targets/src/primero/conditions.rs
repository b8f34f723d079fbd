//! `show_if` as Primero's display conditions (FACTS §8.4), written only where Primero's meaning
//! equals `compiler::eval`'s on every record:
//!
//! - a comparison is false on an empty answer in gbvims: `!=` becomes "one of the other options"
//!   (or `lt` or `gt`), never `not eq`, and a comparison with `false` becomes `in`, since
//!   Primero's `eq false` also holds for a missing answer;
//! - gbvims reads a hidden question as empty: a condition that reads a field which has its own
//!   `show_if` states that condition too (`and`);
//! - what has no such form (functions, subform rows, calculated fields, free-text emptiness, a
//!   field of another scope) is refused with the reason, and listed as not expressed.

use std::collections::BTreeSet;

use gbvims_compiler::model::{
    BinOp, Expr, ExprKind, FieldIx, FieldKind, Func, LookupIx, Model, OptionSource, Scope, Value,
};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value as Json};

use super::ids;

/// A comparison operator of Primero's display conditions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `eq`
    Eq,
    /// `gt`
    Gt,
    /// `ge`
    Ge,
    /// `lt`
    Lt,
    /// `le`
    Le,
}

impl CmpOp {
    /// The operator's key.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            CmpOp::Eq => "eq",
            CmpOp::Gt => "gt",
            CmpOp::Ge => "ge",
            CmpOp::Lt => "lt",
            CmpOp::Le => "le",
        }
    }
}

/// A Primero display condition: an object with one key, the operator.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// `{"eq": {field: value}}` and the orderings.
    Cmp(CmpOp, String, Json),
    /// `{"in": {field: [values]}}`
    In(String, Vec<Json>),
    /// `{"and": [...]}`
    And(Vec<Cond>),
    /// `{"or": [...]}`
    Or(Vec<Cond>),
    /// `{"not": ...}`
    Not(Box<Cond>),
}

impl Cond {
    /// Every field name the condition reads.
    pub fn fields(&self, out: &mut BTreeSet<String>) {
        match self {
            Cond::Cmp(_, f, _) | Cond::In(f, _) => {
                out.insert(f.clone());
            }
            Cond::And(v) | Cond::Or(v) => v.iter().for_each(|c| c.fields(out)),
            Cond::Not(c) => c.fields(out),
        }
    }
}

impl Serialize for Cond {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        match self {
            Cond::Cmp(op, f, v) => map.serialize_entry(op.key(), &json!({ f: v }))?,
            Cond::In(f, v) => map.serialize_entry("in", &json!({ f: v }))?,
            Cond::And(v) => map.serialize_entry("and", v)?,
            Cond::Or(v) => map.serialize_entry("or", v)?,
            Cond::Not(c) => map.serialize_entry("not", c)?,
        }
        map.end()
    }
}

/// Why a rule has no Primero form with the same meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

/// Nesting of conditions through the fields they read (the checker refuses cycles).
const MAX_DEPTH: usize = 32;

/// Translates conditions evaluated in one scope (the record, or the rows of one subform).
pub struct Translator<'m> {
    model: &'m Model,
    scope: Scope,
}

impl<'m> Translator<'m> {
    /// A translator for conditions of fields in `scope`.
    #[must_use]
    pub fn new(model: &'m Model, scope: Scope) -> Self {
        Self { model, scope }
    }

    /// The display condition of `e`, or why Primero cannot state it.
    ///
    /// # Errors
    /// The reason, for `primero/NOT-EXPRESSED.md`.
    pub fn condition(&self, e: &Expr) -> Result<Cond, Refusal> {
        self.cond(e, 0)
    }

    fn cond(&self, e: &Expr, depth: usize) -> Result<Cond, Refusal> {
        if depth > MAX_DEPTH {
            return Err(Refusal("its conditions nest too deeply".into()));
        }
        match &e.kind {
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
                let (a, b) = (self.cond(a, depth)?, self.cond(b, depth)?);
                Ok(if *op == BinOp::And {
                    Cond::And(join(a, b, true))
                } else {
                    Cond::Or(join(a, b, false))
                })
            }
            ExprKind::Not(x) => Ok(Cond::Not(Box::new(self.cond(x, depth)?))),
            ExprKind::Binary(op, a, b) => match (&a.kind, &b.kind) {
                (ExprKind::Field(f), ExprKind::Lit(v)) => self.compare(*f, *op, v, depth),
                (ExprKind::Lit(v), ExprKind::Field(f)) => self.compare(*f, flip(*op), v, depth),
                _ => Err(Refusal(describe(e))),
            },
            ExprKind::In(x, list, negated) => {
                let ExprKind::Field(f) = x.kind else {
                    return Err(Refusal(describe(e)));
                };
                let values = list
                    .iter()
                    .map(|i| match &i.kind {
                        ExprKind::Lit(v) => literal(&self.model.stored_value(i.ty, v)),
                        _ => None,
                    })
                    .collect::<Option<Vec<Json>>>()
                    .ok_or_else(|| {
                        Refusal("compares with a list that is not all constants".into())
                    })?;
                let name = self.read(f)?;
                if matches!(
                    self.model.field(f).kind,
                    FieldKind::Select { multi: true, .. }
                ) {
                    return Err(Refusal(format!(
                        "tests the multi-select `{name}` with `in` (Primero's `in` on a multi-select needs every listed option)"
                    )));
                }
                let cmp = if *negated {
                    let others = self.other_options(f, &values).ok_or_else(|| {
                        Refusal(format!(
                            "`not in` on `{name}`, whose values Primero cannot list"
                        ))
                    })?;
                    Cond::In(name, others)
                } else {
                    Cond::In(name, values)
                };
                self.guarded(f, cmp, depth)
            }
            ExprKind::IsEmpty(x, negated) => {
                let ExprKind::Field(f) = x.kind else {
                    return Err(Refusal(describe(e)));
                };
                let answered = self.guarded(f, self.answered(f)?, depth)?;
                Ok(if *negated {
                    answered
                } else {
                    Cond::Not(Box::new(answered))
                })
            }
            ExprKind::Contains(x, id) => {
                let ExprKind::Field(f) = x.kind else {
                    return Err(Refusal(describe(e)));
                };
                let name = self.read(f)?;
                let stored = self.model.stored_option(x.ty, id.as_str());
                self.guarded(f, Cond::In(name, vec![json!(stored)]), depth)
            }
            ExprKind::Field(f) if matches!(self.model.field(*f).kind, FieldKind::TickBox) => {
                let name = self.read(*f)?;
                self.guarded(*f, Cond::Cmp(CmpOp::Eq, name, json!(true)), depth)
            }
            _ => Err(Refusal(describe(e))),
        }
    }

    /// The field's name, when a condition here may read it.
    fn read(&self, f: FieldIx) -> Result<String, Refusal> {
        let field = self.model.field(f);
        let name = ids::field(self.model, f);
        if self.model.scope(f) != self.scope {
            return Err(Refusal(match self.scope {
                Scope::Record => format!("reads `{name}`, a field of subform rows"),
                Scope::Row(_) => format!(
                    "reads `{name}`, which is not a field of this subform's rows (Primero evaluates a subform's conditions on the row)"
                ),
            }));
        }
        if field.calculate.is_some() {
            return Err(Refusal(format!(
                "reads the calculated field `{name}`, which Primero does not compute"
            )));
        }
        if field.flags.withdrawn {
            // gbvims reads it as empty; Primero would read an answer left from before the hide.
            return Err(Refusal(format!(
                "reads `{name}`, which the country hides (gbvims reads it as empty, Primero would read an answer given before the hide)"
            )));
        }
        Ok(name)
    }

    /// `cmp` (false on an empty answer), also requiring that `f` is shown: gbvims reads a hidden
    /// question as empty.
    fn guarded(&self, f: FieldIx, cmp: Cond, depth: usize) -> Result<Cond, Refusal> {
        let Some(show_if) = &self.model.field(f).show_if else {
            return Ok(cmp);
        };
        let shown = self.cond(show_if, depth + 1).map_err(|r| {
            Refusal(format!(
                "reads `{}`, which is shown only when a condition Primero cannot state holds ({})",
                ids::field(self.model, f),
                r.0
            ))
        })?;
        Ok(Cond::And(join(shown, cmp, true)))
    }

    fn compare(&self, f: FieldIx, op: BinOp, v: &Value, depth: usize) -> Result<Cond, Refusal> {
        let name = self.read(f)?;
        let kind = &self.model.field(f).kind;
        let v = self.model.stored_value(self.model.field_ty(f), v);
        let value = literal(&v).ok_or_else(|| Refusal(format!("compares `{name}` with empty")))?;
        let falsy = value == json!(false) || value == json!("false");
        let cmp = match (op, kind) {
            (_, FieldKind::Select { multi: true, .. }) => {
                return Err(Refusal(format!("compares the whole multi-select `{name}`")))
            }
            (_, FieldKind::DateTime) => {
                return Err(Refusal(format!(
                    "compares the date and time `{name}` (gbvims compares its date)"
                )))
            }
            (BinOp::Eq, _) if falsy => Cond::In(name, vec![value]),
            (BinOp::Eq, _) => Cond::Cmp(CmpOp::Eq, name, value),
            (BinOp::Ne, FieldKind::Integer | FieldKind::Date) => Cond::Or(vec![
                Cond::Cmp(CmpOp::Lt, name.clone(), value.clone()),
                Cond::Cmp(CmpOp::Gt, name, value),
            ]),
            (BinOp::Ne, FieldKind::TickBox) => Cond::In(name, vec![json!(value != json!(true))]),
            (BinOp::Ne, _) => {
                let others = self.other_options(f, &[value]).ok_or_else(|| {
                    Refusal(format!(
                        "`!=` on `{name}`, whose values Primero cannot list"
                    ))
                })?;
                Cond::In(name, others)
            }
            (
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge,
                FieldKind::Integer | FieldKind::Date,
            ) => {
                let op = match op {
                    BinOp::Lt => CmpOp::Lt,
                    BinOp::Le => CmpOp::Le,
                    BinOp::Gt => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                Cond::Cmp(op, name, value)
            }
            _ => {
                return Err(Refusal(format!(
                    "orders `{name}`, which is neither a number nor a date"
                )))
            }
        };
        self.guarded(f, cmp, depth)
    }

    /// "`f` has an answer", false on an empty answer, where Primero can say it.
    fn answered(&self, f: FieldIx) -> Result<Cond, Refusal> {
        let name = self.read(f)?;
        Ok(match &self.model.field(f).kind {
            FieldKind::Select {
                multi: false,
                source: OptionSource::Lookup(l),
                ..
            } => Cond::In(name, self.options(*l)),
            FieldKind::Select {
                multi: true,
                source: OptionSource::Lookup(l),
                ..
            } => Cond::Or(
                self.options(*l)
                    .into_iter()
                    .map(|o| Cond::In(name.clone(), vec![o]))
                    .collect(),
            ),
            FieldKind::Integer => Cond::Or(vec![
                Cond::Cmp(CmpOp::Lt, name.clone(), json!(0)),
                Cond::Cmp(CmpOp::Ge, name, json!(0)),
            ]),
            FieldKind::Date => Cond::Or(vec![
                Cond::Cmp(CmpOp::Lt, name.clone(), json!("1900-01-01")),
                Cond::Cmp(CmpOp::Ge, name, json!("1900-01-01")),
            ]),
            FieldKind::TickBox => Cond::In(name, vec![json!(true), json!(false)]),
            _ => {
                return Err(Refusal(format!(
                    "tests whether `{name}` is empty, which Primero cannot state for this type"
                )))
            }
        })
    }

    fn options(&self, l: LookupIx) -> Vec<Json> {
        self.model
            .lookup(l)
            .options
            .iter()
            .map(|o| json!(ids::option(self.model, l, &o.id)))
            .collect()
    }

    /// The options of a single-select field on a lookup other than `values`.
    fn other_options(&self, f: FieldIx, values: &[Json]) -> Option<Vec<Json>> {
        match &self.model.field(f).kind {
            FieldKind::Select {
                multi: false,
                source: OptionSource::Lookup(l),
                ..
            } => Some(
                self.options(*l)
                    .into_iter()
                    .filter(|o| !values.contains(o))
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// The items of `a and b` (`and`: true) or `a or b`, nested lists of the same operator
/// flattened and repeated items written once (the hidden-question conjuncts often repeat).
fn join(a: Cond, b: Cond, and: bool) -> Vec<Cond> {
    let mut items: Vec<Cond> = Vec::new();
    for c in [a, b] {
        let parts = match c {
            Cond::And(v) if and => v,
            Cond::Or(v) if !and => v,
            c => vec![c],
        };
        for p in parts {
            if !items.contains(&p) {
                items.push(p);
            }
        }
    }
    items
}

/// A constant as Primero stores it.
fn literal(v: &Value) -> Option<Json> {
    Some(match v {
        Value::Int(n) => json!(n),
        Value::Text(s) => json!(s),
        Value::Option(o) => json!(o.as_str()),
        Value::Bool(b) => json!(b),
        Value::Date(d) => json!(d.to_string()),
        Value::Empty => return None,
    })
}

/// `a op b` as `b op' a`.
fn flip(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}

/// What makes an expression impossible to state in Primero, in a few words.
#[must_use]
pub fn describe(e: &Expr) -> String {
    let mut reason = None;
    e.walk(&mut |x| {
        if reason.is_some() {
            return;
        }
        reason = match &x.kind {
            ExprKind::Call(f @ (Func::Sum | Func::Avg), _) => Some(format!(
                "calls `{}`: Primero's `{}` counts an empty answer as 0 where gbvims skips it (and gives no value when none is given)",
                f.name(),
                f.name()
            )),
            ExprKind::Call(f, _) => Some(format!("calls `{}`, which Primero does not have", f.name())),
            ExprKind::Aggregate { func, .. } => Some(format!(
                "uses `{}` over subform rows, which Primero's conditions cannot",
                func.name()
            )),
            ExprKind::Case { .. } => Some("is a `case` decision list, which Primero does not have".into()),
            ExprKind::Collect(_) => Some("is a `collect` list, which Primero does not have".into()),
            ExprKind::Member(..) => Some("reads a field of one subform row".into()),
            ExprKind::Binary(BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div, ..) | ExprKind::Neg(_) => Some(
                "computes with numbers (Primero's `sum` and `avg` count an empty value as 0 where gbvims gives no value)".into(),
            ),
            _ => None,
        };
    });
    reason.unwrap_or_else(|| "compares two fields, or a field in a way Primero cannot state".into())
}
