"""The workbook as a team sees and prints it (issue 14, item 12): row heights, print setup,
input prompts, required headers, ID lists, comment boxes. The pages LibreOffice lays out are
checked in test_libreoffice.py."""

from __future__ import annotations

import math
import re
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import sample, school_rows
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, quote_sheetname

from pfs_docgen import schema as s
from pfs_docgen.workbook import layout, read_workbook, write_workbook
from pfs_docgen.workbook.write import INTRO

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, tuple[str, Path]]:
    """name -> (level, path): the blank district and school workbooks, the sample district,
    a sample school, and the sample input the repository ships."""
    tmp = tmp_path_factory.mktemp("layout")
    return {
        "blank district": (s.DISTRICT, write_workbook(tmp / "blank.xlsx", s.DISTRICT)),
        "blank school": (s.SCHOOL, write_workbook(tmp / "school-blank.xlsx", s.SCHOOL)),
        "sample district": (s.DISTRICT, write_workbook(tmp / "district.xlsx", s.DISTRICT,
                                                       sample(s.DISTRICT))),
        "sample school": (s.SCHOOL, write_workbook(tmp / "school.xlsx", s.SCHOOL,
                                                   school_rows())),
        "inputs": (s.DISTRICT, ROOT / "inputs" / "maple-falls-district.xlsx"),
    }


@pytest.fixture(scope="module", params=["blank district", "blank school", "sample district",
                                        "sample school", "inputs"])
def book(request, workbooks):
    level, path = workbooks[request.param]
    return level, path, load_workbook(path)


def _plan_sheets(level):
    return s.sheets_for(level)


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_row(book):
    level, _, wb = book
    for name in [s.INSTRUCTIONS] + [sheet.name for sheet in _plan_sheets(level)]:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.fitToWidth == 1, name
        assert ws.page_setup.fitToHeight == 0, name  # as many pages tall as it needs
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, name
        assert ws.print_title_rows, name
        assert "&A" in ws.oddFooter.left.text and "&P" in ws.oddFooter.right.text
    for sheet in _plan_sheets(level):
        assert wb[sheet.name].print_title_rows == "$1:$1", sheet.name


def _validations_by_cell(ws, cell: str) -> list:
    return [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]


def test_every_input_column_has_one_validation_with_a_prompt_within_excel_limits(book):
    level, _, wb = book
    for sheet in _plan_sheets(level):
        ws = wb[sheet.name]
        columns = [ws.cell(1, i).value for i in range(1, ws.max_column + 1)]
        assert columns == [c.name for c in sheet.columns]
        for index, col in enumerate(sheet.columns, start=1):
            if sheet.name == s.PLAN_INFO and col.name == s.VALUE:
                continue  # a prompt per field, below
            letter = get_column_letter(index)
            for row in (2, 3, 500):
                found = _validations_by_cell(ws, f"{letter}{row}")
                # one validation a cell: the prompt rides on the drop-down where there is one
                assert len(found) == 1, (sheet.name, col.name, row, found)
                dv = found[0]
                assert dv.showInputMessage, (sheet.name, col.name)
                assert dv.promptTitle == col.name[:32] or dv.promptTitle.endswith("…")
                assert 0 < len(dv.promptTitle) <= 32
                assert 0 < len(dv.prompt) <= 255, (sheet.name, col.name, dv.prompt)
                assert dv.prompt.startswith(col.help[:20]) or dv.prompt.startswith(
                    ("Required: an ID", "Optional: an ID")), (sheet.name, col.name)
    ws = wb[s.PLAN_INFO]
    fields = {f.name: f for f in s.PLAN_FIELDS}
    for row in range(2, ws.max_row + 1):
        spec = fields[ws.cell(row, 1).value]
        found = _validations_by_cell(ws, f"B{row}")
        assert len(found) == 1, spec.name
        assert found[0].showInputMessage and found[0].prompt.startswith(spec.help[:20])
        assert len(found[0].promptTitle) <= 32 and len(found[0].prompt) <= 255


def test_wrapped_data_rows_are_tall_enough_for_their_text(book):
    level, _, wb = book
    tall = 0
    for sheet in _plan_sheets(level):
        ws = wb[sheet.name]
        widths = [c.width for c in sheet.columns]
        for row in range(2, ws.max_row + 1):
            values = [ws.cell(row, i + 1).value for i in range(len(widths))]
            if all(v is None for v in values):
                continue
            # each typed line wrapped at words into lines of 1.1 characters a width unit
            lines = max(sum(len(textwrap.wrap(part, int(w * layout.CHARS_PER_WIDTH))) or 1
                            for part in str(v).split("\n"))
                        for v, w in zip(values, widths) if v is not None)
            height = ws.row_dimensions[row].height
            assert height is not None, (sheet.name, row)  # LibreOffice does not fit rows
            assert height >= min(409, 15 * lines), (sheet.name, row, height, lines)
            assert height <= 409
            tall += height > 15
        header_lines = max(math.ceil(len(c.name) / int(c.width * 0.85)) for c in sheet.columns)
        assert ws.row_dimensions[1].height >= max(30, 15 * header_lines), sheet.name
    if wb[s.BENCHMARKS].max_row > 1:
        assert tall > 20  # the sample's long benchmarks are laid out on several lines


