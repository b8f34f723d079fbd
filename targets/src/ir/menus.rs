//! The Menu Data sheet's lists (FACTS §5.4): one menu per column declaring `menu:`, in column
//! order, each under its own header. A blank template fills them from the configuration (the
//! labels of a column's lookup, the fixed words it writes, the place names at its admin level);
//! an export adds every distinct value it writes ([`IrMenus::add`]), so that the drop-down of
//! each column accepts every value written.

use gbvims_compiler::model::{Expr, ExprKind, Func, Model, Ty, Value};

/// The editable range of a menu in the GBVIMS IR template: a menu holding more entries is
/// written whole (the drop-down accepts every value) and reported in `ir-mapping.json`.
pub const MENU_LIMIT: usize = 50;

/// One menu of the Menu Data sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IrMenu {
    /// The 0-based index of the Incident Data column it feeds.
    pub column: usize,
    /// Its header in the workbook's language.
    pub header: String,
    /// Its entries, distinct, in first-seen order.
    pub entries: Vec<String>,
}

impl IrMenu {
    /// More entries than the template's editable range ([`MENU_LIMIT`]).
    #[must_use]
    pub fn exceeds_limit(&self) -> bool {
        self.entries.len() > MENU_LIMIT
    }
}

/// Every menu of a workbook, in the order of the columns they feed (Menu Data columns A, B, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IrMenus {
    /// The menus.
    pub menus: Vec<IrMenu>,
}

impl IrMenus {
    /// The menus with their headers in `lang` and no entries.
    #[must_use]
    pub fn empty(model: &Model, lang: &str) -> Self {
        let menus = model
            .incident_recorder
            .iter()
            .flat_map(|ir| ir.columns.iter().enumerate())
            .filter_map(|(column, c)| {
                c.menu.as_ref().map(|m| IrMenu {
                    column,
                    header: model.text(m, lang).to_string(),
                    entries: Vec::new(),
                })
            })
            .collect();
        Self { menus }
    }

    /// The menus of a blank template in `lang`, filled from the configuration: what each
    /// column's value can be when the configuration alone says (a lookup's labels, fixed words,
    /// the place names at a configured admin level). Caseworker codes and typed text (camps)
    /// are not known from the configuration: those menus stay empty.
    #[must_use]
    pub fn template(model: &Model, lang: &str) -> Self {
        let mut menus = Self::empty(model, lang);
        let Some(ir) = &model.incident_recorder else {
            return menus;
        };
        for menu in &mut menus.menus {
            let mut values = Vec::new();
            possible_values(model, &ir.columns[menu.column].value, lang, &mut values);
            for v in values {
                push_distinct(&mut menu.entries, v);
            }
        }
        menus
    }

    /// Adds `value` to the menu fed by column `column` (0-based), unless it is empty, already
    /// there, or the column feeds no menu. Returns whether it was added.
    pub fn add(&mut self, column: usize, value: &str) -> bool {
        match self.menus.iter_mut().find(|m| m.column == column) {
            Some(menu) if !value.is_empty() => push_distinct(&mut menu.entries, value.to_string()),
            _ => false,
        }
    }

    /// The menu fed by column `column`, with its position in Menu Data.
    #[must_use]
    pub fn of_column(&self, column: usize) -> Option<(usize, &IrMenu)> {
        self.menus
            .iter()
            .enumerate()
            .find(|(_, m)| m.column == column)
    }
}

fn push_distinct(entries: &mut Vec<String>, value: String) -> bool {
    if value.is_empty() || entries.contains(&value) {
        return false;
    }
    entries.push(value);
    true
}

/// Pushes the values `e` can give in `lang` that the configuration determines.
fn possible_values(model: &Model, e: &Expr, lang: &str, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Case { arms, otherwise } => {
            for (_, then) in arms {
                possible_values(model, then, lang, out);
            }
            if let Some(other) = otherwise {
                possible_values(model, other, lang, out);
            }
        }
        ExprKind::Call(func, args) => call_values(model, *func, args, lang, out),
        _ => {}
    }
}

fn call_values(model: &Model, func: Func, args: &[Expr], lang: &str, out: &mut Vec<String>) {
    match (func, args) {
        (Func::Label | Func::JoinLabels, [arg, ..]) => {
            if let Ty::Option(l) | Ty::Options(l) = arg.ty {
                let lookup = model.lookup(l);
                out.extend(
                    lookup
                        .options
                        .iter()
                        .map(|o| model.text(&o.label, lang).to_string()),
                );
            }
        }
        (Func::Word, [key]) => {
            if let Some(w) = literal_text(key).and_then(|k| model.ir_word(k, lang)) {
                out.push(w.to_string());
            }
        }
        (Func::Before, [arg, sep]) => {
            let mut inner = Vec::new();
            possible_values(model, arg, lang, &mut inner);
            let sep = literal_text(sep).unwrap_or_default();
            out.extend(inner.iter().map(|t| cut_before(t, sep)));
        }
        (Func::LocationAt, [_, key]) => {
            if let Some(key) = literal_text(key) {
                out.extend(place_names(model, key, lang));
            }
        }
        (Func::Coalesce, args) => {
            for arg in args {
                possible_values(model, arg, lang, out);
            }
        }
        _ => {}
    }
}

/// What `before(text, sep)` gives (the same rule as `compiler::eval`): the text up to the first
/// `sep`, trimmed.
fn cut_before(text: &str, sep: &str) -> String {
    if sep.is_empty() {
        return text.trim().to_string();
    }
    text.split(sep)
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The place names of every unit at the admin level behind an IR location key, in location-file
/// order.
fn place_names(model: &Model, key: &str, lang: &str) -> Vec<String> {
    let Some(country) = &model.country else {
        return Vec::new();
    };
    let Some(level) = country.ir_level(key) else {
        return Vec::new();
    };
    country
        .locations
        .units
        .iter()
        .filter(|u| u.level == level)
        .filter_map(|u| model.location_name(&u.code, key, lang))
        .map(str::to_string)
        .collect()
}

fn literal_text(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Lit(Value::Text(t)) => Some(t.as_str()),
        _ => None,
    }
}
