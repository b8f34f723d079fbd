//! The country's RSA public key for encrypted mobile submissions: read from its PEM text
//! (`mobile_public_key: "mobile-public-key.pem"`), checked, and kept as ODK wants it.
//!
//! Decoding is the RustCrypto crates' (`rsa`, `pkcs8`/`spki`, `der`'s PEM): no hand-written
//! ASN.1.

use base64ct::{Base64, Encoding};
use rsa::pkcs8::der::pem;
use rsa::pkcs8::spki::SubjectPublicKeyInfoRef;
use rsa::pkcs8::{DecodePublicKey, Document, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::RsaPublicKey;

use crate::model::MobileKey;

/// The smallest modulus accepted, in bits.
pub const MIN_BITS: usize = 2048;

/// Why a PEM file is not a usable public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// Not PEM text at all (no `-----BEGIN …-----` block that decodes).
    NotPem,
    /// A private key: it must never be in the configuration.
    PrivateKey,
    /// An RSA public key in the older PKCS#1 form (`BEGIN RSA PUBLIC KEY`).
    Pkcs1PublicKey,
    /// A PEM block of another kind (`CERTIFICATE`, …): its label.
    OtherLabel(String),
    /// A `PUBLIC KEY` block whose content cannot be read.
    Unreadable,
    /// A public key, but not an RSA one (an elliptic-curve key, …).
    NotRsa,
    /// An RSA key smaller than [`MIN_BITS`].
    TooSmall {
        /// The modulus size in bits.
        bits: usize,
    },
}

/// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) holding an RSA key of at least
/// [`MIN_BITS`] bits.
///
/// # Errors
///
/// What is wrong with the file, as a [`KeyProblem`].
pub fn parse(text: &str) -> Result<MobileKey, KeyProblem> {
    // A private key anywhere in the file, even after a public key, is refused: the decoder reads
    // only the first block.
    if holds_private_key(text) {
        return Err(KeyProblem::PrivateKey);
    }
    let label = pem::decode_label(text.trim_start().as_bytes()).map_err(|_| KeyProblem::NotPem)?;
    if label.contains("PRIVATE KEY") {
        return Err(KeyProblem::PrivateKey);
    }
    match label {
        "PUBLIC KEY" => {}
        "RSA PUBLIC KEY" => return Err(KeyProblem::Pkcs1PublicKey),
        other => return Err(KeyProblem::OtherLabel(other.to_string())),
    }
    let (_, doc) = Document::from_pem(text.trim_start()).map_err(|_| KeyProblem::Unreadable)?;
    let spki =
        SubjectPublicKeyInfoRef::try_from(doc.as_bytes()).map_err(|_| KeyProblem::Unreadable)?;
    if spki.algorithm.oid != rsa::pkcs1::ALGORITHM_OID {
        return Err(KeyProblem::NotRsa);
    }
    let key =
        RsaPublicKey::from_public_key_der(doc.as_bytes()).map_err(|_| KeyProblem::Unreadable)?;
    let bits = key.n().bits();
    if bits < MIN_BITS {
        return Err(KeyProblem::TooSmall { bits });
    }
    let der = key
        .to_public_key_der()
        .map_err(|_| KeyProblem::Unreadable)?;
    Ok(MobileKey {
        base64: Base64::encode_string(der.as_bytes()),
        bits,
    })
}

/// Whether any PEM block of the text is a private key (`-----BEGIN … PRIVATE KEY-----`).
fn holds_private_key(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("-----BEGIN ") && l.ends_with("PRIVATE KEY-----")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_pem() {
        assert_eq!(parse("hello"), Err(KeyProblem::NotPem));
        assert_eq!(parse(""), Err(KeyProblem::NotPem));
    }

    #[test]
    fn labels() {
        let block = |label: &str| format!("-----BEGIN {label}-----\nAAAA\n-----END {label}-----\n");
        assert_eq!(parse(&block("PRIVATE KEY")), Err(KeyProblem::PrivateKey));
        assert_eq!(
            parse(&block("RSA PRIVATE KEY")),
            Err(KeyProblem::PrivateKey)
        );
        assert_eq!(
            parse(&block("ENCRYPTED PRIVATE KEY")),
            Err(KeyProblem::PrivateKey)
        );
        assert_eq!(
            parse(&block("RSA PUBLIC KEY")),
            Err(KeyProblem::Pkcs1PublicKey)
        );
        assert_eq!(
            parse(&block("CERTIFICATE")),
            Err(KeyProblem::OtherLabel("CERTIFICATE".into()))
        );
        assert_eq!(parse(&block("PUBLIC KEY")), Err(KeyProblem::Unreadable));
        assert_eq!(
            parse(&block("OPENSSH PRIVATE KEY")),
            Err(KeyProblem::PrivateKey)
        );
    }

    /// An encrypted private key in the old OpenSSL form has headers before its body: still a
    /// private key.
    #[test]
    fn legacy_encrypted_private_key() {
        let text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\
                    DEK-Info: AES-128-CBC,F1CA0D4A915B48F87EE3D8310E4096D9\n\nAAAA\n\
                    -----END RSA PRIVATE KEY-----\n";
        assert_eq!(parse(text), Err(KeyProblem::PrivateKey));
    }

    /// The example key reads, with Unix or Windows line ends and a comment before it.
    #[test]
    fn example_key() {
        let pem = include_str!("../../country-configs/iraq/mobile-public-key.pem");
        let key = parse(pem).expect("the example key");
        assert_eq!(key.bits, 2048);
        assert_eq!(parse(&pem.replace('\n', "\r\n")).as_ref(), Ok(&key));
        assert_eq!(parse(&format!("Iraq's key\n{pem}")).as_ref(), Ok(&key));
        let both = format!("{pem}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assert_eq!(parse(&both), Err(KeyProblem::PrivateKey));
    }
}
