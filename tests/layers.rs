//! Issue #33: ARCHITECTURE.md's "Dependencies point one way" is a rule, and this test holds
//! the code to it. The section's `text` block is parsed (`module → what it uses`, one entry
//! each, `(…)` being prose), so the document and the test cannot drift:
//!
//! - every path of every file under `src/` (`use crate::…`, `crate::x::…`, `super::…` that
//!   leaves its module, `formpack_*::…`) is mapped to the top-level module or crate it names,
//!   and each must be on its module's line; every module of `src/` and every crate of
//!   `crates/` must have a line; the table itself must have no circle;
//! - in every crate (`src/` and `crates/*/src`), no two files import each other, directly or
//!   around a circle (a file using its own parent module's items is not counted: that is how
//!   a module shares its types with its parts).
//!
//! What it reads is text, as `tests/no_call_constants.rs` does: comment lines, trailing
//! ` // ` comments and the `#[cfg(test)]` module (always last in a file here) are left out.

use crate::common;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const SECTION: &str = "## Dependencies point one way";

/// Circles between files inside a crate that are known and left for later: none. The test
/// fails when a circle appears, and when one listed here is broken (so the list only shrinks).
const KNOWN_CIRCLES: &[&[&str]] = &[];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn show(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

// ---- The table in ARCHITECTURE.md ----

/// `module → what it may use`, as ARCHITECTURE.md says.
type Table = BTreeMap<String, BTreeSet<String>>;

/// The section's first `text` block.
fn table_text() -> String {
    let doc = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let at = doc.find(SECTION).expect("ARCHITECTURE.md has the section");
    let rest = &doc[at..];
    let start = rest
        .find("```text\n")
        .expect("the section has a text block")
        + 8;
    let len = rest[start..].find("```").expect("the block ends");
    rest[start..start + len].to_string()
}

/// The text without `(…)` (nested, across lines): prose about an entry, not a name.
fn without_prose(s: &str) -> String {
    let (mut out, mut depth) = (String::new(), 0usize);
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The table as a map.
fn parse_table(block: &str) -> Table {
    let lines = parse_lines(block);
    let table: Table = lines.iter().cloned().collect();
    assert_eq!(
        table.len(),
        lines.len(),
        "ARCHITECTURE.md lists a module twice"
    );
    table
}

/// `a → b, c   d → e` … : every name before a `→` starts an entry; what follows, up to the
/// next entry's name, is its comma-separated list. In the block's order.
fn parse_lines(block: &str) -> Vec<(String, BTreeSet<String>)> {
    let text = without_prose(block);
    let parts: Vec<&str> = text.split('→').collect();
    let mut table = Vec::new();
    let mut subject = parts[0].trim().to_string();
    for (i, part) in parts.iter().enumerate().skip(1) {
        let mut names: Vec<String> = part
            .split([',', ' ', '\n'])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let next = if i + 1 < parts.len() {
            names.pop()
        } else {
            None
        };
        table.push((subject, names.into_iter().collect()));
        subject = next.unwrap_or_default();
    }
    table
}

// ---- What the code uses ----

/// A file's code: comment lines blank (so line numbers hold), trailing comments cut, nothing
/// from `#[cfg(test)]` on.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        if !t.starts_with("//") {
            out.push_str(line.split(" // ").next().unwrap_or(""));
        }
        out.push('\n');
    }
    out
}

/// Every path in `code` (`a::b::c`), with its line: `use` trees expanded
/// (`use a::{b, c::d}` → `a::b`, `a::c::d`), and every other `a::b` as written.
fn paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (start, stmt) in use_statements(code) {
        let line = code[..start].matches('\n').count() + 1;
        for p in expand(stmt) {
            out.push((line, p));
        }
    }
    let mut line = 1;
    let mut word = String::new();
    for c in code.chars().chain(['\n']) {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
            continue;
        }
        if word.contains("::") && !word.starts_with(':') {
            let segs: Vec<String> = word.split("::").map(str::to_string).collect();
            if segs.iter().all(|s| !s.is_empty()) {
                out.push((line, segs));
            }
        }
        word.clear();
        if c == '\n' {
            line += 1;
        }
    }
    out
}

/// `(offset, tree)` of every `use tree;`.
fn use_statements(code: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find("use ") {
        let at = from + k;
        from = at + 4;
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(end) = code[from..].find(';') {
            out.push((at, code[from..from + end].trim()));
        }
    }
    out
}

