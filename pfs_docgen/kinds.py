"""The kinds of document the tool makes, spelled once: template, title, file name, years.

A template kind (`plan`, `action-plan`, ...) is one .docx template and the `--only` value; it
makes a document whose title and file name depend on the plan's level (a district's `plan` is
its District Plan, a school's its School Improvement Plan). Which kinds a workbook makes is
documents/pipeline.py's `kinds_for`. Light on purpose: the command line imports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .levels import SCHOOL

PLAN, ACTION_PLAN, OVERVIEW, PROGRESS_REPORT = "plan", "action-plan", "overview", "progress-report"
EDUCATOR_GOALS = "educator-goals"
ALIGNMENT = "alignment"  # bulk's district crosswalk: a template of its own, not an --only kind
SCHOOLS_PROGRESS = "schools-progress"  # bulk's district summary of the schools' monitoring


@dataclass(frozen=True)
class DocumentKind:
    template: str  # the template's name, without .docx
    district_title: str  # what the document is called, for a district plan
    school_title: str  # ... and for a school plan
    district_file: str  # the file name's kind part, for a district plan
    school_file: str  # ... and for a school plan
    annual: bool  # named by the action plan year, not the plan years

    def title(self, level: str) -> str:
        return self.school_title if level == SCHOOL else self.district_title

    def file_kind(self, level: str) -> str:
        return self.school_file if level == SCHOOL else self.district_file


DOCUMENT_KINDS = {kind.template: kind for kind in (
    DocumentKind(PLAN, "District Plan", "School Improvement Plan",
                 "district-plan", "school-improvement-plan", annual=False),
    DocumentKind(ACTION_PLAN, "District Action Plan", "School Action Plan",
                 "district-action-plan", "school-action-plan", annual=True),
    DocumentKind(OVERVIEW, "District Plan Overview", "School Plan Overview",
                 "district-plan-overview", "school-plan-overview", annual=False),
    DocumentKind(PROGRESS_REPORT, "Action Plan Progress Report", "Action Plan Progress Report",
                 "progress-report", "progress-report", annual=True),
    DocumentKind(EDUCATOR_GOALS, "Educator Goals", "Educator Goals",
                 EDUCATOR_GOALS, EDUCATOR_GOALS, annual=True),
    DocumentKind(ALIGNMENT, "School Plan Alignment", "School Plan Alignment",
                 ALIGNMENT, ALIGNMENT, annual=False),
    DocumentKind(SCHOOLS_PROGRESS, "Schools' Progress", "Schools' Progress",
                 SCHOOLS_PROGRESS, SCHOOLS_PROGRESS, annual=True),
)}
KINDS = (PLAN, ACTION_PLAN, OVERVIEW, PROGRESS_REPORT, EDUCATOR_GOALS)  # a workbook's (--only)
