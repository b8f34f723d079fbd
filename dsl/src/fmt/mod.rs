//! `gbvims fmt`: prints an AST in the canonical layout, keeping every comment.
//!
//! Layout: two-space indentation, one item per line, one blank line between declarations, blank
//! lines inside blocks kept (at most one), blocks always open on the header line. Comments are
//! placed by position: a comment before an item stays above it, a comment after an item on the same
//! line stays at the end of that line. Formatting is idempotent.

mod expr;

use crate::ast::{AttrValue, Decl, DeclKind, File, Item, ItemKind, Texts, TypeExpr};
use crate::build::escape;
use crate::span::Span;

/// Lines longer than this are broken where the syntax allows (after `,`, `and`, `or`).
pub const MAX_WIDTH: usize = 100;

/// Formats a parsed file. `source` must be the text `file` was parsed from.
#[must_use]
pub fn format(file: &File, source: &str) -> String {
    let mut p = Printer {
        out: String::new(),
        source,
        comments: file
            .comments
            .iter()
            .map(|c| (c.span, c.text.trim_end().to_string()))
            .collect(),
        next: 0,
    };
    for (n, decl) in file.decls.iter().enumerate() {
        // Declarations are separated by a blank line, except consecutive one-line ones
        // (`hide field …`), which stay together unless the source separated them.
        let one_line = |d: &Decl| {
            matches!(
                d.kind,
                DeclKind::HideField(_)
                    | DeclKind::HideForm(_)
                    | DeclKind::HideOption(_)
                    | DeclKind::UnusedLookup(_)
            )
        };
        let together = n > 0 && one_line(decl) && one_line(&file.decls[n - 1]);
        if n > 0 && !together && !p.out.ends_with("\n\n") {
            p.out.push('\n');
        }
        p.comments_before(decl.span.start, 0, true);
        p.blank_line(decl.span.start, true);
        p.decl(decl);
        p.trailing(decl.span.end);
    }
    p.comments_before(u32::MAX, 0, true);
    let trimmed = p.out.trim_end_matches('\n').trim_start_matches('\n');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

struct Printer<'s> {
    out: String,
    source: &'s str,
    comments: Vec<(Span, String)>,
    next: usize,
}

