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
use crate::load::Input;
use crate::program::Program;
use crate::world::World;

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

/// Compare two consortium files or two bundle folders, or a bundle folder with a file (the
/// file's documents are then compared as a bundle would show them: the figures each prints).
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
    let world = crate::world::Disk;
    let load = |p: &Path| crate::load::load_with(&world, p, program).map_err(DiffError::Input);
    let read = |p: &Path| Manifest::read(p).map_err(DiffError::Manifest);
    match (old.is_dir(), new.is_dir()) {
        (true, true) => diff_given(Given::Manifest(&read(old)?), Given::Manifest(&read(new)?)),
        (false, false) => diff_given(
            Given::Input(&load(old)?, &world),
            Given::Input(&load(new)?, &world),
        ),
        (true, false) => diff_given(
            Given::Manifest(&read(old)?),
            Given::Input(&load(new)?, &world),
        ),
        (false, true) => diff_given(
            Given::Input(&load(old)?, &world),
            Given::Manifest(&read(new)?),
        ),
    }
}

/// One side of a comparison as held in memory (the server's uploads).
#[derive(Clone, Copy)]
pub enum Given<'a> {
    /// A loaded consortium file, and where its seal images are read from.
    Input(&'a Input, &'a dyn World),
    /// A built bundle's manifest.
    Manifest(&'a Manifest),
}

/// Compare two sides. Two files compare field by field; a manifest with anything compares the
/// figures each document prints.
pub fn diff_given(old: Given, new: Given) -> Result<Report, DiffError> {
    let as_bundle = matches!(old, Given::Manifest(_)) || matches!(new, Given::Manifest(_));
    let side = |g: Given| match g {
        Given::Manifest(m) => Ok(manifest_side(m)),
        Given::Input(i, world) => input_side(world, i, as_bundle),
    };
    Ok(compare(&side(old)?, &side(new)?))
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

/// A file's side: its fields, or (`as_bundle`) the figures its documents print, as a bundle's
/// manifest would list them.
fn input_side(world: &dyn World, input: &Input, as_bundle: bool) -> Result<Side, DiffError> {
    let program = input.program();
    let figures = crate::figures::Figures::compute(&input.data, program);
    let templates =
        crate::compose::Templates::for_program(world, program, None).map_err(DiffError::Compose)?;
    // Fingerprints need no template rendered: the documents are only prepared.
    let composed = crate::compose::prepare_all(world, input, &figures, program, &templates, false)
        .map_err(DiffError::Compose)?
        .docs;
    let mut fields = BTreeMap::new();
    if as_bundle {
        fields.insert("revision".to_string(), input.data.revision.to_string());
        fields.insert("input_sha256".to_string(), input.sha256.clone());
        for d in &composed {
            for (name, value) in &d.shown {
                fields.insert(format!("{} › {name}", d.file_stem), value.clone());
            }
        }
    } else {
        let value = serde_json::to_value(&input.data).expect("the model serialises to JSON");
        flatten("", &value, &mut fields);
    }
    // The 발표자료 deck: planned only (nothing rasterised), as the documents are prepared.
    let deck = program.deck.as_ref().map(|spec| {
        let planned = crate::deck::plan(input, &figures, program, false);
        (spec.file.clone(), planned)
    });
    if as_bundle {
        if let Some((stem, planned)) = &deck {
            for (name, value) in &planned.shown {
                fields.insert(format!("{stem} › {name}"), value.clone());
            }
        }
    }
    let deck_side = deck.map(|(stem, planned)| {
        (
            (stem.clone(), None),
            DocSide {
                fingerprint: planned.fingerprint,
                signers: Vec::new(),
                name: stem,
            },
        )
    });
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
        .chain(deck_side)
        .collect();
    Ok(Side { fields, docs })
}

fn manifest_side(m: &Manifest) -> Side {
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
    Side { fields, docs }
}

const AMOUNT_KEYS: [&str; 7] = [
    "national",
    "local",
    "private_cash",
    "private_in_kind",
    "unit_price",
    "amount",
    "equity",
];

/// A changed value as a person reads it: amounts in 원 with separators, `(없음)` for none.
pub fn shown(path: &str, v: &Option<String>) -> String {
    let Some(v) = v else {
        return "(없음)".to_string();
    };
    let key = path.rsplit('.').next().unwrap_or(path);
    match v.parse::<i64>() {
        Ok(n) if AMOUNT_KEYS.contains(&key) => format!("{}원", crate::korean::won(n)),
        _ => v.clone(),
    }
}

/// The report as Korean text: changed items, changed documents, who signs again (the CLI's
/// and the web page's wording).
pub fn text(r: &Report) -> String {
    let mut s = String::new();
    if r.fields.is_empty() && r.documents.is_empty() {
        s.push_str("달라진 내용이 없습니다.\n");
        return s;
    }
    s.push_str(&format!("바뀐 항목 {}건\n", r.fields.len()));
    for f in &r.fields {
        s.push_str(&format!(
            "  {}: {} → {}\n",
            f.path,
            shown(&f.path, &f.old),
            shown(&f.path, &f.new)
        ));
    }
    s.push_str(&format!("\n바뀐 문서 {}건\n", r.documents.len()));
    for d in &r.documents {
        let member = d
            .member
            .as_deref()
            .map(|m| format!(" [{m}]"))
            .unwrap_or_default();
        let change = match (&d.old, &d.new) {
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (None, Some(n)) => format!("새 문서 {n}"),
            (Some(o), None) => format!("없어짐 (이전 {o})"),
            (None, None) => String::new(),
        };
        s.push_str(&format!(
            "  {}{}: 문서확인번호 {}\n",
            d.document, member, change
        ));
    }
    s.push_str(&format!("\n다시 서명할 기관 {}곳\n", r.resign.len()));
    for m in &r.resign {
        s.push_str(&format!("  {}: {}\n", m.member, m.documents.join(", ")));
    }
    s
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
