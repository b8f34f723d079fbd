//! Form permissions per role, without leaks. Primero grants a role whole forms; a role is granted
//! a top-level form (and the subforms it shows) only when it may see
//! ([`gbvims_compiler::model::Model::roles_seeing`]) every field the form holds — its own, its
//! subforms' — and every field the display conditions written on them read (an "oracle": a
//! condition that reads a field shows something of its answer). A role that may see some fields
//! of a form but not all loses the whole form: listed in `NOT-EXPRESSED.md` with W0008.

use std::collections::{BTreeMap, BTreeSet};

use gbvims_compiler::diagnostics::Code;
use gbvims_compiler::model::{FieldIx, FieldKind, FormIx, FormKind, Model, RoleIx};
use gbvims_compiler::Diagnostic;
use serde::Serialize;

use super::instance::Instance;
use super::not_expressed::Withheld;
use super::{forms, ids, Ctx};

/// A role's form permissions, to merge into the instance's role of the same `unique_id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoleGrant {
    /// Primero's role id (`role-gbv-caseworker`).
    pub unique_id: String,
    /// The module the forms belong to.
    pub module_unique_ids: Vec<String>,
    /// Each form granted: `rw` for the role that collects data, `r` for the others.
    pub form_section_read_write: BTreeMap<String, String>,
}

/// The grants of every role, and the forms roles lose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grants {
    /// One per role of the model.
    pub roles: Vec<RoleGrant>,
    /// Forms some roles lose.
    pub withheld: Vec<Withheld>,
}

/// Primero's id of a role.
#[must_use]
pub fn role_id(model: &Model, r: RoleIx) -> String {
    let role = model.role(r);
    role.primero_id
        .clone()
        .unwrap_or_else(|| format!("role-{}", role.id))
}

/// The fields a top-level form holds: its fields and its subforms' (recursively), and the fields
/// the display conditions written on them read.
pub(crate) fn held(ctx: &Ctx, form: FormIx) -> BTreeSet<FieldIx> {
    let model = ctx.model;
    let mut out = BTreeSet::new();
    let mut forms = vec![form];
    let mut seen = BTreeSet::new();
    while let Some(fx) = forms.pop() {
        if !seen.insert(fx) {
            continue;
        }
        for &f in &model.form(fx).fields {
            out.insert(f);
            if let FieldKind::Subform { form } = model.field(f).kind {
                forms.push(form);
            }
            if let Some(cond) = ctx.conditions.get(&f) {
                let mut names = BTreeSet::new();
                cond.fields(&mut names);
                for name in names {
                    out.extend(resolve(model, f, &name));
                }
            }
        }
    }
    out
}

/// The fields a condition of `at` reads under `name`: in its scope (the record's top-level
/// forms, or the rows of its subform). Every match counts (none is missed).
fn resolve(model: &Model, at: FieldIx, name: &str) -> Vec<FieldIx> {
    let record = model.form(model.field(at).form).record;
    let scope = model.scope(at);
    (0..model.fields.len())
        .map(FieldIx::from_index)
        .filter(|&f| {
            ids::field(model, f) == name
                && model.form(model.field(f).form).record == record
                && model.scope(f) == scope
        })
        .collect()
}

/// The subforms a form shows, recursively.
fn nested(model: &Model, form: FormIx, out: &mut BTreeSet<FormIx>) {
    for &f in &model.form(form).fields {
        if let FieldKind::Subform { form } = model.field(f).kind {
            if out.insert(form) {
                nested(model, form, out);
            }
        }
    }
}

/// Computes the grants.
pub(crate) fn grants(ctx: &Ctx) -> Grants {
    let model = ctx.model;
    let top: Vec<FormIx> = forms::order(ctx)
        .into_iter()
        .filter(|&f| matches!(model.form(f).kind, FormKind::TopLevel { .. }))
        .collect();
    let seeing: Vec<Vec<RoleIx>> = (0..model.fields.len())
        .map(|f| model.roles_seeing(FieldIx::from_index(f)))
        .collect();
    let mut roles: Vec<RoleGrant> = (0..model.roles.len())
        .map(|r| RoleGrant {
            unique_id: role_id(model, RoleIx::from_index(r)),
            module_unique_ids: vec![ids::MODULE.to_string()],
            form_section_read_write: BTreeMap::new(),
        })
        .collect();
    let mut withheld = Vec::new();
    for form in top {
        let held = held(ctx, form);
        let mut lost = Vec::new();
        for (r, grant) in roles.iter_mut().enumerate() {
            let rx = RoleIx::from_index(r);
            let unseen: Vec<FieldIx> = held
                .iter()
                .copied()
                .filter(|f| !seeing[f.index()].contains(&rx))
                .collect();
            if unseen.is_empty() {
                let access = if model.role(rx).collects_data {
                    "rw"
                } else {
                    "r"
                };
                let mut forms = BTreeSet::from([form]);
                nested(model, form, &mut forms);
                for f in forms {
                    grant
                        .form_section_read_write
                        .insert(ids::form(model, f), access.to_string());
                }
                continue;
            }
            let sees_some = held.iter().any(|f| {
                !matches!(model.field(*f).kind, FieldKind::Separator)
                    && seeing[f.index()].contains(&rx)
            });
            if sees_some {
                let names = unseen.iter().map(|&f| ids::field(model, f)).collect();
                lost.push((grant.unique_id.clone(), names));
            }
        }
        if !lost.is_empty() {
            withheld.push(Withheld {
                form: ids::form(model, form),
                roles: lost,
            });
        }
    }
    Grants { roles, withheld }
}

