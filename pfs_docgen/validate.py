"""Check a read workbook the way a Planning for Success quality review would.

Pure: records in, a list of Issue out; it never prints and never exits. Every problem is
reported in one pass, so a team fixes everything at once.
"""

from __future__ import annotations

import re

from . import schema as s
from .align_rules import (
    analysis_naming_english_learners,
    educator_key,
    educator_role,
    goal_type,
    has_english_learner_outcome,
    missing_goal_types,
)
from .issues import ERROR, Issue, error, warning
from .text import clip
from .validate_monitoring import monitoring_issues
from .values import dates_in, outside, school_years, unreal_dates, year_span
from .workbook import Cell, Record, Workbook

MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 5
MAX_INITIATIVES = 5

# Initiatives start with a verb ("Design an inclusion model ..."). These are the verbs
# planning teams use; a word ending in -ize/-ise/-ify is taken as a verb too.
VERBS = frozenset("""
accelerate adapt add address adopt advance align allocate analyze analyse apply articulate
assess assign audit augment broaden build calibrate clarify close coach codify collaborate
collect communicate complete conduct connect consolidate construct continue convene coordinate
create cultivate deepen define deliver deploy design develop differentiate document double
embed empower enable engage enhance enroll ensure equip establish evaluate examine expand
explore extend facilitate focus form formalize foster fund grow guide hire hold identify
implement improve incorporate increase institute integrate introduce invest involve launch
lead leverage maintain map measure mentor model modernize monitor offer open organize partner
phase pilot plan prepare prioritize promote provide publish purchase raise recruit redesign
reduce refine reimagine reorganize replace report research restore restructure retain review
revise roll scale schedule select set share standardize streamline strengthen study support
survey sustain target teach test track train transform transition update upgrade use welcome
write
""".split())


def validate(book: Workbook, *, district: Workbook | None = None) -> list[Issue]:
    """Every error and quality warning in the workbook, in sheet and row order."""
    issues = list(book.read_issues)
    level = book.plan_level
    issues += _plan_info(book, level)
    issues += _structure(book, level)
    for sheet in s.SHEETS:
        if sheet.name in book.sheets and sheet.name != s.PLAN_INFO:
            issues += _cells(book, sheet)
    issues += _references(book, district)
    issues += _quality(book, level)
    issues += monitoring_issues(book)
    order = {sheet.name: i for i, sheet in enumerate(s.SHEETS)}
    # errors first (what stops the documents), then warnings, each in sheet and row order
    return sorted(issues, key=lambda i: (not i.is_error, order.get(i.sheet or "", -1),
                                         i.row or 0, len(i.cell or ""), i.cell or ""))


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity == ERROR for i in issues)


def _title(book: Workbook, sheet: str) -> str:
    data = book.sheets.get(sheet)
    return data.title if data else sheet


def _where(book: Workbook, cell: Cell) -> str:
    return f"{_title(book, cell.sheet)}!{cell.ref} ({cell.column})"


def _at(cell: Cell) -> dict:
    return dict(sheet=cell.sheet, row=cell.row, column=cell.column, cell=cell.ref)


def _place(book: Workbook, record: Record, column: str) -> tuple[str, dict]:
    """Where a record's column is, even when the cell (or the whole column) is absent."""
    cell = record.cell(column)
    if cell:
        return _where(book, cell), _at(cell)
    letter = book.sheets[record.sheet].columns.get(column)
    ref = f"{letter}{record.row}" if letter else None
    where = f"{_title(book, record.sheet)}!{ref} ({column})" if ref else \
        f"{_title(book, record.sheet)} row {record.row} ({column})"
    return where, dict(sheet=record.sheet, row=record.row, column=column, cell=ref)


# --- Plan Info --------------------------------------------------------------------------

