//! The program profile: every figure, date, region, 비목 and document of a call, read from a
//! TOML file (`programs/<id>.toml`, embedded; or one given with `--program FILE`).
//! Rules, figures, documents and the workbook read a [`Program`]; nothing else in the code
//! knows a ratio, a date or a region of a call.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use crate::diag::Diagnostic;
use crate::model::{Date, Period, Won};
use crate::world::World;

mod file;

pub use file::parse;
pub(crate) use file::toml_known;

/// The built-in profiles' sources, embedded at compile time; newest call first.
const BUILTIN: [(&str, &str); 1] = [(
    "programs/ai-transition-2026.toml",
    include_str!("../../programs/ai-transition-2026.toml"),
)];

/// A profile of one call.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Profile id, as written in the data file's `program` key.
    pub id: String,
    /// The call's name as printed inside 「」.
    pub name: String,
    /// The ministry that announced the call.
    pub ministry: String,
    /// The managing agency (전담기관).
    pub agency: String,
    /// The addressee printed under every signature (`…장관 귀하`).
    pub addressee: String,
    /// 협약기간: the agreement period the plan must cover exactly.
    pub period: Period,
    /// Budget years: the period's calendar years.
    pub years: Vec<i32>,
    /// The deadline date.
    pub deadline: Date,
    /// Closing time on the deadline day, as printed (`17:00`).
    pub deadline_time: String,
    /// A firm founded less than this many years before the deadline is excused from the
    /// capital-impairment exclusion.
    pub young_firm_years: u32,
    /// Founded after this date: capital impairment is excused.
    pub young_firm_after: Date,
    /// Average national funding per region over the period; more is a warning.
    pub national_average_total: Won,
    /// Average national funding per region per year; more is a warning.
    pub national_average_year: Won,
    /// (local + private) ≥ total × pct / 100.
    pub match_total_min_pct: i64,
    /// local ≥ total × pct / 100.
    pub match_local_min_pct: i64,
    /// Direct SME support: national ≤ total × pct / 100 (`sme-national-max`).
    pub sme_national_max_pct: i64,
    /// Direct support: local ≥ total × pct / 100 (`sme-local-min`).
    pub sme_local_min_pct: i64,
    /// Direct support: the SME (private) share should equal this (`sme-share`, a warning).
    pub sme_share_pct: i64,
    /// Direct support: in-kind ≤ SME share × pct / 100 (`sme-in-kind-max`).
    pub sme_in_kind_max_pct: i64,
    /// The eligible regions; any other is `region-ineligible`.
    pub regions: Vec<Region>,
    /// The budget categories (비목); any other is `category-unknown`.
    pub categories: Vec<String>,
    /// The category whose rows the asset plan must equal.
    pub asset_category: String,
    /// The documents formpack makes for this call, in submission order.
    pub documents: Vec<DocSpec>,
    /// The committee's scored headings (공고's 평가 지표), in order: the deck has a slide for
    /// each. Empty when the profile gives none.
    pub evaluation: Vec<Criterion>,
    /// The 발표자료 deck (PPTX) the bundle holds, if the call asks for one.
    pub deck: Option<DeckSpec>,
    /// A folder of templates replacing built-in ones (a profile read from a file only).
    pub templates: Option<PathBuf>,
    /// The profile's TOML text, as read.
    pub source: String,
}

/// An eligible region, with its short and official names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Short name (`대전`).
    pub short: String,
    /// Official name (`대전광역시`).
    pub official: String,
    /// The head of the regional government: 시장, 도지사.
    pub head: String,
}

