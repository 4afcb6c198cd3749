"""Parts several templates share: the logo slot, the cover, the contents, an objective's
heading, a landscape document titled on its first page."""

from __future__ import annotations

import base64
import io

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from .. import design
from .blocks import _PLACEHOLDERS, DRAFT_RED, GREY, NAVY, WHITE, header_and_footer, new_document
from .content import _shading, heading, para, tag

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
