"""Property-based hardening: however a workbook is mangled (sheets dropped or renamed,
headers shuffled, references dangling), there is never a traceback, errors stop the build
and the input file is never modified.

Example counts are the ci profile's (conftest.py); the dev profile runs a fifth of them."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

from conftest import examples, sha
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pfs_docgen import schema as s
from pfs_docgen.api import build, check
from pfs_docgen.errors import InvalidWorkbook

STRUCTURE_EXAMPLES = 50  # each is an openpyxl load and save, ~0.3 s: the suite stays under 90 s


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
        before = sha(path)
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
        assert sha(path) == before
        shutil.rmtree(tmp / "out", ignore_errors=True)
