"""Build the default Word templates with python-docx, so they can be reviewed and rebuilt.

    python -m pfs_docgen.templates.build          # rewrite the .docx files beside this script

The templates carry all the layout a school committee expects (cover, table of contents,
header and footer fields, heading styles, repeating table headers, landscape sections), so
rendering only fills text in. The template language stays simple: `{%p %}` paragraph tags,
flat `{%tr %}` row loops over rows prepared in Python, numbering as text.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from .. import design

HERE = Path(__file__).parent
# Placeholder pictures for the logo slot; rendering puts the district's logo in their place.
_PLACEHOLDERS = {
    "png": ("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGP8//8/AwMDAwMAFP0C/9g9usc"
            "AAAAASUVORK5CYII="),
    "jpeg": (
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERX"
        "RTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
        "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAABAAIDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAA"
        "ECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2Jy"
        "ggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5"
        "iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEB"
        "AQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFE"
        "KRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6"
        "goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09f"
        "b3+Pn6/9oADAMBAAIRAxEAPwD0CiiigD//2Q=="),
}
NAVY = RGBColor.from_string(design.NAVY)
WHITE, BLACK = RGBColor.from_string(design.WHITE), RGBColor.from_string(design.BLACK)
DRAFT_RED, GREY = RGBColor.from_string(design.DRAFT_RED), RGBColor.from_string(design.GREY)
PORTRAIT_WIDTH, LANDSCAPE_WIDTH = 6.5, 9.0  # usable inches with 1" margins
FIXED_TIME = dt.datetime(2025, 1, 1)  # templates rebuild byte-for-byte the same


# --- document-level setup -----------------------------------------------------------------

def new_document():
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    _set_language(styles.element)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = NAVY
        style.paragraph_format.keep_with_next = True
    styles["Title"].font.color.rgb = NAVY
    styles["Subtitle"].font.color.rgb = NAVY  # python-docx's 4F81BD is 4.0:1 on white
    for level in (1, 2, 3):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Inches(0.25 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        # where the page number goes, dot-led, when --pdf has laid the document out
        toc.paragraph_format.tab_stops.add_tab_stop(Inches(PORTRAIT_WIDTH), WD_TAB_ALIGNMENT.RIGHT,
                                                    WD_TAB_LEADER.DOTS)
    label = styles.add_style("Label", WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = normal
    label.font.bold = True
    label.paragraph_format.keep_with_next = True
    label.paragraph_format.space_before = Pt(6)
    small = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(9.5)
    small.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    props = doc.core_properties
    props.title = "{{ doc.title }}"
    props.subject = "{{ doc.subject }}"
    props.author = "{{ org.name }}"
    props.last_modified_by = "pfs-docgen"
    props.language = "en-US"
    props.keywords = "Planning for Success"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return doc


def _set_language(styles_element) -> None:
    """en-US for spell check and screen readers: in the document defaults."""
    rpr_default = styles_element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")


def header_and_footer(doc) -> None:
    """Header: organisation and title (and DRAFT); footer: Page N of M. Not on the cover."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    run = header.add_run("{{ org.name }}: {{ doc.kind_title }} {{ doc.years }}")
    run.font.size = Pt(9)
    run.font.color.rgb = GREY
    draft = header.add_run("{% if draft %}    DRAFT{% endif %}")
    draft.bold = True
    draft.font.size = Pt(9)
    draft.font.color.rgb = DRAFT_RED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ").font.size = Pt(9)
    add_field(footer, "PAGE", "1")
    footer.add_run(" of ").font.size = Pt(9)
    add_field(footer, "NUMPAGES", "1")


