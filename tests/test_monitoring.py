"""Monitoring through the year (issue 11): progress updates and the current status, the
report's date, overdue benchmarks, the Progress Report's glance page, the action plans'
Timeline and bulk's Schools' Progress."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_workbook, sample, school_rows
from docx_read import all_text, tables

from pfs_docgen import schema as s
from pfs_docgen.api import build, bulk, check
from pfs_docgen.timeline import place
from pfs_docgen.workbook import write_workbook

BEN, UPD = s.BENCHMARKS, s.PROGRESS_UPDATES


def _rows(**changes) -> dict:
    """The sample district with one benchmark (B1) and only the updates given."""
    rows = sample()
    rows[UPD] = changes.pop("updates", [])
    rows[BEN][0].update(changes)
    return rows


def _report(tmp_path, rows) -> tuple[list, str]:
    manifest = build(make_workbook(tmp_path, rows=rows), tmp_path / "out",
                     kinds=["progress-report"])
    path = tmp_path / "out" / manifest.documents[0].path
    return tables(path), all_text(path)


def _b1_rows(found: list) -> list[list[str]]:
    """Benchmark B1's rows in its initiative's table: its own row and its earlier updates."""
    table = next(t for t in found[1:] if t[0][0] == "Benchmark")
    first = next(n for n, row in enumerate(table) if "Screen all K-3 students" in row[0])
    rows = [table[first]]
    for row in table[first + 1:]:
        if row[0] != "Earlier update":
            break
        rows.append(row)
    return rows


def update(day, status, evidence="", next_steps="", benchmark="B1"):
    return {s.BENCHMARK_ID: benchmark, s.DATE: day, s.STATUS: status,
            s.EVIDENCE: evidence, s.NEXT_STEPS: next_steps}


def test_the_current_status_is_the_latest_update_wherever_it_was_typed(tmp_path):
    later = update("2026-03-02", "At Risk", "Winter make-up sessions missed.", "Call families.")
    earlier = update("2025-11-14", "Not Started", "Window not open yet.")
    found, _ = _report(tmp_path, _rows(updates=[earlier, later]))
    rows = _b1_rows(found)
    # latest first: the March update, the Benchmarks sheet's January status, November's
    assert [(r[3], r[4]) for r in rows] == [("At Risk", "March 2, 2026"),
                                          ("On Track", "January 30, 2026"),
                                          ("Not Started", "November 14, 2025")]
    assert rows[0][0].startswith("Process: Screen all K-3 students")
    assert rows[0][1] == "K-5 Literacy Coordinator; elementary principals"
    assert rows[0][5:] == ["Winter make-up sessions missed.", "Call families."]
    # an earlier update says so, and leaves the benchmark's other cells blank
    assert rows[1][0] == rows[2][0] == "Earlier update" and rows[1][1:3] == ["", ""]


def test_a_status_in_the_benchmarks_sheet_beats_an_older_update(tmp_path):
    found, _ = _report(tmp_path, _rows(updates=[update("2025-10-01", "At Risk")]))
    assert [r[3] for r in _b1_rows(found)] == ["On Track", "At Risk"]


def test_a_benchmark_never_reported_reads_not_yet_reported(tmp_path):
    found, _ = _report(tmp_path, _rows(**{s.STATUS: "", s.STATUS_DATE: "", s.EVIDENCE: ""}))
    [row] = _b1_rows(found)
    assert row[3:5] == ["Not yet reported", ""]


def test_an_overdue_benchmark_is_marked_in_words_beside_its_timeline(tmp_path):
    found, _ = _report(tmp_path, _rows(**{s.TIMELINE: "October 2025"}))
    [row] = _b1_rows(found)
    assert row[2] == "October 2025\nOverdue" and row[3] == "On Track"


def test_the_cover_and_the_first_page_say_what_the_report_is_as_of(tmp_path):
    _, text = _report(tmp_path, sample())
    assert text.count("As of February 13, 2026 (Mid-Year)") == 2
    rows = sample()
    rows[s.PLAN_INFO] = [r for r in rows[s.PLAN_INFO] if r[s.FIELD] != s.REPORT_DATE]
    _, text = _report(tmp_path / "latest", rows)  # no Report Date: the latest update's day
    assert "As of February 13, 2026 (Mid-Year) (the date of the latest update)." in text


def test_the_glance_gives_every_status_in_words_and_each_outcomes_latest_result(tmp_path):
    found, text = _report(tmp_path, sample())
    glance = found[0]
    assert glance[0] == ["Strategic Objective", "Benchmarks by Status",
                         "Outcomes: Baseline, Latest Result, Target"]
    assert "Baseline 41% · Latest 44% (February 13, 2026) · Target 50% by June 2026" in text
    assert "37 benchmarks\n11 Complete · 16 On Track · 5 At Risk · 1 Not Met · 3 Not Started " \
           "· 1 Not yet reported · 3 overdue" in text
    for status in ("Complete", "On Track", "At Risk", "Not Met", "Not Started",
                   "Not yet reported"):
        assert f" {status} " in text  # the key names each shade


# --- validation: named at the cell, with how to fix it ------------------------------------

E, W = "error", "warning"
CASES = [
    ([update("soon", "On Track")], E, UPD, "B2", "'soon' is not a date. Type the day"),
    ([update("2/30/2026", "On Track")], E, UPD, "B2", "'2/30/2026' is not a real date"),
    ([update("2025-06-01", "On Track")], W, UPD, "B2", "June 1, 2025 is outside the action "
                                                        "plan year 2025-2026"),
    ([update("2026-01-05", "Done")], E, UPD, "C2", "it must be one of Not Started"),
    ([update("2026-01-05", "On Track", benchmark="B99")], E, UPD, "A2",
     "names 'B99', which is not an ID in the Benchmarks sheet"),
]


@pytest.mark.parametrize("updates, severity, sheet, cell, words", CASES)
def test_progress_update_problems_are_named_at_their_cell(tmp_path, updates, severity,
                                                          sheet, cell, words):
    report = check(make_workbook(tmp_path, rows=_rows(updates=updates)))
    found = [i for i in report.issues if (i.severity, i.sheet, i.cell) == (severity, sheet,
                                                                           cell)]
    assert found and words in found[0].message, [i.message for i in report.issues]
    assert f"{sheet}!{cell}" in found[0].message


@pytest.mark.parametrize("column, value, cell, words", [
    (s.STATUS_DATE, "last week", "I2", "'last week' is not a date"),
    (s.STATUS_DATE, "October 2025", "I2", "'October 2025' is not a date"),
    (s.TIMELINE, "10/1/2025 - 13/45/2025", "F2", "'13/45/2025' is not a real date"),
])
def test_dates_that_are_not_days_are_errors_at_their_cell(tmp_path, column, value, cell, words):
    report = check(make_workbook(tmp_path, rows=_rows(**{column: value})))
    [issue] = [i for i in report.issues if i.is_error]
    assert (issue.sheet, issue.cell) == (BEN, cell) and words in issue.message


def test_an_overdue_benchmark_is_a_warning_at_its_timeline(tmp_path):
    report = check(make_workbook(tmp_path, rows=_rows(**{s.TIMELINE: "October 2025"})))
    [issue] = [i for i in report.issues if i.cell == "F2"]
    assert issue.severity == W
    assert "benchmark B1 is overdue: its timeline 'October 2025' ended October 31, 2025, " \
           "before the report date February 13, 2026, and its status is On Track" in \
           issue.message
    complete = _rows(**{s.TIMELINE: "October 2025", s.STATUS: "Complete"})
    assert not [i for i in check(make_workbook(tmp_path / "c", rows=complete)).issues
                if i.cell == "F2"]


# --- the action plans' Timeline ----------------------------------------------------------

def test_the_action_plan_timeline_shades_the_months_of_each_benchmark(tmp_path):
    rows = sample()
    rows[BEN][1][s.TIMELINE] = "Ongoing"
    manifest = build(make_workbook(tmp_path, rows=rows), tmp_path / "out", kinds=["action-plan"])
    path = tmp_path / "out" / manifest.documents[0].path
    table = next(t for t in tables(path) if t[0][:3] == ["Benchmark", "Timeline", "Jul"])
    assert table[0][2:] == ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
                            "Apr", "May", "Jun"]
    first = next(r for r in table if r[0].startswith("Screen all K-3"))
    assert first[1] == "September 2025 - May 2026"
    assert first[2:] == ["", ""] + ["●"] * 9 + [""]
    ongoing = next(r for r in table if r[0].startswith("Hold grade-level data meetings"))
    assert ongoing[1] == "Ongoing\nNot placed on the calendar" and set(ongoing[2:]) == {""}
    assert sum(len(r) == 14 for r in table[1:]) == len(rows[BEN])  # one row per benchmark


# --- bulk's Schools' Progress ------------------------------------------------------------

def test_schools_progress_lists_every_school_the_ones_with_overdue_benchmarks_first(tmp_path):
    folder = tmp_path / "schools"
    folder.mkdir()
    late = school_rows("Late Elementary", "09990011")
    for b in late[BEN][:2]:
        b.update({s.STATUS: "On Track", s.STATUS_DATE: "2026-02-01", s.TIMELINE: "October 2025"})
    write_workbook(folder / "late.xlsx", s.SCHOOL, late)
    write_workbook(folder / "quiet.xlsx", s.SCHOOL, school_rows("A Quiet School", "09990012"))
    result = bulk(folder, make_workbook(tmp_path, "district.xlsx"), tmp_path / "out", jobs=1)
    [document] = [d for d in result.manifest.documents if d.kind == "schools-progress"]
    assert document.path == ("district/maple-falls-public-schools_schools-progress_"
                             "2025-2026.docx")
    summary, overdue = tables(tmp_path / "out" / document.path)[:2]
    assert summary[0] == ["School", "As of", "Not Started", "On Track", "At Risk", "Not Met",
                          "Complete", "Not yet reported", "Total", "Overdue"]
    # overdue on February 1: the two, and every unreported benchmark whose timeline is over
    ended = sum(place(b[s.TIMELINE], (2025, 2026)).placed and
                place(b[s.TIMELINE], (2025, 2026)).ends < date(2026, 2, 1) for b in late[BEN])
    assert ended > 2
    total = str(len(late[BEN]))
    assert summary[1] == ["Late Elementary", "February 1, 2026", "0", "2", "0", "0", "0",
                          str(len(late[BEN]) - 2), total, str(ended)]
    assert summary[2][0] == "A Quiet School" and summary[2][1] == "Not yet reported"
    assert summary[2][-1] == "0"  # no report date, so nothing can be overdue
    assert [row[0] for row in overdue[1:]] == ["Late Elementary"] * ended
