"""Reading meaning out of what a team typed: school years, dates in free text, cell display.

Pure functions, no I/O. The text a team wrote is always kept as typed; these helpers only
look inside it (for the validator's date checks) or turn a spreadsheet's number or date into
the text the spreadsheet shows.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))

# School-year seasons, as a planning team means them: (first month, last month, year offset
# of the last month). Winter spans the new year, so it is read generously.
_SEASONS = {"fall": (9, 11, 0), "autumn": (9, 11, 0), "winter": (12, 2, 1),
            "spring": (3, 5, 0), "summer": (7, 8, 0)}

_YEAR_SPAN = re.compile(
    r"^\s*(?:SY|FY)?\s*(\d{4})\s*(?:-|–|—|to|/)\s*(?:SY|FY)?\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)

Span = tuple[date, date]


def year_span(text: str) -> tuple[int, int] | None:
    """`2025-2028` (also `2025–28`, `2025 to 2028`) as (2025, 2028); None if not a span."""
    m = _YEAR_SPAN.match(text or "")
    if not m:
        return None
    start, end = int(m.group(1)), m.group(2)
    end = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    return (start, end) if 1 <= start < end else None  # no year 0000: no calendar has one


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
    if not (1 <= month <= 12 and 1 <= year):  # 13/2025, 10/0000
        return None
    return date(year, month, 1), _last_day(year, month)


def _season(name, year) -> Span | None:
    first, last, offset = _SEASONS[name]
    try:
        if name == "winter":  # 'Winter 2026' may mean Dec 2025 or Jan 2026: accept both
            return date(year - 1, 12, 1), _last_day(year + offset, last)
        return date(year, first, 1), _last_day(year + offset, last)
    except ValueError:  # Fall 0000, Winter 0001: a year no calendar has
        return None


def dates_in(text: str) -> list[Span]:
    """Every date, month, season or year a piece of text names, as (first day, last day).

    Each stretch of text is read once, by the most specific pattern that matches it, so
    `October 1, 2025` is one day, not also a month and a year. What looks like a date but
    is none (`Fall 0000`, `10/0000`, `2025-02-30`) gives no span: unreal_dates names it.
    """
    return sorted(span for _, span in _read_dates(text) if span is not None)


def unreal_dates(text: str) -> list[str]:
    """What in a piece of text is written like a date but names none: `Fall 0000`,
    `10/0000`, `13/2025`, `2025-02-30` (there is no year 0000, no month 13)."""
    return [phrase for phrase, span in _read_dates(text) if span is None]


def _read_dates(text: str) -> list[tuple[str, Span | None]]:
    """Each date-like phrase of the text, read by the most specific pattern that matches
    it, with its span (None when it names no real date)."""
    found: list[tuple[str, Span | None]] = []
    taken = [False] * len(text)
    for pattern, to_span in _PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            found.append((m.group(), to_span(m)))
            for i in range(m.start(), m.end()):
                taken[i] = True
    return found


def outside(spans: list[Span], window: Span) -> list[Span]:
    """The spans that lie wholly outside the window."""
    lo, hi = window
    return [s for s in spans if s[1] < lo or s[0] > hi]


# --- what a spreadsheet shows -----------------------------------------------------------

MAX_FORMAT = 255  # the longest number format Excel lets a team type


def show_number(value: int | float, number_format: str = "General") -> str:
    """A number as the spreadsheet shows it, by its number format: `12%`, `-$45,000`, `0999`
    (a DESE code under `0000`), `2.8 pp`, `($1,500)`, `$45K`, `1.23E+04`, `1 1/2`; under
    General, `1.1` and `3`, never `1.1000000000000001` or `3.0`. Raises ValueError for a
    format longer than any spreadsheet writes."""
    if isinstance(value, float):
        value = float(f"{value:.15g}")  # a spreadsheet keeps 15 significant digits
        if not math.isfinite(value):  # nan, inf, or a number at the edge rounded past it
            return _general(value)
        if value.is_integer() and abs(value) < 1e15:
            value = int(value)
    sections = _sections(number_format or "General")
    section, sign = sections[0], "-" if value < 0 else ""
    if value < 0 and len(sections) > 1:  # the negative section carries its own sign, if any
        section, sign = sections[1], ""
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    if section.strip().lower() in ("general", "@") or not (number_format or "").strip():
        return sign + _general(abs(value))
    if len(number_format) > MAX_FORMAT:
        raise ValueError(f"the number format is {len(number_format):,} characters long, "
                         f"longer than a spreadsheet allows ({MAX_FORMAT})")
    before, picture, after = _parts(section)
    if not picture:  # only text, or an empty section (`;;;` hides the value)
        return before + after
    # Room for any float's digits (309), times 100 for each of up to 255 `%`, and up to 255
    # decimals: quantize needs them all, or it fails.
    with localcontext(prec=2000):
        digits = _digits(abs(value), picture)
    return f"{sign}{before}{digits}{after}"


def _general(value: int | float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _sections(fmt: str) -> list[str]:
    """A format's `;`-separated sections (positive; negative; zero; text), quotes respected."""
    sections, current, quoted = [], "", False
    for char in fmt:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += char
    return sections + [current]


