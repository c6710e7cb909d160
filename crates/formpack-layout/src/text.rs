//! Measuring text with the fonts' advance widths and breaking it into lines.
//!
//! Lines break at spaces so that Korean words (어절) stay whole; only a word wider than the
//! whole line is broken between characters. `\n` is a hard break. Lengths are points.

use std::ops::Range;

use formpack_doc::style::{self, Rgb};
use formpack_doc::Align;

use crate::fonts::{normalize, FontId, Fonts};
use crate::frame::{Frag, Glyph};

/// A piece of input text with one style.
#[derive(Debug, Clone, Copy)]
pub struct Span<'a> {
    /// The text; `\n` is a hard line break.
    pub text: &'a str,
    /// The font asked for; characters it lacks fall back per character (see
    /// [`FontId::fallbacks`]).
    pub font: FontId,
    /// Font size, points.
    pub size: f32,
    /// Underlined.
    pub underline: bool,
    /// Colour of the glyphs.
    pub color: Rgb,
    /// Horizontal scale of the glyphs (장평), 1.0 for none.
    pub scale: f32,
    /// Extra space after each character, a fraction of the size (자간).
    pub tracking: f32,
    /// Width of a space in em, or the font's own.
    pub space: Option<f32>,
    /// Advance of a Hangul or CJK character in em, or the font's own.
    pub full: Option<f32>,
}

impl<'a> Span<'a> {
    /// Black text, unscaled, without underline.
    pub fn plain(text: &'a str, font: FontId, size: f32) -> Span<'a> {
        Span {
            text,
            font,
            size,
            underline: false,
            color: style::TEXT_COLOR,
            scale: 1.0,
            tracking: 0.0,
            space: None,
            full: None,
        }
    }
}

/// How tall the lines of a paragraph are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Leading {
    /// A factor of the largest size on the line.
    Factor(f32),
    /// Exactly this many points.
    Exact(f32),
    /// The factor's height, but at least this many points.
    AtLeast(f32, f32),
}

/// The box lines are broken into: its width, alignment, leading and indents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineBox {
    /// Width of the box, points.
    pub max: f32,
    /// Alignment within the box (after the indents).
    pub align: Align,
    /// Line height.
    pub leading: Leading,
    /// Size of an empty line.
    pub default_size: f32,
    /// Indent of the first line from the box's left edge, points.
    pub first: f32,
    /// Indent of every other line, points.
    pub rest: f32,
    /// Text at the top of each line with the leading below it (한글's way), rather than
    /// centred in the line.
    pub top: bool,
    /// A line may break between two Hangul or CJK characters, not only at spaces.
    pub break_words: bool,
}

impl LineBox {
    /// A box `max` wide with no indents and lines `factor` × the size tall.
    pub fn new(max: f32, align: Align, factor: f32, default_size: f32) -> LineBox {
        LineBox {
            max,
            align,
            leading: Leading::Factor(factor),
            default_size,
            first: 0.0,
            rest: 0.0,
            top: false,
            break_words: false,
        }
    }

    fn height(&self, size: f32) -> f32 {
        let ok = |v: f32| {
            if v.is_finite() {
                v.clamp(0.5, 2000.0)
            } else {
                size
            }
        };
        match self.leading {
            Leading::Factor(f) => size * ok(f).min(10.0),
            Leading::Exact(h) => ok(h),
            Leading::AtLeast(f, h) => (size * ok(f).min(10.0)).max(ok(h)),
        }
    }
}

/// One laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The runs of the line, positioned from the left edge of the text box.
    pub frags: Vec<Frag>,
    /// Width of the text after justification.
    pub width: f32,
    /// Largest font size on the line.
    pub size: f32,
    /// Line height (size × line-height factor).
    pub height: f32,
    /// Baseline offset from the top of the line.
    pub baseline: f32,
    /// Leading below the text that the end of a cell absorbs (lines set at the top).
    pub trailing: f32,
}

impl Line {
    /// The characters of the line.
    pub fn text(&self) -> String {
        self.frags.iter().map(|f| f.text.as_str()).collect()
    }
}

