//! Overlay edits of issue 15: `hide option`, `unused lookup`, `change field` (another lookup, a
//! new position, standard texts removed), `change lookup` (option order) and `use field` (a
//! standard field shown on another form). Diagnostics: E0135 (an option that cannot be hidden),
//! E0136 (`unused lookup` of a list that is not an unused placeholder), E0137 (a lookup that is
//! not a superset), E0138 (an edit that cannot be applied).

use gbvims_dsl::ast::{
    AttrValue, ChangeFieldDecl, HideOptionDecl, Item, ItemKind, Name, OverlayLookupDecl, UseDecl,
    UseFieldDecl,
};
use gbvims_dsl::Span;

use super::apply::Work;
use super::changes::ChangeKind;
use super::index;
use super::unknown_target::UnknownOverlayTarget;
use crate::diagnostics::{suggest, Code, Diagnostic};
use crate::model::Policy;

/// An option a country hides, and where.
#[derive(Clone, Debug)]
pub(crate) struct HiddenOption {
    /// The lookup.
    pub lookup: String,
    /// The option.
    pub option: String,
    /// The `hide option` declaration's option id.
    pub span: Span,
}

/// Where a moved or added field goes in its form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// Before every other field.
    First,
    /// After this field (or `use`) of the form.
    After(String),
}

impl Place {
    /// What the change log records of an optional place: the field it follows, and whether it
    /// goes first.
    pub(crate) fn logged(place: Option<Self>) -> (Option<String>, bool) {
        match place {
            Some(Self::After(a)) => (Some(a), false),
            Some(Self::First) => (None, true),
            None => (None, false),
        }
    }
}

/// The texts a country may drop from a standard field.
const REMOVABLE: &[&str] = &["help", "tick_label"];

