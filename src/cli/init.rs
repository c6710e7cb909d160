//! `formpack init [--xlsx] PATH`: a blank consortium file to fill in.
//!
//! - `--xlsx` (or a `.xlsx` PATH): the workbook of [`crate::load::xlsx`], with notes on every
//!   header, drop-downs for every closed list and the schema, program and revision prefilled.
//! - otherwise a `.yaml`/`.yml` PATH: [`BLANK_YAML`], every key of DATA.md with a Korean
//!   comment. It loads as it is: unknown values are blank (`null`), lists are empty and their
//!   item shapes are given as comments, so `check` reports `field-missing` gaps, not a parse
//!   error.
//!
//! An existing PATH is never overwritten (exit 2): it is probably a file someone filled in.

use std::path::Path;

use crate::load::{xlsx, InputFormat};

/// The blank YAML consortium file.
pub const BLANK_YAML: &str = r#"# 지역 주도형 AI 대전환(2026) 컨소시엄 파일 — formpack init으로 만든 빈 양식
# 값이 정해지면 `:` 뒤에 씁니다. 비워 둔 항목은 `formpack check`가 field-missing으로 알려 줍니다.
# 날짜는 2026-03-09 형식, 금액은 원 단위 정수(쉼표 없이)입니다. id는 영문 소문자·숫자·-만 씁니다.
schema: 1                       # 파일 형식 버전 (바꾸지 마십시오)
program: ai-transition-2026     # 공고 프로필 (바꾸지 마십시오)
revision: 1                     # 수정 차수: 고쳐서 다시 낼 때마다 1씩 올립니다
application_date:               # 신청일: 모든 서명란에 찍힙니다 (예: 2026-03-09)

project:
  title:                        # 과제명
  region:                       # 지역: 11개 지역 중 하나, 약칭(대전) 또는 정식 명칭(대전광역시)
  industry:                     # 지역 주력산업 / 대상 업종
  summary:                      # 과제 요약 (한 문단)
  # period: {start: 2026-04-01, end: 2027-12-31}   # 사업기간: 생략하면 공고의 사업기간
  # 사업책임자(발표평가 참석)와 실무책임자: member는 아래 members의 id
  # director: {member: , name: , position: , phone: , mobile: , email: }
  # manager:  {member: , name: , position: , phone: , mobile: , email: }

# 참여기관: 컨소시엄의 모든 기관. 아래 형태로 한 기관씩 추가합니다.
members: []
#  - id: daejeon                 # 기관 id (다른 항목에서 이 id로 가리킵니다)
#    name: 대전광역시             # 기관명
#    kind: 광역지자체             # 광역지자체 | 지역혁신기관 | 대학 | 출연연 | AI기업 | 기타
#    role: 신청기관               # 신청기관(지역, 1곳) | 주관기관(1곳) | 참여기관
#    registration_no:            # 사업자등록번호 또는 고유번호 (000-00-00000)
#    corporate_no:               # 법인등록번호 (000000-0000000), 없으면 생략
#    representative: {name: , title: }            # 대표자 성명, 직위
#    address:                    # 주소
#    founded:                    # 설립일 (공공기관은 생략 가능)
#    contact: {name: , department: , position: , phone: , email: }   # 실무 담당자
#    duty:                       # 담당 역할 (한 줄)
#    eligibility:                # 마감일 기준 신청자격 (공공기관은 생략 가능)
#      duplicate_funding: false  # 중복지원 여부
#      equity:                   # 최근 결산 자본총계 (원)
#      settlement_date:          # 결산일
#      business_status: 정상      # 정상 | 휴업 | 폐업
#      tax_arrears: false        # 국세·지방세 체납 여부
#    seal:                       # 직인 이미지 파일 (이 파일 기준 경로), 없으면 생략

# 세부사업
subprojects: []
#  - {id: , title: , field: 솔루션, lead: , direct_sme_support: false}
#    field: 솔루션 | 인프라 | 인력 | 운영; lead: 맡는 기관 id; direct_sme_support: 중소기업 직접지원

# 사업비: (세부사업, 기관, 연도, 비목)마다 한 줄, 금액은 원
budget: []
#  - {subproject: , member: , year: 2026, category: 인건비, national: 0, local: 0, private_cash: 0, private_in_kind: 0}
#    비목: 인건비, 운영비, 여비, 업무추진비, 위탁사업비, 기업지원비, 교육훈련비, 자산취득비, 간접비

# 취득자산 구매계획: 품목마다 한 줄 (단가는 부가세 포함), source: 국비 | 지방비 | 민간
assets: []
#  - {member: , subproject: , year: 2026, name: , spec: , quantity: 1, unit_price: 0, source: 국비, location: , purpose: }

# 자치단체 부담금 납입협약: 내용이 정해지면 주석을 풉니다
# local_contribution:
#   payer:                       # 납부 기관 (신청기관 id)
#   payee:                       # 수납 기관 (주관기관 id)
#   schedule:
#     - {year: 2026, amount: 0, due: 2026-05-29}
#   account: {bank: , number: , holder: }
"#;

pub fn run(path: &Path, want_xlsx: bool) -> u8 {
    let format = InputFormat::from_path(path);
    let xlsx = match (want_xlsx, format) {
        (true, Some(InputFormat::Xlsx)) | (false, Some(InputFormat::Xlsx)) => true,
        (false, Some(InputFormat::Yaml)) => false,
        (true, _) => {
            eprintln!(
                "formpack: --xlsx로 만드는 통합문서의 이름은 .xlsx로 끝나야 합니다: {}",
                path.display()
            );
            return 2;
        }
        (false, _) => {
            eprintln!(
                "formpack: 빈 양식은 YAML(.yaml, .yml) 또는 통합문서(--xlsx, .xlsx)로 만듭니다: {}",
                path.display()
            );
            return 2;
        }
    };
    if path.exists() {
        eprintln!(
            "formpack: 이미 있는 파일은 덮어쓰지 않습니다: {} (다른 이름을 쓰거나 먼저 옮기십시오)",
            path.display()
        );
        return 2;
    }
    let bytes = if xlsx {
        match xlsx::write_workbook(None) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("formpack: {e}");
                return 2;
            }
        }
    } else {
        BLANK_YAML.as_bytes().to_vec()
    };
    match super::convert::write_atomic(path, &bytes, false) {
        Ok(()) => {
            println!("빈 양식을 만들었습니다: {}", path.display());
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "formpack: 이미 있는 파일은 덮어쓰지 않습니다: {}",
                path.display()
            );
            2
        }
        Err(e) => {
            eprintln!("formpack: {}에 쓸 수 없습니다: {e}", path.display());
            2
        }
    }
}
