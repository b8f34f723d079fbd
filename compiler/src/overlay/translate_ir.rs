//! `translate incident_recorder { column … { header: … } word …: … }`: a country translates the
//! Incident Recorder's headers and words; its columns, their order and values stay the standard's.

use gbvims_dsl::ast::{AttrValue, Decl, DeclKind, ItemKind, Texts, TranslateDecl};

use super::apply::Work;
use super::incident_recorder_changed::IncidentRecorderChanged;
use super::translate::{merge, merge_texts, translated};
use super::unknown_target::UnknownOverlayTarget;
use super::{index, keyword_span};
use crate::checks::misplaced_item::MisplacedItem;
use crate::translations::{IrColumnAttr, Key};

impl Work<'_> {
    /// `translate incident_recorder { column … { header: … } word …: … }`.
    pub(crate) fn translate_ir(&mut self, t: &TranslateDecl) {
        let ir: Option<Decl> = index::decls(&self.files)
            .find(|d| matches!(d.kind, DeclKind::IncidentRecorder(_)))
            .cloned();
        let Some(ir) = ir else {
            self.sink
                .push(UnknownOverlayTarget::NoIncidentRecorder { span: t.kind.span }.diagnostic());
            return;
        };
        let DeclKind::IncidentRecorder(ir_body) = &ir.kind else {
            return;
        };
        let mut edits: Vec<(Key, Texts)> = Vec::new();
        for item in &t.body {
            match &item.kind {
                ItemKind::Column(c) => {
                    let std_key = ir_body.iter().find_map(|i| match &i.kind {
                        ItemKind::Column(s) if s.key.node == c.key.node => Some(&s.key),
                        _ => None,
                    });
                    let Some(std_key) = std_key else {
                        let d = UnknownOverlayTarget::Column {
                            key: &c.key.node,
                            span: c.key.span,
                            ir: keyword_span(&ir),
                            candidates: ir_body
                                .iter()
                                .filter_map(|i| match &i.kind {
                                    ItemKind::Column(s) => Some(s.key.node.as_str()),
                                    _ => None,
                                })
                                .collect(),
                        }
                        .diagnostic();
                        self.sink.push(d);
                        continue;
                    };
                    for ci in &c.body {
                        let attr = match &ci.kind {
                            ItemKind::Attr(a) => IrColumnAttr::parse(&a.key.node).map(|x| (x, a)),
                            _ => None,
                        };
                        if let Some((attr, a)) = attr {
                            if let AttrValue::Texts(texts) = &a.value {
                                let key = Key::IrColumn {
                                    column: c.key.node.clone(),
                                    attr,
                                };
                                if self.first_time(&key, texts) {
                                    edits.push((key, texts.clone()));
                                }
                            }
                            continue;
                        }
                        let what = match &ci.kind {
                            ItemKind::Attr(a) => format!("`{}`", a.key.node),
                            _ => "this item".to_string(),
                        };
                        self.sink.push(
                            IncidentRecorderChanged::Column {
                                what: &what,
                                column: &c.key.node,
                                span: ci.span,
                                standard: std_key.span,
                            }
                            .diagnostic(),
                        );
                    }
                }
                ItemKind::Word(w) => {
                    let words = ir_body.iter().filter_map(|i| match &i.kind {
                        ItemKind::Word(s) => Some(s.key.node.as_str()),
                        _ => None,
                    });
                    if !words.clone().any(|k| k == w.key.node) {
                        let d = UnknownOverlayTarget::Word {
                            key: &w.key.node,
                            span: w.key.span,
                            candidates: words.collect(),
                        }
                        .diagnostic();
                        self.sink.push(d);
                        continue;
                    }
                    let key = Key::IrWord(w.key.node.clone());
                    if self.first_time(&key, &w.texts) {
                        edits.push((key, w.texts.clone()));
                    }
                }
                ItemKind::Attr(a) => {
                    self.sink.push(
                        IncidentRecorderChanged::Attribute {
                            key: &a.key.node,
                            span: a.key.span,
                        }
                        .diagnostic(),
                    );
                }
                _ => {
                    self.sink.push(
                        MisplacedItem::IncidentRecorderTranslation { span: item.span }.diagnostic(),
                    );
                }
            }
        }
        let default = self.default_language.clone();
        let std_files = self.std_files.clone();
        let body = self
            .files
            .iter_mut()
            .flat_map(|(_, f)| f.decls.iter_mut())
            .find_map(|d| match &mut d.kind {
                DeclKind::IncidentRecorder(body) => Some(body),
                _ => None,
            });
        let Some(body) = body else { return };
        let mut changes = Vec::new();
        for (key, texts) in edits {
            for item in body.iter_mut() {
                let replaced = match (&mut item.kind, &key) {
                    (ItemKind::Column(c), Key::IrColumn { column, attr })
                        if &c.key.node == column =>
                    {
                        merge(&mut c.body, attr.as_str(), &texts, &default)
                    }
                    (ItemKind::Word(w), Key::IrWord(word)) if &w.key.node == word => {
                        merge_texts(&mut w.texts, &texts, &default)
                    }
                    _ => continue,
                };
                changes.push(translated(&key, &texts, &replaced, &default, &std_files));
            }
        }
        for change in changes {
            self.changed(change);
        }
    }
}
