//! Phase 3 of [`make`](super::make): compose the documents with a file still to make, render
//! those files (an official form filled, and its PDF drawn from it), and the deck beside them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use super::lend::Slot;
use super::plan::{DeckPlan, Plan};
use super::{BundleError, BundleFile, FileEntry, Options};
use crate::compose::Composed;
use crate::render::{self, Format};

/// Every document's files, and the deck's.
pub(super) struct Documents {
    /// Each document's files, format by format.
    pub files: Vec<Vec<BundleFile>>,
    /// The deck's manifest entry and file.
    pub deck: Option<(FileEntry, BundleFile)>,
    /// What the PDFs drawn from official forms left out, a line each, unsorted.
    pub notes: Vec<String>,
    /// The documents composed now (kept to be freed beside the manifest's writing).
    pub composed: Vec<Option<Composed>>,
}

/// Makes every file `slots` still lacks, in parallel across documents, and the deck beside
/// them (`deck_lent` when the earlier build lent it).
pub(super) fn make(
    plan: &mut Plan,
    slots: Vec<Vec<Slot>>,
    deck_lent: Option<BundleFile>,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Documents, BundleError> {
    let composed = compose_needed(&slots, plan, opts)?;
    crate::timing::mark("make: composed");
    let deck = plan.deck.take();
    let plan = &*plan;
    let notes = Mutex::new(Vec::new());
    let done = AtomicUsize::new(0);
    let (files, deck) = rayon::join(
        || {
            slots
                .into_par_iter()
                .enumerate()
                .map(|(i, slots)| {
                    let files = render_document(plan, i, slots, &composed, opts, &notes);
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, plan.docs().len());
                    files
                })
                .collect::<Result<Vec<_>, _>>()
        },
        || make_deck(deck, deck_lent, opts),
    );
    Ok(Documents {
        files: files?,
        deck: deck?,
        notes: notes.into_inner().unwrap_or_default(),
        composed,
    })
}

/// The documents with a file to make, composed: templates are rendered only for these (the
/// merged PDF is made of the documents' PDFs, not composed again). An official form's
/// document is filled and read back where its files are made.
fn compose_needed(
    slots: &[Vec<Slot>],
    plan: &Plan,
    opts: &Options,
) -> Result<Vec<Option<Composed>>, BundleError> {
    let to_make = |s: &Slot| matches!(s, Slot::ToMake(_));
    let needed: Vec<bool> = slots
        .iter()
        .zip(plan.docs())
        .map(|(l, d)| d.official.is_none() && l.iter().any(to_make))
        .collect();
    // The fonts (parsed on first use) beside the composing, when a rebuild draws a PDF: it
    // draws a few documents and would otherwise wait for the fonts in the first one (a
    // 60-member correction 0.94–0.98× in turns). Not in a full build, which composes 182
    // documents on both cores and was 1.02× slower with it.
    let draws_pdf = slots
        .iter()
        .enumerate()
        .any(|(i, l)| plan.pdf_of(i).is_some_and(|at| to_make(&l[at])))
        && slots.iter().flatten().any(|s| !to_make(s));
    let (composed, ()) = rayon::join(
        || plan.prepared.compose_where(opts.templates, |i| needed[i]),
        || {
            if draws_pdf {
                opts.resources.fonts();
            }
        },
    );
    composed.map_err(BundleError::Compose)
}

/// Document `i`'s files: each lent one as it is, each missing one made. A document's formats
/// in parallel too: after a correction only a few documents are made, and the largest (03,
/// every member in it) would otherwise be one thread's work.
fn render_document(
    plan: &Plan,
    i: usize,
    slots: Vec<Slot>,
    composed: &[Option<Composed>],
    opts: &Options,
    notes: &Mutex<Vec<String>>,
) -> Result<Vec<BundleFile>, BundleError> {
    plan.formats[i]
        .par_iter()
        .zip(slots)
        .map(|(&f, slot)| match slot {
            Slot::Lent(file) => Ok(file),
            Slot::ToMake(inputs) => match &plan.docs()[i].official {
                Some(_) => fill_official(plan, i, f, inputs, opts, notes),
                None => {
                    let d = composed[i]
                        .as_ref()
                        .expect("composed when a file is missing");
                    let bytes = render::render(&d.doc, f, opts.resources).map_err(|source| {
                        BundleError::Render {
                            file: Plan::file(d, f),
                            source,
                        }
                    })?;
                    Ok(BundleFile::made(bytes, inputs))
                }
            },
        })
        .collect()
}

/// Document `i`'s official form filled, or for [`Format::Pdf`] drawn from the filled form
/// (what the drawing left out goes to `notes`).
fn fill_official(
    plan: &Plan,
    i: usize,
    f: Format,
    inputs: String,
    opts: &Options,
    notes: &Mutex<Vec<String>>,
) -> Result<BundleFile, BundleError> {
    let d = &plan.docs()[i];
    let o = d.official.as_ref().expect("an official form's document");
    let form_error = |source| BundleError::Form {
        file: Plan::file(d, f),
        source,
    };
    let bytes = o.fill().map_err(form_error)?;
    if f != Format::Pdf {
        return Ok(BundleFile::made(bytes, inputs));
    }
    let printable = d.official_printable(&bytes).map_err(form_error)?;
    let (pdf, left) =
        render::official_pdf(&printable, opts.resources).map_err(|source| BundleError::Render {
            file: Plan::file(d, f),
            source,
        })?;
    if let Ok(mut n) = notes.lock() {
        let name = Plan::file(d, f);
        n.extend(left.into_iter().map(|l| format!("{name}: {l}")));
    }
    Ok(BundleFile::made(pdf, inputs))
}

/// 09 발표자료: not a form (no template, no page), so not in the merged PDF; nobody signs it,
/// so not in any packet. Its figures and 문서확인번호 go into the manifest like a form's.
/// Made from the input alone, beside the documents.
fn make_deck(
    deck: Option<DeckPlan>,
    lent: Option<BundleFile>,
    opts: &Options,
) -> Result<Option<(FileEntry, BundleFile)>, BundleError> {
    let Some(DeckPlan {
        path,
        spec,
        planned,
        inputs,
    }) = deck
    else {
        return Ok(None);
    };
    let (shown, fingerprint) = (planned.shown.clone(), planned.fingerprint.clone());
    let file = match lent {
        Some(file) => file,
        None => crate::deck::write(planned, opts.resources)
            .map(|made| BundleFile::made(made.bytes, inputs.clone()))
            .map_err(|source| BundleError::Deck {
                file: path.clone(),
                source,
            })?,
    };
    let e = FileEntry::deck(
        &path,
        &spec.file,
        &file.hashes,
        &file.inputs,
        &fingerprint,
        shown,
    );
    Ok(Some((e, file)))
}
