//! What the page asks for, done with the library's own entry points (the CLI's): read an
//! upload held in memory, check it, build its bundle, compare two revisions. Nothing here is
//! async or touches the file system; the handlers run these on the blocking pool.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::bundle::{self, Built, Manifest};
use crate::check;
use crate::compose::Templates;
use crate::diag::{Code, Diagnostic, Severity};
use crate::diff::{self, Given, Report};
use crate::figures::Figures;
use crate::korean::won;
use crate::load::{self, Input, InputFormat};
use crate::model::Consortium;
use crate::program::Program;
use crate::render::{Format, Formats, Resources};
use crate::world::Memory;

/// Uploaded files: one consortium file and, beside it, any seal images it names.
pub struct Upload {
    /// The consortium file's name as uploaded (its extension says the format).
    pub name: String,
    /// Every uploaded file, by its safe name, the consortium file among them.
    pub world: Memory,
}

/// Why an upload cannot be used at all (shown in Korean, with an HTTP status).
#[derive(Debug)]
pub struct Refusal {
    /// The HTTP status.
    pub status: u16,
    /// What to tell the person.
    pub message: String,
}

impl Refusal {
    pub(crate) fn new(status: u16, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            message: message.into(),
        }
    }
}

/// The last path part of a browser's file name, with control characters and the characters
/// Windows forbids replaced; `None` if nothing usable is left. Only ever a key in memory.
pub fn safe_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    (!cleaned.is_empty() && cleaned.chars().count() <= 200).then_some(cleaned)
}

impl Upload {
    /// Gather uploaded files: exactly one consortium file (by extension) and any other files
    /// (seal images). `files` are (name as sent, bytes).
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Upload, Refusal> {
        let mut world = Memory::new();
        let mut data: Vec<String> = Vec::new();
        for (name, bytes) in files {
            let Some(name) = safe_name(&name) else {
                return Err(Refusal::new(400, "파일 이름을 읽을 수 없습니다"));
            };
            if InputFormat::from_path(Path::new(&name)).is_some() {
                data.push(name.clone());
            }
            world.insert(&name, bytes);
        }
        match data.len() {
            1 => Ok(Upload {
                name: data.remove(0),
                world,
            }),
            0 => Err(Refusal::new(
                400,
                "사업 자료 파일(.xlsx, .yaml, .yml, .json, .toml)을 하나 올려 주십시오",
            )),
            _ => Err(Refusal::new(
                400,
                format!(
                    "사업 자료 파일은 하나만 올려 주십시오 (올린 파일: {})",
                    data.join(", ")
                ),
            )),
        }
    }

    /// Load the consortium file under `program` (the server's `--program`), or the file's own
    /// built-in profile.
    pub fn load(&self, program: Option<&Arc<Program>>) -> Result<Input, Vec<Diagnostic>> {
        load::load_with(&self.world, &PathBuf::from(&self.name), program)
    }
}

/// One diagnostic as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable code (`match-local-min`).
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// `오류` or `경고`.
    pub severity_label: &'static str,
    /// Korean message naming the figures.
    pub message: String,
    /// Where to fix it, as staff read it: `사업비!F12`, `88행 5열`, or the field path.
    pub place: String,
    /// Sheet name (workbook).
    pub sheet: Option<String>,
    /// Cell (workbook).
    pub cell: Option<String>,
    /// Line (text file).
    pub line: Option<u32>,
    /// The field path in the data model.
    pub path: Option<String>,
    /// The reader's own words, shown under 자세히 (absent when there are none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The 기관 the finding concerns, by name (from `path`: a member's field, or a budget,
    /// asset or 책임자 row naming a member); `null` for the project as a whole or a file that
    /// could not be read.
    pub member_name: Option<String>,
    /// Where it is, for sorting: the sheet's place in the workbook (0 for a text file), then
    /// the row (or line) and the column, 1-based (0 when unknown), so `A2` comes before `A11`
    /// and 참여기관 before 사업비.
    pub order: [u32; 3],
}

