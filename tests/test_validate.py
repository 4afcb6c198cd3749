"""Every error and quality warning of the contract, each as one change to the sample plan,
found at the exact sheet and cell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_workbook, rewrite_part, sample, school_rows, sheet_part
from openpyxl import load_workbook

from pfs_docgen import schema as s
from pfs_docgen.api import check, load_district
from pfs_docgen.validate import validate
from pfs_docgen.workbook import read_workbook

DISTRICT, SCHOOL, SCHOOL_WITH_DISTRICT = "district", "school", "school checked against district"


def _base(kind: str) -> dict:
    return sample() if kind == DISTRICT else school_rows()


def _write(tmp_path: Path, kind: str, rows: dict, name: str = "plan.xlsx") -> Path:
    return make_workbook(tmp_path, name, s.DISTRICT if kind == DISTRICT else s.SCHOOL,
                         rows=rows)


def _issues(tmp_path: Path, kind: str, mutate=None):
    rows = _base(kind)
    after = mutate(rows) if mutate else None
    path = _write(tmp_path, kind, rows)
    if after:
        after(path)
    district = None
    if kind == SCHOOL_WITH_DISTRICT:
        district = load_district(make_workbook(tmp_path, "district.xlsx"))
    return validate(read_workbook(path), district=district)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """The unchanged base plan's issues, by base, computed once."""
    found: dict[str, list] = {}

    def get(kind: str) -> list:
        if kind not in found:
            found[kind] = _issues(tmp_path_factory.mktemp("baseline"), kind)
        return found[kind]
    return get


# --- mutations of the sample ------------------------------------------------------------

def _edit(path: Path, change) -> None:
    book = load_workbook(path)
    change(book)
    book.save(path)


def drop_sheet(name):
    return lambda path: _edit(path, lambda book: book.remove(book[name]))


def delete_column(sheet, column):
    index = [c.name for c in s.SHEETS_BY_NAME[sheet].columns].index(column) + 1
    return lambda path: _edit(path, lambda book: book[sheet].delete_cols(index))


def add_sheet(title):
    return lambda path: _edit(path, lambda book: book.create_sheet(title).append(["notes"]))


def set_cell(sheet, cell, value):
    def change(book):
        book[sheet][cell] = value
    return lambda path: _edit(path, change)


def setter(sheet, index, column, value):
    """Set one cell: rows[sheet][index][column] = value ('' empties it)."""
    def mutate(rows):
        rows[sheet][index][column] = value
    return mutate


def stored_as(sheet, index, column, xml_text: bytes):
    """Set one cell to text exactly as stored in the sheet's XML (`_x0007_` is how Excel
    stores a bell character), whatever our writer would make of it."""
    placeholder = f"PLACEHOLDER-{sheet}-{index}-{column}"

    def mutate(rows):
        rows[sheet][index][column] = placeholder
        return lambda path: rewrite_part(path, sheet_part(path, sheet),
                                         lambda xml: xml.replace(placeholder.encode(), xml_text))
    return mutate


def field(name, value):
    """Set a Plan Info field's value; None removes the field's row."""
    def mutate(rows):
        info = rows[s.PLAN_INFO]
        if value is None:
            info[:] = [r for r in info if r[s.FIELD] != name]
        else:
            next(r for r in info if r[s.FIELD] == name)[s.VALUE] = value
    return mutate


def remove_rows(sheet, keep):
    def mutate(rows):
        rows[sheet] = [r for r in rows[sheet] if keep(r)]
    return mutate


def empty_sheet(sheet):
    def mutate(rows):
        rows[sheet] = []
    return mutate


def append_row(sheet, row):
    def mutate(rows):
        rows[sheet].append(dict(row))
    return mutate


def then(*steps):
    def mutate(rows):
        afters = [after for step in steps if (after := step(rows))]
        return (lambda path: [a(path) for a in afters]) if afters else None
    return mutate


