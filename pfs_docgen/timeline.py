"""A benchmark's timeline, as a team types it, placed on the months of the action plan year.

Pure, no I/O. `place("September 2025 - May 2026", (2025, 2026))` gives the months it covers
(0 is July, 11 is June) and the day it ends, which the monitoring code compares with the
report date. What the parser cannot place (`Ongoing`, `As needed`, a day that does not
exist) comes back with no months; the documents print it in words. `FORMS` lists every
form it reads, with an example: the README's table and the tests both come from it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTH_LABELS = ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May",
                "Jun")
SCHOOL_MONTHS = tuple(range(2, 12))  # September to June: the months school is in session
QUARTER_ENDS = (2, 5, 8, 11)  # September, December, March, June: a quarterly review
SCREENING_WINDOWS = (2, 6, 10)  # September, January, May: fall, winter and spring screening

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_SEASONS = {"fall": (9, 11), "autumn": (9, 11), "winter": (12, 2), "spring": (3, 5),
            "summer": (7, 8)}

_FULL_DATE = re.compile(
    r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"  # 2026-01-30
    r"|\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b"  # 1/30/2026
    rf"|\b({'|'.join(sorted(_MONTHS, key=len, reverse=True))})\.?\s+(\d{{1,2}})"
    r"(?:st|nd|rd|th)?,\s*(\d{4})\b", re.I)  # January 30, 2026
_TOKEN = re.compile(
    rf"(?P<month>\b(?:{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\b\.?)"
    r"|(?P<season>\b(?:fall|autumn|winter|spring|summer)\b)"
    r"|(?P<year>\b(?:19|20)\d{2}\b)"
    r"|(?P<dash>\s-\s?|-|\bto\b|\bthrough\b|\bthru\b|\buntil\b)"
    r"|(?P<quarter>\bq([1-4])\b|\bquarter\s+([1-4])\b|\b(first|second|third|fourth)\s+quarter\b)"
    r"|(?P<window>\bscreening\s+windows?\b|\bassessment\s+windows?\b)"
    r"|(?P<quarterly>\bquarterly\b|\b(?:each|every)\s+quarter\b)"
    r"|(?P<recurring>\b(?:daily|weekly|bi-?weekly|monthly|bi-?monthly|semi-?monthly"
    r"|every\s+(?:other\s+|\w+\s+)?(?:day|week|month)s?|each\s+(?:day|week|month)"
    r"|throughout\s+the\s+(?:school\s+)?year|all\s+year|year-?long|(?:the\s+)?school\s+year)\b)"
    r"|(?P<words>\b(?:ongoing|as\s+needed|tbd|tba|continuous|annually|yearly)\b)",
    re.I)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_PIECES = re.compile(r";|,|\band\b|&|\n|\+", re.I)


@dataclass(frozen=True)
class Placement:
    """Where a timeline falls in the action plan year."""

    months: tuple[int, ...]  # 0 = July ... 11 = June; empty: printed in words only
    ends: date | None  # the last day it covers; None: no end the tool can tell (Ongoing)

    @property
    def placed(self) -> bool:
        return bool(self.months)


# The forms the parser reads: (form, what a team types, the months it shades). The README's
# table is made from this list and a test places every example, so the two cannot drift.
FORMS: tuple[tuple[str, str, str], ...] = (
    ("A range of months", "September 2025 - May 2026", "September to May"),
    ("Months without a year in a range", "January - February 2026", "January and February"),
    ("Abbreviated months", "Oct 2025 - Apr 2026", "October to April"),
    ("A month", "October 2025", "October"),
    ("A month without a year", "March", "March of the action plan year"),
    ("A deadline", "By March 2026", "March (the month it is due)"),
    ("A list", "October 2025, February 2026 and June 2026", "October, February, June"),
    ("A season", "Fall 2025", "September to November (winter: December to February; "
     "spring: March to May; summer: July and August)"),
    ("A range of seasons", "Fall 2025 - Spring 2026", "September to May"),
    ("A quarter of the action plan year", "Q2", "October to December (Q1 is July to "
     "September, as the fiscal year runs)"),
    ("A frequency", "Monthly", "September to June, the school year"),
    ("A frequency over a range", "Weekly, September 2025 - June 2026", "September to June"),
    ("Quarterly", "Quarterly", "September, December, March, June"),
    ("Screening windows", "Each screening window", "September, January, May (fall, "
     "winter and spring)"),
    ("A real date, or a date typed as text", "2026-01-30", "January"),
    ("Words the tool cannot place", "Ongoing", "none: printed in words"),
)


def markdown_forms() -> str:
    """The README's table of the timeline forms, generated from FORMS."""
    lines = ["| form | a team types | months shaded |", "|---|---|---|"]
    lines += [f"| {form} | `{example}` | {months} |" for form, example, months in FORMS]
    return "\n".join(lines) + "\n"


