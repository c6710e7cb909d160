//! Word (DOCX) forms.

use crate::error::{unsupported, Error};
use crate::package::Package;
use crate::plan::{Filled, Inventory, Placed, Plan};

pub(crate) fn inspect(_p: &Package) -> Result<Inventory, Error> {
    Err(unsupported("DOCX 서식은 아직 채울 수 없습니다"))
}

pub(crate) fn fill(_p: &Package, _plan: &Plan) -> Result<Filled, Error> {
    Err(unsupported("DOCX 서식은 아직 채울 수 없습니다"))
}

pub(crate) fn read(_p: &Package, _plan: &Plan) -> Result<Vec<Placed>, Error> {
    Err(unsupported("DOCX 서식은 아직 채울 수 없습니다"))
}

pub(crate) fn text(_p: &Package) -> Result<String, Error> {
    Err(unsupported("DOCX 서식은 아직 채울 수 없습니다"))
}
