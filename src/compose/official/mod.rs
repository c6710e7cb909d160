//! `compose::official`: the agency's own 서식 (a 한글 HWPX or Word DOCX file) filled in place,
//! the other way `compose` makes a document besides its templates (templates → document model).
//!
//! A map file ([`Map`]) says what goes where; its values are Handlebars expressions over the
//! same context and helpers as the templates, so an official form prints what formpack's own
//! form would. [`plan`] evaluates a map for one document into a [`formpack_form::Plan`] and
//! the figures it shows; [`fill`] fills the form (`formpack-form` keeps every other byte).
//! The fingerprint (문서확인번호) is over the form's bytes and the values filled.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use formpack_form::{Fill, Form, Kind, Plan, Rows, Target, Value as FormValue};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::program::DocKind;
use crate::world::World;

mod context;
pub mod map;
pub mod starter;

pub use context::Scope;
pub use map::Map;

/// Why an official form could not be read, mapped or filled: the file, the map's line when
/// known, and a Korean message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The form or map file.
    pub file: String,
    /// 1-based line in the map file.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl FormError {
    pub(crate) fn at(file: &str, line: Option<usize>, message: String) -> FormError {
        FormError {
            file: file.to_string(),
            line,
            message,
        }
    }
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{} {l}행: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for FormError {}

/// An official form file, read and opened, with its `{{…}}` placeholders compiled.
pub struct FormFile {
    /// Its file name.
    pub name: String,
    /// Its bytes.
    pub bytes: Arc<Vec<u8>>,
    /// SHA-256 hex of the bytes.
    pub sha256: String,
    form: Form,
    /// Placeholders typed into the form, each a Handlebars expression.
    placeholders: Vec<(String, String)>,
    /// Every name of a place: 누름틀, named cells, content controls, bookmarks, placeholders.
    names: Vec<String>,
    registry: handlebars::Handlebars<'static>,
}

impl fmt::Debug for FormFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FormFile")
            .field("name", &self.name)
            .finish()
    }
}

impl FormFile {
    /// Read a form through `world` and open it (refusing what cannot be filled safely).
    pub fn read(world: &dyn World, path: &Path) -> Result<FormFile, FormError> {
        let name = path.display().to_string();
        let bytes = world
            .read(path)
            .map_err(|e| FormError::at(&name, None, format!("서식 파일을 읽지 못했습니다: {e}")))?;
        FormFile::from_bytes(&name, bytes.to_vec())
    }

    /// Open a form's bytes.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<FormFile, FormError> {
        let err = |e: formpack_form::Error| FormError::at(name, None, e.message().to_string());
        let form = Form::open(&bytes, &formpack_form::Limits::DEFAULT).map_err(err)?;
        let inventory = form.inspect().map_err(err)?;
        let mut registry = handlebars::Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(handlebars::no_escape);
        crate::compose::helpers::register(&mut registry);
        let mut names: Vec<String> = inventory.named.iter().map(|n| n.name.clone()).collect();
        names.extend(inventory.placeholders.iter().cloned());
        let mut placeholders = Vec::new();
        for (i, p) in inventory.placeholders.iter().enumerate() {
            let id = format!("p{i}");
            // A placeholder that is no expression (`{{ 성명 }}` in another tool's syntax) is
            // left for the map's [fields] to name; it is refused only if nothing fills it.
            if registry
                .register_template_string(&id, format!("{{{{{p}}}}}"))
                .is_ok()
            {
                placeholders.push((p.clone(), id));
            }
        }
        Ok(FormFile {
            name: name.to_string(),
            sha256: crate::hash::sha256_hex(&bytes),
            bytes: Arc::new(bytes),
            form,
            placeholders,
            names,
            registry,
        })
    }

    /// The form has a place (누름틀, named cell, content control, bookmark or placeholder)
    /// named `name`.
    pub fn has_place(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// The form's file name without its folder (what the manifest records).
    pub fn file_name(&self) -> String {
        Path::new(&self.name)
            .file_name()
            .map_or(self.name.clone(), |n| n.to_string_lossy().into_owned())
    }

    /// HWPX or DOCX.
    pub fn kind(&self) -> Kind {
        self.form.kind()
    }

    /// What the form offers (`form inspect`).
    pub fn inventory(&self) -> Result<formpack_form::Inventory, FormError> {
        self.form
            .inspect()
            .map_err(|e| FormError::at(&self.name, None, e.message().to_string()))
    }
}

