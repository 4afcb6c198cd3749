"""bulk's district crosswalk: each district objective and the school plans that support it."""

from __future__ import annotations

from dataclasses import dataclass

from .. import schema as s
from ..align_rules import (
    analysis_naming_english_learners,
    educator_role,
    has_english_learner_outcome,
)
from ..design import GAP_FILL, WHITE
from ..kinds import ALIGNMENT, DOCUMENT_KINDS
from ..workbook import Workbook
from .document import document_fields
from .plan import is_draft, logo

LEADER_AND_TEAM_ROLES = (s.SCHOOL_ADMINISTRATOR, s.TEAM)


@dataclass(frozen=True)
class SchoolAlignment:
    """What one school plan says it supports: (objective number, title, district ID) rows;
    the district objective each of its administrators' and teams' goals stems from (through
    the school objective it names); whether its data analysis names English learners while
    no outcome of it does."""

    school: str
    objectives: tuple[tuple[str, str, str], ...]
    goals: tuple[str, ...] = ()
    no_el_goal: bool = False


def school_alignment(book: Workbook) -> SchoolAlignment:
    supports = {r.key(s.ID): r.key(s.DISTRICT_OBJECTIVE_ID) for r in book.records(s.OBJECTIVES)}
    goals = tuple(supports.get(r.key(s.OBJECTIVE_ID), "") for r in book.records(s.EDUCATOR_GOALS)
                  if educator_role(r) in LEADER_AND_TEAM_ROLES)
    no_el_goal = analysis_naming_english_learners(book) is not None and \
        not has_english_learner_outcome(book)
    return SchoolAlignment(book.organisation, tuple(
        (str(n), r.text(s.OBJECTIVE), r.key(s.DISTRICT_OBJECTIVE_ID))
        for n, r in enumerate(book.records(s.OBJECTIVES), start=1)), goals, no_el_goal)


def _district_goals(district: Workbook) -> list[str]:
    """The district objectives the district workbook's own administrator and team goals
    (a school's, named in its School column) stem from."""
    return [r.key(s.OBJECTIVE_ID) for r in district.records(s.EDUCATOR_GOALS)
            if educator_role(r) in LEADER_AND_TEAM_ROLES]


def alignment_rows(district: Workbook, schools: list[SchoolAlignment]) -> list[dict]:
    """One row per district objective: which schools support it, with which objectives."""
    rows = []
    goals = _district_goals(district) + [g for school in schools for g in school.goals]
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
                     "goals": str(goals.count(key)),
                     "fill": WHITE if supporters else GAP_FILL})
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
        "no_el_goal": [school.school for school in schools if school.no_el_goal],
        "school_count": str(len(schools)),
        "not_counted": [{"workbook": workbook, "problem": problem}
                        for workbook, problem in not_counted or []],
        "doc": document_fields(ALIGNMENT, kind_title, years, name,
                               "How the school improvement plans support the District "
                               f"Plan's strategic objectives, {name}"),
    }