/// The most a justified line widens each space, in em of its largest size.
const MAX_STRETCH: f32 = 1.0;

/// Where a CJK body sits in the em box: the baseline is this far below the top of the
/// glyph box of height `size`.
const ASCENT: f32 = 0.84;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Word,
    Space,
    Break,
}

#[derive(Debug, Clone, Copy)]
struct Atom {
    ch: char,
    kind: Kind,
    span: usize,
    font: FontId,
    gid: u16,
    advance: f32,
}

/// A scale or tracking from the model, within what a printed page can show.
fn sane(v: f32, lo: f32, hi: f32, default: f32) -> f32 {
    if v.is_finite() {
        v.clamp(lo, hi)
    } else {
        default
    }
}

/// Width of a single-style string in points.
pub fn measure(fonts: &Fonts, text: &str, font: FontId, size: f32) -> f32 {
    text.chars()
        .map(|c| fonts.resolve(font, normalize(c)).2 * size)
        .sum()
}

fn atoms(fonts: &Fonts, spans: &[Span]) -> Vec<Atom> {
    let mut out = Vec::new();
    for (si, s) in spans.iter().enumerate() {
        let size = if s.size.is_finite() && s.size > 0.0 {
            s.size
        } else {
            10.5
        };
        let scale = sane(s.scale, 0.1, 4.0, 1.0);
        let tracking = sane(s.tracking, -0.9, 4.0, 0.0) * size;
        for c in s.text.chars() {
            let kind = match c {
                '\n' => Kind::Break,
                '\r' => continue,
                c if c == ' ' || normalize(c) == ' ' => Kind::Space,
                c if c.is_control() => continue,
                _ => Kind::Word,
            };
            let ch = match kind {
                Kind::Word => c,
                _ => ' ',
            };
            let (font, gid, adv) = fonts.resolve(s.font, ch);
            let adv = match (kind, s.space, s.full) {
                (Kind::Space, Some(w), _) => sane(w, 0.05, 2.0, adv),
                (Kind::Word, _, Some(w)) if cjk(ch) && gid != 0 => sane(w, 0.5, 2.0, adv),
                _ => adv,
            };
            out.push(Atom {
                ch,
                kind,
                span: si,
                font,
                gid,
                advance: if kind == Kind::Break {
                    0.0
                } else {
                    (adv * size * scale + tracking).max(0.0)
                },
            });
        }
    }
    out
}

/// A line as a range of atoms, and whether it ended by wrapping (justifiable).
struct Raw {
    range: Range<usize>,
    wrapped: bool,
}

/// Hangul and CJK characters, between which a line may break when a paragraph breaks words.
fn cjk(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Punctuation that closes: never the first character of a line (금지 문자).
fn closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '」'
            | '』'
            | '〉'
            | '》'
            | '】'
            | '〕'
            | '）'
            | '］'
            | '”'
            | '’'
            | ','
            | '.'
            | '。'
            | '、'
            | '!'
            | '?'
            | ':'
            | ';'
            | '·'
            | '…'
            | '%'
    )
}

/// Punctuation that opens: never the last character of a line.
fn opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '「' | '『' | '〈' | '《' | '【' | '〔' | '（' | '［' | '“' | '‘'
    )
}

/// Whether a line may break between two characters of one word: before an opening
/// parenthesis (`금…원` | `(금…원)`), or between Hangul or CJK characters where the paragraph
/// breaks words; never before closing or after opening punctuation.
fn may_break(prev: char, next: char, break_words: bool) -> bool {
    if closing(next) || opening(prev) {
        return false;
    }
    next == '(' || (break_words && (cjk(prev) || cjk(next)))
}

/// The end of the unbreakable piece of a word starting at `i`.
fn piece_end(atoms: &[Atom], i: usize, break_words: bool) -> usize {
    let mut j = i;
    while j < atoms.len() && atoms[j].kind == Kind::Word {
        if j > i && may_break(atoms[j - 1].ch, atoms[j].ch, break_words) {
            break;
        }
        j += 1;
    }
    j
}

