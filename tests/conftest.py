"""Shared fixtures: workbooks are made with our own writer, so they follow the schema.

Hypothesis profiles: `dev` (the default) runs a fifth of the examples, in a random order, and
remembers failing ones in .hypothesis/; `ci` (selected by .ci/run with
`--hypothesis-profile=ci`, or by HYPOTHESIS_PROFILE=ci, or by CI being set) runs every example,
derandomised, with no deadline and no example database, so a CI run is the same run each time.
"""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from pfs_docgen import schema as s
from pfs_docgen.api import renderer_for
from pfs_docgen.errors import PfsDocgenError
from pfs_docgen.sample import sample_rows
from pfs_docgen.workbook import write_workbook

DROP = object()  # pass as a sheet's rows to leave the sheet out

CI_EXAMPLES = 100  # the ci profile's max_examples; tests ask for theirs through examples()
settings.register_profile(
    "ci", derandomize=True, max_examples=CI_EXAMPLES, deadline=None, database=None,
    print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "dev", max_examples=CI_EXAMPLES // 5, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
# --hypothesis-profile on the command line overrides this (the plugin loads it later).
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") else "dev"))


def examples(ci: int) -> int:
    """A property test's max_examples: `ci` under the ci profile, the same share of the
    loaded profile's max_examples under any other (a fifth of it under dev)."""
    return max(1, ci * settings.default.max_examples // CI_EXAMPLES)


def missing(reason: str) -> None:
    """Something a test needs is not on this machine: skip with the reason, but fail under
    CI (CI set), where everything the suite needs is provided and a skip would hide a gap."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run this test (CI is set)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def renderer():
    """The default templates, compiled once for the whole session: pass it to
    `build(..., renderer=renderer)` instead of compiling them again in every build."""
    return renderer_for(None)


# --- the CLI ------------------------------------------------------------------------------

# What a user sees when a bug was caught and reported instead of a traceback: the group's
# catch-all (cli.Group) and bulk's per-school catch-all.
BUG_MESSAGES = ("unexpected problem:", "Please report this")


def run_cli(*args, **kwargs) -> Result:
    """`pfs-docgen ARGS` in CliRunner, where a bug cannot pass as "exit code 1".

    Exceptions are not caught (catch_exceptions=False): anything but click's own SystemExit
    reaches the test. And where the CLI turns an unexpected exception into a one-line error
    (`Error: unexpected problem: KeyError ...`, exit 1) or bulk records a school that crashed
    as a failure, the test fails with that exception: only the library's PfsDocgenError and
    click's usage errors may become an exit code."""
    from pfs_docgen.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False,
                                **kwargs)
    bug = _unexpected(result.exception)
    if bug is not None:
        raise AssertionError(f"the CLI hid an exception as exit code {result.exit_code}: "
                             f"{type(bug).__name__}: {bug}") from bug
    output = result.stdout + result.stderr
    shown = [m for m in BUG_MESSAGES if m in output]
    assert not shown, f"the CLI reported a bug as exit code {result.exit_code}:\n{output}"
    return result


def _unexpected(exc: BaseException | None) -> BaseException | None:
    """The exception behind a SystemExit that is not the library's error or click's.

    click's main turns a ClickException into SystemExit while handling it (so it is the
    SystemExit's __context__); cli.Group raises ClickException `from` what it caught (the
    __cause__). A chain that reaches a PfsDocgenError, or stops at click's own exception, is
    an error reported on purpose."""
    while exc is not None:
        if isinstance(exc, PfsDocgenError):
            return None
        if isinstance(exc, SystemExit):
            exc = exc.__cause__ or exc.__context__
        elif isinstance(exc, (click.ClickException, click.exceptions.Exit, click.Abort)):
            exc = exc.__cause__  # only what our code raised it from, on purpose
        else:
            return exc
    return None


def sample(level: str = s.DISTRICT) -> dict[str, list[dict[str, str]]]:
    """A fresh, deep copy of the bundled sample plan's rows, safe to mutate."""
    return copy.deepcopy(sample_rows(level))


def make_workbook(tmp_path: Path, name: str = "plan.xlsx", level: str = s.DISTRICT,
                  rows: dict | None = None, **sheets) -> Path:
    """Write a workbook from the sample plan; keyword sheets replace (or DROP) its rows.

    Sheet keywords use the schema name with spaces as underscores and `&` as `and`:
    `make_workbook(tmp_path, Benchmarks=[...], Induction_and_Mentoring=DROP)`.
    """
    data = sample(level) if rows is None else rows
    by_key = {s.normalize(sheet.name): sheet.name for sheet in s.SHEETS}
    for key, value in sheets.items():
        sheet = by_key[s.normalize(key.replace("_", " "))]
        if value is DROP:
            data.pop(sheet, None)
        else:
            data[sheet] = value
    path = tmp_path / name
    _write_workbook_once(path, level, data)
    if any(v is DROP for v in sheets.values()):
        _remove_sheets(path, [by_key[s.normalize(k.replace("_", " "))]
                              for k, v in sheets.items() if v is DROP])
    return path


_WRITTEN: dict[str, bytes] = {}  # repr((level, rows)) -> the workbook our writer made


def _write_workbook_once(path: Path, level: str, rows: dict) -> Path:
    """write_workbook, but rows written once already are copied from that first write:
    openpyxl takes about 0.25 s a workbook, and most tests start from the same few plans.
    The copy is the writer's own output for the same rows (the file's creation time aside)."""
    key = repr((level, rows))
    if key in _WRITTEN and not path.exists():  # an existing path: let the writer refuse it
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_WRITTEN[key])
        return path
    write_workbook(path, level, rows)
    _WRITTEN[key] = path.read_bytes()
    return path


