"""Golden text dumps of every sample document kind, so that a change to a template or to the
context shows up as a reviewable diff under tests/golden/.

Regenerate after an intended change, then read the diff before committing:

    PFS_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from conftest import make_workbook, school_rows
from docx_read import W, paragraph_text
from lxml import etree

from pfs_docgen import schema as s
from pfs_docgen.api import renderer_for
from pfs_docgen.context import alignment_context, plan_model, school_alignment, with_document
from pfs_docgen.documents import kinds_for
from pfs_docgen.workbook import read_workbook, write_workbook

GOLDEN = Path(__file__).parent / "golden"


def dump(docx: bytes) -> str:
    """The body in order: headings with their level, paragraphs, table cells (` | `)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(W + "body")
    lines = []
    for element in body:
        if element.tag == W + "p":
            style = element.find(f"{W}pPr/{W}pStyle")
            name = style.get(W + "val") if style is not None else ""
            text = paragraph_text(element)
            if text.strip():
                lines.append(f"[{name}] {text}" if name.startswith("Heading") else text)
        elif element.tag == W + "tbl":
            for row in element.iter(W + "tr"):
                cells = ["\n".join(paragraph_text(p) for p in tc.iter(W + "p"))
                         for tc in row.iter(W + "tc")]
                lines.append("| " + " | ".join(c.replace("\n", " / ") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _documents(tmp_path) -> dict[str, bytes]:
    renderer = renderer_for()
    district = read_workbook(make_workbook(tmp_path))
    school = read_workbook(write_workbook(tmp_path / "school.xlsx", s.SCHOOL, school_rows()))
    out = {}
    for book in (district, school):
        model = plan_model(book, district=district)
        for kind in kinds_for(book):
            out[f"{book.plan_level}-{kind}"] = renderer.render(kind, with_document(model, kind))
    out["district-alignment"] = renderer.render(
        "alignment", alignment_context(district, [school_alignment(school)]))
    return out


def test_every_sample_document_reads_as_its_golden_dump(tmp_path):
    documents = _documents(tmp_path)
    assert len(documents) >= 7
    for name, data in documents.items():
        path = GOLDEN / f"{name}.txt"
        text = dump(data)
        if os.environ.get("PFS_UPDATE_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        elif not path.is_file():
            pytest.fail(f"{path} is missing: run PFS_UPDATE_GOLDEN=1 pytest {__file__}")
        assert text == path.read_text(encoding="utf-8"), name