def add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES) that Word and LibreOffice compute."""
    def fld(kind):
        run = paragraph.add_run()
        run.font.size = Pt(9)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    fld("begin")
    run = paragraph.add_run()
    run.font.size = Pt(9)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run(placeholder).font.size = Pt(9)
    fld("end")


def new_section(doc, landscape: bool):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = Inches(8.5), Inches(11)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.different_first_page_header_footer = False  # only the cover goes without
    return section


# --- content helpers ----------------------------------------------------------------------

def tag(container, text: str) -> None:
    """A paragraph holding only a template tag (`{%p ... %}`); rendering removes it."""
    container.add_paragraph(text)


def para(container, text: str = "", style: str | None = None, bold_lead: str = ""):
    p = container.add_paragraph(style=style)
    if bold_lead:
        p.add_run(bold_lead).bold = True
    if text:
        p.add_run(text)
    return p


def heading(doc, text: str, level: int):
    """A heading; one the contents list is a bookmark, named from its text (the `anchor`
    filter), which its contents entry links to."""
    p = doc.add_heading(text, level)
    if level <= design.CONTENTS_LEVELS:
        expression = _as_expression(text)
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), f"{{{{ {expression} | anchor_id }}}}")
        start.set(qn("w:name"), f"{{{{ {expression} | anchor }}}}")
        end.set(qn("w:id"), f"{{{{ {expression} | anchor_id }}}}")
        p._p.insert(1 if p._p.pPr is not None else 0, start)
        p._p.append(end)
    return p


def _as_expression(text: str) -> str:
    """A heading's template text as one Jinja expression: `SO {{ o.number }}` ->
    `('SO ' ~ (o.number))`."""
    pieces = []
    for index, piece in enumerate(re.split(r"\{\{\s*(.+?)\s*\}\}", text)):
        if index % 2:
            pieces.append(f"({piece})")
        elif piece:
            pieces.append("'" + piece.replace("\\", "\\\\").replace("'", "\\'") + "'")
    return "(" + " ~ ".join(pieces) + ")"


def _shading(fill: str):
    """A w:shd element: a solid fill behind a cell or a paragraph."""
    shd = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shd.set(qn(f"w:{key}"), value)
    return shd


def _cell_shading(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_shading(fill))


def _row_flag(row, name: str) -> None:
    """A row property that is on: the bare element, as Word writes it (its schema allows
    only on/off values, so w:val="true" is a finding)."""
    row._tr.get_or_add_trPr().append(OxmlElement(name))


def _set_cell(cell, text: str, bold: bool = False, color: RGBColor | None = None) -> None:
    p = cell.paragraphs[0]
    p.style = "Table Text"
    run = p.add_run(text)
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _widths(table, widths: list[float]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width * 1440)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Inches(width)


def _headed_table(doc, headers: list[str], rows: int):
    """A grid table, centred and padded, whose first row is a navy header repeated on every
    page; returns the table and that row."""
    table = doc.add_table(rows=rows, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_padding(table)
    head = table.rows[0]
    _row_flag(head, "w:tblHeader")
    _row_flag(head, "w:cantSplit")
    for cell, text in zip(head.cells, headers):
        _set_cell(cell, text, bold=True, color=WHITE)
        _cell_shading(cell, design.NAVY)
    return table, head


def data_table(doc, headers: list[str], fields: list[str], loop: str, widths: list[float],
               total: list[str] | None = None, fills: str | None = None, shade: int = 2,
               numbers: tuple[int, ...] = ()):
    """A table: a header row repeated on every page, then one row per item of `loop`.

    `fields` are the Jinja expressions for each column (`row.activity`). `fills`, when given,
    is the expression of a fill colour for the cell of column `shade` (a status, say).
    `numbers`: the columns of amounts and counts, right-aligned from header to total.
    """
    table, head = _headed_table(doc, headers, rows=4 if total is None else 5)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    body = _body_row(table.rows[2], fields)
    if fills:
        _cell_shading(body.cells[shade], f"{{{{ {fills} }}}}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    last = _total_row(table.rows[4], total) if total is not None else None
    _finish(table, [head, body, last], numbers, widths)
    return table


def grouped_table(doc, headers: list[str], fields: list[str], groups: str, widths: list[float],
                  total: list[str] | None = None, numbers: tuple[int, ...] = ()):
    """A table of rows under sub-header rows, one per initiative (`groups` is a list of
    {label, rows}); `fields` are expressions of `row`. The sub-header spans the table and
    stays with its first row; the header row repeats on every page."""
    table, head = _headed_table(doc, headers, rows=8 if total is not None else 7)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for g in {groups} %}}")
    band = table.rows[2]
    merged = band.cells[0].merge(band.cells[-1])
    _set_cell(merged, "{{ g.label }}", bold=True)
    merged.paragraphs[0].paragraph_format.keep_with_next = True
    _cell_shading(merged, design.GROUP_FILL)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr for row in g.rows %}")
    body = _body_row(table.rows[4], fields)
    table.rows[5].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    table.rows[6].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    last = _total_row(table.rows[7], total) if total is not None else None
    _finish(table, [head, body, last], numbers, widths)
    return table


# Body rows may split across pages. LibreOffice (7.4, and Collabora's online issue 16066)
# drops a "can't split" row that does not fit below a repeated header row: a whole outcome
# went missing from the stress plan's PDF. A split row loses nothing; a lost one does.
def _body_row(row, fields: list[str]):
    """The row a loop repeats: each cell the value of its expression ("": left blank)."""
    for cell, expr in zip(row.cells, fields):
        _set_cell(cell, f"{{{{ {expr} }}}}" if expr else "")
    return row


def _total_row(row, texts: list[str]):
    for cell, text in zip(row.cells, texts):
        _set_cell(cell, text, bold=True)
    return row


def _finish(table, rows: list, numbers: tuple[int, ...], widths: list[float]) -> None:
    """Amounts and counts (`numbers`, column indexes) right-aligned in the header, body and
    total rows (None: a row the table does not have); the column widths."""
    for row in rows:
        if row is not None:
            for index in numbers:
                row.cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(table, widths)


def _cell_padding(table, vertical: int = 43, sides: int = 115) -> None:
    """Room around the text of every cell, in twips: by default 0.03" above and below and
    0.08" at the sides (the one-page Overview asks for less)."""
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", vertical), ("left", sides), ("bottom", vertical),
                        ("right", sides)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr = table._tbl.tblPr
    for earlier in tbl_pr.findall(qn("w:tblCellMar")):  # padding set again replaces it
        tbl_pr.remove(earlier)
    look = tbl_pr.find(qn("w:tblLook"))  # the schema's order: tblCellMar before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def column_table(doc, header_loop: str, header_expr: str, row_loop: str, cell_loop: str,
                 cell_expr: str, width: float):
    """A table with one column per item (`{%tc %}` loops), for the objectives overview."""
    table = doc.add_table(rows=4, cols=3)
    table.style = doc.styles["Table Grid"]
    _cell_padding(table)
    head = table.rows[0]
    _row_flag(head, "w:tblHeader")
    _row_flag(head, "w:cantSplit")
    cells = head.cells
    _set_cell(cells[0], f"{{%tc for {header_loop} %}}")
    _set_cell(cells[1], f"{{{{ {header_expr} }}}}", bold=True, color=WHITE)
    _cell_shading(cells[1], design.NAVY)
    _set_cell(cells[2], "{%tc endfor %}")
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {row_loop} %}}")
    body = table.rows[2]
    _set_cell(body.cells[0], f"{{%tc for {cell_loop} %}}")
    _set_cell(body.cells[1], f"{{{{ {cell_expr} }}}}")
    _set_cell(body.cells[2], "{%tc endfor %}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _widths(table, [width / 3] * 3)
    return table


def bullets(doc, loop: str, expr_lead: str, expr_rest: str = "", keep: bool = False) -> None:
    """A bullet per item of `loop`; `keep`: each stays on the page of the next paragraph."""
    tag(doc, f"{{%p for {loop} %}}")
    p = doc.add_paragraph(style="List Bullet")
    p.paragraph_format.keep_together = True
    p.paragraph_format.keep_with_next = keep or None
    if expr_rest:
        p.add_run(expr_lead).bold = True
        p.add_run(expr_rest)
    else:
        p.add_run(expr_lead)
    tag(doc, "{%p endfor %}")


# --- shared parts ---------------------------------------------------------------------------

def logo(doc) -> None:
    """The district's logo, when Plan Info names one: a PNG and a JPEG slot, alt text set."""
    from docx.opc.packuri import PackURI

    for ext, data in _PLACEHOLDERS.items():
        tag(doc, f'{{%p if logo.ext == "{ext}" %}}')
        shape = doc.add_paragraph().add_run().add_picture(
            io.BytesIO(base64.b64decode(data)), width=Inches(2))
        inline = shape._inline
        inline.docPr.set("name", f"pfs-logo-{ext}")
        inline.docPr.set("descr", "{{ logo.alt }}")
        for extent in (inline.extent, *inline.xpath(".//a:ext")):
            extent.set("cx", "{{ logo.cx }}")
            extent.set("cy", "{{ logo.cy }}")
        rel_id = inline.xpath(".//a:blip/@r:embed")[0]
        doc.part.related_parts[rel_id].partname = PackURI("/" + design.logo_part(ext))
        tag(doc, "{%p endif %}")


def cover(doc, as_of: bool = False) -> None:
    """A publication's cover, the same for district and school plans: the logo; a navy band
    with the organisation; the document's title over a navy rule and its years (`as_of`:
    and what a progress report is as of); DRAFT; then who leads the plan and who approved
    it, side by side, and the DESE code. Then the contents."""
    logo(doc)
    # The band: paragraphs shaded navy inside one navy box (identical borders join), not a
    # layout table, so every table in the document stays a data table with a header row.
    kicker = _band(doc.add_paragraph()).add_run("PLANNING FOR SUCCESS")
    kicker.bold, kicker.font.size, kicker.font.color.rgb = True, Pt(10), WHITE
    name = _band(doc.add_paragraph()).add_run("{{ org.name }}")
    name.bold, name.font.size, name.font.color.rgb = True, Pt(26), WHITE
    tag(doc, "{%p if org.school %}")
    district = _band(doc.add_paragraph()).add_run("{{ org.district }}")
    district.font.size, district.font.color.rgb = Pt(13), WHITE
    tag(doc, "{%p endif %}")
    p = para(doc, style="Title")
    p.paragraph_format.space_before = Inches(0.9)
    p.add_run("{{ doc.kind_title }}")
    para(doc, "{{ doc.years }}", style="Subtitle")  # the Title style draws the navy rule
    if as_of:
        para(doc, "{{ monitoring.line }}", style="Subtitle")
    tag(doc, "{%p if draft %}")
    p = doc.add_paragraph()
    run = p.add_run("DRAFT")
    run.bold = True
    run.font.size = Pt(28)
    run.font.color.rgb = DRAFT_RED
    tag(doc, "{%p endif %}")
    for label, loop, line, role in (("Leadership", "person in people", "person.name",
                                     "person.role"),
                                    ("Approvals", "approval in approvals", "approval.date",
                                     "approval.label")):
        head = para(doc, style="Label")
        head.add_run(label).font.color.rgb = NAVY
        head.paragraph_format.space_before = Inches(0.5 if label == "Leadership" else 0.15)
        tag(doc, f"{{%p for {loop} %}}")
        entry = para(doc)
        entry.add_run(f"{{{{ {line} }}}}")
        entry.add_run(f", {{{{ {role} }}}}").font.color.rgb = GREY
        entry.paragraph_format.space_after = Pt(2)
        tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not approvals %}")
    para(doc, "Not yet approved")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if org.code %}")
    code = para(doc, "{{ org.code }}", bold_lead="DESE organization code: ")
    code.paragraph_format.space_before = Pt(12)
    tag(doc, "{%p endif %}")
    contents(doc)


