"""bulk: a district's documents and every school's, in one run, with failures recorded."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import (
    BUG_MESSAGES,
    make_workbook,
    rewrite_part,
    run_cli,
    sample,
    school_rows,
    sheet_part,
)
from docx_read import all_text, headings, tables

from pfs_docgen import schema as s
from pfs_docgen.workbook import write_workbook

SCHOOLS = 24


def _district_and_schools(tmp_path: Path, count: int, broken: bool = True):
    district = make_workbook(tmp_path, "district.xlsx")
    folder = tmp_path / "schools"
    folder.mkdir()
    for n in range(min(count, 2)):
        rows = school_rows(_school_name(n), _school_code(n))
        if n == 0:  # one school's last objective supports nothing at the district
            rows[s.OBJECTIVES][-1].pop(s.DISTRICT_OBJECTIVE_ID)
        write_workbook(folder / f"school-{n + 1:02d}.xlsx", s.SCHOOL, rows)
    for n in range(2, count):  # the second school under other names: openpyxl is slow
        _renamed_copy(folder / "school-02.xlsx", folder / f"school-{n + 1:02d}.xlsx", n)
    if broken:
        rows = school_rows("Broken School", "09999999")
        rows[s.BENCHMARKS][0][s.PERSONS_RESPONSIBLE] = ""
        rows[s.OBJECTIVES][0][s.DISTRICT_OBJECTIVE_ID] = "SO9"
        write_workbook(folder / "broken.xlsx", s.SCHOOL, rows)
    (folder / "~$school-01.xlsx").write_bytes(b"an Excel lock file")
    return district, folder


def _school_name(n: int) -> str:
    return f"School Number {n + 1:02d}"


def _school_code(n: int) -> str:
    return f"0999{n:04d}"


def _renamed_copy(source: Path, target: Path, n: int) -> None:
    """The second school's workbook as school n's: its name and code changed on Plan Info,
    where each is a cell's whole text."""
    shutil.copy(source, target)

    def rename(data: bytes) -> bytes:
        for old, new in ((_school_name(1), _school_name(n)), (_school_code(1), _school_code(n))):
            old_text, new_text = f">{old}<".encode(), f">{new}<".encode()
            assert data.count(old_text) == 1, old
            data = data.replace(old_text, new_text)
        return data

    rewrite_part(target, sheet_part(target, s.PLAN_INFO), rename)


@pytest.fixture(scope="module")
def bulk_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bulk")
    district, folder = _district_and_schools(tmp, SCHOOLS)
    result = run_cli("bulk", str(folder), "--district", str(district),
                     "-o", str(tmp / "out"), "--jobs", "2", "--zip")
    return tmp / "out", result


def test_bulk_builds_every_school_and_records_the_broken_one(bulk_run):
    out, result = bulk_run
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    school_docs = [d for d in manifest["documents"] if not d["path"].startswith("district/")]
    assert len(school_docs) == 3 * SCHOOLS
    assert {d["kind"] for d in school_docs} == {"school-improvement-plan", "school-action-plan",
                                                "educator-goals"}
    district_kinds = {d["kind"] for d in manifest["documents"] if d["path"].startswith("district/")}
    assert {"district-plan", "district-action-plan", "district-plan-overview",
            "progress-report", "educator-goals", "alignment", "schools-progress"} <= district_kinds
    assert len(manifest["failures"]) == 1
    failure = manifest["failures"][0]
    assert failure["workbook"].endswith("broken.xlsx")
    places = {(i["sheet"], i["cell"]) for i in failure["issues"]}
    assert ("Benchmarks", "E2") in places  # the empty owner
    assert ("Strategic Objectives", "D2") in places  # SO9 is no district objective
    assert "broken.xlsx" in result.stderr
    assert f"of {SCHOOLS + 1} schools" in result.stdout
    for document in manifest["documents"]:
        assert (out / document["path"]).is_file()
    assert not list(out.rglob("*.part"))


