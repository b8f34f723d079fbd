//! The mobile target: per record type an ODK XForm (`incident.xml`) and the equivalent XLSForm
//! (`incident.xlsx`), the attached locations (`locations.csv`) and the mapping from instance
//! paths back to record fields (`odk-mapping.json`, read by `gbvims records from-odk`).
//!
//! Both forms are rendered from one [`survey::Survey`], planned from the model by
//! [`plan::Planner`]; expressions are translated by [`xpath`] so that an ODK engine computes
//! what `compiler::eval` computes.

pub mod instance;
mod locations;
pub mod plan;
pub mod survey;
pub mod xform;
pub mod xlsform;
pub mod xpath;

use gbvims_compiler::diagnostics::Code;
use gbvims_compiler::model::RecordIx;
use gbvims_compiler::{Checked, Diagnostic};

use crate::odk_mapping::{OdkMapping, FORMAT};
use crate::output::sha256_hex;
use crate::{Artifact, Options, Target, TargetKind};

/// The mobile target.
pub struct Mobile;

/// A language's name as XLSForm columns and itext write it (`English (en)`).
#[must_use]
pub fn language_name(code: &str) -> String {
    let name = gbvims_compiler::languages::language(code).map_or(code, |l| l.name);
    format!("{name} ({code})")
}

/// The mobile forms of a model, versioned, and the attached locations.
pub struct Built {
    /// One form per record type that has something to ask or compute.
    pub forms: Vec<plan::Planned>,
    /// `locations.csv`, when a form reads it.
    pub locations: Option<Vec<u8>>,
}

/// Plans the mobile form of every record type.
///
/// # Errors
/// An expression a phone cannot compute (the checker already refuses them in forms).
pub fn build(checked: &Checked, options: &Options) -> Result<Built, Vec<Diagnostic>> {
    let model = checked.model();
    let ordered = options.languages_for(model);
    let default = model.default_language().to_string();
    let planner = plan::Planner::new(model, model.collecting_role(), ordered.clone());
    let owner = model
        .country
        .as_ref()
        .map_or(model.standard.name.as_str(), |c| c.id.as_str());
    let locations = model
        .country
        .as_ref()
        .map(|c| locations::csv(model, c, &ordered));
    let mut forms = Vec::new();
    for (i, record) in model.records.iter().enumerate() {
        let rx = RecordIx::from_index(i);
        let form_id = format!("gbvims_{owner}_{}", record.id);
        let mut title = model.text(&record.label, &default).to_string();
        if let Some(c) = &model.country {
            title = format!("{title} — {}", model.text(&c.name, &default));
        }
        let mut planned = planner.record(rx, form_id, title).map_err(|u| {
            vec![Diagnostic::new(
                Code::E0065,
                checked.spans().records[i],
                format!("`{}` cannot be computed on a phone", u.0.name()),
            )
            .help("use it only in Incident Recorder columns")]
        })?;
        if planned.survey.body.is_empty() {
            continue;
        }
        if let Some(name) = planned.survey.duplicate_name() {
            return Err(vec![name_taken(checked, rx, &name)]);
        }
        let survey = &mut planned.survey;
        // Only the languages some text is in: pyxform drops an empty language column.
        let used = survey.used_languages();
        survey.languages = ordered
            .iter()
            .filter(|l| used.contains(*l))
            .map(|l| (l.clone(), language_name(l)))
            .collect();
        survey.public_key = model
            .country
            .as_ref()
            .and_then(|c| c.mobile_public_key.as_ref())
            .map(|k| k.base64.clone());
        // The version changes exactly when the form (or the locations it reads) changes.
        let span = checked.spans().records[i];
        let failed = |e: &dyn std::fmt::Display| {
            crate::write_failed(TargetKind::Mobile, &format!("{}.xml", record.id), span, e)
        };
        let mut hashed = xform::write(survey).map_err(|e| failed(&e))?.into_bytes();
        if !survey.files.is_empty() {
            hashed.extend(locations.as_deref().unwrap_or_default());
        }
        survey.version = format!("{}-{}", model.standard.version, &sha256_hex(&hashed)[..10]);
        planned.mapping.version = survey.version.clone();
        planned.mapping.xform = format!("{}.xml", record.id);
        forms.push(planned);
    }
    let uses_locations = forms.iter().any(|f| !f.survey.files.is_empty());
    Ok(Built {
        forms,
        locations: locations.filter(|_| uses_locations),
    })
}

