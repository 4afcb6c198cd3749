"""Which documents a workbook makes, what they are called, and writing them with a manifest.

`build()` is the library's entry for one workbook: validate, render every document in memory,
and only then write them (each atomically) and `manifest.json` last, so a failure leaves no
half-written output behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from . import __version__
from . import issues as iss
from . import schema as s
from .context import DOCUMENT_KINDS, KINDS, kinds_for, level_of, media, organisation, \
    plan_model, with_document
from .errors import InvalidWorkbook, OutputExists, PfsDocgenError
from .files import slugify, write_atomic, write_together
from .pdf import convert as convert_to_pdf, find_soffice
from .render import Renderer
from .validate import has_errors, validate
from .values import year_span
from .workbook import Workbook, read_district, read_workbook

MANIFEST = "manifest.json"


def default_templates() -> Path:
    return Path(str(files("pfs_docgen").joinpath("templates")))


@dataclass
class Document:
    workbook: str
    organisation: str
    kind: str  # the file kind: district-plan, school-action-plan, ...
    path: str  # relative to the output directory
    warnings: int
    pdf: str | None = None

    def to_json(self) -> dict:
        return {"workbook": self.workbook, "organisation": self.organisation,
                "kind": self.kind, "path": self.path, "pdf": self.pdf,
                "warnings": self.warnings}


@dataclass
class Manifest:
    documents: list[Document] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"generator": f"pfs-docgen {__version__}",
                "documents": [d.to_json() for d in self.documents],
                "failures": self.failures}

    def write(self, out_dir: Path) -> Path:
        text = json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
        return write_atomic(out_dir / MANIFEST, text.encode("utf-8"))


def renderer_for(templates: str | Path | None = None) -> Renderer:
    """The default templates, or a district's folder with the defaults for what it lacks."""
    if templates is None:
        return Renderer(default_templates())
    return Renderer(templates, fallback=default_templates())


def file_name(book: Workbook, template_kind: str) -> str:
    years = book.info(s.ACTION_PLAN_YEAR) if template_kind in ("action-plan",
                                                               "progress-report") \
        else book.info(s.PLAN_YEARS)
    kind = DOCUMENT_KINDS[template_kind].file_kind(level_of(book))
    return f"{organisation_slug(book)}_{kind}_{years_slug(years)}.docx"


def organisation_slug(book: Workbook) -> str:
    """The organisation as a file-name part; a name with no Latin letters (中文学校) falls
    back to the school code, then to the workbook's own file name."""
    return (slugify(organisation(book), "") or slugify(book.info(s.SCHOOL_CODE), "")
            or slugify(book.path.stem, "plan"))


def years_slug(text: str) -> str:
    """Years as file names give them: `2025–28` and `SY2025-2028` both as `2025-2028`."""
    span = year_span(text)
    return f"{span[0]}-{span[1]}" if span else slugify(text, "undated")


def render_documents(book: Workbook, renderer: Renderer, *, district: Workbook | None = None,
                     kinds: list[str] | None = None) -> list[tuple[str, str, bytes]]:
    """(file kind, file name, .docx bytes) for each document the workbook makes."""
    available = kinds_for(book)
    if kinds:
        missing = [k for k in kinds if k not in available]
        if missing:
            raise PfsDocgenError(
                f"{book.path.name} does not make {', '.join(missing)}: a progress report needs "
                "statuses on the Benchmarks sheet, and the overview is made for district "
                "plans.")
        available = [k for k in available if k in kinds]
    model = plan_model(book, district=district)
    level = level_of(book)
    pictures = media(book, model)
    return [(DOCUMENT_KINDS[kind].file_kind(level), file_name(book, kind),
             renderer.render(kind, with_document(model, kind), pictures))
            for kind in available]


@dataclass
class Prepared:
    """One workbook, validated and rendered in memory, ready to be written."""

    workbook: Path
    book: Workbook
    issues: list[iss.Issue]
    files: list[tuple[str, str, bytes]]  # (file kind, file name, .docx bytes)

    @property
    def warnings(self) -> int:
        return iss.count(self.issues, iss.WARNING)


def prepare(workbook: str | Path, renderer: Renderer, *, district: Workbook | None = None,
            kinds: list[str] | None = None, level: str | None = None) -> Prepared:
    """Read, validate and render one workbook; raises InvalidWorkbook on errors, and
    PfsDocgenError when `level` is given and the workbook says it is another level's plan."""
    book = read_workbook(workbook)
    if level and book.level not in (None, level):
        cell = book.plan_info[s.PLAN_LEVEL]
        raise PfsDocgenError(
            f"{Path(workbook).name} is a {book.level} plan ({s.PLAN_INFO}!{cell.ref}, "
            f"{s.PLAN_LEVEL}: {cell.key}), where a {level} plan was expected. The district's "
            "own workbook goes in --district; move this one out of the schools folder.")
    found = validate(book, district=district)
    if has_errors(found):
        errors = iss.count(found, iss.ERROR)
        raise InvalidWorkbook(
            f"{workbook} has {errors} error{'s' if errors != 1 else ''}; no documents were "
            "made. Fix them and run again (pfs-docgen validate lists them).", found)
    return Prepared(Path(workbook), book, found,
                    render_documents(book, renderer, district=district, kinds=kinds))


