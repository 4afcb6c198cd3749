"""The worker side of bulk: one school workbook read, validated and rendered, its documents
sent back to the parent as bytes (or its issues, when it fails).

A worker process gets the parent's compiled templates and district plan once, at its start
(`start_worker`); `school_documents` is what the pool calls, so both stay top-level functions.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from pathlib import Path

from .. import issues as iss
from .. import schema as s
from ..context import SchoolAlignment, school_alignment
from ..context.schools_progress import SchoolProgress, school_progress
from ..documents import Rendered, organisation_slug, prepare
from ..errors import PfsDocgenError
from ..incremental import digest, logo_name
from ..render import Renderer
from ..workbook import Workbook


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


def failure_issues(workbook: str | Path, exc: Exception) -> list[iss.Issue]:
    """Why a workbook made no documents, as issues: a user's problem says so itself; a bug
    must not stop the other schools, so it is reported too."""
    if isinstance(exc, PfsDocgenError):
        return exc.as_issues()
    return [iss.error(f"{Path(workbook).name} could not be made into documents "
                      f"({type(exc).__name__}: {exc}). Please report this with the workbook.",
                      code="internal-error")]


_renderer: Renderer | None = None
_district: Workbook | None = None
_strict = False


def start_worker(renderer: Renderer, district: Workbook, strict: bool = False) -> None:
    """Once per worker process: the parent's compiled templates and district plan arrive as
    they are, and Ctrl-C is left to the parent, which stops the pool cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start_here(renderer, district, strict)


def start_here(renderer: Renderer, district: Workbook, strict: bool = False) -> None:
    """The same, for schools built in the parent's own process (one job)."""
    global _renderer, _district, _strict
    _renderer, _district, _strict = renderer, district, strict


def school_documents(path: str) -> SchoolResult:
    """One school workbook's documents, or why it made none."""
    assert _renderer is not None, "start_worker runs first"
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
