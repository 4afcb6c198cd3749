"""What changed since last year: the new plan with the differences from the old one as Word
tracked changes, and a summary of what was added, removed and changed per sheet.

The summary matches rows by ID on the sheets that have one (objectives, initiatives,
outcomes, benchmarks, educator goals) and by their whole text on the others. The document is
the new plan's District Plan (or School Improvement Plan), rendered as `build` renders it,
with the old plan's rendered beside it: their body blocks (paragraphs and tables, and the
rows of tables that match) are aligned, and each difference becomes a revision: a changed
paragraph's words as `w:del` and `w:ins` runs, an added or removed paragraph or table row as
a whole, its paragraph mark or row marked too, so Word's and LibreOffice's Review tools
accept or reject each one (accept all: the new plan; reject all: the old one).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from difflib import SequenceMatcher

from lxml import etree

from . import changes_summary
from . import schema as s

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
AUTHOR = "pfs-docgen"
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# What a run may hold for its text to be diffed word by word; anything else (fields,
# pictures, footnote marks) makes the paragraph changed as a whole.
_PLAIN = {W + "rPr", W + "t", W + "br", W + "tab"}


# --- the summary ----------------------------------------------------------------------

@dataclass
class SheetChanges:
    sheet: str
    added: list[str] = field(default_factory=list)  # IDs, or the row's text
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "added": self.added, "removed": self.removed,
                "changed": self.changed}


def summary(old, new) -> list[SheetChanges]:
    """Per sheet of the plan (Plan Info by field), what was added, removed and changed."""
    out = []
    for spec in s.SHEETS:
        if spec.name not in old.sheets and spec.name not in new.sheets:
            continue
        changes = SheetChanges(spec.name)
        if spec.name == s.PLAN_INFO:
            a = {k: c.text for k, c in old.plan_info.items()}
            b = {k: c.text for k, c in new.plan_info.items()}
            _compare(changes, a, b)
        elif spec.id_column is not None:
            key = spec.id_column.name
            a = _by_key(old.records(spec.name), key)
            b = _by_key(new.records(spec.name), key)
            _compare(changes, a, b)
        else:
            a_rows = [_row_text(r) for r in old.records(spec.name)]
            b_rows = [_row_text(r) for r in new.records(spec.name)]
            for tag, i1, i2, j1, j2 in SequenceMatcher(None, a_rows, b_rows,
                                                       autojunk=False).get_opcodes():
                if tag in ("replace", "delete"):
                    changes.removed += [_short(t) for t in a_rows[i1:i2]]
                if tag in ("replace", "insert"):
                    changes.added += [_short(t) for t in b_rows[j1:j2]]
        out.append(changes)
    return out


def _by_key(records, key: str) -> dict[str, object]:
    found: dict[str, object] = {}
    for record in records:
        found.setdefault(record.key(key), record.texts())
    return found


def _compare(changes: SheetChanges, a: dict, b: dict) -> None:
    changes.removed = [k for k in a if k not in b]
    changes.added = [k for k in b if k not in a]
    changes.changed = [k for k in b if k in a and a[k] != b[k]]


def _row_text(record) -> str:
    return " | ".join(t for t in record.texts().values() if t.strip())


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


# --- the tracked changes --------------------------------------------------------------

class _Revisions:
    def __init__(self, when: str):
        self.when, self.next_id = when, 900_000

    def mark(self, tag: str):
        element = etree.Element(W + tag)
        element.set(W + "id", str(self.next_id))
        element.set(W + "author", AUTHOR)
        element.set(W + "date", self.when)
        self.next_id += 1
        return element


def tracked(old_docx: bytes, new_docx: bytes, *, when: datetime | None = None,
            sheets: list[SheetChanges] | None = None) -> bytes:
    """The new document with the differences from the old one as tracked changes; with
    `sheets` (summary()), the summary table before the plan's first section, untracked
    (changes_summary.py)."""
    stamp = (when or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    revisions = _Revisions(stamp)
    old_body = _body(old_docx)
    with zipfile.ZipFile(io.BytesIO(new_docx)) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    document = next(data for info, data in parts if info.filename == "word/document.xml")
    root = etree.fromstring(document)
    body = root.find(W + "body")
    looks = changes_summary.templates(body) if sheets is not None else None
    _merge(old_body, body, revisions)
    if looks is not None:
        changes_summary.insert(body, looks, sheets)
    merged = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info, merged if info.filename == "word/document.xml" else data)
    return out.getvalue()


def _body(docx: bytes):
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(W + "body")


def _text(element) -> str:
    out = []
    for el in element.iter(W + "t", W + "br", W + "tab", W + "instrText"):
        out.append({W + "br": "\n", W + "tab": "\t"}.get(el.tag, el.text or ""))
    return "".join(out)


def _key(block) -> tuple:
    if block.tag == W + "tbl":
        first = block.find(W + "tr")
        return ("tbl", _text(first) if first is not None else "")
    return (etree.QName(block).localname, _text(block))


def _blocks(body) -> list:
    return [b for b in body if b.tag in (W + "p", W + "tbl")]


def _merge(old_body, new_body, rev: _Revisions) -> None:
    old, new = _blocks(old_body), _blocks(new_body)
    a, b = [_key(x) for x in old], [_key(x) for x in new]
    # Tables are aligned by their header row: a table whose rows changed is still "equal"
    # here, and its rows are aligned below.
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for x, y in zip(old[i1:i2], new[j1:j2]):
                if y.tag == W + "tbl":
                    _merge_rows(x, y, rev)
            continue
        olds, news = old[i1:i2], new[j1:j2]
        if tag == "replace":
            paired = min(len(olds), len(news))
            for x, y in zip(olds[:paired], news[:paired]):
                if x.tag == y.tag == W + "p" and _plain(x) and _plain(y) and \
                        _similar(_text(x), _text(y)):
                    _diff_paragraph(x, y, rev)
                elif x.tag == y.tag == W + "tbl":
                    _merge_rows(x, y, rev)
                else:
                    _insert_block(y, rev)
                    _delete_block_before(x, y, rev)
            for y in news[paired:]:
                _insert_block(y, rev)
            anchor = news[paired - 1] if paired else None
            for x in olds[paired:]:
                anchor = _delete_block_after(x, anchor, new_body, new[j2] if j2 < len(new)
                                             else None, rev)
        elif tag == "insert":
            for y in news:
                _insert_block(y, rev)
        else:  # delete: old blocks go before the next new block
            following = new[j1] if j1 < len(new) else None
            for x in olds:
                _delete_block_at(x, following, new_body, rev)


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= 0.4


def _plain(p) -> bool:
    """Runs of text only, and no section break: its words can be diffed in place."""
    if p.find(f"{W}pPr/{W}sectPr") is not None:
        return False
    for child in p:
        if child.tag == W + "pPr" or child.tag in (W + "bookmarkStart", W + "bookmarkEnd",
                                                   W + "proofErr"):
            continue
        if child.tag != W + "r" or any(el.tag not in _PLAIN for el in child):
            return False
    return True


# paragraphs and rows, whole

def _mark_paragraph(p, tag: str, rev: _Revisions) -> None:
    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = etree.SubElement(p, W + "pPr")
        p.insert(0, ppr)
    rpr = ppr.find(W + "rPr")
    if rpr is None:
        rpr = etree.SubElement(ppr, W + "rPr")
    rpr.insert(0, rev.mark(tag))


def _wrap_runs(element, tag: str, rev: _Revisions) -> None:
    """Every run in the element inside a w:ins or w:del of its own (its text as deleted
    text for w:del); each paragraph's mark marked too."""
    for run in list(element.iter(W + "r")):
        parent = run.getparent()
        if parent.tag in (W + "ins", W + "del"):
            continue
        wrapper = rev.mark(tag)
        parent.replace(run, wrapper)
        wrapper.append(run)
        if tag == "del":
            for t in run.iter(W + "t"):
                t.tag = W + "delText"
            for t in run.iter(W + "instrText"):
                t.tag = W + "delInstrText"
    for p in element.iter(W + "p"):
        _mark_paragraph(p, tag, rev)
    for tr in element.iter(W + "tr"):
        trpr = tr.find(W + "trPr")
        if trpr is None:
            trpr = etree.Element(W + "trPr")
            tblpr = tr.find(W + "tblPrEx")
            tr.insert(1 if tblpr is not None else 0, trpr)
        if not any(c.tag not in (W + "ins", W + "del", W + "trPrChange") for c in trpr):
            # a row's properties hold at least one property before a revision mark
            etree.SubElement(trpr, W + "cantSplit").set(W + "val", "off")
        trpr.append(rev.mark(tag))


