//! Budget charts, drawn from [`Figures`] as small SVGs: one source for every backend (vectors
//! with searchable text in the PDF, a PNG in DOCX and HWPX). Integer arithmetic only: a bar's
//! length is `amount × length ÷ largest`, in tenths of a millimetre, so the same figures give
//! the same bytes.
//!
//! - `chart:sources`: 재원별·연차별 사업비, one stacked bar a year (국비, 지방비, 민간 현금, 민간 현물)
//! - `chart:members`: 기관별 사업비, one stacked bar a member with budget, with its share
//! - `chart:subprojects`: 세부사업별 사업비, one stacked bar a subproject

use std::fmt::Write;

use crate::figures::{Figures, Sources};
use crate::korean::won;
use crate::model::Consortium;

/// The keys templates print charts with (`<image src="chart:sources" …/>`).
pub const KEYS: [&str; 3] = ["chart:sources", "chart:members", "chart:subprojects"];

/// Printed width of every chart, millimetres.
pub const WIDTH_MM: f32 = 160.0;

/// One chart: its SVG and its printed height, millimetres.
pub struct Chart {
    /// `chart:sources`, …
    pub key: &'static str,
    /// The SVG document.
    pub svg: String,
    /// Printed height, millimetres (the width is [`WIDTH_MM`]).
    pub height_mm: f32,
}

/// The four sources, bottom (or left) first, with their colours.
const SERIES: [(&str, &str); 4] = [
    ("국비", "#2f5f9e"),
    ("지방비", "#4e9a6b"),
    ("민간 현금", "#d99a2b"),
    ("민간 현물", "#b9574f"),
];

fn parts(s: &Sources) -> [i64; 4] {
    [s.national, s.local, s.private_cash, s.private_in_kind]
}

/// `value × length ÷ max`, rounded down, 0 when `max` is 0.
fn scale(value: i64, length: i64, max: i64) -> i64 {
    if max <= 0 || value <= 0 {
        return 0;
    }
    (i128::from(value) * i128::from(length) / i128::from(max)) as i64
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Units are tenths of a millimetre: the chart is 1600 wide.
const W: i64 = 1600;
const FONT: i64 = 30;

fn open(h: i64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}mm\" height=\"{}mm\" viewBox=\"0 0 {W} {h}\" font-family=\"{}\" font-size=\"{FONT}\">\n",
        W / 10,
        h as f32 / 10.0,
        formpack_pdf::CHART_FONT
    )
}

fn text(out: &mut String, x: i64, y: i64, anchor: &str, size: i64, s: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" font-size=\"{size}\" fill=\"#222\">{}</text>",
        esc(s)
    );
}

fn legend(out: &mut String, y: i64) {
    let mut x = 300;
    for (name, colour) in SERIES {
        let _ = writeln!(
            out,
            "<rect x=\"{x}\" y=\"{}\" width=\"30\" height=\"30\" fill=\"{colour}\"/>",
            y - 25
        );
        text(out, x + 42, y, "start", 28, name);
        x += 260;
    }
}

/// `s` cut with `…` to fit `width` units at `size`: a Hangul syllable or CJK character is one
/// em, anything else about half (the full name is in the table beside the chart).
fn fit(s: &str, width: i64, size: i64) -> String {
    let em = |c: char| if c.is_ascii() { size * 55 / 100 } else { size };
    let total: i64 = s.chars().map(em).sum();
    if total <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = size; // room for the ellipsis
    for c in s.chars() {
        if used + em(c) > width {
            break;
        }
        used += em(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// The width of `s` in chart units at `size` (as [`fit`] counts it).
fn width_of(s: &str, size: i64) -> i64 {
    s.chars()
        .map(|c| if c.is_ascii() { size * 55 / 100 } else { size })
        .sum()
}

/// A row label in at most two lines: one line at 28 units when it fits; else two lines at 24,
/// broken at the space that balances them best; else cut with `…` (the full name is in the
/// table beside the chart).
fn label_lines(s: &str, width: i64) -> (i64, Vec<String>) {
    if width_of(s, 28) <= width {
        return (28, vec![s.to_string()]);
    }
    let size = 24;
    let best = s
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| (s[..i].trim_end(), s[i..].trim_start()))
        .filter(|(a, b)| width_of(a, size) <= width && width_of(b, size) <= width)
        .min_by_key(|(a, b)| width_of(a, size).max(width_of(b, size)));
    match best {
        Some((a, b)) => (size, vec![a.to_string(), b.to_string()]),
        None => (28, vec![fit(s, width, 28)]),
    }
}

fn chart(key: &'static str, svg: String, h: i64) -> Chart {
    Chart {
        key,
        svg,
        height_mm: h as f32 / 10.0,
    }
}

/// 재원별·연차별 사업비: a stacked column a year, its total above it.
pub fn sources(f: &Figures) -> Chart {
    let h = 760;
    let (top, base) = (90, 600);
    let tallest = f.by_year.values().map(Sources::total).max().unwrap_or(0);
    let n = f.years.len().max(1) as i64;
    let slot = (W - 200) / n;
    let bar = (slot * 45 / 100).min(320);
    let mut out = open(h);
    let _ = writeln!(
        out,
        "<line x1=\"100\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#555\" stroke-width=\"3\"/>",
        W - 100
    );
    for (i, year) in f.years.iter().enumerate() {
        let s = f.by_year.get(year).copied().unwrap_or_default();
        let x = 100 + slot * i as i64 + (slot - bar) / 2;
        let mut y = base;
        for ((_, colour), v) in SERIES.iter().zip(parts(&s)) {
            let len = scale(v, base - top, tallest);
            if len == 0 {
                continue;
            }
            y -= len;
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{len}\" fill=\"{colour}\"/>"
            );
            if len >= 40 {
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"24\" fill=\"#fff\">{}</text>",
                    x + bar / 2,
                    y + len / 2 + 9,
                    won(v)
                );
            }
        }
        text(
            &mut out,
            x + bar / 2,
            y - 16,
            "middle",
            28,
            &format!("{}원", won(s.total())),
        );
        text(
            &mut out,
            x + bar / 2,
            base + 45,
            "middle",
            FONT,
            &format!("{}차년도 ({year})", i + 1),
        );
    }
    legend(&mut out, h - 40);
    out.push_str("</svg>\n");
    chart("chart:sources", out, h)
}

