//! The compose stage on the sample consortium: which documents, what they say, what they
//! must not say, hostile data, template overrides and fingerprints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use formpack::compose::{compose_all, ComposeError, Composed, DocKind, Templates};
use formpack::doc::{Block, Cell, Table};
use formpack::figures::Figures;
use formpack::load::{load, Input};
use formpack::program::Program;
use formpack::world::Disk;

use crate::common;

fn sample() -> Input {
    load(Path::new(common::SAMPLE)).unwrap_or_else(|d| panic!("{d:?}"))
}

fn compose_with(input: &Input, templates: &Templates, draft: bool) -> Vec<Composed> {
    let program = Program::by_id(&input.data.program).unwrap();
    let figures = Figures::compute(&input.data, program);
    compose_all(&Disk, input, &figures, program, templates, draft).unwrap_or_else(|e| panic!("{e}"))
}

fn compose(input: &Input) -> Vec<Composed> {
    compose_with(input, &Templates::builtin(), false)
}

fn doc<'a>(docs: &'a [Composed], kind: DocKind, member: Option<&str>) -> &'a Composed {
    docs.iter()
        .find(|d| d.kind == kind && d.member.as_deref() == member)
        .unwrap_or_else(|| panic!("no {kind:?} for {member:?}"))
}

fn tables(d: &Composed) -> Vec<&Table> {
    d.doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The cell reading `text` in the first table that has a cell reading `marker`.
fn cell_in<'a>(d: &'a Composed, marker: &str, text: &str) -> &'a Cell {
    let has = |t: &Table, x: &str| t.rows.iter().flat_map(|r| &r.cells).any(|c| c.text() == x);
    let t = tables(d)
        .into_iter()
        .find(|t| has(t, marker))
        .unwrap_or_else(|| panic!("no table with {marker}"));
    t.rows
        .iter()
        .flat_map(|r| &r.cells)
        .find(|c| c.text() == text)
        .unwrap_or_else(|| panic!("no cell {text}"))
}

/// The cell texts of every table row (across all tables) that has a cell reading `label`.
fn rows_with(d: &Composed, label: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for t in tables(d) {
        for r in &t.rows {
            if r.cells.iter().any(|c| c.text() == label) {
                out.push(r.cells.iter().map(|c| c.text()).collect());
            }
        }
    }
    out
}

/// The first such row; panics if there is none.
fn row_with(d: &Composed, label: &str) -> Vec<String> {
    rows_with(d, label)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no row with `{label}` in {}", d.file_stem))
}

/// The last such row; panics if there is none.
fn last_row_with(d: &Composed, label: &str) -> Vec<String> {
    rows_with(d, label)
        .pop()
        .unwrap_or_else(|| panic!("no row with `{label}` in {}", d.file_stem))
}

fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "formpack-compose-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const PERFORMERS: [&str; 6] = [
    "hanbit-tp",
    "saebom-econ",
    "hanbit-univ",
    "kaic",
    "nuri-ai",
    "daon-vision",
];

#[test]
fn the_right_documents_for_the_right_members_in_order() {
    let docs = compose(&sample());
    let got: Vec<(DocKind, Option<&str>)> =
        docs.iter().map(|d| (d.kind, d.member.as_deref())).collect();
    let mut want = vec![
        (DocKind::Application, None),
        (DocKind::BusinessPlan, None),
        (DocKind::BudgetSummary, None),
        (DocKind::Agreement, None),
    ];
    want.extend(
        PERFORMERS
            .iter()
            .map(|m| (DocKind::Participation, Some(*m))),
    );
    want.extend(PERFORMERS.iter().map(|m| (DocKind::Eligibility, Some(*m))));
    want.push((DocKind::LocalContribution, None));
    want.push((DocKind::AssetPlan, Some("kaic")));
    want.extend(
        PERFORMERS
            .iter()
            .map(|m| (DocKind::PrivacyIntegrity, Some(*m))),
    );
    assert_eq!(got, want);
    assert_eq!(docs.len(), 4 + 6 + 6 + 1 + 1 + 6);

    let stems: Vec<&str> = docs.iter().map(|d| d.file_stem.as_str()).collect();
    assert_eq!(stems[0], "01_사업신청서");
    assert_eq!(stems[1], "02_사업계획서");
    assert_eq!(stems[2], "02_사업비총괄표");
    assert_eq!(stems[3], "03_컨소시엄협약서");
    assert_eq!(stems[4], "04_참여의사확인서_재단법인 한빛테크노파크");
    assert_eq!(stems[10], "05_신청자격적정성확인서_재단법인 한빛테크노파크");
    assert!(stems.contains(&"05_신청자격적정성확인서_주식회사 누리에이아이"));
    assert!(stems.contains(&"06_자치단체부담금납입협약서"));
    assert!(stems.contains(&"07_취득자산구매계획서_한국AI융합연구원"));
    assert!(stems.contains(&"08_개인정보동의서및청렴서약서_주식회사 다온비전"));
    // Grouped by kind: document numbers never go down.
    assert!(docs.windows(2).all(|w| w[0].kind <= w[1].kind));
    // Nobody gets a document twice; the region gets no 04/05/08.
    assert!(!docs.iter().any(|d| d.member.as_deref() == Some("daejeon")));
    let fps: std::collections::BTreeSet<&str> = docs.iter().map(|d| d.file_stem.as_str()).collect();
    assert_eq!(fps.len(), docs.len());
}

