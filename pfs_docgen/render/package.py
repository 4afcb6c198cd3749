"""A template .docx read within limits: its size on disk, its parts' count and sizes
(compressed and unpacked, each and all together), no DTD or entities in an XML part.

Sizes are checked from the zip's headers first and again while reading, since headers can
lie: a part is read as a stream and never past its limit (zipfile also stops at the size
the header gives and then fails the CRC check).
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

from .. import xmlsafe
from ..errors import TemplateError

MB = 1024 * 1024
MAX_FILE = 20 * MB  # the .docx on disk: the defaults are 22-28 KB, a letterhead adds a picture
MAX_PARTS = 1000
MAX_XML_PART = 10 * MB  # unpacked; the defaults' largest, styles.xml, is 0.35 MB
MAX_OTHER_PART = 20 * MB  # a picture, a font
MAX_UNPACKED = 60 * MB  # all parts together


def _refuse(path: Path, what: str) -> TemplateError:
    return TemplateError(f"The template {path.name} {what}. Save it again from Word as a "
                         ".docx, or start again from pfs-docgen templates export.")


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _limit(name: str) -> int:
    return MAX_XML_PART if _is_xml(name) else MAX_OTHER_PART


def read_file(path: Path) -> bytes:
    """The template's bytes, refused before reading when the file is too large."""
    try:
        if os.stat(path).st_size > MAX_FILE:
            raise _refuse(path, f"is larger than {MAX_FILE // MB} MB")
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE + 1)
    except OSError as exc:
        raise TemplateError(f"The template {path} cannot be opened as a Word document "
                            f"({exc}).") from exc
    if len(data) > MAX_FILE:  # it grew since stat
        raise _refuse(path, f"is larger than {MAX_FILE // MB} MB")
    return data


def read_parts(path: Path, data: bytes | None = None) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every part of the template (its bytes `data`, read from `path` when not given), in
    the zip's order, each with its bytes."""
    if data is None:
        data = read_file(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TemplateError(f"The template {path} cannot be opened as a Word document "
                            f"({exc}).") from exc
    with archive:
        infos = archive.infolist()
        _check_headers(path, infos)
        if "word/document.xml" not in {i.filename for i in infos}:
            raise TemplateError(f"The template {path} is not a Word document (it has no "
                                "word/document.xml). Save it from Word as a .docx.")
        parts, total = [], 0
        for info in infos:
            part = _read(path, archive, info)
            total += len(part)
            if total > MAX_UNPACKED:
                raise _refuse(path, f"unpacks to more than {MAX_UNPACKED // MB} MB")
            if _is_xml(info.filename):
                _check_xml(path, info.filename, part)
            parts.append((info, part))
    return parts


def _check_headers(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise _refuse(path, f"has {len(infos):,} parts (at most {MAX_PARTS:,})")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise _refuse(path, "has two parts of the same name")
    for info in infos:
        if info.file_size > _limit(info.filename):
            raise _refuse(path, f"has a part ({info.filename}) of "
                          f"{info.file_size // MB:,} MB (at most {_limit(info.filename) // MB})")
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise _refuse(path, f"unpacks to more than {MAX_UNPACKED // MB} MB")


def _read(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    limit = _limit(info.filename)
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            RuntimeError) as exc:  # damaged, cut off, encrypted, an unknown compression
        raise _refuse(path, f"is damaged ({info.filename}: {exc})") from exc
    if len(data) > limit:
        raise _refuse(path, f"has a part ({info.filename}) larger than {limit // MB} MB")
    return data


def _check_xml(path: Path, name: str, data: bytes) -> None:
    try:
        xmlsafe.parse(data)
    except xmlsafe.DeclaresEntities as exc:
        raise _refuse(path, f"declares a DTD or XML entities in {name} (Word never writes "
                      "them, and refuses a document that has them)") from exc
    except xmlsafe.NotWellFormed as exc:
        raise _refuse(path, f"has a part that is not well-formed XML ({name}: {exc})") from exc
