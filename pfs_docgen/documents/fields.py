"""What each template is given: sample contexts for checking a district's restyled templates,
and FIELDS.md, the list of fields a template may use."""

from __future__ import annotations

import copy
import functools
import tempfile
from pathlib import Path

from .. import schema as s
from ..context import alignment_context, plan_model, school_alignment, with_document
from ..context.schools_progress import school_progress, schools_progress_context
from ..kinds import ALIGNMENT, KINDS, SCHOOLS_PROGRESS
from ..sample import sample_rows, school_samples
from ..workbook import read_workbook, write_workbook


def sample_contexts() -> dict[str, list[dict]]:
    """What each template kind is given, for the bundled sample district and one of its
    schools: used to check a district's restyled templates and to list the fields. Made
    once per process (it writes and reads two workbooks); each caller gets its own copy."""
    return copy.deepcopy(_sample_contexts())


@functools.cache
def _sample_contexts() -> dict[str, list[dict]]:
    contexts: dict[str, list[dict]] = {kind: [] for kind in (*KINDS, ALIGNMENT,
                                                             SCHOOLS_PROGRESS)}
    with tempfile.TemporaryDirectory() as tmp:
        district = read_workbook(write_workbook(Path(tmp) / "d.xlsx", s.DISTRICT,
                                                sample_rows(s.DISTRICT)))
        schools = [read_workbook(write_workbook(Path(tmp) / f"s{n}.xlsx", s.SCHOOL, rows))
                   for n, rows in enumerate(school_samples()[:1])]
    for book in [district, *schools]:
        model = plan_model(book, district=district)
        for kind in KINDS:
            contexts[kind].append(with_document(model, kind))
    contexts[ALIGNMENT].append(alignment_context(
        district, [school_alignment(b) for b in schools],
        [("example-school.xlsx", "A school workbook that failed: its first problem.")]))
    contexts[SCHOOLS_PROGRESS].append(schools_progress_context(
        district, [school_progress(b) for b in [district, *schools]],
        [("example-school.xlsx", "A school workbook that failed: its first problem.")]))
    return contexts


def field_list(contexts: dict[str, list[dict]]) -> str:
    """A Markdown list of the fields each template kind may use, from sample contexts."""
    def walk(value, path, out):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key, out)
        elif isinstance(value, list):
            out.add(f"{path}  (a list)")
            if value:
                walk(value[0], f"{path}[]", out)
        else:
            out.add(path)

    lines = ["# Fields the templates may use", "",
             "`name[]` is one item of the list `name`: use it in a loop, "
             "`{%tr for x in name %}` ... `{{ x.field }}` ... `{%tr endfor %}`.", ""]
    for kind, items in contexts.items():
        fields: set[str] = set()
        for context in items:
            walk(context, "", fields)
        lines += [f"## {kind}.docx", ""] + [f"- `{f}`" for f in sorted(fields)] + [""]
    return "\n".join(lines)
