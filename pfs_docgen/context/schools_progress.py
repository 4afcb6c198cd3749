"""bulk's Schools' Progress: every school's benchmarks by status, one row a school, the schools
with overdue benchmarks first, then the overdue benchmarks themselves.

A worker reads each school's monitoring into a SchoolProgress (small, picklable); the parent
puts them together into the district's document.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import progress as pg
from .. import schema as s
from ..design import NO_STATUS, PROGRESS_COLUMNS
from ..kinds import DOCUMENT_KINDS, SCHOOLS_PROGRESS
from ..values import display_date, show_date
from ..workbook import Workbook
from .document import document_fields
from .plan import is_draft, logo


@dataclass(frozen=True)
class SchoolProgress:
    """One school's monitoring: counts by status (PROGRESS_COLUMNS' order), the report's
    day, and its overdue benchmarks as (benchmark, persons, timeline, status)."""

    school: str
    as_of: str
    counts: tuple[int, ...]
    overdue: tuple[tuple[str, str, str, str], ...]


def school_progress(book: Workbook) -> SchoolProgress:
    benchmarks = pg.benchmarks(book)
    report = pg.report_day(book, benchmarks)
    counts = dict.fromkeys(PROGRESS_COLUMNS, 0)
    for b in benchmarks:
        counts[b.status if b.status in counts else NO_STATUS] += 1
    late = tuple((b.record.text(s.BENCHMARK), b.record.text(s.PERSONS_RESPONSIBLE),
                  display_date(b.record.text(s.TIMELINE)), b.status)
                 for b in benchmarks if b.overdue(report))
    return SchoolProgress(book.organisation, show_date(report) if report else "",
                          tuple(counts.values()), late)


def schools_progress_context(district: Workbook, schools: list[SchoolProgress],
                             not_counted: list[tuple[str, str]] | None = None) -> dict:
    """The district's Schools' Progress document; `not_counted` names the school workbooks
    that failed (workbook, its first problem)."""
    name, years = district.organisation, district.info(s.ACTION_PLAN_YEAR)
    kind_title = DOCUMENT_KINDS[SCHOOLS_PROGRESS].title(s.DISTRICT)
    ordered = sorted(schools, key=lambda p: (-len(p.overdue), p.school.lower()))
    return {
        "org": {"name": name, "district": district.info(s.DISTRICT_NAME),
                "school": "", "code": district.info(s.DISTRICT_CODE)},
        "years": district.info(s.PLAN_YEARS),
        "action_year": years,
        "draft": is_draft(district),
        "logo": logo(district),
        "statuses": list(PROGRESS_COLUMNS),
        "schools": [{"school": p.school, "as_of": p.as_of or "Not yet reported",
                     "counts": [str(n) for n in p.counts], "total": str(sum(p.counts)),
                     "overdue": str(len(p.overdue))} for p in ordered],
        "overdue": [{"school": p.school, "benchmark": text, "persons": persons,
                     "timeline": timeline, "status": status}
                    for p in ordered for text, persons, timeline, status in p.overdue],
        "school_count": str(len(schools)),
        "not_counted": [{"workbook": workbook, "problem": problem}
                        for workbook, problem in not_counted or []],
        "doc": document_fields(SCHOOLS_PROGRESS, kind_title, years, name,
                               f"The school action plans' progress by status, {name}"),
    }
