"""Hostile workbooks, made the way an attacker makes them: the zip and its XML written
directly (openpyxl refuses to write most of this), and measured in a child process.

A hostile file starts as a real plan (make_workbook), so what the reader refuses is the
hostile part alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def replace_part(path: Path, part: str, chunks: Iterable[bytes], *,
                 level: int = 9) -> Path:
    """The workbook with one part's bytes replaced by `chunks`, streamed into the zip (a
    part of hundreds of megabytes is never held whole); every other part copied as it is."""
    source = path.with_name(path.name + ".src")
    path.rename(source)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            if info.filename == part:
                replaced = zipfile.ZipInfo(part, info.date_time)
                replaced.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(replaced, "w", force_zip64=True) as out:
                    for chunk in chunks:
                        out.write(chunk)
            else:
                dst.writestr(info, src.read(info.filename))
    source.unlink()
    return path


def sheet_xml(rows: Iterable[bytes], merges: Iterable[str] = ()) -> Iterable[bytes]:
    """A worksheet part: `rows` are `<row>` elements, in chunks; then the merged ranges."""
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + MAIN_NS + b'"><sheetData>'
    yield from rows
    yield b"</sheetData>"
    merges = list(merges)
    if merges:
        yield f'<mergeCells count="{len(merges)}">'.encode()
        yield "".join(f'<mergeCell ref="{ref}"/>' for ref in merges).encode()
        yield b"</mergeCells>"
    yield b"</worksheet>"


def text_row(number: int, texts: dict[str, str]) -> bytes:
    cells = "".join(f'<c r="{col}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
                    for col, text in texts.items())
    return f'<row r="{number}">{cells}</row>'.encode()


def number_rows(first: int, count: int, columns: str = "A", batch: int = 5000):
    """`count` rows of small numbers from row `first`, one cell a column: what 'a 2.4 MB
    workbook that unpacks to 260 MB of small numbers' is made of."""
    for start in range(first, first + count, batch):
        yield b"".join(
            f'<row r="{n}">'.encode() + b"".join(f'<c r="{c}{n}"><v>{n % 10}</v></c>'.encode()
                                                 for c in columns) + b"</row>"
            for n in range(start, min(start + batch, first + count)))


# The peak is VmHWM (Linux), not ru_maxrss: Linux carries a parent's ru_maxrss into its
# child across fork and exec, so a child of a big test process would seem big.
CHILD = """
import json, resource, sys, time
from pathlib import Path
from pfs_docgen.api import check

def peak_mb():
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

start = time.perf_counter()
report = check(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": peak_mb(),
                  "readable": report.book is not None,
                  "messages": [i.message for i in report.issues if i.is_error][:5]}))
"""


def measured_check(path: Path, timeout: float = 60) -> dict:
    """api.check(path) in a fresh interpreter: its seconds, its peak resident memory (the
    child's own ru_maxrss, interpreter and imports included) and its error messages."""
    result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                            text=True, timeout=timeout, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])