#[test]
fn metadata_footer_and_signature_dates() {
    let docs = compose_with(&sample(), &Templates::builtin(), true);
    for d in &docs {
        assert_eq!(d.doc.footer.fingerprint, d.fingerprint);
        if matches!(d.kind, DocKind::BusinessPlan | DocKind::BudgetSummary) {
            // The business plan and its budget tables: nobody signs them.
            continue;
        }
        assert_eq!(d.fingerprint.len(), 8);
        assert!(d.fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(d.doc.footer.left, d.title);
        // A member's own document is authored by the member, the others by the lead.
        let input = sample();
        let author = match &d.member {
            Some(id) => {
                let m = input.data.members.iter().find(|m| m.id.as_str() == id);
                m.unwrap().name.clone()
            }
            None => "재단법인 한빛테크노파크".to_string(),
        };
        assert_eq!(d.doc.author, author, "{}", d.file_stem);
        assert_eq!(d.doc.watermark.as_deref(), Some("초안"));
        let sig = d
            .doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Signature(s) => Some(s),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{} has no signature", d.file_stem));
        assert_eq!(sig.date, "2026. 3. 9.");
        assert!(sig
            .parties
            .iter()
            .all(|p| p.mark == "(직인)" || p.mark == "(서명 또는 인)"));
    }
    let elig = doc(&docs, DocKind::Eligibility, Some("nuri-ai"));
    assert_eq!(
        elig.doc.title,
        "신청자격 적정성 확인서 — 주식회사 누리에이아이"
    );
    let agreement = doc(&docs, DocKind::Agreement, None);
    let sig = agreement
        .doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Signature(s) => Some(s),
            _ => None,
        })
        .unwrap();
    assert_eq!(sig.parties.len(), 7, "every party signs the agreement");
    let privacy = doc(&docs, DocKind::PrivacyIntegrity, Some("kaic"));
    assert!(privacy.doc.plain_text().contains("(서명 또는 인)"));
    // The addressee is the last thing of the application.
    let app = doc(&docs, DocKind::Application, None).doc.plain_text();
    assert!(app.trim_end().ends_with("중소벤처기업부장관 귀하"));
}

#[test]
fn application_shows_totals_ratio_and_every_members_share() {
    let input = sample();
    let docs = compose(&input);
    let app = doc(&docs, DocKind::Application, None);
    let text = app.doc.plain_text();
    for s in [
        "23,900,000,000",
        "14,000,000,000",
        "6,300,000,000",
        "26.36%",
        "41.42%",
        "2026. 4. 1. ~ 2027. 12. 31.",
        "「2026년 지역 주도형 AI 대전환」 사업 공고에 따라 위와 같이 신청합니다.",
    ] {
        assert!(text.contains(s), "01 lacks {s}");
    }
    assert_eq!(
        row_with(app, "지방비"),
        [
            "지방비",
            "3,100,000,000",
            "3,200,000,000",
            "6,300,000,000",
            "26.36%"
        ]
    );
    // 민간부담금 spans the cash and in-kind rows.
    let cell = cell_in(app, "민간부담금", "민간부담금");
    assert_eq!(cell.rowspan, 2);
    assert!(cell.shade);
    assert_eq!(app.shown["총사업비"], "23,900,000,000");
    assert_eq!(app.shown["국비"], "14,000,000,000");
    assert_eq!(app.shown["지방비"], "6,300,000,000");
    assert_eq!(app.shown["지방비 비율"], "26.36%");

    let program = Program::by_id("ai-transition-2026").unwrap();
    let f = Figures::compute(&input.data, program);
    let agreement = doc(&docs, DocKind::Agreement, None);
    let summary = doc(&docs, DocKind::BudgetSummary, None);
    for m in input.data.members.iter().filter(|m| m.is_performer()) {
        let mf = f.member(m.id.as_str()).unwrap();
        let total = formpack::korean::won(mf.total.total());
        let national = formpack::korean::won(mf.total.national);
        let key = format!("기관[{}] 합계", m.id);
        for d in [app, summary, agreement] {
            assert_eq!(d.shown[&key], total, "{} {key}", d.file_stem);
        }
        // In 01 the member's row reads name, 국비, 지방비, 민간, 계.
        let row = rows_with(app, &m.name)
            .into_iter()
            .find(|r| r.len() == 6 && r[1] == m.name)
            .unwrap();
        assert_eq!(row.last().unwrap(), &total, "01 row of {}", m.id);
        assert_eq!(row[2], national);
        // In 02 the member's row carries its total too.
        let row = row_with(summary, &format!("{} ({})", m.name, m.role.label()));
        assert_eq!(row[5], total);
        // 별표 3: the member's 소계 row follows its year rows.
        assert!(agreement.doc.plain_text().contains(&total));
    }
}

