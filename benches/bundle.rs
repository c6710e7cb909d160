//! `cargo bench --bench bundle`: load + check + build (in memory) for the sample and for
//! generated 12- and 60-member consortia; prints mean wall time per run, the size of the
//! one-page form and of the merged PDF, and peak memory.
//! A bench binary (harness = false) rather than criterion, to keep the build light.

use std::path::Path;
use std::time::Instant;

use formpack::bundle;
use formpack::compose::Templates;
use formpack::figures::Figures;
use formpack::load::{self, Input, InputFormat};
use formpack::program::Program;
use formpack::render::Formats;

/// The 2026 call's built-in profile.
fn program() -> &'static Program {
    Program::by_id("ai-transition-2026").expect("built in")
}

/// DOCX and PDF: the bundle as it was before HWPX, so runs compare across versions.
const TWO: fn() -> Formats = Formats::docx_and_pdf;
/// Every format (the default of `formpack build`).
const ALL: fn() -> Formats = Formats::default;

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

fn build(
    input: &Input,
    fonts: &formpack_pdf::Fonts,
    templates: &Templates,
    formats: Formats,
) -> bundle::Built {
    let figures = Figures::compute(&input.data, program());
    let diags = formpack::check::check(input, &figures, program());
    assert!(!formpack::diag::has_errors(&diags), "{diags:?}");
    let resources = formpack::render::Resources::embedded().with_fonts(fonts.clone());
    let opts = bundle::Options {
        templates,
        resources: &resources,
        formats,
        draft: false,
        previous: None,
    };
    bundle::make(
        &formpack::world::Disk,
        input,
        &figures,
        program(),
        &opts,
        &|_, _| {},
    )
    .expect("bundle")
}

/// Size in KiB of the first PDF whose path starts with `prefix`.
fn kb(built: &bundle::Built, prefix: &str) -> f64 {
    built_kb(built, prefix, ".pdf")
}

/// Size in KiB of the first file whose path starts with `prefix` and ends with `ext`.
fn built_kb(built: &bundle::Built, prefix: &str, ext: &str) -> f64 {
    built
        .files
        .iter()
        .find(|(p, _)| p.starts_with(prefix) && p.ends_with(ext))
        .map_or(0.0, |(_, b)| b.len() as f64 / 1024.0)
}

fn main() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample-consortium.yaml");
    let input = load::load(&sample).expect("sample loads");
    let fonts = formpack_pdf::Fonts::embedded();
    let templates = Templates::builtin();
    let synth = |n: u32| {
        let mut i = input.clone();
        i.data = formpack::synth::consortium(n);
        i.format = InputFormat::Yaml;
        i
    };
    let (twelve, big) = (synth(12), synth(60));

    time("load + check, the sample", 200, || {
        let i = load::load(&sample).expect("loads");
        let f = Figures::compute(&i.data, program());
        formpack::check::check(&i, &f, program()).len()
    });
    time("check, 60 members", 200, || {
        let f = Figures::compute(&big.data, program());
        formpack::check::check(&big, &f, program()).len()
    });
    let figures = Figures::compute(&input.data, program());
    let composed = formpack::compose::compose_all(
        &formpack::world::Disk,
        &input,
        &figures,
        program(),
        &templates,
        false,
    )
    .expect("composes");
    time("compose the sample's 23 documents", 50, || {
        formpack::compose::compose_all(
            &formpack::world::Disk,
            &input,
            &figures,
            program(),
            &templates,
            false,
        )
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
    time("HWPX of the sample's 23 documents (serial)", 20, || {
        composed
            .iter()
            .map(|d| formpack_hwpx::render(&d.doc).expect("hwpx").len())
            .sum::<usize>()
    });
    let composed_60 = formpack::compose::compose_all(
        &formpack::world::Disk,
        &big,
        &Figures::compute(&big.data, program()),
        program(),
        &templates,
        false,
    )
    .expect("composes");
    time("DOCX of 60 members' 181 documents (serial)", 3, || {
        composed_60
            .iter()
            .map(|d| formpack_docx::render(&d.doc).expect("docx").len())
            .sum::<usize>()
    });
    time("HWPX of 60 members' 181 documents (serial)", 3, || {
        composed_60
            .iter()
            .map(|d| formpack_hwpx::render(&d.doc).expect("hwpx").len())
            .sum::<usize>()
    });
    time("build bundle in memory, sample", 10, || {
        build(&input, &fonts, &templates, TWO()).files.len()
    });
    time("build bundle in memory, sample, with HWPX", 10, || {
        build(&input, &fonts, &templates, ALL()).files.len()
    });
    time("build bundle in memory, 12 members", 10, || {
        build(&twelve, &fonts, &templates, TWO()).files.len()
    });
    time("build bundle in memory, 12 members, with HWPX", 10, || {
        build(&twelve, &fonts, &templates, ALL()).files.len()
    });
    time("build bundle in memory, 60 members", 3, || {
        build(&big, &fonts, &templates, TWO()).files.len()
    });
    time("build bundle in memory, 60 members, with HWPX", 3, || {
        build(&big, &fonts, &templates, ALL()).files.len()
    });
    let built = build(&input, &fonts, &templates, TWO());
    let bytes: usize = built.files.iter().map(|(_, b)| b.len()).sum();
    println!("sample bundle: {} KB in all files", bytes / 1024);
    println!(
        "one-page form 05 (PDF): {:.1} KB; merged PDF: {:.0} KB",
        kb(&built, "05_"),
        kb(&built, bundle::MERGED_PDF)
    );
    let hwpx: Vec<usize> = build(&input, &fonts, &templates, ALL())
        .files
        .iter()
        .filter(|(p, _)| !p.contains('/') && p.ends_with(".hwpx"))
        .map(|(_, b)| b.len())
        .collect();
    println!(
        "HWPX of the sample: {} files, {} KB in all, form 05 {:.1} KB",
        hwpx.len(),
        hwpx.iter().sum::<usize>() / 1024,
        built_kb(&build(&input, &fonts, &templates, ALL()), "05_", ".hwpx")
    );
    let merged_60 = kb(&build(&big, &fonts, &templates, TWO()), bundle::MERGED_PDF);
    println!("merged PDF, 60 members: {merged_60:.0} KB");
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM")) {
            println!(
                "peak memory (VmHWM): {}",
                line.trim_start_matches("VmHWM:").trim()
            );
        }
    }
}
