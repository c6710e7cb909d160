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
            "[timing] {:8.2} ms  {label}",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
}
