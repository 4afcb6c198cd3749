"""One workbook's documents: read, validate, render in memory, then write all or none.

`build()` writes the documents (each atomically, all or none) and `manifest.json` last, so a
failure leaves no half-written output behind. `prepare()` is the part bulk's workers run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from .. import issues as iss
from .. import schema as s
from ..context import media, plan_model, with_document
from ..errors import InvalidWorkbook, KindNotMade, OutputExists, PdfFailed, WrongPlanLevel
from ..files import check_writes, write_together
from ..kinds import ACTION_PLAN, DOCUMENT_KINDS, EDUCATOR_GOALS, OVERVIEW, PLAN, PROGRESS_REPORT
from ..output_folder import output_folder, run_inputs
from ..pdf import convert as convert_to_pdf
from ..pdf import find_soffice
from ..progress import monitored
from ..render import Renderer
from ..validate import has_errors, validate, wrong_level
from ..workbook import Workbook, read_district, read_workbook
from .contents import number_contents
from .manifest import MANIFEST, Document, Manifest
from .names import file_name
from .rebuild import earlier_run, refuse_changed, sha256, still_there

Rendered = tuple[str, str, bytes]  # (file kind, file name, .docx bytes)


def default_templates() -> Path:
    return Path(str(files("pfs_docgen").joinpath("templates")))


def renderer_for(templates: str | Path | None = None) -> Renderer:
    """The default templates, or a district's folder with the defaults for what it lacks."""
    if templates is None:
        return Renderer(default_templates())
    return Renderer(templates, fallback=default_templates())


def has_statuses(book: Workbook) -> bool:
    """Progress monitoring has begun: a benchmark has a status, a status date or evidence,
    or the Progress Updates sheet has a row."""
    return monitored(book)


def kinds_for(book: Workbook) -> list[str]:
    """The template kinds a workbook makes: all but the progress report without statuses
    and the educator goals without goals.

    School plans make no overview: documents.md defines the one-page overview for districts.
    """
    kinds = [PLAN, ACTION_PLAN]
    if book.plan_level == s.DISTRICT:
        kinds.append(OVERVIEW)
    if has_statuses(book):
        kinds.append(PROGRESS_REPORT)
    if any(r.key(s.GOAL) or r.key(s.EDUCATOR) for r in book.records(s.EDUCATOR_GOALS)):
        kinds.append(EDUCATOR_GOALS)
    return kinds


def render_documents(book: Workbook, renderer: Renderer, *, district: Workbook | None = None,
                     kinds: list[str] | None = None) -> list[Rendered]:
    """Each document the workbook makes (or the `kinds` asked for), rendered in memory."""
    available = kinds_for(book)
    if kinds:
        missing = [k for k in kinds if k not in available]
        if missing:
            raise KindNotMade(
                f"{book.path.name} does not make {', '.join(missing)}: a progress report needs "
                "statuses on the Benchmarks sheet, the educator goals document needs rows on "
                "the Educator Goals sheet, and the overview is made for district plans.")
        available = [k for k in available if k in kinds]
    model = plan_model(book, district=district)
    pictures = media(book, model)
    return [(DOCUMENT_KINDS[kind].file_kind(book.plan_level), file_name(book, kind),
             renderer.render(kind, with_document(model, kind), pictures))
            for kind in available]


@dataclass
class Prepared:
    """One workbook, validated and rendered in memory, ready to be written."""

    workbook: Path
    book: Workbook
    issues: list[iss.Issue]
    files: list[Rendered]

    @property
    def warnings(self) -> int:
        return iss.count(self.issues, iss.WARNING)


def prepare(workbook: str | Path, renderer: Renderer, *, district: Workbook | None = None,
            kinds: list[str] | None = None, level: str | None = None,
            strict: bool = False) -> Prepared:
    """Read, validate and render one workbook; raises InvalidWorkbook on errors (on
    warnings too, with `strict`), and
    WrongPlanLevel when `level` is given and the workbook says it is another level's plan."""
    book = read_workbook(workbook)
    mismatch = wrong_level(book, level) if level else None
    if mismatch is not None:
        raise WrongPlanLevel(mismatch.message)
    found = validate(book, district=district)
    if has_errors(found) or (strict and found):
        errors = iss.count(found, iss.ERROR)
        what = f"{errors} error{'s' if errors != 1 else ''}"
        if not errors:  # strict: the warnings stop it
            warnings = len(found)
            what = f"{warnings} warning{'s' if warnings != 1 else ''} (--strict)"
            found = [iss.error(i.message, i.sheet, i.row, i.column, i.cell, code=i.code)
                     for i in found]
        raise InvalidWorkbook(
            f"{workbook} has {what}; no documents were made. Fix them and run again "
            "(pfs-docgen validate lists them).", found)
    return Prepared(Path(workbook), book, found,
                    render_documents(book, renderer, district=district, kinds=kinds))


