"""Files that are not planning workbooks: one clear line and exit 1, never a traceback, and
never a hang (an XML entity bomb is refused, not expanded)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import BUG_MESSAGES, make_workbook, rewrite_part, run_cli, sheet_part

from pfs_docgen import schema as s
from pfs_docgen.api import check

LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
DOCTYPE = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{LAUGHS}]>'.encode()


def _with_doctype(xml: bytes, text_edit=lambda xml: xml) -> bytes:
    """The part with a billion-laughs DOCTYPE after its XML declaration (if any)."""
    m = re.match(rb"<\?xml[^>]*\?>\s*", xml)
    head, body = (xml[:m.end()], xml[m.end():]) if m else (b"", xml)
    return head + DOCTYPE + text_edit(body)


def empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    return path


def truncated(tmp_path: Path) -> Path:
    data = make_workbook(tmp_path, "whole.xlsx").read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[:len(data) // 2])
    return path


def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "exported.xlsx"
    path.write_text("ID,Objective\nSO1,Strong core instruction\n", encoding="utf-8")
    return path


def old_xls(tmp_path: Path) -> Path:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2040))
    return path


def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
                     + "EncryptedPackage".encode("utf-16-le") + bytes(500))
    return path


def zip_without_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("holiday.txt", "not a workbook")
    return path


def bomb_in_workbook_xml(tmp_path: Path) -> Path:
    path = make_workbook(tmp_path, "bomb-workbook.xlsx")
    return rewrite_part(path, "xl/workbook.xml", lambda xml: _with_doctype(
        xml, lambda body: body.replace(b'name="Plan Info"', b'name="&lol9;"', 1)))


def bomb_in_shared_strings(tmp_path: Path) -> Path:
    """A real workbook whose Mission text is a shared string, the shared strings a bomb."""
    path = make_workbook(tmp_path, "bomb-strings.xlsx")
    mission = sheet_part(path, s.MISSION)
    rewrite_part(path, mission, lambda xml: re.sub(
        rb'<c r="A2"([^>]*) t="inlineStr"><is><t>[^<]*</t></is></c>',
        rb'<c r="A2"\1 t="s"><v>0</v></c>', xml))
    strings = _with_doctype(b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://'
                            b'schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                            b'uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    rewrite_part(path, "[Content_Types].xml", lambda xml: xml.replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    rewrite_part(path, "xl/_rels/workbook.xml.rels", lambda xml: xml.replace(
        b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>'))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", strings)
    return path


def bomb_in_a_sheet(tmp_path: Path) -> Path:
    path = make_workbook(tmp_path, "bomb-sheet.xlsx")
    return rewrite_part(path, sheet_part(path, s.VISION), _with_doctype)


def bomb_in_utf16(tmp_path: Path) -> Path:
    """The bomb in a UTF-16 part, where a search for the bytes '<!DOCTYPE' does not find it."""
    path = make_workbook(tmp_path, "bomb-utf16.xlsx")

    def edit(xml: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml).replace(b"<t>By 2028", b"<t>&lol9;By 2028")
        return (b'<?xml version="1.0" encoding="UTF-16"?>' + DOCTYPE + body).decode(
            "utf-8").encode("utf-16")

    return rewrite_part(path, sheet_part(path, s.VISION), edit)


def zip_bomb(tmp_path: Path) -> Path:
    path = make_workbook(tmp_path, "zip-bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", bytes(20 * 1024 * 1024))
    return path


def corrupted_part(tmp_path: Path) -> Path:
    """A workbook whose zip directory is whole but one sheet's compressed bytes are damaged
    (a bad disk or a broken download): the damage shows only when the part is unpacked."""
    path = make_workbook(tmp_path, "corrupted.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(sheet_part(path, s.BENCHMARKS))
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    data[start] ^= 0xFF
    data[start + 1] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def missing_relationships(tmp_path: Path) -> Path:
    """A workbook whose list of sheets' places (xl/_rels/workbook.xml.rels) is gone."""
    whole = make_workbook(tmp_path, "whole.xlsx")
    path = tmp_path / "no-rels.xlsx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            if item.filename != "xl/_rels/workbook.xml.rels":
                dst.writestr(item, src.read(item.filename))
    return path


