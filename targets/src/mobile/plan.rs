//! Which fields a record's mobile form holds, and as what.
//!
//! The form is the collecting role's (the caseworker's): a field is **asked** when its form is a
//! mobile form, it is mobile-visible and visible, and that role sees it. Calculations are not
//! UI: every calculated field is a hidden calculation wherever it is declared. A field that is
//! not asked but that an expression reads is a hidden, empty value (the phone has no answer for
//! it, so the expression sees it empty — as `compiler::eval` does on a record without it).

use std::collections::BTreeSet;

use gbvims_compiler::model::{
    Field, FieldIx, FieldKind, FormIx, LookupIx, Model, OptionSource, RecordIx, RoleIx, Texts,
    Value,
};

use super::survey::{Choice, ChoiceList, Fill, Group, Item, ItemKind, Node, Survey, Tr};
use super::xpath::{guarded_fields, read_fields, rel_name, Ctx, Unsupported, Xp};
use crate::odk_mapping::{FieldMapping, FormMapping, ValueKind};

/// The attached file holding the country's locations.
pub const LOCATIONS_FILE: &str = "locations.csv";

/// The root element of every instance.
pub const ROOT: &str = "data";

/// Builds the surveys of a model.
pub struct Planner<'m> {
    model: &'m Model,
    role: Option<RoleIx>,
    guarded: BTreeSet<FieldIx>,
    read: BTreeSet<FieldIx>,
    langs: Vec<String>,
}

/// What one record gives.
pub struct Planned {
    /// The form.
    pub survey: Survey,
    /// Where its fields are.
    pub mapping: FormMapping,
}

impl<'m> Planner<'m> {
    /// A planner for the form of `role`.
    #[must_use]
    pub fn new(model: &'m Model, role: Option<RoleIx>, langs: Vec<String>) -> Self {
        let read = read_fields(model);
        Self {
            model,
            role,
            guarded: guarded_fields(model, &read),
            read,
            langs,
        }
    }

    fn tr(&self, texts: &Texts) -> Tr {
        self.langs
            .iter()
            .filter_map(|l| {
                let t = texts.get(l)?;
                Some((l.clone(), plain_quotes(t)))
            })
            .collect()
    }

    /// Is the field asked on the phone (in the form that declares it)?
    fn asked(&self, fx: FieldIx) -> bool {
        self.asked_in(self.model.field(fx).form, fx)
    }

    /// Is the field asked on the phone in `shown_in`, the form that declares it or shows it with
    /// `use` (whose block may give its own `mobile` and `visible`)?
    fn asked_in(&self, shown_in: FormIx, fx: FieldIx) -> bool {
        let m = self.model;
        let f = m.field(fx);
        let form = m.form(shown_in);
        let parent_asked = m.parent_field(fx).is_none_or(|p| self.asked(p));
        let form_mobile = match m.parent_field(fx) {
            Some(_) => true,
            None => form.mobile,
        };
        form_mobile
            && parent_asked
            && m.mobile_in(shown_in, fx)
            && m.visible_in(shown_in, fx)
            && !matches!(f.kind, FieldKind::Custom)
            && self.role.is_none_or(|r| m.roles_seeing(fx).contains(&r))
    }

    /// Is the field in the form at all (asked, calculated, or read)?
    fn kept(&self, fx: FieldIx) -> bool {
        self.kept_in(self.model.field(fx).form, fx)
    }

    /// Is the field in `shown_in` at all (asked there, calculated, or read)?
    fn kept_in(&self, shown_in: FormIx, fx: FieldIx) -> bool {
        let f = self.model.field(fx);
        self.asked_in(shown_in, fx)
            || f.calculate.is_some()
            || self.read.contains(&fx)
            || matches!(f.kind, FieldKind::Subform { form } if self.model.form(form).fields.iter().any(|c| self.kept(*c)))
    }

