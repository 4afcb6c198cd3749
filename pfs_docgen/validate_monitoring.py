"""The validator's monitoring checks: update and status dates that are real days, inside the
action plan year, and the benchmarks that are overdue on the report date.

Pure: a workbook in, issues out. validate.validate() adds these to its own.
"""

from __future__ import annotations

from . import progress as pg
from . import schema as s
from .issues import Issue, error, warning
from .text import clip
from .values import dates_in, school_years, show_date, unreal_dates
from .workbook import Cell, Workbook

# The date columns that must hold one whole day, and what the day is.
DAY_COLUMNS = {(s.PROGRESS_UPDATES, s.DATE): "the day of the update",
         (s.BENCHMARKS, s.STATUS_DATE): "the day the status was checked"}


def monitoring_issues(book: Workbook) -> list[Issue]:
    # A day that does not exist (2/30/2026) is validate's error in every date column; the
    # same cell is not named twice here.
    flagged = {(cell.sheet, cell.ref) for cell in _date_cells(book) if unreal_dates(cell.text)}
    out = _real_days(book, flagged)
    out += _updates_in_year(book)
    out += _overdue(book)
    return out


def _where(book: Workbook, cell: Cell) -> str:
    data = book.sheets.get(cell.sheet)
    return f"{data.title if data else cell.sheet}!{cell.ref} ({cell.column})"


def _at(cell: Cell) -> dict:
    return dict(sheet=cell.sheet, row=cell.row, column=cell.column, cell=cell.ref)


def _date_cells(book: Workbook):
    """Every typed (not real-date) cell of a date or timeline column, and of a Plan Info
    date field."""
    for sheet in s.SHEETS:
        columns = [c.name for c in sheet.columns if c.kind is s.Kind.DATE]
        for record in book.records(sheet.name) if columns else ():
            for column in columns:
                cell = record.cell(column)
                if cell is not None and not cell.empty and cell.date is None and \
                        column not in record.unreadable:
                    yield cell
    for f in s.PLAN_FIELDS:
        cell = book.plan_info.get(f.name)
        if f.kind is s.Kind.DATE and cell is not None and not cell.empty and cell.date is None:
            yield cell


def _real_days(book: Workbook, flagged: set) -> list[Issue]:
    """An update's Date and a benchmark's Status Date name one day: they order the updates."""
    out = []
    for (sheet, column), what in DAY_COLUMNS.items():
        for record in book.records(sheet):
            cell = record.cell(column)
            if cell is None or cell.empty or column in record.unreadable or \
                    (sheet, cell.ref) in flagged or pg.day(cell):
                continue
            if column in s.DATE_ONLY_COLUMNS and not dates_in(cell.text) and cell.date is None:
                continue  # words that name no date: validate's not-a-date error already
            out.append(error(
                f"{_where(book, cell)}: '{clip(cell.text)}' is not a date. Type {what} as a "
                "date, for example 2026-01-30 or 1/30/2026, so the updates are put in order.",
                **_at(cell)))
    return out


def _updates_in_year(book: Workbook) -> list[Issue]:
    year = pg.action_year(book)
    if year is None:
        return []
    first, last = school_years(*year)
    out = []
    for record in book.records(s.PROGRESS_UPDATES):
        cell = record.cell(s.DATE)
        when = pg.day(cell)
        if cell is None or when is None or first <= when <= last:
            continue
        out.append(warning(
            f"{_where(book, cell)}: {show_date(when)} is outside the action plan year "
            f"{book.info(s.ACTION_PLAN_YEAR)} ({show_date(first)} to {show_date(last)}). "
            "Correct the date, or keep the update with that year's action plan.", **_at(cell)))
    return out


def _overdue(book: Workbook) -> list[Issue]:
    benchmarks = pg.benchmarks(book)
    report = pg.report_day(book, benchmarks)
    out = []
    for b in benchmarks:
        if not b.overdue(report):
            continue
        cell = b.record.cell(s.TIMELINE)
        assert cell is not None and b.placement.ends is not None and report is not None
        out.append(warning(
            f"{_where(book, cell)}: benchmark {b.record.key(s.ID) or b.record.row} is overdue: "
            f"its timeline '{clip(cell.text)}' ended {show_date(b.placement.ends)}, before "
            f"the report date {show_date(report)}{_as_of(book)}, and its status is "
            f"{b.status}. Record whether it was met (Complete or Not Met) in a progress "
            "update, or give it a new timeline.", **_at(cell)))
    return out


def _as_of(book: Workbook) -> str:
    return "" if book.info(s.REPORT_DATE) else " (the latest update)"

