//! Expressions as JSON Schema conditions: a schema an object (the record, or a subform row)
//! satisfies exactly when `compiler::eval` finds the condition true on it — or `None` when JSON
//! Schema cannot say it so (then `rules.json` alone carries the rule).
//!
//! A JSON Schema validator sees the stored values, while eval reads a field that is not relevant
//! as empty (the hidden-question rule). So every field a condition reads is read through its own
//! relevance: `age < 18` becomes "`age` is relevant, answered and below 18", where "relevant" is
//! the condition of `age`'s own `show_if`, recursively. A condition is expressed only when all of
//! it is: literals compared with fields of the same scope (the record, or the row), `is empty`,
//! `in`, `contains`, `and`, `or`, `not`. Dates compared, arithmetic, functions, aggregates,
//! calculated fields and fields of another scope are not (JSON Schema cannot compare dates or
//! compute).
//!
//! The schemas are exact for values of the record schema's types, and for the other spellings
//! eval reads (a yes/no option stored as a JSON boolean, a tick box stored as `"true"`).
//!
//! Confidentiality: a condition is written for a field some roles see; it never reads an
//! identifying field one of those roles may not see, not even through the relevance of another
//! field (`None` instead: an oracle is worse than a missing rule).

use gbvims_compiler::model::{
    BinOp, Expr, ExprKind, FieldIx, FieldKind, Model, OptionSource, RoleIx, Scope, Ty, Value,
};
use serde_json::{json, Map, Value as Json};

/// How deep relevance may nest before a condition is given up (the checks refuse cycles; this
/// only bounds the size of what is written).
const MAX_DEPTH: usize = 12;

/// The largest condition written, in bytes of JSON; a larger one is left to `rules.json`.
const MAX_SIZE: usize = 16_000;

/// Writes conditions for the rules of one field, read by the roles that see it.
pub struct Conditions<'m> {
    model: &'m Model,
    /// Where the condition is evaluated: the record, or a row of a subform.
    scope: Scope,
    /// The roles that see the field whose rule this is.
    audience: Vec<RoleIx>,
}

impl<'m> Conditions<'m> {
    /// Conditions for the rules of `field` (evaluated on the object that holds it: the record,
    /// or its subform row).
    #[must_use]
    pub fn for_field(model: &'m Model, field: FieldIx) -> Self {
        Self {
            model,
            scope: model.scope(field),
            audience: model.roles_seeing(field),
        }
    }

    /// The schema an object satisfies exactly when `e` holds on it, or `None`.
    #[must_use]
    pub fn holds(&self, e: &Expr) -> Option<Json> {
        let out = self.cond(e, 0)?;
        (out.to_string().len() <= MAX_SIZE).then_some(out)
    }

    /// The schema an object satisfies exactly when `field` (of this scope) is relevant — its
    /// `show_if` holds (`true` when it has none) — or `None`. For a subform field this is the
    /// condition on the row; the relevance of the subform itself is the caller's.
    #[must_use]
    pub fn relevant(&self, field: FieldIx) -> Option<Json> {
        let out = self.relevance(field, 0)?;
        (out.to_string().len() <= MAX_SIZE).then_some(out)
    }

    /// The schema of an answer eval reads as not empty, for a field of this kind.
    #[must_use]
    pub fn answered(kind: &FieldKind) -> Json {
        // One type per branch (no union types: ajv's strict mode asks for that).
        let text = json!({"type": "string", "minLength": 1});
        let scalar = json!({"anyOf": [text, {"type": "number"}]});
        match kind {
            FieldKind::Integer => json!({"type": "integer"}),
            FieldKind::TickBox => json!({"anyOf": [{"type": "boolean"}, {"type": "string"}]}),
            FieldKind::Select {
                multi,
                source: OptionSource::Lookup(_),
                ..
            } => {
                let one = [text, json!({"type": "boolean"}), json!({"type": "number"})];
                if *multi {
                    let mut any = vec![json!({"type": "array", "contains": {"type": "string"}})];
                    any.extend(one);
                    json!({ "anyOf": any })
                } else {
                    json!({ "anyOf": one })
                }
            }
            FieldKind::Select { multi: true, .. } => json!({"anyOf": [
                {"type": "array", "contains": {"type": "string"}}, text, {"type": "number"}
            ]}),
            FieldKind::Subform { .. } => json!({"anyOf": [
                {"type": "array", "contains": {"type": "object"}}, text, {"type": "number"}
            ]}),
            _ => scalar,
        }
    }