/// A horizontal stacked bar a row: name on the left, amount (and share) on the right.
fn rows(key: &'static str, list: &[(String, Sources)], total: i64, share: bool) -> Chart {
    let row = 64;
    let (label_w, value_w) = (520, 430);
    let length = W - label_w - value_w - 40;
    let top = 20;
    let h = top + row * list.len().max(1) as i64 + 90;
    let widest = list.iter().map(|(_, s)| s.total()).max().unwrap_or(0);
    let mut out = open(h);
    for (i, (name, s)) in list.iter().enumerate() {
        let y = top + row * i as i64;
        match label_lines(name, label_w - 30) {
            (size, lines) if lines.len() == 2 => {
                for (k, line) in lines.iter().enumerate() {
                    text(
                        &mut out,
                        label_w - 16,
                        y + 28 + 26 * k as i64,
                        "end",
                        size,
                        line,
                    );
                }
            }
            (size, lines) => text(&mut out, label_w - 16, y + 40, "end", size, &lines[0]),
        }
        let mut x = label_w;
        for ((_, colour), v) in SERIES.iter().zip(parts(s)) {
            let len = scale(v, length, widest);
            if len == 0 {
                continue;
            }
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{}\" width=\"{len}\" height=\"{}\" fill=\"{colour}\"/>",
                y + 12,
                row - 24
            );
            x += len;
        }
        let mut value = format!("{}원", won(s.total()));
        if share {
            value.push_str(&format!(
                " ({})",
                crate::figures::Ratio::new(s.total(), total).percent()
            ));
        }
        text(&mut out, x + 14, y + 40, "start", 26, &value);
    }
    legend(&mut out, h - 30);
    out.push_str("</svg>\n");
    chart(key, out, h)
}

/// 기관별 사업비: every member with budget, in file order.
pub fn members(f: &Figures, c: &Consortium) -> Chart {
    let list: Vec<(String, Sources)> = f
        .members
        .iter()
        .filter(|m| m.total.total() > 0)
        .map(|m| {
            let name = c
                .members
                .iter()
                .find(|x| x.id.as_str() == m.id)
                .map_or_else(|| m.id.clone(), |x| x.name.clone());
            (name, m.total)
        })
        .collect();
    rows("chart:members", &list, f.total.total(), true)
}

/// 세부사업별 사업비: every subproject, in file order.
pub fn subprojects(f: &Figures, c: &Consortium) -> Chart {
    let list: Vec<(String, Sources)> = f
        .subprojects
        .iter()
        .map(|s| {
            let name = c
                .subprojects
                .iter()
                .find(|x| x.id.as_str() == s.id)
                .and_then(|x| x.title.clone())
                .unwrap_or_else(|| s.id.clone());
            (name, s.total)
        })
        .collect();
    rows("chart:subprojects", &list, f.total.total(), false)
}

/// Every chart of a consortium.
pub fn all(f: &Figures, c: &Consortium) -> [Chart; 3] {
    [sources(f), members(f, c), subprojects(f, c)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_exactly_and_never_overflow() {
        assert_eq!(scale(7_000_000_000, 510, 14_000_000_000), 255);
        assert_eq!(scale(i64::MAX, 1000, i64::MAX), 1000);
        assert_eq!(scale(5, 100, 0), 0);
        assert_eq!(scale(-5, 100, 10), 0);
        assert_eq!(esc("A&B <c>"), "A&amp;B &lt;c&gt;");
        assert_eq!(fit("한빛", 100, 28), "한빛");
        assert_eq!(fit("가나다라마바", 100, 28), "가나…");
        // Too long for one line: two balanced lines at 24, or cut when there is no space.
        assert_eq!(
            label_lines("제조 중소기업 맞춤형 AI 솔루션 도입 지원", 490),
            (
                24,
                vec![
                    "제조 중소기업 맞춤형".to_string(),
                    "AI 솔루션 도입 지원".to_string()
                ]
            )
        );
        assert_eq!(label_lines("한빛", 490), (28, vec!["한빛".to_string()]));
        assert_eq!(
            label_lines(&"가".repeat(40), 100).1,
            vec!["가가…".to_string()]
        );
    }
}
