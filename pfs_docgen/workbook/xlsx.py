"""A small, fast reader of the .xlsx parts a planning workbook uses: values as stored.

openpyxl builds a full object model (styles, comments, validations) for every cell and takes
60-120 ms for one school workbook; bulk reads hundreds. This reads only what the contract
needs, straight from the XML with lxml: sheet names, cell values with their number formats,
whether a formula has a cached value, and merged ranges, in a few milliseconds. openpyxl's
own tables of built-in number formats and its date conversion are reused.

The caller has already checked the file is a zip with a workbook and no entity declarations;
the parser still resolves no entities and reads nothing from the network.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import NamedTuple

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .limits import MAX_CELLS_PER_WORKBOOK, CellCount, TooLarge, check_sizes
from .parts import find_parts
from .xmlparts import EntityDeclarations, XlsxError, elements, parse

__all__ = ["EntityDeclarations", "OutOfRange", "RawCell", "RawSheet", "XlsxError", "read_sheets"]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # a sheet's edge: row 1048576, column XFD


class OutOfRange(NamedTuple):
    """A number under a date format that is no date: negative, or past December 31, 9999
    (a spreadsheet shows `#######`)."""

    serial: int | float


class RawCell(NamedTuple):
    """One present cell, as stored. A tuple: a district workbook has tens of thousands."""

    row: int
    column: int
    value: object  # str, int, float, bool, datetime, OutOfRange, or None
    number_format: str
    formula: bool = False  # the cell holds a formula
    error: bool = False  # the cell shows a spreadsheet error (#REF!)
    merged_copy: bool = False  # the value of a merged range's top-left cell, repeated here

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


@dataclass
class RawSheet:
    title: str
    rows: list[list[RawCell]]  # non-empty rows in order, cells in column order
    merged: list[tuple[int, int, int, int]]  # (min_col, min_row, max_col, max_row)


@dataclass
class _Book:
    """What every sheet's cells are decoded with."""

    ns: str
    strings: list[str]
    formats: list[str]
    epoch: object


def read_sheets(archive: zipfile.ZipFile, skip=lambda title: False) -> Iterator[RawSheet]:
    """Every worksheet of the workbook, in the workbook's order; `skip(title)` ones come back
    with no cells (their names still count). One sheet at a time, so a big workbook's cells
    are not all held at once. Raises TooLarge past a limit of limits.py."""
    parts = find_parts(archive)
    book = parse(archive, parts.workbook)
    ns = _namespace(book)
    date1904 = any(el.get("date1904") in ("1", "true") for el in book.iter(f"{{{ns}}}workbookPr"))
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    targets = parts.targets
    entries = [(sheet.get("name", ""), targets.get(sheet.get(f"{{{REL}}}id")
                                                   or sheet.get(f"{{{STRICT_REL}}}id")))
               for sheet in book.iter(f"{{{ns}}}sheet")]
    del book
    labels = {parts.workbook: f"the list of sheets ({parts.workbook})"}
    labels.update({target[0]: f"the sheet '{title}'" for title, target in entries if target})
    if parts.shared_strings:
        labels[parts.shared_strings] = f"the workbook's text ({parts.shared_strings})"
    if parts.styles:
        labels[parts.styles] = f"the workbook's styles ({parts.styles})"
    check_sizes(archive.infolist(), labels)
    decoding = _Book(ns, _shared_strings(archive, ns, parts.shared_strings),
                     _cell_formats(archive, ns, parts.styles), epoch)
    count = CellCount()
    for title, target in entries:
        if target is None or target[1] != "worksheet":
            continue  # a chart sheet or a dangling entry: no cells to read
        if skip(title):
            yield RawSheet(title, [], [])
        else:
            count.sheet(title)
            yield _sheet(archive, target[0], title, decoding, count)


def _namespace(root) -> str:
    ns = etree.QName(root).namespace
    if ns not in (MAIN, STRICT):
        raise XlsxError(f"unknown workbook format ({ns})")
    return ns


def _text_of(element, ns: str) -> str:
    """A string item's text: plain `<t>`, or rich-text runs; phonetic hints left out."""
    t_tag = f"{{{ns}}}t"
    if len(element) == 1 and element[0].tag == t_tag:  # the usual case, made quick
        return _unescape(element[0].text or "")
    r_tag = f"{{{ns}}}r"
    parts = []
    for child in element:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == r_tag:
            parts += [t.text or "" for t in child.iter(t_tag)]
    return _unescape("".join(parts))


def _unescape(text: str) -> str:
    """Excel stores characters XML cannot hold as `_x0007_`; give them back as characters.
    An escaped surrogate pair (`_xD83D__xDE00_`) is the one character it stands for; a lone
    surrogate stays, for the reader to report at its cell."""
    if "_x" not in text:
        return text
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    if _SURROGATE.search(text):
        text = _PAIR.sub(lambda m: m.group().encode("utf-16-le", "surrogatepass").decode(
            "utf-16-le"), text)
    return text


def _shared_strings(archive, ns: str, name: str | None) -> list[str]:
    if name is None:
        return []
    strings = []
    for si in elements(archive, name, f"{{{ns}}}si"):
        strings.append(_text_of(si, ns))
        if len(strings) > MAX_CELLS_PER_WORKBOOK:  # more than any workbook's cells can use
            raise TooLarge(
                f"the workbook's text ({name}) holds more than {MAX_CELLS_PER_WORKBOOK:,} "
                "pieces of text, far more than any plan, so it is not read: it may be a "
                "hostile file.")
    return strings