/// Figure names that mean "this document's member": they differ from document to document.
const MEMBER_RELATIVE: [&str; 4] = [
    "분담액 합계",
    "분담액(한글)",
    "자기부담금(한글)",
    "자본총계",
];

#[test]
fn every_shown_figure_is_printed_and_agrees_across_documents() {
    let docs = compose(&sample());
    let mut seen: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for d in &docs {
        let text = d.doc.plain_text();
        assert!(
            !d.shown.is_empty()
                || matches!(d.kind, DocKind::PrivacyIntegrity | DocKind::Eligibility)
        );
        for (k, v) in &d.shown {
            assert!(
                text.contains(v.as_str()),
                "{}: {k} = {v} not printed",
                d.file_stem
            );
            if MEMBER_RELATIVE.contains(&k.as_str()) {
                continue;
            }
            if let Some((other, ov)) = seen.get(k.as_str()) {
                assert_eq!(ov, v, "{k} differs between {other} and {}", d.file_stem);
            } else {
                seen.insert(k, (&d.file_stem, v));
            }
        }
    }
    // The same amount under the same name in 01, 02, 03, 04.
    assert_eq!(seen["기관[nuri-ai] 합계"].1, "2,800,000,000");
    assert_eq!(seen["2026년 지방비"].1, "3,100,000,000");
}

#[test]
fn participation_of_nuri_ai_shows_its_own_budget_and_words() {
    let docs = compose(&sample());
    let d = doc(&docs, DocKind::Participation, Some("nuri-ai"));
    let text = d.doc.plain_text();
    assert_eq!(
        row_with(d, "국비"),
        ["국비", "600,000,000", "700,000,000", "1,300,000,000"]
    );
    assert_eq!(
        row_with(d, "현금"),
        [
            "민간부담금",
            "현금",
            "200,000,000",
            "250,000,000",
            "450,000,000"
        ]
    );
    assert_eq!(
        last_row_with(d, "합계"),
        ["합계", "1,300,000,000", "1,500,000,000", "2,800,000,000"]
    );
    assert!(text.contains("금2,800,000,000원(금이십팔억원)"));
    assert!(text.contains("금850,000,000원(금팔억오천만원)"));
    assert!(text.contains("☐주관기관 ☑참여기관"));
    assert!(text.contains("314-81-09874"));
    assert!(text.contains("160111-0098768"));
    assert_eq!(d.shown["분담액 합계"], "2,800,000,000");
    assert_eq!(d.shown["분담액(한글)"], "금2,800,000,000원(금이십팔억원)");
    let lead = doc(&docs, DocKind::Participation, Some("hanbit-tp"));
    assert!(lead.doc.plain_text().contains("☑주관기관 ☐참여기관"));
    // Another member's figures are not in nuri-ai's confirmation.
    assert!(!text.contains("2,870,000,000"));
    assert!(!d.shown.keys().any(|k| k.contains("daon-vision")));
}

