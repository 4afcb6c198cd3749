"""The plan model: everything the documents of one workbook share, as nested data.

Numbering comes from row order (Objective 2, Initiative 2.3), process benchmarks come before
early evidence of change, resource totals are added up here. Every text is passed through as
the team typed it; the templates only place it.
"""

from __future__ import annotations

import re
from typing import Any

from .. import schema as s
from ..design import STATUS_FILLS, WHITE, logo_part
from ..images import fit, picture_kind
from ..values import display_date
from ..workbook import Record, Workbook
from .align import educator_goals, el_success
from .monitoring import monitoring
from .timeline_grid import timeline_grid

_MONEY = re.compile(r"^\s*\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s*$")


def plan_model(book: Workbook, *, district: Workbook | None = None) -> dict:
    """The whole plan as nested data: the part every document of the workbook shares."""
    level = book.plan_level
    L = "School" if level == s.SCHOOL else "District"
    initiatives = _initiative_labels(book)
    objectives = _objectives(book, district)
    model: dict[str, Any] = {
        "level": level,
        "L": L,
        "is_school": level == s.SCHOOL,
        "org": {
            "name": book.organisation,
            "district": book.info(s.DISTRICT_NAME),
            "school": book.info(s.SCHOOL_NAME) if level == s.SCHOOL else "",
            "code": book.info(s.SCHOOL_CODE if level == s.SCHOOL else s.DISTRICT_CODE),
        },
        "years": book.info(s.PLAN_YEARS),
        "action_year": book.info(s.ACTION_PLAN_YEAR),
        "draft": is_draft(book),
        "logo": logo(book),
        "people": _people(book, level),
        "approvals": _approvals(book, level),
        "mission": _texts(book, s.MISSION, s.TEXT),
        "vision": _texts(book, s.VISION, s.TEXT),
        "core_values": [{"value": r.text(s.VALUE), "description": r.text(s.DESCRIPTION)}
                        for r in book.records(s.CORE_VALUES)],
        "data_analysis": [{"focus_area": r.text(s.FOCUS_AREA),
                           "student_group": r.text(s.STUDENT_GROUP),
                           "data_source": r.text(s.DATA_SOURCE), "finding": r.text(s.FINDING)}
                          for r in book.records(s.DATA_ANALYSIS)],
        "toa": _theory_of_action(book),
        "objectives": objectives,
        "overview": _overview(objectives),
        "pd": [{"initiative": _label(initiatives, r.key(s.INITIATIVE_ID)),
                "activity": r.text(s.ACTIVITY), "audience": r.text(s.AUDIENCE),
                "timeline": display_date(r.text(s.TIMELINE))}
               for r in book.records(s.PROFESSIONAL_DEVELOPMENT)],
        "induction": [{"activity": r.text(s.ACTIVITY), "audience": r.text(s.AUDIENCE),
                       "timeline": display_date(r.text(s.TIMELINE)),
                       "initiative": _label(initiatives, r.key(s.INITIATIVE_ID))}
                      for r in book.records(s.INDUCTION)],
        "el_programs": [{"program": r.text(s.PROGRAM), "description": r.text(s.DESCRIPTION),
                         "initiative": _label(initiatives, r.key(s.INITIATIVE_ID))}
                        for r in book.records(s.EL_PROGRAMS)],
        "evaluations": [{"label": f"Strategic Initiative {i['number']}: {i['title']}",
                         "text": i["evaluation"]}
                        for o in objectives for i in o["initiatives"] if i["evaluation"].strip()],
        "resources": _resources(book, initiatives),
        "teams": _teams(book, objectives),
        "council": _council(book, district),
        "schools": [{"code": r.text(s.SCHOOL_CODE_COLUMN), "name": r.text(s.SCHOOL_NAME_COLUMN),
                     "principal": r.text(s.PRINCIPAL_COLUMN), "grades": r.text(s.GRADES)}
                    for r in book.records(s.SCHOOLS)],
    }
    model["el"] = el_success(book, objectives, initiatives)
    model["educator_goals"] = educator_goals(book, objectives, initiatives)
    # issue 11: the Progress Report's monitoring, the action plans' Timeline
    model["monitoring"] = monitoring(book, objectives, numbered(book))
    model["timeline"] = timeline_grid(book, numbered(book))
    model["pd_groups"] = by_initiative(model["pd"])
    model["el_groups"] = by_initiative(model["el_programs"])
    return model


