"""bulk again into the same folder: which documents it may keep instead of making again.

Each document bulk writes carries, in manifest.json, the `fingerprint` of what it was made
from: the SHA-256 of a JSON list holding the tool's version, the templates in use (every
default template's and, with --templates, every restyled one's SHA-256), the options that
change the files (--pdf, --strict) and the workbook's bytes (with its Plan Info logo's):

- a school's documents: the school workbook, and the district's fingerprint;
- the district's own documents: the district workbook;
- the summaries (the alignment crosswalk, Schools' Progress): the district's fingerprint,
  and each school counted (its name and fingerprint) and each one not counted (its
  workbook and first problem).

A later run skips a school when its fingerprint is the same and every file the earlier
manifest lists for it is still there with the SHA-256 recorded (a deleted file makes the
school again; an edited one is someone's: the school is made again, and the file is kept
and named, as any rebuild keeps it, unless --overwrite). A school that failed has no
documents, so it is always read and checked again. The summaries are made again whenever a
school was written, or their fingerprint changed. `force` skips nothing.

The manifest's `schools` list holds, for each school built or skipped, what the summaries
count (its objectives, its benchmarks by status), so a skipped school is counted without
reading its workbook again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import schema as s
from .context import SchoolAlignment
from .context.schools_progress import SchoolProgress
from .documents import Document, default_templates
from .documents.rebuild import Earlier, sha256
from .workbook.logo import read_logo


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False)
                          .encode("utf-8")).hexdigest()


def digest(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def templates_digest(templates: str | Path | None) -> list[tuple[str, str | None]]:
    """Every template a render may read: the defaults, and the restyled ones before them."""
    found = [(f"default/{p.name}", sha256(p))
             for p in sorted(default_templates().glob("*.docx"))]
    if templates is not None:
        found += [(f"restyled/{p.name}", sha256(p))
                  for p in sorted(Path(templates).glob("*.docx"))]
    return found


def run_fingerprint(templates: str | Path | None, *, pdf: bool, strict: bool) -> str:
    """What every document of a run depends on, whatever its workbook."""
    import pfs_docgen  # read now, not at import: a test may give it another version

    return fingerprint("run", pfs_docgen.__version__, templates_digest(templates),
                       {"pdf": pdf, "strict": strict})


def logo_name(book) -> str:
    cell = book.plan_info.get(s.LOGO)
    return "" if cell is None or cell.empty else cell.key


def workbook_fingerprint(base: str, workbook_sha: str | None, logo_sha: str | None) -> str:
    """A workbook's documents' fingerprint: `base` (the run's, or the district's for a
    school), the workbook's bytes and its logo's."""
    return fingerprint("workbook", base, workbook_sha, logo_sha)


@dataclass
class Incremental:
    """One run's view of the earlier run in its folder: what it may keep."""

    earlier: Earlier
    run: str  # run_fingerprint
    pdf: bool
    force: bool = False

    def documents_of(self, workbook: str | Path, kinds: set[str] | None = None,
                     exclude: set[str] | None = None) -> list[Document]:
        return [d for d in self.earlier.documents if d.workbook == str(workbook)
                and (kinds is None or d.kind in kinds)
                and (exclude is None or d.kind not in exclude)]

    def reusable(self, documents: list[Document], wanted: str) -> list[Document] | None:
        """The earlier documents, when each was made from `wanted` and is still there as
        written (its PDF too, with --pdf); else None."""
        if self.force or not documents:
            return None
        out = self.earlier.out_dir
        for d in documents:
            if d.fingerprint != wanted or not self.earlier.unchanged(out / d.path):
                return None
            if d.path.endswith(".docx") and self.pdf and not (
                    d.pdf and self.earlier.unchanged(out / d.pdf)):
                return None
        return [replace(d, skipped=True) for d in documents]

    def school(self, workbook: Path, workbook_sha: str | None, district: str
               ) -> tuple[dict, list[Document]] | None:
        """The earlier run's record and documents of a school it may skip, else None."""
        record = None if self.force else read_record(self.earlier.schools.get(str(workbook)))
        if record is None:
            return None
        logo = read_logo(workbook, record["logo"]) if record["logo"] else None
        documents = self.reusable(self.documents_of(workbook),
                                  workbook_fingerprint(district, workbook_sha, digest(logo)))
        if documents is None or not all(d.path.startswith(record["folder"] + "/")
                                        for d in documents):
            return None
        return record, documents


def school_record(workbook: str, organisation: str, code: str, folder: str, logo: str,
                  alignment: SchoolAlignment | None, progress: SchoolProgress | None, *,
                  skipped: bool = False) -> dict:
    """A school's entry in manifest.json's `schools`: what the summaries count of it."""
    return {"workbook": workbook, "organisation": organisation, "code": code,
            "folder": folder, "logo": logo, "skipped": skipped,
            "alignment": None if alignment is None else {
                "objectives": [list(o) for o in alignment.objectives],
                "goals": list(alignment.goals), "no_el_goal": alignment.no_el_goal},
            "progress": None if progress is None else {
                "as_of": progress.as_of, "counts": list(progress.counts),
                "overdue": [list(o) for o in progress.overdue]}}


def read_record(entry: object) -> dict | None:
    """A `schools` entry of an earlier manifest, checked; None when it is not one of ours."""
    if not isinstance(entry, dict):
        return None
    try:
        record: dict[str, Any] = {k: str(entry[k]) for k in ("workbook", "organisation", "code",
                                                          "folder", "logo")}
        record["alignment"] = _alignment(record["organisation"], entry.get("alignment"))
        record["progress"] = _progress(record["organisation"], entry.get("progress"))
    except (KeyError, TypeError, ValueError):
        return None
    if not record["folder"] or "/" in record["folder"] or record["folder"].startswith("."):
        return None
    return record


def _strings(items, width: int) -> Any:
    """A JSON list of lists of `width` texts, as a tuple of tuples."""
    out = tuple(tuple(str(x) for x in item) for item in items)
    if any(len(item) != width for item in out):
        raise ValueError("wrong width")
    return out


def _alignment(school: str, data) -> SchoolAlignment | None:
    if data is None:
        return None
    return SchoolAlignment(school, _strings(data["objectives"], 3),
                           tuple(str(g) for g in data["goals"]), bool(data["no_el_goal"]))


def _progress(school: str, data) -> SchoolProgress | None:
    if data is None:
        return None
    return SchoolProgress(school, str(data["as_of"]), tuple(int(c) for c in data["counts"]),
                          _strings(data["overdue"], 4))
