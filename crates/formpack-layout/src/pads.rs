//! A cell's padding: the table style's, or the cell's own.

use formpack_doc::{style, Cell};

use crate::flow::finite;
use crate::frame::{mm, PT_PER_MM};

/// Space between a cell's border and its text, points.
pub(crate) const CELL_PAD_X: f32 = style::CELL_PADDING_X * PT_PER_MM;
/// Space between a cell's border and its text, top and bottom, points.
pub(crate) const CELL_PAD_Y: f32 = style::CELL_PADDING_Y * PT_PER_MM;

/// A cell's padding in points: left, right, top, bottom.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pads {
    pub l: f32,
    pub r: f32,
    pub t: f32,
    pub b: f32,
}

impl Pads {
    pub(crate) fn of(cell: &Cell) -> Pads {
        match cell.padding {
            None => Pads {
                l: CELL_PAD_X,
                r: CELL_PAD_X,
                t: CELL_PAD_Y,
                b: CELL_PAD_Y,
            },
            Some(p) => {
                let f = |v: f32| finite(mm(v)).min(mm(50.0));
                Pads {
                    l: f(p.left),
                    r: f(p.right),
                    t: f(p.top),
                    b: f(p.bottom),
                }
            }
        }
    }
}
