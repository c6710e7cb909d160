//! Korean official number and date formats (FORMS.md conventions). Pure functions; the
//! Handlebars helpers in `helpers.rs` are thin wrappers around these.

use crate::figures::Ratio;
use crate::model::{Date, Period, ValueError};

/// `6,300,000,000`; negative amounts keep their minus sign (`-184,000,000`).
pub fn won(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

const DIGITS: [&str; 10] = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];
const SMALL_UNITS: [&str; 4] = ["", "십", "백", "천"];
const BIG_UNITS: [&str; 5] = ["", "만", "억", "조", "경"];

/// The Korean reading of an amount as written on official documents: every non-zero digit
/// with its position word, `일` kept before 십/백/천/만/억/조, no spaces, zeros skipped.
/// `14,000,000,000` → `일백사십억`; `0` → `영`; a negative amount starts with `마이너스`.
pub fn won_words(v: i64) -> String {
    if v == 0 {
        return "영".to_string();
    }
    let mut n = v.unsigned_abs();
    let mut groups = Vec::new();
    while n > 0 {
        groups.push((n % 10_000) as usize);
        n /= 10_000;
    }
    let mut out = String::new();
    if v < 0 {
        out.push_str("마이너스");
    }
    for (gi, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            continue;
        }
        let ds = [g / 1000, (g / 100) % 10, (g / 10) % 10, g % 10];
        for (pos, d) in ds.iter().enumerate() {
            if *d == 0 {
                continue;
            }
            out.push_str(DIGITS[*d]);
            out.push_str(SMALL_UNITS[3 - pos]);
        }
        out.push_str(BIG_UNITS[gi]);
    }
    out
}

/// `금6,300,000,000원(금육십삼억원)`.
pub fn amount(v: i64) -> String {
    format!("금{}원(금{}원)", won(v), won_words(v))
}

/// [`amount`], or `없음` for nothing: a share a member does not bear is not "금0원(금영원)".
pub fn amount_or_none(v: i64) -> String {
    if v == 0 {
        "없음".to_string()
    } else {
        amount(v)
    }
}

/// `2026-03-09` → `2026. 3. 9.`
pub fn date(iso: &str) -> Result<String, ValueError> {
    Date::parse_iso(iso).map(|d| d.official())
}

/// `2026-03-10` → `2026. 3. 10.(화)`
pub fn date_wd(iso: &str) -> Result<String, ValueError> {
    Date::parse_iso(iso).map(|d| d.official_weekday())
}

/// `2026. 4. 1. ~ 2027. 12. 31.`
pub fn period(start: &str, end: &str) -> Result<String, ValueError> {
    Ok(format!("{} ~ {}", date(start)?, date(end)?))
}

/// A period as printed.
pub fn period_of(p: &Period) -> String {
    format!("{} ~ {}", p.start.official(), p.end.official())
}

/// `26.36%`: the exact fraction, rounded half up to two decimals for display only.
pub fn percent(num: i64, den: i64) -> String {
    Ratio::new(num, den).percent()
}

/// ☑ or ☐.
pub fn check(b: bool) -> &'static str {
    if b {
        "☑"
    } else {
        "☐"
    }
}

/// `word` followed by the right particle of a pair (`이`/`가`, `은`/`는`, `을`/`를`, `과`/`와`),
/// chosen by whether the last syllable as read aloud has a final consonant: `과제명이`,
/// `사업 개요가`, `2026. 3. 11.은` (십일), `23,900,000,000이` (억), `58.66%가` (퍼센트).
/// Trailing quotes, brackets and dots are skipped; when the reading cannot be told (a Latin
/// word), both are written: `dutx이(가)`.
pub fn josa(word: &str, with_final: &str, without_final: &str) -> String {
    let last = word
        .chars()
        .rev()
        .find(|c| c.is_alphanumeric() || ('가'..='힣').contains(c) || *c == '%');
    let has_final = match last {
        // 퍼센트
        Some('%') => Some(false),
        Some(c @ '가'..='힣') => Some(!(c as u32 - 0xAC00).is_multiple_of(28)),
        // 영(십·백·천·만·억), 일, 이, 삼, 사, 오, 육, 칠, 팔, 구
        Some(c @ '0'..='9') => Some(matches!(c, '0' | '1' | '3' | '6' | '7' | '8')),
        _ => None,
    };
    match has_final {
        Some(true) => format!("{word}{with_final}"),
        Some(false) => format!("{word}{without_final}"),
        None => format!("{word}{with_final}({without_final})"),
    }
}