def _band(paragraph):
    """A paragraph of the cover's navy band: shaded, inside the band's padded navy box."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "8"),
                           ("color", design.NAVY)):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    p_pr.append(borders)
    p_pr.append(_shading(design.NAVY))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Pt(8)
    return paragraph


def contents(doc) -> None:
    """A TOC field of Heading 1 and 2, pre-filled with the document's headings, each a link
    to its heading. Its entries carry no page numbers: Word adds them when someone updates
    the field (F9), and the file never asks to on open."""
    p = doc.add_paragraph(style="TOC Heading")
    p.paragraph_format.page_break_before = True  # after the cover, with no empty paragraph
    p.add_run("Contents")
    # The field starts in the first entry and ends in the last, as Word writes a TOC: no
    # empty paragraph around the entries.
    tag(doc, "{%p for entry in toc %}")
    instruction = f' TOC \\o "1-{design.CONTENTS_LEVELS}" \\h \\z \\u '
    for level in range(1, design.CONTENTS_LEVELS + 1):
        tag(doc, f"{{%p if entry.level == {level} %}}")
        p = para(doc, style=f"toc {level}")
        p.add_run("{% if loop.first %}")
        for kind, text in (("begin", None), (None, instruction), ("separate", None)):
            run = p.add_run()
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            else:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
        p.add_run("{% endif %}")
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), "{{ entry.anchor }}")
        link.set(qn("w:history"), "1")
        run = p.add_run("{{ entry.text }}")
        p._p.remove(run._r)
        link.append(run._r)
        p._p.append(link)
        p.add_run("{% if loop.last %}")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), "end")
        p.add_run()._r.append(char)
        p.add_run("{% endif %}")
        tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def objective_heading(doc, level: int) -> None:
    heading(doc, "Strategic Objective {{ o.number }}: {{ o.title }}", level)
    tag(doc, "{%p if o.supports %}")
    p = para(doc)
    run = p.add_run("{{ o.supports }}")
    run.italic = True
    tag(doc, "{%p endif %}")


# --- the documents ------------------------------------------------------------------------

def plan_template():
    doc = new_document()
    header_and_footer(doc)
    cover(doc)
    new_section(doc, landscape=False)
    heading(doc, "I. {{ L }} Mission, Vision, Core Values", 1)
    for title, key in (("Mission", "mission"), ("Vision", "vision")):
        tag(doc, f"{{%p if {key} %}}")
        heading(doc, title, 2)
        tag(doc, f"{{%p for text in {key} %}}")
        para(doc, "{{ text }}")
        tag(doc, "{%p endfor %}")
        tag(doc, "{%p endif %}")
    el_vision(doc)
    tag(doc, "{%p if core_values %}")
    heading(doc, "Core Values", 2)
    tag(doc, "{%p for v in core_values %}")
    p = doc.add_paragraph(style="List Bullet")
    p.add_run("{{ v.value }}").bold = True
    p.add_run("{% if v.description %}: {{ v.description }}{% endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    heading(doc, "II. Data Analysis and Theory of Action", 1)
    tag(doc, "{%p if data_analysis %}")
    heading(doc, "Data Analysis", 2)
    data_table(doc, ["Focus Area", "Student Group", "Data Source", "Finding"],
               ["row.focus_area", "row.student_group", "row.data_source", "row.finding"],
               "row in data_analysis", [1.2, 1.1, 1.2, 3.0])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if toa.present %}")
    heading(doc, "Theory of Action", 2)
    theory_of_action(doc)
    tag(doc, "{%p endif %}")

    # III follows on from II on the same page: a landscape section here left most of a page
    # blank. The overview's columns fit the portrait width.
    heading(doc, "III. Strategic Objectives and Initiatives", 1)
    heading(doc, "Plan Overview", 2)
    column_table(doc, "h in overview.headers", "h", "row in overview.rows", "cell in row",
                 "cell", PORTRAIT_WIDTH)

    tag(doc, "{%p for o in objectives %}")
    objective_heading(doc, 2)
    tag(doc, "{%p if o.description %}")
    para(doc, "{{ o.description }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for i in o.initiatives %}")
    heading(doc, "Strategic Initiative {{ i.number }}: {{ i.title }}", 3)
    tag(doc, "{%p if i.description %}")
    para(doc, "{{ i.description }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if i.lead %}")
    para(doc, "{{ i.lead }}", bold_lead="Lead: ")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if i.evaluation %}")
    para(doc, "{{ i.evaluation }}", bold_lead="Evaluation: ")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if pd %}")
    heading(doc, "Professional Development", 2)
    grouped_table(doc, ["Activity", "Audience", "Timeline"],
                  ["row.activity", "row.audience", "row.timeline"], "pd_groups",
                  [3.6, 1.6, 1.3])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if induction %}")
    heading(doc, "Teacher Induction and Mentoring", 2)
    data_table(doc, ["Activity", "Audience", "Timeline", "Initiative"],
               ["row.activity", "row.audience", "row.timeline", "row.initiative"],
               "row in induction", [2.6, 1.2, 1.1, 1.6])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if el_programs %}")
    heading(doc, "English Learner Programs", 2)
    grouped_table(doc, ["Program", "Description"], ["row.program", "row.description"],
                  "el_groups", [1.8, 4.7])
    tag(doc, "{%p endif %}")

    new_section(doc, landscape=True)  # seven columns: no word breaks inside a cell
    heading(doc, "IV. Outcomes", 1)
    tag(doc, "{%p for o in objectives %}")
    tag(doc, "{%p if o.outcomes %}")
    para(doc, "Strategic Objective {{ o.number }}: {{ o.title }}", style="Label")
    data_table(doc, ["Outcome", "Type", "Measure", "Student Group", "Baseline", "Target",
                     "Target Date"],
               ["x.text", "x.type", "x.measure", "x.student_group", "x.baseline", "x.target",
                "x.target_date"], "x in o.outcomes", [2.7, 0.7, 1.6, 1.3, 0.9, 0.9, 0.9])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    el_goals(doc)
    # Each initiative's evaluation is printed once, under the initiative in section III.

    # Back to portrait for what follows IV; with nothing after it, IV's pages are the last
    # section (portrait then) rather than a blank page.
    tag(doc, "{%p if schools or is_school %}")
    new_section(doc, landscape=False)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if schools %}")
    heading(doc, "Appendix: Schools in the District", 1)
    data_table(doc, ["School", "School Code", "Principal", "Grades"],
               ["row.name", "row.code", "row.principal", "row.grades"], "row in schools",
               [2.6, 1.1, 2.0, 0.8])
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if is_school %}")
    heading(doc, "V. School Council Requirements", 1)
    para(doc, "Under M.G.L. c.71, §59C, the school council helps the principal prepare this "
              "plan. The elements the law asks the plan to address, and this plan's responses:")
    data_table(doc, ["Requirement", "Response"], ["row.requirement", "row.response"],
               "row in council.rows", [2.6, 3.9])
    tag(doc, "{%p if council.members %}")
    heading(doc, "School Council", 2)
    data_table(doc, ["Name", "Role", "Position"],
               ["row.name", "row.role", "row.position"], "row in council.members",
               [2.4, 1.6, 2.5])
    tag(doc, "{%p endif %}")
    approval_block(doc)
    tag(doc, "{%p endif %}")
    return doc


def el_vision(doc) -> None:
    """Section I's Vision for English Learner Success: the vision, then the strategy."""
    tag(doc, "{%p if el.vision or el.strategy %}")
    heading(doc, "Vision for English Learner Success", 2)
    tag(doc, "{%p for text in el.vision %}")
    para(doc, "{{ text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if el.strategy %}")
    para(doc, "Strategy", style="Label")
    bullets(doc, "text in el.strategy", "{{ text }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def el_goals(doc) -> None:
    """Section IV's English Learner Success Goals: the outcomes for English learners, and the
    initiatives by pillar of the Blueprint for English Learner Success (a pillar no
    initiative serves is named and shaded)."""
    tag(doc, "{%p if el.goals %}")
    heading(doc, "English Learner Success Goals", 2)
    tag(doc, "{%p if el.outcomes %}")
    para(doc, "Outcomes for English learners", style="Label")
    data_table(doc, ["Strategic Objective", "Outcome", "Measure", "Student Group", "Baseline",
                     "Target", "Target Date"],
               ["x.objective", "x.text", "x.measure", "x.student_group", "x.baseline",
                "x.target", "x.target_date"], "x in el.outcomes",
               [1.8, 2.5, 1.3, 1.1, 0.8, 0.8, 0.7])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if el.pillars %}")
    para(doc, "Initiatives by pillar of the Blueprint for English Learner Success",
         style="Label")
    data_table(doc, ["Blueprint Pillar", "Strategic Initiatives"],
               ["row.pillar", "row.initiatives"], "row in el.pillars", [2.2, 6.8],
               fills="row.fill", shade=1)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def approval_block(doc) -> None:
    """Approval: a signature and a date line for the principal, the school council and the
    superintendent, then the dates submitted and consulted; one block on one page."""
    heading(doc, "Approval", 2)
    intro = para(doc, "Signed by those who approve this plan; a date already recorded in the "
                      "workbook is printed on its line.")
    intro.paragraph_format.keep_with_next = True
    table = data_table(doc, ["Approved by", "Name", "Signature", "Date"],
                       ["row.role", "row.name", "", "row.date"], "row in council.signers",
                       [1.5, 1.9, 1.9, 1.2])
    body = table.rows[2]
    tr_pr = body._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")  # room to sign
    height.set(qn("w:val"), str(int(0.5 * 1440)))
    height.set(qn("w:hRule"), "atLeast")
    tr_pr.append(height)
    for row in table.rows:  # the table stays with the lines below it
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
    for label, field in (("Date submitted to the superintendent: ", "council.submitted"),
                         ("School committee consulted: ", "council.consulted")):
        line = para(doc, f"{{{{ {field} or '____________________' }}}}", bold_lead=label)
        line.paragraph_format.space_before = Pt(6)
        line.paragraph_format.keep_with_next = "submitted" in field


