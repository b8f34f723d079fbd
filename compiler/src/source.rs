//! The source files of one compilation, and line/column lookup for renderers.
//!
//! A file is held as text, except a location file the CLI hands over as a [`DataSource`]: its
//! bytes are read again, streamed, whenever they are needed (loading the units, fetching the
//! lines that diagnostics show — [`view::View`] —, hashing the sources), so that a file of
//! hundreds of megabytes is never held whole in memory.

mod data;
pub mod view;

use std::sync::Arc;

use codespan_reporting::files::{self, Files};
use gbvims_dsl::FileId;

pub use data::{DataSource, InMemory};

/// One source file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics (a path, relative where possible).
    pub name: String,
    /// The text (empty for a file held as a [`DataSource`]: see [`SourceFile::data`]).
    pub text: String,
    /// The bytes of a data file that is not held in memory, read on demand.
    data: Option<Arc<dyn DataSource>>,
    /// Part of the standard or of a country configuration.
    pub origin: Origin,
    /// Why the file was not read (its text is then empty); `None` for a file that was read.
    pub refused: Option<Refusal>,
    lines: Lines,
}

/// Which configuration a file belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The standard (`standard-forms/`, or the copy built into the binary).
    Standard,
    /// A country overlay (`country-configs/<cc>/`): `.gbv` files and data files (`.csv`, `.pem`).
    Country,
}

/// Why the CLI refused to read a file of a configuration: the compiler reports it with a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The path, or the link it is, leads outside the configuration's directory.
    Outside {
        /// Where it leads, as the file system says.
        target: String,
    },
    /// Not a regular file: a named pipe, a device, a socket, or a link that loops or leads
    /// nowhere.
    NotRegular {
        /// What it is, in words (`a named pipe (FIFO)`).
        what: String,
    },
    /// Larger than the size limit, checked before reading.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
        /// How to change the limit (`the environment variable GBVIMS_MAX_GBV_SIZE`).
        setting: String,
    },
    /// A location file with more rows of units than the limit (checked on the text before it is
    /// parsed: each unit is held in memory, about 240 bytes, so a file of very short rows would
    /// otherwise take many times its size).
    TooManyRows {
        /// Its rows of units (the lines after the two header rows).
        rows: u64,
        /// The limit.
        limit: u64,
        /// How to change the limit (`the environment variable GBVIMS_MAX_LOCATION_ROWS`).
        setting: String,
    },
    /// A data file (a location file) that is not UTF-8 text, such as Excel's "CSV" on Windows
    /// (Windows-1252). Not converted: the encoding cannot be known for sure, and a wrong guess
    /// would garble names (Arabic above all) without a word.
    NotUtf8 {
        /// The 1-based line (row) holding the first byte that is not UTF-8.
        line: usize,
        /// That byte.
        byte: u8,
    },
    /// A spreadsheet (`.xlsx`) that cannot be read: damaged, not a workbook, or unpacking to
    /// more than the limit.
    NotAWorkbook {
        /// Why, in words.
        reason: String,
    },
}

impl SourceFile {
    /// The bytes of a data file read on demand (`None` for a file held as text).
    #[must_use]
    pub fn data(&self) -> Option<&dyn DataSource> {
        self.data.as_deref()
    }

    /// The file's length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.data.as_ref().map_or(self.text.len(), |d| {
            usize::try_from(d.size()).unwrap_or(usize::MAX)
        })
    }

    /// An empty file (or one not read).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Gives the file's bytes to `each`, in order: the text at once, or a data file streamed.
    ///
    /// # Errors
    /// When a data file cannot be read to its end, or changed since it was checked.
    pub fn for_each_chunk(&self, each: &mut dyn FnMut(&[u8])) -> std::io::Result<()> {
        let Some(data) = &self.data else {
            each(self.text.as_bytes());
            return Ok(());
        };
        use std::io::Read;
        let mut reader = data.open()?;
        let mut buf = vec![0; data::CHUNK];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => each(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The same file under another name.
    #[must_use]
    pub fn renamed(&self, name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..self.clone()
        }
    }

    /// A `.gbv` source (other files are data, such as location files).
    #[must_use]
    pub fn is_gbv(&self) -> bool {
        std::path::Path::new(&self.name)
            .extension()
            .is_none_or(|e| e.eq_ignore_ascii_case("gbv"))
    }
}