def refuse_existing(paths: list[Path], overwrite: bool) -> None:
    """Stop before writing anything when a file would be replaced without --overwrite."""
    existing = [p for p in paths if p.exists()]
    if existing and not overwrite:
        names = ", ".join(p.name for p in existing[:3])
        if len(existing) > 3:
            names += f" and {len(existing) - 3} more"
        raise OutputExists(f"{existing[0].parent} already has {names}. Use --overwrite to "
                           "replace them, or choose another output folder.", existing[0])


def write_files(files: list[Rendered], out_dir: Path, *, workbook: str, organisation: str,
                warnings: int, prefix: str = "") -> list[Document]:
    """Write rendered documents, all or none; `prefix` is their folder inside out_dir."""
    relative = [f"{prefix}/{name}" if prefix else name for _, name, _ in files]
    write_together([(out_dir / path, data) for path, (_, _, data) in zip(relative, files)])
    return [Document(workbook, organisation, kind, path, warnings,
                     sha256=hashlib.sha256(data).hexdigest())
            for path, (kind, _, data) in zip(relative, files)]


def build(workbook: str | Path, out_dir: str | Path, *, district: str | Path | None = None,
          kinds: list[str] | None = None, pdf: bool = False,
          templates: str | Path | None = None, overwrite: bool = False,
          renderer: Renderer | None = None, strict: bool = False) -> Manifest:
    """Validate one workbook, then write its documents (and PDFs) and manifest.json.
    `renderer` lets a caller that builds many workbooks compile the templates once.
    Files an earlier run wrote in out_dir, unchanged since, are replaced; others are kept
    (OutputExists) unless `overwrite`; the manifest also lists the earlier documents still
    there. With `strict`, a warning stops the build as an error would."""
    out_dir = Path(out_dir)
    if pdf:
        find_soffice()  # before any work: say now if LibreOffice is missing
    district_book = read_district(district) if district else None
    renderer = renderer or renderer_for(templates)
    prepared = prepare(workbook, renderer, district=district_book, kinds=kinds, strict=strict)
    names = [name for _, name, _ in prepared.files]
    if pdf:
        names += [Path(name).with_suffix(".pdf").name for name in names]
    targets = [out_dir / name for name in names] + [out_dir / MANIFEST]
    with output_folder(out_dir, run_inputs(workbook, district, templates=templates)):
        check_writes(targets)  # a link or an input in the way: refused before any write
        earlier = earlier_run(out_dir)
        refuse_changed(targets, overwrite, earlier)
        written = write_files(prepared.files, out_dir, workbook=str(workbook),
                              organisation=prepared.book.organisation,
                              warnings=prepared.warnings)
        manifest = Manifest(still_there(earlier, written) + written)
        try:
            failed = add_pdfs(Manifest(written), out_dir) if pdf else {}
        except KeyboardInterrupt:
            manifest.write(out_dir)  # the documents and the PDFs finished so far
            raise
        manifest.write(out_dir)
    if failed:
        raise PdfFailed(
            "No PDF was made for " + "; ".join(f"{p.name} ({why})" for p, why in failed.items())
            + ". The .docx documents are written.")
    return manifest


def add_pdfs(manifest: Manifest, out_dir: Path, *, jobs: int = 1,
             progress=None) -> dict[Path, str]:
    """Convert the manifest's .docx documents to PDF; returns those that failed, and why."""
    documents = {out_dir / d.path: d for d in manifest.documents if d.path.endswith(".docx")}

    def listed(docx: Path, pdf: Path) -> None:  # as each PDF lands: Ctrl-C loses none
        documents[docx].pdf = pdf.relative_to(out_dir).as_posix()
        documents[docx].pdf_sha256 = sha256(pdf)

    converted = convert_to_pdf(list(documents), jobs=jobs, progress=progress, made=listed)
    for path, document in documents.items():
        if document.pdf is not None:
            laid_out = converted.contents.get(path)
            if laid_out:  # the .docx's contents get the PDF's page numbers
                number_contents(path, laid_out)
                document.sha256 = sha256(path)
    if converted.interrupted:  # the PDFs finished before Ctrl-C are listed; stop here
        raise KeyboardInterrupt
    return converted.failed
