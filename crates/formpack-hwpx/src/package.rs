//! The zip package: every part Hancom Office 한글 writes, in the order and with the
//! compression it uses (checked against Hangul 13.0's `Skeleton.hwpx` and the Hancom-saved
//! fixtures of hwpxlib):
//!
//! | # | entry | method |
//! |---|---|---|
//! | 1 | `mimetype` | stored, first |
//! | 2 | `version.xml` | deflated |
//! | 3 | `Contents/header.xml` | deflated |
//! | 4 | `BinData/imageN.png` / `.jpg` | stored |
//! | 5 | `Contents/section0.xml` | deflated |
//! | 6 | `Preview/PrvText.txt` | deflated |
//! | 7 | `settings.xml` | deflated |
//! | 8 | `META-INF/container.rdf` | deflated |
//! | 9 | `Contents/content.hpf` | deflated |
//! | 10 | `META-INF/container.xml` | deflated |
//! | 11 | `META-INF/manifest.xml` | deflated |
//!
//! `Preview/PrvImage.png` (a thumbnail) is the one part left out: it is optional and would
//! need a renderer.

use std::fmt::Write as _;

use crate::image::BinItem;
use crate::xml::{escape, DECLARATION, NAMESPACES};
use crate::{Error, ErrorKind};

/// The bytes of `mimetype`.
pub(crate) const MIMETYPE: &str = "application/hwp+zip";

/// The one time the package carries, in zip entries and metadata: no wall clock, so the
/// same document gives the same bytes on every day.
const FIXED_TIME: &str = "2000-01-01T00:00:00Z";
/// The same time as Hancom's human-readable `date` metadata.
const FIXED_DATE_KO: &str = "2000년 1월 1일 토요일 오전 12:00:00";

/// Whether `content.hpf` lists `version.xml`. Hancom's own files do not; python-hwpx's
/// package validator warns about that ("manifest does not reference a version part"), and
/// the project's gate is zero warnings, so the item is listed (not in the spine). Both
/// forms open in every reader available here.
const LIST_VERSION_IN_MANIFEST: bool = true;

/// Everything the package is made of.
pub(crate) struct Parts<'a> {
    pub title: &'a str,
    pub author: &'a str,
    /// The watermark text of a draft (`초안`), written as the package's keyword.
    pub watermark: Option<&'a str>,
    pub header: String,
    pub section: String,
    pub images: Vec<BinItem>,
    pub preview: String,
}

fn fixed_time() -> formpack_zip::DosTime {
    formpack_zip::DosTime::midnight(2000, 1, 1).unwrap_or(formpack_zip::DosTime::EPOCH)
}

fn version_xml() -> String {
    format!(
        concat!(
            "{decl}",
            r#"<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" "#,
            // `tagetApplication` is Hancom's own spelling; Hancom refuses the file without it.
            r#"tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="1" buildNumber="0" os="1" "#,
            r#"xmlVersion="1.5" application="formpack-hwpx" appVersion="{v}"/>"#
        ),
        decl = DECLARATION,
        v = env!("CARGO_PKG_VERSION"),
    )
}

fn settings_xml() -> String {
    format!(
        concat!(
            "{decl}",
            r#"<ha:HWPApplicationSetting xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" "#,
            r#"xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0">"#,
            r#"<ha:CaretPosition listIDRef="0" paraIDRef="0" pos="0"/></ha:HWPApplicationSetting>"#
        ),
        decl = DECLARATION
    )
}