def refuse_existing(paths: list[Path], overwrite: bool) -> None:
    existing = [p for p in paths if p.exists()]
    if existing and not overwrite:
        names = ", ".join(p.name for p in existing[:3])
        if len(existing) > 3:
            names += f" and {len(existing) - 3} more"
        raise OutputExists(f"{existing[0].parent} already has {names}. Use --overwrite to "
                           "replace them, or choose another output folder.")


def write_files(files: list[tuple[str, str, bytes]], out_dir: Path, *, workbook: str,
                organisation: str, warnings: int, prefix: str = "") -> list[Document]:
    """Write rendered documents, all or none; `prefix` is their folder inside out_dir."""
    relative = [f"{prefix}/{name}" if prefix else name for _, name, _ in files]
    write_together([(out_dir / path, data) for path, (_, _, data) in zip(relative, files)])
    return [Document(workbook, organisation, kind, path, warnings)
            for path, (kind, _, _) in zip(relative, files)]


def build(workbook: str | Path, out_dir: str | Path, *, district: str | Path | None = None,
          kinds: list[str] | None = None, pdf: bool = False,
          templates: str | Path | None = None, overwrite: bool = False,
          renderer: Renderer | None = None) -> Manifest:
    """Validate one workbook, then write its documents (and PDFs) and manifest.json."""
    out_dir = Path(out_dir)
    if pdf:
        find_soffice()  # before any work: say now if LibreOffice is missing
    district_book = read_district(district) if district else None
    renderer = renderer or renderer_for(templates)
    prepared = prepare(workbook, renderer, district=district_book, kinds=kinds)
    names = [name for _, name, _ in prepared.files]
    if pdf:
        names += [Path(name).with_suffix(".pdf").name for name in names]
    refuse_existing([out_dir / name for name in names] + [out_dir / MANIFEST], overwrite)
    manifest = Manifest(write_files(prepared.files, out_dir, workbook=str(workbook),
                                    organisation=organisation(prepared.book),
                                    warnings=prepared.warnings))
    try:
        failed = add_pdfs(manifest, out_dir) if pdf else {}
    except KeyboardInterrupt:
        manifest.write(out_dir)  # the documents and the PDFs finished so far
        raise
    manifest.write(out_dir)
    if failed:
        raise PfsDocgenError(
            "No PDF was made for " + "; ".join(f"{p.name} ({why})" for p, why in failed.items())
            + ". The .docx documents are written.")
    return manifest


def add_pdfs(manifest: Manifest, out_dir: Path, *, jobs: int = 1,
             progress=None) -> dict[Path, str]:
    """Convert the manifest's .docx documents to PDF; returns those that failed, and why."""
    documents = [d for d in manifest.documents if d.path.endswith(".docx")]
    converted = convert_to_pdf([out_dir / d.path for d in documents], jobs=jobs,
                               progress=progress)
    for document in documents:
        made = converted.pdfs.get(out_dir / document.path)
        if made is not None:
            document.pdf = made.relative_to(out_dir).as_posix()
    if converted.interrupted:  # the PDFs finished before Ctrl-C are listed; stop here
        raise KeyboardInterrupt
    return converted.failed


__all__ = ["KINDS", "Manifest", "Document", "build", "render_documents", "slugify"]


def sample_contexts() -> dict[str, list[dict]]:
    """What each template kind is given, for the bundled sample district and one of its
    schools: used to check a district's restyled templates and to list the fields."""
    import tempfile

    from .context import ALIGNMENT, alignment_context, school_alignment
    from .sample import sample_rows, school_samples
    from .workbook import write_workbook

    contexts: dict[str, list[dict]] = {kind: [] for kind in (*KINDS, ALIGNMENT)}
    with tempfile.TemporaryDirectory() as tmp:
        district = read_workbook(write_workbook(Path(tmp) / "d.xlsx", s.DISTRICT,
                                                sample_rows(s.DISTRICT)))
        schools = [read_workbook(write_workbook(Path(tmp) / f"s{n}.xlsx", s.SCHOOL, rows))
                   for n, rows in enumerate(school_samples()[:1])]
    for book in [district, *schools]:
        model = plan_model(book, district=district)
        for kind in KINDS:
            contexts[kind].append(with_document(model, kind))
    contexts[ALIGNMENT].append(alignment_context(
        district, [school_alignment(b) for b in schools],
        [("example-school.xlsx", "A school workbook that failed: its first problem.")]))
    return contexts


def field_list(contexts: dict[str, list[dict]]) -> str:
    """A Markdown list of the fields each template kind may use, from sample contexts."""
    def walk(value, path, out):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key, out)
        elif isinstance(value, list):
            out.add(f"{path}  (a list)")
            if value:
                walk(value[0], f"{path}[]", out)
        else:
            out.add(path)

    lines = ["# Fields the templates may use", "",
             "`name[]` is one item of the list `name`: use it in a loop, "
             "`{%tr for x in name %}` ... `{{ x.field }}` ... `{%tr endfor %}`.", ""]
    for kind, items in contexts.items():
        fields: set[str] = set()
        for context in items:
            walk(context, "", fields)
        lines += [f"## {kind}.docx", ""] + [f"- `{f}`" for f in sorted(fields)] + [""]
    return "\n".join(lines)
