//! `cargo bench --bench serve`: `formpack serve` under load, on 127.0.0.1 only, bounded in
//! count and time.
//!
//! 1. 200 uploads of the sample workbook to `/api/build` (check and build, as the page's
//!    button does), 8 at a time: median and 99th-percentile latency, errors (must be 0), the
//!    server's peak memory (VmHWM).
//! 2. The same while hostile requests run beside them, 2 at a time: an oversized upload, a
//!    zip-bomb workbook, malformed multipart, a wrong `Host`. Each must be refused with its
//!    status (413, 422, 400, 421), the good uploads must all succeed, and the server's memory
//!    must stay bounded.
//!
//! Set `FORMPACK_BIN` to time another binary (an older build, say).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

// The bench uses a few of the tests' helpers.
#[allow(dead_code)]
#[path = "../tests/common/mod.rs"]
mod common;

const UPLOADS: usize = 200;
const AT_ONCE: usize = 8;
const HOSTILE_AT_ONCE: usize = 2;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Server {
        // FORMPACK_SERVE_KEEP_MB: the store's bound (`--keep-mb`), to see what the peak is made of.
        let keep = std::env::var("FORMPACK_SERVE_KEEP_MB").unwrap_or_else(|_| "128".into());
        let (child, addr) = common::start_serve(&["--keep-mb", &keep], false);
        Server { child, addr }
    }

    /// The server's peak resident memory so far, MB (VmHWM).
    fn peak_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }
}

/// One HTTP/1.1 request on a new connection; the status (0 if the connection failed before a
/// status line came back).
fn request(addr: &str, host: &str, path: &str, content_type: &str, body: &[u8]) -> u16 {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return 0;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(120)));
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // The server may answer (413) and close before the whole body is sent: keep what it said.
    let _ = s.write_all(head.as_bytes()).and_then(|_| s.write_all(body));
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    let text = String::from_utf8_lossy(&reply[..reply.len().min(64)]).to_string();
    text.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

struct Round {
    latencies: Vec<Duration>,
    errors: usize,
    wall: Duration,
}

/// `UPLOADS` good builds, `AT_ONCE` at a time.
fn good_round(server: &Server, bodies: &[(String, Vec<u8>)]) -> Round {
    let next = AtomicUsize::new(0);
    let lat = Mutex::new(Vec::new());
    let errors = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..AT_ONCE {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= UPLOADS {
                    break;
                }
                let (ct, body) = &bodies[i % bodies.len()];
                let t = Instant::now();
                let status = request(&server.addr, &server.addr, "/api/build", ct, body);
                lat.lock().unwrap().push(t.elapsed());
                if status != 200 {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let mut latencies = lat.into_inner().unwrap();
    latencies.sort();
    Round {
        latencies,
        errors: errors.into_inner(),
        wall: started.elapsed(),
    }
}

fn report(name: &str, r: &Round, peak: f64) {
    println!(
        "{name:<34} {:>4} uploads  median {:>6.0} ms  p99 {:>6.0} ms  errors {}  {:>5.1} uploads/s  server peak {:>5.0} MB",
        r.latencies.len(),
        percentile(&r.latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&r.latencies, 0.99).as_secs_f64() * 1000.0,
        r.errors,
        r.latencies.len() as f64 / r.wall.as_secs_f64(),
        peak
    );
}

fn main() {
    // Each upload a different 과제명 (printed on every document): nothing can be lent by the
    // bundle held in memory, so every upload is a full check and build, the worst case.
    let mut data = formpack::load::load(std::path::Path::new(common::SAMPLE))
        .unwrap()
        .data;
    let bodies: Vec<(String, Vec<u8>)> = (1..=UPLOADS as u32)
        .map(|n| {
            data.project.title = Some(format!("대전 제조현장 AI 대전환 프로젝트 (검토 {n})"));
            let book = formpack::save::to_bytes(&data, formpack::load::InputFormat::Xlsx).unwrap();
            common::multipart(&[("file", Some("sample.xlsx"), &book)])
        })
        .collect();
    let (ct, body) = bodies[0].clone();

    let server = Server::start();
    let quiet = good_round(&server, &bodies);
    report("sample, 8 at a time", &quiet, server.peak_mb());
    assert_eq!(quiet.errors, 0, "good uploads failed");
    let after_quiet = server.peak_mb();

    // Hostile requests beside a second round.
    let big = vec![b'#'; 9 * 1024 * 1024];
    let (big_ct, big_body) = common::multipart(&[("file", Some("big.yaml"), &big)]);
    let bomb = common::workbook_with("xl/worksheets/sheet1.xml", &vec![b' '; 40 * 1024 * 1024]);
    let (bomb_ct, bomb_body) = common::multipart(&[("file", Some("bomb.xlsx"), &bomb)]);
    let broken = b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"\r\n\r\nschema: 1".to_vec();
    type Hostile<'a> = (&'a str, &'a str, &'a str, &'a [u8], u16);
    let hostile: Vec<Hostile> = vec![
        ("oversized upload (9 MB)", "", &big_ct, &big_body, 413),
        (
            "zip-bomb workbook (40 MB inflated)",
            "",
            &bomb_ct,
            &bomb_body,
            422,
        ),
        (
            "malformed multipart",
            "",
            "multipart/form-data; boundary=xyz",
            &broken,
            400,
        ),
        ("wrong Host", "attacker.example", &ct, &body, 421),
    ];
    let done = AtomicBool::new(false);
    let counts: Vec<Mutex<(usize, usize)>> = hostile.iter().map(|_| Mutex::new((0, 0))).collect();
    let loaded = std::thread::scope(|s| {
        for t in 0..HOSTILE_AT_ONCE {
            let (hostile, counts, done, server) = (&hostile, &counts, &done, &server);
            s.spawn(move || {
                let mut i = t;
                while !done.load(Ordering::Relaxed) {
                    let k = i % hostile.len();
                    let (_, host, ct, body, want) = hostile[k];
                    let host = if host.is_empty() {
                        server.addr.as_str()
                    } else {
                        host
                    };
                    let got = request(&server.addr, host, "/api/check", ct, body);
                    let mut c = counts[k].lock().unwrap();
                    c.0 += 1;
                    if got == want {
                        c.1 += 1;
                    } else {
                        eprintln!("{}: status {got}, expected {want}", hostile[k].0);
                    }
                    i += 1;
                }
            });
        }
        let r = good_round(&server, &bodies);
        done.store(true, Ordering::Relaxed);
        r
    });
    report(
        "sample, 8 at a time, under attack",
        &loaded,
        server.peak_mb(),
    );
    let mut refused_right = true;
    for ((name, _, _, _, want), c) in hostile.iter().zip(&counts) {
        let (sent, right) = *c.lock().unwrap();
        println!("  {name:<36} {sent:>4} sent, {right:>4} refused with {want}");
        refused_right &= sent > 0 && sent == right;
    }
    println!(
        "median under attack / quiet: {:.2}×; server peak after quiet {:.0} MB, after attack {:.0} MB",
        percentile(&loaded.latencies, 0.5).as_secs_f64()
            / percentile(&quiet.latencies, 0.5).as_secs_f64(),
        after_quiet,
        server.peak_mb()
    );
    assert_eq!(loaded.errors, 0, "good uploads failed under attack");
    assert!(
        refused_right,
        "a hostile request was not refused as it should be"
    );
    // Bundles are kept up to 128 MB in all (the store's bound) beside the server's own use.
    assert!(server.peak_mb() < 1024.0, "memory not bounded");
}
