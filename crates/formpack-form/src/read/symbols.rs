//! Characters of a symbol font's private range (한글 and Word write Wingdings bullets and
//! boxes as U+F0xx) as the Unicode characters they draw.

/// The Unicode character a Wingdings code (its low byte) draws, for the bullets and boxes
/// forms use; `None` for others.
pub(crate) fn wingdings(low: u32) -> Option<char> {
    Some(match low {
        0x6C => '●',
        0x6D => '❍',
        0x6E => '■',
        0x6F | 0xA8 => '□',
        0x70 => '◻',
        0x71 => '❑',
        0x72 => '❒',
        0x75 | 0x77 => '◆',
        0x76 => '❖',
        0x9F | 0xB7 => '•',
        0xA7 => '▪',
        0xD8 => '➢',
        0xE0 | 0xE8 => '➔',
        0xF0 => '⇨',
        0xFB => '✗',
        0xFC => '✓',
        0xFD => '☒',
        0xFE => '☑',
        _ => return None,
    })
}

/// `c` with a private-range symbol (U+F000–U+F0FF) drawn as its Unicode character when it is
/// one of [`wingdings`]'s.
pub(crate) fn unprivate(c: char) -> char {
    match c as u32 {
        code @ 0xF000..=0xF0FF => wingdings(code & 0xFF).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_boxes_map() {
        assert_eq!(unprivate('\u{f06d}'), '❍');
        assert_eq!(unprivate('\u{f0fe}'), '☑');
        assert_eq!(unprivate('\u{f0ff}'), '\u{f0ff}');
        assert_eq!(unprivate('가'), '가');
    }
}
