"""Shared fixtures: workbooks are made with our own writer, so they follow the schema."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from pfs_docgen import schema as s
from pfs_docgen.sample import sample_rows
from pfs_docgen.workbook import write_workbook

DROP = object()  # pass as a sheet's rows to leave the sheet out


def sample(level: str = s.DISTRICT) -> dict[str, list[dict[str, str]]]:
    """A fresh, deep copy of the bundled sample plan's rows, safe to mutate."""
    return copy.deepcopy(sample_rows(level))


def make_workbook(tmp_path: Path, name: str = "plan.xlsx", level: str = s.DISTRICT,
                  rows: dict | None = None, **sheets) -> Path:
    """Write a workbook from the sample plan; keyword sheets replace (or DROP) its rows.

    Sheet keywords use the schema name with spaces as underscores and `&` as `and`:
    `make_workbook(tmp_path, Benchmarks=[...], Induction_and_Mentoring=DROP)`.
    """
    data = sample(level) if rows is None else rows
    by_key = {s.normalize(sheet.name): sheet.name for sheet in s.SHEETS}
    for key, value in sheets.items():
        sheet = by_key[s.normalize(key.replace("_", " "))]
        if value is DROP:
            data.pop(sheet, None)
        else:
            data[sheet] = value
    path = tmp_path / name
    write_workbook(path, level, data)
    if any(v is DROP for v in sheets.values()):
        _remove_sheets(path, [by_key[s.normalize(k.replace("_", " "))]
                              for k, v in sheets.items() if v is DROP])
    return path


def _remove_sheets(path: Path, names: list[str]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    for name in names:
        if name in book.sheetnames:
            del book[name]
    book.save(path)


@pytest.fixture
def sample_workbook(tmp_path) -> Path:
    return make_workbook(tmp_path)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def school_rows(name: str = "Oak Street Elementary School", code: str = "09990005",
                supports: tuple[str, ...] = ("SO1", "SO2", "SO3", "SO4")) -> dict:
    """A school plan made from the district sample: Plan Info for a school, each objective
    supporting a district objective, council responses filled."""
    rows = sample(s.DISTRICT)
    rows.pop(s.SCHOOLS, None)
    info = {r[s.FIELD]: r[s.VALUE] for r in rows[s.PLAN_INFO]}
    info.update({s.PLAN_LEVEL: "School", s.SCHOOL_NAME: name, s.SCHOOL_CODE: code,
                 s.PRINCIPAL: "Ana Lúcia Ferreira", s.PLAN_STATUS: "Final"})
    info.pop(s.SUPERINTENDENT, None)
    rows[s.PLAN_INFO] = [{s.FIELD: k, s.VALUE: v} for k, v in info.items()]
    for objective, district_id in zip(rows[s.OBJECTIVES], supports):
        objective[s.DISTRICT_OBJECTIVE_ID] = district_id
    for benchmark in rows[s.BENCHMARKS]:  # a school that does not monitor yet
        for column in (s.STATUS, s.STATUS_DATE, s.EVIDENCE):
            benchmark.pop(column, None)
    rows[s.COUNCIL] = [{s.REQUIREMENT: text, s.RESPONSE: f"{name} responds to: {text}"}
                       for text in s.COUNCIL_REQUIREMENTS]
    return rows


def rewrite_part(path: Path, part: str, edit) -> Path:
    """Rewrite one part of an .xlsx (a zip) in place, `edit(bytes) -> bytes`; every other part
    is copied as it is. For what openpyxl cannot write: raw XML, declarations, escapes."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    if part not in {info.filename for info, _ in parts}:
        raise KeyError(f"{path.name} has no part {part}")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, edit(data) if info.filename == part else data)
    return path


def sheet_part(path: Path, title: str) -> str:
    """The zip part that holds the worksheet with this tab title."""
    import posixpath
    import zipfile

    from lxml import etree

    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    sheet = next(e for e in book.iter("{*}sheet") if e.get("name") == title)
    target = next(r.get("Target") for r in rels.iter("{*}Relationship")
                  if r.get("Id") == sheet.get(rel))
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))
