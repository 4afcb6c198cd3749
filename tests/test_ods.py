"""OpenDocument spreadsheets (.ods) read like .xlsx: the same records, messages and cells.

The real ones are our workbooks converted by LibreOffice (one soffice call for the module);
the hostile ones are written by hand, as an attacker would."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_workbook, run_cli, sample, school_rows, sha
from docx_read import all_text

from pfs_docgen import schema as s
from pfs_docgen.api import build, check
from pfs_docgen.workbook import read_workbook

OFFICE = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"')
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name -> (our .xlsx, LibreOffice's .ods of it)."""
    from openpyxl import load_workbook
    from soffice import convert

    tmp = tmp_path_factory.mktemp("ods")
    ours = tmp / "ours"
    ours.mkdir()
    rows = sample()
    # (LibreOffice's .xlsx import drops a tab: tabs are in the hand-written test)
    rows[s.BENCHMARKS][1][s.BENCHMARK] = "Two  spaces, and\na line break & <markup>"
    typed = make_workbook(ours, "typed.xlsx", rows=rows)
    book = load_workbook(typed)  # real numbers, dates and percentages, as teams type them
    sheet = book[s.OUTCOMES]
    sheet["G2"], sheet["H2"] = 0.45, 0.6
    sheet["G2"].number_format = sheet["H2"].number_format = "0%"
    sheet["G3"] = 42
    sheet["I2"] = datetime(2027, 6, 15)
    sheet["I2"].number_format = "mmmm yyyy"
    book[s.BENCHMARKS]["I2"] = datetime(2026, 1, 30)
    book[s.BENCHMARKS]["I2"].number_format = "m/d/yyyy"
    book.save(typed)
    sources = {"district": make_workbook(ours, "district.xlsx"),
               "school": make_workbook(ours, "school.xlsx", s.SCHOOL, rows=school_rows()),
               "typed": typed}
    convert(list(sources.values()), tmp, fmt="ods")
    return {name: (path, tmp / f"{path.stem}.ods") for name, path in sources.items()}


@pytest.mark.parametrize("name", ["district", "school", "typed"])
def test_an_ods_reads_as_the_same_records_and_issues_as_its_xlsx(converted, name):
    xlsx, ods = converted[name]
    a, b = read_workbook(xlsx), read_workbook(ods)
    assert set(a.sheets) == set(b.sheets)
    for sheet in a.sheets:
        assert [(r.row, r.texts()) for r in a.records(sheet)] == \
            [(r.row, r.texts()) for r in b.records(sheet)], sheet
        assert a.sheets[sheet].columns == b.sheets[sheet].columns
    district = read_workbook(converted["district"][0]) if name == "school" else None
    assert [i.to_json() for i in check(xlsx, district=district).issues] == \
        [i.to_json() for i in check(ods, district=district).issues]


def test_ods_keeps_dates_numbers_percentages_and_text_as_shown(converted):
    book = read_workbook(converted["typed"][1])
    outcome = book.records(s.OUTCOMES)[0]
    assert outcome.text(s.BASELINE) == "45%" and outcome.text(s.TARGET) == "60%"
    assert outcome.text(s.TARGET_DATE) == "June 2027"
    assert book.records(s.OUTCOMES)[1].text(s.BASELINE) == "42"
    status = book.records(s.BENCHMARKS)[0].cell(s.STATUS_DATE)
    assert status.date.isoformat() == "2026-01-30" and status.text == "January 30, 2026"
    assert book.records(s.BENCHMARKS)[1].text(s.BENCHMARK) == \
        "Two  spaces, and\na line break & <markup>"


def test_ods_makes_the_same_documents(converted, tmp_path, renderer):
    xlsx, ods = converted["district"]
    direct = build(xlsx, tmp_path / "x", renderer=renderer)
    via = build(ods, tmp_path / "o", renderer=renderer)
    for document in direct.documents:
        assert all_text(tmp_path / "o" / document.path) == \
            all_text(tmp_path / "x" / document.path)
    assert [d.path for d in via.documents] == [d.path for d in direct.documents]


def test_an_ods_cell_error_names_the_same_cell_as_in_xlsx(tmp_path):
    path = _ods(tmp_path / "plan.ods", _sheet(s.MISSION, [["Text"], ["We teach."]]) +
                _sheet(s.BENCHMARKS, [["ID", "Initiative ID"]]) +
                '<table:table table:name="Vision"><table:table-row>'
                '<table:table-cell office:value-type="string"><text:p>Text</text:p>'
                '</table:table-cell></table:table-row><table:table-row>'
                '<table:table-cell table:formula="of:=A1"/></table:table-row></table:table>')
    messages = [i.message for i in check(path).issues]
    assert any(m.startswith("Vision!A2 (Text) holds a formula that was never calculated")
               for m in messages), messages


