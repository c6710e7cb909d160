//! `cargo bench --bench forms`: the per-member documents 04 and 05 of a generated 44-member
//! consortium (88 documents), made two ways in turns in one process:
//!
//! - **template**: prepare (context, fingerprint), compose (Handlebars → document model) and
//!   write the HWPX, as `formpack build --formats hwpx` does under the built-in profile;
//! - **official form**: prepare (evaluate the map, fingerprint) and fill the agency's own
//!   form in place, as the fixture profile `fixtures/programs/official-forms` does (04 into a
//!   43×34-cell 연구개발계획서 with a repeated row per performer, 05 into a 39-page 한글 file).
//!
//! and again with two one-page real forms the size of formpack's own (`hwpxlib_named_cell_score_table`
//! with a repeated row per budget line of the member for 04, `hwpxlib_clickhere_fields` with 누름틀 and a 셀 필드
//! for 05), so the two are compared on documents of like size too.
//!
//! Each comparison runs twice: for the editable file (HWPX; an official form's own format) and
//! for the PDF (a template's document drawn, against the filled form read back into the model
//! and drawn — issue #34).
//!
//! Each turn times both on one thread and in parallel (rayon, as a build does); the report is
//! the median of each and the median of the per-turn ratios official ÷ template. No timed
//! assertion: the figures go into docs/performance.md. `FORMPACK_BENCH_MEMBERS` and
//! `FORMPACK_BENCH_TURNS` change the size and the number of turns.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use formpack::compose::{self, DocKind, Templates};
use formpack::figures::Figures;
use formpack::load::{self, Input, InputFormat};
use formpack::program::Program;
use formpack::render::{self, Format, Resources};
use rayon::prelude::*;

fn env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn input_for(program: Arc<Program>, members: u32) -> Input {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample-consortium.yaml");
    let mut i = load::load(&sample).expect("sample loads");
    i.data = formpack::synth::consortium_for(&program, members);
    i.format = InputFormat::Yaml;
    i.program = program;
    i
}

/// The 04 and 05 files of every performer, made the way `program` says, as HWPX (an official
/// form: its own file) or as PDF; their total size.
fn make(
    input: &Input,
    templates: &Templates,
    resources: &Resources,
    parallel: bool,
    format: Format,
) -> usize {
    let program = input.program();
    let figures = Figures::compute(&input.data, program);
    let plan = compose::prepare_all(
        &formpack::world::Disk,
        input,
        &figures,
        program,
        templates,
        false,
    )
    .expect("prepares");
    let wanted: Vec<usize> = (0..plan.docs.len())
        .filter(|&i| {
            matches!(
                plan.docs[i].kind,
                DocKind::Participation | DocKind::Eligibility
            )
        })
        .collect();
    let one = |&i: &usize| -> usize {
        let d = &plan.docs[i];
        match (&d.official, format) {
            (Some(o), Format::Pdf) => {
                let filled = o.fill().expect("fills");
                let printable = d.official_printable(&filled).expect("reads");
                render::official_pdf(&printable, resources)
                    .expect("pdf")
                    .0
                    .len()
            }
            (Some(o), _) => o.fill().expect("fills").len(),
            (None, _) => {
                let c = plan.compose(i, templates).expect("composes");
                render::render(&c.doc, format, resources)
                    .expect("renders")
                    .len()
            }
        }
    };
    if parallel {
        wanted.par_iter().map(one).sum()
    } else {
        wanted.iter().map(one).sum()
    }
}