def keep_objectives(*keep):
    """Only these objectives, with everything that hangs off them."""
    def mutate(rows):
        rows[s.OBJECTIVES] = [o for o in rows[s.OBJECTIVES] if o[s.ID] in keep]
        for sheet in (s.INITIATIVES, s.OUTCOMES, s.TEAMS, s.EDUCATOR_GOALS):
            rows[sheet] = [r for r in rows[sheet] if r[s.OBJECTIVE_ID] in keep]
        initiatives = {i[s.ID] for i in rows[s.INITIATIVES]}
        for sheet in (s.BENCHMARKS, s.PROFESSIONAL_DEVELOPMENT, s.RESOURCES, s.INDUCTION,
                      s.EL_PROGRAMS):
            rows[sheet] = [r for r in rows[sheet]
                           if r.get(s.INITIATIVE_ID, "") in initiatives | {""}]
    return mutate


def objective(key):
    return append_row(s.OBJECTIVES, {s.ID: key, s.OBJECTIVE: f"Objective {key}"})


def initiative(key, objective_id):
    return append_row(s.INITIATIVES, {s.ID: key, s.OBJECTIVE_ID: objective_id,
                                      s.INITIATIVE: f"Implement initiative {key}"})


def all_outcomes_interim(rows):
    for outcome in rows[s.OUTCOMES]:
        outcome[s.TYPE] = "Interim"


def no_district_objective(rows):
    rows[s.OBJECTIVES][0].pop(s.DISTRICT_OBJECTIVE_ID)


def goals_moved(from_objective, to_objective):
    """The superintendent's and administrators' goals under one objective moved to another."""
    def mutate(rows):
        for goal in rows[s.EDUCATOR_GOALS]:
            if goal[s.OBJECTIVE_ID] == from_objective and goal[s.ROLE] in (
                    s.SUPERINTENDENT_ROLE, s.SCHOOL_ADMINISTRATOR):
                goal[s.OBJECTIVE_ID] = to_objective
    return mutate


def more_superintendent_goals(count):
    def mutate(rows):
        first = rows[s.EDUCATOR_GOALS][0]
        rows[s.EDUCATOR_GOALS] += [dict(first, **{s.ID: f"GX{n}"}) for n in range(count)]
    return mutate


def no_english_learner_outcome(rows):
    for outcome in rows[s.OUTCOMES]:
        if "English learners" in outcome.get(s.STUDENT_GROUP, ""):
            outcome[s.STUDENT_GROUP] = "All students"


def part_is(value):
    return lambda r: r[s.PART] != value


E, W = "error", "warning"
OBJ, INIT, BEN, OUT, INFO = s.OBJECTIVES, s.INITIATIVES, s.BENCHMARKS, s.OUTCOMES, s.PLAN_INFO

