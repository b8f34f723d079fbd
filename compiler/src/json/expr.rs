//! **The one JSON form of expressions.** The web target's `rules.json`, the Incident Recorder's
//! `ir-mapping.json` and `gbvims show --format json` embed exactly this form; nothing else defines
//! another. Fields, lookups and subforms are named by id (never by index); every node carries its
//! type; form functions and Incident Recorder cell functions are tagged. Its JSON Schema is
//! generated from these types (`gbvims show --schema`, checked in as
//! `compiler/schema/model.schema.json`).
//!
//! Meaning: the rules of [`crate::eval`] — empty answers, hidden questions (a field that is not
//! relevant reads as empty), subform scope — apply to every evaluator of this form.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{
    AggFunc, BinOp, Expr, ExprKind, FieldIx, Func, FuncKind, LookupIx, Model, Scope, Ty, Value,
};

/// An expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum JsonExpr {
    /// A constant. `value` is a number, a text, `true`/`false`, an ISO date (`type` date), an
    /// option id (`type` option) or `null` (empty).
    Literal {
        /// The constant's type.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The constant.
        value: serde_json::Value,
    },
    /// A field's value (empty when the field is not relevant).
    Field {
        /// The field's type.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The field id (the key in the record or the row).
        field: String,
        /// The form or subform that declares the field.
        form: String,
        /// `record`: read from the record; `row`: read from the current row of `form` (a
        /// subform), i.e. the row being shown, or the row a `where` filter is testing.
        scope: JsonScope,
    },
    /// A field of the row another expression gives (`first(rows where …).field`).
    Member {
        /// The field's type.
        #[serde(rename = "type")]
        ty: JsonType,
        /// An expression giving one row.
        of: Box<JsonExpr>,
        /// The field id in that row.
        field: String,
        /// The subform declaring it.
        form: String,
    },
    /// `not arg` (empty counts as false).
    Not {
        /// Always `bool`.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The condition.
        arg: Box<JsonExpr>,
    },
    /// `-arg`.
    Neg {
        /// Always `int`.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The number.
        arg: Box<JsonExpr>,
    },
    /// `left operator right`. Comparisons with an empty side are false (`ne` too); arithmetic
    /// with an empty side is empty; division is whole-number Euclidean division (the remainder
    /// is never negative: `7 / -2` is -3), empty for 0.
    Binary {
        /// The result type.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The operator.
        operator: BinOp,
        /// Left operand.
        left: Box<JsonExpr>,
        /// Right operand.
        right: Box<JsonExpr>,
    },
    /// `arg is empty` (`negated`: `is not empty`).
    IsEmpty {
        /// Always `bool`.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The value tested.
        arg: Box<JsonExpr>,
        /// `is not empty`.
        negated: bool,
    },
    /// `arg in [list]` (`negated`: `not in`); false when `arg` is empty, either way.
    In {
        /// Always `bool`.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The value looked for.
        arg: Box<JsonExpr>,
        /// The candidates.
        list: Vec<JsonExpr>,
        /// `not in`.
        negated: bool,
    },
    /// A multi-select holds `option`.
    Contains {
        /// Always `bool`.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The multi-select.
        arg: Box<JsonExpr>,
        /// The option id.
        option: String,
    },
    /// A built-in function.
    Call {
        /// The result type.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The function.
        function: Func,
        /// `form`: usable in any expression; `ir_cell`: only in Incident Recorder columns.
        kind: JsonFuncKind,
        /// Arguments.
        args: Vec<JsonExpr>,
    },
    /// A function over the rows of a subform field.
    Aggregate {
        /// The result type.
        #[serde(rename = "type")]
        ty: JsonType,
        /// `count`, `any`, `all` or `first`.
        function: AggFunc,
        /// The subform field holding the rows.
        rows: String,
        /// The form declaring that field.
        rows_form: String,
        /// The subform of the rows (the scope of `where`).
        subform: String,
        /// Evaluated on each row (`where`), its fields in `row` scope.
        #[serde(rename = "where")]
        filter: Option<Box<JsonExpr>>,
    },
    /// The option ids of every arm whose condition holds, in arm order.
    Collect {
        /// Always `options`.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The arms.
        arms: Vec<JsonArm>,
    },
    /// The value of the first arm whose condition holds; else `else`; else empty.
    Case {
        /// The result type.
        #[serde(rename = "type")]
        ty: JsonType,
        /// The arms.
        arms: Vec<JsonArm>,
        /// The value when no arm holds.
        #[serde(rename = "else")]
        otherwise: Option<Box<JsonExpr>>,
    },
}

