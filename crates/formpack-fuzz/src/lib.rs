//! A fuzzing harness for formpack that runs on the stable toolchain (no nightly, no
//! libFuzzer): it mutates the sample consortium in all four input formats and the document
//! XML language the templates produce, and feeds each case through the whole pipeline
//! in-process.
//!
//! Mutations (each case picks one, from a seed, so a case is reproduced by its number):
//! - **bytes** of the YAML, JSON or TOML sample: bit flips, inserted and deleted ranges,
//!   duplicated ranges, interesting tokens (`*a`, `<<:`, `{{`, huge numbers, NUL, BOM),
//!   truncation;
//! - **structure**: the sample as a JSON tree, one to three edits (a number or text replaced
//!   by an interesting value, a key deleted or renamed, an item duplicated or removed, a value
//!   of another type), written back as YAML, JSON, TOML or a workbook;
//! - **zip damage** to the sample's workbook: truncation, flipped bytes (often in the central
//!   directory), a part replaced by junk or by another part;
//! - **document XML**: the sample's eight documents as the templates render them, with bytes
//!   or attributes mutated (spans, widths, sizes, nesting), parsed and rendered by every
//!   backend;
//! - **official forms and maps**: real 한글 and Word forms (`fixtures/forms/`) with their maps,
//!   the form's body XML mutated, its zip damaged, or the map's text mutated; opened,
//!   inspected, planned over the sample and filled, and a filled form read back.
//!
//! Invariants checked for every case ([`check_case`]): no panic; no hang (the runner's
//! watchdog); the status is what the CLI would exit with, 0, 1 or 2, and a refusal carries
//! `input-parse` or `input-too-large`; no file outside the output folder; and after a
//! successful build, `verify` finds nothing wrong with the written bundle.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use formpack::bundle;
use formpack::compose::Templates;
use formpack::diag::Code;
use formpack::load::InputFormat;
use formpack::render::{Format, Formats, Resources};
use formpack::world::Memory;
use serde_json::Value;

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same cases on
/// every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for case `case` of run `seed`.
    pub fn for_case(seed: u64, case: u64) -> Rng {
        let mut r = Rng(seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next_u64() % den < num
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The unmutated inputs every case starts from.
pub struct Seeds {
    /// The sample as YAML, JSON and TOML text, and as a workbook.
    pub yaml: Vec<u8>,
    /// JSON.
    pub json: Vec<u8>,
    /// TOML.
    pub toml: Vec<u8>,
    /// The workbook (`formpack convert`'s layout).
    pub xlsx: Vec<u8>,
    /// The sample as a JSON tree, for structure-aware edits.
    pub tree: Value,
    /// The eight documents of the sample in the XML language the templates produce.
    pub xml: Vec<&'static str>,
    /// Official forms with a map that fills them: (form bytes, map text).
    pub forms: Vec<(Vec<u8>, String)>,
}

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

impl Seeds {
    /// Read the sample (`fixtures/`) and the documents' XML.
    pub fn load() -> Seeds {
        let read = |name: &str| {
            std::fs::read(Path::new(ROOT).join("fixtures").join(name)).expect("fixture")
        };
        let input = formpack::load::load(&Path::new(ROOT).join("fixtures/sample-consortium.yaml"))
            .expect("the sample loads");
        Seeds {
            yaml: read("sample-consortium.yaml"),
            json: read("sample-consortium.json"),
            toml: read("sample-consortium.toml"),
            xlsx: formpack::save::to_bytes(&input.data, InputFormat::Xlsx).expect("workbook"),
            tree: serde_json::to_value(&input.data).expect("the model is JSON"),
            xml: XML.to_vec(),
            forms: FORMS
                .iter()
                .map(|(form, map)| {
                    let form = std::fs::read(Path::new(ROOT).join("fixtures/forms").join(form))
                        .expect("form fixture");
                    (form, map.to_string())
                })
                .collect(),
        }
    }
}

/// Forms and the maps that fill them (one per way of naming a place and one with rows).
const FORMS: [(&str, &str); 3] = [
    (
        "hwpforge_rnd_plan_form.hwpx",
        include_str!("../../../fixtures/programs/official-forms/04_participation.toml"),
    ),
    (
        "hwpxlib_clickhere_fields.hwpx",
        "[fields]\n\"필드1\" = \"{{member.name}}\"\n\"필드A\" = [\"{{date date}}\", \"{{amount share}}\"]\n\"표3_3\" = \"{{member.representative.name}}\"\n",
    ),
    (
        "docxtpl_order_table.docx",
        "[fields]\ncustomer_name = \"{{member.name}}\"\ncompany_name = \"{{lead.name}}\"\ntotal_price = \"{{amount share}}\"\n\n[[rows]]\ntable = \"Description\"\nrow = 3\neach = \"budget\"\ncells = [\"{{category}}\", \"{{won national}}\", \"{{won total}}\"]\ndrop_sample_rows = 1\n",
    ),
];

const XML: [&str; 8] = [
    include_str!("../../formpack-hwpx/tests/fixtures/01_application.xml"),
    include_str!("../../formpack-hwpx/tests/fixtures/02_budget_summary.xml"),
    include_str!("../../formpack-hwpx/tests/fixtures/03_agreement.xml"),
    include_str!("../../formpack-hwpx/tests/fixtures/04_participation.xml"),
    include_str!("../../formpack-hwpx/tests/fixtures/05_eligibility.xml"),
    include_str!("../../formpack-hwpx/tests/fixtures/06_local_contribution.xml"),
    include_str!("../../formpack-hwpx/tests/fixtures/07_asset_plan.xml"),
    include_str!("../../formpack-hwpx/tests/fixtures/08_privacy_integrity.xml"),
];

/// One generated case.
#[derive(Debug, Clone)]
pub enum Case {
    /// A consortium file: its bytes and extension (`yaml`, `json`, `toml`, `xlsx`).
    File {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// Its extension, which chooses the reader.
        ext: &'static str,
        /// Build with `--draft` (despite rule errors).
        draft: bool,
        /// The formats to build.
        formats: Formats,
        /// Which mutation made it, for the report.
        kind: &'static str,
    },
    /// A document in the XML language.
    Xml {
        /// The mutated text.
        text: String,
    },
    /// An official form and its map, one of them mutated.
    Form {
        /// The form's bytes.
        form: Vec<u8>,
        /// The map's text.
        map: String,
        /// Which mutation made it.
        kind: &'static str,
    },
}

impl Case {
    /// The mutation's name, for counts in the report.
    pub fn kind(&self) -> &'static str {
        match self {
            Case::File { kind, .. } | Case::Form { kind, .. } => kind,
            Case::Xml { .. } => "xml",
        }
    }

    /// The bytes to save when the case fails, and the extension to save them with.
    pub fn artefact(&self) -> (Vec<u8>, &'static str) {
        match self {
            Case::File { bytes, ext, .. } => (bytes.clone(), ext),
            Case::Xml { text } => (text.clone().into_bytes(), "xml"),
            Case::Form { form, .. } => (form.clone(), "form"),
        }
    }
}

const TOKENS: [&str; 20] = [
    "*a",
    "&a ",
    "<<: *a",
    "{{",
    "}}",
    "\0",
    "\u{feff}",
    "999999999999999999999",
    "-1",
    "\n  - ",
    ": ",
    "\"",
    "'",
    "[",
    "]{",
    "#",
    "\t",
    "\\u0000",
    "가나다",
    "1e400",
];

fn mutate_bytes(rng: &mut Rng, mut b: Vec<u8>) -> Vec<u8> {
    for _ in 0..1 + rng.below(4) {
        let len = b.len().max(1);
        match rng.below(7) {
            0 => {
                let i = rng.below(len);
                if let Some(x) = b.get_mut(i) {
                    *x ^= 1 << rng.below(8);
                }
            }
            1 => {
                let i = rng.below(len);
                let t = rng.pick(&TOKENS).as_bytes().to_vec();
                b.splice(i.min(b.len())..i.min(b.len()), t);
            }
            2 => {
                let i = rng.below(len);
                let n = rng.below(64).min(b.len().saturating_sub(i));
                b.drain(i.min(b.len())..(i + n).min(b.len()));
            }
            3 => {
                let i = rng.below(len).min(b.len());
                let n = rng.below(256).min(b.len() - i);
                let piece = b[i..i + n].to_vec();
                let at = rng.below(len).min(b.len());
                b.splice(at..at, piece);
            }
            4 => b.truncate(rng.below(len)),
            5 => {
                let i = rng.below(len);
                if let Some(x) = b.get_mut(i) {
                    *x = rng.next_u64() as u8;
                }
            }
            _ => {
                // A digit run replaced: amounts and dates move.
                let i = rng.below(len);
                if let Some(x) = b.get_mut(i) {
                    if x.is_ascii_digit() {
                        *x = b'0' + rng.below(10) as u8;
                    }
                }
            }
        }
    }
    b
}

fn interesting_value(rng: &mut Rng) -> Value {
    match rng.below(16) {
        0 => Value::from(0),
        1 => Value::from(-1),
        2 => Value::from(i64::MAX),
        3 => Value::from(i64::MIN),
        4 => Value::from(1_000_000_000_000_000i64),
        5 => Value::from(0.5),
        6 => Value::from(""),
        7 => Value::from("가".repeat(rng.below(30_000))),
        8 => Value::from("</p><table><td>{{project.title}}</td>"),
        9 => Value::from("../../etc/passwd"),
        10 => Value::Null,
        11 => Value::from(true),
        12 => Value::Array(vec![]),
        13 => Value::from("2031-02-30"),
        14 => Value::from("  \n\t "),
        _ => Value::from(rng.next_u64() as i64 % 10_000_000_000),
    }
}

/// An edit at a random node of `v`, found by a random walk from the root.
fn edit_random(rng: &mut Rng, v: &mut Value) {
    // The walk reads; the edit then takes the node by its JSON pointer.
    let mut pointer = String::new();
    let mut cur: &Value = v;
    for _ in 0..6 {
        match cur {
            Value::Object(m) if !m.is_empty() && rng.chance(3, 4) => {
                let (k, next) = m.iter().nth(rng.below(m.len())).expect("in range");
                pointer += &format!("/{}", k.replace('~', "~0").replace('/', "~1"));
                cur = next;
            }
            Value::Array(a) if !a.is_empty() && rng.chance(3, 4) => {
                let i = rng.below(a.len());
                pointer += &format!("/{i}");
                cur = &a[i];
            }
            _ => break,
        }
    }
    let Some(node) = v.pointer_mut(&pointer) else {
        return;
    };
    match node {
        Value::Object(m) if !m.is_empty() => {
            let k = m
                .keys()
                .nth(rng.below(m.len()))
                .cloned()
                .unwrap_or_default();
            match rng.below(3) {
                0 => {
                    m.remove(&k);
                }
                1 => {
                    if let Some(x) = m.remove(&k) {
                        m.insert(format!("{k}_"), x);
                    }
                }
                _ => {
                    m.insert(k, interesting_value(rng));
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = rng.below(a.len());
            match rng.below(3) {
                0 => {
                    a.remove(i);
                }
                1 => {
                    let x = a[i].clone();
                    let most = if rng.chance(1, 20) { 600 } else { 3 };
                    for _ in 0..1 + rng.below(most) {
                        a.push(x.clone());
                    }
                }
                _ => a[i] = interesting_value(rng),
            }
        }
        Value::Number(n) => {
            let near = n.as_i64().unwrap_or(0);
            *node = match rng.below(3) {
                0 => Value::from(near.saturating_add(1)),
                1 => Value::from(near.saturating_sub(1)),
                _ => interesting_value(rng),
            };
        }
        other => *other = interesting_value(rng),
    }
}

fn write_tree(rng: &mut Rng, tree: &Value) -> (Vec<u8>, &'static str) {
    match rng.below(4) {
        0 => match serde_saphyr::to_string(tree) {
            Ok(s) => (s.into_bytes(), "yaml"),
            Err(_) => (serde_json::to_vec(tree).unwrap_or_default(), "json"),
        },
        1 => match toml::to_string(tree) {
            Ok(s) => (s.into_bytes(), "toml"),
            Err(_) => (serde_json::to_vec(tree).unwrap_or_default(), "json"),
        },
        2 => {
            // A workbook when the edited tree is still a consortium the writer can lay out.
            match serde_json::from_value::<formpack::model::Consortium>(tree.clone()) {
                Ok(c) => match formpack::save::to_bytes(&c, InputFormat::Xlsx) {
                    Ok(b) => (b, "xlsx"),
                    Err(_) => (serde_json::to_vec(tree).unwrap_or_default(), "json"),
                },
                Err(_) => (serde_json::to_vec_pretty(tree).unwrap_or_default(), "json"),
            }
        }
        _ => (serde_json::to_vec_pretty(tree).unwrap_or_default(), "json"),
    }
}

fn damage_zip(rng: &mut Rng, mut b: Vec<u8>) -> Vec<u8> {
    let len = b.len();
    match rng.below(4) {
        0 => b.truncate(rng.below(len)),
        1 => {
            // Bytes near the end: the central directory and its end record.
            for _ in 0..1 + rng.below(8) {
                let i = len - 1 - rng.below(len.min(600));
                b[i] = rng.next_u64() as u8;
            }
        }
        2 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(len);
                b[i] ^= 1 << rng.below(8);
            }
        }
        _ => {
            // One part replaced by junk or by a copy of another part.
            if let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(&b)) {
                let n = zip.len();
                let (victim, donor) = (rng.below(n), rng.below(n));
                let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                let opts = zip::write::SimpleFileOptions::default();
                let mut donor_bytes = Vec::new();
                if let Ok(mut f) = zip.by_index(donor) {
                    let _ = std::io::copy(&mut f, &mut donor_bytes);
                }
                for i in 0..n {
                    let Ok(mut f) = zip.by_index(i) else { continue };
                    let name = f.name().to_string();
                    if out.start_file(name.as_str(), opts).is_err() {
                        continue;
                    }
                    if i == victim {
                        let junk: Vec<u8> = if rng.chance(1, 2) {
                            donor_bytes.clone()
                        } else {
                            (0..rng.below(4096)).map(|_| rng.next_u64() as u8).collect()
                        };
                        let _ = std::io::Write::write_all(&mut out, &junk);
                    } else {
                        let _ = std::io::copy(&mut f, &mut out);
                    }
                }
                if let Ok(c) = out.finish() {
                    b = c.into_inner();
                }
            }
        }
    }
    b
}