# (base, mutation, severity, sheet, cell, words in the message)
CASES = [
    # --- errors: structure
    pytest.param(DISTRICT, lambda rows: drop_sheet(BEN), E, BEN, None,
                 "has no 'Benchmarks' sheet", id="missing-sheet"),
    pytest.param(DISTRICT, lambda rows: drop_sheet(INFO), E, INFO, None,
                 "has no 'Plan Info' sheet", id="missing-plan-info-sheet"),
    pytest.param(SCHOOL, lambda rows: drop_sheet(s.COUNCIL), E, s.COUNCIL, None,
                 "has no 'School Council Requirements' sheet", id="school-missing-council"),
    pytest.param(SCHOOL, lambda rows: drop_sheet(s.EL_PROGRAMS), E, s.EL_PROGRAMS, None,
                 "has no 'EL Programs' sheet", id="school-missing-el-programs"),
    pytest.param(DISTRICT, lambda rows: delete_column(BEN, s.PERSONS_RESPONSIBLE), E, BEN,
                 "J1", "has no 'Person(s) Responsible' column", id="missing-column"),
    pytest.param(DISTRICT, lambda rows: delete_column(INIT, s.OBJECTIVE_ID), E, INIT, "G1",
                 "has no 'Objective ID' column", id="missing-reference-column"),
    # --- errors: Plan Info
    pytest.param(DISTRICT, field(s.SUPERINTENDENT, None), E, INFO, None,
                 "has no 'Superintendent' row", id="plan-info-field-missing"),
    pytest.param(DISTRICT, field(s.DISTRICT_NAME, ""), E, INFO, "B3", "is empty",
                 id="plan-info-value-empty"),
    pytest.param(SCHOOL, field(s.SCHOOL_NAME, ""), E, INFO, "B8", "(School Name) is empty",
                 id="school-name-empty"),
    pytest.param(SCHOOL, field(s.PRINCIPAL, None), E, INFO, None, "has no 'Principal' row",
                 id="school-principal-missing"),
    pytest.param(DISTRICT, field(s.PLAN_LEVEL, "County"), E, INFO, "B2",
                 "must be one of District, School", id="plan-level-outside-list"),
    pytest.param(DISTRICT, field(s.PLAN_STATUS, "Approved"), E, INFO, "B8",
                 "must be one of Draft, Final", id="plan-status-outside-list"),
    pytest.param(DISTRICT, field(s.PLAN_YEARS, "2025"), E, INFO, "B5", "two years",
                 id="plan-years-not-a-span"),
    pytest.param(DISTRICT, field(s.ACTION_PLAN_YEAR, "2028-2029"), E, INFO, "B6",
                 "outside the plan years", id="action-plan-year-after-plan"),
    pytest.param(DISTRICT, field(s.ACTION_PLAN_YEAR, "2024-2025"), E, INFO, "B6",
                 "outside the plan years", id="action-plan-year-before-plan"),
    pytest.param(DISTRICT, field(s.ACTION_PLAN_YEAR, "2025-2027"), E, INFO, "B6",
                 "one school year", id="action-plan-year-longer-than-a-year"),
    # --- errors: cells
    pytest.param(DISTRICT, setter(BEN, 0, s.PERSONS_RESPONSIBLE, ""), E, BEN, "E2",
                 "is empty. Every benchmark needs an owner", id="empty-required-cell"),
    pytest.param(DISTRICT, setter(OUT, 0, s.OUTCOME, "   "), E, OUT, "D2", "is empty",
                 id="blank-required-cell"),
    pytest.param(DISTRICT, setter(INIT, 1, s.ID, ""), E, INIT, "A3", "needs a short ID",
                 id="empty-id"),
    pytest.param(DISTRICT, append_row(BEN, {s.ID: "B99"}), E, BEN, "B39",
                 "(Initiative ID) is empty", id="row-with-only-an-id"),
    pytest.param(DISTRICT, setter(BEN, 1, s.ID, "B1"), E, BEN, "A3", "used twice (also at A2)",
                 id="duplicate-id"),
    pytest.param(DISTRICT, setter(OBJ, 2, s.ID, " SO1 "), E, OBJ, "A4", "used twice",
                 id="duplicate-id-after-trimming"),
    pytest.param(DISTRICT, setter(INIT, 0, s.OBJECTIVE_ID, "SO9"), E, INIT, "B2",
                 "'SO9', which is not an ID", id="dangling-objective-id"),
    pytest.param(DISTRICT, setter(OUT, 0, s.OBJECTIVE_ID, "SO9"), E, OUT, "B2",
                 "not an ID", id="dangling-outcome-objective-id"),
    pytest.param(DISTRICT, setter(s.TEAMS, 0, s.OBJECTIVE_ID, "SO9"), E, s.TEAMS, "A2",
                 "not an ID", id="dangling-team-objective-id"),
    pytest.param(DISTRICT, setter(BEN, 0, s.INITIATIVE_ID, "9.9"), E, BEN, "B2",
                 "'9.9', which is not an ID", id="dangling-initiative-id"),
    pytest.param(DISTRICT, setter(s.PROFESSIONAL_DEVELOPMENT, 0, s.INITIATIVE_ID, "9.9"), E,
                 s.PROFESSIONAL_DEVELOPMENT, "A2", "not an ID", id="dangling-pd-initiative"),
    pytest.param(DISTRICT, setter(s.INDUCTION, 0, s.INITIATIVE_ID, "9.9"), E, s.INDUCTION,
                 "D2", "not an ID", id="dangling-induction-initiative"),
    pytest.param(DISTRICT, setter(s.EL_PROGRAMS, 0, s.INITIATIVE_ID, "9.9"), E,
                 s.EL_PROGRAMS, "C2", "not an ID", id="dangling-el-initiative"),
    pytest.param(DISTRICT, setter(s.RESOURCES, 0, s.INITIATIVE_ID, "9.9"), E, s.RESOURCES,
                 "A2", "not an ID", id="dangling-resource-initiative"),
    pytest.param(SCHOOL_WITH_DISTRICT, setter(OBJ, 0, s.DISTRICT_OBJECTIVE_ID, "SO9"), E, OBJ,
                 "D2", "not an ID in the district workbook (district.xlsx)",
                 id="dangling-district-objective-id"),
    pytest.param(DISTRICT, setter(OUT, 0, s.TYPE, "Midway"), E, OUT, "C2",
                 "must be one of Interim, Final", id="outcome-type-outside-list"),
    pytest.param(DISTRICT, setter(BEN, 0, s.TYPE, "Outcome"), E, BEN, "C2",
                 "must be one of Process, Early Evidence of Change",
                 id="benchmark-type-outside-list"),
    pytest.param(DISTRICT, setter(s.RESOURCES, 0, s.TYPE, "Cash"), E, s.RESOURCES, "B2",
                 "must be one of Staff, Financial, Other", id="resource-type-outside-list"),
    pytest.param(DISTRICT, setter(s.THEORY_OF_ACTION, 0, s.PART, "When"), E,
                 s.THEORY_OF_ACTION, "A2", "must be one of If, Then", id="part-outside-list"),
    pytest.param(DISTRICT, setter(s.TEAMS, 0, s.ROLE, "Chair"), E, s.TEAMS, "B2",
                 "must be one of Team Leader, Member", id="role-outside-list"),
    pytest.param(DISTRICT, setter(BEN, 0, s.STATUS, "Done"), E, BEN, "H2",
                 "must be one of Not Started", id="status-outside-list"),
    pytest.param(DISTRICT, lambda rows: set_cell(BEN, "E5", "=1+1"), E, BEN, "E5",
                 "holds a formula that was never calculated", id="formula-without-value"),
    pytest.param(DISTRICT, stored_as(INIT, 1, s.DESCRIPTION, b"bell_x0007_"), E, INIT, "D3",
                 "invisible control character (U+0007)", id="control-character"),
    # --- warnings: names the reader does not know
    pytest.param(DISTRICT, lambda rows: add_sheet("Scratch"), W, "Scratch", None,
                 "not part of the plan and is ignored", id="extra-sheet"),
    pytest.param(DISTRICT, lambda rows: set_cell(OBJ, "E1", "Colour"), W, OBJ, "E1",
                 "column 'Colour' is not part of", id="extra-column"),
    pytest.param(DISTRICT, lambda rows: set_cell(BEN, "L7", "typed beside the table"), W,
                 BEN, "L7", "column L holds values but has no header", id="headerless-value"),
    pytest.param(DISTRICT, append_row(INFO, {s.FIELD: "Board Chair", s.VALUE: "Pat Lee"}),
                 W, INFO, "A11", "'Board Chair' is not a Plan Info field",
                 id="unknown-plan-info-field"),
    # --- warnings: Planning for Success quality
    pytest.param(DISTRICT, keep_objectives("SO1", "SO2"), W, OBJ, None,
                 "has 2 strategic objectives; Planning for Success recommends 3 to 5",
                 id="fewer-than-3-objectives"),
    pytest.param(DISTRICT, then(objective("SO5"), objective("SO6")), W, OBJ, None,
                 "has 6 strategic objectives", id="more-than-5-objectives"),
    pytest.param(DISTRICT, objective("SO5"), W, OBJ, "B6", "has no strategic initiatives",
                 id="objective-without-initiatives"),
    pytest.param(DISTRICT, then(initiative("1.4", "SO1"), initiative("1.5", "SO1"),
                                initiative("1.6", "SO1")), W, OBJ, "B2",
                 "objective SO1 has 6 initiatives", id="more-than-5-initiatives"),
    pytest.param(DISTRICT, setter(INIT, 0, s.INITIATIVE, "Inclusion model for grades 3-8"), W,
                 INIT, "C2", "does not start with a verb", id="initiative-not-a-verb"),
    pytest.param(DISTRICT, remove_rows(OUT, lambda r: r[s.OBJECTIVE_ID] != "SO4"), W, OBJ,
                 "B5", "objective SO4 has no outcome", id="objective-without-outcome"),
    pytest.param(DISTRICT, all_outcomes_interim, W, OUT, None, "has no Final outcome",
                 id="no-final-outcome"),
    pytest.param(DISTRICT, setter(OUT, 0, s.MEASURE, ""), W, OUT, "E2",
                 "not SMART without a measure", id="outcome-without-measure"),
    pytest.param(DISTRICT, setter(OUT, 0, s.TARGET, ""), W, OUT, "H2",
                 "not SMART without a target", id="outcome-without-target"),
    pytest.param(DISTRICT, setter(OUT, 0, s.TARGET_DATE, ""), W, OUT, "I2",
                 "is not time-bound", id="outcome-without-target-date"),
    pytest.param(DISTRICT, setter(OUT, 0, s.TARGET_DATE, "June 2030"), W, OUT, "I2",
                 "'June 2030' is outside the plan years (2025-2028)",
                 id="target-date-outside-plan-years"),
    pytest.param(DISTRICT, remove_rows(BEN, lambda r: r[s.ID] not in ("B1", "B2")), W, INIT,
                 "C2", "initiative 1.1 has no Process benchmark",
                 id="initiative-without-process-benchmark"),
    pytest.param(DISTRICT, remove_rows(BEN, lambda r: r[s.ID] != "B3"), W, INIT, "C2",
                 "initiative 1.1 has no Early Evidence of Change benchmark",
                 id="initiative-without-early-evidence-benchmark"),
    pytest.param(DISTRICT, setter(BEN, 0, s.TIMELINE, "October 2026"), W, BEN, "F2",
                 "is outside the action plan year 2025-2026",
                 id="benchmark-timeline-outside-action-plan-year"),
    pytest.param(DISTRICT, remove_rows(s.THEORY_OF_ACTION, part_is("If")), W,
                 s.THEORY_OF_ACTION, None, "has no 'If' statement", id="theory-without-if"),
    pytest.param(DISTRICT, remove_rows(s.THEORY_OF_ACTION, part_is("Then")), W,
                 s.THEORY_OF_ACTION, None, "has no 'Then' statement", id="theory-without-then"),
    pytest.param(DISTRICT, empty_sheet(s.DATA_ANALYSIS), W, s.DATA_ANALYSIS, None,
                 "has no rows", id="no-data-analysis"),
    pytest.param(DISTRICT, empty_sheet(s.PROFESSIONAL_DEVELOPMENT), W,
                 s.PROFESSIONAL_DEVELOPMENT, None, "has no rows", id="no-pd"),
    pytest.param(DISTRICT, empty_sheet(s.INDUCTION), W, s.INDUCTION, None, "has no rows",
                 id="no-induction"),
    # an empty required component (issue 14): no plan to print without it
    pytest.param(DISTRICT, empty_sheet(s.MISSION), E, s.MISSION, "A2", "has no rows",
                 id="no-mission"),
    pytest.param(DISTRICT, empty_sheet(s.VISION), E, s.VISION, "A2", "has no rows",
                 id="no-vision"),
    pytest.param(SCHOOL, empty_sheet(s.OBJECTIVES), E, s.OBJECTIVES, "A2", "has no rows",
                 id="no-objectives"),
    pytest.param(DISTRICT, empty_sheet(s.INITIATIVES), E, s.INITIATIVES, "A2", "has no rows",
                 id="no-initiatives"),
    pytest.param(DISTRICT, empty_sheet(s.OUTCOMES), E, s.OUTCOMES, "A2", "has no rows",
                 id="no-outcomes"),
    pytest.param(SCHOOL, empty_sheet(s.BENCHMARKS), E, s.BENCHMARKS, "A2", "has no rows",
                 id="no-benchmarks"),
    # --- warnings: educator goals (603 CMR 35.06) and English learner success
    pytest.param(DISTRICT, setter(s.EDUCATOR_GOALS, 5, s.GOAL_TYPE, s.SCHOOL_IMPROVEMENT), W,
                 s.EDUCATOR_GOALS, "B6", "Ibrahim Haddad has no professional practice goal",
                 id="educator-without-professional-practice-goal"),
    pytest.param(DISTRICT, setter(s.EDUCATOR_GOALS, 0, s.GOAL_TYPE, s.DISTRICT_IMPROVEMENT), W,
                 s.EDUCATOR_GOALS, "B2", "has no student learning goal",
                 id="superintendent-without-student-learning-goal"),
    pytest.param(DISTRICT, more_superintendent_goals(2), W, s.EDUCATOR_GOALS, "B2",
                 "has 6 goals; superintendents are encouraged to set 3 to 5",
                 id="superintendent-with-six-goals"),
    pytest.param(DISTRICT, goals_moved("SO3", "SO1"), W, OBJ, "B4",
                 "no superintendent or school administrator goal", id="objective-no-leader-goal"),
    pytest.param(DISTRICT, setter(s.EDUCATOR_GOALS, 0, s.OBJECTIVE_ID, "SO9"), E,
                 s.EDUCATOR_GOALS, "F2", "'SO9', which is not an ID",
                 id="educator-goal-unknown-objective"),
    pytest.param(DISTRICT, setter(s.EDUCATOR_GOALS, 0, s.ROLE, "Coach"), E,
                 s.EDUCATOR_GOALS, "C2", "must be one of", id="educator-goal-role-outside-list"),
    pytest.param(DISTRICT, remove_rows(s.EL_SUCCESS, part_is("Vision")), W, s.EL_SUCCESS, None,
                 "no vision for English learner success, and it lists English learner programs",
                 id="el-programs-without-el-vision"),
    pytest.param(DISTRICT, no_english_learner_outcome, W, OUT, None,
                 "has no outcome for English learners", id="el-programs-without-el-outcome"),
    pytest.param(DISTRICT, then(empty_sheet(s.EL_PROGRAMS), remove_rows(s.EL_SUCCESS,
                 part_is("Vision"))), W, s.EL_SUCCESS, None,
                 "its data analysis names English learners", id="el-data-without-el-vision"),
    pytest.param(DISTRICT, setter(INIT, 0, s.BLUEPRINT_PILLAR, "Culture"), E, INIT, "G2",
                 "must be one of", id="blueprint-pillar-outside-list"),
    # --- warnings: school plans
    pytest.param(SCHOOL, no_district_objective, W, OBJ, "D2", "supports no district objective",
                 id="school-objective-supports-no-district-objective"),
    pytest.param(SCHOOL, setter(s.COUNCIL, 0, s.RESPONSE, ""), W, s.COUNCIL, "B2",
                 "(Response) is empty. Fill it in: how this plan addresses it",
                 id="school-council-response-empty"),
]


