//! Reading records one at a time, from a JSON array (`[{…}, {…}]`) or JSON Lines (one object a
//! line), without holding the whole input: memory stays that of one record whatever the file's
//! size.
//!
//! The format is told by the first character that is not white space: `[` is an array, anything
//! else is JSON Lines. In JSON Lines a line that is not valid JSON is a problem of that record
//! and reading goes on; in an array, broken JSON ends the reading ([`ReadError::Syntax`]), since
//! nothing after it can be trusted. Blank lines are skipped.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;

use serde::de::{DeserializeSeed, IgnoredAny, SeqAccess, Visitor};
use serde_json::{Map, Value as Json};

use super::{RecordProblem, Rule};

/// One record as read: the object, or why it is not one.
pub type Item = Result<Map<String, Json>, RecordProblem>;

/// Why the input could not be read to its end.
#[derive(Debug)]
pub enum ReadError {
    /// Reading failed.
    Io(std::io::Error),
    /// A JSON array is not valid JSON (`record` is the record being read, from 1).
    Syntax {
        /// The record being read.
        record: usize,
        /// serde_json's message, with line and column.
        message: String,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read the records: {e}"),
            ReadError::Syntax { record, message } => {
                write!(
                    f,
                    "the records are not valid JSON (at record {record}): {message}"
                )
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads every record of `input`, calling `each` with the record's position (from 1) and the
/// record, in input order, until the input ends or `each` breaks. Returns how many records were
/// read.
///
/// # Errors
/// I/O errors, and broken JSON in an array.
pub fn read_records<R: Read>(
    input: R,
    mut each: impl FnMut(usize, Item) -> ControlFlow<()>,
) -> Result<usize, ReadError> {
    let mut input = BufReader::with_capacity(1 << 16, input);
    let first = loop {
        let buf = input.fill_buf().map_err(ReadError::Io)?;
        if buf.is_empty() {
            return Ok(0);
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(n) => {
                let b = buf[n];
                input.consume(n);
                break b;
            }
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    };
    if first == b'[' {
        read_array(input, &mut each)
    } else {
        read_lines(input, &mut each)
    }
}

fn object(index: usize, value: Json) -> Item {
    match value {
        Json::Object(m) => Ok(m),
        other => Err(RecordProblem {
            index,
            path: String::new(),
            message: format!("a record must be a JSON object, found {}", kind_of(&other)),
            rule: Rule::NotARecord,
        }),
    }
}

/// What a JSON value is, in words.
pub(crate) fn kind_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "true/false",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

fn read_lines<R: BufRead>(
    mut input: R,
    each: &mut impl FnMut(usize, Item) -> ControlFlow<()>,
) -> Result<usize, ReadError> {
    let mut line = String::new();
    let (mut index, mut line_no) = (0, 0);
    loop {
        line.clear();
        if input.read_line(&mut line).map_err(ReadError::Io)? == 0 {
            return Ok(index);
        }
        line_no += 1;
        if line.trim().is_empty() {
            continue;
        }
        index += 1;
        let item = match serde_json::from_str::<Json>(&line) {
            Ok(v) => object(index, v),
            Err(e) => Err(RecordProblem {
                index,
                path: String::new(),
                message: format!("line {line_no} is not valid JSON: {e}"),
                rule: Rule::NotARecord,
            }),
        };
        if each(index, item).is_break() {
            return Ok(index);
        }
    }
}

/// Streams the elements of a top-level array to the callback, one at a time.
struct Elements<'f, F> {
    each: &'f mut F,
    index: usize,
    stopped: bool,
}

impl<'de, F: FnMut(usize, Item) -> ControlFlow<()>> Visitor<'de> for &mut Elements<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            if self.stopped {
                // Consumed without being kept, so the array is still checked to its end.
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(());
                }
                continue;
            }
            let Some(v) = seq.next_element::<Json>()? else {
                return Ok(());
            };
            self.index += 1;
            if (self.each)(self.index, object(self.index, v)).is_break() {
                self.stopped = true;
            }
        }
    }
}

impl<'de, F: FnMut(usize, Item) -> ControlFlow<()>> DeserializeSeed<'de> for &mut Elements<'_, F> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

fn read_array<R: Read>(
    input: R,
    each: &mut impl FnMut(usize, Item) -> ControlFlow<()>,
) -> Result<usize, ReadError> {
    // `input` starts at the `[`: serde_json reads the array itself.
    let mut de = serde_json::Deserializer::from_reader(input);
    let mut elements = Elements {
        each,
        index: 0,
        stopped: false,
    };
    let syntax = |e: serde_json::Error, record: usize| {
        if e.is_io() {
            ReadError::Io(e.into())
        } else {
            ReadError::Syntax {
                record,
                message: e.to_string(),
            }
        }
    };
    let result = (&mut elements).deserialize(&mut de);
    let read = elements.index;
    result.map_err(|e| syntax(e, read + 1))?;
    de.end().map_err(|e| syntax(e, read + 1))?;
    Ok(read)
}

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use super::{read_records, Item, ReadError};

    /// Each record as read: its position and its JSON text, or its problem.
    type Seen = Vec<(usize, Result<String, String>)>;

    fn all(input: &str) -> (Result<usize, ReadError>, Seen) {
        let mut seen = Vec::new();
        let n = read_records(input.as_bytes(), |i, item: Item| {
            seen.push((
                i,
                item.map(|m| serde_json::Value::Object(m).to_string())
                    .map_err(|p| p.to_string()),
            ));
            ControlFlow::Continue(())
        });
        (n, seen)
    }

    #[test]
    fn arrays_and_lines_give_the_same_records() {
        let (n, a) = all("  \n[{\"a\": 1}, {\"b\": [{\"c\": 2}]}]\n");
        let (m, b) = all("{\"a\": 1}\n\n{\"b\": [{\"c\": 2}]}\n");
        assert_eq!((n.unwrap(), m.unwrap()), (2, 2));
        assert_eq!(a, b);
        assert_eq!(a[1], (2, Ok("{\"b\":[{\"c\":2}]}".into())));
        assert_eq!(all("").0.unwrap(), 0);
        assert_eq!(all("[]").0.unwrap(), 0);
    }

    #[test]
    fn a_bad_line_is_a_problem_of_its_record_only() {
        let (n, seen) = all("{\"a\": 1}\n{oops\n3\n{\"b\": 2}\n");
        assert_eq!(n.unwrap(), 4);
        assert!(seen[1]
            .1
            .as_ref()
            .unwrap_err()
            .starts_with("record 2: line 2 is not valid JSON"));
        assert_eq!(
            seen[2].1.as_ref().unwrap_err(),
            "record 3: a record must be a JSON object, found a number"
        );
        assert!(seen[3].1.is_ok());
    }

    #[test]
    fn broken_arrays_and_trailing_text_end_the_reading() {
        let (n, seen) = all("[{\"a\": 1}, {\"a\": ");
        assert!(
            matches!(n, Err(ReadError::Syntax { record: 2, .. })),
            "{n:?}"
        );
        assert_eq!(seen.len(), 1);
        assert!(matches!(all("[{}] x").0, Err(ReadError::Syntax { .. })));
    }

    #[test]
    fn reading_stops_when_asked_and_still_checks_the_array() {
        let mut seen = 0;
        let n = read_records(&b"[{}, {}, {}]"[..], |_, _| {
            seen += 1;
            ControlFlow::Break(())
        });
        assert_eq!((n.unwrap(), seen), (1, 1));
    }
}
