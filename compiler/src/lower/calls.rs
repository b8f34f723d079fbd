//! Built-in functions and subform aggregates.

use gbvims_dsl::ast::{self, Arg};
use gbvims_dsl::vocab::functions::{self as vocab, Arity, FuncKind};
use gbvims_dsl::Span;

use super::exprs::{error_expr, lit, Ctx, Scope};
use super::Lower;
use crate::checks::invalid_literal::InvalidLiteral;
use crate::checks::not_a_subform::NotASubform;
use crate::checks::wrong_arguments::WrongArguments;
use crate::diagnostics::{suggest, Code, Diagnostic};
use crate::model::{AggFunc, Date, Expr, ExprKind, FieldKind, Func, Ty, Value};

/// Every function name, for "did you mean".
fn functions() -> impl Iterator<Item = &'static str> {
    vocab::names()
}

/// How to call `name`, from the vocabulary's table.
fn usage(name: &str) -> &'static str {
    vocab::function(name).map_or("", |f| f.usage)
}

/// The number of arguments `name` takes (`coalesce` takes at least one; help says two).
fn arity_of(name: &str) -> usize {
    match vocab::function(name).map(|f| f.arity) {
        Some(Arity::Exactly(n)) => n,
        _ => 2,
    }
}

impl Lower<'_> {
    pub(crate) fn call(
        &mut self,
        func: &ast::Name,
        args: &[Arg],
        span: Span,
        scope: Scope,
    ) -> Expr {
        let name = func.node.as_str();
        if let Some(agg) = AggFunc::from_name(name) {
            return self.aggregate(agg, func, args, span, scope);
        }
        let Some(def) = vocab::function(name) else {
            self.sink.push(
                Diagnostic::new(
                    Code::E0017,
                    func.span,
                    format!("there is no function `{name}`"),
                )
                .label("unknown function")
                .help(suggest(
                    name,
                    functions(),
                    &format!(
                        "functions are: {}",
                        functions().collect::<Vec<_>>().join(", ")
                    ),
                )),
            );
            return error_expr();
        };
        if let Some(a) = args.iter().find(|a| a.filter.is_some()) {
            let at = a.filter.as_ref().map_or(span, |f| f.span);
            self.sink.push(
                WrongArguments::UnexpectedWhere {
                    func: name,
                    span: at,
                }
                .diagnostic(),
            );
        }
        if def.kind == FuncKind::IrCell {
            return self.ir_call(func, args, scope);
        }
        match name {
            "today" => {
                self.arity(func, args, 0, def.usage);
                Expr {
                    kind: ExprKind::Call(Func::Today, Vec::new()),
                    ty: Ty::Date,
                }
            }
            "date" => self.date_literal(func, args),
            "days_between" | "years_between" => {
                if !self.arity(func, args, 2, def.usage) {
                    return error_expr();
                }
                let xs: Vec<Expr> = args
                    .iter()
                    .map(|a| {
                        let x = self.expr(&a.expr, scope);
                        self.coerce(x, &a.expr, Ty::Date, Ctx::Argument)
                    })
                    .collect();
                let f = if name == "days_between" {
                    Func::DaysBetween
                } else {
                    Func::YearsBetween
                };
                Expr {
                    kind: ExprKind::Call(f, xs),
                    ty: Ty::Int,
                }
            }
            "length" => {
                if !self.arity(func, args, 1, def.usage) {
                    return error_expr();
                }
                let x = self.expr(&args[0].expr, scope);
                let x = self.coerce(x, &args[0].expr, Ty::Text, Ctx::Argument);
                Expr {
                    kind: ExprKind::Call(Func::Length, vec![x]),
                    ty: Ty::Int,
                }
            }
            "sum" | "avg" => self.numbers(func, args, scope),
            _ => self.coalesce(func, args, scope),
        }
    }

    /// `sum(a, b, …)` and `avg(a, b, …)`: whole numbers in, a whole number out.
    fn numbers(&mut self, func: &ast::Name, args: &[Arg], scope: Scope) -> Expr {
        let name = func.node.as_str();
        if args.is_empty() {
            self.arity(func, args, arity_of(name), usage(name));
            return error_expr();
        }
        let mut xs = Vec::with_capacity(args.len());
        let mut ok = true;
        for a in args {
            let x = self.expr(&a.expr, scope);
            match x.ty {
                Ty::Int => xs.push(x),
                // An empty literal is a number with no value; an error was already reported.
                Ty::Empty => xs.push(Expr {
                    kind: x.kind,
                    ty: Ty::Int,
                }),
                other => {
                    ok = false;
                    let found = self.describe(other);
                    self.sink.push(
                        WrongArguments::NotNumber {
                            func: name,
                            found: &found,
                            span: a.expr.span,
                        }
                        .diagnostic(),
                    );
                }
            }
        }
        if !ok {
            return error_expr();
        }
        let f = if name == "sum" { Func::Sum } else { Func::Avg };
        Expr {
            kind: ExprKind::Call(f, xs),
            ty: Ty::Int,
        }
    }

    fn arity(&mut self, func: &ast::Name, args: &[Arg], n: usize, usage: &str) -> bool {
        if args.len() == n {
            return true;
        }
        self.sink.push(
            WrongArguments::Count {
                func: &func.node,
                takes: n,
                given: args.len(),
                usage,
                span: func.span,
            }
            .diagnostic(),
        );
        false
    }

    fn date_literal(&mut self, func: &ast::Name, args: &[Arg]) -> Expr {
        if !self.arity(func, args, 1, usage("date")) {
            return error_expr();
        }
        let a = &args[0].expr;
        let ast::ExprKind::Str(s) = &a.kind else {
            self.sink
                .push(WrongArguments::DateNotQuoted { span: a.span }.diagnostic());
            return error_expr();
        };
        match Date::parse_iso(s) {
            Some(d) => lit(Value::Date(d), Ty::Date),
            None => {
                self.sink.push(
                    InvalidLiteral::Date {
                        text: s,
                        span: a.span,
                    }
                    .diagnostic(),
                );
                error_expr()
            }
        }
    }

    fn coalesce(&mut self, func: &ast::Name, args: &[Arg], scope: Scope) -> Expr {
        if args.is_empty() {
            self.arity(func, args, arity_of("coalesce"), usage("coalesce"));
            return error_expr();
        }
        let xs: Vec<Expr> = args.iter().map(|a| self.expr(&a.expr, scope)).collect();
        let ty = xs
            .iter()
            .find(|x| !matches!(x.kind, ExprKind::Lit(Value::Text(_))) && x.ty != Ty::Empty)
            .or(xs.first())
            .map_or(Ty::Empty, |x| x.ty);
        let xs = xs
            .into_iter()
            .zip(args)
            .map(|(x, a)| self.coerce(x, &a.expr, ty, Ctx::Argument))
            .collect();
        Expr {
            kind: ExprKind::Call(Func::Coalesce, xs),
            ty,
        }
    }

    fn aggregate(
        &mut self,
        agg: AggFunc,
        func: &ast::Name,
        args: &[Arg],
        span: Span,
        scope: Scope,
    ) -> Expr {
        if !self.arity(func, args, 1, usage(agg.name())) {
            return error_expr();
        }
        let arg = &args[0];
        let rows = self.expr(&arg.expr, scope);
        let (ExprKind::Field(fx), Ty::Rows(form)) = (&rows.kind, rows.ty) else {
            if rows.ty != Ty::Empty {
                let d = self.describe(rows.ty);
                self.sink.push(
                    NotASubform::Aggregate {
                        func: &func.node,
                        found: &d,
                        span: arg.expr.span,
                    }
                    .diagnostic(),
                );
            }
            return error_expr();
        };
        let fx = *fx;
        debug_assert!(matches!(
            self.fields[fx.index()].kind,
            FieldKind::Subform { .. }
        ));
        let row_scope = Scope {
            row: Some(form),
            record: scope.record,
        };
        let filter = arg
            .filter
            .as_ref()
            .map(|f| Box::new(self.condition(f, row_scope, "a `where` condition")));
        if matches!(agg, AggFunc::All) && filter.is_none() {
            self.sink
                .push(WrongArguments::AllWithoutCondition { span }.diagnostic());
        }
        let ty = match agg {
            AggFunc::Count => Ty::Int,
            AggFunc::Any | AggFunc::All => Ty::Bool,
            AggFunc::First => Ty::Row(form),
        };
        Expr {
            kind: ExprKind::Aggregate {
                func: agg,
                rows: fx,
                filter,
            },
            ty,
        }
    }

    fn ir_call(&mut self, func: &ast::Name, args: &[Arg], scope: Scope) -> Expr {
        let name = func.node.as_str();
        if !self.in_ir {
            self.sink.push(
                Diagnostic::new(Code::E0065, func.span, format!("`{name}` can only be used in Incident Recorder columns"))
                    .label("outside the Incident Recorder")
                    .help("forms store option ids; labels, words and codes are written by the Incident Recorder only"),
            );
            return error_expr();
        }
        let (usage, n) = (usage(name), arity_of(name));
        if !self.arity(func, args, n, usage) {
            return error_expr();
        }
        let first = self.expr(&args[0].expr, scope);
        let literal = |a: &Arg| match &a.expr.kind {
            ast::ExprKind::Str(s) => Some(s.clone()),
            _ => None,
        };
        let Some(f) = Func::from_name(name) else {
            return error_expr();
        };
        let ok = match f {
            Func::Label => matches!(first.ty, Ty::Option(_)),
            Func::JoinLabels => matches!(first.ty, Ty::Options(_)) && literal(&args[1]).is_some(),
            Func::Word => return self.word(&args[0]),
            Func::Before => first.ty == Ty::Text && literal(&args[1]).is_some(),
            Func::LocationAt => {
                first.ty == Ty::Location
                    && matches!(literal(&args[1]).as_deref(), Some("county" | "district"))
            }
            Func::UserCode => first.ty == Ty::User,
            Func::AgencyCode => matches!(first.ty, Ty::Agency | Ty::Text),
            // Form functions are not Incident Recorder cell functions (their table kind is Form).
            Func::Today
            | Func::DaysBetween
            | Func::YearsBetween
            | Func::Coalesce
            | Func::Length
            | Func::Sum
            | Func::Avg => false,
        };
        if !ok {
            if first.ty != Ty::Empty {
                let d = self.describe(first.ty);
                self.sink.push(
                    WrongArguments::Kind {
                        func: name,
                        first: &d,
                        usage,
                        span: func.span,
                    }
                    .diagnostic(),
                );
            }
            return error_expr();
        }
        let mut xs = vec![first];
        if let Some(second) = args.get(1) {
            xs.push(self.expr(&second.expr, scope));
        }
        Expr {
            kind: ExprKind::Call(f, xs),
            ty: Ty::Text,
        }
    }

    fn word(&mut self, arg: &Arg) -> Expr {
        let ast::ExprKind::Str(key) = &arg.expr.kind else {
            self.sink.push(
                WrongArguments::WordNotQuoted {
                    span: arg.expr.span,
                }
                .diagnostic(),
            );
            return error_expr();
        };
        if !self.ir_words.contains(key) {
            let words = self.ir_words.clone();
            self.sink.push(
                Diagnostic::new(
                    Code::E0063,
                    arg.expr.span,
                    format!("the Incident Recorder has no word `{key}`"),
                )
                .label("unknown word")
                .help(suggest(
                    key,
                    words.iter().map(String::as_str),
                    "declare it with `word <key>: en \"…\", …`",
                )),
            );
            return error_expr();
        }
        Expr {
            kind: ExprKind::Call(Func::Word, vec![lit(Value::Text(key.clone()), Ty::Text)]),
            ty: Ty::Text,
        }
    }
}
