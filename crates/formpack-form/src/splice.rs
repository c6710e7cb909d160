//! Edits as splices into a part's original text: everything outside them stays byte for byte.

use std::ops::Range;

use crate::error::{plan, Error};

/// One edit: replace `range` of the original with `text`.
#[derive(Debug, Clone)]
pub(crate) struct Splice {
    range: Range<usize>,
    text: String,
    /// A removal of a layout cache that may fall inside a larger edit (then it is dropped).
    weak: bool,
}

/// The edits of one part.
#[derive(Debug, Default, Clone)]
pub(crate) struct Splices(Vec<Splice>);

impl Splices {
    /// Replace `range` with `text`.
    pub(crate) fn replace(&mut self, range: Range<usize>, text: impl Into<String>) {
        self.0.push(Splice {
            range,
            text: text.into(),
            weak: false,
        });
    }

    /// Remove `range` unless a larger edit covers it already.
    pub(crate) fn remove_weak(&mut self, range: Range<usize>) {
        self.0.push(Splice {
            range,
            text: String::new(),
            weak: true,
        });
    }

    /// The ranges every edit touches.
    pub(crate) fn ranges(&self) -> Vec<Range<usize>> {
        self.0.iter().map(|s| s.range.clone()).collect()
    }

    /// The edits that start before `end`, and the rest.
    pub(crate) fn split_at(self, end: usize) -> (Splices, Splices) {
        let (a, b) = self.0.into_iter().partition(|s| s.range.start < end);
        (Splices(a), Splices(b))
    }

    /// Nothing to change.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.iter().all(|s| s.weak) || self.0.is_empty()
    }

    /// `src[range]` with the edits (all inside `range`) applied: a block of rows cloned with
    /// its own edits.
    pub(crate) fn apply_within(self, src: &str, range: Range<usize>) -> Result<String, Error> {
        let base = range.start;
        let shifted = Splices(
            self.0
                .into_iter()
                .map(|s| Splice {
                    range: s.range.start - base..s.range.end - base,
                    ..s
                })
                .collect(),
        );
        shifted.apply(&src[range])
    }

    /// The original with every edit applied. Two edits of one place are a plan error.
    pub(crate) fn apply(mut self, src: &str) -> Result<String, Error> {
        self.0
            .sort_by(|a, b| (a.range.start, b.range.end).cmp(&(b.range.start, a.range.end)));
        let mut kept: Vec<Splice> = Vec::with_capacity(self.0.len());
        for s in self.0 {
            if let Some(last) = kept.last() {
                let inside = s.range.start >= last.range.start && s.range.end <= last.range.end;
                if s.range.start < last.range.end || (inside && s.range != last.range) {
                    if s.weak && inside {
                        continue;
                    }
                    if last.weak && s.range == last.range && s.weak {
                        continue;
                    }
                    return Err(plan(
                        "한 곳을 두 번 채우려 합니다: 맵에서 같은 칸을 가리키는 항목을 하나만 남기십시오",
                    ));
                }
                if s.weak && last.weak && s.range == last.range {
                    continue;
                }
            }
            kept.push(s);
        }
        let mut out = String::with_capacity(src.len() + 1024);
        let mut at = 0;
        for s in &kept {
            out.push_str(&src[at..s.range.start]);
            out.push_str(&s.text);
            at = s.range.end;
        }
        out.push_str(&src[at..]);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_apply_in_order_and_weak_ones_inside_are_dropped() {
        let src = "abcdefghij";
        let mut s = Splices::default();
        s.replace(7..9, "XY");
        s.replace(1..4, "-");
        s.remove_weak(2..3);
        s.remove_weak(9..10);
        s.remove_weak(9..10);
        assert_eq!(s.apply(src).unwrap(), "a-efgXY");
    }

    #[test]
    fn two_fills_of_one_place_are_refused() {
        let mut s = Splices::default();
        s.replace(1..4, "a");
        s.replace(2..5, "b");
        assert!(s.apply("abcdefg").is_err());
    }
}
