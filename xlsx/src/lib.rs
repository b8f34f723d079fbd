//! `.xlsx` files for gbvims, written deterministically and read within bounds.
//!
//! Every spreadsheet gbvims writes (the translators' sheet, the XLSForm, the Incident Recorder
//! workbook) starts from [`new_workbook`], so the same input always gives the same bytes (no
//! "created now" timestamp). Every spreadsheet it reads (a translator's sheet, a location file)
//! goes through [`open`], which refuses a file whose parts would decompress to more than a limit
//! (a 2 MB "zip bomb" would otherwise take gigabytes of memory): first from the sizes the zip
//! directory declares, then — since a crafted directory may lie — by decompressing once into
//! nothing, counting, and stopping one byte past the limit.
#![deny(missing_docs)]

pub mod translations;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Xlsx};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

/// What a workbook's parts may decompress to by default: far above any real translation sheet
/// or location file (the largest real location files are tens of MB as CSV).
pub const DEFAULT_MAX_DECOMPRESSED: u64 = 512 * 1024 * 1024;

/// Bounds on what [`open`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most the workbook's parts may decompress to, in bytes (summed).
    pub max_decompressed: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_decompressed: DEFAULT_MAX_DECOMPRESSED,
        }
    }
}

/// Why a workbook cannot be read, in words a country admin understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Not an `.xlsx` file (or a damaged one).
    NotAWorkbook(String),
    /// Its parts would decompress to more than the limit.
    TooLarge {
        /// What the file declares its parts decompress to.
        declared: u64,
        /// The limit.
        limit: u64,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAWorkbook(e) => {
                write!(f, "this file is not an Excel (.xlsx) workbook: {e}")
            }
            ReadError::TooLarge { declared, limit } => write!(
                f,
                "this workbook unpacks to {} MB, more than the {} MB gbvims reads; \
                 save it again from Excel, or split it",
                declared.div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// A new workbook whose document properties carry `title` and a fixed creation date, so saving
/// the same content twice gives the same bytes.
///
/// # Errors
/// Never in practice (the fixed date is valid); kept as a `Result` because the date API is.
pub fn new_workbook(title: &str) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    // The default creation date is "now", which would change the bytes on every run.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&created),
    );
    Ok(workbook)
}

/// Opens a workbook from its bytes, refusing one whose parts would decompress to more than
/// `limits.max_decompressed` — checked on the zip directory, before anything is decompressed.
///
/// # Errors
/// [`ReadError`] when the file is not a workbook or is too large.
pub fn open(bytes: &[u8], limits: Limits) -> Result<Xlsx<Cursor<&[u8]>>, ReadError> {
    let declared = declared_size(bytes)?;
    if declared > limits.max_decompressed {
        return Err(ReadError::TooLarge {
            declared,
            limit: limits.max_decompressed,
        });
    }
    // The directory may lie (a crafted "zip bomb" declares tiny sizes): decompress once into
    // nothing, stopping as soon as the real total passes the limit.
    let actual = decompressed_size(bytes, limits.max_decompressed)?;
    if actual > limits.max_decompressed {
        return Err(ReadError::TooLarge {
            declared: actual,
            limit: limits.max_decompressed,
        });
    }
    open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ReadError::NotAWorkbook(e.to_string()))
}

/// What the parts of a zip file say they decompress to, summed.
fn declared_size(bytes: &[u8]) -> Result<u64, ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::NotAWorkbook(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive
            .by_index_raw(i)
            .map_err(|e| ReadError::NotAWorkbook(e.to_string()))?;
        total = total.saturating_add(part.size());
    }
    Ok(total)
}

