"""Many workbooks at once: the district's documents, every school's, and the alignment crosswalk.

Workers (a process pool, one per core by default) read, validate and render a school workbook
each, with the templates compiled once per worker; the parent writes every file atomically,
so an interrupted run leaves only whole documents, and writes manifest.json last. A school
whose workbook fails is recorded under `failures` and does not stop the others.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import sys
import time
import zipfile
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import issues as iss
from . import schema as s
from .context import ALIGNMENT, SchoolAlignment, alignment_context, alignment_rows, \
    organisation, school_alignment
from .documents import MANIFEST, Document, Manifest, add_pdfs, prepare, refuse_existing, \
    organisation_slug, renderer_for, slugify, write_files, years_slug
from .errors import InvalidWorkbook, PfsDocgenError
from .files import free_name, write_atomic, write_together
from .pdf import find_soffice
from .render import Renderer
from .workbook import Workbook, read_district

DISTRICT_FOLDER = "district"
Progress = Callable[[int, int, str], None]  # (done, total, name of the school just finished)


@dataclass
class SchoolResult:
    """What a worker sends back for one school workbook: documents as bytes, or the issues."""

    workbook: str
    organisation: str = ""
    slug: str = ""  # the school's folder name
    code: str = ""  # the school's DESE code, when given
    files: list[tuple[str, str, bytes]] = field(default_factory=list)
    warnings: int = 0
    alignment: SchoolAlignment | None = None
    issues: list[dict] = field(default_factory=list)  # set when the workbook failed

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

    @property
    def failed(self) -> bool:
        return bool(self.manifest.failures) or self.interrupted


def find_workbooks(schools_dir: Path, *, exclude: list[Path]) -> list[Path]:
    """Every .xlsx under the folder, but Excel's lock files and the excluded paths."""
    skip = {p.resolve() for p in exclude}
    found = []
    for path in sorted(schools_dir.rglob("*")):  # .xlsx in any case: Windows writes .XLSX too
        if path.suffix.lower() != ".xlsx" or path.name.startswith(("~$", ".")) or \
                not path.is_file() or path.resolve() in skip:
            continue
        if any(parent.resolve() in skip for parent in path.parents):
            continue
        found.append(path)
    return found


# --- the worker side ----------------------------------------------------------------------

_renderer: Renderer | None = None
_district: Workbook | None = None


def _start_worker(templates: str | None, district: str) -> None:
    """Once per worker: templates compile on first use and stay compiled, the district is
    read once, and Ctrl-C is left to the parent, which stops the pool cleanly."""
    global _renderer, _district
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _renderer = renderer_for(templates)
    _district = read_district(district)


def _school(path: str) -> SchoolResult:
    try:
        prepared = prepare(path, _renderer, district=_district, level=s.SCHOOL)
    except InvalidWorkbook as exc:
        return SchoolResult(path, issues=[i.to_json() for i in exc.issues
                                          if i.severity == iss.ERROR])
    except PfsDocgenError as exc:
        return SchoolResult(path, issues=[iss.error(str(exc)).to_json()])
    except Exception as exc:  # a bug must not stop the other schools; it is reported
        return SchoolResult(path, issues=[iss.error(
            f"{Path(path).name} could not be made into documents ({type(exc).__name__}: "
            f"{exc}). Please report this with the workbook.").to_json()])
    book = prepared.book
    return SchoolResult(path, organisation(book), organisation_slug(book),
                        book.info(s.SCHOOL_CODE), prepared.files, prepared.warnings,
                        school_alignment(book))


# --- the parent side ----------------------------------------------------------------------