    /// The survey and mapping of one record.
    ///
    /// # Errors
    /// An expression the phone cannot compute.
    pub fn record(
        &self,
        rx: RecordIx,
        form_id: String,
        title: String,
    ) -> Result<Planned, Unsupported> {
        let m = self.model;
        let xp = Xp::new(m, &self.guarded);
        let mut lists = Lists::default();
        let mut body = Vec::new();
        let mut fields = Vec::new();
        for group in m.navigation(rx) {
            for fx in group.forms {
                let form = m.form(fx);
                let (children, mapped) = self.fields(&xp, fx, &mut lists, &[form.id.as_str()])?;
                if children.is_empty() {
                    continue;
                }
                if !children.iter().any(Node::shown) {
                    // Calculations alone: no page for them, they sit at the root.
                    let (children, mapped) = self.fields(&xp, fx, &mut lists, &[])?;
                    fields.extend(mapped);
                    body.extend(children);
                    continue;
                }
                fields.extend(mapped);
                let has_repeat = children.iter().any(|c| matches!(c, Node::Repeat(_)));
                body.push(Node::Group(Group {
                    name: form.id.to_string(),
                    label: self.tr(&form.title),
                    relevant: None,
                    field_list: !has_repeat,
                    children,
                }));
            }
        }
        let uses_locations = lists.locations;
        Ok(Planned {
            survey: Survey {
                form_id: form_id.clone(),
                title,
                version: String::new(),
                root: ROOT.to_string(),
                languages: Vec::new(),
                public_key: None,
                body,
                lists: lists.lists,
                files: if uses_locations {
                    vec![LOCATIONS_FILE.to_string()]
                } else {
                    Vec::new()
                },
            },
            mapping: FormMapping {
                record: m.record(rx).id.to_string(),
                form_id,
                version: String::new(),
                xform: String::new(),
                root: ROOT.to_string(),
                fields,
            },
        })
    }

    /// The nodes of a list of fields (a form's or a subform's), and their mapping.
    fn fields(
        &self,
        xp: &Xp<'_>,
        shown_in: FormIx,
        lists: &mut Lists,
        path: &[&str],
    ) -> Result<(Vec<Node>, Vec<FieldMapping>), Unsupported> {
        let mut nodes = Vec::new();
        let mut mapped = Vec::new();
        for &fx in &self.model.form(shown_in).fields {
            if !self.kept_in(shown_in, fx) {
                continue;
            }
            let f = self.model.field(fx);
            // Nodes are named by the key records hold the answer under (a legacy key, if any).
            let id = f.stored.as_str();
            let at = |name: &str| {
                let mut p = format!("/{ROOT}");
                for seg in path.iter().chain(std::iter::once(&name)) {
                    p.push('/');
                    p.push_str(seg);
                }
                p
            };
            if self.guarded.contains(&fx) {
                let cond = f
                    .show_if
                    .as_ref()
                    .map_or(Ok("true()".to_string()), |c| xp.truth(c, Ctx::Node))?;
                nodes.push(Node::Item(Box::new(Item {
                    name: rel_name(self.model, fx),
                    kind: ItemKind::Calculate,
                    calculation: Some(format!("if({cond}, 'true', 'false')")),
                    ..Item::default()
                })));
            }
            if let FieldKind::Subform { form } = f.kind {
                let mut inner = path.to_vec();
                inner.push(id);
                let (children, rows) = self.fields(xp, form, lists, &inner)?;
                nodes.push(Node::Repeat(Group {
                    name: id.to_string(),
                    label: self.tr(&f.label),
                    relevant: self.relevant(xp, fx)?,
                    field_list: false,
                    children,
                }));
                mapped.push(FieldMapping {
                    id: id.to_string(),
                    path: at(id),
                    kind: ValueKind::Rows,
                    rows,
                });
                continue;
            }
            let asked = self.asked_in(shown_in, fx);
            if let (true, Some(levels)) = (asked && f.calculate.is_none(), self.location_levels(f))
            {
                lists.locations = true;
                nodes.extend(self.location(xp, fx, &levels)?);
                mapped.push(FieldMapping {
                    id: id.to_string(),
                    path: at(id),
                    kind: ValueKind::Location,
                    rows: Vec::new(),
                });
                continue;
            }
            let item = self.item(xp, shown_in, fx, asked, lists)?;
            if !matches!(item.kind, ItemKind::Hidden | ItemKind::Note) {
                mapped.push(FieldMapping {
                    id: id.to_string(),
                    path: at(id),
                    kind: value_kind(&f.kind),
                    rows: Vec::new(),
                });
            }
            nodes.push(Node::Item(Box::new(item)));
        }
        Ok((nodes, mapped))
    }

    /// A field's relevance: its helper node when it has one (so a chain of conditions stays
    /// linear in size), else its `show_if`.
    fn relevant(&self, xp: &Xp<'_>, fx: FieldIx) -> Result<Option<String>, Unsupported> {
        if self.guarded.contains(&fx) {
            return Ok(Some(format!("${{{}}} = 'true'", rel_name(self.model, fx))));
        }
        self.model
            .field(fx)
            .show_if
            .as_ref()
            .map(|c| xp.truth(c, Ctx::Node))
            .transpose()
    }