def theory_of_action(doc) -> None:
    """The if-statements and the then-statements; the ifs stay on the page of the first
    'then', so the theory is never cut between its two halves."""
    for part in ("ifs", "thens"):
        ref = f"toa.{part}"
        keep = part == "ifs"
        tag(doc, f"{{%p if {ref}.statements %}}")
        tag(doc, f"{{%p if {ref}.single %}}")
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = keep or None
        p.add_run(f"{{% if {ref}.label %}}{{{{ {ref}.label }}}} {{% endif %}}").bold = True
        p.add_run(f"{{{{ {ref}.statements[0] }}}}")
        tag(doc, "{%p else %}")
        tag(doc, f"{{%p if {ref}.label %}}")
        para(doc, f"{{{{ {ref}.label }}}}", style="Label")  # Label keeps with next
        tag(doc, "{%p endif %}")
        bullets(doc, f"statement in {ref}.statements", "{{ statement }}", keep=keep)
        tag(doc, "{%p endif %}")
        tag(doc, "{%p endif %}")


def action_plan_template():
    doc = new_document()
    header_and_footer(doc)
    cover(doc)
    new_section(doc, landscape=True)
    tag(doc, "{%p for o in objectives %}")
    objective_heading(doc, 1)
    tag(doc, "{%p if o.outcomes %}")
    para(doc, "Outcomes", style="Label")
    tag(doc, "{%p for x in o.outcomes %}")
    p = doc.add_paragraph(style="List Bullet")
    p.add_run("{{ x.type }}: ").bold = True
    p.add_run("{{ x.text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for i in o.initiatives %}")
    heading(doc, "Strategic Initiative {{ i.number }}: {{ i.title }}", 2)
    tag(doc, "{%p if i.benchmarks %}")
    data_table(doc, ["Benchmark Type", "Benchmark", "Person(s) Responsible", "Timeline",
                     "Resources"],
               ["b.type", "b.text", "b.persons", "b.timeline", "b.resources"],
               "b in i.benchmarks", [1.3, 3.4, 1.6, 1.2, 1.5])
    tag(doc, "{%p else %}")
    para(doc, "No benchmarks are set for this initiative in this year's action plan.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    timeline_section(doc)
    heading(doc, "Resources Supporting Implementation", 1)
    tag(doc, "{%p if resources.rows %}")
    grouped_table(doc, ["Type", "Description", "Amount", "Funding Source"],
                  ["row.type", "row.description", "row.amount", "row.funding_source"],
                  "resources.groups", [1.0, 4.4, 1.2, 2.4],
                  total=["Total", "", "{{ resources.total }}", ""], numbers=(2,))
    tag(doc, "{%p else %}")
    para(doc, "No resources are listed.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if teams %}")
    heading(doc, "Action Planning Teams", 1)
    # people in the council roster's order: name, role, position
    data_table(doc, ["Strategic Objective", "Name", "Role", "Position / Stakeholder Group"],
               ["t.objective", "t.name", "t.role", "t.position"], "t in teams",
               [3.0, 2.0, 1.2, 2.8])
    tag(doc, "{%p endif %}")
    return doc


# --- monitoring (issue 11): the Progress Report, the action plans' Timeline, Schools' Progress

STATUS_COLUMNS = list(design.PROGRESS_COLUMNS)


def progress_report_template():
    doc = new_document()
    header_and_footer(doc)
    cover(doc, as_of=True)
    glance = doc.styles.add_style("Glance Text", WD_STYLE_TYPE.PARAGRAPH)
    glance.base_style = doc.styles["Table Text"]
    glance.font.size = Pt(8)
    section = new_section(doc, landscape=True)
    # room for five objectives on the one page of Progress at a Glance
    section.left_margin = section.right_margin = Inches(LANDSCAPE_WIDTH_WIDE[1])
    section.top_margin = section.bottom_margin = Inches(0.75)
    heading(doc, "Progress at a Glance", 1)
    para(doc, "{{ monitoring.line }}{{ monitoring.dated_by }}. The benchmarks of the "
              "{{ action_year }} action plan by status for each strategic objective, and "
              "where each outcome stands: its baseline, latest result and target.")
    glance_table(doc)
    legend(doc)  # ends with the page break: a glance that fills its page leaves no blank one
    tag(doc, "{%p for o in monitoring.objectives %}")
    objective_heading(doc, 1)
    tag(doc, "{%p for i in o.initiatives %}")
    heading(doc, "Strategic Initiative {{ i.number }}: {{ i.title }}", 2)
    tag(doc, "{%p if i.rows %}")
    # the benchmark (its type first), its owner and timeline, then each update, latest first
    table = data_table(doc, ["Benchmark", "Person(s) Responsible", "Timeline", "Status", "Date",
                             "Evidence / Notes", "Next Steps"],
                       ["r.text", "r.persons", "r.timeline", "r.status", "r.date", "r.evidence",
                        "r.next_steps"], "r in i.rows", [2.3, 1.15, 1.1, 0.85, 1.0, 2.2, 1.2],
                       fills="r.fill", shade=3)
    body = table.rows[2]
    _lead_run(body.cells[0], "{{ r.kind }}")
    earlier = body.cells[0].paragraphs[0].add_run("{{ r.earlier }}")  # an earlier update's row
    earlier.italic = True
    earlier.font.color.rgb = GREY
    overdue = body.cells[2].paragraphs[0].add_run("{{ r.overdue }}")
    overdue.bold = True
    overdue.font.color.rgb = DRAFT_RED
    tag(doc, "{%p else %}")
    para(doc, "No benchmarks are set for this initiative.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    return doc


def _lead_run(cell, expr: str) -> None:
    """A bold run before the cell's text: `Process: ` before a benchmark."""
    p = cell.paragraphs[0]
    run = p.add_run(expr)
    run.bold = True
    p._p.remove(run._r)
    p.runs[0]._r.addprevious(run._r)


LANDSCAPE_WIDTH_WIDE = (9.8, 0.6)  # the Progress Report's usable width, and its side margins
GLANCE_WIDTHS = (2.0, 2.0, 5.8)  # the objective, the status bar and counts, the outcomes
BAR_SEGMENT = "\u2002"  # an en space: one segment of the bar, shaded in its status's fill
BAR_SIZE = Pt(12)  # an en space is half of it wide: 20 segments make a bar of 1.7 in


def glance_table(doc) -> None:
    """A row per objective: its name; the status bar over the counts in words; its outcomes.
    Then the same for all objectives. No cell is merged: the bar is a line of shaded
    spaces in one cell, so a screen reader reads three plain columns."""
    table, _ = _headed_table(doc, ["Strategic Objective", "Benchmarks by Status",
                                   "Outcomes: Baseline, Latest Result, Target"], rows=5)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for g in monitoring.glance %}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for row, item in ((2, "g"), (4, "monitoring.total")):
        _glance_row(table.rows[row], item, outcomes=item == "g")
    _widths(table, list(GLANCE_WIDTHS))
    _cell_padding(table, vertical=20, sides=72)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.style = "Glance Text"


def _run_box(run, fill: str) -> None:
    """A thin grey box around the run, filled: a bar segment, a key's shade. Runs side by
    side with the same border share one box, so the bar's empty share still shows."""
    r_pr = run._r.get_or_add_rPr()
    border = OxmlElement("w:bdr")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", design.GREY)):
        border.set(qn(f"w:{key}"), value)
    r_pr.append(border)
    r_pr.append(_shading(fill))


def _glance_row(row, item: str, outcomes: bool) -> None:
    label, status, last = row.cells
    _set_cell(label, f"{{{{ {item}.label }}}}", bold=True)
    bar = status.paragraphs[0]
    bar.add_run(f"{{% for segment in {item}.bar %}}")
    run = bar.add_run(BAR_SEGMENT)
    run.font.size = BAR_SIZE
    _run_box(run, "{{ segment.fill }}")
    bar.add_run("{% endfor %}")
    counts = status.add_paragraph()
    counts.add_run(f"{{{{ {item}.total }}}}").bold = True
    counts.add_run("\n" + f"{{{{ {item}.counts }}}}")
    if outcomes:
        p = last.paragraphs[0]
        p.style = "Table Text"
        p.add_run(f"{{% for x in {item}.outcomes %}}")
        p.add_run("{{ x.lead }}").bold = True
        p.add_run("{{ x.line }}{{ x.after }}{% endfor %}")
        p.add_run(f"{{% if not {item}.outcomes %}}No outcomes are set for this objective."
                  "{% endif %}")
    else:
        _set_cell(last, "")


def legend(doc) -> None:
    """Each status's shade with its name in it: the bar's key, in the bar's order."""
    p = para(doc)
    p.paragraph_format.space_before = Pt(6)
    p.add_run("Key, in the bar's order: ").bold = True
    for n, status in enumerate(design.BAR_ORDER):
        if n:
            p.add_run("  ")
        run = p.add_run(f" {status} ")
        run.font.size = Pt(9.5)
        _run_box(run, design.STATUS_FILLS.get(status, design.WHITE))
    note = para(doc, "Each benchmark counts once, under its latest status. Overdue: its "
                     "timeline has ended by the report date and it is neither Complete nor "
                     "Not Met.")
    note.add_run().add_break(WD_BREAK.PAGE)


def timeline_section(doc) -> None:
    """The action plans' Timeline: one row per benchmark under its initiative, the months of
    the action plan year (July to June) its timeline covers shaded and dotted."""
    heading(doc, "Timeline", 1)
    para(doc, "Each benchmark across the action plan year{% if timeline.span %}, "
              "{{ timeline.span }}{% endif %}: the months of its timeline are shaded and "
              f"marked {design.TIMELINE_MARK}. A timeline given only in words (Ongoing, for "
              "example) is printed in words, with no months marked.")
    tag(doc, "{%p if timeline.groups %}")
    months = range(12)
    table = grouped_table(doc, ["Benchmark", "Timeline"] + [f"{{{{ timeline.months[{k}] }}}}"
                                                             for k in months],
                          ["row.benchmark", "row.timeline"]
                          + [f"row.cells[{k}].mark" for k in months],
                          "timeline.groups", [2.9, 1.3] + [0.4] * 12)
    head, body = table.rows[0], table.rows[4]
    placed = body.cells[1].paragraphs[0].add_run("{{ row.placed }}")
    placed.italic = True
    for k in months:
        _cell_shading(body.cells[2 + k], f"{{{{ row.cells[{k}].fill }}}}")
        for row in (head, body):
            row.cells[2 + k].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    tag(doc, "{%p else %}")
    para(doc, "No benchmarks are set in this year's action plan.")
    tag(doc, "{%p endif %}")


def schools_progress_template():
    """bulk's district summary: every school's benchmarks by status, one row a school, the
    schools with overdue benchmarks first; then the overdue benchmarks themselves."""
    doc = titled_landscape()
    para(doc, "How far each school's {{ doc.years }} action plan has come: the benchmarks of "
              "the {{ school_count }} school plans by status, each counted under its latest "
              "update, as of each school's report date. Schools with overdue benchmarks come "
              "first.")
    heading(doc, "Benchmarks by Status", 2)
    table = data_table(doc, ["School", "As of"] + STATUS_COLUMNS + ["Total", "Overdue"],
                       ["row.school", "row.as_of"]
                       + [f"row.counts[{n}]" for n in range(len(STATUS_COLUMNS))]
                       + ["row.total", "row.overdue"], "row in schools",
                       [2.0, 1.2] + [0.7] * len(STATUS_COLUMNS) + [0.5, 0.6],
                       numbers=tuple(range(2, len(STATUS_COLUMNS) + 4)))
    _status_headers(table, 2)
    tag(doc, "{%p if overdue %}")
    heading(doc, "Overdue Benchmarks", 2)
    para(doc, "Benchmarks whose timeline has ended by the school's report date and that are "
              "neither Complete nor Not Met.")
    data_table(doc, ["School", "Benchmark", "Person(s) Responsible", "Timeline", "Status"],
               ["row.school", "row.benchmark", "row.persons", "row.timeline", "row.status"],
               "row in overdue", [1.8, 3.6, 1.5, 1.2, 0.9])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not_counted %}")
    heading(doc, "School Plans Not Counted", 2)
    para(doc, "These school workbooks could not be made into documents in this run, so their "
              "benchmarks are not counted above. manifest.json lists all their problems.")
    data_table(doc, ["Workbook", "First Problem"], ["row.workbook", "row.problem"],
               "row in not_counted", [3.0, 6.0])
    tag(doc, "{%p endif %}")
    return doc


