//! The reverse translation on hand-made scopes: what the Primero target writes, what Primero's
//! own form builder and seeds write, and what nobody should write (never a panic).

use serde_json::json;

use super::*;

fn select(id: &str, multi: bool, options: &[(&str, &str)]) -> Field {
    Field {
        id: id.into(),
        kind: Kind::Select {
            multi,
            options: options
                .iter()
                .map(|(s, i)| ((*s).to_string(), (*i).to_string()))
                .collect(),
        },
        condition: None,
    }
}

fn plain(id: &str, kind: Kind) -> Field {
    Field {
        id: id.into(),
        kind,
        condition: None,
    }
}

/// A scope: `yes_no` (stored `yes`/`no`), `kind` (four options, `legal` stored as
/// `legal_old`), `needs` (multi), `age`, `seen` (a date), `tick`, `note` (text), `where`
/// (a location), `detail` (shown when `yes_no` is yes), `service` (legacy key of `ng_service`).
fn scope() -> Fields {
    let mut f = Fields::new();
    f.insert(
        "yes_no".into(),
        select("yes_no", false, &[("yes", "true"), ("no", "false")]),
    );
    let kinds = [
        ("health", "health"),
        ("legal_old", "legal"),
        ("shelter", "shelter"),
        ("other", "other"),
    ];
    f.insert("kind".into(), select("kind", false, &kinds));
    f.insert("needs".into(), select("needs", true, &kinds));
    f.insert("age".into(), plain("age", Kind::Integer));
    f.insert("seen".into(), plain("seen", Kind::Date));
    f.insert("tick".into(), plain("tick", Kind::TickBox));
    f.insert("note".into(), plain("note", Kind::Text));
    f.insert(
        "where".into(),
        plain("where", Kind::Other("select_box (Location)".into())),
    );
    let mut detail = select("detail", false, &kinds);
    detail.condition = Some(Cond::Cmp(CmpOp::Eq, "yes_no".into(), json!("yes")));
    f.insert("detail".into(), detail);
    f.insert("service".into(), select("ng_service", false, &kinds));
    f
}

/// The gbvims text a Primero condition reads back as.
fn text(json: serde_json::Value) -> Result<String, String> {
    let c = parse(&json)?.ok_or("no condition")?;
    read(&c, &scope()).map(|r| r.expr.to_string())
}

