"""manifest.json: what a run wrote (and what failed), written last so it is always true."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import issues as iss
from ..files import write_atomic

MANIFEST = "manifest.json"


@dataclass
class Document:
    workbook: str
    organisation: str
    kind: str  # the file kind: district-plan, school-action-plan, ...
    path: str  # relative to the output directory
    warnings: int
    pdf: str | None = None
    # the files' SHA-256 as written: a rebuild replaces only what still has it (rebuild.py)
    sha256: str | None = None
    pdf_sha256: str | None = None
    # bulk: what the file was made from, and whether this run kept it as an earlier run
    # made it (incremental.py); None and False for build
    fingerprint: str | None = None
    skipped: bool = False

    def to_json(self) -> dict:
        found = {"workbook": self.workbook, "organisation": self.organisation,
                 "kind": self.kind, "path": self.path, "pdf": self.pdf,
                 "warnings": self.warnings, "sha256": self.sha256,
                 "pdf_sha256": self.pdf_sha256}
        if self.fingerprint is not None:
            found.update(fingerprint=self.fingerprint, skipped=self.skipped)
        return found


@dataclass
class Manifest:
    documents: list[Document] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    # bulk: each school built or skipped, with what the district's summaries count of it
    schools: list[dict] | None = None

    def fail(self, workbook: str | Path, issues: list[iss.Issue]) -> None:
        """Record a workbook whose documents were not (all) made, with its problems."""
        self.failures.append({"workbook": str(workbook),
                              "issues": [i.to_json() for i in issues]})

    def to_json(self) -> dict:
        import pfs_docgen  # read now: a test may give it another version

        found = {"generator": f"pfs-docgen {pfs_docgen.__version__}",
                 "documents": [d.to_json() for d in self.documents],
                 "failures": self.failures}
        if self.schools is not None:
            found["schools"] = self.schools
        return found

    def write(self, out_dir: Path) -> Path:
        text = json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
        return write_atomic(out_dir / MANIFEST, text.encode("utf-8"))