@pytest.mark.parametrize("kind, mutate, severity, sheet, cell, words", CASES)
def test_validate_finds_the_problem_at_its_place(tmp_path, baseline, kind, mutate, severity,
                                                  sheet, cell, words):
    before = baseline(kind)
    issues = _issues(tmp_path, kind, mutate)
    found = [i for i in issues if (i.severity, i.sheet, i.cell) == (severity, sheet, cell)
             and words in i.message and i not in before]
    assert found, (f"no new {severity} at {sheet}!{cell} saying {words!r}; got:\n" +
                   "\n".join(f"{i.severity} {i.sheet} {i.cell}: {i.message}" for i in issues))
    issue = found[0]
    assert issue.message.endswith("."), "a message is a sentence a team understands"
    if cell is None:
        assert issue.row is None
    else:
        assert issue.row == int(re.sub(r"\D", "", cell))
        assert cell in issue.message  # it says where


def test_the_table_covers_every_rule_of_the_contract():
    # Every sentence of workbook.md's Validation section has a case above (the unreadable
    # file has its own tests, in test_unreadable.py).
    ids = {p.id for p in CASES}
    rules = {"missing-sheet", "missing-column", "empty-required-cell", "duplicate-id",
             "dangling-objective-id", "dangling-initiative-id",
             "dangling-district-objective-id", "outcome-type-outside-list",
             "part-outside-list", "formula-without-value", "action-plan-year-after-plan",
             "fewer-than-3-objectives", "more-than-5-objectives",
             "objective-without-initiatives", "more-than-5-initiatives",
             "initiative-not-a-verb", "objective-without-outcome", "no-final-outcome",
             "outcome-without-measure", "outcome-without-target", "outcome-without-target-date",
             "target-date-outside-plan-years", "initiative-without-process-benchmark",
             "initiative-without-early-evidence-benchmark",
             "benchmark-timeline-outside-action-plan-year", "theory-without-if",
             "theory-without-then", "no-data-analysis", "no-pd", "no-induction",
             "school-objective-supports-no-district-objective",
             "school-council-response-empty"}
    assert rules <= ids