fn container_rdf() -> String {
    let pkg = "http://www.hancom.co.kr/hwpml/2016/meta/pkg#";
    let mut out = String::from(DECLARATION);
    out.push_str(r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">"#);
    for (part, kind) in [
        ("Contents/header.xml", "HeaderFile"),
        ("Contents/section0.xml", "SectionFile"),
    ] {
        let _ = write!(
            out,
            concat!(
                r#"<rdf:Description rdf:about=""><ns0:hasPart xmlns:ns0="{pkg}" rdf:resource="{part}"/></rdf:Description>"#,
                r#"<rdf:Description rdf:about="{part}"><rdf:type rdf:resource="{pkg}{kind}"/></rdf:Description>"#
            ),
            pkg = pkg,
            part = part,
            kind = kind
        );
    }
    let _ = write!(
        out,
        r#"<rdf:Description rdf:about=""><rdf:type rdf:resource="{pkg}Document"/></rdf:Description></rdf:RDF>"#
    );
    out
}

fn container_xml() -> String {
    format!(
        concat!(
            "{decl}",
            r#"<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container" "#,
            r#"xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf"><ocf:rootfiles>"#,
            r#"<ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>"#,
            r#"<ocf:rootfile full-path="Preview/PrvText.txt" media-type="text/plain"/>"#,
            r#"<ocf:rootfile full-path="META-INF/container.rdf" media-type="application/rdf+xml"/>"#,
            "</ocf:rootfiles></ocf:container>"
        ),
        decl = DECLARATION
    )
}

fn manifest_xml() -> String {
    format!(
        r#"{DECLARATION}<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#
    )
}

/// `Contents/content.hpf`: metadata, the manifest of parts and the spine.
fn content_hpf(p: &Parts) -> String {
    let mut out = String::from(DECLARATION);
    let _ = write!(
        out,
        r#"<opf:package {NAMESPACES} version="" unique-identifier="" id="">"#
    );
    let meta = |out: &mut String, name: &str, value: &str| {
        if value.is_empty() {
            let _ = write!(out, r#"<opf:meta name="{name}" content="text"/>"#);
        } else {
            let _ = write!(
                out,
                r#"<opf:meta name="{name}" content="text">{}</opf:meta>"#,
                escape(value)
            );
        }
    };
    out.push_str("<opf:metadata>");
    if p.title.is_empty() {
        out.push_str("<opf:title/>");
    } else {
        let _ = write!(out, "<opf:title>{}</opf:title>", escape(p.title));
    }
    out.push_str("<opf:language>ko</opf:language>");
    meta(&mut out, "creator", p.author);
    meta(&mut out, "subject", "");
    meta(&mut out, "description", "");
    meta(&mut out, "lastsaveby", p.author);
    meta(&mut out, "CreatedDate", FIXED_TIME);
    meta(&mut out, "ModifiedDate", FIXED_TIME);
    meta(&mut out, "date", FIXED_DATE_KO);
    meta(&mut out, "keyword", p.watermark.unwrap_or_default());
    out.push_str("</opf:metadata><opf:manifest>");
    out.push_str(
        r#"<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>"#,
    );
    for img in &p.images {
        // `isEmbeded` is Hancom's spelling.
        let _ = write!(
            out,
            r#"<opf:item id="{}" href="{}" media-type="{}" isEmbeded="1"/>"#,
            img.id, img.path, img.media_type
        );
    }
    out.push_str(concat!(
        r#"<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>"#,
        r#"<opf:item id="settings" href="settings.xml" media-type="application/xml"/>"#,
    ));
    if LIST_VERSION_IN_MANIFEST {
        out.push_str(r#"<opf:item id="version" href="version.xml" media-type="application/xml"/>"#);
    }
    out.push_str(concat!(
        "</opf:manifest><opf:spine>",
        r#"<opf:itemref idref="header" linear="yes"/><opf:itemref idref="section0" linear="yes"/>"#,
        "</opf:spine></opf:package>"
    ));
    out
}

/// Write the package. Same parts, same bytes.
pub(crate) fn write(p: &Parts) -> Result<Vec<u8>, Error> {
    let zip_err = |e: formpack_zip::Error| Error::new(ErrorKind::Package, e.to_string());
    let (stored, deflated) = (
        formpack_zip::Method::Stored,
        formpack_zip::Method::Deflated(3),
    );

    let mut entries: Vec<(String, std::borrow::Cow<'_, [u8]>, bool)> = vec![
        ("mimetype".into(), MIMETYPE.as_bytes().into(), false),
        (
            "version.xml".into(),
            version_xml().into_bytes().into(),
            true,
        ),
        (
            "Contents/header.xml".into(),
            p.header.as_bytes().into(),
            true,
        ),
    ];
    for img in &p.images {
        entries.push((img.path.clone(), img.data.as_slice().into(), false));
    }
    entries.extend([
        (
            "Contents/section0.xml".to_string(),
            p.section.as_bytes().into(),
            true,
        ),
        (
            "Preview/PrvText.txt".into(),
            p.preview.as_bytes().into(),
            true,
        ),
        (
            "settings.xml".into(),
            settings_xml().into_bytes().into(),
            true,
        ),
        (
            "META-INF/container.rdf".into(),
            container_rdf().into_bytes().into(),
            true,
        ),
        (
            "Contents/content.hpf".into(),
            content_hpf(p).into_bytes().into(),
            true,
        ),
        (
            "META-INF/container.xml".into(),
            container_xml().into_bytes().into(),
            true,
        ),
        (
            "META-INF/manifest.xml".into(),
            manifest_xml().into_bytes().into(),
            true,
        ),
    ]);

    let mut out = formpack_zip::Writer::new(fixed_time());
    for (name, data, deflate) in entries {
        out.add(&name, &data, if deflate { deflated } else { stored })
            .map_err(zip_err)?;
    }
    out.finish().map_err(zip_err)
}