def test_each_school_plan_names_the_district_objective_it_supports(bulk_run):
    out, _ = bulk_run
    plan = out / "school-number-02" / "school-number-02_school-improvement-plan_2025-2028.docx"
    text = all_text(plan)
    district = sample()
    for n, objective in enumerate(district[s.OBJECTIVES], start=1):
        assert f"Supports District Objective {n}: {objective[s.OBJECTIVE]}" in text
    names = [h for _, h in headings(plan)]
    assert names[0] == "I. School Mission, Vision, Core Values"
    assert names[-2:] == ["V. School Council Requirements", "Approval"]  # no council sheet
    approval = next(t for t in tables(plan) if t[0][:2] == ["Approved by", "Name"])
    superintendent = next(r[s.VALUE] for r in district[s.PLAN_INFO]
                          if r[s.FIELD] == s.SUPERINTENDENT)
    assert approval[3][:2] == ["Superintendent", superintendent]  # from the district
    council = next(t for t in tables(plan) if t[0] == ["Requirement", "Response"])
    assert [row[0] for row in council[1:]] == list(s.COUNCIL_REQUIREMENTS)
    assert "Maple Falls Public Schools" in text  # the district on the cover
    assert docx.Document(str(plan)).core_properties.title == \
        "School Number 02: School Improvement Plan 2025-2028"


def test_crosswalk_lists_every_district_objective_with_its_schools(bulk_run):
    out, _ = bulk_run
    district = sample()
    path = next((out / "district").glob("*_alignment_*.csv"))
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["District Objective ID", "District Strategic Objective",
                           "Schools Supporting", "Administrator and Team Goals"]
    assert len(rows[0]) == 4 + SCHOOLS
    assert [r[0] for r in rows[1:]] == [o[s.ID] for o in district[s.OBJECTIVES]]
    assert rows[1][2] == str(SCHOOLS) and rows[4][2] == str(SCHOOLS - 1)
    # each cell names the school's supporting objectives, as the document does
    school_objectives = [o[s.OBJECTIVE] for o in school_rows()[s.OBJECTIVES]]
    assert rows[1][4] == f"1. {school_objectives[0]}"
    # administrator and team goals that stem from each district objective: the district
    # workbook's own, and each school's through the school objective it names
    leaders = (s.SCHOOL_ADMINISTRATOR, s.TEAM)
    school = school_rows()
    supports = {o[s.ID]: o.get(s.DISTRICT_OBJECTIVE_ID, "") for o in school[s.OBJECTIVES]}
    first_school = dict(supports, **{school[s.OBJECTIVES][-1][s.ID]: ""})  # see above
    for row in rows[1:]:
        own = sum(g[s.OBJECTIVE_ID] == row[0] and g[s.ROLE] in leaders
                  for g in district[s.EDUCATOR_GOALS])
        schools = sum(links[g[s.OBJECTIVE_ID]] == row[0] and g[s.ROLE] in leaders
                      for links in [first_school] + [supports] * (SCHOOLS - 1)
                      for g in school[s.EDUCATOR_GOALS])
        assert row[3] == str(own + schools), row[0]
    document = next((out / "district").glob("*_alignment_*.docx"))
    table = tables(document)[0]
    assert [r[0] for r in table[1:]] == [f"{n}. {o[s.OBJECTIVE]}" for n, o in
                                         enumerate(district[s.OBJECTIVES], start=1)]
    assert "School Number 01: 1. " in table[1][1]
    unaligned = tables(document)[1]
    assert unaligned[1][0] == "School Number 01"
    assert "School Plans Not Counted" in [text for _, text in headings(document)]
    not_counted = tables(document)[2]
    assert [row[0] for row in not_counted[1:]] == ["broken.xlsx"]
    assert "SO9" in not_counted[1][1] or "Person(s) Responsible" in not_counted[1][1]


def test_zip_holds_the_whole_output(bulk_run):
    out, result = bulk_run
    archive = next(out.glob("*.zip"))
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert names == {d["path"] for d in manifest["documents"]} | {"manifest.json"}
    # each school's three documents; the district's five, its crosswalk and Schools' Progress
    assert len([n for n in names if n.endswith(".docx")]) == 3 * SCHOOLS + 7


