//! Evaluating expressions on a record (a JSON object keyed by field id, as Primero stores it).
//!
//! One definition of every derived value, computed the same way everywhere: the table tests of the
//! standard (`tests/standard_rules.rs`) use it today, and it is the reference the emitters' compiled
//! forms are to be tested against.
//!
//! Semantics of missing values: a missing or blank answer is *empty*. Arithmetic and functions on
//! empty give empty; every comparison with empty (including `!=`) is false; `is empty` tests for
//! it; `and`/`or`/`not` treat empty as false. Yes/no answers may be stored as the strings
//! `"true"`/`"false"` or as JSON booleans.
//!
//! Hidden questions: a field whose `show_if` does not hold (or whose subform field is not shown),
//! and a field the country no longer asks (`hide field`, `hide form`: [`withdrawn`](crate::model::FieldFlags::withdrawn)),
//! is *not relevant*: it reads as empty in every expression, whatever the record stores, and it
//! is never required ([`Evaluator::relevant_at`]). This is ODK's rule, and it keeps a stale answer
//! to a question that is no longer asked out of the classification and the derived values.

use serde_json::{Map, Value as Json};

use crate::model::{
    AggFunc, BinOp, Date, Expr, ExprKind, FieldIx, FieldKind, Func, Model, Scope, Ty, Value,
};

/// A runtime value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'r> {
    /// No value.
    Empty,
    /// Yes or no.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// Text (also user names, agency ids and location codes).
    Text(String),
    /// A date.
    Date(Date),
    /// One option id.
    Opt(String),
    /// Several option ids.
    Opts(Vec<String>),
    /// The rows of a subform.
    Rows(Vec<&'r Map<String, Json>>),
    /// One row.
    Row(&'r Map<String, Json>),
}

impl Val<'_> {
    /// Is there no value?
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match self {
            Val::Empty => true,
            Val::Text(s) | Val::Opt(s) => s.is_empty(),
            Val::Opts(v) => v.is_empty(),
            Val::Rows(r) => r.is_empty(),
            _ => false,
        }
    }

    fn truthy(&self) -> bool {
        matches!(self, Val::Bool(true))
    }
}

/// What an export knows beyond the record: user and agency codes, place names. The Incident
/// Recorder reads them; without it those cells stay empty.
pub trait ExportData {
    /// The code of a user (Primero's user `code`), by user name.
    fn user_code(&self, user: &str) -> Option<String>;
    /// The code of an agency, by agency id.
    fn agency_code(&self, agency: &str) -> Option<String>;
    /// The name, in `lang`, of the location `code` or of its ancestor at the admin level the
    /// country configures for `level` (`county`, `district`).
    fn location_name(&self, code: &str, level: &str, lang: &str) -> Option<String>;
}

/// Evaluates expressions of one model on one record.
pub struct Evaluator<'m, 'r> {
    model: &'m Model,
    record: &'r Map<String, Json>,
    today: Date,
    language: String,
    data: Option<&'m dyn ExportData>,
}

impl<'m, 'r> Evaluator<'m, 'r> {
    /// An evaluator for `record`; `today` is the date `today()` returns (no clock in the compiler).
    #[must_use]
    pub fn new(model: &'m Model, record: &'r Map<String, Json>, today: Date) -> Self {
        Self {
            model,
            record,
            today,
            language: model.standard.default_language.0.clone(),
            data: None,
        }
    }

    /// Labels and words in `lang` (falling back to the default language, then English:
    /// [`Model::text`]).
    #[must_use]
    pub fn with_language(mut self, lang: &str) -> Self {
        self.language = lang.to_string();
        self
    }

    /// Users, agencies and places for the Incident Recorder's codes and place names.
    #[must_use]
    pub fn with_data(mut self, data: &'m dyn ExportData) -> Self {
        self.data = Some(data);
        self
    }

    fn label(&self, arg: &Expr, id: &str) -> Option<String> {
        let (Ty::Option(l) | Ty::Options(l)) = arg.ty else {
            return None;
        };
        let texts = &self.model.lookup(l).option(id)?.label;
        texts
            .pick(&self.language, self.model.default_language())
            .map(str::to_string)
    }

