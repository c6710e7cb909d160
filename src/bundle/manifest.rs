//! `manifest.json`: every file of the bundle with its document, member, fingerprint, SHA-256,
//! the figures it shows and who signs it; plus the input's hash and revision. No timestamps.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::compose::Prepared;
use crate::load::Input;
use crate::model::Consortium;
use crate::program::Program;
use crate::render::Formats;

/// `manifest.json`: what a bundle holds, from which input, and what each document shows and
/// who signs it. `verify` and `diff` read only this and the files it lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Manifest format version.
    pub manifest: u32,
    /// `formpack 0.1.0`
    pub tool: String,
    /// The call's program id (`ai-transition-2026`).
    pub program: String,
    /// The input's `revision` (제N판), printed on every document.
    pub revision: u32,
    /// SHA-256 (hex) of the input file's bytes.
    pub input_sha256: String,
    /// Built with `--draft` (watermarked, not for submission).
    pub draft: bool,
    /// The formats every document was rendered to. Manifests written before formats could be
    /// chosen have no such field: they held DOCX and PDF.
    #[serde(default = "Formats::docx_and_pdf")]
    pub formats: Formats,
    /// Every file of the bundle except the manifest, in path order.
    pub files: Vec<FileEntry>,
}

/// A file's hashes as the manifest records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashes {
    /// SHA-256 (hex).
    pub sha256: String,
    /// The check value ([`crate::hash::file_check`]); `None` only in a manifest written
    /// before it was recorded.
    pub check: Option<String>,
}

impl Hashes {
    /// Both hashes of `bytes`, taken in one pass.
    pub fn of(bytes: &[u8]) -> Hashes {
        Hashes::from(crate::hash::pair(bytes))
    }
}

impl From<(String, String)> for Hashes {
    /// (SHA-256, check value) as from [`crate::hash::pair`].
    fn from((sha256, check): (String, String)) -> Hashes {
        Hashes {
            sha256,
            check: Some(check),
        }
    }
}

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative path with forward slashes.
    pub path: String,
    /// The document's file stem without the member (`04_참여의사확인서`), if a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The member id of a per-member document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The document's 문서확인번호: changes exactly when what it prints changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// SHA-256 (hex) of the file's bytes.
    pub sha256: String,
    /// The file's check value ([`crate::hash::file_check`]: BLAKE3 over the bytes and the
    /// SHA-256): what an incremental build checks a file of this bundle against before taking it
    /// (BLAKE3 is 2.5 times as fast as SHA-256 here; `verify` checks SHA-256). Absent in
    /// manifests written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// SHA-256 (hex) of what the file is made from (see [`super::reuse`]): an incremental
    /// build takes the file instead of rendering it when this is unchanged. Absent in
    /// manifests written before incremental builds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<String>,
    /// Figures the document prints: name → text exactly as printed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub figures: BTreeMap<String, String>,
    /// Member ids that sign this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signers: Vec<String>,
    /// The merged PDF's only: where each document lies in it, so that the next build copies
    /// the unchanged ones out of it instead of reading and renumbering them again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<MergedLayout>,
    /// A document filled into the agency's own form: which form (an extension of DATA.md's
    /// manifest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<FormRecord>,
}

/// The official form a document was filled into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRecord {
    /// The form's file name, as the profile names it.
    pub file: String,
    /// SHA-256 (hex) of the form's bytes.
    pub sha256: String,
    /// The form has a place named `문서확인번호` and it was filled with the fingerprint: only
    /// then does `verify` look for the fingerprint in the file.
    pub fingerprint_printed: bool,
}

/// Where the documents lie in the merged PDF (see [`formpack_pdf::PartLayout`]), and the
/// engine that wrote it: a layout is used only by the same engine (the bytes of a part
/// depend on how formpack writes the merged file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedLayout {
    /// [`super::reuse::inputs`] of the engine and `"merged layout"`.
    pub engine: String,
    /// One per document, in order.
    pub parts: Vec<LayoutPart>,
}