const ATTR_VALUES: [&str; 14] = [
    "0",
    "-1",
    "1",
    "2",
    "99999",
    "1e9",
    "NaN",
    "",
    "abc",
    "0.0001",
    "300",
    "18446744073709551616",
    "true",
    "left",
];

fn mutate_xml(rng: &mut Rng, seed: &str) -> String {
    let mut s = seed.to_string();
    for _ in 0..1 + rng.below(3) {
        match rng.below(4) {
            0 => {
                // An attribute value replaced.
                let quotes: Vec<usize> = s.match_indices("=\"").map(|(i, _)| i + 2).collect();
                if quotes.is_empty() {
                    continue;
                }
                let start = *rng.pick(&quotes);
                if let Some(end) = s[start..].find('"') {
                    let v = rng.pick(&ATTR_VALUES).to_string();
                    s.replace_range(start..start + end, &v);
                }
            }
            1 => {
                // An element duplicated (a row, a cell, a paragraph, a table).
                let tags = ["<tr>", "<td ", "<p ", "<table ", "<signature", "<spacer "];
                let tag = rng.pick(&tags);
                let starts: Vec<usize> = s.match_indices(tag).map(|(i, _)| i).collect();
                if starts.is_empty() {
                    continue;
                }
                let start = *rng.pick(&starts);
                let name = tag.trim_start_matches('<').trim_end();
                let close = format!("</{name}>");
                let end = s[start..]
                    .find(&close)
                    .map(|e| start + e + close.len())
                    .or_else(|| s[start..].find("/>").map(|e| start + e + 2));
                if let Some(end) = end {
                    let piece = s[start..end].to_string();
                    let most = if rng.chance(1, 10) { 200 } else { 2 };
                    for _ in 0..1 + rng.below(most) {
                        s.insert_str(end, &piece);
                    }
                }
            }
            2 => {
                let b = mutate_bytes(rng, s.into_bytes());
                s = String::from_utf8_lossy(&b).into_owned();
            }
            _ => {
                // A table nested into a cell.
                if let (Some(t), Some(td)) = (s.find("<table "), s.rfind("<td ")) {
                    if let Some(t_end) = s[t..].find("</table>") {
                        let table = s[t..t + t_end + 8].to_string();
                        if let Some(gt) = s[td..].find('>') {
                            s.insert_str(td + gt + 1, &table);
                        }
                    }
                }
            }
        }
    }
    s
}

