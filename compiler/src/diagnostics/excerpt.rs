//! Bounded excerpts: the human renderer shows source lines, and a line may be megabytes long (an
//! unterminated text on a 10 MB line, a location file without line ends) and hold thousands of
//! places. Each diagnostic is shown through its own [`Snippet`]: the few lines it shows, each
//! long one clipped to the parts around that diagnostic's own labels and marked with `…`. Line
//! numbers and columns are those of the real file, and rendering a diagnostic costs the lines it
//! shows, not the size of its file nor the number of other diagnostics. Messages are clipped too.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use codespan_reporting::files::{self, Files};
use codespan_reporting::term::Config;
use gbvims_dsl::FileId;

use crate::source::floor_boundary;
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

/// One kept range of the viewed text and where it starts in the snippet's text.
#[derive(Clone, Copy, Debug)]
struct Piece {
    real: usize,
    len: usize,
    at: usize,
}

/// The lines of one file that one diagnostic shows.
#[derive(Debug, Default)]
struct Part {
    /// The lines kept, one after the other, long ones clipped.
    text: String,
    /// Each line kept, by its line index in the file: its range in `text`.
    lines: BTreeMap<usize, Range<usize>>,
    /// The kept ranges of the viewed text, in order.
    pieces: Vec<Piece>,
}

impl Part {
    /// Keeps `lines` (indexes of lines of `id` in `view`), clipping long ones around `points`
    /// (offsets of the viewed text).
    fn new(view: &View<'_>, id: FileId, lines: &BTreeSet<usize>, points: &[usize]) -> Self {
        let mut part = Part::default();
        let Some(real) = view.text(id) else {
            return part;
        };
        for &index in lines {
            let Ok(range) = view.line_range(id, index) else {
                continue;
            };
            let (start, end) = (range.start.min(real.len()), range.end.min(real.len()));
            let from = part.text.len();
            let content_end = start + real[start..end].trim_end_matches(['\n', '\r']).len();
            if content_end - start <= MAX_LINE {
                part.keep(real, start..end);
            } else {
                part.clip_line(real, start, content_end, end, points);
            }
            part.lines.insert(index, from..part.text.len());
        }
        part
    }

    fn keep(&mut self, real: &str, range: Range<usize>) {
        self.pieces.push(Piece {
            real: range.start,
            len: range.len(),
            at: self.text.len(),
        });
        self.text.push_str(&real[range]);
    }

    /// Keeps the bytes of a long line around the points on it (its start when none is).
    fn clip_line(
        &mut self,
        real: &str,
        start: usize,
        content_end: usize,
        end: usize,
        points: &[usize],
    ) {
        let mut windows: Vec<Range<usize>> = points
            .iter()
            .filter(|&&p| (start..=content_end).contains(&p))
            .map(|&p| {
                let a = floor_boundary(real, p.saturating_sub(CONTEXT).max(start));
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
                self.text.push('…');
            }
            at = w.end;
            self.keep(real, w);
        }
        if at < content_end {
            self.text.push('…');
        }
        self.keep(real, content_end..end);
    }

    /// Where an offset of the viewed text is in `text` (offsets in elided parts go to the
    /// nearest kept byte).
    fn to_text(&self, real: usize) -> usize {
        let n = self.pieces.partition_point(|p| p.real <= real);
        let Some(p) = n.checked_sub(1).and_then(|n| self.pieces.get(n)) else {
            return 0;
        };
        p.at + (real - p.real).min(p.len)
    }

    /// Where an offset of `text` is in the viewed text.
    fn to_real(&self, at: usize) -> usize {
        let n = self.pieces.partition_point(|p| p.at <= at);
        let Some(p) = n.checked_sub(1).and_then(|n| self.pieces.get(n)) else {
            return 0;
        };
        p.real + (at - p.at).min(p.len)
    }
}

fn ceil(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The files of one diagnostic as codespan sees them: only the lines it shows, long ones
/// clipped around its labels; every other line is empty.
pub(crate) struct Snippet<'a> {
    view: &'a View<'a>,
    parts: BTreeMap<FileId, Part>,
}

impl<'a> Snippet<'a> {
    /// The lines `config` shows for labels over `ranges` (byte ranges of the files, by file):
    /// their first and last lines, the context lines after the first and before the last of a
    /// label over several lines, and the lines before and after each label.
    pub(crate) fn new(
        view: &'a View<'a>,
        ranges: &[(FileId, Range<usize>)],
        config: &Config,
    ) -> Self {
        let mut lines: BTreeMap<FileId, BTreeSet<usize>> = BTreeMap::new();
        let mut points: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
        for (id, range) in ranges {
            let (start, end) = (view.to_view(*id, range.start), view.to_view(*id, range.end));
            points.entry(*id).or_default().extend([start, end]);
            let (first, last) = (
                view.line_index(*id, start).unwrap_or(0),
                view.line_index(*id, end).unwrap_or(0),
            );
            let shown = lines.entry(*id).or_default();
            shown.extend(first.saturating_sub(config.before_label_lines)..=first);
            shown.extend(first..=last.min(first + config.start_context_lines));
            shown.extend(last.saturating_sub(config.end_context_lines).max(first)..=last);
            shown.extend(last..=last + config.after_label_lines);
        }
        // A single line between two lines shown is shown too.
        for shown in lines.values_mut() {
            let gaps: Vec<usize> = shown
                .iter()
                .zip(shown.iter().skip(1))
                .filter(|(a, b)| *b - *a == 2)
                .map(|(a, _)| a + 1)
                .collect();
            shown.extend(gaps);
        }
        let parts = lines
            .iter()
            .map(|(&id, shown)| (id, Part::new(view, id, shown, &points[&id])))
            .collect();
        Self { view, parts }
    }

