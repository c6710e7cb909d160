//! `cargo run --release -p formpack-form --example timefill -- FORM LABEL N`: fill a form's
//! cell right of LABEL N times and print the time per fill (for profiling, not a benchmark).
fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(&a[0]).expect("form");
    let n: usize = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let t = std::time::Instant::now();
    let form = formpack_form::Form::open(&bytes, &formpack_form::Limits::DEFAULT).expect("opens");
    println!("open {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let plan = formpack_form::Plan {
        fills: vec![formpack_form::Fill {
            target: formpack_form::Target::Label {
                label: a[1].clone(),
                direction: formpack_form::Direction::Right,
                occurrence: Some(1),
            },
            value: formpack_form::Value::One("한국AI융합연구원".into()),
        }],
        rows: vec![],
    };
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(form.fill(&plan).expect("fills"));
    }
    println!(
        "fill {:.1} ms each",
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(form.text().expect("text"));
    }
    println!(
        "text (parse sections + walk) {:.1} ms each",
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );
}
