//! Strip TrueType hinting from the committed fonts once, at build time, so the binary embeds
//! the slim fonts and no run pays for stripping (about 35 ms of every process otherwise).

use std::path::Path;

#[allow(dead_code)]
#[path = "src/strip.rs"]
mod strip;

const FONTS: [&str; 5] = [
    "NanumMyeongjo.ttf",
    "NanumMyeongjoBold.ttf",
    "NanumGothic.ttf",
    "NanumGothicBold.ttf",
    "DejaVuSans.ttf",
];

fn main() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/fonts");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in FONTS {
        let path = src.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let slim = strip::strip_hinting(&data).unwrap_or(data);
        std::fs::write(Path::new(&out).join(name), slim).expect("write to OUT_DIR");
    }
    println!("cargo:rerun-if-changed=src/strip.rs");
}
