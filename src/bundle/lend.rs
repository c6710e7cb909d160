//! Phase 2 of [`make`](super::make): everything an earlier build can lend, read or only
//! checked, in parallel.
//!
//! It is known from the plan, before any file is read, which packets and whether the merged
//! PDF must be made again. A lent document file is read into memory only when one of those
//! holds it; every other lent file is only checked against its recorded hash (a no-change
//! rebuild holds nothing in memory).

use std::collections::HashSet;

use rayon::prelude::*;

use super::plan::Plan;
use super::{BundleFile, Bytes, MergedLayout, Previous, MERGED_PDF};

/// One file of a document: lent by the earlier build, or still to make from its inputs.
pub(super) enum Slot {
    Lent(BundleFile),
    ToMake(String),
}

/// What the earlier build lent.
pub(super) struct Lending {
    /// Each document's files, format by format.
    pub docs: Vec<Vec<Slot>>,
    /// The merged PDF, unchanged.
    pub merged: Option<BundleFile>,
    /// When the merged PDF is made again: the earlier one (intact, with its layout) to copy
    /// unchanged documents out of.
    pub merged_source: Option<(Bytes, Vec<formpack_pdf::PartLayout>)>,
    /// The earlier merged PDF's layout, when this engine wrote it.
    pub old_layout: Option<MergedLayout>,
    /// Each packet, unchanged.
    pub packets: Vec<Option<BundleFile>>,
    /// The deck, unchanged.
    pub deck: Option<BundleFile>,
}

/// Asks `previous` (if any) for every file of `plan`.
pub(super) fn lend(plan: &Plan, previous: Option<&dyn Previous>) -> Lending {
    let lists = |path: &str, inputs: &str| previous.is_some_and(|p| p.lists(path, inputs));
    // An earlier merged PDF made by this engine: the documents it holds unchanged are copied
    // out of it, so only the first document's PDF (its information dictionary) and the
    // documents it does not hold are needed in memory for a new one.
    let old_layout = previous.and_then(|p| p.merged_layout(&plan.layout_engine));
    // Which of the merged PDF and the packets must be made: their inputs changed, or (found
    // below) their file is not intact.
    let merged_made = plan
        .merged_inputs
        .as_deref()
        .is_some_and(|i| !lists(MERGED_PDF, i));
    let packet_made: Vec<bool> = plan
        .packets
        .iter()
        .map(|p| !lists(&p.path, &p.inputs))
        .collect();
    let need = plan.needs(merged_made, &packet_made, old_layout.is_some());
    crate::timing::mark("make: planned");

    let copying = old_layout.is_some();
    let mut lent = lend_all(plan, previous, &need, merged_made, &packet_made, copying);
    lent.old_layout = old_layout;
    crate::timing::mark("make: lent");
    read_what_is_needed(plan, previous, &mut lent);
    lent
}

