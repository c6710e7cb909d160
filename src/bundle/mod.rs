//! The submission bundle: every document as DOCX and PDF, the merged PDF, each member's
//! signing packet (folder and zip), and `manifest.json` — made in memory, then written
//! atomically (see [`write`]).
//!
//! Layout under the output folder:
//! ```text
//! 00_제출서류_전체.pdf            all documents in submission order, one bookmark each
//! 01_사업신청서.docx / .pdf …     every document
//! members/<id>/…                 the member's signing packet, with 서명안내.txt
//! members/<id>.zip               the same packet as one file
//! manifest.json                  hashes, fingerprints, figures, signers
//! ```

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::compose::{self, Composed, DocKind, Templates};
use crate::figures::Figures;
use crate::load::{sha256_hex, Input};
use crate::model::{Consortium, Role};
use crate::program::Program;

pub mod manifest;
pub mod packets;
pub mod verify;
pub mod write;
mod zip;

pub use manifest::{FileEntry, Manifest};

/// The merged PDF's file name.
pub const MERGED_PDF: &str = "00_제출서류_전체.pdf";
pub const MANIFEST: &str = "manifest.json";

/// A bundle made in memory: files by relative path (forward slashes), and the manifest.
pub struct Built {
    pub files: Vec<(String, Vec<u8>)>,
    pub manifest: Manifest,
}

#[derive(Debug)]
pub enum BundleError {
    Compose(compose::ComposeError),
    Render { file: String, message: String },
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::Compose(e) => write!(f, "{e}"),
            BundleError::Render { file, message } => {
                write!(f, "{file}: 문서를 만들 수 없습니다: {message}")
            }
        }
    }
}

impl std::error::Error for BundleError {}

/// Compose and render everything. No file is written here.
pub fn make(
    input: &Input,
    figures: &Figures,
    program: &Program,
    templates: &Templates,
    fonts: &formpack_pdf::Fonts,
    draft: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built, BundleError> {
    let composed = compose::compose_all(input, figures, program, templates, draft)
        .map_err(BundleError::Compose)?;
    let c = &input.data;

    // Render DOCX and PDF of every document, in parallel across documents.
    let done = AtomicUsize::new(0);
    let rendered: Vec<(Vec<u8>, Vec<u8>)> = composed
        .par_iter()
        .map(|d| {
            let docx = formpack_docx::render(&d.doc).map_err(|e| BundleError::Render {
                file: format!("{}.docx", d.file_stem),
                message: e.to_string(),
            })?;
            let pdf = formpack_pdf::render(&d.doc, fonts).map_err(|e| BundleError::Render {
                file: format!("{}.pdf", d.file_stem),
                message: e.to_string(),
            })?;
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, composed.len());
            Ok((docx, pdf))
        })
        .collect::<Result<_, BundleError>>()?;

    let merged_parts: Vec<(String, &formpack_doc::Document)> =
        composed.iter().map(|d| (bookmark(d, c), &d.doc)).collect();
    let merged =
        formpack_pdf::render_merged(&merged_parts, fonts).map_err(|e| BundleError::Render {
            file: MERGED_PDF.to_string(),
            message: e.to_string(),
        })?;

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut entries: Vec<FileEntry> = Vec::new();
    let mut push =
        |files: &mut Vec<(String, Vec<u8>)>, path: String, bytes: Vec<u8>, d: Option<&Composed>| {
            entries.push(FileEntry::new(&path, &bytes, d, c));
            files.push((path, bytes));
        };

    push(&mut files, MERGED_PDF.to_string(), merged, None);
    for (d, (docx, pdf)) in composed.iter().zip(&rendered) {
        push(
            &mut files,
            format!("{}.docx", d.file_stem),
            docx.clone(),
            Some(d),
        );
        push(
            &mut files,
            format!("{}.pdf", d.file_stem),
            pdf.clone(),
            Some(d),
        );
    }

    // Signing packets: a folder and a zip per member.
    for m in &c.members {
        let docs: Vec<usize> = packets::packet_documents(&composed, m.id.as_str(), c);
        if docs.is_empty() {
            continue;
        }
        let dir = format!("members/{}", m.id);
        let mut zip_files: Vec<(String, &[u8])> = Vec::new();
        let guide = packets::signing_guide(
            m,
            &docs.iter().map(|i| &composed[*i]).collect::<Vec<_>>(),
            c,
            program,
        );
        let mut packet: Vec<(String, Vec<u8>, Option<&Composed>)> = Vec::new();
        for &i in &docs {
            let d = &composed[i];
            packet.push((
                format!("{}.docx", d.file_stem),
                rendered[i].0.clone(),
                Some(d),
            ));
            packet.push((
                format!("{}.pdf", d.file_stem),
                rendered[i].1.clone(),
                Some(d),
            ));
        }
        packet.push((packets::GUIDE_FILE.to_string(), guide.into_bytes(), None));
        for (name, bytes, _) in &packet {
            zip_files.push((name.clone(), bytes.as_slice()));
        }
        let zipped = zip::store(&zip_files).map_err(|e| BundleError::Render {
            file: format!("{dir}.zip"),
            message: e.to_string(),
        })?;
        for (name, bytes, d) in packet {
            push(&mut files, format!("{dir}/{name}"), bytes, d);
        }
        push(&mut files, format!("{dir}.zip"), zipped, None);
    }

    let manifest = Manifest::new(input, program, draft, entries);
    files.push((MANIFEST.to_string(), manifest.to_json().into_bytes()));
    Ok(Built { files, manifest })
}

/// The bookmark of a document in the merged PDF: `04 참여의사 확인서 — 한국AI융합연구원`.
fn bookmark(d: &Composed, c: &Consortium) -> String {
    let name = d
        .member
        .as_deref()
        .and_then(|id| c.members.iter().find(|m| m.id.as_str() == id))
        .map(|m| format!(" — {}", m.name))
        .unwrap_or_default();
    format!("{:02} {}{}", d.kind.number(), d.kind.title(), name)
}

/// The member ids that sign a document: the member itself for per-member documents; every
/// member for the consortium agreement; the region and the lead for 01 and 06; nobody for 02.
pub fn signers(kind: DocKind, member: Option<&str>, c: &Consortium) -> Vec<String> {
    let with_role = |r: Role| -> Vec<String> {
        c.members
            .iter()
            .filter(|m| m.role == r)
            .map(|m| m.id.to_string())
            .collect()
    };
    match kind {
        DocKind::BudgetSummary => Vec::new(),
        DocKind::Agreement => c.members.iter().map(|m| m.id.to_string()).collect(),
        DocKind::Application | DocKind::LocalContribution => {
            let mut v = with_role(Role::Applicant);
            v.extend(with_role(Role::Lead));
            v
        }
        _ => member.map(|m| vec![m.to_string()]).unwrap_or_default(),
    }
}

/// SHA-256 of bytes, hex.
pub fn hash(bytes: &[u8]) -> String {
    sha256_hex(bytes)
}
