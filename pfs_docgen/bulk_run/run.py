"""One bulk run's bookkeeping in the parent: the district's documents, each school's result
as it comes back from its worker (written all or none, in a folder of its own), the schools
left as an earlier run made them, the district's summaries, the PDFs, the zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

from .. import issues as iss
from .. import schema as s
from ..context import SchoolAlignment
from ..context.schools_progress import SchoolProgress
from ..documents import (
    MANIFEST,
    Document,
    Manifest,
    Rendered,
    add_pdfs,
    file_name,
    kinds_for,
    prepare,
    write_files,
)
from ..documents.rebuild import earlier_run, refuse_changed, sha256
from ..errors import PfsDocgenError
from ..files import ctrl_c_deferred, free_name, write_atomic, write_together
from ..incremental import Incremental, digest, fingerprint, school_record, workbook_fingerprint
from ..kinds import ALIGNMENT, DOCUMENT_KINDS, SCHOOLS_PROGRESS
from ..render import Renderer
from ..workbook import Workbook
from ..workers import WorkerStopped, run_pool
from .summaries import (
    DISTRICT_FOLDER,
    alignment_files,
    alignment_paths,
    schools_progress_files,
    schools_progress_path,
    zip_path,
)
from .worker import SchoolResult, failure_issues, school_documents, start_here, start_worker

Progress = Callable[[int, int, str], None]  # (done, total, name of the school just finished)


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
            start_here(self.renderer, self.district, self.strict)
            for path in paths:
                try:
                    result = school_documents(str(path))
                except MemoryError as exc:  # no worker to stop: this school fails alone
                    self.lost(str(path), exc)
                else:
                    self.collect(result)
        else:
            # Compiled once here, handed to every worker: none of them compiles a template.
            self.renderer.compile(DOCUMENT_KINDS.keys() - {ALIGNMENT, SCHOOLS_PROGRESS})
            run_pool([str(p) for p in paths], school_documents, jobs=jobs, initializer=start_worker,
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
        paths = [folder / name for name in names] + list(
            alignment_paths(self.out_dir, self.district)) + [
            schools_progress_path(self.out_dir, self.district)]
        if pdf:
            paths += [path.with_suffix(".pdf") for path in paths if path.suffix == ".docx"]
        return paths + [zip_path(self.out_dir, self.district), self.out_dir / MANIFEST]

    def alignment(self) -> None:
        """The crosswalk as a Word document of its own and as CSV, in the district folder."""
        if s.OBJECTIVES in self.district.sheets:
            self._summary(ALIGNMENT, alignment_paths(self.out_dir, self.district),
                          lambda: alignment_files(self.out_dir, self.district, self.renderer,
                                                  self.alignments, self._not_counted()))

    def schools_progress(self) -> None:
        """Schools' Progress: every school's benchmarks by status, in the district folder."""
        self._summary(SCHOOLS_PROGRESS, [schools_progress_path(self.out_dir, self.district)],
                      lambda: schools_progress_files(self.out_dir, self.district,
                                                     self.renderer, self.progresses,
                                                     self._not_counted()))

    def _summary(self, kind: str, paths, make: Callable[[], list[tuple[Path, bytes]]]
                 ) -> None:
        """A district summary written (and listed) whole, unless kept from the earlier run;
        one that cannot be made is a failure of the district's workbook."""
        district = self.district
        fp = self._summaries_fingerprint()
        if self._kept_summary(kind, fp):
            return
        try:
            refuse_changed(list(paths), self.overwrite, self.earlier)
            files = make()
            with ctrl_c_deferred():  # written and listed in the manifest, or neither
                write_together(files)
                self.manifest.documents += [Document(
                    str(district.path), district.organisation, kind,
                    path.relative_to(self.out_dir).as_posix(), 0, sha256=sha256(path),
                    fingerprint=fp) for path, _ in files]
        except PfsDocgenError as exc:
            self.manifest.fail(district.path, exc.as_issues())

    def _not_counted(self) -> list[tuple[str, str]]:
        """The school workbooks that failed, each with its first problem."""
        return [(Path(f["workbook"]).name, f["issues"][0]["message"] if f["issues"] else "")
                for f in self.manifest.failures
                if Path(f["workbook"]) != Path(self.district.path)]

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
        target = zip_path(self.out_dir, self.district)
        documents = self.manifest.documents
        names = [d.path for d in documents] + [d.pdf for d in documents if d.pdf]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(set(names)) + [MANIFEST]:
                archive.write(self.out_dir / name, name)
        return write_atomic(target, buffer.getvalue())
