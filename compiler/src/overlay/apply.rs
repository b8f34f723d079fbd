//! The overlay being applied: the standard's syntax trees being edited, the `extends` check,
//! the dispatch of structural declarations (`lookups.rs`, `fields.rs`; translations are in
//! `translate.rs`), the country prefix, and the country's languages put in place at the end.

use std::collections::BTreeMap;

use gbvims_dsl::ast::{AttrValue, Decl, DeclKind, File, Item, ItemKind, Name};
use gbvims_dsl::{FileId, Span};

use super::changes::{ChangeKind, OverlayChange};
use super::index::{self, Files};
use super::Header;
use crate::checks::attribute_not_allowed_here::AttributeNotAllowedHere;
use crate::checks::country_id_taken::CountryIdTaken;
use crate::checks::invalid_attribute_value::InvalidAttributeValue;
use crate::checks::invalid_version::InvalidVersion;
use crate::checks::misplaced_item::MisplacedItem;
use crate::checks::unprefixed_country_id::UnprefixedCountryId;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Model, SpanTable};

/// The overlay being applied.
pub(crate) struct Work<'a> {
    pub std: &'a Model,
    /// Where the standard's elements are declared.
    pub std_spans: &'a SpanTable,
    pub files: Files,
    pub std_files: Vec<FileId>,
    pub prefix: String,
    pub code: String,
    pub default_language: String,
    pub sink: &'a mut Sink,
    /// Standard lookups the country replaces, and where (the replacement may have been
    /// rejected: the list is still not reported as a placeholder left in place).
    pub replaced: BTreeMap<String, Span>,
    /// Texts translated so far: (key, language) → where.
    pub translated: BTreeMap<(crate::translations::Key, String), Span>,
    /// The declaration being applied (where its changes are recorded).
    pub at: Span,
    /// What the declarations applied so far changed, in the order they were applied.
    pub changes: Vec<OverlayChange>,
    /// The `reword … because "…"` texts applied so far.
    pub rewords: Vec<crate::model::Reword>,
    /// Option ids refused for their prefix (E0080).
    pub refused_options: Vec<String>,
    /// The Incident Recorder variants the country chooses (`ir_variants:`).
    pub ir_variants: Vec<super::ir_variants::Chosen>,
    /// The standard with those variants in place of their columns (what a hidden field's
    /// readers are looked up in), when there are any.
    pub ir_std: Option<Model>,
    /// The country's own subforms refused (`own_forms.rs`): a field showing one is not also
    /// reported as showing an unknown subform.
    pub refused_subforms: Vec<String>,
    /// Options hidden by `hide option`.
    pub hidden_options: Vec<super::edits::HiddenOption>,
    /// Lookups declared `unused lookup`, and where.
    pub unused: BTreeMap<String, Span>,
    /// Standard texts a country removed: (form, field, `help` or `tick_label`).
    pub removed_texts: Vec<(String, String, String)>,
    /// `hide form` declarations, carried out once every declaration is applied
    /// (`hide_form.rs`).
    pub pending_hides: Vec<super::hide_form::PendingHide>,
    /// Fields hidden by `hide field` so far, (form, field) → where (E0134 for another line).
    pub hidden_fields: BTreeMap<(String, String), Span>,
}

impl<'a> Work<'a> {
    pub(crate) fn new(
        std: &'a Model,
        std_spans: &'a SpanTable,
        files: Files,
        header: &Header,
        sink: &'a mut Sink,
    ) -> Self {
        Self {
            std,
            std_spans,
            std_files: files.iter().map(|(id, _)| *id).collect(),
            files,
            prefix: header.prefix.clone(),
            code: header.code.clone(),
            default_language: header.default_language.clone(),
            sink,
            replaced: BTreeMap::new(),
            translated: BTreeMap::new(),
            at: Span::default(),
            changes: Vec::new(),
            rewords: Vec::new(),
            refused_options: Vec::new(),
            ir_variants: Vec::new(),
            ir_std: None,
            refused_subforms: Vec::new(),
            hidden_options: Vec::new(),
            unused: BTreeMap::new(),
            removed_texts: Vec::new(),
            pending_hides: Vec::new(),
            hidden_fields: BTreeMap::new(),
        }
    }

