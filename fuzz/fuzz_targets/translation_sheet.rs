//! Any bytes as a translator's spreadsheet: the bounded workbook reader and the sheet reader must
//! never panic and never allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gbvims_xlsx::translations::read_sheet(data);
});