/// W0008 for a form some roles lose.
pub(crate) fn warning(ctx: &Ctx, w: &Withheld) -> Diagnostic {
    let model = ctx.model;
    let form = model
        .forms
        .iter()
        .position(|f| f.id.as_str() == w.form && matches!(f.kind, FormKind::TopLevel { .. }));
    let span = form.map_or_else(
        || super::anchor(ctx.checked),
        |f| ctx.checked.spans().forms[f],
    );
    let roles: Vec<String> = w.roles.iter().map(|(r, _)| format!("`{r}`")).collect();
    let fields: BTreeSet<&str> = w
        .roles
        .iter()
        .flat_map(|(_, f)| f.iter().map(String::as_str))
        .collect();
    let fields: Vec<String> = fields.iter().take(5).map(|f| format!("`{f}`")).collect();
    Diagnostic::new(
        Code::W0008,
        span,
        format!(
            "in Primero, {} lose the form `{}`: it also holds fields they may not see ({}{})",
            roles.join(", "),
            w.form,
            fields.join(", "),
            if w.roles.iter().map(|(_, f)| f.len()).max().unwrap_or(0) > 5 { ", …" } else { "" }
        ),
    )
    .label("Primero grants whole forms: this one is not granted to those roles")
    .help("put the fields those roles may not see on a form of their own so that they keep the others (listed in primero/NOT-EXPRESSED.md)")
}

/// E0120: a role of the installation (`primero/instance.json`) that the bundle would carry with
/// a GBV form it may not be granted — importing the bundle would grant it again. A role is
/// matched to the model's by its Primero id; its forms are the keys of
/// `form_section_read_write` and the items of `form_section_unique_ids`.
pub(crate) fn instance_leaks(ctx: &Ctx, grants: &Grants, instance: &Instance) -> Vec<Diagnostic> {
    let model = ctx.model;
    let gbv_forms: BTreeSet<String> = (0..model.forms.len())
        .map(|f| ids::form(model, FormIx::from_index(f)))
        .collect();
    let roles = instance
        .arrays
        .iter()
        .filter(|(k, _)| k == "Role")
        .filter_map(|(_, v)| v.as_array())
        .flatten();
    let mut out = Vec::new();
    for role in roles {
        let Some(id) = role.get("unique_id").and_then(serde_json::Value::as_str) else {
            continue;
        };
        let Some(grant) = grants.roles.iter().find(|g| g.unique_id == id) else {
            continue;
        };
        let mut forms: BTreeSet<&str> = BTreeSet::new();
        if let Some(rw) = role
            .get("form_section_read_write")
            .and_then(serde_json::Value::as_object)
        {
            forms.extend(rw.keys().map(String::as_str));
        }
        if let Some(list) = role
            .get("form_section_unique_ids")
            .and_then(serde_json::Value::as_array)
        {
            forms.extend(list.iter().filter_map(serde_json::Value::as_str));
        }
        for form in forms {
            if gbv_forms.contains(form) && !grant.form_section_read_write.contains_key(form) {
                out.push(
                    Diagnostic::new(
                        Code::E0120,
                        super::anchor(ctx.checked),
                        format!(
                            "`primero/instance.json` gives the role `{id}` the form `{form}`, which holds fields the role may not see: the bundle would grant it again"
                        ),
                    )
                    .label("the Primero instance file of this country")
                    .help(format!(
                        "remove `{form}` from the forms of `{id}` in primero/instance.json; primero/roles.json lists the forms the role may be given"
                    )),
                );
            }
        }
    }
    out
}
