"""The headings each document has, in order: they pre-fill its table of contents, and a test
holds them to the headings the templates really print."""

from __future__ import annotations

from ..design import CONTENTS_LEVELS
from ..kinds import ACTION_PLAN, EDUCATOR_GOALS, PLAN, PROGRESS_REPORT
from ..text import anchor


def headings(model: dict, kind: str) -> list[dict]:
    """The headings of the first two levels a document will have, in order, to pre-fill its
    table of contents; each with the name of its heading's bookmark, for the link."""
    L = model["L"]
    toc: list[tuple[int, str]] = []
    objectives = model["objectives"]
    if kind == PLAN:
        toc.append((1, f"I. {L} Mission, Vision, Core Values"))
        toc += [(2, name) for name, key in (("Mission", "mission"), ("Vision", "vision"))
                if model[key]]
        if model["el"]["vision"] or model["el"]["strategy"]:
            toc.append((2, "Vision for English Learner Success"))
        if model["core_values"]:
            toc.append((2, "Core Values"))
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
        if model["el"]["goals"]:
            toc.append((2, "English Learner Success Goals"))
        if model["is_school"]:
            toc.append((1, "V. School Council Requirements"))
            if model["council"]["members"]:
                toc.append((2, "School Council"))
            toc.append((2, "Approval"))
        if model["schools"]:
            toc.append((1, "Appendix: Schools in the District"))
    elif kind == ACTION_PLAN:
        for o in objectives:
            toc.append((1, f"Strategic Objective {o['number']}: {o['title']}"))
            toc += [(2, f"Strategic Initiative {i['number']}: {i['title']}")
                    for i in o["initiatives"]]
        toc.append((1, "Timeline"))
        toc.append((1, "Resources Supporting Implementation"))
        if model["teams"]:
            toc.append((1, "Action Planning Teams"))
    elif kind == PROGRESS_REPORT:
        toc.append((1, "Progress at a Glance"))
        for o in objectives:
            toc.append((1, f"Strategic Objective {o['number']}: {o['title']}"))
            toc += [(2, f"Strategic Initiative {i['number']}: {i['title']}")
                    for i in o["initiatives"]]
    elif kind == EDUCATOR_GOALS:
        toc += [(1, f"Strategic Objective {o['number']}: {o['title']}") for o in objectives]
        toc += [(1, "Coherence"), (1, "The Plan as Evaluation Evidence")]
    return [{"level": level, "text": text, "anchor": anchor(text)} for level, text in toc
            if level <= CONTENTS_LEVELS]