/// The key figures as one Korean line, as `check` and the web page print them:
/// `총사업비 23,900,000,000원 (국비 14,000,000,000원 58.58%, 지방비 …; 지방비+민간 41.42%)`.
pub fn key_figures(f: &crate::figures::Figures) -> String {
    format!(
        "총사업비 {}원 (국비 {}원 {}, 지방비 {}원 {}, 민간부담금 {}원 {}; 지방비+민간 {})",
        won(f.total.total()),
        won(f.total.national),
        f.national_ratio.percent(),
        won(f.total.local),
        f.local_ratio.percent(),
        won(f.total.private()),
        f.private_ratio.percent(),
        f.matching_ratio.percent()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_follow_the_reading() {
        assert_eq!(josa("과제명", "이", "가"), "과제명이");
        assert_eq!(josa("사업 개요", "이", "가"), "사업 개요가");
        assert_eq!(josa("2026. 3. 11.", "은", "는"), "2026. 3. 11.은");
        assert_eq!(josa("2026. 3. 9.", "은", "는"), "2026. 3. 9.는");
        assert_eq!(
            josa("\"23,900,000,000\"", "이", "가"),
            "\"23,900,000,000\"이"
        );
        assert_eq!(josa("`장비비`", "은", "는"), "`장비비`는");
        assert_eq!(josa("`dutx`", "이", "가"), "`dutx`이(가)");
        assert_eq!(josa("한국AI융합연구원", "은", "는"), "한국AI융합연구원은");
        assert_eq!(josa("\"58.66%\"", "이", "가"), "\"58.66%\"가");
        assert_eq!(josa("26.30%", "은", "는"), "26.30%는");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(won(0), "0");
        assert_eq!(won(999), "999");
        assert_eq!(won(1000), "1,000");
        assert_eq!(won(6_300_000_000), "6,300,000,000");
        assert_eq!(won(-184_000_000), "-184,000,000");
        assert_eq!(won(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn number_words_vectors_from_forms_md() {
        assert_eq!(won_words(14_000_000_000), "일백사십억");
        assert_eq!(won_words(1_000_010_000), "일십억일만");
        assert_eq!(won_words(113_560), "일십일만삼천오백육십");
        assert_eq!(won_words(6_300_000_000), "육십삼억");
        assert_eq!(won_words(0), "영");
        assert_eq!(won_words(1), "일");
        assert_eq!(won_words(10), "일십");
        assert_eq!(won_words(10_000), "일만");
        assert_eq!(won_words(100_000_000), "일억");
        assert_eq!(won_words(1_000_000_000_000), "일조");
        assert_eq!(won_words(23_900_000_000), "이백삼십구억");
        assert_eq!(won_words(2_800_000_000), "이십팔억");
        assert_eq!(won_words(850_000_000), "팔억오천만");
        assert_eq!(won_words(100_000_001), "일억일");
        assert_eq!(won_words(-5), "마이너스오");
        assert!(won_words(i64::MAX).starts_with("구백이십이경"));
    }

    #[test]
    fn amount_in_sentence() {
        assert_eq!(amount(6_300_000_000), "금6,300,000,000원(금육십삼억원)");
        assert_eq!(amount(0), "금0원(금영원)");
        assert_eq!(amount_or_none(0), "없음");
        assert_eq!(amount_or_none(5_000), amount(5_000));
    }

    #[test]
    fn dates_and_periods() {
        assert_eq!(date("2026-03-09").unwrap(), "2026. 3. 9.");
        assert_eq!(date("2026-12-31").unwrap(), "2026. 12. 31.");
        assert_eq!(date_wd("2026-03-10").unwrap(), "2026. 3. 10.(화)");
        assert_eq!(date_wd("2026-05-29").unwrap(), "2026. 5. 29.(금)");
        assert_eq!(
            period("2026-04-01", "2027-12-31").unwrap(),
            "2026. 4. 1. ~ 2027. 12. 31."
        );
        assert!(date("2026-02-30").is_err());
        assert!(date("[미입력]").is_err());
    }

    #[test]
    fn percent_rounds_half_up_for_display_only() {
        assert_eq!(percent(6_300_000_000, 23_900_000_000), "26.36%");
        assert_eq!(percent(9_900_000_000, 23_900_000_000), "41.42%");
        assert_eq!(percent(1, 8), "12.50%");
        // 1/800 = 0.125 % → 0.13 % (half up), 1/1600 = 0.0625 % → 0.06 %
        assert_eq!(percent(1, 800), "0.13%");
        assert_eq!(percent(1, 1600), "0.06%");
        assert_eq!(percent(19_999, 100_000), "20.00%");
        assert_eq!(percent(5, 0), "-");
        assert_eq!(percent(1, 1), "100.00%");
    }

    #[test]
    fn check_boxes() {
        assert_eq!(check(true), "☑");
        assert_eq!(check(false), "☐");
    }
}
