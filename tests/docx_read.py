"""Reading generated .docx files back, the way a reviewer would look at them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A part with a paragraph element in it, whatever its prefix (not <w:pPr>, <w:pStyle>): the
# big parts with none (styles.xml, stylesWithEffects.xml) need not be parsed to find none.
_HAS_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def paragraph_text(p_element) -> str:
    """A paragraph's text with line breaks as \\n and tabs as \\t."""
    out = []
    for el in p_element.iter(W + "t", W + "br", W + "tab"):
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "br" and el.get(W + "type") != "page":
            out.append("\n")
        elif el.tag == W + "tab":
            out.append("\t")
    return "".join(out)


def all_text(path: Path) -> str:
    """Every paragraph of the body, headers and footers, one per line."""
    lines = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                data = z.read(name)
                if _HAS_PARAGRAPH.search(data):
                    lines += [paragraph_text(p) for p in etree.fromstring(data).iter(W + "p")]
    return "\n".join(lines)


def headings(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every Heading paragraph, in order."""
    document = docx.Document(str(path))
    return [(p.style.name, paragraph_text(p._p)) for p in document.paragraphs
            if p.style.name.startswith("Heading")]


def tables(path: Path) -> list[list[list[str]]]:
    """Every table as rows of cell texts (merged cells once)."""
    document = docx.Document(str(path))
    out = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            seen, cells = set(), []
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cells.append("\n".join(paragraph_text(p._p) for p in cell.paragraphs))
            rows.append(cells)
        out.append(rows)
    return out


def header_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(paragraph_text(p) for name in z.namelist()
                         if name.startswith("word/header")
                         for p in etree.fromstring(z.read(name)).iter(W + "p"))