/// Width of the widest piece of `spans` that no line break splits (a table column narrower
/// than this breaks a word between characters).
pub fn longest_piece(fonts: &Fonts, spans: &[Span], break_words: bool) -> f32 {
    let atoms = atoms(fonts, spans);
    let mut widest = 0f32;
    let mut i = 0;
    while i < atoms.len() {
        if atoms[i].kind != Kind::Word {
            i += 1;
            continue;
        }
        let j = piece_end(&atoms, i, break_words);
        widest = widest.max(atoms[i..j].iter().map(|a| a.advance).sum());
        i = j;
    }
    widest
}

/// Where to break a word that overflows before atom `k`: before the characters glued to
/// `k` (a closing mark keeps the character before it, an opening one the character after),
/// or at `k` when nothing on the line can go along.
fn char_cut(atoms: &[Atom], word: usize, start: usize, k: usize) -> usize {
    let glued = |c: usize| closing(atoms[c].ch) || opening(atoms[c - 1].ch);
    let mut cut = k;
    while cut > word + 1 && cut - 1 > start && glued(cut) {
        cut -= 1;
    }
    if glued(cut) {
        k
    } else {
        cut
    }
}

fn break_atoms(atoms: &[Atom], first: f32, rest: f32, break_words: bool) -> Vec<Raw> {
    const EPS: f32 = 0.01;
    let mut lines: Vec<Raw> = Vec::new();
    let mut max = first;
    let (mut start, mut end, mut width) = (0usize, 0usize, 0f32);
    let n = atoms.len();
    let mut i = 0;
    while i < n {
        match atoms[i].kind {
            Kind::Break => {
                lines.push(Raw {
                    range: start..end,
                    wrapped: false,
                });
                max = rest;
                i += 1;
                start = i;
                end = i;
                width = 0.0;
            }
            Kind::Space => i += 1,
            Kind::Word => {
                let j = piece_end(atoms, i, break_words);
                let word: f32 = atoms[i..j].iter().map(|a| a.advance).sum();
                let mut gap: f32 = atoms[end..i].iter().map(|a| a.advance).sum();
                if end > start && width + gap + word > max + EPS {
                    // Wrap before this word; spaces at the break are dropped.
                    lines.push(Raw {
                        range: start..end,
                        wrapped: true,
                    });
                    max = rest;
                    start = i;
                    end = i;
                    width = 0.0;
                    continue;
                }
                if width + gap + word <= max + EPS {
                    width += gap + word;
                    end = j;
                } else {
                    // A word wider than the line: break between characters.
                    for (k, atom) in atoms.iter().enumerate().take(j).skip(i) {
                        let a = atom.advance;
                        if end > start && width + gap + a > max + EPS {
                            let cut = char_cut(atoms, i, start, k);
                            if cut == k && closing(atom.ch) {
                                // Nothing to take along: the mark hangs in the margin.
                                width += gap + a;
                                gap = 0.0;
                                end = k + 1;
                                continue;
                            }
                            lines.push(Raw {
                                range: start..end.min(cut),
                                wrapped: true,
                            });
                            max = rest;
                            start = cut;
                            width = atoms[cut..k].iter().map(|a| a.advance).sum();
                            gap = 0.0;
                        }
                        width += gap + a;
                        gap = 0.0;
                        end = k + 1;
                    }
                }
                i = j;
            }
        }
    }
    lines.push(Raw {
        range: start..end,
        wrapped: false,
    });
    lines
}

