"""pfs-docgen diff OLD NEW -o DIR: the new plan with every difference as Word tracked
changes, which LibreOffice's Review tools accept (the new plan) or reject (the old one)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import make_workbook, run_cli, sample, sha
from openxml_audit.errors import FileFormat
from openxml_audit.validator import OpenXmlValidator

from pfs_docgen import schema as s
from pfs_docgen.documents import renderer_for
from pfs_docgen.documents.pipeline import prepare

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NAME = "maple-falls-public-schools_changes_2025-2026-to-2026-2027.docx"
HEADING = "What changed since last year"

# LibreOffice Basic: open each document hidden, accept or reject every tracked change (or
# neither), save its text.
_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
Sub Review(sList As String)
  Dim aLoad(0) As New com.sun.star.beans.PropertyValue
  aLoad(0).Name = &quot;Hidden&quot;
  aLoad(0).Value = True
  Dim aStore(0) As New com.sun.star.beans.PropertyValue
  aStore(0).Name = &quot;FilterName&quot;
  aStore(0).Value = &quot;Text (encoded)&quot;
  Dim aNone()
  oDispatcher = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  iFile = FreeFile
  Open sList For Input As #iFile
  Do While Not EOF(iFile)
    Line Input #iFile, sLine
    If Len(sLine) &gt; 0 Then
      aParts = Split(sLine, Chr(9))
      oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(aParts(0)), &quot;_blank&quot;, 0, \
aLoad())
      oFrame = oDoc.getCurrentController().getFrame()
      If aParts(2) &lt;&gt; &quot;none&quot; Then
        sCommand = &quot;.uno:&quot; &amp; aParts(2) &amp; &quot;AllTrackedChanges&quot;
        oDispatcher.executeDispatch(oFrame, sCommand, &quot;&quot;, 0, aNone())
      End If
      oDoc.storeToURL(ConvertToURL(aParts(1)), aStore())
      oDoc.close(True)
    End If
  Loop
  Close #iFile
  StarDesktop.terminate()
End Sub
</script:module>
"""


def _next_year_rows() -> dict:
    """Next year's plan: the year moved on, an objective reworded, a benchmark and an
    outcome removed, an outcome and a benchmark added and one rewritten, the mission's
    words changed."""
    rows = sample()
    for row in rows[s.PLAN_INFO]:
        if row[s.FIELD] == s.ACTION_PLAN_YEAR:
            row[s.VALUE] = "2026-2027"
    for benchmark in rows[s.BENCHMARKS]:
        benchmark[s.TIMELINE] = benchmark[s.TIMELINE].replace("2026", "2027").replace(
            "2025", "2026")
    rows[s.OBJECTIVES][0][s.OBJECTIVE] += " and writing"
    rows[s.BENCHMARKS].pop(4)
    rows[s.OUTCOMES].pop(1)
    rows[s.OUTCOMES].append(dict(rows[s.OUTCOMES][0], **{
        s.ID: "O99", s.OUTCOME: "Every family hears from the school twice a term."}))
    added = dict(rows[s.BENCHMARKS][0], **{s.ID: "B99", s.BENCHMARK: "A brand new benchmark."})
    rows[s.BENCHMARKS].append(added)
    rows[s.BENCHMARKS][2][s.BENCHMARK] = "Changed words in this benchmark."
    rows[s.MISSION][0][s.TEXT] = rows[s.MISSION][0][s.TEXT].replace("every", "each")
    rows[s.PROGRESS_UPDATES] = []  # a new year: last year's updates go (init --from)
    for row in rows[s.PLAN_INFO]:
        if row[s.FIELD] in (s.REPORT_DATE, s.REPORTING_PERIOD):
            row[s.VALUE] = ""
    return rows