    fn item(
        &self,
        xp: &Xp<'_>,
        shown_in: FormIx,
        fx: FieldIx,
        asked: bool,
        lists: &mut Lists,
    ) -> Result<Item, Unsupported> {
        let f = self.model.field(fx);
        let mut item = Item {
            name: f.stored.to_string(),
            relevant: self.relevant(xp, fx)?,
            fill: Fill::Field(f.stored.to_string()),
            ..Item::default()
        };
        if let Some(calc) = &f.calculate {
            item.kind = ItemKind::Calculate;
            item.fill = Fill::Nothing;
            item.calculation = Some(xp.value(calc, Ctx::Node)?);
            return Ok(item);
        }
        if !asked {
            item.kind = ItemKind::Hidden;
            item.fill = Fill::Nothing;
            item.relevant = None;
            return Ok(item);
        }
        item.label = self.tr(self.model.label_in(shown_in, fx));
        item.hint = self.tr(&f.help);
        item.guidance = self.tr(&f.guiding_questions);
        item.read_only = f.flags.read_only;
        item.required = if f.flags.required {
            Some("true()".to_string())
        } else {
            f.required_if
                .as_ref()
                .map(|c| xp.truth(c, Ctx::Node))
                .transpose()?
        };
        if let Some(c) = &f.constraint {
            item.constraint = Some(xp.truth(&c.expr, Ctx::Node)?);
            item.constraint_message = self.tr(&c.message);
        }
        item.default = f
            .default
            .as_ref()
            .filter(|_| !f.flags.withdrawn)
            .map(|v| self.model.stored_value(self.model.field_ty(fx), v))
            .as_ref()
            .and_then(default_text);
        item.kind = match &f.kind {
            FieldKind::Text | FieldKind::Custom => ItemKind::Text,
            FieldKind::TextArea => {
                item.appearance = Some("multiline");
                ItemKind::Text
            }
            FieldKind::Integer => ItemKind::Integer,
            FieldKind::Date => ItemKind::Date,
            FieldKind::DateTime => ItemKind::DateTime,
            FieldKind::TickBox => {
                let label = if f.tick_label.is_empty() {
                    &f.label
                } else {
                    &f.tick_label
                };
                let name = format!("tick_{}", f.stored);
                lists.push(ChoiceList {
                    name: name.clone(),
                    choices: vec![Choice {
                        name: "true".to_string(),
                        label: self.tr(label),
                    }],
                });
                ItemKind::SelectMany(name)
            }
            FieldKind::Select {
                multi,
                source: OptionSource::Lookup(l),
                ..
            } => {
                let name = self.list(*l, lists);
                if *multi {
                    ItemKind::SelectMany(name)
                } else {
                    ItemKind::SelectOne(name)
                }
            }
            FieldKind::Select { .. } => ItemKind::Text,
            FieldKind::Photo => ItemKind::Image,
            FieldKind::Signature => {
                item.appearance = Some("signature");
                ItemKind::Image
            }
            FieldKind::Audio => ItemKind::Audio,
            FieldKind::Document => ItemKind::File,
            FieldKind::Separator => {
                item.read_only = false;
                item.fill = Fill::Nothing;
                ItemKind::Note
            }
            FieldKind::Subform { .. } => ItemKind::Hidden,
        };
        Ok(item)
    }

    /// The option list of a lookup, named by its id (an inline list by its field's id).
    fn list(&self, l: LookupIx, lists: &mut Lists) -> String {
        let lookup = self.model.lookup(l);
        let name = match self.model.lookup_id(l) {
            Some(id) => id.to_string(),
            None => match &lookup.kind {
                gbvims_compiler::model::LookupKind::Inline(f) => format!("{f}_options"),
                gbvims_compiler::model::LookupKind::Named(n) => n.to_string(),
            },
        };
        if !lists.lists.iter().any(|x| x.name == name) {
            lists.push(ChoiceList {
                name: name.clone(),
                choices: lookup
                    .options
                    .iter()
                    .map(|o| Choice {
                        name: o.stored.to_string(),
                        label: self.tr(&o.label),
                    })
                    .collect(),
            });
        }
        name
    }

    /// The admin levels a location question shows (none for the standard alone).
    fn location_levels(&self, f: &Field) -> Option<Vec<(String, u8, Tr)>> {
        let FieldKind::Select {
            source: OptionSource::Locations | OptionSource::ReportingLocations,
            ..
        } = f.kind
        else {
            return None;
        };
        let country = self.model.country.as_ref()?;
        if country.location_levels.is_empty() {
            return None;
        }
        let types = self.model.lookup_by_id("lookup-location-type");
        Some(
            country
                .location_levels
                .iter()
                .map(|l| {
                    let label = types
                        .and_then(|t| self.model.lookup(t).option(l.kind.as_str()))
                        .map(|o| self.tr(&o.label))
                        .unwrap_or_default();
                    (l.kind.to_string(), l.level, label)
                })
                .collect(),
        )
    }

