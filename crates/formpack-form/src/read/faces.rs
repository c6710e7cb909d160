//! A form's font faces mapped to the two bundled classes.

use formpack_doc::Face;

/// The bundled face standing in for a form's font: 고딕 for the sans-serif faces (돋움, 굴림,
/// 고딕, 맑은 고딕, 함초롬돋움, Arial …), 명조 for everything else (바탕, 명조, 함초롬바탕,
/// 신명조, Times …).
pub(crate) fn face_of(name: &str) -> Face {
    let n = name.to_lowercase();
    const SANS: [&str; 16] = [
        "돋움",
        "굴림",
        "고딕",
        "맑은",
        "gothic",
        "gulim",
        "dotum",
        "malgun",
        "arial",
        "helvetica",
        "calibri",
        "sans",
        "verdana",
        "tahoma",
        "segoe",
        "헤드라인",
    ];
    if SANS.iter().any(|s| n.contains(s)) || n.contains("견고딕") {
        Face::Sans
    } else {
        Face::Serif
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_map_by_class() {
        for s in [
            "함초롬돋움",
            "맑은 고딕",
            "굴림체",
            "돋움",
            "Arial",
            "HY견고딕",
            "Calibri",
        ] {
            assert_eq!(face_of(s), Face::Sans, "{s}");
        }
        for s in [
            "함초롬바탕",
            "바탕",
            "신명조",
            "휴먼명조",
            "Times New Roman",
            "HY신명조",
        ] {
            assert_eq!(face_of(s), Face::Serif, "{s}");
        }
    }
}
