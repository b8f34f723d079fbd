//! Which records an output may use, beside [`crate::eval`] and reading answers with it: the
//! Incident Recorder's export and the aggregate statistics apply the same rules (FACTS §6.4).
//!
//! - [`record_state_valid`]: Primero marks a disabled (invalid) record `record_state: false`;
//!   only valid records count. A record without the attribute is valid.
//! - [`consented`]: `consent_reporting` is yes (`"true"` or `true`): consent to share
//!   non-identifiable information for reporting.
//! - [`reported_by_gbvims_org`]: `gbv_reported_elsewhere` is `gbvims-org`, the incident is
//!   already counted by another GBVIMS organisation (double counting).

use serde_json::{Map, Value as Json};

use crate::eval::{Evaluator, Val};
use crate::model::{Date, FieldIx, Model, RecordIx};

/// The consent field.
const CONSENT: &str = "consent_reporting";
/// The field telling where else the incident was reported.
const REPORTED_ELSEWHERE: &str = "gbv_reported_elsewhere";
/// Its option for another GBVIMS organisation.
const GBVIMS_ORG: &str = "gbvims-org";

/// Is the record valid (not disabled)? `record_state` false (or `"false"`) disables it.
#[must_use]
pub fn record_state_valid(record: &Map<String, Json>) -> bool {
    !matches!(record.get("record_state"), Some(Json::Bool(false)))
        && !matches!(record.get("record_state"), Some(Json::String(s)) if s == "false")
}

/// The answer of the record-level field `id` of `record_type`, read by the evaluator (so a
/// question that is not asked reads as empty).
fn answer<'r>(
    model: &Model,
    record_type: RecordIx,
    record: &'r Map<String, Json>,
    id: &str,
) -> Val<'r> {
    let Some(fx) = field_of(model, record_type, id) else {
        return Val::Empty;
    };
    // `today()` plays no part in these answers.
    let today = Date {
        year: 1970,
        month: 1,
        day: 1,
    };
    Evaluator::new(model, record, today).field(fx)
}

fn is_option(v: &Val<'_>, id: &str) -> bool {
    matches!(v, Val::Opt(o) | Val::Text(o) if o == id)
        || matches!(v, Val::Bool(b) if b.to_string() == id)
}

/// Did the survivor consent to reporting (`consent_reporting` = yes)?
#[must_use]
pub fn consented(model: &Model, record_type: RecordIx, record: &Map<String, Json>) -> bool {
    is_option(&answer(model, record_type, record, CONSENT), "true")
}

/// Was the incident reported by another GBVIMS organisation (`gbv_reported_elsewhere` =
/// `gbvims-org`)?
#[must_use]
pub fn reported_by_gbvims_org(
    model: &Model,
    record_type: RecordIx,
    record: &Map<String, Json>,
) -> bool {
    is_option(
        &answer(model, record_type, record, REPORTED_ELSEWHERE),
        GBVIMS_ORG,
    )
}

/// Why a record was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dropped {
    /// `record_state` is false.
    Disabled,
    /// No consent to reporting.
    NotConsented,
    /// Already counted by another GBVIMS organisation.
    ReportedByGbvimsOrg,
}

/// Which filters apply. Disabled records are always left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Leave out records without consent to reporting.
    pub only_consented: bool,
    /// Leave out incidents reported by another GBVIMS organisation.
    pub exclude_reported_by_gbvims_org: bool,
}

/// How many records each filter left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DroppedCounts {
    /// Disabled records.
    pub disabled: usize,
    /// Records without consent.
    pub not_consented: usize,
    /// Records reported by another GBVIMS organisation.
    pub reported_by_gbvims_org: usize,
}

impl DroppedCounts {
    /// Counts one record left out.
    pub fn add(&mut self, why: Dropped) {
        match why {
            Dropped::Disabled => self.disabled += 1,
            Dropped::NotConsented => self.not_consented += 1,
            Dropped::ReportedByGbvimsOrg => self.reported_by_gbvims_org += 1,
        }
    }

    /// Every record left out.
    #[must_use]
    pub fn total(&self) -> usize {
        self.disabled + self.not_consented + self.reported_by_gbvims_org
    }
}

impl Filters {
    /// Why `record` is left out, if it is (the first reason, in the order of [`Dropped`]).
    #[must_use]
    pub fn check(
        &self,
        model: &Model,
        record_type: RecordIx,
        record: &Map<String, Json>,
    ) -> Option<Dropped> {
        if !record_state_valid(record) {
            Some(Dropped::Disabled)
        } else if self.only_consented && !consented(model, record_type, record) {
            Some(Dropped::NotConsented)
        } else if self.exclude_reported_by_gbvims_org
            && reported_by_gbvims_org(model, record_type, record)
        {
            Some(Dropped::ReportedByGbvimsOrg)
        } else {
            None
        }
    }
}

/// The record-level field `id` of `record_type`, if it has one.
#[must_use]
pub fn field_of(model: &Model, record_type: RecordIx, id: &str) -> Option<FieldIx> {
    model
        .record(record_type)
        .forms
        .iter()
        .flat_map(|&f| model.form(f).fields.iter().copied())
        .find(|&f| model.field(f).id.as_str() == id)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::record_state_valid;

    #[test]
    fn record_state() {
        let valid = |v: serde_json::Value| record_state_valid(v.as_object().unwrap());
        assert!(valid(json!({})));
        assert!(valid(json!({"record_state": true})));
        assert!(valid(json!({"record_state": "true"})));
        assert!(!valid(json!({"record_state": false})));
        assert!(!valid(json!({"record_state": "false"})));
    }
}
