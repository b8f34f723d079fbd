//! `translate` declarations: a country's texts for standard elements (and for its own).
//! Only texts may change; each text is given once per language.

use gbvims_dsl::ast::{
    Attr, AttrValue, Decl, DeclKind, FieldDecl, Item, ItemKind, Name, Text, Texts, TranslateDecl,
    TranslateKind,
};
use gbvims_dsl::Span;

use super::apply::Work;
use super::changes::ChangeKind;
use super::index;
use super::unknown_target::UnknownOverlayTarget;
use crate::checks::option_not_in_lookup::OptionNotInLookup;
use crate::checks::role_labels::RoleLabelReworded;
use crate::checks::unknown_lookup::UnknownLookup;
use crate::checks::unknown_record::UnknownRecord;
use crate::checks::unknown_role::UnknownRole;
use crate::checks::Origin;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{FieldId, FormId, LookupId, OptionId, RecordId, RoleId};
use crate::translations::{FieldAttr, FormAttr, Key, RoleAttr};

/// Merges `new` into `target`: a language given again replaces the earlier text. Returns the
/// replaced texts (language, where).
pub(crate) fn merge_texts(target: &mut Texts, new: &Texts, default: &str) -> Vec<(String, Span)> {
    let mut replaced = Vec::new();
    for e in new.entries.iter().map(|e| with_lang(e, default)) {
        let lang = lang_of(&e, default);
        target.entries.retain(|x| {
            let same = lang_of(x, default) == lang;
            if same {
                replaced.push((
                    lang.clone(),
                    x.lang.as_ref().map_or(x.value.span, |l| l.span),
                ));
            }
            !same
        });
        target.entries.push(e);
    }
    replaced
}

/// The change a translation made: the languages `texts` gives a text that had none in them, and
/// those whose standard wording it replaces (`replaced`: what the merge replaced, and where).
pub(crate) fn translated(
    key: &Key,
    texts: &Texts,
    replaced: &[(String, Span)],
    default: &str,
    std_files: &[gbvims_dsl::FileId],
) -> ChangeKind {
    let reworded = replaced
        .iter()
        .filter(|(_, first)| std_files.contains(&first.file))
        .map(|(lang, _)| lang.clone())
        .collect();
    let mut added: Vec<String> = texts
        .entries
        .iter()
        .map(|e| lang_of(e, default))
        .filter(|l| !replaced.iter().any(|(r, _)| r == l))
        .collect();
    added.dedup();
    ChangeKind::Translated {
        key: key.to_string(),
        added,
        reworded,
    }
}

/// Merges `texts` into the texts attribute `key` of `body` (adding it when absent). Returns the
/// replaced texts.
pub(crate) fn merge(
    body: &mut Vec<Item>,
    key: &str,
    texts: &Texts,
    default: &str,
) -> Vec<(String, Span)> {
    let existing = body.iter_mut().find_map(|i| match &mut i.kind {
        ItemKind::Attr(a) if a.key.node == key => Some(a),
        _ => None,
    });
    match existing {
        Some(Attr {
            value: AttrValue::Texts(t),
            ..
        }) => merge_texts(t, texts, default),
        Some(_) => Vec::new(),
        None => {
            let entries: Vec<Text> = texts
                .entries
                .iter()
                .map(|e| with_lang(e, default))
                .collect();
            body.push(Item {
                kind: ItemKind::Attr(Attr {
                    key: Name::new(key.to_string(), texts.span),
                    value: AttrValue::Texts(Texts {
                        entries,
                        span: texts.span,
                    }),
                }),
                span: texts.span,
            });
            Vec::new()
        }
    }
}

fn lang_of(t: &Text, default: &str) -> String {
    t.lang
        .as_ref()
        .map_or_else(|| default.to_string(), |l| l.node.clone())
}

/// A text with its language written out (a bare text is in the default language).
fn with_lang(t: &Text, default: &str) -> Text {
    Text {
        lang: Some(
            t.lang
                .clone()
                .unwrap_or_else(|| Name::new(default.to_string(), t.value.span)),
        ),
        value: t.value.clone(),
    }
}