/// E0106: a name used twice in a phone form, pointed at the field (or form) that has it.
fn name_taken(checked: &Checked, record: RecordIx, name: &str) -> Diagnostic {
    let model = checked.model();
    let ours = |form: gbvims_compiler::model::FormIx| model.form(form).record == record;
    let owner = name
        .strip_prefix("_rel_")
        .or_else(|| name.split_once("__").map(|(f, _)| f))
        .or_else(|| name.strip_prefix("tick_"))
        .or_else(|| name.strip_suffix("_options"))
        .unwrap_or(name);
    let field = model
        .fields
        .iter()
        .rposition(|f| ours(f.form) && (f.stored.as_str() == name || f.stored.as_str() == owner));
    let form = model
        .forms
        .iter()
        .rposition(|f| f.record == record && f.id.as_str() == name);
    let span = match (field, form) {
        (Some(ix), _) => checked.spans().fields[ix],
        (None, Some(ix)) => checked.spans().forms[ix],
        (None, None) => checked.spans().records[0],
    };
    Diagnostic::new(
        Code::E0106,
        span,
        format!("`{name}` would name two things in the phone form (a form, a field, an option list or a question the phone form adds for a field)"),
    )
    .label("this name is taken in the phone form")
    .help(format!("rename this field or form so that `{name}` is used once; ODK needs each name once in a form"))
}

impl Target for Mobile {
    fn kind(&self) -> TargetKind {
        TargetKind::Mobile
    }

    fn emit(&self, checked: &Checked, options: &Options) -> Result<Vec<Artifact>, Vec<Diagnostic>> {
        let built = build(checked, options)?;
        let mut artifacts = Vec::new();
        let mut mapping = OdkMapping {
            format: FORMAT.to_string(),
            forms: Vec::new(),
        };
        for planned in built.forms {
            let name = planned.mapping.record.clone();
            let rx = checked
                .model()
                .records
                .iter()
                .position(|r| r.id.as_str() == name);
            let span = rx
                .and_then(|rx| checked.spans().records.get(rx).copied())
                .unwrap_or_default();
            let failed = |file: String, e: &dyn std::fmt::Display| {
                crate::write_failed(TargetKind::Mobile, &file, span, e)
            };
            let xml =
                xform::write(&planned.survey).map_err(|e| failed(format!("{name}.xml"), &e))?;
            let xlsx =
                xlsform::write(&planned.survey).map_err(|e| failed(format!("{name}.xlsx"), &e))?;
            artifacts.push(Artifact {
                path: format!("{name}.xml"),
                bytes: xml.into_bytes(),
            });
            artifacts.push(Artifact {
                path: format!("{name}.xlsx"),
                bytes: xlsx,
            });
            mapping.forms.push(planned.mapping);
        }
        if let Some(csv) = built.locations {
            artifacts.push(Artifact {
                path: plan::LOCATIONS_FILE.to_string(),
                bytes: csv,
            });
        }
        let mut json = serde_json::to_vec_pretty(&mapping).map_err(|e| {
            let span = checked.spans().records.first().copied();
            crate::write_failed(
                TargetKind::Mobile,
                "odk-mapping.json",
                span.unwrap_or_default(),
                &e,
            )
        })?;
        json.push(b'\n');
        artifacts.push(Artifact {
            path: "odk-mapping.json".to_string(),
            bytes: json,
        });
        Ok(artifacts)
    }
}
