//! `ir_variants:` in the country header: the country writes a variant of an Incident Recorder
//! column in place of the standard's column (FACTS §5.2: the perpetrator's age *type* in column
//! AC instead of the age group). The variant takes the column's place in the merged tree, and
//! the fields it reads that the standard hides (`age_type`) are shown: without them the column
//! would always be empty. An unknown variant is E0141; hiding a field a chosen variant reads is
//! E0142.

use gbvims_dsl::ast::{AttrValue, DeclKind, ItemKind};
use gbvims_dsl::Span;

use super::apply::Work;
use super::index;
use super::Header;
use crate::checks::ir_variant_field_hidden::IrVariantFieldHidden;
use crate::checks::unknown_ir_variant::UnknownIrVariant;
use crate::model::{FieldIx, IncidentRecorder, Model};

/// A variant the country chooses.
pub(crate) struct Chosen {
    /// The variant's key (`perpetrator.age_type`).
    pub key: String,
    /// The column it replaces (`perpetrator.age_group`).
    pub of: String,
    /// Where the country names it.
    pub span: Span,
    /// The letter of the column it replaces.
    pub letter: String,
    /// The standard's fields it reads (directly, through calculations and relevance).
    pub reads: Vec<FieldIx>,
}

/// The variants the header chooses, checked against the standard (E0141 for the others), and
/// the standard with them in place of their columns, for what reads hidden fields (W0011) when
/// there are any.
pub(crate) fn choose(std: &Model, header: &Header) -> (Vec<Chosen>, Vec<crate::Diagnostic>) {
    let mut out: Vec<Chosen> = Vec::new();
    let mut diags = Vec::new();
    let names = header.decl.body.iter().find_map(|i| match &i.kind {
        ItemKind::Attr(a) if a.key.node == "ir_variants" => match &a.value {
            AttrValue::Names(n) => Some(n.clone()),
            _ => None, // reported when the header is lowered
        },
        _ => None,
    });
    let Some(names) = names else {
        return (out, diags);
    };
    let ir = std.incident_recorder.as_ref();
    for name in &names {
        let variant = ir.and_then(|ir| ir.variant(&name.node));
        let Some(variant) = variant else {
            let variants = ir
                .map(|ir| {
                    ir.variants
                        .iter()
                        .map(|v| (v.column.key.as_str(), v.of.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            diags.push(
                UnknownIrVariant::Unknown {
                    written: &name.node,
                    span: name.span,
                    variants,
                }
                .diagnostic(),
            );
            continue;
        };
        if let Some(first) = out.iter().find(|c| c.of == variant.of) {
            if first.key != variant.column.key {
                diags.push(
                    UnknownIrVariant::SameColumn {
                        written: &name.node,
                        span: name.span,
                        first: &first.key,
                        first_span: first.span,
                        column: &variant.of,
                    }
                    .diagnostic(),
                );
            }
            continue;
        }
        let position = ir.and_then(|ir| ir.columns.iter().position(|c| c.key == variant.of));
        out.push(Chosen {
            key: variant.column.key.clone(),
            of: variant.of.clone(),
            span: name.span,
            letter: position.map(IncidentRecorder::letter).unwrap_or_default(),
            reads: std.effective_reads(&variant.column.value),
        });
    }
    (out, diags)
}

/// The standard with the chosen variants in place of their columns; `None` without variants.
pub(crate) fn standard_with(std: &Model, chosen: &[Chosen]) -> Option<Model> {
    if chosen.is_empty() {
        return None;
    }
    let mut model = std.clone();
    if let Some(ir) = model.incident_recorder.as_mut() {
        for c in chosen {
            let Some(variant) = ir.variant(&c.key).cloned() else {
                continue;
            };
            if let Some(column) = ir.columns.iter_mut().find(|col| col.key == c.of) {
                *column = variant.column;
            }
            ir.variants.retain(|v| v.column.key != c.key);
        }
    }
    Some(model)
}

impl Chosen {
    /// E0142: `field` (on `form`, when a whole form is hidden) is hidden at `span`, and this
    /// variant reads it.
    fn hidden(&self, field: &str, form: Option<&str>, span: Span) -> crate::Diagnostic {
        IrVariantFieldHidden {
            field,
            form,
            span,
            variant: &self.key,
            letter: &self.letter,
            chosen: self.span,
        }
        .diagnostic()
    }
}

impl Work<'_> {
    /// E0142 when `hide field` names a field a chosen variant reads; true when it does.
    pub(crate) fn hidden_for_variant(&mut self, field: FieldIx, id: &str, span: Span) -> bool {
        let Some(c) = self.ir_variants.iter().find(|c| c.reads.contains(&field)) else {
            return false;
        };
        self.sink.push(c.hidden(id, None, span));
        true
    }

    /// E0142 when one of `forms` (hidden by `hide form <id>`) holds a field a chosen variant
    /// reads; true when refused.
    pub(crate) fn hidden_for_variant_form(
        &mut self,
        id: &gbvims_dsl::ast::Name,
        forms: &[String],
    ) -> bool {
        // The question itself rather than the subform field that holds it, when both are read.
        let read = self.ir_variants.iter().find_map(|c| {
            let mut hit: Vec<&crate::model::Field> = c
                .reads
                .iter()
                .map(|&fx| self.std.field(fx))
                .filter(|f| forms.iter().any(|x| x == self.std.form(f.form).id.as_str()))
                .collect();
            hit.sort_by_key(|f| matches!(f.kind, crate::model::FieldKind::Subform { .. }));
            hit.first().map(|f| (c, f.id.as_str().to_string()))
        });
        let Some((c, field)) = read else {
            return false;
        };
        self.sink.push(c.hidden(&field, Some(&id.node), id.span));
        true
    }

    /// Puts each chosen variant in place of its column in the Incident Recorder's tree, and
    /// shows the fields it reads that the standard hides.
    pub(crate) fn apply_variants(&mut self) {
        if self.ir_variants.is_empty() {
            return;
        }
        for (_, file) in &mut self.files {
            for decl in &mut file.decls {
                let DeclKind::IncidentRecorder(body) = &mut decl.kind else {
                    continue;
                };
                for c in &self.ir_variants {
                    let Some(from) = body.iter().position(
                        |i| matches!(&i.kind, ItemKind::Column(col) if col.key.node == c.key),
                    ) else {
                        continue;
                    };
                    let mut item = body.remove(from);
                    if let ItemKind::Column(col) = &mut item.kind {
                        col.body.retain(
                            |i| !matches!(&i.kind, ItemKind::Attr(a) if a.key.node == "variant_of"),
                        );
                    }
                    if let Some(to) = body.iter().position(
                        |i| matches!(&i.kind, ItemKind::Column(col) if col.key.node == c.of),
                    ) {
                        body[to] = item;
                    }
                }
                // The other variants of a replaced column replace nothing any more.
                let replaced: Vec<&str> = self.ir_variants.iter().map(|c| c.of.as_str()).collect();
                body.retain(|i| match &i.kind {
                    ItemKind::Column(col) => !index::attr(&col.body, "variant_of").is_some_and(
                        |a| matches!(&a.value, AttrValue::Names(n) if n.iter().any(|n| replaced.contains(&n.node.as_str()))),
                    ),
                    _ => true,
                });
            }
        }
        let hidden: Vec<(String, String)> = self
            .ir_variants
            .iter()
            .flat_map(|c| c.reads.iter().copied())
            .map(|f| self.std.field(f))
            .filter(|f| !f.flags.visible)
            .map(|f| (self.std.form(f.form).id.to_string(), f.id.to_string()))
            .collect();
        for (form, field) in hidden {
            if let Some(f) =
                index::form_mut(&mut self.files, &form).and_then(|f| index::field_mut(f, &field))
            {
                // Shown like the question it stands for: on the web forms and on phones (else
                // incidents collected on phones would leave the column empty).
                f.body.retain(|i| {
                    !matches!(&i.kind, ItemKind::Attr(a) if a.key.node == "visible" || a.key.node == "mobile")
                });
            }
        }
    }
}
