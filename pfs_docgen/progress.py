"""Progress monitoring, read from a workbook: each benchmark's updates over the year, its
current status, the report's "as of" day, and which benchmarks are overdue.

Pure, no I/O; the validator (its monitoring warnings) and the documents (the Progress Report,
bulk's Schools' Progress) read the same answers from here. A benchmark's updates are the rows
of the Progress Updates sheet that name it and the Benchmarks sheet's own Status, Status Date
and Evidence / Notes; the current status is the latest of them, wherever it was typed (an
update with no date counts as older than any dated one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import schema as s
from .design import NO_STATUS
from .timeline import Placement, place
from .values import day_of, year_span
from .workbook import Cell, Record, Workbook

FINISHED = ("Complete", "Not Met")  # a benchmark with one of these is never overdue


@dataclass(frozen=True)
class Update:
    """One monitoring update of a benchmark: from Progress Updates, or the Benchmarks
    sheet's own status columns."""

    day: date | None
    status: str  # the list's spelling, or as typed
    date_text: str  # the Date (or Status Date) as typed
    evidence: str
    next_steps: str
    record: Record  # where it was typed

    @property
    def order(self) -> tuple:
        sheet_rank = 1 if self.record.sheet == s.PROGRESS_UPDATES else 0
        return (self.day or date.min, sheet_rank, self.record.row)


@dataclass
class BenchmarkProgress:
    record: Record  # the benchmark's row
    updates: list[Update]  # latest first
    placement: Placement

    @property
    def current(self) -> Update | None:
        return self.updates[0] if self.updates else None

    @property
    def status(self) -> str:
        """The current status, or `Not yet reported`."""
        current = self.current
        return current.status if current and current.status else NO_STATUS

    def overdue(self, report_day: date | None) -> bool:
        """Its timeline has ended by the report day, and it is neither Complete nor Not Met.
        A timeline wholly outside the action plan year is not counted (the validator says
        it is outside), nor one the tool cannot place (`Ongoing`)."""
        ends = self.placement.ends
        return bool(report_day and ends and self.placement.placed and ends < report_day
                    and self.status not in FINISHED)


def action_year(book: Workbook) -> tuple[int, int] | None:
    """The action plan year as (2025, 2026), None when Plan Info does not give one."""
    span = year_span(book.info(s.ACTION_PLAN_YEAR))
    return span if span and span[1] - span[0] == 1 else None


def day(cell: Cell | None) -> date | None:
    """The day a date cell holds: a real spreadsheet date, or a whole day typed as text."""
    if cell is None or cell.empty:
        return None
    return cell.date or day_of(cell.text)


def _status(record: Record) -> str:
    return s.match_choice(record.key(s.STATUS), s.BENCHMARK_STATUSES) or record.text(s.STATUS)


def benchmarks(book: Workbook) -> list[BenchmarkProgress]:
    """Every benchmark of the Benchmarks sheet with its updates, latest first, and where its
    timeline falls in the action plan year; in the sheet's order."""
    year = action_year(book)
    updates: dict[str, list[Update]] = {}
    for r in book.records(s.PROGRESS_UPDATES):
        updates.setdefault(r.key(s.BENCHMARK_ID), []).append(Update(
            day(r.cell(s.DATE)), _status(r), r.text(s.DATE), r.text(s.EVIDENCE),
            r.text(s.NEXT_STEPS), r))
    out = []
    for r in book.records(s.BENCHMARKS):
        own = [Update(day(r.cell(s.STATUS_DATE)), _status(r), r.text(s.STATUS_DATE),
                      r.text(s.EVIDENCE), "", r)] \
            if any(r.key(c) for c in (s.STATUS, s.STATUS_DATE, s.EVIDENCE)) else []
        found = own + updates.get(r.key(s.ID), [])
        timeline = r.cell(s.TIMELINE)
        out.append(BenchmarkProgress(
            r, sorted(found, key=lambda u: u.order, reverse=True),
            place(timeline.text if timeline else "", year,
                  timeline.date if timeline else None)))
    return out


def report_day(book: Workbook, progress: list[BenchmarkProgress]) -> date | None:
    """The report's "as of" day: Plan Info's Report Date, else the latest update's day."""
    given = day(book.plan_info.get(s.REPORT_DATE))
    if given:
        return given
    days = [u.day for b in progress for u in b.updates if u.day]
    return max(days, default=None)


def monitored(book: Workbook) -> bool:
    """Progress monitoring has begun: a benchmark has a status, a status date or evidence,
    or the Progress Updates sheet has a row."""
    return bool(book.records(s.PROGRESS_UPDATES)) or any(
        r.key(c) for r in book.records(s.BENCHMARKS)
        for c in (s.STATUS, s.STATUS_DATE, s.EVIDENCE))
