//! `replace lookup`, `extend lookup` and the country's own lookups, checked against the
//! standard's policies (fixed, extensible, localizable) and applied.

use gbvims_dsl::ast::{
    Attr, AttrValue, Decl, DeclKind, Item, ItemKind, LookupDecl, Name, OverlayLookupDecl,
};
use gbvims_dsl::FileId;

use super::apply::Work;
use super::changes::{ChangeKind, StoredOption};
use super::index;
use super::unknown_target::UnknownOverlayTarget;
use crate::checks::duplicate_lookup::DuplicateLookup;
use crate::checks::duplicate_option::DuplicateOption;
use crate::checks::unknown_lookup::UnknownLookup;
use crate::checks::unprefixed_country_id::UnprefixedCountryId;
use crate::checks::Origin;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Lookup, Policy};

impl Work<'_> {
    /// A standard lookup an overlay names: its declaration (for spans) and what the standard
    /// says of it (policy, anchors, options). Reports unknown lookups and the country's own.
    pub(crate) fn std_lookup(&mut self, id: &Name, verb: &str) -> Option<(LookupDecl, Lookup)> {
        let found = index::decls(&self.files)
            .find(|d| matches!(&d.kind, DeclKind::Lookup(l) if l.id.node == id.node))
            .map(|d| (d.span, d.kind.clone()));
        let std = self
            .std
            .lookup_by_id(&id.node)
            .map(|ix| self.std.lookup(ix).clone());
        match (found, std) {
            (Some((span, DeclKind::Lookup(l))), Some(std)) if self.in_standard(span) => {
                Some((l, std))
            }
            (Some((_, DeclKind::Lookup(l))), _) => {
                self.sink.push(
                    UnknownOverlayTarget::OwnLookup {
                        id: &id.node,
                        verb,
                        span: id.span,
                        declared: l.id.span,
                    }
                    .diagnostic(),
                );
                None
            }
            _ => {
                let d = UnknownLookup {
                    id: &id.node,
                    span: id.span,
                    candidates: index::lookup_ids(&self.files),
                    origin: Origin::Standard,
                }
                .diagnostic();
                self.sink.push(d);
                None
            }
        }
    }

    pub(crate) fn fixed(&mut self, l: &OverlayLookupDecl, std: &LookupDecl, verb: &str) {
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
                "fixed ids keep data comparable between countries: keep the standard's options and translate their labels into the country's languages (`translate lookup {} {{ option <id>: <lang> \"…\" }}`); an English label that means something else is a `reword lookup {} {{ … }} because \"…\"`, listed in the build output",
                l.id.node, l.id.node
            )),
        );
    }

    pub(crate) fn replace(&mut self, l: &OverlayLookupDecl) {
        let Some((std, model)) = self.std_lookup(&l.id, "replace") else {
            return;
        };
        if model.policy == Policy::Fixed {
            self.fixed(l, &std, "replace");
            return;
        }
        if let Some(first) = self.replaced.get(&l.id.node) {
            let d = DuplicateLookup::Replaced {
                id: &l.id.node,
                span: l.id.span,
                first: *first,
            }
            .diagnostic();
            self.sink.push(d);
            return;
        }
        // Counted as replaced even when rejected below: the error says what to fix, and the list
        // is not also reported as a placeholder left in place (E0091).
        self.replaced.insert(l.id.node.clone(), l.id.span);
        self.only(&l.body, &["name"], true, "`replace lookup`");
        let new: Vec<&str> = index::options(&l.body)
            .map(|o| o.id.node.as_str())
            .collect();
        let mut ok = true;
        if model.policy == Policy::Localizable {
            let anchors = index::attr(&std.body, "anchors").map(|a| a.key.span);
            for anchor in &model.anchors {
                if new.contains(&anchor.as_str()) {
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
            ok &= self.placeholders_kept(l, &std, &model.anchors);
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
        let std_ids: Vec<String> = index::options(&std.body)
            .map(|o| o.id.node.clone())
            .collect();
        let change = ChangeKind::LookupReplaced {
            lookup: l.id.node.clone(),
            removed: std_ids
                .iter()
                .filter(|o| !new.contains(&o.as_str()))
                .cloned()
                .collect(),
            added: new
                .iter()
                .filter(|o| !std_ids.iter().any(|s| s == *o))
                .map(|o| (*o).to_string())
                .collect(),
        };
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
        self.changed(change);
        self.stored_change(&l.id.node, &l.body);
    }

    /// E0126: a replacement of a localizable list that keeps one of the standard's placeholder
    /// options (`option language1: en "Language1"`), by its id or by its label in any language.
    /// Returns false when one is kept.
    fn placeholders_kept(
        &mut self,
        l: &OverlayLookupDecl,
        std: &LookupDecl,
        anchors: &[crate::model::OptionId],
    ) -> bool {
        use crate::checks::duplicate_option_label::comparable;
        let default = self.default_language.clone();
        let std_default = self.std.standard.default_language.as_str().to_string();
        let placeholders: Vec<&gbvims_dsl::ast::OptionDecl> = index::options(&std.body)
            .filter(|o| !anchors.iter().any(|a| a.as_str() == o.id.node))
            .collect();
        let labels = |o: &gbvims_dsl::ast::OptionDecl, default: &str| -> Vec<(String, String)> {
            o.label
                .iter()
                .flat_map(|t| &t.entries)
                .map(|e| {
                    let lang = e.lang.as_ref().map_or(default, |l| l.node.as_str());
                    (lang.to_string(), comparable(&e.value.node))
                })
                .filter(|(_, v)| !v.is_empty())
                .collect()
        };
        let mut ok = true;
        for o in index::options(&l.body) {
            let own = labels(o, &default);
            let kept = placeholders.iter().find_map(|p| {
                if p.id.node == o.id.node {
                    return Some((p, o.id.span, format!("the id `{}`", o.id.node)));
                }
                let theirs = labels(p, &std_default);
                own.iter().find(|x| theirs.contains(x)).map(|(lang, _)| {
                    let span = o
                        .label
                        .iter()
                        .flat_map(|t| &t.entries)
                        .find(|e| e.lang.as_ref().map_or(&default, |l| &l.node) == lang)
                        .map_or(o.id.span, |e| e.value.span);
                    (p, span, format!("the `{lang}` label of `{}`", p.id.node))
                })
            });
            let Some((p, span, what)) = kept else {
                continue;
            };
            ok = false;
            self.sink.push(
                Diagnostic::new(
                    Code::E0126,
                    span,
                    format!(
                        "the new list of `{}` keeps {what}, a placeholder of the standard",
                        l.id.node
                    ),
                )
                .label("placeholder copied")
                .with_secondary(p.id.span, "the standard's placeholder")
                .help(format!(
                    "write the country's own options instead, with the country prefix and real names (`option {}…: en \"…\"`); the placeholders only say where the country's list goes",
                    self.prefix
                )),
            );
        }
        ok
    }

    pub(crate) fn extend(&mut self, l: &OverlayLookupDecl) {
        let Some((std, model)) = self.std_lookup(&l.id, "extend") else {
            return;
        };
        // A record's form groups are a fixed list, but a country adds navigation groups for
        // its own forms (`own_forms.rs`): new prefixed options only, as for an extensible list.
        let form_groups = self.std.records.iter().any(|r| {
            r.form_groups
                .is_some_and(|g| self.std.lookup_id(g) == Some(l.id.node.as_str()))
        });
        // `option <id> stored_as "…"` with no texts: the stored id of an option the list has,
        // allowed whatever the list's policy (a stored id changes no meaning).
        let (aliases, rest): (Vec<&Item>, Vec<&Item>) = l.body.iter().partition(|i| {
            matches!(&i.kind, ItemKind::Option(o) if o.label.is_none() && o.stored_as.is_some())
        });
        if !aliases.is_empty() {
            self.store_as(&l.id, &aliases);
            if !rest.iter().any(|i| matches!(i.kind, ItemKind::Option(_))) {
                self.only(&l.body, &[], true, "`extend lookup`");
                return;
            }
        }
        let filtered;
        let l = if aliases.is_empty() {
            l
        } else {
            filtered = OverlayLookupDecl {
                id: l.id.clone(),
                body: rest.into_iter().cloned().collect(),
            };
            &filtered
        };
        match model.policy {
            Policy::Fixed if !form_groups => {
                self.fixed(l, &std, "extend");
                return;
            }
            Policy::Localizable => {
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
            Policy::Fixed | Policy::Extensible => {}
        }
        self.only(&l.body, &[], true, "`extend lookup`");
        let mut ok = true;
        for o in index::options(&l.body) {
            if let Some(existing) = index::options(&std.body).find(|s| s.id.node == o.id.node) {
                ok = false;
                self.sink.push(
                    DuplicateOption::InStandard {
                        lookup: &l.id.node,
                        id: &o.id.node,
                        span: o.id.span,
                        existing: existing.id.span,
                    }
                    .diagnostic(),
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
            self.changed(ChangeKind::LookupExtended {
                lookup: l.id.node.clone(),
                added: index::options(&l.body).map(|o| o.id.node.clone()).collect(),
            });
            self.stored_change(&l.id.node, &l.body);
        }
    }

    /// Sets the stored id of options the list already has (`option <id> stored_as "…"` with no
    /// texts); E0129 for a line naming no option of the list.
    fn store_as(&mut self, lookup: &Name, items: &[&Item]) {
        let mut done = Vec::new();
        for item in items {
            let ItemKind::Option(o) = &item.kind else {
                continue;
            };
            let Some(stored) = &o.stored_as else {
                continue;
            };
            let target = index::lookup_mut(&mut self.files, &lookup.node).and_then(|t| {
                t.body.iter_mut().find_map(|i| match &mut i.kind {
                    ItemKind::Option(x) if x.id.node == o.id.node => Some(x),
                    _ => None,
                })
            });
            match target {
                Some(x) => {
                    x.stored_as = Some(stored.clone());
                    done.push(StoredOption {
                        option: o.id.node.clone(),
                        stored: stored.node.clone(),
                    });
                }
                None => {
                    let candidates: Vec<String> = index::lookup_mut(&mut self.files, &lookup.node)
                        .map(|t| index::options(&t.body).map(|x| x.id.node.clone()).collect())
                        .unwrap_or_default();
                    let near = crate::diagnostics::did_you_mean(
                        &o.id.node,
                        candidates.iter().map(String::as_str),
                    )
                    .map(str::to_string);
                    let mut d = Diagnostic::new(
                        Code::E0129,
                        o.id.span,
                        format!(
                            "`{}` has no option `{}` whose stored id could be set",
                            lookup.node, o.id.node
                        ),
                    )
                    .label("no such option");
                    d = match near {
                        Some(n) => d.help(format!(
                            "did you mean `option {n} stored_as \"{}\"`? An option line without labels only sets the stored id of an option the list has; to add an option, give it labels (`option {}…: en \"…\"`)",
                            stored.node, self.prefix
                        )),
                        None => d.help(format!(
                            "an option line without labels only sets the stored id of an option the list has; to add an option, give it labels (`option {}…: en \"…\" stored_as \"{}\"`)",
                            self.prefix, stored.node
                        )),
                    };
                    self.sink.push(d);
                }
            }
        }
        if !done.is_empty() {
            self.changed(ChangeKind::OptionsStoredAs {
                lookup: lookup.node.clone(),
                options: done,
            });
        }
    }

    /// Records the stored ids a list's new options declare, if any.
    pub(crate) fn stored_change(&mut self, lookup: &str, body: &[Item]) {
        let options: Vec<StoredOption> = index::options(body)
            .filter_map(|o| {
                o.stored_as.as_ref().map(|s| StoredOption {
                    option: o.id.node.clone(),
                    stored: s.node.clone(),
                })
            })
            .collect();
        if !options.is_empty() {
            self.changed(ChangeKind::OptionsStoredAs {
                lookup: lookup.to_string(),
                options,
            });
        }
    }

    pub(crate) fn own_lookup(&mut self, file: FileId, l: &LookupDecl, decl: &Decl) {
        let prefix = format!("lookup-{}-", self.code);
        if !self.code.is_empty() && !l.id.node.starts_with(&prefix) {
            let rest = l.id.node.strip_prefix("lookup-").unwrap_or(&l.id.node);
            self.sink.push(
                UnprefixedCountryId {
                    what: "own lookup",
                    id: &l.id.node,
                    prefix: &prefix,
                    renamed: format!("{prefix}{rest}"),
                    span: l.id.span,
                    verb: "declare",
                }
                .diagnostic(),
            );
        }
        self.adopt(file, decl);
        self.changed(ChangeKind::LookupDeclared {
            lookup: l.id.node.clone(),
            options: index::options(&l.body).count(),
        });
        self.stored_change(&l.id.node, &l.body);
    }
}