    /// A byte offset of a file as codespan must see it.
    pub(crate) fn offset(&self, id: FileId, real: usize) -> usize {
        let view = self.view.to_view(id, real);
        self.parts.get(&id).map_or(view, |p| p.to_text(view))
    }
}

impl<'a> Files<'a> for Snippet<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.view.name(id)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        match self.parts.get(&id) {
            Some(p) => Ok(&p.text),
            None => self.view.source(id),
        }
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        match self.parts.get(&id) {
            Some(p) => self.view.line_index(id, p.to_real(byte_index)),
            None => self.view.line_index(id, byte_index),
        }
    }

    fn column_number(
        &'a self,
        id: FileId,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let real = self
            .parts
            .get(&id)
            .map_or(byte_index, |p| p.to_real(byte_index));
        Ok(self.view.line_col_at(id, real).1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let Some(p) = self.parts.get(&id) else {
            return self.view.line_range(id, line_index);
        };
        // A line not shown (inside a label over many lines) is empty; past the end of the
        // file is an error, as for the file itself.
        self.view.line_range(id, line_index)?;
        Ok(p.lines.get(&line_index).cloned().unwrap_or_else(|| {
            let at = p
                .lines
                .range(line_index..)
                .next()
                .map_or(p.text.len(), |(_, r)| r.start);
            at..at
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    fn snippet_of<'a>(view: &'a View<'a>, id: FileId, range: Range<usize>) -> Snippet<'a> {
        Snippet::new(view, &[(id, range)], &Config::default())
    }

    #[test]
    fn long_lines_keep_the_parts_around_the_labels() {
        let mut sources = Sources::new();
        let text = format!("{}X{}\nshort\n", "a".repeat(5000), "b".repeat(5000));
        let id = sources.add("f.gbv", text);
        let view = View::new(&sources, &BTreeMap::new());
        let s = snippet_of(&view, id, 5000..5001);
        let shown = s.source(id).unwrap();
        assert!(shown.len() < 2 * (CONTEXT + 10) + 10, "{}", shown.len());
        assert!(shown.starts_with('…') && shown.ends_with("…\n"), "{shown}");
        let x = s.offset(id, 5000);
        assert_eq!(&shown[x..=x], "X");
        assert_eq!(s.line_index(id, x).unwrap(), 0);
        assert_eq!(s.column_number(id, 0, x).unwrap(), 5001);
        assert_eq!(
            s.line_range(id, 1).unwrap(),
            shown.len()..shown.len(),
            "not shown"
        );
        assert!(s.line_range(id, 3).is_err(), "past the end");
    }

    #[test]
    fn each_diagnostic_shows_only_its_own_places() {
        // A thousand places on one line: each snippet is as short as if there were one.
        let mut sources = Sources::new();
        let line: String = (0..1000)
            .map(|i| format!("x{i:04} = \"t\" + 1 or "))
            .collect();
        let id = sources.add("f.gbv", format!("first\n{line}\nlast\n"));
        let view = View::new(&sources, &BTreeMap::new());
        let at = 6 + 500 * 19;
        let s = snippet_of(&view, id, at..at + 5);
        let shown = s.source(id).unwrap();
        assert!(shown.len() < 2 * CONTEXT + 20, "{}", shown.len());
        let x = s.offset(id, at);
        assert_eq!(&shown[x..x + 5], "x0500");
        assert_eq!(s.line_index(id, x).unwrap(), 1);
    }

    #[test]
    fn a_label_over_many_lines_shows_its_first_and_last_lines() {
        let mut sources = Sources::new();
        let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let id = sources.add("f.gbv", text.clone());
        let view = View::new(&sources, &BTreeMap::new());
        let (a, b) = (text.find("line 10").unwrap(), text.find("line 90").unwrap());
        let s = snippet_of(&view, id, a..b + 2);
        let shown = s.source(id).unwrap();
        assert_eq!(
            shown,
            "line 10\nline 11\nline 12\nline 13\nline 89\nline 90\n"
        );
        assert_eq!(s.line_range(id, 50).unwrap().len(), 0);
        assert_eq!(&shown[s.line_range(id, 89).unwrap()], "line 89\n");
    }

    #[test]
    fn messages_are_clipped() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("abcdef", 3), "abc… (3 more characters)");
    }
}
