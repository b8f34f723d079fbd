//! Lookups and option lists.

use gbvims_dsl::ast::{Item, ItemKind, LookupDecl, Name};

use super::attrs::Place;
use super::Lower;
use crate::checks::attribute_not_allowed_here::AttributeNotAllowedHere;
use crate::checks::duplicate_lookup::DuplicateLookup;
use crate::checks::duplicate_option::DuplicateOption;
use crate::checks::misplaced_item::MisplacedItem;
use crate::checks::missing_attribute::MissingAttribute;
use crate::checks::option_not_in_lookup::OptionNotInLookup;
use crate::checks::unknown_lookup::UnknownLookup;
use crate::checks::Origin;
use crate::diagnostics::{suggest, Code, Diagnostic};
use crate::model::{
    Lookup, LookupId, LookupIx, LookupKind, Model, OptionDef, OptionId, Policy, StoredId,
};

/// Primero's rule for lookup ids: `^\w+((-|\+)\w*)*$`.
fn is_valid_lookup_id(id: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut parts = id.split(['-', '+']);
    parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.chars().all(word))
        && parts.all(|p| p.chars().all(word))
}

/// Option ids go verbatim into JSON, XForm values, XLSForm choice names and the IR: letters,
/// digits and `_`, in parts joined by single `-`.
fn is_valid_option_id(id: &str) -> bool {
    id.split('-')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// A valid option id close to `id`: `+` becomes `_plus` (so `18+` does not turn into `18`),
/// other characters `_`, repeated separators collapse. `None` when nothing valid is left.
fn option_id_like(id: &str) -> Option<String> {
    let mut out = String::new();
    for c in id.chars() {
        match c {
            '+' => out.push_str("_plus"),
            '-' if !out.ends_with(['-', '_']) => out.push('-'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with(['-', '_']) => out.push('_'),
            _ => {}
        }
    }
    let out = out.trim_matches(['_', '-']).to_string();
    is_valid_option_id(&out).then_some(out)
}

impl Lower<'_> {
    pub(crate) fn lookup(&mut self, lk: &LookupDecl) {
        let id = &lk.id;
        if !is_valid_lookup_id(&id.node) {
            self.sink.push(
                Diagnostic::new(
                    Code::E0030,
                    id.span,
                    format!("the lookup id `{}` is not valid", id.node),
                )
                .label("invalid lookup id")
                .help("use letters, digits and `_`, in parts joined by `-`, like `lookup-gender`"),
            );
        }
        if let Some(&first) = self.lookup_ids.get(&id.node) {
            let d = DuplicateLookup::Declared {
                id: &id.node,
                span: id.span,
                first: self.spans.lookups[first.index()],
            }
            .diagnostic();
            self.sink.push(d);
            return;
        }
        let policy = self.policy(lk);
        let attrs = self.attrs(&lk.body, Place::Lookup);
        let what = format!("the name of lookup `{}`", id.node);
        let name = self.required_texts(&attrs, "name", &what, id.span, "lookup");
        let owner = format!("lookup `{}`", id.node);
        let options = self.options(&lk.body, &owner);
        if options.is_empty() {
            self.sink.push(
                Diagnostic::new(
                    Code::E0052,
                    id.span,
                    format!("the lookup `{}` has no options", id.node),
                )
                .label("empty list")
                .help("add options, like `option yes: en \"Yes\"`"),
            );
        }
        let anchors = self.anchors(&attrs, &options, policy, &owner);
        let system = self.flag(&attrs, "system").unwrap_or(false);
        let ix = LookupIx::from_index(self.lookups.len());
        self.lookups.push(Lookup {
            kind: LookupKind::Named(LookupId(id.node.clone())),
            policy,
            name,
            options,
            anchors,
            system,
        });
        self.spans.lookups.push(id.span);
        self.lookup_ids.insert(id.node.clone(), ix);
    }

    fn policy(&mut self, lk: &LookupDecl) -> Policy {
        let Some(p) = &lk.policy else {
            self.sink.push(
                MissingAttribute::Policy {
                    lookup: &lk.id.node,
                    span: lk.id.span,
                }
                .diagnostic(),
            );
            return Policy::Fixed;
        };
        match p.node.as_str() {
            "fixed" => Policy::Fixed,
            "extensible" => Policy::Extensible,
            "localizable" => Policy::Localizable,
            other => {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0020,
                        p.span,
                        format!("`{other}` is not a lookup policy"),
                    )
                    .label("unknown policy")
                    .help(suggest(
                        other,
                        ["fixed", "extensible", "localizable"],
                        "use `fixed`, `extensible` or `localizable`",
                    )),
                );
                Policy::Fixed
            }
        }
    }

    fn anchors(
        &mut self,
        attrs: &super::attrs::Attrs,
        options: &[OptionDef],
        policy: Policy,
        owner: &str,
    ) -> Vec<OptionId> {
        let Some(names) = self.names(attrs, "anchors") else {
            return Vec::new();
        };
        if policy != Policy::Localizable {
            if let Some(attr) = attrs.get("anchors") {
                self.sink.push(
                    AttributeNotAllowedHere::Anchors {
                        span: attr.key.span,
                    }
                    .diagnostic(),
                );
            }
            return Vec::new();
        }
        let mut out = Vec::new();
        for n in names {
            if options.iter().any(|o| o.id.as_str() == n.node) {
                out.push(OptionId(n.node.clone()));
            } else {
                self.sink.push(
                    OptionNotInLookup::Anchor {
                        option: &n.node,
                        owner,
                        ids: options.iter().map(|o| o.id.as_str()).collect(),
                        span: n.span,
                    }
                    .diagnostic(),
                );
            }
        }
        out
    }

    /// The `option` lines of a lookup or of a field (an inline list).
    pub(crate) fn options(&mut self, body: &[Item], owner: &str) -> Vec<OptionDef> {
        let mut out: Vec<OptionDef> = Vec::new();
        let mut spans: Vec<gbvims_dsl::Span> = Vec::new();
        let mut label_spans: Vec<Option<gbvims_dsl::ast::Texts>> = Vec::new();
        let mut stored_spans: Vec<Option<gbvims_dsl::Span>> = Vec::new();
        for item in body {
            let ItemKind::Option(o) = &item.kind else {
                continue;
            };
            let id = &o.id;
            if !is_valid_option_id(&id.node) {
                let fixed = option_id_like(&id.node);
                self.sink.push(
                    Diagnostic::new(Code::E0031, id.span, format!("the option id `{}` is not valid", id.node))
                        .label("invalid option id")
                        .help(match fixed {
                            Some(f) => format!("use letters, digits, `_` and `-` only, like `{f}`; the label can say anything"),
                            None => "use letters, digits, `_` and `-` only; the label can say anything".to_string(),
                        }),
                );
            }
            if let Some(n) = out.iter().position(|x| x.id.as_str() == id.node) {
                self.sink.push(
                    DuplicateOption::InList {
                        id: &id.node,
                        owner,
                        span: id.span,
                        first: spans[n],
                    }
                    .diagnostic(),
                );
                continue;
            }
            let what = format!("the label of option `{}` in {owner}", id.node);
            let label = match &o.label {
                Some(t) => self.texts(t, &what),
                None => {
                    let d = MissingAttribute::OptionLabel {
                        option: &id.node,
                        language: &self.default_language,
                        span: id.span,
                    }
                    .diagnostic();
                    self.sink.push(d);
                    crate::model::Texts::default()
                }
            };
            let stored = match &o.stored_as {
                Some(s) if self.stored_in_standard(&id.node, s) => id.node.clone(),
                Some(s) if self.valid_stored_option(s) => s.node.clone(),
                _ => id.node.clone(),
            };
            out.push(OptionDef {
                id: OptionId(id.node.clone()),
                stored: StoredId(stored),
                label,
            });
            spans.push(id.span);
            label_spans.push(o.label.clone());
            stored_spans.push(o.stored_as.as_ref().map(|s| s.span));
        }
        self.duplicate_labels(&out, &spans, &label_spans, owner);
        self.duplicate_stored(&out, &spans, &stored_spans, owner);
        out
    }

    /// E0129 for a stored id written in the standard's own files: the standard's ids are
    /// Primero's, and stored ids are a country's. True when reported (the id is then ignored).
    fn stored_in_standard(&mut self, option: &str, s: &gbvims_dsl::Spanned<String>) -> bool {
        if self.overlay && !self.quiet_files.contains(&s.span.file) {
            return false;
        }
        self.sink.push(
            Diagnostic::new(
                Code::E0129,
                s.span,
                format!("the standard gives option `{option}` a stored id"),
            )
            .label("`stored_as` means nothing here")
            .help("delete `stored_as`: the standard's option ids are the ids records hold; a country whose records hold another id writes `extend lookup <lookup> { option <id> stored_as \"…\" }`"),
        );
        true
    }

    /// E0031 for a stored option id that is not a valid option id.
    fn valid_stored_option(&mut self, s: &gbvims_dsl::Spanned<String>) -> bool {
        if is_valid_option_id(&s.node) {
            return true;
        }
        self.sink.push(
            Diagnostic::new(
                Code::E0031,
                s.span,
                format!("the stored option id `{}` is not valid", s.node),
            )
            .label("invalid stored id")
            .help("write the id exactly as the existing records hold it: letters, digits, `_` and `-` only"),
        );
        false
    }

    /// E0127: an option stored under the id or the stored id of another option of the list.
    fn duplicate_stored(
        &mut self,
        options: &[OptionDef],
        spans: &[gbvims_dsl::Span],
        stored_spans: &[Option<gbvims_dsl::Span>],
        owner: &str,
    ) {
        for (n, o) in options.iter().enumerate() {
            let Some(at) = stored_spans.get(n).copied().flatten() else {
                continue;
            };
            let clash = options.iter().enumerate().find(|(m, other)| {
                *m != n
                    && (other.id.as_str() == o.stored.as_str()
                        || (other.stored.as_str() == o.stored.as_str() && *m < n))
            });
            let Some((m, other)) = clash else {
                continue;
            };
            let (what, second) = if other.id.as_str() == o.stored.as_str() {
                ("the id", "that option")
            } else {
                ("also the stored id", "stored under it here")
            };
            self.sink.push(
                Diagnostic::new(
                    Code::E0127,
                    at,
                    format!(
                        "option `{}` of {owner} is stored as `{}`, which is {what} of option `{}`",
                        o.id, o.stored, other.id
                    ),
                )
                .label("stored id taken")
                .with_secondary(spans[m], second)
                .help("records must tell the options apart: give each option a stored id no other option of the list has (as its id or its `stored_as`)"),
            );
        }
    }

    /// E0125: two options of one list with the same label in one language.
    fn duplicate_labels(
        &mut self,
        options: &[OptionDef],
        spans: &[gbvims_dsl::Span],
        labels: &[Option<gbvims_dsl::ast::Texts>],
        owner: &str,
    ) {
        use crate::checks::duplicate_option_label::{comparable, DuplicateOptionLabel};
        // Where the label of option `n` in `lang` is written.
        let span_of = |n: usize, lang: &str| {
            labels[n]
                .as_ref()
                .and_then(|t| {
                    t.entries.iter().find(|e| {
                        e.lang
                            .as_ref()
                            .map_or(lang == self.default_language, |l| l.node == lang)
                    })
                })
                .map_or(spans[n], |e| e.value.span)
        };
        let mut seen: std::collections::BTreeMap<(String, String), usize> =
            std::collections::BTreeMap::new();
        for (n, o) in options.iter().enumerate() {
            for (lang, text) in &o.label.0 {
                let key = comparable(text);
                if key.is_empty() {
                    continue;
                }
                let Some(&first) = seen.get(&(lang.as_str().to_string(), key.clone())) else {
                    seen.insert((lang.as_str().to_string(), key), n);
                    continue;
                };
                let (mut a, mut b) = (n, first);
                let (mut sa, mut sb) = (span_of(a, lang.as_str()), span_of(b, lang.as_str()));
                // Point at the country's text when only one of the two is the country's.
                if self.quiet_files.contains(&sa.file) && !self.quiet_files.contains(&sb.file) {
                    std::mem::swap(&mut a, &mut b);
                    std::mem::swap(&mut sa, &mut sb);
                }
                let d = DuplicateOptionLabel {
                    id: options[a].id.as_str(),
                    other: options[b].id.as_str(),
                    owner,
                    lang: lang.as_str(),
                    label: &options[a].label.0[lang],
                    span: sa,
                    other_span: sb,
                }
                .diagnostic();
                self.sink.push(d);
            }
        }
    }

    pub(crate) fn misplaced(
        &mut self,
        span: gbvims_dsl::Span,
        what: &str,
        place: &str,
        name: &str,
    ) {
        self.sink.push(
            MisplacedItem::Declaration {
                what,
                name,
                place,
                span,
            }
            .diagnostic(),
        );
    }

    /// Resolves a lookup id and marks it used.
    pub(crate) fn resolve_lookup(&mut self, name: &Name) -> Option<LookupIx> {
        if let Some(&ix) = self.lookup_ids.get(&name.node) {
            if !self.used_lookups.contains(&ix) {
                self.used_lookups.push(ix);
            }
            return Some(ix);
        }
        let d = UnknownLookup {
            id: &name.node,
            span: name.span,
            candidates: self.lookup_ids.keys().map(String::as_str).collect(),
            origin: Origin::Declared,
        }
        .diagnostic();
        self.sink.push(d);
        None
    }

    pub(crate) fn unused_lookups(&mut self, model: &Model) {
        for (n, lk) in model.lookups.iter().enumerate() {
            let ix = LookupIx::from_index(n);
            if let LookupKind::Named(id) = &lk.kind {
                if !self.used_lookups.contains(&ix) && !lk.system {
                    self.sink.push(
                        Diagnostic::new(
                            Code::W0002,
                            self.spans.lookups[n],
                            format!("the lookup `{id}` is not used by any field"),
                        )
                        .label("unused")
                        .help("use it in a field (`select_one <lookup>`), mark it `system` if the platform uses it, or delete it"),
                    );
                }
            }
        }
    }
}