/// A `use` tree as paths; `self` in a group is the group's own path, `as` names are dropped.
fn expand(tree: &str) -> Vec<Vec<String>> {
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(open) = tree.find('{') else {
        let head = tree.split(" as ").next().unwrap_or("");
        return vec![head.split("::").map(|s| s.trim().to_string()).collect()];
    };
    let prefix: Vec<String> = tree[..open]
        .trim_end_matches("::")
        .split("::")
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_string())
        .collect();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut out = Vec::new();
    for item in split_top(inner) {
        for tail in expand(item) {
            let tail: Vec<String> = tail.into_iter().filter(|s| s != "self").collect();
            out.push(prefix.iter().cloned().chain(tail).collect());
        }
    }
    out
}

/// `a, b::{c, d}, e` split at the commas outside braces.
fn split_top(s: &str) -> Vec<&str> {
    let (mut out, mut depth, mut from) = (Vec::new(), 0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(s[from..i].trim());
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[from..].trim());
    out.into_iter().filter(|x| !x.is_empty()).collect()
}

// ---- Top-level modules against the table ----

/// The top-level module of a file under `src/` (`src/load/xlsx/plan.rs` → `load`); `None`
/// for the crate roots.
fn top_module(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// What a path names outside its file's module `me` (`load`, at depth `depth` of nested
/// modules): another top-level module, or a crate (`formpack-pdf`; `crate::doc` is
/// `formpack-doc`).
fn names_module(segs: &[String], me: &str, depth: usize) -> Option<String> {
    let first = segs[0].as_str();
    let target = if first == "crate" {
        segs.get(1)?.clone()
    } else if let Some(c) = first.strip_prefix("formpack_") {
        return Some(format!("formpack-{c}"));
    } else if first == "super" {
        let ups = segs.iter().take_while(|s| *s == "super").count();
        if ups < depth {
            return None;
        }
        segs.get(ups)?.clone()
    } else {
        return None;
    };
    let target = if target == "doc" {
        "formpack-doc".to_string()
    } else {
        target
    };
    (target != me).then_some(target)
}

/// How deep a file's module is inside its top-level module (`src/load/mod.rs` 1,
/// `src/load/spots.rs`… `src/load/xlsx/plan.rs` 3).
fn depth(rel: &Path) -> usize {
    let n = rel.components().count();
    if rel.ends_with("mod.rs") {
        n - 1
    } else {
        n
    }
}

/// (file, line, module, what it uses) for every use of another module or crate in `src/`.
fn uses_in_src() -> Vec<(String, usize, String, String)> {
    let mut files = Vec::new();
    common::rust_files(&root().join("src"), &mut files);
    let mut out = Vec::new();
    for f in files {
        let rel = f.strip_prefix(root().join("src")).unwrap();
        let Some(me) = top_module(rel) else { continue };
        let code = code_of(&fs::read_to_string(&f).unwrap());
        for (line, segs) in paths(&code) {
            if let Some(t) = names_module(&segs, &me, depth(rel)) {
                out.push((show(&f), line, me.clone(), t));
            }
        }
    }
    out
}

/// (crate, file, line, crate it uses) for every `formpack*::` path in `crates/*/src`.
fn uses_in_crates() -> Vec<(String, String, usize, String)> {
    let mut out = Vec::new();
    for c in fs::read_dir(root().join("crates")).unwrap() {
        let dir = c.unwrap().path();
        let me = dir.file_name().unwrap().to_str().unwrap().to_string();
        let mut files = Vec::new();
        common::rust_files(&dir.join("src"), &mut files);
        for f in files {
            let code = code_of(&fs::read_to_string(&f).unwrap());
            for (line, segs) in paths(&code) {
                let used = match segs[0].as_str() {
                    "formpack" => "formpack".to_string(),
                    s => match s.strip_prefix("formpack_") {
                        Some(c) => format!("formpack-{c}"),
                        None => continue,
                    },
                };
                if used != me {
                    out.push((me.clone(), show(&f), line, used));
                }
            }
        }
    }
    out
}

fn refusal(file: &str, line: usize, me: &str, used: &str, table: &Table) -> String {
    let allowed: Vec<&str> = table[me].iter().map(String::as_str).collect();
    format!(
        "{file}:{line}: `{me}` uses `{used}`, against ARCHITECTURE.md \"Dependencies point one way\": \
         {me} → {} (use what the line allows, or change the rule there if it is wrong)",
        allowed.join(", ")
    )
}

#[test]
fn every_import_points_the_way_architecture_md_says() {
    let table = parse_table(&table_text());
    let mut errors = Vec::new();
    let mut seen = Table::new();
    let src = uses_in_src().into_iter().map(|(f, l, m, u)| (m, f, l, u));
    for (me, file, line, used) in src.chain(uses_in_crates()) {
        seen.entry(me.clone()).or_default().insert(used.clone());
        if !table.contains_key(&me) {
            errors.push(format!(
                "{file}: module `{me}` has no line in ARCHITECTURE.md \"Dependencies point one way\""
            ));
        } else if !table[&me].contains(&used) {
            errors.push(refusal(&file, line, &me, &used, &table));
        }
    }
    for (me, allowed) in &table {
        for used in allowed.difference(seen.get(me).unwrap_or(&BTreeSet::new())) {
            errors.push(format!(
                "ARCHITECTURE.md \"Dependencies point one way\" says `{me}` uses `{used}`, and \
                 nothing of it does: take `{used}` off its line"
            ));
        }
    }
    errors.dedup();
    assert!(errors.is_empty(), "\n{}\n", errors.join("\n"));
    assert!(seen.len() > 20, "found the modules: {seen:?}");
}

#[test]
fn every_module_and_crate_has_a_line() {
    let table = parse_table(&table_text());
    let mut missing = Vec::new();
    for e in fs::read_dir(root().join("src")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_str().unwrap().to_string();
        if !matches!(name.as_str(), "lib" | "main") && !table.contains_key(&name) {
            missing.push(show(&p));
        }
    }
    for c in fs::read_dir(root().join("crates")).unwrap() {
        let p = c.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if !table.contains_key(&name) {
            missing.push(show(&p));
        }
    }
    assert!(
        missing.is_empty(),
        "no line in ARCHITECTURE.md \"Dependencies point one way\" for: {missing:?}"
    );
    let ghosts: Vec<&String> = table
        .keys()
        .filter(|m| !root().join("src").join(format!("{m}.rs")).is_file())
        .filter(|m| !root().join("src").join(m).is_dir())
        .filter(|m| !root().join("crates").join(m).is_dir())
        .collect();
    assert!(
        ghosts.is_empty(),
        "ARCHITECTURE.md \"Dependencies point one way\" has lines for what is not there: {ghosts:?}"
    );
}

/// Each line uses only lines below it, so the table has no circle and reads top down.
#[test]
fn the_table_points_one_way() {
    let lines = parse_lines(&table_text());
    let mut wrong = Vec::new();
    for (i, (me, uses)) in lines.iter().enumerate() {
        for (above, _) in &lines[..i] {
            if uses.contains(above) {
                wrong.push(format!("`{me}` uses `{above}`, a line above it"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "ARCHITECTURE.md \"Dependencies point one way\" must point down: {wrong:?}"
    );
}

// ---- Circles between files of a crate ----

/// The module path of a file under a crate's `src` (`load/xlsx/mod.rs` → `load::xlsx`,
/// `lib.rs` → ``).
fn module_of(rel: &Path) -> Vec<String> {
    let mut segs: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_str().unwrap().to_string())
        .collect();
    if matches!(
        segs.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        segs.pop();
    }
    segs
}

/// The file module a path in module `me` names: `crate::`, `super::`, `self::` or a child
/// module (`mod x;` in the file) resolved, then the longest prefix that is a file.
fn resolve(
    me: &[String],
    segs: &[String],
    kids: &BTreeSet<String>,
    files: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let mut at: Vec<String> = match segs[0].as_str() {
        "crate" => Vec::new(),
        "super" | "self" => me.to_vec(),
        k if kids.contains(k) => me.to_vec(),
        _ => return None,
    };
    let mut rest = if segs[0] == "crate" { &segs[1..] } else { segs };
    while let Some(s) = rest.first() {
        match s.as_str() {
            "super" => drop(at.pop()),
            "self" => {}
            _ => break,
        }
        rest = &rest[1..];
    }
    at.extend(rest.iter().cloned());
    (0..=at.len())
        .rev()
        .map(|k| at[..k].to_vec())
        .find(|m| files.contains(m))
}

/// The children a file declares (`mod x;`).
fn kids_of(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
            let l = l.strip_prefix("pub ").unwrap_or(l);
            l.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_string)
        })
        .collect()
}

/// A crate's files: for each, the files it imports and the first line that does (a file
/// using its own ancestor left out).
type FileGraph = BTreeMap<String, BTreeMap<String, usize>>;

/// One crate's [`FileGraph`].
fn file_graph(src: &Path) -> FileGraph {
    let mut paths_of = Vec::new();
    common::rust_files(src, &mut paths_of);
    let rel = |p: &Path| p.strip_prefix(src).unwrap().to_path_buf();
    paths_of.retain(|p| !rel(p).ends_with("main.rs") || !src.join("lib.rs").exists());
    let modules: BTreeMap<Vec<String>, PathBuf> = paths_of
        .iter()
        .map(|p| (module_of(&rel(p)), p.clone()))
        .collect();
    let files: BTreeSet<Vec<String>> = modules.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (me, p) in &modules {
        let code = code_of(&fs::read_to_string(p).unwrap());
        let kids = kids_of(&code);
        let mut to = BTreeMap::new();
        for (line, segs) in paths(&code) {
            if let Some(t) = resolve(me, &segs, &kids, &files) {
                let ancestor = t.len() < me.len() && me.starts_with(&t);
                if &t != me && !ancestor {
                    let first = to.entry(show(&modules[&t])).or_insert(line);
                    *first = (*first).min(line);
                }
            }
        }
        graph.insert(show(p), to);
    }
    graph
}

/// Every circle of a graph (its strongly connected parts of more than one node), each sorted.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for m in graph.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    todo.push(m.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|n| (n, reach(n))).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    for (n, r) in &reached {
        let part: Vec<String> = r
            .iter()
            .filter(|m| reached.get(m).is_some_and(|back| back.contains(*n)))
            .cloned()
            .collect();
        if part.len() > 1 && !out.contains(&part) {
            out.push(part);
        }
    }
    out
}

