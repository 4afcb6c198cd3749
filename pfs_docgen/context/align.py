"""The Align phase of the plan: English learner success and the educator goals that stem from
the plan's objectives (educator evaluation, 603 CMR 35.06)."""

from __future__ import annotations

from .. import schema as s
from ..align_rules import educator_key, missing_goal_types, names_english_learners
from ..design import GAP_FILL, WHITE
from ..workbook import Workbook

# How the goals of each role are grouped under an objective, and the coherence table's columns
ROLE_GROUPS = (("Superintendent", (s.SUPERINTENDENT_ROLE,)),
               ("School Administrators", (s.SCHOOL_ADMINISTRATOR,)),
               ("Teachers and Specialized Instructional Support", (s.TEACHER, s.SUPPORT_STAFF)),
               ("Teams", (s.TEAM,)))

# The plan components and the evaluation rubric indicators they give evidence for, as DESE's
# Planning for Success guidance on educator evaluation pairs them: (component, superintendent
# indicators, school administrator indicators).
RUBRIC_EVIDENCE = (
    ("Mission, Vision, Core Values", "IV-A-2, IV-E-1", "IV-A-2, IV-E-1"),
    ("Data Analysis and Theory of Action", "I-E-1, IV-D-1, I-E-3", "I-E-1, IV-D-1, I-C-2"),
    ("Strategic Objectives and Initiatives", "I-E-2, II-B-2, IV-F-3, II-E-1",
     "I-E-2, II-B-2, IV-F-2, II-E-1"),
    ("Outcomes", "I-D-1", "I-D-1"),
)


def el_success(book: Workbook, objectives: list[dict], titles: dict[str, str]) -> dict:
    """The plan's vision for English learners, its strategy, its outcomes for them and its
    initiatives by pillar of the Blueprint for English Learner Success; `present` when the
    plan has any of these. `titles`: initiative ID -> its number and title."""
    vision: list[str] = []
    strategy: list[str] = []
    for r in book.records(s.EL_SUCCESS):
        part = s.match_choice(r.key(s.PART), (s.EL_VISION, s.EL_STRATEGY))
        if r.text(s.STATEMENT).strip():
            (strategy if part == s.EL_STRATEGY else vision).append(r.text(s.STATEMENT))
    outcomes = [dict(x, objective=f"{o['number']}. {o['title']}") for o in objectives
                for x in o["outcomes"] if names_english_learners(x["student_group"])]
    pillars: dict[str, list[str]] = {p: [] for p in s.BLUEPRINT_PILLARS}
    for r in book.records(s.INITIATIVES):
        pillar = s.match_choice(r.key(s.BLUEPRINT_PILLAR), s.BLUEPRINT_PILLARS)
        if pillar and r.key(s.ID) in titles:
            pillars[pillar].append(titles[r.key(s.ID)])
    tagged = any(pillars.values())
    return {
        "present": bool(vision or strategy or outcomes or tagged),
        "vision": vision, "strategy": strategy, "outcomes": outcomes,
        "pillars": [{"pillar": p, "initiatives": "\n".join(items) or
                     "No initiative of this plan serves this pillar yet.",
                     "fill": WHITE if items else GAP_FILL}
                    for p, items in pillars.items()] if tagged else [],
        "unserved": [p for p, items in pillars.items() if not items] if tagged else [],
        "goals": bool(outcomes or tagged),
    }


def educator_goals(book: Workbook, objectives: list[dict], titles: dict[str, str]) -> dict:
    """Each objective's goals by role, the coherence of objectives and roles, and who is
    missing a student learning or a professional practice goal."""
    records = [r for r in book.records(s.EDUCATOR_GOALS) if r.text(s.GOAL).strip()
               or r.text(s.EDUCATOR).strip()]
    rows = []
    for r in records:
        rows.append({
            "objective_id": r.key(s.OBJECTIVE_ID),
            "role": s.match_choice(r.key(s.ROLE), s.EDUCATOR_ROLES) or r.text(s.ROLE),
            "educator": r.text(s.EDUCATOR), "school": r.text(s.SCHOOL_COLUMN),
            "goal_type": s.match_choice(r.key(s.GOAL_TYPE), s.GOAL_TYPES) or r.text(s.GOAL_TYPE),
            "goal": r.text(s.GOAL),
            "initiative": titles.get(r.key(s.INITIATIVE_ID), r.text(s.INITIATIVE_ID)),
        })
    by_objective = []
    coherence = []
    for o in objectives:
        mine = [g for g in rows if g["objective_id"] == o["id"]]
        groups = [{"label": label, "rows": [g for g in mine if g["role"] in roles]}
                  for label, roles in ROLE_GROUPS]
        by_objective.append({"number": o["number"], "title": o["title"],
                             "groups": [g for g in groups if g["rows"]]})
        counts = [len(g["rows"]) for g in groups]
        coherence.append({"objective": f"{o['number']}. {o['title']}",
                          "counts": [str(n) for n in counts],
                          "fills": [WHITE if n else GAP_FILL for n in counts]})
    return {
        "present": bool(records),
        "objectives": by_objective,
        "roles": [label for label, _ in ROLE_GROUPS],
        "coherence": coherence,
        "missing": _missing(rows),
        "rubric": [{"component": c, "superintendent": sup, "administrator": adm}
                   for c, sup, adm in RUBRIC_EVIDENCE],
        "has_schools": any(g["school"] for g in rows),
    }


def _missing(rows: list[dict]) -> list[dict]:
    """Educators and teams without a student learning or a professional practice goal."""
    seen: dict[tuple[str, str], dict] = {}
    for g in rows:
        entry = seen.setdefault(educator_key(g["educator"], g["school"]),
                                {"educator": g["educator"], "school": g["school"],
                                 "role": g["role"], "types": set()})
        entry["types"].add(g["goal_type"])
    return [{"educator": e["educator"], "school": e["school"], "role": e["role"],
             "missing": " and ".join(lacking)}
            for e in seen.values() if (lacking := missing_goal_types(e["types"]))]
