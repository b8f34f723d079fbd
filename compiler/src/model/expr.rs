//! Typed, resolved expressions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, FieldIx, FuncKind, OptionId, Ty};

/// A typed expression. Field references are resolved; option literals are checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Ty,
}

/// A constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A whole number.
    Int(i64),
    /// Text.
    Text(String),
    /// Yes or no.
    Bool(bool),
    /// A date.
    Date(Date),
    /// An option id (its lookup is the expression's type).
    Option(OptionId),
    /// No value.
    Empty,
}

/// Built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Func {
    /// `today()`
    Today,
    /// `days_between(from, to)`: whole days.
    DaysBetween,
    /// `years_between(from, to)`: completed years.
    YearsBetween,
    /// `coalesce(a, b, …)`: the first value that is not empty.
    Coalesce,
    /// `length(text)`
    Length,
    /// `sum(a, b, …)`: the total of the answers given (empty ones are skipped; all empty →
    /// empty), kept within the 64-bit range.
    Sum,
    /// `avg(a, b, …)`: the mean of the answers given, rounded down to a whole number (empty
    /// ones are skipped and not counted; all empty → empty).
    Avg,
    /// `label(option)`: the option's label in the export language (Incident Recorder).
    Label,
    /// `join_labels(options, " & ")`: the labels of a multi-select joined (Incident Recorder).
    JoinLabels,
    /// `word("gender.male")`: a fixed word of the Incident Recorder in the export language.
    Word,
    /// `before(text, "(")`: the text before the first separator, trimmed.
    Before,
    /// `location_at(location, "county")`: the place name at the level the country configures.
    LocationAt,
    /// `user_code(user)`: the code of a user (Primero's user `code`).
    UserCode,
    /// `agency_code(agency)`: the code of an agency.
    AgencyCode,
}

impl Func {
    /// Every function, in the order of [`gbvims_dsl::vocab::FUNCTIONS`].
    pub const ALL: &'static [Func] = &[
        Func::Today,
        Func::DaysBetween,
        Func::YearsBetween,
        Func::Coalesce,
        Func::Length,
        Func::Sum,
        Func::Avg,
        Func::Label,
        Func::JoinLabels,
        Func::Word,
        Func::Before,
        Func::LocationAt,
        Func::UserCode,
        Func::AgencyCode,
    ];

    /// The name the function is called by in `.gbv`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Func::Today => "today",
            Func::DaysBetween => "days_between",
            Func::YearsBetween => "years_between",
            Func::Coalesce => "coalesce",
            Func::Length => "length",
            Func::Sum => "sum",
            Func::Avg => "avg",
            Func::Label => "label",
            Func::JoinLabels => "join_labels",
            Func::Word => "word",
            Func::Before => "before",
            Func::LocationAt => "location_at",
            Func::UserCode => "user_code",
            Func::AgencyCode => "agency_code",
        }
    }

    /// The function called `name` (aggregates such as `count` are [`AggFunc`]s).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Func> {
        Func::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Whether forms may call it, or only Incident Recorder columns (it writes a cell: labels in
    /// the export language, fixed words, codes), from the vocabulary's table.
    #[must_use]
    pub fn kind(self) -> FuncKind {
        gbvims_dsl::vocab::functions::function(self.name()).map_or(FuncKind::Form, |f| f.kind)
    }
}

/// Functions over the rows of a subform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AggFunc {
    /// Number of rows (that match the filter).
    Count,
    /// Some row matches.
    Any,
    /// Every row matches (true when there are no rows).
    All,
    /// The first row (that matches).
    First,
}

/// Binary operators. Comparisons with an empty side are false (`ne` too); arithmetic with an
/// empty side is empty; `div` is Euclidean division (the remainder is never negative: `-7 / 2`
/// is -4, `7 / -2` is -3), empty when dividing by 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (whole-number division)
    Div,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A constant.
    Lit(Value),
    /// A field of the record, or of the current subform row.
    Field(FieldIx),
    /// A field of a row value: `first(rows).field`.
    Member(Box<Expr>, FieldIx),
    /// `not x`
    Not(Box<Expr>),
    /// `-x`
    Neg(Box<Expr>),
    /// `a op b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `x is empty` (`negated`: `is not empty`)
    IsEmpty(Box<Expr>, bool),
    /// `x in [...]` (`negated`: `not in`)
    In(Box<Expr>, Vec<Expr>, bool),
    /// A multi-select holds an option.
    Contains(Box<Expr>, OptionId),
    /// A built-in function.
    Call(Func, Vec<Expr>),
    /// A function over the rows of a subform field, with an optional row filter.
    Aggregate {
        /// Which function.
        func: AggFunc,
        /// The subform field.
        rows: FieldIx,
        /// Evaluated on each row.
        filter: Option<Box<Expr>>,
    },
    /// The option ids of every arm whose condition holds, in arm order.
    Collect(Vec<(Expr, Expr)>),
    /// First arm whose condition holds; else `otherwise`; else empty.
    Case {
        /// Conditions and values.
        arms: Vec<(Expr, Expr)>,
        /// The value when no arm holds.
        otherwise: Option<Box<Expr>>,
    },
}

