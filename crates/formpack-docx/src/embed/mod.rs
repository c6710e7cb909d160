//! Embedding the document's fonts (ECMA-376 Part 1 §17.8.3): each face in use, cut down to
//! the characters it prints, obfuscated as `word/fonts/fontN.odttf` and named in
//! `fontTable.xml` (`w:embedRegular`/`w:embedBold` with its key), so Word and LibreOffice
//! draw the faces the PDF uses on a PC that has no Nanum fonts.

mod obfuscate;
mod sfnt;
mod usage;

pub(crate) use usage::Slot;
use usage::Usage;

/// The TrueType files a DOCX embeds, subset to the characters each prints.
#[derive(Clone, Copy, Debug)]
pub struct EmbeddedFonts<'a> {
    /// 명조 (NanumMyeongjo).
    pub serif: &'a [u8],
    /// 명조 bold.
    pub serif_bold: &'a [u8],
    /// 고딕 (NanumGothic).
    pub sans: &'a [u8],
    /// 고딕 bold.
    pub sans_bold: &'a [u8],
}

impl EmbeddedFonts<'_> {
    fn file(&self, slot: Slot) -> &[u8] {
        match slot {
            Slot::Serif => self.serif,
            Slot::SerifBold => self.serif_bold,
            Slot::Sans => self.sans,
            Slot::SansBold => self.sans_bold,
        }
    }
}

/// One embedded font: its face, its key and its obfuscated bytes.
pub(crate) struct Embedded {
    pub slot: Slot,
    pub key: String,
    pub data: Vec<u8>,
}

/// The relationship type of an embedded font.
const FONT_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font";
/// The content type of an obfuscated font part.
pub(crate) const OBFUSCATED_FONT: &str =
    "application/vnd.openxmlformats-officedocument.obfuscatedFont";

/// The fonts to embed for these WordprocessingML parts, in [`Slot::ALL`] order; a face no
/// run prints is left out.
pub(crate) fn embed(fonts: &EmbeddedFonts, parts: &[&str]) -> Vec<Embedded> {
    let mut usage = Usage::default();
    for xml in parts {
        usage.scan(xml);
    }
    let usage = usage.with_field_digits();
    Slot::ALL
        .into_iter()
        .filter_map(|slot| {
            let font = sfnt::subset(fonts.file(slot), &usage.sets[slot.index()])?;
            let key = obfuscate::font_key(&font);
            let data = obfuscate::obfuscate(&font, &key);
            Some(Embedded { slot, key, data })
        })
        .collect()
}

/// The part name of the `n`th embedded font (from 1).
pub(crate) fn part_name(n: usize) -> String {
    format!("word/fonts/font{n}.odttf")
}

/// `w:embedRegular`/`w:embedBold` for the fonts of one family (`bold` slot second).
pub(crate) fn embed_elements(embedded: &[Embedded], regular: Slot, bold: Slot) -> String {
    let mut out = String::new();
    for (n, e) in embedded.iter().enumerate() {
        let kind = match e.slot {
            s if s == regular => "Regular",
            s if s == bold => "Bold",
            _ => continue,
        };
        out.push_str(&format!(
            r#"<w:embed{kind} r:id="rIdFont{}" w:fontKey="{}" w:subsetted="1"/>"#,
            n + 1,
            e.key
        ));
    }
    out
}

/// `word/_rels/fontTable.xml.rels`.
pub(crate) fn font_table_rels(embedded: &[Embedded]) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    for n in 1..=embedded.len() {
        out.push_str(&format!(
            r#"<Relationship Id="rIdFont{n}" Type="{FONT_RELATIONSHIP}" Target="fonts/font{n}.odttf"/>"#
        ));
    }
    out.push_str("</Relationships>");
    out
}

/// `[Content_Types].xml` with the obfuscated font type for `.odttf`.
pub(crate) fn with_font_content_type(xml: &str) -> String {
    let default = format!(r#"<Default Extension="odttf" ContentType="{OBFUSCATED_FONT}"/>"#);
    match xml.find("<Default ") {
        Some(at) => format!("{}{default}{}", &xml[..at], &xml[at..]),
        None => xml.to_string(),
    }
}

/// `settings.xml` telling Word to keep the fonts embedded, as subsets, when it saves: after
/// `w:zoom` and before `w:defaultTabStop`, as the schema orders them.
pub(crate) fn with_embed_settings(xml: &str) -> String {
    const EMBED: &str = "<w:embedTrueTypeFonts/><w:saveSubsetFonts/>";
    let Some(zoom) = xml.find("<w:zoom ") else {
        return xml.to_string();
    };
    let Some(end) = xml[zoom..].find("/>").map(|e| zoom + e + 2) else {
        return xml.to_string();
    };
    let mut out = format!("{}{EMBED}{}", &xml[..end], &xml[end..]);
    // docx-rs writes w:defaultTabStop first; the schema puts it after the embedding flags.
    if let Some(tab) = out.find("<w:defaultTabStop ") {
        if let Some(len) = out[tab..].find("/>").map(|e| e + 2) {
            let element: String = out.drain(tab..tab + len).collect();
            let at = out.find(EMBED).map_or(out.len(), |i| i + EMBED.len());
            out.insert_str(at, &element);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_order_zoom_embedding_then_tab_stop() {
        let xml = r#"<w:settings><w:defaultTabStop w:val="840" /><w:zoom w:percent="100" /><w:compat/></w:settings>"#;
        assert_eq!(
            with_embed_settings(xml),
            r#"<w:settings><w:zoom w:percent="100" /><w:embedTrueTypeFonts/><w:saveSubsetFonts/><w:defaultTabStop w:val="840" /><w:compat/></w:settings>"#
        );
    }

    #[test]
    fn odttf_gets_its_content_type() {
        let xml = r#"<Types><Default Extension="png" ContentType="image/png"/></Types>"#;
        let out = with_font_content_type(xml);
        assert!(out.starts_with(r#"<Types><Default Extension="odttf" "#));
    }
}
