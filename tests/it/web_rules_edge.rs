//! Table tests of `gbvims-rules.js` on hand-built expressions of the operators fixture, through
//! the same node harness as the differential test (`web_rules`): what generated forms rarely or
//! never reach — saturating and Euclidean arithmetic, Unicode lengths, leap days, odd stored
//! answers, rows — compared with `compiler::eval`, and the expressions the evaluator must refuse
//! with a clear error (the Incident Recorder's functions, unknown operators).

use gbvims_compiler::eval::Evaluator;
use gbvims_compiler::json::JsonExpr;
use gbvims_compiler::model::{
    AggFunc, BinOp, Date, Expr, ExprKind, Func, Model, OptionId, Ty, Value,
};
use gbvims_targets::web::rules::rules_json;
use serde_json::{json, Map, Value as Json};

use crate::mobile::compile_fixture;
use crate::mobile_common::field_ix;
use crate::web_rules::{node_or_skip, plain, run_harness, work_dir, TODAY};

fn lit(v: Value, ty: Ty) -> Expr {
    Expr {
        kind: ExprKind::Lit(v),
        ty,
    }
}

fn int(n: i64) -> Expr {
    lit(Value::Int(n), Ty::Int)
}

fn text(s: &str) -> Expr {
    lit(Value::Text(s.into()), Ty::Text)
}

fn date(s: &str) -> Expr {
    lit(Value::Date(Date::parse_iso(s).unwrap()), Ty::Date)
}

fn field(model: &Model, id: &str) -> Expr {
    let fx = field_ix(model, id);
    Expr {
        kind: ExprKind::Field(fx),
        ty: model.field_ty(fx),
    }
}

fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
    let ty = match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => Ty::Int,
        _ => Ty::Bool,
    };
    Expr {
        kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
        ty,
    }
}

fn neg(x: Expr) -> Expr {
    Expr {
        kind: ExprKind::Neg(Box::new(x)),
        ty: Ty::Int,
    }
}

fn call(func: Func, args: Vec<Expr>, ty: Ty) -> Expr {
    Expr {
        kind: ExprKind::Call(func, args),
        ty,
    }
}

fn colour(model: &Model, id: &str) -> Expr {
    lit(
        Value::Option(OptionId(id.into())),
        model.field_ty(field_ix(model, "colour")),
    )
}

/// One case: an expression on a record (in its first `people` row when `in_row`).
struct Case {
    name: &'static str,
    expr: Expr,
    record: Json,
    in_row: bool,
}

fn case(name: &'static str, expr: Expr, record: Json) -> Case {
    Case {
        name,
        expr,
        record,
        in_row: false,
    }
}