    /// One cascading select per admin level, and the field itself: the deepest level answered.
    fn location(
        &self,
        xp: &Xp<'_>,
        fx: FieldIx,
        levels: &[(String, u8, Tr)],
    ) -> Result<Vec<Node>, Unsupported> {
        let f = self.model.field(fx);
        let relevant = self.relevant(xp, fx)?;
        let mut nodes = Vec::new();
        let mut prev: Option<String> = None;
        let mut names = Vec::new();
        for (i, (kind, level, level_label)) in levels.iter().enumerate() {
            let name = format!("{}__{kind}", f.stored);
            let label: Tr = self
                .langs
                .iter()
                .filter_map(|l| {
                    let q = f.label.get(l)?;
                    let lv = level_label.get(l).map_or(kind.as_str(), String::as_str);
                    Some((l.clone(), format!("{q} — {lv}")))
                })
                .collect();
            let filter = match &prev {
                None => format!("level = {level}"),
                Some(p) => format!("level = {level} and parent = ${{{p}}}"),
            };
            nodes.push(Node::Item(Box::new(Item {
                name: name.clone(),
                kind: ItemKind::SelectOneFromFile(LOCATIONS_FILE.to_string()),
                label,
                hint: if i == 0 { self.tr(&f.help) } else { Tr::new() },
                relevant: match (&relevant, &prev) {
                    (r, None) => r.clone(),
                    (Some(r), Some(p)) => Some(format!("{r} and {}", has_units_below(p))),
                    (None, Some(p)) => Some(has_units_below(p)),
                },
                required: (i == 0 && f.flags.required).then(|| "true()".to_string()),
                choice_filter: Some(filter),
                fill: Fill::LocationLevel {
                    field: f.stored.to_string(),
                    level: *level,
                },
                ..Item::default()
            })));
            prev = Some(name.clone());
            names.push(name);
        }
        let mut calc = "''".to_string();
        for n in &names {
            calc = format!("if(${{{n}}} != '', ${{{n}}}, {calc})");
        }
        nodes.push(Node::Item(Box::new(Item {
            name: f.stored.to_string(),
            kind: ItemKind::Calculate,
            relevant,
            calculation: Some(calc),
            ..Item::default()
        })));
        Ok(nodes)
    }
}

/// The relevance of a cascading level below the question `above`: a unit is chosen there and
/// has units below it (a unit with nothing below, a shallow row of the location file, ends
/// the cascade instead of showing a question with no choices).
fn has_units_below(above: &str) -> String {
    let id = LOCATIONS_FILE.trim_end_matches(".csv");
    format!("${{{above}}} != '' and count(instance('{id}')/root/item[parent = ${{{above}}}]) > 0")
}

#[derive(Default)]
struct Lists {
    lists: Vec<ChoiceList>,
    locations: bool,
}

impl Lists {
    fn push(&mut self, list: ChoiceList) {
        self.lists.push(list);
    }
}

/// Curly quotes made straight, as pyxform does with every cell of an XLSForm: the XForm we
/// write says what pyxform makes of our XLSForm.
fn plain_quotes(t: &str) -> String {
    t.replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"")
}

fn default_text(v: &Value) -> Option<String> {
    match v {
        Value::Int(n) => Some(n.to_string()),
        Value::Text(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Date(d) => Some(d.to_string()),
        Value::Option(o) => Some(o.to_string()),
        Value::Empty => None,
    }
}

/// How a field's value is written in the instance.
fn value_kind(kind: &FieldKind) -> ValueKind {
    match kind {
        FieldKind::Integer => ValueKind::Integer,
        FieldKind::Date => ValueKind::Date,
        FieldKind::DateTime => ValueKind::DateTime,
        FieldKind::TickBox => ValueKind::Boolean,
        FieldKind::Select { multi: true, .. } => ValueKind::SelectMany,
        FieldKind::Select {
            source: OptionSource::Lookup(_),
            ..
        } => ValueKind::SelectOne,
        FieldKind::Select {
            source: OptionSource::Locations | OptionSource::ReportingLocations,
            ..
        } => ValueKind::Location,
        FieldKind::Photo | FieldKind::Audio | FieldKind::Document | FieldKind::Signature => {
            ValueKind::File
        }
        FieldKind::Subform { .. } => ValueKind::Rows,
        _ => ValueKind::Text,
    }
}
