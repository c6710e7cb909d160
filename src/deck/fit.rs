//! Fitting text to a slide: lines wrapped as PowerPoint and Impress wrap them (at spaces, a
//! word wider than the box by character), measured in 나눔고딕; a table's rows measured and
//! shared among slides; text too long for its box cut, with the whole of it kept for the notes.

use formpack_pptx::Cell;

use crate::render::gothic_width_mm;

/// Millimetres in a point.
const PT: f32 = 25.4 / 72.0;
/// A line's height in ems: 나눔고딕's ascent and descent are 1.15 em; PowerPoint's single
/// spacing is at most 1.2 of the size.
const LINE_EM: f32 = 1.2;
/// The share of a box's width measured text may fill, so a renderer measuring a little wider
/// than `gothic_width_mm` still breaks where the fit did.
const SLACK: f32 = 0.95;
/// A table cell's margins (the writer's `marL`/`marR`, `marT`/`marB`), millimetres.
pub const CELL_MARGIN_X: f32 = 2.0;
/// See [`CELL_MARGIN_X`].
pub const CELL_MARGIN_Y: f32 = 1.0;
/// What a cut line ends with.
const ELLIPSIS: char = '…';

/// The height of one line of text at `size` points, millimetres.
pub fn line_mm(size: f32) -> f32 {
    size * PT * LINE_EM
}

/// `text` wrapped into lines no wider than `width` mm at `size` points.
pub fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let max = width * SLACK;
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let joined = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if gothic_width_mm(&joined, size, bold) <= max {
                line = joined;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line = break_word(word, size, bold, max, &mut lines);
        }
        lines.push(line);
    }
    lines
}

/// A word wider than `max` broken by character: its full lines pushed, the rest returned.
fn break_word(word: &str, size: f32, bold: bool, max: f32, lines: &mut Vec<String>) -> String {
    let mut line = String::new();
    for c in word.chars() {
        line.push(c);
        if gothic_width_mm(&line, size, bold) > max && line.chars().count() > 1 {
            line.pop();
            lines.push(std::mem::take(&mut line));
            line.push(c);
        }
    }
    line
}

/// How tall `text` stands in a box `width` mm wide, millimetres.
pub fn height(text: &str, size: f32, bold: bool, width: f32) -> f32 {
    wrap(text, size, bold, width).len() as f32 * line_mm(size)
}

/// `text` cut to what stands in at most `max_lines` lines of `width` mm, ending with `…`;
/// `None` when it fits whole.
pub fn cut(text: &str, size: f32, bold: bool, width: f32, max_lines: usize) -> Option<String> {
    let lines = wrap(text, size, bold, width);
    let keep = max_lines.max(1);
    if lines.len() <= keep {
        return None;
    }
    let start = end_of(text, &lines[..keep - 1]);
    let mut end = end_of(text, &lines[..keep]);
    let fits = |s: &str| gothic_width_mm(&format!("{s}{ELLIPSIS}"), size, bold) <= width * SLACK;
    while end > start && !fits(text[start..end].trim()) {
        end = text[..end].char_indices().last().map_or(start, |(i, _)| i);
    }
    Some(format!("{}{ELLIPSIS}", text[..end].trim_end()))
}

/// Where in `text` the wrapped `lines` end (a line break or a space between two lines is the
/// break wrapping took).
fn end_of(text: &str, lines: &[String]) -> usize {
    let mut at = 0;
    for line in lines {
        at += text[at..].len() - text[at..].trim_start_matches([' ', '\n']).len();
        at = (at + line.len()).min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
    }
    at
}

/// A table's geometry: its columns' widths in mm (from the parts the writer scales), its text
/// size and each row's least height.
pub struct Grid {
    /// Column widths, millimetres.
    pub cols: Vec<f32>,
    /// Text size, points.
    pub size: f32,
    /// The least height of a row (the deck's look), millimetres.
    pub min_row: f32,
}

