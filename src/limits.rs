//! Limits: what formpack refuses before it does the work, so that a file from a stranger (an
//! upload to `formpack serve`, a workbook that inflates to gigabytes, a YAML alias bomb, a
//! template override that multiplies its loops) costs little to turn away.
//!
//! Every limit is here, in [`Limits::DEFAULT`], and the CLI and the server apply the same
//! ones. A limit hit is an `input-too-large` diagnostic (exit 2) that names the limit and what
//! the file had, or a [`ComposeError`](crate::compose::ComposeError) for a template; nothing
//! is written, so the previous bundle stays as it was.
//!
//! The values are set far above any real consortium of the call: a region, a lead and a few
//! participants (the sample has 7 members, 21 budget rows and 4 assets; the largest test
//! consortium has 60 members and 181 documents), so a real file never comes near them, while
//! each bounds the memory and time of one run to well under a second and 100 MB.

use std::io::{self, Read};

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Location, Severity, SourceMap};
use crate::model::Consortium;

/// The limits of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Size of the input file, bytes. The sample is 11 KB as YAML and 30 KB as a workbook; a
    /// 60-member consortium is 56 KB as YAML.
    pub input_bytes: u64,
    /// Uncompressed size of one part of a workbook (`xl/worksheets/sheet1.xml`, …), bytes.
    pub xlsx_part_bytes: u64,
    /// Uncompressed size of all parts of a workbook together, bytes.
    pub xlsx_total_bytes: u64,
    /// Largest ratio of a workbook part's uncompressed to compressed size (sheet XML
    /// compresses about 10:1; a zip bomb 1000:1). Checked for parts over 1 MB uncompressed.
    pub xlsx_ratio: u64,
    /// Number of parts in a workbook.
    pub xlsx_parts: usize,
    /// Cells a sheet's used area may span, from its first to its last cell (the reader lays a
    /// sheet out as a dense grid; a 60-member consortium's largest sheet spans about 5,000).
    pub xlsx_sheet_cells: u64,
    /// Number of members (기관), the region included.
    pub members: usize,
    /// Number of budget rows.
    pub budget_rows: usize,
    /// Number of assets (취득자산).
    pub assets: usize,
    /// Number of subprojects (세부사업).
    pub subprojects: usize,
    /// Number of payments in the local contribution schedule.
    pub payments: usize,
    /// Characters in one text field (a 사업 요약 is a few hundred).
    pub text_chars: usize,
    /// YAML aliases (`*name`) in one file; formpack's own files use none.
    pub yaml_aliases: usize,
    /// YAML parser events (every scalar, sequence and mapping, aliases replayed).
    pub yaml_events: usize,
    /// Size of one template of `--templates`, bytes (the built-ins are 3–10 KB).
    pub template_bytes: usize,
    /// Nesting of block helpers (`{{#each}}`, `{{#if}}`, …) in one template (the built-ins
    /// nest at most 3 deep): each level of `{{#each}}` can multiply the work.
    pub template_depth: usize,
    /// Size of one document's rendered XML, bytes (the largest built-in document of a
    /// 60-member consortium renders to 94 KB).
    pub rendered_bytes: usize,
}

