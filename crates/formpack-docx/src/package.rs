//! Packing the archive: docx-rs's parts for an empty body with the body formpack wrote
//! spliced in, our own core properties, styles and font table, the pictures' parts and
//! relationships, the draft watermark in the header, and fixed entry times.

use crate::embed::{self, Embedded, EmbeddedFonts, Slot};
use crate::footer::{RUNNING_MARKER, WATERMARK_MARKER};
use crate::image::Media;
use formpack_doc::style;

use crate::text::{SANS, SERIF};
use crate::{Error, ErrorKind};

/// Metadata written to docProps/core.xml.
pub(crate) struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    /// The watermark text, also written as the keywords.
    pub watermark: Option<&'a str>,
    /// The form's own header blocks as WordprocessingML (empty: none).
    pub header: &'a str,
    /// The form's own footer blocks as WordprocessingML (empty: none).
    pub footer: &'a str,
    /// The fonts to embed (none: the package names its fonts only).
    pub fonts: Option<&'a EmbeddedFonts<'a>>,
}

/// The one timestamp the package carries, in zip entries and core properties: none of the
/// run's wall clock, so the same document gives the same bytes on every day.
const FIXED_W3CDTF: &str = "2000-01-01T00:00:00Z";

fn fixed_time() -> formpack_zip::DosTime {
    formpack_zip::DosTime::midnight(2000, 1, 1).unwrap_or(formpack_zip::DosTime::EPOCH)
}

fn zip_err(e: formpack_zip::Error) -> Error {
    Error::caused(ErrorKind::Package, "cannot write the DOCX package", e)
}

/// XML-escape text for element content and attribute values, on one line: the body's own
/// escaping ([`crate::text::push_escaped`]) after dropping what XML cannot carry.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::text::push_escaped(&mut out, &crate::text::clean(s).replace('\n', " "));
    out
}

fn core_xml(meta: &Meta) -> String {
    let keywords = escape(meta.watermark.unwrap_or_default());
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:keywords>{keywords}</cp:keywords>",
            "<dc:language>ko-KR</dc:language><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{t}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{t}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = escape(meta.title),
        author = escape(meta.author),
        keywords = keywords,
        t = FIXED_W3CDTF,
    )
}

fn rfonts(name: &str) -> String {
    format!(r#"<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>"#)
}

/// Document defaults: 명조 10.5 pt, Korean language, no paragraph spacing of Word's own.
fn styles_xml() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            "<w:docDefaults><w:rPrDefault><w:rPr>{fonts}",
            r#"<w:kern w:val="0"/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>"#,
            r#"<w:lang w:val="en-US" w:eastAsia="ko-KR" w:bidi="ar-SA"/>"#,
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>",
            r#"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:spacing w:after="0" w:line="312" w:lineRule="auto"/>"#,
            "</w:pPr></w:pPrDefault></w:docDefaults>",
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>"#,
            r#"<w:pPr><w:widowControl/></w:pPr><w:rPr>{fonts}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr></w:style>"#,
            r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>"#,
            r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>"#,
            r#"<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>"#,
            r#"<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>"#,
            "</w:tblCellMar></w:tblPr></w:style>",
            "</w:styles>"
        ),
        fonts = rfonts(SERIF),
        sz = crate::units::half_points(style::BODY_SIZE),
    )
}

/// The font table: 명조 and 고딕, each with the fonts embedded for it.
fn font_table_xml(embedded: &[Embedded]) -> String {
    let font = |name: &str, alt: &str, family: &str, panose: &str, embeds: String| {
        format!(
            concat!(
                r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/>"#,
                r#"<w:charset w:val="81"/><w:family w:val="{family}"/><w:pitch w:val="variable"/>{embeds}</w:font>"#
            ),
            name = name,
            alt = alt,
            family = family,
            panose = panose,
            embeds = embeds,
        )
    };
    let serif = embed::embed_elements(embedded, Slot::Serif, Slot::SerifBold);
    let sans = embed::embed_elements(embedded, Slot::Sans, Slot::SansBold);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{}{}</w:fonts>"#
        ),
        font(SERIF, "나눔명조", "roman", "02020603020101020101", serif),
        font(SANS, "나눔고딕", "swiss", "020D0604000000000000", sans),
    )
}

