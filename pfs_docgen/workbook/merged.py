"""Merged cells: the value of a merged range's top-left cell, given to the cells it covers.

Only where the sheet has data: a range is clipped to the rows and the columns that hold a
value of their own, so `A2:XFD1048576` (merging whole columns in Excel writes that) costs
what the sheet's data costs, not 17 billion cells. The copies still count against the
sheet's cell limit, so many wide ranges over a wide sheet are refused, not filled.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from openpyxl.utils.cell import get_column_letter

from .limits import MAX_CELLS_PER_SHEET, TooLarge
from .xlsx import RawCell, RawSheet


def with_merged(raw: RawSheet) -> list[list[RawCell]]:
    """Rows with each cell of a merged range carrying the range's (top-left) value."""
    if not raw.merged:
        return raw.rows
    by_place = {(c.row, c.column): c for row in raw.rows for c in row}
    rows = sorted({r for r, _ in by_place})
    columns = sorted({c for _, c in by_place})
    budget = MAX_CELLS_PER_SHEET - len(by_place)
    for min_col, min_row, max_col, max_row in raw.merged:
        top_left = by_place.get((min_row, min_col))
        if top_left is None or top_left.merged_copy:
            continue
        covered_rows = rows[bisect_left(rows, min_row):bisect_right(rows, max_row)]
        covered_columns = columns[bisect_left(columns, min_col):bisect_right(columns, max_col)]
        budget -= len(covered_rows) * len(covered_columns)
        if budget < 0:
            where = (f"{get_column_letter(min_col)}{min_row}:"
                     f"{get_column_letter(max_col)}{max_row}")
            raise TooLarge(
                f"the sheet '{raw.title}' has merged cells ({where} among them) that would "
                f"fill more than the {MAX_CELLS_PER_SHEET:,} cells a sheet may hold; unmerge "
                "them (Home > Merge & Center > Unmerge Cells) and save again.")
        for r in covered_rows:
            for col in covered_columns:
                if (r, col) != (min_row, min_col):
                    by_place[(r, col)] = top_left._replace(row=r, column=col,
                                                           merged_copy=True)
    by_row: dict[int, list[RawCell]] = {}
    for cell in by_place.values():
        by_row.setdefault(cell.row, []).append(cell)
    return [sorted(by_row[r], key=lambda c: c.column) for r in sorted(by_row)]
