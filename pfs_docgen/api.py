"""The library's entry points, one per use case; the CLI (and the web page, tests, notebooks)
call these and nothing deeper.

Importing this module is cheap: the workbook reader, the renderer and the process pool load
when a use case first needs them, so `pfs-docgen --help` starts as fast as click allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import issues as iss
from .errors import BadPath, InvalidWorkbook, PfsDocgenError, UnreadableWorkbook
from .issues import errors_first
from .kinds import KINDS
from .levels import DISTRICT, LEVELS, SCHOOL

if TYPE_CHECKING:
    from .bulk_run import BulkResult, Progress
    from .documents import Manifest
    from .render import Renderer
    from .render.check import TemplateProblem
    from .workbook import Workbook

SAMPLE_DISTRICT = "maple-falls-district.xlsx"


@dataclass
class Report:
    """What validation found in one workbook."""

    workbook: Path
    issues: list[iss.Issue] = field(default_factory=list)
    book: Workbook | None = None  # None when the file could not be read

    @property
    def errors(self) -> int:
        return iss.count(self.issues, iss.ERROR)

    @property
    def warnings(self) -> int:
        return iss.count(self.issues, iss.WARNING)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def to_json(self) -> dict:
        return {"workbook": str(self.workbook), "errors": self.errors,
                "warnings": self.warnings, "issues": [i.to_json() for i in self.issues]}


def init(path: str | Path, *, level: str = DISTRICT, example: bool = False,
         overwrite: bool = False) -> Path:
    """Write a blank planning workbook, or the sample plan with `example=True`."""
    from .files import check_folder
    from .sample import sample_rows
    from .workbook import write_workbook

    if Path(path).suffix.lower() != ".xlsx":
        raise BadPath(
            f"'{path}' does not end in .xlsx: give the workbook's file name, for example "
            "maple-falls.xlsx, so that Excel opens it and bulk finds it.")
    check_folder(path, "PATH", room=0)
    rows = sample_rows(level) if example else None
    return write_workbook(path, level, rows, overwrite=overwrite)


def next_year(path: str | Path, last_year: str | Path, *, overwrite: bool = False) -> Path:
    """Next year's workbook from last year's: the same plan, the action plan year moved on
    by one school year, statuses and status dates cleared (see year.py)."""
    from .files import check_folder
    from .year import roll_forward

    if Path(path).suffix.lower() != ".xlsx":
        raise BadPath(
            f"'{path}' does not end in .xlsx: give the new workbook's file name, for example "
            "maple-falls-2026.xlsx.")
    check_folder(path, "PATH", room=0)
    if Path(path).exists() and Path(path).resolve() == Path(last_year).resolve():
        from .errors import UnsafeOutput

        raise UnsafeOutput(f"{path} is last year's workbook itself: give the new workbook "
                           "another name (last year's is never changed).")
    return roll_forward(path, last_year, overwrite=overwrite)


def check(path: str | Path, *, district: Workbook | None = None) -> Report:
    """Read and validate one workbook; an unreadable file is a report with one error, and so
    is a failure of our own (a bug), so that checking many workbooks reports every one."""
    from .text import clip
    from .validate import validate
    from .workbook import read_workbook

    path = Path(path)
    try:
        book = read_workbook(path)
        return Report(path, validate(book, district=district), book)
    except UnreadableWorkbook as exc:
        return Report(path, [iss.error(str(exc), code="unreadable-workbook")])
    except Exception as exc:  # a bug: this workbook's error, and the others still checked
        return Report(path, [iss.error(
            f"{path.name} could not be checked ({type(exc).__name__}: {clip(str(exc), 120)}); "
            "please report this with the workbook.", code="internal-error")])


def check_many(paths: list[str | Path] | tuple[str | Path, ...], *,
               district: str | Path | None = None) -> list[Report]:
    """Check every workbook named, a folder standing for every workbook under it (as bulk
    finds them). With a district workbook, each other workbook is checked as one of its
    schools': a district plan among them is an error, worded as bulk words it."""
    from .schools_folder import find_workbooks
    from .validate import wrong_level

    district_book = load_district(district)
    found: list[Path] = []
    for path in map(Path, paths):
        found += find_workbooks(path, exclude=[]) if path.is_dir() else [path]
    seen: set[Path] = set()
    reports = []
    for path in found:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        if district is not None and path.resolve() == Path(district).resolve():
            reports.append(check(path))  # the district itself, among its schools
            continue
        report = check(path, district=district_book)
        mismatch = wrong_level(report.book, SCHOOL) if district_book and report.book else None
        if mismatch is not None:
            report = check(path)  # a district plan: checked as one, and flagged
            report.issues.insert(0, mismatch)
        reports.append(report)
    return reports