/// A large, light, diagonal `text` behind the body (VML text path, as Word writes
/// watermarks).
fn watermark_run(text: &str) -> String {
    format!(
        concat!(
            r#"<w:r><w:rPr><w:noProof/></w:rPr><w:pict>"#,
            r#"<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">"#,
            r#"<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>"#,
            r#"<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>"#,
            r#"<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>"#,
            r#"<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>"#,
            r#"<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>"#,
            r##"<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>"##,
            r#"<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>"#,
            r##"<v:shape id="FormpackDraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" "##,
            r#"style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:{rotation};z-index:-251657216;"#,
            r#"mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" "#,
            r##"o:allowincell="f" fillcolor="#{color}" stroked="f">"##,
            r#"<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/></v:shape>"#,
            "</w:pict></w:r>"
        ),
        font = SANS,
        text = escape(text),
        color = style::WATERMARK_COLOR.hex().to_lowercase(),
        // VML turns clockwise; the watermark runs upwards.
        rotation = (360.0 - style::WATERMARK_ANGLE).rem_euclid(360.0),
    )
}

/// Replace the run holding the watermark placeholder with the watermark shape.
fn insert_watermark(xml: &str, text: &str) -> String {
    let Some(at) = xml.find(WATERMARK_MARKER) else {
        return xml.to_string();
    };
    let (Some(start), Some(end)) = (xml[..at].rfind("<w:r>"), xml[at..].find("</w:r>")) else {
        return xml.to_string();
    };
    let end = at + end + "</w:r>".len();
    format!("{}{}{}", &xml[..start], watermark_run(text), &xml[end..])
}

/// Replace the paragraph holding [`RUNNING_MARKER`] with `blocks`; a part with no marker is
/// returned as it is. The blocks end with a paragraph, as a header or footer must.
fn insert_running(xml: &str, blocks: &str) -> String {
    let Some(at) = xml.find(RUNNING_MARKER) else {
        return xml.to_string();
    };
    let start = [xml[..at].rfind("<w:p "), xml[..at].rfind("<w:p>")]
        .into_iter()
        .flatten()
        .max();
    let (Some(start), Some(end)) = (start, xml[at..].find("</w:p>")) else {
        return xml.to_string();
    };
    let end = at + end + "</w:p>".len();
    let mut blocks = blocks.to_string();
    if !blocks.ends_with("</w:p>") {
        crate::spacer(&mut blocks, 0.0);
    }
    format!("{}{}{}", &xml[..start], blocks, &xml[end..])
}

/// `xml` (a relationships part, `<Relationships …>…</Relationships>` or, with none yet,
/// `<Relationships …/>`) with a relationship for each picture, `rIdImage{n}`.
fn with_image_relationships(xml: &str, media: &Media) -> Result<String, Error> {
    const END: &str = "</Relationships>";
    let (head, tail) = match xml.rfind(END) {
        Some(at) => (xml[..at].to_string(), &xml[at..]),
        None => match xml.trim_end().strip_suffix("/>") {
            Some(open) => (format!("{}>", open.trim_end()), END),
            None => {
                return Err(Error::caused(
                    ErrorKind::Package,
                    "cannot write the DOCX package",
                    std::io::Error::other("docx-rs wrote no relationships"),
                ))
            }
        },
    };
    let mut out = head;
    for n in 1..=media.pngs.len() {
        out.push_str(&format!(
            r#"<Relationship Id="rIdImage{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/rIdImage{n}.png"/>"#
        ));
    }
    out.push_str(tail);
    Ok(out)
}