/// The kinds of form formpack composes; each has a template of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// 사업신청서 (one, signed by the region and the lead).
    Application,
    /// 사업계획서 (one): the plan in the committee's scored headings, the narrative from `plan`.
    BusinessPlan,
    /// 사업비 총괄표 (one).
    BudgetSummary,
    /// 컨소시엄 협약서 (one, signed by every member).
    Agreement,
    /// 참여의사 확인서 (one per member).
    Participation,
    /// 신청자격 적정성 확인서 (one per member).
    Eligibility,
    /// 자치단체 부담금 납입협약서 (one, region and lead).
    LocalContribution,
    /// 취득자산 구매계획서 (one per member with assets).
    AssetPlan,
    /// 개인정보 동의서 및 청렴서약서 (one per member).
    PrivacyIntegrity,
}

impl DocKind {
    /// Every kind, in the order of the templates.
    pub const ALL: [DocKind; 9] = [
        DocKind::Application,
        DocKind::BusinessPlan,
        DocKind::BudgetSummary,
        DocKind::Agreement,
        DocKind::Participation,
        DocKind::Eligibility,
        DocKind::LocalContribution,
        DocKind::AssetPlan,
        DocKind::PrivacyIntegrity,
    ];

    /// The name a profile writes in `documents[].kind` (`local-contribution`).
    pub fn key(self) -> &'static str {
        match self {
            DocKind::Application => "application",
            DocKind::BusinessPlan => "business-plan",
            DocKind::BudgetSummary => "budget-summary",
            DocKind::Agreement => "agreement",
            DocKind::Participation => "participation",
            DocKind::Eligibility => "eligibility",
            DocKind::LocalContribution => "local-contribution",
            DocKind::AssetPlan => "asset-plan",
            DocKind::PrivacyIntegrity => "privacy-integrity",
        }
    }

    /// How many of this kind a consortium gets; fixed by what the template shows.
    pub fn per(self) -> Per {
        match self {
            DocKind::Participation | DocKind::Eligibility | DocKind::PrivacyIntegrity => {
                Per::Member
            }
            DocKind::AssetPlan => Per::MemberWithAssets,
            _ => Per::Consortium,
        }
    }

    /// One document per member rather than per consortium.
    pub fn per_member(self) -> bool {
        self.per() != Per::Consortium
    }
}

/// How many documents of a kind a consortium gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// One for the consortium.
    Consortium,
    /// One per performing member (every member but the region).
    Member,
    /// One per member that buys assets.
    MemberWithAssets,
}

impl Per {
    /// The name a profile writes in `documents[].per`.
    pub fn key(self) -> &'static str {
        match self {
            Per::Consortium => "consortium",
            Per::Member => "member",
            Per::MemberWithAssets => "member-with-assets",
        }
    }
}

/// The deck (발표자료) of a call: its 서식 number, title and file stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckSpec {
    /// `9`.
    pub number: u8,
    /// `사업계획 발표자료`.
    pub title: String,
    /// `09_사업계획발표자료`.
    pub file: String,
}

/// A heading the committee scores, with what it looks for there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// `사업목적 및 목표`.
    pub heading: String,
    /// The points it carries.
    pub points: u32,
    /// What the committee looks for under it: the prompt shown until the consortium writes it.
    pub prompt: String,
    /// What 02 사업계획서 fills in under it from the data ([`Fact`]), in order.
    pub facts: Vec<Fact>,
}

/// A part of 02 사업계획서 written from the data, placed under a scored heading by the profile's
/// `evaluation[].facts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fact {
    /// 컨소시엄 구성과 역할: each member's kind, role, duty and share of the budget.
    Consortium,
    /// 세부사업: field, lead, direct SME support and budget of each subproject.
    Subprojects,
    /// 추진 일정: the period by quarter.
    Schedule,
    /// 사업비 편성: the source × year table and the three budget charts.
    Budget,
    /// 취득자산 구매계획 요약: each buying member's assets by source.
    Assets,
    /// 지방비 부담 계획: the local contribution by year, its schedule and its share.
    LocalContribution,
}

impl Fact {
    /// Every fact, in the order of this list.
    pub const ALL: [Fact; 6] = [
        Fact::Consortium,
        Fact::Subprojects,
        Fact::Schedule,
        Fact::Budget,
        Fact::Assets,
        Fact::LocalContribution,
    ];

