//! The Incident Recorder workbook writer, shared by the blank template of `gbvims build --target
//! ir` (zero rows) and the filled workbook of `gbvims ir export` (one row per incident).
//!
//! ```text
//! Incident Data   row 1: the headers in the workbook's language (frozen), rows 2…: incidents;
//!                 every column formatted as text (`@`) except the numeric ones (Z);
//!                 a drop-down (list validation) on each column feeding a non-empty menu
//! Menu Data       one menu per column: header in row 1, entries from row 2
//! ```
//!
//! The Incident Data sheet is written with rust_xlsxwriter's constant-memory worksheets: each
//! row goes to a temporary file as it is pushed, so memory stays flat whatever the number of
//! rows. The menus (and so the validations) are fixed when the workbook is created: an export
//! collects its values into [`super::IrMenus`] first ([`super::IrMenus::add`]), then writes.
//!
//! ```no_run
//! # use gbvims_targets::ir::{IrCell, IrMenus, IrWorkbook};
//! # fn f(model: &gbvims_compiler::model::Model, rows: Vec<Vec<IrCell>>) -> Result<(), gbvims_targets::ir::IrWriteError> {
//! let mut menus = IrMenus::template(model, "fr");
//! for row in &rows {
//!     for (column, cell) in row.iter().enumerate() {
//!         if let IrCell::Text(t) = cell {
//!             menus.add(column, t);
//!         }
//!     }
//! }
//! let mut book = IrWorkbook::new(model, "fr", &menus)?;
//! for row in &rows {
//!     book.push_row(row)?;
//! }
//! book.finish_to(std::path::Path::new("ir.xlsx.tmp"))?; // then rename it into place
//! # Ok(()) }
//! ```

use std::fmt;
use std::path::Path;

use gbvims_compiler::model::{IncidentRecorder, Model};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Formula, Workbook, XlsxError};

use super::menus::IrMenus;
use super::rules::ValueRules;

/// The sheet holding one row per incident.
pub const DATA_SHEET: &str = "Incident Data";
/// The sheet holding the drop-down lists.
pub const MENU_SHEET: &str = "Menu Data";
/// Excel's built-in number format 49, "Text" (`@`): what every text cell and column carries.
pub const TEXT_FORMAT: u8 = 49;
/// The last row (0-based) of a worksheet: validations cover every row below the header.
pub const LAST_ROW: u32 = 1_048_575;

/// One cell of an Incident Data row, as `gbvims_compiler::records::ir_cells` computes it. A text
/// is written as a string cell formatted as text: never a formula, even when it starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return.
pub use gbvims_compiler::records::IrCell;

/// Why a workbook could not be written.
#[derive(Debug)]
pub enum IrWriteError {
    /// The configuration declares no Incident Recorder.
    NoIncidentRecorder,
    /// A row has more cells than the IR has columns.
    TooManyCells {
        /// Cells given.
        given: usize,
        /// Columns of the IR.
        columns: usize,
    },
    /// More rows than a worksheet holds (1,048,575 below the header).
    TooManyRows,
    /// The spreadsheet library failed (a temporary file or the output could not be written).
    Xlsx(XlsxError),
}

impl fmt::Display for IrWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IrWriteError::NoIncidentRecorder => {
                write!(f, "the configuration declares no Incident Recorder")
            }
            IrWriteError::TooManyCells { given, columns } => write!(
                f,
                "a row of {given} cells does not fit the Incident Recorder's {columns} columns"
            ),
            IrWriteError::TooManyRows => write!(
                f,
                "more incidents than an Excel worksheet holds ({LAST_ROW}): export them in parts"
            ),
            IrWriteError::Xlsx(e) => write!(f, "the workbook could not be written: {e}"),
        }
    }
}

impl std::error::Error for IrWriteError {}

impl From<XlsxError> for IrWriteError {
    fn from(e: XlsxError) -> Self {
        IrWriteError::Xlsx(e)
    }
}

/// An Incident Recorder workbook being written: created with its headers, menus and
/// validations, then filled row by row ([`IrWorkbook::push_row`]) and finished into bytes or a
/// file. Byte-identical for the same model, language, menus and rows.
pub struct IrWorkbook {
    workbook: Workbook,
    columns: usize,
    next_row: u32,
    text: Format,
    header: Format,
    rtl: bool,
    /// The menus: the configuration's, then every value a row writes in a menu column, so the
    /// drop-downs accept every written value (FACTS §5.4). Written when the workbook finishes.
    menus: IrMenus,
}