def test_row_height_counts_each_typed_line_and_stops_at_excels_maximum():
    assert layout.row_height([("short", 30)]) == 15
    assert layout.row_height([("a" * 33, 30)]) == 15  # 33 characters a line at width 30
    assert layout.row_height([("a" * 34, 30)]) == 30  # two lines
    assert layout.row_height([("a\nb\nc", 30), ("x", 8)]) == 45
    # wrapped at words: 59 characters, 2 lines by length alone, 3 as the words fall
    assert layout.row_height([("MCAS ELA, grade 3, gap in meeting or exceeding expectations",
                               28)]) == 45
    assert layout.row_height([("word " * 5000, 30)]) == 409


def test_required_headers_are_dark_and_optional_ones_light(book):
    level, _, wb = book
    for sheet in _plan_sheets(level):
        ws = wb[sheet.name]
        for index, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(1, index)
            assert cell.value == col.name  # the header text stays the contract's
            fill = cell.fill.fgColor.rgb[-6:]
            assert fill == ("1F4E79" if col.required else "DDEBF7"), (sheet.name, col.name)
            assert cell.font.bold
    text = " ".join(str(c.value) for row in wb[s.INSTRUCTIONS].iter_rows() for c in row
                    if c.value)
    assert "dark (navy) header are required" in text
    assert any("dark (navy) header are required" in p for p in INTRO)


def test_a_workbook_we_write_reads_back_without_a_warning(workbooks):
    for name, (level, path) in workbooks.items():
        book = read_workbook(path)
        assert book.read_issues == [], name
        assert book.level == level


def test_id_lists_offer_the_filled_ids_only(book):
    level, _, wb = book
    for sheet in _plan_sheets(level):
        if sheet.id_column is None:
            continue
        where = quote_sheetname(sheet.name)
        letter = get_column_letter(sheet.columns.index(sheet.id_column) + 1)
        # from row 2 down, as many rows as the column has IDs: no blank in the drop-down
        formula = wb.defined_names["ids_" + s.normalize(sheet.name)].attr_text
        assert formula == (f"OFFSET({where}!${letter}$2,0,0,"
                           f"MAX(1,COUNTA({where}!${letter}$2:${letter}$500)),1)")


def test_id_prompts_name_the_ids_known_when_written(workbooks):
    wb = load_workbook(workbooks["sample district"][1])
    objectives = sample(s.DISTRICT)[s.OBJECTIVES]
    dv, = _validations_by_cell(wb[s.INITIATIVES], "B2")
    assert dv.formula1 == "=ids_strategicobjectives"
    lines = dv.prompt.split("\n")
    assert lines[0] == "Required: an ID from the Strategic Objectives sheet:"
    assert [line.split(" = ")[0] for line in lines[1:]] == [o[s.ID] for o in objectives]
    assert f"{objectives[0][s.ID]} = {objectives[0][s.OBJECTIVE]}" in lines
    # Too many initiatives to name in 255 characters: the IDs, all of them.
    dv, = _validations_by_cell(wb[s.BENCHMARKS], "B2")
    ids = [i[s.ID] for i in sample(s.DISTRICT)[s.INITIATIVES]]
    assert dv.prompt.endswith("IDs: " + ", ".join(ids))
    # A blank workbook knows no IDs: the help alone.
    blank = load_workbook(workbooks["blank district"][1])
    dv, = _validations_by_cell(blank[s.INITIATIVES], "B2")
    assert "IDs:" not in dv.prompt and "Pick an ID from the Strategic Objectives" in dv.prompt


def test_prompts_are_cut_at_a_word_boundary_within_excels_limits():
    text = "word " * 100
    short = layout.shorten(text, 255)
    assert len(short) <= 255 and short.endswith("word…")
    assert layout.shorten("School Committee Consultation Date", 32) == (
        "School Committee Consultation…")
    pairs = [(f"SO{i}", "A very long objective name " * 5) for i in range(1, 6)]
    prompt = layout.prompt_with_ids("Required: an ID from the X sheet:", pairs)
    assert len(prompt) <= 255
    assert [line.split(" = ")[0] for line in prompt.split("\n")[1:]] == [k for k, _ in pairs]
    many = [(f"{i}.{j}", "Implement the thing") for i in range(1, 6) for j in range(1, 5)]
    prompt = layout.prompt_with_ids("Required:", many)
    assert len(prompt) <= 255 and "\n" not in prompt and "5.4" in prompt


def _comment_boxes(path: Path) -> list[tuple[str, float, float]]:
    """Every comment of the workbook as (text, width px, height px), from its VML shape."""
    found = []
    with zipfile.ZipFile(path) as z:
        comments = sorted(n for n in z.namelist() if re.match(r"xl/comments/comment\d+\.xml", n))
        for name in comments:
            number = re.search(r"(\d+)", name.rsplit("/", 1)[1]).group(1)
            texts = ["".join(c.itertext()) for c in etree.fromstring(z.read(name)).iter(
                "{*}comment")]
            vml = z.read(f"xl/drawings/commentsDrawing{number}.vml").decode()
            sizes = re.findall(r"width:([\d.]+)px;\s*height:([\d.]+)px", vml)
            assert len(sizes) == len(texts)
            found += [(t, float(w), float(h)) for t, (w, h) in zip(texts, sizes)]
    return found


def test_comment_boxes_are_large_enough_for_their_text(workbooks):
    boxes = _comment_boxes(workbooks["blank school"][1])
    assert len(boxes) > 100
    for text, width, height in boxes:
        per_line = int((width - 10) / 6)
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        assert height >= lines * 15, (text, width, height)
    by_length = sorted(boxes, key=lambda b: len(b[0]))
    assert by_length[-1][2] > by_length[0][2]  # a longer text, a taller box
    assert layout.comment_size("x" * 600)[1] > layout.comment_size("x" * 60)[1]
