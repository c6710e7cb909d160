//! Unit conversions: millimetres and points to HWPUNIT (1/7200 inch).

/// HWPUNIT in one millimetre.
const HWP_PER_MM: f64 = 7200.0 / 25.4;

/// Clamp a length from the model to something finite and non-negative.
fn sane(mm: f32, max: f32) -> f64 {
    if mm.is_finite() {
        f64::from(mm.clamp(0.0, max))
    } else {
        0.0
    }
}

/// Millimetres to HWPUNIT, clamped to 0..=1 m.
pub(crate) fn hwp(mm: f32) -> i64 {
    (sane(mm, 1000.0) * HWP_PER_MM).round() as i64
}

/// Millimetres to HWPUNIT, either sign, clamped to ±1 m; 0 for a non-finite length.
pub(crate) fn hwp_signed(mm: f32) -> i64 {
    if mm.is_finite() {
        (f64::from(mm.clamp(-1000.0, 1000.0)) * HWP_PER_MM).round() as i64
    } else {
        0
    }
}

/// A font size in points as `charPr@height` (1/100 pt), at least 1 pt and at most 200 pt;
/// a non-finite size gives the body size.
pub(crate) fn char_height(pt: f32) -> u32 {
    let pt = if pt.is_finite() {
        pt.clamp(1.0, 200.0)
    } else {
        crate::style::BODY_SIZE
    };
    (pt * 100.0).round() as u32
}

/// Points to HWPUNIT (1 pt = 100).
pub(crate) fn pt(pt: f32) -> i64 {
    i64::from(char_height(pt))
}

/// Scale relative widths to `total`. Missing, zero or non-finite widths take the average of
/// the valid ones; the last column absorbs rounding so the sum is exact. (The DOCX
/// backend's rule, in HWPUNIT.)
pub(crate) fn column_widths(rel: &[f32], cols: usize, total: i64) -> Vec<i64> {
    if cols == 0 {
        return Vec::new();
    }
    let valid: Vec<f64> = rel
        .iter()
        .copied()
        .filter(|w| w.is_finite() && *w > 0.0)
        .map(f64::from)
        .collect();
    let fallback = if valid.is_empty() {
        1.0
    } else {
        valid.iter().sum::<f64>() / valid.len() as f64
    };
    let ws: Vec<f64> = (0..cols)
        .map(|i| match rel.get(i) {
            Some(&w) if w.is_finite() && w > 0.0 => f64::from(w),
            _ => fallback,
        })
        .collect();
    let sum: f64 = ws.iter().sum();
    let mut out: Vec<i64> = ws
        .iter()
        .map(|w| ((w / sum) * total as f64).floor() as i64)
        .collect();
    let used: i64 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += (total - used).max(0);
    }
    out
}

/// Fit `w × h` into `max_w × max_h` keeping the aspect ratio; never enlarges. A size that is
/// not usable becomes 1 mm.
pub(crate) fn fit(w: f32, h: f32, max_w: f32, max_h: f32) -> (f32, f32) {
    let finite = |v: f32| if v.is_finite() && v > 0.0 { v } else { 1.0 };
    let (w, h) = (finite(w), finite(h));
    let k = (max_w / w).min(max_h / h).min(1.0);
    (w * k, h * k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_in_hwpunit() {
        assert_eq!(hwp(210.0), 59528);
        assert_eq!(hwp(20.0), 5669);
        assert_eq!(hwp(-3.0), 0);
        assert_eq!(hwp(f32::NAN), 0);
        assert_eq!(hwp_signed(-4.0), -1134);
        assert_eq!(hwp_signed(f32::NEG_INFINITY), 0);
        assert_eq!(char_height(10.5), 1050);
        assert_eq!(char_height(0.0), 100);
        assert_eq!(char_height(f32::INFINITY), 1050);
    }

    #[test]
    fn widths_scale_to_the_exact_total() {
        let w = column_widths(&[20.0, 30.0, 50.0], 3, 48189);
        assert_eq!(w.iter().sum::<i64>(), 48189);
        assert_eq!(w[0], 9637);
        assert_eq!(column_widths(&[1.0, f32::NAN], 3, 300), vec![100, 100, 100]);
        assert_eq!(column_widths(&[], 2, 101), vec![50, 51]);
        assert!(column_widths(&[1.0], 0, 100).is_empty());
    }

    #[test]
    fn fit_keeps_the_ratio() {
        assert_eq!(fit(100.0, 50.0, 50.0, 100.0), (50.0, 25.0));
        assert_eq!(fit(10.0, 10.0, 50.0, 50.0), (10.0, 10.0));
        assert_eq!(fit(f32::NAN, 0.0, 50.0, 50.0), (1.0, 1.0));
    }
}
