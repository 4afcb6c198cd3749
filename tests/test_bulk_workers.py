"""Issue 9, dying workers: a bulk worker killed mid-run (the out-of-memory killer's SIGKILL),
out of memory or out of time costs only the school it was building, which becomes a failure
saying why; every other school is built, and manifest.json is written and true."""

from __future__ import annotations

import json
import multiprocessing
from contextlib import nullcontext
from pathlib import Path

import conftest
import pytest
from conftest import run_cli, sha

from pfs_docgen import workers

SCHOOLS = 5
VICTIM = "school-03.xlsx"


@pytest.fixture(scope="module")
def district_and_schools(tmp_path_factory) -> tuple[Path, Path]:
    return conftest.district_and_schools(tmp_path_factory.mktemp("workers"), SCHOOLS)


def _bulk(tmp_path: Path, district_and_schools, hook: str):
    """bulk --jobs 2, the worker given VICTIM doing `hook`."""
    district, folder = district_and_schools
    inputs = {p: sha(p) for p in [district, *folder.iterdir()]}
    out = tmp_path / "out"
    mp = pytest.MonkeyPatch()
    mp.setenv(workers.TEST_HOOK, f"{hook}:{VICTIM}")
    try:
        result = run_cli("bulk", folder, "--district", district, "-o", out, "--jobs", "2")
    finally:
        mp.undo()
    assert {p: sha(p) for p in inputs} == inputs  # inputs never written
    return out, result


def _check_only_the_victim_failed(out: Path, result, reason: str) -> None:
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    message = (f"{VICTIM} was not built: {reason}; build it alone with pfs-docgen build "
               "to see why.")
    assert message in result.stderr
    assert f"Built {3 * (SCHOOLS - 1) + 8} files for {SCHOOLS - 1} of {SCHOOLS} schools" \
        in result.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(Path(f["workbook"]).name, [i["message"] for i in f["issues"]])
            for f in manifest["failures"]] == [(VICTIM, [message])]
    listed = {d["path"] for d in manifest["documents"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert listed == on_disk - {"manifest.json"}  # the manifest is true: all there, no more
    schools = {d["organisation"] for d in manifest["documents"]} - \
        {"Maple Falls Public Schools"}
    assert schools == {f"School Number {n + 1:02d}" for n in range(SCHOOLS) if n != 2}
    assert not list(out.rglob("*.part"))


def test_a_worker_killed_mid_run_costs_only_the_school_it_was_building(
        tmp_path, district_and_schools):
    out, result = _bulk(tmp_path, district_and_schools, "kill")
    _check_only_the_victim_failed(out, result, workers.DIED)
    assert "(killed, out of memory?)" in result.stderr


@pytest.mark.skipif(not hasattr(__import__("resource"), "RLIMIT_AS"),
                    reason="no RLIMIT_AS on this platform")
def test_a_school_past_its_workers_memory_limit_fails_alone(tmp_path, district_and_schools):
    out, result = _bulk(tmp_path, district_and_schools, "hog")
    _check_only_the_victim_failed(out, result, workers.too_big(workers.WORKER_MEMORY))
    assert "needed more than 2 GiB of memory" in result.stderr


def test_a_school_past_its_time_limit_fails_alone(tmp_path, district_and_schools,
                                                  monkeypatch):
    monkeypatch.setattr(workers, "SCHOOL_SECONDS", 1)
    out, result = _bulk(tmp_path, district_and_schools, "hang")
    _check_only_the_victim_failed(out, result, workers.too_slow(1))


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the workers must inherit the test's patch")
def test_a_pool_silent_past_the_time_limit_is_stopped_by_the_parent(
        tmp_path, district_and_schools, monkeypatch):
    """A school stuck where no timer reaches it (C code, a platform without SIGALRM): the
    parent stops the pool, the others are built again, the stuck one alone fails."""
    monkeypatch.setattr(workers, "SCHOOL_SECONDS", 1)
    monkeypatch.setattr(workers, "GRACE_SECONDS", 1)
    monkeypatch.setattr(workers, "_time_limit", lambda seconds: nullcontext())
    out, result = _bulk(tmp_path, district_and_schools, "hang")
    _check_only_the_victim_failed(out, result, workers.too_slow(1))
