//! Expressions: name resolution and type checking. A quoted literal compared with a select field
//! becomes an option id and is checked against that field's options; errors yield an `empty`
//! expression that fits anywhere, so one mistake is reported once.

use gbvims_dsl::ast::{self, AttrValue, FieldDecl, ItemKind};
use gbvims_dsl::Span;

use super::Lower;
use crate::checks::invalid_literal::InvalidLiteral;
use crate::checks::not_a_subform::NotASubform;
use crate::checks::option_not_in_lookup::OptionNotInLookup;
use crate::checks::unknown_field::{FieldScope, UnknownField};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{
    BinOp, Constraint, Expr, ExprKind, FieldIx, FormIx, LookupKind, OptionId, RecordIx, Ty, Value,
};

/// Where names are looked up: the current subform row (if any), then the record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope {
    pub row: Option<FormIx>,
    pub record: RecordIx,
}

pub(crate) fn error_expr() -> Expr {
    Expr {
        kind: ExprKind::Lit(Value::Empty),
        ty: Ty::Empty,
    }
}

/// Which code a failed coercion reports.
#[derive(Clone, Copy)]
pub(crate) enum Ctx {
    Operand,
    Calculation,
    Default,
    Column,
    /// A function argument (E0038).
    Argument,
}

impl Lower<'_> {
    /// Lowers `show_if`, `required_if`, `constraint`, `calculate` and `default` of a field.
    pub(crate) fn field_exprs(&mut self, fx: FieldIx, f: &FieldDecl) {
        let form = self.fields[fx.index()].form;
        let scope = match self.forms[form.index()].kind {
            crate::model::FormKind::Subform { .. } => Scope {
                row: Some(form),
                record: self.forms[form.index()].record,
            },
            crate::model::FormKind::TopLevel { .. } => Scope {
                row: None,
                record: self.forms[form.index()].record,
            },
        };
        let get = |key: &str| {
            f.body.iter().find_map(|i| match &i.kind {
                ItemKind::Attr(a) if a.key.node == key => Some(a),
                _ => None,
            })
        };
        let expr_of = |key: &str| match get(key).map(|a| &a.value) {
            Some(AttrValue::Expr(e)) => Some(e),
            _ => None,
        };
        if let Some(e) = expr_of("show_if") {
            let x = self.condition(e, scope, "`show_if`");
            self.fields[fx.index()].show_if = Some(x);
            self.spans.field_exprs[fx.index()].show_if = Some(e.span);
        }
        if let Some(e) = expr_of("required_if") {
            let x = self.condition(e, scope, "`required_if`");
            self.fields[fx.index()].required_if = Some(x);
            self.spans.field_exprs[fx.index()].required_if = Some(e.span);
        }
        if let Some(e) = expr_of("constraint") {
            let x = self.condition(e, scope, "`constraint`");
            let message = match get("constraint_message").map(|a| &a.value) {
                Some(AttrValue::Texts(t)) => self.texts(
                    t,
                    &format!("the constraint message of field `{}`", f.id.node),
                ),
                _ => crate::model::Texts::default(),
            };
            self.fields[fx.index()].constraint = Some(Constraint { expr: x, message });
            self.spans.field_exprs[fx.index()].constraint = Some(e.span);
        }
        self.calculation(
            fx,
            f,
            scope,
            expr_of("calculate"),
            get("calculate").map(|a| a.key.span),
        );
        if let Some(e) = expr_of("default") {
            self.default_value(fx, e, scope);
        }
    }

    fn calculation(
        &mut self,
        fx: FieldIx,
        f: &FieldDecl,
        scope: Scope,
        e: Option<&ast::Expr>,
        key: Option<Span>,
    ) {
        match (f.ty.calculated, e) {
            (true, Some(e)) => {
                let target = self.field_ty(fx);
                let x = self.expr_to(e, scope, target, Ctx::Calculation);
                self.fields[fx.index()].calculate = Some(x);
                self.spans.field_exprs[fx.index()].calculate = Some(e.span);
            }
            (true, None) => self.sink.push(
                Diagnostic::new(
                    Code::E0048,
                    f.id.span,
                    format!("the calculated field `{}` has no `calculate`", f.id.node),
                )
                .label("no calculation")
                .help("add `calculate: …` saying how the value is computed"),
            ),
            (false, Some(_)) => self.sink.push(
                Diagnostic::new(
                    Code::E0049,
                    key.unwrap_or(f.id.span),
                    format!(
                        "`{}` is filled in by people, so it cannot have a `calculate`",
                        f.id.node
                    ),
                )
                .label("calculation on an input field")
                .help(format!(
                    "write `calculated {}` as the type to compute it, or delete `calculate`",
                    f.ty.name.node
                )),
            ),
            (false, None) => {}
        }
    }

    fn default_value(&mut self, fx: FieldIx, e: &ast::Expr, scope: Scope) {
        let is_literal = matches!(
            &e.kind,
            ast::ExprKind::Int(_) | ast::ExprKind::Str(_) | ast::ExprKind::Bool(_)
        ) || matches!(&e.kind, ast::ExprKind::Call { func, .. } if func.node == "date");
        if !is_literal {
            self.sink.push(
                Diagnostic::new(Code::E0042, e.span, "a default must be a fixed value")
                    .label("not a fixed value")
                    .help("write a number, a quoted text or option id, `true`/`false`, or `date(\"2024-01-31\")`; use a calculated field for computed values"),
            );
            return;
        }
        let target = self.field_ty(fx);
        // An option the country hides: the country's `hide option` is refused (E0133), not
        // this default.
        if let (ast::ExprKind::Str(s), Ty::Option(lk) | Ty::Options(lk)) = (&e.kind, target) {
            if let Some(n) = self.hidden_option(lk, s) {
                self.hidden_defaults.push((n, e.span, fx));
                return;
            }
        }
        let x = self.expr(e, scope);
        let x = self.coerce(x, e, target, Ctx::Default);
        if let ExprKind::Lit(v) = x.kind {
            if v != Value::Empty {
                self.fields[fx.index()].default = Some(v);
            }
        }
    }

    pub(crate) fn field_ty(&self, fx: FieldIx) -> Ty {
        Ty::of_field(&self.fields[fx.index()].kind)
    }

    /// An expression that must give yes or no.
    pub(crate) fn condition(&mut self, e: &ast::Expr, scope: Scope, what: &str) -> Expr {
        let x = self.expr(e, scope);
        let literal_empty = matches!(e.kind, ast::ExprKind::Empty);
        if literal_empty || !matches!(x.ty, Ty::Bool | Ty::Empty) {
            let ty = self.describe(x.ty);
            self.sink.push(
                Diagnostic::new(
                    Code::E0037,
                    e.span,
                    format!("{what} must give yes or no, but this gives {ty}"),
                )
                .label("not yes or no")
                .help(
                    "compare it with something, like `age < 18` or `consent_reporting = \"true\"`",
                ),
            );
            return error_expr();
        }
        x
    }

    fn form_name(&self, f: FormIx) -> String {
        self.forms
            .get(f.index())
            .map_or_else(|| "?".to_string(), |form| form.id.to_string())
    }

    /// Describes a type for messages.
    pub(crate) fn describe(&self, ty: Ty) -> String {
        match ty {
            Ty::Option(l) | Ty::Options(l) => {
                let list = match &self.lookups[l.index()].kind {
                    LookupKind::Named(id) => format!("`{id}`"),
                    LookupKind::Inline(f) => format!("the list of field `{f}`"),
                };
                if matches!(ty, Ty::Option(_)) {
                    format!("an option of {list}")
                } else {
                    format!("a list of options of {list}")
                }
            }
            Ty::Int => "a number".into(),
            Ty::Bool => "yes/no".into(),
            Ty::Text => "text".into(),
            Ty::Date => "a date".into(),
            Ty::DateTime => "a date and time".into(),
            Ty::Rows(f) => format!("the rows of subform `{}`", self.form_name(f)),
            Ty::Row(f) => format!("one row of subform `{}`", self.form_name(f)),
            Ty::Attachment => "an attachment".into(),
            Ty::Nothing => "no value (a heading)".into(),
            Ty::Empty => "no value".into(),
            Ty::User => "a user".into(),
            Ty::Users => "a list of users".into(),
            Ty::Agency => "an agency".into(),
            Ty::Location => "a location".into(),
            Ty::Cell => "a cell (text, a number or a date)".into(),
        }
    }

    /// A number literal (`negated`: written after a minus sign), which must fit a record.
    fn int_literal(&mut self, n: i64, span: Span, negated: bool) -> Expr {
        if !InvalidLiteral::number_fits(n, negated) {
            let number = if negated {
                format!("-{n}")
            } else {
                n.to_string()
            };
            self.sink.push(
                InvalidLiteral::NumberOutOfRange {
                    number: &number,
                    span,
                    too_small: negated,
                }
                .diagnostic(),
            );
            return error_expr();
        }
        lit(Value::Int(n), Ty::Int)
    }

    /// Lowers an expression, inferring its type.
    pub(crate) fn expr(&mut self, e: &ast::Expr, scope: Scope) -> Expr {
        use ast::ExprKind as A;
        match &e.kind {
            A::Int(n) => self.int_literal(*n, e.span, false),
            A::Str(s) => lit(Value::Text(s.clone()), Ty::Text),
            A::Bool(b) => lit(Value::Bool(*b), Ty::Bool),
            A::Empty => error_expr(),
            A::Name(n) => self.name(n, e.span, scope),
            A::Member(base, name) => self.member(base, name, scope),
            A::Call { func, args } => self.call(func, args, e.span, scope),
            A::Unary(ast::UnOp::Not, x) => {
                let x = self.condition(x, scope, "the operand of `not`");
                Expr {
                    kind: ExprKind::Not(Box::new(x)),
                    ty: Ty::Bool,
                }
            }
            A::Unary(ast::UnOp::Neg, x) => {
                let lx = match &x.kind {
                    A::Int(n) => self.int_literal(*n, e.span, true),
                    _ => self.expr(x, scope),
                };
                let lx = self.numeric(lx, x, "-");
                Expr {
                    kind: ExprKind::Neg(Box::new(lx)),
                    ty: Ty::Int,
                }
            }
            A::Binary(op, l, r) => self.binary(*op, l, r, scope),
            A::IsEmpty { expr, negated } => {
                let x = self.expr(expr, scope);
                if x.ty == Ty::Nothing {
                    self.no_value(expr);
                }
                Expr {
                    kind: ExprKind::IsEmpty(Box::new(x), *negated),
                    ty: Ty::Bool,
                }
            }
            A::In {
                expr,
                list,
                negated,
            } => self.in_list(expr, list, *negated, scope),
            A::List(_) => {
                self.sink.push(
                    Diagnostic::new(Code::E0040, e.span, "a list can only follow `in`")
                        .label("list out of place")
                        .help("write `field in [\"a\", \"b\"]`"),
                );
                error_expr()
            }
            A::Case { arms, otherwise } => self.case(arms, otherwise.as_deref(), scope, None),
            A::Collect(arms) => self.collect(arms, scope, None, e.span),
        }
    }

    /// `collect { when c then "id" … }`: a multi-select value; the option list comes from the
    /// field it is computed for.
    fn collect(
        &mut self,
        arms: &[(ast::Expr, ast::Expr)],
        scope: Scope,
        want: Option<(Ty, Ctx)>,
        span: Span,
    ) -> Expr {
        let Some((Ty::Options(lookup), ctx)) = want else {
            self.sink.push(
                Diagnostic::new(Code::E0039, span, "`collect` builds a list of options, so it must be the calculation of a `select_many` field")
                    .label("no option list to collect from")
                    .help("write it as `calculate:` of a `calculated select_many <lookup>` field"),
            );
            return error_expr();
        };
        let arms = arms
            .iter()
            .map(|(c, v)| {
                let c = self.condition(c, scope, "a `when` condition");
                let v = self.expr_to(v, scope, Ty::Option(lookup), ctx);
                (c, v)
            })
            .collect();
        Expr {
            kind: ExprKind::Collect(arms),
            ty: Ty::Options(lookup),
        }
    }

    /// Lowers an expression that must have type `target` (checking `case` arms one by one).
    pub(crate) fn expr_to(&mut self, e: &ast::Expr, scope: Scope, target: Ty, ctx: Ctx) -> Expr {
        if let ast::ExprKind::Case { arms, otherwise } = &e.kind {
            return self.case(arms, otherwise.as_deref(), scope, Some((target, ctx)));
        }
        if let ast::ExprKind::Collect(arms) = &e.kind {
            return self.collect(arms, scope, Some((target, ctx)), e.span);
        }
        let x = self.expr(e, scope);
        self.coerce(x, e, target, ctx)
    }

    fn name(&mut self, n: &str, span: Span, scope: Scope) -> Expr {
        let row_hit = scope
            .row
            .and_then(|f| self.form_scope.get(&f))
            .and_then(|s| s.get(n))
            .copied();
        let hit = row_hit.or_else(|| {
            self.record_scope
                .get(scope.record.index())
                .and_then(|s| s.get(n))
                .copied()
        });
        let Some(fx) = hit else {
            let mut names: Vec<String> = scope
                .row
                .and_then(|f| self.form_scope.get(&f))
                .map(|s| s.keys().cloned().collect())
                .unwrap_or_default();
            if let Some(s) = self.record_scope.get(scope.record.index()) {
                names.extend(s.keys().cloned());
            }
            self.sink.push(
                UnknownField {
                    name: n,
                    span,
                    candidates: names.iter().map(String::as_str).collect(),
                    scope: FieldScope::Expression {
                        in_row: scope.row.is_some(),
                    },
                }
                .diagnostic(),
            );
            return error_expr();
        };
        if self.poisoned.contains(&fx) {
            return error_expr();
        }
        Expr {
            kind: ExprKind::Field(fx),
            ty: self.field_ty(fx),
        }
    }

    fn member(&mut self, base: &ast::Expr, name: &ast::Name, scope: Scope) -> Expr {
        let b = self.expr(base, scope);
        let Ty::Row(form) = b.ty else {
            if b.ty != Ty::Empty {
                let ty = self.describe(b.ty);
                self.sink.push(
                    NotASubform::Member {
                        field: &name.node,
                        found: &ty,
                        span: base.span,
                    }
                    .diagnostic(),
                );
            }
            return error_expr();
        };
        match self.subform_field(form, name) {
            Some(fx) => Expr {
                kind: ExprKind::Member(Box::new(b), fx),
                ty: self.field_ty(fx),
            },
            None => error_expr(),
        }
    }

    /// A field of a subform by name, or E0011 with the subform's field names as suggestions.
    pub(crate) fn subform_field(&mut self, form: FormIx, name: &ast::Name) -> Option<FieldIx> {
        let scope = self.form_scope.get(&form);
        if let Some(fx) = scope.and_then(|s| s.get(&name.node)).copied() {
            return Some(fx);
        }
        let names: Vec<String> = scope
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
        let sub = self.form_name(form);
        self.sink.push(
            UnknownField {
                name: &name.node,
                span: name.span,
                candidates: names.iter().map(String::as_str).collect(),
                scope: FieldScope::Subform { subform: &sub },
            }
            .diagnostic(),
        );
        None
    }

    fn numeric(&mut self, x: Expr, at: &ast::Expr, op: &str) -> Expr {
        if matches!(x.ty, Ty::Int | Ty::Empty) {
            return x;
        }
        let ty = self.describe(x.ty);
        self.sink.push(
            Diagnostic::new(Code::E0040, at.span, format!("`{op}` works on numbers, but this is {ty}"))
                .label("not a number")
                .help("arithmetic applies to integer fields and numbers; use days_between or years_between for dates"),
        );
        error_expr()
    }

    fn no_value(&mut self, at: &ast::Expr) {
        self.sink.push(
            Diagnostic::new(
                Code::E0040,
                at.span,
                "a separator is a heading and has no value",
            )
            .label("no value")
            .help("refer to a field that holds an answer"),
        );
    }

    fn binary(&mut self, op: ast::BinOp, l: &ast::Expr, r: &ast::Expr, scope: Scope) -> Expr {
        use ast::BinOp as B;
        match op {
            B::And | B::Or => {
                let word = op.symbol();
                let a = self.condition(l, scope, &format!("each side of `{word}`"));
                let b = self.condition(r, scope, &format!("each side of `{word}`"));
                let op = if op == B::And { BinOp::And } else { BinOp::Or };
                bool_expr(ExprKind::Binary(op, Box::new(a), Box::new(b)))
            }
            B::Add | B::Sub | B::Mul | B::Div => {
                let a = self.expr(l, scope);
                let a = self.numeric(a, l, op.symbol());
                let b = self.expr(r, scope);
                let b = self.numeric(b, r, op.symbol());
                let op = match op {
                    B::Add => BinOp::Add,
                    B::Sub => BinOp::Sub,
                    B::Mul => BinOp::Mul,
                    _ => BinOp::Div,
                };
                Expr {
                    kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
                    ty: Ty::Int,
                }
            }
            B::Contains => self.contains(l, r, scope),
            B::Eq | B::Ne | B::Lt | B::Le | B::Gt | B::Ge => self.comparison(op, l, r, scope),
        }
    }

    fn comparison(&mut self, op: ast::BinOp, l: &ast::Expr, r: &ast::Expr, scope: Scope) -> Expr {
        use ast::BinOp as B;
        let a = self.expr(l, scope);
        let b = self.expr(r, scope);
        // A side that cannot be compared at all is reported once, before any type matching.
        let uncomparable = [(&a, l), (&b, r)].into_iter().find(|(x, _)| {
            matches!(
                x.ty,
                Ty::Rows(_)
                    | Ty::Row(_)
                    | Ty::Attachment
                    | Ty::Options(_)
                    | Ty::Users
                    | Ty::Nothing
            )
        });
        if let Some((x, at)) = uncomparable {
            let ty = x.ty;
            if ty == Ty::Nothing {
                self.no_value(at);
                return error_expr();
            }
            let d = self.describe(ty);
            let name = match &at.kind {
                ast::ExprKind::Name(n) => n.clone(),
                _ => "the_field".to_string(),
            };
            let help = match ty {
                Ty::Options(_) => format!(
                    "for a multi-select, test one option with `contains`: `{name} contains \"…\"`"
                ),
                Ty::Rows(_) => format!("count the rows: `count({name}) > 0`"),
                _ => "compare a single answer instead".to_string(),
            };
            self.sink.push(
                Diagnostic::new(
                    Code::E0040,
                    at.span,
                    format!("`{}` cannot compare {d}", op.symbol()),
                )
                .label("cannot be compared")
                .help(help),
            );
            return error_expr();
        }
        // Literals take the type of the other side (`sex = "female"` → an option id).
        let (a, b) = if is_text_literal(&a) && b.ty != Ty::Text {
            let a = self.coerce(a, l, b.ty, Ctx::Operand);
            (a, b)
        } else {
            let b = self.coerce(b, r, a.ty, Ctx::Operand);
            (a, b)
        };
        let ty = if a.ty == Ty::Empty { b.ty } else { a.ty };
        let ordered = matches!(op, B::Lt | B::Le | B::Gt | B::Ge);
        match ty {
            Ty::Option(_) | Ty::Bool | Ty::Text | Ty::User | Ty::Agency | Ty::Location
                if ordered =>
            {
                let d = self.describe(ty);
                self.sink.push(
                    Diagnostic::new(
                        Code::E0040,
                        l.span.to(r.span),
                        format!(
                            "`{}` needs numbers or dates, but these are {d}",
                            op.symbol()
                        ),
                    )
                    .label("no order")
                    .help("options and texts have no order; use `=`, `!=` or `in [...]`"),
                );
                return error_expr();
            }
            _ => {}
        }
        let op = match op {
            B::Eq => BinOp::Eq,
            B::Ne => BinOp::Ne,
            B::Lt => BinOp::Lt,
            B::Le => BinOp::Le,
            B::Gt => BinOp::Gt,
            _ => BinOp::Ge,
        };
        bool_expr(ExprKind::Binary(op, Box::new(a), Box::new(b)))
    }

    fn contains(&mut self, l: &ast::Expr, r: &ast::Expr, scope: Scope) -> Expr {
        let a = self.expr(l, scope);
        let lookup = match a.ty {
            Ty::Options(lk) => lk,
            Ty::Empty => return error_expr(),
            other => {
                let d = self.describe(other);
                let help = if matches!(other, Ty::Option(_)) {
                    "this field holds one option: compare it with `=`"
                } else {
                    "`contains` tests whether a multi-select (`select_many`) holds an option"
                };
                self.sink.push(
                    Diagnostic::new(
                        Code::E0040,
                        l.span,
                        format!("`contains` needs a multi-select, but this is {d}"),
                    )
                    .label("not a multi-select")
                    .help(help),
                );
                return error_expr();
            }
        };
        let b = self.expr(r, scope);
        let b = self.coerce(b, r, Ty::Option(lookup), Ctx::Operand);
        match b.kind {
            ExprKind::Lit(Value::Option(id)) => bool_expr(ExprKind::Contains(Box::new(a), id)),
            _ => {
                if b.ty != Ty::Empty {
                    self.sink.push(
                        Diagnostic::new(
                            Code::E0036,
                            r.span,
                            "`contains` needs an option id written in quotes",
                        )
                        .label("not an option id")
                        .help("write the option id, like `services contains \"legal\"`"),
                    );
                }
                error_expr()
            }
        }
    }

    fn in_list(&mut self, e: &ast::Expr, list: &[ast::Expr], negated: bool, scope: Scope) -> Expr {
        let x = self.expr(e, scope);
        if matches!(
            x.ty,
            Ty::Options(_) | Ty::Rows(_) | Ty::Row(_) | Ty::Attachment | Ty::Nothing
        ) {
            let d = self.describe(x.ty);
            self.sink.push(
                Diagnostic::new(
                    Code::E0040,
                    e.span,
                    format!("`in` tests one value, but this is {d}"),
                )
                .label("not a single value")
                .help("for a multi-select, test each option with `contains`"),
            );
            return error_expr();
        }
        let items = list
            .iter()
            .map(|item| {
                let v = self.expr(item, scope);
                self.coerce(v, item, x.ty, Ctx::Operand)
            })
            .collect();
        bool_expr(ExprKind::In(Box::new(x), items, negated))
    }

    fn case(
        &mut self,
        arms: &[(ast::Expr, ast::Expr)],
        otherwise: Option<&ast::Expr>,
        scope: Scope,
        want: Option<(Ty, Ctx)>,
    ) -> Expr {
        let conds: Vec<Expr> = arms
            .iter()
            .map(|(c, _)| self.condition(c, scope, "a `when` condition"))
            .collect();
        let values: Vec<&ast::Expr> = arms.iter().map(|(_, v)| v).chain(otherwise).collect();
        let (ty, ctx) = match want {
            Some(w) => w,
            None => {
                // The first value that is not a bare text or `empty` decides the type.
                let lowered: Vec<Expr> = values.iter().map(|v| self.expr_quiet(v, scope)).collect();
                let ty = lowered
                    .iter()
                    .find(|x| !is_text_literal(x) && x.ty != Ty::Empty)
                    .or_else(|| lowered.iter().find(|x| x.ty != Ty::Empty))
                    .map_or(Ty::Empty, |x| x.ty);
                (ty, Ctx::Operand)
            }
        };
        let mut lowered: Vec<Expr> = values
            .iter()
            .map(|v| self.expr_to(v, scope, ty, ctx))
            .collect();
        let otherwise = otherwise.and_then(|_| lowered.pop()).map(Box::new);
        Expr {
            kind: ExprKind::Case {
                arms: conds.into_iter().zip(lowered).collect(),
                otherwise,
            },
            ty,
        }
    }

    /// Lowers without reporting (to peek at a type); the expression is lowered again for real.
    fn expr_quiet(&mut self, e: &ast::Expr, scope: Scope) -> Expr {
        let mut quiet = crate::diagnostics::Sink::default();
        std::mem::swap(self.sink, &mut quiet);
        let x = self.expr(e, scope);
        std::mem::swap(self.sink, &mut quiet);
        x
    }

    /// Makes `x` fit `target`: text literals become option ids, location codes or user names;
    /// `empty` fits anything; otherwise the types must be equal.
    pub(crate) fn coerce(&mut self, x: Expr, at: &ast::Expr, target: Ty, ctx: Ctx) -> Expr {
        if x.ty == target
            || target == Ty::Empty
            || (target == Ty::Cell && matches!(x.ty, Ty::Text | Ty::Int | Ty::Date | Ty::DateTime))
        {
            return x;
        }
        if x.ty == Ty::Empty {
            return Expr {
                kind: x.kind,
                ty: target,
            };
        }
        if let ExprKind::Lit(Value::Text(s)) = &x.kind {
            match target {
                Ty::Option(lk) | Ty::Options(lk) => {
                    return self.option_literal(s, lk, at.span, ctx)
                }
                Ty::Location | Ty::User | Ty::Agency => {
                    return Expr {
                        kind: x.kind,
                        ty: target,
                    }
                }
                Ty::Date => {
                    self.mismatch(
                        at,
                        x.ty,
                        target,
                        ctx,
                        &format!("write a date as `date(\"{s}\")`"),
                    );
                    return error_expr();
                }
                _ => {}
            }
        }
        let help = match (x.ty, target) {
            (Ty::Bool, Ty::Option(_)) => {
                "yes/no questions store the option ids \"true\" and \"false\": write them in quotes"
                    .to_string()
            }
            (Ty::Text, Ty::Int) if matches!(at.kind, ast::ExprKind::Str(_)) => {
                "numbers are written without quotes".to_string()
            }
            (Ty::Option(_), Ty::Option(_)) => {
                "these fields use different option lists; compare each with its own option ids"
                    .to_string()
            }
            _ => match ctx {
                Ctx::Calculation => {
                    "the calculation must give the kind of value the field holds".to_string()
                }
                Ctx::Default => "give a default of the kind of value the field holds".to_string(),
                Ctx::Argument => "give the function the kind of value it works on".to_string(),
                Ctx::Operand | Ctx::Column => "compare values of the same kind".to_string(),
            },
        };
        self.mismatch(at, x.ty, target, ctx, &help);
        error_expr()
    }

    fn mismatch(&mut self, at: &ast::Expr, got: Ty, want: Ty, ctx: Ctx, help: &str) {
        let (g, w) = (self.describe(got), self.describe(want));
        if let Ctx::Column = ctx {
            self.not_a_cell(at, got);
            return;
        }
        let d = match ctx {
            Ctx::Operand => Diagnostic::new(
                Code::E0036,
                at.span,
                format!("this is {g}, but {w} is expected here"),
            ),
            Ctx::Calculation => Diagnostic::new(
                Code::E0039,
                at.span,
                format!("the calculation gives {g}, but the field holds {w}"),
            ),
            Ctx::Column => return,
            Ctx::Argument => Diagnostic::new(
                Code::E0038,
                at.span,
                format!("this argument is {g}, but {w} is expected here"),
            ),
            Ctx::Default => Diagnostic::new(
                Code::E0042,
                at.span,
                format!("the default is {g}, but the field holds {w}"),
            ),
        };
        self.sink.push(d.label("wrong kind of value").help(help));
    }

    /// The index into [`Lower::hidden_options`] of `option` of the lookup `lk`, when the
    /// country hides it (`hide option`).
    fn hidden_option(&self, lk: crate::model::LookupIx, option: &str) -> Option<usize> {
        let crate::model::LookupKind::Named(id) = &self.lookups.get(lk.index())?.kind else {
            return None;
        };
        self.hidden_options
            .iter()
            .position(|(l, o)| l == id.as_str() && o == option)
    }

    fn option_literal(
        &mut self,
        s: &str,
        lk: crate::model::LookupIx,
        span: Span,
        ctx: Ctx,
    ) -> Expr {
        let lookup = &self.lookups[lk.index()];
        if lookup.option(s).is_some() {
            return Expr {
                kind: ExprKind::Lit(Value::Option(OptionId(s.to_string()))),
                ty: Ty::Option(lk),
            };
        }
        // An option the country hides: the comparison stays (never true), reported as W0014.
        if !matches!(ctx, Ctx::Default) {
            if let Some(n) = self.hidden_option(lk, s) {
                self.hidden_reads.push((n, span));
                return Expr {
                    kind: ExprKind::Lit(Value::Option(OptionId(s.to_string()))),
                    ty: Ty::Option(lk),
                };
            }
        }
        let ids: Vec<String> = lookup.options.iter().map(|o| o.id.0.clone()).collect();
        let list = self
            .describe(Ty::Option(lk))
            .replacen("an option of ", "", 1);
        self.sink.push(
            OptionNotInLookup::Compared {
                option: s,
                list: &list,
                ids: &ids,
                default: matches!(ctx, Ctx::Default),
                span,
            }
            .diagnostic(),
        );
        error_expr()
    }
}