/// The fixture profile with 04 and 05 filled into two small real forms instead.
fn small_forms(mut p: Program) -> Program {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/forms");
    let maps = [
        (
            "hwpxlib_named_cell_score_table.hwpx",
            "document = \"participation\"\n[fields]\n\"날짜\" = \"{{date date}}\"\n\"표1\" = \"{{member.name}}\"\n\n[[rows]]\ntable = \"이름\"\neach = \"budget\"\ncells = [\"{{category}}\", \"{{won national}}\", \"{{won local}}\", \"{{won total}}\"]\ndrop_sample_rows = true\n",
        ),
        (
            "hwpxlib_clickhere_fields.hwpx",
            "document = \"eligibility\"\n[fields]\n\"필드1\" = \"{{member.name}}\"\n\"필드2\" = \"{{member.registration_no}}\"\n\"필드A\" = [\"{{member.representative.name}}\", \"{{member.address}}\"]\n\"필드3\" = \"{{contact.phone}}\"\n\"필드4\" = \"{{contact.email}}\"\n\"표3_3\" = \"{{business_status}}\"\n",
        ),
    ];
    let official = p.documents.iter_mut().filter(|d| d.official.is_some());
    for (d, (form, map)) in official.zip(maps) {
        let bytes = std::fs::read(root.join(form)).expect("form");
        let o = d.official.as_mut().unwrap();
        o.form = root.join(form);
        o.files = Some(Arc::new((bytes, map.as_bytes().to_vec())));
    }
    p
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let members = env("FORMPACK_BENCH_MEMBERS", 44);
    let turns = env("FORMPACK_BENCH_TURNS", 9);
    let builtin = Arc::new(Program::default_builtin().clone());
    let profile =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/programs/official-forms/profile.toml");
    let official = Program::load(&formpack::world::Disk, &profile).expect("fixture profile");
    let small = Arc::new(small_forms(official.clone()));
    let official = Arc::new(official);
    let a = input_for(builtin, members);
    let templates = Templates::builtin();
    let resources = Resources::embedded();
    let performers = a.data.members.iter().filter(|m| m.is_performer()).count();
    println!(
        "{members} members, {performers} performers: 04 and 05 = {} documents, {turns} turns",
        performers * 2
    );
    for (forms, b) in [
        (
            "the fixture profile's forms (1 and 39 pages)",
            input_for(official, members),
        ),
        ("two one-page forms", input_for(small, members)),
    ] {
        println!("{forms}:");
        compare(&a, &b, &templates, &resources, turns);
    }
}

/// Both ways in turns, for each format, on one thread and in parallel: medians and the
/// median ratio.
fn compare(a: &Input, b: &Input, templates: &Templates, resources: &Resources, turns: u32) {
    for format in [Format::Hwpx, Format::Pdf] {
        for parallel in [false, true] {
            turns_of(a, b, templates, resources, turns, parallel, format);
        }
    }
}

fn turns_of(
    a: &Input,
    b: &Input,
    templates: &Templates,
    resources: &Resources,
    turns: u32,
    parallel: bool,
    format: Format,
) {
    {
        // Warm-up: fonts, registries, the forms' first parse.
        let size_t = make(a, templates, resources, parallel, format);
        let size_o = make(b, templates, resources, parallel, format);
        let (mut t, mut o, mut r) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..turns {
            let s = Instant::now();
            std::hint::black_box(make(a, templates, resources, parallel, format));
            let tt = s.elapsed().as_secs_f64() * 1e3;
            let s = Instant::now();
            std::hint::black_box(make(b, templates, resources, parallel, format));
            let to = s.elapsed().as_secs_f64() * 1e3;
            t.push(tt);
            o.push(to);
            r.push(to / tt);
        }
        let how = if parallel {
            "parallel (rayon)"
        } else {
            "one thread"
        };
        println!(
            "{} {how:<17} template {:>8.1} ms ({:.1} MB) | official form {:>8.1} ms ({:.1} MB) | official ÷ template {:.3}× (median of turns; min {:.3}, max {:.3})",
            format.extension(),
            median(t),
            size_t as f64 / 1e6,
            median(o),
            size_o as f64 / 1e6,
            median(r.clone()),
            r.iter().cloned().fold(f64::INFINITY, f64::min),
            r.iter().cloned().fold(0.0, f64::max),
        );
    }
}
