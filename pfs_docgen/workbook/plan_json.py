"""The plan as canonical JSON, and back: `export` writes it, and every command that reads a
workbook reads such a file as well.

Canonical: UTF-8, two-space indent, keys in a fixed order (the schema's sheet and column
order, not alphabetical), one file for one plan whatever machine wrote it. Every cell a team
typed is kept as the text the spreadsheet showed, with its sheet row and column letter (so a
message about a JSON plan names the same cells as one about the workbook), a real date also
as ISO `YYYY-MM-DD`, and each ID link resolved to the row it points at. The JSON Schema that
describes the file is `schema()`, versioned by FORMAT_VERSION.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .. import issues as iss
from .. import schema as s
from ..errors import UnreadableWorkbook
from ..text import CONTROL_CHARACTERS
from .limits import MAX_CELLS_PER_WORKBOOK, MAX_PART_BYTES, megabytes

FORMAT = "pfs-docgen plan"
FORMAT_VERSION = 1
SCHEMA_ID = f"https://pfs-docgen.org/schema/plan-v{FORMAT_VERSION}.json"
MAX_BYTES = MAX_PART_BYTES  # a plan's JSON is a few hundred kilobytes

_LETTERS = re.compile(r"^[A-Z]{1,3}$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- writing ----------------------------------------------------------------------------

def plan_json(book) -> dict[str, Any]:
    """The plan as a JSON-ready dict, in canonical key order."""
    ids = _ids(book)
    sheets = []
    for spec in s.SHEETS:
        data = book.sheets.get(spec.name)
        if data is None:
            continue
        rows = []
        for record in data.records:
            cells = {c.name: record.text(c.name) for c in spec.columns if c.name in record.cells}
            dates = {}
            for name in cells:
                cell = record.cells[name]
                if not isinstance(cell, str) and cell.date is not None:
                    dates[name] = cell.date.isoformat()
            links = {}
            for col in spec.columns:
                if col.ref and col.name != s.DISTRICT_OBJECTIVE_ID and record.key(col.name):
                    target = ids.get(col.ref, {}).get(record.key(col.name))
                    if target is not None:
                        links[col.name] = {"sheet": col.ref, "row": target}
            row: dict[str, Any] = {"row": record.row, "cells": cells}
            if dates:
                row["dates"] = dates
            if links:
                row["links"] = links
            rows.append(row)
        columns = {c.name: data.columns[c.name] for c in spec.columns if c.name in data.columns}
        sheets.append({"name": spec.name, "title": data.title, "header_row": data.header_row,
                       "free_column": data.free_column, "columns": columns, "rows": rows})
    return {"$schema": SCHEMA_ID, "format": FORMAT, "version": FORMAT_VERSION,
            "level": book.plan_level, "organisation": book.organisation,
            "plan_info": {name: cell.text for name, cell in
                          sorted(book.plan_info.items(), key=lambda kv: _field_order(kv[0]))},
            "sheets": sheets}


def dumps(book) -> str:
    return json.dumps(plan_json(book), ensure_ascii=False, indent=2) + "\n"


def _field_order(name: str) -> int:
    return next((i for i, f in enumerate(s.PLAN_FIELDS) if f.name == name), len(s.PLAN_FIELDS))


def _ids(book) -> dict[str, dict[str, int]]:
    """sheet -> ID -> the row of its first record."""
    out: dict[str, dict[str, int]] = {}
    for spec in s.SHEETS:
        column = spec.id_column
        if column is None or spec.name not in book.sheets:
            continue
        found: dict[str, int] = {}
        for record in book.records(spec.name):
            found.setdefault(record.key(column.name), record.row)
        out[spec.name] = found
    return out


# --- the JSON Schema --------------------------------------------------------------------

def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an exported plan, generated from schema.py."""
    sheet_schemas: list[dict[str, Any]] = []
    for spec in s.SHEETS:
        names = [c.name for c in spec.columns]
        text = {"type": "string"}
        sheet_schemas.append({
            "type": "object",
            "properties": {
                "name": {"const": spec.name},
                "columns": {"type": "object", "additionalProperties": False,
                            "properties": {n: {"type": "string", "pattern": "^[A-Z]{1,3}$"}
                                           for n in names}},
                "rows": {"type": "array", "items": {
                    "type": "object", "required": ["row", "cells"],
                    "additionalProperties": False,
                    "properties": {
                        "row": {"type": "integer", "minimum": 1},
                        "cells": {"type": "object", "additionalProperties": False,
                                  "properties": {n: text for n in names}},
                        "dates": {"type": "object", "additionalProperties": False,
                                  "properties": {n: {"type": "string", "format": "date"}
                                                 for n in names}},
                        "links": {"type": "object", "additionalProperties": False,
                                  "properties": {
                                      c.name: {"$ref": "#/$defs/link"}
                                      for c in spec.columns if c.ref}},
                    }}},
            },
        })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"A Planning for Success plan, as pfs-docgen exports it (format version "
                 f"{FORMAT_VERSION})",
        "type": "object",
        "required": ["format", "version", "level", "sheets"],
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": FORMAT},
            "version": {"const": FORMAT_VERSION},
            "level": {"enum": list(s.LEVELS)},
            "organisation": {"type": "string"},
            "plan_info": {"type": "object", "additionalProperties": False,
                          "properties": {f.name: {"type": "string"} for f in s.PLAN_FIELDS}},
            "sheets": {"type": "array", "items": {
                "type": "object",
                "required": ["name", "title", "header_row", "columns", "rows"],
                "properties": {"name": {"enum": [sh.name for sh in s.SHEETS]},
                               "title": {"type": "string"},
                               "header_row": {"type": "integer", "minimum": 1},
                               "free_column": {"type": "string", "pattern": "^[A-Z]{1,3}$"},
                               "columns": {"type": "object"}, "rows": {"type": "array"}},
                "allOf": [{"if": {"properties": {"name": {"const": spec.name}}},
                           "then": sh} for spec, sh in zip(s.SHEETS, sheet_schemas)],
            }},
        },
        "$defs": {"link": {"type": "object", "required": ["sheet", "row"],
                           "additionalProperties": False,
                           "properties": {"sheet": {"type": "string"},
                                          "row": {"type": "integer", "minimum": 1}}}},
    }


