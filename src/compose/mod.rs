//! `compose`: Handlebars templates → the format-neutral document model, for all eight
//! documents of the call.
//!
//! For each document a context is built from the model and [`Figures`] holding only what
//! that document shows (`context.rs`); its template renders it into the XML language of
//! [`formpack_doc::xml`], which is parsed into a [`Document`]. The fingerprint is a SHA-256
//! over the template name, the template source, the canonical context JSON, the seal images
//! the document prints and the draft flag, so a correction that does not touch a document
//! leaves its fingerprint, and so its bytes, unchanged.
//!
//! Which documents, their titles and file names come from the program profile's
//! `documents`. Document order (the order of [`compose_all`]'s result): the profile's order,
//! grouped by kind — for the 2026 call 01, 02, 03, every 04 (주관기관 then 참여기관 in file
//! order), every 05, 06, every 07 (members with assets, in file order), every 08.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use formpack_doc::{Document, Image, ImageFormat};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::figures::Figures;
use crate::load::Input;
use crate::model::{Member, Role};
use crate::program::{DocSpec, Program};
use crate::world::World;

pub mod charts;
mod context;
pub mod helpers;

pub mod naming;
pub mod official;
mod plan;
pub mod schedule;
mod templates;

pub use plan::{equal_widths, plan_sections, PlanView};
pub use templates::{Templates, NAMES as TEMPLATE_NAMES};

/// The text printed for an absent optional field (drafts of incomplete files).
pub const MISSING: &str = "[미입력]";

/// The words printed before a document's fingerprint in its footer
/// (`문서확인번호 1a2b3c4d`); `verify` looks for the fingerprint in the rendered text.
pub const FINGERPRINT_LABEL: &str = "문서확인번호";

/// The watermark printed on every page of a draft build (`--draft`), and written as the
/// files' keywords.
pub const DRAFT_WATERMARK: &str = "초안";

/// Printed size of a seal image, millimetres.
const SEAL_MM: f32 = 18.0;

pub use crate::program::DocKind;

impl DocKind {
    /// The template's name (`templates/<name>.hbs`).
    pub fn template_name(self) -> &'static str {
        templates::NAMES[self as usize]
    }
}

/// One document of the bundle before its template is rendered: what it is, its file name, its
/// fingerprint and the figures it shows — all an incremental build needs to decide whether
/// its files can be taken from an earlier bundle. [`Plan::compose`] makes the document itself.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Which form this is.
    pub kind: DocKind,
    /// Its number in the call's list of documents (the profile's).
    pub number: u8,
    /// Its title as printed (the profile's), without the member's name.
    pub title: String,
    /// The profile's file stem of its kind (`04_참여의사확인서`), without the member's name.
    pub stem: String,
    /// Member id for per-member documents.
    pub member: Option<String>,
    /// `04_참여의사확인서_재단법인 한빛테크노파크`, safe for every file system.
    pub file_stem: String,
    /// 8 hex digits.
    pub fingerprint: String,
    /// The figures this document prints, name → text exactly as printed.
    pub shown: BTreeMap<String, String>,
    /// The agency's own form this document is filled into, when the profile names one.
    pub official: Option<std::sync::Arc<OfficialDoc>>,
    /// The template's context.
    ctx: std::sync::Arc<serde_json::Value>,
    /// The file's title and author metadata.
    doc_title: String,
    author: String,
    draft: bool,
}

/// A document filled into the agency's own form: the form, its map and what goes where.
#[derive(Debug)]
pub struct OfficialDoc {
    /// The form, read once for every document of its kind.
    pub form: std::sync::Arc<crate::compose::official::FormFile>,
    /// The map, read once.
    pub map: std::sync::Arc<crate::compose::official::Map>,
    /// This document's values.
    pub filling: crate::compose::official::Filling,
}

impl OfficialDoc {
    /// The form has its 문서확인번호 place filled.
    pub fn fingerprint_printed(&self) -> bool {
        self.filling.fills(FINGERPRINT_LABEL)
    }

    /// Fill the form: the document's file in the form's own format.
    pub fn fill(&self) -> Result<Vec<u8>, crate::compose::official::FormError> {
        crate::compose::official::fill(&self.form, &self.map, &self.filling).map(|f| f.bytes)
    }
}

