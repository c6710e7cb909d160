//! Each member's signing packet: the documents it signs, and a short guide in Korean.
//!
//! A packet holds the member's own documents (04, 05, 07, 08), the consortium agreement (03)
//! that every party signs, and for the region and the lead the local contribution agreement
//! (06). The application form (01) carries the contacts of both the region and the lead, so it
//! goes in no packet: it is sealed on the lead's submission copy. No packet holds another
//! member's contacts or eligibility facts.

use rayon::prelude::*;

use super::plan::{Packet, Plan};
use super::{BundleError, BundleFile, Bytes, Hashes};
use crate::compose::{DocKind, Prepared};
use crate::model::{Consortium, Member};
use crate::program::Program;

/// The signing guide at the top of every member's packet.
pub const GUIDE_FILE: &str = "서명안내.txt";

/// Indices into `composed` of the documents in `member`'s packet, in submission order.
pub fn packet_documents(composed: &[Prepared], member: &str, c: &Consortium) -> Vec<usize> {
    composed
        .iter()
        .enumerate()
        .filter(|(_, d)| match d.kind {
            DocKind::Application | DocKind::BusinessPlan | DocKind::BudgetSummary => false,
            DocKind::Agreement | DocKind::LocalContribution => {
                super::signers(d.kind, None, c).iter().any(|s| s == member)
            }
            _ => d.member.as_deref() == Some(member),
        })
        .map(|(i, _)| i)
        .collect()
}

/// `서명안내.txt`: what to sign, seal and return, and by when. With `pdf`, an official form
/// is printed from its PDF like every document; without, from its own file.
pub fn signing_guide(
    m: &Member,
    docs: &[&Prepared],
    c: &Consortium,
    program: &Program,
    pdf: bool,
) -> String {
    let lead = c
        .members
        .iter()
        .find(|x| x.role == crate::model::Role::Lead)
        .map(|x| x.name.as_str())
        .unwrap_or("주관기관");
    let rep = m
        .representative
        .as_ref()
        .map(|r| {
            format!(
                "{} {}",
                r.title.as_deref().unwrap_or("대표자"),
                r.name.as_deref().unwrap_or("")
            )
        })
        .unwrap_or_else(|| "대표자".to_string());
    let mut s = String::new();
    s.push_str(&format!(
        "「{}」 사업 서명 안내 — {}\n\n",
        program.name, m.name
    ));
    s.push_str(&format!(
        "이 묶음에는 {} 서명·날인할 서류만 들어 있습니다 (제{}판).\n\n",
        crate::korean::josa(&m.name, "이", "가"),
        c.revision
    ));
    for (i, d) in docs.iter().enumerate() {
        let line = match &d.official {
            // The agency's own form, filled and drawn as PDF: print the PDF.
            Some(o) if pdf => {
                let ext = o.form.kind().extension();
                format!(
                    "{}.pdf, 기관 공식 서식, 문서확인번호 {}; 고칠 때는 {}.{ext}",
                    d.file_stem, d.fingerprint, d.file_stem
                )
            }
            // The agency's own form: its file, opened in 한글 or Word to print.
            Some(o) => {
                let ext = o.form.kind().extension();
                let app = if ext == "hwpx" { "한글" } else { "Word" };
                let number = if o.fingerprint_printed() {
                    format!("문서확인번호 {}", d.fingerprint)
                } else {
                    format!("문서확인번호 {}, 서식에는 표시되지 않음", d.fingerprint)
                };
                format!(
                    "{}.{ext}: 기관 공식 서식, {app}에서 열어 인쇄, {number}",
                    d.file_stem
                )
            }
            None => format!("{}.pdf, 문서확인번호 {}", d.file_stem, d.fingerprint),
        };
        s.push_str(&format!("{}. {} ({line})\n", i + 1, d.title));
    }
    s.push_str(&format!(
        "\n할 일\n- 각 서류를 인쇄하여 내용을 확인한 뒤 {rep}의 직인을 날인하십시오 (개인 서명란은 서명 또는 날인).\n"
    ));
    s.push_str("- 개인정보 동의서의 동의 여부 칸은 직접 표시하십시오.\n");
    s.push_str(&format!(
        "- 날인한 원본을 {lead}에 보내 주십시오. 제출 마감: {} {} (우편은 마감일 소인 유효).\n",
        program.deadline.official_weekday(),
        program.deadline_time
    ));
    s.push_str("- 서류의 하단 문서확인번호가 이 안내와 같은지 확인하십시오. 번호가 다르면 다른 판의 서류입니다.\n");
    if !pdf
        && docs.iter().any(|d| {
            d.official
                .as_ref()
                .is_some_and(|o| !o.fingerprint_printed())
        })
    {
        s.push_str(&format!(
            "- 문서확인번호를 표시할 자리가 없는 기관 공식 서식에는 번호가 찍히지 않습니다: 이 묶음의 파일을 그대로 인쇄하고, 파일 이름과 판(제{}판)을 확인하십시오.\n",
            c.revision
        ));
    }
    s
}

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