#[allow(clippy::too_many_lines)]
fn cases(m: &Model) -> Vec<Case> {
    let none = json!({});
    // 2^62, built from literals JSON carries exactly (a literal beyond ±2^53 is refused).
    let big = || bin(BinOp::Mul, int(1 << 31), int(1 << 31));
    let people = |rows: Json| json!({"gate": "true", "a": 10, "people": rows});
    let first_armed = Expr {
        kind: ExprKind::Aggregate {
            func: AggFunc::First,
            rows: field_ix(m, "people"),
            filter: Some(Box::new(bin(
                BinOp::Eq,
                field(m, "armed"),
                lit(
                    Value::Option(OptionId("true".into())),
                    m.field_ty(field_ix(m, "armed")),
                ),
            ))),
        },
        ty: Ty::Row(m.field(field_ix(m, "person_age")).form),
    };
    let member = |base: Expr, id: &str| Expr {
        kind: ExprKind::Member(Box::new(base), field_ix(m, id)),
        ty: m.field_ty(field_ix(m, id)),
    };
    let agg = |func: AggFunc| Expr {
        kind: ExprKind::Aggregate {
            func,
            rows: field_ix(m, "people"),
            filter: None,
        },
        ty: if func == AggFunc::Count {
            Ty::Int
        } else {
            Ty::Bool
        },
    };
    vec![
        case("div", bin(BinOp::Div, int(-7), int(2)), none.clone()),
        case(
            "div-negative",
            bin(BinOp::Div, int(7), int(-2)),
            none.clone(),
        ),
        case("div-both", bin(BinOp::Div, int(-7), int(-2)), none.clone()),
        case("div-zero", bin(BinOp::Div, int(7), int(0)), none.clone()),
        case(
            "mul-saturates",
            bin(BinOp::Mul, big(), int(4)),
            none.clone(),
        ),
        case(
            "sub-saturates",
            bin(BinOp::Sub, neg(big()), bin(BinOp::Mul, big(), int(3))),
            none.clone(),
        ),
        case(
            "neg-min",
            Expr {
                kind: ExprKind::Neg(Box::new(bin(BinOp::Mul, neg(big()), int(2)))),
                ty: Ty::Int,
            },
            none.clone(),
        ),
        case(
            "neg-empty",
            Expr {
                kind: ExprKind::Neg(Box::new(field(m, "a"))),
                ty: Ty::Int,
            },
            none.clone(),
        ),
        case(
            "add-empty",
            bin(BinOp::Add, field(m, "a"), int(1)),
            none.clone(),
        ),
        case(
            "length-arabic",
            call(Func::Length, vec![text("دمشق")], Ty::Int),
            none.clone(),
        ),
        case(
            "length-emoji",
            call(Func::Length, vec![text("👍🏽x")], Ty::Int),
            none.clone(),
        ),
        case(
            "length-blank",
            call(Func::Length, vec![text("")], Ty::Int),
            none.clone(),
        ),
        case(
            "length-number-as-text",
            call(Func::Length, vec![field(m, "note")], Ty::Int),
            json!({"note": 12345}),
        ),
        case(
            "years-leap-day",
            call(
                Func::YearsBetween,
                vec![date("2000-02-29"), date("2001-02-28")],
                Ty::Int,
            ),
            none.clone(),
        ),
        case(
            "years-after-leap-day",
            call(
                Func::YearsBetween,
                vec![date("2000-02-29"), date("2001-03-01")],
                Ty::Int,
            ),
            none.clone(),
        ),
        case(
            "days-centuries",
            call(
                Func::DaysBetween,
                vec![date("1900-03-01"), date("2100-02-28")],
                Ty::Int,
            ),
            none.clone(),
        ),
        case(
            "days-backwards",
            call(
                Func::DaysBetween,
                vec![date("2024-03-01"), date("2024-02-28")],
                Ty::Int,
            ),
            none.clone(),
        ),
        case(
            "days-year-5",
            call(
                Func::DaysBetween,
                vec![date("0005-03-01"), date("1970-01-01")],
                Ty::Int,
            ),
            none.clone(),
        ),
        case("today", call(Func::Today, vec![], Ty::Date), none.clone()),
        case(
            "days-to-today",
            call(
                Func::DaysBetween,
                vec![field(m, "first_date"), call(Func::Today, vec![], Ty::Date)],
                Ty::Int,
            ),
            json!({"first_date": "2024-02-29T23:59:59Z"}),
        ),
        case(
            "coalesce",
            call(
                Func::Coalesce,
                vec![lit(Value::Empty, Ty::Int), field(m, "a"), int(3)],
                Ty::Int,
            ),
            none.clone(),
        ),
        case(
            "coalesce-empty",
            call(Func::Coalesce, vec![lit(Value::Empty, Ty::Int)], Ty::Int),
            none.clone(),
        ),
        case(
            "sum-skips-empty",
            call(
                Func::Sum,
                vec![field(m, "a"), int(-3), lit(Value::Empty, Ty::Int), int(10)],
                Ty::Int,
            ),
            json!({"a": 5}),
        ),
        case(
            "sum-all-empty",
            call(
                Func::Sum,
                vec![field(m, "a"), lit(Value::Empty, Ty::Int)],
                Ty::Int,
            ),
            none.clone(),
        ),
        case(
            "sum-saturates",
            call(Func::Sum, vec![big(), big(), big(), big()], Ty::Int),
            none.clone(),
        ),
        case(
            "sum-exact-inside",
            call(Func::Sum, vec![big(), big(), neg(big()), int(7)], Ty::Int),
            none.clone(),
        ),
        case(
            "avg-floor-negative",
            call(Func::Avg, vec![int(-7), int(0)], Ty::Int),
            none.clone(),
        ),
        case(
            "avg-skips-empty",
            call(Func::Avg, vec![field(m, "a"), int(4), int(5)], Ty::Int),
            none.clone(),
        ),
        case(
            "avg-big",
            call(Func::Avg, vec![big(), big(), big()], Ty::Int),
            none.clone(),
        ),
        case(
            "avg-all-empty",
            call(Func::Avg, vec![field(m, "a")], Ty::Int),
            none.clone(),
        ),
        case(
            "option-is-text",
            bin(BinOp::Eq, colour(m, "red"), text("red")),
            none.clone(),
        ),
        case(
            "ne-empty",
            bin(BinOp::Ne, field(m, "colour"), colour(m, "red")),
            none.clone(),
        ),
        case(
            "text-unordered",
            bin(BinOp::Lt, text("a"), text("b")),
            none.clone(),
        ),
        case(
            "date-ordered",
            bin(BinOp::Lt, date("2020-01-01"), date("2020-01-02")),
            none.clone(),
        ),
        case(
            "opts-equal",
            bin(BinOp::Eq, field(m, "colours"), field(m, "colours")),
            json!({"colours": ["red", "blue"]}),
        ),
        case(
            "in-empty",
            Expr {
                kind: ExprKind::In(Box::new(field(m, "colour")), vec![colour(m, "red")], true),
                ty: Ty::Bool,
            },
            none.clone(),
        ),
        case(
            "contains-single",
            Expr {
                kind: ExprKind::Contains(Box::new(field(m, "colours")), OptionId("red".into())),
                ty: Ty::Bool,
            },
            json!({"colours": "red"}),
        ),
        case(
            "collect-drops-text",
            Expr {
                kind: ExprKind::Collect(vec![
                    (lit(Value::Bool(true), Ty::Bool), text("x")),
                    (lit(Value::Bool(true), Ty::Bool), colour(m, "red")),
                    (lit(Value::Bool(false), Ty::Bool), colour(m, "blue")),
                ]),
                ty: m.field_ty(field_ix(m, "colours")),
            },
            none.clone(),
        ),
        case(
            "case-no-else",
            Expr {
                kind: ExprKind::Case {
                    arms: vec![(lit(Value::Bool(false), Ty::Bool), int(1))],
                    otherwise: None,
                },
                ty: Ty::Int,
            },
            none.clone(),
        ),
        case("int-spaces", field(m, "a"), json!({"a": " 12 "})),
        case("int-plus", field(m, "a"), json!({"a": "+7"})),
        case("int-exponent", field(m, "a"), json!({"a": "1e3"})),
        case(
            "int-too-big",
            field(m, "a"),
            json!({"a": "99999999999999999999"}),
        ),
        case("int-large", field(m, "a"), json!({"a": 5_000_000_000_i64})),
        case("int-nbsp", field(m, "a"), json!({"a": "\u{a0}5\u{85}"})),
        case("int-bom", field(m, "a"), json!({"a": "\u{feff}5"})),
        case("tick-yes", field(m, "flag"), json!({"flag": "yes"})),
        case("tick-number", field(m, "flag"), json!({"flag": 1})),
        case(
            "date-datetime",
            field(m, "first_date"),
            json!({"first_date": "2024-02-29T23:59:59Z"}),
        ),
        case(
            "date-invalid",
            field(m, "first_date"),
            json!({"first_date": "2023-02-29"}),
        ),
        case(
            "date-number",
            field(m, "first_date"),
            json!({"first_date": 20_200_101}),
        ),
        case(
            "date-signed",
            field(m, "first_date"),
            json!({"first_date": "+202-01-05"}),
        ),
        case(
            "date-month-plus",
            field(m, "first_date"),
            json!({"first_date": "2020-+1-05"}),
        ),
        case(
            "date-short-unicode",
            field(m, "first_date"),
            json!({"first_date": "2020-01-0é"}),
        ),
        case("text-number", field(m, "note"), json!({"note": 42})),
        case("text-object", field(m, "note"), json!({"note": {"a": 1}})),
        case("option-bool", field(m, "colour"), json!({"colour": true})),
        case(
            "option-array",
            field(m, "colour"),
            json!({"colour": ["red"]}),
        ),
        case(
            "options-text",
            field(m, "colours"),
            json!({"colours": "red"}),
        ),
        case(
            "options-mixed",
            field(m, "colours"),
            json!({"colours": [1, "true"]}),
        ),
        case(
            "hidden",
            field(m, "behind_gate"),
            json!({"gate": "false", "behind_gate": 9}),
        ),
        case(
            "hidden-chain",
            field(m, "further"),
            json!({"gate": "false", "behind_gate": 9, "further": "true"}),
        ),
        case(
            "first-no-rows",
            member(first_armed.clone(), "person_age"),
            people(json!([])),
        ),
        case(
            "first-armed",
            member(first_armed, "person_age"),
            people(
                json!([{"armed": "false", "person_age": 3}, "not a row", {"armed": true, "person_age": 40}]),
            ),
        ),
        case(
            "count-skips-junk",
            agg(AggFunc::Count),
            people(json!([{}, "x", 3, {}])),
        ),
        case("all-no-rows", agg(AggFunc::All), people(json!([]))),
        case("any-no-rows", agg(AggFunc::Any), people(json!([]))),
        case(
            "count-hidden-subform",
            agg(AggFunc::Count),
            json!({"gate": "false", "people": [{}]}),
        ),
        Case {
            name: "row-field",
            expr: field(m, "weapons"),
            record: people(json!([{"armed": "true", "weapons": 3}])),
            in_row: true,
        },
        Case {
            name: "row-field-hidden",
            expr: field(m, "weapons"),
            record: people(json!([{"armed": "false", "weapons": 3}])),
            in_row: true,
        },
        Case {
            name: "row-calculation",
            expr: field(m, "older_than_a"),
            record: people(json!([{"person_age": 11}])),
            in_row: true,
        },
        Case {
            name: "row-hidden-subform",
            expr: field(m, "person_age"),
            record: json!({"gate": "false", "people": [{"person_age": 11}]}),
            in_row: true,
        },
    ]
}

