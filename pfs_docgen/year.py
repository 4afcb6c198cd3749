"""Year over year: next year's workbook from last year's (`init NEW --from LAST`).

The same plan, its action plan year moved on by one school year, the progress monitoring of
the year that ended cleared (each benchmark's Status and Status Date; the Progress Updates
sheet's rows, where the schema has that sheet); every other cell is kept as the team typed
it (the text the spreadsheet showed). The new workbook is written by our own writer, so its
drop-downs and header comments are fresh.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import issues as iss
from . import schema as s
from .errors import InvalidWorkbook
from .values import year_span

# What the year that ended monitored, cleared for the new one: sheet -> columns.
CLEARED_COLUMNS = {s.BENCHMARKS: (s.STATUS, s.STATUS_DATE)}
# Sheets whose rows all belong to the year that ended (only those the schema has).
PROGRESS_UPDATES = s.PROGRESS_UPDATES
CLEARED_SHEETS = tuple(n for n in (PROGRESS_UPDATES,) if n in s.SHEETS_BY_NAME)


def next_year_text(text: str) -> tuple[str, tuple[int, int]] | None:
    """`2025-2026` -> (`2026-2027`, (2026, 2027)); the two-digit form stays two-digit
    (`2025-26` -> `2026-27`). None when the text is not a school year."""
    span = year_span(text)
    if span is None:
        return None
    start, end = span[0] + 1, span[1] + 1
    short = re.search(r"\D(\d{2})\s*$", text) is not None
    return (f"{start}-{end % 100:02d}" if short else f"{start}-{end}"), (start, end)


def rows_for_next_year(book) -> dict[str, list[dict[str, str]]]:
    """The workbook's rows (sheet -> row dicts) with the action plan year moved on and the
    monitoring cleared. Raises InvalidWorkbook when the new year falls outside the plan."""
    cell = book.plan_info.get(s.ACTION_PLAN_YEAR)
    where = f"{book.sheets[s.PLAN_INFO].title}!{cell.ref}" if cell is not None else s.PLAN_INFO
    moved = next_year_text(cell.key) if cell is not None else None
    if moved is None:
        raise InvalidWorkbook(
            f"{book.path.name}: {where} ({s.ACTION_PLAN_YEAR}) is "
            f"'{cell.key if cell else ''}', not a school year like 2025-2026, so it cannot be "
            "moved on by one year. Correct it and retry.")
    new_text, (start, end) = moved
    plan = year_span(book.info(s.PLAN_YEARS))
    if plan is None or not (plan[0] <= start and end <= plan[1]):
        raise InvalidWorkbook(
            f"{book.path.name}: the next action plan year, {new_text}, falls outside the plan "
            f"years {book.info(s.PLAN_YEARS) or '(none given)'} ({where} is {cell.key}, the "
            "plan's last year). Start a new plan (pfs-docgen init), or extend the Plan Years "
            "if the plan continues.")
    rows: dict[str, list[dict[str, str]]] = {}
    for name, data in book.sheets.items():
        if name in CLEARED_SHEETS:
            rows[name] = []
            continue
        cleared = CLEARED_COLUMNS.get(name, ())
        rows[name] = [{column: ("" if column in cleared else text)
                       for column, text in record.texts().items()} for record in data.records]
    info = rows.get(s.PLAN_INFO, [])
    for row in info:
        if s.normalize(row.get(s.FIELD, "")) == s.normalize(s.ACTION_PLAN_YEAR):
            row[s.VALUE] = new_text
        elif s.normalize(row.get(s.FIELD, "")) in (s.normalize(s.REPORT_DATE),
                                                   s.normalize(s.REPORTING_PERIOD)):
            row[s.VALUE] = ""  # last year's report
    return rows


def roll_forward(path: str | Path, source: str | Path, *, overwrite: bool = False) -> Path:
    """Write next year's workbook at `path` from last year's `source` (never changed)."""
    from .validate import validate
    from .workbook import read_workbook, write_workbook

    book = read_workbook(source)
    problems = [i for i in validate(book) if i.severity == iss.ERROR]
    if problems:
        raise InvalidWorkbook(
            f"{Path(source).name} has {len(problems)} error{'s' if len(problems) != 1 else ''}"
            ", so next year's workbook was not started from it. Fix them and retry.",
            problems)
    rows = rows_for_next_year(book)
    objectives = sorted({r.key(s.DISTRICT_OBJECTIVE_ID) for r in book.records(s.OBJECTIVES)
                         if r.key(s.DISTRICT_OBJECTIVE_ID)})
    return write_workbook(path, book.plan_level, rows,
                          district_objectives=[(key, key) for key in objectives] or None,
                          overwrite=overwrite)
