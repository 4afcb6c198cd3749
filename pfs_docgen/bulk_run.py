"""Many workbooks at once: the district's documents, every school's, and the alignment crosswalk.

Workers (a process pool, one per core by default) read, validate and render a school workbook
each, with the templates the parent compiled (they are handed over compiled, so no worker
compiles anything); the parent writes every file atomically, so an interrupted run leaves
only whole documents, and writes manifest.json last. A school whose workbook fails is
recorded under `failures` and does not stop the others; so is one whose worker died or ran
out of its memory or time (workers.py runs the pool and sets those limits).
"""

from __future__ import annotations

import io
import os
import signal
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import issues as iss
from . import schema as s
from .context import SchoolAlignment, alignment_context, alignment_rows, school_alignment
from .context.schools_progress import SchoolProgress, school_progress, schools_progress_context
from .csv_safe import csv_text
from .documents import (
    MANIFEST,
    Document,
    Manifest,
    Rendered,
    add_pdfs,
    file_name,
    kinds_for,
    organisation_slug,
    prepare,
    renderer_for,
    write_files,
    years_slug,
)
from .documents.rebuild import earlier_run, refuse_changed, sha256
from .errors import BadPath, PfsDocgenError
from .files import check_writes, ctrl_c_deferred, free_name, slugify, write_atomic, write_together
from .incremental import (
    Incremental,
    digest,
    fingerprint,
    logo_name,
    run_fingerprint,
    school_record,
    workbook_fingerprint,
)
from .kinds import ALIGNMENT, DOCUMENT_KINDS, SCHOOLS_PROGRESS
from .output_folder import output_folder, run_inputs
from .pdf import find_soffice
from .render import Renderer
from .workbook import Workbook, read_district
from .workers import WorkerStopped, run_pool

DISTRICT_FOLDER = "district"
Progress = Callable[[int, int, str], None]  # (done, total, name of the school just finished)


@dataclass
class SchoolResult:
    """What a worker sends back for one school workbook: documents as bytes, or the issues."""

    workbook: str
    organisation: str = ""
    slug: str = ""  # the school's folder name
    code: str = ""  # the school's DESE code, when given
    files: list[Rendered] = field(default_factory=list)
    warnings: int = 0
    alignment: SchoolAlignment | None = None
    progress: SchoolProgress | None = None  # for the district's Schools' Progress
    issues: list[iss.Issue] = field(default_factory=list)  # set when the workbook failed
    logo: str = ""  # the Plan Info Logo's file name, and its picture's SHA-256
    logo_sha: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.issues)


@dataclass
class BulkResult:
    manifest: Manifest
    schools: int  # school workbooks found
    built: int  # schools whose documents were written
    seconds: float
    interrupted: bool = False
    zip_path: Path | None = None
    skipped: int = 0  # schools unchanged since the earlier run, their files kept
    district_skipped: bool = False  # the district's own documents kept likewise
    written: int = 0  # files this run wrote (the manifest lists the kept ones too)

    @property
    def failed(self) -> bool:
        return bool(self.manifest.failures) or self.interrupted


# What bulk takes for a school's workbook. An .xlsm is an .xlsx with macros, read as one
# (its macros are never run); an .ods is LibreOffice's own format, read as well; the others
# are spreadsheets the reader cannot read, found so that each is a failure with its reason
# instead of being skipped without a word.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
SPREADSHEET_SUFFIXES = (*WORKBOOK_SUFFIXES, ".fods", ".xls", ".xlsb", ".numbers")


def find_workbooks(schools_dir: Path, *, exclude: list[Path]) -> list[Path]:
    """Every spreadsheet under the folder (SPREADSHEET_SUFFIXES), but Excel's lock files
    and the excluded paths."""
    skip = {p.resolve() for p in exclude}
    found = []
    for path in sorted(schools_dir.rglob("*")):  # in any case: Windows writes .XLSX too
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES or \
                path.name.startswith(("~$", ".")) or \
                not path.is_file() or path.resolve() in skip:
            continue
        if any(parent.resolve() in skip for parent in path.parents):
            continue
        found.append(path)
    return found


def failure_issues(workbook: str | Path, exc: Exception) -> list[iss.Issue]:
    """Why a workbook made no documents, as issues: a user's problem says so itself; a bug
    must not stop the other schools, so it is reported too."""
    if isinstance(exc, PfsDocgenError):
        return exc.as_issues()
    return [iss.error(f"{Path(workbook).name} could not be made into documents "
                      f"({type(exc).__name__}: {exc}). Please report this with the workbook.",
                      code="internal-error")]


