//! `formpack-fuzz`: run the harness.
//!
//! ```text
//! cargo run --release -p formpack-fuzz -- [--cases N] [--seed S] [--threads T]
//!                                         [--timeout SECS] [--build-every K] [--case I]
//! ```
//!
//! Cases `0..N` of run `S` are spread over `T` threads. Every case whose check passes is built,
//! written and verified when its number is a multiple of `K` (default 1: every one; a larger
//! `K` makes long runs cheaper, the other cases stop after `check`). A case that panics, breaks
//! an invariant or runs past the timeout (default 20 s) is saved under `fuzz-failures/` and
//! named, with the command that reproduces it (`--seed S --case I`); the exit status is then 1.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use formpack_fuzz::{check_case, generate, Seeds};

struct Args {
    cases: u64,
    seed: u64,
    threads: usize,
    timeout: u64,
    build_every: u64,
    only: Option<u64>,
}

fn args() -> Args {
    let mut a = Args {
        cases: 10_000,
        seed: 1,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        timeout: 20,
        build_every: 1,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut num = || -> u64 {
            it.next()
                .and_then(|v| v.replace('_', "").parse().ok())
                .unwrap_or_else(|| {
                    eprintln!("formpack-fuzz: {flag} needs a number");
                    std::process::exit(2)
                })
        };
        match flag.as_str() {
            "--cases" => a.cases = num(),
            "--seed" => a.seed = num(),
            "--threads" => a.threads = num().max(1) as usize,
            "--timeout" => a.timeout = num().max(1),
            "--build-every" => a.build_every = num().max(1),
            "--case" => a.only = Some(num()),
            _ => {
                eprintln!("formpack-fuzz: unknown flag {flag}");
                std::process::exit(2)
            }
        }
    }
    a
}

fn save(seed: u64, case: u64, bytes: &[u8], ext: &str) -> PathBuf {
    let dir = PathBuf::from("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let p = dir.join(format!("seed{seed}-case{case}.{ext}"));
    let _ = std::fs::write(&p, bytes);
    p
}

fn main() {
    let a = args();
    let seeds = Arc::new(Seeds::load());
    // Panics are caught and reported per case; keep the default hook quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let (start_case, count) = match a.only {
        Some(i) => (i, 1),
        None => (0, a.cases),
    };
    let next = Arc::new(AtomicU64::new(start_case));
    let end = start_case + count;
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let statuses = Arc::new([
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    ]);
    let verified = Arc::new(AtomicUsize::new(0));
    let kinds = Arc::new(Mutex::new(std::collections::BTreeMap::<&str, usize>::new()));
    // Watchdog: each thread's current case and its start (ms since `t0`, 0 when idle).
    let t0 = Instant::now();
    let running: Arc<Vec<(AtomicU64, AtomicU64)>> = Arc::new(
        (0..a.threads)
            .map(|_| (AtomicU64::new(u64::MAX), AtomicU64::new(0)))
            .collect(),
    );
    {
        let (running, seeds) = (running.clone(), seeds.clone());
        let (timeout, seed) = (a.timeout, a.seed);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(250));
            let now = t0.elapsed().as_millis() as u64;
            for (case, since) in running.iter() {
                let (c, s) = (case.load(Ordering::SeqCst), since.load(Ordering::SeqCst));
                if s != 0 && now.saturating_sub(s) > timeout * 1000 {
                    let (bytes, ext) = generate(&seeds, seed, c).artefact();
                    let p = save(seed, c, &bytes, ext);
                    eprintln!(
                        "HANG: case {c} ran over {timeout} s; saved {}; reproduce with --seed {seed} --case {c}",
                        p.display()
                    );
                    std::process::exit(1);
                }
            }
        });
    }
    let mut handles = Vec::new();
    for t in 0..a.threads {
        let (next, seeds, failures) = (next.clone(), seeds.clone(), failures.clone());
        let (statuses, verified, kinds, running) = (
            statuses.clone(),
            verified.clone(),
            kinds.clone(),
            running.clone(),
        );
        let (seed, build_every) = (a.seed, a.build_every);
        handles.push(std::thread::spawn(move || {
            let scratch = tempfile::tempdir().expect("a scratch folder");
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= end {
                    break;
                }
                let case = generate(&seeds, seed, i);
                running[t].0.store(i, Ordering::SeqCst);
                running[t]
                    .1
                    .store(t0.elapsed().as_millis() as u64 + 1, Ordering::SeqCst);
                let build = i % build_every == 0;
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    check_case(&case, scratch.path(), build)
                }));
                running[t].1.store(0, Ordering::SeqCst);
                *kinds.lock().unwrap().entry(case.kind()).or_default() += 1;
                let broken = match result {
                    Ok(Ok(o)) => {
                        statuses[o.status as usize].fetch_add(1, Ordering::Relaxed);
                        if o.verified {
                            verified.fetch_add(1, Ordering::Relaxed);
                        }
                        None
                    }
                    Ok(Err(why)) => Some(why),
                    Err(p) => Some(format!(
                        "panic: {}",
                        p.downcast_ref::<String>()
                            .cloned()
                            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default()
                    )),
                };
                if let Some(why) = broken {
                    let (bytes, ext) = case.artefact();
                    let p = save(seed, i, &bytes, ext);
                    failures.lock().unwrap().push(format!(
                        "case {i} ({}): {why}; saved {}; reproduce with --seed {seed} --case {i}",
                        case.kind(),
                        p.display()
                    ));
                    // Clean the scratch folder for the next case.
                    let _ = std::fs::remove_dir_all(scratch.path().join("out"));
                }
                if i > 0 && i % 50_000 == 0 {
                    eprintln!("… {i} cases, {:.0} s", t0.elapsed().as_secs_f64());
                }
            }
        }));
    }
    for h in handles {
        let _ = h.join();
    }
    let failures = failures.lock().unwrap();
    let s: Vec<usize> = statuses.iter().map(|x| x.load(Ordering::Relaxed)).collect();
    println!(
        "{count} cases (seed {}) in {:.1} s on {} threads: status 0 {} · 1 {} · 2 {}; {} bundles built, written and verified; by mutation {:?}; {} failures",
        a.seed,
        t0.elapsed().as_secs_f64(),
        a.threads,
        s[0],
        s[1],
        s[2],
        verified.load(Ordering::Relaxed),
        kinds.lock().unwrap(),
        failures.len()
    );
    for f in failures.iter() {
        println!("FAIL {f}");
    }
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