    /// The name a profile writes in `evaluation[].facts` and the template tests (`budget`).
    pub fn key(self) -> &'static str {
        match self {
            Fact::Consortium => "consortium",
            Fact::Subprojects => "subprojects",
            Fact::Schedule => "schedule",
            Fact::Budget => "budget",
            Fact::Assets => "assets",
            Fact::LocalContribution => "local-contribution",
        }
    }
}

/// One document of the call, as the profile names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSpec {
    /// Which form (and template).
    pub kind: DocKind,
    /// The number the call's list gives it (서식 번호).
    pub number: u8,
    /// The title as printed (footer, metadata, packets).
    pub title: String,
    /// The file stem; per-member documents append `_<기관명>`.
    pub file: String,
    /// The agency's own form filled in place instead of the built-in template, if the
    /// profile names one.
    pub official: Option<OfficialSpec>,
}

/// An official form and its map, as a profile's `[[documents]]` entry names them (`form`,
/// `map`), relative to the profile's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialSpec {
    /// The form (`.hwpx` or `.docx`).
    pub form: PathBuf,
    /// The map file (TOML).
    pub map: PathBuf,
    /// Both files' bytes, read with the profile ([`Program::load`]), so a build, `diff` and the
    /// web page (whose world holds only the upload) see the same form.
    pub files: Option<Arc<(Vec<u8>, Vec<u8>)>>,
}

static BUILTINS: LazyLock<Vec<Arc<Program>>> = LazyLock::new(|| {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            let p = parse(text, name, None)
                .unwrap_or_else(|d| panic!("the built-in profile {name} is valid (tested): {d:?}"));
            Arc::new(p)
        })
        .collect()
});

