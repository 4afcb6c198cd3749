"""pfs-docgen export: the plan as canonical JSON, its JSON Schema, and the JSON read back
wherever a workbook is."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import make_workbook, run_cli, sample, school_rows, sha
from docx_read import all_text

from pfs_docgen import schema as s
from pfs_docgen.api import build
from pfs_docgen.validate import validate
from pfs_docgen.workbook import read_workbook
from pfs_docgen.workbook.plan_json import FORMAT_VERSION, SCHEMA_ID


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    """The sample district and a school of it, each as a workbook and exported."""
    tmp = tmp_path_factory.mktemp("export")
    district = make_workbook(tmp, "district.xlsx")
    school = make_workbook(tmp, "school.xlsx", s.SCHOOL, rows=school_rows())
    out = {}
    for name, path, extra in (("district", district, []),
                              ("school", school, ["--district", district])):
        target = tmp / f"{name}.json"
        result = run_cli("export", path, "-o", target, *extra)
        assert result.exit_code == 0, result.output
        assert result.stdout == f"{target}\n"
        out[name] = (path, target)
    return out


def _schema():
    result = run_cli("export", "--schema")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_export_schema_is_a_valid_versioned_json_schema():
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID and f"v{FORMAT_VERSION}" in SCHEMA_ID


@pytest.mark.parametrize("name", ["district", "school"])
def test_exported_plan_validates_against_the_published_schema(plans, name):
    data = json.loads(plans[name][1].read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        _schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(data)) == []


def test_export_is_canonical_every_cell_with_its_place_dates_and_links(plans):
    path, exported = plans["district"]
    text = exported.read_text("utf-8")
    data = json.loads(text)
    assert list(data) == ["$schema", "format", "version", "level", "organisation",
                          "plan_info", "sheets"]
    assert [sh["name"] for sh in data["sheets"]] == [
        sh.name for sh in s.SHEETS if sh.name in read_workbook(path).sheets]
    book = read_workbook(path)
    for sheet in data["sheets"]:
        records = book.records(sheet["name"])
        assert [r["row"] for r in sheet["rows"]] == [r.row for r in records]
        for row, record in zip(sheet["rows"], records):
            assert row["cells"] == record.texts()
            assert list(row["cells"]) == [c.name for c in s.SHEETS_BY_NAME[sheet["name"]].columns
                                          if c.name in row["cells"]]
    benchmarks = next(sh for sh in data["sheets"] if sh["name"] == s.BENCHMARKS)
    first = benchmarks["rows"][0]
    initiatives = next(sh for sh in data["sheets"] if sh["name"] == s.INITIATIVES)
    target = next(r for r in initiatives["rows"]
                  if r["cells"][s.ID] == first["cells"][s.INITIATIVE_ID])
    assert first["links"][s.INITIATIVE_ID] == {"sheet": s.INITIATIVES, "row": target["row"]}
    # stdout, a second export and an export of the export are the same bytes
    again = run_cli("export", path)
    assert again.stdout == text
    assert run_cli("export", exported).stdout == text


def test_export_keeps_real_dates_as_iso(tmp_path):
    from datetime import datetime

    from openpyxl import load_workbook

    path = make_workbook(tmp_path)
    wb = load_workbook(path)
    wb[s.BENCHMARKS]["I2"] = datetime(2026, 1, 30)
    wb[s.BENCHMARKS]["I2"].number_format = "m/d/yyyy"
    wb.save(path)
    data = json.loads(run_cli("export", path).stdout)
    row = next(sh for sh in data["sheets"] if sh["name"] == s.BENCHMARKS)["rows"][0]
    shown = read_workbook(path).records(s.BENCHMARKS)[0].text(s.STATUS_DATE)
    assert row["cells"][s.STATUS_DATE] == shown == "January 30, 2026"
    assert row["dates"] == {s.STATUS_DATE: "2026-01-30"}
    out = tmp_path / "plan.json"
    out.write_text(json.dumps(data), "utf-8")
    cell = read_workbook(out).records(s.BENCHMARKS)[0].cell(s.STATUS_DATE)
    assert cell.text == shown and cell.date.isoformat() == "2026-01-30"


def test_export_refuses_a_workbook_with_errors(tmp_path):
    rows = sample()
    rows[s.BENCHMARKS][0][s.INITIATIVE_ID] = "9.9"
    path = make_workbook(tmp_path, rows=rows)
    result = run_cli("export", path, "-o", tmp_path / "plan.json")
    assert result.exit_code == 1
    assert "it was not exported" in result.stderr and "9.9" in result.stderr
    assert not (tmp_path / "plan.json").exists()


def test_validate_reads_the_json_and_names_the_same_cells(plans, tmp_path):
    path, exported = plans["district"]
    assert [i.message for i in validate(read_workbook(exported))] == \
        [i.message for i in validate(read_workbook(path))]
    data = json.loads(exported.read_text("utf-8"))
    rows = next(sh for sh in data["sheets"] if sh["name"] == s.BENCHMARKS)["rows"]
    rows[0]["cells"][s.INITIATIVE_ID] = "9.9"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), "utf-8")
    result = run_cli("validate", broken)
    assert result.exit_code == 1
    assert "Benchmarks!B2" in result.stdout and "9.9" in result.stdout


@pytest.mark.parametrize("name", ["district", "school"])
def test_build_from_the_json_makes_the_same_documents(plans, name, tmp_path, renderer):
    path, exported = plans[name]
    district = plans["district"][0] if name == "school" else None
    before = sha(exported)
    direct = build(path, tmp_path / "direct", district=district, renderer=renderer)
    via = build(exported, tmp_path / "via", district=district, renderer=renderer)
    assert [d.path for d in via.documents] == [d.path for d in direct.documents]
    for document in direct.documents:
        assert all_text(tmp_path / "via" / document.path) == \
            all_text(tmp_path / "direct" / document.path), document.path
    assert sha(exported) == before


def test_build_accepts_the_json_district(plans, tmp_path):
    school, _ = plans["school"]
    result = run_cli("build", school, "--district", plans["district"][1], "-o", tmp_path)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("content, said", [
    (b"not json", "not UTF-8 JSON"),
    (b"\xff\xfe{}", "not UTF-8 JSON"),
    (b"[1, 2]", "not a plan exported by pfs-docgen"),
    (b'{"format": "pfs-docgen plan", "version": 99, "sheets": []}', "format version is 99"),
    (b'{"format": "pfs-docgen plan", "version": 1, "sheets": [{"name": "Nope"}]}',
     "sheets[0] is not one of the plan's sheets"),
    (b'{"format": "pfs-docgen plan", "version": 1, "sheets": [{"name": "Mission", '
     b'"columns": {"Text": "A"}, "rows": [{"row": 2, "cells": {"Text": "a\\u0007"}}]}]}',
     "control character"),
    (b'[' * 100000, "not UTF-8 JSON"),
])
def test_a_file_that_is_not_an_exported_plan_is_named_and_refused(tmp_path, content, said):
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    result = run_cli("validate", path)
    assert result.exit_code == 1
    assert said in result.stderr
    assert "Give the workbook itself, or a file written by pfs-docgen export" in result.stderr
