//! What several test files do the same way: run the binary, read a bundle folder back.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The sample consortium file.
pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/sample-consortium.yaml"
);

/// Bundles made in memory with the built-in templates and the embedded fonts (parsed once
/// for all the bundles it makes).
pub struct InMemory {
    templates: formpack::compose::Templates,
    resources: formpack::render::Resources,
}

impl InMemory {
    pub fn new() -> InMemory {
        InMemory {
            templates: formpack::compose::Templates::builtin(),
            resources: formpack::render::Resources::embedded(),
        }
    }

    pub fn make(
        &self,
        input: &formpack::load::Input,
        previous: Option<&dyn formpack::bundle::Previous>,
    ) -> formpack::bundle::Built {
        let program = input.program();
        let figures = formpack::figures::Figures::compute(&input.data, program);
        let opts = formpack::bundle::Options {
            templates: &self.templates,
            resources: &self.resources,
            formats: formpack::render::Formats::default(),
            draft: false,
            previous,
        };
        formpack::bundle::make(
            &formpack::world::Disk,
            input,
            &figures,
            program,
            &opts,
            &|_, _| {},
        )
        .expect("builds")
    }
}

/// `input` with one member's 담당자 phone changed: a correction only that member's own forms
/// show.
pub fn with_contact_phone(
    input: &formpack::load::Input,
    member: &str,
    phone: &str,
) -> formpack::load::Input {
    let mut changed = input.clone();
    let m = changed
        .data
        .members
        .iter_mut()
        .find(|m| m.id.as_str() == member)
        .expect("the member is in the input");
    m.contact.as_mut().expect("it has a contact").phone = Some(phone.into());
    changed
}

/// Run the built binary without colour.
pub fn formpack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_formpack"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

/// Every file under `dir`: relative path (forward slashes) → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The sample as a workbook, as `formpack convert` writes it.
pub fn sample_workbook() -> Vec<u8> {
    let c = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    formpack::save::to_bytes(&c, formpack::load::InputFormat::Xlsx).unwrap()
}

/// The sample workbook with one part replaced, deflated at level 9: a workbook that inflates
/// to `content.len()` bytes (a zip bomb when `content` is large and repetitive).
pub fn workbook_with(part: &str, content: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(sample_workbook())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        out.start_file(name.as_str(), opts).unwrap();
        if name == part {
            out.write_all(content).unwrap();
        } else {
            std::io::copy(&mut f, &mut out).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

/// A `multipart/form-data` body: (field, file name or `None` for a plain field, bytes).
/// Returns the content type (with its boundary) and the body.
pub fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "formpack-test-boundary-7d93a1";
    let mut body = Vec::new();
    for (field, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(name) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{field}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The entries of a zip: name → bytes.
pub fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        out.insert(f.name().to_string(), b);
    }
    out
}

/// `formpack serve` started on a free port (with `args` added), its stdout's first line read:
/// the child and its address (`127.0.0.1:PORT`). stderr is piped when `keep_log`, else dropped.
pub fn start_serve(args: &[&str], keep_log: bool) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let bin = std::env::var_os("FORMPACK_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_BIN_EXE_formpack")));
    let mut child = Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(if keep_log {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .expect("formpack serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("브라우저로 여십시오"), "{line}");
    let addr = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    (child, addr)
}

/// `.ci/run` sets `FORMPACK_REQUIRE_OFFICE=1`: a missing LibreOffice or python-pptx then fails
/// the test instead of skipping it.
pub fn office_required() -> bool {
    std::env::var_os("FORMPACK_REQUIRE_OFFICE").is_some()
}

/// LibreOffice's command, or `None` when it is not installed (the caller skips; with
/// [`office_required`] the test fails here). `package` is the Debian package to name.
pub fn soffice(package: &str) -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            !office_required(),
            "FORMPACK_REQUIRE_OFFICE is set but LibreOffice is missing"
        );
        eprintln!("skipped: LibreOffice not installed (apt-get install {package})");
    }
    found
}

/// `file` converted to PDF by LibreOffice, working in `tmp`. It runs with a profile of its own,
/// so it runs beside another LibreOffice, on a copy with an ASCII name (LibreOffice 7.4 would
/// not load a Korean one from the command line here); it exits 0 even when it fails to load,
/// so the PDF it writes is what is returned.
pub fn libreoffice_pdf(soffice: &str, file: &Path, tmp: &Path) -> Vec<u8> {
    libreoffice_pdf_with(soffice, file, tmp, &[])
}

/// [`libreoffice_pdf`] with `env` set for LibreOffice (a `FONTCONFIG_FILE`, say).
pub fn libreoffice_pdf_with(
    soffice: &str,
    file: &Path,
    tmp: &Path,
    env: &[(&str, &Path)],
) -> Vec<u8> {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("bin");
    let src = tmp.join(format!("in.{ext}"));
    fs::copy(file, &src).unwrap();
    let out = tmp.join("pdf");
    let o = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            tmp.join("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(&src)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    fs::read(out.join("in.pdf")).unwrap_or_else(|_| {
        panic!(
            "LibreOffice wrote no PDF of {}: {}",
            file.display(),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// A consortium file's text parsed as YAML named `name`, under the built-in 2026 profile: the
/// input `check` and `compose` take, without touching the disk.
pub fn input_from(text: &str, name: &str) -> formpack::load::Input {
    use formpack::load::{parse_str, Input, InputFormat, TextFormat};
    let (data, map) = parse_str(text, name, TextFormat::Yaml).expect("parses");
    Input {
        data,
        map,
        sha256: String::new(),
        dir: std::path::PathBuf::from("."),
        format: InputFormat::Yaml,
        program: formpack::program::Program::builtin_arc("ai-transition-2026").unwrap(),
    }
}

/// `c` saved as YAML and built by the binary in a fresh temporary folder named for `name`:
/// every file of the bundle (packets' entries as `members/<id>/<name>`). The folder is
/// removed afterwards.
pub fn build_consortium(c: &formpack::model::Consortium, name: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = std::env::temp_dir().join(format!("formpack-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.yaml");
    let yaml = formpack::save::to_bytes(c, formpack::load::InputFormat::Yaml).unwrap();
    fs::write(&input, yaml).unwrap();
    let out = dir.join("out");
    let run = formpack(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files = read_tree(&out);
    let _ = fs::remove_dir_all(&dir);
    files
}

/// Every `.rs` file under `dir`, recursively (the source scans of the layering and
/// call-constant tests).
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}