impl IrWorkbook {
    /// A workbook in `lang` (headers, menu headers; right to left for Arabic) with `menus` in
    /// its Menu Data sheet and a drop-down on every column whose menu has entries. Its rows are
    /// streamed to a temporary file (rust_xlsxwriter's constant memory mode, in the system's
    /// temporary directory): use this for exports.
    ///
    /// # Errors
    /// [`IrWriteError::NoIncidentRecorder`], or [`IrWriteError::Xlsx`] when the temporary file
    /// of the constant-memory sheet cannot be created.
    pub fn new(model: &Model, lang: &str, menus: &IrMenus) -> Result<Self, IrWriteError> {
        Self::create(model, lang, menus, Storage::TempFile(None))
    }

    /// [`IrWorkbook::new`] with the temporary file in `dir` (the rows are survivors' data:
    /// put them where the output goes, e.g. on the same encrypted disk, rather than in the
    /// system's temporary directory).
    ///
    /// # Errors
    /// As [`IrWorkbook::new`], and when `dir` cannot be used.
    pub fn new_in(
        model: &Model,
        lang: &str,
        menus: &IrMenus,
        dir: &Path,
    ) -> Result<Self, IrWriteError> {
        Self::create(model, lang, menus, Storage::TempFile(Some(dir)))
    }

    /// The same workbook with its rows kept in memory and no temporary file: for the blank
    /// template, and small workbooks. Reads back the same as [`IrWorkbook::new`].
    ///
    /// # Errors
    /// [`IrWriteError::NoIncidentRecorder`].
    pub fn in_memory(model: &Model, lang: &str, menus: &IrMenus) -> Result<Self, IrWriteError> {
        Self::create(model, lang, menus, Storage::Memory)
    }

    /// The blank template: the workbook with zero rows, as bytes.
    ///
    /// # Errors
    /// [`IrWriteError::NoIncidentRecorder`].
    pub fn template(model: &Model, lang: &str, menus: &IrMenus) -> Result<Vec<u8>, IrWriteError> {
        Self::in_memory(model, lang, menus)?.finish()
    }

    fn create(
        model: &Model,
        lang: &str,
        menus: &IrMenus,
        storage: Storage<'_>,
    ) -> Result<Self, IrWriteError> {
        let ir = model
            .incident_recorder
            .as_ref()
            .ok_or(IrWriteError::NoIncidentRecorder)?;
        let mut workbook = gbvims_xlsx::new_workbook("GBVIMS Incident Recorder")?;
        let text = Format::new().set_num_format_index(TEXT_FORMAT);
        let header = Format::new()
            .set_num_format_index(TEXT_FORMAT)
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let rtl = gbvims_compiler::languages::language(lang).is_some_and(|l| l.rtl);
        let data = match storage {
            Storage::Memory => workbook.add_worksheet(),
            Storage::TempFile(dir) => {
                if let Some(dir) = dir {
                    workbook.set_tempdir(dir)?;
                }
                // An export of many records may pass the zip format's 4 GB limits.
                workbook.use_zip_large_file(true);
                workbook.add_worksheet_with_constant_memory()?
            }
        };
        data.set_name(DATA_SHEET)?.set_right_to_left(rtl);
        write_data_header(data, model, ir, lang, &header, &text)?;
        Ok(Self {
            workbook,
            columns: ir.columns.len(),
            next_row: 1,
            text,
            header,
            rtl,
            menus: menus.clone(),
        })
    }

