//! The syntax tree of a `.gbv` file. It keeps source order and a span on every node; names are not
//! resolved here (that is the compiler's job).

use crate::span::{Span, Spanned};

/// A name as written (field id, lookup id, language code, …).
pub type Name = Spanned<String>;

/// One parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// Top-level declarations in source order.
    pub decls: Vec<Decl>,
    /// Every comment of the file, in source order (kept for the formatter).
    pub comments: Vec<Comment>,
}

/// A `# …` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Where it is, including the `#`.
    pub span: Span,
    /// The text after `#`, without the line end.
    pub text: String,
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    /// What it declares.
    pub kind: DeclKind,
    /// The whole declaration.
    pub span: Span,
}

/// The kinds of top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum DeclKind {
    /// `standard gbvims version "1.0.0" { … }`
    Standard(StandardDecl),
    /// `lookup lookup-gender extensible { … }`
    Lookup(LookupDecl),
    /// `record incident { … }`
    Record(RecordDecl),
    /// `form gbv_incident_form in incident { … }` or `subform alleged_perpetrator { … }`
    Form(FormDecl),
    /// `role caseworker { … }`
    Role(RoleDecl),
    /// `incident_recorder { … }`: the Incident Recorder's words and columns.
    IncidentRecorder(Vec<Item>),
    /// `country iraq extends gbvims "^2.0" { … }`: a country overlay's header.
    Country(CountryDecl),
    /// `replace lookup lookup-ethnicity { … }`: a country's own list for a localizable lookup.
    ReplaceLookup(OverlayLookupDecl),
    /// `extend lookup lookup-gender { … }`: options a country adds to an extensible lookup.
    ExtendLookup(OverlayLookupDecl),
    /// `translate field form.field { … }`: a country's texts for a standard element (also
    /// `reword field form.field { … } because "…"`).
    Translate(TranslateDecl),
    /// `hide field form.field`: a country does not use an optional field.
    HideField(Name),
    /// `hide form <form-id>`: a country does not use a form of the standard.
    HideForm(Name),
    /// `add field iq_x to form: type { … }`: a country's own field.
    AddField(AddFieldDecl),
    /// `hide option x in lookup-y`: a country does not offer an option of an extensible list.
    HideOption(HideOptionDecl),
    /// `unused lookup lookup-y`: a placeholder list no field the country keeps reads.
    UnusedLookup(Name),
    /// `change field form.field { lookup: …; after: …; first; remove: help }`.
    ChangeField(ChangeFieldDecl),
    /// `change lookup lookup-y { option a; option b }`: the order of a list's options.
    ChangeLookup(OverlayLookupDecl),
    /// `use field form.field in other_form { after: …; label: … }`: a standard field shown on
    /// another form of its record.
    UseField(UseFieldDecl),
}

impl DeclKind {
    /// The keyword that introduces this declaration.
    #[must_use]
    pub fn keyword(&self) -> &'static str {
        match self {
            DeclKind::Standard(_) => "standard",
            DeclKind::Lookup(_) => "lookup",
            DeclKind::Record(_) => "record",
            DeclKind::Form(f) if f.record.is_none() => "subform",
            DeclKind::Form(_) => "form",
            DeclKind::Role(_) => "role",
            DeclKind::IncidentRecorder(_) => "incident_recorder",
            DeclKind::Country(_) => "country",
            DeclKind::ReplaceLookup(_) => "replace lookup",
            DeclKind::ExtendLookup(_) => "extend lookup",
            DeclKind::Translate(t) if t.because.is_some() => "reword",
            DeclKind::Translate(_) => "translate",
            DeclKind::HideField(_) => "hide field",
            DeclKind::HideForm(_) => "hide form",
            DeclKind::AddField(_) => "add field",
            DeclKind::HideOption(_) => "hide option",
            DeclKind::UnusedLookup(_) => "unused lookup",
            DeclKind::ChangeField(_) => "change field",
            DeclKind::ChangeLookup(_) => "change lookup",
            DeclKind::UseField(_) => "use field",
        }
    }

    /// Declarations only a country overlay may contain.
    #[must_use]
    pub fn is_overlay(&self) -> bool {
        matches!(
            self,
            DeclKind::Country(_)
                | DeclKind::ReplaceLookup(_)
                | DeclKind::ExtendLookup(_)
                | DeclKind::Translate(_)
                | DeclKind::HideField(_)
                | DeclKind::HideForm(_)
                | DeclKind::AddField(_)
                | DeclKind::HideOption(_)
                | DeclKind::UnusedLookup(_)
                | DeclKind::ChangeField(_)
                | DeclKind::ChangeLookup(_)
                | DeclKind::UseField(_)
        )
    }
}

/// The standard's header.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardDecl {
    /// The standard's name (`gbvims`).
    pub name: Name,
    /// The semantic version, as written inside the quotes.
    pub version: Spanned<String>,
    /// Attributes (`languages`, `default_language`, `title`).
    pub body: Vec<Item>,
}