    /// The value of a field on the record: its calculation when it has one, else the stored answer;
    /// empty when the field is not relevant (see [`Evaluator::relevant_at`]).
    #[must_use]
    pub fn field(&self, field: FieldIx) -> Val<'r> {
        self.field_in(field, None)
    }

    /// Evaluates an expression at record level.
    #[must_use]
    pub fn eval(&self, e: &Expr) -> Val<'r> {
        self.eval_in(e, None)
    }

    /// The value of a field, reading subform fields from `row` (a row of the field's subform).
    #[must_use]
    pub fn field_at(&self, field: FieldIx, row: Option<&'r Map<String, Json>>) -> Val<'r> {
        self.field_in(field, row)
    }

    /// Evaluates an expression with the fields of `row` in scope (a row of the subform the
    /// expression belongs to), or at record level.
    #[must_use]
    pub fn eval_at(&self, e: &Expr, row: Option<&'r Map<String, Json>>) -> Val<'r> {
        self.eval_in(e, row)
    }

    /// Is the field relevant — is its question asked? A field is relevant when the country
    /// still asks it (not [`withdrawn`](crate::model::FieldFlags::withdrawn) by `hide field` or `hide form`), its `show_if`
    /// holds and, for a field of a subform shown on a top-level form, when the subform field is
    /// relevant. **A field that is not relevant reads as empty in every expression** (ODK's
    /// rule: an answer left behind by a question that is no longer asked does not count), and is
    /// never required.
    #[must_use]
    pub fn relevant_at(&self, field: FieldIx, row: Option<&'r Map<String, Json>>) -> bool {
        let f = self.model.field(field);
        if f.flags.withdrawn {
            return false;
        }
        if let Some(parent) = self.model.parent_field(field) {
            // A nested subform's own parent is read in its outer row, which the caller walked
            // through to get here: only a top-level parent is checked from the record.
            if self.model.scope(parent) == Scope::Record && !self.relevant_at(parent, None) {
                return false;
            }
        }
        let row = self.row_for(field, row);
        f.show_if
            .as_ref()
            .is_none_or(|c| self.eval_in(c, row).truthy())
    }

    /// Must the field be answered? Only when it is relevant, and `required` or its
    /// `required_if` holds.
    #[must_use]
    pub fn required_at(&self, field: FieldIx, row: Option<&'r Map<String, Json>>) -> bool {
        let f = self.model.field(field);
        if !self.relevant_at(field, row) {
            return false;
        }
        let row = self.row_for(field, row);
        f.flags.required
            || f.required_if
                .as_ref()
                .is_some_and(|c| self.eval_in(c, row).truthy())
    }

    /// Does the answer meet the field's constraint? A field without a constraint, not relevant,
    /// or not answered always does.
    #[must_use]
    pub fn constraint_at(&self, field: FieldIx, row: Option<&'r Map<String, Json>>) -> bool {
        let Some(constraint) = &self.model.field(field).constraint else {
            return true;
        };
        let row = self.row_for(field, row);
        if self.field_in(field, row).is_empty() {
            return true;
        }
        self.eval_in(&constraint.expr, row).truthy()
    }

    /// The row a field is read from: `row` for a subform field, none for a record field.
    fn row_for(
        &self,
        field: FieldIx,
        row: Option<&'r Map<String, Json>>,
    ) -> Option<&'r Map<String, Json>> {
        match self.model.scope(field) {
            Scope::Row(_) => row,
            Scope::Record => None,
        }
    }

    fn field_in(&self, fx: FieldIx, row: Option<&'r Map<String, Json>>) -> Val<'r> {
        let f = self.model.field(fx);
        let row = self.row_for(fx, row);
        if !self.relevant_at(fx, row) {
            return Val::Empty;
        }
        if let Some(calc) = &f.calculate {
            return self.eval_in(calc, row);
        }
        let source = match (row, self.model.scope(fx)) {
            (Some(r), _) => r,
            (None, Scope::Row(_)) => return Val::Empty,
            (None, Scope::Record) => self.record,
        };
        read(&f.kind, source.get(f.id.as_str()))
    }

    fn eval_in(&self, e: &Expr, row: Option<&'r Map<String, Json>>) -> Val<'r> {
        match &e.kind {
            ExprKind::Lit(v) => match v {
                Value::Int(n) => Val::Int(*n),
                Value::Text(s) => Val::Text(s.clone()),
                Value::Bool(b) => Val::Bool(*b),
                Value::Date(d) => Val::Date(*d),
                Value::Option(o) => Val::Opt(o.0.clone()),
                Value::Empty => Val::Empty,
            },
            ExprKind::Field(fx) => self.field_in(*fx, row),
            ExprKind::Member(base, fx) => match self.eval_in(base, row) {
                Val::Row(r) => self.field_in(*fx, Some(r)),
                _ => Val::Empty,
            },
            ExprKind::Not(x) => Val::Bool(!self.eval_in(x, row).truthy()),
            ExprKind::Neg(x) => match self.eval_in(x, row) {
                Val::Int(n) => Val::Int(n.saturating_neg()),
                _ => Val::Empty,
            },
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, row),
            ExprKind::IsEmpty(x, negated) => Val::Bool(self.eval_in(x, row).is_empty() != *negated),
            ExprKind::In(x, list, negated) => {
                let v = self.eval_in(x, row);
                if v.is_empty() {
                    return Val::Bool(false);
                }
                let found = list.iter().any(|item| equal(&v, &self.eval_in(item, row)));
                Val::Bool(found != *negated)
            }
            ExprKind::Contains(x, id) => match self.eval_in(x, row) {
                Val::Opts(v) => Val::Bool(v.iter().any(|o| o == id.as_str())),
                _ => Val::Bool(false),
            },
            ExprKind::Call(func, args) => self.call(*func, args, row),
            ExprKind::Aggregate { func, rows, filter } => {
                self.aggregate(*func, *rows, filter.as_deref(), row)
            }
            ExprKind::Collect(arms) => Val::Opts(
                arms.iter()
                    .filter(|(c, _)| self.eval_in(c, row).truthy())
                    .filter_map(|(_, v)| match self.eval_in(v, row) {
                        Val::Opt(o) => Some(o),
                        _ => None,
                    })
                    .collect(),
            ),
            ExprKind::Case { arms, otherwise } => arms
                .iter()
                .find(|(c, _)| self.eval_in(c, row).truthy())
                .map(|(_, v)| self.eval_in(v, row))
                .or_else(|| otherwise.as_ref().map(|o| self.eval_in(o, row)))
                .unwrap_or(Val::Empty),
        }
    }

    fn binary(&self, op: BinOp, a: &Expr, b: &Expr, row: Option<&'r Map<String, Json>>) -> Val<'r> {
        match op {
            BinOp::And => Val::Bool(self.eval_in(a, row).truthy() && self.eval_in(b, row).truthy()),
            BinOp::Or => Val::Bool(self.eval_in(a, row).truthy() || self.eval_in(b, row).truthy()),
            _ => {
                let (x, y) = (self.eval_in(a, row), self.eval_in(b, row));
                if x.is_empty() || y.is_empty() {
                    return if matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div) {
                        Val::Empty
                    } else {
                        Val::Bool(false)
                    };
                }
                match op {
                    BinOp::Eq => Val::Bool(equal(&x, &y)),
                    BinOp::Ne => Val::Bool(!equal(&x, &y)),
                    BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => match order(&x, &y) {
                        Some(o) => Val::Bool(match op {
                            BinOp::Lt => o.is_lt(),
                            BinOp::Le => o.is_le(),
                            BinOp::Gt => o.is_gt(),
                            _ => o.is_ge(),
                        }),
                        None => Val::Bool(false),
                    },
                    _ => match (x, y) {
                        (Val::Int(x), Val::Int(y)) => match op {
                            BinOp::Add => Val::Int(x.saturating_add(y)),
                            BinOp::Sub => Val::Int(x.saturating_sub(y)),
                            BinOp::Mul => Val::Int(x.saturating_mul(y)),
                            _ if y == 0 => Val::Empty,
                            _ => Val::Int(x.div_euclid(y)),
                        },
                        _ => Val::Empty,
                    },
                }
            }
        }
    }

    fn call(&self, func: Func, args: &[Expr], row: Option<&'r Map<String, Json>>) -> Val<'r> {
        let vals: Vec<Val<'r>> = args.iter().map(|a| self.eval_in(a, row)).collect();
        match (func, vals.as_slice()) {
            (Func::Today, _) => Val::Date(self.today),
            (Func::DaysBetween, [Val::Date(a), Val::Date(b)]) => Val::Int(a.days_until(*b)),
            (Func::YearsBetween, [Val::Date(a), Val::Date(b)]) => Val::Int(a.years_until(*b)),
            (Func::Coalesce, vals) => vals
                .iter()
                .find(|v| !v.is_empty())
                .cloned()
                .unwrap_or(Val::Empty),
            (Func::Sum | Func::Avg, vals) => numbers(func, vals),
            // A blank answer is empty, like a missing one: no length.
            (Func::Length, [Val::Text(s)]) if !s.is_empty() => {
                Val::Int(i64::try_from(s.chars().count()).unwrap_or(i64::MAX))
            }
            (Func::Label, [Val::Opt(id)]) => self.label(&args[0], id).map_or(Val::Empty, Val::Text),
            (Func::JoinLabels, [Val::Opts(ids), Val::Text(sep)]) => {
                let labels: Vec<String> = ids
                    .iter()
                    .filter_map(|id| self.label(&args[0], id))
                    .collect();
                if labels.is_empty() {
                    Val::Empty
                } else {
                    Val::Text(labels.join(sep))
                }
            }
            (Func::Word, [Val::Text(key)]) => self
                .model
                .ir_word(key, &self.language)
                .map_or(Val::Empty, |w| Val::Text(w.to_string())),
            (Func::Before, [Val::Text(t), Val::Text(sep)]) if !sep.is_empty() => Val::Text(
                t.split(sep.as_str())
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            ),
            (Func::Before, [Val::Text(t), _]) => Val::Text(t.trim().to_string()),
            (Func::UserCode, [Val::Text(u)]) => self
                .data
                .and_then(|d| d.user_code(u))
                .map_or(Val::Empty, Val::Text),
            (Func::AgencyCode, [Val::Text(a)]) => self
                .data
                .and_then(|d| d.agency_code(a))
                .map_or(Val::Empty, Val::Text),
            (Func::LocationAt, [Val::Text(code), Val::Text(level)]) => self
                .data
                .and_then(|d| d.location_name(code, level, &self.language))
                .map_or(Val::Empty, Val::Text),
            _ => Val::Empty,
        }
    }

    fn aggregate(
        &self,
        func: AggFunc,
        rows: FieldIx,
        filter: Option<&Expr>,
        row: Option<&'r Map<String, Json>>,
    ) -> Val<'r> {
        let all = match self.field_in(rows, row) {
            Val::Rows(r) => r,
            _ => Vec::new(),
        };
        let keep =
            |r: &'r Map<String, Json>| filter.is_none_or(|f| self.eval_in(f, Some(r)).truthy());
        match func {
            AggFunc::Count => {
                Val::Int(i64::try_from(all.iter().filter(|r| keep(r)).count()).unwrap_or(i64::MAX))
            }
            AggFunc::Any => Val::Bool(all.iter().any(|r| keep(r))),
            AggFunc::All => Val::Bool(all.iter().all(|r| keep(r))),
            AggFunc::First => all
                .into_iter()
                .find(|r| keep(r))
                .map_or(Val::Empty, Val::Row),
        }
    }
}

/// `sum` and `avg`: the answers given (empty ones are skipped), added exactly; `sum` is the
/// total kept within the 64-bit range, `avg` the total divided by how many were given, rounded
/// down (floor, as `/`). No answer given: empty.
fn numbers<'r>(func: Func, vals: &[Val<'r>]) -> Val<'r> {
    let given: Vec<i64> = vals
        .iter()
        .filter_map(|v| match v {
            Val::Int(n) => Some(*n),
            _ => None,
        })
        .collect();
    let Ok(count) = i128::try_from(given.len()) else {
        return Val::Empty;
    };
    if count == 0 {
        return Val::Empty;
    }
    let total: i128 = given.iter().map(|n| i128::from(*n)).sum();
    let out = if func == Func::Avg {
        total.div_euclid(count)
    } else {
        total
    };
    Val::Int(i64::try_from(out).unwrap_or(if out < 0 { i64::MIN } else { i64::MAX }))
}