    /// Records what the declaration being applied changed.
    pub(crate) fn changed(&mut self, kind: ChangeKind) {
        self.changes.push(OverlayChange {
            span: self.at,
            kind,
        });
    }

    /// Is this place in a file of the standard?
    pub(crate) fn in_standard(&self, span: Span) -> bool {
        self.std_files.contains(&span.file)
    }

    /// The `extends` clause against the standard's name and version.
    pub(crate) fn version(&mut self, header: &Header) {
        let std_decl = index::decls(&self.files).find_map(|d| match &d.kind {
            DeclKind::Standard(s) => Some(s.clone()),
            _ => None,
        });
        let Some(std_decl) = std_decl else { return };
        let decl = &header.decl;
        let standard = &self.std.standard;
        if decl.base.node != standard.name {
            self.sink.push(
                Diagnostic::new(
                    Code::E0088,
                    decl.base.span,
                    format!(
                        "the country extends `{}`, but the standard is `{}`",
                        decl.base.node, standard.name
                    ),
                )
                .label("unknown standard")
                .with_secondary(std_decl.name.span, "the standard's name")
                .help(format!(
                    "write `extends {} \"^{}.{}\"`",
                    standard.name, standard.version.major, standard.version.minor
                )),
            );
            return;
        }
        match semver::VersionReq::parse(&decl.requirement.node) {
            Err(_) => self.sink.push(
                InvalidVersion::Requirement {
                    requirement: &decl.requirement.node,
                    span: decl.requirement.span,
                    standard: &standard.version,
                }
                .diagnostic(),
            ),
            Ok(req) if !req.matches(&standard.version) => self.sink.push(
                Diagnostic::new(
                    Code::E0088,
                    decl.requirement.span,
                    format!(
                        "the country accepts {} \"{}\", but the standard is version {}",
                        standard.name, decl.requirement.node, standard.version
                    ),
                )
                .label("does not match")
                .with_secondary(std_decl.version.span, "the standard's version")
                .help(format!(
                    "read the standard's CHANGELOG from your version to {}, update the overlay, then write `extends {} \"^{}.{}\"`",
                    standard.version, standard.name, standard.version.major, standard.version.minor
                )),
            ),
            Ok(_) => {}
        }
    }

    /// Checks and applies one declaration that changes the standard's structure.
    pub(crate) fn structure(&mut self, file: FileId, decl: &Decl) {
        match &decl.kind {
            DeclKind::ReplaceLookup(l) => self.replace(l),
            DeclKind::ExtendLookup(l) => self.extend(l),
            DeclKind::HideField(path) => self.hide(path),
            DeclKind::AddField(a) => self.add(a, decl.span),
            DeclKind::Lookup(l) => self.own_lookup(file, l, decl),
            DeclKind::Country(_) => self.adopt(file, decl),
            DeclKind::Form(f) => self.own_form(file, f, decl),
            DeclKind::Role(r) => self.own_role(file, r, decl),
            DeclKind::HideForm(id) => self.hide_form(id),
            DeclKind::HideOption(h) => self.hide_option(h),
            DeclKind::UnusedLookup(id) => self.unused_lookup(id),
            _ => {}
        }
    }

    /// Checks and applies one edit that needs every structural declaration applied first:
    /// the lists and fields it names may be the country's own (`change field`, `change
    /// lookup`, `use field`).
    pub(crate) fn edit(&mut self, decl: &Decl) {
        match &decl.kind {
            DeclKind::ChangeField(c) => self.change_field(c),
            DeclKind::ChangeLookup(l) => self.change_lookup(l),
            DeclKind::UseField(u) => self.use_field(u, decl.span),
            _ => {}
        }
    }

    /// Takes a country declaration into the trees being edited (translations may change it).
    pub(crate) fn adopt(&mut self, file: FileId, decl: &Decl) {
        self.files.push((
            file,
            File {
                decls: vec![decl.clone()],
                comments: Vec::new(),
            },
        ));
    }

