//! `cargo bench --bench rebuild`: what staff wait for on deadline day, through the release
//! binary (`formpack build`, as they run it), for the sample and generated 12- and 60-member
//! consortia:
//!
//! - **full**: `build --clean`, every file rendered;
//! - **correction**: one participant's 대표자 renamed, rebuilt over the previous bundle (its
//!   own forms, the agreement every member signs, the packets and the merged PDF change);
//! - **no change**: the same file built again over its own bundle;
//! - **contact**: then the same participant's 담당자 phone number changed, rebuilt over that
//!   bundle (a correction that only its own forms show: they, its packet and the merged PDF
//!   change);
//! - **budget**: then 10,000,000 won of the same participant's first budget row moved from
//!   국비 to 민간 현금, rebuilt over that bundle (the README's deadline-day correction: 01, both
//!   02 documents with their charts, the agreement, its 04, 06, the deck, every packet and the
//!   merged PDF change).
//!
//! The five are run in rounds (full, correction, no change, contact, budget), `RUNS` rounds; the times are
//! medians, and each ratio to the full build (what the targets of issue #15 are stated in) is
//! the median of the rounds' own ratios, so a machine that drifts between rounds moves the
//! times but hardly the ratios. Peak memory is the largest child's maximum resident set.
//! Output goes to `/dev/shm` when it exists (the file system then costs little, as on a
//! laptop's SSD), else to the temporary folder. `FORMPACK_BIN=path` times another binary.
//!
//! Then the same five **in memory**, in this process, as `formpack serve` (the web page) does
//! them: each build made over the bundle before it, held in memory, with the templates and the
//! fonts kept from one build to the next as the server keeps them: the file is read and the
//! bundle made (`bundle::make` with a [`Built`](formpack::bundle::Built) as the previous
//! build), nothing is written.
//!
//! `FORMPACK_BASELINE=path` also times that binary's full build of each consortium against
//! this one's, run by run in turns (each into an empty folder, so a binary older than
//! `--clean` works too): these machines drift by 2× within minutes, so only a ratio of runs
//! taken side by side means anything.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use formpack::load::InputFormat;
use formpack::program::Program;

// The bench uses a few of the tests' helpers.
#[allow(dead_code)]
#[path = "../tests/common/mod.rs"]
mod common;

// The server's allocator, for the in-memory rounds (the CLI rounds run the binary).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 11;
/// Runs of each binary when a baseline is timed in turns (the ratio of two medians moves by a
/// few percent between runs of the bench with fewer).
const TURNS: usize = 20;

fn bin() -> PathBuf {
    std::env::var_os("FORMPACK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_formpack")))
}

fn run(args: &[&Path], extra: &[&str]) -> Duration {
    run_with(&bin(), args, extra)
}

