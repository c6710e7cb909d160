//! Seal images: each member's `seal` found beside the data file and a PNG or JPEG picture,
//! read through the `World`, so a missing or broken image is a finding at its cell, not a
//! failed build (`seal-missing`, `seal-unreadable`).

use crate::diag::{Code, Diagnostic, Severity};
use crate::load::Input;
use crate::world::World;

/// A finding for every seal image that cannot be read or is not a picture.
pub fn seals(world: &dyn World, input: &Input) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, m) in input.data.members.iter().enumerate() {
        let Some(rel) = &m.seal else { continue };
        let finding = |code: Code, message: String| Diagnostic {
            code,
            severity: Severity::Error,
            message,
            location: input.map.locate(&format!("members[{i}].seal")),
            detail: None,
        };
        match world.read(&input.dir.join(rel)) {
            Err(_) => out.push(finding(
                Code::SealMissing,
                format!(
                    "{}의 직인 이미지 '{rel}'을(를) 찾을 수 없습니다: 사업 자료 파일과 같은 폴더에 두거나, 화면에서는 자료 파일과 함께 올리십시오.",
                    m.name
                ),
            )),
            Ok(bytes) if formpack_doc::ImageFormat::sniff(&bytes).is_none() => out.push(finding(
                Code::SealUnreadable,
                format!(
                    "{}의 직인 이미지 '{rel}'은(는) PNG나 JPEG 그림이 아닙니다: 직인을 PNG나 JPEG로 저장해 다시 지정하십시오.",
                    m.name
                ),
            )),
            Ok(_) => {}
        }
    }
    out
}