/// Reads a stored answer according to its field's kind.
fn read<'r>(kind: &FieldKind, v: Option<&'r Json>) -> Val<'r> {
    let Some(v) = v else { return Val::Empty };
    match (kind, v) {
        (_, Json::Null) => Val::Empty,
        (FieldKind::Integer, Json::Number(n)) => n.as_i64().map_or(Val::Empty, Val::Int),
        (FieldKind::Integer, Json::String(s)) => s.trim().parse().map_or(Val::Empty, Val::Int),
        (FieldKind::TickBox, Json::Bool(b)) => Val::Bool(*b),
        (FieldKind::TickBox, Json::String(s)) => Val::Bool(s == "true"),
        (FieldKind::Date | FieldKind::DateTime, Json::String(s)) => s
            .get(..10)
            .and_then(Date::parse_iso)
            .map_or(Val::Empty, Val::Date),
        (FieldKind::Select { multi: true, .. }, Json::Array(items)) => Val::Opts(
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
        ),
        (
            FieldKind::Select {
                source: crate::model::OptionSource::Lookup(_),
                ..
            },
            Json::String(s),
        ) => Val::Opt(s.clone()),
        (
            FieldKind::Select {
                source: crate::model::OptionSource::Lookup(_),
                ..
            },
            Json::Bool(b),
        ) => Val::Opt(b.to_string()),
        (FieldKind::Subform { .. }, Json::Array(rows)) => {
            Val::Rows(rows.iter().filter_map(Json::as_object).collect())
        }
        (_, Json::String(s)) => Val::Text(s.clone()),
        (_, Json::Number(n)) => Val::Text(n.to_string()),
        _ => Val::Empty,
    }
}

fn equal(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Opt(x) | Val::Text(x), Val::Opt(y) | Val::Text(y)) => x == y,
        _ => a == b,
    }
}

fn order(a: &Val, b: &Val) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Val::Int(x), Val::Int(y)) => Some(x.cmp(y)),
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        _ => None,
    }
}
