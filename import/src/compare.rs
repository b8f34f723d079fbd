//! The dump compared with the standard: the overlay declarations that reproduce it, and what
//! they cannot say ([`Left`], W0017 in the report).

use std::collections::{BTreeMap, BTreeSet};

use gbvims_compiler::model::{
    fallback, FieldIx, FieldKind, FormIx, FormKind, LookupIx, LookupKind, Model, OptionSource,
    Policy, Texts,
};

use gbvims_dsl::Span;

use crate::conditions::Fields;
use crate::dump::{Dump, Field, Form, I18n, Lookup, Opt};
use crate::overlay::{self, Change, Decl, FieldBody, FormDecl, OptionDecl, TextAttrs};
use crate::readback::{self, Said, StandardScopes};
use crate::scopes;

/// Something of the dump the overlay does not reproduce.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Left {
    /// Where the dump holds it.
    pub span: Span,
    /// What (`field gbv_incident_form.incident_date`).
    pub what: String,
    /// Why, and what the administrator may do.
    pub why: String,
}

/// The reason written on each `reword` the importer writes.
pub const REWORD_REASON: &str = "imported from the Primero configuration: the deployment's wording";

/// What the comparison gives.
pub struct Compared {
    /// The declarations, in order.
    pub decls: Vec<Decl>,
    /// What is not carried over.
    pub left: Vec<Left>,
    /// What is carried over with a difference of meaning (calculations, conditions reading a
    /// conditional question without its condition).
    pub notes: Vec<Left>,
}

struct Ctx<'a> {
    model: &'a Model,
    langs: &'a [String],
    code: &'a str,
    /// Primero lookup id → the id written in the overlay.
    lookup_ids: BTreeMap<String, String>,
    left: Vec<Left>,
    notes: Vec<Left>,
    /// The dump object being compared.
    at: Span,
    /// The fields a condition may read, per scope (`record <record>`, `row <subform>`).
    scopes: BTreeMap<String, Fields>,
    /// The standard's fields per scope, with the conditions the Primero target writes.
    standard_scopes: StandardScopes,
}

impl Ctx<'_> {
    fn default_lang(&self) -> &str {
        self.langs.first().map_or("en", String::as_str)
    }

    /// The text the Primero target writes for `texts` in `lang` (the one fallback rule, an
    /// empty text counting as none).
    fn expected<'t>(&self, texts: &'t Texts, lang: &str) -> &'t str {
        fallback(
            |l| texts.get(l).filter(|t| !t.is_empty()),
            lang,
            self.default_lang(),
        )
        .unwrap_or_default()
    }

    /// The dump's texts that differ from the standard's, per language.
    fn changed(&self, standard: &Texts, dump: &I18n) -> Vec<(String, String)> {
        self.langs
            .iter()
            .filter_map(|l| {
                let d = dump.get(l)?;
                (d != self.expected(standard, l)).then(|| (l.clone(), d.clone()))
            })
            .collect()
    }

    /// A text of the country's own, in its languages: English always kept (Primero requires
    /// it), another language left out when it only repeats the default language's text (the
    /// fallback gives it back).
    fn own(&self, dump: &I18n) -> overlay::Texts {
        let default = dump.get(self.default_lang());
        self.langs
            .iter()
            .filter_map(|l| {
                let t = dump.get(l)?;
                let repeat = l != "en" && l != self.default_lang() && Some(t) == default;
                (!repeat).then(|| (l.clone(), t.clone()))
            })
            .collect()
    }

    fn leave(&mut self, what: String, why: impl Into<String>) {
        self.left.push(Left {
            span: self.at,
            what,
            why: why.into(),
        });
    }

    /// What the report says about the field at `path`.
    fn say(&mut self, path: &str, said: Vec<Said>) {
        for s in said {
            match s {
                Said::Left(why) => self.leave(format!("field {path}"), why),
                Said::Note(why) => self.notes.push(Left {
                    span: self.at,
                    what: format!("field {path}"),
                    why,
                }),
                Said::ShownAlways => {}
            }
        }
    }

    /// The fields a condition of a field of `form` may read.
    fn scope_of(&self, form: &Form) -> &Fields {
        static NONE: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
        self.scopes
            .get(&scope_key(form))
            .unwrap_or_else(|| NONE.get_or_init(Fields::new))
    }

    /// A country id for a Primero id: kept when it has the country prefix, else prefixed (the
    /// Primero id is then its stored key).
    fn country_id(&self, id: &str) -> (String, Option<String>) {
        country_id(self.code, id)
    }
}