# --- the worker side ----------------------------------------------------------------------

_renderer: Renderer | None = None
_district: Workbook | None = None
_strict = False


def _start_worker(renderer: Renderer, district: Workbook, strict: bool = False) -> None:
    """Once per worker: the parent's compiled templates and district plan arrive as they are,
    and Ctrl-C is left to the parent, which stops the pool cleanly."""
    global _renderer, _district, _strict
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _renderer, _district, _strict = renderer, district, strict


def _school(path: str) -> SchoolResult:
    assert _renderer is not None, "_start_worker runs first"
    try:
        prepared = prepare(path, _renderer, district=_district, level=s.SCHOOL, strict=_strict)
    except MemoryError:
        raise  # past the worker's memory limit: workers.py says so
    except Exception as exc:
        return SchoolResult(path, issues=failure_issues(path, exc))
    book = prepared.book
    return SchoolResult(path, book.organisation, organisation_slug(book),
                        book.info(s.SCHOOL_CODE), prepared.files, prepared.warnings,
                        school_alignment(book), school_progress(book),
                        logo=logo_name(book), logo_sha=digest(book.logo))


# --- the parent side ----------------------------------------------------------------------

class BulkRun:
    """One run's bookkeeping in the parent: what has been written, which school names, codes
    and folders are taken, and the schools whose objectives the crosswalk counts."""

    def __init__(self, out_dir: Path, district: Workbook, renderer: Renderer, *,
                 overwrite: bool, progress: Progress | None, total: int, strict: bool = False,
                 run: str = "", pdf: bool = False, force: bool = False):
        self.out_dir, self.district, self.renderer = out_dir, district, renderer
        self.overwrite, self.progress, self.total = overwrite, progress, total
        self.strict = strict
        self.earlier = earlier_run(out_dir)  # what an earlier run wrote: replaced if unchanged
        # what it wrote from the same inputs is kept as it is (incremental.py)
        self.incremental = Incremental(self.earlier, run, pdf, force)
        self.district_fp = workbook_fingerprint(run, sha256(district.path),
                                                digest(district.logo))
        self.digests: dict[str, str | None] = {}  # school workbook -> its SHA-256
        self.counted: list[tuple[str, str]] = []  # (school, fingerprint) the summaries count
        self.written_schools = self.skipped = 0
        self.district_skipped = False
        self.records: list[dict] = []  # manifest.json's `schools`
        self.manifest = Manifest(schools=self.records)
        self.built: dict[str, str] = {}  # school -> its workbook
        self.codes: dict[str, str] = {}  # school code -> its workbook
        self.folders: set[str] = {DISTRICT_FOLDER}  # a school named District: district-<code>
        self.alignments: list[SchoolAlignment] = []
        self.progresses: list[SchoolProgress] = []
        self.done = 0

    def district_documents(self) -> None:
        path = self.district.path
        kept = self.incremental.reusable(self.incremental.documents_of(
            path, exclude={ALIGNMENT, SCHOOLS_PROGRESS}), self.district_fp)
        if kept is not None:
            self.manifest.documents += kept
            self.district_skipped = True
            return
        try:
            prepared = prepare(path, self.renderer, strict=self.strict)
            self._write(prepared.files, str(path), prepared.book.organisation,
                        prepared.warnings, DISTRICT_FOLDER, self.district_fp)
        except PfsDocgenError as exc:
            self.manifest.fail(path, exc.as_issues())

    def schools(self, paths: list[Path], jobs: int) -> None:
        todo = []
        for path in paths:  # the unchanged first: their names and folders stay theirs
            self.digests[str(path)] = sha256(path)
            earlier = self.incremental.school(path, self.digests[str(path)], self.district_fp)
            if earlier is None or not self._skip(*earlier):
                todo.append(path)
        paths = todo
        if not paths:
            return
        if jobs == 1 or len(paths) <= 1:
            _start_worker_here(self.renderer, self.district, self.strict)
            for path in paths:
                try:
                    result = _school(str(path))
                except MemoryError as exc:  # no worker to stop: this school fails alone
                    self.lost(str(path), exc)
                else:
                    self.collect(result)
        else:
            # Compiled once here, handed to every worker: none of them compiles a template.
            self.renderer.compile(DOCUMENT_KINDS.keys() - {ALIGNMENT, SCHOOLS_PROGRESS})
            run_pool([str(p) for p in paths], _school, jobs=jobs, initializer=_start_worker,
                     initargs=(self.renderer, self.district, self.strict),
                     collect=self.collect,
                     lost=self.lost)

    def _skip(self, record: dict, documents: list[Document]) -> bool:
        """Keep an unchanged school's files and count it as built, as the earlier run did;
        False when its name, code or folder is another's now (it is made again)."""
        name, code, folder = record["organisation"], record["code"], record["folder"]
        if name in self.built or (code and code in self.codes) or folder in self.folders:
            return False
        workbook = record["workbook"]
        self.built[name] = workbook
        if code:
            self.codes[code] = workbook
        self.folders.add(folder)
        self._count(name, documents[0].fingerprint or "", record["alignment"],
                    record["progress"])
        self.manifest.documents += documents
        self.records.append(school_record(
            workbook, name, code, folder, record["logo"], record["alignment"],
            record["progress"], skipped=True))
        self.skipped += 1
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, f"{name} (unchanged)")
        return True

    def _count(self, school: str, fp: str, alignment: SchoolAlignment | None,
               progress: SchoolProgress | None) -> None:
        self.counted.append((school, fp))
        if alignment is not None:
            self.alignments.append(alignment)
        if progress is not None:
            self.progresses.append(progress)

    def lost(self, workbook: str, exc: Exception) -> None:
        """A school its worker could not finish (killed, out of time or memory): a failure
        of its own, saying why; the others go on."""
        if isinstance(exc, WorkerStopped):
            issues = [iss.error(f"{Path(workbook).name} was not built: {exc}; build it alone "
                                "with pfs-docgen build to see why.", code="worker-stopped")]
        else:
            issues = failure_issues(workbook, exc)
        self.collect(SchoolResult(workbook, issues=issues))

    def collect(self, result: SchoolResult) -> None:
        """A school's result, in the parent: refuse a second workbook for one school, give
        the school a folder of its own, write its files all or none."""
        if not result.failed:
            twin = self.built.get(result.organisation) or self.codes.get(result.code)
            if twin is not None:
                result.issues = [iss.error(
                    f"{Path(result.workbook).name} is for {result.organisation}, like "
                    f"{Path(twin).name}. Keep one workbook per school.", code="duplicate-school")]
            else:
                slug = free_name(result.slug, self.folders, result.code)
                fp = workbook_fingerprint(self.district_fp, self.digests.get(result.workbook),
                                          result.logo_sha)
                try:
                    self._write(result.files, result.workbook, result.organisation,
                                result.warnings, slug, fp)
                except PfsDocgenError as exc:
                    result.issues = exc.as_issues()
                else:
                    self.built[result.organisation] = result.workbook
                    if result.code:
                        self.codes[result.code] = result.workbook
                    self.folders.add(slug)
                    self._count(result.organisation, fp, result.alignment, result.progress)
                    self.records.append(school_record(
                        result.workbook, result.organisation, result.code, slug, result.logo,
                        result.alignment, result.progress))
                    self.written_schools += 1
        if result.failed:
            self.manifest.fail(result.workbook, result.issues)
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total,
                          result.organisation or Path(result.workbook).name)

    def _write(self, files: list[Rendered], workbook: str, organisation: str, warnings: int,
               folder: str, fp: str) -> None:
        refuse_changed([self.out_dir / folder / name for _, name, _ in files], self.overwrite,
                       self.earlier)
        with ctrl_c_deferred():  # written and listed in the manifest, or neither
            written = write_files(files, self.out_dir, workbook=workbook,
                                  organisation=organisation, warnings=warnings, prefix=folder)
            for document in written:
                document.fingerprint = fp
            self.manifest.documents += written

    def _summaries_fingerprint(self) -> str:
        """What the crosswalk and Schools' Progress count: each school and each failure."""
        return fingerprint("summaries", self.district_fp, sorted(self.counted),
                           sorted(self._not_counted()))

    def _kept_summary(self, kind: str, fp: str) -> bool:
        """An unchanged summary kept as the earlier run wrote it, when no school was
        written this run and it counts the same schools and failures."""
        if self.written_schools:
            return False
        kept = self.incremental.reusable(
            self.incremental.documents_of(self.district.path, kinds={kind}), fp)
        if kept is not None:
            self.manifest.documents += kept
        return kept is not None

    def planned(self, pdf: bool) -> list[Path]:
        """The files this run will write whatever the schools say: the district's documents
        (and PDFs), the crosswalk, the zip, manifest.json; checked before anything is."""
        folder = self.out_dir / DISTRICT_FOLDER
        names = [file_name(self.district, kind) for kind in kinds_for(self.district)]
        paths = [folder / name for name in names] + list(self._alignment_paths()) + [
            self._schools_progress_path()]
        if pdf:
            paths += [path.with_suffix(".pdf") for path in paths if path.suffix == ".docx"]
        return paths + [self._zip_path(), self.out_dir / MANIFEST]

    def _alignment_paths(self) -> tuple[Path, Path]:
        district = self.district
        stem = (f"{slugify(district.organisation)}_{ALIGNMENT}_"
                f"{years_slug(district.info(s.PLAN_YEARS))}")
        folder = self.out_dir / DISTRICT_FOLDER
        return folder / f"{stem}.docx", folder / f"{stem}.csv"

    def _schools_progress_path(self) -> Path:
        district = self.district
        stem = (f"{slugify(district.organisation)}_{SCHOOLS_PROGRESS}_"
                f"{years_slug(district.info(s.ACTION_PLAN_YEAR))}")
        return self.out_dir / DISTRICT_FOLDER / f"{stem}.docx"

    def _zip_path(self) -> Path:
        years = years_slug(self.district.info(s.PLAN_YEARS))
        return self.out_dir / f"{slugify(self.district.organisation)}_plans_{years}.zip"

    def alignment(self) -> None:
        """The crosswalk as a Word document of its own and as CSV, in the district folder."""
        district = self.district
        if s.OBJECTIVES not in district.sheets:
            return
        schools = sorted(self.alignments, key=lambda a: a.school.lower())
        docx_path, csv_path = self._alignment_paths()
        fp = self._summaries_fingerprint()
        if self._kept_summary(ALIGNMENT, fp):
            return
        try:
            refuse_changed([docx_path, csv_path], self.overwrite, self.earlier)
            data = self.renderer.render(ALIGNMENT, alignment_context(district, schools,
                                                                     self._not_counted()))
            csv = alignment_csv(district, schools).encode("utf-8-sig")
            with ctrl_c_deferred():  # written and listed in the manifest, or neither
                write_together([(docx_path, data), (csv_path, csv)])
                self.manifest.documents += [Document(
                    str(district.path), district.organisation, ALIGNMENT,
                    path.relative_to(self.out_dir).as_posix(), 0, sha256=sha256(path),
                    fingerprint=fp) for path in (docx_path, csv_path)]
        except PfsDocgenError as exc:
            self.manifest.fail(district.path, exc.as_issues())

    def _not_counted(self) -> list[tuple[str, str]]:
        """The school workbooks that failed, each with its first problem."""
        return [(Path(f["workbook"]).name, f["issues"][0]["message"] if f["issues"] else "")
                for f in self.manifest.failures
                if Path(f["workbook"]) != Path(self.district.path)]

    def schools_progress(self) -> None:
        """Schools' Progress: every school's benchmarks by status, in the district folder."""
        district = self.district
        path = self._schools_progress_path()
        fp = self._summaries_fingerprint()
        if self._kept_summary(SCHOOLS_PROGRESS, fp):
            return
        try:
            refuse_changed([path], self.overwrite, self.earlier)
            schools = sorted(self.progresses, key=lambda p: p.school.lower())
            data = self.renderer.render(SCHOOLS_PROGRESS, schools_progress_context(
                district, schools, self._not_counted()))
            with ctrl_c_deferred():  # written and listed in the manifest, or neither
                write_together([(path, data)])
                self.manifest.documents.append(Document(
                    str(district.path), district.organisation, SCHOOLS_PROGRESS,
                    path.relative_to(self.out_dir).as_posix(), 0, sha256=sha256(path),
                    fingerprint=fp))
        except PfsDocgenError as exc:
            self.manifest.fail(district.path, exc.as_issues())

    def pdfs(self, jobs: int) -> None:
        """A PDF beside every document written (a kept one has its own); one that fails
        is a failure of its workbook."""
        written = Manifest([d for d in self.manifest.documents if not d.skipped])
        failed = add_pdfs(written, self.out_dir, jobs=jobs, progress=self.progress)
        by_path = {self.out_dir / d.path: d.workbook for d in self.manifest.documents}
        for path, why in failed.items():
            self.manifest.fail(by_path.get(path, str(path)), [iss.error(
                f"No PDF was made for {path.name}: {why}. The .docx is kept.", code="pdf-failed")])

    def zip(self) -> Path:
        """One zip of this run's files (what manifest.json lists, and the manifest), written
        atomically beside them; files of earlier runs or of other people stay out."""
        target = self._zip_path()
        documents = self.manifest.documents
        names = [d.path for d in documents] + [d.pdf for d in documents if d.pdf]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(set(names)) + [MANIFEST]:
                archive.write(self.out_dir / name, name)
        return write_atomic(target, buffer.getvalue())


