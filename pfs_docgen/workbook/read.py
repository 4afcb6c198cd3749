"""Read a planning workbook into plain records, each value with its sheet, row and cell.

Reading never modifies the file.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import NamedTuple

from openpyxl.utils.cell import get_column_letter

from .. import issues as iss
from .. import schema as s
from ..errors import UnreadableWorkbook, WrongPlanLevel
from ..images import MAX_BYTES
from ..text import CONTROL_CHARACTERS, clip, visible, what_character
from ..values import show_date, show_number
from .limits import TooLarge
from .logo import read_logo
from .merged import with_merged
from .ods import is_ods
from .ods import read_sheets as read_ods
from .parts import main_part
from .xlsx import EntityDeclarations, OutOfRange, RawCell, RawSheet, XlsxError, read_sheets


class Cell(NamedTuple):
    """One value of a record. A tuple, immutable: a district workbook has tens of
    thousands, and a tuple is made several times faster than a frozen dataclass."""

    text: str  # what the team typed (or what the spreadsheet shows), line breaks as \n
    sheet: str
    row: int
    column: str  # the schema's column name
    letter: str  # the spreadsheet column, "F"
    date: date | None = None  # set when the cell is a real spreadsheet date

    @property
    def ref(self) -> str:
        """The cell's reference, "F7"."""
        return f"{self.letter}{self.row}"

    @property
    def key(self) -> str:
        """The value as an ID or list value compares: trimmed."""
        return self.text.strip()

    @property
    def empty(self) -> bool:
        return not self.text.strip()


_NONE_UNREADABLE: frozenset[str] = frozenset()  # shared: most records have every cell readable


@dataclass(slots=True)
class Record:
    """One data row of a sheet."""

    sheet: str
    row: int
    # By schema column name; only columns the sheet has. Plain typed text is kept as the
    # text itself and made a Cell when asked for: a district workbook has tens of thousands.
    cells: dict[str, Cell | str]
    letters: dict[str, str]  # schema column name -> column letter, shared by the sheet's rows
    # Columns whose cell could not be read (an uncalculated formula, a control character):
    # the reader has reported them, so the validator does not call them empty as well.
    unreadable: AbstractSet[str] = _NONE_UNREADABLE

    def text(self, column: str) -> str:
        cell = self.cells.get(column)
        if cell is None or isinstance(cell, str):
            return cell or ""
        return cell.text

    def key(self, column: str) -> str:
        return self.text(column).strip()

    def texts(self) -> dict[str, str]:
        """Every column's text, by schema column name."""
        return {column: self.text(column) for column in self.cells}

    def cell(self, column: str) -> Cell | None:
        cell = self.cells.get(column)
        if isinstance(cell, str):
            return Cell(cell, self.sheet, self.row, column, self.letters[column])
        return cell


@dataclass
class SheetData:
    name: str  # the schema's name
    title: str  # the name in the workbook, as the team spelled it
    header_row: int
    columns: dict[str, str]  # schema column name -> column letter
    records: list[Record] = field(default_factory=list)
    free_column: str = "A"  # the first header cell to the right of the used ones
    # headers that are no column of the sheet, by cell ("E1" -> "Owner"): a misspelled
    # column's suggestion comes from these
    other_headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Workbook:
    path: Path
    sheets: dict[str, SheetData]  # by schema name; only sheets the workbook has
    plan_info: dict[str, Cell]  # Plan Info field name -> its Value cell
    read_issues: list[iss.Issue]  # problems found while reading (bad cells, unknown names)
    logo: bytes | None = None  # the Plan Info Logo's picture, when it is a usable PNG or JPEG
    other_sheets: list[str] = field(default_factory=list)  # tabs that are no plan sheet

    def records(self, sheet: str) -> list[Record]:
        data = self.sheets.get(sheet)
        return data.records if data else []

    def info(self, name: str) -> str:
        cell = self.plan_info.get(name)
        return cell.text.strip() if cell else ""

    @property
    def level(self) -> str | None:
        """`district` or `school` from Plan Info, None when it is missing or unknown."""
        value = s.match_choice(self.info(s.PLAN_LEVEL), s.PLAN_LEVELS)
        return value.lower() if value else None

    @property
    def plan_level(self) -> str:
        """The level the plan is read as: Plan Info's, else school when it names a school
        (validation reports the missing Plan Level; the rest still reads sensibly)."""
        return self.level or (s.SCHOOL if self.info(s.SCHOOL_NAME) else s.DISTRICT)

    @property
    def organisation(self) -> str:
        """Whose plan it is: the school (or its district, when unnamed) or the district."""
        if self.plan_level == s.SCHOOL:
            return self.info(s.SCHOOL_NAME) or self.info(s.DISTRICT_NAME)
        return self.info(s.DISTRICT_NAME)