def default_output(source: str | Path) -> Path:
    """Where build and bulk write when -o is not given: `<name>-documents` beside the
    workbook or the schools folder (maple-falls.xlsx -> maple-falls-documents/)."""
    source = Path(source)
    name = source.stem if source.suffix.lower() in (".xlsx", ".xlsm") else source.name
    return source.parent / f"{name or 'plan'}-documents"


def export(workbook: str | Path, *, district: str | Path | None = None) -> str:
    """The validated plan as canonical JSON (see workbook/plan_json.py); raises
    InvalidWorkbook when the workbook has errors."""
    from .validate import has_errors, validate
    from .workbook import read_workbook
    from .workbook.plan_json import dumps

    book = read_workbook(workbook)
    found = validate(book, district=load_district(district))
    if has_errors(found):
        errors = iss.count(found, iss.ERROR)
        raise InvalidWorkbook(
            f"{workbook} has {errors} error{'s' if errors != 1 else ''}; it was not exported. "
            "Fix them and run again (pfs-docgen validate lists them).", found)
    return dumps(book)


@dataclass
class Changes:
    """What `diff` found and wrote."""

    path: Path | None  # the tracked-changes document (None: not written)
    sheets: list  # tracked_changes.SheetChanges, per sheet
    old_years: str = ""
    new_years: str = ""

    def to_json(self) -> dict:
        return {"old": self.old_years, "new": self.new_years,
                "document": str(self.path) if self.path else None,
                "sheets": [c.to_json() for c in self.sheets]}


def diff(old: str | Path, new: str | Path, out_dir: str | Path | None = None, *,
         district: str | Path | None = None, templates: str | Path | None = None,
         overwrite: bool = False) -> Changes:
    """What changed from the old plan to the new: per sheet, and (with `out_dir`) the new
    plan's District Plan or School Improvement Plan with the differences as tracked
    changes, `<org>_changes_<old years>-to-<new years>.docx`."""
    from . import schema as s
    from .documents import renderer_for as make_renderer
    from .documents.names import organisation_slug, years_slug
    from .documents.pipeline import prepare
    from .files import check_folder, check_free, write_atomic
    from .kinds import PLAN
    from .tracked_changes import summary, tracked

    district_book = load_district(district)
    renderer = make_renderer(templates)
    before = prepare(old, renderer, district=district_book, kinds=[PLAN])
    after = prepare(new, renderer, district=district_book, kinds=[PLAN])
    if before.book.plan_level != after.book.plan_level:
        raise InvalidWorkbook(
            f"{Path(old).name} is a {before.book.plan_level} plan and {Path(new).name} a "
            f"{after.book.plan_level} plan: compare two plans of the same level.")
    changes = Changes(None, summary(before.book, after.book),
                      before.book.info(s.ACTION_PLAN_YEAR), after.book.info(s.ACTION_PLAN_YEAR))
    if out_dir is None:
        return changes
    check_folder(out_dir)
    name = (f"{organisation_slug(after.book)}_changes_{years_slug(changes.old_years)}-to-"
            f"{years_slug(changes.new_years)}.docx")
    path = Path(out_dir) / name
    check_free(path, overwrite)
    changes.path = write_atomic(path, tracked(before.files[0][2], after.files[0][2],
                                              sheets=changes.sheets))
    return changes


def plan_schema() -> str:
    """The published JSON Schema of an exported plan."""
    import json

    from .workbook.plan_json import schema

    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def load_district(path: str | Path | None) -> Workbook | None:
    """The district workbook that school plans are checked against (raises if unreadable)."""
    from .workbook import read_district

    return read_district(path) if path else None


@dataclass
class StartedSchools:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there, left untouched


