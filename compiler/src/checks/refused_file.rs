//! Files of a configuration the CLI did not read: links or paths that lead outside the
//! configuration's directory (E0095), things that are not regular files (E0096), files over the
//! size limit or location files over the row limit (E0097), data files that are not UTF-8 text (E0107), spreadsheets that cannot be
//! read (E0108). The compiler never reads the disk; the CLI records each refusal in
//! [`Sources`] and this check turns it into a diagnostic.

use gbvims_dsl::{FileId, Span};

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::source::{Origin, Refusal, Sources};

/// The diagnostic for the refused file `name`, pointing at `span` (the declaration that names
/// the file, or the start of the file).
pub(crate) fn diagnostic(name: &str, refusal: &Refusal, span: Span) -> Diagnostic {
    match refusal {
        Refusal::Outside { target } => Diagnostic::new(
            Code::E0095,
            span,
            format!("`{name}` leads outside the configuration's directory (to `{target}`), so it was not read"),
        )
        .label("outside the configuration")
        .help("copy the file into the configuration's directory instead of linking to it: gbvims reads only files inside it, so no other file of the computer can end up in a report"),
        Refusal::NotRegular { what } => Diagnostic::new(
            Code::E0096,
            span,
            format!("`{name}` is {what}, not a regular file, so it was not read"),
        )
        .label("not a regular file")
        .help("replace it with an ordinary file, or remove it from the configuration's directory"),
        Refusal::TooLarge { size, limit, setting } => Diagnostic::new(
            Code::E0097,
            span,
            format!(
                "`{name}` is {}, more than the limit of {}, so it was not read",
                bytes(*size),
                bytes(*limit)
            ),
        )
        .label("too large")
        .help(format!("check that this is the right file; if it is, raise the limit with {setting}")),
        Refusal::TooManyRows { rows, limit, setting } => Diagnostic::new(
            Code::E0097,
            span,
            format!(
                "`{name}` has {rows} rows of locations, more than the limit of {limit}, so it was not read"
            ),
        )
        .label("too many rows")
        .help(format!("check that this is the right file (a country's administrative units number in the thousands, rarely more than a few hundred thousand); if it is, raise the limit with {setting}")),
        Refusal::NotUtf8 { line, byte } => Diagnostic::new(
            Code::E0107,
            span,
            format!(
                "`{name}` is not UTF-8 text: row {line} has the byte 0x{byte:02X}{}, so it was not read",
                windows_1252(*byte).map_or(String::new(), |c| format!(" (`{c}` in Windows-1252)"))
            ),
        )
        .label("not UTF-8")
        .help("in Excel, save it with \"Save as\" → \"CSV UTF-8 (Comma delimited)\" (or save the workbook as .xlsx and name that file): the plain \"CSV\" type writes the computer's code page, which cannot hold every language's names"),
        Refusal::NotAWorkbook { reason } => Diagnostic::new(
            Code::E0108,
            span,
            format!("`{name}` cannot be read as a workbook: {reason}"),
        )
        .label("unreadable workbook")
        .help("open it in Excel and save it again as \"Excel Workbook (.xlsx)\", or save the sheet as \"CSV UTF-8\" and name that file"),
    }
}

/// Reports every refused file of `sources` that `keep` accepts, at the start of the file.
pub(crate) fn refused_files(
    sources: &Sources,
    keep: impl Fn(Origin, bool) -> bool,
    sink: &mut Sink,
) {
    for (id, f) in sources.iter() {
        if let Some(refusal) = &f.refused {
            if keep(f.origin, f.is_gbv()) {
                sink.push(diagnostic(&f.name, refusal, start_of(id)));
            }
        }
    }
}

/// The character a byte stands for in Windows-1252, for the letters Latin-1 shares with it
/// (`0xE9` is `é`); `None` below `0xC0`, where the two differ or the byte is not a letter.
fn windows_1252(byte: u8) -> Option<char> {
    (byte >= 0xC0).then(|| char::from(byte))
}

/// The start of a file.
pub(crate) fn start_of(file: FileId) -> Span {
    Span::new(file, 0, 0)
}

/// `512 bytes`, `3.2 KiB`, `64.0 MiB`, `1.5 GiB`.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    #[allow(clippy::cast_precision_loss)]
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_well() {
        assert_eq!(super::bytes(100), "100 bytes");
        assert_eq!(super::bytes(64 << 20), "64.0 MiB");
        assert_eq!(super::bytes(1536), "1.5 KiB");
        assert_eq!(super::bytes(3 << 30), "3.0 GiB");
    }
}
