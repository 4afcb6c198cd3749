"""Validated records -> the nested data each document needs. Pure: no I/O, no docx.

Numbering comes from row order (Objective 2, Initiative 2.3), process benchmarks come before
early evidence of change, resource totals are added up here. Every text is passed through as
the team typed it; the templates only place it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import schema as s
from .images import fit, picture_kind
from .workbook import Record, Workbook

# Template kinds (one .docx template each) and what each is called in a document title.
PLAN, ACTION_PLAN, OVERVIEW, PROGRESS_REPORT = "plan", "action-plan", "overview", "progress-report"
KINDS = (PLAN, ACTION_PLAN, OVERVIEW, PROGRESS_REPORT)

STATUS_FILLS = {  # progress report shading, light enough for black text
    "Complete": "C6E0B4", "On Track": "DDEBF7", "At Risk": "FFE699", "Not Met": "F8CBAD",
    "Not Started": "E7E6E6",
}
_MONEY = re.compile(r"^\s*\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s*$")


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # template kind
    district_name: str  # file name part for a district plan
    school_name: str  # ... and for a school plan

    def file_kind(self, level: str) -> str:
        return self.school_name if level == s.SCHOOL else self.district_name


DOCUMENT_KINDS = {
    PLAN: DocumentKind(PLAN, "district-plan", "school-improvement-plan"),
    ACTION_PLAN: DocumentKind(ACTION_PLAN, "district-action-plan", "school-action-plan"),
    OVERVIEW: DocumentKind(OVERVIEW, "district-plan-overview", "school-plan-overview"),
    PROGRESS_REPORT: DocumentKind(PROGRESS_REPORT, "progress-report", "progress-report"),
}


def level_of(book: Workbook) -> str:
    return book.level or (s.SCHOOL if book.info(s.SCHOOL_NAME) else s.DISTRICT)


def organisation(book: Workbook) -> str:
    if level_of(book) == s.SCHOOL:
        return book.info(s.SCHOOL_NAME) or book.info(s.DISTRICT_NAME)
    return book.info(s.DISTRICT_NAME)


def has_statuses(book: Workbook) -> bool:
    """Progress monitoring has begun: a benchmark has a status, a status date or evidence."""
    return any(r.key(c) for r in book.records(s.BENCHMARKS)
               for c in (s.STATUS, s.STATUS_DATE, s.EVIDENCE))


def kinds_for(book: Workbook) -> list[str]:
    """The template kinds a workbook makes: all but the progress report without statuses.

    School plans make no overview: documents.md defines the one-page overview for districts.
    """
    kinds = [PLAN, ACTION_PLAN]
    if level_of(book) == s.DISTRICT:
        kinds.append(OVERVIEW)
    if has_statuses(book):
        kinds.append(PROGRESS_REPORT)
    return kinds


def document_context(book: Workbook, kind: str, *, district: Workbook | None = None) -> dict:
    """Everything one document's template needs, for one workbook."""
    model = plan_model(book, district=district)
    return with_document(model, kind)


def with_document(model: dict, kind: str) -> dict:
    """Add the per-document part (title, table of contents) to a plan model."""
    L = model["L"]
    titles = {
        PLAN: (f"{L} Improvement Plan" if L == "School" else "District Plan", model["years"]),
        ACTION_PLAN: (f"{L} Action Plan", model["action_year"]),
        OVERVIEW: (f"{L} Plan Overview", model["years"]),
        PROGRESS_REPORT: ("Action Plan Progress Report", model["action_year"]),
    }
    kind_title, years = titles[kind]
    title = f"{model['org']['name']}: {kind_title} {years}".strip()
    doc = {"kind": kind, "kind_title": kind_title, "years": years, "title": title,
           "subject": _subject(model, kind_title)}
    context = dict(model)
    context["doc"] = doc
    context["toc"] = _toc(model, kind)
    return context


def _subject(model: dict, kind_title: str) -> str:
    org = model["org"]
    where = org["name"] if not org["school"] else f"{org['school']}, {org['district']}"
    return f"Planning for Success {kind_title.lower()} for {where}"


