"""A small reader of OpenDocument spreadsheets (.ods, LibreOffice Calc's own format): the
same RawSheets as xlsx.py, so every check and message after it is the .xlsx reader's.

Only content.xml is read, through xmlparts (no entities, no network, a big part as a
stream) after limits.py has checked the zip's sizes. What a cell holds comes from its
`office:value-type`: a string's text is its `text:p` paragraphs (line breaks, `text:s`
spaces and tabs as typed); a float, percentage or currency is the text Calc shows (its
`text:p`), or the number when there is none; a date is a date (its data style decides
whether it shows a day); a boolean a boolean; a formula with no value type was never
calculated. `table:number-columns-repeated` and `table:number-rows-repeated` (Calc writes
a million empty rows at the end of a sheet) cost nothing when empty, and a repeated value
counts every copy against the sheet's cell limit before one is made.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime

from .limits import CellCount, check_sizes
from .xlsx import MAX_COLUMN, MAX_ROW, RawCell, RawSheet, XlsxError
from .xmlparts import elements

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
CONTENT, STYLES = "content.xml", "styles.xml"

_T, _O, _X = f"{{{TABLE}}}", f"{{{OFFICE}}}", f"{{{TEXT}}}"
_ROW, _CELL, _COVERED = _T + "table-row", _T + "table-cell", _T + "covered-table-cell"
_SHEET = _T + "table"
_STYLE, _DATE_STYLE = f"{{{STYLE}}}style", f"{{{NUMBER}}}date-style"
_ROW_GROUPS = {_T + "table-header-rows", _T + "table-rows", _T + "table-row-group"}
_MONTH_ONLY = "mmmm yyyy"  # what show_date needs to know: the style shows no day


def is_ods(archive: zipfile.ZipFile) -> bool:
    """The zip is an OpenDocument spreadsheet (its `mimetype` part says so)."""
    if "mimetype" not in archive.namelist():
        return False
    try:
        with archive.open("mimetype") as part:
            head = part.read(100)
    except Exception:  # a damaged mimetype part: the .xlsx checks name what is wrong
        return False
    return head.strip() == b"application/vnd.oasis.opendocument.spreadsheet"


def read_sheets(archive: zipfile.ZipFile, skip=lambda title: False) -> Iterator[RawSheet]:
    """Every sheet of the spreadsheet, in order; `skip(title)` ones come back empty."""
    check_sizes(archive.infolist(), {CONTENT: f"the spreadsheet's content ({CONTENT})",
                                     STYLES: f"the spreadsheet's styles ({STYLES})"})
    month_only_styles: set[str] = set()  # data styles without a day
    cell_styles: dict[str, str] = {}  # cell style -> its data style
    count = CellCount()
    if STYLES in archive.namelist():  # Calc keeps the data styles there
        for element in elements(archive, STYLES, _DATE_STYLE):
            _date_style(element, month_only_styles)
    for element in elements(archive, CONTENT, _DATE_STYLE, _STYLE, _SHEET):
        if element.tag == _DATE_STYLE:
            _date_style(element, month_only_styles)
        elif element.tag == _STYLE:
            data_style = element.get(f"{{{STYLE}}}data-style-name")
            if data_style:
                cell_styles[element.get(f"{{{STYLE}}}name", "")] = data_style
        else:
            title = element.get(_T + "name", "")
            if skip(title):
                yield RawSheet(title, [], [])
                continue
            count.sheet(title)
            formats = {name for name, data in cell_styles.items() if data in month_only_styles}
            yield _sheet(element, title, formats, count)


def _date_style(element, month_only: set[str]) -> None:
    parts = {etree_local(child.tag) for child in element}
    if "day" not in parts and "month" in parts:
        month_only.add(element.get(f"{{{STYLE}}}name", ""))


def etree_local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _rows(table) -> Iterator:
    """The table's rows, those in header-row and row groups included, in order."""
    for child in table:
        if child.tag == _ROW:
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _repeat(element, attribute: str) -> int:
    text = element.get(_T + attribute)
    if text is None:
        return 1
    try:
        value = int(text)
    except ValueError as exc:
        raise XlsxError(f"table:{attribute} is '{text[:20]}', not a number") from exc
    if value < 1:
        raise XlsxError(f"table:{attribute} is {value}")
    return value


