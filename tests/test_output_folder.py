"""Issue 9, interrupts and concurrency: one run at a time per output folder, never a write
through a symbolic link or over an input (--overwrite or not), and after Ctrl-C during
`bulk --pdf` the manifest lists every file on disk."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import conftest
import pytest
from conftest import BUG_MESSAGES, run_cli, sha
from soffice import require

from pfs_docgen.output_folder import LOCK

SCHOOLS = 3
DISTRICT_PLAN = "district/maple-falls-public-schools_district-plan_2025-2028.docx"
SCHOOL_PLAN = "school-number-02_school-improvement-plan_2025-2028.docx"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> tuple[Path, Path]:
    return conftest.district_and_schools(tmp_path_factory.mktemp("inputs"), SCHOOLS)


def _sums(*paths: Path) -> dict[Path, str]:
    return {p: sha(p) for path in paths for p in ([path] if path.is_file()
                                                  else sorted(path.rglob("*.xlsx")))}


def _bulk(district: Path, folder: Path, out: Path, *more):
    return run_cli("bulk", folder, "--district", district, "-o", out, "--jobs", "2", *more)


def _true_manifest(out: Path, *not_ours: Path) -> dict:
    """manifest.json, checked against the disk: it lists every file there (but `not_ours`,
    the inputs there), and only those."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {d["path"] for d in manifest["documents"]}
    listed |= {d["pdf"] for d in manifest["documents"] if d["pdf"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*")
               if p.is_file() and not p.is_symlink()}
    assert listed == on_disk - {"manifest.json"} - {p.relative_to(out).as_posix()
                                                     for p in not_ours}
    assert not list(out.rglob("*.part")) and not (out / LOCK).exists()
    return manifest


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])


def test_a_folder_held_by_a_live_run_is_refused_and_a_stale_lock_taken_over(tmp_path, inputs):
    district, folder = inputs
    before = _sums(district, folder)
    out = tmp_path / "out"
    out.mkdir()
    holder = _sleeper()
    try:
        (out / LOCK).write_text(f"{holder.pid}\n")
        message = (f"The folder {out} is in use by another pfs-docgen run (pid {holder.pid}); "
                   "wait for it or choose another folder.")
        for args in (["bulk", folder, "--district", district, "-o", out],
                     ["build", district, "-o", out, "--overwrite"]):
            result = run_cli(*args)
            assert result.exit_code == 1
            assert result.stderr == f"Error: {message}\n"
            assert sorted(p.name for p in out.iterdir()) == [LOCK]  # nothing written
            assert (out / LOCK).read_text() == f"{holder.pid}\n"  # nor the lock taken
    finally:
        holder.kill()
        holder.wait()
    result = _bulk(district, folder, out)  # its process is gone: the lock is stale
    assert result.exit_code == 0, result.stderr
    assert len(_true_manifest(out)["documents"]) == 3 * SCHOOLS + 8
    assert _sums(district, folder) == before


def test_two_runs_into_one_folder_never_interleave(tmp_path, inputs):
    district, folder = inputs
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pfs_docgen", "bulk", str(folder), "--district",
               str(district), "-o", str(out), "--jobs", "1"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    outcomes = sorted((run.wait(timeout=120), run.stderr.read()) for run in runs)
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in outcomes] == [0, 1]  # one built, one was refused
    refused = outcomes[1][1]
    assert "is in use by another pfs-docgen run (pid " in refused or \
        "already holds a run (manifest.json)" in refused, refused
    assert "Traceback" not in refused
    assert len(_true_manifest(out)["documents"]) == 3 * SCHOOLS + 8


