"""The bundled sample district: inputs/ matches the packaged plans, and the demo runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from pfs_docgen import schema as s
from pfs_docgen.api import check, load_district
from pfs_docgen.sample import sample_rows, school_sample_names, school_samples
from pfs_docgen.workbook import read_workbook

INPUTS = Path(__file__).resolve().parents[1] / "inputs"


def _as_rows(book) -> dict:
    rows = {}
    for name, data in book.sheets.items():
        rows[name] = [{c: text for c, text in r.texts().items() if text}
                      for r in data.records]
    return rows


def _cases():
    yield "maple-falls-district.xlsx", sample_rows(s.DISTRICT)
    for name, rows in zip(school_sample_names(), school_samples()):
        yield f"schools/{name}.xlsx", rows


@pytest.mark.parametrize("name,rows", list(_cases()), ids=lambda v: v if isinstance(v, str)
                         else "")
def test_inputs_match_the_packaged_sample(name, rows):
    book = read_workbook(INPUTS / name)
    found = _as_rows(book)
    for sheet, expected in rows.items():
        assert found.get(sheet, []) == expected, (name, sheet)


def test_sample_district_validates_with_its_honest_warnings():
    report = check(INPUTS / "maple-falls-district.xlsx")
    assert report.errors == 0
    assert [(i.sheet, i.cell) for i in report.issues] == [
        ("Strategic Initiatives", "C9"), ("Outcomes", "I9"),
        # three benchmarks overdue at the mid-year report
        ("Benchmarks", "F13"), ("Benchmarks", "F23"), ("Benchmarks", "F24"),
        ("Benchmarks", "F33")]


def test_sample_schools_validate_against_the_district():
    district = load_district(INPUTS / "maple-falls-district.xlsx")
    reports = [check(p, district=district) for p in sorted((INPUTS / "schools").glob("*.xlsx"))]
    assert len(reports) >= 6
    assert all(r.errors == 0 for r in reports)
    # one unaligned objective, one blank response, and the benchmarks of January that the
    # schools' mid-year updates still call On Track or At Risk: overdue
    assert sum(r.warnings for r in reports) == 2 + 13
    assert sum("overdue" in i.message for r in reports for i in r.issues) == 13


def test_demo_runs_the_whole_pipeline(tmp_path):
    result = run_cli("demo", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output + result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["failures"] == []
    folders = {d["path"].split("/")[0] for d in manifest["documents"]}
    assert "district" in folders and len(folders) == 1 + len(school_sample_names())
    kinds = {d["kind"] for d in manifest["documents"]}
    assert {"district-plan", "district-action-plan", "district-plan-overview",
            "progress-report", "alignment", "schools-progress", "school-improvement-plan",
            "school-action-plan"} <= kinds
    # a second demo replaces the first without asking
    assert run_cli("demo", "-o", str(tmp_path / "out")).exit_code == 0