/// Case `case` of run `seed`.
pub fn generate(seeds: &Seeds, seed: u64, case: u64) -> Case {
    let mut rng = Rng::for_case(seed, case);
    let draft = rng.chance(1, 4);
    let formats = match rng.below(6) {
        0 => Formats::default(),
        1 => Formats::EMPTY.with(Format::Docx),
        2 => Formats::EMPTY.with(Format::Hwpx),
        _ => Formats::EMPTY.with(Format::Pdf),
    };
    let file = |bytes, ext, kind| Case::File {
        bytes,
        ext,
        draft,
        formats,
        kind,
    };
    if rng.chance(1, 6) {
        return form_case(&mut rng, seeds);
    }
    match rng.below(10) {
        0..=3 => {
            let (seed_bytes, ext) = match rng.below(3) {
                0 => (&seeds.yaml, "yaml"),
                1 => (&seeds.json, "json"),
                _ => (&seeds.toml, "toml"),
            };
            file(mutate_bytes(&mut rng, seed_bytes.clone()), ext, "bytes")
        }
        4..=6 => {
            let mut tree = seeds.tree.clone();
            for _ in 0..1 + rng.below(3) {
                edit_random(&mut rng, &mut tree);
            }
            let (bytes, ext) = write_tree(&mut rng, &tree);
            file(bytes, ext, "structure")
        }
        7 => file(damage_zip(&mut rng, seeds.xlsx.clone()), "xlsx", "zip"),
        _ => Case::Xml {
            text: {
                let seed_xml = seeds.xml[rng.below(seeds.xml.len())];
                mutate_xml(&mut rng, seed_xml)
            },
        },
    }
}