def is_draft(book: Workbook) -> bool:
    """Plan Info says Status: Draft, so every document is marked DRAFT."""
    return s.match_choice(book.info(s.PLAN_STATUS), s.PLAN_STATUSES) == s.DRAFT


def logo(book: Workbook) -> dict:
    """Where the cover's logo comes from and how large it is; `ext` empty for none."""
    found = picture_kind(book.logo) if book.logo else None
    if found is None:
        return {"ext": "", "cx": "0", "cy": "0", "alt": "", "part": ""}
    ext, width, height = found
    cx, cy = fit(width, height)
    return {"ext": ext, "cx": str(cx), "cy": str(cy), "alt": f"Logo of {book.organisation}",
            "part": logo_part(ext)}


def media(book: Workbook, model: dict) -> dict[str, bytes]:
    """The pictures a document of this plan carries in its template's slots."""
    return {model["logo"]["part"]: book.logo} if model["logo"]["part"] and book.logo else {}


def _texts(book: Workbook, sheet: str, column: str) -> list[str]:
    return [r.text(column) for r in book.records(sheet) if r.text(column).strip()]


def _people(book: Workbook, level: str) -> list[dict]:
    roles = [(s.PRINCIPAL, "Principal"), (s.SUPERINTENDENT, "Superintendent")] \
        if level == s.SCHOOL else [(s.SUPERINTENDENT, "Superintendent")]
    return [{"role": label, "name": book.info(f)} for f, label in roles if book.info(f)]


def _approvals(book: Workbook, level: str) -> list[dict]:
    fields = (s.COUNCIL_APPROVAL, s.SUPERINTENDENT_APPROVAL, s.COMMITTEE_APPROVAL) \
        if level == s.SCHOOL else (s.COMMITTEE_APPROVAL,)
    return [{"label": f.replace(" Date", ""), "date": display_date(book.info(f))}
            for f in fields if book.info(f)]


def _theory_of_action(book: Workbook) -> dict:
    ifs: list[str] = []
    thens: list[str] = []
    for r in book.records(s.THEORY_OF_ACTION):
        part = s.match_choice(r.key(s.PART), (s.IF, s.THEN))
        (ifs if part == s.IF else thens).append(r.text(s.STATEMENT))
    return {"ifs": _lead(ifs, s.IF), "thens": _lead(thens, s.THEN), "present": bool(ifs or thens)}


def _lead(statements: list[str], word: str) -> dict:
    """'If' and 'Then' go before statements that do not already begin with the word."""
    starts = all(re.match(rf"\s*{word}\b", t, re.I) for t in statements)
    return {"statements": statements, "label": "" if starts else word,
            "single": len(statements) == 1}


def numbered(book: Workbook) -> list[tuple[str, Record, list[tuple[str, Record]]]]:
    """Objectives with their initiatives, numbered by row order: objective 2, its third
    initiative 2.3. An initiative whose objective is not on the sheet gets no number."""
    out = []
    for n, objective in enumerate(book.records(s.OBJECTIVES), start=1):
        key = objective.key(s.ID)
        initiatives = [i for i in book.records(s.INITIATIVES) if i.key(s.OBJECTIVE_ID) == key]
        out.append((str(n), objective, [(f"{n}.{m}", ini)
                                        for m, ini in enumerate(initiatives, start=1)]))
    return out


def _initiative_labels(book: Workbook) -> dict[str, str]:
    """Initiative ID -> how a table names it: its number and name."""
    labels: dict[str, str] = {}
    for _, _, initiatives in numbered(book):
        for number, ini in initiatives:
            labels.setdefault(ini.key(s.ID), f"{number} {ini.text(s.INITIATIVE)}")
    return labels


