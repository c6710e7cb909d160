//! `formpack build` and `formpack templates export`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::report;
use crate::bundle;
use crate::compose::Templates;
use crate::program::Program;
use crate::render::{Formats, Resources};
use crate::world::Disk;

/// `formpack build`'s arguments.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The consortium file (YAML, JSON, TOML or workbook).
    file: PathBuf,
    /// Output folder.
    #[arg(short = 'o', long = "out", default_value = "out")]
    out: PathBuf,
    /// Build despite rule errors; every page is marked 초안.
    #[arg(long)]
    draft: bool,
    /// The formats of every document, comma-separated: docx, pdf, hwpx.
    #[arg(long, default_value = "docx,pdf,hwpx", value_parser = Formats::parse)]
    formats: Formats,
    /// Use templates from this folder instead of the built-in ones.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Use fonts from this folder instead of the built-in ones.
    #[arg(long)]
    font_dir: Option<PathBuf>,
    /// Render every file, even those an existing bundle in the output folder already holds
    /// unchanged (by default they are taken from it, after their hashes are checked).
    #[arg(long)]
    clean: bool,
}

/// Build the bundle; the exit status.
pub fn run(args: &Args, program: Option<&Arc<Program>>) -> u8 {
    let (file, out, draft) = (args.file.as_path(), args.out.as_path(), args.draft);
    let font_dir = args.font_dir.as_deref();
    // `--templates`, else the folder of a profile given with `--program` (a built-in profile
    // has none: its templates are the built-in ones).
    let templates = args
        .templates
        .as_deref()
        .or(program.and_then(|p| p.templates.as_deref()));
    let started = Instant::now();
    crate::timing::mark("build: start");
    // Reading the input, compiling the templates and parsing the fonts are independent: do
    // them at once (templates ~8 ms of CPU, ~5 ms compiled in parallel; fonts ~4 ms).
    // Errors are still reported in the order below.
    // Incremental: an existing bundle in the output folder lends every file whose inputs are
    // unchanged and whose bytes still match its manifest; its manifest is read beside the rest.
    // While the input is read, the old bundle's files are checked against its manifest.
    let loaded = std::sync::atomic::AtomicBool::new(false);
    let ((input, old), (templates, resources)) = rayon::join(
        || {
            rayon::join(
                || {
                    let input = crate::load::load_with(&Disk, file, program);
                    loaded.store(true, std::sync::atomic::Ordering::Relaxed);
                    crate::timing::mark("  input loaded");
                    input
                },
                || {
                    let old = (!args.clean)
                        .then(|| bundle::OldBundle::open(out))
                        .flatten();
                    if let Some(old) = &old {
                        crate::timing::mark("  old opened");
                        old.precheck(&loaded);
                        crate::timing::mark("  old prechecked");
                    }
                    old
                },
            )
        },
        || {
            rayon::join(
                || match templates {
                    None => Ok(Templates::builtin()),
                    Some(dir) => Templates::from_world(&Disk, dir),
                },
                || match font_dir {
                    None => {
                        // The embedded fonts are parsed when something is drawn; a build
                        // with no earlier bundle to take from draws everything, so parse
                        // them now, beside the input.
                        let r = Resources::embedded();
                        if args.clean || !out.join(bundle::MANIFEST).is_file() {
                            r.fonts();
                        }
                        Ok(r)
                    }
                    Some(dir) => Resources::from_font_dir(&Disk, dir),
                },
            )
        },
    );
    crate::timing::mark("build: input, old bundle, templates, fonts");
    let input = match input {
        Ok(i) => i,
        Err(diags) => {
            eprint!("{}", report::text(&diags, None, report::use_color()));
            return 2;
        }
    };
    let (figures, diags) = crate::check::check_with_files(&Disk, &input);
    let errors = crate::diag::has_errors(&diags);
    if !diags.is_empty() {
        eprint!(
            "{}",
            report::text(&diags, Some(&figures), report::use_color())
        );
    }
    let templates = match templates {
        Ok(t) => t,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    let resources = match resources {
        Ok(r) => r,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    crate::timing::mark("build: checked");
    let tty = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if tty {
            eprint!("\r서류 만드는 중 {done}/{total}");
            let _ = std::io::stderr().flush();
        }
    };
    let opts = bundle::Options {
        templates: &templates,
        resources: &resources,
        formats: args.formats,
        draft,
        previous: old.as_ref().map(|o| o as &dyn bundle::Previous),
    };
    let built = match bundle::build(&Disk, &input, &figures, errors, &opts, &progress) {
        Ok(b) => b,
        Err(bundle::BuildError::Refused(r)) => {
            eprintln!("formpack: {r}");
            return 1;
        }
        Err(e) => {
            if tty {
                eprintln!();
            }
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    if tty {
        eprint!("\r\x1b[K");
    }
    crate::timing::mark("build: bundle made");
    for n in &built.notes {
        eprintln!("경고: {n}");
    }
    let files = built.files.iter().map(|(p, b)| Ok((p.as_str(), b)));
    // Nothing changed: every file was taken intact from the folder, the manifest is the same
    // and the folder holds nothing else, so it already is what a clean build would write.
    let unchanged = old.is_some() && bundle::write::already_written(out, &built);
    let written = if unchanged {
        Ok(())
    } else {
        // Files taken from the folder are linked into the new one, not written again; those
        // never read into memory are linked (or copied) from it.
        let reused: std::collections::HashSet<&str> =
            built.reused.iter().map(String::as_str).collect();
        let in_place: Vec<&str> = built.in_place.iter().map(String::as_str).collect();
        bundle::write::write_atomic_reusing(out, files, &|p| reused.contains(p), &in_place)
    };
    crate::timing::mark("build: written");
    if let Err(e) = written {
        eprintln!(
            "formpack: {}: 쓰지 못했습니다: {e} (이전 결과는 그대로 있습니다)",
            out.display()
        );
        return 2;
    }
    // Documents, whatever the number of files each has (a document filled into an official
    // form has one).
    let documents = |official: bool| {
        built
            .manifest
            .files
            .iter()
            .filter(|f| {
                f.document.is_some() && !f.path.contains('/') && !crate::deck::is_deck(&f.path)
            })
            .filter(|f| f.form.is_some() == official)
            .filter_map(|f| f.key())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    let official = match documents(true) {
        0 => String::new(),
        n => format!("; 공식 서식 {n}건은 기관 서식에 채워서"),
    };
    let docs = documents(false) + documents(true);
    let deck = built
        .manifest
        .files
        .iter()
        .find(|f| crate::deck::is_deck(&f.path))
        .map(|f| format!("발표자료 {}, ", f.path))
        .unwrap_or_default();
    let labels: Vec<&str> = args.formats.iter().map(|f| f.label()).collect();
    let packets = built
        .manifest
        .files
        .iter()
        .filter(|f| f.path.starts_with("members/") && f.path.ends_with(".zip"))
        .count();
    let merged = if args.formats.contains(crate::render::Format::Pdf) {
        format!("통합 PDF {}, ", bundle::MERGED_PDF)
    } else {
        String::new()
    };
    let reused = if old.is_some() {
        format!(
            " (파일 {}개 중 {}개는 이전 묶음에서 그대로 가져옴)",
            built.manifest.files.len(),
            built.reused.len()
        )
    } else {
        String::new()
    };
    let kinds = labels.join("·");
    println!(
        "{}{}: 서류 {}건 ({kinds}{official}), {deck}{merged}서명 묶음 {}개, manifest.json — {} ms{reused}",
        if draft { "[초안] " } else { "" },
        out.display(),
        docs,
        packets,
        started.elapsed().as_millis()
    );
    0
}

/// `formpack templates export DIR`; the exit status.
pub fn export_templates(dir: &Path) -> u8 {
    match Templates::export(dir) {
        Ok(paths) => {
            for p in paths {
                println!("{}", p.display());
            }
            0
        }
        Err(e) => {
            eprintln!("formpack: {}: {e}", dir.display());
            2
        }
    }
}
