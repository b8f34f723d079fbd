//! A data file for tests of streamed location files: its bytes are given in small pieces of
//! varying length (so every boundary of the reader's window is met), and, like the CLI's
//! location files, a reading fails at its end when the bytes are not those first given (the
//! file "changed": [`Trickle::replace`]).

use std::io::Read;
use std::sync::Mutex;

use gbvims_compiler::source::DataSource;

/// Bytes read in pieces of 1 to 13 bytes.
#[derive(Debug)]
pub struct Trickle {
    checked: Vec<u8>,
    now: Mutex<Vec<u8>>,
}

impl Trickle {
    /// A file holding `bytes`.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self {
            now: Mutex::new(bytes.clone()),
            checked: bytes,
        }
    }

    /// The file is rewritten with `bytes`: readings from now on fail at their end unless the
    /// bytes are the same.
    pub fn replace(&self, bytes: Vec<u8>) {
        *self.now.lock().unwrap() = bytes;
    }
}

impl DataSource for Trickle {
    fn open(&self) -> std::io::Result<Box<dyn Read + Send + '_>> {
        let now = self.now.lock().unwrap().clone();
        Ok(Box::new(Reader {
            same: now == self.checked,
            bytes: now,
            at: 0,
            calls: 0,
        }))
    }

    fn size(&self) -> u64 {
        self.checked.len() as u64
    }
}

struct Reader {
    bytes: Vec<u8>,
    same: bool,
    at: usize,
    calls: usize,
}

impl Read for Reader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.bytes.len() {
            if !self.same {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "the file changed since it was checked",
                ));
            }
            return Ok(0);
        }
        self.calls += 1;
        let piece = 1 + (self.calls * 7) % 13;
        let n = piece.min(out.len()).min(self.bytes.len() - self.at);
        out[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