fn run_with(bin: &Path, args: &[&Path], extra: &[&str]) -> Duration {
    let start = Instant::now();
    let o = Command::new(bin)
        .arg("build")
        .args(args)
        .args(extra)
        .output()
        .expect("runs");
    let t = start.elapsed();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    t
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The median of the rounds' own ratios of `part` to `full`.
fn median_ratio(part: &[Duration], full: &[Duration]) -> f64 {
    let mut r: Vec<f64> = part
        .iter()
        .zip(full)
        .map(|(p, f)| p.as_secs_f64() / f.as_secs_f64())
        .collect();
    r.sort_by(f64::total_cmp);
    r[r.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The largest resident set of any child so far, in MB.
#[allow(unsafe_code)]
fn peak_child_mb() -> f64 {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    u.ru_maxrss as f64 / 1024.0
}

/// The five builds in memory, `RUNS` rounds: medians (ms) and the medians of the rounds'
/// ratios to the full build, as for the CLI.
fn in_memory(files: [&Path; 4]) -> [(f64, f64); 5] {
    use formpack::bundle;
    let maker = common::InMemory::new();
    // Read, computed and made, as an upload is: only writing the files is left out.
    let make = |file: &Path, previous: Option<&bundle::Built>| {
        let start = Instant::now();
        let input = formpack::load::load(file).expect("loads");
        let built = maker.make(&input, previous.map(|p| p as &dyn bundle::Previous));
        (start.elapsed(), built)
    };
    let mut times: [Vec<Duration>; 5] = Default::default();
    make(files[0], None); // compile the templates and parse the fonts, as a server has
    for _ in 0..RUNS {
        let (t, full) = make(files[0], None);
        times[0].push(t);
        let (t, corrected) = make(files[1], Some(&full));
        times[1].push(t);
        drop(full);
        let (t, same) = make(files[1], Some(&corrected));
        times[2].push(t);
        drop(corrected);
        let (t, contact) = make(files[2], Some(&same));
        times[3].push(t);
        drop(same);
        times[4].push(make(files[3], Some(&contact)).0);
    }
    std::array::from_fn(|i| {
        (
            ms(median(times[i].clone())),
            median_ratio(&times[i], &times[0]),
        )
    })
}

fn main() {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = tempfile::Builder::new()
        .prefix("formpack-rebuild-")
        .tempdir_in(&base)
        .expect("a temporary folder");
    let dir = dir.path();
    let program = Program::default_builtin();
    let sample = formpack::load::load(Path::new(common::SAMPLE))
        .expect("the sample loads")
        .data;
    println!("binary: {}", bin().display());
    println!(
        "{:<22} {:>10} {:>12} {:>8} {:>11} {:>8} {:>9} {:>8} {:>9} {:>8}",
        "consortium",
        "full ms",
        "correction",
        "ratio",
        "no change",
        "ratio",
        "contact",
        "ratio",
        "budget",
        "ratio"
    );
    for (label, c) in [
        ("sample (7 members)", sample),
        ("12 members", formpack::synth::consortium_for(program, 12)),
        ("60 members", formpack::synth::consortium_for(program, 60)),
    ] {
        let (a, b) = (dir.join("a.yaml"), dir.join("b.yaml"));
        let save = |c: &formpack::model::Consortium, p: &Path| {
            std::fs::write(p, formpack::save::to_bytes(c, InputFormat::Yaml).unwrap()).unwrap()
        };
        save(&c, &a);
        let mut corrected = c.clone();
        // The third participant.
        let who = (0..c.members.len())
            .filter(|&i| c.members[i].is_performer())
            .nth(2)
            .expect("a participant");
        corrected.members[who].representative.as_mut().unwrap().name = Some("정정된 대표자".into());
        save(&corrected, &b);
        corrected.members[who].contact.as_mut().unwrap().phone = Some("042-999-0000".into());
        let contact_file = dir.join("c.yaml");
        save(&corrected, &contact_file);
        let row = corrected
            .budget
            .iter_mut()
            .find(|r| r.member == corrected.members[who].id && r.national >= 10_000_000)
            .expect("a budget row with 국비");
        row.national -= 10_000_000;
        row.private_cash += 10_000_000;
        let budget_file = dir.join("d.yaml");
        save(&corrected, &budget_file);
        let out = dir.join("out");
        let mut full = Vec::new();
        let mut correction = Vec::new();
        let mut unchanged = Vec::new();
        let mut contact = Vec::new();
        let mut budget = Vec::new();
        run(&[&a, Path::new("-o"), &out], &["--clean"]); // warm the page cache
        for _ in 0..RUNS {
            full.push(run(&[&a, Path::new("-o"), &out], &["--clean"]));
            correction.push(run(&[&b, Path::new("-o"), &out], &[]));
            unchanged.push(run(&[&b, Path::new("-o"), &out], &[]));
            contact.push(run(&[&contact_file, Path::new("-o"), &out], &[]));
            budget.push(run(&[&budget_file, Path::new("-o"), &out], &[]));
        }
        let ratio = |part: &[Duration]| median_ratio(part, &full);
        let (c_ratio, n_ratio, k_ratio, b_ratio) = (
            ratio(&correction),
            ratio(&unchanged),
            ratio(&contact),
            ratio(&budget),
        );
        let (f, c1, n, k, m) = (
            median(full),
            median(correction),
            median(unchanged),
            median(contact),
            median(budget),
        );
        if let Some(base) = std::env::var_os("FORMPACK_BASELINE").map(PathBuf::from) {
            let fresh = |d: &Path| {
                let _ = std::fs::remove_dir_all(d);
                d.to_path_buf()
            };
            let (ours_dir, base_dir) = (dir.join("ours"), dir.join("base"));
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            for i in 0..TURNS {
                let mine = || run_with(&bin(), &[&a, Path::new("-o"), &fresh(&ours_dir)], &[]);
                let other = || run_with(&base, &[&a, Path::new("-o"), &fresh(&base_dir)], &[]);
                if i % 2 == 0 {
                    ours.push(mine());
                    theirs.push(other());
                } else {
                    theirs.push(other());
                    ours.push(mine());
                }
            }
            let (o, t) = (median(ours), median(theirs));
            println!(
                "{label:<22} full build side by side: {:.1} ms vs baseline {:.1} ms = {:.3}×",
                ms(o),
                ms(t),
                o.as_secs_f64() / t.as_secs_f64()
            );
        }
        println!(
            "{label:<22} {:>10.1} {:>12.1} {:>7.3}× {:>11.1} {:>7.3}× {:>9.1} {:>7.3}× {:>9.1} {:>7.3}×",
            ms(f),
            ms(c1),
            c_ratio,
            ms(n),
            n_ratio,
            ms(k),
            k_ratio,
            ms(m),
            b_ratio
        );
        let _ = std::fs::remove_dir_all(&out);
        let [(f, _), (c1, c_ratio), (n, n_ratio), (k, k_ratio), (m, b_ratio)] =
            in_memory([&a, &b, &contact_file, &budget_file]);
        println!(
            "{:<22} {:>10.1} {:>12.1} {:>7.3}× {:>11.1} {:>7.3}× {:>9.1} {:>7.3}× {:>9.1} {:>7.3}×",
            "  in memory (serve)", f, c1, c_ratio, n, n_ratio, k, k_ratio, m, b_ratio
        );
    }
    println!(
        "peak memory of a build (largest child): {:.0} MB",
        peak_child_mb()
    );
}