/// A finding's [`Finding::order`].
fn order(l: &crate::diag::Location) -> [u32; 3] {
    let sheet = l.sheet.as_deref().map_or(0, |s| {
        let known = crate::workbook::schema::SHEETS
            .iter()
            .chain([&crate::workbook::schema::PLAN_SHEET])
            .position(|x| *x == s);
        known.map_or(u32::MAX, |i| i as u32 + 1)
    });
    let (row, col) = match &l.cell {
        Some(cell) => cell_position(cell),
        None => (l.line.unwrap_or(0), l.column.unwrap_or(0)),
    };
    [sheet, row, col]
}

/// `F12` → (12, 6).
fn cell_position(cell: &str) -> (u32, u32) {
    let letters = cell.chars().take_while(|c| c.is_ascii_alphabetic());
    let col = letters.fold(0u32, |n, c| {
        n.saturating_mul(26)
            .saturating_add(u32::from(c.to_ascii_uppercase() as u8 - b'A' + 1))
    });
    let row = cell
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap_or(0);
    (row, col)
}

/// The name of the member a field path concerns: `members[3].…` itself, or the member a
/// `budget[4]`, `assets[2]` or `project.director` row names.
fn member_name(path: &str, c: &Consortium) -> Option<String> {
    let index = |prefix: &str| -> Option<usize> {
        path.strip_prefix(prefix)?.split(']').next()?.parse().ok()
    };
    let id = if let Some(i) = index("members[") {
        return c.members.get(i).map(|m| m.name.clone());
    } else if let Some(i) = index("budget[") {
        &c.budget.get(i)?.member
    } else if let Some(i) = index("assets[") {
        &c.assets.get(i)?.member
    } else if path.starts_with("project.director") {
        &c.project.director.as_ref()?.member
    } else if path.starts_with("project.manager") {
        &c.project.manager.as_ref()?.member
    } else {
        return None;
    };
    c.members
        .iter()
        .find(|m| m.id == *id)
        .map(|m| m.name.clone())
}

impl Finding {
    /// The finding of `d`; `data`, when the file was read, names its 기관.
    fn of(d: &Diagnostic, data: Option<&Consortium>) -> Finding {
        let l = &d.location;
        let place = match (&l.sheet, &l.cell, l.line) {
            (Some(s), Some(c), _) => format!("{s}!{c}"),
            (Some(s), None, _) => s.clone(),
            (_, _, Some(line)) => match l.column {
                Some(col) => format!("{line}행 {col}열"),
                None => format!("{line}행"),
            },
            _ => l.path.clone().unwrap_or_else(|| "파일 전체".to_string()),
        };
        Finding {
            code: d.code.as_str(),
            severity: d.severity,
            severity_label: d.severity.label_ko(),
            message: d.message.clone(),
            place,
            sheet: l.sheet.clone(),
            cell: l.cell.clone(),
            line: l.line,
            path: l.path.clone(),
            order: order(l),
            detail: d.detail.clone(),
            member_name: data
                .zip(l.path.as_deref())
                .and_then(|(c, p)| member_name(p, c)),
        }
    }
}

/// The summary figures: 총사업비 and its shares.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The CLI's summary line.
    pub line: String,
    /// 총사업비, won with separators.
    pub total: String,
    /// 국비 and its share.
    pub national: String,
    /// 지방비 and its share.
    pub local: String,
    /// 민간부담금 and its share.
    pub private: String,
    /// (지방비 + 민간) share.
    pub matching: String,
    /// The call's three ratios against the profile's thresholds, decided by
    /// cross-multiplication.
    pub ratios: Vec<RatioView>,
}

/// One of the call's ratios as the page's banner shows it: `지방비 26.36% (기준 20% 이상) 충족`.
#[derive(Debug, Clone, Serialize)]
pub struct RatioView {
    /// `국비`, `지방비`, `지방비+민간`.
    pub label: &'static str,
    /// The share, `26.36%`.
    pub value: String,
    /// The threshold, `20% 이상`.
    pub rule: String,
    /// Whether it is met.
    pub met: bool,
}