def init_schools(district: str | Path, out_dir: str | Path, *,
                 overwrite: bool = False) -> StartedSchools:
    """One school workbook per row of the district's Schools sheet, Plan Info filled and the
    district's objectives offered in the District Objective ID drop-down. A school's existing
    workbook is kept unless `overwrite`."""
    from . import schema as s
    from .files import check_folder, free_name, slugify
    from .validate import validate
    from .workbook import read_district, write_workbook

    check_folder(out_dir)
    book = read_district(district)
    schools = book.records(s.SCHOOLS)
    if not schools:
        raise InvalidWorkbook(
            f"{Path(district).name} has no schools: fill its {s.SCHOOLS} sheet (School Code, "
            "School Name, Principal, Grades), one school a row.")
    roster = [i for i in validate(book) if i.sheet == s.SCHOOLS and i.severity == iss.ERROR]
    if roster:  # a school with no name, or two with one code: fix the roster first
        raise InvalidWorkbook(
            f"{Path(district).name}: the {s.SCHOOLS} sheet has {len(roster)} "
            f"error{'s' if len(roster) != 1 else ''}, so no school workbook was started. Fix "
            "them and run again.", roster)
    objectives = [(r.key(s.ID), r.text(s.OBJECTIVE)) for r in book.records(s.OBJECTIVES)
                  if r.key(s.ID)]
    started = StartedSchools()
    names: set[str] = set()
    for school in schools:
        name = school.text(s.SCHOOL_NAME_COLUMN).strip()
        code = school.key(s.SCHOOL_CODE_COLUMN)
        slug = free_name(slugify(name, "") or slugify(code, "school"), names, code)
        names.add(slug)
        path = Path(out_dir) / f"{slug}.xlsx"
        if path.exists() and not overwrite:
            started.kept.append(path)
            continue
        info = {s.PLAN_LEVEL: "School", s.DISTRICT_NAME: book.info(s.DISTRICT_NAME),
                s.DISTRICT_CODE: book.info(s.DISTRICT_CODE), s.SCHOOL_NAME: name,
                s.SCHOOL_CODE: school.key(s.SCHOOL_CODE_COLUMN),
                s.PLAN_YEARS: book.info(s.PLAN_YEARS),
                s.ACTION_PLAN_YEAR: book.info(s.ACTION_PLAN_YEAR),
                s.PRINCIPAL: school.text(s.PRINCIPAL_COLUMN).strip(), s.PLAN_STATUS: s.DRAFT}
        rows = {s.PLAN_INFO: [{s.FIELD: f.name, s.VALUE: info.get(f.name, "")}
                              for f in s.PLAN_FIELDS if s.SCHOOL in f.levels]}
        started.written.append(write_workbook(path, s.SCHOOL, rows,
                                              district_objectives=objectives,
                                              overwrite=overwrite))
    return started