def _status_headers(table, first: int) -> None:
    """Status columns' header cells in the status's own shade, black text on it."""
    for cell, status in zip(table.rows[0].cells[first:], STATUS_COLUMNS):
        if status in design.STATUS_FILLS:
            cell._tc.tcPr.remove(cell._tc.tcPr.find(qn("w:shd")))
            _cell_shading(cell, design.STATUS_FILLS[status])
            for run in cell.paragraphs[0].runs:
                run.font.color.rgb = BLACK


def titled_landscape(margin: float = 1.0, running: bool = True):
    """A landscape document with no cover: its title (and DRAFT) on top of the first page;
    `running`: a header and a Page N of M footer (not on a one-page document)."""
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(margin))
    if running:
        header_and_footer(doc)
        section.different_first_page_header_footer = False
    title = doc.add_heading("{{ org.name }}: {{ doc.kind_title }} {{ doc.years }}", 1)
    title.add_run("{% if draft %}  (DRAFT){% endif %}").font.color.rgb = DRAFT_RED
    return doc


def overview_template():
    """One landscape page, in the pilot districts' form: no cover, no contents."""
    doc = titled_landscape(margin=0.5, running=False)
    doc.styles["Table Text"].font.size = Pt(8)
    columns = (("Mission", "{% for t in mission %}{{ t }}{% if not loop.last %}\n{% endif %}"
                           "{% endfor %}"),
               ("Vision", "{% for t in vision %}{{ t }}{% if not loop.last %}\n{% endif %}"
                          "{% endfor %}"),
               ("Core Values", "{% for v in core_values %}{{ v.value }}"
                               "{% if v.description %}: {{ v.description }}{% endif %}"
                               "{% if not loop.last %}\n{% endif %}{% endfor %}"),
               ("Theory of Action", "{% for t in toa.ifs.statements %}{{ toa.ifs.label }} {{ t }}\n"
                                    "{% endfor %}{% for t in toa.thens.statements %}"
                                    "{{ toa.thens.label }} {{ t }}{% if not loop.last %}\n"
                                    "{% endif %}{% endfor %}"))
    table = doc.add_table(rows=2, cols=4)
    table.style = doc.styles["Table Grid"]
    _cell_padding(table, vertical=14, sides=72)
    _row_flag(table.rows[0], "w:tblHeader")
    for index, (label, expr) in enumerate(columns):
        _set_cell(table.rows[0].cells[index], label, bold=True, color=WHITE)
        _cell_shading(table.rows[0].cells[index], design.NAVY)
        _set_cell(table.rows[1].cells[index], expr)
    for row in table.rows:  # a row never splits across pages
        _row_flag(row, "w:cantSplit")
    _widths(table, [2.2, 2.6, 2.4, 2.8])
    caption = para(doc, "Strategic Objectives, Initiatives and Outcomes", style="Table Text")
    caption.runs[0].bold = True
    caption.paragraph_format.space_before = Pt(3)
    caption.paragraph_format.space_after = Pt(1)
    table = doc.add_table(rows=3, cols=3)
    table.style = doc.styles["Table Grid"]
    _cell_padding(table, vertical=14, sides=72)
    _row_flag(table.rows[0], "w:tblHeader")
    spec = (("h in overview.headers", "h", True),
            ("cell in overview.initiatives", "cell", False),
            ("cell in overview.outcomes", "cell", False))
    for row, (loop, expr, bold) in zip(table.rows, spec):
        _set_cell(row.cells[0], f"{{%tc for {loop} %}}")
        color = WHITE if bold else None
        _set_cell(row.cells[1], f"{{{{ {expr} }}}}", bold=bold, color=color)
        if bold:
            _cell_shading(row.cells[1], design.NAVY)
        _set_cell(row.cells[2], "{%tc endfor %}")
        _row_flag(row, "w:cantSplit")
    _widths(table, [10 / 3] * 3)
    return doc