# --- the sample, and one pass -----------------------------------------------------------

SAMPLE_WARNINGS = [(W, INIT, "C9", "'Family and community partnerships for attendance' does "
                    "not start with a verb"),
                   (W, OUT, "I9", "outcome O8 is not time-bound"),
                   (W, BEN, "F33", "'Summer 2026 (July–August)' is outside the action plan "
                    "year")]
# The district monitors its action plan (school_rows does not): on its report date three
# benchmarks are overdue, as a mid-year report finds them.
DISTRICT_WARNINGS = SAMPLE_WARNINGS[:2] + [
    (W, BEN, "F13", "benchmark B12 is overdue: its timeline 'September 2025' ended September "
     "30, 2025, before the report date February 13, 2026, and its status is At Risk"),
    (W, BEN, "F23", "benchmark B22 is overdue"), (W, BEN, "F24", "benchmark B23 is overdue"),
    SAMPLE_WARNINGS[2]]


@pytest.mark.parametrize("kind", [DISTRICT, SCHOOL, SCHOOL_WITH_DISTRICT])
def test_sample_has_no_errors_and_exactly_its_deliberate_warnings(tmp_path, kind):
    issues = _issues(tmp_path, kind)
    expected = DISTRICT_WARNINGS if kind == DISTRICT else SAMPLE_WARNINGS
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [w[:3] for w in expected]
    for issue, (*_, words) in zip(issues, expected):
        assert words in issue.message