impl Prepared {
    /// An official form's filled bytes read into the document model for its PDF, with the
    /// title, author, draft watermark and footer (form name, 문서확인번호) every document gets.
    pub fn official_printable(
        &self,
        filled: &[u8],
    ) -> Result<crate::compose::official::Printable, crate::compose::official::FormError> {
        let footer = formpack_doc::Footer {
            left: self.title.clone(),
            fingerprint: self.fingerprint.clone(),
            fingerprint_label: FINGERPRINT_LABEL.into(),
            pages_numbered: false,
        };
        let name = format!("{}.pdf", self.file_stem);
        let mut p = crate::compose::official::printable(&name, filled, &self.doc_title, footer)?;
        p.document.author = self.author.clone();
        p.document.watermark = self.draft.then(|| DRAFT_WATERMARK.to_string());
        Ok(p)
    }
}

/// One composed document: its [`Prepared`] description (reached through `Deref`) and the
/// document model itself.
#[derive(Debug, Clone)]
pub struct Composed {
    /// What the document is, its name and fingerprint.
    pub meta: Prepared,
    /// The document; `footer` (left, fingerprint and its label), `title`, `author` and
    /// `watermark` set.
    pub doc: Document,
}

impl std::ops::Deref for Composed {
    type Target = Prepared;
    fn deref(&self) -> &Prepared {
        &self.meta
    }
}

/// Every document of a bundle, prepared, with the seal images their templates may print.
#[derive(Debug)]
pub struct Plan {
    /// The documents in bundle order.
    pub docs: Vec<Prepared>,
    seals: HashMap<String, (Image, String)>,
}

impl Plan {
    /// Render document `i`'s template into the document model.
    pub fn compose(&self, i: usize, templates: &Templates) -> Result<Composed, ComposeError> {
        compose_one(&self.docs[i], templates, &self.seals)
    }

    /// Compose, in parallel, the documents `wanted` picks (`None` for the others). On failure,
    /// the first error in bundle order, whichever thread met it first.
    pub fn compose_where(
        &self,
        templates: &Templates,
        wanted: impl Fn(usize) -> bool + Sync,
    ) -> Result<Vec<Option<Composed>>, ComposeError> {
        let composed: Vec<Result<Option<Composed>, ComposeError>> = (0..self.docs.len())
            .into_par_iter()
            .map(|i| wanted(i).then(|| self.compose(i, templates)).transpose())
            .collect();
        composed.into_iter().collect()
    }
}

/// A composing failure: a template error (with the template's name and line) or a data
/// problem (in Korean).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeError {
    /// Template name (`04_participation`) for template errors.
    pub template: Option<String>,
    /// 1-based line and column in the template source, when known.
    pub line: Option<usize>,
    /// 1-based column, with `line`.
    pub column: Option<usize>,
    /// What went wrong (Korean for data problems, the engine's words for template errors).
    pub message: String,
}

impl ComposeError {
    pub(crate) fn data(message: String) -> ComposeError {
        ComposeError {
            template: None,
            line: None,
            column: None,
            message,
        }
    }

    fn in_template(name: &str, message: String) -> ComposeError {
        ComposeError {
            template: Some(name.to_string()),
            line: None,
            column: None,
            message,
        }
    }

    pub(crate) fn from_template(name: &str, e: handlebars::TemplateError) -> ComposeError {
        let (line, column) = e.pos().map_or((None, None), |(l, c)| (Some(l), Some(c)));
        ComposeError {
            template: Some(name.to_string()),
            line,
            column,
            message: format!("템플릿 문법 오류: {}", e.reason()),
        }
    }