def test_bulk_reads_an_ods_school(converted, tmp_path):
    folder = tmp_path / "schools"
    folder.mkdir()
    shutil.copy(converted["school"][1], folder / "oak.ods")
    before = sha(folder / "oak.ods")
    out = tmp_path / "out"
    result = run_cli("bulk", folder, "--district", converted["district"][0], "-o", out,
                     "--jobs", "1")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["failures"] == []
    assert any(Path(d["workbook"]).name == "oak.ods" for d in manifest["documents"])
    assert sha(folder / "oak.ods") == before


# --- hand-written, hostile ---------------------------------------------------------------

def _sheet(title: str, rows: list[list[str]], extra: str = "") -> str:
    body = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in row) + "</table:table-row>" for row in rows)
    return f'<table:table table:name="{title}">{body}{extra}</table:table>'


def _ods(path: Path, tables: str, *, prolog: str = "", content: bytes | None = None) -> Path:
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {OFFICE}>'
           f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
           "</office:document-content>").encode()
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", MIMETYPE)
        z.writestr("content.xml", content if content is not None else xml,
                   zipfile.ZIP_DEFLATED)
    return path


def test_hand_written_ods_repeats_spaces_and_paragraphs(tmp_path):
    rows = ('<table:table-row><table:table-cell office:value-type="string"><text:p>Text'
            '</text:p></table:table-cell></table:table-row>'
            '<table:table-row table:number-rows-repeated="2"><table:table-cell '
            'office:value-type="string"><text:p>a<text:s text:c="3"/>b<text:line-break/>c'
            '<text:tab/></text:p><text:p><text:span>d</text:span></text:p></table:table-cell>'
            '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
            '<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
            'table:number-columns-repeated="16384"/></table:table-row>')
    path = _ods(tmp_path / "plan.ods", f'<table:table table:name="Mission">{rows}</table:table>')
    book = read_workbook(path)
    assert [(r.row, r.text(s.TEXT)) for r in book.records(s.MISSION)] == \
        [(2, "a   b\nc\t\nd"), (3, "a   b\nc\t\nd")]


@pytest.mark.parametrize("make, said", [
    (lambda p: _ods(p, _sheet("Mission", [["Text"], ["&big;"]]),
                    prolog='<!DOCTYPE x [<!ENTITY big "boom">]>'),
     "contains XML entity declarations"),
    (lambda p: _ods(p, "", content=b"<office:document-content"), "could not be read"),
    (lambda p: _ods(p, _sheet("Mission", [["Text"]], '<table:table-row table:number-rows-'
                              'repeated="60000"><table:table-cell office:value-type="string">'
                              '<text:p>x</text:p></table:table-cell></table:table-row>')),
     "holds more than 50,000 rows"),
    (lambda p: _ods(p, _sheet("Mission", [["Text"]], '<table:table-row table:number-rows-'
                              'repeated="40"><table:table-cell table:number-columns-repeated='
                              '"16384" office:value-type="string"><text:p>x</text:p>'
                              '</table:table-cell></table:table-row>')),
     "holds more than 300,000 cells"),
    (lambda p: _ods(p, _sheet("Mission", [["Text"]], '<table:table-row table:number-rows-'
                              'repeated="many"/>')), "not a number"),
])
def test_hostile_ods_is_refused_in_one_sentence(tmp_path, make, said):
    path = make(tmp_path / "hostile.ods")
    result = run_cli("validate", path)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: hostile.ods") and said in line, line


def test_an_ods_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", MIMETYPE)
        with z.open(zipfile.ZipInfo("content.xml"), "w", force_zip64=True) as out:
            pass
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", MIMETYPE)
        info = zipfile.ZipInfo("content.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as out:
            for _ in range(40):
                out.write(b" " * (1024 * 1024))
    result = run_cli("validate", path)
    assert result.exit_code == 1
    assert "unpacks to 40 MB" in result.stderr and "hostile" in result.stderr


def test_a_damaged_ods_part_is_named(tmp_path):
    path = _ods(tmp_path / "damaged.ods", _sheet("Mission", [["Text"], ["We teach."] * 1]))
    data = bytearray(path.read_bytes())
    at = data.index(b"content.xml", 40) + len("content.xml") + 10  # inside its packed bytes
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    result = run_cli("validate", path)
    assert result.exit_code == 1
    assert "damaged.ods" in result.stderr
