//! Printing expressions with the fewest parentheses the precedence rules allow.

use crate::ast::{Arg, BinOp, Expr, ExprKind, UnOp};
use crate::build::escape;

use super::MAX_WIDTH;

const PREC_OR: u8 = 1;
const PREC_NOT: u8 = 3;
const PREC_CMP: u8 = 4;
const PREC_NEG: u8 = 7;
const PREC_POSTFIX: u8 = 8;

/// Formats an expression that starts at column `column` on a line indented `level` steps.
/// Long `or`/`and` chains are broken after the operator; `case` is always multi-line.
pub(super) fn format_expr(e: &Expr, level: usize, column: usize) -> String {
    let one_line = Writer { level }.expr(e, 0);
    if column + one_line.chars().count() <= MAX_WIDTH || one_line.contains('\n') {
        return one_line;
    }
    if let ExprKind::Binary(op @ (BinOp::Or | BinOp::And), _, _) = &e.kind {
        let mut operands = Vec::new();
        flatten(e, *op, &mut operands);
        let w = Writer { level };
        let parts: Vec<String> = operands
            .iter()
            .map(|o| w.expr(o, op.precedence() + 1))
            .collect();
        let sep = format!(" {}\n{}", op.symbol(), "  ".repeat(level + 1));
        return parts.join(&sep);
    }
    one_line
}

fn flatten<'e>(e: &'e Expr, op: BinOp, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary(o, l, r) if *o == op => {
            flatten(l, op, out);
            out.push(r);
        }
        _ => out.push(e),
    }
}

struct Writer {
    level: usize,
}

impl Writer {
    fn expr(&self, e: &Expr, min_prec: u8) -> String {
        let (text, prec) = self.raw(e);
        if prec < min_prec {
            format!("({text})")
        } else {
            text
        }
    }

    fn raw(&self, e: &Expr) -> (String, u8) {
        match &e.kind {
            ExprKind::Int(n) => (n.to_string(), PREC_POSTFIX),
            ExprKind::Str(s) => (format!("\"{}\"", escape(s)), PREC_POSTFIX),
            ExprKind::Bool(b) => (b.to_string(), PREC_POSTFIX),
            ExprKind::Empty => ("empty".into(), PREC_POSTFIX),
            ExprKind::Name(n) => (n.clone(), PREC_POSTFIX),
            ExprKind::Member(base, name) => (
                format!("{}.{}", self.expr(base, PREC_POSTFIX), name.node),
                PREC_POSTFIX,
            ),
            ExprKind::Call { func, args } => {
                let args: Vec<String> = args.iter().map(|a| self.arg(a)).collect();
                (format!("{}({})", func.node, args.join(", ")), PREC_POSTFIX)
            }
            ExprKind::Unary(UnOp::Not, x) => (format!("not {}", self.expr(x, PREC_NOT)), PREC_NOT),
            ExprKind::Unary(UnOp::Neg, x) => (format!("-{}", self.expr(x, PREC_NEG)), PREC_NEG),
            ExprKind::Binary(op, l, r) => {
                let p = op.precedence();
                let (lp, rp) = if p == PREC_CMP {
                    (p + 1, p + 1)
                } else {
                    (p, p + 1)
                };
                (
                    format!("{} {} {}", self.expr(l, lp), op.symbol(), self.expr(r, rp)),
                    p,
                )
            }
            ExprKind::IsEmpty { expr, negated } => (
                format!(
                    "{} is {}empty",
                    self.expr(expr, PREC_CMP + 1),
                    if *negated { "not " } else { "" }
                ),
                PREC_CMP,
            ),
            ExprKind::In {
                expr,
                list,
                negated,
            } => (
                format!(
                    "{} {}in {}",
                    self.expr(expr, PREC_CMP + 1),
                    if *negated { "not " } else { "" },
                    self.list(list)
                ),
                PREC_CMP,
            ),
            ExprKind::List(items) => (self.list(items), PREC_POSTFIX),
            ExprKind::Case { arms, otherwise } => {
                (self.arms("case", arms, otherwise.as_deref()), PREC_POSTFIX)
            }
            ExprKind::Collect(arms) => (self.arms("collect", arms, None), PREC_POSTFIX),
        }
    }

    fn arg(&self, a: &Arg) -> String {
        match &a.filter {
            Some(f) => format!(
                "{} where {}",
                self.expr(&a.expr, PREC_OR),
                self.expr(f, PREC_OR)
            ),
            None => self.expr(&a.expr, PREC_OR),
        }
    }

    fn list(&self, items: &[Expr]) -> String {
        let items: Vec<String> = items.iter().map(|i| self.expr(i, PREC_OR)).collect();
        format!("[{}]", items.join(", "))
    }

    fn arms(&self, keyword: &str, arms: &[(Expr, Expr)], otherwise: Option<&Expr>) -> String {
        let inner = Writer {
            level: self.level + 1,
        };
        let pad = "  ".repeat(self.level + 1);
        let mut s = format!("{keyword} {{\n");
        for (cond, value) in arms {
            s.push_str(&format!(
                "{pad}when {} then {}\n",
                inner.expr(cond, PREC_OR),
                inner.expr(value, PREC_OR)
            ));
        }
        if let Some(v) = otherwise {
            s.push_str(&format!("{pad}else {}\n", inner.expr(v, PREC_OR)));
        }
        s.push_str(&"  ".repeat(self.level));
        s.push('}');
        s
    }
}
