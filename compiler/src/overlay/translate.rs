//! `translate` declarations: a country's texts for standard elements (and for its own).
//! Only texts may change; each text is given once per language.

use gbvims_dsl::ast::{
    Attr, AttrValue, Decl, DeclKind, Item, ItemKind, Name, Text, Texts, TranslateDecl,
    TranslateKind,
};
use gbvims_dsl::Span;

use super::apply::Work;
use super::index;
use crate::diagnostics::{suggest, Code, Diagnostic};

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

/// The texts an element may have translated.
fn texts_keys(kind: TranslateKind) -> &'static [&'static str] {
    match kind {
        TranslateKind::Country => &["name"],
        TranslateKind::Standard => &["title"],
        TranslateKind::Record => &["label"],
        TranslateKind::Role => &["label", "description"],
        TranslateKind::Lookup => &["name"],
        TranslateKind::Form => &["title", "description"],
        TranslateKind::Field => &[
            "label",
            "help",
            "guiding_questions",
            "tick_label",
            "constraint_message",
        ],
        TranslateKind::IncidentRecorder => &[],
    }
}

impl Work<'_> {
    /// Checks and applies one `translate` declaration.
    pub(crate) fn translation(&mut self, decl: &Decl) {
        let DeclKind::Translate(t) = &decl.kind else {
            return;
        };
        let kind = t.kind.node;
        let what = format!("`translate {}`", kind.keyword());
        if kind == TranslateKind::IncidentRecorder {
            self.translate_ir(t);
            return;
        }
        let options = matches!(kind, TranslateKind::Lookup | TranslateKind::Field);
        self.only(&t.body, texts_keys(kind), options, &what);
        let Some(target) = self.target(t) else { return };
        let key_base = match kind {
            TranslateKind::Standard => "standard".to_string(),
            TranslateKind::Country => "country".to_string(),
            _ => format!("{}.{}", kind.keyword(), target),
        };
        // Options: they must exist in the list being translated.
        let option_ids: Vec<String> = match kind {
            TranslateKind::Lookup => index::lookup(&self.files, &target)
                .map(|l| index::options(&l.body).map(|o| o.id.node.clone()).collect())
                .unwrap_or_default(),
            TranslateKind::Field => self
                .field_decl(&target)
                .map(|f| index::options(&f.body).map(|o| o.id.node.clone()).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut edits: Vec<(String, Texts)> = Vec::new();
        for item in &t.body {
            match &item.kind {
                ItemKind::Attr(a) if texts_keys(kind).contains(&a.key.node.as_str()) => {
                    if let AttrValue::Texts(texts) = &a.value {
                        if self.first_time(&format!("{key_base}.{}", a.key.node), texts) {
                            edits.push((a.key.node.clone(), texts.clone()));
                        }
                    }
                }
                ItemKind::Option(o) if options => {
                    if !option_ids.contains(&o.id.node) {
                        let help = suggest(
                            &o.id.node,
                            option_ids.iter().map(String::as_str),
                            &format!(
                                "the options are: {}",
                                option_ids
                                    .iter()
                                    .map(|o| format!("`{o}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                        let mut d = Diagnostic::new(
                            Code::E0007,
                            o.id.span,
                            format!("`{target}` has no option `{}`", o.id.node),
                        )
                        .label("unknown option")
                        .help(help);
                        if let Some(span) = self.declared_at(kind, &target) {
                            d = d.with_secondary(span, "its options are declared here");
                        }
                        self.sink.push(d);
                        continue;
                    }
                    if let Some(texts) = &o.label {
                        if self.first_time(&format!("{key_base}.option.{}", o.id.node), texts) {
                            edits.push((format!("option {}", o.id.node), texts.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
        let default = self.default_language.clone();
        let Some(body) = self.target_body(kind, &target) else {
            return;
        };
        let mut replaced = Vec::new();
        for (key, texts) in edits {
            let r = match key.strip_prefix("option ") {
                Some(id) => body
                    .iter_mut()
                    .find_map(|i| match &mut i.kind {
                        ItemKind::Option(o) if o.id.node == id => Some(o),
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
                None => merge(body, &key, &texts, &default),
            };
            for (lang, first) in r {
                let second = texts
                    .entries
                    .iter()
                    .find(|e| lang_of(e, &default) == lang)
                    .map_or(first, |e| e.lang.as_ref().map_or(e.value.span, |l| l.span));
                let key = format!("{key_base}.{}", key.replace("option ", "option."));
                replaced.push((key, lang, first, second));
            }
        }
        self.country_twice(replaced);
    }

    /// Texts the country already gave elsewhere (in a replaced list, an added field) and now
    /// translates again.
    fn country_twice(&mut self, replaced: Vec<(String, String, Span, Span)>) {
        for (key, lang, first, second) in replaced {
            if self.in_standard(first) {
                continue;
            }
            self.sink.push(
                Diagnostic::new(
                    Code::E0083,
                    second,
                    format!("`{key}` is translated into `{lang}` a second time"),
                )
                .label("second translation")
                .with_secondary(first, "first given here")
                .help("keep one translation: delete this one or the first"),
            );
        }
    }

    /// Records that `key` is translated in each language of `texts`; reports a second time.
    /// Texts the standard already has are not counted: a country may reword them once.
    pub(crate) fn first_time(&mut self, key: &str, texts: &Texts) -> bool {
        let mut ok = true;
        for e in &texts.entries {
            let lang = e
                .lang
                .as_ref()
                .map_or_else(|| self.default_language.clone(), |l| l.node.clone());
            let span = e.lang.as_ref().map_or(e.value.span, |l| l.span);
            if let Some(first) = self.translated.get(&(key.to_string(), lang.clone())) {
                ok = false;
                self.sink.push(
                    Diagnostic::new(
                        Code::E0083,
                        span,
                        format!("`{key}` is translated into `{lang}` a second time"),
                    )
                    .label("second translation")
                    .with_secondary(*first, "first translated here")
                    .help("keep one translation: delete this one or the first"),
                );
            } else {
                self.translated.insert((key.to_string(), lang), span);
            }
        }
        ok
    }

    /// The id a translate names, checked to exist.
    fn target(&mut self, t: &TranslateDecl) -> Option<String> {
        let kind = t.kind.node;
        if matches!(kind, TranslateKind::Standard | TranslateKind::Country) {
            return Some(String::new());
        }
        let Some(name) = &t.target else {
            self.sink.push(
                Diagnostic::new(
                    Code::E0081,
                    t.kind.span,
                    format!(
                        "`translate {}` needs the id of what it translates",
                        kind.keyword()
                    ),
                )
                .label("no id")
                .help(format!("write `translate {} <id> {{ … }}`", kind.keyword())),
            );
            return None;
        };
        let id = name.node.as_str();
        let exists = |ids: Vec<&str>| ids.contains(&id);
        let found = match kind {
            TranslateKind::Record | TranslateKind::Role => {
                let ids: Vec<&str> = index::decls(&self.files)
                    .filter_map(|d| match (&d.kind, kind) {
                        (DeclKind::Record(r), TranslateKind::Record) => Some(r.id.node.as_str()),
                        (DeclKind::Role(r), TranslateKind::Role) => Some(r.id.node.as_str()),
                        _ => None,
                    })
                    .collect();
                if !exists(ids.clone()) {
                    let help = suggest(id, ids, "use an id of standard-forms/standard.gbv");
                    let code = if kind == TranslateKind::Record {
                        Code::E0014
                    } else {
                        Code::E0015
                    };
                    self.sink.push(
                        Diagnostic::new(
                            code,
                            name.span,
                            format!("the standard has no {} `{id}`", kind.keyword()),
                        )
                        .label(format!("unknown {}", kind.keyword()))
                        .help(help),
                    );
                    return None;
                }
                true
            }
            TranslateKind::Lookup => {
                let ids = index::lookup_ids(&self.files);
                if !exists(ids.clone()) {
                    let help = suggest(
                        id,
                        ids,
                        "the standard's lookups are in standard-forms/lookups.gbv",
                    );
                    self.sink.push(
                        Diagnostic::new(
                            Code::E0012,
                            name.span,
                            format!("there is no lookup `{id}`"),
                        )
                        .label("unknown lookup")
                        .help(help),
                    );
                    return None;
                }
                true
            }
            TranslateKind::Form => {
                if index::form(&self.files, id).is_none() {
                    self.unknown_form(name.span, id);
                    return None;
                }
                true
            }
            TranslateKind::Field => {
                let (form, field) = self.resolve_field(name)?;
                return Some(format!("{form}.{field}"));
            }
            TranslateKind::Standard | TranslateKind::Country | TranslateKind::IncidentRecorder => {
                true
            }
        };
        found.then(|| id.to_string())
    }

    /// Where the lookup or field a translate names is declared.
    fn declared_at(&self, kind: TranslateKind, target: &str) -> Option<Span> {
        match kind {
            TranslateKind::Lookup => index::lookup(&self.files, target).map(|l| l.id.span),
            TranslateKind::Field => self.field_decl(target).map(|f| f.id.span),
            _ => None,
        }
    }

    fn field_decl(&self, path: &str) -> Option<&gbvims_dsl::ast::FieldDecl> {
        let (form, field) = path.split_once('.')?;
        index::field(index::form(&self.files, form)?, field)
    }

    /// The body holding the texts of a translate's target.
    fn target_body(&mut self, kind: TranslateKind, target: &str) -> Option<&mut Vec<Item>> {
        if kind == TranslateKind::Field {
            let (form, field) = target.split_once('.')?;
            return index::form_mut(&mut self.files, form)
                .and_then(|f| index::field_mut(f, field))
                .map(|f| &mut f.body);
        }
        self.files
            .iter_mut()
            .flat_map(|(_, f)| f.decls.iter_mut())
            .find_map(|d| match (&mut d.kind, kind) {
                (DeclKind::Standard(s), TranslateKind::Standard) => Some(&mut s.body),
                (DeclKind::Country(c), TranslateKind::Country) => Some(&mut c.body),
                (DeclKind::Record(r), TranslateKind::Record) if r.id.node == target => {
                    Some(&mut r.body)
                }
                (DeclKind::Role(r), TranslateKind::Role) if r.id.node == target => {
                    Some(&mut r.body)
                }
                (DeclKind::Lookup(l), TranslateKind::Lookup) if l.id.node == target => {
                    Some(&mut l.body)
                }
                (DeclKind::Form(f), TranslateKind::Form) if f.id.node == target => {
                    Some(&mut f.body)
                }
                _ => None,
            })
    }
}
