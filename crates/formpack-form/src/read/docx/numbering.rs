//! `word/numbering.xml`: a numbered or bulleted paragraph's label (`1.`, `가.`, `•`), counted
//! in document order as Word counts it, and the level's indents.

use std::collections::HashMap;

use roxmltree::Node;

use crate::xml::{attr, kid, kids};

/// One list level's definition.
#[derive(Clone, Copy)]
pub(super) struct Level<'p> {
    pub node: Node<'p, 'p>,
    start: i64,
}

/// The lists of a document and their counters.
#[derive(Default)]
pub(super) struct Numbering<'p> {
    /// `numId` → its abstract definition and its level overrides.
    nums: HashMap<&'p str, (Node<'p, 'p>, Vec<Node<'p, 'p>>)>,
    counters: HashMap<String, [i64; 9]>,
}

impl<'p> Numbering<'p> {
    pub(super) fn read(doc: Option<&'p roxmltree::Document<'p>>) -> Numbering<'p> {
        let mut n = Numbering::default();
        let Some(doc) = doc else { return n };
        let root = doc.root_element();
        let abstracts: HashMap<&str, Node> = kids(root, "abstractNum")
            .filter_map(|a| Some((attr(a, "abstractNumId")?, a)))
            .collect();
        for num in kids(root, "num") {
            let Some(id) = attr(num, "numId") else {
                continue;
            };
            let Some(abs) = kid(num, "abstractNumId")
                .and_then(|a| attr(a, "val"))
                .and_then(|a| abstracts.get(a))
            else {
                continue;
            };
            n.nums
                .insert(id, (*abs, kids(num, "lvlOverride").collect::<Vec<_>>()));
        }
        n
    }

    /// A list's level definition.
    pub(super) fn level(&self, num: &str, ilvl: usize) -> Option<Level<'p>> {
        let (abs, overrides) = self.nums.get(num)?;
        let over = overrides
            .iter()
            .find(|o| attr(**o, "ilvl").and_then(|v| v.parse().ok()) == Some(ilvl));
        let lvl = over.and_then(|o| kid(*o, "lvl")).or_else(|| {
            kids(*abs, "lvl").find(|l| attr(*l, "ilvl").and_then(|v| v.parse().ok()) == Some(ilvl))
        })?;
        let start = over
            .and_then(|o| kid(*o, "startOverride"))
            .or_else(|| kid(lvl, "start"))
            .and_then(|s| attr(s, "val"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(1);
        Some(Level { node: lvl, start })
    }

    /// The label of the next paragraph of list `num` at `ilvl`: the level's text with each
    /// `%n` replaced by that level's count, and what follows it (a tab, a space or nothing).
    pub(super) fn next_label(&mut self, num: &str, ilvl: usize) -> Option<String> {
        let lvl = self.level(num, ilvl)?;
        let starts: Vec<i64> = (0..9)
            .map(|l| self.level(num, l).map_or(1, |v| v.start))
            .collect();
        let counts = self.counters.entry(num.to_string()).or_insert([0; 9]);
        for (l, c) in counts.iter_mut().enumerate() {
            if *c == 0 || l > ilvl {
                *c = starts[l] - 1;
            }
        }
        counts[ilvl] = counts[ilvl].saturating_add(1);
        for c in counts.iter_mut().skip(ilvl + 1) {
            *c = 0;
        }
        let counts = *counts;
        let text = kid(lvl.node, "lvlText")
            .and_then(|t| attr(t, "val"))
            .unwrap_or("");
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let level = chars.peek().and_then(|d| d.to_digit(10));
            match (c, level) {
                ('%', Some(d)) if (1..=9).contains(&d) => {
                    chars.next();
                    let l = d as usize - 1;
                    let fmt = self.level(num, l).map_or("decimal".into(), format_of);
                    out.push_str(&format_number(&fmt, counts[l].max(0)));
                }
                _ => out.push(bullet(c)),
            }
        }
        if out.trim().is_empty() {
            return None;
        }
        let suffix = match kid(lvl.node, "suff").and_then(|s| attr(s, "val")) {
            Some("space") => " ",
            Some("nothing") => "",
            _ => "\t",
        };
        out.push_str(suffix);
        Some(out)
    }
}

fn format_of(l: Level) -> String {
    kid(l.node, "numFmt")
        .and_then(|f| attr(f, "val"))
        .unwrap_or("decimal")
        .to_string()
}

/// A bullet character from a symbol font's private range as the Unicode one it draws.
fn bullet(c: char) -> char {
    match c as u32 {
        0xF0B7 | 0xF06C => '•',
        0xF0A7 | 0xF06E => '▪',
        0xF0D8 => '➢',
        0xF0FC => '✓',
        0xF076 => '❖',
        0xF0A8 | 0xF06F => '□',
        0xE000..=0xF8FF => '•',
        _ => c,
    }
}

/// A count in a list format.
fn format_number(fmt: &str, n: i64) -> String {
    const GANADA: [&str; 14] = [
        "가", "나", "다", "라", "마", "바", "사", "아", "자", "차", "카", "타", "파", "하",
    ];
    const CHOSUNG: [&str; 14] = [
        "ㄱ", "ㄴ", "ㄷ", "ㄹ", "ㅁ", "ㅂ", "ㅅ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ",
    ];
    let cyc = |list: &[&str]| {
        let i = (n.max(1) - 1) as usize % list.len();
        list[i].to_string()
    };
    match fmt {
        "none" | "bullet" => String::new(),
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "ganada" => cyc(&GANADA),
        "chosung" => cyc(&CHOSUNG),
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n as u32 - 1).map_or(n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => format!("({n})"),
        _ => n.to_string(),
    }
}

/// `A`…`Z`, then `AA`, `BB` as Word counts.
fn letters(n: i64) -> String {
    if n < 1 {
        return n.to_string();
    }
    let n = (n - 1) as usize;
    let c = (b'A' + (n % 26) as u8) as char;
    std::iter::repeat_n(c, (n / 26 + 1).min(20)).collect()
}

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    const R: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in R {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_formats() {
        assert_eq!(format_number("lowerRoman", 14), "xiv");
        assert_eq!(format_number("upperLetter", 28), "BB");
        assert_eq!(format_number("ganada", 3), "다");
        assert_eq!(format_number("decimalEnclosedCircle", 2), "②");
        assert_eq!(format_number("decimal", 7), "7");
    }

    #[test]
    fn levels_count_and_restart() {
        let src = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="ganada"/><w:lvlText w:val="%2)"/><w:suff w:val="space"/></w:lvl>
            </w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let doc = roxmltree::Document::parse(src).unwrap();
        let doc: &'static roxmltree::Document = Box::leak(Box::new(doc));
        let mut n = Numbering::read(Some(doc));
        assert_eq!(n.next_label("3", 0).as_deref(), Some("1.\t"));
        assert_eq!(n.next_label("3", 1).as_deref(), Some("가) "));
        assert_eq!(n.next_label("3", 1).as_deref(), Some("나) "));
        assert_eq!(n.next_label("3", 0).as_deref(), Some("2.\t"));
        assert_eq!(n.next_label("3", 1).as_deref(), Some("가) "));
        assert_eq!(n.next_label("9", 0), None);
    }
}
