//! `diff OLD NEW`: what changed between two consortium files or two built bundles — the
//! changed fields, the documents whose fingerprint changed, and who must sign again.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::bundle::manifest::{Manifest, ManifestError};
use crate::compose::ComposeError;
use crate::diag::Diagnostic;
use crate::program::Program;

/// What changed between two sides, and who must sign again.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Changed fields (files) or changed figures (bundles): path, old, new (`null` if absent).
    pub fields: Vec<FieldChange>,
    /// Documents whose fingerprint changed, was added or was removed.
    pub documents: Vec<DocChange>,
    /// Members who must sign again, with the documents they sign.
    pub resign: Vec<Resign>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
/// One changed field or figure.
pub struct FieldChange {
    /// The field path (`budget[3].national`) or figure name (`04_참여의사확인서 › 국비`).
    pub path: String,
    /// The old value; `None` if the field is new.
    pub old: Option<String>,
    /// The new value; `None` if the field is gone.
    pub new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
/// One document whose 문서확인번호 changed, appeared or disappeared.
pub struct DocChange {
    /// The form's file stem (`04_참여의사확인서`).
    pub document: String,
    /// The member id of a per-member document.
    pub member: Option<String>,
    /// The old fingerprint; `None` for a new document.
    pub old: Option<String>,
    /// The new fingerprint; `None` for a document no longer made.
    pub new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
/// A member who must sign again.
pub struct Resign {
    /// The member id.
    pub member: String,
    /// The file stems of the changed documents the member signs.
    pub documents: Vec<String>,
}

/// Why two sides could not be compared.
#[derive(Debug)]
#[non_exhaustive]
pub enum DiffError {
    /// One side is a file and the other a folder.
    Mixed,
    /// A consortium file has errors that stop it loading.
    Input(Vec<Diagnostic>),
    /// A consortium file loads but its documents cannot be composed.
    Compose(ComposeError),
    /// A bundle folder's manifest cannot be read.
    Manifest(ManifestError),
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Mixed => f.write_str(
                "두 consortium 파일이나 두 번들 폴더를 비교하십시오 (하나씩 섞을 수 없습니다)",
            ),
            DiffError::Input(diags) => {
                let lines: Vec<String> = diags
                    .iter()
                    .map(|d| format!("{}: {}", d.location, d.message))
                    .collect();
                f.write_str(&lines.join("\n"))
            }
            DiffError::Compose(e) => e.fmt(f),
            DiffError::Manifest(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DiffError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DiffError::Compose(e) => Some(e),
            DiffError::Manifest(e) => Some(e),
            _ => None,
        }
    }
}

/// A side of the comparison: what each document is and who signs it.
struct Side {
    fields: BTreeMap<String, String>,
    /// (document stem, member) → the document on this side.
    docs: BTreeMap<(String, Option<String>), DocSide>,
}

struct DocSide {
    fingerprint: String,
    signers: Vec<String>,
    /// The file stem, shown in the list of documents to sign again.
    name: String,
}

/// Compare two consortium files or two bundle folders (both of the same kind).
pub fn diff(old: &Path, new: &Path) -> Result<Report, DiffError> {
    diff_with(old, new, None)
}

/// [`diff`] of two files under a profile read from a file (`--program`), with its templates;
/// the built-in profiles when `None`.
pub fn diff_with(
    old: &Path,
    new: &Path,
    program: Option<&Arc<Program>>,
) -> Result<Report, DiffError> {
    let (a, b) = match (old.is_dir(), new.is_dir()) {
        (true, true) => (bundle_side(old)?, bundle_side(new)?),
        (false, false) => (file_side(old, program)?, file_side(new, program)?),
        _ => return Err(DiffError::Mixed),
    };
    Ok(compare(&a, &b))
}

fn compare(a: &Side, b: &Side) -> Report {
    let mut r = Report::default();
    let keys: BTreeSet<&String> = a.fields.keys().chain(b.fields.keys()).collect();
    for k in keys {
        let (o, n) = (a.fields.get(k), b.fields.get(k));
        if o != n {
            r.fields.push(FieldChange {
                path: k.clone(),
                old: o.cloned(),
                new: n.cloned(),
            });
        }
    }
    let mut resign: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let keys: BTreeSet<&(String, Option<String>)> = a.docs.keys().chain(b.docs.keys()).collect();
    for k in keys {
        let (o, n) = (a.docs.get(k), b.docs.get(k));
        if o.map(|x| &x.fingerprint) == n.map(|x| &x.fingerprint) {
            continue;
        }
        let (signers, name) = n
            .or(o)
            .map(|x| (x.signers.clone(), x.name.clone()))
            .unwrap_or_default();
        r.documents.push(DocChange {
            document: k.0.clone(),
            member: k.1.clone(),
            old: o.map(|x| x.fingerprint.clone()),
            new: n.map(|x| x.fingerprint.clone()),
        });
        if n.is_some() {
            for s in signers {
                resign.entry(s).or_default().insert(name.clone());
            }
        }
    }
    r.resign = resign
        .into_iter()
        .map(|(member, docs)| Resign {
            member,
            documents: docs.into_iter().collect(),
        })
        .collect();
    r
}

fn file_side(path: &Path, program: Option<&Arc<Program>>) -> Result<Side, DiffError> {
    let world = crate::world::Disk;
    let input = crate::load::load_with(&world, path, program).map_err(DiffError::Input)?;
    let program = input.program();
    let figures = crate::figures::Figures::compute(&input.data, program);
    let templates = crate::compose::Templates::for_program(&world, program, None)
        .map_err(DiffError::Compose)?;
    // Fingerprints need no template rendered: the documents are only prepared.
    let composed =
        crate::compose::prepare_all(&world, &input, &figures, program, &templates, false)
            .map_err(DiffError::Compose)?
            .docs;
    let mut fields = BTreeMap::new();
    let value = serde_json::to_value(&input.data).expect("the model serialises to JSON");
    flatten("", &value, &mut fields);
    let docs = composed
        .iter()
        .map(|d| {
            let signers = crate::bundle::signers(d.kind, d.member.as_deref(), &input.data);
            (
                (d.stem.clone(), d.member.clone()),
                DocSide {
                    fingerprint: d.fingerprint.clone(),
                    signers,
                    name: d.file_stem.clone(),
                },
            )
        })
        .collect();
    Ok(Side { fields, docs })
}

fn bundle_side(dir: &Path) -> Result<Side, DiffError> {
    let m = Manifest::read(dir).map_err(DiffError::Manifest)?;
    let mut fields = BTreeMap::new();
    fields.insert("revision".to_string(), m.revision.to_string());
    fields.insert("input_sha256".to_string(), m.input_sha256.clone());
    let mut docs = BTreeMap::new();
    // A document's first top-level file stands for it: its other formats show the same
    // figures, and packets repeat the same documents.
    for f in m.files.iter().filter(|f| !f.path.contains('/')) {
        let (Some(key), Some(fp)) = (f.key(), &f.fingerprint) else {
            continue;
        };
        if docs.contains_key(&key) {
            continue;
        }
        let stem = match f.path.rsplit_once('.') {
            Some((stem, _)) => stem.to_string(),
            None => f.path.clone(),
        };
        for (name, value) in &f.figures {
            fields.insert(format!("{stem} › {name}"), value.clone());
        }
        docs.insert(
            key,
            DocSide {
                fingerprint: fp.clone(),
                signers: f.signers.clone(),
                name: stem,
            },
        );
    }
    Ok(Side { fields, docs })
}

/// Flatten JSON into `a.b[2].c` → scalar text.
fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, x, out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), x, out);
            }
        }
        Value::Null => {}
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}