#[test]
fn what_the_target_writes_reads_back_in_its_natural_form() {
    for (primero, gbvims) in [
        (json!({"eq": {"yes_no": "yes"}}), r#"yes_no = "true""#),
        (json!({"eq": {"kind": "legal_old"}}), r#"kind = "legal""#),
        // `!=` on a choice: the other options, in the list's order.
        (
            json!({"in": {"kind": ["health", "legal_old", "other"]}}),
            r#"kind != "shelter""#,
        ),
        // `not in`: fewer options left out than kept.
        (json!({"in": {"kind": ["health"]}}), r#"kind in ["health"]"#),
        (
            json!({"in": {"kind": ["health", "legal_old"]}}),
            r#"kind in ["health", "legal"]"#,
        ),
        // Every option: has an answer.
        (
            json!({"in": {"kind": ["health", "legal_old", "shelter", "other"]}}),
            "kind is not empty",
        ),
        (
            json!({"not": {"in": {"kind": ["health", "legal_old", "shelter", "other"]}}}),
            "kind is empty",
        ),
        // `= false` is written `in`.
        (json!({"in": {"tick": [false]}}), "tick = false"),
        (json!({"in": {"tick": [true]}}), "tick != false"),
        (json!({"in": {"tick": [true, false]}}), "tick is not empty"),
        (json!({"eq": {"tick": true}}), "tick = true"),
        // Numbers and dates: `!=` and "has an answer" are two orderings.
        (
            json!({"or": [{"lt": {"age": 30}}, {"gt": {"age": 30}}]}),
            "age != 30",
        ),
        (
            json!({"or": [{"lt": {"age": 0}}, {"ge": {"age": 0}}]}),
            "age is not empty",
        ),
        (
            json!({"or": [{"lt": {"age": 18}}, {"lt": {"age": 30}}, {"gt": {"age": 30}}]}),
            "age < 18 or age != 30",
        ),
        (
            json!({"and": [{"ge": {"seen": "2024-01-01"}}, {"or": [{"lt": {"seen": "2024-06-30"}}, {"gt": {"seen": "2024-06-30"}}]}]}),
            r#"seen >= date("2024-01-01") and seen != date("2024-06-30")"#,
        ),
        // A multi-select: `contains`, and every option one by one is "has an answer".
        (
            json!({"in": {"needs": ["legal_old"]}}),
            r#"needs contains "legal""#,
        ),
        (
            json!({"or": [{"eq": {"tick": true}}, {"in": {"needs": ["health"]}}, {"in": {"needs": ["legal_old"]}}, {"in": {"needs": ["shelter"]}}, {"in": {"needs": ["other"]}}]}),
            "tick = true or needs is not empty",
        ),
        // Logic, with brackets where `or` sits inside `and`.
        (
            json!({"and": [{"or": [{"eq": {"kind": "health"}}, {"eq": {"kind": "other"}}]}, {"not": {"lt": {"age": 18}}}]}),
            r#"(kind = "health" or kind = "other") and not (age < 18)"#,
        ),
        // A field under its legacy key reads back by its id.
        (
            json!({"eq": {"service": "shelter"}}),
            r#"ng_service = "shelter""#,
        ),
    ] {
        assert_eq!(text(primero.clone()), Ok(gbvims.to_string()), "{primero}");
    }
}

#[test]
fn the_guard_the_target_adds_is_removed() {
    // `detail != "other"`, with `detail` shown when `yes_no` is yes.
    let c = json!({"and": [{"eq": {"yes_no": "yes"}}, {"in": {"detail": ["health", "legal_old", "shelter"]}}]});
    let c = parse(&c).unwrap().unwrap();
    let r = read(&c, &scope()).unwrap();
    assert_eq!(r.expr.to_string(), r#"detail != "other""#);
    assert!(r.unguarded.is_empty());
    // Inside `not` (`detail is empty`) and `or`, and repeated in a longer `and`.
    for (primero, gbvims) in [
        (
            json!({"not": {"and": [{"eq": {"yes_no": "yes"}}, {"in": {"detail": ["health", "legal_old", "shelter", "other"]}}]}}),
            "detail is empty",
        ),
        (
            json!({"or": [{"and": [{"eq": {"yes_no": "yes"}}, {"eq": {"detail": "health"}}]}, {"eq": {"tick": true}}]}),
            r#"detail = "health" or tick = true"#,
        ),
        (
            json!({"and": [{"eq": {"yes_no": "yes"}}, {"eq": {"detail": "health"}}, {"gt": {"age": 3}}]}),
            r#"detail = "health" and age > 3"#,
        ),
    ] {
        assert_eq!(text(primero.clone()), Ok(gbvims.to_string()), "{primero}");
    }
}

#[test]
fn a_condition_without_the_guard_is_read_with_a_note() {
    // Written by hand in Primero: reads `detail` without its condition.
    let c = parse(&json!({"eq": {"detail": "health"}}))
        .unwrap()
        .unwrap();
    let r = read(&c, &scope()).unwrap();
    assert_eq!(r.expr.to_string(), r#"detail = "health""#);
    assert_eq!(r.unguarded.into_iter().collect::<Vec<_>>(), ["detail"]);
}

#[test]
fn conditions_the_target_never_writes_read_back_faithfully() {
    for (primero, gbvims) in [
        // Primero's `eq false` also holds for an unanswered tick box.
        (json!({"eq": {"tick": false}}), "not (tick = true)"),
        // `in` on a multi-select needs every listed option.
        (
            json!({"in": {"needs": ["health", "shelter"]}}),
            r#"needs contains "health" and needs contains "shelter""#,
        ),
        (json!({"le": {"age": 17}}), "age <= 17"),
        (json!({"eq": {"note": "n/a"}}), r#"note = "n/a""#),
        (json!({"in": {"age": [1, 2]}}), "age in [1, 2]"),
        // The legacy list form: `and` across keys, `or` across values and items.
        (
            json!([{"kind": ["health", "other"], "tick": true}, {"age": 3}]),
            r#"(kind = "health" or kind = "other") and tick = true or age = 3"#,
        ),
        // The form builder's `disabled: false`.
        (
            json!({"disabled": false, "eq": {"kind": "health"}}),
            r#"kind = "health""#,
        ),
        // A logical operator over one condition, not a list.
        (
            json!({"and": {"eq": {"kind": "health"}}}),
            r#"kind = "health""#,
        ),
    ] {
        assert_eq!(text(primero.clone()), Ok(gbvims.to_string()), "{primero}");
    }
}

#[test]
fn no_condition_at_all() {
    for json in [
        json!(null),
        json!([]),
        json!({}),
        json!({"disabled": true, "eq": {"kind": "health"}}),
    ] {
        assert_eq!(parse(&json), Ok(None), "{json}");
    }
}

#[test]
fn unknown_names_and_values_are_refused_with_the_reason() {
    for (primero, why) in [
        (
            json!({"eq": {"gone": "x"}}),
            "reads `gone`, which is not a field here",
        ),
        (
            json!({"eq": {"kind": "spa"}}),
            "`spa`, which is not an option",
        ),
        (
            json!({"in": {"kind": ["health", "spa"]}}),
            "`spa`, which is not an option",
        ),
        (
            json!({"eq": {"where": "TL01"}}),
            "which the importer does not read back",
        ),
        (json!({"eq": {"yes_no": false}}), "with the value `false`"),
        (json!({"eq": {"yes_no": true}}), "which is not an option id"),
        (
            json!({"eq": {"needs": ["health"]}}),
            "a whole list of answers",
        ),
        (json!({"eq": {"needs": "health"}}), "as a whole"),
        (
            json!({"gt": {"kind": "health"}}),
            "does only for numbers and dates",
        ),
        (json!({"eq": {"age": "18"}}), "never finds equal"),
        (json!({"eq": {"age": 1.5}}), "not a whole number"),
        (json!({"eq": {"seen": "yesterday"}}), "never finds equal"),
        (json!({"eq": {"tick": "true"}}), "never finds equal"),
    ] {
        let got = text(primero.clone()).unwrap_err();
        assert!(got.contains(why), "{primero}: {got}");
    }
}

#[test]
fn malformed_conditions_are_refused_never_a_panic() {
    for json in [
        json!("kind = health"),
        json!(3),
        json!({"eq": "health"}),
        json!({"eq": {"kind": "health", "age": 3}}),
        json!({"eq": {}}),
        json!({"in": {"kind": "health"}}),
        json!({"in": {"kind": []}}),
        json!({"and": []}),
        json!({"and": 3}),
        json!({"and": [{}]}),
        json!({"not": []}),
        json!({"not": {}}),
        json!({"xor": [{"eq": {"kind": "health"}}]}),
        json!({"sum": ["age"]}),
        json!({"eq": {"kind": "health"}, "in": {"kind": ["other"]}}),
        json!([3]),
        json!([{"kind": []}]),
    ] {
        assert!(parse(&json).is_err(), "{json}");
    }
    // Deep nesting is refused, not a stack overflow.
    let mut deep = json!({"eq": {"age": 1}});
    for _ in 0..200 {
        deep = json!({ "not": deep });
    }
    assert!(parse(&deep).is_err());
}

#[test]
fn calculations() {
    let mut f = scope();
    f.insert("q1".into(), plain("ng_q1", Kind::Integer));
    let sum = json!({"expression": {"sum": ["age", "q1"]}});
    assert_eq!(
        calculation(&sum, &f).map(|c| c.to_string()),
        Ok("sum(age, ng_q1)".into())
    );
    let avg = json!({"expression": {"avg": ["q1"]}});
    assert_eq!(
        calculation(&avg, &f).map(|c| c.to_string()),
        Ok("avg(ng_q1)".into())
    );
    for (json, why) in [
        (json!({"expression": {"round": ["age"]}}), "uses `round`"),
        (json!({"expression": {"sum": []}}), "lists no field"),
        (
            json!({"expression": {"sum": [{"avg": ["age"]}]}}),
            "not a field name",
        ),
        (json!({"expression": {"sum": ["gone"]}}), "not a field here"),
        (
            json!({"expression": {"sum": ["note"]}}),
            "whole numbers only",
        ),
        (json!({"expression": "age + 1"}), "is not `{expression"),
        (json!(null), "is not `{expression"),
    ] {
        let got = calculation(&json, &f).unwrap_err();
        assert!(got.contains(why), "{json}: {got}");
    }
}
