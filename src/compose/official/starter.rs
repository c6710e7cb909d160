//! `formpack form map`: a starter map with every place the form has, commented, and a guessed
//! value where a label or name is one formpack knows (대표자 → the representative's name).

use std::fmt::Write as _;

use formpack_form::Inventory;

use formpack_form::normalize_label;

/// Labels and names formpack recognises, spaces removed, and the value each gets.
const GUESSES: [(&[&str], &str); 16] = [
    (
        &[
            "기관명",
            "업체명",
            "회사명",
            "상호",
            "법인명",
            "상호또는법인명칭",
            "기관",
            "수행기관명",
        ],
        "{{member.name}}",
    ),
    (
        &["대표자", "대표자성명", "대표자명", "대표자(성명)", "대표"],
        "{{member.representative.name}}",
    ),
    (
        &[
            "사업자등록번호",
            "사업자번호",
            "고유번호",
            "사업자(법인)등록번호",
            "등록번호",
        ],
        "{{member.registration_no}}",
    ),
    (&["법인등록번호", "법인번호"], "{{member.corporate_no}}"),
    (
        &["주소", "소재지", "사업장소재지", "본점소재지", "사업장주소"],
        "{{member.address}}",
    ),
    (
        &["설립일", "설립일자", "설립연월일", "개업일", "개업연월일"],
        "{{date member.founded}}",
    ),
    (
        &["담당자", "담당자성명", "담당자명", "실무담당자", "성명"],
        "{{contact.name}}",
    ),
    (
        &["부서", "담당부서", "부서명", "소속"],
        "{{contact.department}}",
    ),
    (&["직위", "직책", "직급"], "{{contact.position}}"),
    (
        &[
            "전화",
            "전화번호",
            "연락처",
            "직장전화",
            "담당자전화번호",
            "담당자연락처",
        ],
        "{{contact.phone}}",
    ),
    (
        &["이메일", "전자우편", "e-mail", "email", "E-mail", "메일"],
        "{{contact.email}}",
    ),
    (&["사업명", "공고명"], "{{program.name}}"),
    (&["과제명", "사업과제명"], "{{project.title}}"),
    (
        &["사업기간", "수행기간", "협약기간"],
        "{{period project.period}}",
    ),
    (
        &["신청일", "작성일", "작성일자", "신청일자", "일자", "날짜"],
        "{{date date}}",
    ),
    (&["신청기관", "지자체", "신청지자체"], "{{region.name}}"),
];

/// The value formpack guesses for a label or name.
pub fn guess(label: &str) -> Option<&'static str> {
    let key = normalize_label(label);
    GUESSES
        .iter()
        .find(|(names, _)| {
            names
                .iter()
                .any(|n| normalize_label(n).eq_ignore_ascii_case(&key))
        })
        .map(|(_, v)| *v)
}

/// Column headers of a member list, and the member's field each shows.
const ITEM_GUESSES: [(&[&str], &str); 9] = [
    (&["연번", "번호", "순번", "no", "No", "NO"], "{{no}}"),
    (
        &["기관명", "업체명", "회사명", "참여기관", "참여기관명"],
        "{{name}}",
    ),
    (
        &["대표자", "대표자명", "대표자성명"],
        "{{representative.name}}",
    ),
    (
        &["사업자등록번호", "사업자번호", "등록번호"],
        "{{registration_no}}",
    ),
    (&["주소", "소재지"], "{{address}}"),
    (&["역할", "담당역할", "주요역할"], "{{duty}}"),
    (&["유형", "기관유형", "기관구분"], "{{kind}}"),
    (&["구분", "참여구분"], "{{role}}"),
    (&["사업비", "합계", "계", "총사업비"], "{{won share.total}}"),
];

/// The value a member list's column header suggests.
fn guess_item(header: &str) -> Option<&'static str> {
    let key = normalize_label(header);
    ITEM_GUESSES
        .iter()
        .find(|(names, _)| names.iter().any(|n| normalize_label(n) == key))
        .map(|(_, v)| *v)
}

fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn one_line(s: &str, max: usize) -> String {
    let t: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cut: String = t.chars().take(max).collect();
    if t.chars().count() > max {
        cut.push('…');
    }
    cut
}

/// The starter map for a form named `name` with `inv`.
pub fn starter(name: &str, inv: &Inventory) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# formpack 맵: {name}");
    let _ = writeln!(
        s,
        "# `formpack form inspect`가 찾은 자리를 모두 적었습니다. 값은 {{{{…}}}}로 데이터를 가리킵니다."
    );
    let _ = writeln!(
        s,
        "# formpack이 아는 이름표에는 값을 미리 적었고(확인하십시오), 나머지는 # 를 지우고 채우십시오."
    );
    let _ = writeln!(s, "# 안내: docs/공식서식.md");
    let _ = writeln!(s, "#");
    let _ = writeln!(
        s,
        "# 어느 서류의 데이터를 볼지 (없으면 --member가 있을 때 participation, 없으면 application):"
    );
    let _ = writeln!(s, "# document = \"participation\"\n");
    fields(&mut s, inv);
    labels(&mut s, inv);
    rows(&mut s, inv);
    checks(&mut s, inv);
    if !inv.placeholders.is_empty() {
        let _ = writeln!(
            s,
            "# 서식에 적힌 {{{{…}}}} 자리는 맵 없이도 데이터로 채워집니다:"
        );
        for p in &inv.placeholders {
            let _ = writeln!(s, "#   {{{{{p}}}}}");
        }
    }
    s
}

