"""Custom templates: export, check, and build with them (sandboxed, strict, autoescaped)."""

from __future__ import annotations

import shutil
import zipfile

import docx
import pytest
from conftest import make_workbook, run_cli
from docx_read import all_text

from pfs_docgen.documents import default_templates


def _export(tmp_path):
    result = run_cli("templates", "export", str(tmp_path / "t"))
    assert result.exit_code == 0, result.output
    return tmp_path / "t"


def test_export_copies_every_template_and_lists_the_fields(tmp_path):
    folder = _export(tmp_path)
    assert sorted(p.name for p in folder.glob("*.docx")) == sorted(
        p.name for p in default_templates().glob("*.docx"))
    fields = (folder / "FIELDS.md").read_text(encoding="utf-8")
    assert "`objectives[].initiatives[].benchmarks[].persons`" in fields
    again = run_cli("templates", "export", str(folder))
    assert again.exit_code == 1 and "--overwrite" in again.stderr


def test_check_passes_the_default_templates(tmp_path):
    result = run_cli("templates", "check", str(_export(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.stdout


def test_check_names_a_misspelled_field_and_a_split_tag_with_the_file(tmp_path):
    folder = _export(tmp_path)
    document = docx.Document(str(folder / "plan.docx"))
    for p in document.paragraphs:
        if p.text == "Strategic Objective {{ o.number }}: {{ o.title }}":
            for run in p.runs:
                run.text = ""
            p.runs[0].text = "Strategic Objective {{ o.number }}: {{ o.titel }}"
            break
    else:
        raise AssertionError("the objective heading is not in the template")
    split = document.add_paragraph("Prepared by ")
    split.add_run("{{ org.na")
    split.add_run("me }}")
    document.sections[0].header.paragraphs[0].add_run(" {{ i.title }}")
    document.save(str(folder / "plan.docx"))
    result = run_cli("templates", "check", str(folder))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("plan.docx: error:") and "'titel'" in line
               and "Strategic Objective" in line for line in lines), lines
    assert any(line.startswith("plan.docx: warning:") and "split" in line
               and "{{ org.name }}" in line for line in lines), lines
    assert any("'i' is used in a header" in line for line in lines), lines


def test_check_names_two_paragraph_tags_in_one_paragraph_and_curly_quotes(tmp_path):
    folder = _export(tmp_path)
    document = docx.Document(str(folder / "action-plan.docx"))
    document.add_paragraph("{{ doc.title|default(“x”) }}")
    document.save(str(folder / "action-plan.docx"))
    document = docx.Document(str(folder / "overview.docx"))
    document.add_paragraph("{%p if draft %}{%p endif %}")
    document.save(str(folder / "overview.docx"))
    result = run_cli("templates", "check", str(folder))
    assert result.exit_code == 1
    assert "action-plan.docx: warning: the tag" in result.stdout and "curly" in result.stdout
    assert "overview.docx: error: two {%p %} tags share one paragraph" in result.stdout


def test_build_with_a_template_that_reaches_for_python_internals_fails_cleanly(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    document = docx.Document(str(default_templates() / "plan.docx"))
    document.add_paragraph("{{ ''.__class__ }}")
    document.save(str(folder / "plan.docx"))
    result = run_cli("build", str(make_workbook(tmp_path)), "-o",
                     str(tmp_path / "out"), "--templates", str(folder))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "unsafe" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_template_that_is_no_word_document_is_an_error(tmp_path):
    folder = _export(tmp_path)
    with zipfile.ZipFile(folder / "overview.docx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    result = run_cli("templates", "check", str(folder))
    assert result.exit_code == 1
    assert "overview.docx: error:" in result.stdout and "no word/document.xml" in result.stdout
    result = run_cli("build", str(make_workbook(tmp_path)), "-o",
                     str(tmp_path / "out"), "--templates", str(folder))
    assert result.exit_code == 1 and "no word/document.xml" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


@pytest.mark.parametrize("tag", ["{{ ''.__class__.__mro__ }}", "{{ doc.__class__ }}",
                                 "{{ doc|attr('__class__') }}"])
def test_check_names_a_reach_for_python_internals(tmp_path, tag):
    folder = _export(tmp_path)
    document = docx.Document(str(folder / "plan.docx"))
    document.add_paragraph(tag)
    document.save(str(folder / "plan.docx"))
    result = run_cli("templates", "check", str(folder))
    assert result.exit_code == 1
    assert "plan.docx: error:" in result.stdout and "unsafe" in result.stdout


def test_build_uses_restyled_templates_and_the_defaults_for_the_rest(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    shutil.copy(default_templates() / "plan.docx", folder / "plan.docx")
    document = docx.Document(str(folder / "plan.docx"))
    document.add_paragraph("Approved by the Maple Falls School Committee {{ doc.years }}")
    document.save(str(folder / "plan.docx"))
    out = tmp_path / "out"
    result = run_cli("build", str(make_workbook(tmp_path)), "-o", str(out),
                     "--templates", str(folder))
    assert result.exit_code == 0, result.output
    plan = next(out.glob("*_district-plan_*.docx"))
    assert "Approved by the Maple Falls School Committee 2025-2028" in all_text(plan)
    assert len(list(out.glob("*.docx"))) == 5


def test_a_template_edited_between_builds_in_one_process_is_compiled_again(tmp_path):
    """Compiled templates are kept per process by file name and content (a web server, a
    test run): editing plan.docx in place, between two builds, changes the second one."""
    folder = tmp_path / "t"
    folder.mkdir()
    shutil.copy(default_templates() / "plan.docx", folder / "plan.docx")
    workbook = make_workbook(tmp_path)
    seen = []
    for line in ("First edition {{ doc.years }}", "Second edition {{ doc.years }}"):
        document = docx.Document(str(folder / "plan.docx"))
        document.add_paragraph(line)
        document.save(str(folder / "plan.docx"))
        out = tmp_path / f"out-{len(seen)}"
        result = run_cli("build", str(workbook), "-o", str(out), "--templates", str(folder))
        assert result.exit_code == 0, result.output
        seen.append(all_text(next(out.glob("*_district-plan_*.docx"))))
    assert "First edition 2025-2028" in seen[0] and "Second edition" not in seen[0]
    assert "First edition 2025-2028" in seen[1] and "Second edition 2025-2028" in seen[1]