def place(text: str, year: tuple[int, int] | None, day: date | None = None) -> Placement:
    """The months of the action plan year (`year` = (2025, 2026)) the timeline covers.

    `day` is the cell's date when the spreadsheet holds a real date. Months outside the
    action plan year are left off (the validator warns about them); without an action plan
    year nothing is placed. A frequency (`Monthly`) with dates beside it covers those dates;
    alone, its usual months."""
    if year is None:
        return Placement((), None)
    if day is not None:
        return _placed({(day.year, day.month)}, year)
    dated: set[tuple[int, int]] = set()
    usual: set[tuple[int, int]] = set()  # the months of frequencies typed alone
    text = re.sub("[\u2010-\u2015\u2212]", "-", text or "")  # en and em dashes, minus
    for piece in _PIECES.split(_full_dates(text)):
        months, is_usual = _piece(piece, year)
        if is_usual and dated:  # `September 2025; monthly`: monthly from September on
            dated |= {ym for ym in months if ym >= min(dated)}
        else:
            (usual if is_usual else dated).update(months)
    if dated or usual:
        return _placed(dated or usual, year)
    return Placement((), None)


def _full_dates(text: str) -> str:
    """Full dates (`2026-01-30`, `1/30/2026`, `January 30, 2026`) become their month and
    year, so the rest of the parser reads months; a day that does not exist is dropped."""
    def month(m: re.Match) -> str:
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        elif m.group(4):
            y = int(m.group(6)) + (2000 if len(m.group(6)) == 2 else 0)
            mo, d = int(m.group(4)), int(m.group(5))
        else:
            y, mo, d = int(m.group(9)), _MONTHS[m.group(7).lower()], int(m.group(8))
        try:
            date(y, mo, d)
        except ValueError:
            return " "  # the validator names the cell
        return f" {calendar.month_name[mo]} {y} "

    return _FULL_DATE.sub(month, text)


def _index(year: tuple[int, int], y: int, m: int) -> int | None:
    """The month's place in the action plan year (0 = July), None when outside it."""
    offset = (y - year[0]) * 12 + m - 7
    return offset if 0 <= offset < 12 else None


def _in_year(m: int, year: tuple[int, int]) -> int:
    """The calendar year of a month named without one: July to December are the first."""
    return year[0] if m >= 7 else year[1]