    /// Reports a country id without the prefix, or a country field whose id the standard
    /// already uses (E0100); true when it is usable.
    pub(crate) fn prefixed(&mut self, id: &Name, what: &str) -> bool {
        if self.prefix.is_empty() || id.node.starts_with(&self.prefix) {
            if what != "field" {
                return true;
            }
            let Some((form, standard)) = CountryIdTaken::find(self.std, self.std_spans, &id.node)
            else {
                return true;
            };
            let d = CountryIdTaken {
                id: &id.node,
                form,
                span: id.span,
                standard,
            }
            .diagnostic();
            self.sink.push(d);
            return false;
        }
        if what == "option" {
            self.refused_options.push(id.node.clone());
        }
        self.unprefixed(id, what, "add");
        false
    }

    /// E0080: a country id without the country prefix (`verb`: what a later standard could do
    /// with the same id, `add` or `declare`).
    pub(crate) fn unprefixed(&mut self, id: &Name, what: &str, verb: &str) {
        let d = UnprefixedCountryId {
            what,
            id: &id.node,
            prefix: &self.prefix,
            renamed: format!("{}{}", self.prefix, id.node),
            span: id.span,
            verb,
        }
        .diagnostic();
        self.sink.push(d);
    }

    /// Reports attributes and items a declaration may not hold: it takes the texts `attrs`, and
    /// options when `options` is set.
    pub(crate) fn only(&mut self, body: &[Item], attrs: &[&str], options: bool, what: &str) {
        let mut takes: Vec<String> = attrs.iter().map(|k| format!("`{k}`")).collect();
        if options {
            takes.push("options".to_string());
        }
        let takes = format!("{what} takes {}", takes.join(", "));
        for item in body {
            let d = match &item.kind {
                ItemKind::Attr(a) if attrs.contains(&a.key.node.as_str()) => {
                    if matches!(a.value, AttrValue::Texts(_) | AttrValue::Raw(_)) {
                        continue;
                    }
                    InvalidAttributeValue::NotTexts {
                        key: &a.key.node,
                        span: a.key.span,
                    }
                    .diagnostic()
                }
                ItemKind::Option(_) if options => continue,
                _ => not_taken(item, what, &takes),
            };
            self.sink.push(d);
        }
    }

    /// The edited trees, with the country's languages in place of the standard's.
    pub(crate) fn finish(mut self, header: &Header) -> Files {
        let langs: Vec<Item> = header
            .decl
            .body
            .iter()
            .filter(|i| matches!(&i.kind, ItemKind::Attr(a) if a.key.node == "languages" || a.key.node == "default_language"))
            .cloned()
            .collect();
        for (_, file) in &mut self.files {
            for decl in &mut file.decls {
                let is_std = matches!(decl.kind, DeclKind::Standard(_));
                let body = match &mut decl.kind {
                    DeclKind::Standard(s) => &mut s.body,
                    DeclKind::IncidentRecorder(body) => body,
                    _ => continue,
                };
                for item in &langs {
                    let ItemKind::Attr(attr) = &item.kind else {
                        continue;
                    };
                    if !is_std && attr.key.node != "languages" {
                        continue;
                    }
                    body.retain(
                        |i| !matches!(&i.kind, ItemKind::Attr(a) if a.key.node == attr.key.node),
                    );
                    body.push(item.clone());
                }
            }
        }
        self.files
    }
}

/// The error for an item of an overlay declaration's body that `what`
/// does not take (`takes` says what it takes).
pub(crate) fn not_taken(item: &Item, what: &str, takes: &str) -> crate::diagnostics::Diagnostic {
    match &item.kind {
        ItemKind::Attr(a) => AttributeNotAllowedHere::Overlay {
            key: &a.key.node,
            what,
            takes,
            span: a.key.span,
        }
        .diagnostic(),
        other => MisplacedItem::Overlay {
            what,
            field: matches!(other, ItemKind::Field(_)),
            takes,
            span: item.span,
        }
        .diagnostic(),
    }
}