@pytest.fixture(scope="module")
def changes(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("diff")
    old = make_workbook(tmp, "old.xlsx")
    new = make_workbook(tmp, "new.xlsx", rows=_next_year_rows())
    before = (sha(old), sha(new))
    result = run_cli("diff", old, new, "-o", tmp / "out", "--format", "json")
    assert result.exit_code == 0, result.output
    assert (sha(old), sha(new)) == before
    return tmp, old, new, json.loads(result.stdout)


def test_diff_summary_matches_rows_by_id(changes):
    _, _, _, report = changes
    sheets = {c["sheet"]: c for c in report["sheets"]}
    assert report["old"] == "2025-2026" and report["new"] == "2026-2027"
    assert sheets[s.PLAN_INFO]["changed"] == [s.ACTION_PLAN_YEAR, s.REPORT_DATE,
                                              s.REPORTING_PERIOD]
    assert sheets[s.OBJECTIVES] == {"sheet": s.OBJECTIVES, "added": [], "removed": [],
                                    "changed": ["SO1"]}
    assert sheets[s.OUTCOMES]["removed"] == ["O2"] and sheets[s.OUTCOMES]["added"] == ["O99"]
    assert sheets[s.BENCHMARKS]["added"] == ["B99"] and sheets[s.BENCHMARKS]["removed"] == ["B5"]
    assert "B3" in sheets[s.BENCHMARKS]["changed"]
    assert len(sheets[s.MISSION]["added"]) == len(sheets[s.MISSION]["removed"]) == 1
    assert Path(report["document"]).name == NAME


def test_diff_text_summary_and_file_name(changes, tmp_path):
    _, old, new, _ = changes
    result = run_cli("diff", old, new, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["sheet", "added", "removed", "changed"]
    assert any(line.split()[:2] == ["Benchmarks", "1"] for line in lines)
    assert lines[-1] == str(tmp_path / NAME)
    again = run_cli("diff", old, new, "-o", tmp_path)
    assert again.exit_code == 1 and "--overwrite" in again.stderr


def test_diff_document_holds_word_and_row_revisions_with_author_and_date(changes):
    import zipfile

    from lxml import etree

    tmp, _, _, _ = changes
    with zipfile.ZipFile(tmp / "out" / NAME) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    marks = list(root.iter(W + "ins", W + "del"))
    assert marks and all(m.get(W + "author") == "pfs-docgen" and m.get(W + "date")
                         for m in marks)
    assert len({m.get(W + "id") for m in marks}) == len(marks)
    inserted = "".join(t.text or "" for m in root.iter(W + "ins") for t in m.iter(W + "t"))
    deleted = "".join(t.text or "" for m in root.iter(W + "del")
                      for t in m.iter(W + "delText"))
    assert "each" in inserted and "every" in deleted  # a changed word, word-level
    assert "and writing" in inserted  # words added to an objective
    assert "Every family hears from the school twice a term." in inserted  # a new outcome
    assert any(m.getparent().tag == W + "trPr" for m in root.iter(W + "del"))  # a whole row
    assert any(m.getparent().tag == W + "trPr" for m in root.iter(W + "ins"))


def test_diff_document_is_valid_office_open_xml(changes):
    tmp, _, _, _ = changes
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0).validate(
        tmp / "out" / NAME)
    assert [e.description for e in result.errors] == []


def test_libreoffice_accept_all_gives_the_new_plan_and_reject_all_the_old(changes):
    from soffice import require

    require("soffice")
    tmp, old, new, _ = changes
    renderer = renderer_for(None)
    plain = {}
    for name, path in (("old", old), ("new", new)):
        plain[name] = tmp / f"{name}.docx"
        plain[name].write_bytes(prepare(path, renderer, kinds=["plan"]).files[0][2])
    document = tmp / "out" / NAME
    jobs = [(document, tmp / "accepted.txt", "Accept"),
            (document, tmp / "rejected.txt", "Reject"),
            (plain["new"], tmp / "new.txt", "none"), (plain["old"], tmp / "old.txt", "none")]
    profile = tmp / "lo-profile"
    url = profile.resolve().as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={url}", "--headless",
                    "--terminate_after_init"], capture_output=True, timeout=180)
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(_MACRO, "utf-8")
    listing = tmp / "review.txt"
    listing.write_text("".join(f"{a}\t{b}\t{c}\n" for a, b, c in jobs), "utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation={url}", "--headless", "--norestore",
                    f'macro:///Standard.Module1.Review("{listing}")'], capture_output=True,
                   timeout=240)
    text = {p.stem: p.read_text("utf-8-sig") for _, p, _ in jobs}
    for name in ("accepted", "rejected"):  # the summary is no change: it stays in both
        assert text[name].count(HEADING) == 2  # its contents entry, its heading
        text[name] = _without_summary(text[name])
    assert text["accepted"] == text["new"]
    assert text["rejected"] == text["old"]
    assert text["new"] != text["old"]