impl Lower<'_> {
    fn not_a_cell(&mut self, at: &ast::Expr, got: Ty) {
        let g = self.describe(got);
        let help = match got {
            Ty::Option(_) => "write the option's label with `label(x)`: raw option ids are never written to the Incident Recorder",
            Ty::Options(_) => "a multi-select needs an explicit aggregation: `join_labels(x, \" & \")`",
            Ty::Rows(_) => "write one value: `count(x)`, or a field of one row with `first(x).field`",
            Ty::Bool => "write a word instead: `case { when c then word(\"yes\") else word(\"no\") }`",
            Ty::User => "write the user's code with `user_code(x)`",
            Ty::Agency => "write the agency's code with `agency_code(x)`",
            Ty::Location => "write a place name with `location_at(x, \"county\")` or `location_at(x, \"district\")`",
            _ => "a column holds text, a number or a date",
        };
        self.sink.push(
            Diagnostic::new(
                Code::E0062,
                at.span,
                format!("a column holds text, a number or a date, but this is {g}"),
            )
            .label("not a cell value")
            .help(help),
        );
    }
}

pub(crate) fn lit(v: Value, ty: Ty) -> Expr {
    Expr {
        kind: ExprKind::Lit(v),
        ty,
    }
}

fn bool_expr(kind: ExprKind) -> Expr {
    Expr { kind, ty: Ty::Bool }
}

fn is_text_literal(x: &Expr) -> bool {
    matches!(x.kind, ExprKind::Lit(Value::Text(_)))
}