/// What the evaluator refuses, and what its error must say: the Incident Recorder's functions
/// (never in rules.json: E0065), and what no rules.json holds.
fn refused(m: &Model) -> Vec<(&'static str, Json, &'static str)> {
    let of = |e: Expr| serde_json::to_value(JsonExpr::of(m, &e)).unwrap();
    let ir = "an Incident Recorder cell function, which only the Incident Recorder's columns may call (E0065)";
    let mut out: Vec<(&'static str, Json, &'static str)> = [
        ("label", Func::Label, vec![field(m, "colour")]),
        (
            "join_labels",
            Func::JoinLabels,
            vec![field(m, "colours"), text(", ")],
        ),
        ("word", Func::Word, vec![text("gender.male")]),
        ("before", Func::Before, vec![field(m, "note"), text("(")]),
        (
            "location_at",
            Func::LocationAt,
            vec![text("IQ01"), text("county")],
        ),
        ("user_code", Func::UserCode, vec![text("user1")]),
        ("agency_code", Func::AgencyCode, vec![text("agency1")]),
    ]
    .into_iter()
    .map(|(name, f, args)| (name, of(call(f, args, Ty::Cell)), ir))
    .collect();
    out.extend([
        (
            "unknown-op",
            json!({"op": "bogus", "type": {"name": "int"}}),
            "unknown expression `bogus`",
        ),
        (
            "literal-beyond-2^53",
            json!({"op": "literal", "type": {"name": "int"}, "value": 9_007_199_254_740_993_i64}),
            "a whole number within ±2^53 expected",
        ),
        (
            "unknown-function",
            json!({"op": "call", "type": {"name": "int"}, "function": "nope", "kind": "form", "args": []}),
            "unknown function `nope`",
        ),
        (
            "unknown-field",
            json!({"op": "field", "type": {"name": "int"}, "field": "nope", "form": "answers", "scope": "record"}),
            "the field `nope` of `answers` is not in rules.json",
        ),
    ]);
    out
}

