//! Primero's display conditions and calculations read back as gbvims expressions: the reverse of
//! the Primero target's `conditions.rs`.
//!
//! - A condition (`eq`, `in`, `gt`, `ge`, `lt`, `le`, `and`, `or`, `not`; the legacy list form
//!   `[{field: value}, …]`; a `disabled: true` condition is none) is parsed into the target's own
//!   [`Cond`], over Primero's field names and stored option ids ([`parse`]).
//! - The guards the target adds are removed ([`unguard`]): where a conjunction holds a
//!   comparison on a field that has its own condition, and that condition's items come before it
//!   in the same conjunction, they are the guard — gbvims reads a hidden question as empty, so
//!   the comparison alone says the same.
//! - What is left becomes a gbvims expression in the model's ids ([`natural`]), in the natural
//!   form where it means the same under `compiler::eval` on every answer of the field (an `in`
//!   of every other option of a single choice is `!=`, an `in` of every option is `is not empty`,
//!   `lt v or gt v` on a number or a date is `!= v`), in the faithful form otherwise. A field or
//!   an option the configuration does not have, a comparison Primero and gbvims read differently
//!   (`eq false` on a yes/no list, a whole multi-select), and a malformed condition are refused
//!   with the reason (W0017): nothing is written for them.
//! - A calculation's `sum`/`avg` over number fields becomes `sum(…)`/`avg(…)` ([`calculation`]);
//!   gbvims skips an empty answer where Primero counts it as 0, which the report notes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use gbvims_compiler::model::Date;
use gbvims_dsl::escape;
use gbvims_targets::primero::conditions::{CmpOp, Cond};
use serde_json::Value as Json;

mod calculation;
mod parse;

pub use calculation::{calculation, Calculation};
pub use parse::parse;

/// What a field holds, as a condition reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A choice on a list of options, `(stored id, option id)` in the list's order.
    Select {
        /// Several options may be chosen.
        multi: bool,
        /// The options.
        options: Vec<(String, String)>,
    },
    /// A tick box (`true`/`false`).
    TickBox,
    /// A whole number.
    Integer,
    /// A date.
    Date,
    /// Free text.
    Text,
    /// Anything else (date and time, locations, users, uploads, subforms): its Primero type.
    Other(String),
}

/// A field a condition may read, by its Primero name.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Its id in the overlay (the model's id).
    pub id: String,
    /// What it holds.
    pub kind: Kind,
    /// Its own display condition, as Primero has it (the guard of the fields that read it).
    pub condition: Option<Cond>,
}

/// The fields a condition may read, by their Primero names.
pub type Fields = BTreeMap<String, Field>;

/// Why a condition or a calculation is not read back.
pub type Reason = String;

/// Nesting a condition may have (a hostile file never exhausts the stack).
const MAX_DEPTH: usize = 64;

/// The field a comparison (or an `or` of comparisons, as `!=` and "has an answer" are written)
/// reads.
fn single_field(c: &Cond) -> Option<&str> {
    match c {
        Cond::Cmp(_, f, _) | Cond::In(f, _) => Some(f),
        Cond::Or(items) => {
            let first = single_field(items.first()?)?;
            items
                .iter()
                .all(|i| {
                    matches!(i, Cond::Cmp(..) | Cond::In(..)) && single_field(i) == Some(first)
                })
                .then_some(first)
        }
        _ => None,
    }
}

/// The items of a guard: a conjunction's, or the condition itself.
fn items(c: &Cond) -> Vec<&Cond> {
    match c {
        Cond::And(v) => v.iter().collect(),
        c => vec![c],
    }
}

/// `c` without the guards the Primero target adds (see the module doc), and the fields it
/// reads that have a condition of their own it does not state (gbvims reads them as empty when
/// hidden, Primero reads their stored answer: a difference for stale answers, noted).
pub fn unguard(c: &Cond, fields: &Fields) -> (Cond, BTreeSet<String>) {
    let mut read = BTreeSet::new();
    let mut guarded = BTreeSet::new();
    let out = strip(c, fields, &mut read, &mut guarded, 0);
    (out, read.difference(&guarded).cloned().collect())
}