def test_bulk_keeps_each_school_apart_and_builds_only_school_plans(tmp_path):
    district = make_workbook(tmp_path, "district.xlsx")
    folder = tmp_path / "schools"
    folder.mkdir()
    names = {"a.xlsx": ("St Mary's School", "09990001"),  # two schools, one slug
             "b.xlsx": ("St. Mary's School", "09990002"),
             "c.xlsx": ("District", "09990003"),  # not the district's own folder
             "d.xlsx": ("中文学校", "09990004"), "e.xlsx": ("日本語学校", "09990005"),
             "f.xlsx": ("Saint Mary's School", "09990001")}  # a's code: the same school
    for file, (name, code) in names.items():
        write_workbook(folder / file, s.SCHOOL, school_rows(name, code))
    shutil.copy(district, folder / "district-copy.xlsx")  # a district plan among the schools
    (folder / "archive.xlsx").mkdir()  # a folder named like a workbook
    out = tmp_path / "out"
    out.mkdir()
    (out / "my-notes.txt").write_text("the office's own notes")
    result = run_cli("bulk", str(folder), "--district", str(district),
                     "-o", str(out), "--jobs", "1", "--zip")
    assert result.exit_code == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    failures = {Path(f["workbook"]).name: f["issues"][0]["message"]
                for f in manifest["failures"]}
    assert failures.keys() == {"district-copy.xlsx", "f.xlsx"}
    assert "is a district plan" in failures["district-copy.xlsx"]
    assert "like a.xlsx. Keep one workbook per school" in failures["f.xlsx"]
    folders = {d["organisation"]: d["path"].split("/")[0] for d in manifest["documents"]}
    assert folders == {"Maple Falls Public Schools": "district",
                       "St Mary's School": "st-mary-s-school",
                       "St. Mary's School": "st-mary-s-school-09990002",
                       "District": "district-09990003",
                       "中文学校": "09990004", "日本語学校": "09990005"}
    # 5 x 3; the district's 5, the crosswalk (2 files) and Schools' Progress
    assert "Built 23 files for 5 of 7 schools" in result.stdout
    with zipfile.ZipFile(next(out.glob("*.zip"))) as z:
        assert "my-notes.txt" not in z.namelist()


