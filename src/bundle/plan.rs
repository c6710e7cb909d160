//! Phase 1 of [`make`](super::make): what the bundle holds and what each file is made from
//! (its *inputs*, see [`reuse`](super::reuse)), worked out before any file is read.

use crate::compose::{self, Prepared};
use crate::figures::Figures;
use crate::load::Input;
use crate::model::{Consortium, Role};
use crate::program::{DeckSpec, Program};
use crate::render::Format;

use super::{packets, reuse, Options};

/// Every file of the bundle to be, by what it is made from.
pub(super) struct Plan<'a> {
    /// The documents in bundle order, prepared for composing.
    pub prepared: compose::Plan,
    /// Each document's formats: the chosen ones, or an official form's own and its PDF.
    pub formats: Vec<Vec<Format>>,
    /// The inputs of each document's files, format by format.
    pub inputs: Vec<Vec<String>>,
    /// PDF is among the chosen formats, so there is a merged PDF.
    pub pdf: bool,
    /// Each document's bookmark in the merged PDF.
    pub bookmarks: Vec<Bookmark>,
    /// The merged PDF's title and author.
    pub merged_meta: (String, String),
    /// The merged PDF's inputs, when there is one.
    pub merged_inputs: Option<String>,
    /// The engine a merged PDF's recorded layout must come from to be copied out of.
    pub layout_engine: String,
    /// The members' packets, those with something to sign.
    pub packets: Vec<Packet>,
    /// The deck, when the call has one.
    pub deck: Option<DeckPlan<'a>>,
}

/// A member's signing packet as planned: the documents it holds (indices into the plan), its
/// guide and what it is made from.
pub(super) struct Packet {
    pub path: String,
    pub list: Vec<usize>,
    pub guide: Vec<u8>,
    pub inputs: String,
}

/// A document's bookmark in the merged PDF: `01 사업신청서`, or for a member's document its
/// name under the document's group (`04 참여의사 확인서` › `한국AI융합연구원`).
pub(super) struct Bookmark {
    pub group: Option<String>,
    pub mark: String,
}

/// The 발표자료 deck as planned: its path, the profile's entry, its slides and its inputs.
pub(super) struct DeckPlan<'a> {
    pub path: String,
    pub spec: &'a DeckSpec,
    pub planned: crate::deck::Planned,
    pub inputs: String,
}

impl<'a> Plan<'a> {
    /// The plan of `docs` under `opts`' formats.
    pub fn new(
        prepared: compose::Plan,
        input: &Input,
        figures: &Figures,
        program: &'a Program,
        opts: &Options,
    ) -> Plan<'a> {
        let c = &input.data;
        let docs = &prepared.docs;
        let engine = reuse::engine(opts.resources, program);
        let chosen: Vec<Format> = opts.formats.iter().collect();
        let pdf = chosen.contains(&Format::Pdf);
        let formats = doc_formats(docs, &chosen, pdf);
        let inputs = doc_inputs(docs, &formats, &engine);
        let bookmarks: Vec<Bookmark> = docs.iter().map(|d| bookmark(d, c)).collect();
        let merged_meta = merged_meta(c, program);
        let merged_inputs = pdf.then(|| merged_inputs(docs, &bookmarks, &merged_meta, &engine));
        let deck = program.deck.as_ref().map(|spec| {
            let planned = crate::deck::plan(input, figures, program, opts.draft);
            let inputs = reuse::inputs(&engine, &["deck", &planned.fingerprint]);
            DeckPlan {
                path: crate::deck::file_name(spec),
                spec,
                planned,
                inputs,
            }
        });
        let mut plan = Plan {
            prepared,
            formats,
            inputs,
            pdf,
            bookmarks,
            merged_meta,
            merged_inputs,
            layout_engine: reuse::inputs(&engine, &["merged layout"]),
            packets: Vec::new(),
            deck,
        };
        plan.packets = c
            .members
            .iter()
            .filter_map(|m| plan.packet(m, c, program, &engine))
            .collect();
        plan
    }

    /// The documents in bundle order.
    pub fn docs(&self) -> &[Prepared] {
        &self.prepared.docs
    }

    /// The file name of document `d` in format `f`.
    pub fn file(d: &Prepared, f: Format) -> String {
        format!("{}.{}", d.file_stem, f.extension())
    }

    /// Which of document `i`'s formats is its PDF.
    pub fn pdf_of(&self, i: usize) -> Option<usize> {
        self.formats[i].iter().position(|&f| f == Format::Pdf)
    }

    /// The merged PDF's parts in submission order: each document with a PDF, and which of its
    /// formats that is.
    pub fn merged_parts(&self) -> Vec<(usize, usize)> {
        (0..self.docs().len())
            .filter_map(|i| self.pdf_of(i).map(|at| (i, at)))
            .collect()
    }

    /// Which document files must be in memory: those a new packet holds, and the PDFs a new
    /// merged PDF is made of (only the first when it copies from an earlier one, `copying`).
    pub fn needs(&self, merged_made: bool, packet_made: &[bool], copying: bool) -> Vec<Vec<bool>> {
        let mut need: Vec<Vec<bool>> = self.formats.iter().map(|f| vec![false; f.len()]).collect();
        if merged_made && self.pdf {
            let upto = if copying { 1 } else { self.docs().len() };
            for (i, n) in need.iter_mut().enumerate().take(upto) {
                if let Some(at) = self.pdf_of(i) {
                    n[at] = true;
                }
            }
        }
        for (p, _) in self
            .packets
            .iter()
            .zip(packet_made)
            .filter(|(_, &made)| made)
        {
            for &i in &p.list {
                need[i].iter_mut().for_each(|n| *n = true);
            }
        }
        need
    }

    /// Member `m`'s packet, when it signs anything.
    fn packet(
        &self,
        m: &crate::model::Member,
        c: &Consortium,
        program: &Program,
        engine: &str,
    ) -> Option<Packet> {
        let docs = self.docs();
        let list = packets::packet_documents(docs, m.id.as_str(), c);
        if list.is_empty() {
            return None;
        }
        let ds: Vec<&Prepared> = list.iter().map(|i| &docs[*i]).collect();
        let guide = packets::signing_guide(m, &ds, c, program, self.pdf);
        // Each entry's name and inputs, in the zip's order, then the guide.
        let entries: Vec<(String, &str)> = list
            .iter()
            .flat_map(|&i| {
                self.formats[i]
                    .iter()
                    .zip(&self.inputs[i])
                    .map(move |(&f, x)| (Plan::file(&docs[i], f), x.as_str()))
            })
            .collect();
        let mut made_of: Vec<&str> = vec!["packet"];
        for (name, x) in &entries {
            made_of.extend([name.as_str(), x]);
        }
        made_of.push(&guide);
        let inputs = reuse::inputs(engine, &made_of);
        Some(Packet {
            path: format!("members/{}.zip", m.id),
            list,
            guide: guide.into_bytes(),
            inputs,
        })
    }
}

