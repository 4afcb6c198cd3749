"""The Align phase in the documents: English learner success in the plans, the Educator Goals
document, and the crosswalk's goals and English learner gaps."""

from __future__ import annotations

import docx
from conftest import make_workbook, sample, school_rows
from docx_read import all_text, headings, tables

from pfs_docgen import schema as s
from pfs_docgen.api import build
from pfs_docgen.context import alignment_context, school_alignment
from pfs_docgen.context.align import RUBRIC_EVIDENCE
from pfs_docgen.design import GAP_FILL
from pfs_docgen.workbook import read_workbook

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _built(tmp_path, rows, kinds, level=s.DISTRICT, renderer=None):
    out = tmp_path / "out"
    manifest = build(make_workbook(tmp_path, "plan.xlsx", level, rows=rows), out, kinds=kinds,
                     renderer=renderer)
    return {d.kind: out / d.path for d in manifest.documents}


def _fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(W + "shd")
    return shd.get(W + "fill") if shd is not None else None


def test_the_plan_states_the_vision_for_english_learners_and_their_goals(tmp_path, renderer):
    rows = sample()
    untagged = next(i for i in rows[s.INITIATIVES] if i.get(s.BLUEPRINT_PILLAR) ==
                    "School Culture")
    untagged.pop(s.BLUEPRINT_PILLAR)
    plan = _built(tmp_path, rows, ["plan"], renderer=renderer)["district-plan"]
    names = [text for _, text in headings(plan)]
    assert names.index("Vision for English Learner Success") == names.index("Vision") + 1
    assert names.index("English Learner Success Goals") > names.index("IV. Outcomes")
    text = all_text(plan)
    for row in rows[s.EL_SUCCESS]:
        assert row[s.STATEMENT] in text
    outcomes = next(t for t in tables(plan) if t[0][:2] == ["Strategic Objective", "Outcome"])
    assert {r[3] for r in outcomes[1:]} == {"English learners"}
    pillars = next(t for t in docx.Document(str(plan)).tables
                   if t.rows[0].cells[0].text == "Blueprint Pillar")
    by_pillar = {r.cells[0].text: r.cells[1] for r in pillars.rows[1:]}
    assert list(by_pillar) == list(s.BLUEPRINT_PILLARS)
    # the pillar no initiative serves is named, in words and shaded
    assert "No initiative of this plan serves this pillar yet." in by_pillar["School Culture"].text
    assert _fill(by_pillar["School Culture"]) == GAP_FILL
    assert _fill(by_pillar["Access to Educators"]) != GAP_FILL
    assert "1.3 Recruit, develop and retain" in by_pillar["Access to Educators"].text


def test_a_plan_without_english_learner_content_has_no_such_sections(tmp_path, renderer):
    rows = sample()
    rows[s.EL_SUCCESS] = []
    for initiative in rows[s.INITIATIVES]:
        initiative.pop(s.BLUEPRINT_PILLAR, None)
    for outcome in rows[s.OUTCOMES]:
        outcome[s.STUDENT_GROUP] = "All students"
    plan = _built(tmp_path, rows, ["plan"], renderer=renderer)["district-plan"]
    names = [text for _, text in headings(plan)]
    assert "Vision for English Learner Success" not in names
    assert "English Learner Success Goals" not in names


def test_educator_goals_document_groups_goals_and_shows_coherence(tmp_path, renderer):
    rows = sample()
    haddad = [g for g in rows[s.EDUCATOR_GOALS] if g[s.EDUCATOR] == "Ibrahim Haddad"]
    haddad[1][s.GOAL_TYPE] = s.SCHOOL_IMPROVEMENT  # no professional practice goal left
    document = _built(tmp_path, rows, ["educator-goals"], renderer=renderer)["educator-goals"]
    assert docx.Document(str(document)).core_properties.title == \
        "Maple Falls Public Schools: Educator Goals 2025-2026"
    names = [text for _, text in headings(document)]
    objectives = [o[s.OBJECTIVE] for o in rows[s.OBJECTIVES]]
    assert names == [f"Strategic Objective {n}: {t}" for n, t in enumerate(objectives, 1)] + \
        ["Coherence", "The Plan as Evaluation Evidence"]
    text = all_text(document)
    for goal in rows[s.EDUCATOR_GOALS]:
        assert goal[s.GOAL] in text
    found = docx.Document(str(document)).tables
    coherence = next(t for t in found if t.rows[0].cells[0].text == "Strategic Objective"
                     and t.rows[0].cells[1].text == "Superintendent")
    counts = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in coherence.rows[1:]}
    goals = rows[s.EDUCATOR_GOALS]
    for (key, title), n in zip(((o[s.ID], o[s.OBJECTIVE]) for o in rows[s.OBJECTIVES]),
                               range(1, 10)):
        expected = sum(g[s.OBJECTIVE_ID] == key and g[s.ROLE] == s.SUPERINTENDENT_ROLE
                       for g in goals)
        assert counts[f"{n}. {title}"][0] == str(expected)
    # an empty cell is shaded, a filled one not; the count is printed either way
    for row in coherence.rows[1:]:
        for cell in row.cells[1:]:
            assert (_fill(cell) == GAP_FILL) == (cell.text == "0")
    missing = next(t for t in tables(document) if t[0][0] == "Educator or Team"
                   and t[0][-1] == "Missing Goal")
    assert missing[1:] == [["Ibrahim Haddad", "Oak Street Elementary School",
                            s.SCHOOL_ADMINISTRATOR, s.PROFESSIONAL_PRACTICE]]
    rubric = next(t for t in tables(document) if t[0][0] == "Plan Component")
    assert [tuple(r) for r in rubric[1:]] == list(RUBRIC_EVIDENCE)


def test_a_school_plan_has_no_superintendent_column_in_its_coherence_table(tmp_path,
                                                                            renderer):
    rows = school_rows()
    rows[s.EDUCATOR_GOALS] = [g for g in rows[s.EDUCATOR_GOALS]
                              if g[s.ROLE] != s.SUPERINTENDENT_ROLE]
    document = _built(tmp_path, rows, ["educator-goals"], s.SCHOOL,
                      renderer)["educator-goals"]
    coherence = next(t for t in tables(document) if t[0][0] == "Strategic Objective")
    assert coherence[0][1:] == ["School Administrators",
                                "Teachers and Specialized Instructional Support", "Teams"]


def test_no_educator_goals_means_no_educator_goals_document(tmp_path, renderer):
    rows = sample()
    rows[s.EDUCATOR_GOALS] = []
    assert "educator-goals" not in _built(tmp_path, rows, None, renderer=renderer)


def test_crosswalk_names_schools_whose_data_name_english_learners_without_an_el_goal(
        tmp_path):
    district = read_workbook(make_workbook(tmp_path, "district.xlsx"))
    rows = school_rows("Gap School", "09990099")
    for outcome in rows[s.OUTCOMES]:
        outcome[s.STUDENT_GROUP] = "All students"
    gap = school_alignment(read_workbook(make_workbook(tmp_path, "gap.xlsx", s.SCHOOL,
                                                       rows=rows)))
    fine = school_alignment(read_workbook(make_workbook(tmp_path, "fine.xlsx", s.SCHOOL)))
    assert gap.no_el_goal and not fine.no_el_goal
    context = alignment_context(district, [gap, fine])
    assert context["no_el_goal"] == ["Gap School"]
