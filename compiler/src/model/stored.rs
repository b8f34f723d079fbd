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

    /// Whether the configuration stores anything under another id than the model's (an option
    /// or a field with `stored_as`).
    #[must_use]
    pub fn has_stored_ids(&self) -> bool {
        self.lookups.iter().any(super::Lookup::has_aliases)
            || self.fields.iter().any(super::Field::is_aliased)
    }
}