def _plan_info(book: Workbook, level: str) -> list[Issue]:
    if s.PLAN_INFO not in book.sheets:
        return []
    out = []
    title = _title(book, s.PLAN_INFO)
    for f in s.PLAN_FIELDS:
        cell = book.plan_info.get(f.name)
        if level in f.required_for:
            if cell is None:
                out.append(error(
                    f"{title} has no '{f.name}' row: add a row with Field '{f.name}' and its "
                    f"value. {f.help}", sheet=s.PLAN_INFO, column=s.FIELD,
                    code="plan-info-field-missing"))
                continue
            if cell.empty and not _reported(book, cell):
                out.append(error(f"{title}!{cell.ref} ({f.name}) is empty. {f.help}",
                                 **_at(cell), code="plan-info-empty"))
                continue
        if cell is None or cell.empty:
            continue
        if level not in f.used_for:
            out.append(_other_level(book, f, cell, level))
            continue
        if f.choices and s.match_choice(cell.key, f.choices) is None:
            out.append(_outside_list(f"{title}!{cell.ref} ({f.name})", cell, f.choices))
        if f.kind is s.Kind.DATE:
            out += _unreal_dates(book, cell, f.name)
    out += _plan_years(book)
    return out


def _other_level(book: Workbook, f: s.PlanField, cell: Cell, level: str) -> Issue:
    """A Plan Info value typed for the other level's plan: no document prints it."""
    other = " and ".join(f.used_for)
    return warning(
        f"{_title(book, s.PLAN_INFO)}!{cell.ref} ({f.name}) is filled, but only {other} "
        f"plans use it, so this {level} plan's documents do not print '{clip(cell.text)}'; "
        f"clear the cell, or set {s.PLAN_LEVEL} to {other.title()} if this is a {other} "
        "plan.", **_at(cell), code="other-level-field")


def _unreal_dates(book: Workbook, cell: Cell, name: str | None = None) -> list[Issue]:
    """A date written as text that names no real day, month or year (`Fall 0000`)."""
    if cell.date is not None:
        return []
    where = f"{_title(book, cell.sheet)}!{cell.ref} ({name or cell.column})"
    return [error(f"{where}: '{clip(phrase)}' is not a real date (there is no year 0000, no "
                  "month 13, no February 30); write one like October 1, 2025, October 2025 or "
                  "Fall 2025.", **_at(cell), code="unreal-date")
            for phrase in unreal_dates(cell.text)]


def _not_a_date(book: Workbook, cell: Cell) -> list[Issue]:
    """A column that holds a date and nothing else (a Status Date) holding words that name
    none (`yesterday`, `last week`): no document could print when the status was checked."""
    if cell.date is not None or dates_in(cell.text) or unreal_dates(cell.text):
        return []
    return [error(f"{_where(book, cell)}: '{clip(cell.text)}' is not a date. Write the day the "
                  "status was checked, like October 1, 2025 or 10/1/2025.", **_at(cell),
                  code="not-a-date")]


def _reported(book: Workbook, cell: Cell) -> bool:
    """Whether the reader already reported this cell as unreadable (a formula, say)."""
    return any(i.is_error and i.sheet == cell.sheet and i.cell == cell.ref
               for i in book.read_issues)


def _plan_years(book: Workbook) -> list[Issue]:
    out = []
    spans = {}
    for name, example in ((s.PLAN_YEARS, "2025-2028"), (s.ACTION_PLAN_YEAR, "2025-2026")):
        cell = book.plan_info.get(name)
        if cell is None or cell.empty:
            continue
        spans[name] = year_span(cell.key)
        if spans[name] is None:
            out.append(error(
                f"{_where(book, cell)}: {name} is '{cell.key}'; write it as two years, like "
                f"{example}.", **_at(cell), code="plan-years-format"))
    plan, year = spans.get(s.PLAN_YEARS), spans.get(s.ACTION_PLAN_YEAR)
    if year and year[1] - year[0] != 1:
        cell = book.plan_info[s.ACTION_PLAN_YEAR]
        out.append(error(
            f"{_where(book, cell)}: the action plan year {cell.key} is not one school year. "
            f"An action plan covers one school year, like {year[0]}-{year[0] + 1}: write "
            "that year's plan, and the next year's in a workbook of its own.", **_at(cell),
            code="action-year-not-one-year"))
    elif plan and year and not (plan[0] <= year[0] and year[1] <= plan[1]):
        cell = book.plan_info[s.ACTION_PLAN_YEAR]
        out.append(error(
            f"{_where(book, cell)}: the action plan year {cell.key} is outside the plan years "
            f"{book.info(s.PLAN_YEARS)}. Pick a school year inside the plan, or correct the "
            "plan years.", **_at(cell), code="action-year-outside-plan"))
    return out