impl Program {
    /// Every built-in profile, newest call first.
    pub fn builtin() -> impl Iterator<Item = &'static Program> {
        BUILTINS.iter().map(|p| &**p)
    }

    /// The built-in profile a new file is written for (`init`): the newest call.
    pub fn default_builtin() -> &'static Program {
        &BUILTINS[0]
    }

    /// The built-in profile with this id.
    pub fn by_id(id: &str) -> Option<&'static Program> {
        Program::builtin().find(|p| p.id == id)
    }

    /// The built-in profile with this id, shared.
    pub fn builtin_arc(id: &str) -> Option<Arc<Program>> {
        BUILTINS.iter().find(|p| p.id == id).cloned()
    }

    /// Read a profile from a file through `world`; every problem is a located
    /// `program-invalid` diagnostic.
    pub fn load(world: &dyn World, path: &std::path::Path) -> Result<Program, Vec<Diagnostic>> {
        let name = path.display().to_string();
        // The input's size limit holds for a profile too (the 2026 profile is 5 KB).
        if let Ok(size) = world.size(path) {
            crate::limits::check_input_size(&crate::limits::Limits::DEFAULT, &name, size)?;
        }
        let bytes = world
            .read(path)
            .map_err(|e| vec![file::invalid(&name, None, format!("읽지 못했습니다: {e}"))])?;
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            vec![file::invalid(
                &name,
                None,
                "UTF-8 텍스트가 아닙니다: 파일을 UTF-8로 저장하십시오".into(),
            )]
        })?;
        let mut program = parse(text, &name, path.parent())?;
        program.read_forms(world, &name)?;
        Ok(program)
    }

    /// Read every official form and map the profile names, through `world`.
    fn read_forms(&mut self, world: &dyn World, name: &str) -> Result<(), Vec<Diagnostic>> {
        for (i, d) in self.documents.iter_mut().enumerate() {
            let Some(o) = &mut d.official else { continue };
            let read = |p: &std::path::Path, key: &str| {
                world.read(p).map(|b| b.to_vec()).map_err(|e| {
                    vec![file::invalid(
                        name,
                        None,
                        format!(
                            "documents[{i}].{key}: `{}`을(를) 읽지 못했습니다: {e}",
                            p.display()
                        ),
                    )]
                })
            };
            let form = read(&o.form, "form")?;
            let map = read(&o.map, "map")?;
            o.files = Some(Arc::new((form, map)));
        }
        Ok(())
    }

    /// Normalise a region name: short (`대전`) or official (`대전광역시`), surrounding space
    /// ignored. `None` for any region that is not eligible.
    pub fn region(&self, name: &str) -> Option<&Region> {
        let n = name.trim();
        self.regions
            .iter()
            .find(|r| r.short == n || r.official == n)
    }

    /// Founded after [`Program::young_firm_after`], so 완전자본잠식 is excused.
    pub fn is_young_firm(&self, founded: Date) -> bool {
        founded > self.young_firm_after
    }

    /// The profile's entry for a kind of document; `None` when the call does not ask for it.
    pub fn document(&self, kind: DocKind) -> Option<&DocSpec> {
        self.documents.iter().find(|d| d.kind == kind)
    }

    /// A category is one of the call's 비목.
    pub fn is_category(&self, name: &str) -> bool {
        self.categories.iter().any(|c| c == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Program {
        Program::by_id("ai-transition-2026").expect("built in")
    }

    #[test]
    fn regions_short_and_official() {
        let p = p();
        assert_eq!(p.region("대전").unwrap().official, "대전광역시");
        assert_eq!(p.region(" 충청북도 ").unwrap().short, "충북");
        assert!(p.region("서울").is_none());
        assert!(p.region("서울특별시").is_none());
        assert!(p.region("울산광역시").is_none());
        assert_eq!(p.regions.len(), 11);
    }

    #[test]
    fn seven_year_rule_boundary() {
        let p = p();
        assert!(p.is_young_firm(Date::new(2019, 3, 11).unwrap()));
        assert!(!p.is_young_firm(Date::new(2019, 3, 10).unwrap()));
    }

    /// The values PROGRAM.md gives, read back from the embedded file.
    #[test]
    fn the_2026_call_as_program_md_gives_it() {
        let p = p();
        assert_eq!(p.period.start, Date::new(2026, 4, 1).unwrap());
        assert_eq!(p.period.end, Date::new(2027, 12, 31).unwrap());
        assert_eq!(p.years, [2026, 2027]);
        assert_eq!(p.deadline, Date::new(2026, 3, 10).unwrap());
        assert_eq!(p.deadline_time, "17:00");
        assert_eq!(
            (p.national_average_total, p.national_average_year),
            (14_000_000_000, 7_000_000_000)
        );
        assert_eq!((p.match_total_min_pct, p.match_local_min_pct), (40, 20));
        assert_eq!(
            [
                p.sme_national_max_pct,
                p.sme_local_min_pct,
                p.sme_share_pct,
                p.sme_in_kind_max_pct
            ],
            [60, 20, 20, 70]
        );
        assert_eq!(p.categories.len(), 9);
        assert!(p.is_category(&p.asset_category));
        let kinds: Vec<DocKind> = p.documents.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, DocKind::ALL);
        let numbers: Vec<u8> = p.documents.iter().map(|d| d.number).collect();
        assert_eq!(numbers, [1, 2, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(
            p.document(DocKind::Participation).unwrap().file,
            "04_참여의사확인서"
        );
        assert_eq!(Program::default_builtin().id, p.id);
    }

    #[test]
    fn per_member_kinds() {
        let per: Vec<DocKind> = DocKind::ALL
            .into_iter()
            .filter(|k| k.per_member())
            .collect();
        assert_eq!(
            per,
            [
                DocKind::Participation,
                DocKind::Eligibility,
                DocKind::AssetPlan,
                DocKind::PrivacyIntegrity
            ]
        );
    }
}
