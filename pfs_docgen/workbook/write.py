"""Write a blank, self-explaining planning workbook, or one filled with a plan's rows.

Everything comes from the schema: sheets, headers, header comments, drop-down lists. Drop-downs
point at defined names (a hidden Lists sheet, or another sheet's ID column) so they survive
re-saving in Excel, LibreOffice and Google Sheets.
"""

from __future__ import annotations

import io
import re
from copy import copy
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
from . import layout

Rows = list[dict[str, str]]

_LAST_ROW = 500  # drop-downs and ID lists reach this far
# A required column's header is dark (navy, white text), an optional one's light (pale blue,
# navy text): told apart by lightness, so in black and white and by colour-blind readers too.
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
_OPTIONAL_FONT = Font(bold=True, color="1F4E79")
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
    "Columns with a dark (navy) header are required; those with a light header are "
    "optional. Click a cell to see what goes there; where a column offers IDs, the prompt "
    "names them.",
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
    # The drop-downs show bare IDs; each column's prompt names the IDs known now.
    known = {sheet.name: _named_ids(sheet, rows.get(sheet.name) or []) for sheet in s.SHEETS}
    known["district"] = list(district_objectives or [])
    for sheet in s.sheets_for(level):
        ws = book.create_sheet(sheet.name)
        if sheet.name == s.PLAN_INFO:
            _plan_info(ws, level, rows.get(sheet.name), names)
        else:
            data = rows.get(sheet.name)
            if data is None and sheet.name == s.COUNCIL:
                data = [{s.REQUIREMENT: text} for text in s.COUNCIL_REQUIREMENTS]
            _component(ws, sheet, data or [], names, known)
        layout.print_setup(ws)
        _id_list(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(ws, level: str) -> None:
    ws.title = s.INSTRUCTIONS
    widths = {"A": 30, "B": 90, "C": 16}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    _put(ws, 1, 1, f"Planning for Success: {level.title()} Plan Workbook").font = \
        Font(bold=True, size=16)
    ws.row_dimensions[1].height = 24
    row = 3
    for paragraph in INTRO:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        _put(ws, row, 1, paragraph).alignment = _WRAP
        ws.row_dimensions[row].height = layout.row_height(
            [(paragraph, sum(widths.values()))]) + 6
        row += 1
    row += 1
    for col, title in enumerate(("Sheet", "What it holds", "Needed?"), start=1):
        cell = _put(ws, row, col, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    table_header = row
    for sheet in s.sheets_for(level):
        row += 1
        needed = "Required" if level in sheet.required_for else "Optional"
        values = (sheet.name, sheet.help, needed)
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value).alignment = _WRAP
        ws.row_dimensions[row].height = layout.row_height(
            list(zip(values, widths.values())))
    layout.print_setup(ws, title_rows=f"{table_header}:{table_header}")


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
    """A defined name over the sheet's filled ID cells, for other sheets' drop-downs: from
    row 2 down as many rows as the column has IDs (COUNTA), so the list grows as a team adds
    rows and offers no blank below them (Excel and LibreOffice evaluate the name)."""
    id_col = sheet.id_column
    if id_col is None:
        return
    letter = get_column_letter(sheet.columns.index(id_col) + 1)
    name = "ids_" + s.normalize(sheet.name)
    book.defined_names[name] = DefinedName(name, attr_text=id_list_formula(sheet.name, letter))


def id_list_formula(sheet_name: str, letter: str) -> str:
    where = quote_sheetname(sheet_name)
    return (f"OFFSET({where}!${letter}$2,0,0,"
            f"MAX(1,COUNTA({where}!${letter}$2:${letter}${_LAST_ROW})),1)")


def _name_column(sheet: s.Sheet) -> s.Column | None:
    """The column that says what a row with an ID is (Objective, Initiative, Benchmark)."""
    return next((c for c in sheet.columns if c.kind is s.Kind.TEXT and c.required), None)


def _named_ids(sheet: s.Sheet, data: Rows) -> list[tuple[str, str]]:
    """The (ID, name) pairs of a sheet's rows, for the prompts of the columns naming them."""
    id_col, name_col = sheet.id_column, _name_column(sheet)
    if id_col is None or name_col is None:
        return []
    return [(str(r[id_col.name]).strip(), str(r.get(name_col.name) or "").strip())
            for r in data if str(r.get(id_col.name) or "").strip()]


def _header(ws, columns: list[tuple[str, str, int, bool]]) -> None:
    """The header row: (title, help, width, required) a column; a dark header for a
    required column, a light one for an optional one; the help in a comment sized to it."""
    for index, (title, help_text, width, required) in enumerate(columns, start=1):
        cell = _put(ws, 1, index, title)
        cell.font = _HEADER_FONT if required else _OPTIONAL_FONT
        cell.fill = _HEADER_FILL if required else _OPTIONAL_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        comment = Comment(help_text, "pfs-docgen")
        comment.width, comment.height = layout.comment_size(help_text)
        cell.comment = comment
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[1].height = layout.row_height(
        [(title, width) for title, _, width, _ in columns], layout.BOLD_CHARS_PER_WIDTH,
        minimum=layout.HEADER_MIN_PT)
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


def _column_prompt(col: s.Column, known: dict[str, list[tuple[str, str]]]) -> str:
    """A cell's input prompt: the column's help, and the IDs a reference column offers with
    their names (the drop-down can show only the bare IDs)."""
    if not col.ref:
        return layout.shorten(_column_help(col), layout.PROMPT_MAX)
    pairs = known["district"] if col.name == s.DISTRICT_OBJECTIVE_ID else known[col.ref]
    if not pairs:
        return layout.shorten(_column_help(col), layout.PROMPT_MAX)
    where = ("the district workbook's" if col.name == s.DISTRICT_OBJECTIVE_ID else "the"
             ) + f" {col.ref} sheet"
    prompt = layout.prompt_with_ids(
        f"{'Required' if col.required else 'Optional'}: an ID from {where}:", pairs)
    if "\n" not in prompt:  # too many to name: the help, and the IDs
        prompt = layout.shorten(f"{_column_help(col)} IDs: " + ", ".join(
            key for key, _ in pairs), layout.PROMPT_MAX)
    return prompt


def _component(ws, sheet: s.Sheet, data: Rows, names: dict[str, str],
               known: dict[str, list[tuple[str, str]]]) -> None:
    _header(ws, [(c.name, _column_help(c), c.width, c.required) for c in sheet.columns])
    last = max(_LAST_ROW, len(data) + 1)
    for r, record in enumerate(data, start=2):
        cells = []
        for index, col in enumerate(sheet.columns, start=1):
            value = record.get(col.name)
            if value not in (None, ""):
                _put(ws, r, index, value)
                cells.append((value, col.width))
        ws.row_dimensions[r].height = layout.row_height(cells)
    for index, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        # Column styles, not pre-made empty cells: Excel gives new cells the column's style,
        # and a workbook of thousands of empty styled cells is slow to read.
        dimension = ws.column_dimensions[letter]
        dimension.alignment = _WRAP
        if col.kind in (s.Kind.ID, s.Kind.REF):
            dimension.number_format = _TEXT_FORMAT
        styled = None  # the first cell's style, given to the others of the column as is:
        for r in range(2, len(data) + 2):  # openpyxl hashes a style at each assignment
            cell = ws.cell(r, index)
            if styled is not None and not cell.has_style:
                cell._style = copy(styled)
                continue
            cell.alignment = _WRAP
            if col.kind in (s.Kind.ID, s.Kind.REF):
                cell.number_format = _TEXT_FORMAT
            styled = styled or cell._style
        source = names.get(f"{sheet.name}/{col.name}")
        if source is None and col.ref and col.name != s.DISTRICT_OBJECTIVE_ID:
            source = "ids_" + s.normalize(col.ref)
        _validation(ws, f"{letter}2:{letter}{last}", col.name, _column_prompt(col, known),
                    source)


def _validation(ws, cells: str, title: str, prompt: str, defined_name: str | None = None
                ) -> None:
    """One data validation for `cells`: the input prompt shown when a cell is selected
    (within Excel's limits: a 32-character title, a 255-character message) and, with
    `defined_name`, the drop-down of that list. A cell carries one validation, so the
    prompt rides on the drop-down's."""
    if defined_name:
        dv = DataValidation(type="list", formula1=f"={defined_name}", allow_blank=True,
                            showErrorMessage=True, errorStyle="warning",
                            errorTitle=layout.shorten(title, layout.PROMPT_TITLE_MAX),
                            error="Pick a value from the list.")
    else:  # any value: the prompt alone
        dv = DataValidation(allow_blank=True)
    dv.showInputMessage = True
    dv.promptTitle = layout.shorten(title, layout.PROMPT_TITLE_MAX)
    dv.prompt = layout.shorten(prompt, layout.PROMPT_MAX)
    dv.add(cells)
    ws.add_data_validation(dv)


def _plan_info(ws, level: str, data: Rows | None, names: dict[str, str]) -> None:
    sheet = s.SHEETS_BY_NAME[s.PLAN_INFO]
    _header(ws, [(c.name, _column_help(c), c.width, c.required) for c in sheet.columns])
    widths = [c.width for c in sheet.columns]
    if data is None:
        data = [{s.FIELD: f.name, s.VALUE: level.title() if f.name == s.PLAN_LEVEL else ""}
                for f in s.PLAN_FIELDS if level in f.levels]
    fields = {s.normalize(f.name): f for f in s.PLAN_FIELDS}
    field_col = sheet.column(s.FIELD)
    _validation(ws, f"A2:A{max(_LAST_ROW, len(data) + 1)}", field_col.name,
                _column_help(field_col))
    for r, record in enumerate(data, start=2):
        name = record.get(s.FIELD, "")
        _put(ws, r, 1, name).font = Font(bold=True)
        value = _put(ws, r, 2, record.get(s.VALUE) or None)
        value.alignment = _WRAP
        ws.row_dimensions[r].height = layout.row_height(
            list(zip((name, record.get(s.VALUE)), widths)))
        spec = fields.get(s.normalize(name))
        if spec is None:
            continue
        needed = "Required." if level in spec.required_for else "Optional."
        text = f"{spec.help} {needed}"
        comment = Comment(text, "pfs-docgen")
        comment.width, comment.height = layout.comment_size(text)
        ws.cell(r, 1).comment = comment
        _validation(ws, value.coordinate, spec.name, text,
                    names.get(f"{s.PLAN_INFO}/{spec.name}"))