def action_year_usable(book: Workbook) -> bool:
    """Whether the Action Plan Year is one school year inside the plan years: when it is
    not, that is one error at its cell, and the timelines are not measured against it."""
    return not any(i.is_error for i in _plan_years(book)
                   if i.code in ("action-year-not-one-year", "action-year-outside-plan"))


def plan_window(book: Workbook, name: str):
    span = year_span(book.info(name))
    return school_years(*span) if span else None


# --- structure and cells ----------------------------------------------------------------

def _structure(book: Workbook, level: str) -> list[Issue]:
    out = []
    for sheet in s.SHEETS:
        data = book.sheets.get(sheet.name)
        if data is None:
            if level in sheet.required_for:
                near = closest(sheet.name, book.other_sheets)
                fix = (f"Rename the sheet '{near}' to '{sheet.name}'" if near else
                       f"Add it (with its header row: "
                       f"{', '.join(c.name for c in sheet.columns)}), or start from a blank "
                       "workbook made by pfs-docgen init")
                out.append(error(f"The workbook has no '{sheet.name}' sheet. {fix}.",
                                 sheet=sheet.name, code="missing-sheet"))
            continue
        missing = [c.name for c in sheet.columns if c.required and c.name not in data.columns]
        for col in sheet.columns:
            if col.required and col.name not in data.columns:
                ref = f"{data.free_column}{data.header_row}"
                near = _header_for(col.name, data, missing)
                fix = (f"Rename {near} '{data.other_headers[near]}' to '{col.name}'." if near
                       else f"Add it to the header row (row {data.header_row}, for example at "
                            f"{ref}).")
                out.append(error(
                    f"{data.title} has no '{col.name}' column. {fix} {col.help}",
                    sheet=sheet.name, row=data.header_row, column=col.name, cell=ref,
                    code="missing-column"))
    return out


def closest(name: str, candidates: list[str]) -> str | None:
    """The candidate most like `name` (a misspelled sheet or header), if one is close."""
    import difflib

    keys = {s.normalize(c): c for c in candidates}
    found = difflib.get_close_matches(s.normalize(name), list(keys), n=1, cutoff=0.6)
    return keys[found[0]] if found else None


def _header_for(column: str, data, missing: list[str]) -> str | None:
    """The header cell that is most likely the missing column misspelled or renamed: the
    closest by spelling, or, when one column is missing and one header is unknown, that
    one ('Owner' for 'Person(s) Responsible')."""
    by_text = {text: ref for ref, text in data.other_headers.items()}
    near = closest(column, list(by_text))
    if near is not None:
        return by_text[near]
    if len(missing) == 1 and len(data.other_headers) == 1:
        return next(iter(data.other_headers))
    return None


def wrong_level(book: Workbook, level: str) -> Issue | None:
    """The error for a workbook of the other level where a `level` plan is expected (a
    district's workbook among its schools'), at its Plan Level cell; None when it fits."""
    if book.level in (None, level):
        return None
    cell = book.plan_info[s.PLAN_LEVEL]
    return error(
        f"{book.path.name} is a {book.level} plan ({s.PLAN_INFO}!{cell.ref}, "
        f"{s.PLAN_LEVEL}: {cell.key}), where a {level} plan was expected. The district's "
        "own workbook goes in --district; move this one out of the schools folder.",
        **_at(cell), code="wrong-plan-level")


