"""How much a workbook may hold before the reader refuses it, and the counting that enforces it.

A real planning workbook is a few hundred kilobytes: a district's with 5,000 benchmarks is
about 60,000 cells. A small file can still ask for a great deal: a merged range to the
sheet's edge (`A2:XFD1048576`, what merging whole columns in Excel writes) names 17 billion
cells, and a 2.4 MB zip can unpack to 260 MB of small numbers. Every limit here is far above
what a plan needs and low enough that no workbook under 10 MB makes `validate` take more than
10 s or 500 MB (tests/test_hostile_size.py measures it). Reaching one stops the reading at
once, with one sentence naming the sheet.
"""

from __future__ import annotations

MB = 1024 * 1024

# The whole zip, unpacked (pictures included), and how much smaller it may be packed.
MAX_UNPACKED_BYTES = 128 * MB
MAX_RATIO = 200
# One XML part unpacked: a worksheet, the shared strings (the workbook's text), the styles.
MAX_PART_BYTES = 32 * MB
# Rows and cells a sheet stores (an empty row or a cell with only a style counts: it costs
# as much to read; so does a merged range), per sheet and in the plan's sheets together; a
# merged range's copies of its value count as cells of the sheet. The shared strings may
# hold no more pieces of text than a workbook may hold cells.
MAX_ROWS_PER_SHEET = 50_000
MAX_CELLS_PER_SHEET = 300_000
MAX_CELLS_PER_WORKBOOK = 600_000


class TooLarge(Exception):
    """The workbook asks for more than a limit allows; the message says where, after the
    file's name ("... the sheet 'Benchmarks' holds more than ...")."""


def megabytes(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / 1024:,.0f} KB"


def check_sizes(infos: list, labels: dict[str, str]) -> None:
    """Refuse a zip that unpacks to too much, before anything is unpacked (the sizes are the
    zip's own; a part that unpacks to more than its stated size fails its checksum).
    `labels` names the parts a user knows: part name -> "the sheet 'Mission'"."""
    for info in infos:
        if info.file_size > MAX_PART_BYTES and info.filename in labels:
            raise TooLarge(
                f"{labels[info.filename]} unpacks to {megabytes(info.file_size)}, more than "
                f"the {megabytes(MAX_PART_BYTES)} one part of a workbook may hold (a real "
                "plan's is under 1 MB), so it is not read: it may be a hostile file.")
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        largest = max(infos, key=lambda i: i.file_size)
        where = labels.get(largest.filename, largest.filename)
        raise TooLarge(
            f"the workbook unpacks to {megabytes(unpacked)} ({megabytes(largest.file_size)} "
            f"of it in {where}), far more than any planning workbook, so it is not read: it "
            "may be a hostile file.")


class CellCount:
    """Cells and rows counted as a sheet is read, against the sheet's and the workbook's
    limits. One per workbook; `sheet(title)` starts the next sheet."""

    def __init__(self) -> None:
        self.workbook = 0
        self.cells = self.rows = 0
        self.title = ""

    def sheet(self, title: str) -> None:
        self.title, self.cells, self.rows = title, 0, 0

    def add(self, cells: int, rows: int = 0) -> None:
        self.cells += cells
        self.rows += rows
        self.workbook += cells
        if self.rows > MAX_ROWS_PER_SHEET:
            raise TooLarge(
                f"the sheet '{self.title}' holds more than {MAX_ROWS_PER_SHEET:,} rows, far "
                "more than any plan; delete the rows below the plan's (select "
                "them, right-click, Delete) and save again.")
        if self.cells > MAX_CELLS_PER_SHEET:
            raise TooLarge(
                f"the sheet '{self.title}' holds more than {MAX_CELLS_PER_SHEET:,} cells, far "
                "more than any plan; delete the rows and columns that are not part of the "
                "plan (formatted but empty ones too) and save again.")
        if self.workbook > MAX_CELLS_PER_WORKBOOK:
            raise TooLarge(
                f"the workbook's plan sheets hold more than {MAX_CELLS_PER_WORKBOOK:,} cells "
                f"(reached on the sheet '{self.title}'), far more than any plan; delete what "
                "is not part of the plan and save again.")
