//! `word/styles.xml`: the document defaults and the styles by id, with their `w:basedOn`
//! chains, and the theme's fonts they may name.

use std::collections::HashMap;

use roxmltree::Node;

use super::props::{ParaProps, RunProps, Theme};
use crate::xml::{attr, kid, kids, local};

/// Styles nest at most this deep (a `basedOn` cycle stops here too).
const CHAIN: usize = 32;

/// The styles of a document.
#[derive(Default)]
pub(super) struct Styles<'p> {
    by_id: HashMap<&'p str, Node<'p, 'p>>,
    /// The default style of each type (`paragraph`, `character`, `table`).
    defaults: HashMap<&'p str, &'p str>,
    ppr_default: Option<Node<'p, 'p>>,
    rpr_default: Option<Node<'p, 'p>>,
    pub theme: Theme,
}

impl<'p> Styles<'p> {
    /// Read the styles part (`None`: no styles, Word's own defaults).
    pub(super) fn read(doc: Option<&'p roxmltree::Document<'p>>, theme: Theme) -> Styles<'p> {
        let mut s = Styles {
            theme,
            ..Styles::default()
        };
        let Some(doc) = doc else { return s };
        let root = doc.root_element();
        if let Some(d) = kid(root, "docDefaults") {
            s.rpr_default = kid(d, "rPrDefault").and_then(|r| kid(r, "rPr"));
            s.ppr_default = kid(d, "pPrDefault").and_then(|p| kid(p, "pPr"));
        }
        for st in kids(root, "style") {
            let Some(id) = attr(st, "styleId") else {
                continue;
            };
            s.by_id.entry(id).or_insert(st);
            let is_default = attr(st, "default").is_some_and(|v| v == "1" || v == "true");
            if is_default {
                if let Some(t) = attr(st, "type") {
                    s.defaults.entry(t).or_insert(id);
                }
            }
        }
        s
    }

    /// A style of this type by id, or the type's default style.
    fn style(&self, kind: &str, id: Option<&str>) -> Option<Node<'p, 'p>> {
        let found = id
            .and_then(|i| self.by_id.get(i.trim()))
            .filter(|s| attr(**s, "type").unwrap_or("paragraph") == kind);
        match (found, id) {
            (Some(s), _) => Some(*s),
            // A character style that is not there adds nothing.
            (None, _) if kind == "character" => None,
            _ => self
                .defaults
                .get(kind)
                .and_then(|d| self.by_id.get(d))
                .copied(),
        }
    }

    /// A style and those it is based on, the base first.
    pub(super) fn chain(&self, kind: &str, id: Option<&str>) -> Vec<Node<'p, 'p>> {
        let mut out = Vec::new();
        let mut at = self.style(kind, id);
        while let Some(s) = at {
            if out.len() >= CHAIN || out.contains(&s) {
                break;
            }
            out.push(s);
            at = kid(s, "basedOn")
                .and_then(|b| attr(b, "val"))
                .and_then(|b| self.by_id.get(b))
                .copied()
                .filter(|b| attr(*b, "type") == attr(s, "type"));
        }
        out.reverse();
        out
    }

    /// The document defaults.
    pub(super) fn defaults(&self) -> (ParaProps, RunProps) {
        let mut p = ParaProps::default();
        let mut r = RunProps::default();
        if let Some(n) = self.ppr_default {
            p.apply(n);
        }
        if let Some(n) = self.rpr_default {
            r.apply(n, &self.theme);
        }
        (p, r)
    }

    /// Apply a paragraph style (its chain) over `p` and `r`.
    pub(super) fn apply_paragraph(&self, id: Option<&str>, p: &mut ParaProps, r: &mut RunProps) {
        for s in self.chain("paragraph", id) {
            if let Some(n) = kid(s, "pPr") {
                p.apply(n);
            }
            if let Some(n) = kid(s, "rPr") {
                r.apply(n, &self.theme);
            }
        }
    }

    /// Apply a character style (its chain) over `r`.
    pub(super) fn apply_character(&self, id: Option<&str>, r: &mut RunProps) {
        if id.is_none() {
            return;
        }
        for s in self.chain("character", id) {
            if let Some(n) = kid(s, "rPr") {
                r.apply(n, &self.theme);
            }
        }
    }

    /// The run properties of the default paragraph style: the document's text size.
    pub(super) fn normal_run(&self) -> RunProps {
        let (mut p, mut r) = self.defaults();
        self.apply_paragraph(None, &mut p, &mut r);
        r
    }

    /// A table style's chain (the type's default style when `id` is missing).
    pub(super) fn table_chain(&self, id: Option<&str>) -> Vec<Node<'p, 'p>> {
        self.chain("table", id)
    }
}

/// The children of a style element of this local name, over a chain.
pub(super) fn in_chain<'p>(chain: &[Node<'p, 'p>], name: &str) -> Vec<Node<'p, 'p>> {
    chain
        .iter()
        .filter_map(|s| s.children().find(|c| local(*c) == name))
        .collect()
}