/// The three ratios of a call: 국비 at most what matching leaves, 지방비 and 지방비+민간 at
/// least the profile's minimums.
fn ratios(f: &Figures, p: &Program) -> Vec<RatioView> {
    let national_max = 100 - p.match_total_min_pct;
    vec![
        RatioView {
            label: "국비",
            value: f.national_ratio.percent(),
            rule: format!("{national_max}% 이하"),
            met: f.national_ratio.at_most(national_max),
        },
        RatioView {
            label: "지방비",
            value: f.local_ratio.percent(),
            rule: format!("{}% 이상", p.match_local_min_pct),
            met: f.local_ratio.at_least(p.match_local_min_pct),
        },
        RatioView {
            label: "지방비+민간",
            value: f.matching_ratio.percent(),
            rule: format!("{}% 이상", p.match_total_min_pct),
            met: f.matching_ratio.at_least(p.match_total_min_pct),
        },
    ]
}

impl Summary {
    fn of(f: &Figures, p: &Program) -> Summary {
        Summary {
            ratios: ratios(f, p),
            line: crate::korean::key_figures(f),
            total: format!("{}원", won(f.total.total())),
            national: format!(
                "{}원 ({})",
                won(f.total.national),
                f.national_ratio.percent()
            ),
            local: format!("{}원 ({})", won(f.total.local), f.local_ratio.percent()),
            private: format!(
                "{}원 ({})",
                won(f.total.private()),
                f.private_ratio.percent()
            ),
            matching: f.matching_ratio.percent(),
        }
    }
}

/// What a check shows: the file, the profile, the summary and every finding.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    /// The uploaded file's name.
    pub file: String,
    /// `xlsx`, `yaml`, …
    pub format: &'static str,
    /// True when the file could be read (otherwise only `findings` is filled).
    pub loaded: bool,
    /// The call's name (`2026년 지역 주도형 AI 대전환 사업`).
    pub program: Option<String>,
    /// 과제명.
    pub title: Option<String>,
    /// 제N판.
    pub revision: Option<u32>,
    /// The number of 기관.
    pub members: usize,
    /// The key figures, when the file was read.
    pub summary: Option<Summary>,
    /// 오류 count.
    pub errors: usize,
    /// 경고 count.
    pub warnings: usize,
    /// Every finding, errors first (the CLI's order within each severity).
    pub findings: Vec<Finding>,
    /// The `field-missing` findings: what is left to fill.
    pub missing: Vec<Finding>,
}

/// Check an upload: read it, then every rule. `Err` holds a file that cannot be read.
pub fn check(
    upload: &Upload,
    program: Option<&Arc<Program>>,
) -> (Checked, Option<(Input, Figures)>) {
    let format = InputFormat::from_path(Path::new(&upload.name))
        .map(format_label)
        .unwrap_or("");
    let (input, figures, diags) = match upload.load(program) {
        Ok(input) => {
            let (figures, diags) = check::check_with_files(&upload.world, &input);
            (Some(input), Some(figures), diags)
        }
        Err(diags) => (None, None, diags),
    };
    let mut ordered: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    ordered.extend(diags.iter().filter(|d| d.severity == Severity::Warning));
    let data = input.as_ref().map(|i| &i.data);
    let findings: Vec<Finding> = ordered.into_iter().map(|d| Finding::of(d, data)).collect();
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let missing = diags
        .iter()
        .filter(|d| d.code == Code::FieldMissing)
        .map(|d| Finding::of(d, data))
        .collect();
    let checked = Checked {
        file: upload.name.clone(),
        format,
        loaded: input.is_some(),
        program: input.as_ref().map(|i| i.program().name.clone()),
        title: input.as_ref().and_then(|i| i.data.project.title.clone()),
        revision: input.as_ref().map(|i| i.data.revision),
        members: input.as_ref().map_or(0, |i| i.data.members.len()),
        summary: input
            .as_ref()
            .zip(figures.as_ref())
            .map(|(i, f)| Summary::of(f, i.program())),
        errors,
        warnings: findings.len() - errors,
        findings,
        missing,
    };
    (checked, input.zip(figures))
}

fn format_label(f: InputFormat) -> &'static str {
    match f {
        InputFormat::Yaml => "yaml",
        InputFormat::Json => "json",
        InputFormat::Toml => "toml",
        InputFormat::Xlsx => "xlsx",
    }
}