    pub(crate) fn from_render(name: &str, e: handlebars::RenderError) -> ComposeError {
        use handlebars::RenderErrorReason as R;
        let message = match e.reason() {
            R::MissingVariable(Some(p)) => format!("없는 값 ‘{p}’를 참조합니다 (strict mode)"),
            R::MissingVariable(None) => "없는 값을 참조합니다 (strict mode)".to_string(),
            R::HelperNotFound(h) => format!("없는 도우미(helper) ‘{h}’"),
            R::TemplateError(t) => format!("템플릿 문법 오류: {}", t.reason()),
            // The size limit of `limits::BoundedOutput`, in its own words.
            R::IOError(io) => io.to_string(),
            other => other.to_string(),
        };
        ComposeError {
            template: Some(e.template_name.clone().unwrap_or_else(|| name.to_string())),
            line: e.line_no,
            column: e.column_no,
            message,
        }
    }
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.template, self.line, self.column) {
            (Some(t), Some(l), Some(c)) => {
                write!(f, "템플릿 {t}.hbs {l}행 {c}열: {}", self.message)
            }
            (Some(t), Some(l), None) => write!(f, "템플릿 {t}.hbs {l}행: {}", self.message),
            (Some(t), None, _) => write!(f, "템플릿 {t}.hbs: {}", self.message),
            (None, _, _) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ComposeError {}

/// The context an official form's values see for a document of `kind` (for `member`): the
/// template's own, plus `member` (the lead's details for a consortium document), `contact`
/// (that member's own contact person), `lead` and `region` where the template has none.
pub(crate) fn document_context(
    c: &crate::model::Consortium,
    f: &Figures,
    p: &Program,
    kind: DocKind,
    member: Option<&Member>,
) -> serde_json::Value {
    let b = context::Builder::new(c, f, p);
    let mut v = b.build(kind, member).value;
    b.extend_for_forms(&mut v, member);
    v
}

/// Compose every document of the bundle, in the order described in the module docs.
pub fn compose_all(
    world: &dyn World,
    input: &Input,
    figures: &Figures,
    program: &Program,
    templates: &Templates,
    draft: bool,
) -> Result<Vec<Composed>, ComposeError> {
    let plan = prepare_all(world, input, figures, program, templates, draft)?;
    let composed = plan.compose_where(templates, |_| true)?;
    Ok(composed.into_iter().flatten().collect())
}

/// Every document of the bundle prepared (context, fingerprint, file name), in bundle order;
/// no template is rendered yet.
pub fn prepare_all(
    world: &dyn World,
    input: &Input,
    figures: &Figures,
    program: &Program,
    templates: &Templates,
    draft: bool,
) -> Result<Plan, ComposeError> {
    let c = &input.data;
    let mut seals = load_seals(world, input)?;
    // The charts are images like the seals: printed by key, hashed into the fingerprint of
    // every document that prints them.
    for chart in charts::all(figures, c) {
        let bytes = chart.svg.into_bytes();
        let sha = crate::hash::sha256_hex(&bytes);
        let img = Image {
            data: std::sync::Arc::new(bytes),
            format: ImageFormat::Svg,
            width: charts::WIDTH_MM,
            height: chart.height_mm,
            align: formpack_doc::Align::Center,
        };
        seals.insert(chart.key.to_string(), (img, sha));
    }
    let lead = c
        .members
        .iter()
        .find(|m| m.role == Role::Lead)
        .map(|m| m.name.clone())
        .unwrap_or_default();
    let builder = context::Builder::new(c, figures, program);
    let performers: Vec<&Member> = c.members.iter().filter(|m| m.is_performer()).collect();
    let with_assets: Vec<&Member> = c
        .members
        .iter()
        .filter(|m| c.assets.iter().any(|a| a.member == m.id))
        .collect();

    // (kind, member, file stem) of every document, in bundle order; then each is composed on
    // its own (in parallel: contexts and templates are independent), keeping that order.
    let mut targets: Vec<(&DocSpec, Option<&Member>, String)> = Vec::new();
    for spec in &program.documents {
        let kind = spec.kind;
        let of_kind: Vec<(Option<&Member>, String)> = if kind.per_member() {
            let members = if kind == DocKind::AssetPlan {
                &with_assets
            } else {
                &performers
            };
            let pairs: Vec<(&str, &str)> = members
                .iter()
                .map(|m| (m.id.as_str(), m.name.as_str()))
                .collect();
            let stems = naming::member_stems(&spec.file, &pairs);
            members.iter().map(|m| Some(*m)).zip(stems).collect()
        } else {
            vec![(None, spec.file.clone())]
        };
        targets.extend(of_kind.into_iter().map(|(m, stem)| (spec, m, stem)));
    }
    let forms = official_forms(world, program)?;
    let docs: Vec<Prepared> = targets
        .into_par_iter()
        .map(|(spec, m, stem)| {
            // A member's own document is authored by that member, a consortium document by
            // the lead.
            let author = m.map_or(lead.as_str(), |m| m.name.as_str());
            if let Some((form, map)) = forms.get(&spec.kind) {
                let scope = crate::compose::official::Scope {
                    c,
                    f: figures,
                    p: program,
                    kind: official_kind(map, spec.kind)?,
                    member: m,
                };
                let filling = crate::compose::official::plan(form, map, &scope)
                    .map_err(|e| ComposeError::data(e.to_string()))?;
                let official = OfficialDoc {
                    form: form.clone(),
                    map: map.clone(),
                    filling,
                };
                return Ok(prepare_official(spec, m, stem, official, author, draft));
            }
            let ctx = builder.build(spec.kind, m);
            Ok(prepare(
                spec, m, stem, ctx, templates, &seals, author, draft,
            ))
        })
        .collect::<Result<_, ComposeError>>()?;
    Ok(Plan { docs, seals })
}

type Forms = HashMap<
    DocKind,
    (
        std::sync::Arc<crate::compose::official::FormFile>,
        std::sync::Arc<crate::compose::official::Map>,
    ),
>;

/// The official forms and maps the profile names, each read once through `world`.
fn official_forms(world: &dyn World, program: &Program) -> Result<Forms, ComposeError> {
    let mut out = HashMap::new();
    for spec in &program.documents {
        let Some(o) = &spec.official else { continue };
        let data = |e: crate::compose::official::FormError| ComposeError::data(e.to_string());
        let read = |p: &std::path::Path| {
            world
                .read(p)
                .map(|b| b.to_vec())
                .map_err(|e| ComposeError::data(format!("{}: 읽지 못했습니다: {e}", p.display())))
        };
        let (form, map) = match &o.files {
            Some(files) => (files.0.clone(), files.1.clone()),
            None => (read(&o.form)?, read(&o.map)?),
        };
        let names = (o.form.display().to_string(), o.map.display().to_string());
        let opened = crate::compose::official::open_cached(&names, form, &map).map_err(data)?;
        out.insert(spec.kind, opened);
    }
    Ok(out)
}

/// Whose context a form's values see: the map's `document`, else the document's own kind.
fn official_kind(
    map: &crate::compose::official::Map,
    kind: DocKind,
) -> Result<DocKind, ComposeError> {
    match &map.document {
        None => Ok(kind),
        Some(_) => crate::compose::official::kind_for(map, kind.per_member())
            .map_err(|e| ComposeError::data(e.to_string())),
    }
}

/// A document filled into an official form: its fingerprint is over the form's bytes, the
/// values filled, the file's metadata and the draft flag.
fn prepare_official(
    spec: &DocSpec,
    member: Option<&Member>,
    file_stem: String,
    official: OfficialDoc,
    author: &str,
    draft: bool,
) -> Prepared {
    let title = match member {
        Some(m) => format!("{} — {}", spec.title, m.name),
        None => spec.title.clone(),
    };
    let mut h = Sha256::new();
    for part in [
        "formpack-official-1",
        official.form.sha256.as_str(),
        &official.filling.digest(),
        &title,
        author,
        if draft { "draft" } else { "final" },
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    let fingerprint: String = h.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // A form with a place named 문서확인번호 prints it there (derived from everything else, so
    // not part of what it is derived from).
    let mut official = official;
    // A draft says so there: the form itself carries no watermark.
    if official.form.has_place(FINGERPRINT_LABEL) && !official.filling.fills(FINGERPRINT_LABEL) {
        let shown = match draft {
            true => format!("{DRAFT_WATERMARK} {fingerprint}"),
            false => fingerprint.clone(),
        };
        official.filling.also(FINGERPRINT_LABEL, &shown);
    }
    Prepared {
        kind: spec.kind,
        number: spec.number,
        title: spec.title.clone(),
        stem: spec.file.clone(),
        member: member.map(|m| m.id.to_string()),
        file_stem,
        fingerprint,
        shown: official.filling.shown.clone(),
        official: Some(std::sync::Arc::new(official)),
        ctx: std::sync::Arc::new(serde_json::Value::Null),
        doc_title: title,
        author: author.to_string(),
        draft,
    }
}

#[allow(clippy::too_many_arguments)]
fn prepare(
    spec: &DocSpec,
    member: Option<&Member>,
    file_stem: String,
    ctx: context::DocCtx,
    templates: &Templates,
    seals: &HashMap<String, (Image, String)>,
    author: &str,
    draft: bool,
) -> Prepared {
    let kind = spec.kind;
    let name = kind.template_name();
    let title = match member {
        Some(m) => format!("{} — {}", spec.title, m.name),
        None => spec.title.clone(),
    };
    // The file's metadata is written beside the template's output; the fingerprint covers
    // both, so a file's bytes never change while its 문서확인번호 stays.
    let fingerprint = fingerprint(
        name,
        templates.source(kind),
        &ctx,
        seals,
        [&title, author],
        draft,
    );
    Prepared {
        kind,
        number: spec.number,
        title: spec.title.clone(),
        stem: spec.file.clone(),
        member: member.map(|m| m.id.to_string()),
        file_stem,
        fingerprint,
        shown: ctx.shown,
        official: None,
        ctx: std::sync::Arc::new(ctx.value),
        doc_title: title,
        author: author.to_string(),
        draft,
    }
}

/// Render a prepared document's template and parse it into the document model.
fn compose_one(
    p: &Prepared,
    templates: &Templates,
    seals: &HashMap<String, (Image, String)>,
) -> Result<Composed, ComposeError> {
    if let Some(o) = &p.official {
        // The official form filled, and read back into the model: what its PDF draws.
        let data = |e: crate::compose::official::FormError| ComposeError::data(e.to_string());
        let filled = o.fill().map_err(data)?;
        let doc = p.official_printable(&filled).map_err(data)?.document;
        return Ok(Composed {
            meta: p.clone(),
            doc,
        });
    }
    let name = p.kind.template_name();
    let xml = templates.render(p.kind, &p.ctx)?;
    let resolver = |key: &str| seals.get(key).map(|(img, _)| img.clone());
    let mut doc = formpack_doc::xml::parse(&xml, &resolver).map_err(|e| {
        let snippet: String = xml
            .lines()
            .nth((e.line as usize).saturating_sub(1))
            .unwrap_or_default()
            .trim()
            .chars()
            .take(120)
            .collect();
        ComposeError::in_template(
            name,
            format!(
                "만들어진 문서 XML {}행 {}열: {} — ‘{snippet}’",
                e.line, e.col, e.message
            ),
        )
    })?;
    agrees_with_profile(&doc, p, name)?;
    doc.title = p.doc_title.clone();
    doc.author = p.author.clone();
    doc.watermark = p.draft.then(|| DRAFT_WATERMARK.to_string());
    doc.footer.left = p.title.clone();
    doc.footer.fingerprint = p.fingerprint.clone();
    doc.footer.fingerprint_label = FINGERPRINT_LABEL.into();
    Ok(Composed {
        meta: p.clone(),
        doc,
    })
}

/// The template's form title (its level-1 heading) and form label (`[서식 N]`), where it
/// prints them, must be the profile's: a profile that renames or renumbers a document needs
/// templates that say the same, or the file name and footer would contradict the page.
fn agrees_with_profile(doc: &Document, spec: &Prepared, name: &str) -> Result<(), ComposeError> {
    use formpack_doc::Block;
    for b in &doc.blocks {
        match b {
            Block::Heading(h) if h.level == 1 => {
                let text = h.text();
                if text.trim() != spec.title {
                    return Err(ComposeError::in_template(
                        name,
                        format!(
                            "서식 제목 ‘{}’이 사업 프로필의 제목 ‘{}’과 다릅니다: 템플릿이나 프로필의 documents[].title을 고치십시오",
                            text.trim(),
                            spec.title
                        ),
                    ));
                }
                return Ok(());
            }
            Block::Paragraph(p) => {
                let text = p.text();
                let label = text
                    .trim()
                    .strip_prefix("[서식 ")
                    .and_then(|r| r.split_once(']'))
                    .map(|(n, _)| n.trim().to_string());
                if let Some(n) = label {
                    if n != spec.number.to_string() {
                        return Err(ComposeError::in_template(
                            name,
                            format!(
                                "서식 번호 `[서식 {n}]`이 사업 프로필의 번호 {}와 다릅니다: 템플릿이나 프로필의 documents[].number를 고치십시오",
                                spec.number
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// First 8 hex digits of SHA-256 over the template name, its source, the canonical context
/// JSON (keys sorted, no spaces), the SHA-256 of each seal image the document prints, the
/// file's metadata (title, author) and the draft flag; each part length-prefixed so no two
/// inputs run together.
fn fingerprint(
    name: &str,
    source: &str,
    ctx: &context::DocCtx,
    seals: &HashMap<String, (Image, String)>,
    metadata: [&str; 2],
    draft: bool,
) -> String {
    let mut h = Sha256::new();
    let mut part = |b: &[u8]| {
        h.update((b.len() as u64).to_be_bytes());
        h.update(b);
    };
    part(b"formpack-compose-1");
    part(name.as_bytes());
    part(source.as_bytes());
    part(canonical_json(&ctx.value).as_bytes());
    for key in &ctx.seals {
        part(key.as_bytes());
        part(
            seals
                .get(key)
                .map(|(_, h)| h.as_str())
                .unwrap_or("")
                .as_bytes(),
        );
    }
    for m in metadata {
        part(m.as_bytes());
    }
    part(if draft { b"draft" } else { b"final" });
    let digest = h.finalize();
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// JSON with object keys sorted at every level and no insignificant white space.
pub fn canonical_json(v: &serde_json::Value) -> String {
    let mut out = Vec::new();
    write_canonical(v, &mut out);
    // Only JSON's own output and ASCII punctuation were written.
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`canonical_json`] into one buffer (it was strings joined at every level: 7% of a
/// no-change rebuild's CPU at 60 members).
fn write_canonical(v: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                // Writing a string to a Vec cannot fail.
                let _ = serde_json::to_writer(&mut *out, k);
                out.push(b':');
                write_canonical(&m[k], out);
            }
            out.push(b'}');
        }
        Value::Array(a) => {
            out.push(b'[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        other => {
            let _ = serde_json::to_writer(&mut *out, other);
        }
    }
}

/// Read every member's seal image (relative to the input's folder) through `world`, keyed by
/// member id, with the SHA-256 of its bytes. PNG and JPEG are recognised by their magic bytes.
fn load_seals(
    world: &dyn World,
    input: &Input,
) -> Result<HashMap<String, (Image, String)>, ComposeError> {
    let mut out = HashMap::new();
    for m in &input.data.members {
        let Some(rel) = &m.seal else { continue };
        let path = input.dir.join(rel);
        let bytes = world.read(&path).map_err(|e| {
            ComposeError::data(format!(
                "{}의 직인 이미지 ‘{rel}’를 읽을 수 없습니다 ({}): {e}",
                m.name,
                path.display()
            ))
        })?;
        let format = ImageFormat::sniff(&bytes).ok_or_else(|| {
            ComposeError::data(format!(
                "{}의 직인 이미지 ‘{rel}’는 PNG나 JPEG 파일이 아닙니다",
                m.name
            ))
        })?;
        let hash = crate::hash::sha256_hex(&bytes);
        let img = Image {
            data: bytes,
            format,
            width: SEAL_MM,
            height: SEAL_MM,
            align: formpack_doc::Align::Center,
        };
        out.insert(m.id.to_string(), (img, hash));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names() {
        assert_eq!(DocKind::Eligibility.template_name(), "05_eligibility");
        assert_eq!(DocKind::ALL.map(DocKind::template_name), templates::NAMES);
    }

    #[test]
    fn canonical_json_sorts_keys() {
        let a: serde_json::Value =
            serde_json::from_str(r#"{"b":1,"a":{"d":[1,"x"],"c":null}}"#).unwrap();
        assert_eq!(canonical_json(&a), r#"{"a":{"c":null,"d":[1,"x"]},"b":1}"#);
    }

    #[test]
    fn errors_display() {
        let e = ComposeError {
            template: Some("04_participation".into()),
            line: Some(12),
            column: Some(3),
            message: "x".into(),
        };
        assert_eq!(e.to_string(), "템플릿 04_participation.hbs 12행 3열: x");
        assert_eq!(ComposeError::data("직인".into()).to_string(), "직인");
    }
}
