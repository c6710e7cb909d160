//! `verify`: re-read a built bundle. Every file's SHA-256 must match the manifest, the text
//! of every document file (read back by its own backend, [`render::text`]) must contain each
//! figure the manifest says it shows (the 발표자료 deck's slides too, read by `formpack_pptx::text`) — so a hand-edited or stale file is caught even if the
//! manifest was edited too — and every document in a signing packet's zip must be the
//! top-level file of the same name, byte for byte.

use std::path::Path;

use super::manifest::{Manifest, ManifestError};
use crate::korean::josa;
use crate::render::{self, Format};

/// One problem found, in Korean, naming the file and the figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file's path in the bundle.
    pub file: String,
    /// What is wrong, in Korean.
    pub message: String,
}

/// Check a bundle folder. `Ok` holds the problems (empty when all is well); `Err` means the
/// manifest itself could not be read.
pub fn verify(dir: &Path) -> Result<(Manifest, Vec<Problem>), ManifestError> {
    let manifest = Manifest::read(dir)?;
    let mut problems = Vec::new();
    for f in &manifest.files {
        let problem = |message: String| Problem {
            file: f.path.clone(),
            message,
        };
        let Ok(bytes) = std::fs::read(dir.join(&f.path)) else {
            problems.push(problem("파일이 없습니다".into()));
            continue;
        };
        if f.path.starts_with("members/") && f.path.ends_with(".zip") {
            packet(&manifest, &bytes, &mut |m| problems.push(problem(m)));
        }
        let actual = super::hash(&bytes);
        if actual != f.sha256 {
            problems.push(problem(format!(
                "파일 내용이 manifest와 다릅니다 (SHA-256 기대 {}…, 실제 {}…): 손으로 고쳤거나 다른 판의 파일입니다",
                &f.sha256[..12.min(f.sha256.len())],
                &actual[..12]
            )));
        }
        if f.figures.is_empty() {
            continue;
        }
        // An official form's own file is read as a form; its PDF like every PDF.
        let pdf = Format::of_path(&f.path) == Some(Format::Pdf);
        let text = if f.form.is_some() && !pdf {
            crate::compose::official::text(&bytes)
        } else if crate::deck::is_deck(&f.path) {
            crate::deck::text(&bytes).map_err(|e| e.to_string())
        } else if let Some(format) = Format::of_path(&f.path) {
            render::text(format, &bytes).map_err(|e| e.to_string())
        } else {
            continue;
        };
        let text = match text {
            Ok(t) => squeeze(&t),
            Err(e) => {
                problems.push(problem(format!("문서를 읽을 수 없습니다: {e}")));
                continue;
            }
        };
        for (name, value) in &f.figures {
            if !text.contains(&squeeze(value)) {
                problems.push(problem(format!(
                    "{name} {} 문서에 없습니다",
                    josa(&format!("\"{value}\""), "이", "가")
                )));
            }
        }
        let printed = pdf || f.form.as_ref().is_none_or(|r| r.fingerprint_printed);
        if let (Some(fp), true) = (&f.fingerprint, printed) {
            if !text.contains(fp.as_str()) {
                // A hex code ends in a digit or a letter read by its name (…b: 비), so the
                // particle goes after 표시 rather than after the code.
                problems.push(problem(format!("문서확인번호 {fp} 표시가 문서에 없습니다")));
            }
        }
    }
    Ok((manifest, problems))
}

/// Each document in a packet zip must be a top-level file of the manifest, with its hash.
fn packet(manifest: &Manifest, bytes: &[u8], problem: &mut dyn FnMut(String)) {
    use std::io::Read;
    let mut zip = match ::zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return problem(format!("서명 묶음 zip을 읽을 수 없습니다: {e}")),
    };
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => return problem(format!("서명 묶음 zip을 읽을 수 없습니다: {e}")),
        };
        let name = entry.name().to_string();
        if name == super::packets::GUIDE_FILE {
            continue;
        }
        let Some(top) = manifest.files.iter().find(|f| f.path == name) else {
            problem(format!("묶음 안의 {name}은(는) manifest에 없는 파일입니다"));
            continue;
        };
        // A packet entry is at most as large as the file it copies.
        let mut content = Vec::new();
        let limit = 64 * 1024 * 1024;
        if (&mut entry).take(limit).read_to_end(&mut content).is_err() {
            problem(format!("묶음 안의 {name}을(를) 읽을 수 없습니다"));
            continue;
        }
        if super::hash(&content) != top.sha256 {
            problem(format!(
                "묶음 안의 {name}이(가) 같은 이름의 서류 파일과 다릅니다: 다른 판의 서류입니다"
            ));
        }
    }
}

/// Remove white space, so a figure split across lines or runs still matches.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