/// A country id for a Primero id in the country `code`: kept when it has the country prefix,
/// else prefixed (the Primero id is then its stored key).
pub(crate) fn country_id(code: &str, id: &str) -> (String, Option<String>) {
    let prefix = format!("{code}_");
    if id.starts_with(&prefix) {
        (id.to_string(), None)
    } else {
        (format!("{prefix}{id}"), Some(id.to_string()))
    }
}

/// Compares `dump` with the standard `model`; `langs` are the country's languages (default
/// first), `code` its ISO code.
#[must_use]
pub fn compare(dump: &Dump, model: &Model, langs: &[String], code: &str) -> Compared {
    let mut ctx = Ctx {
        model,
        langs,
        code,
        lookup_ids: BTreeMap::new(),
        left: Vec::new(),
        notes: Vec::new(),
        at: Span::default(),
        scopes: BTreeMap::new(),
        standard_scopes: StandardScopes::default(),
    };
    let mut decls = Vec::new();
    lookups(&mut ctx, dump, &mut decls);
    ctx.scopes = dump_scopes(&ctx, dump, &decls);
    forms(&mut ctx, dump, &mut decls);
    placeholders_still_read(&mut ctx, &mut decls);
    own_groups(&mut ctx, &mut decls);
    ctx.left.sort();
    ctx.left.dedup();
    ctx.notes.sort();
    ctx.notes.dedup();
    Compared {
        decls,
        left: ctx.left,
        notes: ctx.notes,
    }
}

/// The scope a form's conditions are read in: its record's, or its rows'.
fn scope_key(form: &Form) -> String {
    if form.nested {
        format!("row {}", form.id)
    } else {
        format!("record {}", form.record)
    }
}

/// The fields of the dump per scope, with the ids the overlay gives them.
fn dump_scopes(ctx: &Ctx, dump: &Dump, decls: &[Decl]) -> BTreeMap<String, Fields> {
    let options = scopes::options(dump, ctx.model, decls, &ctx.lookup_ids);
    let known: BTreeSet<&str> = ctx.model.fields.iter().map(|f| f.id.as_str()).collect();
    let id = |name: &str| {
        if known.contains(name) {
            name.to_string()
        } else {
            ctx.country_id(name).0
        }
    };
    let mut out = BTreeMap::new();
    for f in &dump.forms {
        let key = scope_key(f);
        if out.contains_key(&key) {
            continue;
        }
        let same = dump.forms.iter().filter(|g| scope_key(g) == key);
        let fields = scopes::dump_fields(same, &options, &id);
        out.insert(key, fields);
    }
    out
}

/// A placeholder list Primero kept as the standard has it is `unused lookup` only when no field
/// the overlay keeps reads it; otherwise the country must replace it (E0091 in the report).
fn placeholders_still_read(ctx: &mut Ctx, decls: &mut Vec<Decl>) {
    let model = ctx.model;
    let hidden_forms: BTreeSet<String> = decls
        .iter()
        .filter_map(|d| match d {
            Decl::HideForm(f) => Some(f.clone()),
            _ => None,
        })
        .collect();
    let hidden_fields: BTreeSet<(String, String)> = decls
        .iter()
        .filter_map(|d| match d {
            Decl::HideField(form, field) => Some((form.clone(), field.clone())),
            _ => None,
        })
        .collect();
    let kept_reader = |lx: LookupIx| {
        model.fields.iter().find(|f| {
            let form = model.form(f.form).id.as_str();
            f.flags.visible
                && !hidden_forms.contains(form)
                && !hidden_fields.contains(&(form.to_string(), f.id.to_string()))
                && matches!(&f.kind, FieldKind::Select { source: OptionSource::Lookup(l), .. } if *l == lx)
        })
    };
    let standard = named(model);
    let mut still_read = Vec::new();
    decls.retain(|d| {
        let Decl::UnusedLookup(id) = d else {
            return true;
        };
        let Some(f) = standard.get(id.as_str()).and_then(|&lx| kept_reader(lx)) else {
            return true;
        };
        still_read.push((
            id.clone(),
            model.form(f.form).id.to_string(),
            f.id.to_string(),
        ));
        false
    });
    ctx.at = Span::default();
    for (id, form, field) in still_read {
        ctx.leave(
            format!("lookup {id}"),
            format!("the Primero configuration keeps the standard's placeholder options, but `{form}.{field}` reads the list: replace it with the country's options (`replace lookup {id} {{ … }}`, E0091), or hide the fields that read it"),
        );
    }
}