# --- reading ----------------------------------------------------------------------------

def read_plan_json(path: Path):
    """A Workbook from an exported plan; UnreadableWorkbook when it is not one."""
    from .read import Cell, Record, SheetData, Workbook, _logo, _read_plan_info

    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableWorkbook(
            f"{path.name} is {megabytes(size)}, more than the {megabytes(MAX_BYTES)} a plan's "
            "JSON may be (a real plan's is under 1 MB), so it is not read.")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _bad(path, f"it is not UTF-8 JSON ({str(exc)[:120]})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(path, f"it is JSON but not a plan exported by pfs-docgen (no \"format\": "
                         f"\"{FORMAT}\")")
    if data.get("version") != FORMAT_VERSION:
        raise _bad(path, f"its format version is {data.get('version')!r}; this pfs-docgen "
                         f"reads version {FORMAT_VERSION}. Export it again")
    sheets_in = data.get("sheets")
    if not isinstance(sheets_in, list):
        raise _bad(path, "it has no list of \"sheets\"")
    sheets: dict[str, SheetData] = {}
    problems: list[iss.Issue] = []
    count = 0
    for index, raw in enumerate(sheets_in):
        where = f"sheets[{index}]"
        spec = s.SHEETS_BY_NAME.get(str(raw.get("name"))) if isinstance(raw, dict) else None
        if spec is None or not isinstance(raw, dict):
            raise _bad(path, f"{where} is not one of the plan's sheets")
        if spec.name in sheets:
            raise _bad(path, f"{where}: the sheet {spec.name} is given twice")
        title, header_row = raw.get("title", spec.name), raw.get("header_row", 1)
        columns, free = raw.get("columns", {}), raw.get("free_column", "A")
        rows = raw.get("rows", [])
        if not (isinstance(title, str) and _int(header_row) and isinstance(columns, dict)
                and isinstance(rows, list) and isinstance(free, str) and _LETTERS.match(free)
                and all(k in _names(spec) and isinstance(v, str) and _LETTERS.match(v)
                        for k, v in columns.items())):
            raise _bad(path, f"{where} ({spec.name}) has a title, header_row, free_column or "
                             "columns that are not as export writes them")
        sheet = SheetData(spec.name, title, header_row, dict(columns), free_column=free)
        for number, row in enumerate(rows):
            at = f"{where}.rows[{number}]"
            cells_in = row.get("cells") if isinstance(row, dict) else None
            dates = row.get("dates", {}) if isinstance(row, dict) else None
            if not (isinstance(cells_in, dict) and isinstance(dates, dict)
                    and _int(row.get("row"))):
                raise _bad(path, f"{at} is not a row as export writes it (row, cells)")
            count += len(cells_in)
            if count > MAX_CELLS_PER_WORKBOOK:
                raise _bad(path, f"it holds more than {MAX_CELLS_PER_WORKBOOK:,} cells, far "
                                 "more than any plan")
            cells: dict[str, Cell | str] = {}
            for name, text in cells_in.items():
                if name not in columns or not isinstance(text, str):
                    raise _bad(path, f"{at}: '{str(name)[:40]}' is not one of the sheet's "
                                     "columns, or its value is not text")
                if CONTROL_CHARACTERS.search(text):
                    raise _bad(path, f"{at}: the {name} cell holds a control character "
                                     "Word documents cannot hold")
                when = dates.get(name)
                if when is None:
                    cells[name] = text
                else:
                    cells[name] = Cell(text, spec.name, row["row"], name, columns[name],
                                       _date(path, at, when))
            for name in columns:
                cells.setdefault(name, "")
            if any((c if isinstance(c, str) else c.text).strip() for c in cells.values()):
                sheet.records.append(Record(spec.name, row["row"], cells, sheet.columns))
        sheets[spec.name] = sheet
    plan_info = _read_plan_info(sheets.get(s.PLAN_INFO), problems)
    return Workbook(path, sheets, plan_info, problems, _logo(path, plan_info, problems))


def _names(spec: s.Sheet) -> set[str]:
    return {c.name for c in spec.columns}


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1_048_576


def _date(path: Path, at: str, text):
    from datetime import date

    if isinstance(text, str) and _ISO.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise _bad(path, f"{at}: the date '{str(text)[:20]}' is not a YYYY-MM-DD date")


def _bad(path: Path, why: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"{path.name} could not be read as a plan: {why}. Give the workbook itself, or a "
        "file written by pfs-docgen export.")