def _cells(book: Workbook, sheet: s.Sheet) -> list[Issue]:
    out = []
    data = book.sheets[sheet.name]
    seen_ids: dict[str, Cell] = {}
    for record in data.records:
        for col in sheet.columns:
            if col.name not in data.columns or col.name in record.unreadable:
                continue  # absent column, or a bad cell the reader has reported
            cell = record.cell(col.name)
            empty = cell is None or cell.empty
            if col.required and empty:
                where, at = _place(book, record, col.name)
                if col.empty_is_warning:
                    out.append(warning(f"{where} is empty. Fill it in: "
                                       f"{col.help[0].lower()}{col.help[1:]}", **at,
                                       code="empty-recommended"))
                else:
                    out.append(error(f"{where} is empty. {_needs(sheet, col)}", **at,
                    code="required-empty"))
                continue
            if cell is None or cell.empty:
                continue
            if col.choices and s.match_choice(cell.key, col.choices) is None:
                out.append(_outside_list(_where(book, cell), cell, col.choices))
            if col.kind is s.Kind.DATE:
                out += _unreal_dates(book, cell)
                if col.name in s.DATE_ONLY_COLUMNS:
                    out += _not_a_date(book, cell)
            if col.kind is s.Kind.ID:
                first = seen_ids.get(cell.key)
                if first:
                    out.append(error(
                        f"{_where(book, cell)}: the ID '{cell.key}' is used twice (also at "
                        f"{first.ref}). Give each row of {data.title} its own ID.",
                        **_at(cell), code="duplicate-id"))
                else:
                    seen_ids[cell.key] = cell
    return out


def _outside_list(where: str, cell: Cell, choices: tuple[str, ...]) -> Issue:
    return error(f"{where} is '{cell.key}'; it must be one of "
                 f"{', '.join(choices)}. Pick one from the list.", **_at(cell), code="not-in-list")


def _needs(sheet: s.Sheet, col: s.Column) -> str:
    noun = {s.BENCHMARKS: "benchmark", s.INITIATIVES: "initiative", s.OUTCOMES: "outcome",
            s.OBJECTIVES: "objective", s.RESOURCES: "resource"}.get(sheet.name, "row")
    if col.kind is s.Kind.ID:
        return f"Every {noun} needs a short ID (for example 1, A1) so other sheets can link to it."
    if col.kind is s.Kind.REF:
        return f"Every {noun} must name the {col.ref} ID it belongs to."
    if col.name == s.PERSONS_RESPONSIBLE:
        return "Every benchmark needs an owner."
    return f"Fill it in: {col.help[0].lower()}{col.help[1:]}"


def ids(book: Workbook, sheet: str) -> dict[str, Record]:
    spec = s.SHEETS_BY_NAME[sheet]
    assert spec.id_column is not None, f"{sheet} has no ID column to link to"
    id_col = spec.id_column.name
    found: dict[str, Record] = {}
    for record in book.records(sheet):
        key = record.key(id_col)
        if key and key not in found:
            found[key] = record
    return found


def _references(book: Workbook, district: Workbook | None) -> list[Issue]:
    out = []
    for sheet in s.SHEETS:
        for col in sheet.columns:
            if col.kind is not s.Kind.REF:
                continue
            if col.name == s.DISTRICT_OBJECTIVE_ID:
                if district is None or s.OBJECTIVES not in district.sheets:
                    continue
                known, where_known = ids(district, s.OBJECTIVES), \
                    f"the district workbook ({district.path.name})"
            else:
                if col.ref not in book.sheets:
                    continue  # the missing sheet is reported already
                known, where_known = ids(book, col.ref), \
                    f"the {_title(book, col.ref)} sheet"
            for record in book.records(sheet.name):
                cell = record.cell(col.name)
                if cell is None or cell.empty or cell.key in known:
                    continue
                listing = ", ".join(list(known)[:12]) or "none yet"
                out.append(error(
                    f"{_where(book, cell)} names '{cell.key}', which is not an ID in "
                    f"{where_known} (its IDs: {listing}). Correct the ID or add the missing "
                    f"row.", **_at(cell), code="unknown-id"))
    return out


# --- Planning for Success quality warnings ---------------------------------------------