/// A form case: the body XML mutated, the zip damaged, or the map's text mutated.
fn form_case(rng: &mut Rng, seeds: &Seeds) -> Case {
    let (form, map) = seeds.forms[rng.below(seeds.forms.len())].clone();
    match rng.below(3) {
        0 => Case::Form {
            form: damage_zip(rng, form),
            map,
            kind: "form-zip",
        },
        1 => Case::Form {
            form: mutate_body(rng, &form),
            map,
            kind: "form-xml",
        },
        _ => Case::Form {
            map: String::from_utf8_lossy(&mutate_bytes(rng, map.into_bytes())).into_owned(),
            form,
            kind: "form-map",
        },
    }
}

/// The form with its body part (HWPX section or DOCX document) mutated and zipped again.
fn mutate_body(rng: &mut Rng, form: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(form)) else {
        return form.to_vec();
    };
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let Ok(mut f) = zip.by_index(i) else { continue };
        let name = f.name().to_string();
        let mut data = Vec::new();
        if f.read_to_end(&mut data).is_err() {
            continue;
        }
        if name == "Contents/section0.xml" || name == "word/document.xml" {
            data = mutate_xml(rng, &String::from_utf8_lossy(&data)).into_bytes();
        }
        let _ = out.start_file(name, zip::write::SimpleFileOptions::default());
        let _ = out.write_all(&data);
    }
    out.finish()
        .map(|c| c.into_inner())
        .unwrap_or_else(|_| form.to_vec())
}

