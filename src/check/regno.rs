//! 사업자등록번호 and 법인등록번호 check digits.

/// The digits of `s` if it is `pattern` (`d` a digit, `-` a hyphen) or the same digits without
/// hyphens.
fn digits(s: &str, pattern: &str) -> Option<Vec<u32>> {
    let s = s.trim();
    let n = pattern.bytes().filter(|b| *b == b'd').count();
    let plain = s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let shaped = s.len() == pattern.len()
        && s.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
            b'd' => c.is_ascii_digit(),
            _ => c == p,
        });
    (plain || shaped).then(|| {
        s.bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| u32::from(b - b'0'))
            .collect()
    })
}

/// 사업자등록번호 (also 고유번호) `ddd-dd-ddddd`: weights 1,3,7,1,3,7,1,3,5 over the first nine
/// digits plus ⌊d9 × 5 / 10⌋; check = (10 − sum mod 10) mod 10.
pub fn registration_no_valid(s: &str) -> bool {
    digits(s, "ddd-dd-ddddd").is_some_and(|d| registration_check_digit(&d[..9]) == d[9])
}

/// The check digit of a 사업자등록번호 from its first nine digits.
pub fn registration_check_digit(first9: &[u32]) -> u32 {
    const W: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let sum: u32 = first9.iter().zip(W).map(|(a, w)| a * w).sum::<u32>() + first9[8] * 5 / 10;
    (10 - sum % 10) % 10
}

/// 법인등록번호 `dddddd-ddddddd`: weights 1,2,1,2,… over the first twelve digits (products
/// added as they are); check = (10 − sum mod 10) mod 10.
pub fn corporate_no_valid(s: &str) -> bool {
    digits(s, "dddddd-ddddddd").is_some_and(|d| corporate_check_digit(&d[..12]) == d[12])
}

/// The check digit of a 법인등록번호 from its first twelve digits.
pub fn corporate_check_digit(first12: &[u32]) -> u32 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, a)| a * if i % 2 == 0 { 1 } else { 2 })
        .sum();
    (10 - sum % 10) % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_vectors() {
        for ok in [
            "124-81-00998",
            "220-81-62517",
            "1248100998",
            "305-83-01232",
            "314-82-04560",
            "305-82-07898",
            "314-82-03218",
            "305-82-16548",
            "314-81-09874",
            "305-81-12341",
        ] {
            assert!(registration_no_valid(ok), "{ok}");
        }
        for bad in [
            "138-81-00001",
            "124-81-00997",
            "124-8100998",
            "124-81-0099",
            "",
            "abc-de-fghij",
            "١٢٤-٨١-٠٠٩٩٨",
        ] {
            assert!(!registration_no_valid(bad), "{bad}");
        }
    }

    #[test]
    fn corporate_vectors() {
        for ok in [
            "110111-0062432",
            "1101110062432",
            "160171-0001236",
            "160111-0004567",
            "160171-0007896",
            "160111-0023450",
            "160111-0098768",
        ] {
            assert!(corporate_no_valid(ok), "{ok}");
        }
        for bad in ["110111-0062433", "110111-006243", "11011-10062432", "x"] {
            assert!(!corporate_no_valid(bad), "{bad}");
        }
    }
}
