"""The documents' colours and status names are spelled once (design.py) and the templates,
the plan model and the schema agree with them."""

from __future__ import annotations

import zipfile

from pfs_docgen import design
from pfs_docgen import schema as s
from pfs_docgen.api import renderer_for


def test_every_status_of_the_schema_has_its_shade_in_the_schemas_order():
    assert tuple(design.STATUS_FILLS) == s.BENCHMARK_STATUSES
    assert design.PROGRESS_COLUMNS == (*s.BENCHMARK_STATUSES, design.NO_STATUS)


def test_the_templates_use_the_one_navy_and_the_status_shades():
    templates = renderer_for().directory
    with zipfile.ZipFile(templates / "plan.docx") as z:
        styles = z.read("word/styles.xml").decode()
        body = z.read("word/document.xml").decode()
    assert f'w:color w:val="{design.NAVY}"' in styles  # headings and title
    assert f'w:fill="{design.NAVY}"' in body  # table header rows
    with zipfile.ZipFile(templates / "progress-report.docx") as z:
        body = z.read("word/document.xml").decode()
    for status, fill in design.STATUS_FILLS.items():
        assert f'w:fill="{fill}"' in body, status  # the summary's header for each status
