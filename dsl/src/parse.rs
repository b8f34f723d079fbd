//! The parser driver: pre-scan, split into declarations, parse each with pest, recover from errors
//! by dropping the innermost broken item, and build the AST.

use pest::error::ErrorVariant;
use pest::Parser as _;

use crate::ast::{Comment, File};
use crate::build::Builder;
use crate::errors::{Context, ParseError, ParseErrorKind};
use crate::grammar::{expected_from, found_at, found_token, GbvParser, Rule};
use crate::scan::{self, ItemRange};
use crate::span::{FileId, Span};
use crate::MAX_DEPTH;

/// The result of parsing one file: as much AST as could be read, and every syntax error.
#[derive(Clone, Debug)]
pub struct Parse {
    /// The syntax tree (declarations with errors are left out or cut).
    pub file: File,
    /// Syntax errors, in source order.
    pub errors: Vec<ParseError>,
}

/// How many broken items one declaration may drop before the parser gives up on it.
const MAX_RECOVERIES: usize = 64;

/// Parses a `.gbv` file. Never panics; never stops at the first error.
#[must_use]
pub fn parse(file: FileId, text: &str) -> Parse {
    let mut scanned = scan::scan(text);
    let mut errors: Vec<ParseError> = Vec::new();
    let mut push = |kind, start, end| {
        errors.push(ParseError {
            kind,
            span: Span::new(file, start, end),
        })
    };
    for (kind, s, e) in &scanned.errors {
        push(kind.clone(), *s, *e);
    }
    let mut work = text.to_string();
    for (s, e) in merged(std::mem::take(&mut scanned.blanks)) {
        scan::blank(&mut work, s, e);
    }
    let comments = scanned
        .comments
        .iter()
        .map(|&(s, e)| Comment {
            span: Span::new(file, s, e),
            text: text[s + 1..e].to_string(),
        })
        .collect();
    let mut decls = Vec::new();
    // The text with too deeply nested items blanked, once there is one.
    let mut deep_text: Option<String> = None;
    for chunk in scan::chunks(text, &scanned) {
        let word = scan::first_word(text, &scanned.lines[chunk.first_line]);
        if !word
            .as_deref()
            .is_some_and(|w| scan::DECL_KEYWORDS.contains(&w))
        {
            let at = scanned.lines[chunk.first_line].code.unwrap_or(chunk.start);
            let token = word.unwrap_or_else(|| found_token(text, at));
            let end = at + token.len().max(1);
            push(
                ParseErrorKind::UnknownDeclaration { word: token },
                at,
                end.min(text.len()),
            );
            continue;
        }
        // pest recurses on brackets: nesting beyond the limit is refused before anything else
        // looks at the brackets, and the item holding it is dropped.
        if !drop_too_deep(text, &mut work, &mut deep_text, &chunk, &mut push) {
            continue;
        }
        let balance = scan::balance(deep_text.as_deref().unwrap_or(text), &scanned, &chunk);
        for (kind, s, e) in balance.errors {
            push(kind, s, e);
        }
        // The declaration alone, with positions relative to its start: spans add `chunk.start`
        // back, so they stay offsets into the whole file.
        let mut chunk_text = work[chunk.start..chunk.end].to_string();
        for (s, e) in merged(balance.blanks) {
            scan::blank(&mut chunk_text, s - chunk.start, e - chunk.start);
        }
        chunk_text.push_str(&balance.closers);
        if let Some(decl) = parse_chunk(file, text, chunk_text, chunk.start, &mut push) {
            decls.push(decl);
        }
    }
    // After a lexical error (broken text), the rest of its line is noise: keep only that error.
    let line_of = |offset: usize| {
        scanned
            .lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1)
    };
    let mut lexical_lines: Vec<usize> =
        scanned.errors.iter().map(|(_, s, _)| line_of(*s)).collect();
    lexical_lines.sort_unstable();
    let n_lexical = scanned.errors.len();
    let mut kept: Vec<ParseError> = errors[..n_lexical].to_vec();
    kept.extend(
        errors[n_lexical..]
            .iter()
            .filter(|e| {
                let line = line_of((e.span.start as usize).min(text.len()));
                lexical_lines.binary_search(&line).is_err()
            })
            .cloned(),
    );
    let mut errors = kept;
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    errors.dedup();
    Parse {
        file: File { decls, comments },
        errors,
    }
}

