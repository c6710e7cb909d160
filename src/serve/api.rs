//! The handlers: the page's files, the blank files, and the JSON API the page calls.
//!
//! | route | what |
//! |---|---|
//! | `GET /` `/app.js` `/style.css` | the page |
//! | `GET /blank/사업자료.xlsx`, `/blank/사업자료.yaml` | blank files to fill in |
//! | `GET /api/program` | the call the page works for: its name and deadline |
//! | `POST /api/check` (`file`…) | the check: summary and findings |
//! | `POST /api/build` (`file`…, `draft`) | check, then build; the document list |
//! | `POST /api/marked` (`file`…) | the workbook with the findings' cells marked (표시된 엑셀) |
//! | `POST /api/diff` (`old`…, `file`…) | what changed, who signs again |
//! | `GET /api/bundle/{id}` | the whole bundle as one zip |
//! | `GET /api/bundle/{id}/packets` | every signing packet in one zip |
//! | `GET /api/bundle/{id}/file/{path}` | one file (`?inline=1`: a PDF to preview) |

use std::sync::Arc;

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::http::{disposition, error, media_type};
use super::work::{self, CompareError, Earlier, Refusal, Upload};
use super::App;
use crate::limits::{human_bytes, Limits};
use crate::load::InputFormat;

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/style.css");

fn refusal(r: Refusal) -> Response {
    error(
        StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_REQUEST),
        &r.message,
    )
}

fn text(media: &'static str, body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(media))],
        body,
    )
        .into_response()
}

pub async fn index() -> Response {
    text("text/html; charset=utf-8", INDEX)
}

pub async fn script() -> Response {
    text("text/javascript; charset=utf-8", SCRIPT)
}

pub async fn style() -> Response {
    text("text/css; charset=utf-8", STYLE)
}

pub async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "없는 주소입니다")
}

/// The server's profile: `--program`, or the default built-in one.
fn program(app: &App) -> Arc<crate::program::Program> {
    app.tools
        .program
        .clone()
        .unwrap_or_else(|| crate::program::Program::default_builtin().clone().into())
}

/// `/api/program`: the call's name and its deadline as the page heads itself with them.
pub async fn call(State(app): State<Arc<App>>) -> Response {
    let p = program(&app);
    Json(json!({
        "name": p.name,
        "deadline": format!("{} {}", p.deadline.official_weekday(), p.deadline_time),
    }))
    .into_response()
}

/// `/blank/사업자료.xlsx` or `.yaml`: the blank file of the server's profile.
pub async fn blank(State(app): State<Arc<App>>, Path(name): Path<String>) -> Response {
    let format = match InputFormat::from_path(std::path::Path::new(&name)) {
        Some(f @ (InputFormat::Xlsx | InputFormat::Yaml)) => f,
        _ => return not_found().await,
    };
    match crate::save::blank(format, &program(&app)) {
        Ok(bytes) => file_response(&name, bytes, false),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

fn file_response(name: &str, bytes: Vec<u8>, inline: bool) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(media_type(name)),
            ),
            (header::CONTENT_DISPOSITION, disposition(inline, name)),
        ],
        bytes,
    )
        .into_response()
}

/// The fields of an upload form.
#[derive(Default)]
struct Form {
    /// `file`: the consortium file and its seal images.
    files: Vec<(String, Vec<u8>)>,
    /// `old`: the earlier revision (file, or a bundle's manifest.json).
    old: Vec<(String, Vec<u8>)>,
    /// `draft`: build despite errors, every page marked 초안.
    draft: bool,
}

/// Read a multipart form, each file bounded by the input limit and the whole by the body
/// limit; every failure a Korean message.
/// The upload of a form (its consortium file and seals) and whether it asks for a draft.
async fn read_upload(
    app: &App,
    mp: Result<Multipart, MultipartRejection>,
) -> Result<(Upload, bool), Response> {
    let form = read_form(app, mp).await?;
    let upload = Upload::from_files(form.files).map_err(refusal)?;
    Ok((upload, form.draft))
}