impl Grid {
    /// Columns sharing `width` mm by `parts`.
    pub fn new(width: f32, parts: &[u32], size: f32) -> Grid {
        let sum: u32 = parts.iter().sum::<u32>().max(1);
        Grid {
            cols: parts
                .iter()
                .map(|p| width * *p as f32 / sum as f32)
                .collect(),
            size,
            min_row: size * PT * 2.2,
        }
    }

    /// The height a row of cells takes (the header's text is bold).
    pub fn row_height(&self, row: &[Cell], header: bool) -> f32 {
        let text = row
            .iter()
            .zip(&self.cols)
            .map(|(c, w)| height(&c.text, self.size, header, w - 2.0 * CELL_MARGIN_X))
            .fold(0.0, f32::max);
        (text + 2.0 * CELL_MARGIN_Y).max(self.min_row)
    }

    /// The row cut so it stands at most `room` mm tall: each cell too tall cut to the lines
    /// that fit. Returns the row and the cells' whole texts that were cut, each after its
    /// row's label (the first cell).
    pub fn cut_row(&self, row: &[Cell], room: f32) -> (Vec<Cell>, Vec<String>) {
        let lines = ((room - 2.0 * CELL_MARGIN_Y) / line_mm(self.size))
            .floor()
            .max(1.0) as usize;
        let mut whole = Vec::new();
        let cells = row
            .iter()
            .zip(&self.cols)
            .map(
                |(c, w)| match cut(&c.text, self.size, false, w - 2.0 * CELL_MARGIN_X, lines) {
                    Some(text) => {
                        whole.push(format!("{}: {}", row[0].text, c.text));
                        Cell {
                            text,
                            align: c.align,
                        }
                    }
                    None => c.clone(),
                },
            )
            .collect();
        (cells, whole)
    }
}

/// One slide's share of a table: its rows (the header first) and their heights, and the
/// whole texts of cells cut to fit. The first part is empty when the table starts on the
/// slide after the first.
#[derive(Default)]
pub struct Part {
    /// The rows, header first.
    pub rows: Vec<Vec<Cell>>,
    /// Each row's height, millimetres.
    pub heights: Vec<f32>,
    /// Cells' texts cut on this slide, whole.
    pub cut: Vec<String>,
}

impl Part {
    /// How tall the part stands, millimetres.
    pub fn height(&self) -> f32 {
        self.heights.iter().sum()
    }
}

/// A table's rows shared among slides: the header on each, as many rows as fit in `first`
/// mm on the first slide and `rest` mm on each after it; a row taller than a whole slide cut
/// to fit. With `total_last`, the last row (합계) never stands alone under the header.
pub fn paginate(
    grid: &Grid,
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    first: f32,
    rest: f32,
    total_last: bool,
) -> Vec<Part> {
    let head_h = grid.row_height(&header, true);
    let start = || Part {
        rows: vec![header.clone()],
        heights: vec![head_h],
        cut: Vec::new(),
    };
    let mut parts = vec![start()];
    for row in rows {
        let mut h = grid.row_height(&row, false);
        let room = if parts.len() == 1 { first } else { rest };
        let part = parts.last_mut().expect("a part");
        let fits_later = head_h + h <= rest;
        if part.height() + h > room && (part.rows.len() > 1 || fits_later) {
            if part.rows.len() == 1 {
                // Not even one row fits below what the first slide holds above the table:
                // the table starts on the next slide.
                *part = Part::default();
            }
            parts.push(start());
        }
        let room = if parts.len() == 1 { first } else { rest };
        let part = parts.last_mut().expect("a part");
        let (row, whole) = if part.height() + h > room {
            let (cells, whole) = grid.cut_row(&row, room - part.height());
            h = grid.row_height(&cells, false).min(room - part.height());
            (cells, whole)
        } else {
            (row, Vec::new())
        };
        part.rows.push(row);
        part.heights.push(h);
        part.cut.extend(whole);
    }
    if total_last {
        keep_total_with_a_row(&mut parts, rest);
    }
    parts
}

