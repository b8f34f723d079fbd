//! Location files (`.csv`) are not held in memory: [`check`] reads one once, streamed, for what
//! the CLI refuses (a file over the size limit, not UTF-8, over the row limit), and hands it to
//! the compiler as a [`LocationFile`], which opens it again each time its bytes are needed
//! (loading the units, showing the lines of diagnostics, hashing the sources). Each reading is
//! checked against the first (the length and a digest of the bytes): a file that changed is an
//! error of the reader, never other bytes given silently.

use std::hash::Hasher;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use gbvims_compiler::source::{DataSource, Refusal};

/// How many bytes are read at a time.
const CHUNK: usize = 64 * 1024;

/// A location file on disk, checked: its length and the digest of its bytes.
#[derive(Debug)]
pub struct LocationFile {
    /// The file's real path (links resolved, inside the configuration's directory).
    path: PathBuf,
    len: u64,
    digest: u64,
}

/// The digest of a file's bytes, to notice a file that changed between two readings (not a
/// security measure: the file is the user's own).
#[derive(Default)]
struct Digest(std::hash::DefaultHasher);

impl Digest {
    fn update(&mut self, bytes: &[u8]) {
        // `write` hashes a stream: the chunks' boundaries do not change the digest.
        self.0.write(bytes);
    }

    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// Streams the opened location file `file` (at `path`): a [`LocationFile`] to hand to the
/// compiler, or why it is refused. At most `limit` bytes (the size limit) and `rows` rows of
/// units (the lines after the two header rows) are accepted, and only UTF-8 text.
pub fn check(
    path: &Path,
    file: std::fs::File,
    limit: u64,
    rows: u64,
    too_large: impl Fn(u64) -> Refusal,
    too_many_rows: impl Fn(u64) -> Refusal,
) -> io::Result<Result<LocationFile, Refusal>> {
    let mut reader = file.take(limit.saturating_add(1));
    let mut buf = vec![0; CHUNK];
    let mut digest = Digest::default();
    let mut utf8 = Utf8::default();
    let (mut len, mut newlines, mut last) = (0u64, 0u64, None);
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = &buf[..n];
        if let Some(refusal) = utf8.check(chunk, newlines) {
            return Ok(Err(refusal));
        }
        digest.update(chunk);
        newlines += memchr::memchr_iter(b'\n', chunk).count() as u64;
        last = chunk.last().copied();
        len += n as u64;
        if len > limit {
            return Ok(Err(too_large(len)));
        }
    }
    if let Some(refusal) = utf8.end(newlines) {
        return Ok(Err(refusal));
    }
    let units = rows_of_units(newlines, last);
    if units > rows {
        return Ok(Err(too_many_rows(units)));
    }
    Ok(Ok(LocationFile {
        path: path.to_path_buf(),
        len,
        digest: digest.finish(),
    }))
}

/// The rows of units of a location file (the lines after the two header rows) with `newlines`
/// line ends and `last` as its last byte: each `\n` ends a line, and a last line may have none.
pub fn rows_of_units(newlines: u64, last: Option<u8>) -> u64 {
    let lines = newlines + u64::from(last.is_some_and(|b| b != b'\n'));
    lines.saturating_sub(2)
}

/// UTF-8 checked chunk by chunk (a character may be cut between two chunks).
#[derive(Default)]
struct Utf8 {
    /// The first bytes of a character cut at the end of the last chunk.
    carry: Vec<u8>,
}

impl Utf8 {
    /// The refusal of the first byte that is not UTF-8 in `chunk`, if any; `newlines` is the
    /// number of line ends before the chunk.
    fn check(&mut self, chunk: &[u8], newlines: u64) -> Option<Refusal> {
        // Only a character cut by the last chunk is joined to this one: the chunk itself is
        // not copied.
        let carry = std::mem::take(&mut self.carry);
        let carried = carry.len();
        let joined;
        let bytes: &[u8] = if carry.is_empty() {
            chunk
        } else {
            joined = [carry.as_slice(), chunk].concat();
            &joined
        };
        match std::str::from_utf8(bytes) {
            Ok(_) => None,
            Err(e) if e.error_len().is_none() => {
                self.carry = bytes[e.valid_up_to()..].to_vec();
                None
            }
            Err(e) => {
                let at = e.valid_up_to();
                // The carried bytes hold no line end (they are the start of a character).
                let before = bytes.get(carried..at).unwrap_or_default();
                Some(not_utf8(
                    newlines + memchr::memchr_iter(b'\n', before).count() as u64,
                    bytes[at],
                ))
            }
        }
    }

    /// The refusal of a character cut by the end of the file, if any.
    fn end(&self, newlines: u64) -> Option<Refusal> {
        self.carry.first().map(|&b| not_utf8(newlines, b))
    }
}

fn not_utf8(newlines: u64, byte: u8) -> Refusal {
    Refusal::NotUtf8 {
        line: usize::try_from(newlines)
            .unwrap_or(usize::MAX)
            .saturating_add(1),
        byte,
    }
}

