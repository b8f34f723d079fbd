//! A country's own forms, subforms and roles (issue 15, item 3) and `hide form`, through every
//! target: the fixture countries `tests/fixtures/country/ok-country-forms` and `ok-hide-form`
//! are built by each target, and what each emits of them is checked and snapshotted.

use gbvims_compiler::Compiled;
use gbvims_targets::{Artifact, Options, TargetKind};

use serde_json::Value as Json;

use crate::common;

fn case(name: &str) -> Compiled {
    let dir = common::fixtures_root().join("country").join(name);
    let (_, compiled, _) = common::country::compile_case(&dir);
    compiled
}

/// Every target's files for a fixture country (Primero with Iraq's instance file).
fn build(compiled: &Compiled) -> Vec<(TargetKind, Vec<Artifact>)> {
    let checked = compiled.checked().expect("checks clean");
    let options = Options {
        primero_instance: Some(crate::primero::instance("iraq")),
        ..Options::default()
    };
    gbvims_targets::all()
        .iter()
        .map(|t| {
            let files = t
                .emit(checked, &options)
                .unwrap_or_else(|ds| panic!("{:?} builds: {ds:?}", t.kind()));
            (t.kind(), files)
        })
        .collect()
}

fn text<'a>(files: &'a [(TargetKind, Vec<Artifact>)], kind: TargetKind, path: &str) -> &'a str {
    let (_, artifacts) = files.iter().find(|(k, _)| *k == kind).unwrap();
    let a = artifacts
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| {
            let paths: Vec<&str> = artifacts.iter().map(|a| a.path.as_str()).collect();
            panic!("{kind:?}: no {path} in {paths:?}")
        });
    std::str::from_utf8(&a.bytes).unwrap()
}

fn json(files: &[(TargetKind, Vec<Artifact>)], kind: TargetKind, path: &str) -> Json {
    serde_json::from_str(text(files, kind, path)).unwrap()
}

/// The lines of `text` that mention one of `needles`, trimmed (a reviewable excerpt).
fn lines_with(text: &str, needles: &[&str]) -> String {
    text.lines()
        .filter(|l| needles.iter().any(|n| l.contains(n)))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_target_emits_the_countrys_own_forms_subforms_and_roles() {
    let compiled = case("ok-country-forms");
    let model = compiled.model().unwrap();
    let files = build(&compiled);

    // Mobile: the case's XForm holds the forms (the felt-stigma scale, marked `mobile`, with its
    // repeat of items and its scores) and the XLSForm is written.
    let xform = text(&files, TargetKind::Mobile, "case.xml");
    for id in [
        "tl_stigma_q1",
        "tl_stigma_score",
        "tl_stigma_items",
        "tl_stigma_item_level",
    ] {
        assert!(xform.contains(id), "the case XForm lacks {id}");
    }
    let mobile = lines_with(
        xform,
        &["tl_stigma_score", "tl_stigma_mean", "nodeset=\"/case/tl_"],
    );

    // Web: the forms are in the case's schema and UI schema (in the country's navigation
    // group), the roles in roles.json.
    let schema = text(&files, TargetKind::Web, "schemas/case.schema.json");
    assert!(schema.contains("tl_referral_accepted") && schema.contains("tl_stigma_item_where"));
    let ui = text(&files, TargetKind::Web, "ui/case.uischema.json");
    assert!(ui.contains("M&E"), "the navigation group of the country");
    let web_roles = json(&files, TargetKind::Web, "roles.json");
    let web_roles: Vec<String> = web_roles["roles"]
        .as_array()
        .expect("roles.json lists roles")
        .iter()
        .map(|r| {
            let case = r["fields"]["case"].as_array().cloned().unwrap_or_default();
            let own: Vec<&str> = case
                .iter()
                .filter_map(Json::as_str)
                .filter(|f| f.starts_with("tl_"))
                .collect();
            format!(
                "{} sees_identifying={} own fields: {}",
                r["id"].as_str().unwrap(),
                r["sees_identifying"],
                own.join(", ")
            )
        })
        .collect();
    assert!(web_roles.iter().any(|r| r.starts_with("tl_focal_point ")));
    assert!(web_roles.iter().any(|r| r.starts_with("tl_im_manager ")));

    // Primero: form sections in the country's form group, the roles, and the scores (which
    // Primero's `sum`/`avg` would compute differently) listed as not expressed.
    let bundle = json(&files, TargetKind::Primero, "configuration.json");
    let sections: Vec<String> = bundle["data"]["FormSection"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["unique_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("tl_"))
        })
        .map(|f| {
            format!(
                "{} parent={} group={} visible={} mobile={} nested={} fields={}",
                f["unique_id"].as_str().unwrap(),
                f["parent_form"],
                f["form_group_id"],
                f["visible"],
                f["mobile_form"],
                f["is_nested"],
                f["fields_attributes"].as_array().map_or(0, Vec::len)
            )
        })
        .collect();
    assert_eq!(sections.len(), 4, "{sections:?}");
    let roles = json(&files, TargetKind::Primero, "roles.json");
    let role_ids: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["unique_id"].as_str())
        .collect();
    assert!(
        role_ids
            .iter()
            .filter(|r| r.contains("tl_") || r.contains("tl-"))
            .count()
            == 2,
        "{role_ids:?}"
    );
    let not_expressed = text(&files, TargetKind::Primero, "NOT-EXPRESSED.md");
    assert!(not_expressed.contains("tl_stigma_score"));
    let not_expressed = lines_with(not_expressed, &["| `tl_"]);

    // The confidentiality rules hold for the country's roles: the manager sees no identifying
    // field, the focal point sees them.
    let role = |id: &str| {
        gbvims_compiler::model::RoleIx::from_index(
            model
                .roles
                .iter()
                .position(|r| r.id.as_str() == id)
                .unwrap(),
        )
    };
    let (focal, im) = (role("tl_focal_point"), role("tl_im_manager"));
    let mut identifying_seen_by_focal = false;
    for (n, f) in model.fields.iter().enumerate() {
        if f.flags.identifying {
            let seeing = model.roles_seeing(gbvims_compiler::model::FieldIx::from_index(n));
            assert!(!seeing.contains(&im), "{} is shown to the manager", f.id);
            identifying_seen_by_focal |= seeing.contains(&focal);
        }
    }
    assert!(
        identifying_seen_by_focal,
        "the focal point sees identifying fields"
    );

    common::assert_snapshot(
        "country_forms__targets",
        &format!(
            "## mobile (case.xml)\n{mobile}\n\n## Primero form sections\n{}\n\n## Primero roles\n{}\n\n## Primero NOT-EXPRESSED.md\n{not_expressed}\n\n## web roles.json (the country's fields each role sees)\n{}",
            sections.join("\n"),
            role_ids.join("\n"),
            web_roles.join("\n")
        ),
    );
}

