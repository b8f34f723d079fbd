//! Converts pest pairs into the AST. pest types never leave this crate.

use pest::iterators::Pair;

use crate::ast::{
    Arg, Attr, AttrValue, BinOp, Decl, DeclKind, Expr, ExprKind, FieldDecl, FormDecl, Item,
    ItemKind, LookupDecl, Name, OptionDecl, RecordDecl, RoleDecl, StandardDecl, Text, Texts,
    TypeExpr, UnOp, UseDecl,
};
use crate::errors::{ParseError, ParseErrorKind, ValueKind};
use crate::grammar::{reparse_error, Rule};
use crate::keys::value_kind;
use crate::span::{FileId, Span, Spanned};
use crate::MAX_DEPTH;

pub(crate) struct Builder<'s> {
    file: FileId,
    /// The whole file.
    source: &'s str,
    /// Where the parsed text starts in the file: pest positions are relative to it.
    offset: usize,
    pub errors: Vec<ParseError>,
}

impl<'s> Builder<'s> {
    pub fn new(file: FileId, source: &'s str, offset: usize) -> Self {
        Self {
            file,
            source,
            offset,
            errors: Vec::new(),
        }
    }

    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        let len = self.source.len();
        Span::new(
            self.file,
            (s.start() + self.offset).min(len),
            (tight_end(pair) + self.offset).min(len),
        )
    }

    fn name(&self, pair: &Pair<Rule>) -> Name {
        Spanned::new(pair.as_str().to_string(), self.span(pair))
    }

    pub fn decl_file(&mut self, pair: Pair<Rule>) -> Option<Decl> {
        let decl = pair.into_inner().find(|p| p.as_rule() != Rule::EOI)?;
        let span = self.span(&decl);
        let rule = decl.as_rule();
        let mut inner = decl.into_inner().filter(|p| !is_keyword(p.as_rule()));
        let kind = match rule {
            Rule::standard_decl => {
                let name = self.name(&inner.next()?);
                let version = inner.next()?;
                let version = Spanned::new(self.string_value(&version), self.span(&version));
                let body = self.block(inner.next()?);
                DeclKind::Standard(StandardDecl {
                    name,
                    version,
                    body,
                })
            }
            Rule::lookup_decl => {
                let id = self.name(&inner.next()?);
                let mut next = inner.next()?;
                let policy = if next.as_rule() == Rule::policy {
                    let p = self.name(&next);
                    next = inner.next()?;
                    Some(p)
                } else {
                    None
                };
                DeclKind::Lookup(LookupDecl {
                    id,
                    policy,
                    body: self.block(next),
                })
            }
            Rule::record_decl => {
                let id = self.name(&inner.next()?);
                DeclKind::Record(RecordDecl {
                    id,
                    body: self.block(inner.next()?),
                })
            }
            Rule::form_decl => {
                let id = self.name(&inner.next()?);
                let record = Some(self.name(&inner.next()?));
                DeclKind::Form(FormDecl {
                    id,
                    record,
                    body: self.block(inner.next()?),
                })
            }
            Rule::subform_decl => {
                let id = self.name(&inner.next()?);
                DeclKind::Form(FormDecl {
                    id,
                    record: None,
                    body: self.block(inner.next()?),
                })
            }
            Rule::role_decl => {
                let id = self.name(&inner.next()?);
                DeclKind::Role(RoleDecl {
                    id,
                    body: self.block(inner.next()?),
                })
            }
            Rule::ir_decl => DeclKind::IncidentRecorder(self.block(inner.next()?)),
            Rule::country_decl => {
                let id = self.name(&inner.next()?);
                let base = self.name(&inner.next()?);
                let req = inner.next()?;
                let requirement = Spanned::new(self.string_value(&req), self.span(&req));
                DeclKind::Country(crate::ast::CountryDecl {
                    id,
                    base,
                    requirement,
                    body: self.block(inner.next()?),
                })
            }
            Rule::replace_decl | Rule::extend_decl => {
                let id = self.name(&inner.next()?);
                let decl = crate::ast::OverlayLookupDecl {
                    id,
                    body: self.block(inner.next()?),
                };
                if rule == Rule::replace_decl {
                    DeclKind::ReplaceLookup(decl)
                } else {
                    DeclKind::ExtendLookup(decl)
                }
            }
            Rule::translate_decl | Rule::reword_decl => {
                let kind_pair = inner.next()?;
                let kind = Spanned::new(translate_kind(&kind_pair)?, self.span(&kind_pair));
                let mut next = inner.next()?;
                let target = if next.as_rule() == Rule::name {
                    let t = self.name(&next);
                    next = inner.next()?;
                    Some(t)
                } else {
                    None
                };
                let body = self.block(next);
                // The reason's span holds its quotes: the declaration ends at the closing one.
                let because = inner.next().map(|s| {
                    let mut at = self.span(&s);
                    at.end = (s.as_span().end() + self.offset).min(self.source.len()) as u32;
                    Spanned::new(self.string_value(&s), at)
                });
                DeclKind::Translate(crate::ast::TranslateDecl {
                    kind,
                    target,
                    body,
                    because,
                })
            }
            Rule::hide_decl => {
                let path = inner.find(|p| p.as_rule() == Rule::name)?;
                DeclKind::HideField(self.name(&path))
            }
            Rule::hide_form_decl => {
                let id = inner.find(|p| p.as_rule() == Rule::name)?;
                DeclKind::HideForm(self.name(&id))
            }
            Rule::hide_option_decl => {
                let mut names =
                    inner.filter(|p| matches!(p.as_rule(), Rule::option_id | Rule::name));
                let option = self.name(&names.next()?);
                let lookup = self.name(&names.next()?);
                DeclKind::HideOption(crate::ast::HideOptionDecl { option, lookup })
            }
            Rule::unused_decl => {
                let id = inner.find(|p| p.as_rule() == Rule::name)?;
                DeclKind::UnusedLookup(self.name(&id))
            }
            Rule::change_field_decl | Rule::change_lookup_decl => {
                let path = inner.find(|p| p.as_rule() == Rule::name)?;
                let path = self.name(&path);
                let body = inner
                    .find(|p| p.as_rule() == Rule::block)
                    .map(|b| self.block(b))
                    .unwrap_or_default();
                if rule == Rule::change_field_decl {
                    DeclKind::ChangeField(crate::ast::ChangeFieldDecl { path, body })
                } else {
                    DeclKind::ChangeLookup(crate::ast::OverlayLookupDecl { id: path, body })
                }
            }
            Rule::use_field_decl => {
                let path = inner.find(|p| p.as_rule() == Rule::name)?;
                let path = self.name(&path);
                let form = inner.find(|p| p.as_rule() == Rule::ident)?;
                let form = self.name(&form);
                let body = inner
                    .find(|p| p.as_rule() == Rule::block)
                    .map(|b| self.block(b))
                    .unwrap_or_default();
                DeclKind::UseField(crate::ast::UseFieldDecl { path, form, body })
            }
            Rule::add_decl => {
                let mut inner =
                    inner.filter(|p| !matches!(p.as_rule(), Rule::kw_field | Rule::colon));
                let id = self.name(&inner.next()?);
                let form = self.name(&inner.next()?);
                let ty = self.field_type(inner.next()?)?;
                let body = inner.next().map(|b| self.block(b)).unwrap_or_default();
                DeclKind::AddField(crate::ast::AddFieldDecl {
                    form,
                    field: FieldDecl { id, ty, body },
                })
            }
            _ => return None,
        };
        let mut span = span;
        if let DeclKind::Translate(crate::ast::TranslateDecl {
            because: Some(b), ..
        }) = &kind
        {
            span.end = span.end.max(b.span.end);
        }
        Some(Decl { kind, span })
    }

    fn block(&mut self, pair: Pair<Rule>) -> Vec<Item> {
        pair.into_inner()
            .filter(|p| !matches!(p.as_rule(), Rule::lbrace | Rule::rbrace))
            .filter_map(|p| self.item(p))
            .collect()
    }

    fn item(&mut self, pair: Pair<Rule>) -> Option<Item> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::field_decl => {
                let mut inner = pair
                    .into_inner()
                    .filter(|p| !matches!(p.as_rule(), Rule::kw_field | Rule::colon));
                let id = self.name(&inner.next()?);
                let ty = self.field_type(inner.next()?)?;
                let body = inner.next().map(|b| self.block(b)).unwrap_or_default();
                ItemKind::Field(FieldDecl { id, ty, body })
            }
            Rule::use_decl => {
                let mut id = None;
                let mut body = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::ident => id = Some(self.name(&p)),
                        Rule::block => body = self.block(p),
                        _ => {}
                    }
                }
                ItemKind::Use(UseDecl { id: id?, body })
            }
            Rule::option_decl => {
                let mut inner = pair
                    .into_inner()
                    .filter(|p| !matches!(p.as_rule(), Rule::kw_option | Rule::colon));
                let id = self.name(&inner.next()?);
                let mut label = None;
                let mut stored_as = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::texts => label = Some(self.texts(p)),
                        Rule::stored_as => {
                            let s = p.into_inner().find(|p| p.as_rule() == Rule::string)?;
                            stored_as = Some(Spanned::new(self.string_value(&s), self.span(&s)));
                        }
                        _ => {}
                    }
                }
                ItemKind::Option(OptionDecl {
                    id,
                    label,
                    stored_as,
                })
            }
            Rule::column_decl => {
                let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::kw_column);
                let key = self.name(&inner.next()?);
                let body = self.block(inner.next()?);
                ItemKind::Column(crate::ast::ColumnDecl { key, body })
            }
            Rule::word_decl => {
                let mut inner = pair
                    .into_inner()
                    .filter(|p| !matches!(p.as_rule(), Rule::kw_word | Rule::colon));
                let key = self.name(&inner.next()?);
                let texts = self.texts(inner.next()?);
                ItemKind::Word(crate::ast::WordDecl { key, texts })
            }
            Rule::attr => ItemKind::Attr(self.attr(pair.into_inner().next()?)?),
            _ => return None,
        };
        Some(Item { kind, span })
    }

    fn field_type(&mut self, pair: Pair<Rule>) -> Option<TypeExpr> {
        let span = self.span(&pair);
        let mut calculated = false;
        let mut name = None;
        let mut arg = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::calculated => calculated = true,
                Rule::ident => name = Some(self.name(&p)),
                Rule::type_arg => arg = Some(self.name(&p)),
                _ => {}
            }
        }
        Some(TypeExpr {
            calculated,
            name: name?,
            arg,
            span,
        })
    }

    fn attr(&mut self, pair: Pair<Rule>) -> Option<Attr> {
        let rule = pair.as_rule();
        let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::colon);
        let key_pair = inner.next()?;
        let key = self.name(&key_pair);
        let value = match rule {
            Rule::texts_attr => AttrValue::Texts(self.texts(inner.next()?)),
            Rule::expr_attr => self.checked_expr(inner.next()?),
            Rule::names_attr => AttrValue::Names(
                inner
                    .filter(|p| p.as_rule() == Rule::name)
                    .map(|p| self.name(&p))
                    .collect(),
            ),
            Rule::int_attr => {
                let p = inner.next()?;
                let span = self.span(&p);
                match p.as_str().parse::<i64>() {
                    Ok(n) => AttrValue::Int(Spanned::new(n, span)),
                    Err(_) => self.bad_value(&key, ValueKind::Int, &p),
                }
            }
            Rule::string_attr => {
                let p = inner.next()?;
                AttrValue::Str(Spanned::new(self.string_value(&p), self.span(&p)))
            }
            Rule::levels_attr => AttrValue::Levels(
                inner
                    .filter(|p| p.as_rule() == Rule::level)
                    .filter_map(|p| {
                        let mut parts = p.into_inner();
                        let name = self.name(&parts.next()?);
                        let n = parts.next()?;
                        let value = n.as_str().parse::<i64>().unwrap_or(i64::MAX);
                        Some((name, Spanned::new(value, self.span(&n))))
                    })
                    .collect(),
            ),
            Rule::flag_attr => match inner.next() {
                Some(b) => AttrValue::Bool(Spanned::new(b.as_str() == "true", self.span(&b))),
                None => AttrValue::Flag,
            },
            Rule::raw_attr => {
                let raw = inner.next()?;
                // A yes/no key with another value is reported where it is read (`flag`).
                match value_kind(&key.node).filter(|k| *k != ValueKind::Bool) {
                    Some(kind) => self.bad_value(&key, kind, &raw),
                    None => AttrValue::Raw(Spanned::new(
                        raw.as_str().trim().to_string(),
                        self.span(&raw),
                    )),
                }
            }
            _ => return None,
        };
        Some(Attr { key, value })
    }

    /// A known key whose value did not parse: find the exact position and report it.
    fn bad_value(&mut self, key: &Name, kind: ValueKind, raw: &Pair<Rule>) -> AttrValue {
        let text = raw.as_str();
        let start = raw.as_span().start() + self.offset;
        let rule = match kind {
            ValueKind::Texts => Rule::texts_only,
            ValueKind::Expr => Rule::expr_only,
            ValueKind::Names => Rule::names_only,
            ValueKind::Int => Rule::int_only,
            ValueKind::Bool => Rule::bool_only,
            ValueKind::Str => Rule::string_only,
            ValueKind::Levels => Rule::levels_only,
        };
        let (pos, expected, found) = reparse_error(rule, text).unwrap_or((
            0,
            Vec::new(),
            crate::errors::Found::Token(text.trim().to_string()),
        ));
        let at = start + pos;
        let end = match &found {
            crate::errors::Found::Token(t) => at + t.len(),
            _ => at,
        };
        self.errors.push(ParseError {
            kind: ParseErrorKind::BadValue {
                key: key.node.clone(),
                kind,
                expected,
                found,
            },
            span: Span::new(
                self.file,
                at.min(self.source.len()),
                end.min(self.source.len()),
            ),
        });
        AttrValue::Raw(Spanned::new(text.trim().to_string(), self.span(raw)))
    }

    fn texts(&mut self, pair: Pair<Rule>) -> Texts {
        let span = self.span(&pair);
        let entries = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::text)
            .filter_map(|t| {
                let mut lang = None;
                let mut value = None;
                for p in t.into_inner() {
                    match p.as_rule() {
                        Rule::lang => lang = Some(self.name(&p)),
                        Rule::string => {
                            value = Some(Spanned::new(self.string_value(&p), self.span(&p)));
                        }
                        _ => {}
                    }
                }
                Some(Text {
                    lang,
                    value: value?,
                })
            })
            .collect();
        Texts { entries, span }
    }

    fn string_value(&self, pair: &Pair<Rule>) -> String {
        let raw = pair.as_str();
        let inner = raw
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(raw);
        unescape(inner)
    }

    /// An attribute's expression, refused (and dropped without recursion) when it is deeper than
    /// [`MAX_DEPTH`]: every later pass over expressions recurses.
    fn checked_expr(&mut self, pair: Pair<Rule>) -> AttrValue {
        let raw_span = self.span(&pair);
        let raw = pair.as_str().trim().to_string();
        let e = self.expr(pair);
        if depth_exceeds(&e, MAX_DEPTH) {
            self.errors.push(ParseError {
                kind: ParseErrorKind::TooDeep { limit: MAX_DEPTH },
                span: e.span,
            });
            dismantle(e);
            return AttrValue::Raw(Spanned::new(raw, raw_span));
        }
        AttrValue::Expr(e)
    }

    fn expr(&mut self, mut pair: Pair<Rule>) -> Expr {
        // Rules with a single operand (`(x)`, an `or` chain of one term, …) are stepped through
        // in a loop, so nested brackets cost no recursion here.
        loop {
            let only = match pair.as_rule() {
                Rule::expr | Rule::paren => pair
                    .clone()
                    .into_inner()
                    .find(|p| !matches!(p.as_rule(), Rule::lparen | Rule::rparen)),
                Rule::or_expr
                | Rule::and_expr
                | Rule::add_expr
                | Rule::mul_expr
                | Rule::not_expr
                | Rule::unary
                | Rule::cmp_expr
                | Rule::postfix => {
                    let mut it = pair.clone().into_inner();
                    match (it.next(), it.next()) {
                        (Some(first), None) => Some(first),
                        _ => None,
                    }
                }
                _ => None,
            };
            match only {
                Some(p) => pair = p,
                None => break,
            }
        }
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner: Vec<Pair<Rule>> = pair.into_inner().collect();
        match rule {
            Rule::expr | Rule::paren => self.empty(span),
            Rule::or_expr | Rule::and_expr | Rule::add_expr | Rule::mul_expr => {
                self.binary_chain(inner, span)
            }
            Rule::not_expr | Rule::unary => {
                // `not not x`: the operators, then the operand; folded from the right.
                let Some(operand) = inner.pop() else {
                    return self.empty(span);
                };
                let mut e = self.expr(operand);
                while let Some(op) = inner.pop() {
                    let start = self.span(&op).start as usize;
                    let op = if op.as_rule() == Rule::not_op {
                        UnOp::Not
                    } else {
                        UnOp::Neg
                    };
                    e = Expr {
                        kind: ExprKind::Unary(op, Box::new(e)),
                        span: Span::new(self.file, start, span.end as usize),
                    };
                }
                e
            }
            Rule::cmp_expr => self.comparison(inner, span),
            Rule::postfix => {
                let mut it = inner.into_iter().filter(|p| p.as_rule() != Rule::dot);
                let Some(first) = it.next() else {
                    return self.empty(span);
                };
                let mut e = self.expr(first);
                for member in it {
                    let name = self.name(&member);
                    let s = e.span.to(name.span);
                    e = Expr {
                        kind: ExprKind::Member(Box::new(e), name),
                        span: s,
                    };
                }
                e
            }
            Rule::literal => match inner.pop() {
                Some(p) => self.literal(p),
                None => self.empty(span),
            },
            Rule::ident => Expr {
                kind: ExprKind::Name(self.source_slice(span)),
                span,
            },
            Rule::list => {
                let items = inner
                    .into_iter()
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|p| self.expr(p))
                    .collect();
                Expr {
                    kind: ExprKind::List(items),
                    span,
                }
            }
            Rule::call => {
                let mut it = inner.into_iter();
                let Some(func) = it.next() else {
                    return self.empty(span);
                };
                let func = self.name(&func);
                let args = it
                    .filter(|p| p.as_rule() == Rule::arg)
                    .map(|a| {
                        let mut parts = a.into_inner().filter(|p| p.as_rule() == Rule::expr);
                        let expr = parts.next().map(|p| self.expr(p));
                        let filter = parts.next().map(|p| self.expr(p));
                        Arg {
                            expr: expr.unwrap_or_else(|| self.empty(span)),
                            filter,
                        }
                    })
                    .collect();
                Expr {
                    kind: ExprKind::Call { func, args },
                    span,
                }
            }
            Rule::collect_expr => {
                let arms = inner
                    .into_iter()
                    .filter(|a| a.as_rule() == Rule::when_arm)
                    .filter_map(|arm| {
                        let mut parts = arm.into_inner().filter(|p| p.as_rule() == Rule::expr);
                        let (c, v) = (parts.next()?, parts.next()?);
                        Some((self.expr(c), self.expr(v)))
                    })
                    .collect();
                Expr {
                    kind: ExprKind::Collect(arms),
                    span,
                }
            }
            Rule::case_expr => {
                let mut arms = Vec::new();
                let mut otherwise = None;
                for arm in inner {
                    match arm.as_rule() {
                        Rule::when_arm => {
                            let mut parts = arm.into_inner().filter(|p| p.as_rule() == Rule::expr);
                            if let (Some(c), Some(v)) = (parts.next(), parts.next()) {
                                arms.push((self.expr(c), self.expr(v)));
                            }
                        }
                        Rule::else_arm => {
                            if let Some(v) = arm.into_inner().find(|p| p.as_rule() == Rule::expr) {
                                otherwise = Some(Box::new(self.expr(v)));
                            }
                        }
                        _ => {}
                    }
                }
                Expr {
                    kind: ExprKind::Case { arms, otherwise },
                    span,
                }
            }
            _ => self.empty(span),
        }
    }

    fn source_slice(&self, span: Span) -> String {
        self.source
            .get(span.range())
            .unwrap_or_default()
            .to_string()
    }

    fn empty(&self, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Empty,
            span,
        }
    }

    fn literal(&mut self, p: Pair<Rule>) -> Expr {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::integer => match p.as_str().parse::<i64>() {
                Ok(n) => ExprKind::Int(n),
                Err(_) => {
                    self.errors.push(ParseError {
                        kind: ParseErrorKind::NumberTooLarge {
                            number: p.as_str().into(),
                        },
                        span,
                    });
                    ExprKind::Empty
                }
            },
            Rule::string => ExprKind::Str(self.string_value(&p)),
            Rule::boolean => ExprKind::Bool(p.as_str() == "true"),
            _ => ExprKind::Empty,
        };
        Expr { kind, span }
    }

    /// `a op b op c` → left-associative binary nodes.
    fn binary_chain(&mut self, inner: Vec<Pair<Rule>>, span: Span) -> Expr {
        let mut it = inner.into_iter();
        let Some(first) = it.next() else {
            return self.empty(span);
        };
        let mut acc = self.expr(first);
        while let Some(op) = it.next() {
            let Some(rhs) = it.next() else { break };
            let op = match (op.as_rule(), op.as_str()) {
                (Rule::kw_or, _) => BinOp::Or,
                (Rule::kw_and, _) => BinOp::And,
                (_, "+") => BinOp::Add,
                (_, "-") => BinOp::Sub,
                (_, "*") => BinOp::Mul,
                _ => BinOp::Div,
            };
            let rhs = self.expr(rhs);
            let s = acc.span.to(rhs.span);
            acc = Expr {
                kind: ExprKind::Binary(op, Box::new(acc), Box::new(rhs)),
                span: s,
            };
        }
        acc
    }

    fn comparison(&mut self, inner: Vec<Pair<Rule>>, span: Span) -> Expr {
        let mut it = inner.into_iter();
        let Some(lhs) = it.next() else {
            return self.empty(span);
        };
        let lhs = self.expr(lhs);
        let Some(tail) = it.next() else {
            return lhs;
        };
        let parts: Vec<Pair<Rule>> = tail.into_inner().collect();
        let kind = match parts.first().map(Pair::as_rule) {
            Some(Rule::cmp_op) => {
                let op = match parts[0].as_str() {
                    "=" => BinOp::Eq,
                    "!=" => BinOp::Ne,
                    "<" => BinOp::Lt,
                    "<=" => BinOp::Le,
                    ">" => BinOp::Gt,
                    _ => BinOp::Ge,
                };
                let rhs = parts.into_iter().nth(1).map(|p| self.expr(p));
                ExprKind::Binary(
                    op,
                    Box::new(lhs),
                    Box::new(rhs.unwrap_or_else(|| self.empty(span))),
                )
            }
            Some(Rule::contains_op) => {
                let rhs = parts.into_iter().nth(1).map(|p| self.expr(p));
                ExprKind::Binary(
                    BinOp::Contains,
                    Box::new(lhs),
                    Box::new(rhs.unwrap_or_else(|| self.empty(span))),
                )
            }
            Some(Rule::in_op | Rule::not_in) => {
                let negated = parts[0].as_rule() == Rule::not_in;
                let list = parts
                    .into_iter()
                    .nth(1)
                    .map(|l| self.expr(l))
                    .map(|l| match l.kind {
                        ExprKind::List(items) => items,
                        _ => Vec::new(),
                    })
                    .unwrap_or_default();
                ExprKind::In {
                    expr: Box::new(lhs),
                    list,
                    negated,
                }
            }
            _ => ExprKind::IsEmpty {
                expr: Box::new(lhs),
                negated: parts.iter().any(|p| p.as_rule() == Rule::is_not),
            },
        };
        Expr { kind, span }
    }
}