/// What a `translate` declaration names, once found.
enum Target {
    Country,
    Standard,
    Record(RecordId),
    Role(RoleId),
    Lookup(LookupId),
    Form(FormId),
    Field(FormId, FieldId),
}

/// Where a translated text goes in its target.
enum Slot {
    /// A texts attribute (`label`, `help`, …).
    Attr(String),
    /// The label of an option.
    Option(String),
}

/// The texts an element of this kind may have translated.
fn texts_keys(kind: TranslateKind) -> Vec<&'static str> {
    let names = |all: &[&'static str]| all.to_vec();
    match kind {
        TranslateKind::Country | TranslateKind::Lookup => names(&["name"]),
        TranslateKind::Standard => names(&["title"]),
        TranslateKind::Record => names(&["label"]),
        TranslateKind::Role => RoleAttr::ALL.iter().map(|a| a.as_str()).collect(),
        TranslateKind::Form => FormAttr::ALL.iter().map(|a| a.as_str()).collect(),
        TranslateKind::Field => FieldAttr::ALL.iter().map(|a| a.as_str()).collect(),
        TranslateKind::IncidentRecorder => Vec::new(),
    }
}

impl Target {
    /// The key of the text in `slot` (attributes were checked by `texts_keys`).
    fn key(&self, slot: &Slot) -> Option<Key> {
        Some(match (self, slot) {
            (Target::Country, Slot::Attr(_)) => Key::CountryName,
            (Target::Standard, Slot::Attr(_)) => Key::StandardTitle,
            (Target::Record(r), Slot::Attr(_)) => Key::RecordLabel(r.clone()),
            (Target::Role(role), Slot::Attr(a)) => Key::Role {
                role: role.clone(),
                attr: RoleAttr::parse(a)?,
            },
            (Target::Lookup(l), Slot::Attr(_)) => Key::LookupName(l.clone()),
            (Target::Lookup(l), Slot::Option(o)) => Key::LookupOption {
                lookup: l.clone(),
                option: OptionId(o.clone()),
            },
            (Target::Form(form), Slot::Attr(a)) => Key::Form {
                form: form.clone(),
                attr: FormAttr::parse(a)?,
            },
            (Target::Field(form, field), Slot::Attr(a)) => Key::Field {
                form: form.clone(),
                field: field.clone(),
                attr: FieldAttr::parse(a)?,
            },
            (Target::Field(form, field), Slot::Option(o)) => Key::FieldOption {
                form: form.clone(),
                field: field.clone(),
                option: OptionId(o.clone()),
            },
            _ => return None,
        })
    }
}

/// E0083: a text given a second time in one language.
fn twice(key: &Key, lang: &str, second: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::E0083,
        second,
        format!("`{key}` is translated into `{lang}` a second time"),
    )
    .label("second translation")
    .with_secondary(first, "first given here")
    .help("keep one translation: delete this one or the first")
}

/// What a translated slot is, in words (`lookup lookup-yes-no, option true`).
fn describe(target: &Target, slot: &Slot) -> String {
    let element = match target {
        Target::Country => "country".to_string(),
        Target::Standard => "standard".to_string(),
        Target::Record(r) => format!("record {r}"),
        Target::Role(r) => format!("role {r}"),
        Target::Lookup(l) => format!("lookup {l}"),
        Target::Form(f) => format!("form {f}"),
        Target::Field(form, field) => format!("field {form}.{field}"),
    };
    match slot {
        Slot::Attr(a) => format!("{element}, {a}"),
        Slot::Option(o) => format!("{element}, option {o}"),
    }
}

/// E0124: a `translate` rewording a counted text in the standard's own language.
fn meaning_changed(
    what: &str,
    lang: &str,
    standard: Option<&str>,
    text: &Text,
    t: &TranslateDecl,
) -> Diagnostic {
    let was = standard.map_or_else(String::new, |s| format!(" (the standard says \"{s}\")"));
    let reword = match &t.target {
        Some(target) => format!("reword {} {}", t.kind.node.keyword(), target.node),
        None => format!("reword {}", t.kind.node.keyword()),
    };
    Diagnostic::new(
        Code::E0124,
        text.value.span,
        format!("this `translate` rewords `{what}` in `{lang}`{was}, which changes what it means"),
    )
    .label("the standard's own language")
    .with_secondary(t.kind.span, "a plain translation")
    .help(format!(
        "reports and the Incident Recorder count this answer by its meaning: translate it into \
         the country's other languages only, or, if the country really means something else, \
         write `{reword} {{ … }} because \"<why>\"` so the build lists the change"
    ))
}

