//! Unit conversions: millimetres and points to the units OOXML wants.

/// Twips (1/20 pt) in one millimetre.
const TWIPS_PER_MM: f32 = 1440.0 / 25.4;
/// English Metric Units in one millimetre.
const EMU_PER_MM: f32 = 36_000.0;

/// Clamp a length from the model to something finite and non-negative.
fn sane(mm: f32, max: f32) -> f32 {
    if mm.is_finite() {
        mm.clamp(0.0, max)
    } else {
        0.0
    }
}

/// Millimetres to twips, clamped to 0..=1 m.
pub(crate) fn twips(mm: f32) -> u32 {
    (sane(mm, 1000.0) * TWIPS_PER_MM).round() as u32
}

/// Millimetres to twips, either sign, clamped to ±1 m; 0 for a non-finite length.
pub(crate) fn signed_twips(mm: f32) -> i32 {
    if mm.is_finite() {
        (mm.clamp(-1000.0, 1000.0) * TWIPS_PER_MM).round() as i32
    } else {
        0
    }
}

/// Millimetres to EMU, clamped to 0..=1 m.
pub(crate) fn emu(mm: f32) -> u32 {
    (sane(mm, 1000.0) * EMU_PER_MM).round() as u32
}

/// Points to eighths of a point (`w:sz` of a border), at least 2 (¼ pt), at most 96 (12 pt).
pub(crate) fn eighth_points(pt: f32) -> usize {
    let pt = if pt.is_finite() { pt } else { 0.5 };
    ((pt * 8.0).round() as usize).clamp(2, 96)
}

/// Points to half-points (`w:sz`), at least 1 pt and at most 200 pt.
pub(crate) fn half_points(pt: f32) -> usize {
    let pt = if pt.is_finite() {
        pt.clamp(1.0, 200.0)
    } else {
        10.5
    };
    (pt * 2.0).round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(twips(210.0), 11906);
        assert_eq!(twips(297.0), 16838);
        assert_eq!(twips(-3.0), 0);
        assert_eq!(twips(f32::NAN), 0);
        assert_eq!(signed_twips(-5.0), -283);
        assert_eq!(signed_twips(f32::INFINITY), 0);
        assert_eq!(half_points(10.5), 21);
        assert_eq!(half_points(9.5), 19);
        assert_eq!(half_points(0.0), 2);
        assert_eq!(emu(1.0), 36_000);
        assert_eq!(eighth_points(0.5), 4);
    }
}