impl AggFunc {
    /// The name the function is called by in `.gbv`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            AggFunc::Count => "count",
            AggFunc::Any => "any",
            AggFunc::All => "all",
            AggFunc::First => "first",
        }
    }

    /// The function called `name`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<AggFunc> {
        [AggFunc::Count, AggFunc::Any, AggFunc::All, AggFunc::First]
            .into_iter()
            .find(|f| f.name() == name)
    }
}

impl Expr {
    /// Every field this expression reads, in order of appearance.
    #[must_use]
    pub fn fields(&self) -> Vec<FieldIx> {
        let mut out = Vec::new();
        self.visit_fields(&mut |f| out.push(f));
        out
    }

    /// Calls `f` on this expression and every expression inside it, outermost first.
    pub fn walk(&self, f: &mut impl FnMut(&Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Lit(_) | ExprKind::Field(_) => {}
            ExprKind::Member(x, _)
            | ExprKind::Not(x)
            | ExprKind::Neg(x)
            | ExprKind::IsEmpty(x, _)
            | ExprKind::Contains(x, _) => x.walk(f),
            ExprKind::Binary(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            ExprKind::In(x, list, _) => {
                x.walk(f);
                list.iter().for_each(|e| e.walk(f));
            }
            ExprKind::Call(_, args) => args.iter().for_each(|e| e.walk(f)),
            ExprKind::Aggregate { filter, .. } => {
                if let Some(x) = filter {
                    x.walk(f);
                }
            }
            ExprKind::Collect(arms) => arms.iter().for_each(|(c, v)| {
                c.walk(f);
                v.walk(f);
            }),
            ExprKind::Case { arms, otherwise } => {
                arms.iter().for_each(|(c, v)| {
                    c.walk(f);
                    v.walk(f);
                });
                if let Some(x) = otherwise {
                    x.walk(f);
                }
            }
        }
    }

    fn visit_fields(&self, f: &mut impl FnMut(FieldIx)) {
        match &self.kind {
            ExprKind::Lit(_) => {}
            ExprKind::Field(ix) => f(*ix),
            ExprKind::Member(base, ix) => {
                base.visit_fields(f);
                f(*ix);
            }
            ExprKind::Not(x)
            | ExprKind::Neg(x)
            | ExprKind::IsEmpty(x, _)
            | ExprKind::Contains(x, _) => {
                x.visit_fields(f);
            }
            ExprKind::Binary(_, a, b) => {
                a.visit_fields(f);
                b.visit_fields(f);
            }
            ExprKind::In(x, list, _) => {
                x.visit_fields(f);
                list.iter().for_each(|e| e.visit_fields(f));
            }
            ExprKind::Call(_, args) => args.iter().for_each(|e| e.visit_fields(f)),
            ExprKind::Aggregate { rows, filter, .. } => {
                f(*rows);
                if let Some(x) = filter {
                    x.visit_fields(f);
                }
            }
            ExprKind::Collect(arms) => {
                for (c, v) in arms {
                    c.visit_fields(f);
                    v.visit_fields(f);
                }
            }
            ExprKind::Case { arms, otherwise } => {
                for (c, v) in arms {
                    c.visit_fields(f);
                    v.visit_fields(f);
                }
                if let Some(x) = otherwise {
                    x.visit_fields(f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gbvims_dsl::vocab::FUNCTIONS;

    #[test]
    fn every_function_of_the_table_is_a_func_or_an_aggregate() {
        for f in FUNCTIONS {
            let known = f.name == "date"
                || Func::from_name(f.name).is_some()
                || AggFunc::from_name(f.name).is_some();
            assert!(known, "`{}` has no model function", f.name);
        }
        for f in Func::ALL {
            assert!(
                FUNCTIONS.iter().any(|g| g.name == f.name()),
                "`{}` is not in the table",
                f.name()
            );
        }
        assert_eq!(Func::Label.kind(), FuncKind::IrCell);
        assert_eq!(Func::Coalesce.kind(), FuncKind::Form);
    }
}