/// Where a text's language is written (its text, for a bare text in the default language).
fn lang_span(t: &Text) -> Span {
    t.lang.as_ref().map_or(t.value.span, |l| l.span)
}

impl Work<'_> {
    /// Checks and applies one `translate` declaration.
    pub(crate) fn translation(&mut self, decl: &Decl) {
        let DeclKind::Translate(t) = &decl.kind else {
            return;
        };
        let kind = t.kind.node;
        if kind == TranslateKind::IncidentRecorder {
            self.translate_ir(t);
            return;
        }
        let options = matches!(kind, TranslateKind::Lookup | TranslateKind::Field);
        let allowed = texts_keys(kind);
        self.only(
            &t.body,
            &allowed,
            options,
            &format!("`translate {}`", kind.keyword()),
        );
        let Some(target) = self.target(t) else { return };
        let shown_with_use = self.is_use_target(&target);
        if shown_with_use {
            // Only the label of a `use` block is translated there; the other texts are the
            // declaration's, translated where it is declared.
            let known: Vec<Item> = t
                .body
                .iter()
                .filter(|i| matches!(&i.kind, ItemKind::Attr(a) if allowed.contains(&a.key.node.as_str())))
                .cloned()
                .collect();
            self.only(
                &known,
                &["label"],
                false,
                "`translate field` of a field shown with `use`",
            );
        }
        // Options must exist in the list being translated.
        let option_ids: Vec<String> = self
            .options_of(&target)
            .map(|body| index::options(body).map(|o| o.id.node.clone()).collect())
            .unwrap_or_default();
        let mut edits: Vec<(Key, Slot, Texts)> = Vec::new();
        for item in &t.body {
            let (slot, texts) = match &item.kind {
                ItemKind::Attr(a) if shown_with_use && a.key.node != "label" => continue,
                ItemKind::Option(_) if shown_with_use => continue,
                ItemKind::Attr(a) if allowed.contains(&a.key.node.as_str()) => {
                    let AttrValue::Texts(texts) = &a.value else {
                        continue;
                    };
                    // A text the country removed (`change field … { remove: help }`) has
                    // nothing left to translate: its translations are dropped.
                    if let Target::Field(form, field) = &target {
                        if self.removed_texts.iter().any(|(f, x, k)| {
                            f == form.as_str() && x == field.as_str() && *k == a.key.node
                        }) {
                            continue;
                        }
                    }
                    (Slot::Attr(a.key.node.clone()), texts)
                }
                ItemKind::Option(o) if options => {
                    // An option the country hides is not offered: its translations are dropped.
                    if let Target::Lookup(l) = &target {
                        if self
                            .hidden_options
                            .iter()
                            .any(|h| h.lookup == l.as_str() && h.option == o.id.node)
                        {
                            continue;
                        }
                    }
                    if let Some(stored) = &o.stored_as {
                        self.sink.push(stored_in_translate(&o.id.node, stored));
                    }
                    if !option_ids.contains(&o.id.node) {
                        self.unknown_option(&target, &o.id, &option_ids);
                        continue;
                    }
                    let Some(texts) = &o.label else { continue };
                    (Slot::Option(o.id.node.clone()), texts)
                }
                _ => continue,
            };
            let Some(key) = target.key(&slot) else {
                continue;
            };
            if self.rewords_role_label(&target, &slot, texts) {
                continue;
            }
            let texts = self.meaning(&target, &slot, texts, t);
            if texts.entries.is_empty() {
                continue;
            }
            if self.first_time(&key, &texts) {
                edits.push((key, slot, texts));
            }
        }
        let default = self.default_language.clone();
        let std_files = self.std_files.clone();
        let Some(body) = self.target_body(&target) else {
            return;
        };
        let mut again = Vec::new();
        let mut changes = Vec::new();
        for (key, slot, texts) in edits {
            let replaced = match &slot {
                Slot::Option(id) => body
                    .iter_mut()
                    .find_map(|i| match &mut i.kind {
                        ItemKind::Option(o) if &o.id.node == id => Some(o),
                        _ => None,
                    })
                    .map(|o| {
                        let span = o.id.span;
                        let label = o.label.get_or_insert(Texts {
                            entries: Vec::new(),
                            span,
                        });
                        merge_texts(label, &texts, &default)
                    })
                    .unwrap_or_default(),
                Slot::Attr(attr) => merge(body, attr, &texts, &default),
            };
            changes.push(translated(&key, &texts, &replaced, &default, &std_files));
            for (lang, first) in replaced {
                let second = texts
                    .entries
                    .iter()
                    .find(|e| lang_of(e, &default) == lang)
                    .map_or(first, lang_span);
                again.push((key.clone(), lang, first, second));
            }
        }
        // Texts the country already gave elsewhere (a replaced list, an added field) and now
        // translates again; the standard's own texts may be reworded once.
        for (key, lang, first, second) in again {
            if !self.in_standard(first) {
                self.sink.push(twice(&key, &lang, second, first));
            }
        }
        for change in changes {
            self.changed(change);
        }
    }

    /// The standard's text in its default language that `slot` of `target` holds, when a
    /// change of that text changes what is counted: an option of a fixed lookup, the label of a
    /// core field or of a field an Incident Recorder column reads. `Some(None)`: such a slot
    /// without a text; `None`: a text a country may reword freely.
    fn counted_text(&self, target: &Target, slot: &Slot) -> Option<Option<String>> {
        let std_lang = self.std.standard.default_language.as_str();
        match (target, slot) {
            (Target::Lookup(l), Slot::Option(o)) => {
                let ix = self.std.lookup_by_id(l.as_str())?;
                let lookup = self.std.lookup(ix);
                if lookup.policy != crate::model::Policy::Fixed {
                    return None;
                }
                let option = lookup.option(o)?;
                Some(option.label.get(std_lang).map(str::to_string))
            }
            (Target::Field(form, field), Slot::Attr(attr)) if attr == "label" => {
                let (n, f) = self
                    .std
                    .fields
                    .iter()
                    .enumerate()
                    .find(|(_, f)| f.id == *field && self.std.form(f.form).id == *form)?;
                let fx = crate::model::FieldIx::from_index(n);
                // With the country's chosen IR variants in place of their columns.
                let ir_std = self.ir_std.as_ref().unwrap_or(self.std);
                let read_by_ir = ir_std.incident_recorder.as_ref().is_some_and(|ir| {
                    ir.columns
                        .iter()
                        .any(|c| ir_std.effective_reads(&c.value).contains(&fx))
                });
                if !f.flags.core && !read_by_ir {
                    return None;
                }
                Some(f.label.get(std_lang).map(str::to_string))
            }
            _ => None,
        }
    }

    /// E0124 for a `translate` changing, in the standard's default language, a text whose
    /// meaning is counted; a `reword … because` is recorded instead. Returns the texts to apply.
    fn meaning(&mut self, target: &Target, slot: &Slot, texts: &Texts, t: &TranslateDecl) -> Texts {
        let std_lang = self.std.standard.default_language.as_str().to_string();
        let counted = self.counted_text(target, slot);
        let what = describe(target, slot);
        let mut kept = Texts {
            entries: Vec::new(),
            span: texts.span,
        };
        for e in &texts.entries {
            if lang_of(e, &self.default_language) != std_lang {
                kept.entries.push(e.clone());
                continue;
            }
            let standard = match &counted {
                Some(s) => s.clone(),
                None if t.because.is_some() => None,
                None => {
                    kept.entries.push(e.clone());
                    continue;
                }
            };
            if standard.as_deref() == Some(e.value.node.as_str()) {
                kept.entries.push(e.clone());
                continue;
            }
            match &t.because {
                Some(because) => {
                    self.rewords.push(crate::model::Reword {
                        target: what.clone(),
                        lang: std_lang.clone(),
                        standard,
                        text: e.value.node.clone(),
                        because: because.node.clone(),
                        span: e.value.span,
                    });
                    kept.entries.push(e.clone());
                }
                None => {
                    let d = meaning_changed(&what, &std_lang, standard.as_deref(), e, t);
                    self.sink.push(d);
                }
            }
        }
        kept
    }

    /// E0101 for a role's label given in the standard's default language; true when refused.
    fn rewords_role_label(&mut self, target: &Target, slot: &Slot, texts: &Texts) -> bool {
        let (Target::Role(role), Slot::Attr(attr)) = (target, slot) else {
            return false;
        };
        // The country's own roles (`own_forms.rs`) are the country's to word.
        if attr != "label" || !self.std.roles.iter().any(|r| r.id == *role) {
            return false;
        }
        let std_lang = self.std.standard.default_language.as_str().to_string();
        let Some(entry) = texts
            .entries
            .iter()
            .find(|e| lang_of(e, &self.default_language) == std_lang)
        else {
            return false;
        };
        let standard = self
            .std
            .roles
            .iter()
            .position(|r| r.id == *role)
            .and_then(|n| self.std_spans.roles.get(n).copied());
        let d = RoleLabelReworded {
            role: role.as_str(),
            lang: &std_lang,
            span: lang_span(entry),
            standard,
        }
        .diagnostic();
        self.sink.push(d);
        true
    }

    /// Records that `key` is translated in each language of `texts`; reports a second time.
    pub(crate) fn first_time(&mut self, key: &Key, texts: &Texts) -> bool {
        let mut ok = true;
        for e in &texts.entries {
            let lang = lang_of(e, &self.default_language);
            let span = lang_span(e);
            match self.translated.get(&(key.clone(), lang.clone())) {
                Some(first) => {
                    ok = false;
                    let d = twice(key, &lang, span, *first);
                    self.sink.push(d);
                }
                None => {
                    self.translated.insert((key.clone(), lang), span);
                }
            }
        }
        ok
    }

    /// E0007 for an option the list being translated does not have.
    fn unknown_option(&mut self, target: &Target, id: &Name, ids: &[String]) {
        let (list, declared) = match target {
            Target::Lookup(l) => (
                l.to_string(),
                index::lookup(&self.files, l.as_str()).map(|l| l.id.span),
            ),
            Target::Field(form, field) => (
                format!("{form}.{field}"),
                self.field_decl(form, field).map(|f| f.id.span),
            ),
            _ => return,
        };
        let d = OptionNotInLookup::Translated {
            option: &id.node,
            list: &list,
            ids,
            span: id.span,
            declared,
        }
        .diagnostic();
        self.sink.push(d);
    }

    /// What a translate names, checked to exist.
    fn target(&mut self, t: &TranslateDecl) -> Option<Target> {
        let kind = t.kind.node;
        match kind {
            TranslateKind::Standard => return Some(Target::Standard),
            TranslateKind::Country => return Some(Target::Country),
            _ => {}
        }
        let Some(name) = &t.target else {
            self.sink.push(
                UnknownOverlayTarget::TranslateWithoutId {
                    keyword: kind.keyword(),
                    span: t.kind.span,
                }
                .diagnostic(),
            );
            return None;
        };
        let id = name.node.as_str();
        match kind {
            TranslateKind::Record | TranslateKind::Role => {
                let ids: Vec<&str> = index::decls(&self.files)
                    .filter_map(|d| match (&d.kind, kind) {
                        (DeclKind::Record(r), TranslateKind::Record) => Some(r.id.node.as_str()),
                        (DeclKind::Role(r), TranslateKind::Role) => Some(r.id.node.as_str()),
                        _ => None,
                    })
                    .collect();
                if ids.contains(&id) {
                    return Some(if kind == TranslateKind::Record {
                        Target::Record(RecordId(id.to_string()))
                    } else {
                        Target::Role(RoleId(id.to_string()))
                    });
                }
                let (span, origin) = (name.span, Origin::Standard);
                let d = if kind == TranslateKind::Record {
                    UnknownRecord::Named {
                        id,
                        span,
                        candidates: ids,
                        origin,
                    }
                    .diagnostic()
                } else {
                    UnknownRole {
                        id,
                        span,
                        candidates: ids,
                        origin,
                    }
                    .diagnostic()
                };
                self.sink.push(d);
                None
            }
            TranslateKind::Lookup => {
                let ids = index::lookup_ids(&self.files);
                if ids.contains(&id) {
                    return Some(Target::Lookup(LookupId(id.to_string())));
                }
                let d = UnknownLookup {
                    id,
                    span: name.span,
                    candidates: ids,
                    origin: Origin::Standard,
                }
                .diagnostic();
                self.sink.push(d);
                None
            }
            TranslateKind::Form => {
                if index::form(&self.files, id).is_some() {
                    return Some(Target::Form(FormId(id.to_string())));
                }
                self.unknown_form(name.span, id);
                None
            }
            TranslateKind::Field => {
                // A field a form shows with `use id { label: … }`: that form's label.
                if let Some((form, field)) = name.node.split_once('.') {
                    if index::form(&self.files, form)
                        .and_then(|f| index::use_with_label(f, field))
                        .is_some()
                    {
                        return Some(Target::Field(
                            FormId(form.to_string()),
                            FieldId(field.to_string()),
                        ));
                    }
                }
                let (form, field) = self.resolve_field(name)?;
                Some(Target::Field(FormId(form), FieldId(field)))
            }
            TranslateKind::Standard | TranslateKind::Country | TranslateKind::IncidentRecorder => {
                None
            }
        }
    }

    /// Does a `translate field` name a field its form shows with `use { label: … }`?
    fn is_use_target(&self, target: &Target) -> bool {
        let Target::Field(form, field) = target else {
            return false;
        };
        index::form(&self.files, form.as_str()).is_some_and(|f| {
            index::field(f, field.as_str()).is_none()
                && index::use_with_label(f, field.as_str()).is_some()
        })
    }

    fn field_decl(&self, form: &FormId, field: &FieldId) -> Option<&FieldDecl> {
        index::field(index::form(&self.files, form.as_str())?, field.as_str())
    }

    /// The body whose options a lookup or field translate may name.
    fn options_of(&self, target: &Target) -> Option<&[Item]> {
        match target {
            Target::Lookup(l) => index::lookup(&self.files, l.as_str()).map(|l| l.body.as_slice()),
            Target::Field(form, field) => self.field_decl(form, field).map(|f| f.body.as_slice()),
            _ => None,
        }
    }

    /// The body holding the texts of a translate's target.
    fn target_body(&mut self, target: &Target) -> Option<&mut Vec<Item>> {
        if let Target::Field(form, field) = target {
            let form = index::form_mut(&mut self.files, form.as_str())?;
            if index::field(form, field.as_str()).is_none() {
                return index::use_body_mut(form, field.as_str());
            }
            return index::field_mut(form, field.as_str()).map(|f| &mut f.body);
        }
        self.files
            .iter_mut()
            .flat_map(|(_, f)| f.decls.iter_mut())
            .find_map(|d| match (&mut d.kind, target) {
                (DeclKind::Standard(s), Target::Standard) => Some(&mut s.body),
                (DeclKind::Country(c), Target::Country) => Some(&mut c.body),
                (DeclKind::Record(r), Target::Record(id)) if r.id.node == id.as_str() => {
                    Some(&mut r.body)
                }
                (DeclKind::Role(r), Target::Role(id)) if r.id.node == id.as_str() => {
                    Some(&mut r.body)
                }
                (DeclKind::Lookup(l), Target::Lookup(id)) if l.id.node == id.as_str() => {
                    Some(&mut l.body)
                }
                (DeclKind::Form(f), Target::Form(id)) if f.id.node == id.as_str() => {
                    Some(&mut f.body)
                }
                _ => None,
            })
    }
}

/// E0129: `stored_as` in a `translate`/`reword`, which only changes texts.
fn stored_in_translate(option: &str, stored: &gbvims_dsl::Spanned<String>) -> Diagnostic {
    Diagnostic::new(
        Code::E0129,
        stored.span,
        format!("a translation cannot set the stored id of option `{option}`"),
    )
    .label("`stored_as` means nothing here")
    .help(format!(
        "`translate` and `reword` change texts only; set the stored id in an `extend lookup` of the list: `option {option} stored_as \"{}\"`",
        stored.node
    ))
}
