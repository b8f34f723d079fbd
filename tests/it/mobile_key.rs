//! The example countries' mobile keys: each committed public key (`country-configs/<c>/
//! mobile-public-key.pem`) matches its test private key (`tests/fixtures/keys/<c>-private.pem`),
//! and the model carries it as ODK wants it (base64 DER, one line).

use std::path::PathBuf;

use base64ct::{Base64, Encoding};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};

use crate::country_cli::compile_country;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn each_public_key_matches_its_private_key() {
    for country in ["iraq", "mali"] {
        let public = read(repo().join(format!("country-configs/{country}/mobile-public-key.pem")));
        let private = read(repo().join(format!("tests/fixtures/keys/{country}-private.pem")));
        let public = RsaPublicKey::from_public_key_pem(&public).unwrap();
        let private = RsaPrivateKey::from_pkcs8_pem(&private).unwrap();
        let message = format!("a test submission from {country}");
        let sealed = public
            .encrypt(
                &mut rsa::rand_core::OsRng,
                Pkcs1v15Encrypt,
                message.as_bytes(),
            )
            .unwrap();
        let opened = private.decrypt(Pkcs1v15Encrypt, &sealed).unwrap();
        assert_eq!(
            opened,
            message.as_bytes(),
            "{country}: the keys do not match"
        );
    }
}

#[test]
fn the_model_holds_the_key_as_odk_takes_it() {
    for country in ["iraq", "mali"] {
        let model = compile_country(country);
        let key = model.country.as_ref().unwrap().mobile_public_key.clone();
        let key = key.unwrap_or_else(|| panic!("{country} gives a mobile key"));
        assert_eq!(key.bits, 2048);
        assert!(
            !key.base64.contains(['\n', '-', ' ']),
            "one line, no armour"
        );
        let public = read(repo().join(format!("country-configs/{country}/mobile-public-key.pem")));
        let der = RsaPublicKey::from_public_key_pem(&public)
            .unwrap()
            .to_public_key_der()
            .unwrap();
        assert_eq!(Base64::decode_vec(&key.base64).unwrap(), der.as_bytes());
    }
}

#[test]
fn the_standard_names_one_collecting_role() {
    let model = compile_country("iraq");
    let role = model.collecting_role().expect("a collecting role");
    assert_eq!(model.role(role).id.to_string(), "caseworker");
}