# --- reading ----------------------------------------------------------------------------

def read_workbook(path: str | Path) -> Workbook:
    """Read a workbook into records. Raises UnreadableWorkbook when it is not a workbook."""
    path = Path(path)
    if path.suffix.lower() == ".json":  # a plan written by `pfs-docgen export`
        return _read_json(path)
    _check_file(path)
    with _open_zip(path) as archive:  # opened once: checked, then read
        plan = {s.normalize(sheet.name) for sheet in s.SHEETS}  # others: only their names
        if is_ods(archive):  # LibreOffice's own format: the same sheets, the same checks
            sheets = read_ods(archive, skip=lambda title: s.normalize(title) not in plan)
        else:
            _check_archive(path, archive)
            sheets = read_sheets(archive, skip=lambda title: s.normalize(title) not in plan)
        try:
            return _read(path, _guarded(path, sheets))
        except TooLarge as exc:  # a limit of limits.py, reached while reading or merging
            raise UnreadableWorkbook(f"{path.name}: {exc}") from exc


def _read_json(path: Path) -> Workbook:
    from .plan_json import read_plan_json

    try:
        return read_plan_json(path)
    except OSError as exc:
        raise UnreadableWorkbook(f"{path} could not be opened: {exc.strerror}.") from exc


def _guarded(path: Path, sheets: Iterator[RawSheet]) -> Iterator[RawSheet]:
    """The sheets as they are read, a failure to read one turned into UnreadableWorkbook
    (and only that: a mistake in what is done with a sheet stays a mistake)."""
    while True:
        try:
            raw = next(sheets)
        except StopIteration:
            return
        except EntityDeclarations as exc:
            raise _entities(path, exc) from exc
        except (XlsxError, zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
            raise UnreadableWorkbook(
                f"{path.name} could not be read as an Excel workbook ({_short(exc)}). Open "
                "it in Excel or LibreOffice, save it again as .xlsx, and retry.") from exc
        except (zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
            # a damaged part (bad CRC, cut-off data), or a part encrypted or compressed in a
            # way Excel never writes
            raise UnreadableWorkbook(
                f"{path.name} is damaged ({_short(exc)}): part of it cannot be unpacked. Copy "
                "or save it again from Excel or LibreOffice and retry.") from exc
        yield raw


def _entities(path: Path, exc: EntityDeclarations) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"{path.name} contains XML entity declarations ({exc}), which Excel never writes and "
        "which can be used to attack a computer. Refusing to read it: save the plan again "
        "from Excel.")


def read_district(path: str | Path) -> Workbook:
    """The district's workbook, that school plans are aligned to: raises when the file is
    not a district plan (a school's workbook given by mistake would align a school to
    itself)."""
    book = read_workbook(path)
    if book.level != s.DISTRICT:
        cell = book.plan_info.get(s.PLAN_LEVEL)
        said = (f"its {s.PLAN_INFO}!{cell.ref} ({s.PLAN_LEVEL}) says '{cell.key}'"
                if cell is not None and not cell.empty
                else f"its {s.PLAN_INFO} sheet does not give the {s.PLAN_LEVEL}")
        raise WrongPlanLevel(
            f"{book.path.name} is not a district plan: {said}. Give the district's own "
            f"workbook (with {s.PLAN_LEVEL} District) as the district.")
    return book


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _check_file(path: Path) -> None:
    """Name the common ways a file is not a readable workbook, before openpyxl sees it."""
    name = path.name
    try:
        with path.open("rb") as f:
            head = f.read(8)
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableWorkbook(f"{path} could not be opened: {exc.strerror}.") from exc
    if size == 0:
        raise UnreadableWorkbook(f"{name} is empty (0 bytes): it is not a workbook. Save the "
                                 "plan from Excel as .xlsx and try again.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableWorkbook(
                f"{name} is password-protected. Open it in Excel, remove the password "
                "(File > Info > Protect Workbook > Encrypt with Password), save, and retry.")
        raise UnreadableWorkbook(
            f"{name} is an old Excel 97-2003 (.xls) file, which pfs-docgen cannot read: open "
            "it in Excel and save it as an Excel Workbook (.xlsx).")
    if not head.startswith(b"PK"):
        if path.suffix.lower() == ".fods":
            raise _not_read_yet(name, "a flat OpenDocument spreadsheet (.fods)")
        raise UnreadableWorkbook(
            f"{name} is not an Excel workbook: it looks like a text or CSV file. Open it in "
            "Excel and save it as an Excel Workbook (.xlsx).")


def _not_read_yet(name: str, kind: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"{name} is {kind}, which pfs-docgen cannot read yet: open it in Excel or "
        "LibreOffice Calc and save it as an Excel Workbook (.xlsx).")


def _other_spreadsheet(archive: zipfile.ZipFile) -> str | None:
    """What a zip that is not an Office Open XML workbook holds, when it is another
    program's spreadsheet."""
    names = set(archive.namelist())
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"opendocument.spreadsheet" in mimetype:
            return "an OpenDocument spreadsheet (.ods, LibreOffice's own format)"
    if any(n.endswith("workbook.bin") for n in names):
        return "an Excel Binary Workbook (.xlsb)"
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
        return "an Apple Numbers spreadsheet"
    return None


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise _incomplete(path, exc) from exc


def _incomplete(path: Path, exc: Exception) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"{path.name} is damaged or incomplete ({_short(exc)}): it may have been cut off "
        "while copying or downloading. Copy or save it again and retry.")


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """A zip, but is it a workbook? (Its size is checked as it is read: limits.py.)"""
    try:
        workbook = main_part(archive)
    except EntityDeclarations as exc:
        raise _entities(path, exc) from exc
    except XlsxError:
        workbook = None  # the package's relationships are not readable: say what it lacks
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise _incomplete(path, exc) from exc
    if workbook is None:
        other = _other_spreadsheet(archive)
        if other is not None:
            raise _not_read_yet(path.name, other)
        raise UnreadableWorkbook(
            f"{path.name} is a zip file but not an Excel workbook (no workbook inside). "
            "Save the plan from Excel as an Excel Workbook (.xlsx).")


