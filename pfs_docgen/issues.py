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
    # The rule broken, stable across versions and wording ("missing-sheet", "required-empty"):
    # what a program filters on. README's "Rule codes" lists them.
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_json(self) -> dict:
        data = asdict(self)
        data["code"] = self.code or self.severity
        return {k: data[k] for k in ("severity", "code", "sheet", "cell", "row", "column",
                                     "message")}


def error(message, sheet=None, row=None, column=None, cell=None, *, code="") -> Issue:
    return Issue(ERROR, sheet, row, column, cell, message, code)


def warning(message, sheet=None, row=None, column=None, cell=None, *, code="") -> Issue:
    return Issue(WARNING, sheet, row, column, cell, message, code)


def count(issues, severity) -> int:
    return sum(1 for i in issues if i.severity == severity)


def errors_first(issues) -> list[Issue]:
    """The issues with every error before every warning, each in its own order."""
    return sorted(issues, key=lambda i: not i.is_error)