/// What to write for one part of docx-rs's package (`None`: drop it).
fn transform(
    name: &str,
    data: Vec<u8>,
    body: &str,
    media: &Media,
    meta: &Meta,
) -> Result<Option<Vec<u8>>, Error> {
    let text = |data: Vec<u8>| {
        String::from_utf8(data).map_err(|e| {
            Error::caused(
                ErrorKind::Package,
                format!("cannot write the DOCX package: {name}"),
                e,
            )
        })
    };
    Ok(Some(match name {
        "docProps/core.xml" => core_xml(meta).into_bytes(),
        "word/styles.xml" => styles_xml().into_bytes(),
        "word/fontTable.xml" => font_table_xml(&[]).into_bytes(),
        "word/document.xml" => {
            // docx-rs wrote the package for an empty body: the body goes in at its start.
            let xml = text(data)?;
            let at = xml
                .find("<w:body>")
                .map(|i| i + "<w:body>".len())
                .ok_or_else(|| {
                    Error::caused(
                        ErrorKind::Package,
                        "cannot write the DOCX package",
                        std::io::Error::other("docx-rs wrote no body"),
                    )
                })?;
            format!("{}{}{}", &xml[..at], body, &xml[at..]).into_bytes()
        }
        "word/_rels/document.xml.rels" => {
            with_image_relationships(&text(data)?, media)?.into_bytes()
        }
        // The form's own header and footer may hold pictures too.
        "word/_rels/header1.xml.rels" if !meta.header.is_empty() => {
            with_image_relationships(&text(data)?, media)?.into_bytes()
        }
        "word/_rels/footer1.xml.rels" if !meta.footer.is_empty() => {
            with_image_relationships(&text(data)?, media)?.into_bytes()
        }
        n if n.starts_with("word/header") && n.ends_with(".xml") => {
            let xml = insert_watermark(&text(data)?, meta.watermark.unwrap_or_default());
            insert_running(&xml, meta.header).into_bytes()
        }
        n if n.starts_with("word/footer") && n.ends_with(".xml") => {
            insert_running(&text(data)?, meta.footer).into_bytes()
        }
        _ => data,
    }))
}

/// Write docx-rs's package parts, with `body` as the document's body and `media` as its
/// pictures, as one deterministic archive: docx-rs's part order, then the pictures; no
/// directory entries, deflate (pictures stored), a fixed time and fixed permissions on every
/// entry. Parts are taken from `Docx::build` rather than from a packed archive, so nothing is
/// zipped twice.
pub(crate) fn write(
    xml: docx_rs::XMLDocx,
    body: &str,
    media: Media,
    meta: &Meta,
) -> Result<Vec<u8>, Error> {
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), xml.doc_props.core),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), xml.document),
        ("word/styles.xml".into(), xml.styles),
        ("word/settings.xml".into(), xml.settings),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    let mut header_rels = xml.header_rels.into_iter();
    for (i, h) in xml.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(rels) = header_rels.next() {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
        }
    }
    let mut footer_rels = xml.footer_rels.into_iter();
    for (i, f) in xml.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(rels) = footer_rels.next() {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
        }
    }
    let mut written: Vec<(String, Vec<u8>)> = Vec::with_capacity(parts.len() + 6);
    for (name, data) in parts {
        if let Some(data) = transform(&name, data, body, &media, meta)? {
            written.push((name, data));
        }
    }
    if let Some(fonts) = meta.fonts {
        embed_fonts(&mut written, fonts);
    }
    let mut out = formpack_zip::Writer::new(fixed_time());
    for (name, data) in written {
        // Fonts are most of a package's bytes: worth a slower deflate (7% smaller).
        let level = if name.ends_with(".odttf") { 9 } else { 1 };
        out.add(&name, &data, formpack_zip::Method::Deflated(level))
            .map_err(zip_err)?;
    }
    // Every picture is PNG (JPEG is re-encoded before it gets here); PNG is stored, as
    // deflating it gains nothing.
    for (i, png) in media.pngs.iter().enumerate() {
        out.add(
            &format!("word/media/rIdImage{}.png", i + 1),
            png,
            formpack_zip::Method::Stored,
        )
        .map_err(zip_err)?;
    }
    out.finish().map_err(zip_err)
}