    fn relevance(&self, field: FieldIx, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        let f = self.model.field(field);
        if f.flags.withdrawn {
            // Hidden by the country: never relevant, whatever the object holds.
            return Some(Json::Bool(false));
        }
        match &f.show_if {
            None => Some(Json::Bool(true)),
            Some(c) => self.cond(c, depth + 1),
        }
    }

    /// A field this condition may read: of the same scope, not calculated, and not identifying
    /// beyond the audience.
    fn readable(&self, field: FieldIx) -> bool {
        let f = self.model.field(field);
        if f.calculate.is_some() || self.model.scope(field) != self.scope {
            return false;
        }
        if f.flags.identifying {
            let seeing = self.model.roles_seeing(field);
            if !self.audience.iter().all(|r| seeing.contains(r)) {
                return false;
            }
        }
        true
    }

    /// The value of `field` is relevant, answered, and meets `test` (a schema of the value).
    fn answer_meets(&self, field: FieldIx, test: Json, depth: usize) -> Option<Json> {
        if !self.readable(field) {
            return None;
        }
        let f = self.model.field(field);
        // A value listed by `enum`/`const` is an answer already (never blank).
        let listed = |v: &Json| match v {
            Json::String(s) => !s.is_empty(),
            Json::Bool(_) | Json::Number(_) => true,
            _ => false,
        };
        let answers_only = test.as_object().is_some_and(|t| {
            t.len() == 1
                && (t.get("const").is_some_and(listed)
                    || t.get("enum")
                        .and_then(Json::as_array)
                        .is_some_and(|e| e.iter().all(listed)))
        });
        let value = if answers_only {
            test
        } else {
            all_of(vec![Self::answered(&f.kind), test])
        };
        self.read(field, value, depth)
    }

    /// The field is relevant, present, and its value meets `value` (which implies an answer).
    fn read(&self, field: FieldIx, value: Json, depth: usize) -> Option<Json> {
        let f = self.model.field(field);
        // `type: object` says nothing new (conditions are read on objects) but keeps ajv's strict
        // mode quiet.
        let key = f.stored.as_str();
        let read = json!({"type": "object", "required": [key], "properties": {key: value}});
        Some(all_of(vec![self.relevance(field, depth)?, read]))
    }

    fn cond(&self, e: &Expr, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        match &e.kind {
            ExprKind::Lit(Value::Bool(b)) => Some(Json::Bool(*b)),
            ExprKind::Field(fx) if matches!(self.model.field(*fx).kind, FieldKind::TickBox) => {
                self.answer_meets(*fx, json!({"enum": [true, "true"]}), depth)
            }
            ExprKind::Not(x) => Some(not(self.cond(x, depth)?)),
            ExprKind::Binary(BinOp::And, a, b) => {
                Some(all_of(vec![self.cond(a, depth)?, self.cond(b, depth)?]))
            }
            ExprKind::Binary(BinOp::Or, a, b) => {
                Some(any_of(vec![self.cond(a, depth)?, self.cond(b, depth)?]))
            }
            ExprKind::Binary(op, a, b) => {
                let (fx, lit, op) = match (field_of(a), literal(b), field_of(b), literal(a)) {
                    (Some(fx), Some(lit), _, _) => (fx, lit, *op),
                    (_, _, Some(fx), Some(lit)) => (fx, lit, flip(*op)?),
                    _ => return None,
                };
                let test = self.compare(fx, op, &lit)?;
                self.answer_meets(fx, test, depth)
            }
            ExprKind::IsEmpty(x, negated) => {
                let fx = field_of(x)?;
                let answered = self.answer_meets(fx, Json::Bool(true), depth)?;
                Some(if *negated { answered } else { not(answered) })
            }
            ExprKind::In(x, list, negated) => {
                let fx = field_of(x)?;
                let tests = list
                    .iter()
                    .map(|item| self.compare(fx, BinOp::Eq, &literal(item)?))
                    .collect::<Option<Vec<Json>>>()?;
                let test = any_of(tests);
                self.answer_meets(fx, if *negated { not(test) } else { test }, depth)
            }
            ExprKind::Contains(x, option) => {
                let fx = field_of(x)?;
                if !matches!(self.model.field_ty(fx), Ty::Options(_)) {
                    return None;
                }
                if !self.readable(fx) {
                    return None;
                }
                // An array holding the option is an answer.
                let stored = self.model.stored_option(x.ty, option.as_str());
                let test = json!({"type": "array", "contains": {"const": stored}});
                self.read(fx, test, depth)
            }
            _ => None,
        }
    }

