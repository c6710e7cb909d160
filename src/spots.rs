//! The line and column of every field path (`budget[3].local`, containers too) in a YAML,
//! JSON or TOML text, read from a syntax tree independent of the typed model, so positions
//! are known even when the typed model cannot be built (a parse error then names its field).
//!
//! A keyed field is placed at its key; a sequence item at its first character. Malformed
//! input never panics here: the walk stops and keeps what it found (the typed parser reports
//! the syntax error itself).
//!
//! Beneath both [`crate::load`] (a consortium file) and [`crate::program`] (a profile), which
//! place their fields with it; it uses nothing but [`crate::diag::Spot`].

use std::collections::BTreeMap;

use crate::diag::Spot;

/// Deeper structures than this are junk: their paths are not recorded.
const MAX_DEPTH: usize = 64;

/// Field path → where it was found.
pub type Spots = BTreeMap<String, Spot>;

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn join_index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

fn put(spots: &mut Spots, path: String, line: u32, column: u32) {
    if !path.is_empty() {
        spots.entry(path).or_insert(Spot::Line { line, column });
    }
}

/// The path whose recorded position is the last one at or before `(line, column)`: the field
/// a parser error at that position is about.
pub fn path_at(spots: &Spots, line: u32, column: u32) -> Option<String> {
    spots
        .iter()
        .filter_map(|(p, s)| match s {
            Spot::Line { line: l, column: c } if (*l, *c) <= (line, column) => {
                Some(((*l, *c, p.len()), p))
            }
            _ => None,
        })
        .max_by_key(|(k, _)| *k)
        .map(|(_, p)| p.clone())
}

// ---------------------------------------------------------------------------------------- YAML

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        expect_key: bool,
    },
    Seq {
        path: String,
        next: usize,
    },
    /// A complex (non-scalar) mapping key: its contents have no path.
    Junk,
}

/// Positions in a YAML text, from the event parser serde-saphyr itself uses.
pub fn yaml(text: &str) -> Spots {
    use serde_saphyr::granit_parser::{Event, Parser};

    let mut spots = Spots::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_done = false;
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let line = span.start.line() as u32;
        let column = span.start.col() as u32 + 1;
        let (is_node, opens) = match &event {
            Event::Scalar(..) | Event::Alias(_) => (true, false),
            Event::SequenceStart(..) | Event::MappingStart(..) => (true, true),
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                continue;
            }
            Event::DocumentEnd => {
                root_done = true;
                continue;
            }
            _ => continue,
        };
        if !is_node {
            continue;
        }
        // The path of this node, if it has one; `None` for keys and junk.
        let path: Option<String> = match stack.last_mut() {
            None => {
                if root_done {
                    // A second document: ignore it.
                    break;
                }
                Some(String::new())
            }
            Some(Frame::Junk) => None,
            Some(Frame::Seq { path, next }) => {
                let p = join_index(path, *next);
                *next += 1;
                put(&mut spots, p.clone(), line, column);
                Some(p)
            }
            Some(Frame::Map {
                path,
                key,
                expect_key,
            }) => {
                if *expect_key {
                    *expect_key = false;
                    if let Event::Scalar(text, ..) = &event {
                        let p = join_key(path, text);
                        put(&mut spots, p, line, column);
                        *key = Some(text.to_string());
                    } else {
                        *key = None;
                    }
                    None
                } else {
                    *expect_key = true;
                    key.take().map(|k| join_key(path, &k))
                }
            }
        };
        if opens {
            let deep = stack.len() >= MAX_DEPTH;
            let frame = match (path, &event) {
                (Some(p), Event::MappingStart(..)) if !deep => Frame::Map {
                    path: p,
                    key: None,
                    expect_key: true,
                },
                (Some(p), Event::SequenceStart(..)) if !deep => Frame::Seq { path: p, next: 0 },
                _ => Frame::Junk,
            };
            // A key that is itself a collection: its parent map's next node is its value.
            stack.push(frame);
        }
    }
    spots
}

// ---------------------------------------------------------------------------------------- JSON

struct Json<'a> {
    s: &'a [u8],
    i: usize,
    line: u32,
    col: u32,
    spots: Spots,
}

impl Json<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.i += 1;
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                // Count characters, not UTF-8 continuation bytes.
                self.col += 1;
            }
        }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump();
        }
    }

    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.bump();
        let start = self.i;
        let mut escaped = false;
        loop {
            let b = self.peek()?;
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                break;
            }
            self.bump();
        }
        let raw = &self.s[start..self.i];
        self.bump();
        // Keys of the model are plain; decode escapes properly through serde_json anyway.
        let quoted = [b"\"", raw, b"\""].concat();
        serde_json::from_slice::<String>(&quoted).ok()
    }

    fn value(&mut self, path: &str, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'{' => {
                self.bump();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.bump();
                    return Some(());
                }
                loop {
                    self.ws();
                    let (line, col) = (self.line, self.col);
                    let key = self.string()?;
                    let p = join_key(path, &key);
                    put(&mut self.spots, p.clone(), line, col);
                    self.ws();
                    if self.peek() != Some(b':') {
                        return None;
                    }
                    self.bump();
                    self.value(&p, depth + 1)?;
                    self.ws();
                    match self.peek()? {
                        b',' => self.bump(),
                        b'}' => {
                            self.bump();
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.bump();
                self.ws();
                if self.peek() == Some(b']') {
                    self.bump();
                    return Some(());
                }
                let mut n = 0;
                loop {
                    self.ws();
                    let p = join_index(path, n);
                    put(&mut self.spots, p.clone(), self.line, self.col);
                    self.value(&p, depth + 1)?;
                    n += 1;
                    self.ws();
                    match self.peek()? {
                        b',' => self.bump(),
                        b']' => {
                            self.bump();
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(|_| ()),
            _ => {
                // number, true, false, null: up to a delimiter.
                let start = self.i;
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    self.bump();
                }
                (self.i > start).then_some(())
            }
        }
    }
}

/// Positions in a JSON text (a small tolerant scanner).
pub fn json(text: &str) -> Spots {
    let mut j = Json {
        s: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        spots: Spots::new(),
    };
    let _ = j.value("", 0);
    j.spots
}

// ---------------------------------------------------------------------------------------- TOML

/// Positions in a TOML text, from the spans of toml's own document parser.
pub fn toml(text: &str) -> Spots {
    use toml::de::{DeTable, DeValue};

    fn walk(
        v: &toml::Spanned<DeValue<'_>>,
        path: &str,
        text: &str,
        spots: &mut Spots,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        match v.get_ref() {
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    let p = join_key(path, k.get_ref());
                    let (line, col) = line_col_at(text.as_bytes(), k.span().start);
                    put(spots, p.clone(), line, col);
                    walk(v, &p, text, spots, depth + 1);
                }
            }
            DeValue::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    let p = join_index(path, i);
                    let (line, col) = line_col_at(text.as_bytes(), v.span().start);
                    put(spots, p.clone(), line, col);
                    walk(v, &p, text, spots, depth + 1);
                }
            }
            _ => {}
        }
    }

    let mut spots = Spots::new();
    let (doc, _errors) = DeTable::parse_recoverable(text);
    let root = toml::Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
    walk(&root, "", text, &mut spots, 0);
    spots
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col_at(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[start..]).chars().count() as u32 + 1;
    (line, col)
}
