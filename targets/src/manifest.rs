//! The manifests of a build: `DIR/<kind>/manifest.json` lists one target's files, `DIR/manifest.json`
//! the targets present in the build directory. Both start with the same [`Header`]: what was
//! built (standard, country, languages), by which compiler, from which sources
//! ([`source_hash`]), and the data-protection opt-outs a reviewer must see.
//!
//! No timestamps and sorted lists: two builds of the same sources are byte-identical. The JSON
//! Schemas are generated from these types and checked in under `targets/schema/`.

use std::borrow::Cow;

use gbvims_compiler::json::{ModelDoc, OptOutDoc, RewordDoc};
use gbvims_compiler::{Checked, Sources};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::output::FileEntry;
use crate::TargetKind;

/// The version of the manifests' shape; bumped when a reader would have to change.
pub const FORMAT: &str = "gbvims-build/1";

/// The file name of every manifest.
pub const MANIFEST: &str = "manifest.json";

/// What every manifest of a build starts with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Header {
    /// `gbvims-build/1`.
    pub format: String,
    /// The standard built.
    pub standard: StandardRef,
    /// The country built, or null for the standard alone.
    pub country: Option<CountryRef>,
    /// Languages of the build, default first.
    pub languages: Vec<String>,
    /// The version of gbvims that built it.
    pub compiler: String,
    /// SHA-256 of every source file of the configuration ([`source_hash`]), lower-case hex.
    pub source_hash: String,
    /// Free-text and upload fields declared not identifying, as `gbvims show` lists them.
    pub data_protection: Vec<OptOutDoc>,
    /// Texts a country reworded with `reword … because "…"` (what a fixed option or a counted
    /// field says in the standard's own language), with their reasons, as `gbvims show` lists them.
    pub rewords: Vec<RewordDoc>,
}

/// The standard a build is of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardRef {
    /// Its name (`gbvims`).
    pub name: String,
    /// Its semantic version.
    pub version: String,
}

/// The country a build is of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountryRef {
    /// Its id (`iraq`).
    pub id: String,
    /// Its ISO 3166 code (`iq`).
    pub code: String,
}

/// `DIR/<kind>/manifest.json`: one target's files. It does not list itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetManifest {
    /// What was built, from what.
    #[serde(flatten)]
    pub header: Header,
    /// The target.
    pub target: TargetKind,
    /// Every file of the target directory but this manifest, sorted by path.
    pub files: Vec<FileEntry>,
}

/// `DIR/manifest.json`: the targets present in the build directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Manifest {
    /// The header of the build that wrote this manifest last.
    #[serde(flatten)]
    pub header: Header,
    /// Every target directory present, in [`TargetKind::ALL`] order. A directory left by an
    /// older build keeps its own `source_hash`: when it differs from the header's, it is stale.
    pub targets: Vec<TargetEntry>,
}

/// A target directory present in the build directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetEntry {
    /// The target (its directory is `DIR/<target>/`).
    pub target: TargetKind,
    /// SHA-256 of its `manifest.json`, lower-case hex.
    pub manifest_sha256: String,
    /// The sources it was built from (its manifest's `source_hash`).
    pub source_hash: String,
}

impl Header {
    /// The header of a build of `checked`, compiled from `sources`. The names of `sources` are
    /// those the manifest shows (in [`source_hash`] and the data-protection lines).
    ///
    /// # Errors
    /// When a location file cannot be read again to hash it, or changed since it was checked
    /// ([`source_hash`]): a build must not claim sources it was not made from.
    pub fn of(checked: &Checked, sources: &Sources) -> Result<Self, String> {
        let doc = ModelDoc::with_sources(checked, sources);
        Ok(Header {
            format: FORMAT.to_string(),
            standard: StandardRef {
                name: doc.standard.name,
                version: doc.standard.version,
            },
            country: doc.country.map(|c| CountryRef {
                id: c.id,
                code: c.code,
            }),
            languages: doc.standard.languages,
            compiler: env!("CARGO_PKG_VERSION").to_string(),
            source_hash: source_hash(sources)?,
            data_protection: doc.data_protection,
            rewords: doc.rewords,
        })
    }
}

/// SHA-256 over every source file (standard and country, `.gbv` and `.csv`), sorted by name.
/// The names are those of `sources`: give them relative to the configuration (as `gbvims build`
/// does: `standard-forms/…`, `country/…`) so the hash does not depend on where it ran. For each
/// file, the length of its name, its name, the length of its text and its text
/// (lengths as 8 bytes little-endian, so no two configurations hash alike by shifting bytes
/// between names and texts). A location file the compiler streams is streamed here too: its
/// length is known beforehand, its bytes are hashed as they are read.
///
/// # Errors
/// When a streamed file cannot be read to its end or changed since it was checked (its reader
/// fails rather than give other bytes): the message names the file.
pub fn source_hash(sources: &Sources) -> Result<String, String> {
    let mut files: Vec<_> = sources.iter().map(|(_, f)| f).collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut hasher = Sha256::new();
    for f in files {
        hasher.update((f.name.len() as u64).to_le_bytes());
        hasher.update(f.name.as_bytes());
        hasher.update((f.len() as u64).to_le_bytes());
        f.for_each_chunk(&mut |bytes| hasher.update(bytes))
            .map_err(|e| format!("cannot read `{}` again to hash it: {e}", f.name))?;
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The JSON Schema of `DIR/manifest.json`, pretty-printed.
#[must_use]
pub fn manifest_schema() -> String {
    let schema = schemars::schema_for!(Manifest);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// The JSON Schema of `DIR/<kind>/manifest.json`, pretty-printed.
#[must_use]
pub fn target_manifest_schema() -> String {
    let schema = schemars::schema_for!(TargetManifest);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// A manifest as written: pretty JSON and a final newline.
pub(crate) fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

// A kind is written as its name (`mobile`).
impl Serialize for TargetKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for TargetKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        TargetKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown target `{name}`")))
    }
}

impl JsonSchema for TargetKind {
    fn schema_name() -> Cow<'static, str> {
        "TargetKind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = TargetKind::ALL.iter().map(|k| k.name()).collect();
        schemars::json_schema!({
            "description": "A target: its name on the command line and its directory.",
            "type": "string",
            "enum": names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_by_name() {
        for &k in TargetKind::ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.name()));
            assert_eq!(serde_json::from_str::<TargetKind>(&json).unwrap(), k);
        }
        assert!(serde_json::from_str::<TargetKind>("\"desktop\"").is_err());
    }

    #[test]
    fn the_source_hash_depends_on_names_and_texts_not_order() {
        let mut a = Sources::new();
        a.add("b.gbv", "x");
        a.add("a.gbv", "y");
        let mut b = Sources::new();
        b.add("a.gbv", "y");
        b.add("b.gbv", "x");
        assert_eq!(source_hash(&a), source_hash(&b));
        let mut c = Sources::new();
        c.add("a.gbv", "yb");
        c.add(".gbv", "x");
        assert_ne!(source_hash(&a), source_hash(&c));
    }
}