    /// A schema of an answered value of `field` that holds when `value op lit` does.
    fn compare(&self, field: FieldIx, op: BinOp, lit: &Value) -> Option<Json> {
        let ty = self.model.field_ty(field);
        let equal = match (ty, lit) {
            (Ty::Option(_), Value::Option(o)) => {
                let o = self.model.stored_option(ty, o.as_str());
                let mut spellings = vec![json!(o)];
                if let Ok(b) = o.parse::<bool>() {
                    spellings.push(json!(b));
                }
                if let Ok(n) = o.parse::<i64>() {
                    if n.to_string() == o {
                        spellings.push(json!(n));
                    }
                }
                json!({"enum": spellings})
            }
            (Ty::Int, Value::Int(n)) => {
                return Some(match op {
                    BinOp::Eq => json!({"const": n}),
                    BinOp::Ne => not(json!({"const": n})),
                    BinOp::Lt => json!({"exclusiveMaximum": n}),
                    BinOp::Le => json!({"maximum": n}),
                    BinOp::Gt => json!({"exclusiveMinimum": n}),
                    BinOp::Ge => json!({"minimum": n}),
                    _ => return None,
                });
            }
            (Ty::Bool, Value::Bool(true)) => json!({"enum": [true, "true"]}),
            (Ty::Bool, Value::Bool(false)) => not(json!({"enum": [true, "true"]})),
            (Ty::Text | Ty::Location | Ty::User | Ty::Agency, Value::Text(s)) => {
                json!({"const": s})
            }
            _ => return None,
        };
        match op {
            BinOp::Eq => Some(equal),
            BinOp::Ne => Some(not(equal)),
            _ => None,
        }
    }
}

/// The field an expression reads directly.
fn field_of(e: &Expr) -> Option<FieldIx> {
    match e.kind {
        ExprKind::Field(fx) => Some(fx),
        _ => None,
    }
}

/// The constant an expression is (`-5` included).
fn literal(e: &Expr) -> Option<Value> {
    match &e.kind {
        ExprKind::Lit(v) if *v != Value::Empty => Some(v.clone()),
        ExprKind::Neg(x) => match &x.kind {
            ExprKind::Lit(Value::Int(n)) => Some(Value::Int(n.checked_neg()?)),
            _ => None,
        },
        _ => None,
    }
}

/// `lit op field` as `field op' lit`.
fn flip(op: BinOp) -> Option<BinOp> {
    Some(match op {
        BinOp::Eq | BinOp::Ne => op,
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        _ => return None,
    })
}

/// Every schema, without the `true`s; `false` when one is `false`. Nested `allOf`s are flattened,
/// repeated parts dropped, and parts with different keywords merged into one object (the same
/// property's schemas merged the same way; `required` lists joined): `a and b and a` is written
/// once, and the relevance shared by a chain of questions is not repeated.
#[must_use]
pub fn all_of(parts: Vec<Json>) -> Json {
    let mut flat: Vec<Json> = Vec::new();
    flatten(parts, &mut flat);
    if flat.contains(&Json::Bool(false)) {
        return Json::Bool(false);
    }
    let mut merged: Vec<Map<String, Json>> = Vec::new();
    for part in flat {
        let Json::Object(part) = part else { continue };
        if !merged.iter_mut().any(|m| merge_into(m, &part)) {
            merged.push(part);
        }
    }
    match merged.len() {
        0 => Json::Bool(true),
        1 => Json::Object(merged.remove(0)),
        _ => json!({ "allOf": merged }),
    }
}

fn flatten(parts: Vec<Json>, out: &mut Vec<Json>) {
    for p in parts {
        match p {
            Json::Bool(true) => {}
            Json::Object(mut m) if m.len() == 1 && m.contains_key("allOf") => {
                if let Some(Json::Array(inner)) = m.remove("allOf") {
                    flatten(inner, out);
                }
            }
            p if out.contains(&p) => {}
            p => out.push(p),
        }
    }
}