# One token of a format section: quoted text, an escaped character, a padding or fill
# character (shown as nothing), a [$€-407] currency, any other [colour] or [condition].
_TOKEN = re.compile(r'"([^"]*)"?|\\(.)|_.|\*.|\[\$([^\]-]*)[^\]]*\]|\[[^\]]*\]|(.)', re.S)
_FRACTION = re.compile(r"(?:[#0?]+ +)?[#0?]+ */ *(?:[#0?]+|\d+)")


def _parts(section: str) -> tuple[str, str, str]:
    """(text before the digits, the digit picture, text after)."""
    fraction = _FRACTION.search(section)
    if fraction:
        return (_literal(section[:fraction.start()]), fraction.group(),
                _literal(section[fraction.end():]))
    before: list[str] = []
    picture: list[str] = []
    after: list[str] = []
    for m in _TOKEN.finditer(section):
        char = m.group(4)
        if char is not None and not after:
            following = section[m.end():m.end() + 1]
            last = picture[-1] if picture else ""
            starts = char in "0#?%" or (char == "." and following in ("0", "#", "?"))
            goes_on = picture and (char in "0#?.,%"
                                   or (char in "Ee" and following in ("+", "-"))
                                   or (char in "+-" and last == "E"))
            if starts or goes_on:
                picture.append(char.upper())
                continue
        text = _literal_of(m)
        (after if picture else before).append(text)
    return "".join(before), "".join(picture), "".join(after)


def _literal_of(m: re.Match) -> str:
    for group in (1, 2, 3, 4):
        if m.group(group) is not None:
            return m.group(group)
    return ""  # padding, fill, colour or condition: nothing to show


def _literal(text: str) -> str:
    return "".join(_literal_of(m) for m in _TOKEN.finditer(text))


def _digits(value: int | float, picture: str) -> str:
    percent = "%" * picture.count("%")
    picture = picture.replace("%", "")
    thousands = len(picture) - len(picture.rstrip(","))  # `#,##0,` shows thousands
    number = _decimal(value) * (100 ** len(percent)) / (1000 ** thousands)
    return _unsigned(number, picture[:len(picture) - thousands]) + percent


def _unsigned(number: Decimal, picture: str) -> str:
    if "E" in picture:
        mantissa, _, exponent = picture.partition("E")
        decimals = _places(mantissa.partition(".")[2])
        if number == 0:
            power = 0
        else:
            power = number.adjusted() - (len(mantissa.split(".")[0].strip("#?,")) or 1) + 1
        shown = _fixed(number.scaleb(-power), decimals)
        if number and abs(Decimal(shown)) >= 10 ** (len(mantissa.split(".")[0].strip("#?,"))
                                                    or 1):
            power += 1  # 9.99 rounds up to 10.0: shown as 1.0E+01
            shown = _fixed(number.scaleb(-power), decimals)
        width = exponent.count("0")
        return f"{shown}E{'-' if power < 0 else '+'}{abs(power):0{width}d}"
    if "/" in picture:
        return _fraction(number, picture)
    whole, _, fraction = picture.partition(".")
    decimals, required = _places(fraction), fraction.count("0")
    text = _fixed(number, decimals, grouped="," in whole.strip(","))
    if "." in text:
        integer, digits = text.split(".")
        while len(digits) > required and digits.endswith("0"):
            digits = digits[:-1]
        text = f"{integer}.{digits}" if digits else integer
    integer, dot, rest = text.partition(".")
    width = whole.count("0")
    bare = integer.replace(",", "")
    if bare == "0" and width == 0:
        integer = ""  # `#.00` shows 0.5 as .50, and `#` shows 0 as nothing
    elif len(bare) < width:  # the leading zeros the format asks for: 0999, 00350000
        padded = bare.zfill(width)
        integer = _group(padded) if "," in whole.strip(",") else padded
    return f"{integer}{dot}{rest}"


