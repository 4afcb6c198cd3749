"""After a render: columns as wide as their longest words, short tables kept on one page."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pfs_docgen.templates
from pfs_docgen.render.columns import fit_columns, text_styles
from pfs_docgen.render.keep import KEPT_HEIGHT, estimated_height, keep_short_tables

PLAN = Path(pfs_docgen.templates.__file__).parent / "plan.docx"
STYLES = text_styles(zipfile.ZipFile(PLAN).read("word/styles.xml").decode())


def _cell(text: str, width: int, span: int = 1, bold: bool = False) -> str:
    props = f'<w:tcW w:type="dxa" w:w="{width}"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>"
            f"</w:pPr><w:r>{run_props}<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
            "</w:tc>")


def _table(widths: list[int], rows: list[list[str]]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join("<w:tr>" + "".join(_cell(t, w) for t, w in zip(row, widths)) + "</w:tr>"
                   for row in rows)
    return (f"<w:body><w:tbl><w:tblPr><w:tblLayout w:type=\"fixed\"/></w:tblPr>"
            f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl></w:body>")


def _grid(xml: str) -> list[int]:
    return [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', xml)]


def test_the_template_styles_give_the_table_text_size():
    assert STYLES.of("TableText") == (19, False)  # 9.5 pt
    assert STYLES.of(None) == (22, False)  # Normal: 11 pt


def test_a_column_too_narrow_for_its_longest_word_is_widened_and_the_table_keeps_its_width():
    xml = _table([1000, 4000], [["Superintendent/Principal", "A short text"]])
    fitted = fit_columns(xml, STYLES)
    first, second = _grid(fitted)
    assert first > 1000 and first + second == 5000
    # every cell's own width follows its column
    assert re.findall(r'<w:tcW w:type="dxa" w:w="(\d+)"/>', fitted) == [str(first), str(second)]
    assert "Superintendent/Principal" in fitted


def test_a_table_whose_words_fit_is_left_as_drawn():
    xml = _table([2000, 3000], [["Fall 2025", "Screen all students three times a year"]])
    assert fit_columns(xml, STYLES) == xml


def test_a_bold_word_and_an_escaped_character_are_measured():
    plain = fit_columns(_table([1100, 4000], [["Mathematics&amp;Science", "x"]]), STYLES)
    assert _grid(plain)[0] > 1100
    narrow = "<w:tr>" + _cell("Superintendents", 1100, bold=True) + _cell("x", 4000) + "</w:tr>"
    xml = _table([1100, 4000], []).replace("</w:tblGrid>", "</w:tblGrid>" + narrow)
    assert _grid(fit_columns(xml, STYLES))[0] > _grid(fit_columns(
        xml.replace("<w:rPr><w:b/></w:rPr>", ""), STYLES))[0]


def test_a_word_wider_than_half_the_table_cannot_take_the_whole_table():
    url = "https://www.doe.mass.edu/accountability/lists-tools/school-and-district-profiles"
    fitted = _grid(fit_columns(_table([1500, 1500, 3000], [["x", url.replace("-", ""), "y"]]),
                               STYLES))
    assert fitted[1] <= 0.45 * 6000 + 3 and sum(fitted) == 6000  # 3: rounding


def test_a_merged_cell_does_not_count_for_one_column_and_spans_are_resized():
    row = "<w:tr>" + _cell("Strategic Initiative 1.1: Multi-tiered-systems", 5000, span=2) \
        + "</w:tr><w:tr>" + _cell("Professionalism", 800) + _cell("x", 4200) + "</w:tr>"
    xml = _table([800, 4200], []).replace("</w:tblGrid>", "</w:tblGrid>" + row)
    fitted = fit_columns(xml, STYLES)
    first, second = _grid(fitted)
    assert first > 800
    assert f'<w:tcW w:type="dxa" w:w="{first + second}"/><w:gridSpan' in fitted


def test_a_nested_table_is_left_as_the_template_drew_it():
    inner = _table([500, 500], [["Superintendent", "x"]])[len("<w:body>"):-len("</w:body>")]
    outer = _table([1000, 4000], [["x", "y"]]).replace("<w:t xml:space=\"preserve\">y</w:t>",
                                                       "</w:r></w:p>" + inner + "<w:p><w:r>")
    assert fit_columns(outer, STYLES) == outer


def test_a_short_table_keeps_every_row_but_the_last_with_the_next():
    rows = [["Name", "Role"]] + [[f"Member {n}", "Parent"] for n in range(6)]
    kept = keep_short_tables(_table([2000, 2000], rows), STYLES)
    per_row = [r.count("<w:keepNext/>") for r in re.findall(r"<w:tr>.*?</w:tr>", kept)]
    assert per_row == [2] * 6 + [0]
    # in its schema place: after the paragraph style
    assert '<w:pStyle w:val="TableText"/><w:keepNext/>' in kept


def test_a_tall_table_is_left_to_break_between_rows():
    finding = "In 2025, 38% of grade 3 students met or exceeded expectations. " * 6
    rows = [["Focus Area", "Finding"]] + [["Early literacy", finding] for _ in range(4)]
    xml = _table([1500, 3000], rows)
    assert estimated_height(xml, STYLES) > KEPT_HEIGHT
    assert keep_short_tables(xml, STYLES) == xml


def test_the_height_estimate_grows_with_the_text_and_shrinks_with_the_width():
    short = _table([2000, 2000], [["Name", "Role"], ["A", "B"]])
    longer = _table([2000, 2000], [["Name", "Role"], ["A " * 200, "B"]])
    wider = _table([2000, 6000], [["Name", "Role"], ["A", "B " * 200]])
    narrower = _table([2000, 2000], [["Name", "Role"], ["A", "B " * 200]])
    assert estimated_height(short, STYLES) < estimated_height(longer, STYLES)
    assert estimated_height(wider, STYLES) < estimated_height(narrower, STYLES)


def test_tables_drawn_alike_share_their_fitted_widths_so_columns_line_up():
    wide = _table([1000, 4000], [["Group", "Outcome"], ["Hispanic/Latino/Latinx", "x"]])
    plain = _table([1000, 4000], [["Group", "Outcome"], ["All", "y"]])
    other = _table([1000, 4000], [["Name", "Role"], ["All", "y"]])  # drawn otherwise
    body = lambda xml: xml[len("<w:body>"):-len("</w:body>")]  # noqa: E731
    fitted = fit_columns("<w:body>" + body(wide) + body(plain) + body(other) + "</w:body>",
                         STYLES)
    grids = re.findall(r"<w:tblGrid>.*?</w:tblGrid>", fitted)
    assert grids[0] == grids[1] != grids[2]
    assert _grid(grids[2]) == [1000, 4000]