def test_bulk_again_replaces_its_own_files_and_keeps_an_edited_one(bulk_run, tmp_path):
    source, _ = bulk_run
    out = tmp_path / "out"
    shutil.copytree(source, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all(d["sha256"] for d in manifest["documents"])
    edited = out / next(d["path"] for d in manifest["documents"]
                        if not d["path"].startswith("district/"))
    edited.write_bytes(b"the principal's own edits")
    result = run_cli("bulk", str(source.parent / "schools"), "--district",
                     str(source.parent / "district.xlsx"), "-o", str(out))
    assert result.exit_code == 1  # the edited file's school fails, naming it
    assert edited.name in result.stderr and "changed since pfs-docgen wrote it" in result.stderr
    assert edited.read_bytes() == b"the principal's own edits"
    again = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(again["documents"]) >= len(manifest["documents"]) - 3  # the others rebuilt


def test_bulk_interrupted_leaves_whole_documents_and_a_valid_manifest(tmp_path):
    district, folder = _district_and_schools(tmp_path, 40, broken=False)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "pfs_docgen", "bulk", str(folder), "--district", str(district),
         "-o", str(out), "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("school-number-*"))) < 2:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in a terminal: the parent and its workers
    try:
        stdout, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("bulk did not exit within 60 s of Ctrl-C")
    assert process.returncode == 130  # Ctrl-C, as a shell reports it (issue 14)
    assert "Traceback" not in stderr
    assert not [m for m in BUG_MESSAGES if m in stderr], stderr  # no bug hidden as exit 1
    assert "Interrupted" in stderr and "Built" not in stdout  # no success summary
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {d["path"] for d in manifest["documents"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.docx")}
    assert listed == on_disk  # every document written is listed, and only those
    assert len(on_disk) < 2 * 40 + 4  # it stopped before the end
    assert not list(out.rglob("*.part"))
    for path in on_disk:
        docx.Document(str(out / path))  # every file there is whole


def test_init_schools_gives_every_school_a_workbook_of_its_own(tmp_path):
    rows = sample()
    rows[s.SCHOOLS] = [
        {s.SCHOOL_CODE_COLUMN: "0307", s.SCHOOL_NAME_COLUMN: "Oak Street-0102"},
        {s.SCHOOL_CODE_COLUMN: "0101", s.SCHOOL_NAME_COLUMN: "Oak Street"},
        {s.SCHOOL_CODE_COLUMN: "0102", s.SCHOOL_NAME_COLUMN: "Oak Street"},
        {s.SCHOOL_CODE_COLUMN: "0401", s.SCHOOL_NAME_COLUMN: "中文学校"}]
    district = make_workbook(tmp_path, "district.xlsx", rows=rows)
    result = run_cli("init-schools", str(district), "-o", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert "Kept" not in result.stderr
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "0401.xlsx", "oak-street-0102-2.xlsx", "oak-street-0102.xlsx", "oak-street.xlsx"]


def test_init_schools_refuses_a_roster_with_errors(tmp_path):
    rows = sample()
    rows[s.SCHOOLS][1][s.SCHOOL_CODE_COLUMN] = rows[s.SCHOOLS][0][s.SCHOOL_CODE_COLUMN]
    rows[s.SCHOOLS][2][s.SCHOOL_NAME_COLUMN] = ""
    district = make_workbook(tmp_path, "district.xlsx", rows=rows)
    result = run_cli("init-schools", str(district), "-o", str(tmp_path / "s"))
    assert result.exit_code == 1
    assert "Schools!A3 (School Code)" in result.stderr and "Schools!B4" in result.stderr
    assert "no school workbook was started" in result.stderr
    assert not (tmp_path / "s").exists()


def test_bulk_finds_workbooks_named_in_capitals_and_says_when_there_are_none(tmp_path):
    district, folder = _district_and_schools(tmp_path, 1, broken=False)
    (folder / "school-01.xlsx").rename(folder / "SCHOOL-01.XLSX")
    result = run_cli("bulk", str(folder), "--district", str(district),
                     "-o", str(tmp_path / "out"))
    assert result.exit_code == 0 and "for 1 of 1 schools" in result.stdout
    empty = tmp_path / "none"
    empty.mkdir()
    result = run_cli("bulk", str(empty), "--district", str(district),
                     "-o", str(tmp_path / "out2"))
    assert result.exit_code == 0
    assert "No school workbooks (.xlsx, .xlsm, .ods) were found" in result.stderr


def test_init_schools_starts_one_workbook_per_school(tmp_path):
    district = make_workbook(tmp_path, "district.xlsx")
    result = run_cli("init-schools", str(district), "-o", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    roster = sample()[s.SCHOOLS]
    written = sorted((tmp_path / "s").glob("*.xlsx"))
    assert len(written) == len(roster)
    from pfs_docgen.workbook import read_workbook

    book = read_workbook(tmp_path / "s" / "oak-street-elementary-school.xlsx")
    assert book.info(s.PLAN_LEVEL) == "School"
    assert book.info(s.SCHOOL_NAME) == "Oak Street Elementary School"
    assert book.info(s.DISTRICT_NAME) == "Maple Falls Public Schools"
    assert book.info(s.PLAN_YEARS) == "2025-2028"
    assert [r.text(s.REQUIREMENT) for r in book.records(s.COUNCIL)] == \
        list(s.COUNCIL_REQUIREMENTS)
    from openpyxl import load_workbook

    raw = load_workbook(tmp_path / "s" / "oak-street-elementary-school.xlsx")
    lists = raw["Lists"]
    ids = [c.value for c in lists[next(c.column_letter for c in lists[1]
                                        if c.value == "District objective IDs")]][1:]
    assert [i for i in ids if i] == [o[s.ID] for o in sample()[s.OBJECTIVES]]
    dv = [v for v in raw[s.OBJECTIVES].data_validations.dataValidation if "D2" in str(v.sqref)]
    assert dv and "SO1 = " in dv[0].prompt
    # a school's edits are never overwritten without --overwrite
    target = tmp_path / "s" / "oak-street-elementary-school.xlsx"
    target.write_bytes(b"the school's own work")
    result = run_cli("init-schools", str(district), "-o", str(tmp_path / "s"))
    assert result.exit_code == 0
    assert target.read_bytes() == b"the school's own work"
    assert "Kept" in result.stderr
