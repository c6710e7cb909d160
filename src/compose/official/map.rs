//! The map file (TOML) beside an official form: what goes where. Keys (extend, never rename):
//!
//! ```toml
//! document = "participation"          # optional: whose data the values see (a kind of the profile)
//! [fields]                            # 누름틀, 셀 필드, content control, bookmark or {{name}}
//! "대표자" = "{{member.representative.name}}"   # a name with Hangul is quoted
//! "필드A" = ["{{a}}", "{{b}}"]        # a list: occurrence i gets item i
//! [[labels]]                          # the cell right of / below a label cell
//! label = "사업자등록번호"
//! direction = "right"                 # right (default) | below
//! occurrence = 1                      # optional, 1-based
//! value = "{{member.registration_no}}"
//! [[rows]]                            # a row repeated per item of a list
//! table = "연번"                      # the text of a cell that identifies the table
//! occurrence = 1                      # optional
//! row = 3                             # optional 1-based row to repeat (default: below `table`)
//! block = 1                           # optional: rows per item
//! each = "members"                    # members | performers | budget | assets | subprojects | schedule
//! cells = ["{{no}}", "{{name}}"]      # one value per cell, the item's fields in scope
//! drop_sample_rows = true             # optional: true (rows like it) or a count
//! [[checks]]                          # a check box ☐/□ before a label
//! label = "주관기관"
//! row = "참여 구분"                   # optional: only in the table row holding this text
//! value = "{{member.is_lead}}"        # true/예/1 checks it; false/아니오/0/"" clears it
//! ```
//!
//! Every value is a Handlebars expression over the same context and helpers as the templates
//! (`{{won x}}`, `{{amount x}}`, `{{date x}}`, …), compiled once when the map is read.

use handlebars::Handlebars;
use serde::Deserialize;
use toml::Spanned;

use super::FormError;

/// One value's expression(s) and the map line it is on.
#[derive(Debug, Clone)]
pub struct Expr {
    /// The registry names of its compiled templates: one, or one per list item.
    pub(crate) ids: Vec<String>,
    /// A TOML list (`["…", "…"]`): occurrence i of the name gets item i.
    pub(crate) list: bool,
    /// 1-based line in the map file.
    pub line: usize,
}

/// A `[fields]` entry.
#[derive(Debug, Clone)]
pub struct FieldEntry {
    /// The 누름틀/cell/content control/bookmark/placeholder name.
    pub name: String,
    /// Its value.
    pub value: Expr,
}

/// A `[[labels]]` entry.
#[derive(Debug, Clone)]
pub struct LabelEntry {
    /// The label cell's text.
    pub label: String,
    /// Right of it or below it.
    pub direction: formpack_form::Direction,
    /// 1-based, when the label repeats.
    pub occurrence: Option<usize>,
    /// Its value.
    pub value: Expr,
}

/// A `[[rows]]` entry.
#[derive(Debug, Clone)]
pub struct RowsEntry {
    /// The text of a cell identifying the table.
    pub table: String,
    /// 1-based, when that text is in more than one table.
    pub occurrence: Option<usize>,
    /// The 1-based row to repeat.
    pub row: Option<usize>,
    /// Rows per item.
    pub block: usize,
    /// The list: `members`, `budget`, …
    pub each: String,
    /// One expression per cell.
    pub cells: Vec<Expr>,
    /// Sample rows to remove.
    pub drop_sample_rows: formpack_form::DropRows,
    /// 1-based line of the entry.
    pub line: usize,
}

/// A `[[checks]]` entry.
#[derive(Debug, Clone)]
pub struct CheckEntry {
    /// The text after the box.
    pub label: String,
    /// Only boxes in the table row holding this text.
    pub row: Option<String>,
    /// 1-based, when the box repeats.
    pub occurrence: Option<usize>,
    /// Its value, read as a boolean.
    pub value: Expr,
}

/// A map file, read and compiled.
pub struct Map {
    /// The file's name, for messages.
    pub file: String,
    /// Its text (hashed into the documents' fingerprints).
    pub source: String,
    /// `document`: the kind of document whose data the values see, if given.
    pub document: Option<(String, usize)>,
    /// `[fields]`, in the file's order.
    pub fields: Vec<FieldEntry>,
    /// `[[labels]]`.
    pub labels: Vec<LabelEntry>,
    /// `[[rows]]`.
    pub rows: Vec<RowsEntry>,
    /// `[[checks]]`.
    pub checks: Vec<CheckEntry>,
    pub(crate) registry: Handlebars<'static>,
}