def bulk(schools_dir: str | Path, district: str | Path, out_dir: str | Path, *,
         jobs: int | None = None, pdf: bool = False, make_zip: bool = False,
         overwrite: bool = False, templates: str | Path | None = None,
         progress: Progress | None = None) -> BulkResult:
    """The district's documents plus every school workbook under schools_dir, in parallel."""
    started = time.perf_counter()
    if pdf:
        find_soffice()  # before any work: say now if LibreOffice is missing
    schools_dir, out_dir, district = Path(schools_dir), Path(out_dir), Path(district)
    if not schools_dir.is_dir():
        raise PfsDocgenError(f"{schools_dir} is not a folder of school workbooks.")
    district_book = read_district(district)  # unreadable: nothing can be aligned, stop here
    if (out_dir / MANIFEST).exists() and not overwrite:
        raise PfsDocgenError(f"{out_dir} already holds a run ({MANIFEST}). Use --overwrite "
                             "to replace it, or choose another output folder.")
    paths = find_workbooks(schools_dir, exclude=[district])
    total = len(paths)
    # no more workers than schools; Windows' process pools take at most 61
    jobs = max(1, min(jobs or os.cpu_count() or 1, total or 1,
                      61 if sys.platform == "win32" else 1 << 16))
    manifest = Manifest()
    renderer = renderer_for(templates)  # the parent's: district documents and the crosswalk
    built: dict[str, str] = {}  # school -> its workbook
    codes: dict[str, str] = {}  # school code -> its workbook
    folders: set[str] = {DISTRICT_FOLDER}  # a school named District gets district-<code>
    alignments: list[SchoolAlignment] = []
    interrupted = False
    done = 0

    def collect(result: SchoolResult) -> None:
        nonlocal done
        if not result.failed:
            twin = built.get(result.organisation) or codes.get(result.code)
            if twin is not None:
                result.issues = [iss.error(
                    f"{Path(result.workbook).name} is for {result.organisation}, like "
                    f"{Path(twin).name}. Keep one workbook per school.").to_json()]
            else:
                slug = free_name(result.slug, folders, result.code)
                try:
                    refuse_existing([out_dir / slug / n for _, n, _ in result.files], overwrite)
                    manifest.documents += write_files(
                        result.files, out_dir, workbook=result.workbook,
                        organisation=result.organisation, warnings=result.warnings,
                        prefix=slug)
                except PfsDocgenError as exc:
                    result.issues = [iss.error(str(exc)).to_json()]
            if not result.failed:
                built[result.organisation] = result.workbook
                if result.code:
                    codes[result.code] = result.workbook
                folders.add(slug)
                alignments.append(result.alignment)
        if result.failed:
            manifest.failures.append({"workbook": result.workbook, "issues": result.issues})
        done += 1
        if progress:
            progress(done, total, result.organisation or Path(result.workbook).name)

    try:
        _district_documents(district, renderer, out_dir, manifest, overwrite)
        if jobs == 1 or total <= 1:
            _start_worker_here(renderer, district_book)
            for path in paths:
                collect(_school(str(path)))
        else:
            _run_pool(paths, jobs, templates, district, collect)
        _alignment_outputs(district_book, alignments, renderer, out_dir, manifest, overwrite)
    except KeyboardInterrupt:
        interrupted = True
    if pdf and not interrupted:
        try:
            failed = add_pdfs(manifest, out_dir, jobs=jobs, progress=progress)
        except KeyboardInterrupt:
            interrupted, failed = True, {}
        by_path = {out_dir / d.path: d.workbook for d in manifest.documents}
        for path, why in failed.items():
            manifest.failures.append({"workbook": by_path.get(path, str(path)), "issues": [
                iss.error(f"No PDF was made for {path.name}: {why}. The .docx is kept.")
                .to_json()]})
    manifest.write(out_dir)
    zip_path = None
    if make_zip and not interrupted:
        zip_path = _zip(out_dir, district_book, manifest)
    return BulkResult(manifest, total, len(built), time.perf_counter() - started, interrupted,
                      zip_path)


def _start_worker_here(renderer: Renderer, district_book: Workbook) -> None:
    global _renderer, _district
    _renderer, _district = renderer, district_book


def _run_pool(paths: list[Path], jobs: int, templates: Path | None, district: Path,
              collect: Callable[[SchoolResult], None]) -> None:
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                               initargs=(str(templates) if templates else None, str(district)))
    try:
        pending: set[Future] = set()
        queue = iter(paths)
        for path in queue:  # a bounded queue: a few tasks per worker, not all 1,800 at once
            pending.add(pool.submit(_school, str(path)))
            if len(pending) >= jobs * 4:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                collect(future.result())
                following = next(queue, None)
                if following is not None:
                    pending.add(pool.submit(_school, str(following)))
    except BaseException:
        # Stop: cancel what has not started and let each worker finish the school it is on
        # (milliseconds; workers ignore Ctrl-C), dropping those results. Killing a worker
        # in the middle of its answer can leave the pool's result pipe half-written, and
        # then the interpreter hangs at exit (seen on CPython 3.11). Results only reach the
        # disk through the parent, so nothing is left half-written either way.
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except KeyboardInterrupt:  # a second Ctrl-C while waiting: end the workers now
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        raise
    pool.shutdown()


