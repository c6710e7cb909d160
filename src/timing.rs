//! Phase timings for profiling, printed to stderr when `FORMPACK_TIMINGS=1` (English, for
//! developers; the bench and the README's numbers do not depend on it). Off, a mark costs one
//! atomic load.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Option<Instant>> = OnceLock::new();

fn start() -> Option<Instant> {
    *START.get_or_init(|| {
        std::env::var_os("FORMPACK_TIMINGS")
            .is_some_and(|v| v == "1")
            .then(Instant::now)
    })
}

/// Print `label` with the milliseconds since the first mark, when timings are on.
pub fn mark(label: &str) {
    if let Some(t) = start() {
        eprintln!(
            "[timing] {:8.2} ms  {label}{}",
            t.elapsed().as_secs_f64() * 1e3,
            resident()
                .map(|mb| format!("  ({mb} MB resident)"))
                .unwrap_or_default()
        );
    }
}

/// The process's resident memory in MiB, where `/proc` tells it (Linux).
fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
