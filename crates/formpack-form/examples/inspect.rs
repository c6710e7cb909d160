//! `cargo run -p formpack-form --example inspect -- FORM`: what a form offers, as debug text.
fn main() {
    let path = std::env::args().nth(1).expect("a form file");
    let bytes = std::fs::read(&path).expect("readable");
    let form =
        formpack_form::Form::open(&bytes, &formpack_form::Limits::DEFAULT).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2)
        });
    let inv = form.inspect().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    for f in &inv.named {
        println!(
            "{} {:?} ×{} hint={:?} text={:?}",
            f.kind.label(),
            f.name,
            f.occurrences,
            f.hint,
            f.text
        );
    }
    for p in &inv.placeholders {
        println!("placeholder {{{{{p}}}}}");
    }
    for t in &inv.tables {
        let labels: Vec<String> = t
            .labels
            .iter()
            .take(12)
            .map(|l| {
                format!(
                    "{}({},{}){}{}",
                    l.text.replace('\n', "/"),
                    l.row,
                    l.col,
                    if l.right_blank { "→_" } else { "" },
                    if l.below_blank { "↓_" } else { "" }
                )
            })
            .collect();
        println!(
            "표 {} {}×{}: {}",
            t.index,
            t.rows,
            t.cols,
            labels.join(" | ")
        );
    }
    for (l, on) in &inv.checks {
        println!("확인란 {} {l}", if *on { "■" } else { "□" });
    }
}
