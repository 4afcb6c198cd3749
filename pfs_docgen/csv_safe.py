"""CSV that a spreadsheet opens as text: no field a team typed is ever run as a formula.

Excel, LibreOffice Calc and Google Sheets run a CSV field that begins with `=`, `+`, `-` or
`@` as a formula, quoted or not, and skip a leading tab or carriage return (or spaces) before
looking. So every field is quoted (a `;` or `,` inside one cannot start a cell of its own in
any locale), and a field that begins with one of those characters, after any white space,
or with an apostrophe, gets one apostrophe in front: spreadsheets show it as text, and the
rule can be undone exactly. A program reading the CSV gets back what was typed, character
for character, by dropping one leading apostrophe where there is one: `typed(field)`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

# A field a spreadsheet would run, or one the escape itself would make ambiguous.
_NEEDS_APOSTROPHE = re.compile(r"\A(?:\s*[=+\-@]|[\t\r]|')")


def field(value: object) -> str:
    """One value as its CSV field's text: an apostrophe in front where a spreadsheet would
    take it for a formula (or where it begins with an apostrophe already)."""
    text = "" if value is None else str(value)
    return "'" + text if _NEEDS_APOSTROPHE.match(text) else text


def typed(text: str) -> str:
    """What `field` was given, from a field as a CSV reader returns it."""
    return text[1:] if text.startswith("'") else text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text: every field quoted and made safe by `field`, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([field(value) for value in row])
    return out.getvalue()
