//! XML text helpers and the namespace set Hancom declares on every HWPML root.

/// The XML declaration Hancom writes on every part (`standalone="yes"` included: python-hwpx
/// found files without it refused after a round trip).
pub(crate) const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>"#;

/// The 15 namespace declarations Hancom puts on the root of `header.xml`, every
/// `sectionN.xml` and `content.hpf`, in Hancom's order, with the 2011 URIs Hancom still
/// writes (the OPF URI has a trailing slash, unlike EPUB's).
pub(crate) const NAMESPACES: &str = concat!(
    r#"xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" "#,
    r#"xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" "#,
    r#"xmlns:hp10="http://www.hancom.co.kr/hwpml/2016/paragraph" "#,
    r#"xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" "#,
    r#"xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core" "#,
    r#"xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" "#,
    r#"xmlns:hhs="http://www.hancom.co.kr/hwpml/2011/history" "#,
    r#"xmlns:hm="http://www.hancom.co.kr/hwpml/2011/master-page" "#,
    r#"xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf" "#,
    r#"xmlns:dc="http://purl.org/dc/elements/1.1/" "#,
    r#"xmlns:opf="http://www.idpf.org/2007/opf/" "#,
    r#"xmlns:ooxmlchart="http://www.hancom.co.kr/hwpml/2016/ooxmlchart" "#,
    r#"xmlns:hwpunitchar="http://www.hancom.co.kr/hwpml/2016/HwpUnitChar" "#,
    r#"xmlns:epub="http://www.idpf.org/2007/ops" "#,
    r#"xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0""#,
);

/// The namespace Hancom's `hp:switch`/`hp:case` branches on for HWPUNIT margins.
pub(crate) const HWPUNITCHAR_NS: &str = "http://www.hancom.co.kr/hwpml/2016/HwpUnitChar";

/// Drop characters that XML 1.0 cannot carry (C0 controls other than tab and newline,
/// U+FFFE/U+FFFF), and turn `\r` into `\n`, so any text from the model gives a
/// well-formed part.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
        })
        .map(|c| if c == '\r' { '\n' } else { c })
        .collect()
}

/// Escape text for element content and attribute values (after [`clean`]). Line breaks
/// and tabs become spaces; body text handles them itself (`hp:lineBreak`, `hp:tab`).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The content of one `hp:t`: escaped text with `\n` as `<hp:lineBreak/>` and `\t` as
/// `<hp:tab/>`, the way Hancom writes them inside the text element.
pub(crate) fn run_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in clean(text).split('\n').enumerate() {
        if i > 0 {
            out.push_str("<hp:lineBreak/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<hp:tab/>");
            }
            out.push_str(&escape(piece));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_only_illegal_xml_chars() {
        assert_eq!(clean("a\u{0}b\u{1B}c\td\ne"), "abc\td\ne");
        assert_eq!(clean("가\r나"), "가\n나");
    }

    #[test]
    fn escape_covers_markup() {
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(escape("a\nb"), "a b");
    }

    #[test]
    fn run_text_marks_breaks_and_tabs() {
        assert_eq!(
            run_text("가 & 나\n다\t라"),
            "가 &amp; 나<hp:lineBreak/>다<hp:tab/>라"
        );
        assert_eq!(run_text(""), "");
    }
}
