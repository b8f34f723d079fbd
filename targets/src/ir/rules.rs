//! What a column's cells can hold, read off its value expression: the kinds of value its result
//! positions give (a label, a fixed word, a date, a code, a place name, a number, free text) and
//! so the kinds of cell (text or number) it writes.

use gbvims_compiler::model::{Expr, ExprKind, Func, Ty};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The kind of cell a value is written as.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// A string cell formatted as text (`@`): labels, words, codes, place names and dates.
    Text,
    /// A numeric cell (only whole numbers, such as the perpetrator count).
    Number,
}

/// The kind of value a column can write.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// An option's label in the export language (`label`, `join_labels`), possibly cut by
    /// `before`.
    Label,
    /// A fixed word of the Incident Recorder in the export language (`word`).
    Word,
    /// A date, written `dd-Mon-yyyy` with the export language's month abbreviations.
    Date,
    /// A code: a caseworker's or an agency's code (`user_code`, `agency_code`).
    Code,
    /// A place name at a configured admin level (`location_at`).
    Place,
    /// A whole number.
    Number,
    /// Text as answered (a code or place typed in a text field).
    Text,
}

impl ValueKind {
    /// The kind of cell this value is written as.
    #[must_use]
    pub fn cell(self) -> CellKind {
        match self {
            ValueKind::Number => CellKind::Number,
            _ => CellKind::Text,
        }
    }
}

/// The value kinds and cell kinds a column can write, in a fixed order; a column may also leave
/// its cell empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueRules {
    /// The kinds of cell written (`text`, `number`).
    pub cells: Vec<CellKind>,
    /// The kinds of value written.
    pub values: Vec<ValueKind>,
}

impl ValueRules {
    /// The rules of a column's value expression.
    #[must_use]
    pub fn of(value: &Expr) -> Self {
        let mut values = Vec::new();
        collect(value, &mut values);
        values.sort();
        values.dedup();
        let mut cells: Vec<CellKind> = values.iter().map(|v| v.cell()).collect();
        cells.sort();
        cells.dedup();
        Self { cells, values }
    }

    /// Whether the column can write a number (its cells are not formatted as text).
    #[must_use]
    pub fn numeric(&self) -> bool {
        self.cells.contains(&CellKind::Number)
    }
}

/// Pushes the kinds of value `e` can give.
fn collect(e: &Expr, out: &mut Vec<ValueKind>) {
    match &e.kind {
        ExprKind::Case { arms, otherwise } => {
            for (_, then) in arms {
                collect(then, out);
            }
            if let Some(other) = otherwise {
                collect(other, out);
            }
        }
        ExprKind::Call(func, args) => match func {
            Func::Label | Func::JoinLabels => out.push(ValueKind::Label),
            Func::Word => out.push(ValueKind::Word),
            Func::UserCode | Func::AgencyCode => out.push(ValueKind::Code),
            Func::LocationAt => out.push(ValueKind::Place),
            Func::Before => {
                if let Some(first) = args.first() {
                    collect(first, out);
                }
            }
            Func::Coalesce => {
                for arg in args {
                    collect(arg, out);
                }
            }
            _ => by_type(e.ty, out),
        },
        _ => by_type(e.ty, out),
    }
}

fn by_type(ty: Ty, out: &mut Vec<ValueKind>) {
    match ty {
        Ty::Date | Ty::DateTime => out.push(ValueKind::Date),
        Ty::Int => out.push(ValueKind::Number),
        Ty::Empty | Ty::Nothing => {}
        _ => out.push(ValueKind::Text),
    }
}
