"""The kinds of document the tool makes, spelled once: template, title, file name, years.

A template kind (`plan`, `action-plan`, ...) is one .docx template and the `--only` value; it
makes a document whose title and file name depend on the plan's level (a district's `plan` is
its District Plan, a school's its School Improvement Plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import schema as s

if TYPE_CHECKING:  # the command line reads KINDS without loading the workbook reader
    from .workbook import Workbook

PLAN, ACTION_PLAN, OVERVIEW, PROGRESS_REPORT = "plan", "action-plan", "overview", "progress-report"
ALIGNMENT = "alignment"  # bulk's district crosswalk: a template of its own, not an --only kind


@dataclass(frozen=True)
class DocumentKind:
    template: str  # the template's name, without .docx
    district_title: str  # what the document is called, for a district plan
    school_title: str  # ... and for a school plan
    district_file: str  # the file name's kind part, for a district plan
    school_file: str  # ... and for a school plan
    annual: bool  # named by the action plan year, not the plan years

    def title(self, level: str) -> str:
        return self.school_title if level == s.SCHOOL else self.district_title

    def file_kind(self, level: str) -> str:
        return self.school_file if level == s.SCHOOL else self.district_file

    def years_field(self) -> str:
        """The Plan Info field that gives the years in the title and the file name."""
        return s.ACTION_PLAN_YEAR if self.annual else s.PLAN_YEARS


DOCUMENT_KINDS = {kind.template: kind for kind in (
    DocumentKind(PLAN, "District Plan", "School Improvement Plan",
                 "district-plan", "school-improvement-plan", annual=False),
    DocumentKind(ACTION_PLAN, "District Action Plan", "School Action Plan",
                 "district-action-plan", "school-action-plan", annual=True),
    DocumentKind(OVERVIEW, "District Plan Overview", "School Plan Overview",
                 "district-plan-overview", "school-plan-overview", annual=False),
    DocumentKind(PROGRESS_REPORT, "Action Plan Progress Report", "Action Plan Progress Report",
                 "progress-report", "progress-report", annual=True),
    DocumentKind(ALIGNMENT, "School Plan Alignment", "School Plan Alignment",
                 ALIGNMENT, ALIGNMENT, annual=False),
)}
KINDS = (PLAN, ACTION_PLAN, OVERVIEW, PROGRESS_REPORT)  # what a workbook may make (--only)


def has_statuses(book: Workbook) -> bool:
    """Progress monitoring has begun: a benchmark has a status, a status date or evidence."""
    return any(r.key(c) for r in book.records(s.BENCHMARKS)
               for c in (s.STATUS, s.STATUS_DATE, s.EVIDENCE))


def kinds_for(book: Workbook) -> list[str]:
    """The template kinds a workbook makes: all but the progress report without statuses.

    School plans make no overview: documents.md defines the one-page overview for districts.
    """
    kinds = [PLAN, ACTION_PLAN]
    if book.plan_level == s.DISTRICT:
        kinds.append(OVERVIEW)
    if has_statuses(book):
        kinds.append(PROGRESS_REPORT)
    return kinds
