"""openpyxl lives here and nowhere else: reading planning workbooks, and writing blank ones."""

from .read import Cell, Record, SheetData, Workbook, read_district, read_workbook
from .write import same_workbook, workbook_bytes, write_workbook

__all__ = ["Cell", "Record", "SheetData", "Workbook", "read_district", "read_workbook",
           "same_workbook", "workbook_bytes", "write_workbook"]