/// The navigation groups of the country's own forms that the record's form-group list lacks:
/// added to it (the one fixed list a country extends), labelled from the group's id.
fn own_groups(ctx: &mut Ctx, decls: &mut Vec<Decl>) {
    let model = ctx.model;
    let mut wanted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for d in decls.iter() {
        let Decl::Form(f) = d else { continue };
        let Some(group) = f.group.as_ref().filter(|_| !f.subform) else {
            continue;
        };
        let Some(lx) = model
            .records
            .iter()
            .find(|r| r.id.as_str() == f.record)
            .and_then(|r| r.form_groups)
        else {
            continue;
        };
        let lookup = model.lookup(lx);
        let LookupKind::Named(id) = &lookup.kind else {
            continue;
        };
        let declared = decls.iter().any(|d| {
            matches!(d, Decl::ExtendLookup(l, options) if l == id.as_str() && options.iter().any(|o| &o.id == group))
        });
        if !declared && !lookup.options.iter().any(|o| o.id.as_str() == group) {
            wanted
                .entry(id.to_string())
                .or_default()
                .insert(group.clone());
        }
    }
    let Some(mut at) = decls.iter().position(|d| matches!(d, Decl::Form(_))) else {
        return;
    };
    // Before the comment that opens the country's forms.
    if at > 0 && matches!(decls[at - 1], Decl::Comment(_)) {
        at -= 1;
    }
    ctx.at = Span::default();
    let prefix = format!("{}_", ctx.code);
    for (lookup, groups) in wanted.into_iter().rev() {
        let options: Vec<OptionDecl> = groups
            .iter()
            .map(|g| {
                let rest = g.strip_prefix(&prefix).unwrap_or(g);
                let label = if rest.len() <= 3 {
                    rest.replace('_', " ").to_uppercase()
                } else {
                    gbvims_compiler::model::title_case(rest)
                };
                OptionDecl {
                    id: g.clone(),
                    texts: vec![("en".to_string(), label)],
                    stored_as: None,
                }
            })
            .collect();
        ctx.leave(
            format!("lookup {lookup}"),
            format!(
                "the Primero configuration has no label for the navigation group{} {}: the overlay adds {} to the list with a label made from the id; write the real label",
                if groups.len() == 1 { "" } else { "s" },
                groups.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", "),
                if groups.len() == 1 { "it" } else { "them" },
            ),
        );
        decls.insert(at, Decl::ExtendLookup(lookup, options));
    }
}

fn named(model: &Model) -> BTreeMap<&str, LookupIx> {
    model
        .lookups
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match &l.kind {
            LookupKind::Named(id) => Some((id.as_str(), LookupIx::from_index(i))),
            LookupKind::Inline(_) => None,
        })
        .collect()
}

fn same_label(a: &I18n, b: &Texts) -> bool {
    let norm = |s: &str| s.trim().to_lowercase();
    match (a.get("en"), b.get("en")) {
        (Some(x), Some(y)) => norm(x) == norm(y),
        _ => false,
    }
}

fn lookups(ctx: &mut Ctx, dump: &Dump, decls: &mut Vec<Decl>) {
    let model = ctx.model;
    let standard = named(model);
    let mut own = Vec::new();
    let mut seen = BTreeSet::new();
    // The standard's lists in the standard's order, then the others as read: the overlay does
    // not depend on the order of the files.
    let mut ordered: Vec<&Lookup> = dump.lookups.iter().collect();
    ordered.sort_by_key(|l| {
        standard
            .get(l.id.as_str())
            .map_or(usize::MAX, |x| x.index())
    });
    for l in ordered {
        ctx.at = l.span;
        seen.insert(l.id.as_str());
        match standard.get(l.id.as_str()) {
            Some(&lx) => {
                ctx.lookup_ids.insert(l.id.clone(), l.id.clone());
                standard_lookup(ctx, l, lx, decls);
            }
            None => {
                let prefix = format!("lookup-{}-", ctx.code);
                let id = if l.id.starts_with(&prefix) {
                    l.id.clone()
                } else {
                    let rest = l.id.strip_prefix("lookup-").unwrap_or(&l.id);
                    let id = format!("{prefix}{rest}");
                    ctx.leave(
                        format!("lookup {}", l.id),
                        format!("a list of the country's own needs the prefix `{prefix}`: written as `{id}`, and the fields that read it use that id; Primero will store the list under the new id"),
                    );
                    id
                };
                ctx.lookup_ids.insert(l.id.clone(), id.clone());
                let options = l.values.iter().map(|o| own_option(ctx, o, false)).collect();
                own.push(Decl::OwnLookup(id, ctx.own(&l.name), options));
            }
        }
    }
    let mut kept = Vec::new();
    for (id, &lx) in &standard {
        if seen.contains(id) {
            continue;
        }
        if model.lookup(lx).policy == Policy::Localizable {
            decls.push(Decl::UnusedLookup((*id).to_string()));
        } else {
            kept.push(format!("`{id}`"));
        }
    }
    if !kept.is_empty() {
        ctx.at = Span::default();
        ctx.leave(
            format!("{} standard lists", kept.len()),
            format!("not in the Primero configuration ({}); the overlay keeps them (a standard list that is not a placeholder cannot be dropped)", kept.join(", ")),
        );
    }
    if !own.is_empty() {
        decls.push(Decl::Comment("Lists of the country's own.".into()));
        decls.extend(own);
    }
}