def test_validation_reports_every_problem_in_one_pass(tmp_path):
    mutations = [c.values for c in CASES if c.id in (
        "empty-required-cell", "duplicate-id", "dangling-objective-id",
        "outcome-type-outside-list", "part-outside-list", "action-plan-year-after-plan",
        "initiative-not-a-verb", "target-date-outside-plan-years", "no-pd",
        "formula-without-value")]
    assert len(mutations) == 10
    issues = _issues(tmp_path, DISTRICT, then(*(mutate for _, mutate, *_ in mutations)))
    # and no more: nothing is reported twice (the eighth: renaming B2 to B1 leaves B2's
    # progress update without its benchmark)
    assert sum(i.is_error for i in issues) == 8
    for _, _, severity, sheet, cell, words in mutations:
        assert any((i.severity, i.sheet, i.cell) == (severity, sheet, cell) and words in
                   i.message for i in issues), (severity, sheet, cell, words)


def test_issues_come_errors_first_then_in_sheet_and_row_order(tmp_path):
    rows = sample()
    for mutate in (setter(BEN, 5, s.PERSONS_RESPONSIBLE, ""), setter(BEN, 0, s.TYPE, "x"),
                   setter(OUT, 0, s.TYPE, "x"), field(s.DISTRICT_NAME, "")):
        mutate(rows)
    issues = validate(read_workbook(make_workbook(tmp_path, rows=rows)))
    order = [sheet.name for sheet in s.SHEETS]
    keys = [(not i.is_error, order.index(i.sheet), i.row or 0) for i in issues]
    assert keys == sorted(keys)
    assert issues[0].is_error and not issues[-1].is_error
    assert [i.cell for i in issues if i.is_error] == ["B3", "C2", "C2", "E7"]