def alignment_template():
    """The bulk crosswalk: each district objective and the school plans that support it."""
    doc = titled_landscape()
    para(doc, "How the {{ school_count }} school improvement plans support the District "
              "Plan: for each district strategic objective, the schools whose strategic "
              "objectives name it as the objective they support. Objectives that no school "
              "plan supports are shaded.")
    heading(doc, "District Objectives and Supporting Schools", 2)
    data_table(doc, ["District Strategic Objective", "Schools Supporting It (their objectives)",
                     "Schools", "Administrator and Team Goals"],
               ["row.objective", "row.schools", "row.count", "row.goals"], "row in rows",
               [2.7, 4.5, 0.8, 1.0], fills="row.fill", shade=0, numbers=(2, 3))
    para(doc, "Administrator and Team Goals: the goals of school administrators and teams "
              "that stem from the objective, in the school plans and the District Plan "
              "(educator evaluation, 603 CMR 35.06).", style="Table Text")
    tag(doc, "{%p if no_el_goal %}")
    heading(doc, "Schools Without an English Learner Success Goal", 2)
    para(doc, "These schools' data analyses name English learners, but none of their outcomes "
              "is for English learners:").paragraph_format.keep_with_next = True
    bullets(doc, "school in no_el_goal", "{{ school }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if unaligned %}")
    heading(doc, "School Objectives That Support No District Objective", 2)
    data_table(doc, ["School", "School Strategic Objective"],
               ["row.school", "row.objective"], "row in unaligned", [3.5, 5.5])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not_counted %}")
    heading(doc, "School Plans Not Counted", 2)
    para(doc, "These school workbooks could not be made into documents in this run, so their "
              "objectives are not counted above. manifest.json lists all their problems.")
    data_table(doc, ["Workbook", "First Problem"], ["row.workbook", "row.problem"],
               "row in not_counted", [3.0, 6.0])
    tag(doc, "{%p endif %}")
    return doc


