//! The ODK XForm 1.0 of a survey: the primary instance, binds, itext translations, option
//! lists as secondary instances, and the body — the document pyxform produces from the
//! equivalent XLSForm (`interop/pyxform_check.py` compares them).

use std::collections::BTreeMap;
use std::io;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::survey::{Group, Item, ItemKind, Node, Survey, Tr};

const NAMESPACES: &[(&str, &str)] = &[
    ("xmlns", "http://www.w3.org/2002/xforms"),
    ("xmlns:ev", "http://www.w3.org/2001/xml-events"),
    ("xmlns:h", "http://www.w3.org/1999/xhtml"),
    ("xmlns:jr", "http://openrosa.org/javarosa"),
    ("xmlns:odk", "http://www.opendatakit.org/xforms"),
    ("xmlns:orx", "http://openrosa.org/xforms"),
    ("xmlns:xsd", "http://www.w3.org/2001/XMLSchema"),
];

/// Where each element name sits: its path segments below the root and, per segment, whether it
/// is a repeat.
struct Paths<'s> {
    root: &'s str,
    by_name: BTreeMap<&'s str, Vec<(&'s str, bool)>>,
}

impl<'s> Paths<'s> {
    fn new(survey: &'s Survey) -> Self {
        let mut by_name = BTreeMap::new();
        fn walk<'s>(
            nodes: &'s [Node],
            at: &mut Vec<(&'s str, bool)>,
            out: &mut BTreeMap<&'s str, Vec<(&'s str, bool)>>,
        ) {
            for n in nodes {
                match n {
                    Node::Group(g) | Node::Repeat(g) => {
                        at.push((&g.name, matches!(n, Node::Repeat(_))));
                        out.insert(g.name.as_str(), at.clone());
                        walk(&g.children, at, out);
                        at.pop();
                    }
                    Node::Item(i) => {
                        let mut p = at.clone();
                        p.push((&i.name, false));
                        out.insert(i.name.as_str(), p);
                    }
                }
            }
        }
        walk(&survey.body, &mut Vec::new(), &mut by_name);
        Self {
            root: &survey.root,
            by_name,
        }
    }

    fn absolute(&self, segs: &[(&str, bool)]) -> String {
        let mut s = format!("/{}", self.root);
        for (n, _) in segs {
            s.push('/');
            s.push_str(n);
        }
        s
    }

    /// Replaces every `${name}` of `expr`, evaluated at the node `context`, by a path: relative
    /// when both share a repeat (as pyxform writes it), else absolute. Inside a predicate
    /// (`item[parent = ${x}]`) the context is the item, so a relative path starts from
    /// `current()`, as pyxform writes it too.
    fn resolve(&self, expr: &str, context: &[(&str, bool)]) -> String {
        let mut out = String::with_capacity(expr.len());
        let mut rest = expr;
        let mut scan = Predicates::default();
        while let Some(start) = rest.find("${") {
            scan.feed(&rest[..start]);
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return out;
            };
            let name = &after[..end];
            match self.by_name.get(name) {
                Some(target) => {
                    let path = self.path_from(target, context);
                    if scan.depth > 0 && !path.starts_with('/') {
                        out.push_str("current()/");
                    }
                    out.push_str(&path);
                }
                None => out.push_str(&rest[start..start + 3 + end]),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn path_from(&self, target: &[(&str, bool)], context: &[(&str, bool)]) -> String {
        // Steps are counted from the context node's parent, so a node refers to itself as
        // `../name`, as pyxform writes it.
        let parent = &context[..context.len().saturating_sub(1)];
        let common = target
            .iter()
            .zip(parent)
            .take_while(|(a, b)| a.0 == b.0)
            .count();
        let in_repeat = target[..common].iter().any(|(_, r)| *r);
        if !in_repeat || common == 0 {
            return self.absolute(target);
        }
        let up = context.len() - common;
        let mut parts: Vec<&str> = vec![".."; up];
        parts.extend(target[common..].iter().map(|(n, _)| *n));
        if parts.is_empty() {
            ".".to_string()
        } else {
            parts.join("/")
        }
    }
}

/// How deep in predicates (`[…]`) an XPath text is read so far, string literals skipped.
#[derive(Default)]
struct Predicates {
    depth: usize,
    quote: Option<char>,
}

impl Predicates {
    fn feed(&mut self, text: &str) {
        for c in text.chars() {
            match (self.quote, c) {
                (Some(q), c) if c == q => self.quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => self.quote = Some(c),
                (None, '[') => self.depth += 1,
                (None, ']') => self.depth = self.depth.saturating_sub(1),
                (None, _) => {}
            }
        }
    }
}

type W = Writer<Vec<u8>>;

/// An element with attributes in double quotes: `&`, `<`, `>` and `"` escaped, apostrophes
/// left as they are (XPath string literals read better so, as pyxform writes them).
fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut el = BytesStart::new(name);
    for (k, v) in attrs {
        let v = v
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        el.push_attribute(Attribute::from((k.as_bytes(), v.as_bytes())));
    }
    el
}