/// What the server keeps for the build: the templates and fonts, made once.
pub struct Tools {
    /// The profile given with `--program`, if any.
    pub program: Option<Arc<Program>>,
    /// Compiled templates of the built-in profile (lazily, per template).
    pub templates: Templates,
    /// The embedded fonts.
    pub resources: Resources,
}

impl Tools {
    /// The built-in templates (or the `--program` profile's folder) and the embedded fonts.
    pub fn new(program: Option<Arc<Program>>) -> Result<Tools, String> {
        let templates = match program.as_ref().and_then(|p| p.templates.as_deref()) {
            Some(dir) => {
                Templates::from_world(&crate::world::Disk, dir).map_err(|e| e.to_string())?
            }
            None => Templates::builtin(),
        };
        Ok(Tools {
            program,
            templates,
            resources: Resources::embedded(),
        })
    }
}

/// A built bundle: what the page lists and what it downloads.
pub struct Bundle {
    /// The files and manifest.
    pub built: Built,
    /// The list the page shows.
    pub view: BundleView,
}

/// The document list of a built bundle.
#[derive(Debug, Clone, Serialize)]
pub struct BundleView {
    /// Marked 초안: not for submission.
    pub draft: bool,
    /// 과제명.
    pub title: String,
    /// 제N판.
    pub revision: u32,
    /// The name the whole bundle downloads as.
    pub zip_name: String,
    /// Every document, in submission order.
    pub documents: Vec<DocView>,
    /// The merged submission PDF.
    pub merged: Option<FileView>,
    /// Each member's signing packet.
    pub packets: Vec<PacketView>,
    /// Files in the bundle (the manifest included).
    pub files: usize,
    /// Files taken unchanged from the previous build held in memory.
    pub reused: usize,
    /// Every document's PDF pages added up (the deck's slides not among them), for the
    /// summary card: what staff print and sign.
    pub pages: usize,
}

/// One document of the list.
#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    /// 서식 number.
    pub number: u8,
    /// Form title.
    pub title: String,
    /// The member's name, for a per-member document.
    pub member: Option<String>,
    /// 문서확인번호.
    pub fingerprint: String,
    /// The names of those who sign it.
    pub signers: Vec<String>,
    /// Pages of its PDF, when PDF was made.
    pub pages: Option<usize>,
    /// Its files, one per format.
    pub files: Vec<FileView>,
}

/// One downloadable file.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    /// The path inside the bundle.
    pub path: String,
    /// `PDF`, `DOCX`, `HWPX`, `ZIP`.
    pub label: String,
    /// Size in bytes.
    pub bytes: usize,
    /// Pages, for a PDF.
    pub pages: Option<usize>,
    /// The name a browser saves it as: its own, `초안_` before it in a draft, and a packet
    /// as `서명묶음_<기관명>_제N판.zip`.
    pub download: String,
}

/// One member's signing packet.
#[derive(Debug, Clone, Serialize)]
pub struct PacketView {
    /// Member id.
    pub member: String,
    /// Member name.
    pub name: String,
    /// The packet zip.
    pub file: FileView,
    /// The member's 담당자, as the file names them (absent when it does not).
    pub contact: Option<String>,
    /// A `mailto:` to the 담당자 with a subject and a short request filled in (absent without
    /// an e-mail address, and for a draft, which is not sent for signing).
    pub mailto: Option<String>,
}

/// `mailto:` the member's 담당자, asking them to sign and return this revision's packet.
fn mailto(m: &crate::model::Member, c: &crate::model::Consortium, packet: &str) -> Option<String> {
    let email = m.contact.as_ref()?.email.as_deref()?.trim();
    if email.is_empty() || email.contains(['?', '&', ' ', '\n']) {
        return None;
    }
    let title = c.project.title.as_deref().unwrap_or_default();
    let lead = c
        .members
        .iter()
        .find(|x| x.role == crate::model::Role::Lead)
        .map_or("", |x| x.name.as_str());
    let subject = format!("[{title}] 서명 요청 — {} (제{}판)", m.name, c.revision);
    let body = format!(
        "{} 담당자님께,\n\n「{title}」 신청 서류 가운데 귀 기관이 서명할 서류를 묶어 보내 드립니다. 첨부한 {packet} 안의 서명안내.txt에 따라 PDF를 인쇄해 서명·날인하신 뒤 스캔해 회신해 주십시오.\n\n{lead} 드림",
        m.name
    );
    Some(format!(
        "mailto:{email}?subject={}&body={}",
        percent(&subject),
        percent(&body)
    ))
}