/// Every file of a compilation. The compiler never reads the disk: the CLI loads files into this.
///
/// As codespan [`Files`], a data file ([`Sources::add_data`]) has no text: render through a
/// [`view::View`], which fetches the lines diagnostics show.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file of the standard and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.add_with_origin(name, text, Origin::Standard)
    }

    /// Adds a file of a country configuration (a `.gbv` overlay or a data file).
    pub fn add_country(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.add_with_origin(name, text, Origin::Country)
    }

    /// Records a file of the configuration that was not read, and why; returns its id (its
    /// text is empty, so diagnostics point at its start).
    pub fn add_refused(
        &mut self,
        name: impl Into<String>,
        origin: Origin,
        refusal: Refusal,
    ) -> FileId {
        let id = self.add_with_origin(name, String::new(), origin);
        if let Some(f) = self.files.last_mut() {
            f.refused = Some(refusal);
        }
        id
    }

    /// Adds a data file (a location file) that is not held in memory: its bytes are read from
    /// `data` whenever they are needed. Returns its id.
    pub fn add_data(
        &mut self,
        name: impl Into<String>,
        origin: Origin,
        data: Arc<dyn DataSource>,
    ) -> FileId {
        let id = self.add_with_origin(name, String::new(), origin);
        if let Some(f) = self.files.last_mut() {
            f.data = Some(data);
        }
        id
    }

    /// Adds a file as it is (a copy of a file of another set, perhaps [`SourceFile::renamed`]).
    pub fn push(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    /// Adds a file and returns its id.
    pub fn add_with_origin(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
        origin: Origin,
    ) -> FileId {
        let text = text.into();
        let lines = Lines::new(&text);
        self.files.push(SourceFile {
            name: name.into(),
            text,
            data: None,
            origin,
            refused: None,
            lines,
        });
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    /// The file behind an id.
    #[must_use]
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// All files with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(n, f)| (FileId(u32::try_from(n).unwrap_or(u32::MAX)), f))
    }

    /// 1-based line and column (in characters) of a byte offset. A data file is read once for
    /// it (to find the positions of many offsets, make one [`view::View`]); `(0, 0)` when that
    /// file cannot be read or changed since it was checked.
    #[must_use]
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let Some(file) = self.get(id) else {
            return (1, 1);
        };
        if file.data.is_some() {
            let places =
                std::collections::BTreeMap::from([(id, std::iter::once(offset..offset).collect())]);
            return view::View::new(self, &places)
                .line_col(id, offset)
                .unwrap_or((0, 0));
        }
        file.lines.line_col(&file.text, offset)
    }

    fn file(&self, id: FileId) -> Result<&SourceFile, files::Error> {
        self.get(id).ok_or(files::Error::FileMissing)
    }
}

impl<'a> Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.name)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.file(id)?.lines.index(byte_index))
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, files::Error> {
        let f = self.file(id)?;
        f.lines.range(f.text.len(), line_index)
    }
}

/// Bytes between two character counts kept by [`Lines`].
const CHAR_MARK: usize = 4096;

/// Where the lines of a text start, and how many characters come before every
/// [`CHAR_MARK`]-th byte: a column on a line megabytes long costs at most that many bytes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lines {
    starts: Vec<usize>,
    char_marks: Vec<usize>,
}

/// Characters (bytes that do not continue a UTF-8 sequence) among `bytes`.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        let mut count = 0;
        let char_marks = text
            .as_bytes()
            .chunks(CHAR_MARK)
            .map(|chunk| {
                let before = count;
                count += chars_in(chunk);
                before
            })
            .collect();
        Self {
            starts: files::line_starts(text).collect(),
            char_marks,
        }
    }

    /// The 0-based line holding `byte_index`.
    pub(crate) fn index(&self, byte_index: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1)
    }

    /// Characters of `text` before `offset` (a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = offset / CHAR_MARK;
        let mark = self.char_marks.get(k).copied().unwrap_or(0);
        mark + chars_in(&text.as_bytes()[(k * CHAR_MARK).min(offset)..offset])
    }

    /// 1-based line and column (in characters) of a byte offset of `text`.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(text, offset.min(text.len()));
        let line = self.index(offset);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let col = if offset - start <= CHAR_MARK {
            chars_in(&text.as_bytes()[start..offset])
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        (line + 1, col + 1)
    }

    /// The byte range of line `line_index` of a text `len` bytes long.
    pub(crate) fn range(
        &self,
        len: usize,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, files::Error> {
        let start = *self
            .starts
            .get(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: self.starts.len().saturating_sub(1),
            })?;
        let end = self.starts.get(line_index + 1).copied().unwrap_or(len);
        Ok(start..end)
    }
}

/// The character boundary at or before `i`.
pub(crate) fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn columns_count_characters_on_long_lines() {
        // Arabic letters take two bytes: columns are characters, however far along the line.
        let text = format!("x\n{}é{}\nlast", "ب".repeat(5000), "a".repeat(9000));
        let lines = Lines::new(&text);
        let e = text.find('é').unwrap();
        assert_eq!(lines.line_col(&text, e), (2, 5001));
        assert_eq!(lines.line_col(&text, e + 2 + 8999), (2, 5002 + 8999));
        assert_eq!(lines.line_col(&text, text.len()), (3, 5));
        assert_eq!(lines.line_col(&text, 1), (1, 2));
        // An offset inside a character is taken as that character's start.
        assert_eq!(lines.line_col(&text, e + 1), (2, 5001));
    }
}