fn strip(
    c: &Cond,
    fields: &Fields,
    read: &mut BTreeSet<String>,
    guarded: &mut BTreeSet<String>,
    depth: usize,
) -> Cond {
    if depth > MAX_DEPTH {
        return c.clone();
    }
    match c {
        Cond::Cmp(_, f, _) | Cond::In(f, _) => {
            if fields.get(f).is_some_and(|x| x.condition.is_some()) {
                read.insert(f.clone());
            }
            c.clone()
        }
        Cond::Not(x) => Cond::Not(Box::new(strip(x, fields, read, guarded, depth + 1))),
        Cond::Or(v) => Cond::Or(
            v.iter()
                .map(|x| strip(x, fields, read, guarded, depth + 1))
                .collect(),
        ),
        Cond::And(v) => {
            let mut removed = vec![false; v.len()];
            for (i, item) in v.iter().enumerate() {
                let Some(f) = single_field(item) else {
                    continue;
                };
                let Some(guard) = fields.get(f).and_then(|x| x.condition.as_ref()) else {
                    continue;
                };
                let at: Option<Vec<usize>> = items(guard)
                    .into_iter()
                    .map(|g| v[..i].iter().position(|x| x == g))
                    .collect();
                if let Some(at) = at {
                    guarded.insert(f.to_string());
                    for j in at {
                        removed[j] = true;
                    }
                }
            }
            let mut kept: Vec<Cond> = v
                .iter()
                .zip(&removed)
                .filter(|(_, r)| !**r)
                .map(|(x, _)| strip(x, fields, read, guarded, depth + 1))
                .collect();
            if kept.len() == 1 {
                kept.pop().unwrap_or(Cond::And(Vec::new()))
            } else {
                Cond::And(kept)
            }
        }
    }
}

/// A constant of a gbvims expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    /// An option id (`"rape"`).
    Option(String),
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// `date("2024-01-31")`.
    Date(String),
    /// A text.
    Text(String),
}

impl fmt::Display for Lit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lit::Option(s) | Lit::Text(s) => write!(f, "\"{}\"", escape(s)),
            Lit::Bool(b) => write!(f, "{b}"),
            Lit::Int(n) => write!(f, "{n}"),
            Lit::Date(d) => write!(f, "date(\"{d}\")"),
        }
    }
}

/// A gbvims condition, over the model's ids.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `f = v`, `f != v`, `f < v`, …
    Cmp(&'static str, String, Lit),
    /// `f in [..]` / `f not in [..]`.
    In(String, Vec<Lit>, bool),
    /// `f contains "o"`.
    Contains(String, Lit),
    /// `f is empty` (`false`) / `f is not empty` (`true`).
    Answered(String, bool),
    /// `a and b and …`
    And(Vec<Expr>),
    /// `a or b or …`
    Or(Vec<Expr>),
    /// `not (…)`
    Not(Box<Expr>),
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Cmp(op, x, v) => write!(f, "{x} {op} {v}"),
            Expr::In(x, values, negated) => {
                let list: Vec<String> = values.iter().map(ToString::to_string).collect();
                let op = if *negated { "not in" } else { "in" };
                write!(f, "{x} {op} [{}]", list.join(", "))
            }
            Expr::Contains(x, v) => write!(f, "{x} contains {v}"),
            Expr::Answered(x, true) => write!(f, "{x} is not empty"),
            Expr::Answered(x, false) => write!(f, "{x} is empty"),
            Expr::And(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        Expr::Or(_) => format!("({i})"),
                        i => i.to_string(),
                    })
                    .collect();
                write!(f, "{}", parts.join(" and "))
            }
            Expr::Or(items) => {
                let parts: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "{}", parts.join(" or "))
            }
            Expr::Not(x) => write!(f, "not ({x})"),
        }
    }
}

/// What a condition reads back as.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The gbvims condition.
    pub expr: Expr,
    /// Fields it reads that have a condition of their own it does not state (see [`unguard`]).
    pub unguarded: BTreeSet<String>,
}

/// A Primero condition as a gbvims condition: guards removed, then in its natural form.
///
/// # Errors
/// Why it is not read back (W0017).
pub fn read(c: &Cond, fields: &Fields) -> Result<Reading, Reason> {
    let (c, unguarded) = unguard(c, fields);
    let expr = natural(&c, fields, 0)?;
    let unguarded = unguarded
        .into_iter()
        .filter_map(|n| fields.get(&n).map(|f| f.id.clone()))
        .collect();
    Ok(Reading { expr, unguarded })
}

fn field<'f>(fields: &'f Fields, name: &str) -> Result<&'f Field, Reason> {
    fields.get(name).ok_or_else(|| {
        format!("its condition reads `{name}`, which is not a field here (of the record, or of the subform's rows)")
    })
}