/// Where a pair's last token ends: pest counts the whitespace and comments skipped before a
/// trailing lookahead as part of the pair, which would swallow a trailing comment.
fn tight_end(pair: &Pair<Rule>) -> usize {
    let mut pair = pair.clone();
    while let Some(last) = pair.clone().into_inner().last() {
        pair = last;
    }
    pair.as_span().end()
}

/// The direct sub-expressions of an expression.
fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Int(_)
        | ExprKind::Str(_)
        | ExprKind::Bool(_)
        | ExprKind::Empty
        | ExprKind::Name(_) => Vec::new(),
        ExprKind::Member(e, _) | ExprKind::Unary(_, e) | ExprKind::IsEmpty { expr: e, .. } => {
            vec![e]
        }
        ExprKind::Binary(_, a, b) => vec![a, b],
        ExprKind::Call { args, .. } => args
            .iter()
            .flat_map(|a| std::iter::once(&a.expr).chain(a.filter.as_ref()))
            .collect(),
        ExprKind::In { expr, list, .. } => std::iter::once(&**expr).chain(list).collect(),
        ExprKind::List(items) => items.iter().collect(),
        ExprKind::Collect(arms) => arms.iter().flat_map(|(c, v)| [c, v]).collect(),
        ExprKind::Case { arms, otherwise } => arms
            .iter()
            .flat_map(|(c, v)| [c, v])
            .chain(otherwise.as_deref())
            .collect(),
    }
}