/// An option of the country's own: its id prefixed when `prefixed` and it lacks the prefix (the
/// Primero id is then its stored id).
fn own_option(ctx: &Ctx, o: &Opt, prefixed: bool) -> OptionDecl {
    let (id, stored_as) = if prefixed {
        ctx.country_id(&o.id)
    } else {
        (o.id.clone(), None)
    };
    OptionDecl {
        id,
        texts: ctx.own(&o.text),
        stored_as,
    }
}

fn standard_lookup(ctx: &mut Ctx, l: &Lookup, lx: LookupIx, decls: &mut Vec<Decl>) {
    let model = ctx.model;
    let std = model.lookup(lx);
    let std_ids: Vec<&str> = std.options.iter().map(|o| o.id.as_str()).collect();
    let dump_ids: Vec<&str> = l.values.iter().map(|o| o.id.as_str()).collect();
    let name = ctx.changed(&std.name, &l.name);

    if std.policy == Policy::Localizable && std_ids != dump_ids {
        // An anchor kept under another stored id (`other_please_specify` for `other`): the same
        // English label.
        let mut anchors: Vec<&str> = std
            .anchors
            .iter()
            .map(|a| a.as_str())
            .filter(|a| !dump_ids.contains(a))
            .collect();
        let options = l
            .values
            .iter()
            .map(|o| {
                let anchor = anchors
                    .iter()
                    .position(|a| std.option(a).is_some_and(|s| same_label(&o.text, &s.label)));
                match anchor.map(|i| anchors.remove(i)) {
                    Some(a) => OptionDecl {
                        id: a.to_string(),
                        texts: ctx.own(&o.text),
                        stored_as: Some(o.id.clone()),
                    },
                    None => OptionDecl {
                        id: o.id.clone(),
                        texts: ctx.own(&o.text),
                        stored_as: None,
                    },
                }
            })
            .collect();
        decls.push(Decl::ReplaceLookup(l.id.clone(), options));
        if !name.is_empty() {
            decls.push(Decl::TranslateLookup(l.id.clone(), name, Vec::new()));
        }
        return;
    }

    // Standard options under another stored id: the same English label, ids that differ.
    let missing: Vec<&str> = std_ids
        .iter()
        .copied()
        .filter(|id| !dump_ids.contains(id))
        .collect();
    let mut alias: BTreeMap<&str, &str> = BTreeMap::new();
    for o in &l.values {
        if std_ids.contains(&o.id.as_str()) {
            continue;
        }
        if let Some(s) = std.options.iter().find(|s| {
            missing.contains(&s.id.as_str())
                && !alias.contains_key(s.id.as_str())
                && same_label(&o.text, &s.label)
        }) {
            alias.insert(s.id.as_str(), o.id.as_str());
        }
    }
    let aliased: BTreeSet<&str> = alias.values().copied().collect();
    let mut extend: Vec<OptionDecl> = alias
        .iter()
        .map(|(s, d)| OptionDecl {
            id: (*s).to_string(),
            texts: Vec::new(),
            stored_as: Some((*d).to_string()),
        })
        .collect();
    for o in &l.values {
        if std_ids.contains(&o.id.as_str()) || aliased.contains(o.id.as_str()) {
            continue;
        }
        extend.push(own_option(ctx, o, true));
        // A navigation group of the country's own forms is an option added to the record's
        // form-group list (the issue 15 contract): the one fixed list a country extends.
        if std.policy == Policy::Fixed && !l.id.starts_with("lookup-form-group-") {
            ctx.leave(
                format!("option {} of {}", o.id, l.id),
                "added to a fixed list, which a country may not change (E0077): the checker refuses it; remove it or ask the standard's maintainers",
            );
        }
    }
    if !extend.is_empty() {
        decls.push(Decl::ExtendLookup(l.id.clone(), extend));
    }
    for id in &missing {
        if alias.contains_key(id) {
            continue;
        }
        decls.push(Decl::HideOption((*id).to_string(), l.id.clone()));
        if std.policy == Policy::Fixed || std.anchors.iter().any(|a| a.as_str() == *id) {
            ctx.leave(
                format!("option {id} of {}", l.id),
                "dropped in Primero, but it is an option of a fixed list or an anchor, which a country keeps: the checker refuses the `hide option`",
            );
        }
    }
    let kept: Vec<&str> = dump_ids
        .iter()
        .copied()
        .filter(|id| std_ids.contains(id))
        .collect();
    let std_kept: Vec<&str> = std_ids
        .iter()
        .copied()
        .filter(|id| kept.contains(id))
        .collect();
    if kept != std_kept {
        ctx.leave(
            format!("lookup {}", l.id),
            "its options are in another order in Primero; the overlay keeps the standard's order",
        );
    }
    // Texts of the options kept.
    let mut translate = Vec::new();
    let mut reword = Vec::new();
    for o in &l.values {
        let std_id = alias
            .iter()
            .find(|(_, d)| **d == o.id)
            .map_or(o.id.as_str(), |(s, _)| *s);
        let Some(s) = std.option(std_id) else {
            continue;
        };
        let changed = ctx.changed(&s.label, &o.text);
        let (en, other): (Vec<_>, Vec<_>) = changed.into_iter().partition(|(l, _)| l == "en");
        if !other.is_empty() {
            translate.push((std_id.to_string(), other));
        }
        if !en.is_empty() {
            if std.policy == Policy::Fixed {
                reword.push((std_id.to_string(), en));
            } else {
                translate.push((std_id.to_string(), en));
            }
        }
    }
    if !name.is_empty() || !translate.is_empty() {
        decls.push(Decl::TranslateLookup(l.id.clone(), name, translate));
    }
    if !reword.is_empty() {
        decls.push(Decl::RewordLookup(
            l.id.clone(),
            reword,
            REWORD_REASON.into(),
        ));
    }
}