# --- what is not a problem --------------------------------------------------------------

def test_list_values_match_in_any_case(tmp_path):
    rows = sample()
    rows[s.THEORY_OF_ACTION][0][s.PART] = "IF"
    rows[s.THEORY_OF_ACTION][-1][s.PART] = "then"
    rows[OUT][1][s.TYPE] = "FINAL"
    rows[BEN][2][s.TYPE] = "early evidence of change"
    rows[BEN][0][s.STATUS] = "on track"
    rows[s.TEAMS][0][s.ROLE] = "team leader"
    rows[s.RESOURCES][0][s.TYPE] = " staff "
    field(s.PLAN_LEVEL, "district")(rows)
    field(s.PLAN_STATUS, "DRAFT")(rows)
    issues = validate(read_workbook(make_workbook(tmp_path, rows=rows)))
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [w[:3] for w in DISTRICT_WARNINGS]


def test_optional_sheets_may_be_missing_from_a_district_plan(tmp_path):
    path = make_workbook(tmp_path)
    for name in (s.TEAMS, s.SCHOOLS, s.EL_PROGRAMS):
        drop_sheet(name)(path)
    assert not [i for i in validate(read_workbook(path)) if i.is_error]


def test_district_objective_ids_are_not_checked_without_the_district(tmp_path):
    rows = school_rows()
    rows[OBJ][0][s.DISTRICT_OBJECTIVE_ID] = "SO9"
    path = make_workbook(tmp_path, level=s.SCHOOL, rows=rows)
    assert not [i for i in validate(read_workbook(path)) if i.is_error]
    report = check(path, district=load_district(make_workbook(tmp_path, "district.xlsx")))
    assert [(i.sheet, i.cell) for i in report.issues if i.is_error] == [(OBJ, "D2")]