/// Each document's files (a file it cannot lend keeps its inputs until it is made), the
/// merged PDF, the packets and the deck, side by side. A made-again merged PDF asks instead
/// for the earlier one to copy from.
fn lend_all(
    plan: &Plan,
    previous: Option<&dyn Previous>,
    need: &[Vec<bool>],
    merged_made: bool,
    packet_made: &[bool],
    copying: bool,
) -> Lending {
    let lend =
        |path: &str, inputs: &str, keep: bool| previous.and_then(|p| p.lend(path, inputs, keep));
    let lend_file = |path: &str, inputs: &String, keep: bool| match lend(path, inputs, keep) {
        Some(l) => Slot::Lent(BundleFile::lent(l, inputs.clone())),
        None => Slot::ToMake(inputs.clone()),
    };
    let (docs, (merged, (packets, deck))) = rayon::join(
        || {
            plan.docs()
                .par_iter()
                .enumerate()
                .map(|(i, d)| {
                    let files = plan.formats[i].iter().zip(&plan.inputs[i]);
                    files
                        .enumerate()
                        .map(|(at, (&f, x))| lend_file(&Plan::file(d, f), x, need[i][at]))
                        .collect::<Vec<Slot>>()
                })
                .collect::<Vec<_>>()
        },
        || {
            rayon::join(
                || {
                    let inputs = plan.merged_inputs.as_deref()?;
                    if merged_made {
                        // To copy from: read whatever it was made from, hash checked.
                        let old = copying
                            .then(|| previous?.merged_source(&plan.layout_engine))
                            .flatten();
                        return Some(Err(old));
                    }
                    lend(MERGED_PDF, inputs, false).map(|l| Ok(BundleFile::lent(l, inputs.into())))
                },
                || {
                    rayon::join(
                        || {
                            plan.packets
                                .par_iter()
                                .zip(packet_made)
                                .map(|(p, &made)| {
                                    if made {
                                        return None;
                                    }
                                    lend(&p.path, &p.inputs, false)
                                        .map(|l| BundleFile::lent(l, p.inputs.clone()))
                                })
                                .collect::<Vec<_>>()
                        },
                        || {
                            let d = plan.deck.as_ref()?;
                            lend(&d.path, &d.inputs, false)
                                .map(|l| BundleFile::lent(l, d.inputs.clone()))
                        },
                    )
                },
            )
        },
    );
    // The merged PDF lent (`Ok`), or the earlier one to copy from (`Err`, when it is intact).
    let (merged, merged_source) = match merged {
        Some(Ok(r)) => (Some(r), None),
        Some(Err(old)) => (None, old),
        None => (None, None),
    };
    Lending {
        docs,
        merged,
        merged_source,
        old_layout: None,
        packets,
        deck,
    }
}

/// A packet or merged PDF that was listed but is not intact is made after all; the document
/// files it holds that were only checked are read now (rarely: after a hand edit), and so are
/// the PDFs a new merged PDF cannot copy from the earlier one.
fn read_what_is_needed(plan: &Plan, previous: Option<&dyn Previous>, lent: &mut Lending) {
    let merged_made = plan.merged_inputs.is_some() && lent.merged.is_none();
    let packet_made: Vec<bool> = lent.packets.iter().map(Option::is_none).collect();
    let mut need = plan.needs(merged_made, &packet_made, lent.old_layout.is_some());
    if merged_made && plan.pdf {
        // Documents the earlier merged PDF does not hold (or whose recorded hash is not one).
        let in_old_layout: HashSet<&str> = lent
            .old_layout
            .iter()
            .flat_map(|l| &l.parts)
            .map(|p| p.sha256.as_str())
            .collect();
        for (i, (n, l)) in need.iter_mut().zip(&lent.docs).enumerate() {
            let Some(at) = plan.pdf_of(i) else { continue };
            if let Slot::Lent(r) = &l[at] {
                let sha = r.hashes.sha256.as_str();
                if !in_old_layout.contains(sha) || crate::hash::digest_from_hex(sha).is_none() {
                    n[at] = true;
                }
            }
        }
    }
    if merged_made && lent.merged_source.is_none() {
        // Nothing to copy from after all: every document's PDF.
        for (i, n) in need.iter_mut().enumerate() {
            if let Some(at) = plan.pdf_of(i) {
                n[at] = true;
            }
        }
    }
    lent.docs.par_iter_mut().enumerate().for_each(|(i, l)| {
        for (at, slot) in l.iter_mut().enumerate() {
            if let Slot::Lent(file) = slot {
                if need[i][at] && file.bytes.is_none() {
                    let inputs = std::mem::take(&mut file.inputs);
                    let path = Plan::file(&plan.docs()[i], plan.formats[i][at]);
                    *slot = match previous.and_then(|p| p.lend(&path, &inputs, true)) {
                        Some(l) => Slot::Lent(BundleFile::lent(l, inputs)),
                        None => Slot::ToMake(inputs),
                    };
                }
            }
        }
    });
}
