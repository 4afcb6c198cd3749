"""Reading workbooks as teams really fill them: respelled headers, moved columns, numbers
for IDs, real and typed dates, merged cells, formulas, pasted control characters.

Most workbooks here are written with openpyxl directly, not with our writer, because they
must look like what Excel, LibreOffice or a team's own spreadsheet produce.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from conftest import make_workbook, rewrite_part, sample, sheet_part, with_formulas
from openpyxl import Workbook as OpenpyxlWorkbook

from pfs_docgen import schema as s
from pfs_docgen.api import check
from pfs_docgen.errors import UnreadableWorkbook
from pfs_docgen.validate import validate
from pfs_docgen.workbook import read_workbook

SAMPLE_WARNINGS = {("Strategic Initiatives", 9, "Initiative"), ("Outcomes", 9, "Target Date"),
                   ("Benchmarks", 33, "Timeline"),
                   # overdue on the report date: B12, B22 and B23
                   ("Benchmarks", 13, "Timeline"), ("Benchmarks", 23, "Timeline"),
                   ("Benchmarks", 24, "Timeline")}


def write_plain(path: Path, rows: dict, *, titles=None, headers=None, reverse=False, top=1,
                extra_sheets=(), cells=None) -> Path:
    """A workbook written by openpyxl alone, as a team's own spreadsheet might be.

    `rows` is sheet -> list of {column: value}; values are written as given (numbers stay
    numbers, datetimes stay dates). `titles` and `headers` respell sheet and column names,
    `reverse` writes the columns right to left, `top` is the header's row, `extra_sheets`
    adds sheets that are not part of the plan, `cells(sheet_name, ws)` edits a sheet last.
    """
    titles, headers = titles or {}, headers or {}
    book = OpenpyxlWorkbook()
    book.remove(book.active)
    for name, data in rows.items():
        spec = s.SHEETS_BY_NAME[name]
        ws = book.create_sheet(titles.get(name, name))
        columns = [c.name for c in spec.columns]
        if reverse:
            columns.reverse()
        for index, column in enumerate(columns, start=1):
            ws.cell(top, index, headers.get(column, column))
            for offset, record in enumerate(data, start=1):
                value = record.get(column)
                if value not in (None, ""):
                    ws.cell(top + offset, index, value)
        if cells:
            cells(name, ws)
    for title in extra_sheets:
        book.create_sheet(title)["A1"] = "Notes the team keeps for itself"
    book.save(path)
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _texts(book, sheet: str) -> list[dict[str, str]]:
    """The records of a sheet as {column: text}, empty cells left out (as in the sample)."""
    return [{name: text for name, text in r.texts().items() if text.strip()}
            for r in book.records(sheet)]


def _places(issues, severity):
    return {(i.sheet, i.row, i.column) for i in issues if i.severity == severity}


def _at(issues, sheet, cell):
    return [i for i in issues if i.sheet == sheet and i.cell == cell]


# --- names and layout ------------------------------------------------------------------

def test_respelled_headers_moved_columns_and_an_extra_sheet_still_validate(tmp_path):
    rows = sample()
    titles = {s.INITIATIVES: "STRATEGIC-INITIATIVES", s.OBJECTIVES: "strategic  objectives",
              s.INDUCTION: "Induction and Mentoring", s.BENCHMARKS: "benchmarks"}
    headers = {s.PERSONS_RESPONSIBLE: "persons responsible", s.INITIATIVE_ID: "INITIATIVE ID",
               s.OBJECTIVE_ID: "objective-id", s.EVIDENCE: "Evidence Notes",
               s.POSITION: "position/stakeholder group", s.TARGET_DATE: "TargetDate"}
    path = write_plain(tmp_path / "respelled.xlsx", rows, titles=titles, headers=headers,
                       reverse=True, extra_sheets=["Budget scratch"])

    book = read_workbook(path)
    issues = validate(book)

    assert _places(issues, "error") == set()
    assert _places(issues, "warning") == SAMPLE_WARNINGS | {("Budget scratch", None, None)}
    extra = next(i for i in issues if i.sheet == "Budget scratch")
    assert "not part of the plan" in extra.message
    # Every value is read under its schema name, wherever the column stood.
    for sheet, data in rows.items():
        assert _texts(book, sheet) == [{k: v for k, v in r.items() if v} for r in data], sheet
    assert book.sheets[s.INITIATIVES].title == "STRATEGIC-INITIATIVES"
    assert book.sheets[s.BENCHMARKS].columns[s.PERSONS_RESPONSIBLE] == "F"  # J..A reversed


def test_header_may_sit_below_blank_rows(tmp_path):
    rows = {s.OBJECTIVES: sample()[s.OBJECTIVES]}
    path = write_plain(tmp_path / "low.xlsx", rows, top=4)
    data = read_workbook(path).sheets[s.OBJECTIVES]
    assert data.header_row == 4
    assert [r.row for r in data.records] == [5, 6, 7, 8]
    assert data.records[0].cell(s.OBJECTIVE).ref == "B5"
    assert [r.key(s.ID) for r in data.records] == ["SO1", "SO2", "SO3", "SO4"]


def test_missing_column_is_reported_at_the_header_row_it_would_join(tmp_path):
    rows = {s.PLAN_INFO: sample()[s.PLAN_INFO],
            s.OBJECTIVES: [{s.ID: "SO1", s.OBJECTIVE: "Read"}]}
    path = write_plain(tmp_path / "low.xlsx", rows, top=3,
                       cells=lambda name, ws: ws.delete_cols(2) if name == s.OBJECTIVES
                       else None)
    issues = validate(read_workbook(path))
    missing = [i for i in issues if i.column == s.OBJECTIVE and i.is_error]
    assert len(missing) == 1
    assert (missing[0].sheet, missing[0].row, missing[0].cell) == (s.OBJECTIVES, 3, "D3")
    assert "no 'Objective' column" in missing[0].message


def test_empty_rows_are_skipped_and_rows_keep_their_numbers(tmp_path):
    def gaps(name, ws):
        ws.insert_rows(3, 2)  # two empty rows between the first and second objective
        ws["C3"] = "   "  # a cell of spaces is empty too

    rows = {s.OBJECTIVES: sample()[s.OBJECTIVES]}
    path = write_plain(tmp_path / "gaps.xlsx", rows, cells=gaps)
    book = read_workbook(path)
    assert [r.row for r in book.records(s.OBJECTIVES)] == [2, 5, 6, 7]
    assert [r.key(s.ID) for r in book.records(s.OBJECTIVES)] == ["SO1", "SO2", "SO3", "SO4"]
    assert book.read_issues == []


def test_unknown_column_is_a_warning_naming_its_header_cell(tmp_path):
    rows = {s.OBJECTIVES: [{s.ID: "SO1", s.OBJECTIVE: "Read", "Colour": "green"}]}

    def colour(name, ws):
        ws["E1"], ws["E2"] = "Colour", "green"

    path = write_plain(tmp_path / "extra.xlsx", rows, cells=colour)
    book = read_workbook(path)
    (issue,) = book.read_issues
    assert (issue.severity, issue.sheet, issue.cell) == ("warning", s.OBJECTIVES, "E1")
    assert "'Colour'" in issue.message and "ignored" in issue.message
    assert set(book.records(s.OBJECTIVES)[0].cells) == {c.name for c in
                                                       s.SHEETS_BY_NAME[s.OBJECTIVES].columns}


def test_values_in_a_column_without_header_are_a_warning_not_lost_silently(tmp_path):
    def stray(name, ws):
        ws["F3"] = "a note typed beside the table"
        ws["F4"] = "another"
        ws["G5"] = 42

    path = write_plain(tmp_path / "stray.xlsx", {s.OBJECTIVES: sample()[s.OBJECTIVES]},
                       cells=stray)
    issues = read_workbook(path).read_issues
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [
        ("warning", s.OBJECTIVES, "F3"), ("warning", s.OBJECTIVES, "G5")]
    assert "column F holds values but has no header in row 1" in issues[0].message
    assert "ID, Objective, Description, District Objective ID" in issues[0].message


def test_merged_cells_reaching_past_the_headers_are_not_stray_values(tmp_path):
    def merge(name, ws):
        ws.merge_cells("A2:F2")  # a mission paragraph merged wide, for looks

    path = write_plain(tmp_path / "wide.xlsx", {s.MISSION: sample()[s.MISSION]},
                       cells=merge)
    book = read_workbook(path)
    assert book.read_issues == []
    assert book.records(s.MISSION)[0].text(s.TEXT) == sample()[s.MISSION][0][s.TEXT]


def test_a_data_cell_merged_across_plan_columns_is_a_warning(tmp_path):
    def merge(name, ws):
        if name == s.BENCHMARKS:
            ws["E2"] = None
            ws.merge_cells("D2:E2")  # the benchmark spread over its owner's cell
            ws.merge_cells("C41:F41")  # a blank band below the data, for looks

    rows = {s.BENCHMARKS: sample()[s.BENCHMARKS][:3]}
    book = read_workbook(write_plain(tmp_path / "merged.xlsx", rows, cells=merge))
    (issue,) = book.read_issues
    assert issue.severity == "warning" and issue.sheet == s.BENCHMARKS
    assert "D2:E2 is merged across the columns Benchmark, Person(s) Responsible" in \
        issue.message


def test_a_header_merged_across_columns_names_one_column(tmp_path):
    def merge(name, ws):
        if name == s.BENCHMARKS:
            ws.merge_cells("J1:K1")  # "Evidence / Notes", widened for looks

    rows = {s.BENCHMARKS: sample()[s.BENCHMARKS][:3]}
    book = read_workbook(write_plain(tmp_path / "wide-header.xlsx", rows, cells=merge))
    assert [i for i in book.read_issues if i.severity == "error"] == []
    assert book.sheets[s.BENCHMARKS].columns[s.EVIDENCE] == "J"


def test_header_cell_with_an_uncalculated_formula_is_an_error_not_a_crash(tmp_path):
    def formula_header(name, ws):
        ws["A1"] = '=UPPER("text")'

    path = write_plain(tmp_path / "formula-header.xlsx", {s.MISSION: [{s.TEXT: "We teach."}]},
                       cells=formula_header)
    issues = validate(read_workbook(path))
    at = _at(issues, s.MISSION, "A1")
    assert [(i.severity, "formula" in i.message) for i in at][0] == ("error", True)
    assert any("has no 'Text' column" in i.message for i in at)


def test_two_sheets_for_one_component_is_an_error(tmp_path):
    rows = {s.MISSION: [{s.TEXT: "We teach."}]}

    path = write_plain(tmp_path / "twice.xlsx", rows, extra_sheets=["MISSION "])
    issues = read_workbook(path).read_issues
    assert [(i.severity, i.sheet) for i in issues] == [("error", "MISSION ")]
    assert "both the Mission sheet" in issues[0].message


def test_a_column_given_twice_is_an_error_at_the_second_header(tmp_path):
    def twice(name, ws):
        ws["C1"], ws["C2"] = "text", "A second mission column"

    path = write_plain(tmp_path / "twice.xlsx", {s.MISSION: [{s.TEXT: "We teach."}]},
                       cells=twice)
    issues = read_workbook(path).read_issues
    assert [(i.severity, i.sheet, i.cell) for i in issues] == [("error", s.MISSION, "C1")]


def test_unknown_and_repeated_plan_info_fields(tmp_path):
    info = sample()[s.PLAN_INFO] + [{s.FIELD: "Board Chair", s.VALUE: "Pat Lee"},
                                    {s.FIELD: "district name", s.VALUE: "Other Name"}]
    path = write_plain(tmp_path / "info.xlsx", {s.PLAN_INFO: info})
    book = read_workbook(path)
    assert [(i.severity, i.cell) for i in book.read_issues] == [("warning", "A11"),
                                                                ("error", "A12")]
    assert book.info(s.DISTRICT_NAME) == "Maple Falls Public Schools"  # the first one counts


# --- values ----------------------------------------------------------------------------

def test_ids_stored_as_numbers_read_as_the_text_shown_and_match_text_references(tmp_path):
    rows = sample()
    number = {f"SO{n}": n for n in range(1, 5)}
    for o in rows[s.OBJECTIVES]:
        o[s.ID] = number[o[s.ID]]  # 1, 2, 3, 4 as numbers
    for sheet in (s.INITIATIVES, s.OUTCOMES, s.TEAMS, s.EDUCATOR_GOALS):
        for r in rows[sheet]:
            r[s.OBJECTIVE_ID] = str(number[r[s.OBJECTIVE_ID]])  # "1" as text
    for b in rows[s.BENCHMARKS]:
        b[s.INITIATIVE_ID] = float(b[s.INITIATIVE_ID])  # 1.1 as a number, the ID as text
    path = write_plain(tmp_path / "numbers.xlsx", rows)

    book = read_workbook(path)
    assert [r.key(s.ID) for r in book.records(s.OBJECTIVES)] == ["1", "2", "3", "4"]
    assert book.records(s.BENCHMARKS)[0].key(s.INITIATIVE_ID) == "1.1"
    assert {r.key(s.INITIATIVE_ID) for r in book.records(s.BENCHMARKS)} == {
        r.key(s.ID) for r in book.records(s.INITIATIVES)}
    issues = validate(book)
    assert _places(issues, "error") == set()
    assert _places(issues, "warning") == SAMPLE_WARNINGS


def test_ids_as_a_spreadsheet_stores_them_read_without_float_noise(tmp_path):
    rows = {s.OBJECTIVES: [{s.ID: 2.5, s.OBJECTIVE: "Read"}, {s.ID: 7.25, s.OBJECTIVE: "Count"}]}
    path = write_plain(tmp_path / "noise.xlsx", rows)
    part = sheet_part(path, s.OBJECTIVES)
    # Excel writes 17 significant digits (1.1 as 1.1000000000000001) and may store 2 as 2.0.
    rewrite_part(path, part, lambda xml: xml.replace(b"<v>2.5</v>", b"<v>1.1000000000000001</v>")
                 .replace(b"<v>7.25</v>", b"<v>2.0</v>"))
    assert b"1.1000000000000001" in zipfile.ZipFile(path).read(part)
    assert [r.key(s.ID) for r in read_workbook(path).records(s.OBJECTIVES)] == ["1.1", "2"]


def test_references_compare_trimmed(tmp_path):
    rows = sample()
    rows[s.INITIATIVES][0][s.OBJECTIVE_ID] = "  SO1 "
    rows[s.BENCHMARKS][0][s.INITIATIVE_ID] = "1.1\n"
    issues = validate(read_workbook(write_plain(tmp_path / "spaces.xlsx", rows)))
    assert _places(issues, "error") == set()


def test_real_dates_and_typed_dates_are_both_accepted(tmp_path):
    rows = sample()
    outcomes = rows[s.OUTCOMES]
    outcomes[0][s.TARGET_DATE] = datetime(2027, 6, 30)  # a real date: inside the plan
    outcomes[1][s.TARGET_DATE] = datetime(2030, 1, 15)  # a real date: after the plan
    typed = ["2025-10-01", "10/1/2025", "October 2025", "Oct 2025", "Fall 2025", "Monthly"]
    for b, text in zip(rows[s.BENCHMARKS], typed):
        b[s.TIMELINE] = text

    def month_format(name, ws):
        if name == s.OUTCOMES:
            ws["I4"] = date(2026, 6, 1)
            ws["I4"].number_format = "mmmm yyyy"

    path = write_plain(tmp_path / "dates.xlsx", rows, cells=month_format)
    book = read_workbook(path)
    got = book.records(s.OUTCOMES)
    assert (got[0].text(s.TARGET_DATE), got[0].cell(s.TARGET_DATE).date) == (
        "June 30, 2027", date(2027, 6, 30))
    assert got[2].text(s.TARGET_DATE) == "June 2026"
    assert [b.text(s.TIMELINE) for b in book.records(s.BENCHMARKS)[:6]] == typed
    assert all(b.cell(s.TIMELINE).date is None for b in book.records(s.BENCHMARKS)[:6])

    issues = validate(book)
    assert _places(issues, "error") == set()
    late = [i for i in issues if i.sheet == s.OUTCOMES and i.row in (2, 3)]
    assert [(i.severity, i.cell) for i in late] == [("warning", "I3")]
    assert "January 15, 2030" in late[0].message and "outside the plan years" in late[0].message


def test_times_read_as_the_spreadsheet_shows_them(tmp_path):
    shown = [(time(0, 0), "h:mm", "0:00"), (time(0, 30), "hh:mm", "0:30"),
             (time(14, 5), "h:mm AM/PM", "2:05 PM"), (time(9, 15), "h:mm", "9:15")]
    rows = {s.BENCHMARKS: [{s.ID: f"B{n}", s.INITIATIVE_ID: "1.1", s.TYPE: "Process",
                            s.BENCHMARK: "x", s.PERSONS_RESPONSIBLE: "y"}
                           for n in range(len(shown))]}

    def times(name, ws):
        for r, (value, fmt, _) in enumerate(shown, start=2):
            ws.cell(r, 6, value).number_format = fmt

    book = read_workbook(write_plain(tmp_path / "times.xlsx", rows, cells=times))
    assert [r.text(s.TIMELINE) for r in book.records(s.BENCHMARKS)] == [t for _, _, t in shown]


def test_numbers_typed_as_text_stay_as_typed(tmp_path):
    typed = ["12%", "2.8 pp", "$45,000", "1.0 FTE", "007", "1,5", "3.50"]
    rows = {s.RESOURCES: [{s.INITIATIVE_ID: "1.1", s.TYPE: "Financial", s.DESCRIPTION: "x",
                           s.AMOUNT: text} for text in typed]}
    book = read_workbook(write_plain(tmp_path / "typed.xlsx", rows))
    assert [r.text(s.AMOUNT) for r in book.records(s.RESOURCES)] == typed


def test_real_numbers_read_as_the_spreadsheet_shows_them(tmp_path):
    shown = [(0.12, "0%", "12%"), (0.125, "0%", "13%"), (45000, '"$"#,##0', "$45,000"),
             (14, "0.0", "14.0"), (1.5, "General", "1.5"), (3.0, "General", "3"),
             (0.1 + 0.2, "General", "0.3"), (2500.5, "#,##0.00", "2,500.50"),
             # the format's zeros, literal text, sections, currencies, exponents, fractions
             (999, "0000", "0999"), (350000, "00000000", "00350000"),
             (2.8, '0.0 "pp"', "2.8 pp"), (3, '0" FTE"', "3 FTE"),
             (18400, "#,##0.00 [$€-407]", "18,400.00 €"),
             (-1500, '"$"#,##0_);\\("$"#,##0\\)', "($1,500)"),
             (1500, '"$"#,##0_);\\("$"#,##0\\)', "$1,500"),
             (12345.678, "0.00E+00", "1.23E+04"), (1.5, "# ?/?", "1 1/2"),
             (0, '0;-0;"none"', "none"), (-2500.5, "#,##0.00", "-2,500.50")]
    rows = {s.RESOURCES: [{s.INITIATIVE_ID: "1.1", s.TYPE: "Financial", s.DESCRIPTION: "x"}
                          for _ in shown]}

    def numbers(name, ws):
        for r, (value, fmt, _) in enumerate(shown, start=2):
            ws.cell(r, 4, value).number_format = fmt

    book = read_workbook(write_plain(tmp_path / "numbers.xlsx", rows, cells=numbers))
    assert [r.text(s.AMOUNT) for r in book.records(s.RESOURCES)] == [t for _, _, t in shown]


def test_line_breaks_are_kept_and_crlf_is_folded(tmp_path):
    rows = {s.MISSION: [{s.TEXT: "first line\r\nsecond line"}, {s.TEXT: "one\rtwo"},
                        {s.TEXT: "keep\nthis\n\nbreak"}]}
    path = write_plain(tmp_path / "breaks.xlsx", rows)
    assert b"&#13;" in zipfile.ZipFile(path).read(sheet_part(path, s.MISSION))
    texts = [r.text(s.TEXT) for r in read_workbook(path).records(s.MISSION)]
    assert texts == ["first line\nsecond line", "one\ntwo", "keep\nthis\n\nbreak"]


def test_crlf_as_excel_escapes_it_is_folded(tmp_path):
    path = write_plain(tmp_path / "escaped.xlsx", {s.MISSION: [{s.TEXT: "first CRLF second"}]})
    rewrite_part(path, sheet_part(path, s.MISSION),
                 lambda xml: xml.replace(b"first CRLF second", b"first_x000D_\nsecond"))
    assert read_workbook(path).records(s.MISSION)[0].text(s.TEXT) == "first\nsecond"


def test_merged_cells_give_their_value_to_every_cell(tmp_path):
    rows = sample()
    for b in rows[s.BENCHMARKS][:3]:
        b[s.PERSONS_RESPONSIBLE] = ""

    def merge(name, ws):
        if name == s.BENCHMARKS:
            ws["E2"] = "K-5 Literacy Coordinator"
            ws.merge_cells("E2:E4")

    book = read_workbook(write_plain(tmp_path / "merged.xlsx", rows, cells=merge))
    owners = [b.text(s.PERSONS_RESPONSIBLE) for b in book.records(s.BENCHMARKS)[:3]]
    assert owners == ["K-5 Literacy Coordinator"] * 3
    assert [b.cell(s.PERSONS_RESPONSIBLE).ref for b in book.records(s.BENCHMARKS)[:3]] == [
        "E2", "E3", "E4"]
    assert _places(validate(book), "error") == set()


# --- formulas, control characters ------------------------------------------------------

def test_formula_without_cached_value_is_an_error_naming_its_cell(tmp_path):
    path = with_formulas(make_workbook(tmp_path), {(s.BENCHMARKS, "E5"): "=1+1"})
    issues = validate(read_workbook(path))
    at = _at(issues, s.BENCHMARKS, "E5")
    assert len(at) == 1, "one problem, not also an empty cell"
    assert at[0].severity == "error" and at[0].row == 5
    assert at[0].column == s.PERSONS_RESPONSIBLE
    assert at[0].message.startswith("Benchmarks!E5 (Person(s) Responsible) holds a formula")
    assert "save it" in at[0].message


def test_formula_in_plan_info_is_reported_once(tmp_path):
    path = with_formulas(make_workbook(tmp_path), {(s.PLAN_INFO, "B3"): "=B2"})  # District Name
    issues = validate(read_workbook(path))
    at = _at(issues, s.PLAN_INFO, "B3")
    assert [(i.severity, "formula" in i.message) for i in at] == [("error", True)]


def test_cell_showing_a_spreadsheet_error_is_an_error_naming_its_cell(tmp_path):
    path = write_plain(tmp_path / "div0.xlsx", {s.MISSION: [{s.TEXT: "We teach."},
                                                             {s.TEXT: "PLACEHOLDER"}]})
    rewrite_part(path, sheet_part(path, s.MISSION), lambda xml: xml.replace(
        b'<c r="A3" t="inlineStr"><is><t>PLACEHOLDER</t></is></c>',
        b'<c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
    (issue,) = read_workbook(path).read_issues
    assert (issue.severity, issue.sheet, issue.cell) == ("error", s.MISSION, "A3")
    assert "#DIV/0!" in issue.message


def test_control_character_is_an_error_naming_its_cell(tmp_path):
    rows = sample()
    rows[s.INITIATIVES][1][s.DESCRIPTION] = "PLACEHOLDER"
    path = make_workbook(tmp_path, rows=rows)
    # openpyxl refuses "\x07"; Excel stores it escaped, as _x0007_, in the sheet's XML.
    rewrite_part(path, sheet_part(path, s.INITIATIVES), lambda xml: xml.replace(
        b"PLACEHOLDER", b"Pasted from a PDF_x0007_ with a bell"))
    book = read_workbook(path)
    at = _at(validate(book), s.INITIATIVES, "D3")
    assert [i.severity for i in at] == ["error"]
    assert at[0].message.startswith("Strategic Initiatives!D3 (Description)")
    assert "U+0007" in at[0].message


def test_an_escaped_underscore_is_text_not_a_control_character(tmp_path):
    path = write_plain(tmp_path / "literal.xlsx", {s.MISSION: [{s.TEXT: "LITERAL"}]})
    # How Excel stores the typed text "_x0007_": its underscore escaped as _x005F_.
    rewrite_part(path, sheet_part(path, s.MISSION),
                 lambda xml: xml.replace(b"LITERAL", b"code _x005F_x0007_ here"))
    book = read_workbook(path)
    assert book.read_issues == []
    assert book.records(s.MISSION)[0].text(s.TEXT) == "code _x0007_ here"


def test_reading_and_validating_leave_the_file_unchanged(tmp_path):
    path = make_workbook(tmp_path)
    before, mtime = _sha256(path), path.stat().st_mtime_ns
    read_workbook(path)
    check(path)
    assert _sha256(path) == before
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(UnreadableWorkbook, match="could not be opened"):
        read_workbook(tmp_path / "nowhere.xlsx")


def test_a_copy_reads_the_same(tmp_path):
    # Reading depends on the file's content only, not on its name or folder.
    path = make_workbook(tmp_path)
    (tmp_path / "sub").mkdir()
    copy = shutil.copy(path, tmp_path / "sub" / "Other Name.XLSX")
    assert _texts(read_workbook(copy), s.BENCHMARKS) == _texts(read_workbook(path),
                                                               s.BENCHMARKS)
