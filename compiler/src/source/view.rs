//! The files of a set of diagnostics as renderers see them. A file held as text is shown as it
//! is; a data file ([`Sources::add_data`]) is read once, streamed, and only the lines that hold
//! the diagnostics' places are kept: every other line is empty, so line numbers, columns and
//! the lines shown are those of the file, while the memory taken is that of the lines shown and
//! one byte per other line.
//!
//! A data file that cannot be read again, or changed since it was checked, has no lines:
//! [`View::line_col`] is `None` for it and renderers show its places without an excerpt.

use std::collections::BTreeMap;
use std::ops::Range;

use codespan_reporting::files::{self, Files};
use gbvims_dsl::{FileId, Span};

use super::{SourceFile, Sources};
use crate::Diagnostic;

/// The lines of a data file that diagnostics show.
#[derive(Debug)]
struct Fetched {
    /// The lines shown, whole (with their line end); every other line empty (its `\n` only).
    text: String,
    lines: super::Lines,
    /// Each line kept: where it starts in the file, where in `text`, and its length.
    pieces: Vec<(usize, usize, usize)>,
}

impl Fetched {
    /// Reads `file` once, keeping the lines that meet `ranges` (byte ranges, both ends
    /// included: a place at a line end is on that line; a label over several lines keeps them
    /// all, as renderers show them all).
    fn new(file: &SourceFile, ranges: &[Range<usize>]) -> std::io::Result<Self> {
        let mut ranges: Vec<Range<usize>> =
            ranges.iter().map(|r| r.start..r.end.max(r.start)).collect();
        ranges.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        let ranges = merged;
        let mut text: Vec<u8> = Vec::new();
        let mut pieces = Vec::new();
        // The bytes of the current line read so far, when a range may meet it.
        let mut current: Vec<u8> = Vec::new();
        let (mut line_start, mut pos, mut next) = (0usize, 0usize, 0usize);
        file.for_each_chunk(&mut |chunk| {
            let mut i = 0;
            while i < chunk.len() {
                let rest = &chunk[i..];
                while ranges.get(next).is_some_and(|r| r.end < line_start) {
                    next += 1;
                }
                if let Some(k) = memchr::memchr(b'\n', rest) {
                    let end = pos + i + k;
                    if ranges.get(next).is_some_and(|r| r.start <= end) {
                        current.extend_from_slice(&rest[..=k]);
                        pieces.push((line_start, text.len(), current.len()));
                        text.extend_from_slice(&current);
                    } else {
                        text.push(b'\n');
                    }
                    current.clear();
                    line_start = end + 1;
                    i += k + 1;
                } else {
                    if next < ranges.len() {
                        current.extend_from_slice(rest);
                    }
                    i = chunk.len();
                }
            }
            pos += chunk.len();
        })?;
        while ranges.get(next).is_some_and(|r| r.end < line_start) {
            next += 1;
        }
        if ranges.get(next).is_some_and(|r| r.start <= pos) {
            pieces.push((line_start, text.len(), current.len()));
            text.extend_from_slice(&current);
        }
        if pos != file.len() {
            return Err(changed());
        }
        let text = String::from_utf8(text).map_err(|_| changed())?;
        let lines = super::Lines::new(&text);
        Ok(Self {
            text,
            lines,
            pieces,
        })
    }

    /// Where a byte offset of the file is in `text` (offsets are those the view was made for).
    fn to_view(&self, real: usize) -> usize {
        let n = self.pieces.partition_point(|p| p.0 <= real);
        let Some(&(start, view, len)) = n.checked_sub(1).and_then(|n| self.pieces.get(n)) else {
            return 0;
        };
        view + (real - start).min(len)
    }
}

fn changed() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "the file changed since it was checked",
    )
}

/// The files of a set of diagnostics, ready to render (see the module's documentation).
/// Offsets given to its [`Files`] implementation are those of [`View::text`] (use
/// [`View::to_view`] on a span's offsets); line numbers and columns are those of the file.
#[derive(Debug)]
pub struct View<'a> {
    sources: &'a Sources,
    /// Data files read: their lines, or `None` when they could not be read again.
    fetched: BTreeMap<FileId, Option<Fetched>>,
}