impl std::fmt::Debug for Map {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Map").field("file", &self.file).finish()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    document: Option<Spanned<String>>,
    #[serde(default)]
    fields: Option<Spanned<toml::Table>>,
    #[serde(default)]
    labels: Vec<Spanned<RawLabel>>,
    #[serde(default)]
    rows: Vec<Spanned<RawRows>>,
    #[serde(default)]
    checks: Vec<Spanned<RawCheck>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabel {
    label: String,
    #[serde(default)]
    direction: Option<String>,
    occurrence: Option<usize>,
    value: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRows {
    table: String,
    occurrence: Option<usize>,
    row: Option<usize>,
    block: Option<usize>,
    each: String,
    cells: Vec<String>,
    #[serde(default)]
    drop_sample_rows: Option<DropRaw>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DropRaw {
    Flag(bool),
    Count(usize),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    label: String,
    row: Option<String>,
    occurrence: Option<usize>,
    value: String,
}

/// The lists `each` may name.
pub const LISTS: [&str; 6] = [
    "members",
    "performers",
    "budget",
    "assets",
    "subprojects",
    "schedule",
];

/// Values are printed as they are: the form's XML is escaped by the filler. Characters XML
/// cannot hold are dropped.
fn plain(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            ((c as u32) >= 0x20 || matches!(c, '\t' | '\n')) && c != '\u{FFFE}' && c != '\u{FFFF}'
        })
        .collect()
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    registry: Handlebars<'static>,
    n: usize,
}

impl Reader<'_> {
    fn line(&self, offset: usize) -> usize {
        crate::spots::line_col_at(self.text.as_bytes(), offset).0 as usize
    }

    fn error(&self, line: usize, message: String) -> FormError {
        FormError::at(self.file, Some(line), message)
    }

    /// Compile one expression; its syntax errors at its line.
    fn compile(&mut self, src: &str, line: usize) -> Result<String, FormError> {
        let id = format!("v{}", self.n);
        self.n += 1;
        self.registry
            .register_template_string(&id, src)
            .map_err(|e| {
                self.error(
                    line,
                    format!("값 `{src}`의 문법이 틀렸습니다: {}", e.reason()),
                )
            })?;
        Ok(id)
    }

    fn expr(&mut self, src: &str, line: usize) -> Result<Expr, FormError> {
        Ok(Expr {
            ids: vec![self.compile(src, line)?],
            list: false,
            line,
        })
    }
}

impl Map {
    /// Read and compile a map file's text; `file` names it in messages.
    pub fn parse(text: &str, file: &str) -> Result<Map, FormError> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| crate::spots::line_col_at(text.as_bytes(), s.start).0 as usize);
            FormError::at(file, line, toml_message(e.message()))
        })?;
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(plain);
        crate::compose::helpers::register(&mut registry);
        let mut r = Reader {
            file,
            text,
            registry,
            n: 0,
        };
        let document = raw
            .document
            .map(|d| (d.get_ref().clone(), r.line(d.span().start)));
        let fields = match raw.fields {
            Some(t) => fields(&mut r, t)?,
            None => Vec::new(),
        };
        let mut labels = Vec::new();
        for l in raw.labels {
            let line = r.line(l.span().start);
            let l = l.into_inner();
            let direction = match l.direction.as_deref() {
                None | Some("right") => formpack_form::Direction::Right,
                Some("below") => formpack_form::Direction::Below,
                Some(other) => {
                    return Err(
                        r.error(line, format!("direction은 right나 below입니다 (`{other}`)"))
                    )
                }
            };
            labels.push(LabelEntry {
                value: r.expr(&l.value, line)?,
                label: l.label,
                direction,
                occurrence: one_based(&r, l.occurrence, line)?,
            });
        }
        let mut rows = Vec::new();
        for e in raw.rows {
            let line = r.line(e.span().start);
            let e = e.into_inner();
            if !LISTS.contains(&e.each.as_str()) {
                return Err(r.error(
                    line,
                    format!(
                        "each = `{}`: {} 중 하나여야 합니다",
                        e.each,
                        LISTS.join(", ")
                    ),
                ));
            }
            let cells = e
                .cells
                .iter()
                .map(|c| r.expr(c, line))
                .collect::<Result<Vec<_>, _>>()?;
            rows.push(RowsEntry {
                table: e.table,
                occurrence: one_based(&r, e.occurrence, line)?,
                row: one_based(&r, e.row, line)?,
                block: e.block.unwrap_or(1).max(1),
                each: e.each,
                cells,
                drop_sample_rows: match e.drop_sample_rows {
                    None | Some(DropRaw::Flag(false)) => formpack_form::DropRows::None,
                    Some(DropRaw::Flag(true)) => formpack_form::DropRows::Alike,
                    Some(DropRaw::Count(n)) => formpack_form::DropRows::Count(n),
                },
                line,
            });
        }
        let mut checks = Vec::new();
        for c in raw.checks {
            let line = r.line(c.span().start);
            let c = c.into_inner();
            checks.push(CheckEntry {
                value: r.expr(&c.value, line)?,
                label: c.label,
                row: c.row,
                occurrence: one_based(&r, c.occurrence, line)?,
            });
        }
        Ok(Map {
            file: file.to_string(),
            source: text.to_string(),
            document,
            fields,
            labels,
            rows,
            checks,
            registry: r.registry,
        })
    }

    /// Read a map file's bytes (UTF-8 TOML); `file` names it in messages.
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Map, FormError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| FormError::at(file, None, "맵 파일이 UTF-8 텍스트가 아닙니다".into()))?;
        Map::parse(text, file)
    }

    /// Render one compiled expression over `ctx`; a missing value names the expression.
    pub(crate) fn render(&self, id: &str, ctx: &serde_json::Value) -> Result<String, String> {
        self.registry.render(id, ctx).map_err(|e| {
            use handlebars::RenderErrorReason as R;
            match e.reason() {
                R::MissingVariable(Some(p)) => format!("데이터에 없는 값 `{p}`을(를) 가리킵니다"),
                R::HelperNotFound(h) => format!("없는 도우미 `{h}`"),
                other => other.to_string(),
            }
        })
    }
}

