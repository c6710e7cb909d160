//! `formpack programs [show ID]`, and the global `--program FILE|ID` every command reads.

use std::path::Path;
use std::sync::Arc;

use super::report;
use crate::program::Program;
use crate::world::Disk;

/// The profile `--program` names: a built-in id, or a TOML file. `Ok(None)` without the flag
/// (the data file's `program` then picks a built-in one); `Err(2)` after printing the
/// profile's diagnostics.
pub fn resolve(arg: Option<&str>) -> Result<Option<Arc<Program>>, u8> {
    let Some(arg) = arg else {
        return Ok(None);
    };
    if let Some(p) = Program::builtin_arc(arg) {
        return Ok(Some(p));
    }
    match Program::load(&Disk, Path::new(arg)) {
        Ok(p) => Ok(Some(Arc::new(p))),
        Err(diags) => {
            eprint!("{}", report::text(&diags, None, report::use_color()));
            Err(2)
        }
    }
}

/// `formpack programs`: the built-in profiles, one a line; `programs show ID`: one as TOML.
pub fn run(show: Option<&str>, given: Option<&Program>) -> u8 {
    let mut all: Vec<&Program> = Program::builtin().collect();
    all.extend(given.filter(|g| Program::by_id(&g.id).is_none()));
    match show {
        None => {
            for p in &all {
                println!(
                    "{}\t「{}」 {} · 접수 마감 {} {} · 협약기간 {} ~ {}",
                    p.id,
                    p.name,
                    p.ministry,
                    p.deadline.official(),
                    p.deadline_time,
                    p.period.start.official(),
                    p.period.end.official()
                );
            }
            0
        }
        Some(id) => match all.iter().find(|p| p.id == id) {
            Some(p) => {
                print!("{}", p.source);
                0
            }
            None => {
                let known: Vec<&str> = Program::builtin().map(|p| p.id.as_str()).collect();
                eprintln!(
                    "formpack: 알 수 없는 사업 프로필 `{id}`: 내장 프로필은 `{}`입니다",
                    known.join("`, `")
                );
                2
            }
        },
    }
}