/// Each document's formats. A document filled into an official form is that filled form
/// (HWPX or DOCX) whatever the formats, and its PDF drawn from the filled form when PDF is
/// among them.
fn doc_formats(docs: &[Prepared], chosen: &[Format], pdf: bool) -> Vec<Vec<Format>> {
    docs.iter()
        .map(|d| match &d.official {
            Some(o) => {
                let mut own = vec![official_format(o)];
                own.extend(pdf.then_some(Format::Pdf));
                own
            }
            None => chosen.to_vec(),
        })
        .collect()
}

/// What each document's files are made from: the format and the document's fingerprint.
fn doc_inputs(docs: &[Prepared], formats: &[Vec<Format>], engine: &str) -> Vec<Vec<String>> {
    docs.iter()
        .zip(formats)
        .map(|(d, formats)| {
            formats
                .iter()
                .map(|f| reuse::inputs(engine, &["document", f.extension(), &d.fingerprint]))
                .collect()
        })
        .collect()
}

/// What the merged PDF is made from: its title and author, each document's bookmark and
/// fingerprint.
fn merged_inputs(
    docs: &[Prepared],
    bookmarks: &[Bookmark],
    meta: &(String, String),
    engine: &str,
) -> String {
    let mut made_of = vec!["merged", &meta.0, &meta.1];
    for (d, mark) in docs.iter().zip(bookmarks) {
        let group = mark.group.as_deref().unwrap_or("");
        made_of.extend([group, mark.mark.as_str(), d.fingerprint.as_str()]);
    }
    reuse::inputs(engine, &made_of)
}

/// The format of an official form's filled file: its own.
fn official_format(o: &compose::OfficialDoc) -> Format {
    match o.form.kind() {
        formpack_form::Kind::Hwpx => Format::Hwpx,
        formpack_form::Kind::Docx => Format::Docx,
    }
}

fn bookmark(d: &Prepared, c: &Consortium) -> Bookmark {
    let title = format!("{:02} {}", d.number, d.title);
    let member = d
        .member
        .as_deref()
        .and_then(|id| c.members.iter().find(|m| m.id.as_str() == id));
    match member {
        Some(m) => Bookmark {
            group: Some(title),
            mark: m.name.clone(),
        },
        None => Bookmark {
            group: None,
            mark: title,
        },
    }
}

/// The merged PDF's title and author: `「사업명」 제출서류 — 과제명`, the lead's name.
fn merged_meta(c: &Consortium, program: &Program) -> (String, String) {
    let project = c.project.title.as_deref().unwrap_or_default();
    let title = format!("「{}」 제출서류 — {project}", program.name);
    let lead = c.members.iter().find(|m| m.role == Role::Lead);
    (title, lead.map(|m| m.name.clone()).unwrap_or_default())
}
