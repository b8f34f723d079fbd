//! The translation spreadsheet: one row per text, with its key, the text in the source language
//! (English, or the country's default language when it has no English) and the translation. [`write_sheet`] makes it for translators; [`read_sheet`] reads it back.

use crate::cell_text as cell;
use calamine::Reader;
use rust_xlsxwriter::{Color, Format, FormatAlign, ProtectionOptions, Worksheet, XlsxError};

/// The sheet holding the texts.
const SHEET: &str = "Translations";
/// The sheet telling translators what to do.
const ABOUT: &str = "About";

/// One text to translate, as written to the spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The translation key (`field.gbv_incident_form.incident_date.label`).
    pub key: String,
    /// The text in the source language (English).
    pub source: String,
    /// The existing translation, or empty.
    pub target: String,
}

/// One row read back from a translator's spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadRow {
    /// The spreadsheet row, counting from 1 (the header is row 1).
    pub row: u32,
    /// The key, trimmed.
    pub key: String,
    /// The source text as it is in the sheet (column B), to tell whether it was edited.
    pub source: String,
    /// The translation as written; empty when the cell is empty or blank.
    pub target: String,
}

/// Writes the spreadsheet for translating into `lang` (`ar`), whose name is `lang_name`
/// (`Arabic`), from the language named `source_name` (`English`). The same input always gives the
/// same bytes.
///
/// # Errors
/// When the workbook cannot be built (a text longer than Excel's 32,767 characters).
pub fn write_sheet(
    lang: &str,
    lang_name: &str,
    rtl: bool,
    source_name: &str,
    rows: &[Row],
) -> Result<Vec<u8>, String> {
    build(lang, lang_name, rtl, source_name, rows)
        .map_err(|e| format!("cannot write the spreadsheet: {e}"))
}

fn build(
    lang: &str,
    lang_name: &str,
    rtl: bool,
    source_name: &str,
    rows: &[Row],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook =
        crate::new_workbook(&format!("GBVIMS translations into {lang_name} ({lang})"))?;
    translations_sheet(
        workbook.add_worksheet(),
        lang,
        lang_name,
        rtl,
        source_name,
        rows,
    )?;
    about_sheet(workbook.add_worksheet(), lang, lang_name, source_name)?;
    workbook.save_to_buffer()
}

fn translations_sheet(
    sheet: &mut Worksheet,
    lang: &str,
    lang_name: &str,
    rtl: bool,
    source_name: &str,
    rows: &[Row],
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    let top = Format::new().set_align(FormatAlign::Top);
    let header = top
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0x00D9_E1F2));
    let key = top.clone().set_background_color(Color::RGB(0x00F2_F2F2));
    let source = key.clone().set_text_wrap();
    let mut target = top.set_text_wrap().set_unlocked();
    if rtl {
        target = target.set_reading_direction(2);
    }
    // A text still to translate: highlighted (and listed first by the caller).
    let missing = target.clone().set_background_color(Color::RGB(0x00FF_F2CC));
    sheet.set_column_width(0, 45)?;
    sheet.set_column_width(1, 60)?;
    sheet.set_column_width(2, 60)?;
    sheet.set_column_format(2, &target)?;
    sheet.write_string_with_format(0, 0, "key", &header)?;
    sheet.write_string_with_format(0, 1, source_name, &header)?;
    sheet.write_string_with_format(0, 2, format!("{lang_name} ({lang})"), &header)?;
    sheet.set_freeze_panes(1, 0)?;
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.write_string_with_format(r, 0, &row.key, &key)?;
        sheet.write_string_with_format(r, 1, &row.source, &source)?;
        if row.target.is_empty() {
            sheet.write_blank(r, 2, &missing)?;
        } else {
            sheet.write_string_with_format(r, 2, &row.target, &target)?;
        }
    }
    // A filter on every column (show only the empty translations, or one form's keys). Sorting
    // is not offered: Excel refuses to sort a protected sheet with locked cells.
    let last = u32::try_from(rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    sheet.autofilter(0, 0, last, 2)?;
    // Keys and source texts are locked (no password): only the translation column is editable.
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    });
    Ok(())
}

