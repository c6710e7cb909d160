//! Phase 5 of [`make`](super::make): each member's packet zipped, or lent as it is, from
//! the documents' files in memory. What a packet holds is [`packets`](super::packets)'s.

use rayon::prelude::*;

use super::packets::GUIDE_FILE;
use super::plan::{Packet, Plan};
use super::{BundleError, BundleFile, Bytes, Hashes};

/// Phase 5 of [`make`](super::make): every packet, lent as it is or zipped anew from the
/// documents' files in memory (headers between their own bytes, which are not copied).
pub(super) fn make(
    plan: &Plan,
    lent: Vec<Option<BundleFile>>,
    files: &[Vec<BundleFile>],
) -> Result<Vec<BundleFile>, BundleError> {
    let crcs = crcs(plan, &lent, files);
    // Each packet lent as it is (`Ok`), or a new zip, hashed below (`Err`).
    let zips: Vec<Result<BundleFile, Bytes>> = plan
        .packets
        .par_iter()
        .zip(lent)
        .map(|(p, l)| match l {
            Some(file) => Ok(Ok(file)),
            None => zip_packet(plan, p, files, &crcs).map(Err),
        })
        .collect::<Result<_, _>>()?;
    crate::timing::mark("  packets zipped");
    // Every new packet opens with the agreement's entries: hash them once.
    let new: Vec<Vec<&[u8]>> = zips
        .iter()
        .filter_map(|z| z.as_ref().err().map(|b| b.slices().collect()))
        .collect();
    let mut hashes = crate::hash::pairs_sharing_prefix(&new).into_iter();
    crate::timing::mark("  packets hashed");
    Ok(zips
        .into_iter()
        .zip(&plan.packets)
        .map(|(z, p)| match z {
            Ok(lent) => lent,
            Err(bytes) => BundleFile::made_hashed(
                Hashes::from(hashes.next().expect("one pair per new packet")),
                bytes,
                p.inputs.clone(),
            ),
        })
        .collect())
}

/// The CRC-32 of every document file a new packet holds, once (the agreement is in every
/// packet); 0 for the others.
fn crcs(plan: &Plan, lent: &[Option<BundleFile>], files: &[Vec<BundleFile>]) -> Vec<Vec<u32>> {
    let mut in_new = vec![false; plan.docs().len()];
    for (p, l) in plan.packets.iter().zip(lent) {
        if l.is_none() {
            p.list.iter().for_each(|&i| in_new[i] = true);
        }
    }
    files
        .par_iter()
        .zip(&in_new)
        .map(|(outs, &used)| {
            outs.iter()
                .map(|r| match used {
                    true => formpack_zip::crc32(r.body()),
                    false => 0,
                })
                .collect()
        })
        .collect()
}

/// Packet `p` zipped: its documents' files, then the guide.
fn zip_packet(
    plan: &Plan,
    p: &Packet,
    files: &[Vec<BundleFile>],
    crcs: &[Vec<u32>],
) -> Result<Bytes, BundleError> {
    let mut zip_files: Vec<(String, Bytes, u32)> = Vec::new();
    for &i in &p.list {
        for ((&f, r), &crc) in plan.formats[i].iter().zip(&files[i]).zip(&crcs[i]) {
            let bytes = r.bytes.clone().expect("read into memory (see `lend`)");
            zip_files.push((Plan::file(&plan.docs()[i], f), bytes, crc));
        }
    }
    let guide = p.guide.clone();
    let crc = formpack_zip::crc32(&guide);
    zip_files.push((GUIDE_FILE.to_string(), Bytes::from(guide), crc));
    super::zip::store_pieces(&zip_files).map_err(|source| BundleError::Packet {
        file: p.path.clone(),
        source,
    })
}