#[test]
fn local_contribution_agreement_amounts_and_due_dates() {
    let docs = compose(&sample());
    let d = doc(&docs, DocKind::LocalContribution, None);
    let text = d.doc.plain_text();
    assert!(text.contains("금6,300,000,000원(금육십삼억원)"));
    assert!(text.contains("금3,100,000,000원(금삼십일억원)"));
    let row = row_with(d, "2026");
    assert_eq!(row[1], "3,100,000,000");
    assert!(row[3].starts_with("2026. 5. 29."), "{row:?}");
    let row = row_with(d, "2027");
    assert_eq!(row[1], "3,200,000,000");
    assert!(row[3].starts_with("2027. 3. 31."), "{row:?}");
    for s in [
        "한빛은행",
        "301-2026-0410-17",
        "지방재정법",
        "대전광역시",
        "재단법인 한빛테크노파크",
    ] {
        assert!(text.contains(s), "06 lacks {s}");
    }
    assert_eq!(
        d.shown["지방비 납입액 합계(한글)"],
        "금6,300,000,000원(금육십삼억원)"
    );
}

#[test]
fn asset_plan_of_kaic_lists_six_assets_with_totals_equal_to_its_budget() {
    let docs = compose(&sample());
    let d = doc(&docs, DocKind::AssetPlan, Some("kaic"));
    let text = d.doc.plain_text();
    let items = &tables(d)[1];
    assert_eq!(items.rows.len(), 1 + 6 + 1, "header, six assets, total");
    for name in [
        "AI 학습용 GPU 서버",
        "고성능 공유 스토리지",
        "엣지 AI 실증 키트",
        "AI 추론용 GPU 서버",
        "400GbE 네트워크 스위치",
        "제조 데이터 수집 센서 키트",
    ] {
        assert!(text.contains(name), "07 lacks {name}");
    }
    assert_eq!(items.rows[1].cells[5].text(), "1,800,000,000");
    assert_eq!(
        last_row_with(d, "2026"),
        [
            "2026",
            "1,800,000,000",
            "800,000,000",
            "0",
            "2,600,000,000",
            "2,600,000,000"
        ]
    );
    assert_eq!(
        last_row_with(d, "2027"),
        [
            "2027",
            "600,000,000",
            "400,000,000",
            "0",
            "1,000,000,000",
            "1,000,000,000"
        ]
    );
    assert_eq!(d.shown["자산[kaic] 합계"], "3,600,000,000");
    assert!(text.contains("보조금 관리에 관한 법률"));
    assert!(text.contains("부가가치세"));
}

#[test]
fn eligibility_check_boxes_come_from_the_data() {
    let docs = compose(&sample());
    let answer = |d: &Composed, item: &str| -> (String, String) {
        for t in tables(d) {
            for r in &t.rows {
                if r.cells.len() == 4 && r.cells[1].text().starts_with(item) {
                    return (r.cells[2].text(), r.cells[3].text());
                }
            }
        }
        panic!("no row {item}");
    };
    for m in PERFORMERS {
        let d = doc(&docs, DocKind::Eligibility, Some(m));
        assert_eq!(answer(d, "(중복지원)").0, "☐예 ☑아니오", "{m}");
        assert_eq!(answer(d, "(휴·폐업)").0, "☐예 ☑아니오", "{m}");
        assert_eq!(answer(d, "(체납)").0, "☐예 ☑아니오", "{m}");
        assert!(d.doc.plain_text().contains("선정 취소"));
    }
    let nuri = doc(&docs, DocKind::Eligibility, Some("nuri-ai"));
    let (a, why) = answer(nuri, "(완전자본잠식)");
    assert_eq!(a, "해당없음");
    assert!(
        why.contains("설립 7년 미만") && why.contains("2021. 6. 1."),
        "{why}"
    );
    let daon = doc(&docs, DocKind::Eligibility, Some("daon-vision"));
    let (a, why) = answer(daon, "(완전자본잠식)");
    assert_eq!(a, "☐예 ☑아니오");
    assert!(
        why.contains("2,870,000,000") && why.contains("2025. 12. 31."),
        "{why}"
    );

    // Negative equity in an older firm is ticked 예; a public body gets 해당없음 with its reason.
    let mut input = sample();
    let m = input
        .data
        .members
        .iter_mut()
        .find(|m| m.id.as_str() == "daon-vision")
        .unwrap();
    m.eligibility.as_mut().unwrap().equity = -1;
    let u = input
        .data
        .members
        .iter_mut()
        .find(|m| m.id.as_str() == "hanbit-univ")
        .unwrap();
    u.corporate_no = None;
    u.eligibility = None;
    u.founded = None;
    let docs = compose_with(&input, &Templates::builtin(), true);
    let daon = doc(&docs, DocKind::Eligibility, Some("daon-vision"));
    assert_eq!(answer(daon, "(완전자본잠식)").0, "☑예 ☐아니오");
    let univ = doc(&docs, DocKind::Eligibility, Some("hanbit-univ"));
    let (a, why) = answer(univ, "(완전자본잠식)");
    assert_eq!(a, "해당없음");
    assert!(why.contains("공공기관"), "{why}");
    assert_eq!(
        answer(univ, "(중복지원)").0,
        "☐예 ☐아니오",
        "unknown: left to tick by hand"
    );
}

