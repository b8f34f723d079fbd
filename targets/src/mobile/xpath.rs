//! Expressions as ODK XPath, with the meaning `compiler::eval` gives them.
//!
//! The translation is written in XLSForm's notation: a field of the record (or of the current
//! row, from a bind inside a repeat) is `${name}`, which pyxform and our XForm writer resolve to
//! a path; inside a row filter (`count(rows[…])`) the row's fields are bare names, relative to the
//! row. Three rules of the language differ from XPath's and are written out every time:
//!
//! - **Empty answers.** Every comparison with an empty side is false (`!=` too), arithmetic
//!   with an empty side is empty: each comparison tests both sides for emptiness first.
//! - **Hidden questions.** A field whose `show_if` does not hold reads as empty, whatever the
//!   instance still holds (engines differ on this): a read of such a field tests its relevance,
//!   kept in a hidden helper node (`_rel_<field>`, see [`rel_name`]). A field the country no
//!   longer asks (`hide field`, `hide form`) is read as `''`.
//! - **Truth.** `and`/`or`/`not` treat empty as false; a yes/no value is the text `true`.
//!
//! Values are strings (`''` is empty), numbers, or XPath booleans where a condition is
//! expected: [`Xp::value`] gives a value, [`Xp::truth`] a condition.

use std::collections::BTreeSet;

use gbvims_compiler::model::{
    AggFunc, BinOp, Expr, ExprKind, FieldIx, FieldKind, FormIx, Func, Model, Scope, Ty, Value,
};

/// Where an expression is evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctx {
    /// In a bind: fields are `${name}`.
    Node,
    /// Inside a row filter of the rows of `FormIx`: that subform's fields are bare names.
    Row(FormIx),
}

/// A form function the phone cannot compute (the Incident Recorder's cell functions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsupported(pub Func);

/// The name of the hidden node that holds whether `field` is relevant (`true`/`false`).
#[must_use]
pub fn rel_name(model: &Model, field: FieldIx) -> String {
    format!("_rel_{}", model.field(field).id)
}

/// Every field some expression of the model reads (and every subform field whose rows one
/// reads).
#[must_use]
pub fn read_fields(model: &Model) -> BTreeSet<FieldIx> {
    let mut read = BTreeSet::new();
    for f in &model.fields {
        let exprs = [
            f.show_if.as_ref(),
            f.required_if.as_ref(),
            f.constraint.as_ref().map(|c| &c.expr),
            f.calculate.as_ref(),
        ];
        for e in exprs.into_iter().flatten() {
            reads(e, &mut read);
        }
    }
    read
}

/// The fields whose reads must test relevance: among `read` ([`read_fields`]), those with a
/// `show_if`.
#[must_use]
pub fn guarded_fields(model: &Model, read: &BTreeSet<FieldIx>) -> BTreeSet<FieldIx> {
    read.iter()
        .copied()
        .filter(|fx| model.field(*fx).show_if.is_some())
        .collect()
}

/// Adds the fields `e` reads (and the subform fields whose rows it reads) to `out`.
pub fn reads(e: &Expr, out: &mut BTreeSet<FieldIx>) {
    match &e.kind {
        ExprKind::Lit(_) => {}
        ExprKind::Field(fx) => {
            out.insert(*fx);
        }
        ExprKind::Member(b, fx) => {
            out.insert(*fx);
            reads(b, out);
        }
        ExprKind::Not(x)
        | ExprKind::Neg(x)
        | ExprKind::IsEmpty(x, _)
        | ExprKind::Contains(x, _) => {
            reads(x, out);
        }
        ExprKind::Binary(_, a, b) => {
            reads(a, out);
            reads(b, out);
        }
        ExprKind::In(x, items, _) => {
            reads(x, out);
            items.iter().for_each(|i| reads(i, out));
        }
        ExprKind::Call(_, args) => args.iter().for_each(|a| reads(a, out)),
        ExprKind::Aggregate { rows, filter, .. } => {
            out.insert(*rows);
            if let Some(f) = filter {
                reads(f, out);
            }
        }
        ExprKind::Collect(arms) => arms.iter().for_each(|(c, v)| {
            reads(c, out);
            reads(v, out);
        }),
        ExprKind::Case { arms, otherwise } => {
            arms.iter().for_each(|(c, v)| {
                reads(c, out);
                reads(v, out);
            });
            if let Some(o) = otherwise {
                reads(o, out);
            }
        }
    }
}

