"""LibreOffice, the real Word-compatible client, for tests that prove documents open and lay out.

Locally these tests skip with a reason when LibreOffice is absent; in CI (CI=true) they fail
instead, because .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def require(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        reason = (f"{', '.join(missing)} not installed (apt-get install "
                  "libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)")
        if os.environ.get("CI"):
            pytest.fail(reason + ": CI must run the LibreOffice tests")
        pytest.skip(reason)


def convert(paths: list[Path], out_dir: Path, fmt: str = "pdf", timeout: int = 240) -> None:
    """Convert files in one soffice call, with a profile of its own (shared profiles lose
    files silently when two soffice processes run at once)."""
    require("soffice")
    profile = out_dir / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", fmt, "--outdir", str(out_dir), *map(str, paths)],
                   check=True, capture_output=True, timeout=timeout)


def pdf_pages(pdf: Path) -> int:
    require("pdfinfo")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def pdf_text(pdf: Path) -> str:
    require("pdftotext")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def page_lines(pdf: Path) -> list[dict]:
    """Each page of a PDF as laid out: its size and its lines of text, top to bottom, as
    (top, bottom, text), the running header and footer left out (the top and bottom inch)."""
    from lxml import etree

    require("pdftotext")
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                          capture_output=True).stdout
    root = etree.fromstring(html, etree.XMLParser(recover=True))
    pages = []
    for page in root.iter("{*}page"):
        height = float(page.get("height"))
        lines = []
        for line in page.iter("{*}line"):
            top, bottom = float(line.get("yMin")), float(line.get("yMax"))
            text = " ".join(w.text or "" for w in line.iter("{*}word")).strip()
            if text and 60 < top and bottom < height - 60:
                lines.append((top, bottom, text))
        lines.sort()
        pages.append({"width": float(page.get("width")), "height": height, "lines": lines})
    return pages
