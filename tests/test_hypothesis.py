"""Property-based hardening: whatever a team pastes into a cell, and however a workbook is
mangled, there is never a traceback; every text either reaches the documents or is reported
as an error at its cell; the input file is never modified.

Example counts are the ci profile's (conftest.py); the dev profile runs a fifth of them."""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import examples, rewrite_part, sample, sheet_part
from docx_read import all_text
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook

from pfs_docgen import schema as s
from pfs_docgen.api import build, check
from pfs_docgen.errors import InvalidWorkbook
from pfs_docgen.values import display_date
from pfs_docgen.workbook import write_workbook
from pfs_docgen.workbook.write import excel_text

TEXT_EXAMPLES = 100
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRUCTURE_EXAMPLES = 50  # each is an openpyxl load and save, ~0.3 s: the suite stays under 90 s
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


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sample_plan(tmp_path_factory) -> Path:
    """The sample district workbook, written once: each example changes a copy."""
    return write_workbook(tmp_path_factory.mktemp("sample") / "plan.xlsx", s.DISTRICT,
                          sample())


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
    letter = "ABCDEFGHIJ"[[c.name for c in s.SHEETS_BY_NAME[sheet].columns].index(column)]
    cell = f"{letter}{index + 2}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = _with_cell(sample_plan, tmp / "plan.xlsx", sheet, cell, value)
        before = _sha(path)
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
        assert _sha(path) == before


MUTATIONS = ["drop sheet", "rename sheet", "shuffle headers", "rename header",
             "duplicate id", "dangling reference", "wrong type", "empty required cell",
             "blank header row", "extra sheet"]


def _mutate(book, mutation: str, rng: random.Random) -> None:
    """One mutation of an openpyxl workbook, in memory."""
    plan_sheets = [n for n in book.sheetnames if n in s.SHEETS_BY_NAME and n != s.PLAN_INFO]
    ws = book[rng.choice(plan_sheets)]
    spec = s.SHEETS_BY_NAME[ws.title]
    if mutation == "drop sheet":
        del book[ws.title]
    elif mutation == "rename sheet":
        ws.title = rng.choice(["Sheet7", ws.title.upper() + "!", "Copy of " + ws.title[:20]])
    elif mutation == "shuffle headers":
        columns = list(ws.iter_cols(values_only=True))
        rng.shuffle(columns)
        for c, values in enumerate(columns, start=1):
            for r, value in enumerate(values, start=1):
                ws.cell(r, c).value = value
    elif mutation == "rename header":
        ws.cell(1, rng.randint(1, len(spec.columns))).value = rng.choice(["Notes", "", "??"])
    elif mutation in ("duplicate id", "dangling reference", "wrong type",
                      "empty required cell") and ws.max_row >= 3:
        col = {"duplicate id": lambda c: c.kind is s.Kind.ID,
               "dangling reference": lambda c: c.kind is s.Kind.REF,
               "wrong type": lambda c: bool(c.choices),
               "empty required cell": lambda c: c.required}[mutation]
        fitting = [i for i, c in enumerate(spec.columns, start=1) if col(c)]
        if fitting:
            c = rng.choice(fitting)
            value = {"duplicate id": ws.cell(2, c).value, "dangling reference": "NOPE-9",
                     "wrong type": 42, "empty required cell": None}[mutation]
            ws.cell(3, c).value = value
    elif mutation == "blank header row":
        ws.insert_rows(1)
    elif mutation == "extra sheet":
        book.create_sheet("Budget notes")["A1"] = "not part of the plan"


@settings(max_examples=examples(STRUCTURE_EXAMPLES))
@given(mutations=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3),
       seed=st.integers(0, 10_000))
def test_mangled_workbooks_never_crash_and_errors_stop_the_build(sample_plan, renderer,
                                                                 mutations, seed):
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = Path(shutil.copy(sample_plan, tmp / "plan.xlsx"))
        book = load_workbook(path)
        for mutation in mutations:  # one after the other, saved once
            _mutate(book, mutation, rng)
        book.save(path)
        before = _sha(path)
        report = check(path)  # never raises
        assert all(i.message and i.severity in ("error", "warning") for i in report.issues)
        try:
            manifest = build(path, tmp / "out", renderer=renderer)
        except InvalidWorkbook as exc:
            assert report.errors and exc.issues
            assert not (tmp / "out").exists()
        else:
            assert report.errors == 0
            assert manifest.documents and all((tmp / "out" / d.path).is_file()
                                              for d in manifest.documents)
        assert _sha(path) == before
        shutil.rmtree(tmp / "out", ignore_errors=True)
