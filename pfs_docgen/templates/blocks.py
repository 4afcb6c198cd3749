"""A template's document: the house styles and colours, its language, its header and footer
with their fields, its sections (portrait or landscape)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
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