/// What the parts of a zip file really decompress to, summed — counted while decompressing into
/// nothing, and stopped one byte past `limit` (so a bomb costs at most `limit` bytes of work and
/// no memory).
fn decompressed_size(bytes: &[u8], limit: u64) -> Result<u64, ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::NotAWorkbook(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive
            .by_index(i)
            .map_err(|e| ReadError::NotAWorkbook(e.to_string()))?;
        let budget = limit.saturating_sub(total).saturating_add(1);
        let read = std::io::copy(&mut std::io::Read::take(part, budget), &mut std::io::sink())
            .map_err(|e| ReadError::NotAWorkbook(e.to_string()))?;
        total = total.saturating_add(read);
        if total > limit {
            break;
        }
    }
    Ok(total)
}

/// The text of a cell (0-based row and column), empty when there is none.
#[must_use]
pub fn cell_text(range: &Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(text: &str, rows: u32) -> Vec<u8> {
        let mut wb = new_workbook("test").unwrap();
        let sheet = wb.add_worksheet();
        for r in 0..rows {
            sheet.write_string(r, 0, format!("{text}{r}")).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn same_content_same_bytes() {
        assert_eq!(book("a", 3), book("a", 3));
    }

    /// A zip of one part: 10 MB of zeros, deflated to a few KB, its sizes declared truly.
    fn zeros_zip() -> Vec<u8> {
        use std::io::Write;
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        zip.write_all(&vec![b'0'; 10 << 20]).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    /// A zip whose one part (10 MB of zeros, deflated to a few KB) declares 1,000 bytes in its
    /// local header and its central directory.
    fn lying_bomb() -> Vec<u8> {
        let mut bytes = zeros_zip();
        let lie = 1000u32.to_le_bytes();
        let mut patched = 0;
        for at in 0..bytes.len().saturating_sub(30) {
            match bytes[at..at + 4] {
                // Local file header: uncompressed size at +22.
                [0x50, 0x4b, 0x03, 0x04] => {
                    bytes[at + 22..at + 26].copy_from_slice(&lie);
                    patched += 1;
                }
                // Central directory header: uncompressed size at +24.
                [0x50, 0x4b, 0x01, 0x02] => {
                    bytes[at + 24..at + 28].copy_from_slice(&lie);
                    patched += 1;
                }
                _ => {}
            }
        }
        assert_eq!(patched, 2);
        bytes
    }

    /// A directory that lies about the sizes does not get past the limit: the real size is
    /// counted, and counting stops at the limit.
    #[test]
    fn a_bomb_that_lies_about_its_size_is_refused() {
        let bomb = lying_bomb();
        assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
        assert_eq!(declared_size(&bomb).unwrap(), 1000);
        let limits = Limits {
            max_decompressed: 1 << 20,
        };
        // The zip reader itself stops at the declared size and calls the part damaged; if it
        // did not, the count would stop one byte past the limit.
        match open(&bomb, limits) {
            Err(ReadError::TooLarge { declared, limit }) => {
                assert_eq!(limit, 1 << 20);
                assert_eq!(declared, (1 << 20) + 1, "counting stops past the limit");
            }
            Err(ReadError::NotAWorkbook(e)) => {
                assert!(e.contains("larger than its declared"), "{e}");
            }
            Ok(_) => panic!("the bomb was opened"),
        }
        // Declaring its real size, the same part is refused from the directory alone.
        let honest = zeros_zip();
        assert!(matches!(
            open(&honest, limits),
            Err(ReadError::TooLarge { declared, .. }) if declared == 10 << 20
        ));
    }

    #[test]
    fn reads_back_and_bounds_the_decompressed_size() {
        use calamine::Reader;
        let bytes = book(&"x".repeat(1_000), 100);
        let mut wb = open(&bytes, Limits::default()).unwrap();
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(cell_text(&range, 99, 0), format!("{}99", "x".repeat(1_000)));
        let small = Limits {
            max_decompressed: 50_000,
        };
        assert!(matches!(
            open(&bytes, small),
            Err(ReadError::TooLarge { .. })
        ));
        assert!(matches!(
            open(b"not a zip", Limits::default()),
            Err(ReadError::NotAWorkbook(_))
        ));
    }
}
