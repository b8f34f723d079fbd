//! The Primero target: what a Primero (GBVIMS+) administrator loads (FACTS §8).
//!
//! - `configuration.json`: the configuration bundle (`FormSection`, `Lookup`, and the
//!   instance's `Agency`, `Role`, `UserGroup`, `ContactInformation` and `Report` from the
//!   country's `primero/instance.json`, [`instance`]);
//! - `forms/NN-<form>.json` and `lookups/<lookup>.json`: the same forms and lookups in the REST
//!   shape ([`rest`]), nested forms first;
//! - `roles.json`: per role, the forms it may be granted without seeing a field it may not see
//!   ([`roles`]);
//! - `translations/<locale>/<form>.yml` and `translations/<locale>/lookups.yml` ([`translations`]);
//! - `locations.csv` (and `locations-adm<N>.csv` for units shallower than the deepest level):
//!   the HXL location import ([`locations`]);
//! - `NOT-EXPRESSED.md`: what Primero cannot state ([`not_expressed`]).

pub mod calculations;
pub mod conditions;
mod forms;
pub mod ids;
pub mod instance;
mod locations;
mod lookups;
pub mod not_expressed;
pub mod rest;
pub mod roles;
mod texts;
pub mod translations;
pub mod types;

use std::collections::BTreeMap;

use gbvims_compiler::diagnostics::Code;
use gbvims_compiler::model::{FieldIx, Model};
use gbvims_compiler::{Checked, Diagnostic};
use serde_json::{json, Value as Json};

use crate::{Artifact, Options, Target, TargetKind};
use conditions::Cond;
use not_expressed::{Left, Rule};

/// The Primero target.
pub struct Primero;

/// What a build gives: the files, and the warnings about what Primero cannot express.
pub struct Built {
    /// The files of `primero/`.
    pub artifacts: Vec<Artifact>,
    /// W0007 and W0008.
    pub warnings: Vec<Diagnostic>,
}

/// What the parts of the target share while building.
pub(crate) struct Ctx<'a> {
    pub checked: &'a Checked,
    pub model: &'a Model,
    /// The locales written: the country's languages (default first), and English.
    pub langs: Vec<String>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    pub left: Vec<Left>,
    /// The display condition written for each field that has one.
    pub conditions: BTreeMap<FieldIx, Cond>,
}

impl Ctx<'_> {
    /// W0007 and an entry of `NOT-EXPRESSED.md` for a rule of a field left out.
    pub fn not_expressed(&mut self, fx: FieldIx, rule: Rule, reason: String) {
        let model = self.model;
        let field = model.field(fx);
        let all = self.checked.spans();
        let exprs = all.field_exprs.get(fx.index());
        let span = exprs
            .and_then(|e| match rule {
                Rule::ShowIf => e.show_if,
                Rule::Calculate => e.calculate,
                Rule::RequiredIf => e.required_if,
                Rule::Constraint => e.constraint,
            })
            .or_else(|| all.fields.get(fx.index()).copied())
            .unwrap_or_else(|| anchor(self.checked));
        self.warnings.push(
            Diagnostic::new(
                Code::W0007,
                span,
                format!(
                    "Primero cannot state the `{}` of `{}` as gbvims computes it: it {reason}",
                    rule.keyword(),
                    field.id
                ),
            )
            .label("left out of the Primero bundle")
            .help(match rule {
                Rule::ShowIf => "the field is always shown in Primero; the other targets apply the condition (listed in primero/NOT-EXPRESSED.md)",
                Rule::Calculate => "Primero does not fill this field; the other targets compute it (listed in primero/NOT-EXPRESSED.md)",
                Rule::RequiredIf | Rule::Constraint => "Primero does not check this rule; the other targets do (listed in primero/NOT-EXPRESSED.md)",
            }),
        );
        self.left.push(Left {
            form: ids::form(model, field.form),
            field: ids::field(model, fx),
            rule,
            reason,
        });
    }
}

