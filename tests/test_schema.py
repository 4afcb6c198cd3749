"""The schema and the written contract (shared/spec/workbook.md) say the same thing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from pfs_docgen import schema as s

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "workbook.md"


@pytest.fixture(scope="module")
def spec() -> str:
    if not SPEC.is_file():
        # In CI the contract always sits beside the clone: its absence is a failure there.
        if os.environ.get("CI"):
            pytest.fail(f"the workbook contract {SPEC} is missing, and CI is set")
        pytest.skip(f"the workbook contract {SPEC} is not here (the tests run outside the "
                    "project folder that holds shared/spec)")
    return SPEC.read_text(encoding="utf-8")


def _table(text: str, heading: str) -> list[list[str]]:
    """The cells of the first markdown table after a heading, header and rule rows left out;
    none when the heading is gone (a new-wave table whose rows all moved up)."""
    if heading not in text:
        return []
    lines = text[text.index(heading):].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _ticked(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def _spec_sheets(spec: str, heading: str = "## Sheets") -> dict[
        str, list[tuple[str, bool, tuple[str, ...]]]]:
    """sheet -> [(column, required, fixed list)] as the Sheets table writes them."""
    sheets = {}
    for sheet_cell, columns_cell, _notes in _table(spec, heading):
        (name,) = _ticked(sheet_cell)
        columns = []
        for m in re.finditer(r"`([^`]+)`\s+(R|-)(?:\s+\(([^)]*)\))?", columns_cell):
            columns.append((m[1], m[2] == "R", tuple(_ticked(m[3] or ""))))
        sheets[name] = columns
    return sheets


def _spec_fields(spec: str, heading: str = "### Plan Info fields") -> dict[str, tuple[str, str]]:
    """Plan Info field -> (required, notes) as the Plan Info fields table writes them."""
    return {_ticked(name)[0]: (required, notes)
            for name, required, notes in _table(spec, heading)}


# The contract's "New in this wave" tables: a sheet or field built from them is in the
# schema before the contract moves its row into the main tables (a copy of the contract from
# before the move still passes). Those not built yet are simply not in the schema.
NEW_SHEETS, NEW_FIELDS = "### New sheets", "### New Plan Info fields"


NEW_COLUMNS = "### New columns in existing sheets"


def _contract_sheets(spec: str) -> dict[str, list[tuple[str, bool, tuple[str, ...]]]]:
    """Every sheet of the contract with its columns: the main table's, then the new-wave
    columns the schema has built (a column not built yet is not in the schema)."""
    sheets = {**_spec_sheets(spec, NEW_SHEETS), **_spec_sheets(spec)}
    for sheet, columns in _spec_sheets(spec, NEW_COLUMNS).items():
        built = s.SHEETS_BY_NAME.get(sheet)
        have = {name for name, _, _ in sheets[sheet]}
        sheets[sheet] = sheets[sheet] + [
            column for column in columns if column[0] not in have and built is not None
            and column[0] in {c.name for c in built.columns}]
    return sheets


def _contract_fields(spec: str) -> dict[str, tuple[str, str]]:
    return {**_spec_fields(spec, NEW_FIELDS), **_spec_fields(spec)}


def test_spec_tables_parse(spec):
    # The parser below is what the other tests trust: it must find the whole contract.
    # Counted over the main and the new-wave tables together: a row moved from one to the
    # other when it is built leaves the sum as it is.
    sheets = _contract_sheets(spec)
    assert len(sheets) == 21
    assert sheets["Benchmarks"][4] == ("Person(s) Responsible", True, ())
    assert len(_contract_fields(spec)) == 19


def test_every_spec_sheet_is_in_the_schema_and_no_other(spec):
    main = list(_spec_sheets(spec))
    coded = [sheet.name for sheet in s.SHEETS]
    assert [name for name in coded if name in main] == main  # all of them, in their order
    assert set(coded) - set(main) <= set(_spec_sheets(spec, NEW_SHEETS))  # built this wave


@pytest.mark.parametrize("sheet", [sheet.name for sheet in s.SHEETS])
def test_sheet_columns_and_required_flags_match_the_spec(spec, sheet):
    written = [(name, required) for name, required, _ in _contract_sheets(spec)[sheet]]
    coded = [(col.name, col.required) for col in s.SHEETS_BY_NAME[sheet].columns]
    assert coded == written


def test_fixed_lists_in_the_sheets_table_match_the_schema(spec):
    lists = {(sheet, name): choices for sheet, columns in _contract_sheets(spec).items()
             if sheet in s.SHEETS_BY_NAME for name, _, choices in columns if choices}
    # Type (three sheets), Part, Role (two sheets): every fixed list the tables spell out for
    # the sheets the schema has.
    assert set(lists) == {("Theory of Action", "Part"), ("Outcomes", "Type"),
                          ("Benchmarks", "Type"), ("Resources", "Type"),
                          ("Action Planning Teams", "Role"), ("School Council", "Role"),
                          ("Educator Goals", "Role"), ("Educator Goals", "Goal Type"),
                          ("EL Success", "Part"), ("Strategic Initiatives", "Blueprint Pillar"),
                          ("Progress Updates", "Status")}
    for (sheet, name), choices in lists.items():
        if choices == ("Status",):  # "(the benchmark `Status` list)": that list, by name
            choices = s.SHEETS_BY_NAME["Benchmarks"].column("Status").choices
        assert s.SHEETS_BY_NAME[sheet].column(name).choices == choices, (sheet, name)


def test_benchmark_status_list_matches_the_spec(spec):
    sentence = re.search(r"The benchmark `Status` list is ([^.]+)\.", spec)
    assert sentence, "the spec no longer states the benchmark Status list"
    assert s.SHEETS_BY_NAME["Benchmarks"].column("Status").choices == tuple(
        _ticked(sentence[1]))


def test_plan_level_and_plan_status_lists_match_the_spec(spec):
    fields = _spec_fields(spec)
    assert s.PLAN_FIELDS_BY_NAME["Plan Level"].choices == tuple(
        _ticked(fields["Plan Level"][1]))
    status_notes = fields["Status"][1].split(";")[0]  # "`Draft` or `Final`; a draft is ..."
    assert s.PLAN_FIELDS_BY_NAME["Status"].choices == tuple(_ticked(status_notes))


def test_every_plan_info_field_of_the_spec_is_in_the_schema(spec):
    main = list(_spec_fields(spec))
    coded = [f.name for f in s.PLAN_FIELDS]
    assert [name for name in coded if name in main] == main
    assert set(coded) - set(main) <= set(_spec_fields(spec, NEW_FIELDS))


def test_plan_info_required_fields_match_the_spec(spec):
    meaning = {"yes": (s.DISTRICT, s.SCHOOL), "no": (), "district plans": (s.DISTRICT,),
               "school plans": (s.SCHOOL,)}
    for name, (required, _) in _contract_fields(spec).items():
        if name not in s.PLAN_FIELDS_BY_NAME:
            continue  # a field of this wave not built yet
        assert required in meaning, f"unknown 'required' wording for {name}: {required!r}"
        assert set(s.PLAN_FIELDS_BY_NAME[name].required_for) == set(meaning[required]), name


def test_optional_sheets_are_not_required(spec):
    # The notes column: the teams sheet is optional, Schools is the district's roster only,
    # the council sheet is for school plans only.
    assert s.SHEETS_BY_NAME["Action Planning Teams"].required_for == ()
    assert s.SHEETS_BY_NAME["Schools"].levels == (s.DISTRICT,)
    assert s.SHEETS_BY_NAME["School Council Requirements"].levels == (s.SCHOOL,)
    assert s.SHEETS_BY_NAME["School Council Requirements"].required_for == (s.SCHOOL,)
    assert s.SHEETS_BY_NAME["EL Programs"].required_for == (s.SCHOOL,)


@pytest.mark.parametrize("spelling", ["strategic initiatives", "Strategic  Initiatives",
                                      "STRATEGIC-INITIATIVES", "Strategic Initiatives",
                                      " strategic_initiatives "])
def test_normalize_matches_sheet_names_however_spelled(spelling):
    assert s.normalize(spelling) == s.normalize(s.INITIATIVES)


@pytest.mark.parametrize("spelling", ["Person(s) Responsible", "Persons Responsible",
                                      "persons responsible", "PERSONS-RESPONSIBLE"])
def test_normalize_matches_column_names_however_spelled(spelling):
    assert s.normalize(spelling) == s.normalize(s.PERSONS_RESPONSIBLE)


@pytest.mark.parametrize("spelling", ["induction and mentoring", "Induction-Mentoring",
                                      "Induction Mentoring", "INDUCTION + MENTORING"])
def test_normalize_treats_ampersand_and_the_word_and_as_punctuation(spelling):
    assert s.normalize(spelling) == s.normalize(s.INDUCTION)


def test_normalize_keeps_different_names_apart():
    keys = [s.normalize(sheet.name) for sheet in s.SHEETS]
    assert len(set(keys)) == len(keys)
    for sheet in s.SHEETS:
        columns = [s.normalize(col.name) for col in sheet.columns]
        assert len(set(columns)) == len(columns), sheet.name
    assert s.normalize("Objective ID") != s.normalize("District Objective ID")


@pytest.mark.parametrize("typed, expected", [
    ("early evidence of change", "Early Evidence of Change"), ("IF", "If"),
    ("team leader", "Team Leader"), ("not started", "Not Started"), ("final", "Final"),
    ("Completed", None), ("Maybe", None)])
def test_list_values_match_case_insensitively(typed, expected):
    all_choices = tuple({c for sheet in s.SHEETS for col in sheet.columns for c in col.choices})
    assert s.match_choice(typed, all_choices) == expected


def test_every_column_and_sheet_has_help_text():
    for sheet in s.SHEETS:
        assert sheet.help.strip(), sheet.name
        for col in sheet.columns:
            assert col.help.strip(), (sheet.name, col.name)
    for f in s.PLAN_FIELDS:
        assert f.help.strip(), f.name


def test_every_reference_names_a_sheet_with_an_id_column():
    for sheet in s.SHEETS:
        for col in sheet.columns:
            if col.kind is s.Kind.REF:
                assert s.SHEETS_BY_NAME[col.ref].id_column is not None, (sheet.name, col.name)
