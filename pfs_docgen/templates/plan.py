"""The District Plan / School Improvement Plan, its Action Plan, and the one-page Plan
Overview."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .. import design
from .blocks import PORTRAIT_WIDTH, WHITE, header_and_footer, new_document, new_section
from .content import (
    _cell_padding,
    _cell_shading,
    _row_flag,
    _set_cell,
    _widths,
    bullets,
    column_table,
    data_table,
    grouped_table,
    heading,
    para,
    tag,
)
from .monitoring import timeline_section
from .parts import cover, objective_heading, titled_landscape

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
