//! Fills an agency's own form — a 한글 (HWPX) or Word (DOCX) file — in place.
//!
//! The form is the official file itself; formpack changes only the places a [`Plan`] names
//! and keeps every other byte: zip entries that are not edited are copied raw (their
//! compressed bytes as they were), and an edited XML part is the original text with splices,
//! so every element and attribute not changed stays where it was, as it was.
//!
//! Four ways to say where a value goes, in order of reliability ([`Target`]):
//! 1. a name: a 누름틀 (`hp:fieldBegin type="CLICK_HERE"`), a named cell (`hp:tc@name`, 한글's
//!    셀 필드), a Word content control (`w:sdt`, by tag or alias) or bookmark, or a
//!    `{{name}}` placeholder typed into the form;
//! 2. a label: the cell right of or below the cell whose text is the label (spaces ignored,
//!    merged cells resolved to the cell that holds them);
//! 3. a `{{…}}` placeholder the caller evaluates ([`Form::inspect`] lists them), re-joined
//!    when 한글 or Word split it across runs;
//! 4. a check box (☐/□ before a label) set from a boolean.
//!
//! [`Rows`] repeats a table row (or block of rows) once per item, with its borders, shading
//! and character shapes. In HWPX the saved line layout (`hp:linesegarray`) of every
//! paragraph whose text changed, and of what follows it in the same cell or host, is dropped
//! so 한글 lays it out again, and `Preview/PrvText.txt` is written from the filled text.
//!
//! This crate knows nothing of the call or the consortium: it fills strings into places. The
//! caller (formpack's `form` stage) evaluates a map file into a [`Plan`].

mod docx;
mod error;
mod grid;
mod hwpx;
mod package;
mod places;
mod plan;
mod read;
mod sniff;
mod splice;
mod text;
mod xml;

pub use error::{Error, ErrorKind};
pub use plan::{
    Direction, DropRows, Fill, Filled, Inventory, LabelInfo, Limits, NamedField, NamedKind, Placed,
    Plan, Rows, TableInfo, Target, Value,
};
pub use read::{Omitted, Read};

/// A label's text as formpack matches it: every space removed (`대 표 자` is `대표자`), and a
/// trailing colon.
pub fn normalize_label(s: &str) -> String {
    xml::normalize(s)
}

/// The kind of a form file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 한글's OWPML package (`.hwpx`).
    Hwpx,
    /// Word's WordprocessingML package (`.docx`).
    Docx,
}

impl Kind {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Hwpx => "hwpx",
            Kind::Docx => "docx",
        }
    }
}

/// An opened form: its package read (within [`Limits`]) and its kind known.
pub struct Form {
    kind: Kind,
    package: package::Package,
}

impl Form {
    /// Open a form's bytes. A `.hwp` (HWP 5.0), an encrypted or DRM-wrapped file, or anything
    /// that is not an HWPX or DOCX package is refused with a Korean message that says what to
    /// do.
    pub fn open(bytes: &[u8], limits: &Limits) -> Result<Form, Error> {
        sniff::refuse_unfillable(bytes)?;
        let package = package::Package::read(bytes, limits)?;
        let kind = sniff::kind(&package)?;
        sniff::refuse_encrypted_package(&package, kind)?;
        Ok(Form { kind, package })
    }

    /// HWPX or DOCX.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Every place a value can go: 누름틀, named cells, content controls, bookmarks,
    /// placeholders, tables with their label cells, and check boxes.
    pub fn inspect(&self) -> Result<Inventory, Error> {
        match self.kind {
            Kind::Hwpx => hwpx::inspect(&self.package),
            Kind::Docx => docx::inspect(&self.package),
        }
    }

    /// Fill the form: the new file's bytes, what was placed where, and warnings.
    pub fn fill(&self, plan: &Plan) -> Result<Filled, Error> {
        let limit = self.package.limits.places;
        let places = plan.fills.len() + plan.rows.iter().map(|r| r.items.len()).sum::<usize>();
        if places > limit {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!("채울 곳이 {places}개로 한도 {limit}개를 넘습니다"),
            ));
        }
        match self.kind {
            Kind::Hwpx => hwpx::fill(&self.package, plan),
            Kind::Docx => docx::fill(&self.package, plan),
        }
    }

    /// Read back what stands at each place `plan` names, as [`Form::fill`] reports it in
    /// [`Filled::placed`]: the check a filled file gets in `verify`.
    pub fn read(&self, plan: &Plan) -> Result<Vec<Placed>, Error> {
        match self.kind {
            Kind::Hwpx => hwpx::read(&self.package, plan),
            Kind::Docx => docx::read(&self.package, plan),
        }
    }

    /// The text of the form, one line per paragraph or table cell (for tests and previews).
    pub fn text(&self) -> Result<String, Error> {
        match self.kind {
            Kind::Hwpx => hwpx::text(&self.package),
            Kind::Docx => docx::text(&self.package),
        }
    }
}
