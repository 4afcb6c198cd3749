"""A problem found in a workbook, as data: where it is, how bad, and what to do."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    severity: str  # ERROR or WARNING
    sheet: str | None
    row: int | None
    column: str | None
    cell: str | None  # "F7", without the sheet
    message: str  # says where, what, and how to fix

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_json(self) -> dict:
        data = asdict(self)
        return {k: data[k] for k in ("severity", "sheet", "cell", "row", "column", "message")}


def error(message, sheet=None, row=None, column=None, cell=None) -> Issue:
    return Issue(ERROR, sheet, row, column, cell, message)


def warning(message, sheet=None, row=None, column=None, cell=None) -> Issue:
    return Issue(WARNING, sheet, row, column, cell, message)


def count(issues, severity) -> int:
    return sum(1 for i in issues if i.severity == severity)
