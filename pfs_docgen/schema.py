"""The planning workbook's contract: every sheet, column, list and Plan Info field.

This module is the single source of truth. The blank workbook, the reader, the validator and
the README's workbook section are all produced from it; a sheet or column name is spelled
nowhere else. It imports nothing of ours but the two plan levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from .levels import DISTRICT, LEVELS, SCHOOL  # noqa: F401  (part of the contract)


class Kind(Enum):
    """What a column holds, which decides how it is read, checked and offered in Excel."""

    TEXT = "free text"
    ID = "ID"
    REF = "ID of another sheet"
    CHOICE = "one of a list"
    DATE = "date or text"
    AMOUNT = "number, money or text"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: Kind
    help: str
    ref: str | None = None  # the sheet whose ID a REF column names
    choices: tuple[str, ...] = ()
    width: int = 30
    # Some required cells are a quality matter, not a blocker (an unanswered council element).
    empty_is_warning: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    help: str
    levels: tuple[str, ...] = LEVELS  # plan levels that use the sheet
    required_for: tuple[str, ...] = LEVELS  # plan levels where a missing sheet is an error
    notes: str = ""

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def id_column(self) -> Column | None:
        return next((c for c in self.columns if c.kind is Kind.ID), None)


@dataclass(frozen=True)
class PlanField:
    name: str
    required_for: tuple[str, ...]
    help: str
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] = ()
    levels: tuple[str, ...] = LEVELS  # plan levels whose blank workbook lists the field
    # plan levels whose documents (or checks) use the value; None: the levels above. A value
    # given for another level reaches no document, and the validator says so.
    used_by: tuple[str, ...] | None = None

    @property
    def used_for(self) -> tuple[str, ...]:
        return self.levels if self.used_by is None else self.used_by


# --- names used by the rest of the code -------------------------------------------------

PLAN_INFO = "Plan Info"
MISSION = "Mission"
VISION = "Vision"
CORE_VALUES = "Core Values"
THEORY_OF_ACTION = "Theory of Action"
DATA_ANALYSIS = "Data Analysis"
OBJECTIVES = "Strategic Objectives"
INITIATIVES = "Strategic Initiatives"
PROFESSIONAL_DEVELOPMENT = "Professional Development"
INDUCTION = "Induction & Mentoring"
EL_PROGRAMS = "EL Programs"
OUTCOMES = "Outcomes"
BENCHMARKS = "Benchmarks"
PROGRESS_UPDATES = "Progress Updates"
RESOURCES = "Resources"
TEAMS = "Action Planning Teams"
COUNCIL = "School Council Requirements"
COUNCIL_MEMBERS = "School Council"
EDUCATOR_GOALS = "Educator Goals"
EL_SUCCESS = "EL Success"
SCHOOLS = "Schools"

# Sheets our own blank workbook adds; the reader passes over them without a warning.
INSTRUCTIONS = "Instructions"
LISTS = "Lists"
SUPPORT_SHEETS = (INSTRUCTIONS, LISTS)

# Column names
FIELD, VALUE = "Field", "Value"
TEXT = "Text"
DESCRIPTION = "Description"
PART, STATEMENT = "Part", "Statement"
FOCUS_AREA, STUDENT_GROUP = "Focus Area", "Student Group"
DATA_SOURCE, FINDING = "Data Source", "Finding"
ID = "ID"
OBJECTIVE, DISTRICT_OBJECTIVE_ID = "Objective", "District Objective ID"
OBJECTIVE_ID, INITIATIVE, LEAD, EVALUATION = "Objective ID", "Initiative", "Lead", "Evaluation"
INITIATIVE_ID, ACTIVITY, AUDIENCE, TIMELINE = "Initiative ID", "Activity", "Audience", "Timeline"
PROGRAM = "Program"
TYPE, OUTCOME, MEASURE, BASELINE, TARGET, TARGET_DATE = (
    "Type", "Outcome", "Measure", "Baseline", "Target", "Target Date")
BENCHMARK, PERSONS_RESPONSIBLE, RESOURCES_COLUMN = "Benchmark", "Person(s) Responsible", "Resources"
STATUS, STATUS_DATE, EVIDENCE = "Status", "Status Date", "Evidence / Notes"
# Monitoring (issue 11): updates over the year, outcome results, the report's date
BENCHMARK_ID, DATE, NEXT_STEPS = "Benchmark ID", "Date", "Next Steps"
LATEST_RESULT, RESULT_DATE = "Latest Result", "Result Date"
# Date columns that hold a date and nothing else (Target Date and Timeline may say "Spring
# 2026" or "Ongoing"): words that name no date there are an error.
DATE_ONLY_COLUMNS = (STATUS_DATE,)
AMOUNT, FUNDING_SOURCE = "Amount", "Funding Source"
ROLE, NAME, POSITION = "Role", "Name", "Position / Stakeholder Group"
REQUIREMENT, RESPONSE = "Requirement", "Response"
SCHOOL_CODE_COLUMN, SCHOOL_NAME_COLUMN, PRINCIPAL_COLUMN, GRADES = (
    "School Code", "School Name", "Principal", "Grades")
EDUCATOR, GOAL_TYPE, GOAL, SCHOOL_COLUMN = "Educator or Team", "Goal Type", "Goal", "School"
BLUEPRINT_PILLAR = "Blueprint Pillar"

# Fixed lists
IF, THEN = "If", "Then"
INTERIM, FINAL = "Interim", "Final"
PROCESS, EARLY_EVIDENCE = "Process", "Early Evidence of Change"
BENCHMARK_STATUSES = ("Not Started", "On Track", "At Risk", "Not Met", "Complete")
RESOURCE_TYPES = ("Staff", "Financial", "Other")
TEAM_LEADER, MEMBER = "Team Leader", "Member"
# The school council's members (M.G.L. c.71 s.59C): who they are on the council
COUNCIL_PRINCIPAL, PARENT, TEACHER, STUDENT = "Principal", "Parent", "Teacher", "Student"
COMMUNITY_MEMBER, OTHER_STAFF = "Community Member", "Other Staff"
COUNCIL_ROLES = (COUNCIL_PRINCIPAL, PARENT, TEACHER, STUDENT, COMMUNITY_MEMBER, OTHER_STAFF)
COUNCIL_POSITION = "Position"
# Educator evaluation (603 CMR 35): who sets a goal, and the kinds of goal
SUPERINTENDENT_ROLE, SCHOOL_ADMINISTRATOR = "Superintendent", "School Administrator"
SUPPORT_STAFF, TEAM = "Specialized Instructional Support", "Team"
EDUCATOR_ROLES = (SUPERINTENDENT_ROLE, SCHOOL_ADMINISTRATOR, TEACHER, SUPPORT_STAFF, TEAM)
STUDENT_LEARNING, PROFESSIONAL_PRACTICE = "Student Learning", "Professional Practice"
DISTRICT_IMPROVEMENT, SCHOOL_IMPROVEMENT = "District Improvement", "School Improvement"
GOAL_TYPES = (STUDENT_LEARNING, PROFESSIONAL_PRACTICE, DISTRICT_IMPROVEMENT, SCHOOL_IMPROVEMENT)
# The Massachusetts Blueprint for English Learner Success: its four pillars
BLUEPRINT_PILLARS = ("School Culture", "Access to Educators", "Opportunity and Support",
                     "A Plan for Future Success")
EL_VISION, EL_STRATEGY = "Vision", "Strategy"
PLAN_LEVELS = ("District", "School")
DRAFT = "Draft"
PLAN_STATUSES = (DRAFT, "Final")

# Plan Info field names
PLAN_LEVEL = "Plan Level"
DISTRICT_NAME = "District Name"
DISTRICT_CODE = "District Code"
SCHOOL_NAME = "School Name"
SCHOOL_CODE = "School Code"
PLAN_YEARS = "Plan Years"
ACTION_PLAN_YEAR = "Action Plan Year"
SUPERINTENDENT = "Superintendent"
PRINCIPAL = "Principal"
COMMITTEE_APPROVAL = "School Committee Approval Date"
COUNCIL_APPROVAL = "School Council Approval Date"
SUPERINTENDENT_APPROVAL = "Superintendent Approval Date"
DATE_SUBMITTED = "Date Submitted"
CONSULTATION = "School Committee Consultation Date"
PLAN_STATUS = "Status"
LOGO = "Logo"
REPORT_DATE = "Report Date"
REPORTING_PERIOD = "Reporting Period"


def _text(name, required, help, width=40, **kw):
    return Column(name, required, Kind.TEXT, help, width=width, **kw)


def _id(help):
    return Column(ID, True, Kind.ID, help, width=8)


def _ref(name, required, sheet, help):
    return Column(name, required, Kind.REF, help, ref=sheet, width=12)


def _choice(name, choices, help, required=True, width=16):
    return Column(name, required, Kind.CHOICE, help, choices=tuple(choices), width=width)


def _date(name, required, help, width=18):
    return Column(name, required, Kind.DATE, help, width=width)


PLAN_FIELDS: tuple[PlanField, ...] = (
    PlanField(PLAN_LEVEL, LEVELS, "District for a district plan, School for a school plan.",
              Kind.CHOICE, PLAN_LEVELS),
    PlanField(DISTRICT_NAME, LEVELS, "The district's full name, as it should appear on the cover."),
    PlanField(DISTRICT_CODE, (), "The district's DESE organization code (optional)."),
    PlanField(SCHOOL_NAME, (SCHOOL,), "The school's full name (school plans).",
              levels=(SCHOOL,)),
    PlanField(SCHOOL_CODE, (), "The school's DESE organization code (optional).",
              levels=(SCHOOL,)),
    PlanField(PLAN_YEARS, LEVELS, "The years the plan covers, for example 2025-2028."),
    PlanField(ACTION_PLAN_YEAR, LEVELS,
              "The school year of this action plan, for example 2025-2026; it must fall "
              "inside the plan years."),
    PlanField(SUPERINTENDENT, (DISTRICT,), "The superintendent's name (district plans).",
              levels=(DISTRICT,), used_by=LEVELS),  # a school plan's approval block too
    PlanField(PRINCIPAL, (SCHOOL,), "The principal's name (school plans).", levels=(SCHOOL,)),
    PlanField(COMMITTEE_APPROVAL, (), "When the school committee approved the plan, if it has.",
              Kind.DATE, levels=(DISTRICT,), used_by=LEVELS),  # a school cover's Approvals
    PlanField(COUNCIL_APPROVAL, (), "When the school council approved the plan (school plans).",
              Kind.DATE, levels=(SCHOOL,)),
    PlanField(SUPERINTENDENT_APPROVAL, (),
              "When the superintendent approved the school plan; by law by July 1 of the "
              "year it takes effect (M.G.L. c.69 s.1I).", Kind.DATE, levels=(SCHOOL,)),
    PlanField(GRADES, (), "The grades the school serves, for example 9-12 or PK-5 (school "
              "plans).", levels=(SCHOOL,)),
    PlanField(DATE_SUBMITTED, (), "When the principal submitted the plan to the "
              "superintendent (school plans).", Kind.DATE, levels=(SCHOOL,)),
    PlanField(CONSULTATION, (), "When the superintendent consulted the school committee on "
              "the plan (M.G.L. c.69 s.1I; school plans).", Kind.DATE, levels=(SCHOOL,)),
    PlanField(PLAN_STATUS, (), "Draft or Final. A draft is marked DRAFT in every document.",
              Kind.CHOICE, PLAN_STATUSES),
    PlanField(LOGO, (), "Optional: the path of a PNG or JPEG logo, relative to this workbook, "
              "placed on every cover."),
    # Monitoring (issue 11)
    PlanField(REPORT_DATE, (), "The 'as of' date of the progress report; when empty, the "
              "latest status or update date.", Kind.DATE),
    PlanField(REPORTING_PERIOD, (), "The progress report's period in words, for example "
              "Mid-Year or Quarter 2."),
)

SHEETS: tuple[Sheet, ...] = (
    Sheet(PLAN_INFO, (
        _text(FIELD, True, "The name of a plan detail; the field names are filled in for you.",
              width=32),
        _text(VALUE, True, "The value of the field on this row.", width=50),
    ), "Who the plan belongs to and which years it covers: one field a row."),
    Sheet(MISSION, (
        _text(TEXT, True, "The mission: why the organization exists and what it commits to do "
              "for every student. One paragraph a row.", width=100),
    ), "The mission states the organization's core purpose: what it is here to do."),
    Sheet(VISION, (
        _text(TEXT, True, "The vision: what students will know and be able to do, and what the "
              "organization will look like, when the plan succeeds. One paragraph a row.",
              width=100),
    ), "The vision describes the future the plan works toward, in a few years' time."),
    Sheet(CORE_VALUES, (
        _text(VALUE, True, "A belief that guides how adults work and decide, in a word or a "
              "short phrase (for example Equity).", width=28),
        _text(DESCRIPTION, False, "What the value means in practice here.", width=80),
    ), "Core values: the shared beliefs that shape decisions and daily practice. One a row."),
    Sheet(EL_SUCCESS, (
        _choice(PART, (EL_VISION, EL_STRATEGY), "Vision: the plan's vision for English "
                "learners. Strategy: how the plan will reach it."),
        _text(STATEMENT, True, "The statement, one a row.", width=100),
    ), "English learner success: the vision for English learners and the strategy to reach "
       "it (a component of every District Plan; carried into the school plans).",
        required_for=(), notes="optional sheet"),
    Sheet(THEORY_OF_ACTION, (
        _choice(PART, (IF, THEN), "If: what the organization will do. Then: the results "
                "it expects for students and adults."),
        _text(STATEMENT, True, "The statement that follows 'If' or 'Then'.", width=100),
    ), "The theory of action links the plan's work to its results: 'If we do ..., then ...'. "
       "Write the If rows first, then the Then rows; several If rows are shown as bullets."),
    Sheet(DATA_ANALYSIS, (
        _text(FOCUS_AREA, True, "The subject or area examined (for example Grade 3 reading, "
              "Chronic absenteeism).", width=24),
        _text(STUDENT_GROUP, False, "The students the finding is about (for example English "
              "learners, Students with disabilities, All students).", width=22),
        _text(DATA_SOURCE, False, "Where the evidence comes from (for example MCAS 2025, "
              "ACCESS for ELLs, attendance records).", width=22),
        _text(FINDING, True, "What the data show: levels, trends and gaps between student "
              "groups, with numbers.", width=80),
    ), "Data analysis: what the review of student achievement and gaps between groups found; "
       "the reason for the plan's priorities."),
    Sheet(OBJECTIVES, (
        _id("A short key for the objective (SO1, 1, A); unique on this sheet."),
        _text(OBJECTIVE, True, "A strategic objective: a broad, high-leverage priority the "
              "organization will pursue for the whole plan (3 to 5 in all).", width=50),
        _text(DESCRIPTION, False, "Why this objective, and what success looks like.", width=70),
        _ref(DISTRICT_OBJECTIVE_ID, False, OBJECTIVES,
             "School plans: the ID of the district strategic objective this objective "
             "supports."),
    ), "Strategic objectives: 3 to 5 broad priorities that drive the plan.",
        notes="3 to 5 recommended; District Objective ID is for school plans"),
    Sheet(INITIATIVES, (
        _id("A short key for the initiative (1.1, SI3); unique on this sheet."),
        _ref(OBJECTIVE_ID, True, OBJECTIVES, "The ID of the strategic objective this "
             "initiative serves."),
        _text(INITIATIVE, True, "A strategic initiative: a specific set of actions that "
              "carries out the objective. Start with a verb: 'Design an inclusion model ...'.",
              width=50),
        _text(DESCRIPTION, False, "What the initiative involves.", width=60),
        _text(LEAD, False, "Who leads it (a role or a name).", width=24),
        _text(EVALUATION, False, "How the initiative's effectiveness will be evaluated.",
              width=50),
        _choice(BLUEPRINT_PILLAR, BLUEPRINT_PILLARS, "When the initiative serves English "
                "learners: the pillar of the Massachusetts Blueprint for English Learner "
                "Success it advances.", required=False, width=24),
    ), "Strategic initiatives: the actions that carry out each objective, usually 2 to 4 an "
       "objective. Each begins with a verb."),
    Sheet(PROFESSIONAL_DEVELOPMENT, (
        _ref(INITIATIVE_ID, True, INITIATIVES, "The ID of the initiative this learning "
             "supports."),
        _text(ACTIVITY, True, "The professional learning activity.", width=60),
        _text(AUDIENCE, False, "Who takes part.", width=24),
        _date(TIMELINE, False, "When it happens (a date, a month, a season or 'Monthly')."),
    ), "Professional development: the adult learning each initiative needs."),
    Sheet(INDUCTION, (
        _text(ACTIVITY, True, "An induction or mentoring activity for new educators.",
              width=60),
        _text(AUDIENCE, False, "Who takes part (for example first-year teachers, mentors).",
              width=24),
        _date(TIMELINE, False, "When it happens."),
        _ref(INITIATIVE_ID, False, INITIATIVES, "The initiative it supports, if any."),
    ), "Teacher induction and mentoring: how new educators are welcomed, supported and kept."),
    Sheet(EL_PROGRAMS, (
        _text(PROGRAM, True, "A program model or approach for English learners (for example "
              "Sheltered English Immersion, Dual Language).", width=36),
        _text(DESCRIPTION, False, "How it ensures English learners make progress.", width=70),
        _ref(INITIATIVE_ID, False, INITIATIVES, "The initiative it supports, if any."),
    ), "English learner programs: the program models and approaches that ensure progress for "
       "English learners.", required_for=(SCHOOL,),
        notes="school plans; optional for districts"),
    Sheet(OUTCOMES, (
        _id("A short key for the outcome (O1); unique on this sheet."),
        _ref(OBJECTIVE_ID, True, OBJECTIVES, "The ID of the objective this outcome measures."),
        _choice(TYPE, (INTERIM, FINAL), "Interim: progress along the way. Final: the result "
                "expected by the end of the plan."),
        _text(OUTCOME, True, "A SMART outcome: Specific, Measurable, Achievable, Relevant and "
              "Time-bound.", width=60),
        _text(MEASURE, False, "How it is measured (the assessment, survey or record).",
              width=28),
        _text(STUDENT_GROUP, False, "The students it is about.", width=20),
        Column(BASELINE, False, Kind.AMOUNT, "Where things stand now.", width=14),
        Column(TARGET, False, Kind.AMOUNT, "Where they should be by the target date.",
               width=14),
        _date(TARGET_DATE, False, "When the target should be met, inside the plan years."),
        Column(LATEST_RESULT, False, Kind.AMOUNT, "Progress reporting: the most recent "
               "measured value of the measure (like Baseline and Target).", width=14),
        _date(RESULT_DATE, False, "When the latest result was measured."),
    ), "Outcomes: SMART goals for each objective, interim and final."),
    Sheet(BENCHMARKS, (
        _id("A short key for the benchmark (B1); unique on this sheet."),
        _ref(INITIATIVE_ID, True, INITIATIVES, "The ID of the initiative this benchmark "
             "tracks."),
        _choice(TYPE, (PROCESS, EARLY_EVIDENCE),
                "Process: the adult actions that show the work is being done. Early Evidence "
                "of Change: the first changes in practice or in student results that show it "
                "is working.", width=26),
        _text(BENCHMARK, True, "What will be done or seen, specific enough to check.",
              width=60),
        _text(PERSONS_RESPONSIBLE, True, "Who is responsible (names or roles).", width=26),
        _date(TIMELINE, True, "When, inside the action plan year (a date, a month, a season, "
              "'Monthly')."),
        _text(RESOURCES_COLUMN, False, "What it needs (staff time, funds, materials).",
              width=30),
        _choice(STATUS, BENCHMARK_STATUSES, "Progress monitoring: where the benchmark stands.",
                required=False),
        _date(STATUS_DATE, False, "When the status was last checked."),
        _text(EVIDENCE, False, "The evidence behind the status, or notes.", width=50),
    ), "Benchmarks: the annual action plan. For each initiative, process benchmarks (adult "
       "actions) and early evidence of change benchmarks (first signs of results), each with "
       "owners and a timeline; add Status to monitor progress."),
    Sheet(PROGRESS_UPDATES, (
        _ref(BENCHMARK_ID, True, BENCHMARKS, "The ID of the benchmark this update reports on."),
        _date(DATE, True, "The day of the update, inside the action plan year (a real date, "
              "for example 2026-01-30)."),
        _choice(STATUS, BENCHMARK_STATUSES, "Where the benchmark stands on that day."),
        _text(EVIDENCE, False, "The evidence behind the status, or notes.", width=50),
        _text(NEXT_STEPS, False, "What happens next, and who does it.", width=40),
    ), "Progress updates: each monitoring update of a benchmark over the year, one a row. A "
       "benchmark's current status is its latest update, here or in the Benchmarks sheet's "
       "Status and Status Date (optional).", required_for=(),
        notes="optional, district and school plans"),
    Sheet(RESOURCES, (
        _ref(INITIATIVE_ID, True, INITIATIVES, "The ID of the initiative it supports."),
        _choice(TYPE, RESOURCE_TYPES, "Staff, Financial or Other."),
        _text(DESCRIPTION, True, "What the resource is.", width=50),
        Column(AMOUNT, False, Kind.AMOUNT, "How much: dollars, FTE or other.", width=14),
        _text(FUNDING_SOURCE, False, "Where it comes from (grant, budget line).", width=28),
    ), "Resources: the staff and financial resources that support implementation."),
    Sheet(TEAMS, (
        _ref(OBJECTIVE_ID, True, OBJECTIVES, "The ID of the objective the team works on."),
        _choice(ROLE, (TEAM_LEADER, MEMBER), "Team Leader or Member."),
        _text(NAME, True, "The person's name.", width=28),
        _text(POSITION, False, "Their position or the stakeholder group they represent.",
              width=36),
    ), "Action planning teams: who plans and monitors the work on each objective (optional).",
        required_for=(), notes="optional sheet"),
    Sheet(EDUCATOR_GOALS, (
        _id("A short key for the goal (G1); unique on this sheet."),
        _text(EDUCATOR, True, "The educator or team whose goal this is.", width=28),
        _choice(ROLE, EDUCATOR_ROLES, "Superintendent, School Administrator, Teacher, "
                "Specialized Instructional Support or Team.", width=24),
        _choice(GOAL_TYPE, GOAL_TYPES, "Student Learning, Professional Practice, District "
                "Improvement or School Improvement (603 CMR 35.06).", width=22),
        _text(GOAL, True, "The goal, SMART: what will change, by how much, by when.",
              width=70),
        _ref(OBJECTIVE_ID, True, OBJECTIVES, "The ID of the strategic objective the goal "
             "stems from."),
        _ref(INITIATIVE_ID, False, INITIATIVES, "The initiative the goal serves, if any."),
        _text(SCHOOL_COLUMN, False, "District plans: the school of an administrator's or "
              "team's goal.", width=28),
    ), "Educator goals: the superintendent's, administrators', teachers' and teams' goals, "
       "each stemming from a strategic objective of the plan (educator evaluation, 603 CMR "
       "35.06: at least one student learning and one professional practice goal each).",
        required_for=(), notes="optional sheet"),
    Sheet(COUNCIL, (
        _text(REQUIREMENT, True, "An element the school improvement plan must address under "
              "M.G.L. c.71 s.59C.", width=60),
        _text(RESPONSE, True, "How this plan addresses it.", width=80, empty_is_warning=True),
    ), "School council requirements: the plan's response to each element of M.G.L. c.71 "
       "s.59C.", levels=(SCHOOL,), required_for=(SCHOOL,), notes="school plans only"),
    Sheet(COUNCIL_MEMBERS, (
        _text(NAME, True, "The member's name.", width=28),
        _choice(ROLE, COUNCIL_ROLES, "Who they are on the council: Principal, Parent, "
                "Teacher, Student, Community Member or Other Staff."),
        _text(COUNCIL_POSITION, False, "Their position, for example Co-chair or Grade 4 "
              "teacher.", width=30),
    ), "School council: the members who formulated the plan with the principal (M.G.L. "
       "c.71 s.59C).", levels=(SCHOOL,), required_for=(), notes="school plans"),
    Sheet(SCHOOLS, (
        Column(SCHOOL_CODE_COLUMN, True, Kind.ID, "The school's DESE code (or any short "
               "unique key).", width=14),
        _text(SCHOOL_NAME_COLUMN, True, "The school's full name.", width=36),
        _text(PRINCIPAL_COLUMN, False, "The principal's name.", width=28),
        _text(GRADES, False, "Grades served (for example K-5).", width=10),
    ), "Schools: the district's roster, used to start one school workbook per school.",
        levels=(DISTRICT,), required_for=(), notes="district workbook only"),
)

SHEETS_BY_NAME = {s.name: s for s in SHEETS}
PLAN_FIELDS_BY_NAME = {f.name: f for f in PLAN_FIELDS}

# The elements a school improvement plan addresses under M.G.L. c.71 s.59C, as the blank
# school workbook lists them.
COUNCIL_REQUIREMENTS = (
    "An assessment of the impact of class size on student performance, and of the ratios of "
    "students to teachers and of students to other supportive adults.",
    "A scheduled plan for reducing class size, if the assessment calls for it.",
    "Professional development for the school's staff, and how any professional development "
    "funds in the school budget are allocated.",
    "Where the school has students of limited English proficiency: professional development "
    "in second language acquisition and in working with culturally and linguistically "
    "diverse students.",
    "How the school will enhance parental involvement in the life of the school.",
    "Safety and discipline: how the school keeps a safe and orderly learning environment.",
    "How the school will establish a climate of tolerance and respect for all groups.",
    "Extracurricular activities.",
    "How the school will meet, within regular education, the diverse learning needs of as "
    "many children as possible, including children with special needs.",
    "Any further subjects the principal and the school council consider appropriate.",
)


def sheets_for(level: str) -> tuple[Sheet, ...]:
    return tuple(s for s in SHEETS if level in s.levels)


@lru_cache(maxsize=8192)
def normalize(name: object) -> str:
    """The key a header or sheet name is matched by: letters and digits only, lower case.

    `Person(s) Responsible`, `persons responsible` and `PERSONS-RESPONSIBLE` all give
    `personsresponsible`; `Induction & Mentoring`, `induction and mentoring` and
    `Induction-Mentoring` all match (`&` is punctuation, and so is the word `and`).
    """
    text = re.sub(r"&|\band\b", " ", str(name).lower())
    return re.sub(r"[^0-9a-z]+", "", text)


def match_choice(value: str, choices: tuple[str, ...]) -> str | None:
    """The canonical spelling of a list value typed in any case, or None."""
    key = normalize(value)
    return next((c for c in choices if normalize(c) == key), None)


def markdown_reference() -> str:
    """The README's workbook section, generated so the docs cannot drift from the code."""
    lines = [
        "| sheet | what it holds | columns | used in | needed |",
        "|---|---|---|---|---|",
    ]
    for sheet in SHEETS:
        cols = []
        for col in sheet.columns:
            mark = "R" if col.required else "-"
            extra = f" ({' / '.join(col.choices)})" if col.choices else ""
            ref = f" -> {col.ref}" if col.ref else ""
            if col.name == DISTRICT_OBJECTIVE_ID:
                ref = " -> the district workbook's Strategic Objectives"
            cols.append(f"`{col.name}` {mark}{extra}{ref}")
        used = " and ".join(sheet.levels)
        required = ("required for " + " and ".join(sheet.required_for)
                    if sheet.required_for else "optional")
        lines.append(f"| `{sheet.name}` | {sheet.help} | {', '.join(cols)} | {used} | "
                     f"{required} |")
    lines += ["", "Plan Info fields (one a row, `Field` | `Value`):", "",
              "| field | required for | what to write |", "|---|---|---|"]
    for f in PLAN_FIELDS:
        req = " and ".join(f.required_for) if f.required_for else "-"
        lines.append(f"| `{f.name}` | {req} | {f.help} |")
    lines += ["", "Column kinds: " + "; ".join(
        f"**{k.value}**" for k in Kind) + ". `R` marks a required column; `-> Sheet` a "
        "reference to that sheet's `ID`."]
    return "\n".join(lines) + "\n"