def _read(path: Path, raw_sheets: Iterator[RawSheet]) -> Workbook:
    problems: list[iss.Issue] = []
    by_key = {s.normalize(sheet.name): sheet for sheet in s.SHEETS}
    support = {s.normalize(n) for n in s.SUPPORT_SHEETS}
    sheets: dict[str, SheetData] = {}
    others: list[str] = []
    for raw in raw_sheets:
        spec = by_key.get(s.normalize(raw.title))
        if spec is None:
            if s.normalize(raw.title) not in support:
                others.append(raw.title)
                problems.append(iss.warning(
                    f"Sheet '{raw.title}' is not part of the plan and is ignored. If it should "
                    "be one of the plan's sheets, rename it to the sheet's name.",
                    sheet=raw.title, code="unknown-sheet"))
            continue
        if spec.name in sheets:
            problems.append(iss.error(
                f"Sheets '{sheets[spec.name].title}' and '{raw.title}' are both the "
                f"{spec.name} sheet. Keep one and delete or rename the other.",
                sheet=raw.title, code="duplicate-sheet"))
            continue
        sheets[spec.name] = _read_sheet(raw, spec, problems)
    plan_info = _read_plan_info(sheets.get(s.PLAN_INFO), problems)
    return Workbook(path, sheets, plan_info, problems, _logo(path, plan_info, problems),
                    others)