def educator_goals_template():
    """Educator Goals: each objective's goals by role, the coherence of objectives and
    roles, and the rubric indicators the plan gives evidence for (603 CMR 35)."""
    doc = new_document()
    header_and_footer(doc)
    cover(doc)
    new_section(doc, landscape=True)
    para(doc, "Educator evaluation connects the plan to the classroom: every goal below stems "
              "from a strategic objective of the plan, and each educator and team sets at least "
              "one student learning and one professional practice goal (603 CMR 35.06).")
    goals = "educator_goals"
    tag(doc, f"{{%p for o in {goals}.objectives %}}")
    heading(doc, "Strategic Objective {{ o.number }}: {{ o.title }}", 1)
    tag(doc, "{%p if o.groups %}")
    tag(doc, f"{{%p if {goals}.has_schools %}}")
    grouped_table(doc, ["Educator or Team", "School", "Goal Type", "Goal", "Initiative"],
                  ["row.educator", "row.school", "row.goal_type", "row.goal", "row.initiative"],
                  "o.groups", [1.6, 1.5, 1.1, 3.0, 1.8])
    tag(doc, "{%p else %}")
    grouped_table(doc, ["Educator or Team", "Goal Type", "Goal", "Initiative"],
                  ["row.educator", "row.goal_type", "row.goal", "row.initiative"],
                  "o.groups", [1.8, 1.2, 3.8, 2.2])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, "No educator or team goal stems from this objective yet.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    heading(doc, "Coherence", 1)
    para(doc, "The number of goals that stem from each objective, by role. A shaded cell is a "
              "role with no goal under that objective.").paragraph_format.keep_with_next = True
    roles = ["Superintendent", "School Administrators",
             "Teachers and Specialized Instructional Support", "Teams"]
    # A school plan's goals are its administrators', teachers' and teams': no superintendent
    tag(doc, "{%p if is_school %}")
    _coherence_table(doc, roles[1:], [3.6, 1.7, 2.2, 1.5], first=1)
    tag(doc, "{%p else %}")
    _coherence_table(doc, roles, [3.0, 1.3, 1.5, 1.9, 1.3], first=0)
    tag(doc, "{%p endif %}")
    tag(doc, f"{{%p if {goals}.missing %}}")
    para(doc, "Educators and teams missing a goal type", style="Label")
    data_table(doc, ["Educator or Team", "School", "Role", "Missing Goal"],
               ["row.educator", "row.school", "row.role", "row.missing"],
               f"row in {goals}.missing", [2.4, 2.4, 2.0, 2.2])
    tag(doc, "{%p else %}")
    para(doc, "Every educator and team has a student learning and a professional practice "
              "goal.").paragraph_format.space_before = Pt(6)
    tag(doc, "{%p endif %}")

    heading(doc, "The Plan as Evaluation Evidence", 1)
    para(doc, "Each part of the plan gives evidence for these indicators of the Massachusetts "
              "model rubrics, as DESE's Planning for Success guidance pairs them, so a "
              "superintendent or a principal can cite the plan in the evaluation cycle."
         ).paragraph_format.keep_with_next = True
    data_table(doc, ["Plan Component", "Superintendent Rubric Indicators",
                     "School Administrator Rubric Indicators"],
               ["row.component", "row.superintendent", "row.administrator"],
               f"row in {goals}.rubric", [3.4, 2.8, 2.8])
    return doc


