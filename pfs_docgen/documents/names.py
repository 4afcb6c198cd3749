"""What the documents' files are called: `<organisation>_<kind>_<years>.docx`."""

from __future__ import annotations

from .. import schema as s
from ..files import slugify
from ..kinds import DOCUMENT_KINDS
from ..values import year_span
from ..workbook import Workbook


def file_name(book: Workbook, kind: str, suffix: str = ".docx") -> str:
    """The file name of a template kind's document for this workbook."""
    document = DOCUMENT_KINDS[kind]
    years = book.info(s.ACTION_PLAN_YEAR if document.annual else s.PLAN_YEARS)
    return (f"{organisation_slug(book)}_{document.file_kind(book.plan_level)}_"
            f"{years_slug(years)}{suffix}")


def organisation_slug(book: Workbook) -> str:
    """The organisation as a file-name part; a name with no Latin letters (中文学校) falls
    back to the school code, then to the workbook's own file name."""
    return (slugify(book.organisation, "") or slugify(book.info(s.SCHOOL_CODE), "")
            or slugify(book.path.stem, "plan"))


def years_slug(text: str) -> str:
    """Years as file names give them: `2025–28` and `SY2025-2028` both as `2025-2028`."""
    span = year_span(text)
    return f"{span[0]}-{span[1]}" if span else slugify(text, "undated")
