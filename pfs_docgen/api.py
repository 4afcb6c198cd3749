"""The library's entry points, one per use case; the CLI calls these and nothing deeper."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import issues as iss
from . import schema as s
from .errors import InvalidWorkbook, PfsDocgenError, UnreadableWorkbook
from .files import free_name, slugify
from .sample import sample_rows
from .validate import validate
from .workbook import Workbook, read_district, read_workbook, write_workbook


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


def init(path: str | Path, *, level: str = s.DISTRICT, example: bool = False,
         overwrite: bool = False) -> Path:
    """Write a blank planning workbook, or the sample plan with `example=True`."""
    if Path(path).suffix.lower() != ".xlsx":
        raise PfsDocgenError(
            f"'{path}' does not end in .xlsx: give the workbook's file name, for example "
            "maple-falls.xlsx, so that Excel opens it and bulk finds it.")
    rows = sample_rows(level) if example else None
    return write_workbook(path, level, rows, overwrite=overwrite)


def check(path: str | Path, *, district: Workbook | None = None) -> Report:
    """Read and validate one workbook; an unreadable file is a report with one error."""
    path = Path(path)
    try:
        book = read_workbook(path)
    except UnreadableWorkbook as exc:
        return Report(path, [iss.error(str(exc))])
    return Report(path, validate(book, district=district), book)


def load_district(path: str | Path | None) -> Workbook | None:
    """The district workbook that school plans are checked against (raises if unreadable)."""
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
    book = read_district(district)
    schools = book.records(s.SCHOOLS)
    if not schools:
        raise PfsDocgenError(
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
    from .documents import default_templates, field_list, sample_contexts
    from .files import check_free, write_atomic

    out_dir = Path(out_dir)
    sources = sorted(default_templates().glob("*.docx"))
    targets = [out_dir / p.name for p in sources] + [out_dir / "FIELDS.md"]
    for target in targets:
        check_free(target, overwrite)
    written = [write_atomic(out_dir / p.name, p.read_bytes()) for p in sources]
    written.append(write_atomic(out_dir / "FIELDS.md",
                                field_list(sample_contexts()).encode("utf-8")))
    return written


def check_templates(directory: str | Path):
    """Every problem in a folder of restyled templates (render.check.TemplateProblem)."""
    from .documents import sample_contexts
    from .render.check import check_templates as check

    return check(directory, sample_contexts())


SAMPLE_DISTRICT = "maple-falls-district.xlsx"


def write_samples(folder: str | Path) -> tuple[Path, Path]:
    """The sample district's workbook and its schools' (in folder/schools), from the plans
    shipped in the package; returns (district workbook, schools folder)."""
    from .sample import school_sample_names, school_samples

    folder = Path(folder)
    district = sample_rows(s.DISTRICT)
    objectives = [(r[s.ID], r[s.OBJECTIVE]) for r in district[s.OBJECTIVES]]
    district_path = write_workbook(folder / SAMPLE_DISTRICT, s.DISTRICT, district,
                                   overwrite=True)
    for name, rows in zip(school_sample_names(), school_samples()):
        write_workbook(folder / "schools" / f"{name}.xlsx", s.SCHOOL, rows,
                       district_objectives=objectives, overwrite=True)
    return district_path, folder / "schools"


from .bulk import BulkResult, bulk  # noqa: E402  (moved into this module by the reshape)
from .documents import Manifest, build, renderer_for  # noqa: E402