def _cell_formats(archive, ns: str, name: str | None) -> list[str]:
    """The number format of each cell style index."""
    if name is None:
        return []
    styles = parse(archive, name)
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "General")
              for f in styles.iter(f"{{{ns}}}numFmt")}
    formats = []
    xfs = next(styles.iter(f"{{{ns}}}cellXfs"), None)
    if xfs is not None:
        for xf in xfs.iter(f"{{{ns}}}xf"):
            number = int(xf.get("numFmtId", "0") or 0)
            formats.append(custom.get(number) or _BUILTIN.get(number, "General"))
    return formats


# openpyxl's table of built-in formats, with Accounting (44) given its section separators
_BUILTIN = {**BUILTIN_FORMATS,
            44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'}

_COORDINATE = re.compile(r"([A-Z]+)(\d+)")
_INTEGER = re.compile(r"-?\d+")
_column_numbers: dict[str, int] = {}
_date_formats: dict[str, bool] = {}


def _column_number(letters: str) -> int:
    number = _column_numbers.get(letters)
    if number is None:
        number = _column_numbers[letters] = column_index_from_string(letters)
    return number


def _sheet(archive, part: str, title: str, book: _Book, count: CellCount) -> RawSheet:
    ns, strings, formats, epoch = book.ns, book.strings, book.formats, book.epoch
    rows: list[list[RawCell]] = []
    merged: list[tuple[int, int, int, int]] = []
    row_number = 0
    row_tag, merge_tag = f"{{{ns}}}row", f"{{{ns}}}mergeCell"
    c_tag, v_tag, f_tag, is_tag = (f"{{{ns}}}{t}" for t in ("c", "v", "f", "is"))
    for row in elements(archive, part, row_tag, merge_tag):
        if row.tag == merge_tag:
            ref = row.get("ref")
            if ref and ":" in ref:
                merged.append(_merge_range(ref))
            count.add(1)  # a merged range costs a cell to read (and its copies, later)
            continue
        row_text = row.get("r")
        row_number = int(row_text) if row_text else row_number + 1
        column = stored = 0
        cells = []
        for c in row.iterchildren(c_tag):
            stored += 1
            ref = c.get("r")
            m = _COORDINATE.fullmatch(ref) if ref else None
            if m:
                column = _column_number(m.group(1))
                digits = m.group(2)
                if digits != row_text:  # the row's own number object, shared by its cells
                    row_text, row_number = digits, int(digits)
            else:
                column += 1
            style = c.get("s")
            style = int(style) if style else 0
            fmt = formats[style] if style < len(formats) else "General"
            kind = c.get("t", "n")
            raw = inline = None
            formula = False
            for child in islice(c, 4):  # a cell holds <f>, <is>, <v> (and <extLst>) at most
                tag = child.tag
                if tag == v_tag:
                    raw = child.text
                elif tag == f_tag:
                    formula = True
                elif tag == is_tag:
                    inline = child
            error = False
            value: object
            if kind == "inlineStr":  # what our writer and openpyxl write: first
                value = _text_of(inline, ns) if inline is not None else None
            elif kind == "s":
                if raw is None:
                    value = None
                elif raw.strip().isdigit() and int(raw) < len(strings):
                    value = strings[int(raw)]
                else:
                    raise XlsxError(f"{part} names text that the shared strings do not "
                                    "hold")
            elif kind == "str":
                value = _unescape(raw) if raw is not None else None
            elif kind == "b":
                value = None if raw is None else raw.strip() in ("1", "true")
            elif kind == "e":
                value, error = raw, raw is not None
            elif kind == "d":
                value = _iso_date(raw)
            else:
                value = _number(raw, fmt, epoch)
            if value is None and not formula:
                continue
            cells.append(RawCell(row_number, column, value, fmt, formula, error))
        count.add(stored, 1)  # every stored row and cell counts, with a value or not
        if cells:
            rows.append(cells)
    return RawSheet(title, rows, merged)


def _merge_range(ref: str) -> tuple[int, int, int, int]:
    """(min_col, min_row, max_col, max_row) of a merged range; a whole row or column (`A:C`,
    which Excel never writes here) reaches the sheet's edge."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    min_col, max_col = sorted((min_col or 1, max_col or MAX_COLUMN))
    min_row, max_row = sorted((min_row or 1, max_row or MAX_ROW))
    return min_col, min_row, max_col, max_row


def _is_date_format(fmt: str) -> bool:
    known = _date_formats.get(fmt)
    if known is None:
        known = _date_formats[fmt] = fmt != "General" and is_date_format(fmt)
    return known


def _number(raw: str | None, fmt: str, epoch):
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    try:
        number = int(text) if _INTEGER.fullmatch(text) else float(text)
    except ValueError:
        return text  # not a number after all: keep what is there
    if isinstance(number, float) and not math.isfinite(number):
        return text  # 1e999, NaN: no number a spreadsheet holds; kept as typed
    if _is_date_format(fmt):
        try:
            when = from_excel(number, epoch) if number >= 0 else None
        except (ValueError, OverflowError):
            when = None
        if when is None:
            return OutOfRange(number)
        return when
    return number


def _iso_date(raw: str | None):
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.strip().rstrip("Z"))
    except ValueError:
        return raw
