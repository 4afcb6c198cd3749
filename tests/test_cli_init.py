"""pfs-docgen init: a blank, self-explaining workbook (or the sample), never over a file."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from conftest import run_cli
from openpyxl import load_workbook
from openpyxl.utils import quote_sheetname
from openpyxl.utils.cell import range_boundaries

from pfs_docgen import schema as s
from pfs_docgen.cli import cli
from pfs_docgen.validate import validate
from pfs_docgen.workbook import read_workbook

run = run_cli  # a bug fails the test: it cannot pass as exit code 1


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module", params=[s.DISTRICT, s.SCHOOL])
def blank(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("blank") / f"{request.param}.xlsx"
    result = run("init", path, "--level", request.param)
    assert result.exit_code == 0, result.output
    return request.param, path


def test_init_writes_the_workbook_and_says_what_next(tmp_path):
    path = tmp_path / "plans" / "maple-falls.xlsx"
    result = run("init", path)
    assert result.exit_code == 0
    assert result.stdout == f"{path}\n"
    assert f"pfs-docgen validate {path}" in result.stderr
    assert path.is_file()
    assert [p.name for p in path.parent.iterdir()] == ["maple-falls.xlsx"]  # no temp left


@pytest.mark.parametrize("name", ["plan", "plan.csv", "schools/", ""])
def test_init_wants_a_file_name_ending_in_xlsx(tmp_path, name):
    result = run_cli("init", str(tmp_path / name) if name else "")
    assert result.exit_code == 2  # a usage error (issue 14): the command line is wrong
    assert "does not end in .xlsx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_to_overwrite(tmp_path):
    path = tmp_path / "plan.xlsx"
    assert run("init", path, "--example").exit_code == 0
    before = _sha256(path)
    result = run("init", path)
    assert result.exit_code == 1
    assert "--overwrite" in result.stderr and "already exists" in result.stderr
    assert result.stderr.startswith("Error: ")
    assert result.stdout == ""
    assert _sha256(path) == before
    assert "Traceback" not in result.stderr


def test_init_overwrite_replaces_the_file(tmp_path):
    path = tmp_path / "plan.xlsx"
    assert run("init", path, "--example").exit_code == 0
    result = run("init", path, "--overwrite")
    assert result.exit_code == 0
    assert read_workbook(path).records(s.BENCHMARKS) == []  # the blank one now


def test_init_example_validates_without_errors(tmp_path):
    path = tmp_path / "example.xlsx"
    assert run("init", path, "--example").exit_code == 0
    result = run("validate", path)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith(f"{path}: 0 errors, ")
    assert len(read_workbook(path).records(s.BENCHMARKS)) == 37


def test_init_rejects_an_unknown_level(tmp_path):
    result = run("init", tmp_path / "x.xlsx", "--level", "county")
    assert result.exit_code == 2
    assert "county" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


# --- the blank workbook -----------------------------------------------------------------

def test_blank_workbook_reads_back_with_no_structural_error(blank):
    level, path = blank
    book = read_workbook(path)
    expected = {sheet.name for sheet in s.sheets_for(level)}
    assert set(book.sheets) == expected
    for name, data in book.sheets.items():
        assert list(data.columns) == [c.name for c in s.SHEETS_BY_NAME[name].columns], name
        assert data.header_row == 1
    assert book.read_issues == []
    assert book.level == level
    issues = validate(book)
    # No missing sheet, column or field row ("has no 'Benchmarks' sheet" and the like).
    assert [i.message for i in issues if i.is_error and "has no '" in i.message] == []
    # The only errors: Plan Info values and the required components still to fill in.
    errors = [i for i in issues if i.is_error]
    assert errors and all((i.sheet == s.PLAN_INFO and "is empty" in i.message)
                          or i.code == "required-component-empty" for i in errors)
    assert {i.sheet for i in errors if i.code == "required-component-empty"} == {
        s.MISSION, s.VISION, s.OBJECTIVES, s.INITIATIVES, s.OUTCOMES, s.BENCHMARKS}
    needed = {f.name for f in s.PLAN_FIELDS if level in f.required_for} - {s.PLAN_LEVEL}
    assert {i.message.split("(")[1].split(")")[0] for i in errors
            if i.sheet == s.PLAN_INFO} == needed


def test_blank_workbook_has_an_instructions_sheet_first(blank):
    level, path = blank
    book = load_workbook(path)
    assert book.sheetnames[0] == "Instructions"
    text = "\n".join(str(c.value) for row in book["Instructions"].iter_rows() for c in row
                     if c.value)
    assert "Planning for Success" in text
    assert "pfs-docgen validate" in text
    for sheet in s.sheets_for(level):
        assert sheet.name in text and sheet.help in text


def test_blank_workbook_has_a_comment_on_every_header(blank):
    level, path = blank
    book = load_workbook(path)
    for sheet in s.sheets_for(level):
        ws = book[sheet.name]
        for index, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(1, index)
            assert cell.value == col.name
            assert cell.comment is not None, f"{sheet.name}!{cell.coordinate}"
            assert col.help in cell.comment.text


def test_blank_workbook_plan_info_lists_the_level_fields_with_comments(blank):
    level, path = blank
    ws = load_workbook(path)[s.PLAN_INFO]
    fields = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert fields == [f.name for f in s.PLAN_FIELDS if level in f.levels]
    assert ws["B2"].value == level.title()
    for r in range(2, ws.max_row + 1):
        assert ws.cell(r, 1).comment is not None


def test_blank_workbook_freezes_every_header_row(blank):
    level, path = blank
    book = load_workbook(path)
    for sheet in s.sheets_for(level):
        assert book[sheet.name].freeze_panes == "A2", sheet.name


def _named_values(book, name: str) -> list:
    (title, ref), = book.defined_names[name].destinations
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    ws = book[title]
    return [ws.cell(r, c).value for r in range(min_row, max_row + 1)
            for c in range(min_col, max_col + 1)]


def _validations(ws) -> dict[str, str]:
    """Column letter -> the list formula of its drop-down."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges if dv.type == "list" else ():
            found[cell_range.coord.split(":")[0].rstrip("0123456789")] = dv.formula1
    return found