fn about_sheet(
    sheet: &mut Worksheet,
    lang: &str,
    lang_name: &str,
    source_name: &str,
) -> Result<(), XlsxError> {
    sheet.set_name(ABOUT)?;
    sheet.set_column_width(0, 100)?;
    let lines = [
        format!("Translating the GBVIMS forms into {lang_name} ({lang})."),
        format!(
            "Write the {lang_name} text in column C of the \"{SHEET}\" sheet, next to the \
             {source_name} text of column B."
        ),
        "Do not edit, add, remove or reorder the keys of column A: they tell where each text goes."
            .to_string(),
        "Leave a cell empty when you have no translation: empty means not translated.".to_string(),
        "The texts still to translate come first, highlighted in yellow. Use the filter buttons \
         of the header row to show only some rows (for example the empty translations); do \
         not sort or delete rows."
            .to_string(),
        format!(
            "Do not change the {source_name} texts of column B: a change there is not imported \
             (the {source_name} texts are changed in the configuration itself)."
        ),
    ];
    let wrap = Format::new().set_text_wrap();
    for (r, line) in (0u32..).zip(lines) {
        sheet.write_string_with_format(r, 0, line, &wrap)?;
    }
    Ok(())
}

/// Reads a translator's spreadsheet: the language code named in the header of column C
/// (`Arabic (ar)` → `ar`) and every row that has a key or a translation, in order.
///
/// # Errors
/// A plain-English message when the file is not a workbook, has no "Translations" sheet, or its
/// header does not name the columns and the language.
pub fn read_sheet(bytes: &[u8]) -> Result<(String, Vec<ReadRow>), String> {
    let mut workbook = crate::open(bytes, crate::Limits::default()).map_err(|e| e.to_string())?;
    if !workbook.sheet_names().iter().any(|n| n == SHEET) {
        return Err(format!(
            "the workbook has no \"{SHEET}\" sheet (it has: {})",
            workbook.sheet_names().join(", ")
        ));
    }
    let range = workbook
        .worksheet_range(SHEET)
        .map_err(|e| format!("cannot read the \"{SHEET}\" sheet: {e}"))?;
    // A formula cell would be read as the result Excel cached (`#REF!`, `45000`), not as text.
    let formulas = workbook
        .worksheet_formula(SHEET)
        .map_err(|e| format!("cannot read the \"{SHEET}\" sheet: {e}"))?;
    if let Some((row, col, formula)) = formulas.used_cells().find(|(_, _, f)| !f.trim().is_empty())
    {
        // Positions are relative to the range, which starts at its first used cell.
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        let (row, col) = (row + r0 as usize, col + c0 as usize);
        let column = char::from(b'A' + u8::try_from(col.min(25)).unwrap_or(0));
        return Err(format!(
            "cell {column}{} of the \"{SHEET}\" sheet holds a formula (`={formula}`), not a \
             text: type the translation itself (or paste it as values only) and import again",
            row + 1
        ));
    }
    let a1 = cell(&range, 0, 0);
    if a1.trim() != "key" {
        return Err(format!(
            "cell A1 of the \"{SHEET}\" sheet should be \"key\", but it is \"{a1}\""
        ));
    }
    let c1 = cell(&range, 0, 2);
    let lang = lang_of_header(&c1).ok_or_else(|| {
        format!(
            "cell C1 of the \"{SHEET}\" sheet should name the language with its code in \
             parentheses, like \"Arabic (ar)\", but it is \"{c1}\""
        )
    })?;
    let last = range.end().map_or(0, |(r, _)| r);
    let rows = (1..=last)
        .filter_map(|r| {
            let key = cell(&range, r, 0).trim().to_string();
            let target = cell(&range, r, 2);
            let target = if target.trim().is_empty() {
                String::new()
            } else {
                target
            };
            (!key.is_empty() || !target.is_empty()).then_some(ReadRow {
                row: r + 1,
                key,
                source: cell(&range, r, 1),
                target,
            })
        })
        .collect();
    Ok((lang, rows))
}