/// The shortest way around a circle (files that reach each other), from `from` back to it.
fn way_around(from: &String, circle: &[String], graph: &FileGraph) -> Vec<String> {
    let mut back: BTreeMap<&String, &String> = BTreeMap::new();
    let mut todo = std::collections::VecDeque::from([from]);
    while let Some(a) = todo.pop_front() {
        for b in graph[a].keys().filter(|b| circle.contains(b)) {
            if b == from {
                let mut way = vec![a.clone()];
                while let Some(p) = back.get(way.last().unwrap()) {
                    way.push((*p).clone());
                }
                way.reverse();
                return way;
            }
            if !back.contains_key(b) {
                back.insert(b, a);
                todo.push_back(b);
            }
        }
    }
    Vec::new()
}

/// A circle said as its shortest way around: `a.rs:12 uses b.rs`, one a line.
fn circle_lines(circle: &[String], graph: &FileGraph) -> String {
    let way = circle
        .iter()
        .map(|f| way_around(f, circle, graph))
        .filter(|w| !w.is_empty())
        .min_by_key(Vec::len)
        .unwrap_or_default();
    let mut out = Vec::new();
    for (k, a) in way.iter().enumerate() {
        let b = &way[(k + 1) % way.len()];
        out.push(format!("  {a}:{} uses {b}", graph[a][b]));
    }
    format!(
        "{} files reach each other; the shortest way around:\n{}",
        circle.len(),
        out.join("\n")
    )
}