#[test]
fn a_hidden_form_leaves_every_target_with_its_subforms() {
    let compiled = case("ok-hide-form");
    let files = build(&compiled);
    let bundle = json(&files, TargetKind::Primero, "configuration.json");
    let section = |id: &str| {
        bundle["data"]["FormSection"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["unique_id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no section {id}"))
    };
    for id in ["client_feedback", "action_plan_form"] {
        let s = section(id);
        assert_eq!(s["visible"], false, "{id}");
        assert_eq!(s["mobile_form"], false, "{id}");
    }
    // Its subforms go with it.
    for id in [
        "action_plan_subform_section",
        "gbv_follow_up_subform_section",
    ] {
        assert_eq!(section(id)["mobile_form"], false, "{id}");
    }
    // Kept forms stay.
    assert_eq!(section("safety_plan")["visible"], true);
    let ui = text(&files, TargetKind::Web, "ui/case.uischema.json");
    assert!(!ui.contains("client_feedback") && !ui.contains("action_plan_form"));
    assert!(ui.contains("safety_plan"));
    let xform = text(&files, TargetKind::Mobile, "case.xml");
    assert!(!xform.contains("client_feedback_date") && !xform.contains("action_plan_form"));
    assert!(xform.contains("safety_plan"));
}

/// `gbvims show --changes` lists each form, subform and role the country declares, and each form
/// it hides with its subforms (the base country, the forms of `ok-country-forms`, two hides).
#[test]
fn show_changes_lists_the_countrys_forms_roles_and_hidden_forms() {
    let tmp = tempfile::tempdir().unwrap();
    let root = common::fixtures_root().join("country");
    for f in ["country.gbv", "locations.csv", "mobile-public-key.pem"] {
        std::fs::copy(root.join("_base").join(f), tmp.path().join(f)).unwrap();
    }
    std::fs::copy(
        root.join("ok-country-forms/overlay.gbv"),
        tmp.path().join("forms.gbv"),
    )
    .unwrap();
    std::fs::copy(
        root.join("ok-hide-form/overlay.gbv"),
        tmp.path().join("hidden.gbv"),
    )
    .unwrap();
    let dir = tmp.path().to_str().unwrap();
    let (code, json, err) =
        common::gbvims(&["show", dir, "--changes", "--format", "json"], tmp.path());
    assert_eq!(code, 0, "{err}");
    let json: Json = serde_json::from_str(&json).unwrap();
    let rows: Vec<String> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            matches!(
                c["change"].as_str(),
                Some("form_declared" | "role_declared" | "form_hidden")
            )
        })
        .map(|c| {
            let mut c = c.clone();
            c.as_object_mut().unwrap().remove("source");
            c.to_string()
        })
        .collect();
    assert_eq!(
        rows,
        [
            r#"{"change":"form_declared","fields":8,"form":"tl_felt_stigma","record":"case"}"#,
            r#"{"change":"form_declared","fields":2,"form":"tl_stigma_item","record":null}"#,
            r#"{"change":"form_declared","fields":2,"form":"tl_monitoring","record":"case"}"#,
            r#"{"change":"form_declared","fields":2,"form":"tl_referral_tracking","record":"case"}"#,
            r#"{"change":"role_declared","role":"tl_focal_point"}"#,
            r#"{"change":"role_declared","role":"tl_im_manager"}"#,
            r#"{"change":"form_hidden","form":"client_feedback","subforms":[]}"#,
            r#"{"change":"form_hidden","form":"action_plan_form","subforms":["action_plan_subform_section","gbv_follow_up_subform_section"]}"#,
        ]
    );
    // From inside the directory, so the sources (and where the table cuts them) never vary.
    let (code, human, err) = common::gbvims(&["show", ".", "--changes"], tmp.path());
    assert_eq!(code, 0, "{err}");
    let human: Vec<String> = human
        .lines()
        .filter(|l| l.contains("(the country's own") || l.contains(" hidden"))
        .map(|l| l.trim_end().to_string())
        .collect();
    common::assert_snapshot("country_forms__show_changes", &human.join("\n"));
}

