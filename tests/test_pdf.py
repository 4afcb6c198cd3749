"""PDF conversion's bookkeeping, with a stand-in for soffice: only whole PDFs reach their
place, a LibreOffice stopped midway leaves no lock file, and a PDF that cannot be put in
place is reported for its document. (The real LibreOffice runs in test_libreoffice.py.)"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from pfs_docgen import pdf

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a sh script")

# Stands in for `soffice ... macro:///Standard.Module1.ExportPdf("<listing>")`: for each
# line of the listing (document TAB temporary PDF) it writes what the document asks for.
FAKE_SOFFICE = r'''
import re, sys
from pathlib import Path
listing = re.search(r'ExportPdf\("(.*)"\)', sys.argv[-1]).group(1)
for line in Path(listing).read_text(encoding="utf-8").splitlines():
    doc, part = (Path(p) for p in line.split("\t"))
    Path(doc.parent, f".~lock.{doc.name}#").write_text("a LibreOffice lock")
    wants = doc.read_text(encoding="utf-8")
    if wants == "whole":  # a real PDF, for pdf_ua.mend to read back
        import pikepdf
        pikepdf.new().save(part)
    elif wants == "cut off":
        part.write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
'''


def _soffice(tmp_path: Path) -> str:
    script = tmp_path / "fake_soffice.py"
    script.write_text(FAKE_SOFFICE, encoding="utf-8")
    launcher = tmp_path / "soffice"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{script}" "$@"\n')
    launcher.chmod(0o755)
    return str(launcher)


def _documents(tmp_path: Path, **wants: str) -> dict[str, Path]:
    folder = tmp_path / "out"
    folder.mkdir()
    docs = {}
    for name, content in wants.items():
        docs[name] = folder / f"{name}.docx"
        docs[name].write_text(content, encoding="utf-8")
    return docs


def test_only_whole_pdfs_reach_their_place_and_no_lock_file_stays(tmp_path):
    docs = _documents(tmp_path, plan="whole", overview="cut off", report="nothing")
    work = tmp_path / "work"
    work.mkdir()
    pdfs, failed, _ = pdf._batch(_soffice(tmp_path), "file:///unused", list(docs.values()), work,
                              threading.Event())
    assert pdfs == {docs["plan"]: docs["plan"].with_suffix(".pdf")}
    assert docs["plan"].with_suffix(".pdf").read_bytes().rstrip().endswith(b"%%EOF")
    assert set(failed) == {docs["overview"], docs["report"]}
    assert "whole PDF" in failed[docs["overview"]]
    left = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert left == ["overview.docx", "plan.docx", "plan.pdf", "report.docx"]  # no .part, lock


def test_after_ctrl_c_the_pdfs_of_the_running_batch_are_dropped(tmp_path):
    docs = _documents(tmp_path, plan="whole")
    work = tmp_path / "work"
    work.mkdir()
    stop = threading.Event()
    stop.set()
    pdfs, failed, _ = pdf._batch(_soffice(tmp_path), "file:///unused", list(docs.values()), work,
                              stop)
    assert pdfs == {} and set(failed) == {docs["plan"]}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan.docx"]


def test_a_pdf_that_cannot_be_put_in_place_is_reported_for_its_document(tmp_path):
    docs = _documents(tmp_path, plan="whole")
    docs["plan"].with_suffix(".pdf").mkdir()  # a folder in the way
    work = tmp_path / "work"
    work.mkdir()
    pdfs, failed, _ = pdf._batch(_soffice(tmp_path), "file:///unused", list(docs.values()), work,
                              threading.Event())
    assert pdfs == {}
    assert "plan.pdf could not be written" in failed[docs["plan"]]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan.docx", "plan.pdf"]


def test_mend_gives_links_a_named_tab_order_and_makes_borders_artifacts(tmp_path):
    """What LibreOffice 7.4 leaves short of PDF/UA-1 (pdf_ua.py), on a PDF made to show it:
    a page's tab order as a string, a border drawn outside marked content, an empty
    paragraph element beside a full one."""
    import pikepdf

    from pfs_docgen.pdf_ua import mend

    made = pikepdf.new()
    made.add_blank_page()
    page = made.pages[0]
    page.obj.Tabs = pikepdf.String("S")
    page.obj.Contents = made.make_stream(
        b"/P <</MCID 0>> BDC BT /F1 9 Tf (x) Tj ET EMC 72 720 m 540 720 l S")
    full = made.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.P, K=0))
    empty = made.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.P))
    cell = made.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.TD))
    made.Root.StructTreeRoot = made.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([full, empty, cell])))
    path = tmp_path / "made.pdf"
    made.save(path)
    mend(path)
    with pikepdf.open(path) as pdf:
        assert pdf.pages[0].obj.Tabs == pikepdf.Name.S
        operators = [str(i.operator) for i in pikepdf.parse_content_stream(pdf.pages[0])]
        assert operators[-5:] == ["BMC", "m", "l", "S", "EMC"]
        kept = list(pdf.Root.StructTreeRoot.K)
        assert [str(k.S) for k in kept] == ["/P", "/TD"]  # the empty cell stays