def _label(labels: dict[str, str], key: str) -> str:
    return labels.get(key, key)


NO_INITIATIVE = "Not linked to an initiative"


def by_initiative(rows: list[dict]) -> list[dict]:
    """Rows under the initiative they serve, each initiative once (in the order it first
    appears), for tables with a sub-header row per initiative instead of its title on every
    row."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["initiative"] or NO_INITIATIVE, []).append(row)
    return [{"label": label, "rows": members} for label, members in groups.items()]


def _objectives(book: Workbook, district: Workbook | None) -> list[dict]:
    district_objectives: dict[str, str] = {}
    if district is not None:
        for number, r, _ in numbered(district):
            district_objectives.setdefault(r.key(s.ID), f"District Objective {number}: "
                                           f"{r.text(s.OBJECTIVE)}")
    benchmarks: dict[str, list[Record]] = {}
    for r in book.records(s.BENCHMARKS):
        benchmarks.setdefault(r.key(s.INITIATIVE_ID), []).append(r)
    outcomes: dict[str, list[Record]] = {}
    for r in book.records(s.OUTCOMES):
        outcomes.setdefault(r.key(s.OBJECTIVE_ID), []).append(r)
    objectives = []
    for n, r, initiatives in numbered(book):
        key = r.key(s.ID)
        items = []
        for number, ini in initiatives:
            items.append({
                "number": number, "title": ini.text(s.INITIATIVE),
                "description": ini.text(s.DESCRIPTION), "lead": ini.text(s.LEAD),
                "evaluation": ini.text(s.EVALUATION),
                "benchmarks": _benchmarks(benchmarks.get(ini.key(s.ID), [])),
            })
        supports = district_objectives.get(r.key(s.DISTRICT_OBJECTIVE_ID), "")
        objectives.append({
            "number": n, "id": key, "title": r.text(s.OBJECTIVE),
            "description": r.text(s.DESCRIPTION),
            "supports": f"Supports {supports}" if supports else "",
            "district_objective_id": r.key(s.DISTRICT_OBJECTIVE_ID),
            "initiatives": items,
            "outcomes": [_outcome(o) for o in outcomes.get(key, [])],
        })
    return objectives


def _benchmarks(records: list[Record]) -> list[dict]:
    rows = []
    for r in records:
        kind = s.match_choice(r.key(s.TYPE), (s.PROCESS, s.EARLY_EVIDENCE)) or r.text(s.TYPE)
        status = s.match_choice(r.key(s.STATUS), s.BENCHMARK_STATUSES) or r.text(s.STATUS)
        rows.append({
            "type": kind, "text": r.text(s.BENCHMARK), "persons": r.text(s.PERSONS_RESPONSIBLE),
            "timeline": display_date(r.text(s.TIMELINE)),
            "resources": r.text(s.RESOURCES_COLUMN),
            "status": status, "status_date": display_date(r.text(s.STATUS_DATE)),
            "evidence": r.text(s.EVIDENCE), "fill": STATUS_FILLS.get(status, WHITE),
        })
    rows.sort(key=lambda b: b["type"] != s.PROCESS)  # stable: process first, row order kept
    return rows


def _outcome(r: Record) -> dict:
    return {"type": s.match_choice(r.key(s.TYPE), (s.INTERIM, s.FINAL)) or r.text(s.TYPE),
            "text": r.text(s.OUTCOME), "measure": r.text(s.MEASURE),
            "student_group": r.text(s.STUDENT_GROUP), "baseline": r.text(s.BASELINE),
            "target": r.text(s.TARGET), "target_date": display_date(r.text(s.TARGET_DATE))}


def _overview(objectives: list[dict]) -> dict:
    """One column per objective, its initiatives below, its outcomes in the last row."""
    depth = max((len(o["initiatives"]) for o in objectives), default=0)
    rows = [[(f"{o['initiatives'][k]['number']} {o['initiatives'][k]['title']}"
              if k < len(o["initiatives"]) else "") for o in objectives]
            for k in range(depth)]
    return {
        "headers": [f"{o['number']}. {o['title']}" for o in objectives],
        "rows": rows,
        "initiatives": ["\n".join(f"{i['number']} {i['title']}" for i in o["initiatives"])
                        for o in objectives],
        "outcomes": ["\n".join(f"{x['type']}: {x['text']}" for x in o["outcomes"])
                     for o in objectives],
        "width": len(objectives),
    }


def money(text: str) -> float | None:
    """A dollar amount typed as `$48,000`, `48000` or `48,000.50`; None for `1.0 FTE`."""
    m = _MONEY.match(text or "")
    if not m:
        return None
    return float(m.group(1).replace(",", "") + (m.group(2) or ""))


def format_money(value: float) -> str:
    return f"${value:,.2f}" if value % 1 else f"${value:,.0f}"


def _resources(book: Workbook, initiatives) -> dict:
    rows, total, counted = [], 0.0, 0
    for r in book.records(s.RESOURCES):
        amount = r.text(s.AMOUNT)
        value = money(amount)
        if value is not None:
            total, counted = total + value, counted + 1
        rows.append({"initiative": _label(initiatives, r.key(s.INITIATIVE_ID)),
                     "type": s.match_choice(r.key(s.TYPE), s.RESOURCE_TYPES) or r.text(s.TYPE),
                     "description": r.text(s.DESCRIPTION), "amount": amount,
                     "funding_source": r.text(s.FUNDING_SOURCE)})
    return {"rows": rows, "groups": by_initiative(rows),
            "total": format_money(total) if counted else "", "uncounted": len(rows) - counted}


def _teams(book: Workbook, objectives: list[dict]) -> list[dict]:
    order = {o["id"]: i for i, o in enumerate(objectives)}
    names = {o["id"]: f"{o['number']}. {o['title']}" for o in objectives}
    def place(r: Record) -> tuple[int, bool]:  # by objective, each team's leader first
        role = s.match_choice(r.key(s.ROLE), (s.TEAM_LEADER, s.MEMBER))
        return order.get(r.key(s.OBJECTIVE_ID), len(order)), role != s.TEAM_LEADER

    return [{"objective": names.get(r.key(s.OBJECTIVE_ID), r.key(s.OBJECTIVE_ID)),
             "role": s.match_choice(r.key(s.ROLE), (s.TEAM_LEADER, s.MEMBER)) or r.text(s.ROLE),
             "name": r.text(s.NAME), "position": r.text(s.POSITION)}
            for r in sorted(book.records(s.TEAMS), key=place)]


def _council(book: Workbook, district: Workbook | None = None) -> dict:
    """Section V of a school plan: the s.59C responses, the council, and the approval block
    (a signature and a date line for each who approves; a date already given is printed).
    The superintendent's name comes from the district workbook when there is one (bulk,
    --district): a school workbook has no Superintendent field."""
    superintendent = book.info(s.SUPERINTENDENT) or (
        district.info(s.SUPERINTENDENT) if district is not None else "")
    members = [{"name": r.text(s.NAME),
                "role": s.match_choice(r.key(s.ROLE), s.COUNCIL_ROLES) or r.text(s.ROLE),
                "position": r.text(s.COUNCIL_POSITION)}
               for r in book.records(s.COUNCIL_MEMBERS)]
    signers = [{"role": "Principal", "name": book.info(s.PRINCIPAL), "date": ""},
               {"role": "School Council", "name": "",
                "date": display_date(book.info(s.COUNCIL_APPROVAL))},
               {"role": "Superintendent", "name": superintendent,
                "date": display_date(book.info(s.SUPERINTENDENT_APPROVAL))}]
    return {"rows": [{"requirement": r.text(s.REQUIREMENT), "response": r.text(s.RESPONSE)}
                     for r in book.records(s.COUNCIL)],
            "members": members,
            "signers": signers,
            "submitted": display_date(book.info(s.DATE_SUBMITTED)),
            "consulted": display_date(book.info(s.CONSULTATION))}
