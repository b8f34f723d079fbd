//! A lexical pre-scan of a file, before pest sees it.
//!
//! It finds comments, strings and brackets, splits the file into top-level chunks (one per
//! declaration), reports unbalanced brackets and broken strings with indentation-aware recovery,
//! and lists the items (lines and blocks) of each chunk so the parser can drop the innermost broken
//! item and go on. All positions are byte offsets into the whole file.

use crate::errors::ParseErrorKind;

/// Words that start a top-level declaration.
pub const DECL_KEYWORDS: &[&str] = &[
    "standard",
    "lookup",
    "record",
    "form",
    "subform",
    "role",
    "incident_recorder",
    "country",
    "replace",
    "extend",
    "translate",
    "reword",
    "hide",
    "add",
    "unused",
    "change",
    "use",
];

/// Words that continue an expression from the previous line.
const CONTINUATION_WORDS: &[&str] = &["and", "or", "then", "where", "in", "contains"];

/// An error found before parsing, with its byte range.
pub(crate) type LexError = (ParseErrorKind, usize, usize);

/// What bracket checking of a chunk found.
pub(crate) struct Balance {
    /// Closers to append for openers never closed.
    pub closers: String,
    /// Problems found.
    pub errors: Vec<LexError>,
    /// Ranges to blank.
    pub blanks: Vec<(usize, usize)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Line {
    /// Offset of the first byte of the line.
    pub start: usize,
    /// Offset of the line end (the `\n`, or the end of the file).
    pub end: usize,
    /// Offset of the first code byte, if the line has code (not blank, not only a comment).
    pub code: Option<usize>,
    /// Offset just after the last code byte.
    pub code_end: usize,
    /// Leading whitespace width.
    pub indent: usize,
    /// Bracket depth at the start of the line (naive count over the whole file).
    pub depth: usize,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Scan {
    pub comments: Vec<(usize, usize)>,
    pub lines: Vec<Line>,
    pub errors: Vec<LexError>,
    /// Byte ranges to replace with spaces before parsing.
    pub blanks: Vec<(usize, usize)>,
    /// Offsets of string literals that are broken (to skip them when matching brackets).
    strings: Vec<(usize, usize)>,
    /// The last line end looked for ([`line_end_cached`]).
    eol: Option<(usize, usize)>,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Lexes the whole file: comments, strings, lines with their indentation and bracket depth.
pub(crate) fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut depth: usize = 0;
    // A byte-order mark is not code; the first line starts after it.
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut line_start;
    let mut line = new_line(bytes, i, depth);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line.end = i;
                out.lines.push(line);
                i += 1;
                line_start = i;
                line = new_line(bytes, line_start, depth);
                continue;
            }
            b'#' => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                let end_trim = text[i..end].trim_end_matches('\r').len() + i;
                out.comments.push((i, end_trim));
                i = end;
                continue;
            }
            b'"' => {
                let start = i;
                i = scan_string(text, i, &mut out);
                mark_code(&mut line, start, i);
                continue;
            }
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            mark_code(&mut line, i, i + 1);
        }
        i += 1;
    }
    line.end = bytes.len();
    out.lines.push(line);
    out
}

fn new_line(bytes: &[u8], start: usize, depth: usize) -> Line {
    let indent = bytes[start..]
        .iter()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count();
    Line {
        start,
        end: start,
        code: None,
        code_end: start,
        indent,
        depth,
    }
}

fn mark_code(line: &mut Line, start: usize, end: usize) {
    if line.code.is_none() {
        line.code = Some(start);
    }
    line.code_end = end;
}

/// Scans a string starting at the quote at `start`; returns the offset after it. A string that
/// reaches the end of its line is reported and ends there.
fn scan_string(text: &str, start: usize, out: &mut Scan) -> usize {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return i + 1,
            b'\n' | b'\r' => break,
            b'\\' => {
                let rest = &text[i + 1..];
                let ok_len = if rest.starts_with(['"', '\\', 'n', 't']) {
                    Some(1)
                } else if let Some(inner) = rest.strip_prefix("u{") {
                    let hex = inner.bytes().take_while(u8::is_ascii_hexdigit).count();
                    (1..=6)
                        .contains(&hex)
                        .then_some(())
                        .and_then(|()| inner[hex..].starts_with('}').then_some(hex + 3))
                } else {
                    None
                };
                match ok_len {
                    Some(n) => i += 1 + n,
                    None => {
                        let len = rest.chars().next().map_or(0, char::len_utf8);
                        let escape = text[i..i + 1 + len].to_string();
                        out.errors
                            .push((ParseErrorKind::InvalidEscape { escape }, i, i + 1 + len));
                        out.blanks
                            .push((start, line_end_cached(text, start, &mut out.eol)));
                        i += 1 + len;
                    }
                }
                continue;
            }
            _ => {}
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out.errors
        .push((ParseErrorKind::UnterminatedString, start, i));
    // The value is lost, but the item stays (so no "missing label" follows); errors on the rest
    // of this line are dropped by the parser.
    out.blanks.push((start, i));
    out.strings.push((start, i));
    i
}