/// The country's own forms, fields and roles are translated like the standard's (`translate form`,
/// `translate field`, `translate role` into another language of the country); the role's label
/// is the country's to word, so E0101 (which keeps the standard's role labels) does not apply.
#[test]
fn the_countrys_own_forms_and_roles_are_translated() {
    let tmp = tempfile::tempdir().unwrap();
    let root = common::fixtures_root().join("country");
    std::fs::copy(
        root.join("_base/mobile-public-key.pem"),
        tmp.path().join("mobile-public-key.pem"),
    )
    .unwrap();
    // The base's places, named in French too.
    std::fs::write(
        tmp.path().join("locations.csv"),
        "Country code,Country,Pays,Region code,Region,Région,District code,District,District (fr)\n\
         #country+code,#country+name,#country+name+fr,#adm1+code,#adm1+name,#adm1+name+fr,#adm2+code,#adm2+name,#adm2+name+fr\n\
         TL,Timor-Leste,Timor-Leste,TL01,Dili,Dili,TL0101,Cristo Rei,Cristo Rei\n\
         TL,Timor-Leste,Timor-Leste,TL01,Dili,Dili,TL0102,Dom Aleixo,Dom Aleixo\n\
         TL,Timor-Leste,Timor-Leste,TL02,Baucau,Baucau,TL0201,Baucau,Baucau\n",
    )
    .unwrap();
    let header = std::fs::read_to_string(root.join("_base/country.gbv"))
        .unwrap()
        .replace("  languages: en\n", "  languages: en, fr\n");
    std::fs::write(tmp.path().join("country.gbv"), header).unwrap();
    std::fs::copy(
        root.join("ok-country-forms/overlay.gbv"),
        tmp.path().join("forms.gbv"),
    )
    .unwrap();
    std::fs::create_dir(tmp.path().join("translations")).unwrap();
    std::fs::write(
        tmp.path().join("translations/fr.gbv"),
        "translate form tl_monitoring {\n  title: fr \"Suivi et évaluation\"\n}\n\
         translate role tl_focal_point {\n  label: fr \"Point focal VBG\"\n}\n\
         translate field tl_monitoring.tl_monitoring_visit_date {\n  label: fr \"Date de la visite\"\n}\n",
    )
    .unwrap();
    let (code, out, err) = common::gbvims(&["check", ".", "--format", "json"], tmp.path());
    let codes: Vec<String> = out
        .lines()
        .filter_map(|l| serde_json::from_str::<Json>(l).ok())
        .filter_map(|d| d["code"].as_str().map(String::from))
        .collect();
    // Only the texts nobody translated are reported (W0005): no error.
    assert_eq!(code, 0, "{err}{out}");
    assert!(codes.iter().all(|c| c == "W0005"), "{codes:?}");
    let (_, out, err) = common::gbvims(&["check", "."], tmp.path());
    let missing = format!("{out}{err}");
    for key in [
        "form.tl_monitoring.title",
        "role.tl_focal_point.label",
        "field.tl_monitoring.tl_monitoring_visit_date.label",
    ] {
        assert!(
            !missing.contains(&format!("    {key}\n")),
            "{key} untranslated"
        );
    }
    assert!(
        missing.contains("    role.tl_im_manager.label\n"),
        "{missing}"
    );
}