def _quality(book: Workbook, level: str) -> list[Issue]:
    out = []
    out += _components_present(book)
    out += _theory_of_action(book)
    objectives = ids(book, s.OBJECTIVES) if s.OBJECTIVES in book.sheets else {}
    if book.records(s.OBJECTIVES) and not MIN_OBJECTIVES <= len(objectives) <= MAX_OBJECTIVES:
        out.append(warning(
            f"{_title(book, s.OBJECTIVES)} has {len(objectives)} strategic objective"
            f"{'s' if len(objectives) != 1 else ''}; Planning for Success recommends 3 to 5 "
            "focused objectives.", sheet=s.OBJECTIVES, code="objective-count"))
    out += _initiatives(book, objectives)
    out += _outcomes(book, objectives)
    out += _benchmarks(book)
    if level == s.SCHOOL:
        for record in book.records(s.OBJECTIVES):
            if not record.key(s.DISTRICT_OBJECTIVE_ID) and \
                    s.DISTRICT_OBJECTIVE_ID not in record.unreadable:
                where, at = _place(book, record, s.DISTRICT_OBJECTIVE_ID)
                out.append(warning(
                    f"{where} is empty: the school objective '{record.text(s.OBJECTIVE)}' "
                    "supports no district objective. Name the district objective it supports "
                    "so the school plan aligns with the District Plan.", **at,
                    code="no-district-objective"))
        out += _school_council(book)
    out += _educator_goals(book, objectives)
    out += _english_learner_success(book)
    return out


def _school_council(book: Workbook) -> list[Issue]:
    """The council's make-up as M.G.L. c.71 s.59C sets it: the principal; parents at least as
    many as the teachers and other staff; at least one student in a high school."""
    records = book.records(s.COUNCIL_MEMBERS)
    if not records:
        return []
    title = _title(book, s.COUNCIL_MEMBERS)
    roles = [s.match_choice(r.key(s.ROLE), s.COUNCIL_ROLES) for r in records]
    out = []
    if s.COUNCIL_PRINCIPAL not in roles:
        out.append(warning(
            f"{title} lists no Principal: the principal co-chairs the school council (M.G.L. "
            "c.71 s.59C). Add the principal as a row with Role Principal.",
            sheet=s.COUNCIL_MEMBERS, code="council-no-principal"))
    parents = roles.count(s.PARENT)
    staff = roles.count(s.TEACHER) + roles.count(s.OTHER_STAFF)
    if parents < staff:
        out.append(warning(
            f"{title} has {parents} parent{'s' if parents != 1 else ''} and {staff} teachers "
            "and other staff: M.G.L. c.71 s.59C asks for at least as many parents as staff "
            "members (the principal aside). Add parents, or check the Role of each row.",
            sheet=s.COUNCIL_MEMBERS, code="council-parents"))
    grades = book.plan_info.get(s.GRADES)
    if grades is not None and _high_school(grades.key) and s.STUDENT not in roles:
        out.append(warning(
            f"{title} lists no Student, and the school serves grades {grades.key} "
            f"({_where(book, grades)}): a high school's council includes at least one "
            "student (M.G.L. c.71 s.59C). Add the student member as a row with Role Student.",
            sheet=s.COUNCIL_MEMBERS, code="council-no-student"))
    return out


_GRADE = {"PK": -1, "PREK": -1, "K": 0, "KG": 0}


def _high_school(grades: str) -> bool:
    """Whether the grades a school serves (`9-12`, `PK-5`, `6-12`, `9, 10`) include 9 to 12."""
    def number(token: str) -> int | None:
        token = re.sub(r"^GRADES?\s*", "", token.strip().upper())
        return _GRADE.get(token, int(token) if token.isdigit() else None)

    for part in re.split(r"[,;/]|\band\b", grades):
        pieces = re.split(r"\s*(?:-|–|—|\bto\b|through)\s*", part.strip())
        ends = [e for e in map(number, pieces) if e is not None]
        if ends and max(ends) >= 9:
            return True
    return False


_EXPECTED_COMPONENTS = {
    s.MISSION: "a plan states its mission",
    s.VISION: "a plan states its vision",
    s.DATA_ANALYSIS: "a plan's priorities rest on an analysis of student data",
    s.PROFESSIONAL_DEVELOPMENT: "professional development is a required plan component",
    s.INDUCTION: "teacher induction and mentoring is a required plan component",
}