def _coherence_table(doc, roles: list[str], widths: list[float], first: int) -> None:
    """Objectives by role: the number of goals, an empty cell shaded. `first`: the index of
    the first role shown in the model's counts (a school shows no superintendent)."""
    columns = range(first, first + len(roles))
    table = data_table(doc, ["Strategic Objective", *roles],
                       ["row.objective", *[f"row.counts[{n}]" for n in columns]],
                       "row in educator_goals.coherence", widths,
                       numbers=tuple(range(1, len(roles) + 1)))
    for cell, n in zip(table.rows[2].cells[1:], columns):
        _cell_shading(cell, f"{{{{ row.fills[{n}] }}}}")


TEMPLATES = {
    "plan": plan_template,
    "action-plan": action_plan_template,
    "overview": overview_template,
    "progress-report": progress_report_template,
    "educator-goals": educator_goals_template,
    "alignment": alignment_template,
    "schools-progress": schools_progress_template,
}


def template_bytes(kind: str) -> bytes:
    """The template as a .docx, byte for byte the same on every build (fixed zip dates)."""
    saved = io.BytesIO()
    TEMPLATES[kind]().save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename in _DROPPED_PARTS:
                continue
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(fixed, _package_fix(info.filename, source.read(info)))
    return out.getvalue()


# What python-docx's default package carries that a finished document must not: a copy of the
# styles for Word 2010 that no longer matches styles.xml (Word may call the file unreadable),
# and a blank thumbnail. Their relationships and content types go with them.
_DROPPED_PARTS = {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"}
_W3CDTF = '<dcterms:{0} xsi:type="dcterms:W3CDTF">{{{{ doc.created }}}}</dcterms:{0}>'


def _package_fix(name: str, data: bytes) -> bytes:
    """One part of the saved package as a finished document needs it."""
    if not (name.endswith((".xml", ".rels"))):
        return data  # pictures
    text = data.decode("utf-8")
    if name.endswith(".rels") or name == "[Content_Types].xml":
        for dropped in _DROPPED_PARTS:
            target = dropped.rsplit("/", 1)[-1] if name.startswith("word/") else dropped
            text = re.sub(rf'<Relationship [^>]*Target="{re.escape(target)}"/>', "", text)
            text = re.sub(rf'<Override PartName="/{re.escape(dropped)}"[^>]*/>', "", text)
    elif name == "docProps/core.xml":  # made when rendered, by the tool; not python-docx's
        text = re.sub(r"<dc:description>[^<]*</dc:description>", "", text)
        for element in ("created", "modified"):
            text = re.sub(rf"<dcterms:{element} [^>]*>[^<]*</dcterms:{element}>",
                          _W3CDTF.format(element), text)
    elif name == "docProps/app.xml":  # the writing application is this tool, not Word 14
        text = re.sub(r"<Application>[^<]*</Application>",
                      "<Application>pfs-docgen</Application>", text)
        text = re.sub(r"\s*<AppVersion>[^<]*</AppVersion>", "", text)
    elif name == "word/settings.xml":  # no thumbnail is saved, so none is asked for
        text = text.replace("<w:savePreviewPicture/>", "")
    return text.encode("utf-8") if text != data.decode("utf-8") else data


def main(argv=None) -> int:
    target = Path(argv[0]) if argv else HERE
    target.mkdir(parents=True, exist_ok=True)
    for kind in TEMPLATES:
        path = target / f"{kind}.docx"
        path.write_bytes(template_bytes(kind))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
