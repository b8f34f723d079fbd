//! E0104: the country's `mobile_public_key` is missing, is not an RSA public key of at least 2048
//! bits, or is a private key (which must never be in the configuration).

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};
use crate::mobile_key::{KeyProblem, MIN_BITS};

/// How to make a key pair, for help lines.
const MAKE_PAIR: &str = "the data protection officer makes the key pair offline with \
     `openssl genrsa -out private.pem 3072` and `openssl rsa -in private.pem -pubout -out \
     mobile-public-key.pem`, keeps private.pem off the configuration, and gives \
     mobile-public-key.pem";

/// A key file that cannot be used.
pub(crate) enum InvalidMobileKey<'a> {
    /// The file named by `mobile_public_key` is not next to the country's files.
    NotFound {
        /// The file name as written.
        file: &'a str,
        /// Where it is written.
        span: Span,
        /// What to do, naming the key files that are there.
        help: String,
    },
    /// The file is there but is not a usable public key.
    Unusable {
        /// The file name.
        file: &'a str,
        /// Where it is named (or the start of the file, for a stray private key).
        span: Span,
        /// What is wrong.
        problem: &'a KeyProblem,
    },
}

impl InvalidMobileKey<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::NotFound { file, span, help } => Diagnostic::new(
                Code::E0104,
                *span,
                format!("the mobile key file `{file}` was not found next to the country's files"),
            )
            .label("no such file")
            .help(help.clone()),
            Self::Unusable {
                file,
                span,
                problem,
            } => unusable(file, *span, problem),
        }
    }
}

fn unusable(file: &str, span: Span, problem: &KeyProblem) -> Diagnostic {
    let (message, label, help) = match problem {
        KeyProblem::PrivateKey => (
            format!("`{file}`: this file holds a PRIVATE key: never put it in the configuration"),
            "a private key",
            "give the public key, made with `openssl rsa -in private.pem -pubout -out \
             mobile-public-key.pem`; delete this copy and keep the private key offline with the \
             data protection officer: whoever has it can read every submission"
                .to_string(),
        ),
        KeyProblem::NotPem => (
            format!("`{file}` is not a PEM key file"),
            "not a key",
            format!("give the public key as PEM text starting with `-----BEGIN PUBLIC KEY-----`: {MAKE_PAIR}"),
        ),
        KeyProblem::OtherLabel(label) => (
            format!("`{file}` holds a `{label}` block, not a public key"),
            "not a public key",
            format!("give the public key as PEM text starting with `-----BEGIN PUBLIC KEY-----`: {MAKE_PAIR}"),
        ),
        KeyProblem::Pkcs1PublicKey => (
            format!("`{file}` holds an RSA public key in the old form (`BEGIN RSA PUBLIC KEY`), which phones do not read"),
            "old key form",
            format!("convert it: `openssl rsa -RSAPublicKey_in -in {file} -pubout -out mobile-public-key.pem`"),
        ),
        KeyProblem::Unreadable => (
            format!("`{file}` says it holds a public key, but its content cannot be read (it may be cut or damaged)"),
            "unreadable key",
            format!("export the public key again: {MAKE_PAIR}"),
        ),
        KeyProblem::NotRsa => (
            format!("`{file}` holds a public key that is not an RSA key: phones encrypt submissions only with RSA keys"),
            "not an RSA key",
            format!("make an RSA key pair instead: {MAKE_PAIR}"),
        ),
        KeyProblem::TooSmall { bits } => (
            format!("`{file}` holds an RSA key of {bits} bits, too small to protect survivors' data (at least {MIN_BITS} bits)"),
            "key too small",
            format!("make a larger key pair: {MAKE_PAIR}"),
        ),
    };
    Diagnostic::new(Code::E0104, span, message)
        .label(label)
        .help(help)
}