/// Percent-encoding of a `mailto:` field (RFC 6068): every byte but the unreserved ones.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Build the bundle of a checked input (its figures, and whether its check found errors), as
/// [`bundle::build`]: `draft` marks every page 초안 (and is how a file with errors is built at
/// all). `previous` lends unchanged files (the incremental build).
pub fn build(
    upload: &Upload,
    input: &Input,
    figures: &Figures,
    errors: bool,
    draft: bool,
    tools: &Tools,
    previous: Option<&Built>,
) -> Result<Bundle, Refusal> {
    let opts = bundle::Options {
        templates: &tools.templates,
        resources: &tools.resources,
        formats: Formats::ALL,
        draft,
        previous: previous.map(|p| p as &dyn bundle::Previous),
    };
    let built = bundle::build(&upload.world, input, figures, errors, &opts, &|_, _| {}).map_err(
        |e| match e {
            bundle::BuildError::Refused(r) => Refusal::new(422, r.to_string()),
            e => Refusal::new(422, format!("서류를 만들 수 없습니다: {e}")),
        },
    )?;
    let view = view(&built, input, draft);
    Ok(Bundle { built, view })
}

fn view(built: &Built, input: &Input, draft: bool) -> BundleView {
    let c = &input.data;
    let name_of = |id: &str| {
        c.members
            .iter()
            .find(|m| m.id.as_str() == id)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let bytes_of = |path: &str| {
        built
            .files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.clone())
    };
    let prefix = if draft { "초안_" } else { "" };
    let file_view = |path: &str| -> FileView {
        let bytes = bytes_of(path);
        let pages = match Format::of_path(path) {
            Some(Format::Pdf) => bytes
                .as_ref()
                .and_then(|b| crate::render::pdf_pages(&b.contiguous())),
            // The deck's slides stand for its pages.
            _ if crate::deck::is_deck(path) => bytes
                .as_ref()
                .and_then(|b| crate::deck::slide_count(&b.contiguous())),
            _ => None,
        };
        let label = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_uppercase())
            .unwrap_or_default();
        let own = path.rsplit('/').next().unwrap_or(path);
        FileView {
            path: path.to_string(),
            label,
            bytes: bytes.map_or(0, |b| b.len()),
            pages,
            download: format!("{prefix}{own}"),
        }
    };
    let mut documents: Vec<DocView> = Vec::new();
    for e in built
        .manifest
        .files
        .iter()
        .filter(|f| !f.path.contains('/'))
    {
        let (Some(fp), Some(stem)) = (&e.fingerprint, &e.document) else {
            continue;
        };
        let file = file_view(&e.path);
        if let Some(last) = documents.last_mut().filter(|d| {
            &d.fingerprint == fp
                && d.files[0].path.rsplit_once('.').map(|x| x.0)
                    == e.path.rsplit_once('.').map(|x| x.0)
        }) {
            last.pages = last.pages.or(file.pages);
            last.files.push(file);
            continue;
        }
        let number: u8 = stem.get(..2).and_then(|n| n.parse().ok()).unwrap_or(0);
        let title = input
            .program()
            .documents
            .iter()
            .find(|d| *stem == d.file || stem.starts_with(&format!("{}_", d.file)))
            .map(|d| d.title.clone())
            .or_else(|| {
                let deck = input.program().deck.as_ref()?;
                (deck.file == *stem).then(|| deck.title.clone())
            })
            .unwrap_or_else(|| stem.clone());
        documents.push(DocView {
            number,
            title,
            member: e.member.as_deref().map(name_of),
            fingerprint: fp.clone(),
            signers: e.signers.iter().map(|s| name_of(s)).collect(),
            pages: file.pages,
            files: vec![file],
        });
    }
    let merged = built
        .files
        .iter()
        .any(|(p, _)| p == bundle::MERGED_PDF)
        .then(|| file_view(bundle::MERGED_PDF));
    let packets = built
        .files
        .iter()
        .filter_map(|(p, _)| {
            let id = p.strip_prefix("members/")?.strip_suffix(".zip")?;
            let name = name_of(id);
            let mut file = file_view(p);
            file.download = format!(
                "{prefix}서명묶음_{}_제{}판.zip",
                safe_file_name(&name),
                c.revision
            );
            let member = c.members.iter().find(|m| m.id.as_str() == id);
            let contact = member.and_then(|m| m.contact.as_ref()?.name.clone());
            let mailto = member
                .filter(|_| !draft)
                .and_then(|m| mailto(m, c, &file.download));
            Some(PacketView {
                member: id.to_string(),
                name,
                file,
                contact,
                mailto,
            })
        })
        .collect();
    BundleView {
        draft,
        title: c.project.title.clone().unwrap_or_default(),
        revision: c.revision,
        zip_name: format!(
            "{}{}_제{}판.zip",
            if draft { "초안_" } else { "" },
            input.program().id,
            c.revision
        ),
        pages: pdf_pages(&documents),
        documents,
        merged,
        packets,
        files: built.files.len(),
        reused: built.reused.len(),
    }
}