impl Work<'_> {
    /// `hide option <option> in <lookup>`: only options of extensible lists, never an anchor.
    pub(crate) fn hide_option(&mut self, h: &HideOptionDecl) {
        let Some((std, model)) = self.std_lookup(&h.lookup, "hide options of") else {
            return;
        };
        let refuse = |message: String, label: &str, help: String| {
            Diagnostic::new(Code::E0135, h.option.span, message)
                .label(label.to_string())
                .with_secondary(std.id.span, "the standard's list")
                .help(help)
        };
        let lookup = &h.lookup.node;
        let option = &h.option.node;
        let d = match model.policy {
            Policy::Fixed => Some(refuse(
                format!("`{lookup}` is a fixed lookup: a country cannot hide its options"),
                "cannot hide",
                format!("fixed ids keep data comparable between countries: keep `{option}` (a question nobody answers with it costs nothing)"),
            )),
            Policy::Localizable => Some(refuse(
                format!("`{lookup}` is a placeholder list: a country replaces it instead of hiding options"),
                "cannot hide",
                format!("write `replace lookup {lookup} {{ … }}` with the country's own options, leaving `{option}` out"),
            )),
            Policy::Extensible => None,
        };
        if let Some(d) = d {
            self.sink.push(d);
            return;
        }
        if let Some(first) = self
            .hidden_options
            .iter()
            .find(|x| &x.lookup == lookup && &x.option == option)
        {
            let first = first.span;
            self.sink.push(
                Diagnostic::new(
                    Code::E0135,
                    h.option.span,
                    format!("`{option}` of `{lookup}` is hidden twice"),
                )
                .label("hidden again")
                .with_secondary(first, "first hidden here")
                .help("delete this line"),
            );
            return;
        }
        // The standard's own options (a country's extension is left out of `extend` instead).
        let std_ids: Vec<&str> = model.options.iter().map(|o| o.id.as_str()).collect();
        if !std_ids.contains(&option.as_str()) {
            let help = suggest(
                option,
                std_ids.iter().copied(),
                &format!(
                    "the standard options of `{lookup}` are: {}{}",
                    std_ids
                        .iter()
                        .take(12)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", "),
                    if std_ids.len() > 12 { ", …" } else { "" }
                ),
            );
            self.sink.push(refuse(
                format!("`{lookup}` has no standard option `{option}` to hide"),
                "unknown option",
                format!("{help} (a country's own option is left out of `extend lookup` instead)"),
            ));
            return;
        }
        if model.anchors.iter().any(|a| a.as_str() == option) {
            let anchors = index::attr(&std.body, "anchors").map(|a| a.key.span);
            let mut d = Diagnostic::new(
                Code::E0135,
                h.option.span,
                format!("`{option}` is an anchor of `{lookup}`: the standard's rules read it, so it cannot be hidden"),
            )
            .label("anchor")
            .help(format!("keep `{option}`; translate its label if the standard's words do not fit (`translate lookup {lookup} {{ option {option}: … }}`)"));
            if let Some(span) = anchors {
                d = d.with_secondary(span, "anchors of the standard list");
            }
            self.sink.push(d);
            return;
        }
        if let Some(target) = index::lookup_mut(&mut self.files, lookup) {
            target
                .body
                .retain(|i| !matches!(&i.kind, ItemKind::Option(o) if o.id.node == *option));
        }
        self.hidden_options.push(HiddenOption {
            lookup: lookup.clone(),
            option: option.clone(),
            span: h.option.span,
        });
        self.changed(ChangeKind::OptionHidden {
            lookup: lookup.clone(),
            option: option.clone(),
        });
    }

    /// `unused lookup <lookup>`: a placeholder list the country keeps as it is because no field
    /// it keeps reads it (checked on the merged model, `post.rs`).
    pub(crate) fn unused_lookup(&mut self, id: &Name) {
        let Some((std, model)) = self.std_lookup(id, "declare unused") else {
            return;
        };
        if model.policy != Policy::Localizable {
            self.sink.push(
                Diagnostic::new(
                    Code::E0136,
                    id.span,
                    format!("`{}` is not a placeholder list: only those can be declared unused", id.node),
                )
                .label("not a placeholder list")
                .with_secondary(std.id.span, "declared here")
                .help("delete this line: the standard's own options of a fixed or extensible list need no country list, used or not"),
            );
            return;
        }
        if let Some(first) = self.unused.get(&id.node) {
            let first = *first;
            self.sink.push(
                Diagnostic::new(
                    Code::E0136,
                    id.span,
                    format!("`{}` is declared unused twice", id.node),
                )
                .label("again")
                .with_secondary(first, "first declared unused here")
                .help("delete this line"),
            );
            return;
        }
        if let Some(replaced) = self.replaced.get(&id.node) {
            let replaced = *replaced;
            self.sink.push(
                Diagnostic::new(
                    Code::E0136,
                    id.span,
                    format!("`{}` is replaced by the country and also declared unused", id.node),
                )
                .label("unused")
                .with_secondary(replaced, "replaced here")
                .help("keep one: the replacement when a field the country keeps reads the list, `unused lookup` when none does"),
            );
            return;
        }
        self.unused.insert(id.node.clone(), id.span);
        self.changed(ChangeKind::LookupUnused {
            lookup: id.node.clone(),
        });
    }

    /// Reads `after: <field>` / `first` of a body; reports both together or a bad `after`.
    /// `Err` when the body's place cannot be used.
    pub(crate) fn place_of(&mut self, body: &[Item], form: &str) -> Result<Option<Place>, ()> {
        let after = index::attr(body, "after");
        let first = index::flag_on(body, "first");
        match (after, first) {
            (Some(a), Some(f)) => {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0138,
                        f.key.span,
                        "a field cannot go both first and after another field",
                    )
                    .label("first")
                    .with_secondary(a.key.span, "after")
                    .help("keep `first` or `after: <field>`"),
                );
                Err(())
            }
            (None, Some(_)) => Ok(Some(Place::First)),
            (None, None) => Ok(None),
            (Some(a), None) => {
                let target = match &a.value {
                    AttrValue::Names(n) if n.len() == 1 => &n[0],
                    _ => {
                        self.sink.push(
                            crate::checks::invalid_attribute_value::InvalidAttributeValue::AfterNotOneField {
                                span: a.key.span,
                            }
                            .diagnostic(),
                        );
                        return Err(());
                    }
                };
                let Some(decl) = index::form(&self.files, form) else {
                    return Err(());
                };
                if position(&decl.body, &target.node).is_none() {
                    let d = UnknownOverlayTarget::Field {
                        written: &target.node,
                        id: &target.node,
                        form: Some(form),
                        span: target.span,
                        candidates: index::field_ids(decl)
                            .into_iter()
                            .map(str::to_string)
                            .collect(),
                        after: true,
                    }
                    .diagnostic();
                    self.sink.push(d);
                    return Err(());
                }
                Ok(Some(Place::After(target.node.clone())))
            }
        }
    }

    /// Reports keys and items a `change field` / `use field` body may not hold.
    fn only_keys(&mut self, body: &[Item], keys: &[&str], what: &str) {
        let takes = format!(
            "{what} takes {}",
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for item in body {
            let d = match &item.kind {
                ItemKind::Attr(a) if keys.contains(&a.key.node.as_str()) => continue,
                _ => super::apply::not_taken(item, what, &takes),
            };
            self.sink.push(d);
        }
    }

    /// `change field <form>.<field> { lookup: …; after: … | first; remove: help, tick_label }`.
    pub(crate) fn change_field(&mut self, c: &ChangeFieldDecl) {
        self.only_keys(
            &c.body,
            &["lookup", "after", "first", "remove"],
            "`change field`",
        );
        let Some((form_id, field_id)) = self.resolve_field(&c.path) else {
            return;
        };
        if c.body.is_empty() {
            self.sink.push(
                Diagnostic::new(Code::E0138, c.path.span, format!("`change field {}` changes nothing", c.path.node))
                    .label("empty")
                    .help("say what changes: `lookup: <lookup>`, `after: <field>` or `first`, `remove: help, tick_label`; or delete the declaration"),
            );
            return;
        }
        let Ok(place) = self.place_of(&c.body, &form_id) else {
            return;
        };
        if matches!(&place, Some(Place::After(a)) if *a == field_id) {
            self.sink.push(
                Diagnostic::new(
                    Code::E0138,
                    c.path.span,
                    format!("`{field_id}` cannot go after itself"),
                )
                .label("moved after itself")
                .help("name the field it should follow, or write `first`"),
            );
            return;
        }
        let lookup = match index::attr(&c.body, "lookup") {
            Some(a) => match &a.value {
                AttrValue::Names(n) if n.len() == 1 => {
                    match self.superset(&form_id, &field_id, &n[0]) {
                        Some(l) => Some(l),
                        None => return,
                    }
                }
                _ => {
                    self.sink.push(
                        Diagnostic::new(Code::E0137, a.key.span, "`lookup:` takes one lookup id")
                            .label("one lookup expected")
                            .help("write `lookup: <lookup-id>`, a list holding every option of the field's own list"),
                    );
                    return;
                }
            },
            None => None,
        };
        let mut removed = Vec::new();
        if let Some(a) = index::attr(&c.body, "remove") {
            let names: &[Name] = match &a.value {
                AttrValue::Names(n) => n,
                _ => &[],
            };
            let field = index::form(&self.files, &form_id).and_then(|f| index::field(f, &field_id));
            for n in names {
                if !REMOVABLE.contains(&n.node.as_str()) {
                    self.sink.push(
                        Diagnostic::new(
                            Code::E0138,
                            n.span,
                            format!("`{}` cannot be removed from a standard field", n.node),
                        )
                        .label("not removable")
                        .help(format!(
                            "a country may remove the standard's `help` and `tick_label`; {}",
                            suggest(
                                &n.node,
                                REMOVABLE.iter().copied(),
                                "other texts are translated instead (`translate field …`)"
                            )
                        )),
                    );
                    return;
                }
                if field.is_some_and(|f| index::attr(&f.body, &n.node).is_none()) {
                    self.sink.push(
                        Diagnostic::new(
                            Code::E0138,
                            n.span,
                            format!("`{field_id}` has no `{}` to remove", n.node),
                        )
                        .label("nothing to remove")
                        .help(format!("delete `{}` from `remove:`", n.node)),
                    );
                    return;
                }
                if !removed.contains(&n.node) {
                    removed.push(n.node.clone());
                }
            }
        }
        let Some(form) = index::form_mut(&mut self.files, &form_id) else {
            return;
        };
        if let Some(field) = index::field_mut(form, &field_id) {
            if let Some(l) = &lookup {
                if let Some(arg) = field.ty.arg.as_mut() {
                    arg.node.clone_from(l);
                }
            }
            field
                .body
                .retain(|i| !matches!(&i.kind, ItemKind::Attr(a) if removed.contains(&a.key.node)));
        }
        if let Some(place) = &place {
            if let Some(from) = position(&form.body, &field_id) {
                let item = form.body.remove(from);
                let at = insertion_point(&form.body, place);
                form.body.insert(at, item);
            }
        }
        if let Some(l) = lookup {
            self.changed(ChangeKind::FieldLookupChanged {
                form: form_id.clone(),
                field: field_id.clone(),
                lookup: l,
            });
        }
        if place.is_some() {
            let (after, _) = Place::logged(place);
            self.changed(ChangeKind::FieldMoved {
                form: form_id.clone(),
                field: field_id.clone(),
                after,
            });
        }
        for key in &removed {
            self.removed_texts
                .push((form_id.clone(), field_id.clone(), key.clone()));
        }
        if !removed.is_empty() {
            self.changed(ChangeKind::FieldTextsRemoved {
                form: form_id,
                field: field_id,
                removed,
            });
        }
    }

    /// E0137: the lookup `new` replacing a select field's list must hold all its options.
    /// Returns the lookup id when it may.
    fn superset(&mut self, form: &str, field: &str, new: &Name) -> Option<String> {
        let decl = index::form(&self.files, form).and_then(|f| index::field(f, field))?;
        let old = decl
            .ty
            .arg
            .as_ref()
            .filter(|_| {
                gbvims_dsl::vocab::FieldType::parse(&decl.ty.name.node)
                    .is_some_and(gbvims_dsl::vocab::FieldType::is_select)
            })
            .map(|a| a.node.clone());
        let Some(old) = old else {
            self.sink.push(
                Diagnostic::new(Code::E0137, new.span, format!("`{field}` does not take its options from a lookup"))
                    .label("not a lookup field")
                    .with_secondary(decl.ty.span, "its type")
                    .help("`lookup:` changes the list of a `select_one <lookup>` or `select_many <lookup>` field; delete it"),
            );
            return None;
        };
        let Some(target) = index::lookup(&self.files, &new.node) else {
            let d = crate::checks::unknown_lookup::UnknownLookup {
                id: &new.node,
                span: new.span,
                candidates: index::lookup_ids(&self.files),
                origin: crate::checks::Origin::Declared,
            }
            .diagnostic();
            self.sink.push(d);
            return None;
        };
        let new_ids: Vec<&str> = index::options(&target.body)
            .map(|o| o.id.node.as_str())
            .collect();
        let old_lookup = index::lookup(&self.files, &old)?;
        let missing: Vec<String> = index::options(&old_lookup.body)
            .map(|o| o.id.node.clone())
            .filter(|o| !new_ids.contains(&o.as_str()))
            .collect();
        if missing.is_empty() {
            return Some(new.node.clone());
        }
        let list = missing
            .iter()
            .map(|o| format!("`{o}`"))
            .collect::<Vec<_>>()
            .join(", ");
        self.sink.push(
            Diagnostic::new(
                Code::E0137,
                new.span,
                format!("`{}` lacks options of `{old}`, the list of `{field}`: {list}", new.node),
            )
            .label("not a superset")
            .with_secondary(old_lookup.id.span, "the field's list")
            .help(format!("a field may only move to a list holding every option of its own (the standard's rules and existing records use them): add {list} to `{}`, or keep `{old}`", new.node)),
        );
        None
    }

    /// `change lookup <lookup> { option a; option b; … }`: the options named come first, in
    /// that order; the others follow in their present order.
    pub(crate) fn change_lookup(&mut self, l: &OverlayLookupDecl) {
        self.only(&l.body, &[], true, "`change lookup`");
        let Some(current) = index::lookup(&self.files, &l.id.node) else {
            let d = crate::checks::unknown_lookup::UnknownLookup {
                id: &l.id.node,
                span: l.id.span,
                candidates: index::lookup_ids(&self.files),
                origin: crate::checks::Origin::Declared,
            }
            .diagnostic();
            self.sink.push(d);
            return;
        };
        let ids: Vec<String> = index::options(&current.body)
            .map(|o| o.id.node.clone())
            .collect();
        let mut order: Vec<String> = Vec::new();
        for o in index::options(&l.body) {
            if o.label.is_some() {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0138,
                        o.id.span,
                        format!(
                            "`change lookup` orders options; it does not relabel `{}`",
                            o.id.node
                        ),
                    )
                    .label("texts here")
                    .help(format!(
                        "write `option {}` alone, and its texts in `translate lookup {} {{ … }}`",
                        o.id.node, l.id.node
                    )),
                );
                return;
            }
            if !ids.contains(&o.id.node) {
                let help = suggest(
                    &o.id.node,
                    ids.iter().map(String::as_str),
                    &format!("the options of `{}` are: {}", l.id.node, ids.join(", ")),
                );
                self.sink.push(
                    Diagnostic::new(
                        Code::E0138,
                        o.id.span,
                        format!("`{}` has no option `{}` to order", l.id.node, o.id.node),
                    )
                    .label("unknown option")
                    .help(help),
                );
                return;
            }
            if order.contains(&o.id.node) {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0138,
                        o.id.span,
                        format!("`{}` is named twice", o.id.node),
                    )
                    .label("again")
                    .help("name each option once"),
                );
                return;
            }
            order.push(o.id.node.clone());
        }
        let Some(target) = index::lookup_mut(&mut self.files, &l.id.node) else {
            return;
        };
        let Some(at) = target
            .body
            .iter()
            .position(|i| matches!(i.kind, ItemKind::Option(_)))
        else {
            return;
        };
        let mut options: Vec<Item> = Vec::new();
        target.body.retain(|i| {
            if matches!(i.kind, ItemKind::Option(_)) {
                options.push(i.clone());
                false
            } else {
                true
            }
        });
        let rank = |i: &Item| match &i.kind {
            ItemKind::Option(o) => order
                .iter()
                .position(|x| *x == o.id.node)
                .unwrap_or(order.len()),
            _ => order.len(),
        };
        options.sort_by_key(rank);
        let at = at.min(target.body.len());
        target.body.splice(at..at, options);
        self.changed(ChangeKind::OptionsOrdered {
            lookup: l.id.node.clone(),
            first: order,
        });
    }

    /// `use field <form>.<field> in <form> { after: … | first; label: …; mobile: …; visible: … }`:
    /// the field is also shown on another form of its record (lowering checks the record).
    pub(crate) fn use_field(&mut self, u: &UseFieldDecl, span: Span) {
        self.only_keys(
            &u.body,
            &["after", "first", "label", "mobile", "visible"],
            "`use field`",
        );
        let Some((from, field_id)) = self.resolve_field(&u.path) else {
            return;
        };
        let Some(target) = index::form(&self.files, &u.form.node) else {
            self.unknown_form(u.form.span, &u.form.node);
            return;
        };
        if from == u.form.node || position(&target.body, &field_id).is_some() {
            self.sink.push(
                Diagnostic::new(Code::E0138, u.form.span, format!("`{}` already shows `{field_id}`", u.form.node))
                    .label("already shown here")
                    .help("delete this declaration; to move the field within its form write `change field … { after: … }`"),
            );
            return;
        }
        let Ok(place) = self.place_of(&u.body, &u.form.node) else {
            return;
        };
        let body: Vec<Item> = u
            .body
            .iter()
            .filter(|i| {
                !matches!(&i.kind, ItemKind::Attr(a) if a.key.node == "after" || a.key.node == "first")
            })
            .cloned()
            .collect();
        let id = Name::new(field_id.clone(), u.path.span);
        let Some(form) = index::form_mut(&mut self.files, &u.form.node) else {
            return;
        };
        let at = place.as_ref().map_or_else(
            || {
                form.body
                    .iter()
                    .rposition(|i| matches!(i.kind, ItemKind::Field(_) | ItemKind::Use(_)))
                    .map_or(form.body.len(), |p| p + 1)
            },
            |p| insertion_point(&form.body, p),
        );
        form.body.insert(
            at,
            Item {
                kind: ItemKind::Use(UseDecl { id, body }),
                span,
            },
        );
        let (after, first) = Place::logged(place);
        self.changed(ChangeKind::FieldUsed {
            form: from,
            field: field_id,
            on: u.form.node.clone(),
            first,
            after,
        });
    }
}

