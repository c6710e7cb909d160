//! Print a valid generated consortium (YAML): `synth [PROFILE] [N]`, N members (default 60)
//! under a built-in profile's id or a profile file (default: the newest built-in one).
//!
//! ```sh
//! cargo run --release --example synth -- 60 > c60.yaml
//! cargo run --release --example synth -- fixtures/programs/ai-followup-2028.toml 5 > followup.yaml
//! ```

use std::path::Path;

use formpack::program::Program;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (which, n) = match args.as_slice() {
        [] => (None, None),
        [a] if a.parse::<u32>().is_ok() => (None, Some(a)),
        [a] => (Some(a), None),
        [a, b, ..] => (Some(a), Some(b)),
    };
    let members: u32 = n.and_then(|n| n.parse().ok()).unwrap_or(60);
    let program = match which {
        None => Program::default_builtin().clone(),
        Some(id) => match Program::by_id(id) {
            Some(p) => p.clone(),
            None => Program::load(&formpack::world::Disk, Path::new(id)).unwrap_or_else(|d| {
                for x in d {
                    eprintln!("{}: {}", x.location, x.message);
                }
                std::process::exit(2)
            }),
        },
    };
    let c = formpack::synth::consortium_for(&program, members);
    let yaml = formpack::save::to_bytes(&c, formpack::load::InputFormat::Yaml).expect("saves");
    print!("{}", String::from_utf8_lossy(&yaml));
}