/// The gbvims form of a condition without guards.
///
/// # Errors
/// Why it is not read back.
pub fn natural(c: &Cond, fields: &Fields, depth: usize) -> Result<Expr, Reason> {
    if depth > MAX_DEPTH {
        return Err("its condition nests too deeply".into());
    }
    match c {
        Cond::And(items) => {
            let mut out = items
                .iter()
                .map(|i| natural(i, fields, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if out.len() == 1 {
                out.remove(0)
            } else {
                Expr::And(out)
            })
        }
        Cond::Or(items) => or(items, fields, depth),
        Cond::Not(x) => Ok(match natural(x, fields, depth + 1)? {
            Expr::Answered(f, answered) => Expr::Answered(f, !answered),
            e => Expr::Not(Box::new(e)),
        }),
        Cond::Cmp(op, name, v) => compare(*op, name, v, fields),
        Cond::In(name, values) => within(name, values, fields),
    }
}

/// `or` items: `lt v, gt v` on one number or date is `!= v`, `lt v, ge v` is "has an answer",
/// and `in [o]` over every option of a multi-select in order is "has an answer".
fn or(items: &[Cond], fields: &Fields, depth: usize) -> Result<Expr, Reason> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if let (
            Some(Cond::Cmp(CmpOp::Lt, a, v)),
            Some(Cond::Cmp(op @ (CmpOp::Gt | CmpOp::Ge), b, w)),
        ) = (items.get(i), items.get(i + 1))
        {
            let f = field(fields, a)?;
            if a == b && v == w && matches!(f.kind, Kind::Integer | Kind::Date) {
                out.push(if *op == CmpOp::Gt {
                    Expr::Cmp("!=", f.id.clone(), value(f, a, v)?)
                } else {
                    value(f, a, v)?;
                    Expr::Answered(f.id.clone(), true)
                });
                i += 2;
                continue;
            }
        }
        if let Some(Cond::In(name, _)) = items.get(i) {
            let f = field(fields, name)?;
            if let Kind::Select {
                multi: true,
                options,
            } = &f.kind
            {
                let run = items[i..].iter().take(options.len());
                let every = run.len() == options.len()
                    && run.zip(options).all(|(c, (stored, _))| {
                        matches!(c, Cond::In(n, v) if n == name && v.len() == 1 && v[0] == Json::String(stored.clone()))
                    });
                if every && !options.is_empty() {
                    out.push(Expr::Answered(f.id.clone(), true));
                    i += options.len();
                    continue;
                }
            }
        }
        out.push(natural(&items[i], fields, depth + 1)?);
        i += 1;
    }
    Ok(if out.len() == 1 {
        out.remove(0)
    } else {
        Expr::Or(out)
    })
}

/// The option of `f`'s list stored as `v`.
fn option(f: &Field, name: &str, options: &[(String, String)], v: &Json) -> Result<Lit, Reason> {
    let Json::String(s) = v else {
        return Err(format!(
            "its condition compares the choice `{name}` with `{v}`, which is not an option id (Primero compares it with the text stored, and never finds it)"
        ));
    };
    options
        .iter()
        .find(|(stored, _)| stored == s)
        .map(|(_, id)| Lit::Option(id.clone()))
        .ok_or_else(|| {
            format!(
                "its condition compares `{name}` with `{s}`, which is not an option of the list of `{}`",
                f.id
            )
        })
}

/// A constant compared with `f` (named `name` in Primero).
fn value(f: &Field, name: &str, v: &Json) -> Result<Lit, Reason> {
    match (&f.kind, v) {
        (Kind::Select { options, .. }, v) => option(f, name, options, v),
        (Kind::TickBox, Json::Bool(b)) => Ok(Lit::Bool(*b)),
        (Kind::Integer, Json::Number(n)) => n.as_i64().map(Lit::Int).ok_or_else(|| {
            format!("its condition compares the whole number `{name}` with `{n}`, which is not a whole number")
        }),
        (Kind::Date, Json::String(s)) if Date::parse_iso(s).is_some() => Ok(Lit::Date(s.clone())),
        (Kind::Text, Json::String(s)) => Ok(Lit::Text(s.clone())),
        (Kind::Other(t), _) => Err(format!(
            "its condition reads `{name}`, a `{t}` field, which the importer does not read back (gbvims compares such fields differently, or not at all)"
        )),
        (kind, v) => Err(format!(
            "its condition compares `{name}` ({}) with `{v}`, which Primero never finds equal to what the field stores",
            describe(kind)
        )),
    }
}

fn describe(kind: &Kind) -> &'static str {
    match kind {
        Kind::Select { multi: true, .. } => "a multi-select",
        Kind::Select { .. } => "a choice",
        Kind::TickBox => "a tick box",
        Kind::Integer => "a whole number",
        Kind::Date => "a date",
        Kind::Text => "a text",
        Kind::Other(_) => "a field of another type",
    }
}

