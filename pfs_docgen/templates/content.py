"""What the templates are written with: template tags, paragraphs and headings; tables with
header rows that repeat, row and column loops, shading, widths, padding; bulleted loops."""

from __future__ import annotations

import re

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, RGBColor

from .. import design
from .blocks import WHITE

# --- content helpers ----------------------------------------------------------------------

def tag(container, text: str) -> None:
    """A paragraph holding only a template tag (`{%p ... %}`); rendering removes it."""
    container.add_paragraph(text)


def para(container, text: str = "", style: str | None = None, bold_lead: str = ""):
    p = container.add_paragraph(style=style)
    if bold_lead:
        p.add_run(bold_lead).bold = True
    if text:
        p.add_run(text)
    return p


def heading(doc, text: str, level: int):
    """A heading; one the contents list is a bookmark, named from its text (the `anchor`
    filter), which its contents entry links to."""
    p = doc.add_heading(text, level)
    if level <= design.CONTENTS_LEVELS:
        expression = _as_expression(text)
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), f"{{{{ {expression} | anchor_id }}}}")
        start.set(qn("w:name"), f"{{{{ {expression} | anchor }}}}")
        end.set(qn("w:id"), f"{{{{ {expression} | anchor_id }}}}")
        p._p.insert(1 if p._p.pPr is not None else 0, start)
        p._p.append(end)
    return p


def _as_expression(text: str) -> str:
    """A heading's template text as one Jinja expression: `SO {{ o.number }}` ->
    `('SO ' ~ (o.number))`."""
    pieces = []
    for index, piece in enumerate(re.split(r"\{\{\s*(.+?)\s*\}\}", text)):
        if index % 2:
            pieces.append(f"({piece})")
        elif piece:
            pieces.append("'" + piece.replace("\\", "\\\\").replace("'", "\\'") + "'")
    return "(" + " ~ ".join(pieces) + ")"


def _shading(fill: str):
    """A w:shd element: a solid fill behind a cell or a paragraph."""
    shd = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shd.set(qn(f"w:{key}"), value)
    return shd


def _cell_shading(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_shading(fill))


def _row_flag(row, name: str) -> None:
    """A row property that is on: the bare element, as Word writes it (its schema allows
    only on/off values, so w:val="true" is a finding)."""
    row._tr.get_or_add_trPr().append(OxmlElement(name))


def _set_cell(cell, text: str, bold: bool = False, color: RGBColor | None = None) -> None:
    p = cell.paragraphs[0]
    p.style = "Table Text"
    run = p.add_run(text)
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _widths(table, widths: list[float]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width * 1440)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Inches(width)


def _headed_table(doc, headers: list[str], rows: int):
    """A grid table, centred and padded, whose first row is a navy header repeated on every
    page; returns the table and that row."""
    table = doc.add_table(rows=rows, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_padding(table)
    head = table.rows[0]
    _row_flag(head, "w:tblHeader")
    _row_flag(head, "w:cantSplit")
    for cell, text in zip(head.cells, headers):
        _set_cell(cell, text, bold=True, color=WHITE)
        _cell_shading(cell, design.NAVY)
    return table, head


def data_table(doc, headers: list[str], fields: list[str], loop: str, widths: list[float],
               total: list[str] | None = None, fills: str | None = None, shade: int = 2,
               numbers: tuple[int, ...] = ()):
    """A table: a header row repeated on every page, then one row per item of `loop`.

    `fields` are the Jinja expressions for each column (`row.activity`). `fills`, when given,
    is the expression of a fill colour for the cell of column `shade` (a status, say).
    `numbers`: the columns of amounts and counts, right-aligned from header to total.
    """
    table, head = _headed_table(doc, headers, rows=4 if total is None else 5)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    body = _body_row(table.rows[2], fields)
    if fills:
        _cell_shading(body.cells[shade], f"{{{{ {fills} }}}}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    last = _total_row(table.rows[4], total) if total is not None else None
    _finish(table, [head, body, last], numbers, widths)
    return table


def grouped_table(doc, headers: list[str], fields: list[str], groups: str, widths: list[float],
                  total: list[str] | None = None, numbers: tuple[int, ...] = ()):
    """A table of rows under sub-header rows, one per initiative (`groups` is a list of
    {label, rows}); `fields` are expressions of `row`. The sub-header spans the table and
    stays with its first row; the header row repeats on every page."""
    table, head = _headed_table(doc, headers, rows=8 if total is not None else 7)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for g in {groups} %}}")
    band = table.rows[2]
    merged = band.cells[0].merge(band.cells[-1])
    _set_cell(merged, "{{ g.label }}", bold=True)
    merged.paragraphs[0].paragraph_format.keep_with_next = True
    _cell_shading(merged, design.GROUP_FILL)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr for row in g.rows %}")
    body = _body_row(table.rows[4], fields)
    table.rows[5].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    table.rows[6].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    last = _total_row(table.rows[7], total) if total is not None else None
    _finish(table, [head, body, last], numbers, widths)
    return table