/// The parts that hold text (body, headers, footers).
fn prints_text(name: &str) -> bool {
    name == "word/document.xml"
        || (name.starts_with("word/header") || name.starts_with("word/footer"))
            && name.ends_with(".xml")
}

/// Add the fonts the text parts print, subset, to the package: their parts and
/// relationships, the font table naming them, their content type and Word's settings to
/// keep them. A package whose text no font covers is left as it is.
fn embed_fonts(parts: &mut Vec<(String, Vec<u8>)>, fonts: &EmbeddedFonts) {
    let texts: Vec<&str> = parts
        .iter()
        .filter(|(name, _)| prints_text(name))
        .filter_map(|(_, data)| std::str::from_utf8(data).ok())
        .collect();
    let embedded = embed::embed(fonts, &texts);
    if embedded.is_empty() {
        return;
    }
    for (name, data) in parts.iter_mut() {
        let patch = |f: fn(&str) -> String, data: &[u8]| match std::str::from_utf8(data) {
            Ok(xml) => f(xml).into_bytes(),
            Err(_) => data.to_vec(),
        };
        match name.as_str() {
            "[Content_Types].xml" => *data = patch(embed::with_font_content_type, data),
            "word/settings.xml" => *data = patch(embed::with_embed_settings, data),
            "word/fontTable.xml" => *data = font_table_xml(&embedded).into_bytes(),
            _ => {}
        }
    }
    parts.push((
        "word/_rels/fontTable.xml.rels".into(),
        embed::font_table_rels(&embedded).into_bytes(),
    ));
    for (n, font) in embedded.into_iter().enumerate() {
        parts.push((embed::part_name(n + 1), font.data));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watermark_replaces_only_the_marker_run() {
        let xml = format!(
            "<w:p><w:r><w:t>{WATERMARK_MARKER}</w:t></w:r><w:r><w:t>초안</w:t></w:r></w:p>"
        );
        let out = insert_watermark(&xml, "초안");
        assert!(!out.contains(WATERMARK_MARKER));
        assert!(out.contains("<v:textpath style="));
        assert!(out.ends_with("<w:r><w:t>초안</w:t></w:r></w:p>"));
    }

    #[test]
    fn pictures_join_an_empty_relationships_part() {
        let mut media = Media::default();
        media.pngs.push(vec![1]);
        let empty = r#"<Relationships xmlns="x" />"#;
        let out = with_image_relationships(empty, &media).unwrap();
        assert!(out.starts_with(r#"<Relationships xmlns="x"><Relationship Id="rIdImage1" "#));
        assert!(out.ends_with("/></Relationships>"));
        let full = r#"<Relationships xmlns="x"><Relationship Id="a"/></Relationships>"#;
        let out = with_image_relationships(full, &media).unwrap();
        assert!(out.starts_with(
            r#"<Relationships xmlns="x"><Relationship Id="a"/><Relationship Id="rIdImage1" "#
        ));
        assert!(with_image_relationships("<Other>", &media).is_err());
    }

    #[test]
    fn the_running_marker_paragraph_becomes_the_blocks() {
        let xml = format!(
            r#"<w:hdr><w:p w14:paraId="1"><w:pPr/><w:r><w:t>{RUNNING_MARKER}</w:t></w:r></w:p><w:p>x</w:p></w:hdr>"#
        );
        assert_eq!(
            insert_running(&xml, "<w:p>form</w:p>"),
            "<w:hdr><w:p>form</w:p><w:p>x</w:p></w:hdr>"
        );
        // Blocks that end in a table get a paragraph after it.
        let out = insert_running(&xml, "<w:tbl></w:tbl>");
        assert!(out.starts_with("<w:hdr><w:tbl></w:tbl><w:p><w:pPr>"));
        assert_eq!(insert_running("<w:hdr/>", "<w:p/>"), "<w:hdr/>");
    }

    #[test]
    fn escape_covers_markup() {
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