def _decimal(value: int | float) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _fixed(value: Decimal, decimals: int, grouped: bool = False) -> str:
    """Rounded half up, as a spreadsheet rounds what it shows (12.5 shows as 13)."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded:,f}" if grouped else f"{rounded:f}"


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ",".join(groups)


def _places(picture: str) -> int:
    return sum(picture.count(c) for c in "0#?")


def _fraction(number: Decimal, picture: str) -> str:
    """`# ?/?` shows 1.5 as `1 1/2`; `?/4` shows 0.5 as `2/4`; `?/?` shows 1.5 as `3/2`."""
    whole_part, _, below = picture.rpartition("/")
    below = below.strip()
    has_whole = " " in whole_part.strip()
    whole = int(number) if has_whole else 0
    rest = number - whole
    if below.isdigit() and not below.startswith("0"):  # a fixed denominator
        numerator, denominator = int((rest * int(below)).to_integral_value(ROUND_HALF_UP)), \
            int(below)
    else:
        exact = Fraction(rest).limit_denominator(10 ** len(below) - 1)
        numerator, denominator = exact.numerator, exact.denominator
    if has_whole and numerator == denominator:
        whole, numerator = whole + 1, 0
    if numerator == 0:
        return str(whole)
    fraction = f"{numerator}/{denominator}"
    return f"{whole} {fraction}" if whole else fraction


def show_date(value: datetime | date | time, number_format: str = "") -> str:
    """A date cell as words: `October 1, 2025`, or `October 2025` when the format has no day."""
    fmt = (number_format or "").lower()
    if isinstance(value, time):
        if "am/pm" in fmt or "a/p" in fmt:
            return f"{value.hour % 12 or 12}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"
        return f"{value.hour}:{value.minute:02d}"
    month = calendar.month_name[value.month]
    if _month_only(fmt):
        return f"{month} {value.year}"
    text = f"{month} {value.day}, {value.year}"
    if isinstance(value, datetime) and (value.hour or value.minute):
        text += value.strftime(" %H:%M")
    return text


_DATE_CODES = re.compile(r'"[^"]*"?|\\.|\[[^\]]*\]')  # quoted text, escapes, [$-409] [Red]


def _month_only(fmt: str) -> bool:
    """Whether a (lower-cased) number format shows a date without its day: `mmmm yyyy`,
    `mmm-yy`. Only a format that shows a date can: under General, `@` or a number format, a
    real date (a datetime typed into a General cell, a `t="d"` cell) keeps its day."""
    codes = _DATE_CODES.sub("", fmt.split(";")[0])
    return "m" in codes and "y" in codes and "d" not in codes


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")


def display_date(text: str) -> str:
    """A date typed as text, in the documents' one date format: `2026-01-30` and `1/30/2026`
    read `January 30, 2026`. Words (`Fall 2025`, `Monthly`) and anything that is not a real
    calendar day are printed as typed; a real date cell arrives as words already
    (show_date)."""
    stripped = text.strip()
    iso, us = _ISO_DATE.fullmatch(stripped), _US_DATE.fullmatch(stripped)
    try:
        if iso:
            day = date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif us:
            year = int(us[3]) + (2000 if len(us[3]) == 2 else 0)
            day = date(year, int(us[1]), int(us[2]))
        else:
            return text
    except ValueError:
        return text
    return show_date(day)


# --- days: the dates of monitoring (issue 11) -------------------------------------------

_WORD_DAY = re.compile(rf"({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I)
# What reads as a day, possible or not: 2026-02-30, 2/30/2026, 13/45/2025, February 30, 2026


def day_of(text: str) -> date | None:
    """The calendar day a cell's text names, when it is one whole day: `2026-01-30`,
    `1/30/2026`, `January 30, 2026`; None for anything else (`January 2026`, `soon`, a day
    that does not exist)."""
    stripped = (text or "").strip()
    iso, us, word = (_ISO_DATE.fullmatch(stripped), _US_DATE.fullmatch(stripped),
                     _WORD_DAY.fullmatch(stripped))
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if us:
            return date(int(us[3]) + (2000 if len(us[3]) == 2 else 0), int(us[1]), int(us[2]))
        if word:
            return date(int(word[3]), _MONTHS[word[1].lower()], int(word[2]))
    except ValueError:
        return None
    return None
