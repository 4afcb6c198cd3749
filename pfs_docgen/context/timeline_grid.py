"""The action plans' Timeline: one row per benchmark under its initiative, one column per
month of the action plan year (July to June), the months its timeline covers shaded and
dotted (for black and white printing); the timeline's words always beside them, so a
timeline the tool cannot place (`Ongoing`) is still read.

Pure: a workbook in, the rows of the Timeline table out.
"""

from __future__ import annotations

from .. import progress as pg
from .. import schema as s
from ..design import TIMELINE_FILL, TIMELINE_MARK, WHITE
from ..timeline import MONTH_LABELS
from ..values import display_date
from ..workbook import Workbook
from .monitoring import Numbered


def timeline_grid(book: Workbook, numbered: Numbered) -> dict:
    """{months, span, unplaced, groups: [{label, rows: [{benchmark, timeline, placed,
    cells}]}]}; `numbered` is plan.numbered(book), the initiatives' numbers."""
    year = pg.action_year(book)
    labels = {ini.key(s.ID): f"Strategic Initiative {number}: {ini.text(s.INITIATIVE)}"
              for _, _, initiatives in numbered for number, ini in initiatives}
    groups: dict[str, list[dict]] = {label: [] for label in labels.values()}
    unplaced = 0
    for b in pg.benchmarks(book):
        r = b.record
        months = set(b.placement.months)
        unplaced += not months
        label = labels.get(r.key(s.INITIATIVE_ID), r.key(s.INITIATIVE_ID))
        groups.setdefault(label, []).append({
            "benchmark": r.text(s.BENCHMARK),
            "timeline": display_date(r.text(s.TIMELINE)),
            "placed": "" if months else "\nNot placed on the calendar",
            "cells": [{"mark": TIMELINE_MARK if i in months else "",
                       "fill": TIMELINE_FILL if i in months else WHITE} for i in range(12)],
        })
    span = f"July {year[0]} to June {year[1]}" if year else ""
    return {"months": list(MONTH_LABELS), "span": span, "unplaced": str(unplaced),
            "groups": [{"label": label, "rows": rows} for label, rows in groups.items()
                       if rows]}
