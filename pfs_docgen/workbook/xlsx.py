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

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .. import xmlsafe

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Parts larger than this are parsed as a stream, a row at a time, and each row dropped once
# read, so a big district workbook is never held as one tree; smaller parts are parsed
# whole, about twice as fast with lxml.
STREAM_OVER = 2 * 1024 * 1024


class XlsxError(Exception):
    """The zip does not hold a workbook this reader understands."""


class EntityDeclarations(XlsxError):
    """A part declares a DTD or entities: Excel never writes them; an attack might."""


class RawCell(NamedTuple):
    """One present cell, as stored. A tuple: a district workbook has tens of thousands."""

    row: int
    column: int
    value: object  # str, int, float, bool, datetime, or None
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
    are not all held at once."""
    book = _xml(archive, "xl/workbook.xml")
    ns = _namespace(book)
    date1904 = any(el.get("date1904") in ("1", "true") for el in book.iter(f"{{{ns}}}workbookPr"))
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    targets = _relationships(archive, "xl/_rels/workbook.xml.rels")
    decoding = _Book(ns, _shared_strings(archive, ns), _cell_formats(archive, ns), epoch)
    entries = [(sheet.get("name", ""), targets.get(sheet.get(f"{{{REL}}}id")
                                                   or sheet.get(f"{{{STRICT_REL}}}id")))
               for sheet in book.iter(f"{{{ns}}}sheet")]
    del book
    for title, target in entries:
        if target is None or target[1] != "worksheet":
            continue  # a chart sheet or a dangling entry: no cells to read
        if skip(title):
            yield RawSheet(title, [], [])
        else:
            yield _sheet(archive, target[0], title, decoding)


def _xml(archive: zipfile.ZipFile, name: str):
    try:
        data = archive.read(name)
    except KeyError as exc:
        raise XlsxError(f"the part {name} is missing") from exc
    try:
        return xmlsafe.parse(data)
    except xmlsafe.DeclaresEntities as exc:
        raise EntityDeclarations(name) from exc
    except xmlsafe.NotWellFormed as exc:
        raise XlsxError(f"the part {name} is not well-formed XML ({exc})") from exc


def _elements(archive: zipfile.ZipFile, name: str, *tags: str):
    """A part's elements with these tags, in document order. Each element is only valid
    until the next is asked for: a big part's are cleared as the stream moves on."""
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise XlsxError(f"the part {name} is missing") from exc
    if info.file_size <= STREAM_OVER:
        yield from _xml(archive, name).iter(*tags)
        return
    with archive.open(info) as raw:
        events = etree.iterparse(_Checked(raw, name), events=("end",), tag=tags,
                                 resolve_entities=False, no_network=True, huge_tree=False)
        checked = False
        try:
            for _, element in events:
                if not checked:  # the prolog is parsed by now: refuse a DTD (UTF-16, say)
                    if xmlsafe.has_internal_dtd(element):
                        raise EntityDeclarations(name)
                    checked = True
                yield element
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            if xmlsafe.is_amplification(exc):
                raise EntityDeclarations(name) from exc
            raise XlsxError(f"the part {name} is not well-formed XML ({exc})") from exc


class _Checked:
    """A part's bytes on their way to the stream parser, refused at an entity declaration
    (the byte check _xml makes, chunk by chunk; a declaration may straddle two chunks)."""

    def __init__(self, raw, name: str):
        self.raw, self.name, self.tail = raw, name, b""

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        seen = self.tail + data
        if xmlsafe.declares_entities(seen):
            raise EntityDeclarations(self.name)
        self.tail = data[-8:]
        return data


def _namespace(root) -> str:
    ns = etree.QName(root).namespace
    if ns not in (MAIN, STRICT):
        raise XlsxError(f"unknown workbook format ({ns})")
    return ns


def _relationships(archive, name: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (part name, kind), for the workbook's sheets."""
    if name not in archive.namelist():
        raise XlsxError(f"the part {name} is missing")
    found = {}
    for rel in _xml(archive, name).iter(f"{{{PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        part = re.sub(r"[^/]+/\.\./", "", part)
        found[rel.get("Id")] = (part, rel.get("Type", "").rsplit("/", 1)[-1])
    return found


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
    """Excel stores characters XML cannot hold as `_x0007_`; give them back as characters."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _shared_strings(archive, ns: str) -> list[str]:
    name = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return []
    return [_text_of(si, ns) for si in _elements(archive, name, f"{{{ns}}}si")]


def _cell_formats(archive, ns: str) -> list[str]:
    """The number format of each cell style index."""
    if "xl/styles.xml" not in archive.namelist():
        return []
    styles = _xml(archive, "xl/styles.xml")
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


def _sheet(archive, part: str, title: str, book: _Book) -> RawSheet:
    ns, strings, formats, epoch = book.ns, book.strings, book.formats, book.epoch
    rows: list[list[RawCell]] = []
    merged: list[tuple[int, int, int, int]] = []
    row_number = 0
    row_tag, merge_tag = f"{{{ns}}}row", f"{{{ns}}}mergeCell"
    c_tag, v_tag, f_tag, is_tag = (f"{{{ns}}}{t}" for t in ("c", "v", "f", "is"))
    for row in _elements(archive, part, row_tag, merge_tag):
        if row.tag == merge_tag:
            ref = row.get("ref")
            if ref and ":" in ref:
                merged.append(range_boundaries(ref))
            continue
        row_text = row.get("r")
        row_number = int(row_text) if row_text else row_number + 1
        column = 0
        cells = []
        for c in row.iterchildren(c_tag):
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
            for child in c:
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
                    raise XlsxError(f"{part} names text that xl/sharedStrings.xml does not "
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
        if cells:
            rows.append(cells)
    return RawSheet(title, rows, merged)


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
    if _is_date_format(fmt):
        try:
            return from_excel(number, epoch)
        except (ValueError, OverflowError):
            return number
    return number


def _iso_date(raw: str | None):
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.strip().rstrip("Z"))
    except ValueError:
        return raw