/// Forms and maps opened lately, by their names and bytes' hashes: a server or a bench that
/// builds again and again opens, inspects and compiles each form and map once (and keeps
/// what filling them once taught: parsed parts, deflated chunks).
type Opened = (Arc<FormFile>, Arc<Map>);

/// At most this many forms are kept.
const KEPT: usize = 8;

static OPENED: std::sync::Mutex<Vec<(String, Opened)>> = std::sync::Mutex::new(Vec::new());

/// A form and its map opened, or taken from those opened lately with the same bytes.
pub fn open_cached(
    names: &(String, String),
    form: Vec<u8>,
    map: &[u8],
) -> Result<Opened, FormError> {
    let key = format!(
        "{}\0{}\0{}\0{}",
        names.0,
        names.1,
        crate::hash::sha256_hex(&form),
        crate::hash::sha256_hex(map)
    );
    let mut kept = OPENED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, o)) = kept.iter().find(|(k, _)| *k == key) {
        return Ok(o.clone());
    }
    let opened = (
        Arc::new(FormFile::from_bytes(&names.0, form)?),
        Arc::new(Map::from_bytes(map, &names.1)?),
    );
    if kept.len() >= KEPT {
        kept.remove(0);
    }
    kept.push((key, opened.clone()));
    Ok(opened)
}

/// One document's plan: what goes where, the map line of each entry, and the figures shown.
#[derive(Debug, Clone)]
pub struct Filling {
    /// For the filler.
    pub plan: Plan,
    /// The map line of each of `plan.fills` (0 for a placeholder typed into the form).
    fill_lines: Vec<usize>,
    /// The map line of each of `plan.rows`.
    row_lines: Vec<usize>,
    /// What the document prints, place → text, for the manifest and `verify`.
    pub shown: BTreeMap<String, String>,
    /// Placeholders the data cannot fill, with why: an error unless a repeated row covers
    /// them (checked after filling).
    pending: Vec<(String, String)>,
}

impl Filling {
    /// Fill the place named `name` with `value` too (the 문서확인번호, once it is known).
    pub fn also(&mut self, name: &str, value: &str) {
        self.plan.fills.push(Fill {
            target: Target::Name(name.to_string()),
            value: FormValue::One(value.to_string()),
        });
        self.fill_lines.push(0);
    }

    /// A place named `name` is filled.
    pub fn fills(&self, name: &str) -> bool {
        self.plan
            .fills
            .iter()
            .any(|f| matches!(&f.target, Target::Name(n) | Target::Placeholder(n) if n == name))
    }

    /// A digest of everything filled: with the form's hash, what the document's bytes are
    /// made of.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        h.update(format!("{:?}", self.plan).as_bytes());
        crate::hash::hex(&h.finalize())
    }
}

