//! Location files kept as Excel workbooks (`locations.xlsx`): the first sheet is read through the
//! bounded reader of `gbvims_xlsx` and handed to the compiler as CSV text, one line per sheet row
//! (row N of the sheet is line N of the text), so the compiler's messages name the sheet's rows.

use calamine::Reader;

/// The first sheet of a workbook as CSV text: every row from the sheet's first row to its last
/// (blank rows included, so line numbers are row numbers), every column from the first to the
/// last used one. A line break inside a cell becomes a space, so that a row stays one line.
///
/// # Errors
/// Why the workbook cannot be read, in words: not a workbook, damaged, no sheet, or parts that
/// unpack to more than `max_decompressed` bytes.
pub fn to_csv(bytes: &[u8], max_decompressed: u64) -> Result<String, String> {
    let limits = gbvims_xlsx::Limits { max_decompressed };
    let mut book = gbvims_xlsx::open(bytes, limits).map_err(|e| e.to_string())?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => return Err(format!("its first sheet cannot be read: {e}")),
        None => return Err("it has no sheet".to_string()),
    };
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    if let Some((last_row, last_col)) = range.end() {
        for row in 0..=last_row {
            let cells = (0..=last_col)
                .map(|col| gbvims_xlsx::cell_text(&range, row, col).replace(['\r', '\n'], " "));
            writer
                .write_record(cells)
                .map_err(|e| format!("its rows cannot be read: {e}"))?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| format!("its rows cannot be read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("its rows cannot be read: {e}"))
}

#[cfg(test)]
mod tests {
    use super::to_csv;

    #[test]
    fn rows_become_lines() {
        let mut wb = gbvims_xlsx::new_workbook("t").unwrap();
        let sheet = wb.add_worksheet();
        sheet.write_string(0, 0, "Code").unwrap();
        sheet.write_string(1, 0, "#adm1+code").unwrap();
        sheet.write_string(1, 1, "#adm1+name").unwrap();
        sheet.write_string(3, 0, "TL01").unwrap();
        sheet.write_string(3, 1, "Dili,\nthe capital").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let text = to_csv(&bytes, 1 << 30).unwrap();
        assert_eq!(
            text,
            "Code,\n#adm1+code,#adm1+name\n,\nTL01,\"Dili, the capital\"\n"
        );
        assert!(to_csv(b"Code,Name\n", 1 << 30).is_err());
    }
}
