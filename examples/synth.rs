//! Print a valid synthetic consortium (YAML) under a program profile, e.g. the fixture of the
//! README's worked example:
//!
//! ```sh
//! cargo run --example synth -- fixtures/programs/ai-followup-2028.toml 5 > followup.yaml
//! cargo run --example synth -- ai-transition-2026 60 > big.yaml
//! ```

use std::path::Path;

use formpack::program::Program;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "ai-transition-2026".into());
    let members: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let program = match Program::by_id(&which) {
        Some(p) => p.clone(),
        None => Program::load(&formpack::world::Disk, Path::new(&which)).unwrap_or_else(|d| {
            for x in d {
                eprintln!("{}: {}", x.location, x.message);
            }
            std::process::exit(2)
        }),
    };
    let c = formpack::synth::consortium_for(&program, members);
    let yaml = formpack::save::to_bytes(&c, formpack::load::InputFormat::Yaml).expect("saves");
    print!("{}", String::from_utf8_lossy(&yaml));
}
