//! Print every composed document of a consortium file as plain text, to proofread wording:
//! `cargo run --example compose_dump -- fixtures/sample-consortium.yaml [stem-filter]`
use formpack::compose::{compose_all, Templates};
use formpack::figures::Figures;
use formpack::program::Program;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("a consortium file"));
    let filter = args.next().unwrap_or_default();
    let input = formpack::load::load(&path).unwrap_or_else(|d| panic!("{d:?}"));
    let program = Program::by_id(&input.data.program).expect("known program");
    let figures = Figures::compute(&input.data, program);
    let docs = compose_all(
        &formpack::world::Disk,
        &input,
        &figures,
        program,
        &Templates::builtin(),
        false,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for d in docs.iter().filter(|d| d.file_stem.contains(&filter)) {
        println!("===== {} [{}] {}", d.file_stem, d.fingerprint, d.doc.title);
        print!("{}", d.doc.plain_text());
        for (k, v) in &d.shown {
            println!("  shown {k} = {v}");
        }
    }
}
