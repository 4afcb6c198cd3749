"""The Progress Report's data: what it is as of, Progress at a Glance (per objective a status
bar, the counts in words and each outcome's baseline, latest result and target), and each
initiative's benchmarks with their owners, timelines, overdue marks and updates, latest first.

Pure: a workbook and the plan model's numbered objectives in, nested data out. Statuses are
always written out in words beside their shading, for colour-blind readers and black and
white printing.
"""

from __future__ import annotations

from datetime import date

from .. import progress as pg
from .. import schema as s
from ..design import BAR_ORDER, BAR_SEGMENTS, NO_STATUS, STATUS_FILLS, WHITE
from ..values import display_date, show_date
from ..workbook import Record, Workbook

Numbered = list[tuple[str, Record, list[tuple[str, Record]]]]  # plan.numbered()


def monitoring(book: Workbook, objectives: list[dict], numbered: Numbered) -> dict:
    """Everything the Progress Report shows beyond the plan model; `objectives` are the
    model's, `numbered` the same objectives' rows with their numbered initiatives."""
    benchmarks = pg.benchmarks(book)
    report = pg.report_day(book, benchmarks)
    by_initiative: dict[str, list[pg.BenchmarkProgress]] = {}
    for b in benchmarks:
        by_initiative.setdefault(b.record.key(s.INITIATIVE_ID), []).append(b)
    outcomes: dict[str, list] = {}
    for r in book.records(s.OUTCOMES):
        outcomes.setdefault(r.key(s.OBJECTIVE_ID), []).append(r)
    sections, glance = [], []
    for (number, objective, initiatives_of), o in zip(numbered, objectives):
        initiatives, statuses, overdue = [], [], 0
        for ini_number, ini in initiatives_of:
            found = sorted(by_initiative.get(ini.key(s.ID), []),
                           key=lambda b: _type(b) != s.PROCESS)
            statuses += [b.status for b in found]
            overdue += sum(b.overdue(report) for b in found)
            initiatives.append({"number": ini_number, "title": ini.text(s.INITIATIVE),
                                "rows": [row for b in found for row in _rows(b, report)]})
        sections.append({"number": number, "title": objective.text(s.OBJECTIVE),
                         "supports": o["supports"], "initiatives": initiatives})
        glance.append(_glance_row(f"{number}. {objective.text(s.OBJECTIVE)}", statuses,
                                  overdue, outcomes.get(objective.key(s.ID), [])))
    every = [b.status for b in benchmarks]
    total = _glance_row("All objectives", every, sum(b.overdue(report) for b in benchmarks),
                        [])
    period = book.info(s.REPORTING_PERIOD)
    as_of = show_date(report) if report else ""
    return {
        "as_of": as_of,
        "period": period,
        # "As of February 13, 2026 (Mid-Year)": the cover's and the first page's line
        "line": " ".join(filter(None, [f"As of {as_of}" if as_of else "Not yet dated",
                                       f"({period})" if period else ""])),
        "dated_by": "" if book.info(s.REPORT_DATE) or not report else
        " (the date of the latest update)",
        "glance": glance,
        "total": total,
        "objectives": sections,
        "legend": [{"status": st, "fill": STATUS_FILLS.get(st, WHITE)} for st in BAR_ORDER],
    }


def _type(b: pg.BenchmarkProgress) -> str:
    r = b.record
    return s.match_choice(r.key(s.TYPE), (s.PROCESS, s.EARLY_EVIDENCE)) or r.text(s.TYPE)


def _rows(b: pg.BenchmarkProgress, report: date | None) -> list[dict]:
    """A benchmark's rows: the first with the benchmark, its owner, timeline and current
    status; then its earlier updates, one a row (the benchmark's cells left blank)."""
    r = b.record
    first = {"kind": f"{_type(b)}: " if _type(b) else "", "text": r.text(s.BENCHMARK),
             "persons": r.text(s.PERSONS_RESPONSIBLE),
             "timeline": display_date(r.text(s.TIMELINE)),
             "overdue": "\nOverdue" if b.overdue(report) else "", "earlier": ""}
    blank = dict(dict.fromkeys(first, ""), earlier="Earlier update")
    if not b.updates:
        return [dict(first, status=NO_STATUS, date="", evidence="", next_steps="", fill=WHITE)]
    rows = []
    for n, u in enumerate(b.updates):
        status = u.status if n or u.status else NO_STATUS
        rows.append(dict(first if n == 0 else blank, status=status,
                         date=display_date(u.date_text), evidence=u.evidence,
                         next_steps=u.next_steps, fill=STATUS_FILLS.get(status, WHITE)))
    return rows


def _glance_row(label: str, statuses: list[str], overdue: int, outcomes: list) -> dict:
    counts = {st: 0 for st in BAR_ORDER}
    for st in statuses:
        counts[st if st in counts else NO_STATUS] += 1
    total = sum(counts.values())
    parts = [f"{n} {st}" for st, n in counts.items() if n]
    if overdue:
        parts.append(f"{overdue} overdue")
    return {"label": label, "bar": bar(counts),
            "counts": " \u00b7 ".join(parts) if parts else "No benchmarks",
            "total": f"{total} benchmark{'s' if total != 1 else ''}",
            "outcomes": _outcomes(outcomes)}


def bar(counts: dict[str, int]) -> list[dict]:
    """BAR_SEGMENTS cells shaded in status order, each status's share of the benchmarks
    (largest remainders; a status with any benchmark gets at least one cell)."""
    total = sum(counts.values())
    if not total:
        return [{"fill": WHITE}] * BAR_SEGMENTS
    shares = {st: n * BAR_SEGMENTS / total for st, n in counts.items()}
    cells = {st: (max(1, int(share)) if counts[st] else 0) for st, share in shares.items()}
    while sum(cells.values()) > BAR_SEGMENTS:  # many small statuses: take from the largest
        largest = max(cells, key=lambda st: cells[st])
        cells[largest] -= 1
    for st in sorted(shares, key=lambda st: shares[st] - int(shares[st]), reverse=True):
        if sum(cells.values()) >= BAR_SEGMENTS:
            break
        if counts[st]:
            cells[st] += 1
    return [{"fill": STATUS_FILLS.get(st, WHITE)} for st in BAR_ORDER
            for _ in range(cells[st])]


def _outcomes(records: list) -> list[dict]:
    """Each outcome as its measure (or its text), then baseline, latest result and target."""
    out = []
    for n, r in enumerate(records):
        lead = r.text(s.MEASURE).strip() or r.text(s.OUTCOME)
        group = r.text(s.STUDENT_GROUP).strip()
        group = "" if group.lower() == "all students" else group
        parts = []
        if r.key(s.BASELINE):
            parts.append(f"Baseline {r.text(s.BASELINE)}")
        if r.key(s.LATEST_RESULT):
            when = display_date(r.text(s.RESULT_DATE)) if r.key(s.RESULT_DATE) else ""
            parts.append(f"Latest {r.text(s.LATEST_RESULT)}" + (f" ({when})" if when else ""))
        else:
            parts.append("Latest: not yet measured")
        if r.key(s.TARGET):
            by = display_date(r.text(s.TARGET_DATE)) if r.key(s.TARGET_DATE) else ""
            parts.append(f"Target {r.text(s.TARGET)}" + (f" by {by}" if by else ""))
        out.append({"lead": lead + (f" ({group})" if group else ""),
                    "line": "\n" + " \u00b7 ".join(parts),
                    "after": "\n" if n < len(records) - 1 else ""})
    return out
