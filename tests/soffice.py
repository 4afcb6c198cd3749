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
