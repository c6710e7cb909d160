//! Phase 4 of [`make`](super::make): the merged PDF, every document's PDF page for page with
//! one bookmark each, copying unchanged documents out of an earlier merged PDF when there is
//! one.

use sha2::{Digest as _, Sha256};

use super::plan::{Bookmark, Plan};
use super::{BundleError, BundleFile, Bytes, MergedLayout, Previous, MERGED_PDF};
use crate::render::{Format, RenderError};

/// What the merged PDF is made with, besides the documents' files.
pub(super) struct MergedStart<'a> {
    /// The merged PDF, lent unchanged.
    pub lent: Option<BundleFile>,
    /// The earlier merged PDF to copy from, with its layout.
    pub source: Option<(Bytes, Vec<formpack_pdf::PartLayout>)>,
    /// The earlier merged PDF's layout under this engine.
    pub old_layout: Option<MergedLayout>,
    /// The earlier build, to read a document's PDF the copy turns out to need.
    pub previous: Option<&'a dyn Previous>,
}

/// The merged PDF and its layout, when PDF is among the formats.
pub(super) fn make(
    plan: &Plan,
    start: MergedStart,
    files: &[Vec<BundleFile>],
) -> Result<Option<(BundleFile, Option<MergedLayout>)>, BundleError> {
    let (true, Some(inputs)) = (plan.pdf, &plan.merged_inputs) else {
        return Ok(None);
    };
    if let Some(file) = start.lent {
        // Made from the same documents by the same engine: the same layout.
        return Ok(Some((file, start.old_layout)));
    }
    let merged = merge(plan, files, start.source, start.previous)?;
    crate::timing::mark("  merged PDF made");
    let layout = (!merged.layout.is_empty())
        .then(|| MergedLayout::new(plan.layout_engine.clone(), &merged.layout));
    Ok(Some((
        BundleFile::made(merged.bytes, inputs.clone()),
        layout,
    )))
}

/// Merges the documents' PDFs (an official form's drawn from it). A PDF left out of memory
/// that the copy needs after all (a document before it gained or lost objects) is read from
/// `previous` and the merge tried again.
fn merge(
    plan: &Plan,
    files: &[Vec<BundleFile>],
    old: Option<(Bytes, Vec<formpack_pdf::PartLayout>)>,
    previous: Option<&dyn Previous>,
) -> Result<formpack_pdf::Merged, BundleError> {
    let sources = plan.merged_parts();
    let marks: Vec<&Bookmark> = sources.iter().map(|&(i, _)| &plan.bookmarks[i]).collect();
    let digests = part_digests(&sources, files);
    // PDFs read only because the layout moved under them.
    let mut late: Vec<Option<Bytes>> = vec![None; sources.len()];
    loop {
        let parts: Vec<formpack_pdf::Part> = sources
            .iter()
            .zip(&marks)
            .zip(&late)
            .zip(&digests)
            .map(|(((&(i, at), mark), late), digest)| formpack_pdf::Part {
                mark: &mark.mark,
                group: mark.group.as_deref(),
                bytes: files[i][at]
                    .bytes
                    .as_ref()
                    .or(late.as_ref())
                    .and_then(Bytes::as_whole),
                digest: *digest,
            })
            .collect();
        let from = old.as_ref().and_then(|(bytes, layout)| {
            Some(formpack_pdf::Old {
                bytes: bytes.as_whole()?,
                layout,
            })
        });
        let meta = formpack_pdf::Meta {
            title: &plan.merged_meta.0,
            author: &plan.merged_meta.1,
        };
        match formpack_pdf::merge_reusing(&parts, from, Some(meta)) {
            Ok(formpack_pdf::Merge::Done(m)) => return Ok(m),
            Ok(formpack_pdf::Merge::Needs(list)) => {
                if list
                    .iter()
                    .any(|&k| late[k].is_some() || parts[k].bytes.is_some())
                {
                    return Err(failed(format!("{} parts asked for twice", list.len())));
                }
                for k in list {
                    late[k] = Some(read_late(plan, files, sources[k], previous)?);
                }
            }
            Err(e) => {
                return Err(BundleError::Render {
                    file: MERGED_PDF.to_string(),
                    source: RenderError::pdf(e),
                })
            }
        }
    }
}

/// The file identifier is made of the parts' SHA-256, known already: each part was hashed
/// when made, or checked against the manifest that records it. A part left out of memory has
/// a well-formed recorded hash (see [`lend`](super::lend)); one in memory whose recorded hash
/// is not one is hashed again rather than trusted.
fn part_digests(sources: &[(usize, usize)], files: &[Vec<BundleFile>]) -> Vec<[u8; 32]> {
    sources
        .iter()
        .map(|&(i, at)| {
            let r = &files[i][at];
            crate::hash::digest_from_hex(&r.hashes.sha256)
                .or_else(|| {
                    r.bytes
                        .as_ref()
                        .and_then(Bytes::as_whole)
                        .map(|b| Sha256::digest(b).into())
                })
                .unwrap_or_default()
        })
        .collect()
}

/// Document `i`'s PDF, read now: checked intact earlier in this build; changed since, it
/// stops it.
fn read_late(
    plan: &Plan,
    files: &[Vec<BundleFile>],
    (i, at): (usize, usize),
    previous: Option<&dyn Previous>,
) -> Result<Bytes, BundleError> {
    let path = Plan::file(&plan.docs()[i], Format::Pdf);
    previous
        .and_then(|p| p.lend(&path, &files[i][at].inputs, true))
        .and_then(|l| l.bytes)
        .ok_or_else(|| {
            failed(format!(
                "{path}이(가) 빌드 도중 바뀌었습니다. 다시 실행하십시오"
            ))
        })
}

fn failed(message: String) -> BundleError {
    BundleError::Render {
        file: MERGED_PDF.to_string(),
        source: RenderError::merging(message),
    }
}