fn forms(ctx: &mut Ctx, dump: &Dump, decls: &mut Vec<Decl>) {
    let model = ctx.model;
    let standard: BTreeMap<&str, FormIx> = model
        .forms
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), FormIx::from_index(i)))
        .collect();
    let dumped: BTreeSet<&str> = dump.forms.iter().map(|f| f.id.as_str()).collect();
    let mut own = Vec::new();
    let mut ordered: Vec<&Form> = dump.forms.iter().collect();
    ordered.sort_by_key(|f| {
        standard
            .get(f.id.as_str())
            .map_or(usize::MAX, |x| x.index())
    });
    for f in ordered {
        ctx.at = f.span;
        match standard.get(f.id.as_str()) {
            Some(&fx) => standard_form(ctx, f, fx, decls),
            None => own.push(own_form(ctx, f)),
        }
    }
    let mut subforms = Vec::new();
    for (id, &fx) in &standard {
        if dumped.contains(id) {
            continue;
        }
        match model.form(fx).kind {
            FormKind::TopLevel { .. } => match must_stay(model, fx) {
                None => decls.push(Decl::HideForm((*id).to_string())),
                Some(field) => {
                    ctx.at = Span::default();
                    ctx.leave(
                        format!("form {id}"),
                        format!("not in the Primero configuration, but it holds `{field}`, which the standard cannot do without (core or required): the overlay keeps the form"),
                    );
                }
            },
            FormKind::Subform { .. } => subforms.push(format!("`{id}`")),
        }
    }
    if !subforms.is_empty() {
        ctx.at = Span::default();
        ctx.leave(
            format!("{} standard subforms", subforms.len()),
            format!("not in the Primero configuration ({}); they stay (hide the field that shows a subform, or the form that holds it)", subforms.join(", ")),
        );
    }
    if !own.is_empty() {
        decls.push(Decl::Comment("Forms of the country's own.".into()));
        decls.extend(own);
    }
}