#[test]
fn gbvims_rules_js_edge_cases() {
    let Some(node) = node_or_skip() else {
        return;
    };
    let compiled = compile_fixture("tests/fixtures/mobile/operators.gbv");
    let model = compiled.checked().expect("checks clean").model();
    let tmp = tempfile::tempdir().unwrap();
    let dir = work_dir(&tmp).join("edge");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rules.json"), rules_json(model)).unwrap();
    let today = Date::parse_iso(TODAY).unwrap();
    let mut expected = Vec::new();
    let mut input = Vec::new();
    for c in cases(model) {
        let record: Map<String, Json> = c.record.as_object().cloned().unwrap_or_default();
        let row = c
            .in_row
            .then(|| record["people"][0].as_object().cloned())
            .flatten();
        let ev = Evaluator::new(model, &record, today);
        let ours = plain(&ev.eval_at(&c.expr, row.as_ref()));
        input.push(json!({
            "id": c.name,
            "record_type": "incident",
            "record": c.record,
            "expr": JsonExpr::of(model, &c.expr),
            "row": row,
        }));
        expected.push((c.name, ours));
    }
    let refused = refused(model);
    for (name, expr, _) in &refused {
        input.push(
            json!({"id": name, "record_type": "incident", "record": {}, "expr": expr, "row": null}),
        );
    }
    let cases = json!({"today": TODAY, "cases": input});
    std::fs::write(dir.join("exprs.json"), cases.to_string()).unwrap();
    let theirs = run_harness(node, &[dir]);
    let mut problems = Vec::new();
    for (name, ours) in &expected {
        let line = &theirs[*name];
        if line.get("value") != Some(ours) {
            problems.push(format!(
                "{name}: compiler::eval gives {ours}, gbvims-rules.js {line}"
            ));
        }
    }
    for (name, _, says) in &refused {
        let error = theirs[*name]["error"].as_str().unwrap_or_default();
        if !(error.starts_with("gbvims-rules: ") && error.contains(says)) {
            problems.push(format!(
                "{name}: an error saying {says:?} expected, got {}",
                theirs[*name]
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