def export_templates(out_dir: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Copy the default templates (and a list of the fields they may use) for restyling."""
    from .documents import default_templates
    from .documents.fields import field_list, sample_contexts
    from .files import check_folder, check_free, write_atomic

    check_folder(out_dir, "OUT_DIR")
    out_dir = Path(out_dir)
    sources = sorted(default_templates().glob("*.docx"))
    targets = [out_dir / p.name for p in sources] + [out_dir / "FIELDS.md"]
    for target in targets:
        check_free(target, overwrite)
    written = [write_atomic(out_dir / p.name, p.read_bytes()) for p in sources]
    written.append(write_atomic(out_dir / "FIELDS.md",
                                field_list(sample_contexts()).encode("utf-8")))
    return written


def check_templates(directory: str | Path) -> list[TemplateProblem]:
    """Every problem in a folder of restyled templates, each naming its template."""
    from .documents.fields import sample_contexts
    from .render.check import check_templates as check

    return check(directory, sample_contexts())


def write_samples(folder: str | Path, *, kept: list[Path] | None = None) -> tuple[Path, Path]:
    """The sample district's workbook and its schools' (in folder/schools), from the plans
    shipped in the package; returns (district workbook, schools folder). Given a `kept`
    list, a workbook already there that differs from the sample (someone edited it) is
    not replaced but added to the list; without one, every workbook is written."""
    from . import schema as s
    from .files import write_atomic
    from .sample import sample_rows, school_sample_names, school_samples
    from .workbook import same_workbook, workbook_bytes

    folder = Path(folder)
    district = sample_rows(s.DISTRICT)
    objectives = [(r[s.ID], r[s.OBJECTIVE]) for r in district[s.OBJECTIVES]]
    wanted = [(folder / SAMPLE_DISTRICT, workbook_bytes(s.DISTRICT, district))]
    wanted += [(folder / "schools" / f"{name}.xlsx",
                workbook_bytes(s.SCHOOL, rows, objectives))
               for name, rows in zip(school_sample_names(), school_samples())]
    for path, data in wanted:
        if kept is not None and path.exists() and not same_workbook(path, data):
            kept.append(path)
        elif kept is None or not path.exists():
            write_atomic(path, data)
    return wanted[0][0], folder / "schools"


def build(workbook: str | Path, out_dir: str | Path, *, district: str | Path | None = None,
          kinds: list[str] | None = None, pdf: bool = False,
          templates: str | Path | None = None, overwrite: bool = False,
          renderer: Renderer | None = None, strict: bool = False) -> Manifest:
    """Validate one workbook, then write its documents (and PDFs, with `pdf`) and
    manifest.json into out_dir; nothing is written when the workbook has errors.
    `renderer` (from `renderer_for`) lets a caller building many workbooks compile the
    templates once."""
    from .documents import build as build_documents
    from .files import check_folder

    check_folder(out_dir)
    return build_documents(workbook, out_dir, district=district, kinds=kinds, pdf=pdf,
                           templates=templates, overwrite=overwrite, renderer=renderer,
                           strict=strict)


def bulk(schools_dir: str | Path, district: str | Path, out_dir: str | Path, *,
         jobs: int | None = None, pdf: bool = False, make_zip: bool = False,
         overwrite: bool = False, templates: str | Path | None = None,
         progress: Progress | None = None, strict: bool = False,
         force: bool = False) -> BulkResult:
    """The district's documents, every school workbook's under schools_dir (in parallel,
    `jobs` workers) and the alignment crosswalk; a failing school does not stop the others.
    `progress(done, total, school)` is called as each school finishes. A school whose
    workbook, district workbook, templates, options and tool version are those of the
    earlier run into out_dir, its files still as written, is skipped (`result.skipped`);
    `force` rebuilds everything."""
    from .bulk_run import bulk as run_bulk
    from .files import check_folder

    check_folder(out_dir)
    return run_bulk(schools_dir, district, out_dir, jobs=jobs, pdf=pdf, make_zip=make_zip,
                    overwrite=overwrite, templates=templates, progress=progress,
                    strict=strict, force=force)


def pdf_available() -> bool:
    """Whether LibreOffice is installed, so that `pdf=True` can make PDFs."""
    from .errors import LibreOfficeMissing
    from .pdf import find_soffice

    try:
        find_soffice()
    except LibreOfficeMissing:
        return False
    return True


def renderer_for(templates: str | Path | None = None) -> Renderer:
    """The default templates compiled (on first use), or a district's folder of restyled
    templates with the defaults for what it lacks."""
    from .documents import renderer_for as make

    return make(templates)


@dataclass
class DemoResult:
    reports: list[Report]  # the district's, then each school's
    bulk: BulkResult
    kept: list[Path] = field(default_factory=list)  # workbooks edited since: not replaced


def demo(out_dir: str | Path = "outputs", *, progress: Progress | None = None) -> DemoResult:
    """The whole pipeline on the bundled sample district: its workbooks into
    out_dir/workbooks, each validated, then every document built with bulk. A workbook
    there that differs from the sample (edited since an earlier demo wrote it) is kept, used
    as it is, and listed in `kept`."""
    from .files import check_folder

    check_folder(out_dir)
    kept: list[Path] = []
    district, schools = write_samples(Path(out_dir) / "workbooks", kept=kept)
    reports = [check(district)]
    district_book = reports[0].book
    reports += [check(path, district=district_book) for path in sorted(schools.glob("*.xlsx"))]
    result = bulk(schools, district, out_dir, overwrite=True, progress=progress)
    return DemoResult(reports, result, kept)


__all__ = ["DISTRICT", "KINDS", "LEVELS", "SAMPLE_DISTRICT", "SCHOOL", "DemoResult",
           "InvalidWorkbook", "PfsDocgenError", "Report", "StartedSchools", "build", "bulk",
           "check", "check_many", "check_templates", "default_output", "demo", "diff",
           "errors_first", "export", "export_templates", "init", "init_schools",
           "load_district", "next_year", "pdf_available", "plan_schema", "renderer_for",
           "write_samples"]
