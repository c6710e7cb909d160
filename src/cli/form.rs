//! `formpack form inspect|map|fill`: the agency's own 서식 — what it offers, a starter map,
//! and one form filled from the data.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::json;

use super::{report, ReportFormat};
use crate::compose::official::{self, kind_for, read_map, FormFile, Scope};
use crate::program::Program;
use crate::world::Disk;

/// `formpack form`'s actions.
#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// List every place of a form: 누름틀, named cells, content controls, bookmarks, {{…}}
    /// placeholders, tables with their label cells and the blank cells beside them, check boxes.
    Inspect {
        /// The form (.hwpx or .docx).
        form: PathBuf,
        /// Text for people, or JSON for programs.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Write a starter map (TOML) with every place found, and guessed values where a label is
    /// one formpack knows.
    Map {
        /// The form (.hwpx or .docx).
        form: PathBuf,
        /// The map file to write; standard output without it.
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// Draw a form as formpack prints it (PDF), to look at before writing its map.
    Pdf {
        /// The form (.hwpx or .docx).
        form: PathBuf,
        /// The PDF to write; `<form>.pdf` beside it by default.
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// Fill a form from a consortium file through a map.
    Fill {
        /// The form (.hwpx or .docx).
        form: PathBuf,
        /// The map file (TOML) saying what goes where.
        #[arg(long)]
        map: PathBuf,
        /// The consortium file (YAML, JSON, TOML or workbook).
        data: PathBuf,
        /// For a per-member form: the member's id.
        #[arg(long)]
        member: Option<String>,
        /// The filled file: the form's own format, or `.pdf` for the filled form drawn as PDF;
        /// `<form>_채움.<ext>` beside it by default.
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
        /// Fill despite rule errors in the data (the form itself carries no 초안 mark).
        #[arg(long)]
        draft: bool,
    },
}

/// Run an action; the exit status.
pub fn run(action: &Action, program: Option<&Arc<Program>>) -> u8 {
    match action {
        Action::Inspect { form, format } => inspect(form, *format),
        Action::Map { form, out } => map(form, out.as_deref()),
        Action::Pdf { form, out } => pdf(form, out.as_deref()),
        Action::Fill {
            form,
            map,
            data,
            member,
            out,
            draft,
        } => fill(
            form,
            map,
            data,
            member.as_deref(),
            out.as_deref(),
            *draft,
            program,
        ),
    }
}

fn open(path: &Path) -> Result<FormFile, u8> {
    FormFile::read(&Disk, path).map_err(|e| {
        eprintln!("formpack: {e}");
        2
    })
}

fn inspect(path: &Path, format: ReportFormat) -> u8 {
    let Ok(form) = open(path) else { return 2 };
    let inv = match form.inventory() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    match format {
        ReportFormat::Json => println!("{}", inventory_json(form.kind(), &inv)),
        ReportFormat::Text => print!("{}", inventory_text(&form.name, form.kind(), &inv)),
    }
    0
}

/// The inventory as JSON (a contract: extend, never rename).
pub fn inventory_json(kind: formpack_form::Kind, inv: &formpack_form::Inventory) -> String {
    let named: Vec<_> = inv
        .named
        .iter()
        .map(|f| {
            json!({"kind": f.kind.label(), "name": f.name, "hint": f.hint,
                   "occurrences": f.occurrences, "text": f.text})
        })
        .collect();
    let tables: Vec<_> = inv
        .tables
        .iter()
        .map(|t| {
            let labels: Vec<_> = t
                .labels
                .iter()
                .map(|l| {
                    json!({"text": l.text, "row": l.row, "col": l.col,
                           "right_blank": l.right_blank, "below_blank": l.below_blank})
                })
                .collect();
            json!({"index": t.index, "rows": t.rows, "cols": t.cols, "labels": labels})
        })
        .collect();
    let checks: Vec<_> = inv
        .checks
        .iter()
        .map(|(l, on)| json!({"label": l, "checked": on}))
        .collect();
    json!({"kind": kind.extension(), "named": named, "placeholders": inv.placeholders,
           "tables": tables, "checks": checks})
    .to_string()
}

fn inventory_text(name: &str, kind: formpack_form::Kind, inv: &formpack_form::Inventory) -> String {
    use std::fmt::Write as _;
    let mut s = format!("{name} ({})\n", kind.extension().to_uppercase());
    let _ = writeln!(s, "\n이름 있는 자리 {}곳", inv.named.len());
    for f in &inv.named {
        let times = if f.occurrences > 1 {
            format!(" ×{}", f.occurrences)
        } else {
            String::new()
        };
        let hint = if f.hint.is_empty() {
            String::new()
        } else {
            format!(" — 안내문 \"{}\"", f.hint)
        };
        let _ = writeln!(s, "  {} \"{}\"{times}{hint}", f.kind.label(), f.name);
    }
    if !inv.placeholders.is_empty() {
        let _ = writeln!(s, "\n{{{{…}}}} 자리 {}곳", inv.placeholders.len());
        for p in &inv.placeholders {
            let _ = writeln!(s, "  {{{{{p}}}}}");
        }
    }
    let _ = writeln!(s, "\n표 {}개", inv.tables.len());
    for t in &inv.tables {
        let _ = writeln!(s, "  표 {} ({}행 {}열)", t.index, t.rows, t.cols);
        for l in &t.labels {
            let mut beside = Vec::new();
            if l.right_blank {
                beside.push("오른쪽 빈칸");
            }
            if l.below_blank {
                beside.push("아래 빈칸");
            }
            if !beside.is_empty() {
                let text: String = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
                let _ = writeln!(
                    s,
                    "    {}행 {}열 \"{text}\" → {}",
                    l.row,
                    l.col,
                    beside.join(", ")
                );
            }
        }
    }
    if !inv.checks.is_empty() {
        let _ = writeln!(s, "\n확인란 {}개", inv.checks.len());
        for (l, on) in &inv.checks {
            let _ = writeln!(s, "  {} {l}", if *on { "■" } else { "□" });
        }
    }
    s
}

fn map(path: &Path, out: Option<&Path>) -> u8 {
    let Ok(form) = open(path) else { return 2 };
    let inv = match form.inventory() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    let name = path
        .file_name()
        .map_or(form.name.clone(), |n| n.to_string_lossy().into_owned());
    let text = official::starter::starter(&name, &inv);
    match out {
        None => print!("{text}"),
        Some(o) => {
            if let Err(e) =
                crate::save::write_atomic(o, text.as_bytes(), crate::save::Overwrite::Replace)
            {
                eprintln!("formpack: {}: 쓰지 못했습니다: {e}", o.display());
                return 2;
            }
            eprintln!(
                "{}: 맵을 썼습니다. 값을 확인하고 빈 곳을 채우십시오.",
                o.display()
            );
        }
    }
    0
}

#[allow(clippy::too_many_arguments)]
fn fill(
    form_path: &Path,
    map_path: &Path,
    data: &Path,
    member: Option<&str>,
    out: Option<&Path>,
    draft: bool,
    program: Option<&Arc<Program>>,
) -> u8 {
    let Ok(form) = open(form_path) else { return 2 };
    let map = match read_map(&Disk, map_path) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    let input = match crate::load::load_with(&Disk, data, program) {
        Ok(i) => i,
        Err(diags) => {
            eprint!("{}", report::text(&diags, None, report::use_color()));
            return 2;
        }
    };
    let (figures, diags) = crate::check::check_input(&input);
    if crate::diag::has_errors(&diags) {
        eprint!(
            "{}",
            report::text(&diags, Some(&figures), report::use_color())
        );
        if let Err(r) = crate::bundle::refuse_unless_draft(true, draft) {
            eprintln!("formpack: {r}");
            return 1;
        }
    }
    let c = &input.data;
    let m = match member {
        None => None,
        Some(id) => match c.members.iter().find(|m| m.id.as_str() == id) {
            Some(m) => Some(m),
            None => {
                let ids: Vec<String> = c
                    .members
                    .iter()
                    .map(|m| format!("{}({})", m.id.as_str(), m.name))
                    .collect();
                eprintln!(
                    "formpack: --member {id}: 그런 기관이 없습니다. 있는 기관: {}",
                    ids.join(", ")
                );
                return 2;
            }
        },
    };
    let kind = match kind_for(&map, m.is_some()) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    let ext = form.kind().extension();
    let out = out.map(Path::to_path_buf).unwrap_or_else(|| {
        let stem = form_path
            .file_stem()
            .map_or("서식".into(), |s| s.to_string_lossy().into_owned());
        form_path.with_file_name(format!("{stem}_채움.{ext}"))
    });
    let out_ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let as_pdf = out_ext.as_deref() == Some("pdf");
    if out_ext.as_deref() != Some(ext) && !as_pdf {
        eprintln!(
            "formpack: {}: 채운 서식은 서식과 같은 형식(.{ext}) 또는 PDF(.pdf)로만 씁니다",
            out.display()
        );
        return 2;
    }
    let scope = Scope {
        c,
        f: &figures,
        p: input.program(),
        kind,
        member: m,
    };
    let filled = official::plan(&form, &map, &scope).and_then(|p| official::fill(&form, &map, &p));
    let filled = match filled {
        Ok(f) => f,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    let bytes = match as_pdf {
        true => match drawn(form_path, &filled.bytes) {
            Ok(b) => b,
            Err(code) => return code,
        },
        false => filled.bytes.clone(),
    };
    if let Err(e) = crate::save::write_atomic(&out, &bytes, crate::save::Overwrite::Replace) {
        eprintln!("formpack: {}: 쓰지 못했습니다: {e}", out.display());
        return 2;
    }
    println!("{}: {}곳을 채웠습니다", out.display(), filled.placed.len());
    for p in &filled.placed {
        let v: String = p.value.split_whitespace().collect::<Vec<_>>().join(" ");
        println!("  {} = {v}", p.place);
    }
    for w in &filled.warnings {
        eprintln!("경고: {w}");
    }
    0
}

/// `form pdf`: the form as it is, drawn.
fn pdf(form_path: &Path, out: Option<&Path>) -> u8 {
    let bytes = match std::fs::read(form_path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("formpack: {}: 읽지 못했습니다: {e}", form_path.display());
            return 2;
        }
    };
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| form_path.with_extension("pdf"));
    let pdf = match drawn(form_path, &bytes) {
        Ok(b) => b,
        Err(code) => return code,
    };
    if let Err(e) = crate::save::write_atomic(&out, &pdf, crate::save::Overwrite::Replace) {
        eprintln!("formpack: {}: 쓰지 못했습니다: {e}", out.display());
        return 2;
    }
    println!("{}: 서식을 PDF로 그렸습니다", out.display());
    0
}

/// A form's bytes (filled or not) drawn as PDF; its footer's 문서확인번호 is the first eight
/// hex digits of the file's SHA-256, tying the printout to the file. Objects the PDF could
/// not draw are listed on standard error.
fn drawn(form_path: &Path, bytes: &[u8]) -> Result<Vec<u8>, u8> {
    let stem = form_path
        .file_stem()
        .map_or("서식".into(), |s| s.to_string_lossy().into_owned());
    let footer = formpack_doc::Footer {
        left: stem.clone(),
        fingerprint: crate::hash::sha256_hex(bytes)[..8].to_string(),
        fingerprint_label: crate::compose::FINGERPRINT_LABEL.into(),
        pages_numbered: false,
    };
    let name = form_path.display().to_string();
    let printable = official::printable(&name, bytes, &stem, footer).map_err(|e| {
        eprintln!("formpack: {e}");
        2u8
    })?;
    let resources = crate::render::Resources::embedded();
    let (pdf, notes) = crate::render::official_pdf(&printable, &resources).map_err(|e| {
        eprintln!("formpack: {name}: PDF로 그리지 못했습니다: {e}");
        2u8
    })?;
    for n in notes {
        eprintln!("경고: {n}");
    }
    Ok(pdf)
}
