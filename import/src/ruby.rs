//! Primero's Ruby seed files, read as data (issue 15): the literal subset of `ruby.pest`, turned
//! into JSON values. A call gbvims does not read, a name used before it is given a value, or any
//! Ruby outside the subset is E0139 at its line; nothing is ever run.

use std::collections::BTreeMap;

use gbvims_compiler::diagnostics::Code;
use gbvims_compiler::Diagnostic;
use gbvims_dsl::{FileId, Span};
use pest::iterators::Pair;
use pest::Parser as _;
use serde_json::{Map, Value as Json};

#[derive(pest_derive::Parser)]
#[grammar = "ruby.pest"]
struct RubyParser;

/// The kinds of object a seed file creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// `FormSection.create_or_update!`
    FormSection,
    /// `Lookup.create_or_update!`
    Lookup,
    /// `Location.create!`
    Location,
}

/// One object a seed file creates: its class, its attributes, and where the call is.
#[derive(Clone, Debug)]
pub struct Created {
    /// What it creates.
    pub class: Class,
    /// Its attributes (a JSON object).
    pub attributes: Json,
    /// The call.
    pub span: Span,
}

/// The statement-level calls gbvims reads.
const CREATING: &[(&str, &str, Class)] = &[
    ("FormSection", "create_or_update!", Class::FormSection),
    ("FormSection", "create!", Class::FormSection),
    ("Lookup", "create_or_update!", Class::Lookup),
    ("Lookup", "create!", Class::Lookup),
    ("Location", "create!", Class::Location),
    ("Location", "create_or_update!", Class::Location),
];

/// The calls that stand for their hash inside a value.
const CONSTRUCTORS: &[(&str, &str)] = &[("Field", "new"), ("Location", "new")];

/// The nesting beyond which a value is refused (a seed file nests four or five levels).
const MAX_DEPTH: usize = 64;

/// Reads one seed file. `Err` holds one E0139 (the first construct outside the subset).
///
/// # Errors
/// E0139 at the construct's line.
pub fn read(file: FileId, text: &str) -> Result<Vec<Created>, Box<Diagnostic>> {
    if let Some(at) = too_deep(text) {
        return Err(outside(
            Span::new(file, at, at + 1),
            "values nested deeper than 64 levels",
        ));
    }
    let parsed = match RubyParser::parse(Rule::file, text) {
        Ok(mut p) => p.next(),
        Err(e) => return Err(syntax_error(file, text, &e)),
    };
    let mut reader = Reader {
        file,
        names: BTreeMap::new(),
        out: Vec::new(),
    };
    for statement in parsed.into_iter().flat_map(Pair::into_inner) {
        match statement.as_rule() {
            Rule::assignment => {
                let mut inner = statement.into_inner();
                let (Some(name), Some(value)) = (inner.next(), inner.next()) else {
                    continue;
                };
                let value = reader.value(value, 0)?;
                reader.names.insert(name.as_str().to_string(), value);
            }
            Rule::call => reader.statement(statement)?,
            _ => {}
        }
    }
    Ok(reader.out)
}

struct Reader {
    file: FileId,
    names: BTreeMap<String, Json>,
    out: Vec<Created>,
}

impl Reader {
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn refuse(&self, pair: &Pair<Rule>, what: &str) -> Box<Diagnostic> {
        outside(self.span(pair), what)
    }

    fn statement(&mut self, call: Pair<Rule>) -> Result<(), Box<Diagnostic>> {
        // The call's name (`FormSection.create_or_update!`): where its object's messages point.
        let span = {
            let start = call.as_span().start();
            let end = call
                .clone()
                .into_inner()
                .nth(1)
                .map_or(call.as_span().end(), |m| m.as_span().end());
            Span::new(self.file, start, end)
        };
        let (class, method, args) = parts(call.clone());
        let Some(&(_, _, kind)) = CREATING
            .iter()
            .find(|(c, m, _)| *c == class && *m == method)
        else {
            return Err(self.refuse(
                &call,
                &format!("the call `{class}.{method}`, which is not one of the calls gbvims reads"),
            ));
        };
        let attributes = match args {
            Some(args) => self.args(args)?,
            None => Json::Object(Map::new()),
        };
        if !attributes.is_object() {
            return Err(self.refuse(
                &call,
                &format!("`{class}.{method}` with something other than a hash of attributes"),
            ));
        }
        self.out.push(Created {
            class: kind,
            attributes,
            span,
        });
        Ok(())
    }

    /// A call's arguments: one hash, keyword pairs, or a value.
    fn args(&self, args: Pair<Rule>) -> Result<Json, Box<Diagnostic>> {
        let Some(first) = args.into_inner().next() else {
            return Ok(Json::Object(Map::new()));
        };
        match first.as_rule() {
            Rule::pairs => self.pairs(first.into_inner(), 1),
            _ => self.value(first, 1),
        }
    }