def _logo(path: Path, plan_info: dict[str, Cell], problems) -> bytes | None:
    """The logo named in Plan Info, read now so a bad name is named at validation. One
    message for every refusal: it must not tell whether some file exists."""
    cell = plan_info.get(s.LOGO)
    if cell is None or cell.empty:
        return None
    data = read_logo(path, cell.key)
    if data is None:
        problems.append(iss.error(
            f"{s.PLAN_INFO}!{cell.ref} ({s.LOGO}): the logo '{clip(cell.key)}' is not a PNG "
            f"or JPEG picture of at most {MAX_BYTES // (1024 * 1024)} MB inside the "
            "workbook's folder; put the picture beside the workbook and type its file name, "
            "or leave the cell empty.",
            sheet=s.PLAN_INFO, row=cell.row, column=s.LOGO, cell=cell.ref, code="bad-logo"))
    return data


def _quoted(value) -> str:
    """A header's text in a message: control characters spelled out, numbers as shown."""
    return visible(value) if isinstance(value, str) else str(value)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_sheet(raw: RawSheet, spec: s.Sheet, problems) -> SheetData:
    rows = [row for row in with_merged(raw) if any(not _blank(c.value) or c.formula
                                                     for c in row)]
    if not rows:
        # An empty sheet: present, but with no header; the validator names missing columns.
        return SheetData(spec.name, raw.title, 1, {})
    header = rows[0]
    header_row = header[0].row
    header = [c for c in header if not c.merged_copy]  # a header merged wide names one column
    columns_by_key = {s.normalize(c.name): c for c in spec.columns}
    columns: dict[str, str] = {}
    positions: dict[int, s.Column] = {}
    other_headers: dict[str, str] = {}
    for c in header:
        if _blank(c.value):
            if c.formula:
                problems.append(iss.error(
                    f"{raw.title}!{c.coordinate} is a header cell holding a formula that was "
                    "never calculated, so the column's name is unknown. Type the column's "
                    "name instead of the formula.", sheet=spec.name, row=header_row,
                    cell=c.coordinate, code="header-formula"))
            continue
        letter = get_column_letter(c.column)
        col = columns_by_key.get(s.normalize(c.value))
        if col is None:
            other_headers[f"{letter}{header_row}"] = _quoted(c.value)
            problems.append(iss.warning(
                f"{raw.title}!{letter}{header_row}: column '{_quoted(c.value)}' is not part of the "
                f"{spec.name} sheet and is ignored.", sheet=spec.name, row=header_row,
                cell=f"{letter}{header_row}", code="unknown-column"))
            continue
        if col.name in columns:
            problems.append(iss.error(
                f"{raw.title}!{letter}{header_row}: column '{col.name}' appears twice (also "
                f"in column {columns[col.name]}). Keep one and delete the other.",
                sheet=spec.name, row=header_row, column=col.name, cell=f"{letter}{header_row}",
                code="duplicate-column"))
            continue
        columns[col.name] = letter
        positions[c.column] = col
    used = [c.column for c in header if not _blank(c.value)]
    data = SheetData(spec.name, raw.title, header_row, columns,
                     free_column=get_column_letter(max(used, default=0) + 1),
                     other_headers=other_headers)
    _headerless(raw, spec, header_row, set(used), problems)
    _merged_across(raw, spec, header_row, positions, problems)
    # by spreadsheet column: (schema column name, column letter)
    places = {index: (col.name, columns[col.name]) for index, col in positions.items()}
    name, title = spec.name, raw.title
    # The raw rows are let go of one by one as they become records, so a big sheet is not
    # held twice over (raw cells and records) at its peak.
    raw.rows = []
    for index in range(1, len(rows)):
        row, rows[index] = rows[index], []
        cells: dict[str, Cell | str] = {}
        unreadable: AbstractSet[str] = _NONE_UNREADABLE
        filled = False
        for c in row:
            place = places.get(c.column)
            if place is None:
                continue
            cell = _cell(title, name, c, place, problems)
            if cell is not None:
                cells[place[0]] = cell
                filled = filled or bool((cell if isinstance(cell, str) else cell.text).strip())
            else:
                unreadable = unreadable | {place[0]}
        if filled:
            number = row[0].row
            if len(cells) < len(places):  # absent cells are empty cells, in place
                for column, _ in places.values():
                    if column not in cells:
                        cells[column] = ""
            data.records.append(Record(name, number, cells, columns, unreadable))
    return data


