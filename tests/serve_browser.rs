//! `formpack serve` in a real browser: the release of the page staff use, driven in headless
//! Chromium through chromedriver (fantoccini). Uploads the sample workbook, reads the summary
//! and the document list off the page, downloads the bundle by the page's own link and
//! compares it with `formpack build`; uploads a failing workbook and finds every finding at
//! its sheet and cell; runs the comparison. Screenshots of each step go to
//! `target/serve-screenshots/`.
//!
//! Needs `chromium` and `chromium-driver` (Debian); `.ci/run` installs them and sets
//! `FORMPACK_REQUIRE_BROWSER=1`, which turns a missing driver into a failure. Without them
//! (and without that variable) the test says so and passes; tests/serve.rs covers the API
//! either way.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::common;
use common::{formpack, sample_workbook, unzip, SAMPLE};

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMEDRIVER") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromedriver"))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Start `formpack serve` on a free port; its URL.
fn start_server() -> (Running, String) {
    let (child, addr) = common::start_serve(&[], false);
    (Running(child), format!("http://{addr}/"))
}

fn start_driver(driver: &Path) -> (Running, String) {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (Running(child), format!("http://127.0.0.1:{port}"))
}

/// A page served by the binary and a headless Chromium on it, in a temporary profile; `None`
/// (the test skips) when chromedriver is missing, unless `FORMPACK_REQUIRE_BROWSER` is set.
struct Session {
    tmp: tempfile::TempDir,
    url: String,
    c: Client,
    _server: Running,
    _driver: Running,
}