# The components without which there is no plan to print: left empty, they are errors (a
# workbook with only Plan Info filled makes no documents). README, "An empty plan".
_REQUIRED_COMPONENTS = {
    s.MISSION: "every plan states its mission",
    s.VISION: "every plan states its vision",
    s.OBJECTIVES: "the plan's 3 to 5 strategic objectives are its core",
    s.INITIATIVES: "each objective is carried out by strategic initiatives",
    s.OUTCOMES: "each objective needs a SMART outcome that says how success is measured",
    s.BENCHMARKS: "the action plan is its benchmarks",
}


def _first_cell(book: Workbook, sheet: str) -> dict:
    """Where an empty sheet's first row goes: under the header of its first column."""
    data = book.sheets[sheet]
    first = next((c for c in s.SHEETS_BY_NAME[sheet].columns if c.name in data.columns), None)
    if first is None:  # no header either (its columns are reported missing)
        return dict(sheet=sheet)
    row = data.header_row + 1
    return dict(sheet=sheet, row=row, column=first.name,
                cell=f"{data.columns[first.name]}{row}")


def _from(book: Workbook, sheet: str) -> str:
    cell = _first_cell(book, sheet).get("cell")
    return f", from {_title(book, sheet)}!{cell}" if cell else ""


def _unreadable_rows(book: Workbook, sheet: str) -> bool:
    """Whether the reader reported cells of the sheet it could not read: rows were typed
    there, and those errors say what to fix."""
    return any(i.is_error and i.sheet == sheet and i.row for i in book.read_issues)


def _components_present(book: Workbook) -> list[Issue]:
    required = [error(f"{_title(book, name)} has no rows: {why}. Fill in at least one row"
                      f"{_from(book, name)}; no documents are made without it.",
                      **_first_cell(book, name), code="required-component-empty")
                for name, why in _REQUIRED_COMPONENTS.items()
                if name in book.sheets and not book.records(name)
                and not _unreadable_rows(book, name)]
    return required + [warning(f"{_title(book, name)} has no rows: {why}. Add at least one row.",
                               sheet=name, code="component-empty")
                       for name, why in _EXPECTED_COMPONENTS.items()
                       if name not in _REQUIRED_COMPONENTS and name in book.sheets
                       and not book.records(name)]


def _theory_of_action(book: Workbook) -> list[Issue]:
    if s.THEORY_OF_ACTION not in book.sheets:
        return []
    parts = {s.match_choice(r.key(s.PART), (s.IF, s.THEN)) for r in
             book.records(s.THEORY_OF_ACTION)}
    return [warning(
        f"{_title(book, s.THEORY_OF_ACTION)} has no '{part}' statement: a theory of action "
        "says 'If we do ..., then ... will follow'. Add a row with Part "
        f"'{part}'.", sheet=s.THEORY_OF_ACTION, code="theory-of-action-part")
        for part in (s.IF, s.THEN) if part not in parts]


