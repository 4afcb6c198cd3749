"""pfs-docgen validate: exit codes, text and JSON reports, --strict, --district."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DROP, make_workbook, run_cli, sample, school_rows

from pfs_docgen import schema as s

ISSUE_KEYS = ["severity", "code", "sheet", "cell", "row", "column", "message"]


run = run_cli  # a bug fails the test: it cannot pass as exit code 1


def clean_rows() -> dict:
    """The sample with its six deliberate warnings fixed: no problems at all."""
    rows = sample()
    initiative = next(r for r in rows[s.INITIATIVES] if r[s.ID] == "3.2")
    initiative[s.INITIATIVE] = "Build " + initiative[s.INITIATIVE][0].lower() + \
        initiative[s.INITIATIVE][1:]
    next(r for r in rows[s.OUTCOMES] if r[s.ID] == "O8")[s.TARGET_DATE] = "June 2028"
    next(r for r in rows[s.BENCHMARKS] if r[s.ID] == "B32")[s.TIMELINE] = "June 2026"
    for late in ("B12", "B22", "B23"):  # overdue at mid-year: given until June
        next(r for r in rows[s.BENCHMARKS] if r[s.ID] == late)[s.TIMELINE] = "By June 2026"
    return rows


def broken(tmp_path: Path, name: str = "broken.xlsx") -> Path:
    rows = sample()
    rows[s.BENCHMARKS][5][s.PERSONS_RESPONSIBLE] = ""
    return make_workbook(tmp_path, name, rows=rows)


def test_sample_passes_with_its_warnings_on_stdout(tmp_path):
    path = make_workbook(tmp_path)
    result = run("validate", path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: 0 errors, 6 warnings"
    assert len(lines) == 7 and all(line.startswith("  warning: ") for line in lines[1:])
    assert "Benchmarks!F33 (Timeline)" in result.stdout
    assert result.stderr == ""


def test_a_clean_workbook_says_no_problems(tmp_path):
    path = make_workbook(tmp_path, rows=clean_rows())
    result = run("validate", path)
    assert (result.exit_code, result.stdout) == (0, f"{path}: no problems\n")


def test_errors_exit_1_and_name_the_cell(tmp_path):
    result = run("validate", broken(tmp_path))
    assert result.exit_code == 1
    assert "1 error, 6 warnings" in result.stdout
    assert ("  error: Benchmarks!E7 (Person(s) Responsible) is empty. Every benchmark needs an "
            "owner.") in result.stdout.splitlines()
    assert "Traceback" not in result.stdout + result.stderr


def test_every_workbook_is_reported_and_one_bad_one_fails_the_run(tmp_path):
    good, bad = make_workbook(tmp_path, "good.xlsx"), broken(tmp_path)
    result = run("validate", good, bad)
    assert result.exit_code == 1
    assert f"{good}: 0 errors, 6 warnings" in result.stdout
    assert f"{bad}: 1 error, 6 warnings" in result.stdout


def test_strict_fails_on_warnings(tmp_path):
    warned = make_workbook(tmp_path)
    assert run("validate", "--strict", warned).exit_code == 1
    assert run("validate", warned).exit_code == 0
    clean = make_workbook(tmp_path, "clean.xlsx", rows=clean_rows())
    assert run("validate", "--strict", clean).exit_code == 0


def test_json_report_has_exactly_the_documented_shape(tmp_path):
    good = make_workbook(tmp_path, "good.xlsx")
    bad = broken(tmp_path)
    result = run("validate", "--format", "json", good, bad)
    assert result.exit_code == 1
    assert result.stderr == ""
    reports = json.loads(result.stdout)  # stdout is the JSON and nothing else
    assert [r["workbook"] for r in reports] == [str(good), str(bad)]
    for report in reports:
        assert list(report) == ["workbook", "errors", "warnings", "issues"]
        for issue in report["issues"]:
            assert list(issue) == ISSUE_KEYS
            assert issue["severity"] in ("error", "warning")
    assert [(r["errors"], r["warnings"]) for r in reports] == [(0, 6), (1, 6)]
    error = next(i for i in reports[1]["issues"] if i["severity"] == "error")
    assert error == {"severity": "error", "code": "required-empty", "sheet": "Benchmarks",
                     "cell": "E7", "row": 7,
                     "column": "Person(s) Responsible",
                     "message": "Benchmarks!E7 (Person(s) Responsible) is empty. Every "
                                "benchmark needs an owner."}


def test_json_gives_nulls_where_a_problem_has_no_single_place(tmp_path):
    path = make_workbook(tmp_path, Benchmarks=DROP, Outcomes=[])
    result = run("validate", "--format", "json", path)
    assert result.exit_code == 1
    issues = json.loads(result.stdout)[0]["issues"]
    missing = next(i for i in issues if "no 'Benchmarks' sheet" in i["message"])
    assert missing == {**missing, "severity": "error", "sheet": "Benchmarks", "cell": None,
                       "row": None, "column": None}
    empty = next(i for i in issues if i["code"] == "required-component-empty")
    assert (empty["sheet"], empty["cell"], empty["row"]) == ("Outcomes", "A2", 2)  # type here
    assert not [i for i in issues if "no Final outcome" in i["message"]]  # no echo of it


def test_json_reports_an_unreadable_file_with_nulls_and_the_error_on_stderr(tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("ID,Objective\n", encoding="utf-8")
    result = run("validate", "--format", "json", bad)
    assert result.exit_code == 1
    (report,) = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == (1, 0)
    (issue,) = report["issues"]
    assert {k: issue[k] for k in ("severity", "sheet", "cell", "row", "column")} == {
        "severity": "error", "sheet": None, "cell": None, "row": None, "column": None}
    assert result.stderr == f"Error: {issue['message']}\n"


def test_district_workbook_checks_district_objective_ids(tmp_path):
    district = make_workbook(tmp_path, "district.xlsx")
    rows = school_rows()
    rows[s.OBJECTIVES][1][s.DISTRICT_OBJECTIVE_ID] = "SO7"
    school = make_workbook(tmp_path, "school.xlsx", level=s.SCHOOL, rows=rows)
    assert run("validate", school).exit_code == 0
    result = run("validate", school, "--district", district)
    assert result.exit_code == 1
    assert "Strategic Objectives!D3 (District Objective ID) names 'SO7'" in result.stdout
    assert "SO1, SO2, SO3, SO4" in result.stdout  # the IDs it could have named


def test_unreadable_district_workbook_exits_1_with_one_line(tmp_path):
    district = tmp_path / "district.xlsx"
    district.write_bytes(b"")
    result = run("validate", make_workbook(tmp_path), "--district", district)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: district.xlsx is empty")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["validate", "build", "bulk"])
def test_a_school_workbook_given_as_the_district_is_refused(tmp_path, command):
    rows = school_rows()
    for _n, objective in enumerate(rows[s.OBJECTIVES], start=1):
        objective[s.DISTRICT_OBJECTIVE_ID] = objective[s.ID]  # aligned to itself
    school = make_workbook(tmp_path, "school.xlsx", level=s.SCHOOL, rows=rows)
    target = {"validate": [school], "build": [school, "-o", tmp_path / "out"],
              "bulk": [tmp_path, "-o", tmp_path / "out"]}[command]
    result = run(command, *target, "--district", school)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: school.xlsx is not a district plan: its "
                                     "Plan Info!B2 (Plan Level) says 'School'")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_quiet_still_prints_results(tmp_path):
    path = make_workbook(tmp_path)
    result = run("-q", "validate", path)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{path}: 0 errors, 6 warnings")


@pytest.mark.parametrize("args", [
    ["validate"],
    ["validate", "missing.xlsx"],
    ["validate", "--format", "xml", "PLAN"],
    ["validate", "--no-such-option", "PLAN"],
    ["no-such-command"],
])
def test_usage_errors_exit_2_on_stderr(tmp_path, args):
    plan = make_workbook(tmp_path)
    result = run(*[str(plan) if a == "PLAN" else a for a in args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage:" in result.stderr and "Error:" in result.stderr


def test_validate_help_has_an_example():
    result = run("validate", "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "pfs-docgen validate" in result.stdout