async fn session() -> Option<Session> {
    let Some(driver) = chromedriver() else {
        assert!(
            std::env::var_os("FORMPACK_REQUIRE_BROWSER").is_none(),
            "FORMPACK_REQUIRE_BROWSER is set but chromedriver is not installed"
        );
        eprintln!("skipped: chromedriver not installed (apt-get install chromium chromium-driver)");
        return None;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (server, url) = start_server();
    let (driver, driver_url) = start_driver(&driver);
    let c = browser(&driver_url, &tmp.path().join("profile")).await;
    Some(Session {
        tmp,
        url,
        c,
        _server: server,
        _driver: driver,
    })
}

async fn browser(driver: &str, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1400", "--lang=ko-KR",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await
        .expect("chromedriver starts Chromium")
}

/// Run a script in the page and give its value.
async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Wait until a script returns true (polling), or fail naming what was awaited.
async fn until(c: &Client, what: &str, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if js(c, script).await == Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            let status = js(c, "return document.body.innerText").await;
            panic!("timed out waiting for {what}; the page reads:\n{status}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A screenshot with `section` scrolled to the top of the window.
/// Wait until the text of element `id` matches a JavaScript regular expression.
async fn until_text(c: &Client, what: &str, id: &str, regex: &str) {
    until(
        c,
        what,
        &format!("return /{regex}/.test(document.getElementById('{id}').innerText)"),
    )
    .await;
}

/// A screenshot with the element `css` finds scrolled to the top.
async fn shot(c: &Client, name: &str, css: &str) {
    js(
        c,
        &format!("document.querySelector('{css}').scrollIntoView({{block: 'start'}}); return true"),
    )
    .await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

/// axe-core (npm; `.ci/run` installs it and sets `FORMPACK_AXE_JS` to its `axe.min.js` and
/// `FORMPACK_REQUIRE_AXE=1`) run on the page as it stands: its serious and critical
/// violations, each as `rule: targets`. Loaded by the test, never shipped in the page.
async fn axe(c: &Client, state: &str) -> Vec<String> {
    let Some(path) = std::env::var_os("FORMPACK_AXE_JS") else {
        assert!(
            std::env::var_os("FORMPACK_REQUIRE_AXE").is_none(),
            "FORMPACK_REQUIRE_AXE is set but FORMPACK_AXE_JS is not"
        );
        eprintln!("skipped the accessibility audit of {state}: FORMPACK_AXE_JS is not set (npm install axe-core)");
        return Vec::new();
    };
    let source = std::fs::read_to_string(path).expect("axe.min.js");
    c.execute(&format!("{source}\n;return true"), vec![])
        .await
        .unwrap();
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// A state of the page at a desktop's and a phone's size (1440×900, 390×844), with `css`
/// scrolled to the top, as `state-<name>-1440.png` and `-390.png`; the window is put back.
async fn both_sizes(c: &Client, name: &str, css: &str) {
    for (w, h) in [(1440, 900), (390, 844)] {
        c.set_window_size(w, h).await.unwrap();
        let sideways = js(
            c,
            "return document.documentElement.scrollWidth <= window.innerWidth",
        )
        .await;
        assert_eq!(sideways, json!(true), "{name} at {w} px scrolls sideways");
        shot(c, &format!("state-{name}-{w}.png"), css).await;
    }
    c.set_window_size(1280, 1400).await.unwrap();
}

async fn choose(c: &Client, input: &str, files: &[&Path]) {
    let el = c.find(Locator::Css(input)).await.unwrap();
    // A person choosing again replaces the choice; chromedriver would add to it.
    el.clear().await.unwrap();
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    // Several files go to one <input multiple> as lines of one keystroke string.
    el.send_keys(&paths.join("\n")).await.unwrap();
}

/// The rows of a table body as lists of cell texts.
/// Click the element `css` finds.
async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn rows(c: &Client, table: &str) -> Vec<Vec<String>> {
    let v = js(
        c,
        &format!(
            "return Array.from(document.querySelectorAll('{table} tbody tr:not(.group)')).map(r => Array.from(r.cells).map(td => td.innerText.trim()))"
        ),
    )
    .await;
    serde_json::from_value(v).unwrap()
}

/// The findings as the page shows them, row by row: the place (`사업비!F2`), its row, the 기관,
/// the message, the code under 자세히, the sheet's heading above it and the number of cells.
async fn findings(c: &Client) -> Vec<Value> {
    let v = js(
        c,
        "return Array.from(document.querySelectorAll('#findings tbody tr:not(.group)')).map(r => {
           const code = r.querySelector('td.message details.more code.code');
           const row = r.querySelector('td.place .row-no');
           const group = r.closest('tbody').querySelector('tr.group th');
           return { ref: r.querySelector('td.place .ref').innerText, row: row ? row.innerText : null,
             member: r.querySelector('td.member').innerText, msg: r.querySelector('td.message .msg').innerText,
             code: code ? code.textContent : null, group: group ? group.innerText : null, cells: r.cells.length,
             detail: r.querySelector('td.message details.more .detail') ? r.querySelector('td.message details.more .detail').textContent : null };
         })",
    )
    .await;
    serde_json::from_value(v).unwrap()
}

fn get(url: &str) -> Vec<u8> {
    // A plain HTTP/1.0 GET: the test downloads exactly what the page's link points at.
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(s, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&all[..split]).to_string();
    assert!(
        head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
        "{head}"
    );
    all[split + 4..].to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_check_build_download_and_compare_in_a_real_browser() {
    let Some(Session {
        tmp,
        url,
        c,
        _server,
        _driver,
    }) = session().await
    else {
        return;
    };

    // Files as staff have them: the sample workbook, a failing one, a corrected one.
    let good = tmp.path().join("사업자료_제1판.xlsx");
    std::fs::write(&good, sample_workbook()).unwrap();
    let mut data = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    data.budget.iter_mut().find(|r| r.local > 0).unwrap().local -= 3_000_000_000;
    data.members[1].representative = None;
    let bad = tmp.path().join("사업자료_오류.xlsx");
    std::fs::write(
        &bad,
        formpack::save::to_bytes(&data, formpack::load::InputFormat::Xlsx).unwrap(),
    )
    .unwrap();
    let mut data = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    let kaic = data
        .members
        .iter_mut()
        .find(|m| m.id.as_str() == "kaic")
        .unwrap();
    kaic.representative.as_mut().unwrap().name = Some("김새봄".into());
    let corrected = tmp.path().join("사업자료_제2판.xlsx");
    std::fs::write(
        &corrected,
        formpack::save::to_bytes(&data, formpack::load::InputFormat::Xlsx).unwrap(),
    )
    .unwrap();

    // 1. The start: Korean headings, the blank files.
    c.goto(&url).await.unwrap();
    assert_eq!(c.title().await.unwrap(), "formpack — 신청 서류 만들기");
    let headings = js(
        &c,
        "return Array.from(document.querySelectorAll('h2')).map(h => h.innerText)",
    )
    .await;
    assert_eq!(
        headings,
        json!([
            "시작하기",
            "1. 자료 올리기와 점검",
            "2. 서류 만들기",
            "3. 수정본 비교"
        ])
    );
    let blank = js(&c, "return document.getElementById('blank-xlsx').href").await;
    let blank = get(blank.as_str().unwrap());
    assert_eq!(
        blank,
        formpack::save::blank(
            formpack::load::InputFormat::Xlsx,
            formpack::program::Program::default_builtin()
        )
        .unwrap()
    );
    // Every control has a label or text a keyboard user hears.
    let unlabeled = js(&c, "return Array.from(document.querySelectorAll('input')).filter(i => !document.querySelector('label[for=\"' + i.id + '\"]')).length").await;
    assert_eq!(unlabeled, json!(0));
    shot(&c, "01-start.png", "#start").await;
    let mut audit: Vec<String> = axe(&c, "the start").await;
    both_sizes(&c, "start", "header").await;
    // The audit can fail: a picture without a text alternative is caught, then removed.
    if std::env::var_os("FORMPACK_AXE_JS").is_some() {
        js(&c, "const i = document.createElement('img'); i.id = 'axe-probe'; i.src = '/nowhere.png'; document.body.append(i); return true").await;
        let probe = axe(&c, "the probe").await;
        assert!(
            probe.iter().any(|v| v.starts_with("image-alt")),
            "{probe:?}"
        );
        js(
            &c,
            "document.getElementById('axe-probe').remove(); return true",
        )
        .await;
    }

    // 2. Upload the sample workbook: the check runs at once.
    choose(&c, "#file", &[&good]).await;
    until_text(&c, "the check", "status", "문제 없음|오류 없음").await;
    let summary = js(&c, "return Object.fromEntries(Array.from(document.querySelectorAll('#summary dd')).map(d => [d.dataset.field, d.innerText]))").await;
    assert_eq!(summary["총사업비"], "23,900,000,000원");
    assert_eq!(summary["국비"], "14,000,000,000원 (58.58%)");
    assert_eq!(summary["지방비"], "6,300,000,000원 (26.36%)");
    assert_eq!(summary["지방비+민간"], "41.42%");
    assert_eq!(summary["과제명"], "대전 제조현장 AI 대전환 프로젝트");
    // The banner: counts, and the three ratios against the profile's thresholds.
    let chips = js(
        &c,
        "return Array.from(document.querySelectorAll('#banner li')).map(l => l.innerText)",
    )
    .await;
    assert_eq!(
        chips,
        json!([
            "오류 0건",
            "경고 0건",
            "미입력 0건",
            "✔ 국비 58.58% (기준 60% 이하, 충족)",
            "✔ 지방비 26.36% (기준 20% 이상, 충족)",
            "✔ 지방비+민간 41.42% (기준 40% 이상, 충족)"
        ])
    );
    let current = js(
        &c,
        "return document.querySelector('#stepper [aria-current=step]').innerText",
    )
    .await;
    assert_eq!(
        current,
        json!("2. 서류 만들기"),
        "a clean check moves the steps on"
    );
    let copies = js(
        &c,
        "return document.querySelectorAll('#findings button.copy').length",
    )
    .await;
    assert_eq!(copies, json!(0), "no findings, nothing to copy");
    let call = js(&c, "return document.getElementById('call').innerText").await;
    assert!(
        call.as_str()
            .unwrap()
            .starts_with("「2026년 지역 주도형 AI 대전환"),
        "{call}"
    );
    assert!(
        call.as_str().unwrap().contains("신청 마감 2026. "),
        "{call}"
    );
    shot(&c, "02-checked.png", "#upload").await;

    // 3. Build: the document list with 문서확인번호, signers and pages.
    click(&c, "#build-final").await;
    until(
        &c,
        "the build",
        "return !document.getElementById('bundle').hidden",
    )
    .await;
    let docs = rows(&c, "#documents").await;
    let out = tmp.path().join("cli-out");
    let cli = formpack(&["build", good.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(cli.status.success());
    let expected = common::read_tree(&out);
    let manifest: formpack::bundle::Manifest =
        serde_json::from_slice(&expected["manifest.json"]).unwrap();
    let pdfs: Vec<&formpack::bundle::FileEntry> = manifest
        .files
        .iter()
        .filter(|f| !f.path.contains('/') && f.path.ends_with(".pdf") && f.document.is_some())
        .collect();
    // The deck among the common documents: no signers, its slides counted, its one PPTX.
    let deck = docs.iter().find(|r| r[0] == "09").unwrap();
    assert_eq!(
        deck[..3],
        ["09".to_string(), "사업계획 발표자료".into(), "—".into()]
    );
    assert_eq!(
        deck[4..],
        ["—".to_string(), "슬라이드 10장".into(), "PPTX".into()]
    );
    let forms: Vec<&Vec<String>> = docs.iter().filter(|r| r[0] != "09").collect();
    assert_eq!(forms.len(), pdfs.len());
    // The summary card at the top of the bundle: 판, documents, pages (every form's PDF read
    // back by lopdf), time taken, and the file it came from.
    let card = js(&c, "return Object.fromEntries(Array.from(document.querySelectorAll('#build-summary dd')).map(d => [d.dataset.field, d.innerText]))").await;
    let total: usize = pdfs
        .iter()
        .map(|e| {
            lopdf::Document::load_mem(&expected[&e.path])
                .unwrap()
                .get_pages()
                .len()
        })
        .sum();
    assert_eq!(card["판"], "제1판", "{card}");
    assert_eq!(card["서류"], format!("{}건", docs.len()), "{card}");
    assert_eq!(
        card["쪽수"],
        format!("PDF 모두 {}쪽", formpack::korean::won(total as i64)),
        "{card}"
    );
    assert_eq!(card["자료 파일"], "사업자료_제1판.xlsx", "{card}");
    let took = card["걸린 시간"].as_str().unwrap();
    assert!(
        took.ends_with('초') && took.trim_end_matches('초').parse::<f64>().is_ok(),
        "{card}"
    );
    for entry in &pdfs {
        let fp = entry.fingerprint.as_ref().unwrap();
        let row = forms
            .iter()
            .find(|r| r[3] == *fp)
            .unwrap_or_else(|| panic!("{fp} not listed"));
        let pages = lopdf::Document::load_mem(&expected[&entry.path])
            .unwrap()
            .get_pages()
            .len();
        assert_eq!(row[5], format!("{pages}쪽"), "{row:?}");
    }
    // 공통 서류 first, then a group a 기관 with its packet.
    let groups = js(&c, "return Array.from(document.querySelectorAll('#documents tr.group button')).map(b => b.innerText)").await;
    let groups: Vec<String> = serde_json::from_value(groups).unwrap();
    assert_eq!(groups[0], "공통 서류 — 서류 6건", "{groups:?}");
    assert!(
        groups.contains(&"한국AI융합연구원 — 서류 4건".to_string()),
        "{groups:?}"
    );
    assert_eq!(groups.len(), 7, "{groups:?}");
    // 모든 서명 묶음: every packet, each under the name staff file it by.
    let all = js(&c, "return document.getElementById('all-packets').href").await;
    let all = unzip(&get(all.as_str().unwrap()));
    assert_eq!(all.len(), 7);
    assert!(all["서명묶음_한국AI융합연구원_제1판.zip"] == expected["members/kaic.zip"]);
    assert_eq!(docs[0][0], "01");
    assert_eq!(docs[0][4], "대전광역시, 재단법인 한빛테크노파크");
    assert_eq!(docs[0][6], "DOCX PDF HWPX 미리보기");
    shot(&c, "03-built.png", "#build").await;
    audit.extend(axe(&c, "the built bundle").await);
    both_sizes(&c, "built", "#build").await;
    // The end of the list: the deck's row, then the packets.
    shot(&c, "03b-deck-row.png", "#documents tbody tr:last-child").await;

    // The whole bundle by the page's own link: the CLI's bundle, file for file.
    let zip_url = js(&c, "return document.getElementById('zip-link').href").await;
    let got = unzip(&get(zip_url.as_str().unwrap()));
    assert_eq!(got["manifest.json"], expected["manifest.json"]);
    assert_eq!(got.len(), expected.len());
    for (path, bytes) in &expected {
        assert!(got[path] == *bytes, "{path}");
    }
    // A member's packet by its link.
    let packet = js(&c, "return Array.from(document.querySelectorAll('#packets a')).find(a => a.innerText.startsWith('한국AI융합연구원')).href").await;
    assert_eq!(get(packet.as_str().unwrap()), expected["members/kaic.zip"]);

    // Preview a PDF beside its own row (issue #30: not under every other row), at 1280×720:
    // the last form's, deep in the list, opens right after its row, in view.
    c.set_window_size(1280, 720).await.unwrap();
    let preview_of = |which: &str| {
        format!("window.__clicked = Array.from(document.querySelectorAll('#documents button.preview')).{which}; window.__clicked.click(); return true")
    };
    let placed = "const box = document.getElementById('preview-box'); const row = window.__clicked.closest('tr'); const r = box.getBoundingClientRect(); return [box.previousElementSibling === row, box.parentElement === row.parentElement, r.top >= 0 && r.top < window.innerHeight, document.querySelectorAll('#preview-box, #preview').length, row.cells[1].innerText, document.getElementById('preview-title').innerText]";
    let opened = "return !!document.getElementById('preview') && document.getElementById('preview').src.includes('inline=1')";
    js(&c, &preview_of("pop()")).await;
    until(&c, "the preview", opened).await;
    let p = js(&c, placed).await;
    assert_eq!(
        p.as_array().unwrap()[..4],
        [json!(true), json!(true), json!(true), json!(2)],
        "{p}"
    );
    assert!(
        p[5].as_str().unwrap().contains(p[4].as_str().unwrap()),
        "{p}"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("04-preview.png"), c.screenshot().await.unwrap()).unwrap();
    // Another preview replaces it, under its own row; 닫기 closes it and gives the focus back.
    js(&c, &preview_of("shift()")).await;
    until(&c, "the first row's preview", "return document.getElementById('preview-box').previousElementSibling === window.__clicked.closest('tr')").await;
    let p = js(&c, placed).await;
    assert_eq!(
        p.as_array().unwrap()[..4],
        [json!(true), json!(true), json!(true), json!(2)],
        "{p}"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    both_sizes(&c, "preview", "tr:has(+ #preview-box)").await;
    click(&c, "#preview-close").await;
    let closed = js(&c, "return [document.getElementById('preview-box') === null, document.activeElement === window.__clicked]").await;
    assert_eq!(closed, json!([true, true]));

    // 4. A failing workbook: every finding at its sheet and cell, as the CLI reports it.
    choose(&c, "#file", &[&bad]).await;
    until_text(&c, "the failing check", "status", "오류 \\d+건").await;
    // Each place with a sheet and cell has a button that copies it, named for a screen reader.
    let copy = js(&c, "return Array.from(document.querySelectorAll('#findings button.copy')).map(b => b.getAttribute('aria-label'))").await;
    assert!(
        copy.as_array()
            .unwrap()
            .iter()
            .any(|l| l == "사업비!F2 복사"),
        "{copy}"
    );
    let chips = js(
        &c,
        "return Array.from(document.querySelectorAll('#ratios li')).map(l => l.innerText)",
    )
    .await;
    assert!(
        chips[1]
            .as_str()
            .unwrap()
            .starts_with("✘ 지방비 15.79% (기준 20% 이상, 미충족)"),
        "{chips}"
    );
    // 표시된 엑셀: the workbook comes back as a download, a spreadsheet named for the file.
    js(&c, "window.__blobs = []; const u = URL.createObjectURL; URL.createObjectURL = (b) => { window.__blobs.push([b.type, b.size]); return u(b); }; return true").await;
    click(&c, "#marked").await;
    until(
        &c,
        "the marked workbook",
        "return window.__blobs.length === 1",
    )
    .await;
    let blob = js(&c, "return window.__blobs[0]").await;
    assert_eq!(
        blob[0],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(blob[1].as_u64().unwrap() > 10_000, "{blob}");
    let cli = formpack(&["check", bad.to_str().unwrap(), "--format", "json"]);
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let found = findings(&c).await;
    let cli = cli["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), cli.len());
    // Each finding under its sheet's heading, its code only under 자세히 (issue #30).
    for d in cli {
        let sheet = d["location"]["sheet"].as_str().unwrap();
        let place = format!("{sheet}!{}", d["location"]["cell"].as_str().unwrap());
        assert!(
            found.iter().any(|r| r["code"] == d["code"]
                && r["ref"] == place.as_str()
                && r["msg"] == d["message"]
                && r["group"]
                    .as_str()
                    .is_some_and(|g| g.starts_with(&format!("{sheet} — ")))),
            "{d} is not on the page at {place}: {found:?}"
        );
    }
    let headers = js(&c, "return Array.from(document.querySelectorAll('#findings thead th')).map(t => t.innerText.replace(/ [↕↑↓]$/, ''))").await;
    assert_eq!(headers, json!(["구분", "고칠 곳", "기관", "내용"]));
    assert!(
        found
            .iter()
            .all(|r| r["code"].is_string() && r["cells"] == 4),
        "{found:?}"
    );
    // The sheets in the workbook's order, not 가나다.
    let sheets = js(&c, "return Array.from(document.querySelectorAll('#findings tr.group th')).map(t => t.innerText.split(' — ')[0])").await;
    let order: Vec<usize> = sheets
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            formpack::workbook::schema::SHEETS
                .iter()
                .position(|x| *x == s.as_str().unwrap())
                .unwrap()
        })
        .collect();
    assert!(
        order.len() >= 2 && order.windows(2).all(|w| w[0] < w[1]),
        "{sheets}"
    );
    // The 주관기관's missing 대표자: its 기관 by name and its row.
    let lead = &formpack::load::load(Path::new(SAMPLE))
        .unwrap()
        .data
        .members[1];
    let rep = found
        .iter()
        .find(|r| {
            r["code"] == "field-missing" && r["ref"].as_str().unwrap().starts_with("참여기관!")
        })
        .unwrap();
    assert_eq!(rep["member"], lead.name.as_str(), "{rep}");
    let row = rep["ref"]
        .as_str()
        .unwrap()
        .trim_start_matches(|c: char| !c.is_ascii_digit());
    assert_eq!(rep["row"], format!("{row}행"), "{rep}");
    let state = js(&c, "return [document.getElementById('build-final').disabled, document.getElementById('build-draft').hidden]").await;
    assert_eq!(state, json!([true, false]));
    let missing = js(&c, "return document.getElementById('missing').innerText").await;
    assert!(missing.as_str().unwrap().contains("참여기관!"), "{missing}");
    // Sorting by 기관, by the keyboard: focus the header button and press Enter. Each sheet
    // keeps its group; inside it the rows of one 기관 come together.
    let member_header = c
        .find(Locator::Css("#findings th button[data-key=member]"))
        .await
        .unwrap();
    member_header.send_keys("\u{E007}").await.unwrap();
    let sorted = findings(&c).await;
    assert_eq!(sorted.len(), found.len());
    let mut seen: Vec<(String, String)> = Vec::new();
    for r in &sorted {
        let key = (r["group"].to_string(), r["member"].to_string());
        if seen.last() != Some(&key) {
            assert!(!seen.contains(&key), "{key:?} split in {sorted:?}");
            seen.push(key);
        }
    }
    let sort = js(
        &c,
        "return document.querySelector('#findings th[aria-sort]').innerText",
    )
    .await;
    assert!(sort.as_str().unwrap().starts_with("기관"), "{sort}");
    shot(&c, "05-errors.png", "#check-result").await;
    audit.extend(axe(&c, "the findings").await);
    both_sizes(&c, "findings", "#upload").await;
    both_sizes(&c, "findings-table", "#findings").await;

    // The draft: offered, built, and said to be not for submission.
    click(&c, "#build-draft").await;
    until(&c, "the draft", "return !document.getElementById('bundle').hidden && !document.getElementById('draft-warning').hidden").await;
    let warning = js(
        &c,
        "return document.getElementById('draft-warning').innerText",
    )
    .await;
    assert!(warning.as_str().unwrap().contains("제출할 수 없습니다"));

    // 5. Compare: the corrected file against the first.
    choose(&c, "#file", &[&corrected]).await;
    until_text(&c, "the corrected check", "status", "문제 없음|오류 없음").await;
    choose(&c, "#old", &[&good]).await;
    click(&c, "#compare").await;
    until(
        &c,
        "the comparison",
        "return !document.getElementById('diff-result').hidden",
    )
    .await;
    let cli = formpack(&[
        "diff",
        good.to_str().unwrap(),
        corrected.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let fields = rows(&c, "#fields").await;
    assert_eq!(fields.len(), cli["fields"].as_array().unwrap().len());
    assert!(fields.iter().any(|r| r[2] == "김새봄"), "{fields:?}");
    // Each change as staff read it: the member and the field, and where it is in the file.
    let rep = fields.iter().find(|r| r[2] == "김새봄").unwrap();
    assert_eq!(rep[0], "한국AI융합연구원 · ‘대표자 성명’", "{rep:?}");
    assert!(rep[3].starts_with("참여기관!"), "{rep:?}");
    let changed = rows(&c, "#changed").await;
    assert_eq!(changed.len(), cli["documents"].as_array().unwrap().len());
    let resign = js(
        &c,
        "return Array.from(document.querySelectorAll('#resign li')).map(l => l.innerText)",
    )
    .await;
    let resign: Vec<String> = serde_json::from_value(resign).unwrap();
    assert_eq!(resign.len(), cli["resign"].as_array().unwrap().len());
    assert!(
        resign.iter().any(|r| r.starts_with("한국AI융합연구원: ")),
        "{resign:?}"
    );
    // A draft's packets are never offered for signing again.
    let offered = js(
        &c,
        "return document.getElementById('resign-packets').hidden",
    )
    .await;
    assert_eq!(offered, json!(true));
    shot(&c, "06-diff.png", "#diff").await;
    // With the new revision built, only the packets of those who sign again are offered.
    click(&c, "#build-final").await;
    until(&c, "the corrected build", "return !document.getElementById('bundle').hidden && document.getElementById('draft-warning').hidden").await;
    click(&c, "#compare").await;
    until(
        &c,
        "the packets to sign again",
        "return !document.getElementById('resign-packets').hidden",
    )
    .await;
    let packets = js(&c, "return Array.from(document.querySelectorAll('#resign-packet-list a')).map(a => a.innerText)").await;
    let packets: Vec<String> = serde_json::from_value(packets).unwrap();
    assert_eq!(packets.len(), resign.len(), "{packets:?}");
    assert!(
        packets.contains(&"한국AI융합연구원 서명 묶음".to_string()),
        "{packets:?}"
    );
    shot(&c, "07-resign-packets.png", "#diff").await;
    audit.extend(axe(&c, "the comparison").await);
    both_sizes(&c, "comparison", "#diff").await;
    assert!(
        audit.is_empty(),
        "serious or critical accessibility violations: {audit:#?}"
    );

    c.close().await.unwrap();
}

/// The page's everyday loop as staff live it (issue #30): fix in Excel and choose the same
/// file again; add the seal image after the workbook; double-click; choose another file while
/// a build runs; reload; a phone's width. Each of these failed on the page before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fix_and_upload_again_loop_in_a_real_browser() {
    let Some(Session {
        tmp,
        url,
        c,
        _server,
        _driver,
    }) = session().await
    else {
        return;
    };
    let workbook = |edit: &dyn Fn(&mut formpack::model::Consortium)| {
        let mut data = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
        edit(&mut data);
        formpack::save::to_bytes(&data, formpack::load::InputFormat::Xlsx).unwrap()
    };
    // Chosen without clearing the input first, as a person chooses again.
    async fn choose_again(c: &Client, input: &str, file: &Path) {
        let el = c.find(Locator::Css(input)).await.unwrap();
        el.send_keys(&file.display().to_string()).await.unwrap();
    }
    let no_sideways = "return document.documentElement.scrollWidth <= window.innerWidth";

    c.goto(&url).await.unwrap();
    // 1. The same name, chosen again after a fix in Excel: checked again, with its new bytes.
    let book = tmp.path().join("사업자료.xlsx");
    std::fs::write(&book, sample_workbook()).unwrap();
    choose_again(&c, "#file", &book).await;
    until_text(&c, "the check", "status", "문제 없음|오류 없음").await;
    std::fs::write(
        &book,
        workbook(&|d| {
            d.budget.iter_mut().find(|r| r.local > 0).unwrap().local -= 3_000_000_000;
        }),
    )
    .unwrap();
    choose_again(&c, "#file", &book).await;
    until_text(
        &c,
        "the check of the same name again",
        "status",
        "오류 \\d+건",
    )
    .await;
    let listed = js(
        &c,
        "return document.getElementById('chosen-list').innerText",
    )
    .await;
    assert_eq!(
        listed.as_str().unwrap().matches("사업자료.xlsx").count(),
        1,
        "{listed}"
    );

    // 2. A seal named in the workbook but not uploaded: found at its cell; added afterwards,
    // it joins the workbook (which stays) and the finding goes.
    let sealed = tmp.path().join("사업자료_직인.xlsx");
    std::fs::write(
        &sealed,
        workbook(&|d| d.members[1].seal = Some("직인.png".into())),
    )
    .unwrap();
    choose_again(&c, "#file", &sealed).await;
    until(
        &c,
        "the seal finding",
        "return Array.from(document.querySelectorAll('#findings details.more code.code')).some(c => c.textContent === 'seal-missing')",
    )
    .await;
    let seal = tmp.path().join("직인.png");
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, 1, 1);
        enc.set_color(png::ColorType::Grayscale);
        enc.write_header().unwrap().write_image_data(&[0]).unwrap();
    }
    std::fs::write(&seal, &png).unwrap();
    choose_again(&c, "#file", &seal).await;
    until_text(
        &c,
        "the check with the seal",
        "status",
        "문제 없음|오류 없음",
    )
    .await;
    let listed = js(
        &c,
        "return document.getElementById('chosen-list').innerText",
    )
    .await;
    let listed = listed.as_str().unwrap();
    assert!(
        listed.contains("사업자료_직인.xlsx") && listed.contains("직인.png"),
        "{listed}"
    );

    // 3. A double-click builds once, the button says it is working, and the result is in view
    // at 1280×720: the status and, under it, the summary card.
    c.set_window_size(1280, 720).await.unwrap();
    js(&c, "window.__builds = 0; const f = window.fetch; window.fetch = (u, o) => { if (String(u).includes('/api/build')) window.__builds++; return f(u, o); }; return true").await;
    js(
        &c,
        "const b = document.getElementById('build-final'); b.click(); b.click(); return true",
    )
    .await;
    let busy = js(
        &c,
        "return document.getElementById('build-final').getAttribute('aria-busy')",
    )
    .await;
    assert_eq!(busy, json!("true"));
    until(
        &c,
        "the build",
        "return !document.getElementById('bundle').hidden",
    )
    .await;
    assert_eq!(js(&c, "return window.__builds").await, json!(1));
    let names = js(&c, "return Array.from(document.querySelectorAll('#packets a[download]')).map(a => a.getAttribute('download'))").await;
    let names: Vec<String> = serde_json::from_value(names).unwrap();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("서명묶음_") && n.ends_with("_제1판.zip")),
        "{names:?}"
    );
    let in_view = js(&c, "const r = document.getElementById('build-status').getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight, window.scrollY]").await;
    let v: Vec<f64> = serde_json::from_value(in_view.clone()).unwrap();
    assert!(
        v[0] >= -1.0 && v[1] <= v[2] + 1.0,
        "the build's result is in view: {in_view}"
    );
    let card = js(&c, "const r = document.getElementById('build-card').getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]").await;
    let v: Vec<f64> = serde_json::from_value(card.clone()).unwrap();
    assert!(
        v[0] >= -1.0 && v[1] <= v[2] + 1.0,
        "the summary card is in view: {card}"
    );
    c.set_window_size(1280, 1400).await.unwrap();

    // The time the server keeps it, as a clock time.
    let kept = js(&c, "return document.getElementById('kept-until').innerText").await;
    assert!(
        kept.as_str().unwrap().contains("분까지 받을 수 있습니다"),
        "{kept}"
    );
    // 4. Reload: the bundle is still there to download.
    c.refresh().await.unwrap();
    until(&c, "the bundle after a reload", "return !document.getElementById('bundle').hidden && document.getElementById('zip-link').href.includes('/api/bundle/')").await;

    // 5. Another file chosen while a build runs: the build's late answer is dropped.
    choose_again(&c, "#file", &sealed).await;
    choose_again(&c, "#file", &seal).await;
    until_text(&c, "the check", "status", "문제 없음|오류 없음").await;
    js(
        &c,
        "document.getElementById('build-final').click(); return true",
    )
    .await;
    choose_again(&c, "#file", &book).await;
    until(&c, "the build to end", "return state.busy === null").await;
    until_text(&c, "the failing check", "status", "오류 \\d+건").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let bundle_hidden = js(&c, "return document.getElementById('bundle').hidden").await;
    assert_eq!(
        bundle_hidden,
        json!(true),
        "a late build showed under the new file"
    );

    // 6. A phone: nothing scrolls sideways, with findings shown and with a bundle.
    c.set_window_size(390, 844).await.unwrap();
    assert_eq!(js(&c, no_sideways).await, json!(true), "findings at 390 px");
    shot(&c, "10-phone-findings.png", "#upload").await;
    choose_again(&c, "#file", &sealed).await;
    until_text(&c, "the check", "status", "문제 없음|오류 없음").await;
    click(&c, "#build-final").await;
    until(
        &c,
        "the build",
        "return !document.getElementById('bundle').hidden",
    )
    .await;
    assert_eq!(
        js(&c, no_sideways).await,
        json!(true),
        "the bundle at 390 px"
    );
    shot(&c, "11-phone-built.png", "#build").await;
    c.set_window_size(1440, 900).await.unwrap();
    shot(&c, "12-desktop-built.png", "#build").await;

    // 7. A YAML file with one line indented a space short: on the page a syntax error at its
    // line and column, in Korean, the parser's words and the code under 자세히 — not a missing
    // field (issue #30).
    let text = std::fs::read_to_string(SAMPLE).unwrap().replacen(
        "    kind: 지역혁신기관\n    role: 주관기관",
        "    kind: 지역혁신기관\n   role: 주관기관",
        1,
    );
    let line = text.lines().position(|l| l == "   role: 주관기관").unwrap() + 1;
    let yaml = tmp.path().join("사업자료.yaml");
    std::fs::write(&yaml, text).unwrap();
    choose_again(&c, "#file", &yaml).await;
    until_text(&c, "the unreadable file", "status", "읽을 수 없습니다").await;
    let found = findings(&c).await;
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f["ref"], format!("{line}행 4열"), "{f}");
    let msg = f["msg"].as_str().unwrap();
    assert!(
        msg.starts_with("YAML 문법 오류") && !msg.contains("필수 항목"),
        "{f}"
    );
    assert_eq!(f["code"], "input-parse", "{f}");
    assert!(f["detail"].as_str().unwrap().contains("expected"), "{f}");
    assert_eq!(f["group"], Value::Null, "a text file has no sheets: {f}");
    click(&c, "#findings details.more summary").await;
    both_sizes(&c, "syntax-error", "#upload").await;
    c.close().await.unwrap();
}