/// What a case came to: the CLI's exit status, and whether a bundle was built and verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// 0 built, 1 rule errors (not built), 2 refused.
    pub status: u8,
    /// A bundle was written and `verify` passed.
    pub verified: bool,
}

fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(Templates::builtin)
}

fn resources() -> &'static Resources {
    static R: OnceLock<Resources> = OnceLock::new();
    R.get_or_init(Resources::embedded)
}

/// A bundle path stays inside its folder when every component is a plain name: no `..`, no
/// `.`, no root or drive. (A name that merely contains `..`, such as the file
/// `04_참여의사확인서__.._etc_passwd.hwpx` made from a member named `../../etc/passwd`, is one
/// component inside the folder.)
pub fn stays_inside(path: &str) -> bool {
    let p = Path::new(path);
    p.components().count() > 0
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Run one case through the pipeline in `scratch` (an empty folder of its own) and check the
/// invariants. `Err` says which invariant broke. `build` false stops after `check` (cheap
/// cases for long runs).
pub fn check_case(case: &Case, scratch: &Path, build: bool) -> Result<Outcome, String> {
    match case {
        Case::Xml { text } => check_xml(text),
        Case::Form { form, map, .. } => check_form(form, map),
        Case::File {
            bytes,
            ext,
            draft,
            formats,
            ..
        } => check_file(bytes, ext, *draft, *formats, scratch, build),
    }
}

fn sample() -> &'static formpack::load::Input {
    static S: OnceLock<formpack::load::Input> = OnceLock::new();
    S.get_or_init(|| {
        formpack::load::load(&Path::new(ROOT).join("fixtures/sample-consortium.yaml"))
            .expect("the sample loads")
    })
}

