#!/usr/bin/env python3
"""Validate HWPX files with python-hwpx and fail on any error *or warning*.

Usage: validate.py PATH...   (each PATH a .hwpx file or a directory searched recursively)

For every file this runs, through python-hwpx's Python API (its CLIs exit 0 on warnings):
  1. the package validator (zip order, STORED mimetype, container, manifest, secCnt, table,
     cell and secPr attributes Hancom needs, stale layout caches, fields, drawing matrices);
  2. the full OWPML schema lint of header.xml and every section (``validate_document``);
  3. the id-integrity check (dangling charPrIDRef/paraPrIDRef/borderFillIDRef/..., orphan
     BinData);
  4. every table's grid walk (``iter_grid`` raises on overlapping spans).
Every issue is printed as ``FILE: [check] message``; the exit status is 1 if there was any
issue at all, 2 if no .hwpx file was found, 0 otherwise.
"""

from __future__ import annotations

import pathlib
import sys


def files_under(paths: list[str]) -> list[pathlib.Path]:
    found: list[pathlib.Path] = []
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            found.extend(sorted(p.rglob("*.hwpx")))
        elif p.suffix == ".hwpx":
            found.append(p)
    return found


def check(path: pathlib.Path) -> list[str]:
    """All issues of one file, as printable strings."""
    from hwpx import HwpxDocument
    from hwpx.tools.id_integrity import check_id_integrity
    from hwpx.tools.package_validator import validate_package
    from hwpx.tools.validator import validate_document

    issues: list[str] = []
    package = validate_package(str(path))
    issues += [f"[package {i.level}] {i}" for i in package.issues]
    document = validate_document(str(path))
    issues += [f"[schema {i.severity}] {i}" for i in document.issues]
    doc = HwpxDocument.open(str(path))
    ids = check_id_integrity(doc)
    issues += [f"[ids] dangling {d}" for d in ids.dangling]
    issues += [f"[ids] orphan BinData {o}" for o in ids.orphan_bin_data]
    for n, table in enumerate(doc.tables.all):
        try:
            cells = list(table.iter_grid())
        except Exception as e:  # overlapping or inconsistent spans
            issues.append(f"[grid] table {n}: {type(e).__name__}: {e}")
            continue
        if not cells:
            issues.append(f"[grid] table {n}: no cells")
    return issues


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    files = files_under(argv)
    if not files:
        print(f"no .hwpx file under {' '.join(argv)}", file=sys.stderr)
        return 2
    bad = 0
    for f in files:
        try:
            issues = check(f)
        except Exception as e:  # a file python-hwpx cannot even open
            issues = [f"[open] {type(e).__name__}: {e}"]
        for i in issues:
            print(f"{f}: {i}")
        bad += bool(issues)
        if not issues:
            print(f"{f}: ok")
    print(f"{len(files) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
