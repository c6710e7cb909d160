//! `formpack deck FILE -o OUT.pptx`: the 발표자료 deck.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::report;
use crate::program::Program;
use crate::render::Resources;
use crate::world::Disk;

/// `formpack deck`'s arguments.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The consortium file (YAML, JSON, TOML or workbook).
    file: PathBuf,
    /// The PPTX file to write; by default the profile's file name (`09_사업계획발표자료.pptx`
    /// for the 2026 call) in the current folder.
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
    /// Write it despite rule errors; the title slide says 초안.
    #[arg(long)]
    draft: bool,
}

/// Write the deck; the exit status.
pub fn run(args: &Args, program: Option<&Arc<Program>>) -> u8 {
    let input = match crate::load::load_with(&Disk, &args.file, program) {
        Ok(i) => i,
        Err(diags) => {
            eprint!("{}", report::text(&diags, None, report::use_color()));
            return 2;
        }
    };
    let (figures, diags) = crate::check::check_input(&input);
    if !diags.is_empty() {
        eprint!(
            "{}",
            report::text(&diags, Some(&figures), report::use_color())
        );
    }
    let Some(spec) = input.program().deck.as_ref() else {
        eprintln!(
            "formpack: 사업 공고 설정({})에 발표자료([deck])가 없습니다.",
            input.program().id
        );
        return 2;
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::deck::file_name(spec)));
    if let Err(r) = crate::bundle::refuse_unless_draft(crate::diag::has_errors(&diags), args.draft)
    {
        eprintln!("formpack: {r}");
        return 1;
    }
    let made = match crate::deck::make(
        &input,
        &figures,
        input.program(),
        &Resources::embedded(),
        args.draft,
    ) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    let (bytes, slides) = (made.bytes, made.slides);
    if let Err(e) = write_atomic(&out, &bytes) {
        eprintln!("formpack: {}: 쓰지 못했습니다: {e}", out.display());
        return 2;
    }
    println!(
        "{}{}: 발표자료 슬라이드 {}장",
        if args.draft { "[초안] " } else { "" },
        out.display(),
        slides
    );
    0
}

/// Write beside the target, then rename: a failed run leaves the previous file.
fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
