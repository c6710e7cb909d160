#!/usr/bin/env python3
"""Compare filled forms with their original under python-hwpx: report only what is new.

Usage: compare.py ORIGINAL.hwpx FILLED.hwpx...

Runs validate.py's checks (package validator, OWPML schema lint, id integrity, table grids)
on the original and on each filled file. A real form may already carry findings (Hancom's own
files get a package warning about the version part); a filled form must not add any. Prints
``FILE: [new] issue`` for each new one, then ``N passed, M failed``; exit 1 on any new issue.
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from validate import check  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    original = pathlib.Path(argv[0])
    before = set(check(original))
    bad = 0
    for f in map(pathlib.Path, argv[1:]):
        try:
            issues = check(f)
        except Exception as e:  # a file python-hwpx cannot even open
            issues = [f"[open] {type(e).__name__}: {e}"]
        new = [i for i in issues if i not in before]
        for i in new:
            print(f"{f}: [new] {i}")
        bad += bool(new)
        if not new:
            print(f"{f}: ok ({len(issues)} findings the original has too)")
    print(f"{len(argv) - 1 - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