/// The PDF pages of `documents`, added up.
fn pdf_pages(documents: &[DocView]) -> usize {
    documents
        .iter()
        .flat_map(|d| &d.files)
        .filter(|f| f.label == "PDF")
        .filter_map(|f| f.pages)
        .sum()
}

/// 표시된 엑셀: the uploaded workbook with every cell a finding names filled (red for an
/// error, amber for a warning) and the findings in its note; its name (`자료_표시.xlsx`) and
/// bytes. Only a workbook can be marked; one that cannot be read has nothing to mark.
pub fn marked(
    upload: &Upload,
    program: Option<&Arc<Program>>,
) -> Result<(String, Vec<u8>), Refusal> {
    if InputFormat::from_path(Path::new(&upload.name)) != Some(InputFormat::Xlsx) {
        return Err(Refusal::new(
            400,
            "칸을 표시할 수 있는 것은 엑셀 파일(.xlsx)뿐입니다",
        ));
    }
    let (checked, _) = check(upload, program);
    let marks: Vec<crate::save::marked::Mark> = checked
        .findings
        .iter()
        .filter_map(|f| {
            Some(crate::save::marked::Mark {
                sheet: f.sheet.clone()?,
                cell: f.cell.clone()?,
                severity: f.severity,
                message: f.message.clone(),
            })
        })
        .collect();
    let bytes = crate::world::World::read(&upload.world, Path::new(&upload.name))
        .map_err(|_| Refusal::new(400, "올린 엑셀 파일을 읽을 수 없습니다"))?;
    let marked =
        crate::save::marked::mark(&bytes, &marks).map_err(|e| Refusal::new(422, e.to_string()))?;
    let stem = upload.name.strip_suffix(".xlsx").unwrap_or(&upload.name);
    Ok((format!("{stem}_표시.xlsx"), marked))
}

/// A name with the characters Windows forbids in file names replaced by `_`.
fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

/// The previous revision for a comparison: a consortium file, or a bundle's `manifest.json`.
pub enum Earlier {
    /// A consortium file (with its seal images).
    File(Upload),
    /// A bundle's manifest.
    Manifest(Manifest),
}

impl Earlier {
    /// A single `manifest.json` (by name, or a JSON file with a `manifest` key and `files`) is
    /// a bundle's manifest; anything else is a consortium upload.
    pub fn from_files(mut files: Vec<(String, Vec<u8>)>) -> Result<Earlier, Refusal> {
        if files.len() == 1 {
            let (name, bytes) = &files[0];
            let looks_like = name.eq_ignore_ascii_case(bundle::MANIFEST)
                || (name.to_ascii_lowercase().ends_with(".json")
                    && bytes.windows(12).any(|w| w == b"\"manifest\": "));
            if looks_like {
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| Refusal::new(400, "manifest.json이 UTF-8 텍스트가 아닙니다"))?;
                if let Ok(m) = Manifest::from_json(text) {
                    return Ok(Earlier::Manifest(m));
                }
                if name.eq_ignore_ascii_case(bundle::MANIFEST) {
                    return Err(Refusal::new(
                        400,
                        "manifest.json을 읽을 수 없습니다: formpack이 만든 묶음의 manifest.json을 올려 주십시오",
                    ));
                }
            }
        }
        Upload::from_files(std::mem::take(&mut files)).map(Earlier::File)
    }
}