/// A country overlay's header.
#[derive(Clone, Debug, PartialEq)]
pub struct CountryDecl {
    /// The country's id (`iraq`).
    pub id: Name,
    /// The standard it extends (`gbvims`).
    pub base: Name,
    /// The standard versions it accepts, as written inside the quotes (`^2.0`).
    pub requirement: Spanned<String>,
    /// Attributes.
    pub body: Vec<Item>,
}

/// `replace lookup …` / `extend lookup …`.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlayLookupDecl {
    /// The standard lookup's id.
    pub id: Name,
    /// Options (and `name`).
    pub body: Vec<Item>,
}

/// What a `translate` declaration translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TranslateKind {
    /// `translate country`: the country's own name.
    Country,
    /// `translate standard`
    Standard,
    /// `translate record <id>`
    Record,
    /// `translate role <id>`
    Role,
    /// `translate lookup <id>`
    Lookup,
    /// `translate form <id>` (or `subform`)
    Form,
    /// `translate field <form>.<field>`
    Field,
    /// `translate incident_recorder`
    IncidentRecorder,
}

impl TranslateKind {
    /// The keyword after `translate`.
    #[must_use]
    pub fn keyword(self) -> &'static str {
        match self {
            TranslateKind::Country => "country",
            TranslateKind::Standard => "standard",
            TranslateKind::Record => "record",
            TranslateKind::Role => "role",
            TranslateKind::Lookup => "lookup",
            TranslateKind::Form => "form",
            TranslateKind::Field => "field",
            TranslateKind::IncidentRecorder => "incident_recorder",
        }
    }
}

/// `translate <kind> <name> { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct TranslateDecl {
    /// What is translated.
    pub kind: Spanned<TranslateKind>,
    /// Its id (`gbv_incident_form.incident_date`), absent for `standard` and `incident_recorder`.
    pub target: Option<Name>,
    /// Texts, options, columns and words.
    pub body: Vec<Item>,
    /// The reason of a `reword … because "…"`: a `translate` in the standard's own language
    /// that changes what a fixed option or a core field means, reported in the build output.
    /// `None` for a plain `translate`.
    pub because: Option<Spanned<String>>,
}

/// `add field <id> to <form>: <type> { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct AddFieldDecl {
    /// The form it is added to.
    pub form: Name,
    /// The field.
    pub field: FieldDecl,
}

/// `hide option <option> in <lookup>`.
#[derive(Clone, Debug, PartialEq)]
pub struct HideOptionDecl {
    /// The option.
    pub option: Name,
    /// The lookup holding it.
    pub lookup: Name,
}

/// `change field <form>.<field> { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeFieldDecl {
    /// The field's path, as in `hide field`.
    pub path: Name,
    /// What changes (`lookup`, `after`, `first`, `remove`).
    pub body: Vec<Item>,
}

/// `use field <form>.<field> in <form> { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct UseFieldDecl {
    /// The standard field's path.
    pub path: Name,
    /// The form that shows it too.
    pub form: Name,
    /// Its place (`after`, `first`) and what the form shows differently (`label`, …).
    pub body: Vec<Item>,
}

/// A lookup (option list).
#[derive(Clone, Debug, PartialEq)]
pub struct LookupDecl {
    /// The lookup id (`lookup-gender`).
    pub id: Name,
    /// `fixed`, `extensible` or `localizable`, as written.
    pub policy: Option<Name>,
    /// Attributes and options.
    pub body: Vec<Item>,
}

/// A record type (`incident`, `case`).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    /// The record type id.
    pub id: Name,
    /// Attributes.
    pub body: Vec<Item>,
}

/// A form section, top-level or nested (subform).
#[derive(Clone, Debug, PartialEq)]
pub struct FormDecl {
    /// The form's unique id.
    pub id: Name,
    /// `in <record>` for top-level forms; `None` for subforms.
    pub record: Option<Name>,
    /// Attributes and fields.
    pub body: Vec<Item>,
}

/// A role.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleDecl {
    /// The role id.
    pub id: Name,
    /// Attributes.
    pub body: Vec<Item>,
}

/// One line (or block) inside a declaration's braces.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What the item is.
    pub kind: ItemKind,
    /// The whole item.
    pub span: Span,
}

/// The kinds of item.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    /// `key: value` or a bare flag.
    Attr(Attr),
    /// `field id: type { … }`
    Field(FieldDecl),
    /// `use id` or `use id { … }`: shows a field declared in another form of the same record,
    /// with this form's own label and display flags when the block gives them.
    Use(UseDecl),
    /// `option id: en "…", fr "…"`
    Option(OptionDecl),
    /// `column key { header: …; value: … }` in the Incident Recorder.
    Column(ColumnDecl),
    /// `word key: en "…", …` in the Incident Recorder.
    Word(WordDecl),
}

