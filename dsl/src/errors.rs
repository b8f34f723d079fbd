//! Syntax errors as data. The compiler gives each kind a stable code and renders it.

use crate::span::Span;

/// A syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong.
    pub kind: ParseErrorKind,
    /// Where.
    pub span: Span,
}

/// The kinds of syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// Something else stood where the grammar expected one of `expected`.
    Unexpected {
        /// What could have stood here.
        expected: Vec<Expected>,
        /// What stood here.
        found: Found,
        /// The item the error is in (`field age`), if known.
        within: Option<Context>,
    },
    /// A `{`, `(` or `[` that is never closed.
    UnclosedDelimiter {
        /// The opening character.
        delimiter: char,
    },
    /// A `}`, `)` or `]` with nothing to close.
    UnexpectedCloser {
        /// The closing character.
        delimiter: char,
    },
    /// A string without its closing quote on the same line.
    UnterminatedString,
    /// A backslash sequence that is not `\"`, `\\`, `\n`, `\t` or `\u{…}`.
    InvalidEscape {
        /// The sequence as written.
        escape: String,
    },
    /// The value of a known attribute could not be read.
    BadValue {
        /// The attribute key.
        key: String,
        /// What the key takes.
        kind: ValueKind,
        /// What could have stood at the error position.
        expected: Vec<Expected>,
        /// What stood there.
        found: Found,
    },
    /// A whole number too large to store (records hold 32-bit numbers; expressions 64-bit).
    NumberTooLarge {
        /// The number as written.
        number: String,
    },
    /// Brackets or an expression nested deeper than [`MAX_DEPTH`](crate::MAX_DEPTH) levels (a
    /// chain like `a + b + c` counts one level per operator).
    TooDeep {
        /// The most levels allowed.
        limit: usize,
    },
    /// A top-level line that does not start a declaration.
    UnknownDeclaration {
        /// The first word of the line.
        word: String,
    },
}

/// The item a syntax error was found in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// The item's first word (`field`, `lookup`, `label`, …).
    pub keyword: String,
    /// The item's name, when it has one (`age`).
    pub name: Option<String>,
}

/// What the parser found at an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// The end of the file.
    EndOfFile,
    /// The end of the line.
    EndOfLine,
    /// A token, as written.
    Token(String),
}

/// What the grammar could have accepted at an error position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expected {
    /// A name.
    Name,
    /// An option id.
    OptionId,
    /// A quoted text.
    String,
    /// A language code before a text.
    Language,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// A field type.
    FieldType,
    /// An expression.
    Expression,
    /// An operator or the end of the expression.
    Operator,
    /// An attribute, a field or an option.
    Item,
    /// A declaration keyword.
    Declaration,
    /// The end of the line.
    EndOfLine,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// `.`
    Dot,
    /// `{`
    OpenBrace,
    /// `}`
    CloseBrace,
    /// `(`
    OpenParen,
    /// `)`
    CloseParen,
    /// `[`
    OpenBracket,
    /// `]`
    CloseBracket,
    /// The keyword `version`.
    Version,
    /// The keyword `in`.
    In,
    /// The keyword `to` (`add field … to <form>`).
    To,
    /// The keyword `because` and the reason of a `reword` (`reword … { … } because "…"`).
    Because,
    /// The keyword `extends` (`country … extends gbvims "^2.0"`).
    Extends,
    /// The keyword `then`.
    Then,
    /// `when … then …` or `else …`.
    CaseArm,
}

impl Expected {
    /// A short description for messages.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Expected::Name => "a name",
            Expected::OptionId => "an option id",
            Expected::String => "a text in double quotes",
            Expected::Language => "a language code such as `en`",
            Expected::Integer => "a whole number",
            Expected::Boolean => "`true` or `false`",
            Expected::FieldType => "a field type",
            Expected::Expression => "a value or a field name",
            Expected::Operator => "an operator such as `=` or `and`",
            Expected::Item => "an attribute, a field or an option",
            Expected::Declaration => "a declaration",
            Expected::EndOfLine => "the end of the line",
            Expected::Colon => "`:`",
            Expected::Comma => "`,`",
            Expected::Dot => "`.`",
            Expected::OpenBrace => "`{`",
            Expected::CloseBrace => "`}`",
            Expected::OpenParen => "`(`",
            Expected::CloseParen => "`)`",
            Expected::OpenBracket => "`[`",
            Expected::CloseBracket => "`]`",
            Expected::Version => "`version`",
            Expected::In => "`in`",
            Expected::To => "`to <form>`",
            Expected::Because => "`because \"<reason>\"`",
            Expected::Extends => "`extends gbvims \"<versions>\"`",
            Expected::Then => "`then`",
            Expected::CaseArm => "`when … then …` or `else …`",
        }
    }
}

/// The kinds of value an attribute key takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Text per language.
    Texts,
    /// An expression.
    Expr,
    /// A list of names.
    Names,
    /// A whole number.
    Int,
    /// `true` or `false`.
    Bool,
    /// One quoted text (a file name).
    Str,
    /// Admin levels: `county 1, district 2`.
    Levels,
}

impl ValueKind {
    /// An example value, for help lines.
    #[must_use]
    pub fn example(self) -> &'static str {
        match self {
            ValueKind::Texts => "en \"Date of Interview\", fr \"Date de l'entretien\"",
            ValueKind::Expr => "gbv_sexual_violence_type = \"non-gbv\"",
            ValueKind::Names => "caseworker, supervisor",
            ValueKind::Int => "10",
            ValueKind::Bool => "false",
            ValueKind::Str => "\"locations.csv\"",
            ValueKind::Levels => "governorate 1, district 2",
        }
    }
}
