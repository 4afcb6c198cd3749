"""How our workbooks look on screen and on paper: row heights, comment boxes, input prompts
and print setup, estimated from the text so every client (Excel, LibreOffice Calc, Google
Sheets) shows all of it without fitting rows itself.

The estimates are plain arithmetic on character counts, deliberately generous: a row a line
too tall costs a little white space, a row a line too short hides text (LibreOffice does not
fit the rows of a file it opens, so a wrapped row without a height shows one line, and the
lines below overlap)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

LINE_PT = 15.0  # one line of 11 pt Calibri (Carlito in LibreOffice), as Excel spaces rows
MAX_ROW_PT = 409.0  # the tallest row Excel allows
HEADER_MIN_PT = 30.0
# Characters of ordinary prose on one line of a column `width` wide (Excel's width unit is
# the width of a '0'; the average letter of prose is a little narrower, but wrapping at word
# boundaries loses part of a line, so one character a unit is the safe side).
CHARS_PER_WIDTH = 1.1
BOLD_CHARS_PER_WIDTH = 0.85

# Excel's limits for a data validation's input message.
PROMPT_TITLE_MAX = 32
PROMPT_MAX = 255

# Comment boxes (VML, in pixels): Tahoma 9 pt, about 6 px a character and 15 px a line.
COMMENT_WIDTH_PX = 300
_COMMENT_CHAR_PX = 6.0
_COMMENT_LINE_PX = 15.0
_COMMENT_PAD_PX = 24.0


def text_lines(text: object, width: float, per_unit: float = CHARS_PER_WIDTH) -> int:
    """Lines a wrapped cell of `width` needs for `text`: each of its own lines (a line break
    typed in the cell) wrapped at spaces and hyphens, as spreadsheets wrap, into lines of
    `width * per_unit` characters (so at least ceil(length / characters a line) of them; a
    narrow column loses more to wrapping than ceil alone would say)."""
    per_line = max(1, int(width * per_unit))
    return sum(1 if len(line) <= per_line  # fits as it is: textwrap would say so, slowly
               else max(len(textwrap.wrap(line, per_line)), math.ceil(len(line) / per_line))
               for line in str(text).split("\n"))


def row_height(cells: Sequence[tuple[object, float]], per_unit: float = CHARS_PER_WIDTH,
               minimum: float = LINE_PT) -> float:
    """The height in points of a row of wrapped cells, (value, column width) each: its
    tallest cell's lines, 15 pt a line, at most Excel's 409 pt."""
    lines = max((text_lines(v, w, per_unit) for v, w in cells if v not in (None, "")),
                default=1)
    return min(MAX_ROW_PT, max(minimum, lines * LINE_PT))


def comment_size(text: str) -> tuple[int, int]:
    """(width, height) in pixels of a comment box that shows `text` whole."""
    per_line = int((COMMENT_WIDTH_PX - 10) / _COMMENT_CHAR_PX)
    lines = sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))
    return COMMENT_WIDTH_PX, int(lines * _COMMENT_LINE_PX + _COMMENT_PAD_PX)


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut at a word boundary with an ellipsis; runs of
    spaces become one, line breaks stay."""
    text = "\n".join(" ".join(line.split()) for line in text.strip().split("\n"))
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut or "\n" in cut:
        cut = cut[:max(cut.rfind(" "), cut.rfind("\n"))]
    return cut.rstrip(" ,;:.\n") + "…"


def prompt_with_ids(base: str, pairs: list[tuple[str, str]], limit: int = PROMPT_MAX) -> str:
    """An input prompt: `base`, then the IDs a drop-down offers with their names, one a line
    (`SO1 = Improve literacy`), each name shortened so that all the IDs fit within `limit`.
    When the names cannot have a few words each, the IDs alone."""
    lines = [shorten(base, limit)]
    room = limit - len(lines[0]) - len(pairs)  # a line break before each entry
    keys = sum(len(k) + 3 for k, _ in pairs)  # "ID = "
    each = (room - keys) // max(1, len(pairs))
    if not pairs or each < 20:
        return shorten(" ".join([lines[0]] + [", ".join(k for k, _ in pairs)]), limit)
    lines += [f"{k} = {shorten(name, each)}" if name else k for k, name in pairs]
    return "\n".join(lines)


def print_setup(ws, *, title_rows: str | None = "1:1") -> None:
    """Landscape, one page wide and as many tall as needed, the header row on every page,
    narrow margins, and a footer with the sheet's name and the page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "Page &P of &N"
    ws.print_options.gridLines = True
