"""Short tables stay on one page: every paragraph of their rows but the last keeps with the
next, which is how Word itself keeps a table together (LibreOffice reads it the same way).

Whether a table is short is known only once it is rendered, so this runs on the rendered XML:
its height is estimated from its text, its cells' widths and its font size. A table taller
than KEPT_HEIGHT breaks between rows, its header row repeated; keeping it together would
leave most of a page blank before it.
"""

from __future__ import annotations

import math
import re

from .columns import TextStyles, outer_tables, table_em

KEPT_HEIGHT = 2 * 1440  # twips: a table up to 2 inches tall moves to the next page whole
_AVERAGE_ADVANCE = 0.5  # em: Calibri's average character, spaces included
_LINE = 1.22  # line height, in ems
_ROW_PADDING = 2 * 43 + 20  # cell margins above and below, and the border, in twips
_CELL_PADDING = 2 * 115
_CELL_WIDTH = re.compile(r'<w:tcW (?:w:type="dxa" )?w:w="(\d+)"')
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_STYLE_PROP = re.compile(r"<w:pStyle [^>]*/>")


def keep_short_tables(xml: str, styles: TextStyles) -> str:
    """The document XML with each table shorter than KEPT_HEIGHT kept together."""
    if "<w:tbl>" not in xml:
        return xml
    out, at = [], 0
    for start, end in outer_tables(xml):
        out.append(xml[at:start])
        out.append(_kept(xml[start:end], styles))
        at = end
    out.append(xml[at:])
    return "".join(out)


def estimated_height(table: str, styles: TextStyles) -> int:
    """A table's height in twips, from its text wrapped at an average character width."""
    em = table_em(table, styles)
    height = 0
    for row in table.split("</w:tr>")[:-1]:
        lines = 1
        for cell in row.split("</w:tc>")[:-1]:
            width = _CELL_WIDTH.search(cell)
            room = max(int(width.group(1)) - _CELL_PADDING, em) if width else 2 * 1440
            per_line = room / (_AVERAGE_ADVANCE * em)  # characters
            cell_lines = sum(max(1, math.ceil(len("".join(_TEXT.findall(p))) / per_line))
                             for p in cell.split("</w:p>")[:-1])
            lines = max(lines, cell_lines)
        height += round(lines * _LINE * em) + _ROW_PADDING
    return height


def _kept(table: str, styles: TextStyles) -> str:
    rows = table.split("</w:tr>")
    if table.count("<w:tbl>") > 1 or len(rows) < 3 or "<w:keepNext" in table:
        return table
    shortest_row = _LINE * table_em(table, styles) + _ROW_PADDING
    if (len(rows) - 1) * shortest_row > KEPT_HEIGHT \
            or estimated_height(table, styles) > KEPT_HEIGHT:  # so many rows: tall anyway
        return table
    # every row but the last (the final piece is what follows the last row's end tag)
    return "</w:tr>".join([_keep_paragraphs(row) for row in rows[:-2]] + rows[-2:])


def _keep_paragraphs(row: str) -> str:
    """Each paragraph of a row gets <w:keepNext/>, in its schema place (after pStyle)."""
    parts = re.split(r"(<w:p>|<w:p [^>]*>)", row)
    for n in range(1, len(parts), 2):
        body = parts[n + 1]
        if body.startswith("<w:pPr>"):
            style = _STYLE_PROP.match(body, len("<w:pPr>"))
            cut = style.end() if style else len("<w:pPr>")
            parts[n + 1] = body[:cut] + "<w:keepNext/>" + body[cut:]
        elif body.startswith("<w:pPr/>"):
            parts[n + 1] = "<w:pPr><w:keepNext/></w:pPr>" + body[len("<w:pPr/>"):]
        else:
            parts[n + 1] = "<w:pPr><w:keepNext/></w:pPr>" + body
    return "".join(parts)