/// A form and a map: refused with a message, or filled into a file that opens and reads back.
fn check_form(form: &[u8], map: &str) -> Result<Outcome, String> {
    use formpack::compose::official::{self, FormFile, Map, Scope};
    let refused = Ok(Outcome {
        status: 2,
        verified: false,
    });
    let quiet = |m: &str| m.trim().is_empty();
    let file = match FormFile::from_bytes("form", form.to_vec()) {
        Ok(f) => f,
        Err(e) if quiet(&e.message) => return Err("a form refused without a message".into()),
        Err(_) => return refused,
    };
    let map = match Map::parse(map, "map.toml") {
        Ok(m) => m,
        Err(e) if quiet(&e.message) => return Err("a map refused without a message".into()),
        Err(_) => return refused,
    };
    let input = sample();
    let figures = formpack::figures::Figures::compute(&input.data, input.program());
    let member = input.data.members.iter().find(|m| m.id.as_str() == "kaic");
    let Ok(kind) = official::kind_for(&map, true) else {
        return refused;
    };
    let scope = Scope {
        c: &input.data,
        f: &figures,
        p: input.program(),
        kind,
        member,
    };
    let filled = match official::plan(&file, &map, &scope)
        .and_then(|p| official::fill(&file, &map, &p).map(|f| (p, f)))
    {
        Ok(f) => f,
        Err(e) if quiet(&e.message) => return Err("a fill refused without a message".into()),
        Err(_) => return refused,
    };
    let (plan, filled) = filled;
    let again = formpack_form::Form::open(&filled.bytes, &formpack_form::Limits::DEFAULT)
        .map_err(|e| format!("a filled form does not open: {e}"))?;
    again
        .text()
        .map_err(|e| format!("a filled form does not read: {e}"))?;
    again
        .read(&plan.plan)
        .map_err(|e| format!("a filled form's places do not read back: {e}"))?;
    Ok(Outcome {
        status: 0,
        verified: false,
    })
}