/// Is the expression more than `limit` nodes deep? Walks with its own stack, not recursion.
fn depth_exceeds(e: &Expr, limit: usize) -> bool {
    let mut stack = vec![(e, 1)];
    while let Some((e, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        stack.extend(children(e).into_iter().map(|c| (c, depth + 1)));
    }
    false
}

/// Drops an expression of any depth without recursion (dropping a `Box` chain recurses).
fn dismantle(e: Expr) {
    let mut stack = vec![e];
    while let Some(mut e) = stack.pop() {
        match std::mem::replace(&mut e.kind, ExprKind::Empty) {
            ExprKind::Member(inner, _)
            | ExprKind::Unary(_, inner)
            | ExprKind::IsEmpty { expr: inner, .. } => stack.push(*inner),
            ExprKind::Binary(_, a, b) => stack.extend([*a, *b]),
            ExprKind::Call { args, .. } => {
                for a in args {
                    stack.push(a.expr);
                    stack.extend(a.filter);
                }
            }
            ExprKind::In { expr, list, .. } => {
                stack.push(*expr);
                stack.extend(list);
            }
            ExprKind::List(items) => stack.extend(items),
            ExprKind::Collect(arms) => stack.extend(arms.into_iter().flat_map(|(c, v)| [c, v])),
            ExprKind::Case { arms, otherwise } => {
                stack.extend(arms.into_iter().flat_map(|(c, v)| [c, v]));
                stack.extend(otherwise.map(|o| *o));
            }
            _ => {}
        }
    }
}

fn translate_kind(pair: &Pair<Rule>) -> Option<crate::ast::TranslateKind> {
    use crate::ast::TranslateKind as K;
    Some(match pair.clone().into_inner().next()?.as_rule() {
        Rule::kw_standard => K::Standard,
        Rule::kw_country => K::Country,
        Rule::kw_record => K::Record,
        Rule::kw_role => K::Role,
        Rule::kw_lookup => K::Lookup,
        Rule::kw_form | Rule::kw_subform => K::Form,
        Rule::kw_field => K::Field,
        Rule::kw_incident_recorder => K::IncidentRecorder,
        _ => return None,
    })
}

fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_standard
            | Rule::kw_version
            | Rule::kw_lookup
            | Rule::kw_record
            | Rule::kw_form
            | Rule::kw_subform
            | Rule::kw_role
            | Rule::kw_incident_recorder
            | Rule::kw_in
            | Rule::kw_country
            | Rule::kw_extends
            | Rule::kw_replace
            | Rule::kw_extend
            | Rule::kw_translate
            | Rule::kw_reword
            | Rule::kw_because
            | Rule::kw_hide
            | Rule::kw_add
            | Rule::kw_to
            | Rule::kw_unused
            | Rule::kw_change
    )
}

/// Resolves backslash escapes (already validated by the scanner).
#[must_use]
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Escapes a string for writing between double quotes.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}