def test_school_quality_warnings_are_not_given_to_district_plans(tmp_path):
    issues = _issues(tmp_path, DISTRICT, lambda rows: rows[OBJ][0].pop(
        s.DISTRICT_OBJECTIVE_ID, None))
    assert not [i for i in issues if "supports no district objective" in i.message]


@pytest.mark.parametrize("timeline", ["Monthly", "Quarterly", "Fall 2025", "Winter 2026",
                                      "By April 2026", "6/30/2026", "2025-07-01",
                                      "September 2025 - June 2026"])
def test_timelines_inside_the_action_plan_year_are_not_flagged(tmp_path, timeline):
    issues = _issues(tmp_path, DISTRICT, setter(BEN, 0, s.TIMELINE, timeline))
    assert not [i for i in issues if i.sheet == BEN and i.cell == "F2"
                and "overdue" not in i.message]  # Fall 2025 is over by the report date


@pytest.mark.parametrize("timeline", ["June 2025", "July 2026", "Spring 2027", "2026-07-01",
                                      "Summer 2026"])
def test_timelines_outside_the_action_plan_year_are_flagged(tmp_path, timeline):
    issues = _issues(tmp_path, DISTRICT, setter(BEN, 0, s.TIMELINE, timeline))
    assert [i.severity for i in issues if i.sheet == BEN and i.cell == "F2"] == [W]


def _council(tmp_path, members, grades="9-12"):
    from conftest import school_rows

    from pfs_docgen.api import check

    rows = school_rows()
    rows[s.PLAN_INFO].append({s.FIELD: s.GRADES, s.VALUE: grades})
    rows[s.COUNCIL_MEMBERS] = [{s.NAME: f"Member {n}", s.ROLE: role}
                               for n, role in enumerate(members)]
    from pfs_docgen.workbook import write_workbook
    return check(write_workbook(tmp_path / "school.xlsx", s.SCHOOL, rows))


def test_a_school_council_as_the_law_makes_it_has_no_warning(tmp_path):
    report = _council(tmp_path, ["Principal", "Parent", "Parent", "Teacher", "Student",
                                 "Community Member"])
    assert not [i for i in report.issues if i.sheet == s.COUNCIL_MEMBERS]


def test_the_school_council_warnings_name_what_s59c_asks(tmp_path):
    report = _council(tmp_path, ["Parent", "Teacher", "Other Staff", "Custodian"])
    council = [i for i in report.issues if i.sheet == s.COUNCIL_MEMBERS]
    messages = " ".join(i.message for i in council)
    assert "lists no Principal" in messages
    assert "1 parent and 2 teachers and other staff" in messages
    assert "lists no Student" in messages and "9-12" in messages
    wrong_role = [i for i in report.issues if i.is_error and i.sheet == s.COUNCIL_MEMBERS]
    assert wrong_role and "Custodian" in wrong_role[0].message and wrong_role[0].cell == "B5"


def test_no_student_is_needed_below_grade_9(tmp_path):
    report = _council(tmp_path, ["Principal", "Parent", "Teacher"], grades="PK-5")
    assert not [i for i in report.issues if i.sheet == s.COUNCIL_MEMBERS]


@pytest.mark.parametrize("grades, high", [("9-12", True), ("Grades 9", True),
                                          ("Grade 9 and 10", True), ("6-12", True),
                                          ("K–12", True), ("PK-5", False), ("K-8", False),
                                          ("Grades 6 to 8", False), ("ungraded", False)])
def test_a_high_school_is_one_serving_any_of_grades_9_to_12(grades, high):
    from pfs_docgen.validate import _high_school

    assert _high_school(grades) is high
