//! Diagnostics: a stable code, a severity, a Korean message and where it is.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks a rule of the call: `build` refuses (exit 1) unless `--draft`.
    Error,
    /// Worth a look; the bundle is still built.
    Warning,
}

impl Severity {
    /// `오류` or `경고`.
    pub fn label_ko(self) -> &'static str {
        match self {
            Severity::Error => "오류",
            Severity::Warning => "경고",
        }
    }
}

/// Where a finding is: a file line (YAML/JSON/TOML) or a sheet and cell (workbook), and the
/// field path (`budget[3].local`). Absent parts are `None` and serialise as `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The input file as named on the command line.
    pub file: Option<String>,
    /// 1-based line in a text file.
    pub line: Option<u32>,
    /// 1-based column in a text file.
    pub column: Option<u32>,
    /// Sheet name in a workbook (`사업비`).
    pub sheet: Option<String>,
    /// A1-style cell in a workbook (`F12`).
    pub cell: Option<String>,
    /// The field path in the data model (`budget[3].local`).
    pub path: Option<String>,
}

impl fmt::Display for Location {
    /// `sample.yaml:88:5 (budget[3].local)` or `book.xlsx 사업비!F12 (budget[3].local)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(file) = &self.file {
            f.write_str(file)?;
            wrote = true;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let (Some(s), Some(c)) = (&self.sheet, &self.cell) {
            write!(f, "{}{s}!{c}", if wrote { " " } else { "" })?;
            wrote = true;
        } else if let Some(s) = &self.sheet {
            write!(f, "{}{s}", if wrote { " " } else { "" })?;
            wrote = true;
        }
        if let Some(p) = &self.path {
            if wrote {
                write!(f, " ({p})")?;
            } else {
                f.write_str(p)?;
            }
        }
        Ok(())
    }
}

/// Stable diagnostic codes. Their string forms (`match-local-min`, …) are a public contract
/// (DATA.md, `--format json`): extend the list, never rename an entry.
macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident => $text:literal, )*) => {
        /// A diagnostic's stable code. [`Code::as_str`] gives the string DATA.md lists.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in DATA.md's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed and serialised: `match-local-min`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Code::$variant => $text, )*
                }
            }
        }
    };
}

