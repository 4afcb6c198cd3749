"""The real client: every document kind opens in LibreOffice and lays out as a PDF, with
its table of contents and page fields filled in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_workbook, school_rows
from soffice import pdf_pages, pdf_text, require

from pfs_docgen import schema as s
from pfs_docgen.api import build
from pfs_docgen.cli import cli
from pfs_docgen.workbook import write_workbook


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    require("soffice", "pdftotext", "pdfinfo")
    tmp = tmp_path_factory.mktemp("lo")
    out = tmp / "out"
    manifest = build(make_workbook(tmp), out, pdf=True)
    school = write_workbook(tmp / "school.xlsx", s.SCHOOL, school_rows())
    school_manifest = build(school, tmp / "school-out", district=tmp / "plan.xlsx", pdf=True)
    found = {d.kind: out / d.pdf for d in manifest.documents}
    found.update({d.kind: tmp / "school-out" / d.pdf for d in school_manifest.documents})
    return found


def test_every_document_kind_converts_to_pdf(pdfs):
    assert sorted(pdfs) == ["district-action-plan", "district-plan", "district-plan-overview",
                            "progress-report", "school-action-plan", "school-improvement-plan"]
    for kind, pdf in pdfs.items():
        assert pdf.is_file() and pdf_pages(pdf) >= 1, kind


def test_overview_fits_on_one_page(pdfs):
    assert pdf_pages(pdfs["district-plan-overview"]) == 1


def test_plan_pdf_holds_every_heading_and_page_numbers(pdfs):
    text = " ".join(pdf_text(pdfs["district-plan"]).split())
    for heading in ("I. District Mission, Vision, Core Values", "Data Analysis",
                    "III. Strategic Objectives and Initiatives", "Plan Overview",
                    "Strategic Objective 1:", "Strategic Initiative 4.3:", "IV. Outcomes",
                    "Professional Development", "Teacher Induction and Mentoring",
                    "Evaluating Initiative Effectiveness"):
        assert heading in text
    pages = pdf_pages(pdfs["district-plan"])
    assert 6 <= pages <= 40
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_table_of_contents_is_filled_with_page_numbers(pdfs):
    contents = pdf_text(pdfs["district-plan"]).split("Contents", 1)[1]
    numbered = re.findall(r"IV\. Outcomes\s*\.{3,}\s*(\d+)", contents)
    assert numbered and 4 < int(numbered[0]) <= pdf_pages(pdfs["district-plan"])


def test_school_plan_pdf_has_section_v_and_the_district_alignment(pdfs):
    text = " ".join(pdf_text(pdfs["school-improvement-plan"]).split())
    assert "V. School Council Requirements" in text
    assert "Supports District Objective 1:" in text
    assert "I. School Mission, Vision, Core Values" in text


def test_action_plan_and_progress_report_have_sane_page_counts(pdfs):
    assert 4 <= pdf_pages(pdfs["district-action-plan"]) <= 40
    assert 3 <= pdf_pages(pdfs["progress-report"]) <= 40


def test_init_example_opens_in_calc_without_repair(tmp_path):
    require("soffice")
    from soffice import convert

    path = tmp_path / "example.xlsx"
    assert CliRunner().invoke(cli, ["init", str(path), "--example"]).exit_code == 0
    convert([path], tmp_path, fmt="csv")
    csv = (tmp_path / "example.csv").read_text(encoding="utf-8", errors="replace")
    assert "Planning for Success" in csv  # the Instructions sheet, the first one


def test_build_pdf_manifest_lists_each_pdf(tmp_path):
    require("soffice")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(make_workbook(tmp_path)), "-o", str(out),
                                      "--pdf", "--only", "overview"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [document] = manifest["documents"]
    assert document["pdf"] == document["path"][:-5] + ".pdf"
    assert (out / document["pdf"]).is_file()
    assert not list(out.glob(".*.part"))