/// An XPath string literal (XPath 1.0 has no escapes: a text with both quote kinds is a
/// `concat`).
#[must_use]
pub fn quote(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// The translator of one model's expressions.
pub struct Xp<'m> {
    model: &'m Model,
    guarded: &'m BTreeSet<FieldIx>,
}

type R = Result<String, Unsupported>;

impl<'m> Xp<'m> {
    /// A translator; `guarded` is [`guarded_fields`] of the model.
    #[must_use]
    pub fn new(model: &'m Model, guarded: &'m BTreeSet<FieldIx>) -> Self {
        Self { model, guarded }
    }

    /// A field's own node, without a relevance test: `${name}`, or the bare name in a row
    /// filter of its subform.
    #[must_use]
    pub fn node(&self, field: FieldIx, ctx: Ctx) -> String {
        let name = self.model.stored_key(field);
        match (ctx, self.model.scope(field)) {
            (Ctx::Row(form), Scope::Row(own)) if form == own => name.to_string(),
            _ => format!("${{{name}}}"),
        }
    }

    /// The reference to a field's relevance helper node.
    fn rel_node(&self, field: FieldIx, ctx: Ctx) -> String {
        let name = rel_name(self.model, field);
        match (ctx, self.model.scope(field)) {
            (Ctx::Row(form), Scope::Row(own)) if form == own => name,
            _ => format!("${{{name}}}"),
        }
    }

    /// Reading a field: empty when it is not relevant; a date-time reads as its date.
    fn read(&self, field: FieldIx, ctx: Ctx) -> String {
        if self.model.field(field).flags.withdrawn {
            // The country no longer asks it (`hide field`, `hide form`): never relevant.
            return "''".to_string();
        }
        let raw = self.node(field, ctx);
        let raw = match self.model.field(field).kind {
            FieldKind::DateTime => format!("substr({raw}, 0, 10)"),
            _ => raw,
        };
        if self.guarded.contains(&field) {
            format!("if({} = 'true', {raw}, '')", self.rel_node(field, ctx))
        } else {
            raw
        }
    }

    /// The value of `e`: a string, a number, `''` when empty; yes/no as `'true'`/`'false'`.
    ///
    /// # Errors
    /// An Incident Recorder function (forms cannot call them; the checker refuses it).
    pub fn value(&self, e: &Expr, ctx: Ctx) -> R {
        Ok(match &e.kind {
            ExprKind::Lit(v) => literal(&self.model.stored_value(e.ty, v)),
            ExprKind::Field(fx) => self.read(*fx, ctx),
            ExprKind::Member(base, fx) => self.member(base, *fx, ctx)?,
            ExprKind::Neg(x) => {
                let v = self.value(x, ctx)?;
                match nonempty(&v).as_str() {
                    "true()" => format!("(0 - {v})"),
                    test => format!("if({test}, 0 - {v}, '')"),
                }
            }
            ExprKind::Binary(op, a, b) if is_arith(*op) => self.arith(*op, a, b, ctx)?,
            ExprKind::Call(func, args) => self.call(*func, args, ctx)?,
            ExprKind::Aggregate {
                func: AggFunc::Count,
                rows,
                filter,
            } => {
                let n = format!("count({})", self.rows(*rows, filter.as_deref(), ctx)?);
                match self.rows_guard(*rows, ctx) {
                    Some(g) => format!("if({g}, {n}, 0)"),
                    None => n,
                }
            }
            ExprKind::Collect(arms) => {
                let mut parts = Vec::new();
                for (c, v) in arms {
                    parts.push(format!(
                        "if({}, {}, '')",
                        self.truth(c, ctx)?,
                        self.value(v, ctx)?
                    ));
                }
                match parts.len() {
                    0 => "''".to_string(),
                    _ => format!("normalize-space(concat({}, ''))", parts.join(", ' ', ")),
                }
            }
            ExprKind::Case { arms, otherwise } => {
                let mut out = match otherwise {
                    Some(o) => self.value(o, ctx)?,
                    None => "''".to_string(),
                };
                for (c, v) in arms.iter().rev() {
                    out = format!(
                        "if({}, {}, {out})",
                        self.truth(c, ctx)?,
                        self.value(v, ctx)?
                    );
                }
                out
            }
            // Conditions used as values: yes/no.
            _ if e.ty == Ty::Bool => format!("if({}, 'true', 'false')", self.truth(e, ctx)?),
            _ => "''".to_string(),
        })
    }

