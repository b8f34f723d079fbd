//! The parser driver: pre-scan, split into declarations, parse each with pest, recover from errors
//! by dropping the innermost broken item, and build the AST.

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser as _;

use crate::ast::{Comment, File};
use crate::build::Builder;
use crate::errors::{Context, Expected, Found, ParseError, ParseErrorKind};
use crate::scan::{self, ItemRange};
use crate::span::{FileId, Span};

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
pub(crate) struct GbvParser;

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
    let scanned = scan::scan(text);
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
    for &(s, e) in &scanned.blanks {
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
        let balance = scan::balance(text, &scanned, &chunk);
        for (kind, s, e) in balance.errors {
            push(kind, s, e);
        }
        let closers = balance.closers;
        let mut chunk_text = work[..chunk.end].to_string();
        for (s, e) in balance.blanks {
            scan::blank(&mut chunk_text, s, e);
        }
        // Keep absolute offsets: everything before the chunk is blanked.
        scan::blank(&mut chunk_text, 0, chunk.start);
        chunk_text.push_str(&closers);
        if let Some(decl) = parse_chunk(file, text, chunk_text, chunk.start, &mut push) {
            decls.push(decl);
        }
    }
    // After a lexical error (broken text), the rest of its line is noise: keep only that error.
    let lexical_lines: Vec<usize> = scanned
        .errors
        .iter()
        .map(|(_, s, _)| text[..*s].matches('\n').count())
        .collect();
    let n_lexical = scanned.errors.len();
    let mut kept: Vec<ParseError> = errors[..n_lexical].to_vec();
    kept.extend(
        errors[n_lexical..]
            .iter()
            .filter(|e| {
                let line = text[..(e.span.start as usize).min(text.len())]
                    .matches('\n')
                    .count();
                !lexical_lines.contains(&line)
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

/// Parses one declaration, dropping broken items until it parses or nothing is left.
fn parse_chunk(
    file: FileId,
    source: &str,
    mut chunk_text: String,
    chunk_start: usize,
    push: &mut impl FnMut(ParseErrorKind, usize, usize),
) -> Option<crate::ast::Decl> {
    for _ in 0..MAX_RECOVERIES {
        if chunk_text[chunk_start..].trim().is_empty() {
            return None;
        }
        match GbvParser::parse(Rule::decl_file, &chunk_text) {
            Ok(mut pairs) => {
                let mut builder = Builder::new(file, source);
                let decl = builder.decl_file(pairs.next()?);
                for e in builder.errors {
                    push(e.kind, e.span.start as usize, e.span.end as usize);
                }
                return decl;
            }
            Err(err) => {
                let pos = match err.location {
                    InputLocation::Pos(p) => p,
                    InputLocation::Span((s, _)) => s,
                };
                let pos = pos.max(chunk_start);
                let expected = match &err.variant {
                    ErrorVariant::ParsingError { positives, .. } => expected_from(positives),
                    ErrorVariant::CustomError { .. } => Vec::new(),
                };
                let items = scan::items(&chunk_text[chunk_start..], chunk_start);
                let innermost = innermost_item(&items, pos);
                let within = innermost.map(|it| context_of(&chunk_text, it));
                let (found, end) = found_at(&chunk_text, pos);
                let end = end.min(source.len()).max(pos.min(source.len()));
                push(
                    ParseErrorKind::Unexpected {
                        expected,
                        found,
                        within,
                    },
                    pos.min(source.len()),
                    end,
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

/// The token at an error position and where it ends.
pub(crate) fn found_at(text: &str, pos: usize) -> (Found, usize) {
    if pos >= text.len() || text[pos..].trim().is_empty() {
        return (Found::EndOfFile, pos);
    }
    let rest = &text[pos..];
    if rest.starts_with('\n') || rest.starts_with("\r\n") {
        return (Found::EndOfLine, pos);
    }
    let token = found_token(text, pos);
    let end = pos + token.len();
    (Found::Token(token), end)
}

fn found_token(text: &str, pos: usize) -> String {
    let rest = &text[pos..];
    let ident: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if !ident.is_empty() {
        return ident;
    }
    if let Some(inner) = rest.strip_prefix('"') {
        let close = inner.find(['"', '\n']).map_or(rest.len(), |n| n + 2);
        return rest[..close.min(rest.len())].to_string();
    }
    rest.chars().next().map(String::from).unwrap_or_default()
}

fn expected_from(rules: &[Rule]) -> Vec<Expected> {
    let mut out: Vec<Expected> = rules.iter().filter_map(|r| expected_rule(*r)).collect();
    out.sort();
    out.dedup();
    out
}

fn expected_rule(rule: Rule) -> Option<Expected> {
    use Expected as E;
    Some(match rule {
        Rule::ident | Rule::name | Rule::policy | Rule::type_arg => E::Name,
        Rule::option_id => E::OptionId,
        Rule::string | Rule::string_inner => E::String,
        Rule::lang | Rule::text | Rule::texts => E::Language,
        Rule::integer => E::Integer,
        Rule::boolean => E::Boolean,
        Rule::field_type | Rule::calculated => E::FieldType,
        Rule::expr
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::cmp_expr
        | Rule::add_expr
        | Rule::mul_expr
        | Rule::unary
        | Rule::postfix
        | Rule::literal
        | Rule::call
        | Rule::paren
        | Rule::list
        | Rule::case_expr
        | Rule::collect_expr
        | Rule::not_op
        | Rule::neg_op
        | Rule::empty_lit => E::Expression,
        Rule::cmp_tail
        | Rule::cmp_op
        | Rule::add_op
        | Rule::mul_op
        | Rule::in_op
        | Rule::not_in
        | Rule::contains_op
        | Rule::kw_and
        | Rule::kw_or
        | Rule::kw_is => E::Operator,
        Rule::field_decl
        | Rule::use_decl
        | Rule::option_decl
        | Rule::column_decl
        | Rule::word_decl
        | Rule::attr
        | Rule::texts_attr
        | Rule::expr_attr
        | Rule::names_attr
        | Rule::int_attr
        | Rule::flag_attr
        | Rule::string_attr
        | Rule::levels_attr
        | Rule::raw_attr => E::Item,
        Rule::standard_decl
        | Rule::lookup_decl
        | Rule::record_decl
        | Rule::form_decl
        | Rule::subform_decl
        | Rule::role_decl
        | Rule::ir_decl
        | Rule::country_decl
        | Rule::replace_decl
        | Rule::extend_decl
        | Rule::translate_decl
        | Rule::hide_decl
        | Rule::add_decl => E::Declaration,
        Rule::EOI => E::EndOfLine,
        Rule::colon => E::Colon,
        Rule::comma => E::Comma,
        Rule::dot => E::Dot,
        Rule::lbrace | Rule::block => E::OpenBrace,
        Rule::rbrace => E::CloseBrace,
        Rule::lparen => E::OpenParen,
        Rule::rparen => E::CloseParen,
        Rule::lbrack => E::OpenBracket,
        Rule::rbrack => E::CloseBracket,
        Rule::kw_version => E::Version,
        Rule::kw_in => E::In,
        Rule::kw_to => E::To,
        Rule::kw_extends => E::Extends,
        Rule::kw_then => E::Then,
        Rule::when_arm | Rule::else_arm | Rule::kw_when | Rule::kw_else => E::CaseArm,
        _ => return None,
    })
}

/// Re-reads an attribute value with the rule its key expects, to locate the error precisely.
pub(crate) fn reparse_error(rule: Rule, text: &str) -> Option<(usize, Vec<Expected>, Found)> {
    match GbvParser::parse(rule, text) {
        Ok(_) => None,
        Err(err) => {
            let pos = match err.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((s, _)) => s,
            };
            let expected = match &err.variant {
                ErrorVariant::ParsingError { positives, .. } => expected_from(positives),
                ErrorVariant::CustomError { .. } => Vec::new(),
            };
            let (found, _) = found_at(text, pos);
            Some((pos, expected, found))
        }
    }
}
