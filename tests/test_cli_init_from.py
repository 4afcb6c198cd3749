"""pfs-docgen init NEW --from LAST: next year's workbook from last year's."""

from __future__ import annotations

import pytest
from conftest import make_workbook, run_cli, school_rows, sha

from pfs_docgen import schema as s
from pfs_docgen.validate import validate
from pfs_docgen.workbook import read_workbook
from pfs_docgen.year import next_year_text


def _texts(path):
    book = read_workbook(path)
    return {name: [r.texts() for r in data.records] for name, data in book.sheets.items()}


@pytest.mark.parametrize("level", [s.DISTRICT, s.SCHOOL])
def test_init_from_moves_the_year_on_clears_statuses_and_keeps_the_rest(tmp_path, level):
    last = make_workbook(tmp_path, "last.xlsx", level,
                         rows=school_rows() if level == s.SCHOOL else None)
    if level == s.SCHOOL:  # a school that monitors: statuses to clear
        last = make_workbook(tmp_path, "monitored.xlsx", level, rows=_monitored(school_rows()))
    before = sha(last)
    new = tmp_path / "next.xlsx"
    result = run_cli("init", new, "--from", last)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{new}\n"
    assert sha(last) == before  # last year's workbook untouched
    old, rolled = _texts(last), _texts(new)
    assert set(rolled) == set(old)
    book = read_workbook(new)
    assert book.info(s.ACTION_PLAN_YEAR) == "2026-2027"
    assert book.info(s.PLAN_YEARS) == "2025-2028"
    benchmarks = rolled[s.BENCHMARKS]
    assert any(b[s.STATUS] for b in old[s.BENCHMARKS])
    assert all(b[s.STATUS] == "" and b[s.STATUS_DATE] == "" for b in benchmarks)
    for sheet, rows in old.items():
        if sheet == s.PROGRESS_UPDATES:  # last year's updates: cleared
            assert rolled[sheet] == []
            continue
        for was, now in zip(rows, rolled[sheet], strict=True):
            for column, text in was.items():
                if sheet == s.BENCHMARKS and column in (s.STATUS, s.STATUS_DATE):
                    continue
                if sheet == s.PLAN_INFO and was[s.FIELD] in (s.ACTION_PLAN_YEAR, s.REPORT_DATE,
                                                             s.REPORTING_PERIOD):
                    continue
                assert now[column] == text, (sheet, column)
    errors = [i for i in validate(book) if i.severity == "error"]
    assert errors == []


def _monitored(rows):
    for benchmark in rows[s.BENCHMARKS]:
        benchmark[s.STATUS], benchmark[s.STATUS_DATE] = "On Track", "2026-01-30"
        benchmark[s.EVIDENCE] = "Screened 96%."
    return rows


def test_init_from_refuses_when_the_next_year_falls_outside_the_plan(tmp_path):
    rows = _with_year("2027-2028")
    last = make_workbook(tmp_path, "last.xlsx", rows=rows)
    new = tmp_path / "next.xlsx"
    result = run_cli("init", new, "--from", last)
    assert result.exit_code == 1
    assert "2028-2029, falls outside the plan years 2025-2028" in result.stderr
    assert "Plan Info!B" in result.stderr
    assert not new.exists()


def test_init_from_refuses_a_workbook_with_errors_and_names_them(tmp_path):
    rows = _with_year("2025-2026")
    rows[s.BENCHMARKS][0][s.INITIATIVE_ID] = "9.9"
    last = make_workbook(tmp_path, "last.xlsx", rows=rows)
    result = run_cli("init", tmp_path / "next.xlsx", "--from", last)
    assert result.exit_code == 1
    assert "so next year's workbook was not started" in result.stderr
    assert "9.9" in result.stderr
    assert not (tmp_path / "next.xlsx").exists()


def test_init_from_never_writes_over_last_years_workbook(tmp_path):
    last = make_workbook(tmp_path, "last.xlsx")
    before = sha(last)
    result = run_cli("init", last, "--from", last, "--overwrite")
    assert result.exit_code == 1
    assert "last year's workbook itself" in result.stderr
    assert sha(last) == before


def test_init_from_refuses_to_overwrite_without_the_flag(tmp_path):
    last = make_workbook(tmp_path, "last.xlsx")
    new = tmp_path / "next.xlsx"
    new.write_bytes(b"someone's file")
    result = run_cli("init", new, "--from", last)
    assert result.exit_code == 1
    assert "--overwrite" in result.stderr
    assert new.read_bytes() == b"someone's file"


@pytest.mark.parametrize("text, expected", [
    ("2025-2026", "2026-2027"), ("2025-26", "2026-27"), ("2025–2026", "2026-2027"),
    ("SY 2025-2026", "2026-2027"), ("2099-2100", "2100-2101"), ("next year", None)])
def test_next_year_text(text, expected):
    moved = next_year_text(text)
    assert (moved[0] if moved else None) == expected


def _with_year(year: str) -> dict:
    from conftest import sample

    rows = sample(s.DISTRICT)
    for row in rows[s.PLAN_INFO]:
        if row[s.FIELD] == s.ACTION_PLAN_YEAR:
            row[s.VALUE] = year
    for benchmark in rows[s.BENCHMARKS]:
        benchmark[s.TIMELINE] = f"May {year[-4:]}"
    return rows