    /// `e` as an XPath condition: true only when `e` is yes.
    ///
    /// # Errors
    /// See [`Xp::value`].
    pub fn truth(&self, e: &Expr, ctx: Ctx) -> R {
        Ok(match &e.kind {
            ExprKind::Lit(Value::Bool(b)) => if *b { "true()" } else { "false()" }.to_string(),
            ExprKind::Lit(_) => "false()".to_string(),
            ExprKind::Not(x) => format!("not({})", self.truth(x, ctx)?),
            ExprKind::Binary(BinOp::And, a, b) => {
                format!("({} and {})", self.truth(a, ctx)?, self.truth(b, ctx)?)
            }
            ExprKind::Binary(BinOp::Or, a, b) => {
                format!("({} or {})", self.truth(a, ctx)?, self.truth(b, ctx)?)
            }
            ExprKind::Binary(op, a, b) if !is_arith(*op) => self.compare(*op, a, b, ctx)?,
            ExprKind::IsEmpty(x, negated) => {
                let test = self.is_empty(x, ctx)?;
                match (
                    negated,
                    test.strip_prefix("not(").and_then(|t| t.strip_suffix(')')),
                ) {
                    (true, Some(inner)) if balanced(inner) => inner.to_string(),
                    (true, _) => format!("not({test})"),
                    (false, _) => test,
                }
            }
            ExprKind::In(x, items, negated) => {
                let v = self.value(x, ctx)?;
                let mut alts = Vec::new();
                for item in items {
                    if matches!(item.kind, ExprKind::Lit(Value::Empty)) {
                        continue;
                    }
                    alts.push(self.equal(&v, x.ty, &self.value(item, ctx)?, item.ty));
                }
                let any = if alts.is_empty() {
                    "false()".to_string()
                } else {
                    format!("({})", alts.join(" or "))
                };
                let any = if *negated { format!("not{any}") } else { any };
                all_of(&[nonempty(&v), any])
            }
            ExprKind::Contains(x, id) => {
                let stored = self.model.stored_option(x.ty, id.as_str());
                format!("selected({}, {})", self.value(x, ctx)?, quote(stored))
            }
            ExprKind::Aggregate { func, rows, filter } => {
                let guard = self.rows_guard(*rows, ctx);
                let test = match func {
                    AggFunc::Any => {
                        format!("count({}) > 0", self.rows(*rows, filter.as_deref(), ctx)?)
                    }
                    AggFunc::All => {
                        let f = match filter {
                            Some(f) => {
                                format!("not({})", self.truth(f, Ctx::Row(self.sub(*rows)))?)
                            }
                            None => "false()".to_string(),
                        };
                        let all = format!("count({}[{f}]) = 0", self.node(*rows, ctx));
                        return Ok(match guard {
                            Some(g) => format!("(not({g}) or {all})"),
                            None => all,
                        });
                    }
                    AggFunc::Count | AggFunc::First => {
                        format!("{} = 'true'", self.value(e, ctx)?)
                    }
                };
                match guard {
                    Some(g) => format!("({g} and {test})"),
                    None => test,
                }
            }
            _ => format!("{} = 'true'", self.value(e, ctx)?),
        })
    }

    /// `x is empty`.
    fn is_empty(&self, x: &Expr, ctx: Ctx) -> R {
        Ok(match x.ty {
            // Conditions are never empty.
            Ty::Bool if !is_stored(x) => "false()".to_string(),
            Ty::Rows(_) => match &x.kind {
                ExprKind::Field(rows) => {
                    let n = format!("count({}) = 0", self.node(*rows, ctx));
                    match self.rows_guard(*rows, ctx) {
                        Some(g) => format!("(not({g}) or {n})"),
                        None => n,
                    }
                }
                _ => "true()".to_string(),
            },
            _ => format!("not({})", nonempty(&self.value(x, ctx)?)),
        })
    }

    /// The subform of a subform field.
    fn sub(&self, rows: FieldIx) -> FormIx {
        match self.model.field(rows).kind {
            FieldKind::Subform { form } => form,
            _ => self.model.field(rows).form,
        }
    }

    /// The relevance test of a subform field whose rows are read, when it has one.
    fn rows_guard(&self, rows: FieldIx, ctx: Ctx) -> Option<String> {
        self.guarded
            .contains(&rows)
            .then(|| format!("{} = 'true'", self.rel_node(rows, ctx)))
    }

    /// The rows of a subform field, filtered.
    fn rows(&self, rows: FieldIx, filter: Option<&Expr>, ctx: Ctx) -> R {
        let node = self.node(rows, ctx);
        Ok(match filter {
            Some(f) => format!("{node}[{}]", self.truth(f, Ctx::Row(self.sub(rows)))?),
            None => node,
        })
    }

