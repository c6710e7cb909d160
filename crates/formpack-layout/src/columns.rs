//! Where a table's columns fall. A table with saved geometry (a form read back, `width`
//! set) keeps its widths exactly; a table of relative widths first gives each column the
//! room its longest unbreakable word needs, then shares the rest by the relative widths.

use formpack_doc::grid::Grid;
use formpack_doc::{Align, Slot, Table};

use crate::flow::{finite, paragraph_min_width, Flow};
use crate::frame::mm;
use crate::pads::Pads;

/// At most this share of the table's width goes to one column's longest word.
const MAX_MIN_SHARE: f32 = 0.5;

impl Flow<'_> {
    /// Each column's least width for a table of relative widths (the widest word of its
    /// one-column cells, with their padding); none for a table with saved geometry.
    pub(crate) fn column_mins(&self, t: &Table, grid: &Grid) -> Vec<f32> {
        if t.width.is_some() {
            return Vec::new();
        }
        let mut mins = vec![0f32; grid.cols];
        for (r, line) in grid.slots.iter().enumerate() {
            for (c, slot) in line.iter().enumerate() {
                let Slot::Origin(cell) = slot else { continue };
                if grid.span(r, c).0 != 1 {
                    continue;
                }
                let face = cell.shade.then_some(formpack_doc::style::LABEL_FACE);
                let pads = Pads::of(cell);
                let words = cell
                    .paragraphs
                    .iter()
                    .map(|p| paragraph_min_width(self.fonts, p, face));
                let need = words.fold(0f32, f32::max) + pads.l + pads.r;
                mins[c] = mins[c].max(need);
            }
        }
        mins
    }
}

/// Where the table's columns fall: the left edge of each column and the right edge of the
/// last, relative to the content box. `mins` are the columns' least widths (none for a
/// table with saved geometry).
pub(crate) fn column_edges(t: &Table, cols: usize, content: f32, mins: &[f32]) -> Vec<f32> {
    let rel = relative(t, cols);
    let width = match t.width {
        Some(w) if w.is_finite() && w > 0.0 => mm(w).min(content * 3.0),
        _ => content,
    };
    let left = match t.align {
        Align::Left | Align::Justify => finite(mm(t.indent)).min(content),
        Align::Center => (content - width) / 2.0,
        Align::Right => content - width,
    };
    let widths = fit_mins(&rel, width, mins);
    let mut xs = vec![left; cols + 1];
    for i in 0..cols {
        xs[i + 1] = xs[i] + widths[i];
    }
    xs
}

/// The relative widths of `cols` columns: the table's, a missing or bad one the average.
fn relative(t: &Table, cols: usize) -> Vec<f32> {
    let good: Vec<f32> = t
        .widths
        .iter()
        .copied()
        .filter(|w| w.is_finite() && *w > 0.0)
        .collect();
    let avg = if good.is_empty() {
        1.0
    } else {
        good.iter().sum::<f32>() / good.len() as f32
    };
    (0..cols)
        .map(|i| match t.widths.get(i) {
            Some(w) if w.is_finite() && *w > 0.0 => *w,
            _ => avg,
        })
        .collect()
}

/// Widths summing to `width` in the proportions `rel`, except that a column below its
/// least width gets that width and the others share what remains. When the least widths
/// alone exceed the table, the columns take them in proportion.
fn fit_mins(rel: &[f32], width: f32, mins: &[f32]) -> Vec<f32> {
    let min = |i: usize| mins.get(i).map_or(0.0, |m| m.min(width * MAX_MIN_SHARE));
    let mut fixed = vec![false; rel.len()];
    loop {
        let taken: f32 = (0..rel.len()).filter(|&i| fixed[i]).map(min).sum();
        let free: f32 = (0..rel.len()).filter(|&i| !fixed[i]).map(|i| rel[i]).sum();
        if taken > width {
            let all: f32 = (0..rel.len()).map(min).sum();
            return (0..rel.len()).map(|i| min(i) / all * width).collect();
        }
        let share = |i: usize| rel[i] / free * (width - taken);
        let short: Vec<usize> = (0..rel.len())
            .filter(|&i| !fixed[i] && share(i) < min(i))
            .collect();
        if short.is_empty() {
            return (0..rel.len())
                .map(|i| if fixed[i] { min(i) } else { share(i) })
                .collect();
        }
        for i in short {
            fixed[i] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fit_mins;

    #[test]
    fn without_mins_the_widths_are_the_proportions() {
        let w = fit_mins(&[1.0, 3.0], 100.0, &[]);
        assert_eq!(w, [25.0, 75.0]);
    }

    #[test]
    fn a_column_below_its_word_grows_and_the_others_share_the_rest() {
        let w = fit_mins(&[6.0, 47.0, 47.0], 100.0, &[20.0, 0.0, 10.0]);
        assert!((w[0] - 20.0).abs() < 1e-4, "{w:?}");
        assert!(
            (w[1] - 40.0).abs() < 1e-4 && (w[2] - 40.0).abs() < 1e-4,
            "{w:?}"
        );
    }

    #[test]
    fn mins_beyond_the_table_are_shared_in_proportion() {
        let w = fit_mins(&[1.0, 1.0], 100.0, &[45.0, 90.0]);
        // 90 is capped at half the table.
        assert!(
            (w[0] - 50.0).abs() < 1e-3 && (w[1] - 50.0).abs() < 1e-3,
            "{w:?}"
        );
        let w = fit_mins(&[1.0, 1.0, 1.0], 90.0, &[40.0, 40.0, 40.0]);
        assert!(w.iter().all(|x| (x - 30.0).abs() < 1e-3), "{w:?}");
    }
}