codes! {
    /// `input-parse`: The file cannot be read: not UTF-8, syntax, wrong type, unknown key, impossible date (exit 2).
    InputParse => "input-parse",
    /// `input-too-large`: The file crosses one of formpack's limits (size, inflated size of a workbook, number of members or rows, length of a text, YAML aliases); it is refused before the work (exit 2). See `limits.rs`.
    InputTooLarge => "input-too-large",
    /// `id-duplicate`: An id is defined twice.
    IdDuplicate => "id-duplicate",
    /// `id-unknown`: A row refers to no such member or subproject.
    IdUnknown => "id-unknown",
    /// `field-missing`: A field a document needs is absent.
    FieldMissing => "field-missing",
    /// `region-ineligible`: The region is not one of the eligible regions.
    RegionIneligible => "region-ineligible",
    /// `role-count`: Not exactly one 신청기관 (a 광역지자체 of that region) and one 주관기관.
    RoleCount => "role-count",
    /// `consortium-composition`: No 지역혁신기관, no 대학 or 출연연, or no AI기업 (warning).
    ConsortiumComposition => "consortium-composition",
    /// `registration-no-invalid`: A business registration number fails its format or checksum.
    RegistrationNoInvalid => "registration-no-invalid",
    /// `corporate-no-invalid`: A corporate registration number fails its format or checksum.
    CorporateNoInvalid => "corporate-no-invalid",
    /// `amount-invalid`: A negative amount or unit price, or a quantity below 1.
    AmountInvalid => "amount-invalid",
    /// `year-out-of-period`: A budget, asset or schedule year outside the period.
    YearOutOfPeriod => "year-out-of-period",
    /// `category-unknown`: A budget category not in the program's list.
    CategoryUnknown => "category-unknown",
    /// `match-total-min`: 지방비 + 민간 below the program's share of the total.
    MatchTotalMin => "match-total-min",
    /// `match-local-min`: 지방비 below the program's share of the total.
    MatchLocalMin => "match-local-min",
    /// `sme-national-max`: In a direct-support subproject, 국비 above its maximum share.
    SmeNationalMax => "sme-national-max",
    /// `sme-local-min`: In a direct-support subproject, 지방비 below its minimum share.
    SmeLocalMin => "sme-local-min",
    /// `sme-in-kind-max`: In a direct-support subproject, 현물 above its maximum share of the private part.
    SmeInKindMax => "sme-in-kind-max",
    /// `sme-share`: In a direct-support subproject, the private share differs from the expected one (warning).
    SmeShare => "sme-share",
    /// `national-above-average`: 국비 above the program's average in total or in a year (warning).
    NationalAboveAverage => "national-above-average",
    /// `eligibility-duplicate-funding`: A member already receives funding for the same purpose.
    EligibilityDuplicateFunding => "eligibility-duplicate-funding",
    /// `eligibility-capital-impaired`: A member's capital is impaired (young firms are excused).
    EligibilityCapitalImpaired => "eligibility-capital-impaired",
    /// `eligibility-business-status`: A member is closed or suspended.
    EligibilityBusinessStatus => "eligibility-business-status",
    /// `eligibility-tax-arrears`: A member is in tax arrears.
    EligibilityTaxArrears => "eligibility-tax-arrears",
    /// `local-parties`: The contribution schedule's payer is not the 신청기관 or its payee not the 주관기관.
    LocalParties => "local-parties",
    /// `local-commitment-mismatch`: The schedule's amount for a year differs from the budget's 지방비 for that year.
    LocalCommitmentMismatch => "local-commitment-mismatch",
    /// `asset-plan-mismatch`: A member's assets for a year differ from its 자산취득비 for that year.
    AssetPlanMismatch => "asset-plan-mismatch",
    /// `deadline-passed`: The application date is after the call's deadline.
    DeadlinePassed => "deadline-passed",
    /// `period-mismatch`: The project period differs from the program's.
    PeriodMismatch => "period-mismatch",
    /// `program-invalid`: A program profile (`--program FILE`) cannot be used: TOML syntax, unknown key, a ratio over 100, budget years that are not the period's, an empty region list… (exit 2).
    ProgramInvalid => "program-invalid",
    /// `plan-invalid`: A section of the 사업계획서's `plan` has a blank or repeated heading, or a table that is empty or whose rows are not all as wide as its first.
    PlanInvalid => "plan-invalid",
    /// `plan-heading-unknown`: A `plan` heading is none of the program's scored headings; the section is printed after them (warning).
    PlanHeadingUnknown => "plan-heading-unknown",
    /// `glyph-missing`: A field holds a character none of the bundled fonts has (a hanja outside 나눔고딕's, a supplementary-plane ideograph): the PDF would print it as a box and lose it from its text (warning).
    GlyphMissing => "glyph-missing",
    /// `seal-missing`: A member's `seal` names an image that is not beside the data file (or, on the page, not uploaded with it).
    SealMissing => "seal-missing",
    /// `seal-unreadable`: A member's `seal` names a file that is not a PNG or JPEG picture.
    SealUnreadable => "seal-unreadable",
}

impl Code {
    /// The code with this string form, if any.
    pub fn from_str_exact(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One finding: a stable code, a severity, a Korean message that names the figures, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// Korean, naming the figures involved.
    pub message: String,
    /// Where to fix it.
    pub location: Location,
    /// The reader's own words (a parser's English, a zip error), for those who ask: shown
    /// after the message under 자세히, never instead of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Where each field path of the input was found, recorded by the loader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    /// In a text file.
    Line {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// In a workbook.
    Cell {
        /// Sheet name.
        sheet: String,
        /// A1-style cell.
        cell: String,
    },
}

/// The input file and the position of every field path in it.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// The file name as given on the command line.
    pub file: String,
    /// `budget[3].local` → position, as recorded while reading (a workbook's cells).
    /// Containers are recorded too (`budget[3]`, `budget`).
    pub spots: BTreeMap<String, Spot>,
    /// A text file's positions, found from its text when first asked for (see [`defer`]).
    ///
    /// [`defer`]: SourceMap::defer
    deferred: Option<Arc<Deferred>>,
}

/// A text file's text and how to find its positions, and the positions once found.
struct Deferred {
    text: String,
    find: fn(&str) -> BTreeMap<String, Spot>,
    found: OnceLock<BTreeMap<String, Spot>>,
}

impl fmt::Debug for Deferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deferred")
            .field("bytes", &self.text.len())
            .field("found", &self.found.get().is_some())
            .finish()
    }
}

