//! The Incident Recorder target: per language of the configuration a blank IR workbook
//! (`incident-recorder.<lang>.xlsx`: sheets `Incident Data` and `Menu Data`, FACTS §5) and the
//! column mapping (`ir-mapping.json`).
//!
//! The workbook is written by [`IrWorkbook`], which `gbvims ir export` reuses to fill one row
//! per incident; the template is that writer with zero rows. Menus come from [`IrMenus`]; what
//! each column writes is described by [`ValueRules`].

mod mapping;
mod menus;
mod rules;
mod workbook;

pub use mapping::{mapping_schema, IrMapping, IrMappingColumn, IrMappingMenu, FORMAT};
pub use menus::{IrMenu, IrMenus, MENU_LIMIT};
pub use rules::{CellKind, ValueKind, ValueRules};
pub use workbook::{
    menu_range, IrCell, IrWorkbook, IrWriteError, DATA_SHEET, LAST_ROW, MENU_SHEET, TEXT_FORMAT,
};

use gbvims_compiler::{Checked, Diagnostic};

use crate::{Artifact, Options, Target, TargetKind};

/// The file name of the mapping.
pub const MAPPING_FILE: &str = "ir-mapping.json";

/// The file name of the template in `lang` (`incident-recorder.fr.xlsx`).
#[must_use]
pub fn template_file(lang: &str) -> String {
    format!("incident-recorder.{lang}.xlsx")
}

/// The Incident Recorder target.
pub struct Ir;

/// The languages templates are built in: `options.languages`, else the configuration's
/// languages; the default language first. (The IR declares its own languages, a superset for
/// the standard; a configuration language the IR lacks falls back to the default language, then
/// English, like every text.)
#[must_use]
pub fn languages(checked: &Checked, options: &Options) -> Vec<String> {
    options.languages_for(checked.model())
}

impl Target for Ir {
    fn kind(&self) -> TargetKind {
        TargetKind::Ir
    }

    /// No files when the configuration declares no Incident Recorder.
    fn emit(&self, checked: &Checked, options: &Options) -> Result<Vec<Artifact>, Vec<Diagnostic>> {
        let model = checked.model();
        let Some(ir) = &model.incident_recorder else {
            return Ok(Vec::new());
        };
        let langs = languages(checked, options);
        // The Incident Recorder's first column, or the first record: where its files come from.
        let span = checked
            .spans()
            .ir_columns
            .first()
            .map(|(key, _)| *key)
            .or_else(|| checked.spans().records.first().copied())
            .unwrap_or_default();
        let mut artifacts = Vec::new();
        let mut all_menus = Vec::new();
        for lang in &langs {
            let menus = IrMenus::template(model, lang);
            let bytes = IrWorkbook::template(model, lang, &menus)
                .map_err(|e| crate::write_failed(TargetKind::Ir, &template_file(lang), span, &e))?;
            artifacts.push(Artifact {
                path: template_file(lang),
                bytes,
            });
            all_menus.push(menus);
        }
        let mapping = IrMapping::of(model, ir, &langs, &all_menus);
        let mut json = serde_json::to_vec_pretty(&mapping)
            .map_err(|e| crate::write_failed(TargetKind::Ir, MAPPING_FILE, span, &e))?;
        json.push(b'\n');
        artifacts.push(Artifact {
            path: MAPPING_FILE.to_string(),
            bytes: json,
        });
        Ok(artifacts)
    }
}
