//! The command line (clap). Exit status: 0 clean (warnings allowed), 1 rule errors or a
//! failed verification, 2 unreadable input or misuse.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod build;
mod check;
mod convert;
mod deck;
mod diff;
pub mod form;
mod init;
mod programs;
pub mod report;
mod serve;
mod verify;

#[derive(Parser, Debug)]
#[command(
    name = "formpack",
    version,
    about = "One consortium file → the complete submission bundle of a call (its rules and forms: `formpack programs`)"
)]
/// The command line.
pub struct Cli {
    /// The call's profile: a TOML file (README, "Program profiles"), or a built-in profile's
    /// id. Without it, the data file's `program` names a built-in profile.
    #[arg(long, global = true, value_name = "FILE|ID")]
    program: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check a consortium file against every rule of the call.
    Check {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Build the submission bundle (every document in each chosen format).
    Build(build::Args),
    /// Write the 발표자료 deck (PPTX, 16:9) for the committee's 대면평가.
    Deck(deck::Args),
    /// Write a blank consortium file (YAML) or workbook (--xlsx) to fill in.
    Init {
        path: PathBuf,
        #[arg(long)]
        xlsx: bool,
    },
    /// Convert between YAML/JSON/TOML and the workbook, losslessly.
    Convert { from: PathBuf, to: PathBuf },
    /// What changed between two consortium files or two built bundles, and who must sign again.
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Open the local web page (in Korean) where staff upload the workbook, see every finding
    /// by sheet and cell, build the bundle and take its files.
    Serve(serve::Args),
    /// The agency's own 서식 (HWPX or DOCX): list its places, write a starter map, fill it.
    Form {
        #[command(subcommand)]
        action: form::Action,
    },
    /// Re-read a built bundle: hashes match the manifest, figures agree everywhere.
    Verify { dir: PathBuf },
    /// List the built-in program profiles, or print one as TOML (`show ID`).
    Programs {
        #[command(subcommand)]
        action: Option<ProgramsAction>,
    },
    /// Work with the built-in templates.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
}

#[derive(Subcommand, Debug)]
enum ProgramsAction {
    /// Print a profile as TOML: a starting point for next year's call.
    Show { id: String },
}

#[derive(Subcommand, Debug)]
enum TemplatesAction {
    /// Write the built-in templates to DIR as a starting point for --templates.
    Export { dir: PathBuf },
}

/// How `check` and `diff` print their report.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Korean text for people.
    Text,
    /// JSON for programs (DATA.md gives the shape).
    Json,
}

/// Parse the command line, run the command, and give its exit status (0 ok, 1 rule errors,
/// 2 bad input or usage).
pub fn main() -> ExitCode {
    crate::timing::mark("main");
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let program = match programs::resolve(cli.program.as_deref()) {
        Ok(p) => p,
        Err(code) => return ExitCode::from(code),
    };
    let program = program.as_ref();
    let code = match cli.command {
        Command::Check { file, format } => check::run(&file, format, program),
        Command::Build(args) => build::run(&args, program),
        Command::Deck(args) => deck::run(&args, program),
        Command::Init { path, xlsx } => init::run(&path, xlsx, program),
        Command::Convert { from, to } => convert::run(&from, &to, program),
        Command::Diff { old, new, format } => diff::run(&old, &new, format, program),
        Command::Verify { dir } => verify::run(&dir),
        Command::Form { action } => form::run(&action, program),
        Command::Serve(args) => serve::run(&args, program),
        Command::Programs { action } => {
            let show = action
                .as_ref()
                .map(|ProgramsAction::Show { id }| id.as_str());
            programs::run(show, program.map(|p| &**p))
        }
        Command::Templates {
            action: TemplatesAction::Export { dir },
        } => build::export_templates(&dir),
    };
    crate::timing::mark("main end");
    ExitCode::from(code)
}