def starts_with_verb(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+", text)
    if not words:
        return False
    word = words[0].lower()
    return word in VERBS or word.rstrip("s") in VERBS or word.endswith(("ize", "ise", "ify"))


def _initiatives(book: Workbook, objectives: dict[str, Record]) -> list[Issue]:
    out = []
    by_objective: dict[str, list[Record]] = {}
    for record in book.records(s.INITIATIVES):
        by_objective.setdefault(record.key(s.OBJECTIVE_ID), []).append(record)
        text = record.text(s.INITIATIVE)
        if text.strip() and not starts_with_verb(text):
            where, at = _place(book, record, s.INITIATIVE)
            out.append(warning(
                f"{where}: '{clip(text)}' does not start with a verb. An initiative is an "
                "action: write it as 'Design ...', 'Expand ...', 'Implement ...'.", **at,
                code="initiative-not-a-verb"))
    if s.INITIATIVES in book.sheets:
        for key, record in objectives.items():
            count = len(by_objective.get(key, []))
            where, at = _place(book, record, s.OBJECTIVE)
            if count == 0:
                out.append(warning(
                    f"{where}: objective {key} has no strategic initiatives. Add at least one "
                    "initiative that carries it out.", **at, code="objective-no-initiative"))
            elif count > MAX_INITIATIVES:
                out.append(warning(
                    f"{where}: objective {key} has {count} initiatives; more than "
                    f"{MAX_INITIATIVES} spreads the work thin. Combine or drop some.", **at,
                    code="objective-many-initiatives"))
    return out


def _outcomes(book: Workbook, objectives: dict[str, Record]) -> list[Issue]:
    if s.OUTCOMES not in book.sheets:
        return []
    out = []
    records = book.records(s.OUTCOMES)
    measured = {r.key(s.OBJECTIVE_ID) for r in records}
    for key, record in objectives.items():
        if key not in measured:
            where, at = _place(book, record, s.OBJECTIVE)
            out.append(warning(
                f"{where}: objective {key} has no outcome. Add at least one SMART outcome on "
                f"the {_title(book, s.OUTCOMES)} sheet that says how success will be "
                "measured.", **at, code="objective-no-outcome"))
    if records and not any(s.match_choice(r.key(s.TYPE), (s.INTERIM, s.FINAL)) == s.FINAL
                           for r in records):
        out.append(warning(
            f"{_title(book, s.OUTCOMES)} has no Final outcome: the plan should say what it "
            "will achieve by its end. Set Type to Final on the end-of-plan outcomes.",
            sheet=s.OUTCOMES, code="no-final-outcome"))
    window = plan_window(book, s.PLAN_YEARS)
    for record in records:
        label = record.key(s.ID) or f"row {record.row}"
        for column, what in ((s.MEASURE, "a measure (how it will be measured)"),
                             (s.TARGET, "a target (the number to reach)")):
            if not record.key(column) and column not in record.unreadable:
                where, at = _place(book, record, column)
                out.append(warning(
                    f"{where} is empty: outcome {label} is not SMART without {what}.", **at,
                    code="outcome-not-smart"))
        where, at = _place(book, record, s.TARGET_DATE)
        cell = record.cell(s.TARGET_DATE)
        if s.TARGET_DATE in record.unreadable:
            continue
        if cell is None or cell.empty:
            out.append(warning(
                f"{where} is empty: outcome {label} is not time-bound. Give a target date "
                f"inside the plan years{_years(book)}.", **at, code="outcome-no-target-date"))
        elif window and _outside(cell, window):
            out.append(warning(
                f"{where}: the target date '{cell.text}' is outside the plan years"
                f"{_years(book)}. Pick a date inside the plan.", **at,
                code="target-date-outside-plan"))
    return out


def _benchmarks(book: Workbook) -> list[Issue]:
    out = []
    kinds: dict[str, set[str]] = {}
    for record in book.records(s.BENCHMARKS):
        kind = s.match_choice(record.key(s.TYPE), (s.PROCESS, s.EARLY_EVIDENCE))
        if kind:
            kinds.setdefault(record.key(s.INITIATIVE_ID), set()).add(kind)
    if s.BENCHMARKS in book.sheets:
        for record in book.records(s.INITIATIVES):
            key = record.key(s.ID)
            if not key:
                continue
            where, at = _place(book, record, s.INITIATIVE)
            for kind, what in ((s.PROCESS, "the adult actions that show the work is done"),
                               (s.EARLY_EVIDENCE, "the first signs that it is working")):
                if kind not in kinds.get(key, set()):
                    out.append(warning(
                        f"{where}: initiative {key} has no {kind} benchmark in the action "
                        f"plan. Add one on the {_title(book, s.BENCHMARKS)} sheet: {what}.",
                        **at, code="initiative-missing-benchmark"))
    window = plan_window(book, s.ACTION_PLAN_YEAR)
    if window and action_year_usable(book):  # a wrong year has its own error: no echo here
        for record in book.records(s.BENCHMARKS):
            cell = record.cell(s.TIMELINE)
            if cell and not cell.empty and _outside(cell, window):
                out.append(warning(
                    f"{_where(book, cell)}: '{clip(cell.text)}' is outside the action plan "
                    f"year {book.info(s.ACTION_PLAN_YEAR)} (July to June). Move the benchmark "
                    "into this year's plan, or keep it for next year's.", **_at(cell),
                    code="timeline-outside-action-year"))
    return out


def _outside(cell: Cell, window) -> bool:
    spans = [(cell.date, cell.date)] if cell.date else dates_in(cell.text)
    return bool(outside(spans, window))


def _years(book: Workbook) -> str:
    years = book.info(s.PLAN_YEARS)
    return f" ({years})" if years else ""


# --- Align: educator goals and English learner success -----------------------------------

MIN_LEADER_GOALS, MAX_LEADER_GOALS = 3, 5  # superintendents and principals: 3 to 5 goals


def _educator_goals(book: Workbook, objectives: dict[str, Record]) -> list[Issue]:
    """603 CMR 35.06: each educator or team has a student learning and a professional
    practice goal; a superintendent sets 3 to 5 goals; every objective has a leader's goal
    stemming from it."""
    records = [r for r in book.records(s.EDUCATOR_GOALS) if r.key(s.EDUCATOR)]
    if not records:
        return []
    title = _title(book, s.EDUCATOR_GOALS)
    out = []
    by_educator: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        key = educator_key(record.key(s.EDUCATOR), record.key(s.SCHOOL_COLUMN))
        by_educator.setdefault(key, []).append(record)
    for goals in by_educator.values():
        first = goals[0]
        name = first.text(s.EDUCATOR)
        where, at = _place(book, first, s.EDUCATOR)
        missing = missing_goal_types({goal_type(g) for g in goals})
        if missing:
            out.append(warning(
                f"{where}: {name} has no {' and no '.join(m.lower() for m in missing)} goal. "
                "Every educator and team sets at least one student learning and one "
                f"professional practice goal (603 CMR 35.06); add the missing goal on "
                f"{title}.", **at, code="educator-goal-types"))
        roles = {educator_role(g) for g in goals}
        if s.SUPERINTENDENT_ROLE in roles and \
                not MIN_LEADER_GOALS <= len(goals) <= MAX_LEADER_GOALS:
            out.append(warning(
                f"{where}: the superintendent {name} has {len(goals)} goal"
                f"{'s' if len(goals) != 1 else ''}; superintendents are encouraged to set 3 "
                "to 5 goals in all, so each gets the attention it needs.", **at,
                code="superintendent-goal-count"))
    leaders = (s.SUPERINTENDENT_ROLE, s.SCHOOL_ADMINISTRATOR)
    led = {r.key(s.OBJECTIVE_ID) for r in records if educator_role(r) in leaders}
    for objective, record in objectives.items():
        if objective not in led:
            where, at = _place(book, record, s.OBJECTIVE)
            out.append(warning(
                f"{where}: no superintendent or school administrator goal on {title} stems "
                f"from objective {objective}. Tie at least one leader's goal to each objective, so "
                "educator evaluation carries the plan to the schools.", **at,
                code="objective-no-leader-goal"))
    return out


def _english_learner_success(book: Workbook) -> list[Issue]:
    """A plan that serves English learners (EL programs, or a data analysis that names them)
    states its vision for their success and sets an outcome for them."""
    programs = [r for r in book.records(s.EL_PROGRAMS) if r.key(s.PROGRAM)]
    named = analysis_naming_english_learners(book)
    if not programs and named is None:
        return []
    why = (f"it lists English learner programs on {_title(book, s.EL_PROGRAMS)}" if programs
           else f"its data analysis names English learners ({_title(book, s.DATA_ANALYSIS)} "
                f"row {named.row})" if named is not None else "")
    out = []
    vision = [r for r in book.records(s.EL_SUCCESS)
              if s.match_choice(r.key(s.PART), (s.EL_VISION, s.EL_STRATEGY)) == s.EL_VISION
              and r.key(s.STATEMENT)]
    if not vision:
        out.append(warning(
            f"The plan has no vision for English learner success, and {why}. Add a row with "
            f"Part Vision on the {_title(book, s.EL_SUCCESS)} sheet: every District Plan "
            "states its vision for English learners, carried into the school plans.",
            sheet=s.EL_SUCCESS, code="no-el-vision"))
    if s.OUTCOMES in book.sheets and not has_english_learner_outcome(book):
        out.append(warning(
            f"{_title(book, s.OUTCOMES)} has no outcome for English learners, and {why}. Set "
            "a SMART outcome whose Student Group is English learners.", sheet=s.OUTCOMES,
            code="no-el-outcome"))
    return out
