"""Accessibility of every document kind: properties, heading order, table headers, alt text."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import docx
import pytest
from conftest import sample, school_rows

from pfs_docgen import schema as s
from pfs_docgen.api import bulk
from pfs_docgen.workbook import write_workbook

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def png(width: int, height: int) -> bytes:
    raw = b"".join(b"\x00" + bytes([31, 78, 121]) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _with_logo(rows: dict, logo: str) -> dict:
    rows[s.PLAN_INFO].append({s.FIELD: s.LOGO, s.VALUE: logo})
    return rows


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("a11y")
    (tmp / "logo.png").write_bytes(png(300, 120))
    (tmp / "schools").mkdir()
    (tmp / "schools" / "crest.png").write_bytes(png(100, 100))
    write_workbook(tmp / "district.xlsx", s.DISTRICT, _with_logo(sample(), "logo.png"))
    rows = school_rows()
    rows[s.BENCHMARKS][0][s.STATUS] = "On Track"  # so the school makes a progress report too
    write_workbook(tmp / "schools" / "oak.xlsx", s.SCHOOL, _with_logo(rows, "crest.png"))
    result = bulk(tmp / "schools", tmp / "district.xlsx", tmp / "out", jobs=1)
    assert not result.manifest.failures
    # and diff's document: the tracked changes and its summary table
    from pfs_docgen.api import diff

    changed = _with_logo(sample(), "logo.png")
    changed[s.MISSION][0][s.TEXT] += " And more."
    changed[s.OUTCOMES].pop(1)
    write_workbook(tmp / "district-next.xlsx", s.DISTRICT, changed)
    changes = diff(tmp / "district.xlsx", tmp / "district-next.xlsx", tmp / "diff")
    assert changes.path is not None
    return [tmp / "out" / d.path for d in result.manifest.documents
            if d.path.endswith(".docx")] + [changes.path]


def test_every_kind_is_covered(documents):
    kinds = {p.stem.split("_")[1] for p in documents}
    assert kinds == {"district-plan", "district-action-plan", "district-plan-overview",
                     "progress-report", "alignment", "school-improvement-plan",
                     "school-action-plan", "educator-goals", "schools-progress", "changes"}


def test_title_subject_author_and_language_are_set(documents):
    for path in documents:
        props = docx.Document(str(path)).core_properties
        assert props.title and props.subject and props.author, path.name
        assert props.language == "en-US", path.name
        with open(path, "rb"):
            pass


def test_headings_start_at_level_one_and_skip_no_level(documents):
    for path in documents:
        levels = [int(p.style.name.split()[-1]) for p in docx.Document(str(path)).paragraphs
                  if p.style.name.startswith("Heading ")]
        assert levels and levels[0] == 1, path.name
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, (path.name, before, after)


def test_every_table_marks_its_header_row(documents):
    for path in documents:
        for table in docx.Document(str(path)).tables:
            tr_pr = table.rows[0]._tr.trPr
            assert tr_pr is not None and tr_pr.find(W + "tblHeader") is not None, path.name


def test_every_picture_has_alt_text_and_the_logo_is_on_each_cover(documents):
    covers = 0
    for path in documents:
        document = docx.Document(str(path))
        pictures = document.element.body.iter(WP + "docPr")
        for picture in pictures:
            assert picture.get("descr", "").startswith("Logo of "), path.name
            covers += 1
    with_cover = [p for p in documents if "overview" not in p.name and "alignment" not in p.name
                  and "schools-progress" not in p.name]  # the one-page kinds and bulk's
    assert covers == len(with_cover)


def test_the_logo_is_the_districts_picture(documents):
    plan = next(p for p in documents if "_district-plan_" in p.name)
    import zipfile

    with zipfile.ZipFile(plan) as z:
        assert z.read("word/media/pfs-logo.png") == png(300, 120)


@pytest.mark.parametrize("logo,content,expected", [
    ("missing.png", None, "is not a PNG or JPEG picture of at most 5 MB inside the workbook's"),
    ("notes.png", b"just some text", "is not a PNG or JPEG picture of at most 5 MB inside"),
])
def test_a_bad_logo_is_an_error_at_its_cell(tmp_path, logo, content, expected):
    from pfs_docgen.api import check

    if content is not None:
        (tmp_path / logo).write_bytes(content)
    path = write_workbook(tmp_path / "plan.xlsx", s.DISTRICT, _with_logo(sample(), logo))
    report = check(path)
    [issue] = [i for i in report.issues if i.column == s.LOGO]
    assert issue.severity == "error" and issue.sheet == s.PLAN_INFO
    assert issue.cell == f"B{len(sample()[s.PLAN_INFO]) + 2}"
    assert expected in issue.message


# What Word's Accessibility Checker looks for in the .docx, beyond the above (issue 15).

def _parts(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()
                if re.fullmatch(r"word/(document|header\d*|footer\d*|styles)\.xml", n)}


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def test_no_empty_paragraph_is_used_for_spacing(documents):
    """Spacing is paragraph spacing. A paragraph outside a table without text holds a
    picture (the logo) or only a section break (a page of another orientation follows; Word
    keeps a section's properties in a paragraph, and needs one after a table that ends a
    section); an empty table cell holds the one empty paragraph a cell must have."""
    from lxml import etree

    for path in documents:
        body = etree.fromstring(_parts(path)["word/document.xml"]).find(W + "body")
        for p in body.findall(W + "p"):
            if _text(p).strip() or p.find(f".//{WP}docPr") is not None:
                continue
            assert p.find(f"{W}pPr/{W}sectPr") is not None, (path.name, etree.tostring(p)[:300])
            assert p.find(f".//{W}br") is None and p.find(f".//{W}r") is None, path.name


def test_data_tables_merge_no_cells_but_the_full_width_group_band(documents):
    """No cell is merged down (vMerge) or across, but a grouped table's sub-header band:
    one bold cell spanning the whole row on the group fill, the label of the rows below
    (a choice: see the README's Accessibility section)."""
    from pfs_docgen import design

    bands = 0
    for path in documents:
        for table in docx.Document(str(path)).tables:
            tbl = table._tbl
            columns = len(tbl.tblGrid.findall(W + "gridCol"))
            assert not tbl.findall(f".//{W}vMerge"), path.name
            for n, tr in enumerate(tbl.findall(W + "tr")):
                spans = tr.findall(f"{W}tc/{W}tcPr/{W}gridSpan")
                if not spans:
                    continue
                [tc] = tr.findall(W + "tc")
                assert n > 0 and int(spans[0].get(W + "val")) == columns, path.name
                assert tc.find(f"{W}tcPr/{W}shd").get(W + "fill") == design.GROUP_FILL
                assert all(r.find(f"{W}rPr/{W}b") is not None for r in tc.iter(W + "r")
                           if _text(r)), path.name
                bands += 1
    assert bands  # the sample's grouped tables have their bands


def _luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_gives_wcags_figures():
    assert round(contrast("000000", "FFFFFF"), 1) == 21.0
    assert round(contrast("767676", "FFFFFF"), 2) == 4.54  # WCAG's lightest AA grey on white
    assert contrast("FFFFFF", "FFFFFF") == 1.0


def _colour(value: str | None) -> str | None:
    return None if value in (None, "", "auto") else value.upper()


def test_every_text_has_a_contrast_of_at_least_4_5_to_its_shading(documents):
    """Each run of text, in the body, headers and footers, against what is behind it: its
    own shading, its paragraph's, its cell's, or the white page. Colours come from the
    documents themselves: the run's colour, else its character and paragraph styles' (and
    theirs, by basedOn), else black."""
    from lxml import etree

    seen = set()
    for path in documents:
        parts = _parts(path)
        styles = etree.fromstring(parts["word/styles.xml"])
        colour, based = {}, {}
        for style in styles.findall(W + "style"):
            sid = style.get(W + "styleId")
            c = style.find(f"{W}rPr/{W}color")
            colour[sid] = _colour(c.get(W + "val")) if c is not None else None
            b = style.find(W + "basedOn")
            based[sid] = b.get(W + "val") if b is not None else None

        def style_colour(sid, colour=colour, based=based):
            while sid:
                if colour.get(sid):
                    return colour[sid]
                sid = based.get(sid)
            return None

        for name, data in parts.items():
            if name == "word/styles.xml":
                continue
            for p in etree.fromstring(data).iter(W + "p"):
                p_style = p.find(f"{W}pPr/{W}pStyle")
                p_style = p_style.get(W + "val") if p_style is not None else "Normal"
                p_shd = p.find(f"{W}pPr/{W}shd")
                cell = next((a for a in p.iterancestors(W + "tc")), None)
                c_shd = cell.find(f"{W}tcPr/{W}shd") if cell is not None else None
                for run in p.iter(W + "r"):
                    if not _text(run).strip():
                        continue
                    r_colour = run.find(f"{W}rPr/{W}color")
                    r_style = run.find(f"{W}rPr/{W}rStyle")
                    fg = (_colour(r_colour.get(W + "val") if r_colour is not None else None)
                          or (style_colour(r_style.get(W + "val")) if r_style is not None
                              else None)
                          or style_colour(p_style) or "000000")
                    r_shd = run.find(f"{W}rPr/{W}shd")
                    bg = next((_colour(s.get(W + "fill")) for s in (r_shd, p_shd, c_shd)
                               if s is not None and _colour(s.get(W + "fill"))), "FFFFFF")
                    ratio = contrast(fg, bg)
                    assert ratio >= 4.5, (path.name, name, _text(run)[:40], fg, bg, ratio)
                    seen.add((fg, bg))
    from pfs_docgen import design

    # the pairs the issue names are among those measured
    assert {(design.WHITE, design.NAVY), (design.DRAFT_RED, design.WHITE),
            (design.GREY, design.WHITE), (design.NAVY, design.WHITE)} <= seen, seen
    assert {(design.BLACK, fill) for fill in design.STATUS_FILLS.values()} & seen
