//! Translation files for translators: the spreadsheet they fill in.

pub mod xlsx;
