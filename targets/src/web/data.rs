//! The bundle's data files: the option lists (`lookups.json`), the location tree
//! (`locations.json`) and what each role may see (`roles.json`).

use std::collections::BTreeMap;

use gbvims_compiler::json::lookup_name;
use gbvims_compiler::model::{FieldIx, FieldKind, LookupIx, Model, OptionSource, RecordIx, RoleIx};

use super::bundle::{
    LocationLevel, LocationNode, Locations, Lookups, Roles, WebLookup, WebOption, WebRole,
};

/// The id of the list of location types (the admin levels' names).
pub const LOCATION_TYPES: &str = "lookup-location-type";

/// Every lookup the bundle uses, in declaration order: the lists of select fields, the records'
/// navigation groups and, with a country, the location types.
#[must_use]
pub fn used_lookups(model: &Model) -> Vec<LookupIx> {
    let mut used = vec![false; model.lookups.len()];
    for f in &model.fields {
        if let FieldKind::Select {
            source: OptionSource::Lookup(l),
            ..
        } = f.kind
        {
            used[l.index()] = true;
        }
    }
    for r in &model.records {
        if let Some(l) = r.form_groups {
            used[l.index()] = true;
        }
    }
    if model.country.is_some() {
        if let Some(l) = model.lookup_by_id(LOCATION_TYPES) {
            used[l.index()] = true;
        }
    }
    (0..model.lookups.len())
        .filter(|&n| used[n])
        .map(LookupIx::from_index)
        .collect()
}

/// `lookups.json`.
#[must_use]
pub fn lookups(model: &Model) -> Lookups {
    Lookups {
        lookups: used_lookups(model)
            .into_iter()
            .map(|l| WebLookup {
                id: lookup_name(model, l),
                options: model
                    .lookup(l)
                    .options
                    .iter()
                    .map(|o| WebOption {
                        id: o.stored.to_string(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// `locations.json`: empty without a country.
#[must_use]
pub fn locations(model: &Model) -> Locations {
    let Some(country) = &model.country else {
        return Locations {
            levels: Vec::new(),
            roots: Vec::new(),
        };
    };
    let units = &country.locations.units;
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    let mut roots = Vec::new();
    for (n, u) in units.iter().enumerate() {
        match u.parent {
            Some(p) if p < units.len() => children[p].push(n),
            _ => roots.push(n),
        }
    }
    // Parents come before children in the table: build the nodes from the last one up.
    let mut built: Vec<Option<LocationNode>> = vec![None; units.len()];
    for n in (0..units.len()).rev() {
        let u = &units[n];
        built[n] = Some(LocationNode {
            code: u.code.clone(),
            admin_level: u.level,
            kind: u.kind.clone(),
            names: u.names.to_map(),
            children: children[n]
                .iter()
                .filter_map(|&c| built[c].take())
                .collect(),
        });
    }
    Locations {
        levels: country
            .location_levels
            .iter()
            .map(|l| LocationLevel {
                kind: model.stored_location_type(l.kind.as_str()).to_string(),
                admin_level: l.level,
                i18n: format!(
                    "lookup.{LOCATION_TYPES}.{}",
                    model.stored_location_type(l.kind.as_str())
                ),
            })
            .collect(),
        roots: roots.iter().filter_map(|&n| built[n].take()).collect(),
    }
}

/// The value fields of a record a role may see, in form order: `field`, and `subform/field` for
/// row fields (a row field only when the role sees its subform too). Identifying fields only
/// for roles that may see them ([`Model::roles_seeing`]).
#[must_use]
pub fn fields_seen(model: &Model, record: RecordIx, role: RoleIx) -> Vec<String> {
    let mut out = Vec::new();
    for &form in &model.record(record).forms {
        walk(model, &model.form(form).fields, "", role, &mut out);
    }
    out
}

fn walk(model: &Model, fields: &[FieldIx], prefix: &str, role: RoleIx, out: &mut Vec<String>) {
    for &fx in fields {
        let f = model.field(fx);
        if matches!(f.kind, FieldKind::Separator) || !model.roles_seeing(fx).contains(&role) {
            continue;
        }
        let path = format!("{prefix}{}", f.stored);
        if out.contains(&path) {
            continue;
        }
        out.push(path.clone());
        if let FieldKind::Subform { form } = f.kind {
            walk(
                model,
                &model.form(form).fields,
                &format!("{path}/"),
                role,
                out,
            );
        }
    }
}

/// `roles.json`.
#[must_use]
pub fn roles(model: &Model) -> Roles {
    Roles {
        roles: model
            .roles
            .iter()
            .enumerate()
            .map(|(n, r)| {
                let role = RoleIx::from_index(n);
                let fields: BTreeMap<String, Vec<String>> = model
                    .records
                    .iter()
                    .enumerate()
                    .map(|(i, rec)| {
                        (
                            rec.id.to_string(),
                            fields_seen(model, RecordIx::from_index(i), role),
                        )
                    })
                    .collect();
                WebRole {
                    id: r.id.to_string(),
                    sees_identifying: r.sees_identifying,
                    fields,
                }
            })
            .collect(),
    }
}