/// Refuses brackets nested deeper than [`MAX_DEPTH`] in a chunk: reports the first opener that
/// goes too deep and blanks, in `work` and in a copy of the text, the item directly inside the
/// innermost block that holds it (a `show_if: …` line), until the chunk is shallow enough.
/// Returns `false` when the chunk itself must be dropped.
fn drop_too_deep(
    text: &str,
    work: &mut String,
    deep_text: &mut Option<String>,
    chunk: &scan::Chunk,
    push: &mut impl FnMut(ParseErrorKind, usize, usize),
) -> bool {
    let mut reported = false;
    for _ in 0..MAX_RECOVERIES {
        let slice = &work[chunk.start..chunk.end];
        let Some((pos, blocks)) = scan::too_deep(slice, MAX_DEPTH) else {
            return true;
        };
        if !reported {
            let at = chunk.start + pos;
            push(ParseErrorKind::TooDeep { limit: MAX_DEPTH }, at, at + 1);
            reported = true;
        }
        let items = scan::items(slice, chunk.start);
        let at = chunk.start + pos;
        let item = items
            .iter()
            .filter(|it| it.start <= at && at <= it.end && it.depth > 0)
            .filter(|it| it.depth <= blocks.max(1))
            .max_by_key(|it| (it.depth, it.start))
            .or_else(|| innermost_item(&items, at));
        match item {
            Some(it) if it.depth > 0 && !is_blank(&work[it.start..it.end]) => {
                let (s, e) = (it.start, it.end);
                scan::blank(work, s, e);
                scan::blank(deep_text.get_or_insert_with(|| text.to_string()), s, e);
            }
            _ => return false,
        }
    }
    false
}

/// Sorted ranges with overlaps merged, so that blanking them costs one pass.
fn merged(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Parses one declaration, dropping broken items until it parses or nothing is left.
/// `chunk_text` is the declaration alone; `offset` is where it starts in the file.
fn parse_chunk(
    file: FileId,
    source: &str,
    mut chunk_text: String,
    offset: usize,
    push: &mut impl FnMut(ParseErrorKind, usize, usize),
) -> Option<crate::ast::Decl> {
    let clamp = |pos: usize| (pos + offset).min(source.len());
    for _ in 0..MAX_RECOVERIES {
        if chunk_text.trim().is_empty() {
            return None;
        }
        match GbvParser::parse(Rule::decl_file, &chunk_text) {
            Ok(mut pairs) => {
                let mut builder = Builder::new(file, source, offset);
                let decl = builder.decl_file(pairs.next()?);
                for e in builder.errors {
                    push(e.kind, e.span.start as usize, e.span.end as usize);
                }
                return decl;
            }
            Err(err) => {
                let pos = crate::grammar::error_position(&err);
                let expected = match &err.variant {
                    ErrorVariant::ParsingError { positives, .. } => expected_from(positives),
                    ErrorVariant::CustomError { message } => {
                        // pest's own guard, should the stack run short anyway.
                        if message.contains("stack limit") {
                            push(
                                ParseErrorKind::TooDeep { limit: MAX_DEPTH },
                                clamp(pos),
                                clamp(pos + 1),
                            );
                            return None;
                        }
                        Vec::new()
                    }
                };
                let items = scan::items(&chunk_text, 0);
                let innermost = innermost_item(&items, pos);
                let within = innermost.map(|it| context_of(&chunk_text, it));
                let (found, end) = found_at(&chunk_text, pos);
                push(
                    ParseErrorKind::Unexpected {
                        expected,
                        found,
                        within,
                    },
                    clamp(pos),
                    clamp(end).max(clamp(pos)),
                );
                match innermost {
                    Some(it) if it.depth > 0 && !is_blank(&chunk_text[it.start..it.end]) => {
                        scan::blank(&mut chunk_text, it.start, it.end);
                    }
                    _ => return None,
                }
            }
        }
    }
    None
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn innermost_item(items: &[ItemRange], pos: usize) -> Option<&ItemRange> {
    items
        .iter()
        .filter(|it| it.start <= pos && pos <= it.end)
        .max_by_key(|it| (it.depth, it.start))
}

fn context_of(text: &str, item: &ItemRange) -> Context {
    let body = text[item.start..item.end].trim_start();
    let word_len = |s: &str| {
        s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(s.len())
    };
    let keyword = body[..word_len(body)].to_string();
    let named = [
        "field", "option", "lookup", "form", "subform", "role", "record", "use", "standard",
    ];
    let rest = body[keyword.len()..].trim_start_matches([' ', '\t']);
    let name = (named.contains(&keyword.as_str()) && word_len(rest) > 0)
        .then(|| rest[..word_len(rest)].to_string());
    Context { keyword, name }
}
