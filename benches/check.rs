//! `cargo bench --bench check`: load and check the sample N times (std::time only).

use std::path::Path;
use std::time::Instant;

fn main() {
    let n: u32 = std::env::var("FORMPACK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample-consortium.yaml");
    for (label, with_load) in [("load + check", true), ("check only", false)] {
        let loaded = formpack::load::load(&path).expect("sample loads");
        // Warm up once.
        let _ = formpack::check::check_input(&loaded);
        let start = Instant::now();
        let mut findings = 0usize;
        for _ in 0..n {
            let input = if with_load {
                formpack::load::load(&path).expect("sample loads")
            } else {
                loaded.clone()
            };
            findings += formpack::check::check_input(&input).1.len();
        }
        let per = start.elapsed() / n;
        println!("{label}: {n} runs, mean {per:?} per run ({findings} findings)");
    }
}
