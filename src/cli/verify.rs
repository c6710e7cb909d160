//! `formpack verify DIR`.

use std::path::Path;

use crate::bundle::verify::verify;

pub fn run(dir: &Path) -> u8 {
    match verify(dir) {
        Err(e) => {
            eprintln!("formpack: {e}");
            2
        }
        Ok((m, problems)) if problems.is_empty() => {
            let figures: usize = m.files.iter().map(|f| f.figures.len()).sum();
            println!(
                "확인 완료: 파일 {}개의 해시가 manifest와 같고, 수치 {}건이 모두 문서에 있습니다 (제{}판, 입력 {}…).",
                m.files.len(),
                figures,
                m.revision,
                &m.input_sha256[..12.min(m.input_sha256.len())]
            );
            0
        }
        Ok((_, problems)) => {
            for p in &problems {
                println!("{}: {}", p.file, p.message);
            }
            println!(
                "문제 {}건: 이 번들은 manifest와 맞지 않습니다. formpack build로 다시 만드십시오.",
                problems.len()
            );
            1
        }
    }
}