    /// `first(rows where …).field`.
    fn member(&self, base: &Expr, field: FieldIx, ctx: Ctx) -> R {
        let ExprKind::Aggregate {
            func: AggFunc::First,
            rows,
            filter,
        } = &base.kind
        else {
            return Ok("''".to_string());
        };
        let row_ctx = Ctx::Row(self.sub(*rows));
        // JavaRosa reads `[1]` as a condition that always holds: the position is explicit.
        let mut path = format!(
            "{}[position() = 1]",
            self.rows(*rows, filter.as_deref(), ctx)?
        );
        if self.guarded.contains(&field) {
            path = format!("{path}[{} = 'true']", self.rel_node(field, row_ctx));
        }
        let name = self.model.stored_key(field);
        let mut v = format!("string({path}/{name})");
        if matches!(self.model.field(field).kind, FieldKind::DateTime) {
            v = format!("substr({v}, 0, 10)");
        }
        Ok(match self.rows_guard(*rows, ctx) {
            Some(g) => format!("if({g}, {v}, '')"),
            None => v,
        })
    }

    fn compare(&self, op: BinOp, a: &Expr, b: &Expr, ctx: Ctx) -> R {
        let (x, y) = (self.value(a, ctx)?, self.value(b, ctx)?);
        if is_empty_lit(a) || is_empty_lit(b) {
            return Ok("false()".to_string());
        }
        let literal_side = is_text_literal(&x) || is_text_literal(&y);
        let test = match op {
            // Equal to a text that is never empty: the emptiness tests are implied.
            BinOp::Eq if literal_side && ordered(a.ty).is_none() => {
                return Ok(self.equal(&x, a.ty, &y, b.ty));
            }
            BinOp::Eq => self.equal(&x, a.ty, &y, b.ty),
            BinOp::Ne => format!("not({})", self.equal(&x, a.ty, &y, b.ty)),
            _ => {
                let sym = match op {
                    BinOp::Lt => "<",
                    BinOp::Le => "<=",
                    BinOp::Gt => ">",
                    _ => ">=",
                };
                match (ordered(a.ty), ordered(b.ty)) {
                    (Some(Order::Number), Some(Order::Number)) => {
                        format!("number({x}) {sym} number({y})")
                    }
                    (Some(Order::Date), Some(Order::Date)) => {
                        format!("{} {sym} {}", date_number(&x), date_number(&y))
                    }
                    _ => "false()".to_string(),
                }
            }
        };
        Ok(all_of(&[nonempty(&x), nonempty(&y), test]))
    }

    /// Equality of two non-empty values, by type: numbers as numbers, dates as dates, the rest
    /// as text.
    #[allow(clippy::unused_self)]
    fn equal(&self, x: &str, tx: Ty, y: &str, ty: Ty) -> String {
        match (ordered(tx), ordered(ty)) {
            (Some(Order::Number), Some(Order::Number)) => format!("number({x}) = number({y})"),
            _ => format!("{} = {}", as_string(x), as_string(y)),
        }
    }

    fn arith(&self, op: BinOp, a: &Expr, b: &Expr, ctx: Ctx) -> R {
        let (x, y) = (self.value(a, ctx)?, self.value(b, ctx)?);
        let both = format!("{} and {}", nonempty(&x), nonempty(&y));
        Ok(match op {
            BinOp::Add => format!("if({both}, number({x}) + number({y}), '')"),
            BinOp::Sub => format!("if({both}, number({x}) - number({y}), '')"),
            BinOp::Mul => format!("if({both}, number({x}) * number({y}), '')"),
            // Euclidean division, as `compiler::eval` (floor for a positive divisor): the
            // remainder made non-negative, then an exact division (JavaRosa has no `floor`).
            _ => {
                let abs = format!("if(number({y}) < 0, 0 - number({y}), number({y}))");
                let rem = format!("((number({x}) mod number({y})) + {abs}) mod {abs}");
                format!(
                    "if({both} and number({y}) != 0, (number({x}) - ({rem})) div number({y}), '')"
                )
            }
        })
    }

    fn call(&self, func: Func, args: &[Expr], ctx: Ctx) -> R {
        let vals = args
            .iter()
            .map(|a| self.value(a, ctx))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(match (func, vals.as_slice()) {
            (Func::Today, _) => "format-date(today(), '%Y-%m-%d')".to_string(),
            (Func::DaysBetween, [a, b]) => format!(
                "if({} and {}, date({b}) - date({a}), '')",
                nonempty(a),
                nonempty(b)
            ),
            (Func::YearsBetween, [a, b]) => format!(
                "if({} and {}, number(substr({b}, 0, 4)) - number(substr({a}, 0, 4)) - if({} < {}, 1, 0), '')",
                nonempty(a),
                nonempty(b),
                month_day(b),
                month_day(a)
            ),
            (Func::Coalesce, vals) => {
                let mut out = "''".to_string();
                for v in vals.iter().rev() {
                    out = format!("if({}, {v}, {out})", nonempty(v));
                }
                out
            }
            (Func::Length, [t]) => format!("if({}, string-length({t}), '')", nonempty(t)),
            (Func::Sum | Func::Avg, vals) if !vals.is_empty() => numbers(func, vals),
            (f, _) => return Err(Unsupported(f)),
        })
    }
}

