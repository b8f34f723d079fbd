//! The Incident Recorder declaration: words, then columns with typed values.

use gbvims_dsl::ast::{AttrValue, Decl, DeclKind, Item, ItemKind};
use gbvims_dsl::Span;

use super::attrs::Place;
use super::exprs::{Ctx, Scope};
use super::Lower;
use crate::checks::duplicate_language::DuplicateLanguage;
use crate::checks::missing_attribute::MissingAttribute;
use crate::checks::unknown_ir_variant::UnknownIrVariant;
use crate::checks::unknown_record::UnknownRecord;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{IncidentRecorder, IrColumn, IrVariant, IrWord, LangCode, Ty};

impl Lower<'_> {
    pub(crate) fn incident_recorder(&mut self, decls: &[&Decl]) -> Option<IncidentRecorder> {
        let irs: Vec<(&Vec<Item>, Span)> = decls
            .iter()
            .filter_map(|d| match &d.kind {
                DeclKind::IncidentRecorder(body) => Some((body, d.span)),
                _ => None,
            })
            .collect();
        let (body, span) = *irs.first()?;
        let keyword = |s: Span| Span {
            end: s.start + 17,
            ..s
        };
        for (_, extra) in &irs[1..] {
            self.sink.push(
                Diagnostic::new(
                    Code::E0066,
                    keyword(*extra),
                    "the Incident Recorder is declared twice",
                )
                .label("second declaration")
                .with_secondary(keyword(span), "first declared here")
                .help("keep one `incident_recorder` block with every column in order"),
            );
        }
        let Some(&record) = self.record_ids.get("incident") else {
            self.sink.push(
                UnknownRecord::NoIncidentRecord {
                    span: keyword(span),
                }
                .diagnostic(),
            );
            return None;
        };
        let attrs = self.attrs(body, Place::IncidentRecorder);
        let languages = self.ir_languages(&attrs);
        self.text_languages = Some(languages.clone());
        let words = self.ir_words(body);
        self.in_ir = true;
        let (columns, variants) = self.ir_columns(body, Scope { row: None, record });
        self.in_ir = false;
        self.text_languages = None;
        Some(IncidentRecorder {
            languages: languages.into_iter().map(LangCode).collect(),
            words,
            columns,
            variants,
        })
    }

    fn ir_languages(&mut self, attrs: &super::attrs::Attrs) -> Vec<String> {
        let mut out = vec![self.default_language.clone()];
        let Some(names) = self.names(attrs, "languages") else {
            out.extend(self.languages.iter().skip(1).cloned());
            return out;
        };
        for n in names {
            if !self.known_language(&n.node, n.span) {
            } else if out.contains(&n.node) && n.node != self.default_language {
                self.sink.push(
                    DuplicateLanguage::InList {
                        lang: &n.node,
                        span: n.span,
                        first: None,
                    }
                    .diagnostic(),
                );
            } else if !out.contains(&n.node) {
                out.push(n.node.clone());
            }
        }
        out
    }

    fn ir_words(&mut self, body: &[Item]) -> Vec<IrWord> {
        let mut words: Vec<IrWord> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        for item in body {
            let ItemKind::Word(w) = &item.kind else {
                continue;
            };
            if let Some(n) = words.iter().position(|x| x.key == w.key.node) {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0064,
                        w.key.span,
                        format!("the word `{}` is declared twice", w.key.node),
                    )
                    .with_secondary(spans[n], "first declared here")
                    .help("keep one declaration per word"),
                );
                continue;
            }
            let texts = self.texts(&w.texts, &format!("the word `{}`", w.key.node));
            self.ir_words.push(w.key.node.clone());
            words.push(IrWord {
                key: w.key.node.clone(),
                texts,
            });
            spans.push(w.key.span);
        }
        words
    }

    /// The columns, and the variants (`variant_of:`) a country may choose instead of a column.
    fn ir_columns(&mut self, body: &[Item], scope: Scope) -> (Vec<IrColumn>, Vec<IrVariant>) {
        let mut columns: Vec<IrColumn> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut variants: Vec<(IrVariant, Span)> = Vec::new();
        for item in body {
            let c = match &item.kind {
                ItemKind::Column(c) => c,
                _ => continue,
            };
            let key = &c.key;
            let earlier = columns
                .iter()
                .position(|x| x.key == key.node)
                .map(|n| spans[n])
                .or_else(|| {
                    variants
                        .iter()
                        .find(|(v, _)| v.column.key == key.node)
                        .map(|(_, s)| *s)
                });
            if let Some(first) = earlier {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0064,
                        key.span,
                        format!("the column `{}` is declared twice", key.node),
                    )
                    .with_secondary(first, "first declared here")
                    .help("each column of the Incident Recorder has its own key"),
                );
                continue;
            }
            let attrs = self.attrs(&c.body, Place::Column);
            let what = format!("the header of column `{}`", key.node);
            let header = self.required_texts(&attrs, "header", &what, key.span, "column");
            let menu = attrs.get("menu").map(|_| {
                self.texts_attr(
                    &attrs,
                    "menu",
                    &format!("the menu header of column `{}`", key.node),
                )
            });
            let allow_sensitive = self.flag(&attrs, "allow_sensitive").unwrap_or(false);
            let variant_of = match self.names(&attrs, "variant_of") {
                Some([of]) => Some(of.clone()),
                Some(names) => {
                    let span = names.first().map_or(key.span, |n| n.span);
                    self.sink.push(
                        UnknownIrVariant::VariantOfOne {
                            variant: &key.node,
                            span,
                        }
                        .diagnostic(),
                    );
                    continue;
                }
                None => None,
            };
            let value = match attrs.get("value").map(|a| &a.value) {
                Some(AttrValue::Expr(e)) => {
                    if variant_of.is_none() {
                        self.spans.ir_columns.push((key.span, e.span));
                    }
                    self.expr_to(e, scope, Ty::Cell, Ctx::Column)
                }
                _ => {
                    if attrs.get("value").is_none() {
                        self.sink.push(
                            MissingAttribute::ColumnValue {
                                column: &key.node,
                                span: key.span,
                            }
                            .diagnostic(),
                        );
                    }
                    if variant_of.is_none() {
                        self.spans.ir_columns.push((key.span, key.span));
                    }
                    super::exprs::error_expr()
                }
            };
            let column = IrColumn {
                key: key.node.clone(),
                header,
                value,
                allow_sensitive,
                menu,
            };
            match variant_of {
                Some(of) => variants.push((
                    IrVariant {
                        of: of.node.clone(),
                        column,
                    },
                    of.span,
                )),
                None => {
                    columns.push(column);
                    spans.push(key.span);
                }
            }
        }
        // A variant replaces a column of this Incident Recorder (E0141 otherwise).
        let mut kept = Vec::new();
        for (variant, of_span) in variants {
            if columns.iter().any(|c| c.key == variant.of) {
                kept.push(variant);
                continue;
            }
            let keys: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
            self.sink.push(
                UnknownIrVariant::NoSuchColumn {
                    variant: &variant.column.key,
                    of: &variant.of,
                    span: of_span,
                    columns: &keys,
                }
                .diagnostic(),
            );
        }
        (columns, kept)
    }
}