/// One document in the merged PDF, as recorded: scalars, and lists of numbers written as one
/// string each (`"7:0 8:1204"`, `"9 11"`), so the manifest stays one line per field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayoutPart {
    /// SHA-256 (hex) of the document's PDF.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its first object number in the merged file.
    pub base: u32,
    /// How many of its objects the merged file holds.
    pub objects: u32,
    /// Where its bytes start in the merged file.
    pub offset: u64,
    /// How many bytes they take.
    pub length: u64,
    /// Its top-level objects and their offsets from `offset`: `"number:offset …"`.
    pub streams: String,
    /// Its pages' object numbers.
    pub pages: String,
    /// The top of its first page's MediaBox.
    pub top: String,
}

impl MergedLayout {
    /// The record of `layout`, written by `engine`.
    pub fn new(engine: String, layout: &[formpack_pdf::PartLayout]) -> MergedLayout {
        let join = |it: &mut dyn Iterator<Item = String>| it.collect::<Vec<_>>().join(" ");
        MergedLayout {
            engine,
            parts: layout
                .iter()
                .map(|l| LayoutPart {
                    sha256: crate::hash::hex(&l.digest),
                    size: l.size,
                    base: l.base,
                    objects: l.objects,
                    offset: l.offset,
                    length: l.length,
                    streams: join(&mut l.streams.iter().map(|(id, at)| format!("{id}:{at}"))),
                    pages: join(&mut l.pages.iter().map(u32::to_string)),
                    top: l.top.clone(),
                })
                .collect(),
        }
    }

    /// The layout as [`formpack_pdf::merge_reusing`] takes it; `None` if any part does not
    /// read back.
    pub fn parts(&self) -> Option<Vec<formpack_pdf::PartLayout>> {
        self.parts
            .iter()
            .map(|p| {
                let streams = p
                    .streams
                    .split_ascii_whitespace()
                    .map(|s| {
                        let (id, at) = s.split_once(':')?;
                        Some((id.parse().ok()?, at.parse().ok()?))
                    })
                    .collect::<Option<_>>()?;
                let pages = p
                    .pages
                    .split_ascii_whitespace()
                    .map(|n| n.parse().ok())
                    .collect::<Option<_>>()?;
                Some(formpack_pdf::PartLayout {
                    digest: crate::hash::digest_from_hex(&p.sha256)?,
                    size: p.size,
                    base: p.base,
                    objects: p.objects,
                    offset: p.offset,
                    length: p.length,
                    streams,
                    pages,
                    top: p.top.clone(),
                })
            })
            .collect()
    }
}

impl FileEntry {
    /// The entry of the 발표자료 deck: a document (`stem`) with its 문서확인번호 and figures,
    /// signed by nobody.
    pub fn deck(
        path: &str,
        stem: &str,
        hashes: &Hashes,
        inputs: &str,
        fingerprint: &str,
        figures: BTreeMap<String, String>,
    ) -> FileEntry {
        FileEntry {
            path: path.to_string(),
            document: Some(stem.to_string()),
            member: None,
            fingerprint: Some(fingerprint.to_string()),
            sha256: hashes.sha256.clone(),
            check: hashes.check.clone(),
            inputs: Some(inputs.to_string()),
            figures,
            signers: Vec::new(),
            layout: None,
            form: None,
        }
    }

    /// The entry of a file at `path`; `d` is the document it renders, if any.
    pub fn new(
        path: &str,
        hashes: &Hashes,
        inputs: &str,
        d: Option<&Prepared>,
        c: &Consortium,
    ) -> FileEntry {
        FileEntry {
            path: path.to_string(),
            document: d.map(|d| d.stem.clone()),
            member: d.and_then(|d| d.member.clone()),
            fingerprint: d.map(|d| d.fingerprint.clone()),
            sha256: hashes.sha256.clone(),
            check: hashes.check.clone(),
            inputs: Some(inputs.to_string()),
            figures: d.map(|d| d.shown.clone()).unwrap_or_default(),
            signers: d
                .map(|d| super::signers(d.kind, d.member.as_deref(), c))
                .unwrap_or_default(),
            layout: None,
            form: d.and_then(|d| d.official.as_ref()).map(|o| FormRecord {
                file: o.form.file_name(),
                sha256: o.form.sha256.clone(),
                fingerprint_printed: o.fingerprint_printed(),
            }),
        }
    }