    /// The drop-downs of Incident Data and the Menu Data sheet, from the menus as the rows left
    /// them.
    fn write_menus(&mut self) -> Result<(), IrWriteError> {
        let data = self.workbook.worksheet_from_index(0)?;
        for column in 0..self.columns {
            if let Some((position, menu)) = self.menus.of_column(column) {
                if menu.entries.is_empty() {
                    continue;
                }
                let col = col_num(column)?;
                let validation = DataValidation::new()
                    .allow_list_formula(Formula::new(menu_range(position, menu.entries.len())));
                data.add_data_validation(1, col, LAST_ROW, col, &validation)?;
            }
        }
        let sheet = self.workbook.add_worksheet();
        sheet.set_name(MENU_SHEET)?.set_right_to_left(self.rtl);
        for (position, menu) in self.menus.menus.iter().enumerate() {
            let col = col_num(position)?;
            sheet.set_column_width(col, width(&menu.header))?;
            sheet.set_column_format(col, &self.text)?;
            sheet.write_string_with_format(0, col, &menu.header, &self.header)?;
            for (row, entry) in (1u32..).zip(&menu.entries) {
                sheet.write_string_with_format(row, col, entry, &self.text)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(())
    }

    /// The menus as they stand (the configuration's and the values written so far).
    #[must_use]
    pub fn menus(&self) -> &IrMenus {
        &self.menus
    }

    /// The number of rows pushed so far.
    #[must_use]
    pub fn rows(&self) -> u32 {
        self.next_row - 1
    }

    /// Appends one incident's row: cell `i` goes to column `i` (a shorter row leaves the
    /// remaining cells blank).
    ///
    /// # Errors
    /// A row longer than the IR, a full sheet, or a failed write to the temporary file.
    pub fn push_row(&mut self, cells: &[IrCell]) -> Result<(), IrWriteError> {
        if cells.len() > self.columns {
            return Err(IrWriteError::TooManyCells {
                given: cells.len(),
                columns: self.columns,
            });
        }
        if self.next_row > LAST_ROW {
            return Err(IrWriteError::TooManyRows);
        }
        let row = self.next_row;
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (column, cell) in cells.iter().enumerate() {
            let col = col_num(column)?;
            match cell {
                IrCell::Empty => {}
                IrCell::Text(t) => {
                    sheet.write_string_with_format(row, col, t, &self.text)?;
                    self.menus.add(column, t);
                }
                IrCell::Number(n) => match i32::try_from(*n) {
                    Ok(small) => {
                        sheet.write_number(row, col, f64::from(small))?;
                    }
                    // Beyond what a spreadsheet number holds exactly: kept exact as text.
                    Err(_) => {
                        sheet.write_string_with_format(row, col, n.to_string(), &self.text)?;
                    }
                },
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// The finished workbook's bytes.
    ///
    /// # Errors
    /// [`IrWriteError::Xlsx`] when the workbook cannot be assembled.
    pub fn finish(mut self) -> Result<Vec<u8>, IrWriteError> {
        self.write_menus()?;
        Ok(self.workbook.save_to_buffer()?)
    }

    /// Writes the finished workbook to `path` (write to a temporary name and rename it for an
    /// atomic result).
    ///
    /// # Errors
    /// [`IrWriteError::Xlsx`] when the workbook cannot be assembled or written.
    pub fn finish_to(mut self, path: &Path) -> Result<(), IrWriteError> {
        self.write_menus()?;
        Ok(self.workbook.save(path)?)
    }
}

/// Where the rows of Incident Data are kept until the workbook is finished.
#[derive(Clone, Copy)]
enum Storage<'a> {
    /// In memory.
    Memory,
    /// In a temporary file, in this directory or the system's temporary directory.
    TempFile(Option<&'a Path>),
}

/// Row 1 of Incident Data: the headers, frozen; column widths and cell formats.
fn write_data_header(
    sheet: &mut rust_xlsxwriter::Worksheet,
    model: &Model,
    ir: &IncidentRecorder,
    lang: &str,
    header: &Format,
    text: &Format,
) -> Result<(), IrWriteError> {
    for (column, c) in ir.columns.iter().enumerate() {
        let col = col_num(column)?;
        let title = model.text(&c.header, lang);
        sheet.set_column_width(col, width(title))?;
        if !ValueRules::of(&c.value).numeric() {
            sheet.set_column_format(col, text)?;
        }
        sheet.write_string_with_format(0, col, title, header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The range of a menu's entries in Menu Data (`'Menu Data'!$B$2:$B$12`).
#[must_use]
pub fn menu_range(position: usize, entries: usize) -> String {
    let letter = IncidentRecorder::letter(position);
    format!("'{MENU_SHEET}'!${letter}$2:${letter}${}", entries + 1)
}

/// A column's width from its header: wide enough for a few words, wrapped beyond.
fn width(header: &str) -> f64 {
    let chars = u32::try_from(header.chars().count()).unwrap_or(u32::MAX);
    f64::from(chars.saturating_add(2).clamp(12, 32))
}

fn col_num(index: usize) -> Result<u16, IrWriteError> {
    u16::try_from(index).map_err(|_| IrWriteError::Xlsx(XlsxError::RowColumnLimitError))
}
