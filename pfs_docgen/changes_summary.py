"""The diff document's summary: `What changed since last year`, a table of what was added,
removed and changed per sheet, put before the plan's first section.

It is not part of the plan, so it is no tracked change: accepting or rejecting every change
leaves it as it is. It borrows its look from the plan's own first data table (the header row
repeating on each page, navy, white bold text; the cell padding and borders) and its heading
from the plan's first Heading 1, so it looks like the rest of the document, restyled
templates included.
"""

from __future__ import annotations

import copy

from lxml import etree

from . import schema as s
from .text import anchor, anchor_id

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
HEADING = "What changed since last year"
COLUMNS = ("Sheet", "Added", "Removed", "Changed")
_REVISIONS = (W + "ins", W + "del", W + "rPrChange", W + "pPrChange", W + "trPrChange",
              W + "tcPrChange", W + "bookmarkStart", W + "bookmarkEnd")


def cells(sheets) -> list[list[str]]:
    """The table's rows under its header: per sheet, each count with the IDs (Plan Info's
    fields) where the sheet has them: `1: O99`; `0` for none."""
    with_ids = {spec.name for spec in s.SHEETS if spec.id_column is not None} | {s.PLAN_INFO}
    rows = []
    for sheet in sheets:
        row = [sheet.sheet]
        for found in (sheet.added, sheet.removed, sheet.changed):
            if found and sheet.sheet in with_ids:
                row.append(f"{len(found)}: {', '.join(found)}")
            else:
                row.append(str(len(found)))
        rows.append(row)
    return rows


def _style(p) -> str:
    ppr = p.find(W + "pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    return style.get(W + "val", "") if style is not None else ""


def templates(body) -> tuple | None:
    """Copies of the plan's first Heading 1 and of its first table with a header row and a
    data row, taken before any change is marked; None when the plan has neither."""
    heading = next((p for p in body.iter(W + "p") if _style(p) == "Heading1"), None)
    table = None
    for tbl in body.iter(W + "tbl"):
        rows = tbl.findall(W + "tr")
        if len(rows) >= 2 and rows[0].find(f"{W}trPr/{W}tblHeader") is not None and \
                len(rows[1].findall(W + "tc")) == len(rows[0].findall(W + "tc")):
            table = tbl
            break
    if heading is None or table is None:
        return None
    return copy.deepcopy(heading), copy.deepcopy(table)


def _clean(element):
    for el in list(element.iter(*_REVISIONS)):
        el.getparent().remove(el)
    return element


def _paragraph_like(p, text: str):
    """The paragraph `p` (its properties, its first run's formatting) holding `text`."""
    out = etree.Element(W + "p")
    ppr = p.find(W + "pPr")
    if ppr is not None:
        out.append(_clean(copy.deepcopy(ppr)))
    run = etree.SubElement(out, W + "r")
    rpr = p.find(f".//{W}r/{W}rPr")
    if rpr is not None:
        run.append(_clean(copy.deepcopy(rpr)))
    t = etree.SubElement(run, W + "t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return out


def _row_like(tr, texts: list[str], width: int):
    out = etree.Element(W + "tr")
    for child in tr:
        if child.tag in (W + "tblPrEx", W + "trPr"):
            out.append(_clean(copy.deepcopy(child)))
    model = tr.find(W + "tc")
    for text in texts:
        tc = etree.SubElement(out, W + "tc")
        tcpr = model.find(W + "tcPr")
        if tcpr is not None:
            tcpr = _clean(copy.deepcopy(tcpr))
            for el in list(tcpr):
                if el.tag in (W + "gridSpan", W + "vMerge", W + "hMerge"):
                    tcpr.remove(el)
            tcw = tcpr.find(W + "tcW")
            if tcw is not None:
                tcw.set(W + "w", str(width))
                tcw.set(W + "type", "dxa")
            tc.append(tcpr)
        tc.append(_paragraph_like(model.find(W + "p"), text))
    return out


def insert(body, found: tuple, sheets) -> None:
    """The heading and the table, before the plan's first Heading 1 in `body`."""
    heading, table = found
    first = next((p for p in body.iter(W + "p") if _style(p) == "Heading1"), None)
    if first is None:
        return
    tbl = etree.Element(W + "tbl")
    tblpr = table.find(W + "tblPr")
    if tblpr is not None:
        tbl.append(_clean(copy.deepcopy(tblpr)))
    total = sum(int(c.get(W + "w", "0")) for c in table.iter(W + "gridCol")) or 9360
    width = total // len(COLUMNS)
    grid = etree.SubElement(tbl, W + "tblGrid")
    for _ in COLUMNS:
        etree.SubElement(grid, W + "gridCol").set(W + "w", str(width))
    head, data = table.findall(W + "tr")[:2]
    tbl.append(_row_like(head, list(COLUMNS), width))
    for row in cells(sheets):
        tbl.append(_row_like(data, row, width))
    title = _paragraph_like(heading, HEADING)
    _bookmark(title, HEADING)
    first.addprevious(title)
    first.addprevious(tbl)
    _contents_entry(body, HEADING)


def _bookmark(p, text: str) -> None:
    """The heading's bookmark, named as every heading's is, for the contents to link to."""
    start = etree.Element(W + "bookmarkStart")
    start.set(W + "id", str(anchor_id(text)))
    start.set(W + "name", anchor(text))
    end = etree.Element(W + "bookmarkEnd")
    end.set(W + "id", str(anchor_id(text)))
    ppr = p.find(W + "pPr")
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def _contents_entry(body, text: str) -> None:
    """`text` as the contents' first entry, linked to its heading. The first entry's
    paragraph also opens the contents field, so it takes the new entry and a copy of it,
    without the field's start, takes the old one."""
    first = next((p for p in body.iter(W + "p") if _style(p) == "toc1"), None)
    if first is None or first.find(W + "hyperlink") is None:
        return
    link = first.find(W + "hyperlink")
    old = copy.deepcopy(first)
    for run in list(old.findall(W + "r")):
        if run.find(W + "fldChar") is not None or run.find(W + "instrText") is not None:
            old.remove(run)
    link.set(W + "anchor", anchor(text))
    texts = link.findall(f".//{W}t")
    texts[0].text = text
    for t in texts[1:]:
        t.text = ""
    first.addnext(old)