fn fields(s: &mut String, inv: &Inventory) {
    let _ = writeln!(s, "[fields]");
    if inv.named.is_empty() {
        let _ = writeln!(
            s,
            "# 이 서식에는 누름틀·셀 필드·콘텐츠 컨트롤·책갈피가 없습니다."
        );
    }
    for f in &inv.named {
        let mut note = format!("# {} {}", f.kind.label(), quoted(&f.name));
        if f.occurrences > 1 {
            let _ = write!(
                note,
                " ×{} (목록 [\"…\", \"…\"]이면 차례로 채웁니다)",
                f.occurrences
            );
        }
        if !f.hint.is_empty() {
            let _ = write!(note, ", 안내문 {}", quoted(&one_line(&f.hint, 40)));
        }
        if !f.text.trim().is_empty() && f.text != f.hint {
            let _ = write!(note, ", 지금 {}", quoted(&one_line(&f.text, 40)));
        }
        let _ = writeln!(s, "{note}");
        match guess(&f.name) {
            Some(v) => {
                let _ = writeln!(s, "{} = {}", quoted(&f.name), quoted(v));
            }
            None => {
                let _ = writeln!(s, "# {} = \"\"", quoted(&f.name));
            }
        }
    }
    s.push('\n');
}

fn labels(s: &mut String, inv: &Inventory) {
    for t in &inv.tables {
        let head: Vec<String> = t
            .labels
            .iter()
            .take(6)
            .map(|l| one_line(&l.text, 16))
            .collect();
        let _ = writeln!(
            s,
            "# 표 {} ({}행 {}열): {}",
            t.index,
            t.rows,
            t.cols,
            head.join(" | ")
        );
        for l in t.labels.iter().filter(|l| l.right_blank || l.below_blank) {
            let repeats = inv
                .tables
                .iter()
                .flat_map(|t| &t.labels)
                .filter(|o| normalize_label(&o.text) == normalize_label(&l.text))
                .count();
            let nth = inv
                .tables
                .iter()
                .flat_map(|t| t.labels.iter().map(move |o| (t.index, o)))
                .filter(|(_, o)| normalize_label(&o.text) == normalize_label(&l.text))
                .position(|(i, o)| i == t.index && o.row == l.row && o.col == l.col)
                .map_or(1, |k| k + 1);
            let direction = if l.right_blank { "right" } else { "below" };
            let value = guess(&l.text);
            // One of its kind with a blank beside it: the place to fill, surely enough.
            let fillable = inv
                .tables
                .iter()
                .flat_map(|t| &t.labels)
                .filter(|o| normalize_label(&o.text) == normalize_label(&l.text))
                .filter(|o| o.right_blank || o.below_blank)
                .count();
            let active = value.is_some() && fillable == 1;
            let c = if active { "" } else { "# " };
            let _ = writeln!(s, "{c}[[labels]]");
            let _ = writeln!(s, "{c}label = {}", quoted(&one_line(&l.text, 60)));
            let _ = writeln!(s, "{c}direction = \"{direction}\"");
            if repeats > 1 {
                let _ = writeln!(
                    s,
                    "{c}occurrence = {nth}  # 이 서식에 {repeats}번 나오는 이름표"
                );
            }
            let _ = writeln!(s, "{c}value = {}", quoted(value.unwrap_or("")));
            s.push('\n');
        }
    }
}

fn rows(s: &mut String, inv: &Inventory) {
    for t in inv.tables.iter().filter(|t| t.rows >= 3 && t.cols >= 3) {
        let head: Vec<&str> = t
            .labels
            .iter()
            .filter(|l| l.row == 1)
            .map(|l| l.text.as_str())
            .collect();
        if head.len() < 3 {
            continue;
        }
        let _ = writeln!(
            s,
            "# 표 {}은(는) 목록처럼 보입니다: 머리글 {}",
            t.index,
            head.iter()
                .map(|h| one_line(h, 20))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(s, "# [[rows]]");
        let _ = writeln!(s, "# table = {}", quoted(&one_line(head[0], 40)));
        let _ = writeln!(s, "# each = \"performers\"   # members, performers, budget, assets, subprojects, schedule");
        let cells: Vec<String> = head
            .iter()
            .map(|h| quoted(guess_item(h).unwrap_or("")))
            .collect();
        let _ = writeln!(s, "# cells = [{}]", cells.join(", "));
        let _ = writeln!(s, "# drop_sample_rows = true\n");
    }
}

fn checks(s: &mut String, inv: &Inventory) {
    if inv.checks.is_empty() {
        return;
    }
    let _ = writeln!(s, "# 확인란 (☐/□ 뒤의 글):");
    for (k, (label, on)) in inv.checks.iter().enumerate() {
        let key = normalize_label(label);
        let alike = |(l, _): &&(String, bool)| normalize_label(l) == key;
        let repeats = inv.checks.iter().filter(alike).count();
        let nth = inv.checks[..k].iter().filter(alike).count() + 1;
        let _ = writeln!(
            s,
            "# [[checks]]  # 지금 {}",
            if *on { "체크됨" } else { "비어 있음" }
        );
        let _ = writeln!(s, "# label = {}", quoted(&one_line(label, 30)));
        if repeats > 1 {
            let _ = writeln!(
                s,
                "# occurrence = {nth}  # 이 서식에 {repeats}번 나오는 확인란"
            );
        }
        let _ = writeln!(s, "# value = \"{{{{member.is_lead}}}}\"\n");
    }
}