fn compare(op: CmpOp, name: &str, v: &Json, fields: &Fields) -> Result<Expr, Reason> {
    let f = field(fields, name)?;
    let id = f.id.clone();
    if op == CmpOp::Eq {
        if let Json::Array(_) = v {
            return Err(format!(
                "its `eq` compares `{name}` with a whole list of answers, which gbvims cannot state (write `contains` tests)"
            ));
        }
        if v == &Json::Bool(false) {
            // Primero's `eq false` also holds for a missing answer.
            return match f.kind {
                Kind::TickBox => Ok(Expr::Not(Box::new(Expr::Cmp(
                    "=",
                    id,
                    Lit::Bool(true),
                )))),
                _ => Err(format!(
                    "its `eq` compares `{name}` ({}) with the value `false`, which Primero holds only for an unanswered question (the field stores no `false`): write `{id} is empty` or a comparison with an option by hand",
                    describe(&f.kind)
                )),
            };
        }
    }
    match (&f.kind, op) {
        (Kind::Select { multi: true, .. }, _) => Err(format!(
            "its condition compares the multi-select `{name}` as a whole with `{v}`, which Primero never finds equal (write `contains` tests)"
        )),
        (Kind::Integer | Kind::Date, _) => {
            let sym = match op {
                CmpOp::Eq => "=",
                CmpOp::Lt => "<",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Ge => ">=",
            };
            Ok(Expr::Cmp(sym, id, value(f, name, v)?))
        }
        (_, CmpOp::Eq) => Ok(Expr::Cmp("=", id, value(f, name, v)?)),
        (kind, _) => Err(format!(
            "its condition orders `{name}` ({}) with `{}`, which gbvims does only for numbers and dates",
            describe(kind),
            op.key()
        )),
    }
}

fn within(name: &str, values: &[Json], fields: &Fields) -> Result<Expr, Reason> {
    let f = field(fields, name)?;
    let id = f.id.clone();
    let lits = values
        .iter()
        .map(|v| value(f, name, v))
        .collect::<Result<Vec<_>, _>>()?;
    match &f.kind {
        Kind::Select {
            multi: true,
            options: _,
        } => {
            // Primero's `in` on a multi-select holds when every listed option is chosen.
            let mut all: Vec<Expr> = lits
                .into_iter()
                .map(|l| Expr::Contains(id.clone(), l))
                .collect();
            Ok(if all.len() == 1 {
                all.remove(0)
            } else {
                Expr::And(all)
            })
        }
        Kind::Select { options, .. } => {
            let ids: Vec<Lit> = options
                .iter()
                .map(|(_, o)| Lit::Option(o.clone()))
                .collect();
            let others: Vec<Lit> = ids.iter().filter(|o| !lits.contains(o)).cloned().collect();
            let in_order = ids.iter().filter(|o| lits.contains(o)).eq(lits.iter());
            Ok(match (lits.as_slice(), others.as_slice()) {
                _ if lits == ids => Expr::Answered(id, true),
                // `x = "false"` is written `in` (Primero's `eq false` holds for a missing answer).
                ([one], _) if values[0] == Json::String("false".into()) => {
                    Expr::Cmp("=", id, one.clone())
                }
                (_, [other]) if in_order => Expr::Cmp("!=", id, other.clone()),
                (_, others) if in_order && others.len() < lits.len() => {
                    Expr::In(id, others.to_vec(), true)
                }
                _ => Expr::In(id, lits, false),
            })
        }
        Kind::TickBox => Ok(match lits.as_slice() {
            [Lit::Bool(true), Lit::Bool(false)] => Expr::Answered(id, true),
            [Lit::Bool(false)] => Expr::Cmp("=", id, Lit::Bool(false)),
            [Lit::Bool(true)] => Expr::Cmp("!=", id, Lit::Bool(false)),
            _ => Expr::In(id, lits, false),
        }),
        _ => Ok(Expr::In(id, lits, false)),
    }
}

/// Whether two conditions of the same field say the same, once read back: compared in the
/// gbvims form, so the lists a country extended or cut (`!=` on another list of options) and
/// stored ids do not make them differ.
#[must_use]
pub fn same(a: &Result<Reading, Reason>, b: &Result<Reading, Reason>) -> bool {
    matches!((a, b), (Ok(x), Ok(y)) if x.expr == y.expr)
}

#[cfg(test)]
mod tests;