/// Evaluate `map` for one document of `scope` against `form`.
pub fn plan(form: &FormFile, map: &Map, scope: &Scope) -> Result<Filling, FormError> {
    let root = scope.root();
    let err = |line: usize, m: String| FormError::at(&map.file, Some(line), m);
    let eval = |id: &str, ctx: &Value, line: usize| map.render(id, ctx).map_err(|m| err(line, m));
    let mut out = Filling {
        plan: Plan::default(),
        fill_lines: Vec::new(),
        row_lines: Vec::new(),
        shown: BTreeMap::new(),
        pending: Vec::new(),
    };
    let show = |place: String, value: &str, shown: &mut BTreeMap<String, String>| {
        if !value.trim().is_empty() {
            let mut key = place.clone();
            let mut n = 2;
            while shown.contains_key(&key) {
                key = format!("{place} ({n})");
                n += 1;
            }
            shown.insert(key, value.to_string());
        }
    };
    for f in &map.fields {
        let values: Vec<String> = f
            .value
            .ids
            .iter()
            .map(|id| eval(id, &root, f.value.line))
            .collect::<Result<_, _>>()?;
        for v in &values {
            show(format!("[{}]", f.name), v, &mut out.shown);
        }
        let value = match f.value.list {
            true => FormValue::Each(values),
            false => FormValue::One(values.into_iter().next().unwrap_or_default()),
        };
        out.plan.fills.push(Fill {
            target: Target::Name(f.name.clone()),
            value,
        });
        out.fill_lines.push(f.value.line);
    }
    for l in &map.labels {
        let v = eval(&l.value.ids[0], &root, l.value.line)?;
        let side = match l.direction {
            formpack_form::Direction::Right => "오른쪽",
            formpack_form::Direction::Below => "아래",
        };
        show(format!("'{}' {side} 칸", l.label), &v, &mut out.shown);
        out.plan.fills.push(Fill {
            target: Target::Label {
                label: l.label.clone(),
                direction: l.direction,
                occurrence: l.occurrence,
            },
            value: FormValue::One(v),
        });
        out.fill_lines.push(l.value.line);
    }
    for c in &map.checks {
        let v = eval(&c.value.ids[0], &root, c.value.line)?;
        let on = map::truth(&v).ok_or_else(|| {
            err(
                c.value.line,
                format!(
                    "확인란 '{}'의 값 `{v}`은(는) 참/거짓이 아닙니다 (true/false, 예/아니오)",
                    c.label
                ),
            )
        })?;
        out.plan.fills.push(Fill {
            target: Target::Check {
                label: c.label.clone(),
                row: c.row.clone(),
                occurrence: c.occurrence,
            },
            value: FormValue::Check(on),
        });
        out.fill_lines.push(c.value.line);
    }
    let named: Vec<&str> = map.fields.iter().map(|f| f.name.as_str()).collect();
    for (expr, id) in &form.placeholders {
        if named.contains(&expr.as_str()) {
            continue;
        }
        let v = match form.registry.render(id, &root) {
            Ok(v) => v,
            Err(e) => {
                out.pending.push((expr.clone(), why(&e)));
                continue;
            }
        };
        show(format!("{{{{{expr}}}}}"), &v, &mut out.shown);
        out.plan.fills.push(Fill {
            target: Target::Placeholder(expr.clone()),
            value: FormValue::One(v),
        });
        out.fill_lines.push(0);
    }
    for r in &map.rows {
        let items = scope.list(&r.each);
        let mut rows = Vec::with_capacity(items.len());
        for (n, item) in items.iter().enumerate() {
            let ctx = context::item(item, &root);
            let cells: Vec<String> = r
                .cells
                .iter()
                .map(|c| eval(&c.ids[0], &ctx, r.line))
                .collect::<Result<_, _>>()?;
            for (k, v) in cells.iter().enumerate() {
                show(
                    format!("표 '{}' {}번째 항목 {}번째 칸", r.table, n + 1, k + 1),
                    v,
                    &mut out.shown,
                );
            }
            rows.push(cells);
        }
        out.plan.rows.push(Rows {
            table: r.table.clone(),
            occurrence: r.occurrence,
            row: r.row,
            block: r.block,
            items: rows,
            drop_sample_rows: r.drop_sample_rows,
        });
        out.row_lines.push(r.line);
    }
    Ok(out)
}

/// A Handlebars failure in Korean.
fn why(e: &handlebars::RenderError) -> String {
    use handlebars::RenderErrorReason as R;
    match e.reason() {
        R::MissingVariable(Some(p)) => format!("데이터에 없는 값 `{p}`"),
        R::HelperNotFound(h) => format!("없는 도우미 `{h}`"),
        other => other.to_string(),
    }
}

