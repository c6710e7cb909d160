//! 08 개인정보 동의서 및 청렴서약서.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn privacy(&self, r: &mut Rec, mem: &Member) -> Map<String, Value> {
        let mut m = Map::new();
        let mut inst = self.institution(r, Some(mem));
        inst["contact"] = Self::contact(Some(mem));
        m.insert("member".into(), inst);
        m
    }
}