impl SourceMap {
    /// An empty map for `file`.
    pub fn new(file: impl Into<String>) -> Self {
        SourceMap {
            file: file.into(),
            spots: BTreeMap::new(),
            deferred: None,
        }
    }

    /// Find the positions with `find` over `text` only when a location is first asked for:
    /// a file without findings never needs them (finding them is a second parse of the file,
    /// as costly as the first).
    pub fn defer(&mut self, text: &str, find: fn(&str) -> BTreeMap<String, Spot>) {
        self.deferred = Some(Arc::new(Deferred {
            text: text.to_string(),
            find,
            found: OnceLock::new(),
        }));
    }

    /// Every position: the deferred ones (found now if not yet), else those recorded. A map
    /// has one or the other: a text file defers, a workbook records its cells as it reads.
    pub fn all_spots(&self) -> &BTreeMap<String, Spot> {
        match &self.deferred {
            Some(d) => d.found.get_or_init(|| (d.find)(&d.text)),
            None => &self.spots,
        }
    }

    /// The location of `path`, or of its nearest recorded parent when the field is absent
    /// (a missing `members[2].address` points at `members[2]`).
    pub fn locate(&self, path: &str) -> Location {
        let mut loc = Location {
            file: Some(self.file.clone()),
            path: (!path.is_empty()).then(|| path.to_string()),
            ..Location::default()
        };
        let mut p = path;
        loop {
            if let Some(spot) = self.all_spots().get(p) {
                match spot {
                    Spot::Line { line, column } => {
                        loc.line = Some(*line);
                        loc.column = Some(*column);
                    }
                    Spot::Cell { sheet, cell } => {
                        loc.sheet = Some(sheet.clone());
                        loc.cell = Some(cell.clone());
                    }
                }
                return loc;
            }
            match parent_path(p) {
                Some(parent) => p = parent,
                None => return loc,
            }
        }
    }
}

/// `budget[3].local` → `budget[3]` → `budget` → None.
pub fn parent_path(p: &str) -> Option<&str> {
    if p.is_empty() {
        return None;
    }
    let cut = p.rfind(['.', '[']).unwrap_or(0);
    Some(&p[..cut])
}

/// Has any error (not just warnings)?
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deferred_positions_are_found_once_and_only_when_asked() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        fn find(text: &str) -> BTreeMap<String, Spot> {
            CALLS.fetch_add(1, Ordering::SeqCst);
            let line = text.len() as u32;
            BTreeMap::from([("a".to_string(), Spot::Line { line, column: 2 })])
        }
        let mut m = SourceMap::new("f.yaml");
        m.defer("abc", find);
        let copy = m.clone();
        assert_eq!(CALLS.load(Ordering::SeqCst), 0, "not found before asked");
        let loc = copy.locate("a.b");
        assert_eq!((loc.line, loc.column), (Some(3), Some(2)));
        assert_eq!(m.locate("a").line, Some(3));
        assert_eq!(m.all_spots().len(), 1);
        assert_eq!(
            CALLS.load(Ordering::SeqCst),
            1,
            "found once, shared by the copy"
        );
    }

    #[test]
    fn every_code_is_in_the_docs_table() {
        let docs = include_str!("../docs/checks.md");
        for code in Code::ALL {
            assert!(
                docs.contains(&format!("`{}`", code.as_str()))
                    || (code.as_str().starts_with("eligibility-")
                        && docs
                            .contains(&format!("`-{}`", &code.as_str()["eligibility-".len()..]))),
                "{code} is not in docs/checks.md"
            );
        }
    }

    #[test]
    fn locate_falls_back_to_parent() {
        let mut m = SourceMap::new("a.yaml");
        m.spots.insert(
            "budget[3]".into(),
            Spot::Line {
                line: 88,
                column: 5,
            },
        );
        let l = m.locate("budget[3].local");
        assert_eq!(l.line, Some(88));
        assert_eq!(l.path.as_deref(), Some("budget[3].local"));
        assert_eq!(l.to_string(), "a.yaml:88:5 (budget[3].local)");
        let mut m = SourceMap::new("b.xlsx");
        m.spots.insert(
            "budget[3].local".into(),
            Spot::Cell {
                sheet: "사업비".into(),
                cell: "F12".into(),
            },
        );
        assert_eq!(
            m.locate("budget[3].local").to_string(),
            "b.xlsx 사업비!F12 (budget[3].local)"
        );
        assert_eq!(parent_path("a.b[2].c"), Some("a.b[2]"));
        assert_eq!(parent_path("a"), Some(""));
    }
}