/// Merges `part` into `into` when no keyword of both differs (besides `properties`, merged, and
/// `required`, joined); whether it did.
fn merge_into(into: &mut Map<String, Json>, part: &Map<String, Json>) -> bool {
    let clash = part
        .iter()
        .any(|(k, v)| k != "properties" && k != "required" && into.get(k).is_some_and(|w| w != v));
    // A `type` beside an `anyOf` of other types is the same schema, but ajv's strict mode
    // refuses it.
    let typed = |m: &Map<String, Json>| m.contains_key("type");
    let branched = |m: &Map<String, Json>| m.contains_key("anyOf");
    let clash = clash || (typed(into) && branched(part)) || (branched(into) && typed(part));
    if clash {
        return false;
    }
    for (k, v) in part {
        match (k.as_str(), into.get_mut(k), v) {
            ("properties", Some(Json::Object(mine)), Json::Object(theirs)) => {
                for (name, schema) in theirs {
                    let joined = match mine.remove(name) {
                        Some(old) => all_of(vec![old, schema.clone()]),
                        None => schema.clone(),
                    };
                    mine.insert(name.clone(), joined);
                }
            }
            ("required", Some(Json::Array(mine)), Json::Array(theirs)) => {
                for name in theirs {
                    if !mine.contains(name) {
                        mine.push(name.clone());
                    }
                }
            }
            _ => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
    true
}

/// Some schema, without the `false`s; `true` when one is `true`.
#[must_use]
pub fn any_of(parts: Vec<Json>) -> Json {
    if parts.contains(&Json::Bool(true)) {
        return Json::Bool(true);
    }
    let mut kept: Vec<Json> = parts
        .into_iter()
        .filter(|p| *p != Json::Bool(false))
        .collect();
    // `{"enum": a} or {"enum": b}` is `{"enum": a + b}`.
    let enums: Option<Vec<Json>> = kept
        .iter()
        .map(|p| match p.as_object() {
            Some(m) if m.len() == 1 => m.get("enum").and_then(Json::as_array).cloned(),
            _ => None,
        })
        .collect::<Option<Vec<Vec<Json>>>>()
        .map(|lists| {
            let mut all: Vec<Json> = Vec::new();
            for v in lists.into_iter().flatten() {
                if !all.contains(&v) {
                    all.push(v);
                }
            }
            all
        });
    match (kept.len(), enums) {
        (0, _) => Json::Bool(false),
        (1, _) => kept.remove(0),
        (_, Some(all)) => json!({ "enum": all }),
        _ => json!({ "anyOf": kept }),
    }
}

/// The schema that holds when `s` does not.
#[must_use]
pub fn not(s: Json) -> Json {
    match s {
        Json::Bool(b) => Json::Bool(!b),
        s => json!({ "not": s }),
    }
}

#[cfg(test)]
mod tests {
    use super::{all_of, any_of, not};
    use serde_json::json;

    #[test]
    fn conjunctions_are_flattened_deduplicated_and_merged() {
        let a = json!({"type": "object", "required": ["a"], "properties": {"a": {"const": 1}}});
        let b = json!({"type": "object", "required": ["b"], "properties": {"a": {"type": "integer"}, "b": {"const": 2}}});
        assert_eq!(
            all_of(vec![
                json!(true),
                a.clone(),
                json!({"allOf": [b.clone(), a.clone()]})
            ]),
            json!({
                "type": "object",
                "required": ["a", "b"],
                "properties": {"a": {"const": 1, "type": "integer"}, "b": {"const": 2}},
            })
        );
        assert_eq!(all_of(vec![a.clone(), json!(false)]), json!(false));
        assert_eq!(all_of(vec![]), json!(true));
        // Two different values of one keyword stay apart; so do a type and an anyOf.
        let c = json!({"const": 3});
        let d = json!({"const": 4});
        assert_eq!(all_of(vec![c.clone(), d.clone()]), json!({"allOf": [c, d]}));
        let t = json!({"type": "array"});
        let e = json!({"anyOf": [{"type": "string"}, {"type": "number"}]});
        assert_eq!(all_of(vec![t.clone(), e.clone()]), json!({"allOf": [t, e]}));
    }

    #[test]
    fn disjunctions_and_negations_of_constants() {
        let a = json!({"const": 1});
        assert_eq!(any_of(vec![json!(false), a.clone()]), a);
        assert_eq!(any_of(vec![a.clone(), json!(true)]), json!(true));
        assert_eq!(any_of(vec![]), json!(false));
        assert_eq!(
            any_of(vec![
                json!({"enum": ["a", true]}),
                json!({"enum": ["b", true]})
            ]),
            json!({"enum": ["a", true, "b"]})
        );
        assert_eq!(not(json!(true)), json!(false));
        assert_eq!(not(a.clone()), json!({"not": a}));
    }
}