impl Printer<'_> {
    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    /// Was the source line just above the line holding `pos` blank?
    fn blank_above(&self, pos: u32) -> bool {
        let pos = (pos as usize).min(self.source.len());
        let line_start = self.source[..pos].rfind('\n').map_or(0, |n| n + 1);
        if line_start == 0 {
            return false;
        }
        let prev_start = self.source[..line_start - 1]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        self.source[prev_start..line_start - 1].trim().is_empty()
    }

    fn at_block_start(&self) -> bool {
        self.out.is_empty() || self.out.trim_end_matches('\n').ends_with('{')
    }

    /// Blank line before an element, if the source had one and we are not at a block start.
    fn blank_line(&mut self, pos: u32, allowed: bool) {
        if allowed && !self.at_block_start() && self.blank_above(pos) && !self.out.ends_with("\n\n")
        {
            self.out.push('\n');
        }
    }

    /// Prints the comments that start before `pos`, each on its own line.
    fn comments_before(&mut self, pos: u32, level: usize, blanks: bool) {
        while let Some((span, text)) = self.comments.get(self.next).cloned() {
            if span.start >= pos {
                break;
            }
            self.next += 1;
            self.blank_line(span.start, blanks);
            self.indent(level);
            self.out.push('#');
            self.out.push_str(&text);
            self.out.push('\n');
        }
    }

    /// Appends a comment that follows `end` on the same source line.
    fn trailing(&mut self, end: u32) {
        let Some((span, text)) = self.comments.get(self.next).cloned() else {
            return;
        };
        let between = self
            .source
            .get(end as usize..span.start as usize)
            .unwrap_or("\n");
        if span.start >= end && between.trim().is_empty() && !between.contains('\n') {
            self.next += 1;
            if self.out.ends_with('\n') {
                self.out.pop();
            }
            self.out.push_str(" #");
            self.out.push_str(&text);
            self.out.push('\n');
        }
    }

    fn decl(&mut self, decl: &Decl) {
        let header = match &decl.kind {
            DeclKind::Standard(s) => format!(
                "standard {} version \"{}\"",
                s.name.node,
                escape(&s.version.node)
            ),
            DeclKind::Lookup(l) => match &l.policy {
                Some(p) => format!("lookup {} {}", l.id.node, p.node),
                None => format!("lookup {}", l.id.node),
            },
            DeclKind::Record(r) => format!("record {}", r.id.node),
            DeclKind::Form(f) => match &f.record {
                Some(r) => format!("form {} in {}", f.id.node, r.node),
                None => format!("subform {}", f.id.node),
            },
            DeclKind::Role(r) => format!("role {}", r.id.node),
            DeclKind::IncidentRecorder(_) => "incident_recorder".to_string(),
            DeclKind::Country(c) => format!(
                "country {} extends {} \"{}\"",
                c.id.node,
                c.base.node,
                escape(&c.requirement.node)
            ),
            DeclKind::ReplaceLookup(l) => format!("replace lookup {}", l.id.node),
            DeclKind::ExtendLookup(l) => format!("extend lookup {}", l.id.node),
            DeclKind::Translate(t) => {
                let word = decl.kind.keyword();
                match &t.target {
                    Some(target) => format!("{word} {} {}", t.kind.node.keyword(), target.node),
                    None => format!("{word} {}", t.kind.node.keyword()),
                }
            }
            DeclKind::HideField(path) => {
                self.out.push_str(&format!("hide field {}\n", path.node));
                self.trailing(decl.span.end);
                return;
            }
            DeclKind::HideForm(form) => {
                self.out.push_str(&format!("hide form {}\n", form.node));
                self.trailing(decl.span.end);
                return;
            }
            DeclKind::HideOption(h) => {
                self.out.push_str(&format!(
                    "hide option {} in {}\n",
                    h.option.node, h.lookup.node
                ));
                self.trailing(decl.span.end);
                return;
            }
            DeclKind::UnusedLookup(id) => {
                self.out.push_str(&format!("unused lookup {}\n", id.node));
                self.trailing(decl.span.end);
                return;
            }
            DeclKind::ChangeField(c) => format!("change field {}", c.path.node),
            DeclKind::ChangeLookup(l) => format!("change lookup {}", l.id.node),
            DeclKind::UseField(u) => {
                self.out
                    .push_str(&format!("use field {} in {}", u.path.node, u.form.node));
                self.block(&u.body, decl.span, 0, false);
                return;
            }
            DeclKind::AddField(a) => {
                self.out.push_str(&format!(
                    "add field {} to {}: {}",
                    a.field.id.node,
                    a.form.node,
                    type_expr(&a.field.ty)
                ));
                self.block(&a.field.body, decl.span, 0, false);
                return;
            }
        };
        let body = match &decl.kind {
            DeclKind::Standard(s) => &s.body,
            DeclKind::Lookup(l) => &l.body,
            DeclKind::Record(r) => &r.body,
            DeclKind::Form(f) => &f.body,
            DeclKind::Role(r) => &r.body,
            DeclKind::IncidentRecorder(body) => body,
            DeclKind::Country(c) => &c.body,
            DeclKind::ReplaceLookup(l) | DeclKind::ExtendLookup(l) | DeclKind::ChangeLookup(l) => {
                &l.body
            }
            DeclKind::ChangeField(c) => &c.body,
            DeclKind::Translate(t) => &t.body,
            DeclKind::HideField(_)
            | DeclKind::HideForm(_)
            | DeclKind::AddField(_)
            | DeclKind::HideOption(_)
            | DeclKind::UnusedLookup(_)
            | DeclKind::UseField(_) => return,
        };
        self.out.push_str(&header);
        self.block(body, decl.span, 0, true);
        if let DeclKind::Translate(t) = &decl.kind {
            if let Some(reason) = &t.because {
                if self.out.ends_with('\n') {
                    self.out.pop();
                }
                self.out
                    .push_str(&format!(" because \"{}\"\n", escape(&reason.node)));
            }
        }
    }

    /// Prints ` { … }` for a body (or nothing when `optional` is false and the body is empty).
    fn block(&mut self, body: &[Item], span: Span, level: usize, always: bool) {
        let has_comments = self
            .comments
            .get(self.next)
            .is_some_and(|(c, _)| c.start < span.end);
        if body.is_empty() && !has_comments {
            if always {
                self.out.push_str(" {}");
            }
            self.out.push('\n');
            return;
        }
        self.out.push_str(" {\n");
        for item in body {
            self.comments_before(item.span.start, level + 1, true);
            self.blank_line(item.span.start, true);
            self.item(item, level + 1);
            self.trailing(item.span.end);
        }
        self.comments_before(span.end, level + 1, true);
        self.indent(level);
        self.out.push_str("}\n");
    }

    fn item(&mut self, item: &Item, level: usize) {
        self.indent(level);
        match &item.kind {
            ItemKind::Field(f) => {
                self.out
                    .push_str(&format!("field {}: {}", f.id.node, type_expr(&f.ty)));
                self.block(&f.body, item.span, level, false);
            }
            ItemKind::Column(c) => {
                self.out.push_str(&format!("column {}", c.key.node));
                self.block(&c.body, item.span, level, true);
            }
            ItemKind::Word(w) => self.texts_line(&format!("word {}", w.key.node), &w.texts, level),
            ItemKind::Use(u) => {
                self.out.push_str(&format!("use {}", u.id.node));
                self.block(&u.body, item.span, level, false);
            }
            ItemKind::Option(o) => {
                let head = format!("option {}", o.id.node);
                match &o.label {
                    Some(t) => self.texts_line(&head, t, level),
                    None => {
                        self.out.push_str(&head);
                        self.out.push('\n');
                    }
                }
                if let Some(stored) = &o.stored_as {
                    self.out.pop();
                    self.out
                        .push_str(&format!(" stored_as \"{}\"\n", escape(&stored.node)));
                }
            }
            ItemKind::Attr(a) => {
                let key = &a.key.node;
                match &a.value {
                    AttrValue::Flag => self.out.push_str(&format!("{key}\n")),
                    AttrValue::Bool(b) => self.out.push_str(&format!("{key}: {}\n", b.node)),
                    AttrValue::Int(n) => self.out.push_str(&format!("{key}: {}\n", n.node)),
                    AttrValue::Names(names) => {
                        let list: Vec<&str> = names.iter().map(|n| n.node.as_str()).collect();
                        self.out.push_str(&format!("{key}: {}\n", list.join(", ")));
                    }
                    AttrValue::Raw(raw) => self.out.push_str(&format!("{key}: {}\n", raw.node)),
                    AttrValue::Str(s) => {
                        self.out
                            .push_str(&format!("{key}: \"{}\"\n", escape(&s.node)));
                    }
                    AttrValue::Levels(levels) => {
                        let list: Vec<String> = levels
                            .iter()
                            .map(|(n, l)| format!("{} {}", n.node, l.node))
                            .collect();
                        self.out.push_str(&format!("{key}: {}\n", list.join(", ")));
                    }
                    AttrValue::Texts(t) => self.texts_line(key, t, level),
                    AttrValue::Expr(e) => {
                        let text = expr::format_expr(e, level, key.len() + 2 + level * 2);
                        self.out.push_str(&format!("{key}: {text}\n"));
                    }
                }
            }
        }
    }

    /// `head: en "…", fr "…"`, broken after commas when too long.
    fn texts_line(&mut self, head: &str, texts: &Texts, level: usize) {
        let parts: Vec<String> = texts
            .entries
            .iter()
            .map(|t| match &t.lang {
                Some(l) => format!("{} \"{}\"", l.node, escape(&t.value.node)),
                None => format!("\"{}\"", escape(&t.value.node)),
            })
            .collect();
        let one_line = format!("{head}: {}", parts.join(", "));
        if level * 2 + one_line.chars().count() <= MAX_WIDTH || parts.len() < 2 {
            self.out.push_str(&one_line);
            self.out.push('\n');
            return;
        }
        self.out.push_str(&format!("{head}: {},\n", parts[0]));
        for (n, part) in parts.iter().enumerate().skip(1) {
            self.indent(level + 1);
            self.out.push_str(part);
            self.out
                .push_str(if n + 1 < parts.len() { ",\n" } else { "\n" });
        }
    }
}

fn type_expr(ty: &TypeExpr) -> String {
    let mut s = String::new();
    if ty.calculated {
        s.push_str("calculated ");
    }
    s.push_str(&ty.name.node);
    if let Some(arg) = &ty.arg {
        s.push(' ');
        s.push_str(&arg.node);
    }
    s
}
