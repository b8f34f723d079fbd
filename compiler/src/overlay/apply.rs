//! Checking each structural overlay declaration against the standard and applying the allowed
//! ones to the standard's syntax trees: `replace lookup`, `extend lookup`, `hide field`,
//! `add field`, and the country's own lookups.

use std::collections::BTreeMap;

use gbvims_dsl::ast::{
    AddFieldDecl, Attr, AttrValue, Decl, DeclKind, File, Item, ItemKind, LookupDecl, Name,
    OverlayLookupDecl,
};
use gbvims_dsl::{FileId, Span, Spanned};

use super::index::{self, Files};
use super::Header;
use crate::diagnostics::{suggest, Code, Diagnostic, Sink};
use crate::model::Model;

/// The overlay being applied.
pub(crate) struct Work<'a> {
    pub std: &'a Model,
    pub files: Files,
    pub std_files: Vec<FileId>,
    pub prefix: String,
    pub code: String,
    pub default_language: String,
    pub sink: &'a mut Sink,
    /// Standard lookups the country replaces (the replacement may have been rejected).
    pub replaced: Vec<String>,
    replaced_at: BTreeMap<String, Span>,
    /// Texts translated so far: (key, language) → where.
    pub translated: BTreeMap<(String, String), Span>,
}

impl<'a> Work<'a> {
    pub(crate) fn new(std: &'a Model, files: Files, header: &Header, sink: &'a mut Sink) -> Self {
        Self {
            std,
            std_files: files.iter().map(|(id, _)| *id).collect(),
            files,
            prefix: header.prefix.clone(),
            code: header.code.clone(),
            default_language: header.default_language.clone(),
            sink,
            replaced: Vec::new(),
            replaced_at: BTreeMap::new(),
            translated: BTreeMap::new(),
        }
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
                Diagnostic::new(
                    Code::E0034,
                    decl.requirement.span,
                    format!("`{}` is not a version requirement", decl.requirement.node),
                )
                .label("cannot be read")
                .help(format!(
                    "write the versions the country accepts, like \"^{}.{}\" (any {}.x from {}.{})",
                    standard.version.major, standard.version.minor, standard.version.major,
                    standard.version.major, standard.version.minor
                )),
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
            _ => {}
        }
    }

    /// A standard lookup an overlay names, with its policy; reports unknown and own lookups.
    fn std_lookup(&mut self, id: &Name, verb: &str) -> Option<LookupDecl> {
        let found = index::decls(&self.files)
            .find(|d| matches!(&d.kind, DeclKind::Lookup(l) if l.id.node == id.node))
            .map(|d| (d.span, d.kind.clone()));
        match found {
            Some((span, DeclKind::Lookup(l))) if self.in_standard(span) => Some(l),
            Some((_, DeclKind::Lookup(l))) => {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0081,
                        id.span,
                        format!(
                            "`{}` is the country's own lookup, not a standard one",
                            id.node
                        ),
                    )
                    .label(format!("cannot {verb} it"))
                    .with_secondary(l.id.span, "declared here")
                    .help("change its declaration directly"),
                );
                None
            }
            _ => {
                let ids = index::lookup_ids(&self.files);
                let help = suggest(
                    &id.node,
                    ids,
                    "the standard's lookups are in standard-forms/lookups.gbv",
                );
                self.sink.push(
                    Diagnostic::new(
                        Code::E0012,
                        id.span,
                        format!("the standard has no lookup `{}`", id.node),
                    )
                    .label("unknown lookup")
                    .help(help),
                );
                None
            }
        }
    }

    fn fixed(&mut self, l: &OverlayLookupDecl, std: &LookupDecl, verb: &str) {
        self.sink.push(
            Diagnostic::new(
                Code::E0077,
                l.id.span,
                format!(
                    "`{}` is a fixed lookup: a country cannot {verb} its options",
                    l.id.node
                ),
            )
            .label(format!("cannot {verb}"))
            .with_secondary(std.id.span, "fixed by the standard here")
            .help(format!(
                "fixed ids keep data comparable between countries; to change the wording, write `translate lookup {} {{ option <id>: <lang> \"…\" }}`",
                l.id.node
            )),
        );
    }

    fn replace(&mut self, l: &OverlayLookupDecl) {
        let Some(std) = self.std_lookup(&l.id, "replace") else {
            return;
        };
        let policy = std.policy.as_ref().map_or("fixed", |p| p.node.as_str());
        if policy == "fixed" {
            self.fixed(l, &std, "replace");
            return;
        }
        if let Some(first) = self.replaced_at.get(&l.id.node) {
            self.sink.push(
                Diagnostic::new(
                    Code::E0021,
                    l.id.span,
                    format!("`{}` is replaced twice", l.id.node),
                )
                .label("second replacement")
                .with_secondary(*first, "first replaced here")
                .help("keep one `replace lookup` with the whole list"),
            );
            return;
        }
        // Counted as replaced even when rejected below: the error says what to fix, and the list
        // is not also reported as a placeholder left in place (E0091).
        self.replaced_at.insert(l.id.node.clone(), l.id.span);
        self.replaced.push(l.id.node.clone());
        self.only(&l.body, &["name"], true, "`replace lookup`");
        let new: Vec<&str> = index::options(&l.body)
            .map(|o| o.id.node.as_str())
            .collect();
        let mut ok = true;
        if policy == "localizable" {
            let anchors = index::attr(&std.body, "anchors").map(|a| a.key.span);
            for anchor in index::names(&std.body, "anchors") {
                if new.contains(&anchor) {
                    continue;
                }
                ok = false;
                let mut d = Diagnostic::new(
                    Code::E0078,
                    l.id.span,
                    format!(
                        "the new list of `{}` has no option `{anchor}`, which the standard requires",
                        l.id.node
                    ),
                )
                .label(format!("`{anchor}` missing"))
                .help(format!(
                    "add `option {anchor}: …` to the list: the standard's rules and the Incident Recorder read this id"
                ));
                if let Some(span) = anchors {
                    d = d.with_secondary(span, "anchors of the standard list");
                }
                self.sink.push(d);
            }
        } else {
            let std_ids: Vec<&Name> = index::options(&std.body).map(|o| &o.id).collect();
            let missing: Vec<&&Name> = std_ids
                .iter()
                .filter(|o| !new.contains(&o.node.as_str()))
                .collect();
            if let Some(first) = missing.first() {
                ok = false;
                let list = missing
                    .iter()
                    .map(|o| format!("`{}`", o.node))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.sink.push(
                    Diagnostic::new(
                        Code::E0078,
                        l.id.span,
                        format!(
                            "replacing the extensible lookup `{}` drops standard options: {list}",
                            l.id.node
                        ),
                    )
                    .label("standard options missing")
                    .with_secondary(first.span, "a standard option")
                    .help(format!(
                        "standard options of an extensible list are never removed; add your options with `extend lookup {} {{ option {}…: … }}`",
                        l.id.node, self.prefix
                    )),
                );
            }
            for o in index::options(&l.body) {
                if !std_ids.iter().any(|s| s.node == o.id.node) {
                    ok &= self.prefixed(&o.id, "option");
                }
            }
        }
        if !ok {
            return;
        }
        let default = self.default_language.clone();
        let name = index::attr(&l.body, "name").cloned();
        let Some(target) = index::lookup_mut(&mut self.files, &l.id.node) else {
            return;
        };
        let at = target
            .body
            .iter()
            .position(|i| matches!(i.kind, ItemKind::Option(_)))
            .unwrap_or(target.body.len());
        target
            .body
            .retain(|i| !matches!(i.kind, ItemKind::Option(_)));
        let options = l
            .body
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Option(_)))
            .cloned();
        let at = at.min(target.body.len());
        target.body.splice(at..at, options);
        if let Some(Attr {
            value: AttrValue::Texts(t),
            ..
        }) = name
        {
            super::translate::merge(&mut target.body, "name", &t, &default);
        }
    }

    fn extend(&mut self, l: &OverlayLookupDecl) {
        let Some(std) = self.std_lookup(&l.id, "extend") else {
            return;
        };
        match std.policy.as_ref().map_or("fixed", |p| p.node.as_str()) {
            "fixed" => {
                self.fixed(l, &std, "extend");
                return;
            }
            "localizable" => {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0079,
                        l.id.span,
                        format!(
                            "`{}` is a placeholder list: a country replaces it",
                            l.id.node
                        ),
                    )
                    .label("cannot extend")
                    .with_secondary(std.id.span, "localizable in the standard")
                    .help(format!(
                        "write `replace lookup {} {{ … }}` with your country's complete list",
                        l.id.node
                    )),
                );
                return;
            }
            _ => {}
        }
        self.only(&l.body, &[], true, "`extend lookup`");
        let mut ok = true;
        for o in index::options(&l.body) {
            if let Some(existing) = index::options(&std.body).find(|s| s.id.node == o.id.node) {
                ok = false;
                self.sink.push(
                    Diagnostic::new(
                        Code::E0022,
                        o.id.span,
                        format!("`{}` already has an option `{}`", l.id.node, o.id.node),
                    )
                    .label("already in the standard")
                    .with_secondary(existing.id.span, "the standard's option")
                    .help("to change its wording, translate it: `translate lookup … { option … }`"),
                );
                continue;
            }
            ok &= self.prefixed(&o.id, "option");
        }
        if !ok {
            return;
        }
        if let Some(target) = index::lookup_mut(&mut self.files, &l.id.node) {
            target.body.extend(
                l.body
                    .iter()
                    .filter(|i| matches!(i.kind, ItemKind::Option(_)))
                    .cloned(),
            );
        }
    }

    /// A field path of an overlay (`form.field`, or `field` when one form declares it).
    pub(crate) fn resolve_field(&mut self, path: &Name) -> Option<(String, String)> {
        let (form_id, field_id) = match path.node.split_once('.') {
            Some((f, x)) => (Some(f), x),
            None => (None, path.node.as_str()),
        };
        let Some(form_id) = form_id else {
            let forms = index::forms_with_field(&self.files, field_id);
            return match forms.as_slice() {
                [one] => Some(((*one).to_string(), field_id.to_string())),
                [] => {
                    self.unknown_field(path, None, field_id);
                    None
                }
                many => {
                    let firsts: Vec<Span> = many
                        .iter()
                        .filter_map(|f| index::form(&self.files, f))
                        .filter_map(|f| index::field(f, field_id).map(|x| x.id.span))
                        .collect();
                    let list = many
                        .iter()
                        .map(|f| format!("`{f}.{field_id}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let mut d = Diagnostic::new(
                        Code::E0081,
                        path.span,
                        format!("several forms have a field `{field_id}`"),
                    )
                    .label("which one?")
                    .help(format!("name the form too: {list}"));
                    for span in firsts {
                        d = d.with_secondary(span, "declared here");
                    }
                    self.sink.push(d);
                    None
                }
            };
        };
        let Some(form) = index::form(&self.files, form_id) else {
            self.unknown_form(path.span, form_id);
            return None;
        };
        if index::field(form, field_id).is_none() {
            self.unknown_field(path, Some(form_id), field_id);
            return None;
        }
        Some((form_id.to_string(), field_id.to_string()))
    }

    pub(crate) fn unknown_form(&mut self, span: Span, id: &str) {
        let help = suggest(
            id,
            index::form_ids(&self.files),
            "the standard's forms are in standard-forms/incident/ and standard-forms/case/",
        );
        self.sink.push(
            Diagnostic::new(
                Code::E0081,
                span,
                format!("the standard has no form `{id}`"),
            )
            .label("unknown form")
            .help(help),
        );
    }

    fn unknown_field(&mut self, path: &Name, form: Option<&str>, id: &str) {
        let candidates: Vec<String> = match form.and_then(|f| index::form(&self.files, f)) {
            Some(f) => index::field_ids(f)
                .into_iter()
                .map(|x| format!("{}.{x}", f.id.node))
                .collect(),
            None => index::decls(&self.files)
                .filter_map(|d| match &d.kind {
                    DeclKind::Form(f) => Some(f),
                    _ => None,
                })
                .flat_map(|f| {
                    index::field_ids(f)
                        .into_iter()
                        .map(move |x| format!("{}.{x}", f.id.node))
                })
                .collect(),
        };
        let help = suggest(
            &path.node,
            candidates.iter().map(String::as_str),
            "write `<form>.<field>` with the ids of standard-forms/",
        );
        let what = match form {
            Some(f) => format!("the form `{f}` has no field `{id}`"),
            None => format!("the standard has no field `{id}`"),
        };
        self.sink.push(
            Diagnostic::new(Code::E0081, path.span, what)
                .label("unknown field")
                .help(help),
        );
    }

    fn hide(&mut self, path: &Name) {
        let Some((form_id, field_id)) = self.resolve_field(path) else {
            return;
        };
        let field = index::form(&self.files, &form_id).and_then(|f| index::field(f, &field_id));
        let Some(field) = field else { return };
        let required = index::attr(&field.body, "required")
            .or_else(|| index::attr(&field.body, "required_if"));
        if let Some(req) = required {
            let when = if req.key.node == "required" {
                ""
            } else {
                " in some cases"
            };
            self.sink.push(
                Diagnostic::new(
                    Code::E0084,
                    path.span,
                    format!("`{field_id}` is required{when} by the standard and cannot be hidden"),
                )
                .label("required field")
                .with_secondary(req.key.span, "required here")
                .help("a country may hide optional fields only; keep this one (translate its label if the wording does not fit)"),
            );
            return;
        }
        let span = path.span;
        if let Some(field) =
            index::form_mut(&mut self.files, &form_id).and_then(|f| index::field_mut(f, &field_id))
        {
            field
                .body
                .retain(|i| !matches!(&i.kind, ItemKind::Attr(a) if a.key.node == "visible"));
            field.body.push(Item {
                kind: ItemKind::Attr(Attr {
                    key: Spanned::new("visible".to_string(), span),
                    value: AttrValue::Bool(Spanned::new(false, span)),
                }),
                span,
            });
        }
    }

    fn add(&mut self, a: &AddFieldDecl, span: Span) {
        let ok = self.prefixed(&a.field.id, "field");
        let Some(form) = index::form(&self.files, &a.form.node) else {
            self.unknown_form(a.form.span, &a.form.node);
            return;
        };
        let mut field = a.field.clone();
        let after = index::attr(&field.body, "after").cloned();
        field
            .body
            .retain(|i| !matches!(&i.kind, ItemKind::Attr(x) if x.key.node == "after"));
        let mut position = None;
        if let Some(after) = after {
            let target = match &after.value {
                AttrValue::Names(n) if n.len() == 1 => Some(&n[0]),
                _ => None,
            };
            let Some(target) = target else {
                self.sink.push(
                    Diagnostic::new(Code::E0008, after.key.span, "`after` takes one field id")
                        .label("one field")
                        .help("write `after: <field>` with a field of the same form"),
                );
                return;
            };
            position = form.body.iter().position(|i| match &i.kind {
                ItemKind::Field(f) => f.id.node == target.node,
                ItemKind::Use(u) => u.node == target.node,
                _ => false,
            });
            if position.is_none() {
                let help = suggest(
                    &target.node,
                    index::field_ids(form),
                    "name a field of the same form",
                );
                self.sink.push(
                    Diagnostic::new(
                        Code::E0081,
                        target.span,
                        format!("the form `{}` has no field `{}`", a.form.node, target.node),
                    )
                    .label("unknown field")
                    .help(help),
                );
                return;
            }
        }
        if !ok {
            return;
        }
        if let Some(form) = index::form_mut(&mut self.files, &a.form.node) {
            let at = position.map_or(form.body.len(), |p| p + 1);
            form.body.insert(
                at,
                Item {
                    kind: ItemKind::Field(field),
                    span,
                },
            );
        }
    }

    fn own_lookup(&mut self, file: FileId, l: &LookupDecl, decl: &Decl) {
        let prefix = format!("lookup-{}-", self.code.replace('_', "-"));
        if !self.code.is_empty() && !l.id.node.starts_with(&prefix) {
            let rest = l.id.node.strip_prefix("lookup-").unwrap_or(&l.id.node);
            self.sink.push(
                Diagnostic::new(
                    Code::E0080,
                    l.id.span,
                    format!(
                        "the country's own lookup `{}` does not start with `{prefix}`",
                        l.id.node
                    ),
                )
                .label("no country prefix")
                .help(format!(
                    "rename it `{prefix}{rest}`, so a later standard can never declare the same id"
                )),
            );
        }
        self.adopt(file, decl);
    }

    /// Takes a country declaration into the trees being edited (translations may change it).
    fn adopt(&mut self, file: FileId, decl: &Decl) {
        self.files.push((
            file,
            File {
                decls: vec![decl.clone()],
                comments: Vec::new(),
            },
        ));
    }

    /// Reports a country id without the prefix; true when it has it.
    pub(crate) fn prefixed(&mut self, id: &Name, what: &str) -> bool {
        if self.prefix.is_empty() || id.node.starts_with(&self.prefix) {
            return true;
        }
        self.sink.push(
            Diagnostic::new(
                Code::E0080,
                id.span,
                format!(
                    "the country's {what} `{}` does not start with `{}`",
                    id.node, self.prefix
                ),
            )
            .label("no country prefix")
            .help(format!(
                "rename it `{}{}`, so a later standard can never add the same id",
                self.prefix, id.node
            )),
        );
        false
    }

    /// Reports attributes and items a declaration may not hold.
    pub(crate) fn only(&mut self, body: &[Item], attrs: &[&str], options: bool, what: &str) {
        for item in body {
            match &item.kind {
                ItemKind::Attr(a) if attrs.contains(&a.key.node.as_str()) => {
                    if !matches!(a.value, AttrValue::Texts(_) | AttrValue::Raw(_)) {
                        self.sink.push(
                            Diagnostic::new(
                                Code::E0008,
                                a.key.span,
                                format!("`{}` needs texts", a.key.node),
                            )
                            .label("not a text")
                            .help(format!("write `{}: en \"…\"`", a.key.node)),
                        );
                    }
                }
                ItemKind::Attr(a) => {
                    let allowed = if attrs.is_empty() {
                        "nothing but options".to_string()
                    } else {
                        attrs
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    self.sink.push(
                        Diagnostic::new(
                            Code::E0010,
                            a.key.span,
                            format!("`{}` cannot be given in {what}", a.key.node),
                        )
                        .label("not allowed here")
                        .help(format!(
                            "{what} takes {allowed}{}",
                            if options && !attrs.is_empty() {
                                " and options"
                            } else {
                                ""
                            }
                        )),
                    );
                }
                ItemKind::Option(_) if options => {}
                _ => {
                    self.sink.push(
                        Diagnostic::new(
                            Code::E0054,
                            item.span,
                            format!("this item cannot stand in {what}"),
                        )
                        .label("misplaced")
                        .help("a country adds fields with `add field <id> to <form>: <type>`"),
                    );
                }
            }
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