def bulk(schools_dir: str | Path, district: str | Path, out_dir: str | Path, *,
         jobs: int | None = None, pdf: bool = False, make_zip: bool = False,
         overwrite: bool = False, templates: str | Path | None = None,
         progress: Progress | None = None, strict: bool = False,
         force: bool = False) -> BulkResult:
    """The district's documents plus every school workbook under schools_dir, in parallel.
    Files an earlier run wrote in out_dir, unchanged since, are replaced; a file someone
    changed or put there is kept, and its school fails naming it, unless `overwrite`. With
    `strict`, a workbook with warnings fails as one with errors does. A school (and the
    district) made from the same inputs as the earlier run's, its files still as written,
    is skipped and listed as built (incremental.py), unless `force`."""
    started = time.perf_counter()
    if pdf:
        find_soffice()  # before any work: say now if LibreOffice is missing
    schools_dir, out_dir, district = Path(schools_dir), Path(out_dir), Path(district)
    if not schools_dir.is_dir():
        raise BadPath(f"{schools_dir} is not a folder of school workbooks.")
    district_book = read_district(district)  # unreadable: nothing can be aligned, stop here
    paths = find_workbooks(schools_dir, exclude=[district])
    with output_folder(out_dir, run_inputs(district, *paths, templates=templates)):
        # no more workers than schools; Windows' process pools take at most 61
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1,
                          61 if sys.platform == "win32" else 1 << 16))
        run = BulkRun(out_dir, district_book, renderer_for(templates), overwrite=overwrite,
                      progress=progress, total=len(paths), strict=strict,
                      run=run_fingerprint(templates, pdf=pdf, strict=strict), pdf=pdf,
                      force=force)
        refuse_changed([out_dir / MANIFEST], overwrite, run.earlier)  # not ours: keep it
        check_writes(run.planned(pdf))  # a link or an input in the way: stop before writing
        interrupted = False
        try:
            run.district_documents()
            run.schools(paths, jobs)
            run.alignment()
            run.schools_progress()
            if pdf:
                run.pdfs(jobs)
        except KeyboardInterrupt:
            interrupted = True
        run.manifest.write(out_dir)
        zip_path = run.zip() if make_zip and not interrupted else None
    written = sum(1 for d in run.manifest.documents if not d.skipped)
    return BulkResult(run.manifest, len(paths), run.written_schools,
                      time.perf_counter() - started, interrupted, zip_path, run.skipped,
                      run.district_skipped, written)


def _start_worker_here(renderer: Renderer, district: Workbook, strict: bool = False) -> None:
    global _renderer, _district, _strict
    _renderer, _district, _strict = renderer, district, strict


def alignment_csv(district: Workbook, schools: list[SchoolAlignment]) -> str:
    """District objectives by schools: each cell names the school objectives that support it.
    Written by csv_safe, so a spreadsheet runs no text a team typed as a formula (UTF-8
    with a byte-order mark, so Excel opens accents correctly)."""
    rows: list[list[object]] = [[s.DISTRICT_OBJECTIVE_ID, "District Strategic Objective",
                                 "Schools Supporting", "Administrator and Team Goals",
                                 *[a.school for a in schools]]]
    for row in alignment_rows(district, schools):
        cells = []
        for school in schools:
            # the school's objectives by number and title, as the crosswalk document names them
            cells.append("; ".join(f"{num}. {title}" for num, title, ref in school.objectives
                                   if ref == row["id"]))
        rows.append([row["id"], row["title"], row["count"] if row["supporters"]
                     else "0 (no school supports this objective)", row["goals"], *cells])
    return csv_text(rows)
