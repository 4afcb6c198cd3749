"""What one document's render may cost: time, work, output, nesting. Pure Python, no Jinja.

A template is a district's code run on the district's machine, so a render is given a
`Budget`: every value the template makes (a string, a list, a number, a loop's turn, a
macro's result) is charged by about the number of characters it would print as, before it
is made wherever its size can be told in advance (so `'a' * 10**9` is refused without
allocating anything), and the clock is read at every charge, so a loop that prints nothing
still stops. The output is counted as it streams.
"""

from __future__ import annotations

import time
from collections.abc import ItemsView, KeysView, ValuesView
from contextvars import ContextVar

from jinja2.sandbox import SecurityError

SECONDS = 10.0  # wall clock for one document, all its parts (the defaults take ~5 ms)
WORK = 50_000_000  # characters of values made while rendering one document
OUTPUT = 50 * 1024 * 1024  # characters of XML one document's parts render to
MAX_WIDTH = 100_000  # a width, count or padding a template may ask for (center, ljust, batch)
MAX_INT_BITS = 100_000  # about 30,000 digits
MAX_DEPTH = 50  # macro and call nesting (a macro calling itself)
_WALK = 1_000_000  # values looked at to size one container


class TemplateLimit(SecurityError):
    """A template went over one of its limits; the message says which."""


class Budget:
    """What is left of one document's render: work, time, nesting."""

    def __init__(self, work: int = WORK, seconds: float = SECONDS):
        self.work, self.seconds = work, seconds
        self.left = work
        self.deadline = time.monotonic() + seconds
        self.depth = 0
        self.charges = 0

    def spend(self, units: int) -> None:
        self.left -= units
        if self.left < 0:
            raise TemplateLimit(f"it makes more than {self.work:,} characters of text and "
                                "lists (a loop or a repeat that never ends, perhaps)")
        # The clock every 256 charges: reading it at each one cost a tenth of a render, and
        # 256 charges take microseconds, so a loop still stops within its seconds.
        self.charges += 1
        if not self.charges & 255 and time.monotonic() > self.deadline:
            raise TemplateLimit(f"it takes more than {self.seconds:g} seconds for one "
                                "document")

    @property
    def exhausted(self) -> bool:
        return self.left < 0 or time.monotonic() > self.deadline

    def afford(self, units: int) -> None:
        """Refuse, before it is made, a value larger than what is left."""
        if units > self.left:
            self.spend(units)


_current: ContextVar[Budget | None] = ContextVar("pfs_docgen_render_budget", default=None)


def budget() -> Budget:
    """The budget of the render under way; outside one (a template rendered directly),
    a fresh budget for each operation, so each is bounded on its own."""
    return _current.get() or Budget()


def render_bounded(parts, budget: Budget | None = None, output: int = OUTPUT):
    """Render (name, generator of text) pairs under one budget: yields (name, text). The
    output is counted as it streams and the clock read at every chunk."""
    budget = budget or Budget()
    token = _current.set(budget)
    total = 0
    try:
        for name, chunks in parts:
            pieces = []
            for chunk in chunks:
                total += len(chunk)
                if total > output:
                    raise TemplateLimit(f"its output is larger than {output // 1024 ** 2} MB")
                budget.spend(1)
                pieces.append(chunk)
            yield name, "".join(pieces)
    finally:
        _current.reset(token)


def checked_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimit(f"it makes a number of more than {MAX_INT_BITS:,} bits")


def checked_int(value: int) -> int:
    checked_bits(value.bit_length())
    return value


def checked_width(value) -> None:
    """A width, count or repeat a template passes: at most MAX_WIDTH."""
    if isinstance(value, int) and abs(value) > MAX_WIDTH:
        raise TemplateLimit(f"it asks for a width or count of {value:,} (at most "
                            f"{MAX_WIDTH:,})")


def text_size(value, limit: int = WORK) -> int:
    """About how many characters `value` prints as; counting stops past `limit`."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() * 30103 // 100000 + 2
    if isinstance(value, float):
        return 25
    if not isinstance(value, _CONTAINERS) and not _is_namespace(value):
        return 20  # a macro, a loop, a range, an undefined value: a short repr
    return _Sizer(limit).size(value, 0)


_CONTAINERS = (list, tuple, set, frozenset, dict, KeysView, ValuesView, ItemsView)


def _is_namespace(value) -> bool:
    return type(value).__name__ == "Namespace" and hasattr(value, "_Namespace__attrs")


class _Sizer:
    """Sizes nested containers once each (a list of one string a thousand times is a
    thousand strings in print, but is looked at once)."""

    def __init__(self, limit: int):
        self.limit, self.steps = limit, 0
        self.known: dict[int, int] = {}

    def size(self, value, depth: int) -> int:
        if not isinstance(value, _CONTAINERS) and not _is_namespace(value):
            return text_size(value)
        key = id(value)
        if key in self.known:
            return self.known[key]
        if depth > 100:
            return self.limit + 1
        self.known[key] = self.limit + 1  # a container inside itself: too large
        pairs = isinstance(value, (dict, ItemsView)) or _is_namespace(value)
        if _is_namespace(value):
            value = value._Namespace__attrs
        items = value.items() if isinstance(value, dict) else value
        total = 2
        for item in items:
            self.steps += 1
            if self.steps > _WALK:
                return self.limit + 1
            if pairs:
                total += self.size(item[0], depth + 1) + self.size(item[1], depth + 1) + 4
            else:
                total += self.size(item, depth + 1) + 2
            if total > self.limit:
                break
        self.known[key] = total
        return total
