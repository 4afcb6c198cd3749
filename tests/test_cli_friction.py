"""Issue 14, everyday friction: what a district office trips over in its first hour. One
test (or a few) per numbered item of the issue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import make_workbook, run_cli, sample, school_rows

from pfs_docgen import schema as s
from pfs_docgen.api import check, write_samples
from pfs_docgen.cli import cli, progress_line
from pfs_docgen.workbook import write_workbook


def _nguyen(tmp_path: Path) -> Path:
    rows = sample()
    rows[s.INITIATIVES][0][s.INITIATIVE] = "Thanh Nguyễn's tutoring model"  # not a verb
    return make_workbook(tmp_path, "nguyen.xlsx", rows=rows)


def _cp1252(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    return subprocess.run([sys.executable, "-m", "pfs_docgen", *map(str, args)],
                          capture_output=True, env=env)


# 2. Windows output encoding ---------------------------------------------------------------

def test_validate_text_into_a_cp1252_file_never_fails(tmp_path):
    done = _cp1252("validate", _nguyen(tmp_path))
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"Thanh Nguy\\u1ec5n" in done.stdout  # written safely, not lost


def test_validate_json_is_utf8_whatever_the_console(tmp_path):
    done = _cp1252("validate", "--format", "json", _nguyen(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Thanh Nguyễn" in done.stdout.decode("utf-8")
    json.loads(done.stdout.decode("utf-8"))


# 3. demo keeps an edited workbook ---------------------------------------------------------

def test_demo_samples_keep_a_workbook_someone_changed(tmp_path):
    district, schools = write_samples(tmp_path)
    school = sorted(schools.glob("*.xlsx"))[0]
    edited = write_workbook(tmp_path / "edited.xlsx", s.SCHOOL, school_rows())
    school.write_bytes(edited.read_bytes())
    before = district.stat().st_mtime_ns
    kept: list[Path] = []
    write_samples(tmp_path, kept=kept)
    assert kept == [school]
    assert school.read_bytes() == edited.read_bytes()
    assert district.stat().st_mtime_ns == before  # the same as the sample: left as it is


# 4. dates that name no day ----------------------------------------------------------------

def test_a_status_date_in_words_is_an_error(tmp_path):
    rows = sample()
    rows[s.BENCHMARKS][0][s.STATUS_DATE] = "yesterday"
    rows[s.BENCHMARKS][1][s.TIMELINE] = "2/30/2026"
    rows[s.OUTCOMES][0][s.TARGET_DATE] = "13/45/2025"
    issues = check(make_workbook(tmp_path, rows=rows)).issues
    found = {(i.sheet, i.column, i.code) for i in issues if i.is_error}
    assert (s.BENCHMARKS, s.STATUS_DATE, "not-a-date") in found
    assert (s.BENCHMARKS, s.TIMELINE, "unreal-date") in found
    assert (s.OUTCOMES, s.TARGET_DATE, "unreal-date") in found


# 5. an empty plan ---------------------------------------------------------------------------

def test_a_plan_with_only_plan_info_makes_no_documents(tmp_path):
    path = make_workbook(tmp_path, rows={s.PLAN_INFO: sample()[s.PLAN_INFO]})
    result = run_cli("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    for sheet in (s.MISSION, s.VISION, s.OBJECTIVES, s.INITIATIVES, s.OUTCOMES,
                  s.BENCHMARKS):
        assert f"{sheet} has no rows" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


# 6. the progress bar fits ------------------------------------------------------------------

def test_progress_line_fits_80_columns_and_names_the_pdf_phase():
    for columns in (80, 40, 20):
        line = progress_line("Schools", 12, 60, 3.2, "The Dr. Martin Luther King Jr. "
                             "Community Innovation School" * 3, columns)
        assert len(line) == columns - 1 and "\n" not in line
    assert progress_line("PDFs", 3, 40, 1.0, "", 80).lstrip("[#-] ").startswith("PDFs 3/40")


# 7. rebuild ergonomics ---------------------------------------------------------------------

def test_rebuild_replaces_its_own_files_keeps_an_edited_one_and_lists_the_rest(tmp_path):
    path, out = make_workbook(tmp_path), tmp_path / "plans"
    assert run_cli("build", path, "-o", out).exit_code == 0
    first = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert run_cli("build", path, "-o", out).exit_code == 0  # no --overwrite needed
    again = run_cli("build", path, "-o", out, "--only", "plan")
    assert again.exit_code == 0
    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert sorted(d["path"] for d in listed) == sorted(d["path"] for d in first["documents"])
    edited = out / first["documents"][0]["path"]
    edited.write_bytes(b"edited")
    refused = run_cli("build", path, "-o", out)
    assert refused.exit_code == 1 and edited.name in refused.stderr
    assert edited.read_bytes() == b"edited"
    assert run_cli("build", path, "-o", out, "--overwrite").exit_code == 0


def test_build_writes_beside_the_workbook_without_o(tmp_path):
    path = make_workbook(tmp_path, "maple falls.xlsx")
    result = run_cli("build", path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "maple falls-documents" / "manifest.json").exists()


# 8. options after the command name ---------------------------------------------------------

def test_quiet_and_strict_after_the_command_name(tmp_path):
    path = make_workbook(tmp_path)  # the sample has 3 warnings
    result = run_cli("build", path, "-o", tmp_path / "a", "-q")
    assert result.exit_code == 0 and result.stderr == ""
    strict = run_cli("build", path, "-o", tmp_path / "b", "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.stderr
    assert not list((tmp_path / "b").glob("*.docx"))


# 9. validate and bulk agree ----------------------------------------------------------------

def test_validate_a_folder_flags_the_district_among_schools_and_sums_up(tmp_path):
    schools = tmp_path / "schools"
    district = make_workbook(tmp_path, "district.xlsx")
    write_workbook(schools / "oak.xlsx", s.SCHOOL, school_rows())
    make_workbook(schools, "district-copy.xlsx")
    result = run_cli("validate", schools, "--district", district)
    assert result.exit_code == 1
    assert "is a district plan" in result.stdout and "--district" in result.stdout
    assert result.stdout.strip().endswith("2 workbooks: 1 ready, 1 with errors")


# 10. messages ----------------------------------------------------------------------------

def test_a_renamed_header_and_a_misspelled_sheet_get_a_suggestion(tmp_path):
    from openpyxl import load_workbook

    path = make_workbook(tmp_path)
    book = load_workbook(path)
    book[s.BENCHMARKS]["E1"] = "Owner"
    book[s.VISION].title = "Visoin"
    book.save(path)
    messages = [i.message for i in check(path).issues if i.is_error]
    assert any("Rename E1 'Owner' to 'Person(s) Responsible'" in m for m in messages)
    assert any("Rename the sheet 'Visoin' to 'Vision'" in m for m in messages)


def test_a_wrong_action_plan_year_has_no_timeline_warnings(tmp_path):
    rows = sample()
    for row in rows[s.PLAN_INFO]:
        if row[s.FIELD] == s.ACTION_PLAN_YEAR:
            row[s.VALUE] = "2031-2032"
    issues = check(make_workbook(tmp_path, rows=rows)).issues
    assert [i.code for i in issues if i.is_error] == ["action-year-outside-plan"]
    assert not [i for i in issues if i.code == "timeline-outside-action-year"]


def test_colour_on_a_terminal_only_and_never_with_no_color(tmp_path):
    rows = sample()
    rows[s.BENCHMARKS][0][s.PERSONS_RESPONSIBLE] = ""
    path = make_workbook(tmp_path, rows=rows)
    coloured = CliRunner().invoke(cli, ["validate", str(path)], color=True)
    assert "\x1b[31m" in coloured.stdout  # errors red
    plain = CliRunner().invoke(cli, ["validate", str(path)])
    assert "\x1b[" not in plain.stdout
    no_color = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["validate", str(path)],
                                                      color=True)
    assert "\x1b[" not in no_color.stdout
    lines = [ln.strip() for ln in plain.stdout.splitlines()[1:] if ln.startswith("  ")]
    severities = [ln.split(":")[0] for ln in lines]
    assert severities == sorted(severities)  # "error" before "warning"


def test_a_hint_quotes_a_path_with_spaces(tmp_path):
    result = run_cli("init", tmp_path / "maple falls.xlsx")
    assert f'pfs-docgen validate "{tmp_path / "maple falls.xlsx"}"' in result.stderr


# 11. exit codes ----------------------------------------------------------------------------

def test_init_without_xlsx_is_a_usage_error(tmp_path):
    result = run_cli("init", tmp_path / "blank2")
    assert result.exit_code == 2 and "does not end in .xlsx" in result.stderr


def test_ctrl_c_exits_130_saying_interrupted(tmp_path, monkeypatch):
    import pfs_docgen.api as api

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "build", interrupted)
    result = CliRunner().invoke(cli, ["build", str(make_workbook(tmp_path)), "-o",
                                      str(tmp_path / "out")])
    assert result.exit_code == 130 and "Interrupted" in result.stderr