def _insert_block(block, rev: _Revisions) -> None:
    _wrap_runs(block, "ins", rev)


def _deleted_copy(block, rev: _Revisions):
    """The old block, cleaned of what may appear once only (bookmarks, pictures, section
    breaks), its runs deleted."""
    clone = copy.deepcopy(block)
    for el in list(clone.iter(W + "bookmarkStart", W + "bookmarkEnd", W + "drawing",
                              W + "sectPr")):
        el.getparent().remove(el)
    _wrap_runs(clone, "del", rev)
    return clone


def _delete_block_before(old_block, new_block, rev: _Revisions) -> None:
    new_block.addprevious(_deleted_copy(old_block, rev))


def _delete_block_at(old_block, following, body, rev: _Revisions) -> None:
    clone = _deleted_copy(old_block, rev)
    if following is not None:
        following.addprevious(clone)
    else:
        sect = body.find(W + "sectPr")
        if sect is not None:
            sect.addprevious(clone)
        else:
            body.append(clone)


def _delete_block_after(old_block, anchor, body, following, rev: _Revisions):
    clone = _deleted_copy(old_block, rev)
    if anchor is not None:
        anchor.addnext(clone)
    elif following is not None:
        following.addprevious(clone)
    else:
        body.append(clone)
    return clone


