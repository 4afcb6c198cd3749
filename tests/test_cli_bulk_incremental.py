"""bulk again into the same folder: unchanged schools are skipped, their files kept as they
are and listed as built; a changed workbook, template, option or tool version makes its
documents again, and --force makes everything again."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import district_and_schools, rewrite_part, run_cli, school_rows, sha, sheet_part

import pfs_docgen
from pfs_docgen import api
from pfs_docgen import schema as s
from pfs_docgen.incremental import run_fingerprint
from pfs_docgen.workbook import write_workbook

SCHOOLS = 3
SUMMARIES = {"alignment", "schools-progress"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """The sample district, three schools and one with errors, written once."""
    base = tmp_path_factory.mktemp("inputs")
    _, folder = district_and_schools(base, SCHOOLS)
    rows = school_rows("Broken School", "09999999")
    rows[s.BENCHMARKS][0][s.PERSONS_RESPONSIBLE] = ""
    write_workbook(folder / "broken.xlsx", s.SCHOOL, rows)
    return base


def _copy(inputs: Path, tmp_path: Path) -> Path:
    shutil.copytree(inputs, tmp_path / "in")
    return tmp_path / "in"


def _bulk(where: Path, *options: str, out: Path | None = None):
    return run_cli("bulk", where / "schools", "--district", where / "district.xlsx",
                   "-o", out or where.parent / "out", "--jobs", "1", *options)


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a file written again has new ones."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"}


def _skipped(out: Path) -> dict[str, bool]:
    return {d["path"]: d["skipped"] for d in _manifest(out)["documents"]}


def _assert_listed_as_on_disk(out: Path) -> None:
    for document in _manifest(out)["documents"]:
        assert sha(out / document["path"]) == document["sha256"], document["path"]


def test_second_run_skips_every_school_and_keeps_their_files(inputs, tmp_path):
    where = _copy(inputs, tmp_path)
    out = tmp_path / "out"
    first = _bulk(where)
    assert first.exit_code == 1  # the broken school
    before, listed = _stamps(out), _manifest(out)
    assert not any(d["skipped"] for d in listed["documents"])
    assert all(len(d["fingerprint"]) == 64 for d in listed["documents"])
    # a workbook saved again without a change (a new modification time) is still unchanged
    (where / "schools" / "school-01.xlsx").touch()
    again = _bulk(where)
    assert again.exit_code == 1
    assert f"Built 0 files for 0 of {SCHOOLS + 1} schools into" in again.stdout
    assert f"{SCHOOLS} unchanged, skipped (the district's too); 1 failed." in again.stdout
    assert "broken.xlsx" in again.stderr and "Benchmarks!E2" in again.stderr  # re-checked
    assert _stamps(out) == before  # not one file written again
    manifest = _manifest(out)
    assert all(d["skipped"] for d in manifest["documents"])
    assert sorted((d["path"], d["sha256"], d["fingerprint"]) for d in manifest["documents"]) \
        == sorted((d["path"], d["sha256"], d["fingerprint"]) for d in listed["documents"])
    assert [f["workbook"] for f in manifest["failures"]] == [
        str(where / "schools" / "broken.xlsx")]
    assert manifest["failures"] == listed["failures"]  # the same issues, reported again
    assert len(manifest["schools"]) == SCHOOLS
    assert all(r["skipped"] for r in manifest["schools"])
    assert [r["alignment"] for r in manifest["schools"]] == \
        [r["alignment"] for r in listed["schools"]]
    _assert_listed_as_on_disk(out)


def test_changed_school_rebuilds_that_school_and_the_summaries_only(inputs, tmp_path):
    where = _copy(inputs, tmp_path)
    out = tmp_path / "out"
    _bulk(where)
    before = _stamps(out)
    changed = where / "schools" / "school-02.xlsx"
    rewrite_part(changed, sheet_part(changed, s.OBJECTIVES),
                 lambda data: b">SO1<".join(data.rsplit(b">SO4<", 1)))  # D5: another one
    result = _bulk(where)
    assert result.exit_code == 1
    assert f"Built 6 files for 1 of {SCHOOLS + 1} schools into" in result.stdout
    assert f"{SCHOOLS - 1} unchanged, skipped (the district's too)" in result.stdout
    after, skipped = _stamps(out), _skipped(out)
    rebuilt = {path for path in after if after[path] != before.get(path)}
    school = {p for p in after if p.startswith("school-number-02/")}
    summaries = {p for p in after if "_alignment_" in p or "_schools-progress_" in p}
    assert len(school) == 3 and len(summaries) == 3
    assert rebuilt == school | summaries
    assert {p for p, was in skipped.items() if not was} == school | summaries
    # the crosswalk counts the changed school's new objectives, and the skipped ones
    path = next((out / "district").glob("*_alignment_*.csv"))
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][4:] == [f"School Number {n:02d}" for n in range(1, SCHOOLS + 1)]
    assert rows[1][2] == str(SCHOOLS) and rows[4][2] == str(SCHOOLS - 1)
    _assert_listed_as_on_disk(out)


def test_new_tool_version_rebuilds_everything(inputs, tmp_path, monkeypatch):
    where = _copy(inputs, tmp_path)
    out = tmp_path / "out"
    schools, district = where / "schools", where / "district.xlsx"
    first = api.bulk(schools, district, out, jobs=1)
    assert first.skipped == 0 and first.built == SCHOOLS
    assert api.bulk(schools, district, out, jobs=1).skipped == SCHOOLS
    before = _stamps(out)
    monkeypatch.setattr(pfs_docgen, "__version__", "9.9.9")
    result = api.bulk(schools, district, out, jobs=1)
    assert result.skipped == 0 and result.built == SCHOOLS and not result.district_skipped
    after = _stamps(out)
    assert all(after[p] != before[p] for p in before)
    manifest = _manifest(out)
    assert manifest["generator"] == "pfs-docgen 9.9.9"
    assert not any(d["skipped"] for d in manifest["documents"])


def test_restyled_template_changed_rebuilds_everything(inputs, tmp_path):
    where = _copy(inputs, tmp_path)
    templates = tmp_path / "templates"
    api.export_templates(templates)
    assert _bulk(where, "--templates", templates).exit_code == 1
    again = _bulk(where, "--templates", templates)
    assert f"{SCHOOLS} unchanged, skipped" in again.stdout
    with zipfile.ZipFile(templates / "action-plan.docx", "a") as z:  # saved again in Word
        z.comment = b"restyled"
    result = _bulk(where, "--templates", templates)
    assert f"Built {SCHOOLS * 3 + 8} files for {SCHOOLS} of {SCHOOLS + 1} schools and the " \
        "district" in result.stdout
    assert "skipped" not in result.stdout
    # and without --templates the defaults are other templates again: everything rebuilt
    assert "skipped" not in _bulk(where).stdout


def test_force_rebuilds_everything(inputs, tmp_path):
    where = _copy(inputs, tmp_path)
    out = tmp_path / "out"
    _bulk(where)
    before = _stamps(out)
    result = _bulk(where, "--force")
    assert f"Built {SCHOOLS * 3 + 8} files for {SCHOOLS} of {SCHOOLS + 1} schools and the " \
        "district" in result.stdout
    after = _stamps(out)
    assert set(after) == set(before) and all(after[p] != before[p] for p in before)
    assert not any(_skipped(out).values())
    _assert_listed_as_on_disk(out)


def test_deleted_output_rebuilds_its_school(inputs, tmp_path):
    where = _copy(inputs, tmp_path)
    out = tmp_path / "out"
    _bulk(where)
    gone = next((out / "school-number-03").glob("*_school-action-plan_*.docx"))
    gone.unlink()
    before = _stamps(out)
    result = _bulk(where)
    assert f"Built 6 files for 1 of {SCHOOLS + 1} schools" in result.stdout
    assert gone.is_file()
    after = _stamps(out)
    rebuilt = {p for p in after if after[p] != before.get(p)}
    assert {p.split("/")[0] for p in rebuilt} == {"school-number-03", "district"}
    assert all("_alignment_" in p or "_schools-progress_" in p
               for p in rebuilt if p.startswith("district/"))
    _assert_listed_as_on_disk(out)


def test_edited_output_is_kept_and_named_and_overwrite_replaces_it(inputs, tmp_path):
    where = _copy(inputs, tmp_path)
    out = tmp_path / "out"
    _bulk(where)
    edited = next((out / "school-number-01").glob("*_school-improvement-plan_*.docx"))
    edited.write_bytes(b"the principal's own edits")
    result = _bulk(where)
    assert result.exit_code == 1
    assert edited.name in result.stderr and "changed since pfs-docgen wrote it" in result.stderr
    assert edited.read_bytes() == b"the principal's own edits"
    manifest = _manifest(out)
    assert {f["workbook"] for f in manifest["failures"]} == {
        str(where / "schools" / "school-01.xlsx"), str(where / "schools" / "broken.xlsx")}
    assert not any(d["path"].startswith("school-number-01/") for d in manifest["documents"])
    replaced = _bulk(where, "--overwrite")
    assert f"Built 6 files for 1 of {SCHOOLS + 1} schools" in replaced.stdout
    assert edited.read_bytes()[:2] == b"PK"
    _assert_listed_as_on_disk(out)


def test_school_with_errors_is_checked_again_and_built_once_mended(inputs, tmp_path):
    where = _copy(inputs, tmp_path)
    out = tmp_path / "out"
    _bulk(where)
    assert _bulk(where).exit_code == 1  # still broken: reported again
    write_workbook(where / "schools" / "broken.xlsx", s.SCHOOL,
                   school_rows("Broken School", "09999999"), overwrite=True)
    result = _bulk(where)
    assert result.exit_code == 0, result.stderr
    assert f"Built 6 files for 1 of {SCHOOLS + 1} schools into" in result.stdout
    assert f"{SCHOOLS} unchanged, skipped" in result.stdout
    manifest = _manifest(out)
    assert manifest["failures"] == []
    progress = next(d for d in manifest["documents"] if d["kind"] == "schools-progress")
    assert not progress["skipped"]  # the mended school is counted now
    path = next((out / "district").glob("*_alignment_*.csv"))
    with path.open(encoding="utf-8-sig", newline="") as f:
        assert "Broken School" in next(csv.reader(f))


def test_added_school_is_built_and_counted_the_others_skipped(inputs, tmp_path):
    where = _copy(inputs, tmp_path)
    out = tmp_path / "out"
    _bulk(where)
    write_workbook(where / "schools" / "school-09.xlsx", s.SCHOOL,
                   school_rows("School Number 09", "09990009"))
    result = _bulk(where)
    assert f"Built 6 files for 1 of {SCHOOLS + 2} schools into" in result.stdout
    assert f"{SCHOOLS} unchanged, skipped" in result.stdout
    path = next((out / "district").glob("*_alignment_*.csv"))
    with path.open(encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f))[4:] == [f"School Number {n:02d}" for n in (1, 2, 3, 9)]
    (where / "schools" / "school-09.xlsx").unlink()  # and removed again: recounted
    removed = _bulk(where)
    assert f"Built 3 files for 0 of {SCHOOLS + 1} schools into" in removed.stdout
    assert not any(d["path"].startswith("school-number-09/")
                   for d in _manifest(out)["documents"])


def test_fingerprint_follows_the_options_that_change_the_files():
    plain = run_fingerprint(None, pdf=False, strict=False)
    assert plain == run_fingerprint(None, pdf=False, strict=False)
    assert len({plain, run_fingerprint(None, pdf=True, strict=False),
                run_fingerprint(None, pdf=False, strict=True)}) == 3


def test_a_damaged_manifest_skips_nothing(inputs, tmp_path):
    where = _copy(inputs, tmp_path)
    out = tmp_path / "out"
    _bulk(where)
    manifest = _manifest(out)
    for record in manifest["schools"]:
        record["alignment"] = {"objectives": [["1"]], "goals": [], "no_el_goal": False}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = _bulk(where)
    # the schools are made again (their records say nothing usable), the district is not
    assert f"Built {SCHOOLS * 3 + 3} files for {SCHOOLS} of {SCHOOLS + 1} schools into" \
        in result.stdout
    assert "the district unchanged, skipped; 1 failed." in result.stdout
    assert not any(d["skipped"] for d in _manifest(out)["documents"]
                   if d["path"].startswith("school-"))
