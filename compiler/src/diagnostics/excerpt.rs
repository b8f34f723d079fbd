//! Bounded excerpts: the human renderer shows source lines, and a line may be megabytes long (an
//! unterminated text on a 10 MB line, a location file without line ends). [`Excerpts`] presents
//! the files to codespan with every long line clipped to the parts around the labels, marked with
//! `…`; line numbers stay, columns are those of the real file. Messages are clipped too.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use codespan_reporting::files::{self, Files};
use gbvims_dsl::FileId;

use crate::source::view::View;

/// Lines longer than this (in bytes) are clipped.
pub(crate) const MAX_LINE: usize = 240;
/// Bytes kept on each side of the start and the end of a label on a clipped line.
const CONTEXT: usize = 100;
/// Longest message, label or help line shown (in characters).
pub(crate) const MAX_MESSAGE: usize = 1000;
/// Longest note shown (notes list keys; in characters).
pub(crate) const MAX_NOTE: usize = 64 * 1024;

/// `text`, or its first `max` characters followed by `… (N more characters)`.
pub(crate) fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            Cow::Owned(format!("{}… ({rest} more characters)", &text[..cut]))
        }
    }
}

/// One kept range of the real text and where it starts in the clipped text.
#[derive(Clone, Copy, Debug)]
struct Piece {
    real: usize,
    len: usize,
    view: usize,
}

/// A file with its long lines clipped.
#[derive(Debug)]
struct Clipped {
    text: String,
    line_starts: Vec<usize>,
    pieces: Vec<Piece>,
}

impl Clipped {
    /// Builds the clipped text of `real`, keeping the bytes around `points` on long lines.
    fn new(real: &str, points: &[usize]) -> Self {
        let mut text = String::new();
        let mut pieces = Vec::new();
        let mut keep = |text: &mut String, range: Range<usize>| {
            pieces.push(Piece {
                real: range.start,
                len: range.len(),
                view: text.len(),
            });
            text.push_str(&real[range]);
        };
        let starts: Vec<usize> = files::line_starts(real).collect();
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(real.len());
            let content_end = start + real[start..end].trim_end_matches(['\n', '\r']).len();
            if content_end - start <= MAX_LINE {
                keep(&mut text, start..end);
                continue;
            }
            let mut windows: Vec<Range<usize>> = points
                .iter()
                .filter(|&&p| (start..=content_end).contains(&p))
                .map(|&p| {
                    let a = floor(real, p.saturating_sub(CONTEXT).max(start));
                    let b = ceil(real, (p + CONTEXT).min(content_end));
                    a..b
                })
                .collect();
            if windows.is_empty() {
                windows.push(start..ceil(real, start + MAX_LINE / 2));
            }
            windows.sort_by_key(|w| w.start);
            let mut merged: Vec<Range<usize>> = Vec::new();
            for w in windows {
                match merged.last_mut() {
                    Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                    _ => merged.push(w),
                }
            }
            let mut at = start;
            for w in merged {
                if w.start > at {
                    text.push('…');
                }
                at = w.end;
                keep(&mut text, w);
            }
            if at < content_end {
                text.push('…');
            }
            keep(&mut text, content_end..end);
        }
        let line_starts = files::line_starts(&text).collect();
        Self {
            text,
            line_starts,
            pieces,
        }
    }

    /// Where a real offset is in the clipped text (offsets in elided parts go to the nearest
    /// kept byte).
    fn to_view(&self, real: usize) -> usize {
        let n = self.pieces.partition_point(|p| p.real <= real);
        let Some(p) = n.checked_sub(1).and_then(|n| self.pieces.get(n)) else {
            return 0;
        };
        p.view + (real - p.real).min(p.len)
    }

    /// Where an offset of the clipped text is in the real text.
    fn to_real(&self, view: usize) -> usize {
        let n = self.pieces.partition_point(|p| p.view <= view);
        let Some(p) = n.checked_sub(1).and_then(|n| self.pieces.get(n)) else {
            return 0;
        };
        p.real + (view - p.view).min(p.len)
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The files of a set of diagnostics as codespan sees them: long lines clipped.
pub(crate) struct Excerpts<'a> {
    view: &'a View<'a>,
    clipped: BTreeMap<FileId, Clipped>,
}

impl<'a> Excerpts<'a> {
    /// Clips the files that have a long line, keeping the bytes around `points` (the starts and
    /// ends of every label, by file, as byte offsets of the files).
    pub(crate) fn new(view: &'a View<'a>, points: &BTreeMap<FileId, Vec<usize>>) -> Self {
        let clipped = points
            .iter()
            .filter_map(|(&id, points)| {
                let text = view.text(id)?;
                let long = text.split('\n').any(|l| l.len() > MAX_LINE);
                let points: Vec<usize> = points.iter().map(|&p| view.to_view(id, p)).collect();
                long.then(|| (id, Clipped::new(text, &points)))
            })
            .collect();
        Self { view, clipped }
    }

    /// A real byte offset as codespan must see it.
    pub(crate) fn offset(&self, id: FileId, real: usize) -> usize {
        let view = self.view.to_view(id, real);
        self.clipped.get(&id).map_or(view, |c| c.to_view(view))
    }
}

impl<'a> Files<'a> for Excerpts<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.view.name(id)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        match self.clipped.get(&id) {
            Some(c) => Ok(&c.text),
            None => self.view.source(id),
        }
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        match self.clipped.get(&id) {
            Some(c) => Ok(crate::source::line_index(&c.line_starts, byte_index)),
            None => self.view.line_index(id, byte_index),
        }
    }

    fn column_number(
        &'a self,
        id: FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        match self.clipped.get(&id) {
            Some(c) => Ok(self.view.line_col_at(id, c.to_real(byte_index)).1),
            None => self.view.column_number(id, line_index, byte_index),
        }
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let Some(c) = self.clipped.get(&id) else {
            return self.view.line_range(id, line_index);
        };
        crate::source::line_range(&c.line_starts, c.text.len(), line_index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_keep_the_parts_around_the_points() {
        let line = format!("{}X{}\nshort\n", "a".repeat(5000), "b".repeat(5000));
        let c = Clipped::new(&line, &[5000, 5001]);
        assert!(c.text.len() < 2 * (CONTEXT + 10) + 10, "{}", c.text.len());
        assert!(c.text.starts_with('…') && c.text.ends_with("…\nshort\n"));
        let x = c.to_view(5000);
        assert_eq!(&c.text[x..=x], "X");
        assert_eq!(c.to_real(x), 5000);
        assert_eq!(
            c.to_real(c.to_view(10_002)),
            10_002,
            "the next line maps back"
        );
    }

    #[test]
    fn messages_are_clipped() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("abcdef", 3), "abc… (3 more characters)");
    }
}
