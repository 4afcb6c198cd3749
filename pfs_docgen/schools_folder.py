"""Which files in a folder of school workbooks are workbooks (what `bulk` and `validate DIR`
take). Apart from bulk's machinery, so that validating a folder imports none of it."""

from __future__ import annotations

from pathlib import Path

# What bulk takes for a school's workbook. An .xlsm is an .xlsx with macros, read as one
# (its macros are never run); an .ods is LibreOffice's own format, read as well; the others
# are spreadsheets the reader cannot read, found so that each is a failure with its reason
# instead of being skipped without a word.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
SPREADSHEET_SUFFIXES = (*WORKBOOK_SUFFIXES, ".fods", ".xls", ".xlsb", ".numbers")


def find_workbooks(schools_dir: Path, *, exclude: list[Path]) -> list[Path]:
    """Every spreadsheet under the folder (SPREADSHEET_SUFFIXES), but Excel's lock files
    and the excluded paths."""
    skip = {p.resolve() for p in exclude}
    found = []
    for path in sorted(schools_dir.rglob("*")):  # in any case: Windows writes .XLSX too
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES or \
                path.name.startswith(("~$", ".")) or \
                not path.is_file() or path.resolve() in skip:
            continue
        if any(parent.resolve() in skip for parent in path.parents):
            continue
        found.append(path)
    return found
