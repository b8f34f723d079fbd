//! Stored ids (issue 15): the ids records hold for options and the keys they hold answers under,
//! when a country declared `stored_as`. Evaluation works on the model's ids; targets that produce
//! or read data go through these accessors, in both directions.

use super::{FieldIx, Model, Ty, Value};

impl Model {
    /// The key a record holds the answer of `field` under (its legacy key, else its id).
    #[must_use]
    pub fn stored_key(&self, field: FieldIx) -> &str {
        self.field(field).stored.as_str()
    }

    /// The id records hold for the option `id` of a value of type `ty` (an option of a lookup:
    /// its `stored_as`, else `id`); any other value is returned as it is.
    #[must_use]
    pub fn stored_option<'a>(&'a self, ty: Ty, id: &'a str) -> &'a str {
        match ty {
            Ty::Option(l) | Ty::Options(l) => self.lookup(l).stored(id),
            _ => id,
        }
    }

    /// The option id a record's stored id stands for, for a value of type `ty`: `stored` itself
    /// when it is not the stored id of an option (an unknown value stays as written).
    #[must_use]
    pub fn option_from_stored<'a>(&'a self, ty: Ty, stored: &'a str) -> &'a str {
        match ty {
            Ty::Option(l) | Ty::Options(l) => self.lookup(l).from_stored(stored),
            _ => stored,
        }
    }

    /// A constant as records hold it: an option literal under its stored id.
    #[must_use]
    pub fn stored_value(&self, ty: Ty, v: &Value) -> Value {
        match v {
            Value::Option(o) => Value::Option(super::OptionId(
                self.stored_option(ty, o.as_str()).to_string(),
            )),
            other => other.clone(),
        }
    }

    /// The stored id of a location type (an option of `lookup-location-type`, such as
    /// `division` stored as `division_95670`).
    #[must_use]
    pub fn stored_location_type<'a>(&'a self, kind: &'a str) -> &'a str {
        self.lookup_by_id("lookup-location-type")
            .map_or(kind, |l| self.lookup(l).stored(kind))
    }

    /// An answer of `field` as records hold it: option ids (one, or a list) under their stored
    /// ids, and the rows of a subform with each answer under its stored key. Other answers, and
    /// values that are no option of the list, are returned as they are.
    #[must_use]
    pub fn stored_answer(&self, field: FieldIx, v: &serde_json::Value) -> serde_json::Value {
        use serde_json::Value as Json;
        if let (super::FieldKind::Subform { form }, Json::Array(rows)) =
            (&self.field(field).kind, v)
        {
            let fields = &self.form(*form).fields;
            let row = |r: &Json| {
                let Json::Object(o) = r else {
                    return r.clone();
                };
                let mut out = serde_json::Map::new();
                for (key, value) in o {
                    match fields.iter().find(|&&f| self.field(f).id.as_str() == key) {
                        Some(&f) => {
                            out.insert(
                                self.stored_key(f).to_string(),
                                self.stored_answer(f, value),
                            );
                        }
                        None => {
                            if !out.contains_key(key) {
                                out.insert(key.clone(), value.clone());
                            }
                        }
                    }
                }
                Json::Object(out)
            };
            return Json::Array(rows.iter().map(row).collect());
        }
        self.map_options(field, v, |l, s| l.stored(s).to_string())
    }

    /// An answer of `field` as a record holds it, in the model's option ids (stored ids
    /// translated back; a yes/no option stored as a JSON boolean stays one unless its stored
    /// id is another).
    #[must_use]
    pub fn model_answer(&self, field: FieldIx, v: &serde_json::Value) -> serde_json::Value {
        self.map_options(field, v, |l, s| l.from_stored(s).to_string())
    }

    fn map_options(
        &self,
        field: FieldIx,
        v: &serde_json::Value,
        map: impl Fn(&super::Lookup, &str) -> String,
    ) -> serde_json::Value {
        use serde_json::Value as Json;
        let super::FieldKind::Select {
            source: super::OptionSource::Lookup(l),
            ..
        } = &self.field(field).kind
        else {
            return v.clone();
        };
        let lookup = self.lookup(*l);
        let one = |x: &Json| match x {
            Json::String(s) => Json::String(map(lookup, s)),
            Json::Bool(b) => {
                let s = b.to_string();
                let mapped = map(lookup, &s);
                if mapped == s {
                    x.clone()
                } else {
                    Json::String(mapped)
                }
            }
            other => other.clone(),
        };
        match v {
            Json::Array(items) => Json::Array(items.iter().map(one).collect()),
            other => one(other),
        }
    }

    /// Whether the configuration stores anything under another id than the model's (an option
    /// or a field with `stored_as`).
    #[must_use]
    pub fn has_stored_ids(&self) -> bool {
        self.lookups.iter().any(super::Lookup::has_aliases)
            || self.fields.iter().any(super::Field::is_aliased)
    }
}