def _district_documents(district: Path, renderer: Renderer, out_dir: Path, manifest: Manifest,
                        overwrite: bool) -> None:
    try:
        prepared = prepare(district, renderer)
        refuse_existing([out_dir / DISTRICT_FOLDER / n for _, n, _ in prepared.files],
                        overwrite)
        manifest.documents += write_files(prepared.files, out_dir, workbook=str(district),
                                          organisation=organisation(prepared.book),
                                          warnings=prepared.warnings, prefix=DISTRICT_FOLDER)
    except InvalidWorkbook as exc:
        manifest.failures.append({"workbook": str(district), "issues": [
            i.to_json() for i in exc.issues if i.severity == iss.ERROR]})
    except PfsDocgenError as exc:
        manifest.failures.append({"workbook": str(district),
                                  "issues": [iss.error(str(exc)).to_json()]})


def _alignment_outputs(district: Workbook, schools: list[SchoolAlignment], renderer: Renderer,
                       out_dir: Path, manifest: Manifest, overwrite: bool) -> None:
    """The crosswalk as a Word document of its own and as CSV, in the district folder."""
    if s.OBJECTIVES not in district.sheets:
        return
    schools = sorted(schools, key=lambda a: a.school.lower())
    years = years_slug(district.info(s.PLAN_YEARS))
    stem = f"{slugify(organisation(district))}_{ALIGNMENT}_{years}"
    folder = out_dir / DISTRICT_FOLDER
    docx_path, csv_path = folder / f"{stem}.docx", folder / f"{stem}.csv"
    try:
        refuse_existing([docx_path, csv_path], overwrite)
        not_counted = [(Path(f["workbook"]).name, f["issues"][0]["message"] if f["issues"]
                        else "") for f in manifest.failures
                       if Path(f["workbook"]) != Path(district.path)]
        data = renderer.render(ALIGNMENT, alignment_context(district, schools, not_counted))
        write_together([(docx_path, data), (csv_path, alignment_csv(district, schools)
                                            .encode("utf-8-sig"))])
    except PfsDocgenError as exc:
        manifest.failures.append({"workbook": str(district.path),
                                  "issues": [iss.error(str(exc)).to_json()]})
        return
    warnings = 0
    for path in (docx_path, csv_path):
        manifest.documents.append(Document(str(district.path), organisation(district),
                                           ALIGNMENT, path.relative_to(out_dir).as_posix(),
                                           warnings))


def alignment_csv(district: Workbook, schools: list[SchoolAlignment]) -> str:
    """District objectives by schools: each cell names the school objectives that support it
    (UTF-8 with a byte-order mark, so Excel opens accents correctly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([s.DISTRICT_OBJECTIVE_ID, "District Strategic Objective",
                     "Schools Supporting", *[a.school for a in schools]])
    for row in alignment_rows(district, schools):
        cells = []
        for school in schools:
            numbers = [num for num, _, ref in school.objectives if ref == row["id"]]
            cells.append(", ".join(f"Objective {n}" for n in numbers))
        writer.writerow([row["id"], row["title"], row["count"] if row["supporters"]
                         else "0 (no school supports this objective)", *cells])
    return out.getvalue()


def _zip(out_dir: Path, district: Workbook, manifest: Manifest) -> Path:
    """One zip of this run's files (what manifest.json lists, and the manifest), written
    atomically beside them; files of earlier runs or of other people stay out."""
    years = years_slug(district.info(s.PLAN_YEARS))
    target = out_dir / f"{slugify(organisation(district))}_plans_{years}.zip"
    files = [d.path for d in manifest.documents] + [d.pdf for d in manifest.documents if d.pdf]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(set(files)) + [MANIFEST]:
            archive.write(out_dir / name, name)
    return write_atomic(target, buffer.getvalue())


__all__ = ["bulk", "BulkResult", "find_workbooks", "alignment_csv"]