/// Break styled text into lines within `bx`: each line at most its width (the box less the
/// line's indent), aligned and indented.
pub fn break_lines(fonts: &Fonts, spans: &[Span], bx: &LineBox) -> Vec<Line> {
    let max = if bx.max.is_finite() {
        bx.max.max(1.0)
    } else {
        1.0
    };
    let indent = |v: f32| sane(v, 0.0, max - 1.0, 0.0);
    let (first, rest) = (indent(bx.first), indent(bx.rest));
    let default_size = bx.default_size;
    let atoms = atoms(fonts, spans);
    let raws = break_atoms(&atoms, max - first, max - rest, bx.break_words);
    raws.into_iter()
        .enumerate()
        .map(|(n, raw)| {
            let lead = if n == 0 { first } else { rest };
            let max = max - lead;
            let slice = &atoms[raw.range.clone()];
            let size = slice
                .iter()
                .map(|a| spans[a.span].size)
                .filter(|s| s.is_finite() && *s > 0.0)
                .fold(0.0f32, f32::max);
            let size = if size > 0.0 { size } else { default_size };
            let natural: f32 = slice.iter().map(|a| a.advance).sum();
            let spaces = slice.iter().filter(|a| a.kind == Kind::Space).count();
            let extra = if bx.align == Align::Justify && raw.wrapped && spaces > 0 && natural < max
            {
                (max - natural) / spaces as f32
            } else {
                0.0
            };
            // Gaps wider than an em look like holes: such a line is set ragged instead.
            let extra = if extra > MAX_STRETCH * size {
                0.0
            } else {
                extra
            };
            let width = natural + extra * spaces as f32;
            let offset = lead
                + match bx.align {
                    Align::Left | Align::Justify => 0.0,
                    Align::Center => ((max - width) / 2.0).max(0.0),
                    Align::Right => (max - width).max(0.0),
                };
            let mut frags: Vec<Frag> = Vec::new();
            let mut x = offset;
            for a in slice {
                let s = &spans[a.span];
                let scale = sane(s.scale, 0.1, 4.0, 1.0);
                let same = frags.last().is_some_and(|f| {
                    f.font == a.font
                        && f.size == s.size
                        && f.underline == s.underline
                        && f.color == s.color
                        && f.scale == scale
                });
                if !same {
                    frags.push(Frag {
                        font: a.font,
                        size: s.size,
                        underline: s.underline,
                        color: s.color,
                        scale,
                        x,
                        text: String::new(),
                        glyphs: Vec::new(),
                    });
                }
                let f = frags.last_mut().expect("a fragment was just pushed");
                let from = f.text.len();
                f.text.push(a.ch);
                let advance = a.advance + if a.kind == Kind::Space { extra } else { 0.0 };
                f.glyphs.push(Glyph {
                    gid: a.gid,
                    advance,
                    range: from..f.text.len(),
                    space: a.kind == Kind::Space,
                });
                x += advance;
            }
            let height = bx.height(size);
            let (baseline, trailing) = match bx.top {
                true => (ASCENT * size, (height - size).max(0.0)),
                false => ((height - size) / 2.0 + ASCENT * size, 0.0),
            };
            Line {
                frags,
                width,
                size,
                height,
                baseline,
                trailing,
            }
        })
        .collect()
}

/// Single-line text as fragments (with the per-character fallback), starting at x = 0, and its
/// width.
pub fn one_line(fonts: &Fonts, text: &str, font: FontId, size: f32) -> (Vec<Frag>, f32) {
    let span = Span::plain(text, font, size);
    let lines = break_lines(fonts, &[span], &LineBox::new(1e6, Align::Left, 1.0, size));
    lines
        .into_iter()
        .next()
        .map(|l| (l.frags, l.width))
        .unwrap_or_default()
}