def test_blank_workbook_dropdowns_use_defined_names(blank):
    level, path = blank
    book = load_workbook(path)
    checked = 0
    for sheet in s.sheets_for(level):
        if sheet.name == s.PLAN_INFO:
            continue
        dropdowns = _validations(book[sheet.name])
        for index, col in enumerate(sheet.columns, start=1):
            letter = book[sheet.name].cell(1, index).column_letter
            wants_list = col.choices or (col.ref and col.name != s.DISTRICT_OBJECTIVE_ID)
            if not wants_list:
                continue
            formula = dropdowns.get(letter)
            assert formula, f"{sheet.name} {col.name} has no drop-down"
            assert formula.startswith("=")
            name = formula[1:]
            assert name in book.defined_names, (sheet.name, col.name, formula)
            if col.choices:
                assert tuple(_named_values(book, name)) == col.choices
            else:  # the other sheet's filled ID cells (issue 14: no blanks in the list)
                where = quote_sheetname(col.ref)
                assert book.defined_names[name].attr_text == (
                    f"OFFSET({where}!$A$2,0,0,MAX(1,COUNTA({where}!$A$2:$A$500)),1)")
            checked += 1
    assert checked >= 10


def test_plan_info_dropdowns_use_defined_names(blank):
    level, path = blank
    book = load_workbook(path)
    dropdowns = {cell_range.coord: dv.formula1
                 for dv in book[s.PLAN_INFO].data_validations.dataValidation
                 for cell_range in dv.sqref.ranges if dv.type == "list"}
    level_formula = dropdowns["B2"]
    assert tuple(_named_values(book, level_formula[1:])) == s.PLAN_LEVELS
    assert any(tuple(_named_values(book, f[1:])) == s.PLAN_STATUSES
               for f in dropdowns.values())


def test_blank_school_workbook_lists_the_council_requirements(tmp_path):
    path = tmp_path / "school.xlsx"
    assert run("init", path, "--level", "school").exit_code == 0
    book = read_workbook(path)
    assert [r.text(s.REQUIREMENT) for r in book.records(s.COUNCIL)] == list(
        s.COUNCIL_REQUIREMENTS)


def test_ids_and_references_are_text_columns(tmp_path):
    path = tmp_path / "blank.xlsx"
    assert run("init", path).exit_code == 0
    ws = load_workbook(path)[s.INITIATIVES]
    assert ws.column_dimensions["A"].number_format == "@"  # ID: 1.10 stays 1.10
    assert ws.column_dimensions["B"].number_format == "@"  # Objective ID


# --- the group: version and help --------------------------------------------------------

def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"pfs-docgen, version {version('pfs-docgen')}\n"


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "pfs_docgen", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
    for name in ("init", "validate"):
        assert name in result.stdout


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("command", [" ".join(c) for c in _commands(cli)])
def test_every_command_help_has_an_example(command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"pfs-docgen {command}" in result.stdout.split("Example", 1)[1]


def test_group_help_shows_a_start():
    result = run("--help")
    assert result.exit_code == 0
    assert "pfs-docgen init" in result.stdout and "--version" in result.stdout


# --- the real client ---------------------------------------------------------------------
