"""Many workbooks at once: the district's documents, every school's, and the district's
summaries of them (the alignment crosswalk, Schools' Progress).

Workers (a process pool, one per core by default; worker.py) read, validate and render a
school workbook each, with the templates the parent compiled (handed over compiled, so no
worker compiles anything); the parent (run.py) writes every file atomically, so an
interrupted run leaves only whole documents, and writes manifest.json last. A school whose
workbook fails is recorded under `failures` and does not stop the others; so is one whose
worker died or ran out of its memory or time (workers.py runs the pool and sets those
limits). summaries.py makes the crosswalk and Schools' Progress.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..documents import MANIFEST, Manifest, renderer_for
from ..documents.rebuild import refuse_changed
from ..errors import BadPath
from ..files import check_writes
from ..incremental import run_fingerprint
from ..output_folder import output_folder, run_inputs
from ..pdf import find_soffice
from ..schools_folder import SPREADSHEET_SUFFIXES, WORKBOOK_SUFFIXES, find_workbooks
from ..workbook import read_district
from .run import BulkRun, Progress
from .summaries import DISTRICT_FOLDER, alignment_csv
from .worker import SchoolResult, failure_issues

__all__ = ["DISTRICT_FOLDER", "SPREADSHEET_SUFFIXES", "WORKBOOK_SUFFIXES", "BulkResult",
           "BulkRun", "Progress", "SchoolResult", "alignment_csv", "bulk", "failure_issues",
           "find_workbooks"]


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