def _piece(piece: str, year: tuple[int, int]) -> tuple[set[tuple[int, int]], bool]:
    """One comma- or semicolon-separated part of a timeline: its (year, month)s, and whether
    they are a frequency's usual months (nothing dated in the part)."""
    points: list[dict] = []  # month or season points, in order, with their years
    joins: list[bool] = []  # whether a dash joins point n to point n+1
    dash = False
    quarters: set[int] = set()
    usual: tuple[int, ...] = ()
    for m in _TOKEN.finditer(piece):
        if m.group("month") or m.group("season"):
            if points:
                joins.append(dash)
            word = (m.group("month") or m.group("season")).lower().rstrip(".")
            points.append({"word": word, "year": None})
            dash = False
        elif m.group("year"):
            if points and points[-1]["year"] is None:
                points[-1]["year"] = int(m.group("year"))
        elif m.group("dash"):
            dash = bool(points)
        elif m.group("quarter"):
            n = int(m.group(6) or m.group(7) or _ORDINALS[m.group(8).lower()])
            quarters |= {3 * (n - 1), 3 * (n - 1) + 1, 3 * (n - 1) + 2}
        elif not usual:
            usual = (SCREENING_WINDOWS if m.group("window") else
                     QUARTER_ENDS if m.group("quarterly") else
                     SCHOOL_MONTHS if m.group("recurring") else ())
    # 'By March 2026' shades March, the month it is due, as 'March 2026' does
    months = {_of_year(i, year) for i in quarters}
    if points:
        _years(points, joins, year)
        n = 0
        while n < len(points):
            if n < len(joins) and joins[n]:
                months |= _span(points[n], points[n + 1], year)
                n += 2
            else:
                months |= _span(points[n], points[n], year)
                n += 1
    if months:
        return months, False
    return {_of_year(i, year) for i in usual}, True


def _of_year(index: int, year: tuple[int, int]) -> tuple[int, int]:
    """(year, month) of the action plan year's month `index` (0 = July)."""
    m = (index + 6) % 12 + 1
    return _in_year(m, year), m


def _years(points: list[dict], joins: list[bool], year: tuple[int, int]) -> None:
    """Years for points typed without one. The start of a range takes its end's year (the
    year before, when it comes later in the calendar: November - February 2026); a point
    after one with a year takes that year (Summer 2026 (July - August)); any other, the
    action plan year's (September is the first year's, March the second's)."""
    for n in range(len(points) - 2, -1, -1):
        point, following = points[n], points[n + 1]
        if point["year"] is None and joins[n] and following["year"] is not None:
            first, end = _bounds(point["word"])[0], _bounds(following["word"])[0]
            point["year"] = following["year"] - (1 if first > end else 0)
    for n in range(1, len(points)):
        point, before = points[n], points[n - 1]
        if point["year"] is None and before["year"] is not None:
            later = _bounds(point["word"])[0] < _bounds(before["word"])[0]
            point["year"] = before["year"] + (1 if later else 0)
    for point in points:
        if point["year"] is None:
            first = _bounds(point["word"])[0]
            point["year"] = year[0] if point["word"] == "winter" else _in_year(first, year)


def _bounds(word: str) -> tuple[int, int]:
    """A month's or a season's first and last calendar month."""
    if word in _SEASONS:
        return _SEASONS[word]
    return _MONTHS[word], _MONTHS[word]


def _span(start: dict, end: dict, year: tuple[int, int]) -> set[tuple[int, int]]:
    """Every (year, month) from the first month of `start` to the last of `end`."""
    first, _ = _bounds(start["word"])
    first_year = start["year"]
    if start["word"] == "winter":
        first_year = _winter_start(start["year"], year)
    _, last = _bounds(end["word"])
    last_year = end["year"]
    if end["word"] == "winter":
        last_year = _winter_start(end["year"], year) + 1
    out = set()
    y, m = first_year, first
    for _ in range(36):  # a timeline longer than three years is not a school year's
        out.add((y, m))
        if (y, m) >= (last_year, last):
            break
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _winter_start(typed: int, year: tuple[int, int]) -> int:
    """The year of the December a winter starts in: `Winter 2026` is December 2025 to
    February 2026; `Winter 2025`, in the 2025-2026 plan, December 2025 to February 2026."""
    return typed if typed == year[0] else typed - 1


def _placed(months: set[tuple[int, int]], year: tuple[int, int]) -> Placement:
    inside = sorted({i for y, m in months if (i := _index(year, y, m)) is not None})
    y, m = max(months)
    return Placement(tuple(inside), _last_day(y, m))


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])
