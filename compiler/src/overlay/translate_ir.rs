//! `translate incident_recorder { column … { header: … } word …: … }`: a country translates the
//! Incident Recorder's headers and words; its columns, their order and values stay the standard's.

use gbvims_dsl::ast::{AttrValue, DeclKind, Item, ItemKind, Name, Texts, TranslateDecl};
use gbvims_dsl::Span;

use super::apply::Work;
use super::index;
use super::translate::{merge, merge_texts};
use crate::diagnostics::{suggest, Code, Diagnostic};

impl Work<'_> {
    /// `translate incident_recorder { column … { header: … } word …: … }`.
    pub(crate) fn translate_ir(&mut self, t: &TranslateDecl) {
        let ir = index::decls(&self.files).find_map(|d| match &d.kind {
            DeclKind::IncidentRecorder(body) => Some((d.span, body.clone())),
            _ => None,
        });
        let Some((ir_span, ir_body)) = ir else {
            self.sink.push(
                Diagnostic::new(
                    Code::E0081,
                    t.kind.span,
                    "the standard has no Incident Recorder",
                )
                .label("nothing to translate")
                .help("delete this declaration"),
            );
            return;
        };
        let columns: Vec<(&Name, &Vec<Item>)> = ir_body
            .iter()
            .filter_map(|i| match &i.kind {
                ItemKind::Column(c) => Some((&c.key, &c.body)),
                _ => None,
            })
            .collect();
        let words: Vec<&Name> = ir_body
            .iter()
            .filter_map(|i| match &i.kind {
                ItemKind::Word(w) => Some(&w.key),
                _ => None,
            })
            .collect();
        let mut edits: Vec<(bool, String, String, Texts)> = Vec::new();
        for item in &t.body {
            match &item.kind {
                ItemKind::Column(c) => {
                    let Some((std_key, _)) = columns.iter().find(|(k, _)| k.node == c.key.node)
                    else {
                        let help = suggest(
                            &c.key.node,
                            columns.iter().map(|(k, _)| k.node.as_str()),
                            "translate only the standard's columns",
                        );
                        self.sink.push(
                            Diagnostic::new(
                                Code::E0081,
                                c.key.span,
                                format!("the Incident Recorder has no column `{}`", c.key.node),
                            )
                            .label("unknown column")
                            .with_secondary(
                                Span::new(
                                    ir_span.file,
                                    ir_span.start as usize,
                                    ir_span.start as usize + "incident_recorder".len(),
                                ),
                                "the standard's Incident Recorder",
                            )
                            .help(help),
                        );
                        continue;
                    };
                    for ci in &c.body {
                        match &ci.kind {
                            ItemKind::Attr(a)
                                if matches!(a.key.node.as_str(), "header" | "menu") =>
                            {
                                if let AttrValue::Texts(texts) = &a.value {
                                    if self.first_time(
                                        &format!("ir.column.{}.{}", c.key.node, a.key.node),
                                        texts,
                                    ) {
                                        edits.push((
                                            true,
                                            c.key.node.clone(),
                                            a.key.node.clone(),
                                            texts.clone(),
                                        ));
                                    }
                                }
                            }
                            _ => {
                                let what = match &ci.kind {
                                    ItemKind::Attr(a) => format!("`{}`", a.key.node),
                                    _ => "this item".to_string(),
                                };
                                self.sink.push(
                                    Diagnostic::new(
                                        Code::E0082,
                                        ci.span,
                                        format!("a country cannot change {what} of the Incident Recorder column `{}`", c.key.node),
                                    )
                                    .label("only headers may be translated")
                                    .with_secondary(std_key.span, "the standard's column")
                                    .help("the columns and their values are the same in every country; give only `header:` (and `menu:`) texts"),
                                );
                            }
                        }
                    }
                }
                ItemKind::Word(w) => {
                    if !words.iter().any(|k| k.node == w.key.node) {
                        let help = suggest(
                            &w.key.node,
                            words.iter().map(|k| k.node.as_str()),
                            "translate only the standard's words",
                        );
                        self.sink.push(
                            Diagnostic::new(
                                Code::E0081,
                                w.key.span,
                                format!("the Incident Recorder has no word `{}`", w.key.node),
                            )
                            .label("unknown word")
                            .help(help),
                        );
                        continue;
                    }
                    if self.first_time(&format!("ir.word.{}", w.key.node), &w.texts) {
                        edits.push((false, w.key.node.clone(), String::new(), w.texts.clone()));
                    }
                }
                ItemKind::Attr(a) => {
                    self.sink.push(
                        Diagnostic::new(Code::E0082, a.key.span, format!("a country cannot set `{}` of the Incident Recorder", a.key.node))
                            .label("not allowed")
                            .help("translate column headers and words only; the IR's languages follow the country's"),
                    );
                }
                _ => {
                    self.sink.push(
                        Diagnostic::new(
                            Code::E0054,
                            item.span,
                            "this item cannot stand in `translate incident_recorder`",
                        )
                        .label("misplaced")
                        .help("write `column <key> { header: … }` or `word <key>: …`"),
                    );
                }
            }
        }
        let default = self.default_language.clone();
        let body = self
            .files
            .iter_mut()
            .flat_map(|(_, f)| f.decls.iter_mut())
            .find_map(|d| match &mut d.kind {
                DeclKind::IncidentRecorder(body) => Some(body),
                _ => None,
            });
        let Some(body) = body else { return };
        for (column, key, attr, texts) in edits {
            for item in body.iter_mut() {
                match &mut item.kind {
                    ItemKind::Column(c) if column && c.key.node == key => {
                        merge(&mut c.body, &attr, &texts, &default);
                    }
                    ItemKind::Word(w) if !column && w.key.node == key => {
                        merge_texts(&mut w.texts, &texts, &default);
                    }
                    _ => {}
                }
            }
        }
    }
}
