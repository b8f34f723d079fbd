//! The workbook `gbvims ir export` writes: an `Incident Data` sheet with the headers in row 1
//! and one row per record, in constant memory (each row goes to a temporary file as soon as the
//! next one starts, so memory does not grow with the number of records).
//!
//! Every text is a string cell with the text format `@`: a value starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return stays text, never a formula. Numbers (column Z) are numeric
//! cells. This writer is kept small and on its own so the Incident Recorder target's template
//! writer (with its Menu Data sheet and validations) can take its place.

use std::path::Path;

use gbvims_compiler::records::IrCell;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The data sheet's name (FACTS §5.1).
pub const DATA_SHEET: &str = "Incident Data";

/// A workbook being written row by row.
pub struct IrWriter {
    workbook: Workbook,
    text: Format,
    /// The next row to write (row 0 holds the headers).
    row: u32,
}

impl IrWriter {
    /// A workbook whose data sheet has `headers` in row 1; the sheet's temporary rows go to
    /// `tempdir` (beside the output, so a full system temporary directory cannot fail an
    /// export).
    ///
    /// # Errors
    /// The temporary file cannot be created.
    pub fn new(headers: &[String], tempdir: &Path) -> Result<Self, XlsxError> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(tempdir)?;
        workbook.use_zip_large_file(true);
        let text = Format::new().set_num_format("@");
        let header = Format::new().set_num_format("@").set_bold();
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(DATA_SHEET)?;
        for (n, h) in headers.iter().enumerate() {
            let col = column(n)?;
            sheet.set_column_width(col, 18)?;
            sheet.write_string_with_format(0, col, h, &header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(IrWriter {
            workbook,
            text,
            row: 1,
        })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.workbook.worksheet_from_index(0)
    }

    /// Appends one row.
    ///
    /// # Errors
    /// More rows than a worksheet holds, or writing the temporary file failed.
    pub fn write_row(&mut self, cells: &[IrCell]) -> Result<(), XlsxError> {
        let row = self.row;
        let text = self.text.clone();
        let sheet = self.sheet()?;
        for (n, cell) in cells.iter().enumerate() {
            let col = column(n)?;
            match cell {
                IrCell::Empty => {}
                IrCell::Text(t) => {
                    sheet.write_string_with_format(row, col, t, &text)?;
                }
                IrCell::Number(v) => {
                    // Counts are small; an i64 beyond 2^53 would lose digits as a number.
                    #[allow(clippy::cast_precision_loss)]
                    sheet.write_number(row, col, *v as f64)?;
                }
            }
        }
        self.row = self
            .row
            .checked_add(1)
            .ok_or(XlsxError::RowColumnLimitError)?;
        Ok(())
    }

    /// How many records were written.
    #[must_use]
    pub fn rows(&self) -> u32 {
        self.row - 1
    }

    /// Writes the workbook to `path`.
    ///
    /// # Errors
    /// Writing failed.
    pub fn save(mut self, path: &Path) -> Result<(), XlsxError> {
        self.workbook.save(path)
    }
}

fn column(n: usize) -> Result<u16, XlsxError> {
    u16::try_from(n).map_err(|_| XlsxError::RowColumnLimitError)
}