/// `use id { … }`: a field shown in another form, with the attributes this form overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct UseDecl {
    /// The field shown.
    pub id: Name,
    /// Overrides (`label`, `mobile`, `visible`); empty for a bare `use id`.
    pub body: Vec<Item>,
}

/// An Incident Recorder column.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnDecl {
    /// The header key (`perpetrator.sex`).
    pub key: Name,
    /// Attributes (`header`, `value`, …).
    pub body: Vec<Item>,
}

/// A fixed word of the Incident Recorder, per language.
#[derive(Clone, Debug, PartialEq)]
pub struct WordDecl {
    /// The word's key (`gender.male`).
    pub key: Name,
    /// Its texts.
    pub texts: Texts,
}

/// An attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    /// The key as written.
    pub key: Name,
    /// The value.
    pub value: AttrValue,
}

/// An attribute's value. The grammar decides the kind by the key (see [`crate::vocab::ATTRIBUTES`]).
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    /// A bare key: `required`.
    Flag,
    /// `mobile: false`
    Bool(Spanned<bool>),
    /// `label: en "…", fr "…"`
    Texts(Texts),
    /// `show_if: …`
    Expr(Expr),
    /// `languages: en, fr`
    Names(Vec<Name>),
    /// `order: 10`
    Int(Spanned<i64>),
    /// `locations: "locations.csv"`
    Str(Spanned<String>),
    /// `ir_location_levels: county 1, district 2`
    Levels(Vec<(Name, Spanned<i64>)>),
    /// A value that could not be read (already reported as a parse error when the key is known).
    Raw(Spanned<String>),
}

/// Text in one or more languages.
#[derive(Clone, Debug, PartialEq)]
pub struct Texts {
    /// The entries in source order.
    pub entries: Vec<Text>,
    /// The whole list.
    pub span: Span,
}

/// One entry of [`Texts`]: `fr "Viol"`, or a bare string in the default language.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// The language code, if written.
    pub lang: Option<Name>,
    /// The text, unescaped.
    pub value: Spanned<String>,
}

/// `field id: type { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    /// The field id (Primero's field name: the record key).
    pub id: Name,
    /// The field's type.
    pub ty: TypeExpr,
    /// Attributes and inline options.
    pub body: Vec<Item>,
}

/// The type after `field id:` — `text`, `select_one lookup-gender`, `calculated integer`, …
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    /// `calculated` was written before the type.
    pub calculated: bool,
    /// The type name.
    pub name: Name,
    /// The argument: a lookup id, a system source or a subform id.
    pub arg: Option<Name>,
    /// The whole type.
    pub span: Span,
}

/// `option id: texts`
#[derive(Clone, Debug, PartialEq)]
pub struct OptionDecl {
    /// The option id, stored verbatim in records.
    pub id: Name,
    /// Its labels.
    pub label: Option<Texts>,
    /// `stored_as "<id>"`: the id records hold for it, when not its id.
    pub stored_as: Option<Spanned<String>>,
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `42`
    Int(i64),
    /// `"rape"`: text, or an option id where an option is expected.
    Str(String),
    /// `true` / `false`
    Bool(bool),
    /// `empty`: no value.
    Empty,
    /// A field name.
    Name(String),
    /// `first(alleged_perpetrator).age_group`
    Member(Box<Expr>, Name),
    /// `count(alleged_perpetrator where primary_perpetrator = "primary")`
    Call {
        /// The function name.
        func: Name,
        /// The arguments.
        args: Vec<Arg>,
    },
    /// `not x`, `-x`
    Unary(UnOp, Box<Expr>),
    /// `a = b`, `a and b`, …
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `x is empty`, `x is not empty`
    IsEmpty {
        /// The tested value.
        expr: Box<Expr>,
        /// `is not empty`.
        negated: bool,
    },
    /// `x in ["a", "b"]`, `x not in [...]`
    In {
        /// The tested value.
        expr: Box<Expr>,
        /// The candidates.
        list: Vec<Expr>,
        /// `not in`.
        negated: bool,
    },
    /// `["a", "b"]` outside `in`.
    List(Vec<Expr>),
    /// `collect { when c then "a" … }`: the values of every arm whose condition holds, in order
    /// (a multi-select value).
    Collect(Vec<(Expr, Expr)>),
    /// `case { when c then v … else v }`
    Case {
        /// `when … then …` arms in order; the first that holds wins.
        arms: Vec<(Expr, Expr)>,
        /// The `else` value.
        otherwise: Option<Box<Expr>>,
    },
}

/// A function argument, with an optional row filter (`where`).
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// The argument.
    pub expr: Expr,
    /// `where …`: evaluated on each subform row.
    pub filter: Option<Expr>,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `not`
    Not,
    /// `-`
    Neg,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `contains`: a multi-select holds an option.
    Contains,
}

impl BinOp {
    /// The operator as written.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Contains => "contains",
        }
    }

    /// Binding strength: higher binds tighter.
    #[must_use]
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::Contains => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div => 6,
        }
    }
}