    /// `04_참여의사확인서` + member, the identity of a document across revisions.
    pub fn key(&self) -> Option<(String, Option<String>)> {
        self.document.clone().map(|d| (d, self.member.clone()))
    }
}

impl Manifest {
    /// The manifest of a build of `input`.
    pub fn new(
        input: &Input,
        program: &Program,
        draft: bool,
        formats: Formats,
        files: Vec<FileEntry>,
    ) -> Manifest {
        Manifest {
            manifest: 1,
            tool: format!("formpack {}", env!("CARGO_PKG_VERSION")),
            program: program.id.to_string(),
            revision: input.data.revision,
            input_sha256: input.sha256.clone(),
            draft,
            formats,
            files,
        }
    }

    /// Pretty JSON with a final newline, fields in a fixed order.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("manifest serialises");
        s.push('\n');
        s
    }

    /// Parse a manifest.
    pub fn from_json(text: &str) -> Result<Manifest, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Read and parse `DIR/manifest.json`.
    pub fn read(dir: &Path) -> Result<Manifest, ManifestError> {
        let path = dir.join(super::MANIFEST);
        let err = |kind| ManifestError {
            path: path.clone(),
            kind,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| err(ManifestErrorKind::Read(e)))?;
        Manifest::from_json(&text).map_err(|e| err(ManifestErrorKind::Parse(e)))
    }
}

/// A bundle's manifest could not be read.
#[derive(Debug)]
pub struct ManifestError {
    /// The manifest file.
    pub path: PathBuf,
    /// What went wrong.
    pub kind: ManifestErrorKind,
}

/// Why a manifest could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ManifestErrorKind {
    /// The file is missing or unreadable.
    Read(std::io::Error),
    /// The file is not a formpack manifest.
    Parse(serde_json::Error),
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cause: &dyn fmt::Display = match &self.kind {
            ManifestErrorKind::Read(e) => e,
            ManifestErrorKind::Parse(e) => e,
        };
        write!(
            f,
            "{}: manifest.json을 읽을 수 없습니다: {cause}",
            self.path.display()
        )
    }
}

impl std::error::Error for ManifestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ManifestErrorKind::Read(e) => Some(e),
            ManifestErrorKind::Parse(e) => Some(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Format;

    #[test]
    fn a_manifest_from_before_formats_held_docx_and_pdf() {
        let old = r#"{"manifest": 1, "tool": "formpack 0.1.0", "program": "ai-transition-2026",
            "revision": 1, "input_sha256": "00", "draft": false, "files": []}"#;
        let m = Manifest::from_json(old).unwrap();
        assert_eq!(m.formats, Formats::docx_and_pdf());
        let mut now = m.clone();
        now.formats = Formats::EMPTY.with(Format::Hwpx);
        let back = Manifest::from_json(&now.to_json()).unwrap();
        assert_eq!(back.formats.iter().collect::<Vec<_>>(), [Format::Hwpx]);
    }

    #[test]
    fn a_missing_or_foreign_manifest_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = Manifest::read(dir.path()).unwrap_err();
        assert!(matches!(e.kind, ManifestErrorKind::Read(_)));
        assert!(e.to_string().contains("manifest.json을 읽을 수 없습니다"));
        std::fs::write(dir.path().join("manifest.json"), "[1, 2]").unwrap();
        let e = Manifest::read(dir.path()).unwrap_err();
        assert!(matches!(e.kind, ManifestErrorKind::Parse(_)));
        assert!(std::error::Error::source(&e).is_some());
    }
}
