//! Zips crafted to hurt: lying sizes, paths leaving the archive, too many entries.

use super::*;

/// Rewrites every size the zip declares (local headers and central directory) to `size`.
fn lie_about_sizes(zip: &mut [u8], size: u32) {
    let put = |zip: &mut [u8], at: usize| zip[at..at + 4].copy_from_slice(&size.to_le_bytes());
    let mut i = 0;
    while i + 46 <= zip.len() {
        match &zip[i..i + 4] {
            b"PK\x03\x04" => put(zip, i + 22),
            b"PK\x01\x02" => put(zip, i + 24),
            _ => {}
        }
        i += 1;
    }
}

#[test]
fn a_bomb_with_lying_sizes_is_refused() {
    let mut main = MAIN.as_bytes().to_vec();
    main.extend(std::iter::repeat_n(b' ', 4 << 20));
    let zip = zip_of(&[("gbv_incident.csv", &main)]);
    assert!(zip.len() < 64 << 10, "the bomb compresses well");
    let limits = Limits {
        max_entry: 1 << 20,
        ..Limits::default()
    };
    // Claiming more than it has: the cap stops the reading at 1 MiB.
    let mut claims_more = zip.clone();
    lie_about_sizes(&mut claims_more, u32::MAX - 1);
    let err = from_export(&form(), &claims_more, limits).unwrap_err();
    assert_eq!(
        err,
        OdkError::EntryTooLarge {
            name: "gbv_incident.csv".into(),
            limit: 1 << 20
        }
    );
    // Claiming less: refused too, whichever notices first.
    let mut claims_less = zip;
    lie_about_sizes(&mut claims_less, 100);
    let err = from_export(&form(), &claims_less, limits).unwrap_err();
    assert!(
        matches!(err, OdkError::EntryTooLarge { .. } | OdkError::Zip(_)),
        "{err}"
    );
    assert!(err.to_string().contains("gbv_incident.csv"), "{err}");
}

#[test]
fn the_total_is_capped_too() {
    let big = vec![b'x'; 600 << 10];
    let zip = zip_of(&[
        ("gbv_incident.csv", &big),
        ("gbv_incident-perpetrator.csv", &big),
    ]);
    let limits = Limits {
        max_entry: 1 << 20,
        max_total: 1 << 20,
        ..Limits::default()
    };
    let err = from_export(&form(), &zip, limits).unwrap_err();
    assert_eq!(err, OdkError::TotalTooLarge { limit: 1 << 20 });
}

#[test]
fn a_path_leaving_the_archive_is_refused() {
    let zip = zip_of(&[("../gbv_incident.csv", MAIN.as_bytes())]);
    let err = from_export(&form(), &zip, Limits::default()).unwrap_err();
    assert_eq!(err, OdkError::UnsafePath("../gbv_incident.csv".into()));
    let zip = zip_of(&[("/tmp/gbv_incident.csv", MAIN.as_bytes())]);
    assert!(matches!(
        from_export(&form(), &zip, Limits::default()),
        Err(OdkError::UnsafePath(_))
    ));
}

#[test]
fn too_many_entries_are_refused() {
    let names: Vec<String> = (0..20).map(|i| format!("x{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let zip = zip_of(&entries);
    let limits = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    assert_eq!(
        from_export(&form(), &zip, limits),
        Err(OdkError::TooManyEntries {
            count: 20,
            limit: 10
        })
    );
}

#[test]
fn only_the_forms_csv_files_are_read() {
    let zip = zip_of(&[
        ("gbv_incident.csv", MAIN.as_bytes()),
        ("gbv_incident-perpetrator.csv", PERPETRATOR.as_bytes()),
        ("gbv_incident-relation.csv", RELATION.as_bytes()),
        ("media/photo.jpg", b"\xff\xd8"),
        ("other_form.csv", b"\xff not even text"),
    ]);
    let c = from_export(&form(), &zip, Limits::default()).unwrap();
    assert_eq!(c.records, expected());
}
