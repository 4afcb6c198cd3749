"""Property-based hardening: whatever a team pastes into a cell, there is never a traceback;
every text either reaches the documents or is reported as an error at its cell; the input
file is never modified. (Mangled workbooks: test_hypothesis_mangled.py, a file of its own so
that the two long property tests run on different workers.)

Example counts are the ci profile's (conftest.py); the dev profile runs a fifth of them."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import examples, rewrite_part, sample, sha, sheet_part
from docx_read import all_text
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pfs_docgen import schema as s
from pfs_docgen.api import build, check
from pfs_docgen.values import display_date
from pfs_docgen.workbook.write import excel_text

TEXT_EXAMPLES = 100
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PROSE = (s.Kind.TEXT, s.Kind.DATE, s.Kind.AMOUNT)
# Every prose cell of the sample that a team fills: (sheet, column).
TARGETS = [(sheet.name, col.name) for sheet in s.SHEETS for col in sheet.columns
           if col.kind in PROSE and sheet.name not in (s.PLAN_INFO, s.COUNCIL)
           and any(r.get(col.name) for r in sample().get(sheet.name, []))]

any_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=120),
    st.text(st.sampled_from(list(" \t\n\r\x07\x0b&<>\"'{}%#_x0-9é😀“”")), max_size=40),
    st.builds(lambda a, n: a * n, st.sampled_from(["Plan ", "&<", "{{ x }} "]),
              st.integers(200, 1200)),
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _with_cell(source: Path, path: Path, sheet: str, cell: str, value: str) -> Path:
    """A copy of `source` with one cell's text replaced, written as our writer writes it (an
    inline string, Excel's escapes for what XML cannot hold). openpyxl takes ~140 ms to
    write a whole workbook; this takes a few."""
    shutil.copy(source, path)

    def edit(data: bytes) -> bytes:
        root = etree.fromstring(data)
        c = next(e for e in root.iter(f"{{{SHEET_NS}}}c") if e.get("r") == cell)
        text = excel_text(value)
        if not text:  # the writer leaves an empty value's cell out
            c.getparent().remove(c)
        else:
            for child in list(c):
                c.remove(child)
            c.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(c, f"{{{SHEET_NS}}}is"), f"{{{SHEET_NS}}}t")
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    return rewrite_part(path, sheet_part(path, sheet), edit)


@settings(max_examples=examples(TEXT_EXAMPLES))
@given(target=st.sampled_from(TARGETS), value=any_text)
def test_any_text_reaches_the_documents_or_is_an_error_at_its_cell(sample_plan, renderer,
                                                                    target, value):
    sheet, column = target
    rows = sample()
    row = next(r for r in rows[sheet] if r.get(column))
    index = rows[sheet].index(row)
    letter = "ABCDEFGHIJKLMNOP"[[c.name for c in s.SHEETS_BY_NAME[sheet].columns].index(column)]
    cell = f"{letter}{index + 2}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = _with_cell(sample_plan, tmp / "plan.xlsx", sheet, cell, value)
        before = sha(path)
        report = check(path)
        if report.errors:
            at_cell = [i for i in report.issues if i.is_error and i.sheet == sheet
                       and i.cell == cell]
            assert at_cell, [i.message for i in report.issues if i.is_error]
            assert report.errors == len(at_cell)
        else:
            manifest = build(path, tmp / "out", renderer=renderer)
            text = _squash("\n".join(all_text(tmp / "out" / d.path)
                                     for d in manifest.documents))
            if s.SHEETS_BY_NAME[sheet].column(column).kind is s.Kind.DATE:
                value = display_date(value)  # a date typed as text reads in the one format
            assert _squash(value.replace("\r", "\n")) in text
        assert sha(path) == before
