//! `cargo bench --bench bundle`: load + check + build (in memory) for the sample and for a
//! generated 60-member consortium; prints mean wall time per run and peak memory.
//! A bench binary (harness = false) rather than criterion, to keep the build light.

use std::path::Path;
use std::time::Instant;

use formpack::bundle;
use formpack::compose::Templates;
use formpack::figures::Figures;
use formpack::load::{self, Input, InputFormat};
use formpack::program::AI_TRANSITION_2026 as PROGRAM;

fn time<T>(label: &str, runs: u32, mut f: impl FnMut() -> T) {
    f(); // warm-up (font parsing, template registry)
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(f());
    }
    let per = start.elapsed() / runs;
    println!(
        "{label:<44} {:>9.2} ms/run ({runs} runs)",
        per.as_secs_f64() * 1e3
    );
}

fn build(input: &Input, fonts: &formpack_pdf::Fonts, templates: &Templates) -> usize {
    let figures = Figures::compute(&input.data, &PROGRAM.years);
    let diags = formpack::check::check(input, &figures, &PROGRAM);
    assert!(!formpack::diag::has_errors(&diags), "{diags:?}");
    let built = bundle::make(
        input,
        &figures,
        &PROGRAM,
        templates,
        fonts,
        false,
        &|_, _| {},
    )
    .expect("bundle");
    built.files.iter().map(|(_, b)| b.len()).sum()
}

fn main() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample-consortium.yaml");
    let input = load::load(&sample).expect("sample loads");
    let fonts = formpack_pdf::Fonts::embedded();
    let templates = Templates::builtin();
    let mut big = input.clone();
    big.data = formpack::synth::consortium(60);
    big.format = InputFormat::Yaml;

    time("load + check, the sample", 200, || {
        let i = load::load(&sample).expect("loads");
        let f = Figures::compute(&i.data, &PROGRAM.years);
        formpack::check::check(&i, &f, &PROGRAM).len()
    });
    time("check, 60 members", 200, || {
        let f = Figures::compute(&big.data, &PROGRAM.years);
        formpack::check::check(&big, &f, &PROGRAM).len()
    });
    let figures = Figures::compute(&input.data, &PROGRAM.years);
    let composed = formpack::compose::compose_all(&input, &figures, &PROGRAM, &templates, false)
        .expect("composes");
    time("compose the sample's 23 documents", 50, || {
        formpack::compose::compose_all(&input, &figures, &PROGRAM, &templates, false)
            .expect("composes")
            .len()
    });
    time("DOCX of the sample's 23 documents (serial)", 20, || {
        composed
            .iter()
            .map(|d| formpack_docx::render(&d.doc).expect("docx").len())
            .sum::<usize>()
    });
    time("PDF of the sample's 23 documents (serial)", 20, || {
        composed
            .iter()
            .map(|d| formpack_pdf::render(&d.doc, &fonts).expect("pdf").len())
            .sum::<usize>()
    });
    time("build bundle in memory, sample", 10, || {
        build(&input, &fonts, &templates)
    });
    time("build bundle in memory, 60 members", 3, || {
        build(&big, &fonts, &templates)
    });
    let bytes = build(&input, &fonts, &templates);
    println!("sample bundle: {} KB in all files", bytes / 1024);
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM")) {
            println!(
                "peak memory (VmHWM): {}",
                line.trim_start_matches("VmHWM:").trim()
            );
        }
    }
}
