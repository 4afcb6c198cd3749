"""Where a workbook's parts are, as its relationships say, not as Excel usually names them.

A package names its main part in `_rels/.rels` and the workbook names its sheets, shared
strings and styles in its own relationships (`xl/_rels/workbook.xml.rels`). Excel calls
them `xl/workbook.xml`, `xl/sharedStrings.xml`, `xl/styles.xml`; other programs may not
(`xl/SharedStrings.xml`, `xl/strings1.xml`, `/xl/workbook2.xml`), and the names they choose
are as correct. The usual names are only a fallback, for a package whose relationships do
not say.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from .xmlparts import XlsxError, parse

PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_WORKBOOK = "xl/workbook.xml"


@dataclass
class Parts:
    workbook: str  # the workbook part, "xl/workbook.xml"
    targets: dict[str, tuple[str, str]]  # relationship id -> (part name, kind: "worksheet")
    shared_strings: str | None
    styles: str | None


def main_part(archive: zipfile.ZipFile) -> str | None:
    """The workbook part the package names as its main document, if it holds one."""
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        for part, kind in _relationships(archive, "_rels/.rels", "").values():
            if kind == "officeDocument" and part in names:
                return part
    return MAIN_WORKBOOK if MAIN_WORKBOOK in names else None


def find_parts(archive: zipfile.ZipFile) -> Parts:
    workbook = main_part(archive)
    if workbook is None:
        raise XlsxError(f"the part {MAIN_WORKBOOK} is missing")
    folder, name = posixpath.split(workbook)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.namelist():
        raise XlsxError(f"the part {rels} is missing")
    targets = _relationships(archive, rels, folder)
    return Parts(workbook, targets, _find(archive, targets, "sharedStrings", folder),
                 _find(archive, targets, "styles", folder))


def _find(archive: zipfile.ZipFile, targets: dict[str, tuple[str, str]], kind: str,
          folder: str) -> str | None:
    """The part of this kind the relationships name, else the one of the usual name (in any
    case: a zip's names are case-sensitive, Windows' are not)."""
    names = archive.namelist()
    for part, found in targets.values():
        if found == kind and part in names:
            return part
    usual = posixpath.join(folder, f"{kind}.xml").lower()
    return next((n for n in names if n.lower() == usual), None)


def _relationships(archive: zipfile.ZipFile, name: str,
                   folder: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (part name, kind), targets resolved against the source's folder."""
    found = {}
    for rel in parse(archive, name).iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        part = posixpath.normpath(part).lstrip("/") if part else part
        found[rel.get("Id")] = (part, rel.get("Type", "").rsplit("/", 1)[-1])
    return found