fn start(w: &mut W, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    w.write_event(Event::Start(element(name, attrs)))
}

fn empty(w: &mut W, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    w.write_event(Event::Empty(element(name, attrs)))
}

fn end(w: &mut W, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn text_el(w: &mut W, name: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
    if text.is_empty() {
        return empty(w, name, attrs);
    }
    start(w, name, attrs)?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    end(w, name)
}

/// Renders the XForm.
///
/// # Errors
/// Only if writing to memory fails.
pub fn write(survey: &Survey) -> io::Result<String> {
    let paths = Paths::new(survey);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    start(&mut w, "h:html", NAMESPACES)?;
    start(&mut w, "h:head", &[])?;
    text_el(&mut w, "h:title", &[], &survey.title)?;
    start(&mut w, "model", &[("odk:xforms-version", "1.0.0")])?;
    // A form with no text at all has no translations (pyxform writes none either).
    if !survey.languages.is_empty() {
        itext(&mut w, survey, &paths)?;
    }
    // Primary instance.
    start(&mut w, "instance", &[])?;
    start(
        &mut w,
        &survey.root,
        &[("id", &survey.form_id), ("version", &survey.version)],
    )?;
    instance_nodes(&mut w, &survey.body)?;
    start(&mut w, "meta", &[])?;
    empty(&mut w, "instanceID", &[])?;
    end(&mut w, "meta")?;
    end(&mut w, &survey.root)?;
    end(&mut w, "instance")?;
    // Option lists.
    for list in &survey.lists {
        start(&mut w, "instance", &[("id", &list.name)])?;
        start(&mut w, "root", &[])?;
        for (i, c) in list.choices.iter().enumerate() {
            start(&mut w, "item", &[])?;
            text_el(&mut w, "itextId", &[], &format!("{}-{i}", list.name))?;
            text_el(&mut w, "name", &[], &c.name)?;
            end(&mut w, "item")?;
        }
        end(&mut w, "root")?;
        end(&mut w, "instance")?;
    }
    for file in &survey.files {
        let id = file.trim_end_matches(".csv");
        empty(
            &mut w,
            "instance",
            &[("id", id), ("src", &format!("jr://file-csv/{file}"))],
        )?;
    }
    binds(&mut w, &survey.body, &paths, &mut Vec::new())?;
    let meta = format!("/{}/meta/instanceID", survey.root);
    empty(
        &mut w,
        "bind",
        &[
            ("nodeset", meta.as_str()),
            ("type", "string"),
            ("readonly", "true()"),
            ("jr:preload", "uid"),
        ],
    )?;
    if let Some(key) = &survey.public_key {
        empty(&mut w, "submission", &[("base64RsaPublicKey", key)])?;
    }
    end(&mut w, "model")?;
    end(&mut w, "h:head")?;
    start(&mut w, "h:body", &[])?;
    body(&mut w, &survey.body, &paths, &mut Vec::new())?;
    end(&mut w, "h:body")?;
    end(&mut w, "h:html")?;
    let mut s = String::from_utf8(w.into_inner()).map_err(io::Error::other)?;
    s.push('\n');
    Ok(s)
}

fn itext(w: &mut W, survey: &Survey, paths: &Paths<'_>) -> io::Result<()> {
    start(w, "itext", &[])?;
    for (i, (code, name)) in survey.languages.iter().enumerate() {
        let mut attrs = vec![("lang", name.as_str())];
        if i == 0 {
            attrs.push(("default", "true()"));
        }
        start(w, "translation", &attrs)?;
        let mut texts: Vec<(String, &str, &str)> = Vec::new();
        collect_texts(&survey.body, paths, code, &mut Vec::new(), &mut texts);
        // A hint and its guidance share one `<text>` element, with one `<value>` each: an id
        // may not appear twice in a translation.
        for (n, (id, form, value)) in texts.iter().enumerate() {
            if n == 0 || texts[n - 1].0 != *id {
                start(w, "text", &[("id", id)])?;
            }
            if form.is_empty() {
                text_el(w, "value", &[], value)?;
            } else {
                text_el(w, "value", &[("form", form)], value)?;
            }
            if texts.get(n + 1).is_none_or(|next| next.0 != *id) {
                end(w, "text")?;
            }
        }
        for list in &survey.lists {
            for (i, c) in list.choices.iter().enumerate() {
                start(w, "text", &[("id", &format!("{}-{i}", list.name))])?;
                text_el(
                    w,
                    "value",
                    &[],
                    c.label.get(code).map_or("", String::as_str),
                )?;
                end(w, "text")?;
            }
        }
        end(w, "translation")?;
    }
    end(w, "itext")
}

/// The texts of one language: (text id, value form, text). A hint and its guidance share the
/// `:hint` id, as pyxform writes them.
fn collect_texts<'s>(
    nodes: &'s [Node],
    paths: &Paths<'s>,
    lang: &str,
    at: &mut Vec<(&'s str, bool)>,
    out: &mut Vec<(String, &'s str, &'s str)>,
) {
    let get = |t: &'s Tr| t.get(lang).map(String::as_str);
    for n in nodes {
        match n {
            Node::Group(g) | Node::Repeat(g) => {
                at.push((&g.name, matches!(n, Node::Repeat(_))));
                let p = paths.absolute(at);
                if !g.label.is_empty() {
                    out.push((format!("{p}:label"), "", get(&g.label).unwrap_or("-")));
                }
                collect_texts(&g.children, paths, lang, at, out);
                at.pop();
            }
            Node::Item(i) => {
                at.push((&i.name, false));
                let p = paths.absolute(at);
                at.pop();
                if !i.label.is_empty() {
                    out.push((format!("{p}:label"), "", get(&i.label).unwrap_or("-")));
                }
                if !i.hint.is_empty() {
                    out.push((format!("{p}:hint"), "", get(&i.hint).unwrap_or("-")));
                }
                if !i.guidance.is_empty() {
                    out.push((
                        format!("{p}:hint"),
                        "guidance",
                        get(&i.guidance).unwrap_or("-"),
                    ));
                }
                if !i.constraint_message.is_empty() {
                    out.push((
                        format!("{p}:jr:constraintMsg"),
                        "",
                        get(&i.constraint_message).unwrap_or("-"),
                    ));
                }
            }
        }
    }
}

fn instance_nodes(w: &mut W, nodes: &[Node]) -> io::Result<()> {
    for n in nodes {
        match n {
            Node::Group(g) => {
                start(w, &g.name, &[])?;
                instance_nodes(w, &g.children)?;
                end(w, &g.name)?;
            }
            // A template and one empty row, as pyxform writes a repeat.
            Node::Repeat(g) => {
                start(w, &g.name, &[("jr:template", "")])?;
                instance_nodes(w, &g.children)?;
                end(w, &g.name)?;
                start(w, &g.name, &[])?;
                instance_nodes(w, &g.children)?;
                end(w, &g.name)?;
            }
            Node::Item(i) => text_el(w, &i.name, &[], i.default.as_deref().unwrap_or(""))?,
        }
    }
    Ok(())
}

fn binds<'s>(
    w: &mut W,
    nodes: &'s [Node],
    paths: &Paths<'s>,
    at: &mut Vec<(&'s str, bool)>,
) -> io::Result<()> {
    for n in nodes {
        match n {
            Node::Group(g) | Node::Repeat(g) => {
                at.push((&g.name, matches!(n, Node::Repeat(_))));
                if let Some(r) = &g.relevant {
                    let p = paths.absolute(at);
                    let r = paths.resolve(r, at);
                    empty(
                        w,
                        "bind",
                        &[("nodeset", p.as_str()), ("relevant", r.as_str())],
                    )?;
                }
                binds(w, &g.children, paths, at)?;
                at.pop();
            }
            Node::Item(i) => {
                at.push((&i.name, false));
                item_bind(w, i, paths, at)?;
                at.pop();
            }
        }
    }
    Ok(())
}

fn item_bind(w: &mut W, i: &Item, paths: &Paths<'_>, at: &[(&str, bool)]) -> io::Result<()> {
    let p = paths.absolute(at);
    let r = |e: &Option<String>| e.as_ref().map(|e| paths.resolve(e, at));
    let (relevant, required, constraint, calculate) = (
        r(&i.relevant),
        r(&i.required),
        r(&i.constraint),
        r(&i.calculation),
    );
    let msg = format!("jr:itext('{p}:jr:constraintMsg')");
    let mut attrs: Vec<(&str, &str)> = vec![("nodeset", &p), ("type", i.kind.bind_type())];
    if let Some(x) = &relevant {
        attrs.push(("relevant", x));
    }
    if let Some(x) = &required {
        attrs.push(("required", x));
    }
    if let Some(x) = &constraint {
        attrs.push(("constraint", x));
        if !i.constraint_message.is_empty() {
            attrs.push(("jr:constraintMsg", &msg));
        }
    }
    if let Some(x) = &calculate {
        attrs.push(("calculate", x));
    }
    if i.read_only || i.kind == ItemKind::Note {
        attrs.push(("readonly", "true()"));
    }
    let pixels = MAX_PIXELS.to_string();
    if i.kind == ItemKind::Image {
        attrs.push(("orx:max-pixels", &pixels));
    }
    empty(w, "bind", &attrs)
}

/// The longest side, in pixels, a phone scales pictures down to before sending them (ODK's
/// `max-pixels`; pyxform warns about an image question without it).
pub const MAX_PIXELS: u32 = 1024;

fn labels(w: &mut W, p: &str, label: &Tr, hint: bool) -> io::Result<()> {
    if !label.is_empty() {
        empty(w, "label", &[("ref", &format!("jr:itext('{p}:label')"))])?;
    }
    if hint {
        empty(w, "hint", &[("ref", &format!("jr:itext('{p}:hint')"))])?;
    }
    Ok(())
}

fn body<'s>(
    w: &mut W,
    nodes: &'s [Node],
    paths: &Paths<'s>,
    at: &mut Vec<(&'s str, bool)>,
) -> io::Result<()> {
    // A repeat stays in the body even without questions (JavaRosa needs it to know the rows).
    for n in nodes
        .iter()
        .filter(|n| n.shown() || matches!(n, Node::Repeat(_)))
    {
        match n {
            Node::Group(g) => {
                at.push((&g.name, false));
                group(w, g, paths, at, false)?;
                at.pop();
            }
            Node::Repeat(g) => {
                at.push((&g.name, true));
                group(w, g, paths, at, true)?;
                at.pop();
            }
            Node::Item(i) => {
                at.push((&i.name, false));
                control(w, i, paths, at)?;
                at.pop();
            }
        }
    }
    Ok(())
}

fn group<'s>(
    w: &mut W,
    g: &'s Group,
    paths: &Paths<'s>,
    at: &mut Vec<(&'s str, bool)>,
    repeat: bool,
) -> io::Result<()> {
    let p = paths.absolute(at);
    let mut attrs = vec![("ref", p.as_str())];
    if g.field_list {
        attrs.push(("appearance", "field-list"));
    }
    start(w, "group", &attrs)?;
    labels(w, &p, &g.label, false)?;
    if repeat {
        start(w, "repeat", &[("nodeset", p.as_str())])?;
        body(w, &g.children, paths, at)?;
        end(w, "repeat")?;
    } else {
        body(w, &g.children, paths, at)?;
    }
    end(w, "group")
}

fn control(w: &mut W, i: &Item, paths: &Paths<'_>, at: &[(&str, bool)]) -> io::Result<()> {
    let p = paths.absolute(at);
    let (tag, mediatype) = match &i.kind {
        ItemKind::Calculate | ItemKind::Hidden => return Ok(()),
        ItemKind::SelectOne(_) | ItemKind::SelectOneFromFile(_) => ("select1", None),
        ItemKind::SelectMany(_) => ("select", None),
        ItemKind::Image => ("upload", Some("image/*")),
        ItemKind::Audio => ("upload", Some("audio/*")),
        ItemKind::File => ("upload", Some("application/*")),
        _ => ("input", None),
    };
    let mut attrs = vec![("ref", p.as_str())];
    if let Some(m) = mediatype {
        attrs.push(("mediatype", m));
    }
    if let Some(a) = i.appearance {
        attrs.push(("appearance", a));
    }
    start(w, tag, &attrs)?;
    labels(
        w,
        &p,
        &i.label,
        !i.hint.is_empty() || !i.guidance.is_empty(),
    )?;
    match &i.kind {
        ItemKind::SelectOne(list) | ItemKind::SelectMany(list) => {
            start(
                w,
                "itemset",
                &[("nodeset", &format!("instance('{list}')/root/item"))],
            )?;
            empty(w, "value", &[("ref", "name")])?;
            empty(w, "label", &[("ref", "jr:itext(itextId)")])?;
            end(w, "itemset")?;
        }
        ItemKind::SelectOneFromFile(file) => {
            let id = file.trim_end_matches(".csv");
            let filter = i
                .choice_filter
                .as_ref()
                .map(|f| paths.resolve(&format!("[{f}]"), at))
                .unwrap_or_default();
            start(
                w,
                "itemset",
                &[("nodeset", &format!("instance('{id}')/root/item{filter}"))],
            )?;
            empty(w, "value", &[("ref", "name")])?;
            empty(w, "label", &[("ref", "label")])?;
            end(w, "itemset")?;
        }
        _ => {}
    }
    end(w, tag)
}
