//! One cell → a JSON value of its column's [type](Ty): the number, date, boolean and text rules
//! of the reader.

use std::fmt;

use calamine::Data;
use serde_json::Value;

use crate::model::Date;
use crate::workbook::schema::Ty;

/// Why a cell does not hold a value of its type. Its `Display` is the Korean message the
/// diagnostic carries (after the cell and header).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum CellError {
    /// The cell holds an Excel error (`#DIV/0!`).
    ErrorValue(String),
    /// A date cell in a text column that is not a date of the calendar.
    UnreadableDate(String),
    /// An id or list cell holding something other than text.
    NotText(String),
    /// A number with a fractional part in a whole-number column.
    Fraction { shown: String, money: bool },
    /// A number too large to be held exactly.
    TooLarge(String),
    /// Anything else in a whole-number column.
    NotWhole { shown: String, money: bool },
    /// Not an Excel date nor an ISO date.
    NotDate(String),
    /// Not 예/아니오 nor a boolean.
    NotBool(String),
}

fn whole_rule(money: bool) -> &'static str {
    if money {
        "금액은 원 단위 정수여야 합니다"
    } else {
        "정수여야 합니다"
    }
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellError::ErrorValue(e) => write!(f, "셀이 오류 값({e})입니다"),
            CellError::UnreadableDate(s) => write!(f, "날짜 ‘{s}’를 읽을 수 없습니다"),
            CellError::NotText(s) => write!(f, "‘{s}’: 글자여야 합니다"),
            CellError::Fraction { shown, money } => write!(
                f,
                "‘{shown}’: {} (소수점 아래 값은 쓸 수 없습니다)",
                whole_rule(*money)
            ),
            CellError::TooLarge(s) => write!(f, "‘{s}’: 너무 큰 수입니다"),
            CellError::NotWhole { shown, money } => write!(f, "‘{shown}’: {}", whole_rule(*money)),
            CellError::NotDate(s) => write!(
                f,
                "‘{s}’: 날짜는 엑셀 날짜나 YYYY-MM-DD 형식의 실제 날짜여야 합니다"
            ),
            CellError::NotBool(s) => write!(f, "‘{s}’: 예 또는 아니오여야 합니다"),
        }
    }
}

impl std::error::Error for CellError {}

