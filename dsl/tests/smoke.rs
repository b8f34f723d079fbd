#[test]
fn smoke() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/check/ok-sample-form.gbv"
    ))
    .unwrap();
    let p = gbvims_dsl::parse(gbvims_dsl::FileId(0), &src);
    eprintln!("{:#?}", p.errors);
    assert!(p.errors.is_empty());
    let f = gbvims_dsl::fmt::format(&p.file, &src);
    std::fs::write("/tmp/fmt1.gbv", &f).unwrap();
    let p2 = gbvims_dsl::parse(gbvims_dsl::FileId(0), &f);
    assert!(p2.errors.is_empty(), "{:#?}", p2.errors);
    let f2 = gbvims_dsl::fmt::format(&p2.file, &f);
    assert_eq!(f, f2);
}
