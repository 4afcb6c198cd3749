"""Reading meaning out of what a team typed: school years, dates in free text, cell display.

Pure functions, no I/O. The text a team wrote is always kept as typed; these helpers only
look inside it (for the validator's date checks) or turn a spreadsheet's number or date into
the text the spreadsheet shows.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))

# School-year seasons, as a planning team means them: (first month, last month, year offset
# of the last month). Winter spans the new year, so it is read generously.
_SEASONS = {"fall": (9, 11, 0), "autumn": (9, 11, 0), "winter": (12, 2, 1),
            "spring": (3, 5, 0), "summer": (7, 8, 0)}

_YEAR_SPAN = re.compile(r"^\s*(?:SY|FY)?\s*(\d{4})\s*(?:-|–|—|to|/)\s*(?:SY|FY)?\s*(\d{2}|\d{4})\s*$",
                        re.IGNORECASE)

Span = tuple[date, date]


def year_span(text: str) -> tuple[int, int] | None:
    """`2025-2028` (also `2025–28`, `2025 to 2028`) as (2025, 2028); None if not a span."""
    m = _YEAR_SPAN.match(text or "")
    if not m:
        return None
    start, end = int(m.group(1)), m.group(2)
    end = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    return (start, end) if start < end else None


def school_years(start: int, end: int) -> Span:
    """The days from July 1 of the first year to June 30 of the last."""
    return date(start, 7, 1), date(end, 6, 30)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_PATTERNS = [
    # 2025-10-01
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
     lambda m: _day(int(m[1]), int(m[2]), int(m[3]))),
    # 10/1/2025 (US order)
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
     lambda m: _day(int(m[3]), int(m[1]), int(m[2]))),
    # October 1, 2025 / Oct. 1 2025
    (re.compile(rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
     lambda m: _day(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))),
    # October 2025 / Oct 2025 / Oct. 2025
    (re.compile(rf"\b({_MONTH_WORD})\.?,?\s+(\d{{4}})\b", re.I),
     lambda m: _month(int(m[2]), _MONTHS[m[1].lower()])),
    # 10/2025
    (re.compile(r"\b(\d{1,2})/(\d{4})\b"), lambda m: _month(int(m[2]), int(m[1]))),
    # Fall 2025
    (re.compile(r"\b(fall|autumn|winter|spring|summer)\s+(\d{4})\b", re.I),
     lambda m: _season(m[1].lower(), int(m[2]))),
    # a bare year: 2027
    (re.compile(r"(?<![\d$.,/])((?:19|20)\d{2})(?![\d%])"),
     lambda m: (date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))),
]


def _day(year, month, day) -> Span | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return d, d


def _month(year, month) -> Span | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, 1), _last_day(year, month)


def _season(name, year) -> Span:
    first, last, offset = _SEASONS[name]
    if name == "winter":  # 'Winter 2026' may mean Dec 2025 or Jan 2026: accept both
        return date(year - 1, 12, 1), _last_day(year + offset, last)
    return date(year, first, 1), _last_day(year + offset, last)


def dates_in(text: str) -> list[Span]:
    """Every date, month, season or year a piece of text names, as (first day, last day).

    Each stretch of text is read once, by the most specific pattern that matches it, so
    `October 1, 2025` is one day, not also a month and a year.
    """
    found: list[Span] = []
    taken = [False] * len(text)
    for pattern, to_span in _PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            span = to_span(m)
            if span:
                found.append(span)
                for i in range(m.start(), m.end()):
                    taken[i] = True
    return sorted(found)


def outside(spans: list[Span], window: Span) -> list[Span]:
    """The spans that lie wholly outside the window."""
    lo, hi = window
    return [s for s in spans if s[1] < lo or s[0] > hi]


# --- what a spreadsheet shows -----------------------------------------------------------

def show_number(value: int | float, number_format: str = "General") -> str:
    """A number as the spreadsheet shows it: `12%`, `$45,000`, `1.1`, `14.0`, never `2.0`
    under the General format."""
    fmt = number_format or "General"
    if "%" in fmt:
        return f"{_fixed(_decimal(value) * 100, _decimals(fmt))}%"
    if isinstance(value, float):  # a spreadsheet shows 15 significant digits: 0.1+0.2 is 0.3
        value = float(f"{value:.15g}")
        if value.is_integer() and abs(value) < 1e15:
            value = int(value)
    if "$" in fmt or "," in fmt:
        text = f"{_fixed(abs(_decimal(value)), _decimals(fmt), grouped=True)}"
        sign = "-" if value < 0 else ""
        return f"{sign}${text}" if "$" in fmt else f"{sign}{text}"
    if re.fullmatch(r"0(\.0+)?", fmt):  # a fixed number of decimals: 14 shows as 14.0
        return _fixed(_decimal(value), _decimals(fmt))
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same number
    return str(value)


def _decimal(value: int | float) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _fixed(value: Decimal, decimals: int, grouped: bool = False) -> str:
    """Rounded half up, as a spreadsheet rounds what it shows (12.5 shows as 13)."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded:,f}" if grouped else f"{rounded:f}"


def _decimals(fmt: str) -> int:
    m = re.search(r"\.(0+)", fmt)
    return len(m.group(1)) if m else 0


def show_date(value: datetime | date | time, number_format: str = "") -> str:
    """A date cell as words: `October 1, 2025`, or `October 2025` when the format has no day."""
    if isinstance(value, time):
        return value.strftime("%H:%M").lstrip("0") or "0:00"
    fmt = (number_format or "").lower()
    month = calendar.month_name[value.month]
    if fmt and "d" not in fmt.replace("[", "").split(";")[0]:
        return f"{month} {value.year}"
    text = f"{month} {value.day}, {value.year}"
    if isinstance(value, datetime) and (value.hour or value.minute):
        text += value.strftime(" %H:%M")
    return text
