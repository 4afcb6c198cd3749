"""The table of contents is pre-filled from the plan model's list of headings (context/toc.py);
the templates print the headings themselves. The two must say the same thing, in the same
order, at the same levels, for every kind of document a district or a school makes."""

from __future__ import annotations

import zipfile

from conftest import make_workbook, school_rows
from docx_read import headings

from pfs_docgen import schema as s
from pfs_docgen.api import renderer_for
from pfs_docgen.context import plan_model, with_document
from pfs_docgen.documents import kinds_for
from pfs_docgen.workbook import read_workbook, write_workbook


def _body_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def _rendered_headings(renderer, book, district, kind, path):
    context = with_document(plan_model(book, district=district), kind)
    path.write_bytes(renderer.render(kind, context))
    printed = [(int(style.split()[-1]), text) for style, text in headings(path)
               if int(style.split()[-1]) <= 2]  # the contents list Heading 1 and 2
    listed = [(entry["level"], entry["text"]) for entry in context["toc"]]
    has_contents = "TOC \\o" in _body_xml(path)
    return printed if has_contents else [], listed


def _every_kind(tmp_path):
    """(book, district, kind) for every kind the sample district and a school make."""
    district = read_workbook(make_workbook(tmp_path))
    school = read_workbook(write_workbook(tmp_path / "school.xlsx", s.SCHOOL, school_rows()))
    return [(book, district, kind) for book in (district, school) for kind in kinds_for(book)]


def test_every_heading_a_document_prints_is_in_its_contents_and_no_other(tmp_path):
    renderer = renderer_for()
    checked = 0
    for book, district, kind in _every_kind(tmp_path):
        printed, listed = _rendered_headings(renderer, book, district, kind,
                                             tmp_path / f"{book.plan_level}-{kind}.docx")
        # a document without contents (the one-page Overview) lists no headings
        assert printed == listed, (book.plan_level, kind)
        checked += bool(listed)
    assert checked >= 5  # the plans, action plans and progress report all list headings


def test_every_contents_entry_links_to_its_heading(tmp_path):
    """Each entry of the contents is a link to a bookmark on the heading it names; the
    contents list Heading 1 and 2 only, and bookmarks are unique."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    renderer = renderer_for()
    linked = 0
    for book, district, kind in _every_kind(tmp_path):
        context = with_document(plan_model(book, district=district), kind)
        body = etree.fromstring(_render_body(renderer, kind, context))
        marks = {}
        for start in body.iter(f"{w}bookmarkStart"):
            paragraph = start.getparent()
            marks[start.get(f"{w}name")] = "".join(paragraph.itertext())
        ids = [m.get(f"{w}id") for m in body.iter(f"{w}bookmarkStart")]
        assert len(ids) == len(set(ids)), (book.plan_level, kind)
        for link in body.iter(f"{w}hyperlink"):
            target = link.get(f"{w}anchor")
            assert target in marks, (kind, "".join(link.itertext()))
            assert marks[target] == "".join(link.itertext())
            linked += 1
        if context["toc"]:
            assert 'TOC \\o "1-2"' in etree.tostring(body).decode()
        assert all(entry["level"] <= 2 for entry in context["toc"])
    assert linked >= 20


def _render_body(renderer, kind, context) -> bytes:
    import io

    with zipfile.ZipFile(io.BytesIO(renderer.render(kind, context))) as z:
        return z.read("word/document.xml")