FILES = {"empty": (empty, "is empty (0 bytes)"),
         "truncated": (truncated, "damaged or incomplete"),
         "csv": (csv_file, "looks like a text or CSV file"),
         "xls": (old_xls, "old Excel 97-2003 (.xls) file"),
         "encrypted": (encrypted, "password-protected"),
         "zip-without-workbook": (zip_without_workbook, "not an Excel workbook"),
         "entity-bomb-workbook-xml": (bomb_in_workbook_xml, "XML entity declarations"),
         "entity-bomb-shared-strings": (bomb_in_shared_strings, "XML entity declarations"),
         "entity-bomb-sheet": (bomb_in_a_sheet, "XML entity declarations"),
         "entity-bomb-utf16": (bomb_in_utf16, "XML entity declarations"),
         "zip-bomb": (zip_bomb, "far more than any planning workbook"),
         "corrupted-part": (corrupted_part, "is damaged"),
         "missing-relationships": (missing_relationships, "workbook.xml.rels is missing")}


def test_bombs_are_real_workbooks_apart_from_the_bomb(tmp_path):
    # The hostile files differ from a readable workbook only by the bomb: the rest of the
    # file is sound, so it is the bomb that is refused.
    path = bomb_in_shared_strings(tmp_path)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        assert b"<!ENTITY lol9" in z.read("xl/sharedStrings.xml")
        assert b'<c r="A2" s="2" t="s"><v>0</v></c>' in z.read(sheet_part(path, s.MISSION))
    defused = rewrite_part(path, "xl/sharedStrings.xml", lambda xml: xml.replace(
        DOCTYPE, b"").replace(b"&lol9;", b"We teach."))
    report = check(defused)
    assert report.book is not None and report.errors == 0
    assert report.book.records(s.MISSION)[0].text(s.TEXT) == "We teach."


@pytest.mark.parametrize("kind", FILES)
def test_validate_reports_one_error_line(tmp_path, kind):
    make, words = FILES[kind]
    path = make(tmp_path)
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert words in lines[0] and path.name in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("kind", FILES)
def test_validate_in_a_real_process_fails_quickly_and_cleanly(tmp_path, kind):
    path = FILES[kind][0](tmp_path)
    result = subprocess.run([sys.executable, "-m", "pfs_docgen", "validate", str(path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not [m for m in BUG_MESSAGES if m in result.stderr], result.stderr  # no hidden bug
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1, result.stderr
    assert result.stderr.strip() == error_lines[0]


@pytest.mark.parametrize("kind", ["empty", "corrupted-part"])
def test_one_unreadable_file_does_not_hide_the_others(tmp_path, kind):
    make, words = FILES[kind]
    good = make_workbook(tmp_path, "good.xlsx")
    bad = make(tmp_path)
    result = run_cli("validate", str(bad), str(good), "--format", "json")
    assert result.exit_code == 1
    reports = {Path(r["workbook"]).name: r for r in json.loads(result.stdout)}
    assert (reports["good.xlsx"]["errors"], reports["good.xlsx"]["warnings"]) == (0, 6)
    assert reports[bad.name]["errors"] == 1
    assert len(result.stderr.splitlines()) == 1
    assert words in result.stderr and bad.name in result.stderr


def test_check_returns_an_unreadable_file_as_one_sheetless_error(tmp_path):
    report = check(csv_file(tmp_path))
    assert report.book is None
    (issue,) = report.issues
    assert (issue.severity, issue.sheet, issue.cell, issue.row, issue.column) == (
        "error", None, None, None, None)