def _merged_across(raw: RawSheet, spec: s.Sheet, header_row: int,
                   positions: dict[int, s.Column], problems) -> None:
    """A merged range's value applies to all its cells; across two columns of the plan that
    puts one text in both (a benchmark as its own owner), so say so."""
    if not raw.merged:
        return
    values = {(c.row, c.column): c.value for row in raw.rows for c in row}
    for min_col, min_row, max_col, max_row in raw.merged:
        spanned = [positions[c].name for c in range(min_col, max_col + 1) if c in positions]
        if max_row <= header_row or len(spanned) < 2 or _blank(values.get((min_row, min_col))):
            continue
        where = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
        problems.append(iss.warning(
            f"{raw.title}!{where} is merged across the columns {', '.join(spanned)}, so its "
            f"text is read into each of them. Unmerge the cells and fill each column.",
            sheet=spec.name, row=max(min_row, header_row + 1),
            cell=f"{get_column_letter(min_col)}{max(min_row, header_row + 1)}",
            code="merged-across-columns"))


def _headerless(raw: RawSheet, spec: s.Sheet, header_row: int, used: set[int],
                problems) -> None:
    """Values typed in a column with no header are ignored: say so, once a column."""
    seen: set[int] = set()
    for row in raw.rows:  # as typed: a merged range's copies do not count
        for c in row:
            if c.row <= header_row or c.column in used or c.column in seen or (
                    _blank(c.value) and not c.formula):
                continue
            seen.add(c.column)
            letter = get_column_letter(c.column)
            problems.append(iss.warning(
                f"{raw.title}!{c.coordinate}: column {letter} holds values but has no header "
                f"in row {header_row}, so they are ignored. Move them under the right "
                f"column, or give column {letter} one of the {spec.name} headers: "
                f"{', '.join(col.name for col in spec.columns)}.",
                sheet=spec.name, row=c.row, cell=c.coordinate, code="values-without-header"))


