//! A window on a location file being read: the CSV reader is fed from it, and the loader looks
//! back at the raw bytes of the records it is given (for the exact place of each cell). Bytes
//! are dropped once no record that is still needed starts before them, so a file is never held
//! whole: what is held is the record being read and the reader's look-ahead.

use std::cell::RefCell;
use std::io::{self, Read};
use std::rc::Rc;

/// How many bytes are read at a time.
const CHUNK: usize = 64 * 1024;

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bytes of a file from the start of the oldest record still needed to what was read.
/// Offsets are those of the file after its byte order mark (if any).
pub(super) struct Window<'r> {
    inner: Box<dyn Read + 'r>,
    /// Where each read lands before it is appended to `buf`.
    scratch: Box<[u8]>,
    buf: Vec<u8>,
    /// Offset of `buf[0]`.
    base: usize,
    /// Bytes before this offset were given to the CSV reader.
    fed: usize,
    /// Bytes before this offset are no longer needed.
    keep: usize,
    eof: bool,
    error: Option<io::Error>,
    /// Length of the byte order mark skipped (0 or 3).
    pub(super) bom: usize,
}

impl<'r> Window<'r> {
    /// A window on `inner`, past its byte order mark.
    pub(super) fn new(inner: impl Read + 'r) -> Self {
        let mut w = Self {
            inner: Box::new(inner),
            scratch: vec![0; CHUNK].into_boxed_slice(),
            buf: Vec::new(),
            base: 0,
            fed: 0,
            keep: 0,
            eof: false,
            error: None,
            bom: 0,
        };
        while w.buf.len() < BOM.len() && w.fill() {}
        if w.buf.starts_with(BOM) {
            w.buf.drain(..BOM.len());
            w.bom = BOM.len();
        }
        w
    }

    /// Reads one more chunk; false at the end of the file (or on an error, kept for
    /// [`Window::finish`]).
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        self.compact();
        loop {
            match self.inner.read(&mut self.scratch) {
                Ok(n) => {
                    self.buf.extend_from_slice(&self.scratch[..n]);
                    self.eof = n == 0;
                    return n > 0;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some(e);
                    self.eof = true;
                    return false;
                }
            }
        }
    }

    /// Drops the bytes no longer needed, when they are a good part of what is held.
    fn compact(&mut self) {
        let unneeded = self.keep.min(self.fed).saturating_sub(self.base);
        if unneeded >= CHUNK && unneeded * 2 >= self.buf.len() {
            self.buf.drain(..unneeded);
            self.base += unneeded;
        }
    }

    /// The offset just past what was read.
    fn end(&self) -> usize {
        self.base + self.buf.len()
    }

    /// The bytes read from offset `at` on (empty when they were dropped).
    fn from(&self, at: usize) -> &[u8] {
        at.checked_sub(self.base)
            .and_then(|i| self.buf.get(i..))
            .unwrap_or_default()
    }

    /// Calls `look` with the bytes from `at` on and whether they reach the end of the file,
    /// reading more each time it answers `None` (it must answer at the end of the file).
    pub(super) fn scan<T>(
        &mut self,
        at: usize,
        mut look: impl FnMut(&[u8], bool) -> Option<T>,
    ) -> T {
        loop {
            if let Some(answer) = look(self.from(at), self.eof) {
                return answer;
            }
            self.fill();
        }
    }

    /// No record starting before `offset` is needed any more.
    pub(super) fn release(&mut self, offset: usize) {
        self.keep = self.keep.max(offset);
    }

    /// Reads to the end of the file, dropping what is held. Returns the file's length (after
    /// the byte order mark), or the error that stopped reading.
    pub(super) fn finish(&mut self) -> io::Result<usize> {
        loop {
            self.base = self.end();
            self.fed = self.base;
            self.keep = self.base;
            self.buf.clear();
            if !self.fill() {
                break;
            }
        }
        match &self.error {
            Some(e) => Err(io::Error::new(e.kind(), e.to_string())),
            None => Ok(self.end()),
        }
    }
}

/// The CSV reader's side of a shared [`Window`].
pub(super) struct Feed<'r>(pub(super) Rc<RefCell<Window<'r>>>);

impl Read for Feed<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut w = self.0.borrow_mut();
        if w.fed == w.end() && !w.fill() {
            return Ok(0);
        }
        let fed = w.fed;
        let bytes = w.from(fed);
        let n = bytes.len().min(out.len());
        out[..n].copy_from_slice(&bytes[..n]);
        w.fed += n;
        Ok(n)
    }
}
