//! Write a generated consortium of N members as YAML: `cargo run --example synth -- 60 > c60.yaml`.
fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    print!(
        "{}",
        serde_saphyr::to_string(&formpack::synth::consortium(n)).expect("serialises")
    );
}
