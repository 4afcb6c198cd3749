"""Every failure is one clear line and exit 1, and --debug shows its traceback instead; each
failure mode raises its own documented error class."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import make_workbook, sample, school_rows

from pfs_docgen import errors
from pfs_docgen import schema as s
from pfs_docgen.api import build
from pfs_docgen.cli import cli
from pfs_docgen.workbook import write_workbook


def _without_statuses(tmp_path):
    benchmarks = [{k: v for k, v in row.items() if k not in (s.STATUS, s.STATUS_DATE, s.EVIDENCE)}
                  for row in sample()[s.BENCHMARKS]]
    return make_workbook(tmp_path, Benchmarks=benchmarks, Progress_Updates=[])


@pytest.mark.parametrize("args, error", [
    (["build", "{workbook}", "-o", "{out}", "--only", "progress-report"], errors.KindNotMade),
    (["build", "{workbook}", "-o", "{out}/" + "x" * 300], errors.BadPath),
    (["build", "{workbook}", "--district", "{school}", "-o", "{out}"], errors.WrongPlanLevel),
])
def test_debug_shows_the_traceback_of_a_users_mistake(tmp_path, args, error):
    workbook = _without_statuses(tmp_path)
    school = write_workbook(tmp_path / "school.xlsx", s.SCHOOL, school_rows())
    args = [a.format(workbook=workbook, school=school, out=tmp_path / "out") for a in args]
    plain = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert plain.exit_code == 1
    assert plain.stderr.startswith("Error: ") and "Traceback" not in plain.stderr
    with pytest.raises(error):
        CliRunner().invoke(cli, ["--debug", *args], catch_exceptions=False)


def test_debug_shows_the_traceback_of_an_invalid_workbook_after_its_problems(tmp_path):
    workbook = make_workbook(tmp_path, Strategic_Objectives=[])
    plain = CliRunner().invoke(cli, ["build", str(workbook), "-o", str(tmp_path / "a")],
                               catch_exceptions=False)
    assert plain.exit_code == 1 and "error:" in plain.stderr
    result = CliRunner().invoke(cli, ["--debug", "build", str(workbook), "-o",
                                      str(tmp_path / "b")])
    assert isinstance(result.exception, errors.InvalidWorkbook)
    assert "error:" in result.stderr  # the problems are listed before the traceback


def test_an_existing_output_names_its_path(tmp_path):
    workbook = make_workbook(tmp_path)
    written = build(workbook, tmp_path / "out", kinds=["plan"])
    (tmp_path / "out" / written.documents[0].path).write_bytes(b"edited in Word")
    with pytest.raises(errors.OutputExists) as raised:
        build(workbook, tmp_path / "out", kinds=["plan"])
    assert raised.value.path is not None and raised.value.path.exists()
    assert raised.value.path.parent == tmp_path / "out"
