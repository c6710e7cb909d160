//! HTTP around the handlers: the `Host` check, the request log, security headers, and file
//! names in `Content-Disposition`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::App;

/// The `Host` values the server answers to.
pub struct Hosts {
    port: u16,
    /// Loopback: only `127.0.0.1`, `localhost` and `[::1]` with the port. Remote (with
    /// `--allow-remote`): any IP literal with the port. A DNS name other than `localhost` is
    /// never accepted, which is what defeats DNS rebinding.
    remote: bool,
    bound: IpAddr,
}

impl Hosts {
    /// The hosts of a server bound at `local`.
    pub fn new(local: SocketAddr, remote: bool) -> Hosts {
        Hosts {
            port: local.port(),
            remote,
            bound: local.ip(),
        }
    }

    /// Whether a `Host` header names this server.
    pub fn allows(&self, host: &str) -> bool {
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !p.contains(']') => (n, p.parse::<u16>().ok()),
            _ => (host, Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        let name = name.trim_start_matches('[').trim_end_matches(']');
        if name.eq_ignore_ascii_case("localhost") {
            return self.bound.is_loopback() || self.bound.is_unspecified();
        }
        match name.parse::<IpAddr>() {
            Ok(ip) if self.remote => ip == self.bound || self.bound.is_unspecified(),
            Ok(ip) => ip.is_loopback(),
            Err(_) => false,
        }
    }
}

/// Every request: refuse a foreign `Host`, add the security headers, log one line.
pub async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    // The path only: queries carry nothing personal, but nothing is gained by logging them.
    let path = req.uri().path().to_string();
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mut res = if !app.hosts.allows(&host) {
        error(
            StatusCode::MISDIRECTED_REQUEST,
            "이 주소로는 열 수 없습니다: formpack serve가 알려 준 주소(http://127.0.0.1:…)로 여십시오",
        )
    } else if cross_site(&req, &host) {
        error(
            StatusCode::FORBIDDEN,
            "다른 사이트에서 보낸 요청은 받지 않습니다: formpack serve의 화면에서 다시 하십시오",
        )
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
        ),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    let size = res
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    // One logfmt line a request: no file names, no figures, no personal data.
    eprintln!(
        "method={method} path={} status={} bytes={size} ms={}",
        log_path(&path),
        res.status().as_u16(),
        started.elapsed().as_millis()
    );
    res
}

/// Whether a request that changes something (anything but GET and HEAD) comes from another
/// site: a browser says so in `Sec-Fetch-Site`, and in an `Origin` that is not this server.
/// A request with neither (curl, the CLI's tests) is not a browser's and is let through.
fn cross_site(req: &Request, host: &str) -> bool {
    use axum::http::Method;
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return false;
    }
    let headers = req.headers();
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| s != "same-origin" && s != "none") {
        return true;
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    origin.is_some_and(|o| o != format!("http://{host}"))
}

/// The path as logged: a bundle's file path is cut to its kind, so member ids and names of
/// documents stay out of the log.
fn log_path(path: &str) -> String {
    match path.split_once("/file/") {
        Some((head, _)) => format!("{head}/file/…"),
        None => path.chars().take(100).collect(),
    }
}

/// `Content-Disposition` for a file name that may be Korean: an ASCII fallback and the
/// UTF-8 name (RFC 6266, RFC 5987).
pub fn disposition(inline: bool, name: &str) -> HeaderValue {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let kind = if inline { "inline" } else { "attachment" };
    HeaderValue::from_str(&format!(
        "{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// The media type of a file by its extension.
pub fn media_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("hwpx") => "application/hwp+zip",
        Some("pptx") => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("zip") => "application/zip",
        Some("json") => "application/json",
        Some("yaml") => "application/yaml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Shorthand for a response with a status and Korean text as JSON `{"error": …}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_on_loopback_take_only_loopback_names_with_the_port() {
        let h = Hosts::new("127.0.0.1:8080".parse().unwrap(), false);
        assert!(h.allows("127.0.0.1:8080"));
        assert!(h.allows("localhost:8080"));
        assert!(h.allows("[::1]:8080"));
        assert!(!h.allows("127.0.0.1:8081"));
        assert!(!h.allows("evil.example:8080"));
        assert!(!h.allows("127.0.0.1.nip.io:8080"));
        assert!(!h.allows("192.168.0.7:8080"));
        assert!(!h.allows(""));
    }

    #[test]
    fn hosts_when_remote_take_ip_literals_only() {
        let h = Hosts::new("0.0.0.0:9000".parse().unwrap(), true);
        assert!(h.allows("192.168.0.7:9000"));
        assert!(h.allows("localhost:9000"));
        assert!(!h.allows("office.example:9000"));
        let h = Hosts::new("192.168.0.7:9000".parse().unwrap(), true);
        assert!(h.allows("192.168.0.7:9000"));
        assert!(!h.allows("10.0.0.1:9000"));
    }

    #[test]
    fn disposition_encodes_korean_names() {
        let v = disposition(false, "04_참여의사확인서_kaic.pdf");
        let s = v.to_str().unwrap();
        assert!(
            s.starts_with(
                "attachment; filename=\"04_________kaic.pdf\"; filename*=UTF-8''04_%EC%B0%B8"
            ),
            "{s}"
        );
        assert!(s.ends_with("_kaic.pdf"));
    }
}