/// A last part holding only the header and 합계 takes the row before it along, when the
/// three fit in `room`.
fn keep_total_with_a_row(parts: &mut [Part], room: f32) {
    let n = parts.len();
    if n < 2 || parts[n - 1].rows.len() != 2 || parts[n - 2].rows.len() < 3 {
        return;
    }
    let (before, last) = parts.split_at_mut(n - 1);
    let prev = &mut before[n - 2];
    let moved = prev.heights.last().copied().unwrap_or(0.0);
    if last[0].height() + moved > room || !prev.cut.is_empty() {
        return;
    }
    let row = prev.rows.pop().expect("a row");
    let h = prev.heights.pop().expect("a height");
    last[0].rows.insert(1, row);
    last[0].heights.insert(1, h);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|t| Cell {
                text: t.to_string(),
                align: formpack_pptx::Align::Left,
            })
            .collect()
    }

    #[test]
    fn wrap_breaks_at_spaces_and_a_long_word_by_character() {
        let lines = wrap("가나다 라마바 사아자", 20.0, false, 25.0);
        assert_eq!(lines, ["가나다", "라마바", "사아자"]);
        let lines = wrap("가나다라마바사아자차", 20.0, false, 25.0);
        assert!(lines.len() > 1 && lines.concat() == "가나다라마바사아자차");
        for l in &lines {
            assert!(gothic_width_mm(l, 20.0, false) <= 25.0 * SLACK);
        }
    }

    #[test]
    fn cut_keeps_whole_lines_and_ends_with_an_ellipsis() {
        let text = "사업 요약 ".repeat(40);
        let short = cut(&text, 14.0, false, 60.0, 3).unwrap();
        assert_eq!(wrap(&short, 14.0, false, 60.0).len(), 3);
        assert!(short.ends_with('…'));
        assert!(text.starts_with(short.trim_end_matches('…')));
        assert!(cut("짧은 글", 14.0, false, 60.0, 3).is_none());
    }

    #[test]
    fn a_long_table_continues_with_its_header_and_no_lone_total() {
        let grid = Grid::new(300.0, &[1, 1], 13.0);
        let rows: Vec<Vec<Cell>> = (0..30)
            .map(|i| cells(&[&format!("기관 {i}"), "1"]))
            .collect();
        let row_h = grid.row_height(&rows[0], false);
        // Room for the header and exactly ten rows on each slide.
        let room = grid.row_height(&cells(&["a", "b"]), true) + 10.0 * row_h + 0.01;
        let mut rows = rows;
        rows.push(cells(&["합계", "30"]));
        let parts = paginate(&grid, cells(&["기관명", "값"]), rows, room, room, true);
        assert_eq!(parts.len(), 4);
        for p in &parts {
            assert_eq!(p.rows[0][0].text, "기관명");
            assert!(p.height() <= room);
        }
        let last = parts.last().unwrap();
        assert_eq!(last.rows.len(), 3, "합계 with the row before it");
        assert_eq!(last.rows[2][0].text, "합계");
    }

    #[test]
    fn a_row_taller_than_a_slide_is_cut_and_kept_whole_for_the_notes() {
        let grid = Grid::new(300.0, &[22, 78], 14.0);
        let long = "가나다라 ".repeat(600);
        let parts = paginate(
            &grid,
            cells(&["구분", "내용"]),
            vec![cells(&["사업 요약", &long])],
            140.0,
            140.0,
            false,
        );
        assert_eq!(parts.len(), 1);
        assert!(parts[0].height() <= 140.0);
        assert_eq!(parts[0].cut, [format!("사업 요약: {long}")]);
        assert!(parts[0].rows[1][1].text.ends_with('…'));
    }
}
