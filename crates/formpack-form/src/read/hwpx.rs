//! HWPX section → document model.

use crate::package::Package;

pub(crate) fn read(_p: &Package) -> Result<super::Read, crate::Error> {
    Err(crate::Error::new(
        crate::ErrorKind::Unsupported,
        "HWPX 서식을 PDF로 읽는 기능은 아직 없습니다",
    ))
}