fn line_end(text: &str, from: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |n| from + n)
}

/// [`line_end`], remembering the last lookup in `eol` (where it started, the end found): no line
/// end lies between the two, so any offset in between has the same end, and many lookups on one
/// long line read it once.
fn line_end_cached(text: &str, from: usize, eol: &mut Option<(usize, usize)>) -> usize {
    match *eol {
        Some((start, end)) if (start..=end).contains(&from) => end,
        _ => eol.insert((from, line_end(text, from))).1,
    }
}

/// The first word of a code line.
pub(crate) fn first_word(text: &str, line: &Line) -> Option<String> {
    let start = line.code?;
    let word: String = text[start..]
        .bytes()
        .take_while(|b| is_ident_byte(*b))
        .map(char::from)
        .collect();
    (!word.is_empty()).then_some(word)
}

/// Is `word` one typo away from the declaration keyword `keyword` (a letter dropped, added,
/// changed or two swapped)? Such a line at column 0 still starts a declaration.
pub(crate) fn near_keyword(word: &str, keyword: &str) -> bool {
    const ITEM_WORDS: &[&str] = &["field", "option", "use", "order", "name", "title", "label"];
    word.len() >= 4 && !ITEM_WORDS.contains(&word) && strsim::osa_distance(word, keyword) == 1
}

/// A top-level chunk: the lines of one declaration.
#[derive(Clone, Debug)]
pub(crate) struct Chunk {
    pub start: usize,
    pub end: usize,
    /// Index of its first line.
    pub first_line: usize,
    /// Index one past its last line.
    pub last_line: usize,
}

/// Splits the file at column-0 lines that start a declaration, and at lines outside every bracket
/// that start with a declaration keyword at any indentation.
pub(crate) fn chunks(text: &str, scan: &Scan) -> Vec<Chunk> {
    let mut starts = Vec::new();
    for (n, line) in scan.lines.iter().enumerate() {
        let Some(code) = line.code else { continue };
        let word = first_word(text, line);
        if code != line.start {
            let indented_decl =
                line.depth == 0 && word.as_deref().is_some_and(|w| DECL_KEYWORDS.contains(&w));
            if indented_decl {
                starts.push(n);
            }
            continue;
        }
        let is_decl = word
            .as_deref()
            .is_some_and(|w| DECL_KEYWORDS.iter().any(|k| *k == w || near_keyword(w, k)));
        let at_top = line.depth == 0 && word.is_some();
        if is_decl || at_top || starts.is_empty() {
            starts.push(n);
        }
    }
    let mut out = Vec::new();
    for (k, &first) in starts.iter().enumerate() {
        let last = starts.get(k + 1).copied().unwrap_or(scan.lines.len());
        let start = scan.lines[first].start;
        let end = if last < scan.lines.len() {
            scan.lines[last].start
        } else {
            text.len()
        };
        out.push(Chunk {
            start,
            end,
            first_line: first,
            last_line: last,
        });
    }
    out
}

