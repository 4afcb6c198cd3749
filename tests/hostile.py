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


def set_cell(path: Path, sheet_part_name: str, ref: str, cell_xml: bytes) -> Path:
    """Replace the cell `ref` of a sheet part (our writer's `<c r="F2" ...>...</c>`) by
    `cell_xml`, a whole `<c>` element as an attacker writes it."""
    import re

    from conftest import rewrite_part

    def edit(xml: bytes) -> bytes:
        new, found = re.subn(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref.encode(), cell_xml, xml,
                             count=1)
        assert found, f"no cell {ref} in {sheet_part_name}"
        return new

    return rewrite_part(path, sheet_part_name, edit)


def add_number_format(path: Path, code: str) -> int:
    """A custom number format added to the workbook's styles; returns the style index a cell
    gives in `s="..."` to be shown with it."""
    import re
    from xml.sax.saxutils import quoteattr

    from conftest import rewrite_part

    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml")
    cell_xfs = re.search(rb"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
    assert cell_xfs is not None
    index = len(re.findall(rb"<xf ", cell_xfs.group(1)))

    def edit(xml: bytes) -> bytes:
        fmt = f"<numFmt numFmtId=\"300\" formatCode={quoteattr(code)}/>".encode()
        xml = re.sub(rb"<numFmts[^>]*/>", b"<numFmts>" + fmt + b"</numFmts>", xml)
        if fmt not in xml:
            xml = xml.replace(b"</numFmts>", fmt + b"</numFmts>")
        return xml.replace(b"</cellXfs>", b'<xf numFmtId="300" fontId="0" fillId="0" '
                           b'borderId="0" applyNumberFormat="1" xfId="0"/></cellXfs>')

    rewrite_part(path, "xl/styles.xml", edit)
    return index


def add_shared_strings(path: Path, strings: list[str], part: str = "xl/sharedStrings.xml",
                       target: str = "sharedStrings.xml") -> Path:
    """Give a workbook (ours writes inline strings) a shared strings part, named `part`
    and found through its relationship's `target`, as Excel and others write it."""
    from xml.sax.saxutils import escape

    from conftest import rewrite_part

    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN_NS.decode()}" '
           f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    rewrite_part(path, "[Content_Types].xml", lambda x: x.replace(
        b"</Types>", f'<Override PartName="/{part}" ContentType="application/vnd.openxml'
        'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'.encode()))
    rewrite_part(path, "xl/_rels/workbook.xml.rels", lambda x: x.replace(
        b"</Relationships>", f'<Relationship Id="rIdStrings" Type="http://schemas.openxml'
        'formats.org/officeDocument/2006/relationships/sharedStrings" '
        f'Target="{target}"/></Relationships>'.encode()))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(part, xml)
    return path
