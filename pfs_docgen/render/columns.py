"""Column widths from the content: no table column narrower than its longest word.

A template sets each table's column widths for typical text; a team's words are not typical
("Hispanic/Latino" in a Student Group column, a 40-character program name). After a render,
each table's words are measured with Calibri's metrics (font_widths.py) and a column too
narrow for its longest word is widened, the room taken from columns that have some to spare,
so the table keeps its width. A table that already fits is left as the template drew it.

This works on the rendered XML text (no parse into a tree), so it costs a bulk run little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .font_widths import BOLD, REGULAR

_DEFAULT_MARGIN = 108  # Word's default left and right cell margin, in twips
_SLACK = 30  # twips: rounding in the layout engines, so a word that just fits still fits
_WIDEST_SHARE = 0.45  # a column grows to at most this share of its table (a pasted URL...)
_UNKNOWN = 560  # an unmeasured Latin-ish character, in thousandths of an em
_WIDE = 1000  # CJK and other full-width characters

# what ends a word besides a space: a break, a tab, a paragraph's end
_WORD_END = re.compile(r"<w:(?:br|tab|cr)\b[^>]*/>|</w:p>")
_WORD_BREAKS = re.compile(r"\s+|(?<=-)")
# no character is wider than this, whatever its font and weight
_WIDEST_ADVANCE = max(*REGULAR.values(), *BOLD.values(), _WIDE)
_CELL_TEXT_ONLY = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_PARAGRAPH_START = re.compile(r"<w:p>|<w:p ")
_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.S)
_CELL = re.compile(r"<w:tc>(.*?)</w:tc>", re.S)
_GRID = re.compile(r"<w:tblGrid>(.*?)</w:tblGrid>", re.S)
_GRID_COLUMN = re.compile(r'<w:gridCol w:w="(\d+)"\s*/>')
_SPAN = re.compile(r'<w:gridSpan w:val="(\d+)"')
_BEFORE = re.compile(r'<w:gridBefore w:val="(\d+)"')
_CELL_WIDTH = re.compile(r'<w:tcW w:type="dxa" w:w="\d+"/>|<w:tcW w:w="\d+" w:type="dxa"/>')
_MARGIN = re.compile(r'<w:(?:left|right|start|end) w:w="(\d+)"(?: w:type="dxa")?/>')
_CELL_MARGINS = re.compile(r"<w:tblCellMar>(.*?)</w:tblCellMar>", re.S)
_STYLE = re.compile(r'<w:pStyle w:val="([^"]+)"')
_SIZE = re.compile(r'<w:sz w:val="(\d+)"')
_BOLD = re.compile(r'<w:b(?: w:val="(\w+)")?/>')
_STYLE_DEF = re.compile(r'<w:style [^>]*w:type="paragraph"[^>]*>.*?</w:style>', re.S)
_STYLE_ID = re.compile(r'w:styleId="([^"]+)"')
_BASED_ON = re.compile(r'<w:basedOn w:val="([^"]+)"')
_DEFAULTS = re.compile(r"<w:rPrDefault>.*?</w:rPrDefault>", re.S)
_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")


@dataclass(frozen=True)
class TextStyles:
    """Each paragraph style's font size (half-points) and boldness, from styles.xml."""
    sizes: dict[str, int]
    bolds: dict[str, bool]
    default_size: int = 22

    def of(self, style: str | None) -> tuple[int, bool]:
        if style is None or style not in self.sizes:
            return self.default_size, False
        return self.sizes[style], self.bolds[style]