/// One arm of `case` or `collect`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JsonArm {
    /// The condition.
    pub when: JsonExpr,
    /// The value.
    pub then: JsonExpr,
}

/// Where a field is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JsonScope {
    /// The record.
    Record,
    /// The current row of the field's subform.
    Row,
}

/// Whether a function may appear anywhere or only in Incident Recorder columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JsonFuncKind {
    /// Any expression.
    Form,
    /// Incident Recorder columns only.
    IrCell,
}

/// The type of a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "name", rename_all = "snake_case", deny_unknown_fields)]
pub enum JsonType {
    /// Yes or no.
    Bool,
    /// A whole number.
    Int,
    /// Text.
    Text,
    /// A date (`YYYY-MM-DD`).
    Date,
    /// A date and time (compared by its date).
    Datetime,
    /// One option id of a lookup.
    Option {
        /// The lookup id (`null` for a field's inline list).
        lookup: Option<String>,
    },
    /// Several option ids of a lookup.
    Options {
        /// The lookup id (`null` for a field's inline list).
        lookup: Option<String>,
    },
    /// A user name.
    User,
    /// User names.
    Users,
    /// An agency id.
    Agency,
    /// A location code.
    Location,
    /// The rows of a subform.
    Rows {
        /// The subform id.
        subform: String,
    },
    /// One row of a subform.
    Row {
        /// The subform id.
        subform: String,
    },
    /// An uploaded file.
    Attachment,
    /// No value (a separator).
    Nothing,
    /// The literal `empty`.
    Empty,
    /// An Incident Recorder cell: text, a whole number or a date.
    Cell,
}

impl JsonType {
    /// The JSON form of a model type.
    #[must_use]
    pub fn of(model: &Model, ty: Ty) -> Self {
        let lookup = |l: LookupIx| model.lookup_id(l).map(str::to_string);
        let subform = |f: crate::model::FormIx| model.form(f).id.to_string();
        match ty {
            Ty::Bool => Self::Bool,
            Ty::Int => Self::Int,
            Ty::Text => Self::Text,
            Ty::Date => Self::Date,
            Ty::DateTime => Self::Datetime,
            Ty::Option(l) => Self::Option { lookup: lookup(l) },
            Ty::Options(l) => Self::Options { lookup: lookup(l) },
            Ty::User => Self::User,
            Ty::Users => Self::Users,
            Ty::Agency => Self::Agency,
            Ty::Location => Self::Location,
            Ty::Rows(f) => Self::Rows {
                subform: subform(f),
            },
            Ty::Row(f) => Self::Row {
                subform: subform(f),
            },
            Ty::Attachment => Self::Attachment,
            Ty::Nothing => Self::Nothing,
            Ty::Empty => Self::Empty,
            Ty::Cell => Self::Cell,
        }
    }
}

/// Whether a function is a form function or an Incident Recorder cell function.
#[must_use]
pub fn func_kind(func: Func) -> JsonFuncKind {
    match func.kind() {
        FuncKind::IrCell => JsonFuncKind::IrCell,
        FuncKind::Form => JsonFuncKind::Form,
    }
}

impl JsonExpr {
    /// The JSON form of a model expression.
    #[must_use]
    pub fn of(model: &Model, e: &Expr) -> Self {
        Self::build(model, e, false)
    }