/// `Arabic (ar)` → `ar`: a language code (letters, digits and `-`) in parentheses at the end.
fn lang_of_header(header: &str) -> Option<String> {
    let inner = header.trim().strip_suffix(')')?;
    let (_, code) = inner.rsplit_once('(')?;
    let code = code.trim();
    let valid = code.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, english: &str, target: &str) -> Row {
        Row {
            key: key.into(),
            source: english.into(),
            target: target.into(),
        }
    }

    fn rows() -> Vec<Row> {
        vec![
            row("standard.title", "GBVIMS", "نظام إدارة المعلومات"),
            row(
                "field.gbv_incident_form.incident_date.help",
                "Say \"when\",\nthen 'where'.",
                "قل \"متى\"،\nثم 'أين'.\n",
            ),
            row("lookup.lookup-gender.option.female", "Female", ""),
            row("ir.word.gender.male", "M", "  =1+1 "),
        ]
    }

    #[test]
    fn reads_back_what_it_wrote() {
        let bytes = write_sheet("ar", "Arabic", true, "English", &rows()).unwrap();
        let (lang, read) = read_sheet(&bytes).unwrap();
        assert_eq!(lang, "ar");
        let expected: Vec<ReadRow> = rows()
            .into_iter()
            .zip(2..)
            .map(|(r, n)| ReadRow {
                row: n,
                key: r.key,
                source: r.source,
                target: r.target,
            })
            .collect();
        assert_eq!(read, expected);
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let a = write_sheet("fr", "French", false, "English", &rows()).unwrap();
        // Past the next second, so that a creation timestamp would show.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let b = write_sheet("fr", "French", false, "English", &rows()).unwrap();
        assert!(a == b, "two writes differ");
        assert_ne!(
            a,
            write_sheet("ar", "Arabic", true, "English", &rows()).unwrap()
        );
    }

    #[test]
    fn no_rows() {
        let bytes = write_sheet("sw", "Swahili", false, "English", &[]).unwrap();
        assert_eq!(read_sheet(&bytes).unwrap(), ("sw".to_string(), vec![]));
    }

    /// A workbook with one sheet, cells given as (row, column, text).
    fn workbook(sheet: &str, cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(sheet).unwrap();
        for (r, c, text) in cells {
            ws.write_string(*r, *c, *text).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    /// A formula's cached result is never taken for a translation.
    #[test]
    fn formula_cells_are_refused_with_their_cell() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(SHEET).unwrap();
        ws.write_string(0, 0, "key").unwrap();
        ws.write_string(0, 2, "Arabic (ar)").unwrap();
        ws.write_string(1, 0, "standard.title").unwrap();
        ws.write_formula(1, 2, "=B2&\"!\"").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let err = read_sheet(&bytes).unwrap_err();
        assert!(err.contains("cell C2") && err.contains("formula"), "{err}");
    }

    #[test]
    fn skips_empty_rows_and_trims_keys() {
        let bytes = workbook(
            SHEET,
            &[
                (0, 0, "key"),
                (0, 2, "Français (fr-CA)"),
                (1, 0, " standard.title "),
                (1, 2, "Titre"),
                (3, 1, "English only"),
                (4, 0, "record.case.label"),
                (4, 2, " \n "),
                (5, 2, "no key"),
            ],
        );
        let (lang, rows) = read_sheet(&bytes).unwrap();
        assert_eq!(lang, "fr-CA");
        let got: Vec<(u32, &str, &str)> = rows
            .iter()
            .map(|r| (r.row, r.key.as_str(), r.target.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "standard.title", "Titre"),
                (5, "record.case.label", ""),
                (6, "", "no key"),
            ]
        );
    }

    #[test]
    fn explains_what_is_wrong() {
        let err = |bytes: &[u8]| read_sheet(bytes).unwrap_err();
        assert!(err(b"not a zip").starts_with("this file is not an Excel (.xlsx) workbook"));
        assert_eq!(
            err(&workbook("Sheet1", &[(0, 0, "key")])),
            "the workbook has no \"Translations\" sheet (it has: Sheet1)"
        );
        assert_eq!(
            err(&workbook(SHEET, &[(0, 0, "id"), (0, 2, "Arabic (ar)")])),
            "cell A1 of the \"Translations\" sheet should be \"key\", but it is \"id\""
        );
        assert_eq!(
            err(&workbook(SHEET, &[(0, 0, "key"), (0, 2, "Arabic")])),
            "cell C1 of the \"Translations\" sheet should name the language with its code in \
             parentheses, like \"Arabic (ar)\", but it is \"Arabic\""
        );
    }

    #[test]
    fn language_codes_in_headers() {
        assert_eq!(lang_of_header("Arabic (ar)").as_deref(), Some("ar"));
        assert_eq!(
            lang_of_header(" Kurdish (Sorani) (ckb) ").as_deref(),
            Some("ckb")
        );
        assert_eq!(lang_of_header("Arabic ()"), None);
        assert_eq!(lang_of_header("Arabic (AR)"), None);
        assert_eq!(lang_of_header("(ar) Arabic"), None);
    }
}
