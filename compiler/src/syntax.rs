//! Syntax errors from the parser, as diagnostics with codes and plain-language messages.

use gbvims_dsl::errors::{Context, Expected, Found, ParseError, ParseErrorKind};

use crate::checks::invalid_attribute_value::InvalidAttributeValue;
use crate::checks::invalid_literal::InvalidLiteral;
use crate::diagnostics::{did_you_mean, Code, Diagnostic};

use gbvims_dsl::DECL_KEYWORDS as DECLARATIONS;

fn found_text(found: &Found) -> String {
    match found {
        Found::EndOfFile => "the end of the file".into(),
        Found::EndOfLine => "the end of the line".into(),
        Found::Token(t) => format!("`{t}`"),
    }
}

fn expected_text(expected: &[Expected]) -> String {
    let words: Vec<&str> = expected.iter().map(|e| e.describe()).collect();
    match words.as_slice() {
        [] => "something else".into(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn context_text(c: &Context) -> String {
    match &c.name {
        Some(n) => format!(" in {} `{n}`", c.keyword),
        None if c.keyword == "add" => " in this `add field`".to_string(),
        None if matches!(c.keyword.as_str(), "hide" | "change" | "use") => {
            format!(" in this `{}` declaration", c.keyword)
        }
        None if c.keyword == "unused" => " in this `unused lookup`".to_string(),
        None if matches!(c.keyword.as_str(), "replace" | "extend") => {
            format!(" in this `{} lookup`", c.keyword)
        }
        None if DECLARATIONS.contains(&c.keyword.as_str())
            || c.keyword == "field"
            || c.keyword == "option" =>
        {
            format!(" in this {}", c.keyword)
        }
        None if !c.keyword.is_empty() => format!(" in `{}`", c.keyword),
        None => String::new(),
    }
}

/// How an item of this kind is written, for help lines.
fn example_for(keyword: &str) -> &'static str {
    match keyword {
        "field" => "a field is written `field <id>: <type> { … }`, for example `field age: integer`",
        "option" => "an option is written `option <id>: en \"Label\", fr \"Libellé\"`",
        "lookup" => "a lookup is written `lookup <id> <policy> { … }`, for example `lookup lookup-gender extensible {`",
        "form" => "a form is written `form <id> in <record> { … }`, for example `form gbv_incident_form in incident {`",
        "subform" => "a subform is written `subform <id> { … }`",
        "record" => "a record is written `record <id> { … }`",
        "role" => "a role is written `role <id> { … }`",
        "standard" => "the header is written `standard <name> version \"1.0.0\" { … }`",
        "use" => "`use` is written `use <field id>` inside a form, or `use field <form>.<field> in <form> { after: <field> }` in a country's files",
        "country" => "the country header is written `country <name> extends gbvims \"^2.0\" { … }`",
        "replace" => "a replacement is written `replace lookup <lookup id> { option …: … }`",
        "extend" => "an extension is written `extend lookup <lookup id> { option <prefix>_…: … }`",
        "translate" => "a translation is written `translate <standard|record|role|lookup|form|field|incident_recorder> <id> { label: <lang> \"…\" }`",
        "reword" => "a reword is written `reword <lookup|field> <id> { option <id>: en \"…\" } because \"<why the meaning changes>\"`",
        "hide" => "hiding is written `hide field <form>.<field>` or `hide option <option> in <lookup>`",
        "unused" => "a placeholder list no kept field reads is written `unused lookup <lookup id>`",
        "change" => "a change is written `change field <form>.<field> { lookup: <lookup>; after: <field>; remove: help }` or `change lookup <lookup id> { option <id>; option <id> }`",
        "add" => "a country field is written `add field <prefix>_<id> to <form>: <type> { … }`",
        _ => "an attribute is written `name: value`, or just `name` for a yes/no flag",
    }
}

/// Converts a parse error.
#[must_use]
pub fn diagnostic(e: &ParseError) -> Diagnostic {
    match &e.kind {
        ParseErrorKind::Unexpected { expected, found, within } => {
            let ctx = within.as_ref().map(context_text).unwrap_or_default();
            let kw = within.as_ref().map_or("", |c| c.keyword.as_str());
            Diagnostic::new(
                Code::E0001,
                e.span,
                format!("expected {} here{ctx}, but found {}", expected_text(expected), found_text(found)),
            )
            .label(format!("expected {}", expected_text(expected)))
            .help(example_for(kw))
        }
        ParseErrorKind::UnclosedDelimiter { delimiter } => {
            let close = match delimiter {
                '{' => '}',
                '(' => ')',
                _ => ']',
            };
            Diagnostic::new(Code::E0002, e.span, format!("this `{delimiter}` is never closed"))
                .label("opened here")
                .help(format!("add the matching `{close}` where the block ends; lines up to the next line at this indentation were skipped"))
        }
        ParseErrorKind::UnexpectedCloser { delimiter } => Diagnostic::new(
            Code::E0003,
            e.span,
            format!("this `{delimiter}` does not close anything"),
        )
        .label("nothing to close")
        .help("delete it, or add the opening bracket it belongs to"),
        ParseErrorKind::UnterminatedString => Diagnostic::new(Code::E0004, e.span, "this text has no closing `\"`")
            .label("text starts here")
            .help("end the text with `\"` on the same line; write `\\\"` for a quote inside a text"),
        ParseErrorKind::InvalidEscape { escape } => Diagnostic::new(
            Code::E0005,
            e.span,
            format!("`{escape}` is not a valid escape inside a text"),
        )
        .label("unknown escape")
        .help("use `\\\"` for a quote, `\\\\` for a backslash, `\\n` for a new line, or `\\u{…}` for a character code"),
        ParseErrorKind::NumberTooLarge { number } => InvalidLiteral::NumberOutOfRange {
            number,
            span: e.span,
            too_small: false,
        }
        .diagnostic(),
        ParseErrorKind::TooDeep { limit } => Diagnostic::new(
            Code::E0093,
            e.span,
            format!("this is nested more than {limit} levels deep"),
        )
        .label("too deep")
        .help("each bracket, `case`, `not` and each operator of a chain like `a or b or c` adds a level: split the expression into calculated fields, or write a long `or` of values as `x in [\"a\", \"b\"]`"),
        ParseErrorKind::UnknownDeclaration { word } => {
            let help = match did_you_mean(word, DECLARATIONS.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("a declaration starts with one of: {}; lines inside a declaration must be indented", DECLARATIONS.join(", ")),
            };
            Diagnostic::new(Code::E0006, e.span, format!("`{word}` does not start a declaration"))
                .label("unknown declaration")
                .help(help)
        }
        ParseErrorKind::BadValue { key, kind, expected, found } => InvalidAttributeValue::Unreadable {
            key,
            kind: *kind,
            expected: expected_text(expected),
            found: found_text(found),
            span: e.span,
        }
        .diagnostic(),
    }
}
