//! The pest parser generated from `grammar.pest`, and the helpers that read its errors. Both the
//! parser driver (`parse.rs`) and the AST builder (`build.rs`) use it; it uses neither.

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser as _;

use crate::errors::{Expected, Found};

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
pub(crate) struct GbvParser;

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

pub(crate) fn found_token(text: &str, pos: usize) -> String {
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

pub(crate) fn expected_from(rules: &[Rule]) -> Vec<Expected> {
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
        | Rule::reword_decl
        | Rule::hide_decl
        | Rule::hide_form_decl
        | Rule::add_decl
        | Rule::hide_option_decl
        | Rule::unused_decl
        | Rule::change_field_decl
        | Rule::change_lookup_decl
        | Rule::use_field_decl => E::Declaration,
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
        Rule::kw_because => E::Because,
        Rule::kw_extends => E::Extends,
        Rule::kw_then => E::Then,
        Rule::when_arm | Rule::else_arm | Rule::kw_when | Rule::kw_else => E::CaseArm,
        _ => return None,
    })
}

/// Where pest places an error: its position, or the start of its span.
pub(crate) fn error_position(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// Re-reads an attribute value with the rule its key expects, to locate the error precisely.
pub(crate) fn reparse_error(rule: Rule, text: &str) -> Option<(usize, Vec<Expected>, Found)> {
    match GbvParser::parse(rule, text) {
        Ok(_) => None,
        Err(err) => {
            let pos = error_position(&err);
            let expected = match &err.variant {
                ErrorVariant::ParsingError { positives, .. } => expected_from(positives),
                ErrorVariant::CustomError { .. } => Vec::new(),
            };
            let (found, _) = found_at(text, pos);
            Some((pos, expected, found))
        }
    }
}