/// The comparison the page shows: the report and its text.
#[derive(Debug, Clone, Serialize)]
pub struct Compared {
    /// The structured report (as `diff --format json`).
    pub report: Report,
    /// The report as the CLI prints it.
    pub text: String,
    /// Member id → name, for the re-sign list.
    pub names: Vec<(String, String)>,
    /// `report.fields` as staff read them, one for one: what, old → new, where.
    pub changes: Vec<ChangeView>,
}

/// One changed field as a sentence's parts: `주식회사 다온비전 · 2026년 국비`, the old and new
/// values as printed (amounts in 원), and where it is in the new file (`사업비!E6`, `12행`).
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// What changed, in the workbook's words.
    pub label: String,
    /// The old value as printed (`(없음)` for a new field).
    pub old: String,
    /// The new value as printed (`(없음)` for a field gone).
    pub new: String,
    /// Where in the new file, when it is there.
    pub place: Option<String>,
}

/// A changed field as staff read it.
fn change_view(f: &crate::diff::FieldChange, input: &Input) -> ChangeView {
    let c = &input.data;
    let shown = |v: &Option<String>| crate::diff::shown(&f.path, v);
    let index = |prefix: &str| -> Option<usize> {
        f.path.strip_prefix(prefix)?.split(']').next()?.parse().ok()
    };
    let field = crate::workbook::schema::describe(&f.path).unwrap_or_else(|| f.path.clone());
    let label = if let Some(row) = index("budget[").and_then(|i| c.budget.get(i)) {
        let who = c
            .members
            .iter()
            .find(|m| m.id == row.member)
            .map_or(row.member.to_string(), |m| m.name.clone());
        let header = field
            .rsplit_once("행의 ")
            .map_or(field.as_str(), |(_, h)| h);
        format!("{who} · {}년 {} · {header}", row.year, row.category)
    } else if let Some(m) = index("members[").and_then(|i| c.members.get(i)) {
        let header = field
            .rsplit_once("행의 ")
            .map_or(field.as_str(), |(_, h)| h);
        format!("{} · {header}", m.name)
    } else {
        field
    };
    let loc = input.map.locate(&f.path);
    let place = match (&loc.sheet, &loc.cell, loc.line) {
        (Some(s), Some(cell), _) => Some(format!("{s}!{cell}")),
        (_, _, Some(line)) => Some(format!("{line}행")),
        _ => None,
    };
    ChangeView {
        label,
        old: shown(&f.old),
        new: shown(&f.new),
        place,
    }
}

/// Why two revisions could not be compared.
pub enum CompareError {
    /// A file cannot be read: its findings.
    Unreadable(Vec<Finding>),
    /// Anything else.
    Refused(Refusal),
}

/// Compare an earlier revision with a new upload.
pub fn compare(
    earlier: &Earlier,
    new: &Upload,
    program: Option<&Arc<Program>>,
) -> Result<Compared, CompareError> {
    let unreadable = |d: Vec<Diagnostic>| {
        CompareError::Unreadable(d.iter().map(|d| Finding::of(d, None)).collect())
    };
    let new_input = new.load(program).map_err(unreadable)?;
    let new_side = Given::Input(&new_input, &new.world);
    let report = match earlier {
        Earlier::Manifest(m) => diff::diff_given(Given::Manifest(m), new_side),
        Earlier::File(old) => {
            let old_input = old.load(program).map_err(unreadable)?;
            diff::diff_given(Given::Input(&old_input, &old.world), new_side)
        }
    }
    .map_err(|e| CompareError::Refused(Refusal::new(422, e.to_string())))?;
    let names = new_input
        .data
        .members
        .iter()
        .map(|m| (m.id.to_string(), m.name.clone()))
        .collect();
    let changes = report
        .fields
        .iter()
        .map(|f| change_view(f, &new_input))
        .collect();
    Ok(Compared {
        text: diff::text(&report),
        report,
        names,
        changes,
    })
}
