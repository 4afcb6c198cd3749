"""Write a blank, self-explaining planning workbook, or one filled with a plan's rows.

Everything comes from the schema: sheets, headers, header comments, drop-down lists. Drop-downs
point at defined names (a hidden Lists sheet, or another sheet's ID column) so they survive
re-saving in Excel, LibreOffice and Google Sheets.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from .. import schema as s
from ..files import check_free, write_atomic
from ..text import CONTROL_CHARACTERS

Rows = list[dict[str, str]]

_LAST_ROW = 500  # drop-downs and ID lists reach this far
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TEXT_FORMAT = "@"  # IDs stay text: 1.10 is not 1.1

INTRO = (
    "Planning for Success (PfS) is the Massachusetts Department of Elementary and Secondary "
    "Education's approach to improvement planning. A plan sets out the mission, vision and "
    "core values; what the data show; a theory of action; 3 to 5 strategic objectives, each "
    "carried out by strategic initiatives; SMART outcomes that say how success will be "
    "measured; and an annual action plan of benchmarks that monitors the work.",
    "How to fill this workbook: one sheet per plan component. Keep the header row as it is "
    "(hover over a header to read what the column is for). Add one item a row, in the order "
    "you want it printed: numbering in the documents (Objective 1, Initiative 1.2) follows "
    "the rows. Give objectives, initiatives, outcomes and benchmarks a short ID (SO1, 1.1, B4) "
    "and use those IDs to link rows across sheets; the drop-downs offer them. Dates may be "
    "typed as dates or as words (October 2025, Fall 2025, Monthly).",
    "Then run: pfs-docgen validate <this workbook>. It names every problem with its sheet and "
    "cell, and how to fix it. When it reports no errors, pfs-docgen build makes the Word "
    "documents.",
)


_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def excel_text(value):
    """Text as Excel stores it: a typed `_x0041_` keeps its underscore escaped, and the
    control characters XML cannot hold become `_x0007_`, so a reader gets back what was
    written (and our validator can name them)."""
    if not isinstance(value, str):
        return value
    value = _ESCAPE.sub(r"_x005F_\1", value)
    return CONTROL_CHARACTERS.sub(lambda m: f"_x{ord(m.group()):04X}_", value)


def _put(ws, row: int, column: int, value=None):
    """The cell at (row, column), holding `value`: text is stored as text (a string cell,
    `t="inlineStr"`), never as a formula, whatever it begins with, so a roster name typed
    as `=HYPERLINK(...)` stays those characters and runs nothing in Excel. Every cell this
    module writes goes through here."""
    cell = ws.cell(row, column)
    if value is not None:
        cell.value = excel_text(value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl takes a leading = for a formula
    return cell


def write_workbook(path: str | Path, level: str = s.DISTRICT, rows: dict[str, Rows] | None
                   = None, *, district_objectives: list[tuple[str, str]] | None = None,
                   overwrite: bool = False) -> Path:
    """Write a planning workbook for `level`; `rows` fills it (sheet name -> row dicts)."""
    path = Path(path)
    check_free(path, overwrite)
    return write_atomic(path, workbook_bytes(level, rows, district_objectives))


def same_workbook(path: Path, data: bytes) -> bool:
    """Whether the workbook at `path` holds what `data` (from workbook_bytes) holds: the
    same parts with the same bytes, but for docProps/core.xml (its creation time)."""
    import zipfile

    def parts(source) -> dict[str, bytes] | None:
        try:
            with zipfile.ZipFile(source) as z:
                return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
        except (OSError, zipfile.BadZipFile, ValueError, EOFError):
            return None

    mine = parts(io.BytesIO(data))
    return mine is not None and parts(path) == mine


def workbook_bytes(level: str, rows: dict[str, Rows] | None = None,
                   district_objectives: list[tuple[str, str]] | None = None) -> bytes:
    rows = rows or {}
    book = OpenpyxlWorkbook()
    _instructions(book.active, level)
    lists = book.create_sheet(s.LISTS)
    lists.sheet_state = "hidden"
    names = _fixed_lists(book, lists, district_objectives)
    prompts = {}
    if district_objectives:  # the drop-down shows IDs; the prompt says what they are
        text = "; ".join(f"{key} = {title}" for key, title in district_objectives)
        prompts[f"{s.OBJECTIVES}/{s.DISTRICT_OBJECTIVE_ID}"] = text[:250]
    for sheet in s.sheets_for(level):
        ws = book.create_sheet(sheet.name)
        if sheet.name == s.PLAN_INFO:
            _plan_info(ws, level, rows.get(sheet.name), names)
        else:
            data = rows.get(sheet.name)
            if data is None and sheet.name == s.COUNCIL:
                data = [{s.REQUIREMENT: text} for text in s.COUNCIL_REQUIREMENTS]
            _component(ws, sheet, data or [], names, prompts)
        _id_list(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(ws, level: str) -> None:
    ws.title = s.INSTRUCTIONS
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 16
    _put(ws, 1, 1, f"Planning for Success: {level.title()} Plan Workbook").font = \
        Font(bold=True, size=16)
    row = 3
    for paragraph in INTRO:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        _put(ws, row, 1, paragraph).alignment = _WRAP
        ws.row_dimensions[row].height = 75
        row += 1
    row += 1
    for col, title in enumerate(("Sheet", "What it holds", "Needed?"), start=1):
        cell = _put(ws, row, col, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for sheet in s.sheets_for(level):
        row += 1
        needed = "Required" if level in sheet.required_for else "Optional"
        for col, value in enumerate((sheet.name, sheet.help, needed), start=1):
            _put(ws, row, col, value).alignment = _WRAP


def _fixed_lists(book, lists, district_objectives) -> dict[str, str]:
    """Write every fixed list on the hidden Lists sheet; return column key -> defined name."""
    wanted: dict[str, tuple[str, tuple[str, ...]]] = {}
    for sheet in s.SHEETS:
        for col in sheet.columns:
            if col.choices:
                wanted[f"{sheet.name}/{col.name}"] = (f"{sheet.name}: {col.name}", col.choices)
    for f in s.PLAN_FIELDS:
        if f.choices:
            wanted[f"{s.PLAN_INFO}/{f.name}"] = (f"{s.PLAN_INFO}: {f.name}", f.choices)
    if district_objectives:
        wanted[f"{s.OBJECTIVES}/{s.DISTRICT_OBJECTIVE_ID}"] = (
            "District objective IDs", tuple(i for i, _ in district_objectives))
    names = {}
    for index, (key, (title, values)) in enumerate(wanted.items(), start=1):
        letter = get_column_letter(index)
        _put(lists, 1, index, title).font = Font(bold=True)
        for offset, value in enumerate(values, start=2):
            _put(lists, offset, index, value)
        name = "list_" + s.normalize(key)
        ref = f"{quote_sheetname(s.LISTS)}!${letter}$2:${letter}${len(values) + 1}"
        book.defined_names[name] = DefinedName(name, attr_text=ref)
        names[key] = name
    if district_objectives:  # the names beside the IDs, for people reading the list
        index = len(wanted) + 1
        _put(lists, 1, index, "District objective").font = Font(bold=True)
        for offset, (_, title) in enumerate(district_objectives, start=2):
            _put(lists, offset, index, title)
    return names


def _id_list(book, sheet: s.Sheet) -> None:
    """A defined name over the sheet's ID column, for other sheets' drop-downs."""
    id_col = sheet.id_column
    if id_col is None:
        return
    letter = get_column_letter(sheet.columns.index(id_col) + 1)
    name = "ids_" + s.normalize(sheet.name)
    ref = f"{quote_sheetname(sheet.name)}!${letter}$2:${letter}${_LAST_ROW}"
    book.defined_names[name] = DefinedName(name, attr_text=ref)


def _header(ws, titles_and_help: list[tuple[str, str, int]]) -> None:
    for index, (title, help_text, width) in enumerate(titles_and_help, start=1):
        cell = _put(ws, 1, index, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        comment = Comment(help_text, "pfs-docgen")
        comment.width, comment.height = 320, 160
        cell.comment = comment
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "A2"


def _column_help(col: s.Column) -> str:
    parts = [col.help, "Required." if col.required else "Optional."]
    if col.choices:
        parts.append("One of: " + ", ".join(col.choices) + ".")
    if col.name == s.DISTRICT_OBJECTIVE_ID:
        parts.append(f"Pick an ID from the district workbook's {col.ref} sheet.")
    elif col.ref:
        parts.append(f"Pick an ID from the {col.ref} sheet.")
    return " ".join(parts)


def _component(ws, sheet: s.Sheet, data: Rows, names: dict[str, str],
               prompts: dict[str, str]) -> None:
    _header(ws, [(c.name, _column_help(c), c.width) for c in sheet.columns])
    for r, record in enumerate(data, start=2):
        for index, col in enumerate(sheet.columns, start=1):
            value = record.get(col.name)
            if value not in (None, ""):
                _put(ws, r, index, value)
    for index, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        # Column styles, not pre-made empty cells: Excel gives new cells the column's style,
        # and a workbook of thousands of empty styled cells is slow to read.
        dimension = ws.column_dimensions[letter]
        dimension.alignment = _WRAP
        if col.kind in (s.Kind.ID, s.Kind.REF):
            dimension.number_format = _TEXT_FORMAT
        for r in range(2, len(data) + 2):
            cell = ws.cell(r, index)
            cell.alignment = _WRAP
            if col.kind in (s.Kind.ID, s.Kind.REF):
                cell.number_format = _TEXT_FORMAT
        source = names.get(f"{sheet.name}/{col.name}")
        if source is None and col.ref and col.name != s.DISTRICT_OBJECTIVE_ID:
            source = "ids_" + s.normalize(col.ref)
        if source:
            _dropdown(ws, f"{letter}2:{letter}{_LAST_ROW}", source, col.name,
                      prompts.get(f"{sheet.name}/{col.name}"))


def _dropdown(ws, cells: str, defined_name: str, title: str, prompt: str | None = None) -> None:
    dv = DataValidation(type="list", formula1=f"={defined_name}", allow_blank=True,
                        showErrorMessage=True, errorStyle="warning",
                        errorTitle=title, error="Pick a value from the list.")
    if prompt:
        dv.showInputMessage, dv.promptTitle, dv.prompt = True, title[:32], prompt
    dv.add(cells)
    ws.add_data_validation(dv)


def _plan_info(ws, level: str, data: Rows | None, names: dict[str, str]) -> None:
    sheet = s.SHEETS_BY_NAME[s.PLAN_INFO]
    _header(ws, [(c.name, _column_help(c), c.width) for c in sheet.columns])
    if data is None:
        data = [{s.FIELD: f.name, s.VALUE: level.title() if f.name == s.PLAN_LEVEL else ""}
                for f in s.PLAN_FIELDS if level in f.levels]
    fields = {s.normalize(f.name): f for f in s.PLAN_FIELDS}
    for r, record in enumerate(data, start=2):
        name = record.get(s.FIELD, "")
        _put(ws, r, 1, name).font = Font(bold=True)
        value = _put(ws, r, 2, record.get(s.VALUE) or None)
        value.alignment = _WRAP
        spec = fields.get(s.normalize(name))
        if spec is None:
            continue
        needed = "Required." if level in spec.required_for else "Optional."
        comment = Comment(f"{spec.help} {needed}", "pfs-docgen")
        comment.width, comment.height = 320, 120
        ws.cell(r, 1).comment = comment
        source = names.get(f"{s.PLAN_INFO}/{spec.name}")
        if source:
            _dropdown(ws, value.coordinate, source, spec.name)
