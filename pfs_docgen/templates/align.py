"""The Align phase's documents: the district's alignment crosswalk and the educator goals."""

from __future__ import annotations

from docx.shared import Pt

from .blocks import header_and_footer, new_document, new_section
from .content import _cell_shading, bullets, data_table, grouped_table, heading, para, tag
from .parts import cover, titled_landscape


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