    /// The JSON form of a model expression as it reads records: fields by the key records hold
    /// them under and options by their stored ids (a country's `stored_as`; the same as
    /// [`Self::of`] when it declares none). Targets evaluating records (the web `rules.json`)
    /// use this form.
    #[must_use]
    pub fn stored(model: &Model, e: &Expr) -> Self {
        Self::build(model, e, true)
    }

    fn build(model: &Model, e: &Expr, stored: bool) -> Self {
        let ty = JsonType::of(model, e.ty);
        let boxed = |x: &Expr| Box::new(Self::build(model, x, stored));
        let arms = |arms: &[(Expr, Expr)]| {
            arms.iter()
                .map(|(c, v)| JsonArm {
                    when: Self::build(model, c, stored),
                    then: Self::build(model, v, stored),
                })
                .collect()
        };
        let field_form = |f: FieldIx| model.form(model.field(f).form).id.to_string();
        let key = |f: FieldIx| {
            if stored {
                model.stored_key(f).to_string()
            } else {
                model.field(f).id.to_string()
            }
        };
        match &e.kind {
            ExprKind::Lit(v) => Self::Literal {
                ty,
                value: if stored {
                    literal(&model.stored_value(e.ty, v))
                } else {
                    literal(v)
                },
            },
            ExprKind::Field(f) => Self::Field {
                ty,
                field: key(*f),
                form: field_form(*f),
                scope: match model.scope(*f) {
                    Scope::Record => JsonScope::Record,
                    Scope::Row(_) => JsonScope::Row,
                },
            },
            ExprKind::Member(of, f) => Self::Member {
                ty,
                of: boxed(of),
                field: key(*f),
                form: field_form(*f),
            },
            ExprKind::Not(x) => Self::Not { ty, arg: boxed(x) },
            ExprKind::Neg(x) => Self::Neg { ty, arg: boxed(x) },
            ExprKind::Binary(op, a, b) => Self::Binary {
                ty,
                operator: *op,
                left: boxed(a),
                right: boxed(b),
            },
            ExprKind::IsEmpty(x, negated) => Self::IsEmpty {
                ty,
                arg: boxed(x),
                negated: *negated,
            },
            ExprKind::In(x, list, negated) => Self::In {
                ty,
                arg: boxed(x),
                list: list.iter().map(|i| Self::build(model, i, stored)).collect(),
                negated: *negated,
            },
            ExprKind::Contains(x, o) => Self::Contains {
                ty,
                arg: boxed(x),
                option: if stored {
                    model.stored_option(x.ty, o.as_str()).to_string()
                } else {
                    o.to_string()
                },
            },
            ExprKind::Call(func, args) => Self::Call {
                ty,
                function: *func,
                kind: func_kind(*func),
                args: args.iter().map(|a| Self::build(model, a, stored)).collect(),
            },
            ExprKind::Aggregate { func, rows, filter } => Self::Aggregate {
                ty,
                function: *func,
                rows: key(*rows),
                rows_form: field_form(*rows),
                subform: match &model.field(*rows).kind {
                    crate::model::FieldKind::Subform { form } => model.form(*form).id.to_string(),
                    _ => String::new(),
                },
                filter: filter.as_deref().map(boxed),
            },
            ExprKind::Collect(a) => Self::Collect { ty, arms: arms(a) },
            ExprKind::Case { arms: a, otherwise } => Self::Case {
                ty,
                arms: arms(a),
                otherwise: otherwise.as_deref().map(boxed),
            },
        }
    }
}

/// A constant as JSON: numbers, texts, booleans, ISO dates, option ids, `null` for empty.
#[must_use]
pub fn literal(v: &Value) -> serde_json::Value {
    match v {
        Value::Int(n) => serde_json::Value::from(*n),
        Value::Text(s) => serde_json::Value::from(s.as_str()),
        Value::Bool(b) => serde_json::Value::from(*b),
        Value::Date(d) => serde_json::Value::from(d.to_string()),
        Value::Option(o) => serde_json::Value::from(o.as_str()),
        Value::Empty => serde_json::Value::Null,
    }
}
