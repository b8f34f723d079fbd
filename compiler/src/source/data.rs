//! Data files read on demand: the CLI hands a location file over as a [`DataSource`] (the file,
//! opened again for each read), tests and benches as [`InMemory`] bytes.

use std::io::Read;

/// How many bytes are read at a time when a data file is streamed.
pub(crate) const CHUNK: usize = 64 * 1024;

/// The bytes of a data file, read from the start each time they are needed.
///
/// The reader [`DataSource::open`] returns must give the same bytes each time, or fail: a file
/// that changed since it was checked (its UTF-8 and its rows, by the CLI) is an error of the
/// reader (at the latest when its end is reached), never other bytes given silently.
pub trait DataSource: std::fmt::Debug + Send + Sync {
    /// A reader of the bytes, from the first.
    ///
    /// # Errors
    /// When the file cannot be opened again.
    fn open(&self) -> std::io::Result<Box<dyn Read + Send + '_>>;

    /// The length in bytes.
    fn size(&self) -> u64;
}

/// Bytes in memory as a data file (tests, benches, fuzzing).
#[derive(Clone, Debug, Default)]
pub struct InMemory(pub Vec<u8>);

impl DataSource for InMemory {
    fn open(&self) -> std::io::Result<Box<dyn Read + Send + '_>> {
        Ok(Box::new(self.0.as_slice()))
    }

    fn size(&self) -> u64 {
        self.0.len() as u64
    }
}
