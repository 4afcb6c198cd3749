"""Issue 9, class 8: what was dropped without a word. Spreadsheets other than .xlsx in a bulk
folder (an .xlsm is read as the workbook it is, an .ods too (issue 13: test_ods.py); an .xls
or .xlsb is a failure with its reason), Plan Info values typed for the other level (a
warning at the cell), parts named otherwise than Excel names them (found through the
relationships), and real dates under General or text formats (never cut to a month)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import make_workbook, rewrite_part, run_cli, school_rows, sha, sheet_part
from hostile import add_number_format, add_shared_strings, set_cell

from pfs_docgen import schema as s
from pfs_docgen.api import check
from pfs_docgen.workbook import write_workbook

MACROS_CONTENT_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def as_xlsm(source: Path, target: Path) -> Path:
    """A school workbook saved as Excel's macro-enabled workbook: the main part's content
    type says so, and a (harmless) vbaProject.bin part rides along."""
    target.write_bytes(source.read_bytes())
    rewrite_part(target, "[Content_Types].xml", lambda xml: re.sub(
        rb"application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml",
        MACROS_CONTENT_TYPE, xml))
    with zipfile.ZipFile(target, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run, never read")
    return target


def xlsb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    return path


def xls(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2040))
    return path


NOT_READ = {"binary.xlsb": (xlsb, "an Excel Binary Workbook (.xlsb)"),
            "old.xls": (xls, "an old Excel 97-2003 (.xls) file")}


# --- spreadsheets other than .xlsx -----------------------------------------------------------

@pytest.mark.parametrize("name", NOT_READ)
def test_validate_names_a_spreadsheet_it_cannot_read_yet(tmp_path, name):
    make, words = NOT_READ[name]
    path = make(tmp_path / name)
    result = run_cli("validate", path)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {name} is ") and words in line
    assert line.count(". ") == 0


def test_bulk_reads_an_xlsm_and_names_every_other_spreadsheet_as_a_failure(tmp_path):
    district = make_workbook(tmp_path, "district.xlsx")
    folder = tmp_path / "schools"
    folder.mkdir()
    write_workbook(folder / "oak.xlsx", s.SCHOOL, school_rows())
    source = write_workbook(tmp_path / "maple.xlsx", s.SCHOOL,
                            school_rows("Maple Falls High School", "09990010"))
    as_xlsm(source, folder / "maple.xlsm")
    for name, (make, _) in NOT_READ.items():
        make(folder / name)
    (folder / "notes.txt").write_text("not a spreadsheet: not looked at")
    before = {p.name: sha(p) for p in folder.iterdir()}
    out = tmp_path / "out"
    result = run_cli("bulk", folder, "--district", district, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    assert "for 2 of 4 schools" in result.stdout and "2 failed" in result.stdout
    manifest = json.loads((out / "manifest.json").read_text())
    built = {Path(d["workbook"]).name for d in manifest["documents"]}
    assert {"oak.xlsx", "maple.xlsm"} <= built
    failures = {Path(f["workbook"]).name: f["issues"][0]["message"]
                for f in manifest["failures"]}
    assert set(failures) == set(NOT_READ)
    for name, (_, words) in NOT_READ.items():
        assert words in failures[name] and failures[name].startswith(name)
        assert f"Failed: {folder / name}" in result.stderr
    assert {p.name: sha(p) for p in folder.iterdir()} == before


# --- Plan Info values for the other level ------------------------------------------------------

def test_a_school_field_in_a_district_plan_is_a_warning_at_its_cell(tmp_path):
    path = make_workbook(tmp_path)
    plan_info = sheet_part(path, s.PLAN_INFO)
    for ref, text in (("A8", s.PRINCIPAL), ("B8", "Ana Lúcia Ferreira")):
        set_cell(path, plan_info, ref, f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is>'
                 f"</c>".encode())
    report = check(path)
    (found,) = [i for i in report.issues if i.sheet == s.PLAN_INFO]
    assert (found.severity, found.cell, found.column) == ("warning", "B8", s.VALUE)
    assert found.message == (
        f"Plan Info!B8 ({s.PRINCIPAL}) is filled, but only school plans use it, so this "
        "district plan's documents do not print 'Ana Lúcia Ferreira'; clear the cell, or set "
        "Plan Level to School if this is a school plan.")


def test_every_field_only_one_level_uses_draws_the_warning_in_the_other(tmp_path):
    fields = [f for f in s.PLAN_FIELDS if len(f.used_for) == 1]
    assert {f.name for f in fields} >= {s.PRINCIPAL, s.SCHOOL_NAME, s.GRADES}
    for level, other in ((s.DISTRICT, s.SCHOOL), (s.SCHOOL, s.DISTRICT)):
        rows = school_rows() if level == s.SCHOOL else None
        path = make_workbook(tmp_path, f"{level}.xlsx", level, rows)
        extra = [f for f in fields if f.used_for == (other,)]
        added = b"".join(
            f'<row r="{40 + n}"><c r="A{40 + n}" t="inlineStr"><is><t>{f.name}</t></is></c>'
            f'<c r="B{40 + n}" t="inlineStr"><is><t>2025-10-01</t></is></c></row>'.encode()
            for n, f in enumerate(extra))
        rewrite_part(path, sheet_part(path, s.PLAN_INFO),
                     lambda xml, added=added: xml.replace(b"</sheetData>",
                                                          added + b"</sheetData>"))
        warned = {i.cell for i in check(path).issues
                  if i.sheet == s.PLAN_INFO and f"only {other} plans use it" in i.message}
        assert warned == {f"B{40 + n}" for n in range(len(extra))}, level


def test_a_superintendent_in_a_school_plan_is_used_so_not_warned(tmp_path):
    rows = school_rows()
    rows[s.PLAN_INFO].append({s.FIELD: s.SUPERINTENDENT, s.VALUE: "Dr. Renée Costa-Whitfield"})
    report = check(make_workbook(tmp_path, "school.xlsx", s.SCHOOL, rows))
    assert not [i for i in report.issues if i.sheet == s.PLAN_INFO]


# --- parts named otherwise ---------------------------------------------------------------------

def renamed_parts(tmp_path: Path) -> Path:
    """The workbook, shared strings and styles under names Excel does not use, each found
    through its relationship: `xl/book.xml`, `xl/text/strings1.xml`, `xl/look.xml`; the
    Mission a shared string, a Status Date a date serial under a date style."""
    path = make_workbook(tmp_path, "renamed.xlsx")
    style = add_number_format(path, "mmmm d, yyyy")
    add_shared_strings(path, ["We teach every student, every day."],
                       part="xl/text/strings1.xml", target="text/strings1.xml")
    set_cell(path, sheet_part(path, s.MISSION), "A2", b'<c r="A2" t="s"><v>0</v></c>')
    set_cell(path, sheet_part(path, s.BENCHMARKS), "I2",
             f'<c r="I2" s="{style}"><v>46052</v></c>'.encode())
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    names = {"xl/workbook.xml": "xl/book.xml", "xl/styles.xml": "xl/look.xml",
             "xl/_rels/workbook.xml.rels": "xl/_rels/book.xml.rels"}
    for old, new in names.items():
        parts[new] = parts.pop(old)
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"xl/workbook.xml", b"xl/book.xml")
    parts["xl/_rels/book.xml.rels"] = parts["xl/_rels/book.xml.rels"].replace(
        b'Target="styles.xml"', b'Target="look.xml"')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"/xl/workbook.xml", b"/xl/book.xml").replace(b"/xl/styles.xml", b"/xl/look.xml")
    path.unlink()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_parts_are_found_through_the_relationships(tmp_path):
    path = renamed_parts(tmp_path)
    with zipfile.ZipFile(path) as z:
        assert not {"xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml"} & set(
            z.namelist())
    before = sha(path)
    result = run_cli("validate", path, "--format", "json")
    (report,) = json.loads(result.stdout)
    assert report["errors"] == 0, report
    book = check(path).book
    assert book is not None
    assert book.records(s.MISSION)[0].text(s.TEXT) == "We teach every student, every day."
    status_date = book.records(s.BENCHMARKS)[0].cell(s.STATUS_DATE)
    assert status_date is not None and status_date.text == "January 30, 2026"
    assert sha(path) == before


# --- real dates under General ------------------------------------------------------------------

@pytest.mark.parametrize("fmt, shown", [
    (None, "October 1, 2025"),  # General: the cell has no style
    ("@", "October 1, 2025"),  # Text
    ("0.00", "October 1, 2025"),  # a number format
    ("mmmm yyyy", "October 2025"),  # a date format without the day: as the sheet shows it
    ('"Due" mmmm yyyy', "October 2025"),
    ("[$-409]mmmm d, yyyy;@", "October 1, 2025"),
])
def test_a_real_date_keeps_its_day_unless_its_format_leaves_the_day_out(tmp_path, fmt, shown):
    path = make_workbook(tmp_path)
    style = add_number_format(path, fmt) if fmt else 0
    set_cell(path, sheet_part(path, s.BENCHMARKS), "I2",
             f'<c r="I2" s="{style}" t="d"><v>2025-10-01T00:00:00</v></c>'.encode())
    book = check(path).book
    assert book is not None
    cell = book.records(s.BENCHMARKS)[0].cell(s.STATUS_DATE)
    assert cell is not None and (cell.text, str(cell.date)) == (shown, "2025-10-01")


def test_a_date_serial_under_general_is_the_number_the_spreadsheet_shows(tmp_path):
    path = make_workbook(tmp_path)
    set_cell(path, sheet_part(path, s.BENCHMARKS), "I2", b'<c r="I2"><v>45931</v></c>')
    book = check(path).book
    assert book is not None
    cell = book.records(s.BENCHMARKS)[0].cell(s.STATUS_DATE)
    assert cell is not None and (cell.text, cell.date) == ("45931", None)
