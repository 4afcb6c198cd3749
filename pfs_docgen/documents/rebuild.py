"""Building again into the same folder: what an earlier run wrote there, and may replace.

The earlier run's manifest.json records each file it wrote with its SHA-256. A file whose
bytes still have that hash is this tool's, untouched since, and a rebuild replaces it
without --overwrite; a file someone edited, or put there, is kept and named (unless
--overwrite). After a build of some kinds only (`--only`), the new manifest still lists the
earlier documents that are still there, unchanged, so it stays true to the folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputExists
from .manifest import MANIFEST, Document


def sha256(path: str | Path) -> str | None:
    """The file's SHA-256, None when it cannot be read (gone, a folder)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class Earlier:
    """The earlier run in a folder, from its manifest.json (empty when there is none)."""

    out_dir: Path
    documents: list[Document] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # relative path -> SHA-256
    has_manifest: bool = False  # a manifest.json of ours is there
    schools: dict[str, dict] = field(default_factory=dict)  # bulk's entries, by workbook

    def unchanged(self, path: Path) -> bool:
        """Whether `path` is a file this tool wrote there and nobody has changed since."""
        try:
            relative = Path(path).relative_to(self.out_dir).as_posix()
        except ValueError:
            return False
        if relative == MANIFEST:
            return self.has_manifest
        recorded = self.hashes.get(relative)
        return recorded is not None and sha256(Path(path)) == recorded


def earlier_run(out_dir: Path) -> Earlier:
    """What manifest.json in out_dir says the earlier run wrote; a manifest that cannot be
    read, or is not ours, vouches for nothing (and is itself kept unless --overwrite)."""
    found = Earlier(Path(out_dir))
    try:
        data = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return found
    if not isinstance(data, dict) or not str(data.get("generator", "")).startswith(
            "pfs-docgen") or not isinstance(data.get("documents"), list):
        return found
    found.has_manifest = True
    for entry in data["documents"]:
        if not isinstance(entry, dict):
            continue
        try:
            document = Document(str(entry["workbook"]), str(entry["organisation"]),
                                str(entry["kind"]), str(entry["path"]),
                                int(entry.get("warnings") or 0), entry.get("pdf"),
                                entry.get("sha256"), entry.get("pdf_sha256"),
                                _text_or_none(entry.get("fingerprint")))
        except (KeyError, TypeError, ValueError):
            continue
        found.documents.append(document)
        for path, digest in ((document.path, document.sha256),
                             (document.pdf, document.pdf_sha256)):
            if path and isinstance(digest, str):
                found.hashes[path] = digest
    schools = data.get("schools")  # bulk's; incremental.py reads each entry
    for entry in schools if isinstance(schools, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("workbook"), str):
            found.schools[entry["workbook"]] = entry
    return found


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def refuse_changed(paths: list[Path], overwrite: bool, earlier: Earlier) -> None:
    """Stop before writing anything when a file in the way is not ours-and-unchanged, and
    --overwrite was not given: name the files and why each is kept."""
    if overwrite:
        return
    kept = [p for p in paths if p.exists() and not earlier.unchanged(p)]
    if not kept:
        return
    reasons = []
    for path in kept[:3]:
        relative = _relative(path, earlier.out_dir)
        why = ("changed since pfs-docgen wrote it" if relative in earlier.hashes
               else "not written by pfs-docgen")
        reasons.append(f"{path.name} ({why})")
    names = ", ".join(reasons) + (f" and {len(kept) - 3} more" if len(kept) > 3 else "")
    raise OutputExists(f"{kept[0].parent} already has {names}, which pfs-docgen keeps. Use "
                       "--overwrite to replace them, or choose another output folder.",
                       kept[0])


def still_there(earlier: Earlier, written: list[Document]) -> list[Document]:
    """The earlier run's documents that this run did not write again and that are still in
    the folder as they were written (a file edited since is no longer this tool's)."""
    again = {d.path for d in written} | {d.pdf for d in written if d.pdf}
    kept = []
    for document in earlier.documents:
        if document.path in again or not earlier.unchanged(earlier.out_dir / document.path):
            continue
        if document.pdf and (document.pdf in again
                             or not earlier.unchanged(earlier.out_dir / document.pdf)):
            document.pdf, document.pdf_sha256 = None, None
        kept.append(document)
    return kept


def _relative(path: Path, out_dir: Path) -> str:
    try:
        return Path(path).relative_to(out_dir).as_posix()
    except ValueError:
        return str(path)