fn one_based(r: &Reader, v: Option<usize>, line: usize) -> Result<Option<usize>, FormError> {
    match v {
        Some(0) => Err(r.error(line, "occurrence와 row는 1부터 셉니다".into())),
        v => Ok(v),
    }
}

fn fields(r: &mut Reader, t: Spanned<toml::Table>) -> Result<Vec<FieldEntry>, FormError> {
    let base = r.line(t.span().start);
    let table = t.into_inner();
    let mut out = Vec::new();
    for (name, v) in table {
        // A table's values carry no span of their own here: the key's line is found in the text.
        let line = key_line(r.text, &name).unwrap_or(base);
        let value = match v {
            toml::Value::String(s) => r.expr(&s, line)?,
            toml::Value::Array(items) => {
                let mut ids = Vec::new();
                for item in items {
                    let toml::Value::String(s) = item else {
                        return Err(r.error(line, format!("`{name}`의 목록에는 글만 씁니다")));
                    };
                    ids.push(r.compile(&s, line)?);
                }
                Expr {
                    ids,
                    list: true,
                    line,
                }
            }
            _ => {
                return Err(r.error(
                    line,
                    format!("`{name}`의 값은 \"…\" 글이나 글의 목록입니다"),
                ))
            }
        };
        out.push(FieldEntry { name, value });
    }
    out.sort_by_key(|f| f.value.line);
    Ok(out)
}

/// The line where `name = …` is written (bare or quoted).
fn key_line(text: &str, name: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            [name.to_string(), format!("\"{name}\""), format!("'{name}'")]
                .iter()
                .any(|k| {
                    l.strip_prefix(k.as_str())
                        .is_some_and(|rest| rest.trim_start().starts_with('='))
                })
        })
        .map(|i| i + 1)
}

fn toml_message(m: &str) -> String {
    let m = m.trim();
    if let Some(known) = crate::program::toml_known(m) {
        return known;
    }
    if m.contains("unquoted key") {
        return "이름에 한글·공백·점이 있으면 따옴표로 감싸십시오 (\"대표자\" = \"{{member.representative.name}}\")".into();
    }
    if m.contains("unclosed") || m.contains("expected `\\\"`") {
        return "따옴표가 닫히지 않았습니다: 값은 \"…\"로 감싸십시오".into();
    }
    format!("맵 파일을 읽지 못했습니다 (TOML 문법): {m}")
}

/// A value read as a check box's state.
pub fn truth(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "1" | "예" | "yes" | "y" | "o" | "☑" | "■" | "v" => Some(true),
        "false" | "0" | "아니오" | "아니요" | "no" | "n" | "x" | "" | "☐" | "□" => {
            Some(false)
        }
        _ => None,
    }
}