/// Fill the form. An error the form raises names the map line of the entry behind it; a
/// placeholder the data cannot fill and no repeated row covers is an error too.
pub fn fill(
    form: &FormFile,
    map: &Map,
    filling: &Filling,
) -> Result<formpack_form::Filled, FormError> {
    let filled = form.form.fill(&filling.plan).map_err(|e| {
        let line = culprit(form, filling);
        let file = if line.is_some() {
            &map.file
        } else {
            &form.name
        };
        FormError::at(file, line, e.message().to_string())
    })?;
    if !filling.pending.is_empty() {
        let left = Form::open(&filled.bytes, &formpack_form::Limits::DEFAULT)
            .and_then(|f| f.inspect())
            .map(|i| i.placeholders)
            .unwrap_or_default();
        if let Some((expr, why)) = filling.pending.iter().find(|(e, _)| left.contains(e)) {
            return Err(FormError::at(
                &form.name,
                None,
                format!(
                    "서식의 자리 {{{{{expr}}}}}를 채울 수 없습니다 ({why}): 맵의 [fields]에 \"{expr}\" = \"…\"로 값을 적으십시오"
                ),
            ));
        }
    }
    Ok(filled)
}

/// The map line of the first entry the form refuses on its own.
fn culprit(form: &FormFile, filling: &Filling) -> Option<usize> {
    for (f, &line) in filling.plan.fills.iter().zip(&filling.fill_lines) {
        let one = Plan {
            fills: vec![f.clone()],
            rows: vec![],
        };
        if line > 0 && form.form.fill(&one).is_err() {
            return Some(line);
        }
    }
    for (r, &line) in filling.plan.rows.iter().zip(&filling.row_lines) {
        let one = Plan {
            fills: vec![],
            rows: vec![r.clone()],
        };
        if form.form.fill(&one).is_err() {
            return Some(line);
        }
    }
    None
}

/// The kind whose data a form's values see: the map's `document`, else 04's for a member's
/// form and 01's for the consortium's.
pub fn kind_for(map: &Map, member: bool) -> Result<DocKind, FormError> {
    match &map.document {
        Some((key, line)) => DocKind::ALL
            .into_iter()
            .find(|k| k.key() == key)
            .ok_or_else(|| {
                let all: Vec<&str> = DocKind::ALL.iter().map(|k| k.key()).collect();
                FormError {
                    file: map.file.clone(),
                    line: Some(*line),
                    message: format!("document = `{key}`: {} 중 하나여야 합니다", all.join(", ")),
                }
            }),
        None if member => Ok(DocKind::Participation),
        None => Ok(DocKind::Application),
    }
}

/// Read a map through `world`.
pub fn read_map(world: &dyn World, path: &Path) -> Result<Map, FormError> {
    let name = path.display().to_string();
    let bytes = world
        .read(path)
        .map_err(|e| FormError::at(&name, None, format!("맵 파일을 읽지 못했습니다: {e}")))?;
    Map::from_bytes(&bytes, &name)
}

/// The text of a filled form (HWPX or DOCX), one line per paragraph or cell.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let form = Form::open(bytes, &formpack_form::Limits::DEFAULT).map_err(|e| e.to_string())?;
    form.text().map_err(|e| e.to_string())
}

/// A form (filled or blank) read into the document model for its PDF, and the objects the
/// model could not draw.
#[derive(Debug, Clone)]
pub struct Printable {
    /// The form as a document, with the caller's title and footer.
    pub document: formpack_doc::Document,
    /// Objects drawn as their text or left out.
    pub omitted: Vec<formpack_form::Omitted>,
}

/// Read a form's bytes into the document model: `title` for the PDF's metadata, `footer`
/// for the 문서확인번호 (the form's own page-number field, if it has one, numbers the pages).
pub fn printable(
    name: &str,
    bytes: &[u8],
    title: &str,
    footer: formpack_doc::Footer,
) -> Result<Printable, FormError> {
    let err = |e: formpack_form::Error| FormError::at(name, None, e.message().to_string());
    let form = Form::open(bytes, &formpack_form::Limits::DEFAULT).map_err(err)?;
    let read = form.document().map_err(err)?;
    let mut document = read.document;
    document.title = title.to_string();
    let numbered = document.footer.pages_numbered;
    document.footer = formpack_doc::Footer {
        pages_numbered: numbered,
        ..footer
    };
    Ok(Printable {
        document,
        omitted: read.omitted,
    })
}