def text_styles(styles_xml: str) -> TextStyles:
    """The paragraph styles of a template's styles.xml, their inheritance resolved."""
    defaults = _DEFAULTS.search(styles_xml)
    default = _SIZE.search(defaults.group(0)) if defaults else None
    default_size = int(default.group(1)) if default else 20  # Word's own default: 10 pt
    own: dict[str, tuple[int | None, bool | None, str | None]] = {}
    for match in _STYLE_DEF.finditer(styles_xml):
        body = match.group(0)
        ident = _STYLE_ID.search(body)
        if not ident:
            continue
        run = body[body.find("<w:rPr>"):] if "<w:rPr>" in body else ""
        size, bold, base = _SIZE.search(run), _BOLD.search(run), _BASED_ON.search(body)
        own[ident.group(1)] = (int(size.group(1)) if size else None,
                               _is_on(bold.group(1)) if bold else None,
                               base.group(1) if base else None)
    sizes, bolds = {}, {}
    for name in own:
        seen: set[str] = set()
        at: str | None = name
        found_size: int | None = None
        found_bold: bool | None = None
        while at is not None and at in own and at not in seen:  # up the basedOn chain
            seen.add(at)
            own_size, own_bold, parent = own[at]
            found_size = own_size if found_size is None else found_size
            found_bold = own_bold if found_bold is None else found_bold
            at = parent
        sizes[name] = found_size or default_size
        bolds[name] = bool(found_bold)
    return TextStyles(sizes, bolds, default_size)


def fit_columns(xml: str, styles: TextStyles) -> str:
    """The document XML with every table's columns wide enough for their longest words."""
    if "<w:tbl>" not in xml:
        return xml
    spans = list(outer_tables(xml))
    measured = [_measured(xml[start:end], styles) for start, end in spans]
    # Tables drawn alike (the outcomes of each objective, say) share their widths, so their
    # columns line up from one table to the next: each column as wide as the widest need.
    shared: dict[tuple, list[int]] = {}
    for table in measured:
        if table is not None:
            group = shared.setdefault(table.kind, table.needs)
            group[:] = [max(a, b) for a, b in zip(group, table.needs)]
    out, at = [], 0
    for (start, end), table in zip(spans, measured):
        out.append(xml[at:start])
        if table is None:
            out.append(xml[start:end])
        else:
            fitted = _redistributed(table.widths, shared[table.kind])
            out.append(xml[start:end] if fitted == table.widths
                       else _with_widths(xml[start:end], table.grid, fitted))
        at = end
    out.append(xml[at:])
    return "".join(out)


@dataclass
class _Measured:
    kind: tuple  # the template's grid and the header row's text: tables drawn alike
    widths: list[int]
    needs: list[int]  # twips each column needs for its longest word (0: no need)
    grid: re.Match


def outer_tables(xml: str):
    """(start, end) of each outermost table; a nested table stays inside its parent's span
    (and its parent is left as drawn: nested layouts are the template's own business)."""
    at = xml.find("<w:tbl>")
    while at != -1:
        depth, scan = 0, at
        while True:
            opening = xml.find("<w:tbl>", scan)
            closing = xml.find("</w:tbl>", scan)
            if closing == -1:
                return
            if opening != -1 and opening < closing:
                depth, scan = depth + 1, opening + 7
            else:
                depth, scan = depth - 1, closing + 8
                if depth == 0:
                    break
        yield at, scan
        at = xml.find("<w:tbl>", scan)


def _measured(table: str, styles: TextStyles) -> _Measured | None:
    """A table's columns and what its words need of them; None for a table left as drawn."""
    if table.count("<w:tbl>") > 1:
        return None
    grid = _GRID.search(table)
    if not grid:
        return None
    widths = [int(w) for w in _GRID_COLUMN.findall(grid.group(1))]
    if not widths or len(widths) != grid.group(1).count("<w:gridCol"):
        return None
    head = table[:grid.start()]
    margins = _CELL_MARGINS.search(head)
    sides = [int(m) for m in _MARGIN.findall(margins.group(1))] if margins else []
    padding = sum(sides[:2]) if len(sides) >= 2 else 2 * _DEFAULT_MARGIN
    # One size and weight for the whole table, its largest and boldest: a bound that errs
    # wide, never narrow (headers are bold; bold Calibri is a few percent wider).
    em = table_em(table, styles)
    bold = BOLD if "<w:b/>" in table or any(
        styles.of(name)[1] for name in set(_STYLE.findall(table))) else REGULAR
    needs = [0] * len(widths)
    rows = table.split("</w:tr>")[:-1]
    for row in rows:
        column = _gridded(_BEFORE, row)
        for cell in row.split("</w:tc>")[:-1]:
            span = _gridded(_SPAN, cell) or 1
            if span == 1 and column < len(widths):
                room = widths[column] - padding - _SLACK
                needs[column] = max(needs[column], _longest_word(cell, room, em, bold))
            column += span
    total = sum(widths)
    needs = [min(need + padding + _SLACK, int(total * _WIDEST_SHARE)) if need else 0
             for need in needs]
    header = "".join(_CELL_TEXT_ONLY.findall(rows[0])) if rows else ""
    return _Measured((tuple(widths), header), widths, needs, grid)