def test_a_symbolic_link_in_the_output_folder_is_never_written_through(tmp_path, inputs):
    district, folder = inputs
    before = _sums(district, folder)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "district").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli("bulk", folder, "--district", district, "-o", out, "--overwrite")
    assert result.exit_code == 1  # the district's folder is known at once: nothing written
    assert result.stderr.startswith(f"Error: {out / 'district'} is a symbolic link (to "
                                    f"{elsewhere}) and pfs-docgen never writes through one")
    assert sorted(p.name for p in out.iterdir()) == ["district"]
    assert list(elsewhere.iterdir()) == []
    (out / "district").unlink()
    (out / "school-number-02").symlink_to(elsewhere, target_is_directory=True)
    result = _bulk(district, folder, out)  # a school's folder: that school fails alone
    assert result.exit_code == 1
    message = (f"{out / 'school-number-02'} is a symbolic link (to {elsewhere}) and "
               "pfs-docgen never writes through one: remove it, or choose another output "
               "folder.")
    assert f"Failed: {folder / 'school-02.xlsx'}\n  error: {message}" in result.stderr
    manifest = _true_manifest(out)
    assert [(Path(f["workbook"]).name, f["issues"][0]["message"])
            for f in manifest["failures"]] == [("school-02.xlsx", message)]
    assert {d["organisation"] for d in manifest["documents"]} == {
        "Maple Falls Public Schools", "School Number 01", "School Number 03"}
    assert list(elsewhere.iterdir()) == []
    outside = tmp_path / "outside.docx"  # build: a file link to a file outside
    outside.write_bytes(b"someone else's file")
    single = tmp_path / "single"
    single.mkdir()
    (single / DISTRICT_PLAN.split("/")[1]).symlink_to(outside)
    result = run_cli("build", district, "-o", single, "--overwrite")
    assert result.exit_code == 1 and "is a symbolic link" in result.stderr
    assert outside.read_bytes() == b"someone else's file"
    assert sorted(p.name for p in single.iterdir()) == [DISTRICT_PLAN.split("/")[1]]
    assert _sums(district, folder) == before


def test_an_input_named_like_an_output_is_never_overwritten(tmp_path, inputs):
    district, folder = inputs
    out = tmp_path / "out"
    (out / "district").mkdir(parents=True)
    named_like = shutil.copy(district, out / DISTRICT_PLAN)  # a workbook under that name
    before = sha(Path(named_like))
    message = (f"{out / DISTRICT_PLAN} is one of this run's inputs and pfs-docgen never "
               "writes over an input, even with --overwrite: move it out of the output "
               "folder, or choose another output folder.")
    for args in (["build", named_like, "-o", out / "district", "--overwrite"],
                 ["bulk", folder, "--district", named_like, "-o", out, "--overwrite"]):
        result = run_cli(*args)
        assert result.exit_code == 1
        assert result.stderr == f"Error: {message}\n"  # refused before anything is written
        assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == \
            ["district", DISTRICT_PLAN]
        assert sha(Path(named_like)) == before
    school_folder = out / "school-number-02"  # where only one school writes: it fails alone
    school_folder.mkdir()
    shutil.move(named_like, school_folder / SCHOOL_PLAN)
    named_like = school_folder / SCHOOL_PLAN
    result = _bulk(named_like, folder, out, "--overwrite")
    assert result.exit_code == 1
    manifest = _true_manifest(out, named_like)
    assert [(Path(f["workbook"]).name, f["issues"][0]["message"].split(" is ")[0])
            for f in manifest["failures"]] == [("school-02.xlsx", str(named_like))]
    assert "is one of this run's inputs" in result.stderr
    assert sha(named_like) == before
    assert len({d["organisation"] for d in manifest["documents"]}) == SCHOOLS


def test_ctrl_c_during_bulk_pdf_leaves_every_pdf_listed(tmp_path, inputs):
    require("soffice")
    district, folder = inputs
    before = _sums(district, folder)
    out = tmp_path / "out"
    # two documents per LibreOffice call, so PDFs land while others are being made
    code = ("import sys; import pfs_docgen.pdf as pdf; pdf.BATCH = 2; "
            "from pfs_docgen.cli import main; sys.argv[1:] = sys.argv[1:]; main()")
    process = subprocess.Popen(
        [sys.executable, "-c", code, "bulk", str(folder), "--district", str(district), "-o",
         str(out), "--jobs", "2", "--pdf"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.rglob("*.pdf"))) < 3:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the parent, its LibreOffice calls
    try:
        _, stderr = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("bulk --pdf did not exit within 120 s of Ctrl-C")
    assert process.returncode == 130  # Ctrl-C, as a shell reports it
    assert "Traceback" not in stderr and not [m for m in BUG_MESSAGES if m in stderr]
    assert "Interrupted" in stderr
    manifest = _true_manifest(out)
    pdfs = [d["pdf"] for d in manifest["documents"] if d["pdf"]]
    assert 3 <= len(pdfs) < 3 * SCHOOLS + 7  # some made, not all
    assert _sums(district, folder) == before
