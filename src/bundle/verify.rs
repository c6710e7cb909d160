//! `verify`: re-read a built bundle. Every file's SHA-256 must match the manifest, and the text
//! of every document file (read back by its own backend, [`render::text`]) must contain each figure the manifest
//! says it shows — so a hand-edited or stale file is caught even if the manifest was edited too.

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
        let Some(format) = Format::of_path(&f.path) else {
            continue;
        };
        let text = render::text(format, &bytes);
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
        if let Some(fp) = &f.fingerprint {
            if !text.contains(fp.as_str()) {
                // A hex code ends in a digit or a letter read by its name (…b: 비), so the
                // particle goes after 표시 rather than after the code.
                problems.push(problem(format!("문서확인번호 {fp} 표시가 문서에 없습니다")));
            }
        }
    }
    Ok((manifest, problems))
}

/// Remove white space, so a figure split across lines or runs still matches.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
