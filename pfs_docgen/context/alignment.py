"""bulk's district crosswalk: each district objective and the school plans that support it."""

from __future__ import annotations

from dataclasses import dataclass

from .. import schema as s
from ..design import NO_SUPPORT_FILL, WHITE
from ..kinds import ALIGNMENT, DOCUMENT_KINDS
from ..workbook import Workbook
from .document import document_fields
from .plan import is_draft, logo


@dataclass(frozen=True)
class SchoolAlignment:
    """What one school plan says it supports: (objective number, title, district ID) rows."""

    school: str
    objectives: tuple[tuple[str, str, str], ...]


def school_alignment(book: Workbook) -> SchoolAlignment:
    return SchoolAlignment(book.organisation, tuple(
        (str(n), r.text(s.OBJECTIVE), r.key(s.DISTRICT_OBJECTIVE_ID))
        for n, r in enumerate(book.records(s.OBJECTIVES), start=1)))


def alignment_rows(district: Workbook, schools: list[SchoolAlignment]) -> list[dict]:
    """One row per district objective: which schools support it, with which objectives."""
    rows = []
    for n, r in enumerate(district.records(s.OBJECTIVES), start=1):
        key = r.key(s.ID)
        supporters = []
        for school in schools:
            named = [f"{num}. {title}" for num, title, ref in school.objectives if ref == key]
            if named:  # the school's own objectives, by number and name
                supporters.append((school.school, "; ".join(named)))
        rows.append({"id": key, "number": str(n), "title": r.text(s.OBJECTIVE),
                     "objective": f"{n}. {r.text(s.OBJECTIVE)}",
                     "supporters": supporters,
                     "schools": "\n".join(f"{name}: {which}" for name, which in supporters)
                     or "No school plan supports this objective.",
                     "count": str(len(supporters)),
                     "fill": WHITE if supporters else NO_SUPPORT_FILL})
    return rows


def alignment_context(district: Workbook, schools: list[SchoolAlignment],
                      not_counted: list[tuple[str, str]] | None = None) -> dict:
    """The crosswalk document: district objectives by the schools whose plans support them;
    `not_counted` names the school workbooks that failed (workbook, its first problem)."""
    name, years = district.organisation, district.info(s.PLAN_YEARS)
    kind_title = DOCUMENT_KINDS[ALIGNMENT].title(s.DISTRICT)
    return {
        "org": {"name": name, "district": district.info(s.DISTRICT_NAME),
                "school": "", "code": district.info(s.DISTRICT_CODE)},
        "years": years,
        "draft": is_draft(district),
        "logo": logo(district),
        "rows": alignment_rows(district, schools),
        "unaligned": [{"school": school.school, "objective": f"{num}. {title}"}
                      for school in schools for num, title, ref in school.objectives
                      if not ref],
        "school_count": str(len(schools)),
        "not_counted": [{"workbook": workbook, "problem": problem}
                        for workbook, problem in not_counted or []],
        "doc": document_fields(ALIGNMENT, kind_title, years, name,
                               "How the school improvement plans support the District "
                               f"Plan's strategic objectives, {name}"),
    }