# table rows

def _merge_rows(old_tbl, new_tbl, rev: _Revisions) -> None:
    old, new = old_tbl.findall(W + "tr"), new_tbl.findall(W + "tr")
    a, b = [_text(r) for r in old], [_text(r) for r in new]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        if tag == "replace":
            paired = min(len(olds), len(news))
            for x, y in zip(olds[:paired], news[:paired]):
                if not _diff_row(x, y, rev):
                    _wrap_runs(y, "ins", rev)
                    y.addprevious(_deleted_copy(x, rev))
            for y in news[paired:]:
                _wrap_runs(y, "ins", rev)
            anchor = news[paired - 1] if paired else None
            for x in olds[paired:]:
                clone = _deleted_copy(x, rev)
                if anchor is not None:
                    anchor.addnext(clone)
                    anchor = clone
                else:
                    new_tbl.append(clone)
        elif tag == "insert":
            for y in news:
                _wrap_runs(y, "ins", rev)
        else:
            following = new[j1] if j1 < len(new) else None
            for x in olds:
                clone = _deleted_copy(x, rev)
                if following is not None:
                    following.addprevious(clone)
                else:
                    new_tbl.append(clone)


def _diff_row(old_tr, new_tr, rev: _Revisions) -> bool:
    """A changed row with the same cells, paragraph for paragraph: diffed word by word in
    place (True), else False (the caller replaces the row whole)."""
    old_cells, new_cells = old_tr.findall(W + "tc"), new_tr.findall(W + "tc")
    if len(old_cells) != len(new_cells):
        return False
    pairs = []
    for x, y in zip(old_cells, new_cells):
        xs, ys = x.findall(W + "p"), y.findall(W + "p")
        if len(xs) != len(ys) or x.find(f".//{W}tbl") is not None:
            return False
        pairs += [(px, py) for px, py in zip(xs, ys) if _text(px) != _text(py)]
    if not all(_plain(px) and _plain(py) for px, py in pairs):
        return False
    for px, py in pairs:
        _diff_paragraph(px, py, rev)
    return True


# words

def _runs(p) -> list[tuple[object, str]]:
    """A plain paragraph's runs: (their formatting, their text)."""
    out = []
    for run in p.findall(W + "r"):
        out.append((run.find(W + "rPr"), _text(run)))
    return out


def _diff_paragraph(old_p, new_p, rev: _Revisions) -> None:
    """The new paragraph's runs replaced by the word-level differences from the old one,
    each run keeping the formatting of the new run it came from (deleted words that of the
    old run)."""
    old_runs, new_runs = _runs(old_p), _runs(new_p)
    if len(old_runs) == len(new_runs):  # run by run: formatting kept exactly
        segments = []
        for (old_rpr, old_text), (new_rpr, new_text) in zip(old_runs, new_runs):
            segments += _word_segments(old_text, new_text, old_rpr, new_rpr)
    else:
        old_rpr = old_runs[0][0] if old_runs else None
        new_rpr = new_runs[0][0] if new_runs else None
        segments = _word_segments("".join(t for _, t in old_runs),
                                  "".join(t for _, t in new_runs), old_rpr, new_rpr)
    for run in new_p.findall(W + "r"):
        new_p.remove(run)
    for kind, text, rpr in segments:
        if not text:
            continue
        run = _run(text, rpr, deleted=kind == "del")
        if kind == "same":
            new_p.append(run)
        else:
            wrapper = rev.mark(kind)
            wrapper.append(run)
            new_p.append(wrapper)


def _word_segments(old_text: str, new_text: str, old_rpr, new_rpr) -> list[tuple]:
    if old_text == new_text:
        return [("same", new_text, new_rpr)]
    a, b = _TOKENS.findall(old_text), _TOKENS.findall(new_text)
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("same", "".join(b[j1:j2]), new_rpr))
            continue
        if tag in ("replace", "delete"):
            out.append(("del", "".join(a[i1:i2]), old_rpr))
        if tag in ("replace", "insert"):
            out.append(("ins", "".join(b[j1:j2]), new_rpr))
    return out


def _run(text: str, rpr, *, deleted: bool):
    run = etree.Element(W + "r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    tag = W + ("delText" if deleted else "t")
    for n, line in enumerate(text.split("\n")):
        if n:
            etree.SubElement(run, W + "br")
        for m, piece in enumerate(line.split("\t")):
            if m:
                etree.SubElement(run, W + "tab")
            if piece:
                t = etree.SubElement(run, tag)
                t.text = piece
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run
