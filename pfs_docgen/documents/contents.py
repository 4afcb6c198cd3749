"""Page numbers for a document's table of contents, from LibreOffice's own layout.

A plain build leaves the contents as links without page numbers: numbering needs a layout
engine, and a build never waits for one. With --pdf, LibreOffice lays the document out and
updates its contents before exporting; the macro hands us that contents' text
(`entry<TAB>page` lines), and the .docx's entries get the same numbers, so the file and its
PDF agree. A document whose entries do not match LibreOffice's, line for line, is left as
it is: no page number is better than a wrong one.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from ..files import write_atomic

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ENTRY_STYLES = {"toc1", "toc2"}  # "toc 1" and "toc 2" (Word spells the ids TOC1, TOC2)
_LINE = re.compile(r"^(.*\S)\t+(\d+)\s*$")


def laid_out_pages(contents: str) -> list[tuple[str, str]]:
    """(entry text, page) for each line of LibreOffice's contents that ends in a page."""
    found = []
    for line in contents.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        m = _LINE.match(line)
        if m:
            found.append((" ".join(m[1].split()), m[2]))
    return found


def number_contents(path: Path, contents: str) -> bool:
    """Give each contents entry of the .docx at `path` its page number as LibreOffice laid
    it out; True when it did (the file is rewritten atomically), False when it left it."""
    pages = laid_out_pages(contents)
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    body = dict((info.filename, data) for info, data in parts)["word/document.xml"]
    root = etree.fromstring(body)
    entries = [p for p in root.iter(f"{{{W}}}p") if (_style(p) or "").lower() in _ENTRY_STYLES]
    # the text of its runs (the first entry also holds the field's instruction)
    texts = [" ".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")).split())
             for p in entries]
    if not entries or texts != [text for text, _ in pages]:
        return False
    for paragraph, (_, page) in zip(entries, pages):
        target = paragraph.find(f"{{{W}}}hyperlink")
        target = paragraph if target is None else target
        for child in (_run(tab=True), _run(text=page)):
            target.append(child)
    numbered = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for info, data in parts:
            target_zip.writestr(info, numbered if info.filename == "word/document.xml" else data)
    write_atomic(path, out.getvalue())
    return True


def _style(paragraph) -> str | None:
    style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
    return style.get(f"{{{W}}}val") if style is not None else None


def _run(tab: bool = False, text: str = ""):
    run = etree.Element(f"{{{W}}}r")
    if tab:
        etree.SubElement(run, f"{{{W}}}tab")
    else:
        etree.SubElement(run, f"{{{W}}}t").text = text
    return run