/// `sum` and `avg` as `compiler::eval` defines them: empty answers are skipped (neither added
/// nor counted); none given is empty; `avg` is rounded down, by the exact division of the total
/// less its non-negative remainder (JavaRosa has no `floor`).
fn numbers(func: Func, vals: &[String]) -> String {
    let given: Vec<String> = vals.iter().map(|v| nonempty(v)).collect();
    let any = given.join(" or ");
    let total = vals
        .iter()
        .zip(&given)
        .map(|(v, g)| {
            if g == "true()" {
                format!("number({v})")
            } else {
                format!("if({g}, number({v}), 0)")
            }
        })
        .collect::<Vec<_>>()
        .join(" + ");
    let value = if func == Func::Avg {
        let count = given
            .iter()
            .map(|g| {
                if g == "true()" {
                    "1".to_string()
                } else {
                    format!("if({g}, 1, 0)")
                }
            })
            .collect::<Vec<_>>()
            .join(" + ");
        format!("(({total}) - ((({total}) mod ({count})) + ({count})) mod ({count})) div ({count})")
    } else {
        format!("({total})")
    };
    if given.iter().any(|g| g == "true()") {
        value
    } else {
        format!("if({any}, {value}, '')")
    }
}

/// `v` as text (a literal is already text).
fn as_string(v: &str) -> String {
    if v.starts_with('\'') || v.starts_with('"') {
        v.to_string()
    } else {
        format!("string({v})")
    }
}

/// `v` is not empty.
fn nonempty(v: &str) -> String {
    if is_text_literal(v) {
        "true()".to_string()
    } else {
        format!("string({v}) != ''")
    }
}

/// A quoted, non-empty text or a number written out: never empty.
fn is_text_literal(v: &str) -> bool {
    let quoted = |q: char| {
        v.len() > 2 && v.starts_with(q) && v.ends_with(q) && !v[1..v.len() - 1].contains(q)
    };
    quoted('\'') || quoted('"') || (!v.is_empty() && v.parse::<i64>().is_ok())
}

/// `a and b`, leaving out conditions that always hold.
fn all_of(parts: &[String]) -> String {
    let kept: Vec<&str> = parts
        .iter()
        .map(String::as_str)
        .filter(|p| *p != "true()")
        .collect();
    match kept.len() {
        0 => "true()".to_string(),
        1 => kept[0].to_string(),
        _ => format!("({})", kept.join(" and ")),
    }
}

/// Whether the parentheses of `s` balance (so `not(s)` can be unwrapped to `s`).
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// A date value (`YYYY-MM-DD`) as a number that orders like the date (`20240301`).
fn date_number(v: &str) -> String {
    format!("number(translate({v}, '-', ''))")
}

/// Month and day of a date value as a number (`301` for 1 March).
fn month_day(v: &str) -> String {
    format!("number(concat(substr({v}, 5, 7), substr({v}, 8, 10)))")
}

enum Order {
    Number,
    Date,
}

fn ordered(ty: Ty) -> Option<Order> {
    match ty {
        Ty::Int => Some(Order::Number),
        Ty::Date | Ty::DateTime => Some(Order::Date),
        _ => None,
    }
}

fn is_arith(op: BinOp) -> bool {
    matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div)
}

fn is_empty_lit(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Lit(Value::Empty))
}

/// A yes/no expression whose value comes from storage (a field, a member, a choice of
/// values), and so may be empty.
fn is_stored(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Field(_)
            | ExprKind::Member(..)
            | ExprKind::Case { .. }
            | ExprKind::Call(Func::Coalesce, _)
    )
}

fn literal(v: &Value) -> String {
    match v {
        Value::Int(n) => n.to_string(),
        Value::Text(s) => quote(s),
        Value::Bool(b) => quote(if *b { "true" } else { "false" }),
        Value::Date(d) => quote(&d.to_string()),
        Value::Option(o) => quote(o.as_str()),
        Value::Empty => "''".to_string(),
    }
}
