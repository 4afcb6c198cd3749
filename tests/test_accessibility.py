"""Accessibility of every document kind: properties, heading order, table headers, alt text."""

from __future__ import annotations

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
    return [tmp / "out" / d.path for d in result.manifest.documents if d.path.endswith(".docx")]


def test_every_kind_is_covered(documents):
    kinds = {p.stem.split("_")[1] for p in documents}
    assert kinds == {"district-plan", "district-action-plan", "district-plan-overview",
                     "progress-report", "alignment", "school-improvement-plan",
                     "school-action-plan", "educator-goals", "schools-progress"}


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