/// A field of the form (or of a subform it shows) that forbids hiding it: `core`, `required`
/// or `required_if` (what `hide form` refuses with E0123 and E0084).
fn must_stay(model: &Model, fx: FormIx) -> Option<String> {
    let mut forms = vec![fx];
    let mut seen = BTreeSet::new();
    while let Some(x) = forms.pop() {
        if !seen.insert(x.index()) {
            continue;
        }
        for &fi in &model.form(x).fields {
            let f = model.field(fi);
            if f.flags.core || f.flags.required || f.required_if.is_some() {
                return Some(f.id.to_string());
            }
            if let FieldKind::Subform { form } = &f.kind {
                forms.push(*form);
            }
        }
    }
    None
}

fn standard_form(ctx: &mut Ctx, f: &Form, fx: FormIx, decls: &mut Vec<Decl>) {
    let model = ctx.model;
    let form = model.form(fx);
    let title = ctx.changed(&form.title, &f.name);
    if !title.is_empty() {
        decls.push(Decl::Translate(
            "form",
            f.id.clone(),
            TextAttrs {
                attrs: vec![("title", title)],
            },
        ));
    }
    if matches!(form.kind, FormKind::TopLevel { .. }) && form.visible && !f.visible {
        match must_stay(model, fx) {
            None => decls.push(Decl::HideForm(f.id.clone())),
            Some(field) => ctx.leave(
                format!("form {}", f.id),
                format!("hidden in the Primero configuration, but it holds `{field}`, which the standard cannot do without (core or required): the overlay keeps it shown"),
            ),
        }
    }
    let fields: BTreeMap<&str, (usize, FieldIx)> = form
        .fields
        .iter()
        .enumerate()
        .map(|(n, &x)| (model.field(x).id.as_str(), (n, x)))
        .collect();
    let dumped: BTreeSet<&str> = f.fields.iter().map(|d| d.name.as_str()).collect();
    // The id each dump field has in the overlay (country fields get the prefix).
    let mut written: Vec<String> = Vec::new();
    let mut last_std: Option<usize> = None;
    let mut shown_always = Vec::new();
    for (n, d) in f.fields.iter().enumerate() {
        let prev = n.checked_sub(1).and_then(|p| written.get(p)).cloned();
        match fields.get(d.name.as_str()) {
            Some(&(pos, x)) => {
                written.push(d.name.clone());
                if last_std.is_some_and(|l| l > pos) {
                    let change = prev.map_or(Change::First, Change::After);
                    decls.push(Decl::ChangeField(
                        f.id.clone(),
                        d.name.clone(),
                        vec![change],
                    ));
                } else {
                    last_std = Some(pos);
                }
                standard_field(ctx, (f, fx), x, d, decls, &mut shown_always);
            }
            None if model.fields.iter().any(|x| x.id.as_str() == d.name) => {
                written.push(d.name.clone());
                let home = model
                    .fields
                    .iter()
                    .find(|x| x.id.as_str() == d.name)
                    .map(|x| model.form(x.form));
                let why = match home {
                    Some(h) if h.record == model.form(fx).record => format!(
                        "a standard field of `{}` also shown on this form in Primero: not written; show it here by hand with `use field {}.{} in {}`",
                        h.id, h.id, d.name, f.id
                    ),
                    _ => format!(
                        "a standard field of `{}`, a form of another record, which this form cannot show: not written",
                        home.map_or("", |h| h.id.as_str())
                    ),
                };
                ctx.leave(format!("field {}.{}", f.id, d.name), why);
            }
            None => {
                let (id, stored_as) = ctx.country_id(&d.name);
                written.push(id.clone());
                if let Some(mut body) = field_body(ctx, f, d) {
                    body.stored_as = stored_as;
                    match prev {
                        Some(p) => body.after = Some(p),
                        None => body.first = true,
                    }
                    decls.push(Decl::AddField(id, f.id.clone(), body));
                }
            }
        }
    }
    if !shown_always.is_empty() {
        ctx.leave(
            format!("form {}", f.id),
            format!(
                "Primero shows {} always, which the standard shows only under a condition (its `show_if`); an overlay cannot change the condition of a standard field: the overlay keeps the standard's",
                shown_always.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    for (id, &(_, x)) in &fields {
        if dumped.contains(id) {
            continue;
        }
        let flags = &model.field(x).flags;
        if model.visible_in(fx, x) {
            decls.push(Decl::HideField(f.id.clone(), (*id).to_string()));
        }
        if flags.required || flags.core {
            ctx.leave(
                format!("field {}.{id}", f.id),
                "missing from the Primero form, but the standard requires it (a required or core field cannot be hidden): the checker refuses the `hide field`",
            );
        }
    }
}

fn standard_field(
    ctx: &mut Ctx,
    (f, fx): (&Form, FormIx),
    x: FieldIx,
    d: &Field,
    decls: &mut Vec<Decl>,
    shown_always: &mut Vec<String>,
) {
    let model = ctx.model;
    let field = model.field(x);
    let path = format!("{}.{}", f.id, d.name);
    let std_type = field.kind.primero_type();
    if d.kind != std_type && !(d.kind == "calculated" && field.calculate.is_some()) {
        ctx.leave(
            format!("field {path}"),
            format!("its type is `{}` in Primero and `{std_type}` in the standard; the overlay keeps the standard's", d.kind),
        );
    }
    if model.visible_in(fx, x) && !d.visible {
        decls.push(Decl::HideField(f.id.clone(), d.name.clone()));
    } else if !model.visible_in(fx, x) && d.visible {
        ctx.leave(
            format!("field {path}"),
            "shown in Primero, hidden by the standard; the overlay keeps it hidden",
        );
    }
    let mut changes = Vec::new();
    if let FieldKind::Select {
        source: OptionSource::Lookup(lx),
        ..
    } = &field.kind
    {
        if let (Some(std_id), Some(src)) = (model.lookup_id(*lx), &d.source) {
            if let Some(dump_id) = src.strip_prefix("lookup ") {
                if dump_id != std_id {
                    let id = ctx
                        .lookup_ids
                        .get(dump_id)
                        .cloned()
                        .unwrap_or_else(|| dump_id.to_string());
                    changes.push(Change::Lookup(id));
                }
            }
        }
        let std = model.lookup(*lx);
        if matches!(std.kind, LookupKind::Inline(_)) && d.source.is_none() {
            let ids: Vec<&str> = std.options.iter().map(|o| o.id.as_str()).collect();
            let dumped: Vec<&str> = d.options.iter().map(|o| o.id.as_str()).collect();
            if ids != dumped {
                ctx.leave(
                    format!("field {path}"),
                    "its own options differ in Primero; the overlay keeps the standard's",
                );
            }
        }
    }
    let mut removed = Vec::new();
    if !field.help.is_empty() && d.help.is_empty() {
        removed.push("help");
    }
    if !field.tick_label.is_empty() && d.tick.is_empty() && d.kind == "tick_box" {
        removed.push("tick_label");
    }
    if !removed.is_empty() {
        changes.push(Change::Remove(removed));
    }
    if !changes.is_empty() {
        decls.push(Decl::ChangeField(f.id.clone(), d.name.clone(), changes));
    }
    let said = readback::standard_condition(
        model,
        x,
        d,
        f.nested,
        ctx.scopes.get(&scope_key(f)).unwrap_or(&Fields::new()),
        &mut ctx.standard_scopes,
    );
    if said == Some(Said::ShownAlways) {
        shown_always.push(d.name.clone());
    }
    ctx.say(&path, said.into_iter().collect());
    let said = readback::standard_calculation(d);
    ctx.say(&path, said.into_iter().collect());
    let mut translate = TextAttrs::default();
    let mut reword = TextAttrs::default();
    let counted = field.flags.core || !model.readers_of(x).is_empty();
    for (key, std, dump) in [
        ("label", model.label_in(fx, x), &d.label),
        ("help", &field.help, &d.help),
        ("guiding_questions", &field.guiding_questions, &d.guiding),
        ("tick_label", &field.tick_label, &d.tick),
    ] {
        let changed = ctx.changed(std, dump);
        let (en, other): (Vec<_>, Vec<_>) = changed.into_iter().partition(|(l, _)| l == "en");
        if !other.is_empty() {
            translate.attrs.push((key, other));
        }
        if !en.is_empty() {
            if counted && key == "label" {
                reword.attrs.push((key, en));
            } else {
                translate.attrs.push((key, en));
            }
        }
    }
    if !translate.attrs.is_empty() {
        decls.push(Decl::Translate("field", path.clone(), translate));
    }
    if !reword.attrs.is_empty() {
        decls.push(Decl::Reword("field", path, reword, REWORD_REASON.into()));
    }
}

/// The body of a field of the country's own (`None` for a type the language has no word for).
fn field_body(ctx: &mut Ctx, form: &Form, d: &Field) -> Option<FieldBody> {
    let path = format!("{}.{}", form.id, d.name);
    let mut calculate = None;
    let lookup = d.source.as_deref().and_then(|s| s.strip_prefix("lookup "));
    let lookup = lookup.map(|l| {
        ctx.lookup_ids
            .get(l)
            .cloned()
            .unwrap_or_else(|| l.to_string())
    });
    let select_arg = || -> String {
        match d.source.as_deref() {
            Some("Location") => " locations".into(),
            Some("ReportingLocation") => " reporting_locations".into(),
            Some("User") => " users".into(),
            Some("Agency") => " agencies".into(),
            _ => lookup.as_ref().map(|l| format!(" {l}")).unwrap_or_default(),
        }
    };
    let ty = match d.kind.as_str() {
        "text_field" => "text".to_string(),
        "textarea" => "textarea".into(),
        "numeric_field" => "integer".into(),
        "date_field" if d.with_time => "datetime".into(),
        "date_field" => "date".into(),
        "tick_box" => "tick_box".into(),
        "radio_button" => format!("radio{}", select_arg()),
        "select_box" if d.multi => format!("select_many{}", select_arg()),
        "select_box" if d.source.as_deref() == Some("Location") => "location".into(),
        "select_box" => format!("select_one{}", select_arg()),
        "subform" => match &d.subform {
            Some(s) => format!("subform {s}"),
            None => {
                ctx.leave(
                    format!("field {path}"),
                    "a subform field that names no subform: left out",
                );
                return None;
            }
        },
        "separator" => "separator".into(),
        "photo_upload_box" => "photo".into(),
        "audio_upload_box" => "audio".into(),
        "document_upload_box" => "document".into(),
        "signature" => "signature".into(),
        "custom" => "custom".into(),
        "calculated" => {
            let (text, said) = readback::own_calculation(d, ctx.scope_of(form));
            ctx.say(&path, said);
            calculate = text;
            if calculate.is_some() {
                "calculated integer".into()
            } else {
                "integer".into()
            }
        }
        other => {
            ctx.leave(
                format!("field {path}"),
                format!("its type `{other}` has no equivalent in gbvims: left out"),
            );
            return None;
        }
    };
    if d.kind != "calculated" {
        if let Some(json) = &d.calculation {
            ctx.leave(
                format!("field {path}"),
                format!("has a calculation in Primero on a `{}` field, which Primero computes only on a `calculated` one: `{}`; not read back", d.kind, serde_json::to_string(json).unwrap_or_default()),
            );
        }
    }
    let (show_if, said) = readback::own_condition(d, form.nested, ctx.scope_of(form));
    ctx.say(&path, said);
    let mut flags = Vec::new();
    if d.required {
        flags.push("required".to_string());
    }
    if !d.visible {
        flags.push("visible: false".to_string());
    }
    let options = if d.source.is_none() {
        d.options
            .iter()
            .map(|o| OptionDecl {
                id: o.id.clone(),
                texts: ctx.own(&o.text),
                stored_as: None,
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(FieldBody {
        ty,
        label: ctx.own(&d.label),
        help: ctx.own(&d.help),
        guiding: ctx.own(&d.guiding),
        tick: ctx.own(&d.tick),
        flags,
        options,
        show_if,
        calculate,
        ..FieldBody::default()
    })
}

fn own_form(ctx: &mut Ctx, f: &Form) -> Decl {
    let mut fields = Vec::new();
    for d in &f.fields {
        if let Some(mut body) = field_body(ctx, f, d) {
            // A field without the country prefix keeps its Primero key as its stored key.
            let (id, stored_as) = ctx.country_id(&d.name);
            body.stored_as = stored_as;
            fields.push((id, body));
        }
    }
    if !f.id.starts_with(&format!("{}_", ctx.code)) {
        ctx.leave(
            format!("form {}", f.id),
            format!("a form of the country's own needs the prefix `{}_`; its id is kept as in Primero, which the checker refuses (E0080): rename it (and its records' form id) by hand", ctx.code),
        );
    }
    Decl::Form(FormDecl {
        subform: f.nested,
        id: f.id.clone(),
        record: f.record.clone(),
        title: ctx.own(&f.name),
        group: if f.nested { None } else { f.group.clone() },
        group_order: (!f.nested).then_some(f.group_order),
        order: f.order,
        mobile: f.mobile,
        fields,
    })
}