/// The position of the field or `use` line `id` in a form's body.
pub(crate) fn position(body: &[Item], id: &str) -> Option<usize> {
    body.iter().position(|i| match &i.kind {
        ItemKind::Field(f) => f.id.node == id,
        ItemKind::Use(u) => u.id.node == id,
        _ => false,
    })
}

/// Where an item goes in a form's body: before the first field, or after the named one.
pub(crate) fn insertion_point(body: &[Item], place: &Place) -> usize {
    match place {
        Place::First => body
            .iter()
            .position(|i| matches!(i.kind, ItemKind::Field(_) | ItemKind::Use(_)))
            .unwrap_or(body.len()),
        Place::After(a) => position(body, a).map_or(body.len(), |p| p + 1),
    }
}

/// W0014: one warning per hidden option that something kept compares with, listing where.
pub(crate) fn hidden_options_read(
    hidden: &[HiddenOption],
    reads: &[(usize, Span)],
    sink: &mut crate::diagnostics::Sink,
) {
    for (n, h) in hidden.iter().enumerate() {
        let mut at: Vec<Span> = reads
            .iter()
            .filter(|(k, _)| *k == n)
            .map(|(_, s)| *s)
            .collect();
        if at.is_empty() {
            continue;
        }
        at.sort_by_key(|s| (s.file, s.start));
        at.dedup();
        let mut d = Diagnostic::new(
            Code::W0014,
            h.span,
            format!(
                "`{}` of `{}` is hidden, but {} compare{} with it: never true",
                h.option,
                h.lookup,
                if at.len() == 1 { "one condition or column".to_string() } else { format!("{} conditions or columns", at.len()) },
                if at.len() == 1 { "s" } else { "" }
            ),
        )
        .label("hidden option")
        .help(format!(
            "keep `{}` if the country needs what depends on it (delete this `hide option`); otherwise nothing is needed: what depends on it never applies",
            h.option
        ));
        for s in at {
            d = d.with_secondary(s, "compares with it");
        }
        sink.push(d);
    }
}