/// The largest whole number an `f64` holds exactly.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// A cell's value as the message quotes it.
fn shown(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A non-blank cell as a JSON value of type `ty`.
pub(super) fn convert(d: &Data, ty: Ty) -> Result<Value, CellError> {
    if let Data::Error(e) = d {
        return Err(CellError::ErrorValue(e.to_string()));
    }
    match ty {
        Ty::Text => Ok(Value::String(match d {
            Data::String(s) => s.clone(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < MAX_EXACT => format!("{}", *f as i64),
            Data::DateTime(dt) => serial_to_date(dt.as_f64())
                .map(|d| d.to_string())
                .ok_or_else(|| CellError::UnreadableDate(shown(d)))?,
            other => shown(other),
        })),
        Ty::Id | Ty::List(_) => match d {
            Data::String(s) => Ok(Value::String(s.trim().to_string())),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < MAX_EXACT => {
                Ok(Value::String(format!("{}", *f as i64)))
            }
            Data::Int(i) => Ok(Value::String(i.to_string())),
            other => Err(CellError::NotText(shown(other))),
        },
        Ty::Int | Ty::Won => {
            let money = ty == Ty::Won;
            match d {
                Data::Int(i) => Ok(Value::from(*i)),
                Data::Float(f) => {
                    if f.fract() != 0.0 {
                        Err(CellError::Fraction {
                            shown: f.to_string(),
                            money,
                        })
                    } else if f.abs() >= MAX_EXACT {
                        Err(CellError::TooLarge(f.to_string()))
                    } else {
                        Ok(Value::from(*f as i64))
                    }
                }
                Data::String(s) => parse_whole(s.trim(), money)
                    .map(Value::from)
                    .ok_or_else(|| CellError::NotWhole {
                        shown: s.clone(),
                        money,
                    }),
                other => Err(CellError::NotWhole {
                    shown: shown(other),
                    money,
                }),
            }
        }
        Ty::Date => {
            let date = match d {
                Data::DateTime(dt) => serial_to_date(dt.as_f64()),
                Data::Float(f) => serial_to_date(*f),
                Data::Int(i) => serial_to_date(*i as f64),
                Data::String(s) => Date::parse_iso(s.trim()).ok(),
                Data::DateTimeIso(s) => s.get(..10).and_then(|s| Date::parse_iso(s).ok()),
                _ => None,
            };
            date.map(|d| Value::String(d.to_string()))
                .ok_or_else(|| CellError::NotDate(shown(d)))
        }
        Ty::Bool => match d {
            Data::Bool(b) => Ok(Value::Bool(*b)),
            Data::String(s) => match s.trim() {
                "예" => Ok(Value::Bool(true)),
                "아니오" => Ok(Value::Bool(false)),
                t if t.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
                t if t.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
                _ => Err(CellError::NotBool(s.clone())),
            },
            other => Err(CellError::NotBool(shown(other))),
        },
    }
}

/// A whole number written as text: digits with an optional leading `-`; for money also
/// thousands separators in the right places (`1,234,000`).
fn parse_whole(s: &str, separators: bool) -> Option<i64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let plain: String = if separators && digits.contains(',') {
        let groups: Vec<&str> = digits.split(',').collect();
        let ok = (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        digits.to_string()
    };
    if plain.is_empty() || !plain.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = plain.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// An Excel serial date (1900 date system) → date. The time part is ignored.
pub fn serial_to_date(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    if days == 60 {
        // Excel's 1900-02-29, which never was.
        return None;
    }
    if days < 60 {
        days += 1;
    }
    // Serial 25569 is 1970-01-01.
    Some(Date::from_days_from_epoch(days - 25569))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials() {
        assert_eq!(serial_to_date(25569.0), Date::new(1970, 1, 1));
        assert_eq!(serial_to_date(46090.0), Date::new(2026, 3, 9));
        assert_eq!(serial_to_date(46090.75), Date::new(2026, 3, 9));
        assert_eq!(serial_to_date(61.0), Date::new(1900, 3, 1));
        assert_eq!(serial_to_date(59.0), Date::new(1900, 2, 28));
        assert_eq!(serial_to_date(1.0), Date::new(1900, 1, 1));
        assert_eq!(serial_to_date(60.0), None);
        for d in [
            Date::new(2026, 3, 9).unwrap(),
            Date::new(2000, 2, 29).unwrap(),
        ] {
            assert_eq!(Date::from_days_from_epoch(d.days_from_epoch()), d);
        }
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(parse_whole("1,234,000", true), Some(1_234_000));
        assert_eq!(parse_whole("-184,000,000", true), Some(-184_000_000));
        assert_eq!(parse_whole("1234", true), Some(1234));
        assert_eq!(parse_whole("12,34", true), None);
        assert_eq!(parse_whole("1,234", false), None);
        assert_eq!(parse_whole("1234원", true), None);
        assert_eq!(parse_whole("1234.5", true), None);
        assert_eq!(parse_whole("", true), None);
    }

    #[test]
    fn messages() {
        let msg = |d: Data, ty| convert(&d, ty).unwrap_err().to_string();
        assert_eq!(
            msg(Data::Float(1234.5), Ty::Won),
            "‘1234.5’: 금액은 원 단위 정수여야 합니다 (소수점 아래 값은 쓸 수 없습니다)"
        );
        assert_eq!(
            msg(Data::String("삼억".into()), Ty::Won),
            "‘삼억’: 금액은 원 단위 정수여야 합니다"
        );
        assert_eq!(
            msg(Data::String("x".into()), Ty::Int),
            "‘x’: 정수여야 합니다"
        );
        assert_eq!(
            msg(Data::Float(1e17), Ty::Int),
            "‘100000000000000000’: 너무 큰 수입니다"
        );
        assert_eq!(
            msg(Data::String("몰라".into()), Ty::Bool),
            "‘몰라’: 예 또는 아니오여야 합니다"
        );
        assert_eq!(msg(Data::Bool(true), Ty::Id), "‘true’: 글자여야 합니다");
        assert_eq!(
            msg(Data::String("2026-02-30".into()), Ty::Date),
            "‘2026-02-30’: 날짜는 엑셀 날짜나 YYYY-MM-DD 형식의 실제 날짜여야 합니다"
        );
    }
}
