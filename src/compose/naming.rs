//! File stems: `04_참여의사확인서_<기관명>` with the name made safe for every file system.

/// At most this many characters of an institution's name go into a file name …
pub const MAX_NAME_CHARS: usize = 80;
/// … and at most this many UTF-8 bytes (Korean takes 3 a character; file names are limited to
/// 255 bytes on most file systems, and the stem still gets a prefix, maybe `_<id>`, and `.docx`).
pub const MAX_NAME_BYTES: usize = 150;

/// Make a display name safe as part of a file name on Windows, macOS and Linux: no
/// `/ \ : * ? " < > |` or control characters (each becomes `_`), white space collapsed to one
/// space, no leading or trailing dots or spaces, bounded length. Never empty: `fallback`
/// (an id, already safe) is used when nothing is left.
pub fn safe_name(name: &str, fallback: &str) -> String {
    let mut s = String::with_capacity(name.len());
    let mut last_space = false;
    for c in name.chars() {
        let c = match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c if c.is_whitespace() => ' ',
            // Unicode look-alikes of separators some tools normalise to `/` or `\`.
            '\u{2215}' | '\u{2044}' | '\u{29F8}' | '\u{FF0F}' | '\u{FF3C}' => '_',
            c => c,
        };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        s.push(c);
    }
    let mut out = String::new();
    for (i, c) in trim_ends(&s).chars().enumerate() {
        if i >= MAX_NAME_CHARS || out.len() + c.len_utf8() > MAX_NAME_BYTES {
            break;
        }
        out.push(c);
    }
    let out = trim_ends(&out).to_string();
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

fn trim_ends(s: &str) -> &str {
    s.trim_matches(|c: char| c == '.' || c == ' ')
}

/// Stems for one per-member document kind: `prefix_<safe name>`; members whose safe names
/// collide (case-insensitively, as on Windows and macOS) get `_<id>` appended, all of them.
pub fn member_stems(prefix: &str, members: &[(&str, &str)]) -> Vec<String> {
    let safe: Vec<String> = members
        .iter()
        .map(|(id, name)| safe_name(name, id))
        .collect();
    // How many members share each case-folded name (once each: 60 members are 60 foldings,
    // not 3,600).
    let keys: Vec<String> = safe.iter().map(|s| s.to_lowercase()).collect();
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for k in &keys {
        *count.entry(k).or_default() += 1;
    }
    safe.iter()
        .zip(members)
        .zip(&keys)
        .map(|((s, (id, _)), key)| {
            let clash = count[key.as_str()] > 1;
            if clash {
                format!("{prefix}_{s}_{id}")
            } else {
                format!("{prefix}_{s}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_are_kept() {
        assert_eq!(
            safe_name("재단법인 한빛테크노파크", "x"),
            "재단법인 한빛테크노파크"
        );
        assert_eq!(safe_name("(주)누리 A.I.", "x"), "(주)누리 A.I");
    }

    #[test]
    fn separators_and_reserved_characters_are_replaced() {
        let s = safe_name("../../x", "id");
        assert!(!s.contains('/') && !s.contains('\\'));
        assert!(!s.starts_with('.'));
        assert_eq!(s, "_.._x");
        assert_eq!(safe_name("a\\b:c*d?e\"f<g>h|i", "id"), "a_b_c_d_e_f_g_h_i");
        assert_eq!(safe_name("a\u{0}b\u{1b}c\nd", "id"), "a_b_c_d");
        assert_eq!(safe_name("  . 이름 .  ", "id"), "이름");
        assert_eq!(safe_name("a    b", "id"), "a b");
        assert_eq!(safe_name("..", "fallback"), "fallback");
        assert_eq!(safe_name("", "fallback"), "fallback");
        assert_eq!(safe_name("</p><table>", "id"), "__p__table_");
    }

    #[test]
    fn length_is_bounded() {
        let long = "가".repeat(500);
        let s = safe_name(&long, "id");
        assert!(s.len() <= MAX_NAME_BYTES);
        assert_eq!(s.chars().count(), MAX_NAME_BYTES / 3);
        let s = safe_name(&"a".repeat(500), "id");
        assert_eq!(s.len(), MAX_NAME_CHARS);
        // A name cut just before a dot does not end with it.
        let s = safe_name(&format!("{}.{}", "a".repeat(79), "b".repeat(10)), "id");
        assert_eq!(s, "a".repeat(79));
    }

    #[test]
    fn colliding_names_get_their_ids() {
        let stems = member_stems(
            "04_참여의사확인서",
            &[("a", "한빛/AI"), ("b", "한빛:AI"), ("c", "다온")],
        );
        assert_eq!(
            stems,
            [
                "04_참여의사확인서_한빛_AI_a",
                "04_참여의사확인서_한빛_AI_b",
                "04_참여의사확인서_다온"
            ]
        );
        let stems = member_stems("05", &[("a", "ABC"), ("b", "abc")]);
        assert_eq!(stems, ["05_ABC_a", "05_abc_b"]);
    }
}