fn check_xml(text: &str) -> Result<Outcome, String> {
    let resolve = |_: &str| None;
    let Ok(doc) = formpack_doc::xml::parse(text, &resolve) else {
        return Ok(Outcome {
            status: 2,
            verified: false,
        });
    };
    // Every backend either renders it or says why; a render that succeeds reads back.
    let mut ok = true;
    if let Ok(b) = formpack_docx::render(&doc) {
        formpack_docx::text(&b).map_err(|e| format!("DOCX written but not readable: {e}"))?;
    } else {
        ok = false;
    }
    if let Ok(b) = formpack_pdf::render(&doc, resources().fonts()) {
        formpack_pdf::text(&b).map_err(|e| format!("PDF written but not readable: {e}"))?;
    } else {
        ok = false;
    }
    if let Ok(b) = formpack_hwpx::render(&doc) {
        formpack_hwpx::text(&b).map_err(|e| format!("HWPX written but not readable: {e}"))?;
    } else {
        ok = false;
    }
    Ok(Outcome {
        status: if ok { 0 } else { 2 },
        verified: false,
    })
}

fn check_file(
    bytes: &[u8],
    ext: &str,
    draft: bool,
    formats: Formats,
    scratch: &Path,
    build: bool,
) -> Result<Outcome, String> {
    let mut world = Memory::new();
    let path = PathBuf::from(format!("in/consortium.{ext}"));
    world.insert(&path, bytes.to_vec());
    let refused = Outcome {
        status: 2,
        verified: false,
    };
    let input = match formpack::load::load_in(&world, &path) {
        Ok(i) => i,
        Err(diags) => {
            if diags.is_empty() {
                return Err("refused without a diagnostic".into());
            }
            if let Some(d) = diags
                .iter()
                .find(|d| d.code != Code::InputParse && d.code != Code::InputTooLarge)
            {
                return Err(format!("refused with {} (not input-*)", d.code));
            }
            return Ok(refused);
        }
    };
    let (figures, diags) = formpack::check::check_input(&input);
    let errors = formpack::diag::has_errors(&diags);
    if errors && !draft {
        return Ok(Outcome {
            status: 1,
            verified: false,
        });
    }
    if !build {
        return Ok(Outcome {
            status: 0,
            verified: false,
        });
    }
    let opts = bundle::Options {
        templates: templates(),
        resources: resources(),
        formats,
        draft,
        previous: None,
    };
    let program = input.program();
    let built = match bundle::make(&world, &input, &figures, program, &opts, &|_, _| {}) {
        Ok(b) => b,
        Err(_) => return Ok(refused),
    };
    let out = scratch.join("out");
    let files = built.files.iter().map(|(p, b)| Ok((p.as_str(), b)));
    bundle::write::write_atomic(&out, files).map_err(|e| format!("write failed: {e}"))?;
    // Nothing outside the output folder.
    let stray: Vec<String> = std::fs::read_dir(scratch)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "out")
        .collect();
    if !stray.is_empty() {
        return Err(format!("files outside the output folder: {stray:?}"));
    }
    // Every file inside it, by its real path, stays inside it.
    for (p, _) in &built.files {
        if !stays_inside(p) {
            return Err(format!("a file path leaves the output folder: {p}"));
        }
    }
    let (_, problems) =
        bundle::verify::verify(&out).map_err(|e| format!("verify cannot read: {e}"))?;
    if let Some(p) = problems.first() {
        return Err(format!(
            "verify failed ({} problems), first: {}: {}",
            problems.len(),
            p.file,
            p.message
        ));
    }
    let _ = std::fs::remove_dir_all(&out);
    Ok(Outcome {
        status: if errors { 1 } else { 0 },
        verified: true,
    })
}