/// Single-line text shortened with `…` until it fits `max` points (newlines become spaces).
pub fn fit_text(fonts: &Fonts, text: &str, font: FontId, size: f32, max: f32) -> (Vec<Frag>, f32) {
    let text = text.replace('\n', " ");
    let (f, w) = one_line(fonts, &text, font, size);
    if w <= max {
        return (f, w);
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let t: String = chars.iter().collect::<String>() + "…";
        let (f, w) = one_line(fonts, &t, font, size);
        if w <= max {
            return (f, w);
        }
    }
    (Vec::new(), 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span<'_> {
        Span::plain(text, FontId::Serif, 10.0)
    }

    fn lines(text: &str, max: f32, align: Align) -> Vec<Line> {
        break_lines(
            &crate::fonts::tests::fonts(),
            &[span(text)],
            &LineBox::new(max, align, 1.5, 10.0),
        )
    }

    /// Each fragment's font and text.
    fn fragments(l: &Line) -> Vec<(FontId, &str)> {
        l.frags.iter().map(|f| (f.font, f.text.as_str())).collect()
    }

    /// No glyph of the line is a font's `.notdef`.
    fn every_glyph_drawn(l: &Line) -> bool {
        l.frags.iter().all(|f| f.glyphs.iter().all(|g| g.gid > 0))
    }

    const SENTENCE: &str = "대전광역시는 지역 주도형 인공지능 대전환 사업의 주관기관으로서 \
        참여기관과 함께 제조 현장의 데이터를 모으고 실증 서비스를 개발한다";

    #[test]
    fn korean_breaks_only_at_spaces() {
        let ls = lines(SENTENCE, 120.0, Align::Left);
        assert!(ls.len() >= 4, "{}", ls.len());
        let words: Vec<&str> = SENTENCE.split(' ').collect();
        let mut rebuilt = Vec::new();
        for l in &ls {
            assert!(l.width <= 120.0 + 0.01);
            let t = l.text();
            assert!(!t.starts_with(' ') && !t.ends_with(' '), "{t:?}");
            // Every line is a sequence of whole words.
            for w in t.split(' ') {
                assert!(words.contains(&w), "{w:?} is not a whole word");
                rebuilt.push(w.to_string());
            }
        }
        assert_eq!(rebuilt.join(" "), SENTENCE);
    }

    #[test]
    fn an_overlong_word_breaks_inside() {
        let word = "가나다라마바사아자차카타파하".repeat(3);
        let ls = lines(&format!("앞 {word} 뒤"), 60.0, Align::Left);
        assert_eq!(ls[0].text(), "앞");
        let joined: String = ls.iter().map(Line::text).collect::<Vec<_>>().join("|");
        assert!(ls.len() >= 4, "{joined}");
        assert!(ls.iter().all(|l| l.width <= 60.01), "{joined}");
        assert_eq!(joined.replace(['|', ' '], ""), format!("앞{word}뒤"));
    }

    const AMOUNT: &str = "금1,234,000,000원(금십이억삼천사백만원)";

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        for text in [AMOUNT, "지역혁신기관(주관), 참여기관.", "가나다라마바사)"]
        {
            for max in (20..200).map(|w| w as f32) {
                for l in lines(text, max, Align::Left).iter().skip(1) {
                    let first = l.text().chars().next();
                    assert!(!first.is_some_and(closing), "{max}: {:?}", l.text());
                }
            }
        }
    }

    #[test]
    fn an_amount_breaks_before_its_words_in_brackets() {
        let head = "민간부담금 금6,300,000,000원";
        let w = measure(&crate::fonts::tests::fonts(), head, FontId::Serif, 10.0);
        let ls = lines(
            &format!("{head}(금육십삼억원)을 부담"),
            w + 20.0,
            Align::Justify,
        );
        assert_eq!(ls[0].text(), head);
        assert!(
            ls[1].text().starts_with("(금육십삼억원)을"),
            "{}",
            ls[1].text()
        );
    }

    #[test]
    fn justified_gaps_stay_under_an_em() {
        let text = format!("민간부담금 {AMOUNT}을 사업계획에 따라 책임지고 부담하겠으며");
        for max in (120..320).map(|w| w as f32) {
            for l in lines(&text, max, Align::Justify) {
                for g in l.frags.iter().flat_map(|f| &f.glyphs).filter(|g| g.space) {
                    assert!(
                        g.advance <= 10.0 + 5.0,
                        "{max}: {:?} {}",
                        l.text(),
                        g.advance
                    );
                }
            }
        }
    }

    #[test]
    fn the_longest_piece_is_the_widest_unbreakable_part() {
        let f = crate::fonts::tests::fonts();
        let m = |t: &str| measure(&f, t, FontId::Serif, 10.0);
        let got = longest_piece(&f, &[span(&format!("{AMOUNT} 연번"))], false);
        let want = m("금1,234,000,000원").max(m("(금십이억삼천사백만원)"));
        assert!((got - want).abs() < 1e-3, "{got} {want}");
        // Breaking words, a syllable keeps the closing bracket after it.
        let got = longest_piece(&f, &[span("가나다)")], true);
        assert!((got - m("다)")).abs() < 1e-3, "{got}");
    }

    #[test]
    fn justified_lines_fill_the_width_except_the_last() {
        // (At 150 pt a line would need gaps over an em, and is set ragged: see below.)
        const W: f32 = 200.0;
        let ls = lines(SENTENCE, W, Align::Justify);
        assert!(ls.len() >= 2);
        for l in &ls[..ls.len() - 1] {
            let sum: f32 = l.frags.iter().map(Frag::width).sum();
            assert!((sum - W).abs() < 0.01, "{sum}");
            assert!((l.width - W).abs() < 0.01);
            // Glyph positions are contiguous.
            let last = l.frags.last().unwrap();
            assert!((last.x + last.width() - W).abs() < 0.01);
        }
        let last = ls.last().unwrap();
        assert!(last.width < W);
        let natural = lines(SENTENCE, W, Align::Left);
        assert_eq!(natural.last().unwrap().width, last.width);
    }

    #[test]
    fn hard_breaks_and_alignment() {
        let ls = lines("첫 줄\n둘째 줄\n\n넷째", 200.0, Align::Right);
        let texts: Vec<String> = ls.iter().map(Line::text).collect();
        assert_eq!(texts, ["첫 줄", "둘째 줄", "", "넷째"]);
        for l in &ls[..2] {
            assert!((l.frags[0].x + l.width - 200.0).abs() < 0.01);
        }
        assert_eq!(ls[2].height, 15.0);
        let c = lines("가운데", 200.0, Align::Center);
        assert!((c[0].frags[0].x * 2.0 + c[0].width - 200.0).abs() < 0.01);
    }

    #[test]
    fn check_boxes_use_the_fallback_font_in_their_own_fragment() {
        let ls = lines("☐ 해당 ☑ 해당없음", 300.0, Align::Left);
        assert_eq!(
            fragments(&ls[0]),
            [
                (FontId::Symbol, "☐"),
                (FontId::Serif, " 해당 "),
                (FontId::Symbol, "☑"),
                (FontId::Serif, " 해당없음"),
            ]
        );
        assert!(every_glyph_drawn(&ls[0]));
    }

    #[test]
    fn a_hanja_the_serif_lacks_is_a_gothic_fragment_of_its_own() {
        let ls = lines("대표자 姜하늘 ☐", 300.0, Align::Left);
        assert_eq!(
            fragments(&ls[0]),
            [
                (FontId::Serif, "대표자 "),
                (FontId::Sans, "姜"),
                (FontId::Serif, "하늘 "),
                (FontId::Symbol, "☐"),
            ]
        );
        assert!(every_glyph_drawn(&ls[0]));
        assert_eq!(ls[0].text(), "대표자 姜하늘 ☐");
    }

    #[test]
    fn mixed_sizes_take_the_largest_and_measure_adds_up() {
        let f = crate::fonts::tests::fonts();
        let spans = [
            span("작은 "),
            Span {
                underline: true,
                ..Span::plain("큰글씨", FontId::SansBold, 20.0)
            },
        ];
        let ls = break_lines(&f, &spans, &LineBox::new(500.0, Align::Left, 1.3, 10.0));
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].size, 20.0);
        assert!((ls[0].height - 26.0).abs() < 1e-4);
        let w = measure(&f, "작은 ", FontId::Serif, 10.0)
            + measure(&f, "큰글씨", FontId::SansBold, 20.0);
        assert!((ls[0].width - w).abs() < 1e-3);
        assert!(ls[0].frags[1].underline);
        // Hangul syllables are full-width in Nanum.
        assert!((measure(&f, "가", FontId::Serif, 10.0) - 10.0).abs() < 1.5);
    }
}
