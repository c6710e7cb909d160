//! Which characters each embedded face prints, read from the package's own parts: a run
//! naming 나눔고딕 (`w:rFonts`) is 고딕, any other 명조 (the document default); `w:b`
//! makes it bold. The watermark's VML text path is 고딕.

use std::collections::BTreeSet;

/// The four faces a document can use, in [`Usage::sets`] order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    Serif,
    SerifBold,
    Sans,
    SansBold,
}

impl Slot {
    pub(crate) const ALL: [Slot; 4] = [Slot::Serif, Slot::SerifBold, Slot::Sans, Slot::SansBold];

    fn of(sans: bool, bold: bool) -> Slot {
        match (sans, bold) {
            (false, false) => Slot::Serif,
            (false, true) => Slot::SerifBold,
            (true, false) => Slot::Sans,
            (true, true) => Slot::SansBold,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The characters printed in each face.
#[derive(Default, Debug)]
pub(crate) struct Usage {
    pub sets: [BTreeSet<char>; 4],
}

fn is_sans(font: &str) -> bool {
    font.contains(crate::text::SANS)
}

impl Usage {
    /// Add the text of one WordprocessingML part.
    pub(crate) fn scan(&mut self, xml: &str) {
        let Ok(doc) = roxmltree::Document::parse(xml) else {
            return;
        };
        for node in doc.descendants().filter(|n| n.is_element()) {
            match node.tag_name().name() {
                "r" => self.run(node),
                "textpath" => {
                    let sans = node.attribute("style").is_some_and(is_sans);
                    self.add(Slot::of(sans, false), node.attribute("string"));
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, run: roxmltree::Node) {
        let props = run.children().find(|n| n.tag_name().name() == "rPr");
        let child =
            |name: &str| props.and_then(|p| p.children().find(|n| n.tag_name().name() == name));
        let sans = child("rFonts").is_some_and(|f| {
            f.attributes()
                .any(|a| matches!(a.name(), "ascii" | "eastAsia") && is_sans(a.value()))
        });
        let bold = child("b").is_some_and(|b| {
            !b.attributes()
                .any(|a| a.name() == "val" && matches!(a.value(), "0" | "false" | "off"))
        });
        let slot = Slot::of(sans, bold);
        for t in run.children().filter(|n| n.tag_name().name() == "t") {
            self.add(slot, t.text());
        }
    }

    fn add(&mut self, slot: Slot, text: Option<&str>) {
        let set = &mut self.sets[slot.index()];
        set.extend(text.unwrap_or_default().chars().filter(|c| !c.is_control()));
    }

    /// Every face in use also gets the digits a page-number field may print.
    pub(crate) fn with_field_digits(mut self) -> Usage {
        for set in self.sets.iter_mut().filter(|s| !s.is_empty()) {
            set.extend('0'..='9');
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn runs_fall_into_their_face_and_weight() {
        let xml = format!(
            concat!(
                r#"<w:document {w}><w:p><w:r><w:t>명조</w:t></w:r>"#,
                r#"<w:r><w:rPr><w:b/></w:rPr><w:t>굵게</w:t></w:r>"#,
                r#"<w:r><w:rPr><w:rFonts w:ascii="NanumGothic" w:eastAsia="NanumGothic"/><w:b w:val="0"/></w:rPr><w:t>고딕</w:t></w:r>"#,
                r#"<w:r><w:rPr><w:rFonts w:eastAsia="NanumGothic"/><w:b/></w:rPr><w:t>표</w:t></w:r>"#,
                "</w:p></w:document>"
            ),
            w = W
        );
        let mut usage = Usage::default();
        usage.scan(&xml);
        let set = |s: Slot| usage.sets[s.index()].iter().collect::<String>();
        assert_eq!(set(Slot::Serif), "명조");
        assert_eq!(set(Slot::SerifBold), "게굵");
        assert_eq!(set(Slot::Sans), "고딕");
        assert_eq!(set(Slot::SansBold), "표");
        let usage = usage.with_field_digits();
        assert!(usage.sets[Slot::Sans.index()].contains(&'7'));
    }

    #[test]
    fn the_watermark_path_is_gothic() {
        let xml = r#"<v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textpath style="font-family:&quot;NanumGothic&quot;" string="초안"/></v:shape>"#;
        let mut usage = Usage::default();
        usage.scan(xml);
        assert_eq!(usage.sets[Slot::Sans.index()].len(), 2);
    }
}
