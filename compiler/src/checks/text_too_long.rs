//! E0109: a text, or a place name of a location file, is longer than a spreadsheet cell holds.
//! The phone forms (XLSForm) and the Incident Recorder are workbooks, so such a text could not
//! be built; it is refused where it is written.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::texts::thousands;
use crate::model::{cell_len, MAX_CELL_TEXT};

/// A text over the limit.
pub(crate) struct TextTooLong<'a> {
    /// What the text is ("the label of field `age`", "the `fr` name of `IQ01`").
    pub(crate) what: &'a str,
    /// Its length as a spreadsheet counts it.
    pub(crate) len: usize,
    /// Where it is written.
    pub(crate) span: Span,
}

impl TextTooLong<'_> {
    /// The diagnostic when `text` is over the limit.
    pub(crate) fn check(text: &str, what: &str, span: Span) -> Option<Diagnostic> {
        let len = cell_len(text);
        (len > MAX_CELL_TEXT).then(|| TextTooLong { what, len, span }.diagnostic())
    }

    pub(crate) fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(
            Code::E0109,
            self.span,
            format!(
                "{} is {} characters long; a spreadsheet cell holds at most {}",
                self.what,
                thousands(self.len),
                thousands(MAX_CELL_TEXT)
            ),
        )
        .label("too long for a spreadsheet cell")
        .help(
            "shorten it: the phone forms (XLSForm) and the Incident Recorder are spreadsheets, \
             and a longer text cannot be written into them",
        )
    }
}
