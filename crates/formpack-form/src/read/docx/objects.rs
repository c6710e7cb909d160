//! Objects in a run: pictures (`w:drawing`, VML `v:imagedata`) drawn after their paragraph
//! when they are PNG or JPEG, text boxes as their paragraphs, and charts, SmartArt, shapes and
//! OLE objects listed as left out.

use std::sync::Arc;

use formpack_doc::{Align, Block, Image, ImageFormat};
use roxmltree::Node;

use super::para::Walk;
use super::Reader;
use crate::xml::{attr, kid, local};

/// Millimetres in an EMU (English Metric Unit, 1/914400 inch).
const MM_PER_EMU: f32 = 1.0 / 36000.0;

/// The descendants of `n` with this local name that are not inside a text box within it
/// (those belong to the text box's own paragraphs).
fn own_of<'p>(n: Node<'p, 'p>, name: &'static str) -> impl Iterator<Item = Node<'p, 'p>> {
    n.descendants().filter(move |d| {
        local(*d) == name
            && !d
                .ancestors()
                .skip(1)
                .take_while(|a| *a != n)
                .any(|a| local(a) == "txbxContent")
    })
}

/// PNG or JPEG by their first bytes.
fn sniff(b: &[u8]) -> Option<ImageFormat> {
    ImageFormat::sniff(b)
}

/// An EMU attribute in millimetres, when positive and sane.
fn emu(n: Option<Node>, name: &str) -> Option<f32> {
    let v: f64 = attr(n?, name)?.trim().parse().ok()?;
    let mm = v as f32 * MM_PER_EMU;
    (mm.is_finite() && mm > 0.0 && mm < 5000.0).then_some(mm)
}

/// A CSS length in a VML `style` (`width:120pt;height:3cm`), in millimetres.
fn css_len(style: &str, key: &str) -> Option<f32> {
    let v = style.split(';').find_map(|d| {
        let (k, v) = d.split_once(':')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().to_ascii_lowercase())
    })?;
    let units = [
        ("pt", 25.4 / 72.0),
        ("in", 25.4),
        ("cm", 10.0),
        ("mm", 1.0),
        ("px", 25.4 / 96.0),
    ];
    let (num, f) = units
        .iter()
        .find_map(|(u, f)| v.strip_suffix(u).map(|n| (n.to_string(), *f)))
        .unwrap_or((v.clone(), 25.4 / 96.0));
    let mm = num.trim().parse::<f32>().ok()? * f;
    (mm.is_finite() && mm > 0.0 && mm < 5000.0).then_some(mm)
}

impl<'c, 'p> Reader<'c, 'p> {
    /// A `w:drawing`: its text boxes, else its pictures, else a chart, SmartArt or shape left
    /// out.
    pub(super) fn drawing(&mut self, d: Node<'p, 'p>, w: &mut Walk<'p>) {
        if self.text_boxes(d, w) {
            return;
        }
        let holder = kid(d, "inline").or_else(|| kid(d, "anchor"));
        let extent = holder.and_then(|h| kid(h, "extent"));
        let blips: Vec<Node> = own_of(d, "blip").collect();
        if !blips.is_empty() {
            let single = blips.len() == 1;
            for b in blips {
                // A picture in a group has its own size; a lone one the drawing's.
                let size = if single {
                    (emu(extent, "cx"), emu(extent, "cy"))
                } else {
                    let ext = b
                        .ancestors()
                        .find(|a| local(*a) == "pic")
                        .and_then(|p| p.descendants().find(|x| local(*x) == "ext"));
                    (emu(ext, "cx"), emu(ext, "cy"))
                };
                self.picture(attr(b, "embed"), size, w);
            }
            return;
        }
        let uri = d
            .descendants()
            .find(|n| local(*n) == "graphicData")
            .and_then(|g| attr(g, "uri"))
            .unwrap_or("");
        let what = if uri.contains("chart") {
            "차트"
        } else if uri.contains("diagram") {
            "스마트아트"
        } else {
            "그리기 개체"
        };
        self.omit(what, false);
    }

    /// A VML object (`w:pict`, `w:object`): its text boxes, else its picture; an OLE object
    /// or a shape without either is left out.
    pub(super) fn vml(&mut self, v: Node<'p, 'p>, w: &mut Walk<'p>) {
        if self.text_boxes(v, w) {
            return;
        }
        let image = own_of(v, "imagedata").next();
        let Some(img) = image else {
            let what = if local(v) == "object" {
                "OLE 개체"
            } else {
                "그리기 개체"
            };
            self.omit(what, false);
            return;
        };
        let style = img
            .ancestors()
            .find_map(|a| attr(a, "style").filter(|_| local(a) != "imagedata"))
            .unwrap_or("");
        let size = (css_len(style, "width"), css_len(style, "height"));
        let id = attr(img, "id").or_else(|| attr(img, "relid"));
        if local(v) == "object" && !self.is_drawable(id) {
            self.omit("OLE 개체", false);
            return;
        }
        self.picture(id, size, w);
    }

    /// The text boxes of an object as paragraphs after the paragraph; whether it had any.
    fn text_boxes(&mut self, obj: Node<'p, 'p>, w: &mut Walk<'p>) -> bool {
        let boxes: Vec<Node> = own_of(obj, "txbxContent").collect();
        for b in &boxes {
            let paras = self.paragraphs_of(*b, &[]);
            w.after.extend(paras.into_iter().map(Block::Paragraph));
            self.omit("글상자", true);
        }
        !boxes.is_empty()
    }

    /// The bytes and format of a related image part, when PNG or JPEG.
    fn image_bytes(&mut self, id: Option<&str>) -> Option<(Arc<Vec<u8>>, ImageFormat)> {
        let rel = self.rels.get(id?).filter(|r| !r.external)?;
        if let Some(b) = self.st.images.get(&rel.target) {
            return Some((b.clone(), sniff(b)?));
        }
        let bytes = self.ctx.pkg.entry_bytes(&rel.target)?;
        let format = sniff(&bytes)?;
        let shared = Arc::new(bytes);
        self.st.images.insert(rel.target.clone(), shared.clone());
        Some((shared, format))
    }

    fn is_drawable(&mut self, id: Option<&str>) -> bool {
        self.image_bytes(id).is_some()
    }

    /// A picture after the paragraph (in a cell too: the cell holds it), or a note that it
    /// was left out (not PNG or JPEG, linked from outside, or of no size).
    fn picture(&mut self, id: Option<&str>, size: (Option<f32>, Option<f32>), w: &mut Walk<'p>) {
        let found = self.image_bytes(id);
        match (found, size) {
            (Some((data, format)), (Some(width), Some(height))) => {
                w.after.push(Block::Image(Image {
                    data,
                    format,
                    width,
                    height,
                    align: Align::Left,
                }))
            }
            _ => self.omit("그림", false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vml_lengths() {
        let s = "position:absolute;width:72pt; height:2.54cm;z-index:1";
        assert!((css_len(s, "width").unwrap() - 25.4).abs() < 0.01);
        assert!((css_len(s, "height").unwrap() - 25.4).abs() < 0.01);
        assert_eq!(css_len(s, "left"), None);
        assert_eq!(css_len("width:abc", "width"), None);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Some(ImageFormat::Png));
        assert_eq!(sniff(b"GIF89a"), None);
    }
}