def _without_summary(text: str) -> str:
    """The document's text without `What changed since last year`: its contents entry, and
    its heading and table up to the plan's first section."""
    text = text.replace(HEADING + "\n", "", 1)
    start = text.index(HEADING + "\n")
    end = text.index("I. District Mission, Vision, Core Values\n", start)
    return text[:start] + text[end:]


def test_diff_document_starts_with_the_summary_table_untracked(changes):
    import docx

    from pfs_docgen.tracked_changes import summary
    from pfs_docgen.workbook import read_workbook

    tmp, old, new, _ = changes
    document = docx.Document(str(tmp / "out" / NAME))
    body = document.element.body
    blocks = [b for b in body if b.tag in (W + "p", W + "tbl")]
    texts = ["".join(t.text or "" for t in b.iter(W + "t")) for b in blocks]
    styles = [b.find(f"{W}pPr/{W}pStyle") for b in blocks]
    styles = [x.get(W + "val") if x is not None else None for x in styles]
    at = next(n for n, (t, st) in enumerate(zip(texts, styles)) if t == HEADING
              and st == "Heading1")
    heading, table = blocks[at], blocks[at + 1]
    # the contents' first entry, linked to the heading's bookmark; the plan's first follows
    entries = [(t, b) for t, b, st in zip(texts, blocks, styles) if st == "toc1"]
    assert [t for t, _ in entries[:2]] == [HEADING, "I. District Mission, Vision, Core Values"]
    link = entries[0][1].find(W + "hyperlink").get(W + "anchor")
    assert heading.find(W + "bookmarkStart").get(W + "name") == link
    assert entries[1][1].find(f".//{W}instrText") is None  # the field starts once
    assert texts[at + 2] == "I. District Mission, Vision, Core Values"  # before the plan
    assert not [b for b in blocks[:at] if b.find(f".//{W}pStyle[@{W}val='Heading1']")
                is not None]
    # no revision mark in the summary: it is not part of the plan
    assert not list(heading.iter(W + "ins", W + "del"))
    assert not list(table.iter(W + "ins", W + "del"))
    rows = table.findall(W + "tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None  # repeats on each page
    head_fill = rows[0].find(f"{W}tc/{W}tcPr/{W}shd").get(W + "fill")
    assert head_fill == "1F4E79"  # navy, as every table's header row
    assert not list(table.iter(W + "gridSpan", W + "vMerge", W + "hMerge"))
    cells = [["".join(t.text or "" for t in tc.iter(W + "t")) for tc in tr.findall(W + "tc")]
             for tr in rows]
    assert cells[0] == ["Sheet", "Added", "Removed", "Changed"]
    expected = summary(read_workbook(old), read_workbook(new))
    assert [c[0] for c in cells[1:]] == [sheet.sheet for sheet in expected]
    by_sheet = {c[0]: c[1:] for c in cells[1:]}
    for sheet in expected:
        for cell, found in zip(by_sheet[sheet.sheet], (sheet.added, sheet.removed,
                                                        sheet.changed)):
            assert cell.split(":")[0] == str(len(found))
            if found and ":" in cell:
                assert cell.split(": ", 1)[1].split(", ") == found
    assert by_sheet[s.OUTCOMES][:2] == ["1: O99", "1: O2"]
    assert by_sheet[s.BENCHMARKS][0] == "1: B99"
    assert by_sheet[s.OBJECTIVES] == ["0", "0", "1: SO1"]
    assert by_sheet[s.MISSION][:2] == ["1", "1"]  # rows without IDs: counted


def test_diff_refuses_a_plan_with_errors(tmp_path):
    rows = sample()
    rows[s.BENCHMARKS][0][s.INITIATIVE_ID] = "9.9"
    old = make_workbook(tmp_path, "old.xlsx")
    bad = make_workbook(tmp_path, "bad.xlsx", rows=rows)
    result = run_cli("diff", old, bad, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "9.9" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