impl<'a> View<'a> {
    /// A view keeping, in data files, the lines that `places` meet (byte ranges by file, both
    /// ends included).
    #[must_use]
    pub fn new(sources: &'a Sources, places: &BTreeMap<FileId, Vec<Range<usize>>>) -> Self {
        let fetched = places
            .iter()
            .filter_map(|(&id, ranges)| {
                let file = sources.get(id).filter(|f| f.data().is_some())?;
                Some((id, Fetched::new(file, ranges).ok()))
            })
            .collect();
        Self { sources, fetched }
    }

    /// A view of the places of `diagnostics` (the start and end of every label).
    #[must_use]
    pub fn of(sources: &'a Sources, diagnostics: &[Diagnostic]) -> Self {
        let mut places: BTreeMap<FileId, Vec<Range<usize>>> = BTreeMap::new();
        for d in diagnostics {
            for span in std::iter::once(&d.primary)
                .chain(&d.secondary)
                .map(|l| l.span)
            {
                let len = sources.get(span.file).map_or(0, SourceFile::len);
                let (start, end) = ((span.start as usize).min(len), (span.end as usize).min(len));
                places.entry(span.file).or_default().extend([
                    clamp(sources, span),
                    start..start,
                    end..end,
                ]);
            }
        }
        Self::new(sources, &places)
    }

    /// The sources viewed.
    #[must_use]
    pub fn sources(&self) -> &'a Sources {
        self.sources
    }

    /// Whether the places of a file can be shown: false for a data file that could not be read
    /// again or changed since it was checked.
    #[must_use]
    pub fn shown(&self, id: FileId) -> bool {
        !matches!(self.fetched.get(&id), Some(None))
    }

    /// The text renderers see for a file: its own, or the lines kept of a data file.
    #[must_use]
    pub fn text(&self, id: FileId) -> Option<&str> {
        match self.fetched.get(&id) {
            Some(Some(f)) => Some(&f.text),
            Some(None) => Some(""),
            None => self.sources.get(id).map(|f| f.text.as_str()),
        }
    }

    /// Where a byte offset of a file is in [`View::text`].
    #[must_use]
    pub fn to_view(&self, id: FileId, real: usize) -> usize {
        match self.fetched.get(&id) {
            Some(Some(f)) => f.to_view(real),
            Some(None) => 0,
            None => real,
        }
    }

    /// 1-based line and column (in characters) of a byte offset of a file; `None` when its
    /// places cannot be shown ([`View::shown`]).
    #[must_use]
    pub fn line_col(&self, id: FileId, real: usize) -> Option<(usize, usize)> {
        let len = self.sources.get(id).map_or(0, SourceFile::len);
        match self.fetched.get(&id) {
            Some(Some(f)) => Some(f.lines.line_col(&f.text, f.to_view(real.min(len)))),
            Some(None) => None,
            None => Some(self.sources.line_col(id, real)),
        }
    }

    /// 1-based line and column of an offset of [`View::text`].
    #[must_use]
    pub fn line_col_at(&self, id: FileId, view: usize) -> (usize, usize) {
        match self.fetched.get(&id) {
            Some(Some(f)) => f.lines.line_col(&f.text, view),
            Some(None) => (0, 0),
            None => self.sources.line_col(id, view),
        }
    }
}

/// The byte range of a span in its file, within the file's length.
#[must_use]
pub fn clamp(sources: &Sources, span: Span) -> Range<usize> {
    let len = sources.get(span.file).map_or(0, SourceFile::len);
    let start = (span.start as usize).min(len);
    let end = (span.end as usize).clamp(start, len);
    start..end
}

impl<'a> Files<'a> for View<'_> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.sources.name(id)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.text(id).ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        match self.fetched.get(&id) {
            Some(Some(f)) => Ok(f.lines.index(byte_index)),
            Some(None) => Ok(0),
            None => self.sources.line_index(id, byte_index),
        }
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        match self.fetched.get(&id) {
            Some(Some(f)) => f.lines.range(f.text.len(), line_index),
            Some(None) => super::Lines::new("").range(0, line_index),
            None => self.sources.line_range(id, line_index),
        }
    }
}
