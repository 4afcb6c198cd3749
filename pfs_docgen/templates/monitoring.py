"""Monitoring (issue 11): the Progress Report, the action plans' Timeline, Schools'
Progress."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from .. import design
from .blocks import BLACK, DRAFT_RED, GREY, header_and_footer, new_document, new_section
from .content import (
    _cell_padding,
    _cell_shading,
    _headed_table,
    _set_cell,
    _shading,
    _widths,
    data_table,
    grouped_table,
    heading,
    para,
    tag,
)
from .parts import cover, objective_heading, titled_landscape

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