impl Limits {
    /// The limits formpack applies.
    pub const DEFAULT: Limits = Limits {
        input_bytes: 8 * MB,
        xlsx_part_bytes: 32 * MB,
        xlsx_total_bytes: 64 * MB,
        xlsx_ratio: 100,
        xlsx_parts: 200,
        xlsx_sheet_cells: 2_000_000,
        members: 500,
        budget_rows: 20_000,
        assets: 5_000,
        subprojects: 200,
        payments: 1_000,
        text_chars: 20_000,
        yaml_aliases: 1_000,
        yaml_events: 2_000_000,
        template_bytes: 256 * 1024,
        template_depth: 8,
        rendered_bytes: 16 * MB as usize,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

const MB: u64 = 1024 * 1024;

/// `1.5 GB`, `12.3 MB`, `456 KB`, `789 B`: a size as people read it.
pub fn human_bytes(n: u64) -> String {
    if n >= 1024 * MB {
        format!("{:.1} GB", n as f64 / (1024 * MB) as f64)
    } else if n >= MB {
        format!("{:.1} MB", n as f64 / MB as f64)
    } else if n >= 1024 {
        format!("{} KB", n / 1024)
    } else {
        format!("{n} B")
    }
}

/// An `input-too-large` diagnostic.
pub fn too_large(location: Location, message: String) -> Diagnostic {
    Diagnostic {
        code: Code::InputTooLarge,
        severity: Severity::Error,
        message,
        location,
        detail: None,
    }
}

fn at_file(file: &str) -> Location {
    Location {
        file: Some(file.to_string()),
        ..Location::default()
    }
}

/// The input file's size, before it is read.
pub fn check_input_size(limits: &Limits, file: &str, size: u64) -> Result<(), Vec<Diagnostic>> {
    if size > limits.input_bytes {
        return Err(vec![too_large(
            at_file(file),
            format!(
                "파일이 너무 큽니다: {} (한도 {}). consortium 파일은 보통 100 KB 이하입니다",
                human_bytes(size),
                human_bytes(limits.input_bytes)
            ),
        )]);
    }
    Ok(())
}

/// A workbook's parts, inflated through a counting reader that stops at the first limit
/// crossed: the declared sizes in the zip directory are not trusted, and nothing larger than
/// a limit is ever held in memory (the bytes are counted, not kept).
pub fn check_workbook(limits: &Limits, file: &str, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
    // Not a zip: the workbook reader reports that itself, in its own words.
    let Ok(mut zip) = zip::ZipArchive::new(io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let err = |message: String| Err(vec![too_large(at_file(file), message)]);
    if zip.len() > limits.xlsx_parts {
        return err(format!(
            "엑셀 파일의 구성 요소가 너무 많습니다: {}개 (한도 {}개)",
            zip.len(),
            limits.xlsx_parts
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            return Ok(()); // damaged: the reader says so
        };
        let name = part.name().to_string();
        let budget = limits
            .xlsx_part_bytes
            .min(limits.xlsx_total_bytes.saturating_sub(total));
        let mut counted = io::sink();
        let inflated = match io::copy(&mut (&mut part).take(budget + 1), &mut counted) {
            Ok(n) => n,
            Err(_) => return Ok(()), // damaged: the reader says so
        };
        if inflated > limits.xlsx_part_bytes {
            return err(format!(
                "엑셀 파일의 ‘{name}’이 압축을 풀면 너무 큽니다: {}에서 {}를 넘는 데까지 풀고 멈췄습니다 (zip 목록에 적힌 크기 {}, 한 부분의 한도 {})",
                human_bytes(part.compressed_size()),
                human_bytes(budget),
                human_bytes(part.size()),
                human_bytes(limits.xlsx_part_bytes)
            ));
        }
        let packed = part.compressed_size().max(1);
        if inflated > MB && inflated > packed.saturating_mul(limits.xlsx_ratio) {
            return err(format!(
                "엑셀 파일의 ‘{name}’ 압축률이 비정상입니다: {}가 {}로 풀립니다 ({}배, 한도 {}배)",
                human_bytes(packed),
                human_bytes(inflated),
                inflated / packed,
                limits.xlsx_ratio
            ));
        }
        total += inflated;
        if total > limits.xlsx_total_bytes {
            return err(format!(
                "엑셀 파일이 압축을 풀면 너무 큽니다: {}개 부분을 풀어 {}를 넘었습니다 (파일 {}, 전체 한도 {})",
                i + 1,
                human_bytes(limits.xlsx_total_bytes),
                human_bytes(bytes.len() as u64),
                human_bytes(limits.xlsx_total_bytes)
            ));
        }
    }
    Ok(())
}

/// The counts and text lengths of a parsed consortium, each located at the list or field
/// that crosses its limit.
pub fn check_model(limits: &Limits, data: &Consortium, map: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let lists: [(&str, &str, usize, usize); 5] = [
        ("members", "참여기관", data.members.len(), limits.members),
        ("budget", "사업비 행", data.budget.len(), limits.budget_rows),
        ("assets", "취득자산", data.assets.len(), limits.assets),
        (
            "subprojects",
            "세부사업",
            data.subprojects.len(),
            limits.subprojects,
        ),
        (
            "local_contribution.schedule",
            "지방비 납입 일정",
            data.local_contribution
                .as_ref()
                .map_or(0, |l| l.schedule.len()),
            limits.payments,
        ),
    ];
    for (path, label, n, max) in lists {
        if n > max {
            out.push(too_large(
                map.locate(path),
                format!("{label}이(가) 너무 많습니다: {n}개 (한도 {max}개)"),
            ));
        }
    }
    // Every text field, found by walking the model as JSON so each has its path.
    if let Ok(value) = serde_json::to_value(data) {
        let mut long = Vec::new();
        long_texts("", &value, limits.text_chars, &mut long);
        for (path, chars) in long {
            out.push(too_large(
                map.locate(&path),
                format!(
                    "글이 너무 깁니다: {chars}자 (한 항목의 한도 {}자)",
                    limits.text_chars
                ),
            ));
        }
    }
    out
}

fn long_texts(path: &str, v: &Value, max: usize, out: &mut Vec<(String, usize)>) {
    match v {
        Value::String(s) => {
            // Counting stops one past the limit: a long string costs no more than that.
            let chars = s.chars().take(max + 1).count();
            if chars > max {
                out.push((path.to_string(), s.chars().count()));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                long_texts(&format!("{path}[{i}]"), item, max, out);
            }
        }
        Value::Object(fields) => {
            for (k, item) in fields {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                long_texts(&p, item, max, out);
            }
        }
        _ => {}
    }
}

/// How deep block helpers (`{{#…}}` … `{{/…}}`) nest in a template's source.
pub fn block_depth(source: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = source;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        let tag = rest.trim_start_matches(['{', '~']).trim_start();
        if tag.starts_with('#') {
            depth += 1;
            deepest = deepest.max(depth);
        } else if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        }
    }
    deepest
}

/// A writer for a template's output that fails once more than `max` bytes were written, so
/// a template whose loops multiply cannot fill the memory.
pub struct BoundedOutput {
    bytes: Vec<u8>,
    max: usize,
}

impl BoundedOutput {
    /// An empty output that holds at most `max` bytes.
    pub fn new(max: usize) -> BoundedOutput {
        BoundedOutput {
            bytes: Vec::new(),
            max,
        }
    }

    /// What was written (handlebars writes whole `str` segments, so it is UTF-8).
    pub fn into_string(self) -> String {
        String::from_utf8(self.bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

impl io::Write for BoundedOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.max {
            return Err(io::Error::other(format!(
                "문서가 너무 큽니다: 템플릿이 {}를 넘게 만들었습니다",
                human_bytes(self.max as u64)
            )));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_depth_counts_nesting() {
        assert_eq!(block_depth("<p>{{x}}</p>"), 0);
        assert_eq!(
            block_depth("{{#each a}}{{#if b}}x{{/if}}{{#each c}}{{/each}}{{/each}}"),
            2
        );
        assert_eq!(block_depth("{{~#each a}}{{~#each b}}{{/each}}{{/each}}"), 2);
    }

    #[test]
    fn bounded_output_stops_past_its_limit() {
        use std::io::Write;
        let mut o = BoundedOutput::new(5);
        assert!(o.write_all(b"abc").is_ok());
        assert!(o.write_all(b"def").is_err());
        assert_eq!(o.into_string(), "abc");
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(2048), "2 KB");
        assert_eq!(human_bytes(3 * MB / 2), "1.5 MB");
        assert_eq!(human_bytes(1536 * MB), "1.5 GB");
    }
}