async fn read_form(app: &App, mp: Result<Multipart, MultipartRejection>) -> Result<Form, Response> {
    let mut mp = mp.map_err(|_| {
        error(
            StatusCode::BAD_REQUEST,
            "올린 내용을 읽을 수 없습니다: 파일은 multipart/form-data로 보내야 합니다",
        )
    })?;
    let max_file = Limits::DEFAULT.input_bytes as usize;
    let too_large = |what: String| error(StatusCode::PAYLOAD_TOO_LARGE, &what);
    let body_limit = app.config.body_bytes;
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(format!(
                "올린 파일이 너무 큽니다: 한 번에 {}까지 올릴 수 있습니다",
                human_bytes(body_limit as u64)
            ))
        } else {
            error(
                StatusCode::BAD_REQUEST,
                "올린 내용이 중간에 끊겼거나 형식이 잘못되었습니다. 다시 올려 주십시오",
            )
        }
    };
    let mut form = Form::default();
    while let Some(mut field) = mp.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "draft" => {
                let v = field.text().await.map_err(broken)?;
                form.draft = matches!(v.trim(), "1" | "true" | "on");
            }
            "file" | "old" => {
                let file_name = field.file_name().unwrap_or("").to_string();
                if file_name.is_empty() {
                    // An empty file input sends a part with no name and no bytes.
                    while field.chunk().await.map_err(broken)?.is_some() {}
                    continue;
                }
                let mut bytes: Vec<u8> = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(broken)? {
                    if bytes.len() + chunk.len() > max_file {
                        return Err(too_large(format!(
                            "{}: 파일이 너무 큽니다 (한도 {})",
                            work::safe_name(&file_name).unwrap_or_default(),
                            human_bytes(max_file as u64)
                        )));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                let list = if name == "file" {
                    &mut form.files
                } else {
                    &mut form.old
                };
                list.push((file_name, bytes));
            }
            _ => while field.chunk().await.map_err(broken)?.is_some() {},
        }
    }
    Ok(form)
}

/// Run `f` on the blocking pool once a job slot is free, within the job time limit. The slot
/// is held until `f` returns, even past the time limit, so no more than `max_jobs` run.
async fn job<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&App) -> T + Send + 'static,
) -> Result<T, Response> {
    let wait = app.config.queue_wait;
    let permit = match tokio::time::timeout(wait, app.jobs.clone().acquire_owned()).await {
        Ok(Ok(p)) => p,
        _ => {
            return Err(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "지금은 처리 중인 작업이 많습니다. 잠시 뒤에 다시 시도하십시오",
            ))
        }
    };
    let inner = app.clone();
    let handle = tokio::task::spawn_blocking(move || {
        let _slot = permit;
        f(&inner)
    });
    match tokio::time::timeout(app.config.job_time, handle).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(_)) => Err(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "내부 오류로 처리하지 못했습니다. 같은 파일로 formpack check를 실행해 보시고, 문제가 계속되면 알려 주십시오",
        )),
        Err(_) => Err(error(
            StatusCode::GATEWAY_TIMEOUT,
            &format!(
                "처리 시간이 {}초를 넘어 멈췄습니다",
                app.config.job_time.as_secs()
            ),
        )),
    }
}

/// `POST /api/check`: 200 with the findings of a file that was read, 422 for one that
/// cannot be read (its findings say why).
pub async fn check(
    State(app): State<Arc<App>>,
    mp: Result<Multipart, MultipartRejection>,
) -> Response {
    let (upload, _) = match read_upload(&app, mp).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let checked = job(&app, move |app| {
        work::check(&upload, app.tools.program.as_ref()).0
    })
    .await;
    match checked {
        Ok(c) => {
            let status = if c.loaded {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            (status, Json(json!({ "check": c }))).into_response()
        }
        Err(r) => r,
    }
}

/// `POST /api/marked`: the uploaded workbook back with every cell a finding names filled and
/// noted, to fix in Excel.
pub async fn marked(
    State(app): State<Arc<App>>,
    mp: Result<Multipart, MultipartRejection>,
) -> Response {
    let (upload, _) = match read_upload(&app, mp).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let done = job(&app, move |app| {
        work::marked(&upload, app.tools.program.as_ref())
    })
    .await;
    match done {
        Ok(Ok((name, bytes))) => file_response(&name, bytes, false),
        Ok(Err(r)) => refusal(r),
        Err(r) => r,
    }
}

/// `POST /api/build`: check, then build (a file with errors only with `draft`); the bundle is
/// kept in memory and listed.
pub async fn build(
    State(app): State<Arc<App>>,
    mp: Result<Multipart, MultipartRejection>,
) -> Response {
    let (upload, draft) = match read_upload(&app, mp).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let done = job(&app, move |app| {
        let (checked, loaded) = work::check(&upload, app.tools.program.as_ref());
        let Some((input, figures)) = loaded else {
            return Err((StatusCode::UNPROCESSABLE_ENTITY, Box::new(checked), None));
        };
        let previous = app.store.newest();
        let bundle = work::build(
            &upload,
            &input,
            &figures,
            checked.errors > 0,
            draft,
            &app.tools,
            previous.as_ref().map(|b| &b.built),
        )
        .map_err(|r| {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Box::new(checked.clone()),
                Some(r.message),
            )
        })?;
        let view = bundle.view.clone();
        let id = app.store.put(bundle);
        Ok((id, checked, view))
    })
    .await;
    match done {
        Ok(Ok((id, checked, view))) => {
            // How long the server keeps it (at most: a full store drops the oldest first).
            let kept = app.config.keep.keep_for.as_secs();
            Json(json!({ "id": id, "check": checked, "bundle": view, "kept_seconds": kept }))
                .into_response()
        }
        Ok(Err((status, checked, message))) => (
            status,
            Json(json!({
                "error": message.unwrap_or_else(|| "파일을 읽을 수 없습니다".to_string()),
                "check": checked,
            })),
        )
            .into_response(),
        Err(r) => r,
    }
}