# Body rows may split across pages. LibreOffice (7.4, and Collabora's online issue 16066)
# drops a "can't split" row that does not fit below a repeated header row: a whole outcome
# went missing from the stress plan's PDF. A split row loses nothing; a lost one does.
def _body_row(row, fields: list[str]):
    """The row a loop repeats: each cell the value of its expression ("": left blank)."""
    for cell, expr in zip(row.cells, fields):
        _set_cell(cell, f"{{{{ {expr} }}}}" if expr else "")
    return row


def _total_row(row, texts: list[str]):
    for cell, text in zip(row.cells, texts):
        _set_cell(cell, text, bold=True)
    return row


def _finish(table, rows: list, numbers: tuple[int, ...], widths: list[float]) -> None:
    """Amounts and counts (`numbers`, column indexes) right-aligned in the header, body and
    total rows (None: a row the table does not have); the column widths."""
    for row in rows:
        if row is not None:
            for index in numbers:
                row.cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(table, widths)


def _cell_padding(table, vertical: int = 43, sides: int = 115) -> None:
    """Room around the text of every cell, in twips: by default 0.03" above and below and
    0.08" at the sides (the one-page Overview asks for less)."""
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", vertical), ("left", sides), ("bottom", vertical),
                        ("right", sides)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr = table._tbl.tblPr
    for earlier in tbl_pr.findall(qn("w:tblCellMar")):  # padding set again replaces it
        tbl_pr.remove(earlier)
    look = tbl_pr.find(qn("w:tblLook"))  # the schema's order: tblCellMar before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def column_table(doc, header_loop: str, header_expr: str, row_loop: str, cell_loop: str,
                 cell_expr: str, width: float):
    """A table with one column per item (`{%tc %}` loops), for the objectives overview."""
    table = doc.add_table(rows=4, cols=3)
    table.style = doc.styles["Table Grid"]
    _cell_padding(table)
    head = table.rows[0]
    _row_flag(head, "w:tblHeader")
    _row_flag(head, "w:cantSplit")
    cells = head.cells
    _set_cell(cells[0], f"{{%tc for {header_loop} %}}")
    _set_cell(cells[1], f"{{{{ {header_expr} }}}}", bold=True, color=WHITE)
    _cell_shading(cells[1], design.NAVY)
    _set_cell(cells[2], "{%tc endfor %}")
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {row_loop} %}}")
    body = table.rows[2]
    _set_cell(body.cells[0], f"{{%tc for {cell_loop} %}}")
    _set_cell(body.cells[1], f"{{{{ {cell_expr} }}}}")
    _set_cell(body.cells[2], "{%tc endfor %}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _widths(table, [width / 3] * 3)
    return table


def bullets(doc, loop: str, expr_lead: str, expr_rest: str = "", keep: bool = False) -> None:
    """A bullet per item of `loop`; `keep`: each stays on the page of the next paragraph."""
    tag(doc, f"{{%p for {loop} %}}")
    p = doc.add_paragraph(style="List Bullet")
    p.paragraph_format.keep_together = True
    p.paragraph_format.keep_with_next = keep or None
    if expr_rest:
        p.add_run(expr_lead).bold = True
        p.add_run(expr_rest)
    else:
        p.add_run(expr_lead)
    tag(doc, "{%p endfor %}")
