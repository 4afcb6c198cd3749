"""Issue 9, class 5: cells that made `build` and `validate` fail with "unexpected problem"
(a lone surrogate, a year 0000, a date serial out of range, a huge number under an extreme
number format) and an output path longer than the system allows. Each is an error at its
cell (or at the option), exit 1, nothing written, the input unchanged; and a failure in one
workbook never hides another's report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_workbook, run_cli, sha, sheet_part
from hostile import add_number_format, add_shared_strings, set_cell

from pfs_docgen import api
from pfs_docgen import schema as s
from pfs_docgen.cli import cli


def _cell(tmp_path: Path, name: str, sheet: str, ref: str, xml: str, fmt: str | None = None,
          strings: list[str] | None = None) -> Path:
    """The sample plan with one cell rewritten as an attacker writes it (`{s}` in `xml` is
    the style index of `fmt`, a custom number format)."""
    path = make_workbook(tmp_path, name)
    style = add_number_format(path, fmt) if fmt else 0
    if strings:
        add_shared_strings(path, strings)
    if sheet == s.PLAN_INFO and ref == "B8":  # the sample's Status row becomes the field's
        set_cell(path, sheet_part(path, sheet), "A8", _text("A8", s.COMMITTEE_APPROVAL).encode())
    return set_cell(path, sheet_part(path, sheet), ref, xml.format(s=style).encode())


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _number(ref: str, value: str) -> str:
    return f'<c r="{ref}" s="{{s}}"><v>{value}</v></c>'


# name: (sheet, cell, its XML, number format, shared strings, the error's words)
CASES = {
    "surrogate-inline": (s.VISION, "A2", _text("A2", "By 2028 _xD800_every student"), None,
                         None, "contains half of a character (U+D800, a lone surrogate"),
    "surrogate-shared": (s.MISSION, "A2", '<c r="A2" t="s"><v>0</v></c>', None,
                         ["We teach _xDFFF_ every student."],
                         "contains half of a character (U+DFFF, a lone surrogate"),
    "fall-0000": (s.BENCHMARKS, "F2", _text("F2", "Fall 0000"), None, None,
                  "'Fall 0000' is not a real date (there is no year 0000"),
    "month-0000": (s.BENCHMARKS, "F2", _text("F2", "10/0000"), None, None,
                   "'10/0000' is not a real date"),
    "iso-year-0": (s.BENCHMARKS, "F2", '<c r="F2" t="d"><v>0000-01-01</v></c>', None, None,
                   "'0000-01-01' is not a real date"),
    "approval-year-0": (s.PLAN_INFO, "B8", _text("B8", "June 0000"), None, None,
                        f"Plan Info!B8 ({s.COMMITTEE_APPROVAL}): 'June 0000' is not a real "
                        "date"),
    "serial-past-9999": (s.BENCHMARKS, "F2", _number("F2", "99999999"), "m/d/yyyy", None,
                         "holds 99999999 under a date format, which is no date a spreadsheet "
                         "can show"),
    "serial-negative": (s.BENCHMARKS, "F2", _number("F2", "-5"), "mmmm d, yyyy", None,
                        "holds -5 under a date format"),
    "serial-1e308": (s.OUTCOMES, "I2", _number("I2", "1E308"), "m/d/yyyy", None,
                     "holds 1e+308 under a date format"),
    "format-300-digits": (s.OUTCOMES, "H2", _number("H2", "1E308"), "#,##" + "0" * 300, None,
                          "holds a number that cannot be shown with its number format (the "
                          "number format is 304 characters long, longer than a spreadsheet "
                          "allows (255))"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-cells")
    return {name: _cell(folder, f"{name}.xlsx", *case[:5]) for name, case in CASES.items()}


@pytest.mark.parametrize("name", CASES)
def test_validate_names_the_cell_and_exits_1(hostile, name):
    sheet, ref, *_, words = CASES[name]
    path = hostile[name]
    before = sha(path)
    result = run_cli("validate", path, "--format", "json")
    assert result.exit_code == 1
    (report,) = json.loads(result.stdout)
    errors = [i for i in report["issues"] if i["severity"] == "error"]
    assert len(errors) == 1, errors
    (error,) = errors
    assert (error["sheet"], error["cell"]) == (sheet, ref)
    assert words in error["message"], error["message"]
    assert error["message"].startswith(f"{sheet}!{ref} ")
    assert sha(path) == before


@pytest.mark.parametrize("name", ["surrogate-inline", "fall-0000", "serial-1e308",
                                  "format-300-digits"])
def test_build_reports_the_cell_and_writes_nothing(hostile, tmp_path, name):
    sheet, ref, *_, words = CASES[name]
    out = tmp_path / "out"
    result = run_cli("build", hostile[name], "-o", out)
    assert result.exit_code == 1
    assert f"error: {sheet}!{ref} " in result.stderr and words in result.stderr
    assert f"{hostile[name].name} has 1 error; no documents were made" in result.stderr
    assert not out.exists() or list(out.rglob("*")) == []


def test_validate_reports_every_hostile_workbook_and_the_good_one(hostile, tmp_path):
    good = make_workbook(tmp_path, "good.xlsx")
    paths = [*hostile.values(), good]
    result = run_cli("validate", *paths, "--format", "json")
    assert result.exit_code == 1
    reports = {Path(r["workbook"]).name: r for r in json.loads(result.stdout)}
    assert set(reports) == {p.name for p in paths}
    assert reports["good.xlsx"]["errors"] == 0
    assert all(reports[f"{name}.xlsx"]["errors"] == 1 for name in CASES)


def test_a_surrogate_pair_as_excel_escapes_it_is_the_character(tmp_path):
    path = _cell(tmp_path, "emoji.xlsx", s.VISION, "A2",
                 _text("A2", "Every student thrives _xD83D__xDE00_"))
    report = api.check(path)
    assert report.errors == 0
    assert report.book is not None
    assert report.book.records(s.VISION)[0].text(s.TEXT) == "Every student thrives \U0001F600"


def test_a_huge_number_under_a_long_but_possible_format_is_shown(tmp_path):
    fmt = "0." + "0" * 250  # 252 characters: a spreadsheet allows 255
    path = _cell(tmp_path, "huge.xlsx", s.OUTCOMES, "H2", _number("H2", "1E308"), fmt)
    report = api.check(path)
    assert report.errors == 0
    assert report.book is not None
    shown = report.book.records(s.OUTCOMES)[0].text(s.TARGET)
    assert shown == "1" + "0" * 308 + "." + "0" * 250


def test_a_plan_years_of_year_0000_is_an_error_at_its_cell(tmp_path):
    path = _cell(tmp_path, "years.xlsx", s.PLAN_INFO, "B5", _text("B5", "0000-0003"))
    errors = [i for i in api.check(path).issues if i.is_error]
    assert (errors[0].sheet, errors[0].cell) == (s.PLAN_INFO, "B5")
    assert "Plan Years is '0000-0003'; write it as two years" in errors[0].message


@pytest.mark.parametrize("args", [
    ("build", "{plan}", "-o", "{long}"),
    ("build", "{plan}", "-o", "{deep}"),
    ("init", "{long}.xlsx"),
])
def test_an_over_long_path_is_an_error_at_the_option(tmp_path, args):
    plan = make_workbook(tmp_path)
    before = sha(plan)
    long, deep = tmp_path / ("x" * 5000), tmp_path.joinpath(*["y" * 200] * 25)
    argv = [a.format(plan=plan, long=long, deep=deep) for a in args]
    result = run_cli(*argv)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    option = "-o" if args[0] == "build" else "PATH"
    assert line.startswith("Error: The ") and line.endswith(f"so give a shorter one ({option}).")
    assert "cannot be used: " in line and len(line) < 300
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]
    assert sha(plan) == before


def test_a_bug_in_one_workbook_is_its_error_and_the_others_are_reported(tmp_path,
                                                                       monkeypatch):
    import pfs_docgen.validate as validation

    first, second = make_workbook(tmp_path, "first.xlsx"), make_workbook(tmp_path, "second.xlsx")
    real = validation.validate

    def broken(book, **kwargs):
        if book.path.name == "first.xlsx":
            raise ZeroDivisionError("division by zero")
        return real(book, **kwargs)

    monkeypatch.setattr(validation, "validate", broken)
    # CliRunner itself: run_cli refuses on purpose any output that reports a bug
    result = CliRunner().invoke(cli, ["validate", str(first), str(second), "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    reports = {Path(r["workbook"]).name: r for r in json.loads(result.stdout)}
    assert reports["second.xlsx"]["errors"] == 0 and reports["second.xlsx"]["warnings"] == 6
    assert reports["first.xlsx"]["errors"] == 1
    (line,) = result.stderr.splitlines()
    assert line == ("Error: first.xlsx could not be checked (ZeroDivisionError: division by "
                    "zero); please report this with the workbook.")
