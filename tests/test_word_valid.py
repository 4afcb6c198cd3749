"""Every document kind is valid Office Open XML, checked by an independent validator:
openxml-audit, a port of Microsoft's Open XML SDK validation (the checks Word's own SDK
makes), in pure Python. A finding there is a file Word may repair or refuse."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import make_workbook, school_rows, stress_rows
from openxml_audit.errors import FileFormat
from openxml_audit.validator import OpenXmlValidator

from pfs_docgen import schema as s
from pfs_docgen.api import build
from pfs_docgen.workbook import read_workbook, write_workbook

VALIDATOR = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)


def _findings(path: Path) -> list[str]:
    result = VALIDATOR.validate(path)
    return [f"{e.description} ({getattr(e, 'part', '')} {getattr(e, 'path', '')})"
            for e in result.errors]


@pytest.fixture(scope="session")
def documents(tmp_path_factory, renderer) -> list[Path]:
    """Every kind, from the sample district and the stress school. (The stress district's
    plans, numbered by --pdf, are validated with the LibreOffice run: test_libreoffice.py.)"""
    tmp = tmp_path_factory.mktemp("valid")
    district = make_workbook(tmp, "district.xlsx")
    plans = [(district, None),
             (write_workbook(tmp / "stress-school.xlsx", s.SCHOOL, stress_rows()), district)]
    paths = []
    for n, (plan, against) in enumerate(plans):
        manifest = build(plan, tmp / f"out{n}", renderer=renderer,
                         district=against and str(against))
        paths += [tmp / f"out{n}" / d.path for d in manifest.documents]
    return paths


def test_every_kind_from_the_sample_and_the_stress_plans_has_no_findings(documents):
    kinds = {p.name.split("_")[1] for p in documents}
    assert {"district-plan", "district-action-plan", "district-plan-overview",
            "progress-report", "school-improvement-plan", "school-action-plan",
            "educator-goals"} <= kinds
    findings = {p.name: _findings(p) for p in documents}
    assert not {name: f for name, f in findings.items() if f}, findings


def test_the_crosswalk_has_no_findings(tmp_path, renderer):
    from pfs_docgen.context.alignment import alignment_context, school_alignment

    district = read_workbook(make_workbook(tmp_path, "district.xlsx"))
    school = read_workbook(write_workbook(tmp_path / "school.xlsx", s.SCHOOL, school_rows()))
    path = tmp_path / "alignment.docx"
    path.write_bytes(renderer.render("alignment", alignment_context(
        district, [school_alignment(school)], [("broken.xlsx", "a problem")])))
    assert _findings(path) == []


def test_schools_progress_has_no_findings(tmp_path, renderer):
    from pfs_docgen.context.schools_progress import school_progress, schools_progress_context

    district = read_workbook(make_workbook(tmp_path, "district.xlsx"))
    school = read_workbook(write_workbook(tmp_path / "school.xlsx", s.SCHOOL, school_rows()))
    path = tmp_path / "schools-progress.docx"
    path.write_bytes(renderer.render("schools-progress", schools_progress_context(
        district, [school_progress(district), school_progress(school)],
        [("broken.xlsx", "a problem")])))
    assert _findings(path) == []


def test_the_validator_finds_what_word_would_repair(documents, tmp_path):
    """The check can fail: the defects it was brought in for are findings."""
    source = next(p for p in documents if "district-plan_" in p.name)
    with zipfile.ZipFile(source) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    body = parts["word/document.xml"].decode()
    assert "<w:tblHeader/>" in body
    parts["word/document.xml"] = body.replace("<w:tblHeader/>",
                                              '<w:tblHeader w:val="true"/>').encode()
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path = tmp_path / "broken.docx"
    path.write_bytes(broken.getvalue())
    assert any("tblHeader" in f or "'true'" in f for f in _findings(path))
