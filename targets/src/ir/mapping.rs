//! `ir-mapping.json`: what each column of the Incident Recorder reads and writes, for the
//! exporter and for anyone checking the IR against the configuration. Format
//! `gbvims-ir-mapping/1`; JSON Schema in `targets/schema/ir-mapping.schema.json`.

use std::collections::BTreeMap;

use gbvims_compiler::json::{JsonExpr, JsonTexts};
use gbvims_compiler::model::{IncidentRecorder, Model, Texts};
use gbvims_compiler::records::project::withdrawn_reads;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::menus::{IrMenus, MENU_LIMIT};
use super::rules::ValueRules;
use super::workbook::{DATA_SHEET, MENU_SHEET};

/// The format name written in `format`.
pub const FORMAT: &str = "gbvims-ir-mapping/1";

/// `ir/ir-mapping.json`: the Incident Recorder's columns, in order, and their menus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IrMapping {
    /// Always `gbvims-ir-mapping/1`.
    pub format: String,
    /// The languages a workbook template was built in (`incident-recorder.<lang>.xlsx`), the
    /// configuration's, default first.
    pub languages: Vec<String>,
    /// The languages the IR's headers and words are declared in (others fall back to the
    /// configuration's default language, then English).
    pub ir_languages: Vec<String>,
    /// The sheet holding one row per incident (`Incident Data`); headers in row 1.
    pub data_sheet: String,
    /// The sheet holding the drop-down lists (`Menu Data`); headers in row 1, entries from 2.
    pub menu_sheet: String,
    /// The editable range of a menu in the GBVIMS IR template (50): a menu with more entries is
    /// still written whole and flagged `exceeds_limit`.
    pub menu_limit: usize,
    /// The columns, in order (A, B, …).
    pub columns: Vec<IrMappingColumn>,
}

/// One column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IrMappingColumn {
    /// Its letter in Incident Data (`A` … `AP`).
    pub letter: String,
    /// Its header key (`perpetrator.sex`).
    pub key: String,
    /// Its header per language.
    pub header: JsonTexts,
    /// What it reads and computes, in the one JSON form of expressions, as it reads records:
    /// fields by the keys records hold them under and options by their stored ids (a country's
    /// `stored_as`; the model's ids otherwise).
    pub value: JsonExpr,
    /// What its cells hold.
    pub rules: ValueRules,
    /// The fields `value` reads (directly or through calculations) that the country no longer
    /// asks (`hide field`, `hide form`), by the keys records hold them under: they read as
    /// empty, whatever a record still holds from before the hide (`gbvims ir export` does not
    /// read them). Left out when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reads_hidden: Vec<String>,
    /// It may read a sensitive quasi-identifier (date of birth, ethnicity).
    pub allow_sensitive: bool,
    /// The Menu Data list its values feed, and its drop-down reads.
    pub menu: Option<IrMappingMenu>,
}

/// A column's menu.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IrMappingMenu {
    /// Its column letter in Menu Data.
    pub letter: String,
    /// Its header per language.
    pub header: JsonTexts,
    /// Its entries in each template, per language (0: no drop-down on the column; an export
    /// adds every value it writes).
    pub entries: BTreeMap<String, usize>,
    /// More entries than `menu_limit` in some template: written whole all the same (so the
    /// drop-down accepts every value), but more than the GBVIMS template's menu range holds.
    pub exceeds_limit: bool,
}

/// The JSON Schema of `ir-mapping.json`, pretty-printed.
#[must_use]
pub fn mapping_schema() -> String {
    let schema = schemars::schema_for!(IrMapping);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

impl IrMapping {
    /// The mapping of `ir`, with the templates' menus (one per language of `languages`).
    #[must_use]
    pub fn of(
        model: &Model,
        ir: &IncidentRecorder,
        languages: &[String],
        menus: &[IrMenus],
    ) -> Self {
        let columns = ir
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| IrMappingColumn {
                letter: IncidentRecorder::letter(i),
                key: c.key.clone(),
                header: texts(&c.header),
                value: JsonExpr::stored(model, &c.value),
                rules: ValueRules::of(&c.value),
                reads_hidden: withdrawn_reads(model, &c.value)
                    .into_iter()
                    .map(|f| model.stored_key(f).to_string())
                    .collect(),
                allow_sensitive: c.allow_sensitive,
                menu: c.menu.as_ref().and_then(|header| {
                    let position = menus.first()?.of_column(i)?.0;
                    let entries: BTreeMap<String, usize> = languages
                        .iter()
                        .zip(menus)
                        .filter_map(|(l, m)| Some((l.clone(), m.of_column(i)?.1.entries.len())))
                        .collect();
                    Some(IrMappingMenu {
                        letter: IncidentRecorder::letter(position),
                        header: texts(header),
                        exceeds_limit: entries.values().any(|&n| n > MENU_LIMIT),
                        entries,
                    })
                }),
            })
            .collect();
        Self {
            format: FORMAT.to_string(),
            languages: languages.to_vec(),
            ir_languages: ir.languages.iter().map(|l| l.0.clone()).collect(),
            data_sheet: DATA_SHEET.to_string(),
            menu_sheet: MENU_SHEET.to_string(),
            menu_limit: MENU_LIMIT,
            columns,
        }
    }
}

fn texts(t: &Texts) -> JsonTexts {
    t.0.iter().map(|(l, s)| (l.0.clone(), s.clone())).collect()
}