def table_em(table: str, styles: TextStyles) -> int:
    """The largest font size of a table's text, in twips per em."""
    named = set(_STYLE.findall(table))
    sizes = [int(v) for v in _SIZE.findall(table)] + [styles.of(name)[0] for name in named]
    if table.count("<w:pStyle ") < len(_PARAGRAPH_START.findall(table)):
        sizes.append(styles.default_size)  # a paragraph in the Normal style
    return max(sizes, default=styles.default_size) * 10


def _gridded(pattern: re.Pattern, xml: str) -> int:
    match = pattern.search(xml)
    return int(match.group(1)) if match else 0


def _longest_word(cell: str, room: int, em: int, widths: dict[int, int]) -> int:
    """The widest word of a cell in twips, or 0 when none can be wider than `room`. A word
    is text between spaces, breaks, tabs and paragraphs; a hyphen ends one, since a line may
    break after it."""
    cutoff = room * 1000 / (_WIDEST_ADVANCE * em)  # words this short always fit
    text = "".join(_CELL_TEXT_ONLY.findall(_WORD_END.sub("<w:t> </w:t>", cell)))
    long_words = sorted((w for w in _WORD_BREAKS.split(text) if len(w) > cutoff), key=len,
                        reverse=True)
    widest = 0
    for word in long_words:  # longest first: stop once no word left can be wider
        if len(word) * _WIDEST_ADVANCE * em / 1000 <= widest:
            break
        word = _unescaped(word)
        widest = max(widest, round(sum(_advance(widths, c) for c in word) * em / 1000))
    return widest


def _advance(table: dict[int, int], char: str) -> int:
    code = ord(char)
    if code in table:
        return table[code]
    return _WIDE if code >= 0x2E80 else _UNKNOWN


def _unescaped(text: str) -> str:
    if "&" not in text:
        return text

    def one(m):
        name = m.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}[name]

    return _ENTITY.sub(one, text)


def _is_on(value: str | None) -> bool:
    return value not in ("0", "false", "off")


def _redistributed(widths: list[int], needs: list[int]) -> list[int]:
    """Widen each column short of its need; take the room from the others' spare width in
    proportion to it. When the spare is not enough, share the width in proportion to need."""
    short = sum(max(0, need - width) for width, need in zip(widths, needs))
    if short == 0:
        return widths
    total = sum(widths)
    spare = [max(0, width - need) for width, need in zip(widths, needs)]
    room = sum(spare)
    if room >= short:
        fitted = [max(width, need) - (short * s / room if s else 0)
                  for width, need, s in zip(widths, needs, spare)]
    else:
        weight = sum(max(need, 1) for need in needs)
        fitted = [total * max(need, 1) / weight for need in needs]
    rounded = [int(w) for w in fitted]
    rounded[max(range(len(rounded)), key=lambda i: rounded[i])] += total - sum(rounded)
    return rounded


def _with_widths(table: str, grid: re.Match, widths: list[int]) -> str:
    new_grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    table = table[:grid.start(1)] + new_grid + table[grid.end(1):]

    def row(m):
        column = _gridded(_BEFORE, m.group(0))

        def cell(c):
            nonlocal column
            span = _gridded(_SPAN, c.group(1)) or 1
            width = sum(widths[column:column + span])
            column += span
            return _CELL_WIDTH.sub(f'<w:tcW w:type="dxa" w:w="{width}"/>', c.group(0), count=1)

        return _CELL.sub(cell, m.group(0))

    return _ROW.sub(row, table)