def plan_model(book: Workbook, *, district: Workbook | None = None) -> dict:
    """The whole plan as nested data: the part every document of the workbook shares."""
    level = level_of(book)
    L = "School" if level == s.SCHOOL else "District"
    initiatives = _initiative_labels(book)
    objectives = _objectives(book, district)
    model = {
        "level": level,
        "L": L,
        "is_school": level == s.SCHOOL,
        "org": {
            "name": organisation(book),
            "district": book.info(s.DISTRICT_NAME),
            "school": book.info(s.SCHOOL_NAME) if level == s.SCHOOL else "",
            "code": book.info(s.SCHOOL_CODE if level == s.SCHOOL else s.DISTRICT_CODE),
        },
        "years": book.info(s.PLAN_YEARS),
        "action_year": book.info(s.ACTION_PLAN_YEAR),
        "draft": s.match_choice(book.info(s.PLAN_STATUS), s.PLAN_STATUSES) == s.DRAFT,
        "logo": _logo(book),
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
                "timeline": r.text(s.TIMELINE)}
               for r in book.records(s.PROFESSIONAL_DEVELOPMENT)],
        "induction": [{"activity": r.text(s.ACTIVITY), "audience": r.text(s.AUDIENCE),
                       "timeline": r.text(s.TIMELINE),
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
        "council": _council(book),
        "schools": [{"code": r.text(s.SCHOOL_CODE_COLUMN), "name": r.text(s.SCHOOL_NAME_COLUMN),
                     "principal": r.text(s.PRINCIPAL_COLUMN), "grades": r.text(s.GRADES)}
                    for r in book.records(s.SCHOOLS)],
    }
    model["progress"] = _progress(objectives)
    return model


def _logo(book: Workbook) -> dict:
    """Where the cover's logo comes from and how large it is; `ext` empty for none."""
    found = picture_kind(book.logo) if book.logo else None
    if found is None:
        return {"ext": "", "cx": "0", "cy": "0", "alt": "", "part": ""}
    ext, width, height = found
    cx, cy = fit(width, height)
    return {"ext": ext, "cx": str(cx), "cy": str(cy), "alt": f"Logo of {organisation(book)}",
            "part": f"word/media/pfs-logo.{ext}"}


def media(book: Workbook, model: dict) -> dict[str, bytes]:
    """The pictures a document of this plan carries in its template's slots."""
    return {model["logo"]["part"]: book.logo} if model["logo"]["part"] else {}


def _texts(book: Workbook, sheet: str, column: str) -> list[str]:
    return [r.text(column) for r in book.records(sheet) if r.text(column).strip()]


def _people(book: Workbook, level: str) -> list[dict]:
    roles = [(s.PRINCIPAL, "Principal"), (s.SUPERINTENDENT, "Superintendent")] \
        if level == s.SCHOOL else [(s.SUPERINTENDENT, "Superintendent")]
    return [{"role": label, "name": book.info(f)} for f, label in roles if book.info(f)]


def _approvals(book: Workbook, level: str) -> list[dict]:
    fields = (s.COUNCIL_APPROVAL, s.SUPERINTENDENT_APPROVAL, s.COMMITTEE_APPROVAL) \
        if level == s.SCHOOL else (s.COMMITTEE_APPROVAL,)
    return [{"label": f.replace(" Date", ""), "date": book.info(f)}
            for f in fields if book.info(f)]


def _theory_of_action(book: Workbook) -> dict:
    ifs, thens = [], []
    for r in book.records(s.THEORY_OF_ACTION):
        part = s.match_choice(r.key(s.PART), (s.IF, s.THEN))
        (ifs if part == s.IF else thens).append(r.text(s.STATEMENT))
    return {"ifs": _lead(ifs, s.IF), "thens": _lead(thens, s.THEN), "present": bool(ifs or thens)}


def _lead(statements: list[str], word: str) -> dict:
    """'If' and 'Then' go before statements that do not already begin with the word."""
    starts = all(re.match(rf"\s*{word}\b", t, re.I) for t in statements)
    return {"statements": statements, "label": "" if starts else word,
            "single": len(statements) == 1}


def _initiative_numbers(book: Workbook) -> dict[str, str]:
    """Initiative ID -> its number (2.3): objective's row order, then the initiative's."""
    numbers = {}
    for n, objective in enumerate(book.records(s.OBJECTIVES), start=1):
        key = objective.key(s.ID)
        for m, ini in enumerate((i for i in book.records(s.INITIATIVES)
                                 if i.key(s.OBJECTIVE_ID) == key), start=1):
            numbers.setdefault(ini.key(s.ID), f"{n}.{m}")
    return numbers


def _initiative_labels(book: Workbook) -> dict[str, str]:
    """Initiative ID -> how a table names it: its number and name."""
    numbers = _initiative_numbers(book)
    return {r.key(s.ID): f"{numbers[r.key(s.ID)]} {r.text(s.INITIATIVE)}"
            for r in book.records(s.INITIATIVES) if r.key(s.ID) in numbers}


def _label(labels: dict[str, str], key: str) -> str:
    return labels.get(key, key)


def _objectives(book: Workbook, district) -> list[dict]:
    district_objectives = {}
    if district is not None:
        for n, r in enumerate(district.records(s.OBJECTIVES), start=1):
            district_objectives.setdefault(r.key(s.ID), f"District Objective {n}: "
                                           f"{r.text(s.OBJECTIVE)}")
    benchmarks: dict[str, list[Record]] = {}
    for r in book.records(s.BENCHMARKS):
        benchmarks.setdefault(r.key(s.INITIATIVE_ID), []).append(r)
    outcomes: dict[str, list[Record]] = {}
    for r in book.records(s.OUTCOMES):
        outcomes.setdefault(r.key(s.OBJECTIVE_ID), []).append(r)
    objectives = []
    for n, r in enumerate(book.records(s.OBJECTIVES), start=1):
        key = r.key(s.ID)
        items = []
        for m, ini in enumerate((i for i in book.records(s.INITIATIVES)
                                 if i.key(s.OBJECTIVE_ID) == key), start=1):
            number = f"{n}.{m}"
            items.append({
                "number": number, "title": ini.text(s.INITIATIVE),
                "description": ini.text(s.DESCRIPTION), "lead": ini.text(s.LEAD),
                "evaluation": ini.text(s.EVALUATION),
                "benchmarks": _benchmarks(benchmarks.get(ini.key(s.ID), [])),
            })
        supports = district_objectives.get(r.key(s.DISTRICT_OBJECTIVE_ID), "")
        objectives.append({
            "number": str(n), "id": key, "title": r.text(s.OBJECTIVE),
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
            "timeline": r.text(s.TIMELINE), "resources": r.text(s.RESOURCES_COLUMN),
            "status": status, "status_date": r.text(s.STATUS_DATE),
            "evidence": r.text(s.EVIDENCE), "fill": STATUS_FILLS.get(status, "FFFFFF"),
        })
    rows.sort(key=lambda b: b["type"] != s.PROCESS)  # stable: process first, row order kept
    return rows


def _outcome(r: Record) -> dict:
    return {"type": s.match_choice(r.key(s.TYPE), (s.INTERIM, s.FINAL)) or r.text(s.TYPE),
            "text": r.text(s.OUTCOME), "measure": r.text(s.MEASURE),
            "student_group": r.text(s.STUDENT_GROUP), "baseline": r.text(s.BASELINE),
            "target": r.text(s.TARGET), "target_date": r.text(s.TARGET_DATE)}


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
    return {"rows": rows, "total": format_money(total) if counted else "",
            "uncounted": len(rows) - counted}


def _teams(book: Workbook, objectives: list[dict]) -> list[dict]:
    order = {o["id"]: i for i, o in enumerate(objectives)}
    names = {o["id"]: f"{o['number']}. {o['title']}" for o in objectives}
    rows = [{"objective": names.get(r.key(s.OBJECTIVE_ID), r.key(s.OBJECTIVE_ID)),
             "role": s.match_choice(r.key(s.ROLE), (s.TEAM_LEADER, s.MEMBER)) or r.text(s.ROLE),
             "name": r.text(s.NAME), "position": r.text(s.POSITION),
             "_order": (order.get(r.key(s.OBJECTIVE_ID), len(order)),
                        s.match_choice(r.key(s.ROLE), (s.TEAM_LEADER, s.MEMBER)) != s.TEAM_LEADER)}
            for r in book.records(s.TEAMS)]
    rows.sort(key=lambda row: row.pop("_order"))
    return rows


def _council(book: Workbook) -> dict:
    return {"rows": [{"requirement": r.text(s.REQUIREMENT), "response": r.text(s.RESPONSE)}
                     for r in book.records(s.COUNCIL)],
            "principal": book.info(s.PRINCIPAL),
            "council_date": book.info(s.COUNCIL_APPROVAL),
            "superintendent_date": book.info(s.SUPERINTENDENT_APPROVAL),
            "superintendent": book.info(s.SUPERINTENDENT)}


def _progress(objectives: list[dict]) -> dict:
    statuses = list(s.BENCHMARK_STATUSES)
    summary = []
    totals = {st: 0 for st in statuses}
    totals["No Status"] = 0
    for o in objectives:
        counts = {st: 0 for st in totals}
        for i in o["initiatives"]:
            for b in i["benchmarks"]:
                counts[b["status"] if b["status"] in counts else "No Status"] += 1
        for st in counts:
            totals[st] += counts[st]
        summary.append({"objective": f"{o['number']}. {o['title']}",
                        "counts": [str(counts[st]) for st in totals],
                        "total": str(sum(counts.values()))})
    return {"statuses": list(totals), "summary": summary,
            "totals": [str(totals[st]) for st in totals], "total": str(sum(totals.values()))}


def _toc(model: dict, kind: str) -> list[dict]:
    """The headings a document will have, in order, to pre-fill its table of contents."""
    L = model["L"]
    toc: list[tuple[int, str]] = []
    objectives = model["objectives"]
    if kind == PLAN:
        toc.append((1, f"I. {L} Mission, Vision, Core Values"))
        toc += [(2, name) for name, key in (("Mission", "mission"), ("Vision", "vision"),
                                            ("Core Values", "core_values")) if model[key]]
        toc.append((1, "II. Data Analysis and Theory of Action"))
        if model["data_analysis"]:
            toc.append((2, "Data Analysis"))
        if model["toa"]["present"]:
            toc.append((2, "Theory of Action"))
        toc.append((1, "III. Strategic Objectives and Initiatives"))
        toc.append((2, "Plan Overview"))
        for o in objectives:
            toc.append((2, f"Strategic Objective {o['number']}: {o['title']}"))
            toc += [(3, f"Strategic Initiative {i['number']}: {i['title']}")
                    for i in o["initiatives"]]
        for name, key in (("Professional Development", "pd"),
                          ("Teacher Induction and Mentoring", "induction"),
                          ("English Learner Programs", "el_programs")):
            if model[key]:
                toc.append((2, name))
        toc.append((1, "IV. Outcomes"))
        if model["evaluations"]:
            toc.append((2, "Evaluating Initiative Effectiveness"))
        if model["is_school"]:
            toc.append((1, "V. School Council Requirements"))
    elif kind == ACTION_PLAN:
        for o in objectives:
            toc.append((1, f"Strategic Objective {o['number']}: {o['title']}"))
            toc += [(2, f"Strategic Initiative {i['number']}: {i['title']}")
                    for i in o["initiatives"]]
        toc.append((1, "Resources Supporting Implementation"))
        if model["teams"]:
            toc.append((1, "Action Planning Teams"))
    elif kind == PROGRESS_REPORT:
        toc.append((1, "Summary of Progress"))
        for o in objectives:
            toc.append((1, f"Strategic Objective {o['number']}: {o['title']}"))
            toc += [(2, f"Strategic Initiative {i['number']}: {i['title']}")
                    for i in o["initiatives"]]
    return [{"level": level, "text": text} for level, text in toc]


# --- the district's alignment crosswalk (bulk) --------------------------------------------

ALIGNMENT = "alignment"
NO_SUPPORT_FILL = "F8CBAD"


@dataclass(frozen=True)
class SchoolAlignment:
    """What one school plan says it supports: (objective number, title, district ID) rows."""

    school: str
    objectives: tuple[tuple[str, str, str], ...]


def school_alignment(book: Workbook) -> SchoolAlignment:
    return SchoolAlignment(organisation(book), tuple(
        (str(n), r.text(s.OBJECTIVE), r.key(s.DISTRICT_OBJECTIVE_ID))
        for n, r in enumerate(book.records(s.OBJECTIVES), start=1)))


def alignment_rows(district: Workbook, schools: list[SchoolAlignment]) -> list[dict]:
    """One row per district objective: which schools support it, with which objectives."""
    rows = []
    for n, r in enumerate(district.records(s.OBJECTIVES), start=1):
        key = r.key(s.ID)
        supporters = []
        for school in schools:
            numbers = [num for num, _, ref in school.objectives if ref == key]
            if numbers:
                label = "objective" if len(numbers) == 1 else "objectives"
                supporters.append((school.school, f"{label} {', '.join(numbers)}"))
        rows.append({"id": key, "number": str(n), "title": r.text(s.OBJECTIVE),
                     "objective": f"{n}. {r.text(s.OBJECTIVE)}",
                     "supporters": supporters,
                     "schools": "\n".join(f"{name} ({which})" for name, which in supporters)
                     or "No school plan supports this objective.",
                     "count": str(len(supporters)),
                     "fill": "FFFFFF" if supporters else NO_SUPPORT_FILL})
    return rows


def alignment_context(district: Workbook, schools: list[SchoolAlignment],
                      not_counted: list[tuple[str, str]] = ()) -> dict:
    """The crosswalk document: district objectives by the schools whose plans support them;
    `not_counted` names the school workbooks that failed (workbook, its first problem)."""
    model = {
        "org": {"name": organisation(district), "district": district.info(s.DISTRICT_NAME),
                "school": "", "code": district.info(s.DISTRICT_CODE)},
        "years": district.info(s.PLAN_YEARS),
        "draft": s.match_choice(district.info(s.PLAN_STATUS), s.PLAN_STATUSES) == s.DRAFT,
        "logo": _logo(district),
        "rows": alignment_rows(district, schools),
        "unaligned": [{"school": school.school, "objective": f"{num}. {title}"}
                      for school in schools for num, title, ref in school.objectives
                      if not ref],
        "school_count": str(len(schools)),
        "not_counted": [{"workbook": name, "problem": problem} for name, problem in not_counted],
    }
    kind_title = "School Plan Alignment"
    model["doc"] = {"kind": ALIGNMENT, "kind_title": kind_title, "years": model["years"],
                    "title": f"{model['org']['name']}: {kind_title} {model['years']}",
                    "subject": "How the school improvement plans support the District Plan's "
                               f"strategic objectives, {model['org']['name']}"}
    return model