/// Checks the brackets of a chunk. Returns the closers to append to the chunk for the openers that
/// are never closed; reports each problem into `errors` and blanks what cannot be kept.
pub(crate) fn balance(text: &str, scan: &Scan, chunk: &Chunk) -> Balance {
    struct Open {
        ch: u8,
        at: usize,
        indent: usize,
        line_start: usize,
    }
    let mut errors = Vec::new();
    let mut blanks = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut eol = None;
    let bytes = text.as_bytes();
    let lines = &scan.lines[chunk.first_line..chunk.last_line];
    // Where an unclosed block opened on `line_start` at `indent` most likely ends: the next code
    // line at the same or a smaller indentation.
    // The last line starting with `}` at each indentation, for `stray_closer` (one pass, so that
    // checking each closer does not rescan the chunk).
    let mut last_closer_at: std::collections::HashMap<usize, usize> =
        std::collections::HashMap::new();
    for l in lines {
        if l.code.is_some_and(|c| bytes[c] == b'}') {
            last_closer_at.insert(l.indent, l.start);
        }
    }
    let dedent = |line_start: usize, indent: usize, limit: usize| {
        lines
            .iter()
            .find(|l| l.start > line_start && l.code.is_some() && l.indent <= indent)
            .map_or(limit, |l| l.start.min(limit))
    };
    for line in lines {
        let Some(code) = line.code else { continue };
        let mut i = code;
        while i < line.code_end {
            let b = bytes[i];
            if b == b'"' {
                i = skip_string(text, i, line.end);
                continue;
            }
            if b == b'#' {
                break;
            }
            match b {
                b'{' | b'(' | b'[' => stack.push(Open {
                    ch: b,
                    at: i,
                    indent: line.indent,
                    line_start: line.start,
                }),
                b'}' | b')' | b']' => {
                    let want = match b {
                        b'}' => b'{',
                        b')' => b'(',
                        _ => b'[',
                    };
                    if i == code
                        && b == b'}'
                        && stray_closer(stack.last().map(|t| t.indent), line, &last_closer_at)
                    {
                        errors.push((
                            ParseErrorKind::UnexpectedCloser { delimiter: '}' },
                            i,
                            i + 1,
                        ));
                        blanks.push((i, i + 1));
                        i += 1;
                        continue;
                    }
                    if i == code && b == b'}' {
                        // A closer that starts its line closes the block opened at its indentation:
                        // deeper blocks still open were never closed.
                        while let Some(top) = stack.last() {
                            if top.indent > line.indent && top.ch == b'{' {
                                errors.push((
                                    ParseErrorKind::UnclosedDelimiter { delimiter: '{' },
                                    top.at,
                                    top.at + 1,
                                ));
                                blanks.push((
                                    top.line_start,
                                    dedent(top.line_start, top.indent, line.start),
                                ));
                                stack.pop();
                            } else {
                                break;
                            }
                        }
                    }
                    // A `(` or `[` still open when a different closer comes was never closed:
                    // report it, drop the rest of its line, and match the closer again.
                    while let Some(top) = stack.last() {
                        if top.ch == want || top.ch == b'{' {
                            break;
                        }
                        errors.push((
                            ParseErrorKind::UnclosedDelimiter {
                                delimiter: char::from(top.ch),
                            },
                            top.at,
                            top.at + 1,
                        ));
                        blanks.push((top.at, line_end_cached(text, top.at, &mut eol)));
                        stack.pop();
                    }
                    if stack.last().is_some_and(|top| top.ch == want) {
                        stack.pop();
                    } else {
                        errors.push((
                            ParseErrorKind::UnexpectedCloser {
                                delimiter: char::from(b),
                            },
                            i,
                            i + 1,
                        ));
                        blanks.push((i, i + 1));
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    let mut closers = String::new();
    while let Some(open) = stack.pop() {
        errors.push((
            ParseErrorKind::UnclosedDelimiter {
                delimiter: char::from(open.ch),
            },
            open.at,
            open.at + 1,
        ));
        closers.push('\n');
        closers.push(match open.ch {
            b'{' => '}',
            b'(' => ')',
            _ => ']',
        });
    }
    Balance {
        closers,
        errors,
        blanks,
    }
}

/// A `}` starting its line, indented deeper than the line that opened the block it would close,
/// while a later `}` sits exactly at the opener's indentation: this one is most likely extra.
fn stray_closer(
    open_indent: Option<usize>,
    line: &Line,
    last_closer_at: &std::collections::HashMap<usize, usize>,
) -> bool {
    let Some(open) = open_indent else {
        return false;
    };
    line.indent > open && last_closer_at.get(&open).is_some_and(|&s| s > line.start)
}

fn skip_string(text: &str, start: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < limit {
        match bytes[i] {
            b'"' => return i + 1,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    limit
}

/// An item of a chunk: a line (with its continuation lines and its block, if it opens one).
#[derive(Clone, Debug)]
pub(crate) struct ItemRange {
    pub start: usize,
    pub end: usize,
    pub depth: usize,
}

/// Lists the items of a chunk, using the (blanked) chunk text.
pub(crate) fn items(chunk_text: &str, offset: usize) -> Vec<ItemRange> {
    let local = scan(chunk_text);
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (offset, depth)
    let mut prev_continues = false;
    for line in &local.lines {
        let Some(code) = line.code else { continue };
        let first = chunk_text.as_bytes()[code];
        let word = first_word(chunk_text, line);
        let continues_here = word
            .as_deref()
            .is_some_and(|w| CONTINUATION_WORDS.contains(&w));
        let starts_item =
            !prev_continues && !continues_here && (is_ident_byte(first) || first == b'"');
        if starts_item {
            starts.push((code, line.depth));
        }
        let last = chunk_text[..line.code_end].trim_end();
        prev_continues = last.ends_with([',', '(', '[', '=', '<', '>', '+', '-', '*', '/', ':'])
            || [
                "and", "or", "not", "in", "then", "where", "contains", "else", "when",
            ]
            .iter()
            .any(|w| {
                last.ends_with(w)
                    && !last[..last.len() - w.len()]
                        .bytes()
                        .last()
                        .is_some_and(is_ident_byte)
            });
    }
    // Where each item's enclosing block closes, and its next sibling (the next item at the same
    // or a smaller depth, found with a stack from the right): both in one pass.
    let closes = closing_points(chunk_text, &starts);
    let mut next_sibling = vec![chunk_text.len(); starts.len()];
    let mut later: Vec<usize> = Vec::new();
    for k in (0..starts.len()).rev() {
        while later.last().is_some_and(|&j| starts[j].1 > starts[k].1) {
            later.pop();
        }
        if let Some(&j) = later.last() {
            next_sibling[k] = line_start_of(chunk_text, starts[j].0);
        }
        later.push(k);
    }
    let mut out = Vec::new();
    for (k, &(start, depth)) in starts.iter().enumerate() {
        let end = closes[k].min(next_sibling[k]);
        out.push(ItemRange {
            start: start + offset,
            end: end + offset,
            depth,
        });
    }
    out
}

fn line_start_of(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

/// The brackets of a text outside its texts and comments: position and byte, in order.
fn brackets(text: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut eol = None;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let at = i;
            match bytes[at] {
                b'"' => i = skip_string(text, at, line_end_cached(text, at, &mut eol)),
                b'#' => i = line_end_cached(text, at, &mut eol),
                b @ (b'{' | b'(' | b'[' | b'}' | b')' | b']') => {
                    i += 1;
                    return Some((at, b));
                }
                _ => i += 1,
            }
        }
        None
    })
}

/// For each item start (in order), the offset where the block enclosing it closes: the first
/// closer after it with as many openers as closers in between (or the end of the text).
fn closing_points(text: &str, starts: &[(usize, usize)]) -> Vec<usize> {
    let mut out = vec![text.len(); starts.len()];
    // Items waiting for their closer, by the bracket balance at their start.
    let mut waiting: std::collections::HashMap<i64, Vec<usize>> = std::collections::HashMap::new();
    let mut balance: i64 = 0;
    let mut next = 0;
    for (i, b) in brackets(text) {
        while next < starts.len() && starts[next].0 <= i {
            waiting.entry(balance).or_default().push(next);
            next += 1;
        }
        if matches!(b, b'{' | b'(' | b'[') {
            balance += 1;
        } else {
            if let Some(items) = waiting.remove(&balance) {
                for k in items {
                    out[k] = i;
                }
            }
            balance -= 1;
        }
    }
    out
}

/// Where the text would nest deeper than `limit` brackets (the parser recurses on them): the
/// opener that goes too deep, and how many blocks (`{` not after `case`/`collect`) enclose it.
pub(crate) fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    // Whether each open bracket is a block.
    let mut stack: Vec<bool> = Vec::new();
    for (i, b) in brackets(text) {
        if !matches!(b, b'{' | b'(' | b'[') {
            stack.pop();
            continue;
        }
        if stack.len() == limit {
            let blocks = stack.iter().take_while(|b| **b).count();
            return Some((i, blocks));
        }
        let before = text[..i].trim_end();
        let word_len = before
            .bytes()
            .rev()
            .take_while(|b| is_ident_byte(*b))
            .count();
        let word = &before[before.len() - word_len..];
        stack.push(b == b'{' && word != "case" && word != "collect");
    }
    None
}

/// Replaces a byte range with spaces, keeping line ends (so offsets and line numbers stay valid).
pub(crate) fn blank(text: &mut String, start: usize, end: usize) {
    let end = end.min(text.len());
    if start >= end {
        return;
    }
    let replaced: String = text[start..end]
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' {
                c.to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    text.replace_range(start..end, &replaced);
}

#[cfg(test)]
mod tests {
    use super::{line_end, line_end_cached};

    #[test]
    fn cached_line_ends_agree_with_line_end_in_any_order() {
        let text = "ab\n\ncdef\ngh";
        let mut eol = None;
        for from in [0, 1, 2, 5, 7, 3, 4, 0, 10, 8, 11, 9, 2] {
            assert_eq!(
                line_end_cached(text, from, &mut eol),
                line_end(text, from),
                "from {from}"
            );
        }
    }
}
