//! E0143: a location file changed while it was read. The CLI checks a location file (UTF-8,
//! rows) and then the compiler streams it rather than hold it whole; the reader it is given fails
//! rather than give other bytes than those checked (the file was rewritten, truncated or grown
//! in the meantime, or became unreadable). Nothing read from it is used.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A location file that changed while it was read.
pub(crate) struct DataFileChanged;

impl DataFileChanged {
    /// The diagnostic for the file `name`, at `span` (the `locations:` that names it).
    pub(crate) fn diagnostic(name: &str, error: &std::io::Error, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::E0143,
            span,
            format!("`{name}` changed while it was being read ({error}), so it was not used"),
        )
        .label("changed while read")
        .help("run the command again once nothing is writing the file any more (when copying a new file into place, copy it under another name and rename it)")
    }
}