def _remove_sheets(path: Path, names: list[str]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    for name in names:
        if name in book.sheetnames:
            del book[name]
    book.save(path)


@pytest.fixture
def sample_workbook(tmp_path) -> Path:
    return make_workbook(tmp_path)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def with_formulas(path: Path, formulas: dict[tuple[str, str], str]) -> Path:
    """Put formulas in cells with openpyxl, which stores them with no cached value, as a
    program that writes workbooks does."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for (sheet, ref), formula in formulas.items():
        book[sheet][ref] = formula
        assert book[sheet][ref].data_type == "f"
    book.save(path)
    return path


CALC_FORMULAS = {(s.MISSION, "A2"): '=CONCATENATE("We teach ","every student.")',
                 (s.BENCHMARKS, "F2"): '="October "&"2025"', (s.OUTCOMES, "H2"): "=40+10"}


@pytest.fixture(scope="session")
def saved_by_calc(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Workbooks of several tests, opened and saved again by LibreOffice Calc in one soffice
    call (start-up, about 2 s, paid once): name -> (our workbook, the one Calc saved).

    - example: `pfs-docgen init --example`, as a user starts;
    - sample: the sample plan from make_workbook;
    - formulas: the sample with CALC_FORMULAS, which Calc calculates and caches."""
    from soffice import convert

    tmp = tmp_path_factory.mktemp("calc")
    ours = tmp / "ours"
    ours.mkdir()
    example = ours / "example.xlsx"
    result = run_cli("init", example, "--example")
    assert result.exit_code == 0, result.output
    sources = {"example": example, "sample": make_workbook(ours, "sample.xlsx"),
               "formulas": with_formulas(make_workbook(ours, "formulas.xlsx"), CALC_FORMULAS)}
    convert(list(sources.values()), tmp / "calc", fmt="xlsx")
    return {name: (path, tmp / "calc" / path.name) for name, path in sources.items()}


def school_rows(name: str = "Oak Street Elementary School", code: str = "09990005",
                supports: tuple[str, ...] = ("SO1", "SO2", "SO3", "SO4")) -> dict:
    """A school plan made from the district sample: Plan Info for a school, each objective
    supporting a district objective, council responses filled."""
    rows = sample(s.DISTRICT)
    rows.pop(s.SCHOOLS, None)
    info = {r[s.FIELD]: r[s.VALUE] for r in rows[s.PLAN_INFO]}
    info.update({s.PLAN_LEVEL: "School", s.SCHOOL_NAME: name, s.SCHOOL_CODE: code,
                 s.PRINCIPAL: "Ana Lúcia Ferreira", s.PLAN_STATUS: "Final"})
    info.pop(s.SUPERINTENDENT, None)
    for monitoring in (s.REPORT_DATE, s.REPORTING_PERIOD):  # a school that does not monitor yet
        info.pop(monitoring, None)
    rows[s.PLAN_INFO] = [{s.FIELD: k, s.VALUE: v} for k, v in info.items()]
    for objective, district_id in zip(rows[s.OBJECTIVES], supports):
        objective[s.DISTRICT_OBJECTIVE_ID] = district_id
    rows.pop(s.PROGRESS_UPDATES, None)
    for benchmark in rows[s.BENCHMARKS]:  # a school that does not monitor yet
        for column in (s.STATUS, s.STATUS_DATE, s.EVIDENCE):
            benchmark.pop(column, None)
    rows[s.COUNCIL] = [{s.REQUIREMENT: text, s.RESPONSE: f"{name} responds to: {text}"}
                       for text in s.COUNCIL_REQUIREMENTS]
    return rows


def rewrite_part(path: Path, part: str, edit) -> Path:
    """Rewrite one part of an .xlsx (a zip) in place, `edit(bytes) -> bytes`; every other part
    is copied as it is. For what openpyxl cannot write: raw XML, declarations, escapes."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    if part not in {info.filename for info, _ in parts}:
        raise KeyError(f"{path.name} has no part {part}")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, edit(data) if info.filename == part else data)
    return path


def sheet_part(path: Path, title: str) -> str:
    """The zip part that holds the worksheet with this tab title."""
    import posixpath
    import zipfile

    from lxml import etree

    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    sheet = next(e for e in book.iter("{*}sheet") if e.get("name") == title)
    target = next(r.get("Target") for r in rels.iter("{*}Relationship")
                  if r.get("Id") == sheet.get(rel))
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))


def stress_rows(level: str = s.SCHOOL) -> dict:
    """A plan at the edge of what teams write (issue 16's stress plan): five objectives, a
    1,500-character description, 40 benchmarks under one initiative, an 80-character school
    name, every optional sheet filled (the sample fills them all)."""
    name = ("The Dr. Martin Luther King Jr. and Coretta Scott King Community Innovation "
            "School")[:80]
    rows = school_rows(name, "09990077") if level == s.SCHOOL else sample(s.DISTRICT)
    objectives, initiatives = rows[s.OBJECTIVES], rows[s.INITIATIVES]
    fifth = dict(objectives[-1], **{s.ID: "SO5", s.OBJECTIVE: "Safe, welcoming and "
                                    "well-maintained school buildings for every community"})
    objectives.append(fifth)
    initiatives.append(dict(initiatives[-1], **{s.ID: "5.1", s.OBJECTIVE_ID: "SO5"}))
    sentence = ("Teams review the data every six weeks, adjust the plan with families and "
                "report to the school committee on what changed and why. ")
    objectives[0][s.DESCRIPTION] = (sentence * 12)[:1500]
    # Words longer than their columns as the templates draw them (issue 16: no word breaks
    # inside a cell): the column fitter must widen those columns.
    rows[s.OUTCOMES][0][s.STUDENT_GROUP] = "Hispanic/Latino/Latinx"
    rows[s.BENCHMARKS][0][s.PERSONS_RESPONSIBLE] = "Superintendent/Principal/Coordinator"
    first = rows[s.BENCHMARKS][0]
    rows[s.BENCHMARKS] += [dict(first, **{s.ID: f"BX{n}", s.BENCHMARK: f"Benchmark {n} of the "
                                          f"screening cycle: {first[s.BENCHMARK]}"})
                           for n in range(1, 40)]
    assert sum(b[s.INITIATIVE_ID] == first[s.INITIATIVE_ID] for b in rows[s.BENCHMARKS]) >= 40
    assert len(name) == 80
    return rows


def district_and_schools(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """The sample district workbook and a folder of `count` school workbooks, school-01.xlsx
    ("School Number 01") onwards."""
    district = make_workbook(tmp_path, "district.xlsx")
    folder = tmp_path / "schools"
    for n in range(count):
        write_workbook(folder / f"school-{n + 1:02d}.xlsx", s.SCHOOL,
                       school_rows(f"School Number {n + 1:02d}", f"0999{n:04d}"))
    return district, folder


def sha(path: Path) -> str:
    """A file's SHA-256: the tests' proof that an input was not modified."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def sample_plan(tmp_path_factory) -> Path:
    """The sample district workbook, written once: property tests change copies of it."""
    return write_workbook(tmp_path_factory.mktemp("sample") / "plan.xlsx", s.DISTRICT,
                          sample())