/// `POST /api/diff`: `old` (a consortium file or a bundle's manifest.json) against `file`.
pub async fn compare(
    State(app): State<Arc<App>>,
    mp: Result<Multipart, MultipartRejection>,
) -> Response {
    let form = match read_form(&app, mp).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if form.old.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "이전 판(사업 자료 파일이나 묶음의 manifest.json)을 올려 주십시오",
        );
    }
    let (earlier, new) = match (
        Earlier::from_files(form.old),
        Upload::from_files(form.files),
    ) {
        (Ok(e), Ok(n)) => (e, n),
        (Err(r), _) | (_, Err(r)) => return refusal(r),
    };
    let done = job(&app, move |app| {
        work::compare(&earlier, &new, app.tools.program.as_ref())
    })
    .await;
    match done {
        Ok(Ok(c)) => Json(json!({ "diff": c })).into_response(),
        Ok(Err(CompareError::Unreadable(findings))) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "error": "파일을 읽을 수 없습니다", "findings": findings })),
        )
            .into_response(),
        Ok(Err(CompareError::Refused(r))) => refusal(r),
        Err(r) => r,
    }
}

fn gone() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "이 묶음은 더 이상 없습니다 (보관 시간이 지났거나 서버를 다시 켰습니다). 파일을 다시 올려 만드십시오",
    )
}

/// `GET /api/bundle/{id}`: every file of the bundle in one zip, as `build` writes the folder.
pub async fn bundle_zip(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let Some(b) = app.store.get(&id) else {
        return gone();
    };
    let name = b.view.zip_name.clone();
    zip_response(
        name,
        "묶음을 zip으로 만들지 못했습니다",
        b,
        |b| {
            b.built
                .files
                .iter()
                .map(|(p, bytes)| (p.clone(), bytes.contiguous()))
                .collect()
        },
    )
    .await
}

/// `GET /api/bundle/{id}/packets`: every member's signing packet in one zip, each under the
/// name the page gives it (`서명묶음_<기관명>_제N판.zip`).
pub async fn bundle_packets(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let Some(b) = app.store.get(&id) else {
        return gone();
    };
    let prefix = if b.view.draft { "초안_" } else { "" };
    let name = format!("{prefix}서명묶음_전체_제{}판.zip", b.view.revision);
    zip_response(
        name,
        "서명 묶음을 zip으로 만들지 못했습니다",
        b,
        |b| {
            b.view
                .packets
                .iter()
                .filter_map(|p| {
                    let (_, bytes) = b
                        .built
                        .files
                        .iter()
                        .find(|(path, _)| *path == p.file.path)?;
                    Some((p.file.download.clone(), bytes.contiguous()))
                })
                .collect()
        },
    )
    .await
}

/// Files taken from a bundle for a zip: name in the zip → bytes.
type Pick = fn(&work::Bundle) -> Vec<(String, std::borrow::Cow<'_, [u8]>)>;

/// A download of the files `pick` takes from a bundle (name → bytes), zipped off the async
/// threads; `failed` is what a person reads when it cannot be made. Packets are pieces of
/// the documents' bytes: joined here, for this download only.
async fn zip_response(
    name: String,
    failed: &str,
    bundle: Arc<work::Bundle>,
    pick: Pick,
) -> Response {
    let zipped = tokio::task::spawn_blocking(move || {
        let joined = pick(&bundle);
        let files: Vec<(String, &[u8])> = joined.iter().map(|(p, b)| (p.clone(), &b[..])).collect();
        crate::bundle::zip_files(&files)
    })
    .await;
    match zipped {
        Ok(Ok(bytes)) => file_response(&name, bytes, false),
        _ => error(StatusCode::INTERNAL_SERVER_ERROR, failed),
    }
}

#[derive(Deserialize)]
pub struct FileQuery {
    inline: Option<u8>,
}

/// `GET /api/bundle/{id}/file/{path}`: one file; a PDF inline with `?inline=1`.
pub async fn bundle_file(
    State(app): State<Arc<App>>,
    Path((id, path)): Path<(String, String)>,
    Query(q): Query<FileQuery>,
) -> Response {
    let Some(b) = app.store.get(&id) else {
        return gone();
    };
    let Some((_, bytes)) = b.built.files.iter().find(|(p, _)| *p == path) else {
        return error(StatusCode::NOT_FOUND, "묶음에 그런 파일이 없습니다");
    };
    let name = path.rsplit('/').next().unwrap_or(&path);
    let inline = q.inline == Some(1) && name.ends_with(".pdf");
    file_response(name, bytes.to_vec(), inline)
}