#[test]
fn no_two_files_of_a_crate_import_each_other() {
    let mut srcs = vec![root().join("src")];
    for c in fs::read_dir(root().join("crates")).unwrap() {
        srcs.push(c.unwrap().path().join("src"));
    }
    let (mut found, mut graph) = (Vec::new(), FileGraph::new());
    for src in srcs.iter().filter(|s| s.is_dir()) {
        let g = file_graph(src);
        let names = g
            .iter()
            .map(|(f, to)| (f.clone(), to.keys().cloned().collect()));
        found.extend(circles(&names.collect()));
        graph.extend(g);
    }
    let known: Vec<Vec<String>> = KNOWN_CIRCLES
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    let new: Vec<&Vec<String>> = found.iter().filter(|c| !known.contains(c)).collect();
    let gone: Vec<&Vec<String>> = known.iter().filter(|c| !found.contains(c)).collect();
    let said: Vec<String> = new.iter().map(|c| circle_lines(c, &graph)).collect();
    assert!(
        new.is_empty(),
        "files of a crate that import each other, around a circle (break it at its smallest \
         use: move what is shared below both):\n{}",
        said.join("\n")
    );
    assert!(
        gone.is_empty(),
        "broken, so take it out of KNOWN_CIRCLES: {gone:#?}"
    );
}

#[test]
fn the_reader_sees_what_it_should() {
    let code = "use crate::{diag::Spot, load::{self, Input as I}};\nfn f() { crate::world::Disk::new(); }\n";
    let p: Vec<(usize, String)> = paths(&code_of(code))
        .into_iter()
        .map(|(l, s)| (l, s.join("::")))
        .collect();
    for want in [
        "crate::diag::Spot",
        "crate::load",
        "crate::load::Input",
        "crate::world::Disk::new",
    ] {
        assert!(p.iter().any(|(_, s)| s == want), "{want} in {p:?}");
    }
    let t = parse_table("a → b, c (prose, d)\n     e    f → a\ng →\n");
    assert_eq!(t["a"], ["b", "c", "e"].map(String::from).into());
    assert_eq!(t["f"], ["a"].map(String::from).into());
    assert!(t["g"].is_empty());
}
