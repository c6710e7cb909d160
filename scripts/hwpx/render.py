#!/usr/bin/env python3
"""Render HWPX files to PNG with rhwp (PyPI rhwp-python), for a look by eye.

Usage: render.py [--pages N] [--scale S] OUT_DIR PATH...
  PATH: .hwpx files or directories (searched recursively).
  Writes OUT_DIR/<stem>-p<page>.png for the first N pages (default 1) and prints each
  file's page count and the start of rhwp's text extraction.

rhwp is an independent open-source renderer, not Hancom Office: it lays the text out
itself (no layout cache is in our files), does not draw page-number fields (hp:autoNum)
inside footers, and needs fonts installed (apt: fonts-nanum for NanumMyeongjo/NanumGothic).

Debian 12: rhwp's wheel bundles a FreeType that lacks FT_Palette_Data_Get; importing it
fails with "undefined symbol". The script then re-runs itself with the system libfreetype
preloaded (LD_PRELOAD), which is the known workaround.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys


def system_freetype() -> str | None:
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    for line in out.splitlines():
        if "libfreetype.so.6 " in line and "=>" in line:
            return line.split("=>")[-1].strip()
    return None


def import_rhwp():
    try:
        import rhwp  # noqa: F401

        return rhwp
    except ImportError as e:
        if "FT_Palette_Data_Get" in str(e) and "LD_PRELOAD" not in os.environ:
            lib = system_freetype()
            if lib:
                env = dict(os.environ, LD_PRELOAD=lib)
                os.execve(sys.executable, [sys.executable, *sys.argv], env)
        raise


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.5)
    ap.add_argument("out_dir")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    rhwp = import_rhwp()
    out = pathlib.Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: list[pathlib.Path] = []
    for p in map(pathlib.Path, args.paths):
        files.extend(sorted(p.rglob("*.hwpx")) if p.is_dir() else [p])
    failed = 0
    for f in files:
        try:
            doc = rhwp.parse(str(f))
            pages = doc.page_count
            print(f"{f}: {pages} page(s)")
            for n in range(min(pages, args.pages)):
                png = out / f"{f.stem}-p{n + 1}.png"
                png.write_bytes(doc.render_png(n, scale=args.scale))
                print(f"  -> {png}")
            text = doc.extract_text().strip().splitlines()
            print("  text:", " | ".join(line[:60] for line in text[:6]))
        except Exception as e:  # report and go on with the next file
            failed += 1
            print(f"{f}: rhwp failed: {type(e).__name__}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
