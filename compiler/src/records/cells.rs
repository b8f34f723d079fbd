//! The cells of one Incident Recorder row: each column's expression evaluated with
//! [`crate::eval`] (the one implementation of the rules), turned into what a spreadsheet cell
//! holds.

use serde_json::{Map, Value as Json};

use super::months::ir_date;
use super::{RecordProblem, Rule};
use crate::eval::{Evaluator, ExportData, Val};
use crate::model::texts::thousands;
use crate::model::{cell_len, Date, IncidentRecorder, Model, MAX_CELL_TEXT};

/// What one cell of the Incident Recorder holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IrCell {
    /// Nothing.
    Empty,
    /// Text: labels, fixed words, codes, place names and dates (`07-Jan-2021`), always written
    /// as a string cell.
    Text(String),
    /// A number (column Z, the number of perpetrators).
    Number(i64),
}

impl IrCell {
    /// The cell of an evaluated value in `lang`. Option ids are never written (a column shows
    /// labels), nor are yes/no or rows: they give an empty cell.
    #[must_use]
    pub fn of(value: Val<'_>, lang: &str) -> IrCell {
        match value {
            Val::Text(t) if !t.is_empty() => IrCell::Text(t),
            Val::Int(n) => IrCell::Number(n),
            Val::Date(d) => IrCell::Text(ir_date(d, lang)),
            _ => IrCell::Empty,
        }
    }
}

/// The cells of `record` for every column of `ir`, in `lang`, with codes and place names from
/// `data`; `today` is what `today()` returns.
#[must_use]
pub fn ir_cells(
    model: &Model,
    ir: &IncidentRecorder,
    record: &Map<String, Json>,
    lang: &str,
    data: &dyn ExportData,
    today: Date,
) -> Vec<IrCell> {
    let ev = Evaluator::new(model, record, today)
        .with_language(lang)
        .with_data(data);
    ir.columns
        .iter()
        .map(|c| IrCell::of(ev.eval(&c.value), lang))
        .collect()
}

/// The cells of a row (record `index`, from 1) too long for a spreadsheet cell, as record
/// problems naming the column (`column F (survivor.code)`). The value itself is never shown.
#[must_use]
pub fn overlong_cells(ir: &IncidentRecorder, cells: &[IrCell], index: usize) -> Vec<RecordProblem> {
    cells
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| match cell {
            IrCell::Text(t) if cell_len(t) > MAX_CELL_TEXT => Some(RecordProblem {
                index,
                path: format!(
                    "column {} ({})",
                    IncidentRecorder::letter(i),
                    ir.columns.get(i).map_or("", |c| c.key.as_str())
                ),
                message: format!(
                    "this value is {} characters long; a spreadsheet cell holds at most {}",
                    thousands(cell_len(t)),
                    thousands(MAX_CELL_TEXT)
                ),
                rule: Rule::CellTooLong,
            }),
            _ => None,
        })
        .collect()
}