def _cell(title, sheet, c: RawCell, place: tuple[str, str], problems) -> Cell | str | None:
    """The cell as a record keeps it: its text (a Cell when it is a date), or None when it
    cannot be read (reported)."""
    column, letter = place
    value = c.value
    if isinstance(value, str) and not (c.formula or c.error):  # the usual case: typed text
        text = value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
        if CONTROL_CHARACTERS.search(text) is None:
            return text
        return _control_character(title, sheet, c, place, text, problems)
    ref = f"{letter}{c.row}"
    if c.formula and value is None:
        problems.append(iss.error(
            f"{title}!{ref} ({column}) holds a formula that was never calculated, so its "
            "value is unknown. Open the workbook in Excel or LibreOffice, save it, and retry "
            "(or type the value instead of the formula).",
            sheet=sheet, row=c.row, column=column, cell=ref, code="formula-not-calculated"))
        return None
    if c.error:
        problems.append(iss.error(
            f"{title}!{ref} ({column}) shows the spreadsheet error {value}. Fix the formula "
            "or type the value.", sheet=sheet, row=c.row, column=column, cell=ref,
            code="spreadsheet-error"))
        return None
    if value is None:
        return ""
    if isinstance(value, OutOfRange):
        problems.append(iss.error(
            f"{title}!{ref} ({column}) holds {show_number(value.serial)} under a date format, "
            "which is no date a spreadsheet can show (it shows #######): type the date, or "
            "give the cell a number format that is not a date.",
            sheet=sheet, row=c.row, column=column, cell=ref, code="date-out-of-range"))
        return None
    when = None
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n")
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, (int, float, datetime, date, time)):
        number = isinstance(value, (int, float))
        try:
            text = show_number(value, c.number_format) if isinstance(value, (int, float)) \
                else show_date(value, c.number_format)
        except (ValueError, ArithmeticError) as exc:  # a format no spreadsheet would write
            problems.append(iss.error(
                f"{title}!{ref} ({column}) holds a {'number' if number else 'date'} that "
                f"cannot be shown with its number format ({exc}): give the cell the General "
                "format, or type the value as text.",
                sheet=sheet, row=c.row, column=column, cell=ref, code="value-out-of-range"))
            return None
        if isinstance(value, datetime):
            when = value.date()
        elif isinstance(value, date):
            when = value
    else:
        text = str(value)
    if CONTROL_CHARACTERS.search(text):
        return _control_character(title, sheet, c, place, text, problems)
    return text if when is None else Cell(text, sheet, c.row, column, letter, when)


def _control_character(title, sheet, c: RawCell, place: tuple[str, str], text: str,
                       problems) -> Cell | None:
    """Report the control character at its cell; the cell then reads as unreadable (None)."""
    column, letter = place
    ref = f"{letter}{c.row}"
    bad = CONTROL_CHARACTERS.search(text)
    assert bad is not None
    problems.append(iss.error(
        f"{title}!{ref} ({column}) contains {what_character(bad.group())}; Word documents "
        "cannot hold it. Retype the text in that cell.",
        sheet=sheet, row=c.row, column=column, cell=ref, code="control-character"))
    return None


def _read_plan_info(data: SheetData | None, problems) -> dict[str, Cell]:
    if data is None:
        return {}
    fields = {s.normalize(f.name): f for f in s.PLAN_FIELDS}
    info: dict[str, Cell] = {}
    for record in data.records:
        name_cell = record.cell(s.FIELD)
        if name_cell is None or name_cell.empty:
            continue
        spec = fields.get(s.normalize(name_cell.text))
        if spec is None:
            problems.append(iss.warning(
                f"{data.title}!{name_cell.ref}: '{name_cell.key}' is not a Plan Info field "
                "and is ignored. The fields are: " + ", ".join(f.name for f in s.PLAN_FIELDS)
                + ".", sheet=s.PLAN_INFO, row=record.row, column=s.FIELD, cell=name_cell.ref,
                code="unknown-plan-info-field"))
            continue
        value = record.cell(s.VALUE)
        if spec.name in info:
            problems.append(iss.error(
                f"{data.title}!{name_cell.ref}: the field '{spec.name}' is given twice (also "
                f"on row {info[spec.name].row}). Keep one row.",
                sheet=s.PLAN_INFO, row=record.row, column=s.FIELD, cell=name_cell.ref,
                code="duplicate-plan-info-field"))
            continue
        if value is None:
            value = Cell("", s.PLAN_INFO, record.row, s.VALUE, data.columns.get(s.VALUE, "B"))
        info[spec.name] = value
    return info
