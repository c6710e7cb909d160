//! `formpack serve` without a browser: the API the page calls, through the router exactly as
//! the server runs it (Host check and limits included). tests/serve_browser.rs drives the page
//! itself in headless Chromium.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use formpack::serve::{self, App, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::common;
use common::{formpack, multipart, sample_workbook, unzip, workbook_with, SAMPLE};

const HOST: &str = "127.0.0.1:8080";

fn app_with(config: Config) -> axum::Router {
    let local = config.addr;
    serve::router(Arc::new(App::new(config, local, None).unwrap()))
}

fn app() -> axum::Router {
    app_with(Config::at(HOST.parse().unwrap()))
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn header(&self, name: header::HeaderName) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(app: &axum::Router, uri: &str) -> Reply {
    let req = Request::get(uri)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    send(app, req).await
}

async fn post(app: &axum::Router, uri: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Reply {
    let (ct, body) = multipart(parts);
    let req = Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

/// The sample with its 지방비 lowered by one won in one budget row: `match-local-min` and
/// `local-commitment-mismatch`, both at a cell of 사업비; and the 주관기관's 대표자 left empty.
fn failing_workbook() -> Vec<u8> {
    let mut c = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    let row = c.budget.iter_mut().find(|r| r.local > 0).unwrap();
    row.local -= 3_000_000_000;
    c.members[1].representative = None;
    formpack::save::to_bytes(&c, formpack::load::InputFormat::Xlsx).unwrap()
}

#[tokio::test]
async fn the_page_and_the_blank_files_are_served_from_the_binary() {
    let app = app();
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = String::from_utf8(page.body.clone()).unwrap();
    assert!(html.contains("<html lang=\"ko\">"));
    assert!(html.contains("1. 자료 올리기와 점검"));
    assert!(page.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert!(page
        .header(header::CONTENT_SECURITY_POLICY)
        .contains("default-src 'self'"));
    let js = get(&app, "/app.js").await;
    assert!(String::from_utf8(js.body).unwrap().contains("/api/build"));

    let blank = get(&app, "/blank/%EC%82%AC%EC%97%85%EC%9E%90%EB%A3%8C.xlsx").await;
    assert_eq!(blank.status, StatusCode::OK);
    let program = formpack::program::Program::default_builtin();
    let expected = formpack::save::blank(formpack::load::InputFormat::Xlsx, program).unwrap();
    assert_eq!(blank.body, expected);
    assert_eq!(
        blank.header(header::CONTENT_DISPOSITION),
        "attachment; filename=\"____.xlsx\"; filename*=UTF-8''%EC%82%AC%EC%97%85%EC%9E%90%EB%A3%8C.xlsx"
    );
    let yaml = get(&app, "/blank/%EC%82%AC%EC%97%85%EC%9E%90%EB%A3%8C.yaml").await;
    assert_eq!(
        String::from_utf8(yaml.body).unwrap(),
        formpack::save::blank_yaml(program)
    );
    assert_eq!(
        get(&app, "/blank/x.json").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_check_shows_the_summary_and_each_finding_at_its_sheet_and_cell() {
    let app = app();
    let ok = post(
        &app,
        "/api/check",
        &[("file", Some("sample.xlsx"), &sample_workbook())],
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    let c = &ok.json()["check"];
    assert_eq!(c["loaded"], true);
    assert_eq!(c["errors"], 0);
    assert_eq!(c["summary"]["total"], "23,900,000,000원");
    assert_eq!(c["summary"]["national"], "14,000,000,000원 (58.58%)");
    assert_eq!(c["summary"]["matching"], "41.42%");
    assert_eq!(c["title"], "대전 제조현장 AI 대전환 프로젝트");

    // The same failing workbook through the CLI and the page: the same findings, each at the
    // same sheet and cell.
    let book = failing_workbook();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("failing.xlsx");
    std::fs::write(&path, &book).unwrap();
    let cli = formpack(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(cli.status.code(), Some(1));
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let cli = cli["diagnostics"].as_array().unwrap();
    assert!(cli.len() >= 3, "{cli:?}");

    let bad = post(&app, "/api/check", &[("file", Some("failing.xlsx"), &book)]).await;
    assert_eq!(bad.status, StatusCode::OK);
    let c = &bad.json()["check"];
    let findings = c["findings"].as_array().unwrap();
    assert_eq!(findings.len(), cli.len());
    for d in cli {
        let loc = &d["location"];
        let place = format!(
            "{}!{}",
            loc["sheet"].as_str().unwrap(),
            loc["cell"].as_str().unwrap()
        );
        assert!(
            findings.iter().any(|f| f["code"] == d["code"]
                && f["message"] == d["message"]
                && f["place"] == place.as_str()),
            "{d} not on the page as {place}"
        );
    }
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"match-local-min"), "{codes:?}");
    assert!(codes.contains(&"field-missing"), "{codes:?}");
    // Errors come first; the missing list holds the field-missing findings.
    let first_warning = findings.iter().position(|f| f["severity"] == "warning");
    if let Some(w) = first_warning {
        assert!(findings[w..].iter().all(|f| f["severity"] == "warning"));
    }
    let missing = c["missing"].as_array().unwrap();
    assert!(!missing.is_empty());
    assert!(missing.iter().all(|m| m["code"] == "field-missing"));
    assert!(missing
        .iter()
        .any(|m| m["place"].as_str().unwrap().starts_with("참여기관!")));

    // A text file's findings are at a line.
    let yaml = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replace("revision: 1", "revision: 하나");
    let r = post(
        &app,
        "/api/check",
        &[("file", Some("s.yaml"), yaml.as_bytes())],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let f = &r.json()["check"]["findings"][0];
    assert_eq!(f["code"], "input-parse");
    assert_eq!(f["line"], 5, "{f}");
    assert!(f["place"].as_str().unwrap().starts_with("5행 "), "{f}");
}

#[tokio::test]
async fn the_bundle_from_the_page_is_the_cli_bundle_byte_for_byte() {
    let book = sample_workbook();
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("sample.xlsx");
    std::fs::write(&input, &book).unwrap();
    let out = tmp.path().join("out");
    let cli = formpack(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let expected = common::read_tree(&out);

    let app = app();
    let r = post(&app, "/api/build", &[("file", Some("sample.xlsx"), &book)]).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let j = r.json();
    let id = j["id"].as_str().unwrap();
    let b = &j["bundle"];
    assert_eq!(b["draft"], false);
    assert_eq!(b["zip_name"], "ai-transition-2026_제1판.zip");
    let docs = b["documents"].as_array().unwrap();
    let manifest: formpack::bundle::Manifest =
        serde_json::from_slice(&expected["manifest.json"]).unwrap();
    let doc_files = manifest
        .files
        .iter()
        .filter(|f| f.document.is_some() && !f.path.contains('/'))
        .count();
    // Every form in three formats, and last the deck (one PPTX, its slides for pages).
    let (deck, forms) = docs.split_last().unwrap();
    assert_eq!(forms.len() * 3 + 1, doc_files);
    assert_eq!(deck["title"], "사업계획 발표자료");
    assert_eq!(deck["pages"], 10);
    assert_eq!(deck["signers"].as_array().unwrap().len(), 0);
    assert_eq!(deck["files"][0]["path"], "09_사업계획발표자료.pptx");
    assert_eq!(docs[0]["number"], 1);
    assert_eq!(docs[0]["signers"][0], "대전광역시");
    // Every form lists its three files, its 문서확인번호 as in the manifest, and the page
    // count of its PDF.
    for d in forms {
        let files = d["files"].as_array().unwrap();
        let labels: Vec<&str> = files.iter().map(|f| f["label"].as_str().unwrap()).collect();
        assert_eq!(labels, ["DOCX", "PDF", "HWPX"]);
        let pdf = files[1]["path"].as_str().unwrap();
        let entry = manifest.files.iter().find(|f| f.path == pdf).unwrap();
        assert_eq!(
            d["fingerprint"],
            entry.fingerprint.clone().unwrap().as_str()
        );
        let pages = lopdf::Document::load_mem(&expected[pdf])
            .unwrap()
            .get_pages()
            .len();
        assert_eq!(d["pages"], pages as u64, "{pdf}");
    }
    let merged_pages = lopdf::Document::load_mem(&expected["00_제출서류_전체.pdf"])
        .unwrap()
        .get_pages()
        .len();
    assert_eq!(b["merged"]["pages"], merged_pages as u64);
    // The summary card's total: every form's PDF pages added up, read back by lopdf.
    let all_pages: usize = forms
        .iter()
        .map(|d| {
            let pdf = d["files"][1]["path"].as_str().unwrap();
            lopdf::Document::load_mem(&expected[pdf])
                .unwrap()
                .get_pages()
                .len()
        })
        .sum();
    assert!(all_pages > forms.len(), "{all_pages}");
    assert_eq!(b["pages"], all_pages as u64);
    assert_eq!(b["packets"].as_array().unwrap().len(), 7);

    // The whole bundle as one zip: every file of the CLI's folder, byte for byte.
    let z = get(&app, &format!("/api/bundle/{id}")).await;
    assert_eq!(z.status, StatusCode::OK);
    assert!(z
        .header(header::CONTENT_DISPOSITION)
        .contains("filename*=UTF-8''ai-transition-2026_%EC%A0%9C1%ED%8C%90.zip"));
    let got = unzip(&z.body);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &expected {
        assert!(got[path] == *bytes, "{path} differs from the CLI's");
    }

    // One file, by its Korean path; a PDF inline for the preview.
    let pdf = "04_참여의사확인서_재단법인 한빛테크노파크.pdf";
    let encoded: String = pdf
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let f = get(&app, &format!("/api/bundle/{id}/file/{encoded}?inline=1")).await;
    assert_eq!(f.status, StatusCode::OK);
    assert_eq!(f.header(header::CONTENT_TYPE), "application/pdf");
    assert!(f
        .header(header::CONTENT_DISPOSITION)
        .starts_with("inline; "));
    assert_eq!(f.body, expected[pdf]);
    let p = get(&app, &format!("/api/bundle/{id}/file/members/kaic.zip")).await;
    assert_eq!(p.body, expected["members/kaic.zip"]);
    assert!(p
        .header(header::CONTENT_DISPOSITION)
        .starts_with("attachment; "));
    let none = get(&app, &format!("/api/bundle/{id}/file/..%2Fmanifest.json")).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    let gone = get(&app, "/api/bundle/0123456789abcdef01234567").await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(gone.json()["error"].as_str().unwrap().contains("다시 올려"));

    // Built again, the same file takes every file from the bundle held in memory.
    let again = post(&app, "/api/build", &[("file", Some("sample.xlsx"), &book)]).await;
    let again = again.json();
    assert_eq!(
        again["bundle"]["reused"],
        again["bundle"]["files"].as_u64().unwrap() - 1
    );
}

#[tokio::test]
async fn a_file_with_errors_is_built_only_as_a_draft() {
    let app = app();
    let book = failing_workbook();
    let r = post(&app, "/api/build", &[("file", Some("f.xlsx"), &book)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let j = r.json();
    // The refusal `formpack build` gives too (tests/bundle.rs).
    assert_eq!(
        j["error"],
        "오류가 있어 제출용 서류를 만들지 않았습니다. 고친 뒤 다시 만들거나, 검토용 초안을 만드십시오 (명령줄: --draft)."
    );
    assert!(j["check"]["errors"].as_u64().unwrap() > 0);

    let r = post(
        &app,
        "/api/build",
        &[("file", Some("f.xlsx"), &book), ("draft", None, b"1")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["bundle"]["draft"], true);
    assert_eq!(j["bundle"]["zip_name"], "초안_ai-transition-2026_제1판.zip");
    let z = get(&app, &format!("/api/bundle/{}", j["id"].as_str().unwrap())).await;
    let files = unzip(&z.body);
    let m: formpack::bundle::Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert!(m.draft);
    let text =
        formpack::render::text(formpack::render::Format::Pdf, &files["01_사업신청서.pdf"]).unwrap();
    assert!(text.contains("초안"), "{text}");
}

#[tokio::test]
async fn a_comparison_names_the_changed_documents_and_who_signs_again() {
    let app = app();
    let tmp = tempfile::tempdir().unwrap();
    let old = sample_workbook();
    let mut c = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    let kaic = c
        .members
        .iter_mut()
        .find(|m| m.id.as_str() == "kaic")
        .unwrap();
    kaic.representative.as_mut().unwrap().name = Some("김새봄".into());
    let new = formpack::save::to_bytes(&c, formpack::load::InputFormat::Xlsx).unwrap();
    let (a, b) = (tmp.path().join("old.xlsx"), tmp.path().join("new.xlsx"));
    std::fs::write(&a, &old).unwrap();
    std::fs::write(&b, &new).unwrap();

    // File against file: the CLI's report, as JSON and as text.
    let cli = formpack(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let r = post(
        &app,
        "/api/diff",
        &[
            ("old", Some("old.xlsx"), &old),
            ("file", Some("new.xlsx"), &new),
        ],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let d = &r.json()["diff"];
    assert_eq!(d["report"], cli);
    // 대표자 is printed on kaic's own forms and on the agreement every member signs.
    let resign = d["report"]["resign"].as_array().unwrap();
    let kaic = resign.iter().find(|m| m["member"] == "kaic").unwrap();
    assert!(kaic["documents"].as_array().unwrap().len() > 1, "{kaic}");
    assert!(resign.iter().all(|m| m["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d.as_str().unwrap().starts_with("03_"))));
    assert!(d["text"]
        .as_str()
        .unwrap()
        .contains(&format!("다시 서명할 기관 {}곳", resign.len())));
    assert!(d["names"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p[0] == "kaic" && p[1] == "한국AI융합연구원"));

    // A built bundle's manifest against the new file: the same documents and signers as the
    // CLI's comparison of the two built bundles.
    let (oa, ob) = (tmp.path().join("oa"), tmp.path().join("ob"));
    for (i, o) in [(&a, &oa), (&b, &ob)] {
        let out = formpack(&["build", i.to_str().unwrap(), "-o", o.to_str().unwrap()]);
        assert!(out.status.success());
    }
    let cli = formpack(&[
        "diff",
        oa.to_str().unwrap(),
        ob.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let manifest = std::fs::read(oa.join("manifest.json")).unwrap();
    let r = post(
        &app,
        "/api/diff",
        &[
            ("old", Some("manifest.json"), &manifest),
            ("file", Some("new.xlsx"), &new),
        ],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let d = &r.json()["diff"]["report"];
    assert_eq!(d["documents"], cli["documents"]);
    assert_eq!(d["resign"], cli["resign"]);
    assert_eq!(d["fields"], cli["fields"]);

    // Without the earlier revision: a Korean request for it.
    let r = post(&app, "/api/diff", &[("file", Some("new.xlsx"), &new)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("이전 판"));
}

#[tokio::test]
async fn hostile_requests_are_refused_with_a_status_and_a_korean_reason() {
    let app = app();
    // DNS rebinding: a foreign Host.
    let req = Request::get("/")
        .header(header::HOST, "attacker.example:8080")
        .body(Body::empty())
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("주소"));

    // A file over the input limit (8 MB).
    let big = vec![b'#'; 9 * 1024 * 1024];
    let r = post(&app, "/api/check", &[("file", Some("big.yaml"), &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.json()["error"].as_str().unwrap().contains("너무 큽니다"));

    // A request over the body limit (20 MB), in several files.
    let parts: Vec<(&str, Option<&str>, &[u8])> = (0..3)
        .map(|_| ("file", Some("seal.png"), &big[..8 * 1024 * 1024 - 10]))
        .collect();
    let r = post(&app, "/api/check", &parts).await;
    assert_eq!(
        r.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        String::from_utf8_lossy(&r.body)
    );

    // A workbook that inflates to 40 MB from about 40 KB.
    let bomb = workbook_with("xl/worksheets/sheet1.xml", &vec![b' '; 40 * 1024 * 1024]);
    let r = post(&app, "/api/check", &[("file", Some("bomb.xlsx"), &bomb)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["check"]["findings"][0]["code"], "input-too-large");

    // Malformed multipart, and no multipart at all.
    let req = Request::post("/api/check")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=xyz")
        .body(Body::from("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"\r\n\r\nschema: 1"))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("다시 올려"));
    let req = Request::post("/api/check")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::BAD_REQUEST);

    // No consortium file, two of them, and a name that climbs out (only ever a key in memory).
    let r = post(&app, "/api/check", &[("file", Some("seal.png"), b"png")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let y = std::fs::read(SAMPLE).unwrap();
    let r = post(
        &app,
        "/api/check",
        &[("file", Some("a.yaml"), &y), ("file", Some("b.yaml"), &y)],
    )
    .await;
    assert!(r.json()["error"].as_str().unwrap().contains("하나만"));
    let r = post(
        &app,
        "/api/check",
        &[("file", Some("../../etc/x.yaml"), &y)],
    )
    .await;
    assert_eq!(r.json()["check"]["file"], "x.yaml");

    assert_eq!(get(&app, "/nowhere").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn jobs_are_bounded_in_number_and_in_time() {
    let book = sample_workbook();
    // A time limit no build can meet: the build is stopped waiting, with a Korean reason.
    let mut config = Config::at(HOST.parse().unwrap());
    config.job_time = Duration::from_nanos(1);
    let app = app_with(config);
    let r = post(&app, "/api/build", &[("file", Some("s.xlsx"), &book)]).await;
    assert_eq!(r.status, StatusCode::GATEWAY_TIMEOUT);
    assert!(r.json()["error"].as_str().unwrap().contains("처리 시간"));

    // One slot and almost no wait: of two builds at once, one is told the server is busy.
    let mut config = Config::at(HOST.parse().unwrap());
    config.max_jobs = 1;
    config.queue_wait = Duration::from_millis(1);
    let app = app_with(config);
    let parts: &[(&str, Option<&str>, &[u8])] = &[("file", Some("s.xlsx"), &book)];
    let (a, b) = tokio::join!(
        post(&app, "/api/build", parts),
        post(&app, "/api/build", parts)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::SERVICE_UNAVAILABLE]);
    let busy = if a.status == StatusCode::OK { b } else { a };
    assert!(busy.json()["error"].as_str().unwrap().contains("잠시 뒤"));
}

#[tokio::test]
async fn built_bundles_are_dropped_after_their_time() {
    let mut config = Config::at(HOST.parse().unwrap());
    config.keep.keep_for = Duration::from_millis(200);
    let app = app_with(config);
    let r = post(
        &app,
        "/api/build",
        &[("file", Some("s.xlsx"), &sample_workbook())],
    )
    .await;
    let id = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(
        get(&app, &format!("/api/bundle/{id}")).await.status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(
        get(&app, &format!("/api/bundle/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn serve_refuses_an_outside_address_without_the_flag() {
    let out = formpack(&["serve", "--addr", "0.0.0.0:0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));
}

#[test]
fn serve_prints_its_address_answers_and_stops_on_ctrl_c() {
    use std::io::{Read, Write};
    let (mut child, addr) = common::start_serve(&[], true);
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    write!(s, "GET / HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.0 200"), "{reply}");
    // Ctrl-C: the server stops taking connections, finishes, and exits 0.
    // SAFETY: sending a signal to our own child process.
    #[allow(unsafe_code)]
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT)
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(std::time::Instant::now() < deadline, "serve did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    // The request was logged as one logfmt line, and the stop was said.
    assert!(err.contains("method=GET path=/ status=200"), "{err}");
    assert!(err.contains("stopping"), "{err}");
}

/// A page of another site cannot make the server work (issue #30): a POST a browser marks
/// cross-site, or whose `Origin` is not this server, is refused in Korean; the page's own
/// requests (same origin) and those of a non-browser client (no such headers) go through.
#[tokio::test]
async fn cross_origin_posts_are_refused() {
    let app = app();
    let y = std::fs::read(SAMPLE).unwrap();
    let (ct, body) = multipart(&[("file", Some("a.yaml"), &y)]);
    let request = |headers: &[(&str, &str)]| {
        let mut r = Request::post("/api/build")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, ct.clone());
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.body(Body::from(body.clone())).unwrap()
    };
    for headers in [
        &[("origin", "http://attacker.example")][..],
        &[("sec-fetch-site", "cross-site")],
        &[
            ("sec-fetch-site", "same-site"),
            ("origin", "http://127.0.0.1:8080"),
        ],
        &[("origin", "null")],
    ] {
        let r = send(&app, request(headers)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(
            r.json()["error"].as_str().unwrap().contains("다른 사이트"),
            "{headers:?}"
        );
    }
    let same = [
        ("origin", "http://127.0.0.1:8080"),
        ("sec-fetch-site", "same-origin"),
    ];
    let r = send(&app, request(&same)).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    // Reading stays open: a GET from anywhere is only a GET.
    let req = Request::get("/")
        .header(header::HOST, HOST)
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::OK);
}

/// A seal the file names but the upload lacks is a finding at the member's 직인 cell, not a
/// failed build; a file that is not a picture too; with the image the check is clean.
#[tokio::test]
async fn a_missing_or_broken_seal_is_found_at_its_cell() {
    let app = app();
    let mut c = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    c.members[1].seal = Some("직인_한빛.png".into());
    let book = formpack::save::to_bytes(&c, formpack::load::InputFormat::Xlsx).unwrap();
    let seals = |r: &Reply| -> Vec<Value> {
        r.json()["check"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"].as_str().unwrap().starts_with("seal-"))
            .cloned()
            .collect()
    };
    let r = post(&app, "/api/check", &[("file", Some("자료.xlsx"), &book)]).await;
    let found = seals(&r);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "seal-missing");
    assert_eq!(found[0]["sheet"], "참여기관");
    assert!(found[0]["place"].as_str().unwrap().starts_with("참여기관!"));
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("재단법인 한빛테크노파크") && message.contains("직인_한빛.png"));
    // The build refuses with the same finding instead of failing halfway.
    let r = post(&app, "/api/build", &[("file", Some("자료.xlsx"), &book)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(seals(&r)[0]["code"], "seal-missing");

    let r = post(
        &app,
        "/api/check",
        &[
            ("file", Some("자료.xlsx"), &book),
            ("file", Some("직인_한빛.png"), b"not a picture"),
        ],
    )
    .await;
    assert_eq!(seals(&r)[0]["code"], "seal-unreadable");

    let png = tiny_png();
    let r = post(
        &app,
        "/api/check",
        &[
            ("file", Some("자료.xlsx"), &book),
            ("file", Some("직인_한빛.png"), &png),
        ],
    )
    .await;
    assert!(seals(&r).is_empty(), "{}", String::from_utf8_lossy(&r.body));
}

/// The smallest PNG: one white pixel.
fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 1, 1);
        enc.set_color(png::ColorType::Grayscale);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[255]).unwrap();
    }
    out
}

/// Findings sort in the workbook's order: each carries its sheet's place among the sheets, its
/// row and column, so 참여기관 comes before 사업비 and row 2 before row 11.
#[tokio::test]
async fn findings_carry_their_place_in_the_workbook() {
    let app = app();
    let r = post(
        &app,
        "/api/check",
        &[("file", Some("x.xlsx"), &failing_workbook())],
    )
    .await;
    let findings = r.json()["check"]["findings"].as_array().unwrap().clone();
    assert!(findings.len() >= 3);
    for f in &findings {
        let order: Vec<u64> = serde_json::from_value(f["order"].clone()).unwrap();
        let sheet = f["sheet"].as_str().unwrap();
        let expected_sheet = [
            "과제",
            "참여기관",
            "세부사업",
            "사업비",
            "취득자산",
            "지방비납입",
        ]
        .iter()
        .position(|s| *s == sheet)
        .unwrap() as u64
            + 1;
        assert_eq!(order[0], expected_sheet, "{f}");
        let cell = f["cell"].as_str().unwrap();
        let row: u64 = cell
            .trim_start_matches(char::is_alphabetic)
            .parse()
            .unwrap();
        assert_eq!(order[1], row, "{f}");
        assert!(order[2] >= 1, "{f}");
    }
}

/// Each finding names the 기관 it concerns (`member_name`, issue #30): a member's own field,
/// or a budget row of that member; a finding about the project as a whole names none.
#[tokio::test]
async fn findings_name_the_member_they_concern() {
    let c = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    let app = app();
    let r = post(
        &app,
        "/api/check",
        &[("file", Some("x.xlsx"), &failing_workbook())],
    )
    .await;
    let check = r.json()["check"].clone();
    let findings = check["findings"].as_array().unwrap();
    let name_of = |id: &formpack::model::Id| {
        c.members
            .iter()
            .find(|m| m.id == *id)
            .unwrap()
            .name
            .as_str()
    };
    let index = |path: &str, prefix: &str| -> Option<usize> {
        path.strip_prefix(prefix)?.split(']').next()?.parse().ok()
    };
    let mut named = 0;
    for f in findings {
        let path = f["path"].as_str().unwrap_or("");
        let expected = if let Some(i) = index(path, "members[") {
            Some(c.members[i].name.as_str())
        } else {
            index(path, "budget[").map(|i| name_of(&c.budget[i].member))
        };
        assert_eq!(f["member_name"].as_str(), expected, "{f}");
        named += usize::from(expected.is_some());
    }
    assert!(named >= 1, "{findings:?}");
    // The 주관기관's missing 대표자, by name, in the findings and in the list left to fill.
    let rep = findings
        .iter()
        .find(|f| {
            f["code"] == "field-missing" && f["path"].as_str().unwrap().starts_with("members[1]")
        })
        .unwrap();
    assert_eq!(rep["member_name"], c.members[1].name.as_str());
    assert!(check["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["member_name"] == c.members[1].name.as_str()));
}

/// Packets download under names staff can file (`서명묶음_<기관명>_제N판.zip`, not `m00.zip`),
/// and everything of a draft says 초안 in its name.
#[tokio::test]
async fn downloads_are_named_for_staff_and_drafts_say_so() {
    let app = app();
    let book = sample_workbook();
    let r = post(&app, "/api/build", &[("file", Some("자료.xlsx"), &book)]).await;
    let b = &r.json()["bundle"];
    let names: Vec<&str> = b["packets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"]["download"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"서명묶음_한국AI융합연구원_제1판.zip"),
        "{names:?}"
    );
    // A packet's row offers a mail to the member's 담당자, its request filled in.
    let kaic = b["packets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["member"] == "kaic")
        .unwrap();
    let mailto = kaic["mailto"].as_str().unwrap();
    let (to, query) = mailto
        .strip_prefix("mailto:")
        .unwrap()
        .split_once('?')
        .unwrap();
    let sample = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    let m = sample
        .members
        .iter()
        .find(|m| m.id.as_str() == "kaic")
        .unwrap();
    assert_eq!(Some(to), m.contact.as_ref().unwrap().email.as_deref());
    let decoded = |s: &str| -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    let query = decoded(query);
    assert!(
        query.contains(
            "subject=[대전 제조현장 AI 대전환 프로젝트] 서명 요청 — 한국AI융합연구원 (제1판)"
        ),
        "{query}"
    );
    assert!(
        query.contains("서명묶음_한국AI융합연구원_제1판.zip"),
        "{query}"
    );
    assert_eq!(
        kaic["contact"],
        m.contact.as_ref().unwrap().name.as_deref().unwrap()
    );
    assert_eq!(b["merged"]["download"], "00_제출서류_전체.pdf");
    let r = post(
        &app,
        "/api/build",
        &[
            ("file", Some("x.xlsx"), &failing_workbook()),
            ("draft", None, b"1"),
        ],
    )
    .await;
    let b = &r.json()["bundle"];
    assert_eq!(b["merged"]["download"], "초안_00_제출서류_전체.pdf");
    for p in b["packets"].as_array().unwrap() {
        let name = p["file"]["download"].as_str().unwrap();
        assert!(name.starts_with("초안_서명묶음_"), "{name}");
        assert!(p["mailto"].is_null(), "a draft is not sent for signing");
    }
    for d in b["documents"].as_array().unwrap() {
        for f in d["files"].as_array().unwrap() {
            assert!(f["download"].as_str().unwrap().starts_with("초안_"), "{f}");
        }
    }
}

/// 표시된 엑셀 (issue #30): the uploaded workbook comes back with exactly the cells the findings
/// name filled (red for errors) and noted with their messages, every value unchanged; Excel's
/// reader (openpyxl, when `PPTX_PYTHON` has it) sees the same.
#[tokio::test]
async fn the_marked_workbook_fills_and_notes_exactly_the_findings_cells() {
    use calamine::Reader;
    let app = app();
    let original = failing_workbook();
    let r = post(
        &app,
        "/api/check",
        &[("file", Some("자료.xlsx"), &original)],
    )
    .await;
    let findings: Vec<Value> = r.json()["check"]["findings"].as_array().unwrap().clone();
    let cells: std::collections::BTreeSet<(String, String)> = findings
        .iter()
        .filter_map(|f| {
            Some((
                f["sheet"].as_str()?.to_string(),
                f["cell"].as_str()?.to_string(),
            ))
        })
        .collect();
    assert!(cells.len() >= 4, "{findings:?}");

    let r = post(
        &app,
        "/api/marked",
        &[("file", Some("자료.xlsx"), &original)],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    assert!(r
        .header(header::CONTENT_DISPOSITION)
        .contains("_%ED%91%9C%EC%8B%9C.xlsx"));
    let marked = r.body.clone();

    // Every value of every sheet as it was.
    let values = |b: &[u8]| {
        let mut x = calamine::Xlsx::new(std::io::Cursor::new(b.to_vec())).unwrap();
        x.sheet_names()
            .into_iter()
            .map(|s| {
                let range = x.worksheet_range(&s).unwrap();
                let cells: Vec<String> = range
                    .cells()
                    .map(|(r, c, v)| format!("{r},{c}={v:?}"))
                    .collect();
                (s, cells)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(values(&marked), values(&original));

    // The fill of each cell, read from the parts: red exactly where a finding is.
    let parts = unzip(&marked);
    let styles = String::from_utf8(parts["xl/styles.xml"].clone()).unwrap();
    let styles = roxmltree::Document::parse(&styles).unwrap();
    let list = |tag: &str| -> Vec<roxmltree::Node> {
        styles
            .descendants()
            .find(|n| n.tag_name().name() == tag)
            .unwrap()
            .children()
            .filter(|n| n.is_element())
            .collect()
    };
    let (xfs, fills) = (list("cellXfs"), list("fills"));
    let red = |s: usize| {
        let fill: usize = xfs[s].attribute("fillId").unwrap_or("0").parse().unwrap();
        fills[fill]
            .descendants()
            .find(|n| n.tag_name().name() == "fgColor")
            .and_then(|n| n.attribute("rgb"))
            == Some("FFFFC7CE")
    };
    let sheet_part = |name: &str| -> String {
        let book = String::from_utf8(parts["xl/workbook.xml"].clone()).unwrap();
        let at = book.find(&format!("name=\"{name}\"")).unwrap();
        let id: String = book[at..]
            .split("r:id=\"rId")
            .nth(1)
            .unwrap()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        format!("xl/worksheets/sheet{id}.xml")
    };
    for sheet in [
        "과제",
        "참여기관",
        "세부사업",
        "사업비",
        "취득자산",
        "지방비납입",
    ] {
        let xml = String::from_utf8(parts[&sheet_part(sheet)].clone()).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for c in doc.descendants().filter(|n| n.tag_name().name() == "c") {
            let r = c.attribute("r").unwrap();
            let s: usize = c.attribute("s").unwrap_or("0").parse().unwrap();
            let expected = cells.contains(&(sheet.to_string(), r.to_string()));
            assert_eq!(red(s), expected, "{sheet}!{r}");
        }
        for (s, cell) in cells.iter().filter(|(s, _)| s == sheet) {
            assert!(
                doc.descendants().any(|n| n.attribute("r") == Some(cell)),
                "{s}!{cell} missing"
            );
        }
    }
    // Each finding's message in its cell's note.
    let comments: String = parts
        .iter()
        .filter(|(k, _)| k.starts_with("xl/comments"))
        .map(|(_, v)| String::from_utf8(v.clone()).unwrap())
        .collect();
    for f in findings.iter().filter(|f| f["cell"].is_string()) {
        let message = f["message"].as_str().unwrap();
        assert!(
            comments.contains(
                &message
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            ),
            "{message}"
        );
    }

    let python = std::env::var("PPTX_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = std::process::Command::new(&python)
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        assert!(
            std::env::var_os("FORMPACK_REQUIRE_OFFICE").is_none(),
            "FORMPACK_REQUIRE_OFFICE is set but openpyxl is missing"
        );
        eprintln!("skipped: openpyxl not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    std::fs::write(&a, &original).unwrap();
    std::fs::write(&b, &marked).unwrap();
    let script = r#"
import sys, json, openpyxl
a = openpyxl.load_workbook(sys.argv[1]); b = openpyxl.load_workbook(sys.argv[2])
out = {"same": True, "red": [], "notes": {}}
for ws in a.worksheets:
    wb = b[ws.title]
    for row in ws.iter_rows():
        for c in row:
            if wb[c.coordinate].value != c.value: out["same"] = False
for ws in b.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.fill is not None and c.fill.fgColor is not None and c.fill.fgColor.rgb == "FFFFC7CE":
                out["red"].append(ws.title + "!" + c.coordinate)
            if c.comment is not None and "[formpack]" in c.comment.text:
                out["notes"][ws.title + "!" + c.coordinate] = c.comment.text
print(json.dumps(out, ensure_ascii=False))
"#;
    let o = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["same"], true);
    let mut red: Vec<String> = serde_json::from_value(v["red"].clone()).unwrap();
    red.sort();
    let mut want: Vec<String> = cells.iter().map(|(s, c)| format!("{s}!{c}")).collect();
    want.sort();
    assert_eq!(red, want);
    for f in findings.iter().filter(|f| f["cell"].is_string()) {
        let key = format!(
            "{}!{}",
            f["sheet"].as_str().unwrap(),
            f["cell"].as_str().unwrap()
        );
        assert!(
            v["notes"][&key]
                .as_str()
                .unwrap()
                .contains(f["message"].as_str().unwrap()),
            "{key}"
        );
    }
}