def _sheet(table, title: str, month_only: set[str], count: CellCount) -> RawSheet:
    rows: list[list[RawCell]] = []
    merged: list[tuple[int, int, int, int]] = []
    row_number = 0
    for row in _rows(table):
        repeat = _repeat(row, "number-rows-repeated")
        if row_number >= MAX_ROW:
            break
        cells = _cells(row, row_number + 1, month_only, merged)
        if not cells:  # empty rows, however many: nothing to read
            row_number += repeat
            continue
        repeat = min(repeat, MAX_ROW - row_number)
        count.add(len(cells) * repeat, repeat)  # refused before a copy is made
        for offset in range(repeat):
            number = row_number + 1 + offset
            rows.append(cells if offset == 0 else [c._replace(row=number) for c in cells])
        row_number += repeat
    return RawSheet(title, rows, merged)


def _cells(row, number: int, month_only: set[str], merged) -> list[RawCell]:
    out: list[RawCell] = []
    column = 0
    for cell in row:
        if cell.tag not in (_CELL, _COVERED):
            continue
        repeat = _repeat(cell, "number-columns-repeated")
        if column >= MAX_COLUMN:
            break
        value = None if cell.tag == _COVERED else _cell(cell, number, column + 1, month_only)
        if value is not None:
            spanned = (_repeat(cell, "number-columns-spanned"),
                       _repeat(cell, "number-rows-spanned"))
            if spanned != (1, 1):
                merged.append((column + 1, number, min(column + spanned[0], MAX_COLUMN),
                               min(number + spanned[1] - 1, MAX_ROW)))
            # a repeated value: at most a row's width of copies, counted by the caller
            copies = min(repeat, MAX_COLUMN - column)
            out += [value._replace(column=column + 1 + k) for k in range(copies)]
        column += repeat
    return out


def _cell(cell, row: int, column: int, month_only: set[str]) -> RawCell | None:
    kind = cell.get(_O + "value-type")
    formula = cell.get(_T + "formula") is not None
    fmt = _MONTH_ONLY if cell.get(_T + "style-name") in month_only else "General"
    if cell.get(f"{{{CALCEXT}}}value-type") == "error":
        return RawCell(row, column, _text(cell) or "#VALUE!", fmt, formula, True)
    if kind is None:
        if formula:
            return RawCell(row, column, None, fmt, True)
        text = _text(cell)  # a hand-written file may give text with no value type
        return RawCell(row, column, text, fmt) if text else None
    value: object
    if kind in ("float", "percentage", "currency"):
        shown = _text(cell)
        if shown:
            value = shown
        else:
            try:
                value = float(cell.get(_O + "value", ""))
            except ValueError as exc:
                raise XlsxError(f"a {kind} cell holds '{cell.get(_O + 'value', '')[:20]}'") \
                    from exc
            fmt = "0%" if kind == "percentage" else fmt
    elif kind == "date":
        value = _date(cell.get(_O + "date-value", ""))
    elif kind == "boolean":
        value = cell.get(_O + "boolean-value", "").lower() == "true"
    else:  # string, time, void: the text as shown
        value = cell.get(_O + "string-value") or _text(cell)
    return RawCell(row, column, value, fmt, formula)


def _date(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text[:19] if "T" in text else text[:10])
    except ValueError as exc:
        raise XlsxError(f"a date cell holds '{text[:20]}'") from exc


def _text(cell) -> str:
    """The cell's paragraphs, one a line, `text:s` spaces and tabs as typed."""
    return "\n".join(_inline(p) for p in cell if p.tag == _X + "p")


def _inline(element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == _X + "s":
            try:
                spaces = int(child.get(_X + "c", "1"))
            except ValueError:
                spaces = 1
            parts.append(" " * max(1, min(spaces, 10_000)))
        elif tag == _X + "tab":
            parts.append("\t")
        elif tag == _X + "line-break":
            parts.append("\n")
        else:  # text:span, text:a and the like: their text
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