/// Builds the Primero files of a checked model.
///
/// # Errors
/// E0116 and E0117 (the country's `primero/instance.json`), E0118 (a name without English),
/// E0119 (a name Primero refuses), E0120 (an installation's role granted a form it may not
/// have).
pub fn build(checked: &Checked, options: &Options) -> Result<Built, Vec<Diagnostic>> {
    let model = checked.model();
    let instance = instance::read(checked, options.primero_instance.as_deref())?;
    let mut langs = options.languages_for(model);
    if !langs.iter().any(|l| l == "en") {
        langs.push("en".to_string());
    }
    let mut ctx = Ctx {
        checked,
        model,
        langs,
        errors: Vec::new(),
        warnings: Vec::new(),
        left: Vec::new(),
        conditions: BTreeMap::new(),
    };
    let forms = forms::forms(&mut ctx);
    let lookups = lookups::lookups(&mut ctx);
    if !ctx.errors.is_empty() {
        return Err(ctx.errors);
    }
    let grants = roles::grants(&ctx);
    let leaks = roles::instance_leaks(&ctx, &grants, &instance);
    if !leaks.is_empty() {
        return Err(leaks);
    }
    for w in &grants.withheld {
        ctx.warnings.push(roles::warning(&ctx, w));
    }

    let mut artifacts = Vec::new();
    let mut data = serde_json::Map::new();
    data.insert("FormSection".into(), json!(forms));
    data.insert("Lookup".into(), json!(lookups));
    for (key, value) in &instance.arrays {
        data.insert(key.clone(), value.clone());
    }
    let owner = model
        .country
        .as_ref()
        .map_or(model.standard.name.as_str(), |c| c.id.as_str());
    let bundle = json!({
        "name": format!("GBVIMS {} {}", owner, model.standard.version),
        "description": format!(
            "GBVIMS standard {} for {owner}, built by gbvims",
            model.standard.version
        ),
        "version": model.standard.version.to_string(),
        "primero_version": instance.primero_version,
        "data": Json::Object(data),
    });
    artifacts.push(json_file("configuration.json", &bundle));
    for (n, form) in forms.iter().enumerate() {
        artifacts.push(json_file(
            &format!("forms/{:03}-{}.json", n + 1, form.unique_id),
            &rest::form(form),
        ));
    }
    for lookup in &lookups {
        artifacts.push(json_file(
            &format!("lookups/{}.json", lookup.unique_id),
            &rest::lookup(lookup),
        ));
    }
    artifacts.push(json_file("roles.json", &json!(grants.roles)));
    artifacts.extend(translations::files(&ctx, &forms, &lookups));
    artifacts.extend(locations::files(&ctx));
    artifacts.push(Artifact {
        path: "NOT-EXPRESSED.md".into(),
        bytes: not_expressed::markdown(&ctx.left, &grants.withheld).into_bytes(),
    });
    Ok(Built {
        artifacts,
        warnings: ctx.warnings,
    })
}

/// Where a diagnostic about the whole configuration points: the country declaration, else the
/// first record, form or role.
pub(crate) fn anchor(checked: &Checked) -> gbvims_dsl::Span {
    let s = checked.spans();
    s.country
        .or_else(|| s.records.first().copied())
        .or_else(|| s.forms.first().copied())
        .or_else(|| s.roles.first().copied())
        .unwrap_or_default()
}

fn json_file(path: &str, value: &Json) -> Artifact {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    Artifact {
        path: path.to_string(),
        bytes,
    }
}

impl Target for Primero {
    fn kind(&self) -> TargetKind {
        TargetKind::Primero
    }

    fn emit(&self, checked: &Checked, options: &Options) -> Result<Vec<Artifact>, Vec<Diagnostic>> {
        build(checked, options).map(|b| b.artifacts)
    }

    fn warnings(&self, checked: &Checked, options: &Options) -> Vec<Diagnostic> {
        build(checked, options).map_or_else(|_| Vec::new(), |b| b.warnings)
    }
}