    fn pairs<'i>(
        &self,
        pairs: impl Iterator<Item = Pair<'i, Rule>>,
        depth: usize,
    ) -> Result<Json, Box<Diagnostic>> {
        let mut map = Map::new();
        for pair in pairs {
            let mut inner = pair.into_inner();
            let (Some(key), Some(value)) = (inner.next(), inner.next()) else {
                continue;
            };
            let key = match key.as_rule() {
                Rule::label => key
                    .into_inner()
                    .next()
                    .map(|k| key_text(&k))
                    .unwrap_or_default(),
                _ => match self.value(key, depth + 1)? {
                    Json::String(s) => s,
                    other => other.to_string(),
                },
            };
            let value = self.value(value, depth + 1)?;
            map.insert(key, value);
        }
        Ok(Json::Object(map))
    }

    fn value(&self, pair: Pair<Rule>, depth: usize) -> Result<Json, Box<Diagnostic>> {
        if depth > MAX_DEPTH {
            return Err(self.refuse(&pair, "values nested deeper than 64 levels"));
        }
        Ok(match pair.as_rule() {
            Rule::hash => self.pairs(pair.into_inner(), depth)?,
            Rule::array => Json::Array(
                pair.into_inner()
                    .map(|v| self.value(v, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Rule::string | Rule::dq_string | Rule::sq_string => Json::String(string(pair)),
            Rule::symbol => Json::String(
                pair.into_inner()
                    .next()
                    .map(|s| match s.as_rule() {
                        Rule::sym_name => s.as_str().to_string(),
                        _ => string(s),
                    })
                    .unwrap_or_default(),
            ),
            Rule::integer => {
                let digits = pair.as_str().replace('_', "");
                match digits.parse::<i64>() {
                    Ok(n) => Json::from(n),
                    Err(_) => return Err(self.refuse(&pair, "an integer too large to read")),
                }
            }
            Rule::true_lit => Json::Bool(true),
            Rule::false_lit => Json::Bool(false),
            Rule::nil_lit => Json::Null,
            Rule::local => match self.names.get(pair.as_str()) {
                Some(v) => v.clone(),
                None => {
                    return Err(self.refuse(
                        &pair,
                        &format!(
                            "the name `{}`, which is not given a literal value earlier in the file",
                            pair.as_str()
                        ),
                    ))
                }
            },
            Rule::call => {
                let (class, method, args) = parts(pair.clone());
                if !CONSTRUCTORS.contains(&(class.as_str(), method.as_str())) {
                    return Err(self.refuse(
                        &pair,
                        &format!("the call `{class}.{method}` inside a value"),
                    ));
                }
                match args {
                    Some(a) => self.args(a)?,
                    None => Json::Object(Map::new()),
                }
            }
            _ => return Err(self.refuse(&pair, "a value of a kind gbvims does not read")),
        })
    }
}

/// Where brackets first nest deeper than [`MAX_DEPTH`] (counting brackets inside strings too: a
/// seed file never comes close), so the parser's recursion stays bounded.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' | b'(' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A call's class, method and arguments.
fn parts(call: Pair<Rule>) -> (String, String, Option<Pair<Rule>>) {
    let mut inner = call.into_inner();
    let class = inner
        .next()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let method = inner
        .next()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    (class, method, inner.next())
}

fn key_text(key: &Pair<Rule>) -> String {
    match key.as_rule() {
        Rule::dq_string | Rule::sq_string => string(key.clone()),
        _ => key.as_str().to_string(),
    }
}

/// The text of a string literal, escapes resolved.
fn string(pair: Pair<Rule>) -> String {
    let pair = match pair.as_rule() {
        Rule::string => match pair.into_inner().next() {
            Some(p) => p,
            None => return String::new(),
        },
        _ => pair,
    };
    let double = pair.as_rule() == Rule::dq_string;
    let raw = pair.into_inner().next().map_or("", |p| p.as_str());
    if double {
        unescape_double(raw)
    } else {
        raw.replace("\\\\", "\u{0}")
            .replace("\\'", "'")
            .replace('\u{0}', "\\")
    }
}

fn unescape_double(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('s') => out.push(' '),
            Some('e') => out.push('\u{1b}'),
            Some('u') => {
                let mut hex = String::new();
                if chars.peek() == Some(&'{') {
                    chars.next();
                    for h in chars.by_ref() {
                        if h == '}' {
                            break;
                        }
                        hex.push(h);
                    }
                } else {
                    for _ in 0..4 {
                        if let Some(h) = chars.next() {
                            hex.push(h);
                        }
                    }
                }
                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// E0139 for a construct outside the subset.
fn outside(span: Span, what: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::new(
        Code::E0139,
        span,
        format!("this seed file holds {what}: gbvims reads Primero's seed files as data and never runs them"),
    )
    .label("outside the literal Ruby gbvims reads")
    .help("keep only `FormSection.create_or_update!({ … })`, `Lookup.create_or_update!({ … })` and `Location.create!(…)` calls whose arguments are hashes, arrays, strings, symbols, integers, true, false and nil (export the configuration again from Primero, or use its JSON bundle)"))
}

/// E0139 at the place the literal syntax stops, naming the line's text.
fn syntax_error(file: FileId, text: &str, e: &pest::error::Error<Rule>) -> Box<Diagnostic> {
    let at = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let end = if at < line_end { line_end } else { at };
    let snippet: String = text[at..end].trim().chars().take(40).collect();
    let what = if text[at..].starts_with("#{") || text[line_start..line_end].contains("#{") {
        "string interpolation (`#{…}`)".to_string()
    } else if snippet.is_empty() {
        "an unfinished call or value".to_string()
    } else {
        format!("Ruby that is not a literal (`{snippet}`)")
    };
    outside(Span::new(file, at, end), &what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Vec<Created> {
        read(FileId(0), text).unwrap_or_else(|d| panic!("{d:?}"))
    }

    fn line_of_error(text: &str) -> usize {
        let d = read(FileId(0), text).expect_err("refused");
        assert_eq!(d.code, Code::E0139);
        text[..d.primary.span.start as usize].matches('\n').count() + 1
    }

    #[test]
    fn reads_every_literal() {
        let out = ok(r#"
# A comment
fields = [
  Field.new({"name" => "a", :type => 'text_field', visible: true, order: -3}),
  { name: "b", "display_name_ar-LB": "x\"y\u00e9\u{1F600}", :n => nil, f: false },
]
FormSection.create_or_update!({
  unique_id: "f", fields_attributes: fields, 'k': 'it\'s \n', sym: :radio_button,
})
Lookup.create_or_update!(unique_id: "lookup-x", lookup_values_en: [])
Location.create!(location_code: "IQ", admin_level: 0)
"#);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].class, Class::FormSection);
        assert_eq!(
            out[0].attributes,
            json!({
                "unique_id": "f",
                "k": "it's \\n",
                "sym": "radio_button",
                "fields_attributes": [
                    {"name": "a", "type": "text_field", "visible": true, "order": -3},
                    {"name": "b", "display_name_ar-LB": "x\"y\u{e9}\u{1F600}", "n": null, "f": false},
                ]
            })
        );
        assert_eq!(out[1].class, Class::Lookup);
        assert_eq!(
            out[1].attributes,
            json!({"unique_id": "lookup-x", "lookup_values_en": []})
        );
        assert_eq!(
            out[2].attributes,
            json!({"location_code": "IQ", "admin_level": 0})
        );
    }

    proptest::proptest! {
        /// Any text (here: made of the subset's own pieces, so that it gets deep into the
        /// grammar) is read or refused with E0139, never a panic, and the error is on a line
        /// of the text.
        #[test]
        fn never_panics(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "Lookup.create_or_update!(", "FormSection.create!", "Field.new(", "x = ", "x",
                "{", "}", "[", "]", "(", ")", ",", ":", "a: ", ":a => ", "\"s\\u{1F600}\"", "'q\\''",
                "\"#{x}\"", "12", "-3", "1.5", "nil", "true", "\n", "# c\n", "é", "\\",
            ]),
            0..40,
        )) {
            let text: String = pieces.concat();
            if let Err(d) = read(FileId(0), &text) {
                proptest::prop_assert_eq!(d.code, Code::E0139);
                proptest::prop_assert!(d.primary.span.start as usize <= text.len());
                proptest::prop_assert!(text.is_char_boundary(d.primary.span.start as usize));
                proptest::prop_assert!(text.is_char_boundary(d.primary.span.end as usize));
            }
        }
    }

    #[test]
    fn refuses_what_is_not_a_literal_at_its_line() {
        assert_eq!(
            line_of_error("Lookup.create_or_update!({a: 1})\nx.each do |l|\nend\n"),
            2
        );
        assert_eq!(
            line_of_error("\n\nLookup.create_or_update!({a: \"#{name}\"})"),
            3
        );
        assert_eq!(line_of_error("Lookup.create_or_update!({a: 1.5})"), 1);
        assert_eq!(line_of_error("Location.destroy_all\n"), 1);
        assert_eq!(line_of_error("\nLookup.create_or_update!({a: b})"), 2);
        assert_eq!(
            line_of_error("Lookup.create_or_update!({a: File.read('x')})"),
            1
        );
        assert_eq!(line_of_error("system('rm -rf /')"), 1);
        assert_eq!(line_of_error("Lookup.create_or_update!({a: [1, 2}"), 1);
        assert_eq!(line_of_error(&"[".repeat(100)), 1);
    }
}