#[test]
fn no_other_members_contacts_in_a_members_documents() {
    let input = sample();
    let docs = compose(&input);
    let c = &input.data;
    let mut personal: Vec<(String, String)> = Vec::new(); // (owner id, text)
    for m in &c.members {
        if let Some(k) = &m.contact {
            for v in [&k.phone, &k.email, &k.name].into_iter().flatten() {
                personal.push((m.id.to_string(), v.clone()));
            }
        }
    }
    for p in [&c.project.director, &c.project.manager]
        .into_iter()
        .flatten()
    {
        for v in [&p.phone, &p.mobile, &p.email].into_iter().flatten() {
            personal.push((p.member.to_string(), v.clone()));
        }
    }
    let mut checked = 0;
    for d in docs.iter().filter(|d| d.kind.per_member()) {
        let owner = d.member.as_deref().unwrap();
        let text = d.doc.plain_text();
        for (who, v) in &personal {
            if who != owner {
                assert!(
                    !text.contains(v.as_str()),
                    "{} shows {who}'s {v}",
                    d.file_stem
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100);
    // A member's own contact is in its own privacy consent.
    let own = doc(&docs, DocKind::PrivacyIntegrity, Some("nuri-ai"))
        .doc
        .plain_text();
    assert!(own.contains("dohyun.lim@nuri-ai.example"));
    // Eligibility facts stay in the member's own 05.
    for d in docs.iter().filter(|d| d.kind != DocKind::Eligibility) {
        assert!(
            !d.doc.plain_text().contains("-184,000,000"),
            "{}",
            d.file_stem
        );
    }
}

#[test]
fn hostile_text_stays_literal() {
    let mut input = sample();
    let summary = "가&<>\"'`=".repeat(700);
    assert!(summary.chars().count() >= 5000);
    input.data.project.title = Some("{{project.title}} & \"따옴표\" 'x' <b>굵게</b>".into());
    input.data.project.summary = Some(summary.clone());
    let m = input
        .data
        .members
        .iter_mut()
        .find(|m| m.id.as_str() == "daon-vision")
        .unwrap();
    m.name = "</p><table>".into();
    m.duty = Some("]]><!-- \u{1} {{#each members}}x{{/each}}".into());
    let n = input
        .data
        .members
        .iter_mut()
        .find(|m| m.id.as_str() == "nuri-ai")
        .unwrap();
    n.name = "../../x".into();
    let docs = compose(&input);
    let app = doc(&docs, DocKind::Application, None).doc.plain_text();
    assert!(app.contains("{{project.title}} & \"따옴표\" 'x' <b>굵게</b>"));
    assert!(app.contains(&summary));
    assert!(app.contains("</p><table> (참여기관)"));
    assert!(app.contains("]]><!-- {{#each members}}x{{/each}}"));
    let daon = doc(&docs, DocKind::Participation, Some("daon-vision"));
    assert!(daon.doc.plain_text().contains("</p><table>"));
    assert_eq!(
        daon.doc.title,
        "수행기관 대표의 참여 의사 확인서 — </p><table>"
    );
    assert_eq!(daon.file_stem, "04_참여의사확인서___p__table_");
    let nuri = doc(&docs, DocKind::Participation, Some("nuri-ai"));
    assert!(!nuri.file_stem.contains('/') && !nuri.file_stem.contains('\\'));
    assert_eq!(nuri.file_stem, "04_참여의사확인서__.._x");
    assert!(doc(&docs, DocKind::Agreement, None)
        .doc
        .plain_text()
        .contains("../../x"));
}

#[test]
fn same_safe_names_are_told_apart_by_id() {
    let mut input = sample();
    for id in ["nuri-ai", "daon-vision"] {
        let m = input
            .data
            .members
            .iter_mut()
            .find(|m| m.id.as_str() == id)
            .unwrap();
        m.name = "주식회사 에이/아이".into();
    }
    let docs = compose(&input);
    let stems: Vec<&str> = docs
        .iter()
        .filter(|d| d.kind == DocKind::Eligibility)
        .map(|d| d.file_stem.as_str())
        .collect();
    assert!(stems.contains(&"05_신청자격적정성확인서_주식회사 에이_아이_nuri-ai"));
    assert!(stems.contains(&"05_신청자격적정성확인서_주식회사 에이_아이_daon-vision"));
}

#[test]
fn strict_mode_names_template_and_line() {
    let dir = temp_dir("strict");
    std::fs::write(
        dir.join("04_participation.hbs"),
        "<document>\n<p>{{project.title}}</p>\n<p>{{project.nonexistent}}</p>\n</document>\n",
    )
    .unwrap();
    let t = Templates::from_dir(&dir).unwrap();
    let input = sample();
    let program = Program::by_id("ai-transition-2026").unwrap();
    let f = Figures::compute(&input.data, program);
    let e: ComposeError = compose_all(&Disk, &input, &f, program, &t, false).unwrap_err();
    assert_eq!(e.template.as_deref(), Some("04_participation"));
    assert_eq!(e.line, Some(3));
    let msg = e.to_string();
    assert!(
        msg.contains("04_participation") && msg.contains("3행"),
        "{msg}"
    );
    assert!(msg.contains("project.nonexistent"), "{msg}");

    // A helper given a missing field fails the same way.
    std::fs::write(
        dir.join("04_participation.hbs"),
        "<document>\n\n<p>{{won member.nothing}}</p>\n</document>\n",
    )
    .unwrap();
    let t = Templates::from_dir(&dir).unwrap();
    let e = compose_all(&Disk, &input, &f, program, &t, false).unwrap_err();
    assert_eq!(
        (e.template.as_deref(), e.line),
        (Some("04_participation"), Some(3))
    );

    // A syntax error is reported when the folder is read.
    std::fs::write(
        dir.join("04_participation.hbs"),
        "<document>\n{{#each x}}\n</document>\n",
    )
    .unwrap();
    let e = Templates::from_dir(&dir).unwrap_err();
    assert_eq!(e.template.as_deref(), Some("04_participation"));
    assert!(e.line.is_some(), "{e}");

    // Markup that is not the document language names the template.
    std::fs::write(
        dir.join("04_participation.hbs"),
        "<document>\n<para/>\n</document>\n",
    )
    .unwrap();
    let t = Templates::from_dir(&dir).unwrap();
    let e = compose_all(&Disk, &input, &f, program, &t, false).unwrap_err();
    assert!(
        e.to_string().contains("04_participation") && e.to_string().contains("para"),
        "{e}"
    );

    // An unknown template file is refused rather than ignored.
    std::fs::remove_file(dir.join("04_participation.hbs")).unwrap();
    std::fs::write(dir.join("04_participaton.hbs"), "<document/>").unwrap();
    let e = Templates::from_dir(&dir).unwrap_err();
    assert!(e.to_string().contains("04_participaton.hbs"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn with_two_broken_templates_the_first_in_document_order_is_reported() {
    // Templates compile and documents compose in parallel; the error must not depend on
    // which thread got there first, so each case is tried many times.
    let dir = temp_dir("two-broken");
    let input = sample();
    let program = Program::by_id("ai-transition-2026").unwrap();
    let f = Figures::compute(&input.data, program);

    // Both fail to compile.
    std::fs::write(
        dir.join("03_agreement.hbs"),
        "<document>\n{{#if x}}\n</document>\n",
    )
    .unwrap();
    std::fs::write(dir.join("08_privacy_integrity.hbs"), "{{#each y}}").unwrap();
    for _ in 0..20 {
        let e = Templates::from_dir(&dir).unwrap_err();
        assert_eq!(e.template.as_deref(), Some("03_agreement"), "{e}");
    }

    // Both compile and fail while rendering.
    std::fs::write(
        dir.join("03_agreement.hbs"),
        "<document>\n\n<p>{{a.b}}</p></document>",
    )
    .unwrap();
    std::fs::write(
        dir.join("08_privacy_integrity.hbs"),
        "<document><p>{{c.d}}</p></document>",
    )
    .unwrap();
    let t = Templates::from_dir(&dir).unwrap();
    for _ in 0..20 {
        let e = compose_all(&Disk, &input, &f, program, &t, false).unwrap_err();
        assert_eq!(
            (e.template.as_deref(), e.line),
            (Some("03_agreement"), Some(3)),
            "{e}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn override_replaces_one_template_and_export_writes_all_nine() {
    let dir = temp_dir("export");
    let written = Templates::export(&dir).unwrap();
    assert_eq!(written.len(), 9);
    for (p, name) in written.iter().zip(formpack::compose::TEMPLATE_NAMES) {
        assert_eq!(
            p.file_name().unwrap().to_str().unwrap(),
            format!("{name}.hbs")
        );
        assert!(std::fs::read_to_string(p).unwrap().starts_with("<document"));
    }
    // Exported templates are the built-ins: same fingerprints.
    let input = sample();
    let builtin = compose(&input);
    let exported = compose_with(&input, &Templates::from_dir(&dir).unwrap(), false);
    let fp = |v: &[Composed]| v.iter().map(|d| d.fingerprint.clone()).collect::<Vec<_>>();
    assert_eq!(fp(&builtin), fp(&exported));

    let only = temp_dir("override");
    std::fs::write(
        only.join("08_privacy_integrity.hbs"),
        "<document><h1>개인정보 이용·제공 동의서 및 청렴서약서</h1><p>{{member.name}} 맞춤 문구</p></document>",
    )
    .unwrap();
    let custom = compose_with(&input, &Templates::from_dir(&only).unwrap(), false);
    for (a, b) in builtin.iter().zip(&custom) {
        if a.kind == DocKind::PrivacyIntegrity {
            assert_ne!(a.fingerprint, b.fingerprint);
            assert!(b.doc.plain_text().contains("맞춤 문구"));
        } else {
            assert_eq!(a.fingerprint, b.fingerprint, "{}", a.file_stem);
            assert_eq!(a.doc, b.doc);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&only);
}

#[test]
fn fingerprints_follow_only_what_a_document_shows() {
    let input = sample();
    let a = compose(&input);
    let b = compose(&input);
    let fp = |v: &[Composed]| -> BTreeMap<String, String> {
        v.iter()
            .map(|d| (d.file_stem.clone(), d.fingerprint.clone()))
            .collect()
    };
    assert_eq!(fp(&a), fp(&b));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.doc, y.doc);
    }
    // A draft is a different document.
    let draft = compose_with(&input, &Templates::builtin(), true);
    for (x, y) in a.iter().zip(&draft) {
        assert_ne!(x.fingerprint, y.fingerprint);
    }

    let mut changed = input.clone();
    let row = changed
        .data
        .budget
        .iter_mut()
        .find(|r| r.member.as_str() == "daon-vision" && r.year == 2026)
        .unwrap();
    row.national += 10_000_000;
    let c = compose(&changed);
    let (fa, fc) = (fp(&a), fp(&c));
    let differs = |stem: &str| fa[stem] != fc[stem];
    for stem in [
        "01_사업신청서",
        "02_사업계획서",
        "02_사업비총괄표",
        "03_컨소시엄협약서",
        "06_자치단체부담금납입협약서",
        "04_참여의사확인서_주식회사 다온비전",
    ] {
        assert!(differs(stem), "{stem} should change");
    }
    for stem in [
        "04_참여의사확인서_한국AI융합연구원",
        "04_참여의사확인서_주식회사 누리에이아이",
        "07_취득자산구매계획서_한국AI융합연구원",
    ] {
        assert!(!differs(stem), "{stem} should not change");
    }
    for d in a
        .iter()
        .filter(|d| matches!(d.kind, DocKind::Eligibility | DocKind::PrivacyIntegrity))
    {
        assert!(!differs(&d.file_stem), "{} should not change", d.file_stem);
    }
    // Unchanged documents are unchanged to the last byte of the model.
    let kaic_a = doc(&a, DocKind::Participation, Some("kaic"));
    let kaic_c = doc(&c, DocKind::Participation, Some("kaic"));
    assert_eq!(kaic_a.doc, kaic_c.doc);
    // Changing a contact phone touches that member's 08 (and 04 shows the phone) only.
    let phone = common::with_contact_phone(&input, "kaic", "042-000-0000");
    let p = fp(&compose(&phone));
    let changed: Vec<&String> = fa.keys().filter(|k| fa[*k] != p[*k]).collect();
    assert_eq!(
        changed,
        [
            "04_참여의사확인서_한국AI융합연구원",
            "08_개인정보동의서및청렴서약서_한국AI융합연구원"
        ]
    );
}

#[test]
fn seals_are_placed_and_unreadable_seals_are_reported_in_korean() {
    let dir = temp_dir("seal");
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sample-consortium.yaml"
    ))
    .unwrap()
    .replace(
        "    duty: 사업 총괄 신청 및 지방비 확보·납입\n",
        "    duty: 사업 총괄 신청 및 지방비 확보·납입\n    seal: seals/daejeon.png\n",
    );
    std::fs::write(dir.join("c.yaml"), yaml).unwrap();
    std::fs::create_dir_all(dir.join("seals")).unwrap();
    std::fs::write(
        dir.join("seals/daejeon.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    let input = load(&dir.join("c.yaml")).unwrap_or_else(|d| panic!("{d:?}"));
    let docs = compose(&input);
    let sealed = |d: &Composed| -> Vec<String> {
        d.doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Signature(s) => Some(s),
                _ => None,
            })
            .flat_map(|s| &s.parties)
            .filter(|p| p.seal.is_some())
            .map(|p| p.org.clone())
            .collect()
    };
    assert_eq!(
        sealed(doc(&docs, DocKind::Application, None)),
        ["대전광역시"]
    );
    assert_eq!(
        sealed(doc(&docs, DocKind::LocalContribution, None)),
        ["대전광역시"]
    );
    assert_eq!(sealed(doc(&docs, DocKind::Agreement, None)), ["대전광역시"]);
    let before = compose(&sample());
    // The seal changes the documents it is printed on, and nothing else.
    for (x, y) in before.iter().zip(&docs) {
        let prints = !sealed(y).is_empty();
        assert_eq!(x.fingerprint != y.fingerprint, prints, "{}", x.file_stem);
    }
    // A different seal image is a different document.
    std::fs::write(dir.join("seals/daejeon.png"), b"\x89PNG\r\n\x1a\nanother").unwrap();
    let again = compose(&input);
    assert_ne!(again[0].fingerprint, docs[0].fingerprint);

    std::fs::write(dir.join("seals/daejeon.png"), b"GIF89a").unwrap();
    let program = Program::by_id("ai-transition-2026").unwrap();
    let f = Figures::compute(&input.data, program);
    let e = compose_all(&Disk, &input, &f, program, &Templates::builtin(), false).unwrap_err();
    assert!(
        e.to_string().contains("직인") && e.to_string().contains("PNG"),
        "{e}"
    );
    std::fs::remove_file(dir.join("seals/daejeon.png")).unwrap();
    let e = compose_all(&Disk, &input, &f, program, &Templates::builtin(), false).unwrap_err();
    assert!(e.to_string().contains("대전광역시의 직인 이미지"), "{e}");
    assert!(e.template.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_draft_of_an_incomplete_file_still_renders_with_blanks() {
    let mut input = sample();
    input.data.application_date = None;
    input.data.project.title = None;
    input.data.project.director = None;
    input.data.local_contribution = None;
    let m = input
        .data
        .members
        .iter_mut()
        .find(|m| m.id.as_str() == "nuri-ai")
        .unwrap();
    m.representative = None;
    m.contact = None;
    m.eligibility = None;
    m.founded = None;
    let docs = compose_with(&input, &Templates::builtin(), true);
    let app = doc(&docs, DocKind::Application, None).doc.plain_text();
    assert!(app.contains("[미입력]"));
    let e = doc(&docs, DocKind::Eligibility, Some("nuri-ai"))
        .doc
        .plain_text();
    assert!(e.contains("[미입력]"));
    assert!(e.contains("☐예 ☐아니오"));
    let lc = doc(&docs, DocKind::LocalContribution, None)
        .doc
        .plain_text();
    assert!(lc.contains("금0원(금영원)"));
}

#[test]
fn builtin_templates_never_use_unescaped_output() {
    let dir = temp_dir("raw");
    for p in Templates::export(&dir).unwrap() {
        let s = std::fs::read_to_string(&p).unwrap();
        assert!(!s.contains("{{{"), "{} uses {{{{{{", p.display());
        assert!(!s.contains("{{&"), "{}", p.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_table_is_a_full_rectangle_of_its_declared_columns() {
    use formpack::doc::Slot;
    let docs = compose(&sample());
    let mut spans = 0;
    for d in &docs {
        for (i, t) in tables(d).into_iter().enumerate() {
            let g = t.grid();
            assert_eq!(g.cols, t.widths.len(), "{} table {i}", d.file_stem);
            for (r, line) in g.slots.iter().enumerate() {
                assert!(
                    !line.iter().any(|s| matches!(s, Slot::Empty)),
                    "{} table {i} row {r} is short",
                    d.file_stem
                );
            }
            spans += t
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .filter(|c| c.rowspan > 1)
                .count();
        }
    }
    assert!(spans > 10);
    // 별표 3: each member's name spans its two year rows and its 소계 row.
    let agreement = doc(&docs, DocKind::Agreement, None);
    let name = cell_in(agreement, "소계", "주식회사 누리에이아이");
    assert_eq!(name.rowspan, 3);
}