impl DataSource for LocationFile {
    fn open(&self) -> io::Result<Box<dyn Read + Send + '_>> {
        let file = super::files::open_no_wait(&self.path)?;
        if !file.metadata()?.is_file() {
            return Err(changed());
        }
        Ok(Box::new(Checked {
            file,
            expected: self,
            read: 0,
            digest: Digest::default(),
        }))
    }

    fn size(&self) -> u64 {
        self.len
    }
}

/// A reading of a [`LocationFile`] that fails rather than give other bytes than those checked.
struct Checked<'a> {
    file: std::fs::File,
    expected: &'a LocationFile,
    read: u64,
    digest: Digest,
}

impl Read for Checked<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // One byte more than expected may be read: a file that grew is noticed.
        let room = self
            .expected
            .len
            .saturating_add(1)
            .saturating_sub(self.read);
        let want = out.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = if want == 0 {
            0
        } else {
            self.file.read(&mut out[..want])?
        };
        self.read += n as u64;
        if self.read > self.expected.len {
            return Err(changed());
        }
        if n == 0 {
            if self.read != self.expected.len || self.digest.finish() != self.expected.digest {
                return Err(changed());
            }
            return Ok(0);
        }
        self.digest.update(&out[..n]);
        Ok(n)
    }
}

fn changed() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "the file changed since it was checked",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_does_not_depend_on_chunks() {
        let bytes: Vec<u8> = (0..10_000u32).map(|n| (n * 7 % 251) as u8).collect();
        let mut whole = Digest::default();
        whole.update(&bytes);
        for size in [1, 3, 7, 64, 1000] {
            let mut d = Digest::default();
            bytes.chunks(size).for_each(|c| d.update(c));
            assert_eq!(d.finish(), whole.finish(), "chunks of {size}");
        }
    }

    #[test]
    fn utf8_cut_between_chunks_is_utf8() {
        let text = "é,ب\n".repeat(10);
        for size in 1..6 {
            let mut u = Utf8::default();
            let mut newlines = 0;
            for c in text.as_bytes().chunks(size) {
                assert!(u.check(c, newlines).is_none());
                newlines += c.iter().filter(|&&b| b == b'\n').count() as u64;
            }
            assert!(u.end(newlines).is_none());
        }
        let mut u = Utf8::default();
        assert!(u.check(b"ab\n\xC3", 0).is_none());
        assert_eq!(
            u.check(b"(", 1),
            Some(Refusal::NotUtf8 {
                line: 2,
                byte: 0xC3
            })
        );
        let mut u = Utf8::default();
        assert!(u.check(b"a\n\xE2\x82", 0).is_none());
        assert_eq!(
            u.end(1),
            Some(Refusal::NotUtf8 {
                line: 2,
                byte: 0xE2
            })
        );
    }

    fn checked(path: &Path, rows: u64) -> Result<LocationFile, Refusal> {
        let file = std::fs::File::open(path).unwrap();
        check(
            path,
            file,
            1 << 30,
            rows,
            |size| Refusal::TooLarge {
                size,
                limit: 1 << 30,
                setting: String::new(),
            },
            |rows| Refusal::TooManyRows {
                rows,
                limit: 0,
                setting: String::new(),
            },
        )
        .unwrap()
    }

    fn read_all(data: &LocationFile) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        data.open()?.read_to_end(&mut out)?;
        Ok(out)
    }

    /// A file far larger than a chunk, with a character cut at every chunk boundary: read as
    /// it is; then rewritten, cut or grown, each reading fails instead of giving other bytes.
    #[test]
    fn a_file_is_read_again_as_checked_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locations.csv");
        let text = "x".to_string() + &"ب".repeat(CHUNK) + "\nend\n";
        std::fs::write(&path, &text).unwrap();
        let data = checked(&path, 10).expect("UTF-8, 2 lines");
        assert_eq!(data.size(), text.len() as u64);
        assert_eq!(read_all(&data).unwrap(), text.as_bytes());
        assert_eq!(read_all(&data).unwrap(), text.as_bytes(), "again");

        let same_length = text.replace("end", "END");
        for other in [
            same_length.as_str(),
            &text[..101],
            &(text.clone() + "more\n"),
        ] {
            std::fs::write(&path, other).unwrap();
            let e = read_all(&data).expect_err("changed");
            assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e}");
        }
        std::fs::write(&path, &text).unwrap();
        assert_eq!(read_all(&data).unwrap(), text.as_bytes(), "as it was");
        std::fs::remove_file(&path).unwrap();
        assert!(read_all(&data).is_err(), "gone");
    }

    /// Not UTF-8 past the first chunk: the row is counted over every chunk; rows over the
    /// limit are counted while streaming, a last line without a line end included.
    #[test]
    fn refusals_are_found_while_streaming() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locations.csv");
        let mut bytes = "a,b\n".repeat(40_000).into_bytes();
        bytes.extend_from_slice(b"Gh\xE9raq\n");
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            checked(&path, u64::MAX).unwrap_err(),
            Refusal::NotUtf8 {
                line: 40_001,
                byte: 0xE9
            }
        );
        std::fs::write(&path, "h\n#t\nA\nB\nC").unwrap();
        assert!(checked(&path, 3).is_ok());
        assert_eq!(
            checked(&path, 2).unwrap_err(),
            Refusal::TooManyRows {
                rows: 3,
                limit: 0,
                setting: String::new()
            }
        );
    }
}
