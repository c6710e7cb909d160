//! What to fill ([`Plan`]), what a form offers ([`Inventory`]) and what filling made
//! ([`Filled`]).

/// Where one value goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Every 누름틀, named cell, content control, bookmark and `{{name}}` placeholder with this
    /// name.
    Name(String),
    /// The cell beside the cell whose text is `label` (spaces ignored).
    Label {
        /// The label's text.
        label: String,
        /// Right of it or below it.
        direction: Direction,
        /// 1-based, when the label occurs more than once.
        occurrence: Option<usize>,
    },
    /// Every `{{expression}}` placeholder whose text is this expression (as
    /// [`Inventory::placeholders`] lists it); one inside a repeated row is left to the row.
    Placeholder(String),
    /// A check box: ☐/□ (or ☑/■) standing right before `label`.
    Check {
        /// The text after the box (spaces ignored).
        label: String,
        /// Only boxes in the table row holding a cell with this text (spaces ignored).
        row: Option<String>,
        /// 1-based, when the box occurs more than once.
        occurrence: Option<usize>,
    },
}

/// Which neighbour of a label cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The cell to the right.
    Right,
    /// The cell below.
    Below,
}

/// The value for a [`Target`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// One text: every occurrence of a name gets it.
    One(String),
    /// A list: occurrence i of a name gets item i (a 누름틀 repeated under one name).
    Each(Vec<String>),
    /// A check box's state.
    Check(bool),
}

/// One value and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    /// Where.
    pub target: Target,
    /// What.
    pub value: Value,
}

/// Which rows after the repeated one are the form's sample rows, removed before the items go in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropRows {
    /// Keep them.
    None,
    /// Every following row laid out like the repeated one, up to a 합계/소계/계 row or a row
    /// of another layout.
    Alike,
    /// Exactly this many rows.
    Count(usize),
}

/// A table row (or block of rows) repeated once per item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows {
    /// The text of a cell that identifies the table (spaces ignored), usually a header.
    pub table: String,
    /// 1-based, when that text is in more than one table.
    pub occurrence: Option<usize>,
    /// The 1-based row to repeat; by default the first row below the cell holding `table`.
    pub row: Option<usize>,
    /// How many rows make one item (1 by default).
    pub block: usize,
    /// One entry per item: the values of the block's cells, left to right, top to bottom.
    pub items: Vec<Vec<String>>,
    /// Sample rows to remove.
    pub drop_sample_rows: DropRows,
}

/// Everything to fill in one form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Single places.
    pub fills: Vec<Fill>,
    /// Repeated rows.
    pub rows: Vec<Rows>,
}

/// Input limits for a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The form file's size, bytes.
    pub file_bytes: u64,
    /// Zip entries.
    pub entries: usize,
    /// One entry's uncompressed size, bytes.
    pub entry_bytes: u64,
    /// All entries' uncompressed size, bytes.
    pub total_bytes: u64,
    /// XML nodes in one part.
    pub nodes: u32,
    /// How deep XML elements nest in one part.
    pub depth: usize,
    /// Places (fields, cells, placeholders) and repeated rows in one fill.
    pub places: usize,
}

impl Limits {
    /// Far above any real form (the largest 서식 seen is a few MB with a few thousand nodes).
    pub const DEFAULT: Limits = Limits {
        file_bytes: 64 << 20,
        entries: 4_000,
        entry_bytes: 64 << 20,
        total_bytes: 256 << 20,
        nodes: 4_000_000,
        depth: 256,
        places: 20_000,
    };
}

/// A place filled, and what it holds (as read back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The place in words: `누름틀 대표자`, `'대표자' 오른쪽 칸`, `표 '연번' 3행 2열`.
    pub place: String,
    /// The text it holds (`☑`/`☐` for a check box).
    pub value: String,
}

/// A filled form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    /// The new file.
    pub bytes: Vec<u8>,
    /// Every place filled, in plan order.
    pub placed: Vec<Placed>,
    /// What a person should look at (a value that may not fit its cell), in Korean.
    pub warnings: Vec<String>,
}

/// What kind of named place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    /// 누름틀 (HWPX CLICK_HERE field).
    ClickHere,
    /// 셀 필드 (HWPX `hp:tc@name`).
    Cell,
    /// Word content control (`w:sdt`).
    ContentControl,
    /// Word bookmark.
    Bookmark,
}

impl NamedKind {
    /// Its Korean name.
    pub fn label(self) -> &'static str {
        match self {
            NamedKind::ClickHere => "누름틀",
            NamedKind::Cell => "셀 필드",
            NamedKind::ContentControl => "콘텐츠 컨트롤",
            NamedKind::Bookmark => "책갈피",
        }
    }
}

/// A named place in a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedField {
    /// Its kind.
    pub kind: NamedKind,
    /// Its name.
    pub name: String,
    /// The hint a 누름틀 shows while empty (from its `Command`), or a content control's
    /// placeholder text.
    pub hint: String,
    /// How many times the name occurs.
    pub occurrences: usize,
    /// Its current text (the first occurrence).
    pub text: String,
}

/// A label cell in a table, and whether the cells beside it are blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelInfo {
    /// The cell's text.
    pub text: String,
    /// 1-based row and column in the table's grid.
    pub row: usize,
    /// 1-based column.
    pub col: usize,
    /// The cell to the right exists and is blank.
    pub right_blank: bool,
    /// The cell below exists and is blank.
    pub below_blank: bool,
}

/// A table of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    /// 1-based, in document order (nested tables counted where they stand).
    pub index: usize,
    /// Rows and columns of its grid.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Its non-blank cells' texts, in grid order, with their blank neighbours.
    pub labels: Vec<LabelInfo>,
}

/// Everything [`crate::Form::inspect`] finds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inventory {
    /// 누름틀, named cells, content controls and bookmarks, by name in document order.
    pub named: Vec<NamedField>,
    /// `{{…}}` placeholders (the text between the braces, trimmed), in document order, once each.
    pub placeholders: Vec<String>,
    /// Tables.
    pub tables: Vec<TableInfo>,
    /// Check boxes: the text after each box and whether it is checked.
    pub checks: Vec<(String, bool)>,
}
