"""The Plan Info Logo's picture, read only from inside the workbook's folder.

A workbook comes from a school; the district office builds it. So the name typed in the cell
may lead nowhere outside the workbook's folder (no absolute path, no `..`, no symbolic link
out: the real path, links followed, must lie inside the folder's real path), only a regular
file is opened (never a pipe or a device, which could block or never end), at most
MAX_BYTES + 1 bytes are read whatever the file's size says, and only a whole PNG or JPEG is
kept. Every refusal is the same `None`, so the message cannot tell which files exist.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..images import MAX_BYTES, whole_picture

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def read_logo(workbook: Path, name: str) -> bytes | None:
    """The picture `name` names, relative to the workbook's folder; None unless it is a
    whole PNG or JPEG of at most MAX_BYTES inside that folder."""
    try:
        folder = os.path.realpath(workbook.parent)
        target = os.path.realpath(os.path.join(folder, name))
        if target == folder or os.path.commonpath([folder, target]) != folder:
            return None
        data = _read_regular_file(target)
    except (OSError, ValueError):  # a missing file, a NUL in the name, a name too long
        return None
    if data is None or whole_picture(data) is None:
        return None
    return data


def _read_regular_file(path: str) -> bytes | None:
    fd = os.open(path, _OPEN_FLAGS)  # O_NOFOLLOW: a link swapped in since is not followed
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return None if size > MAX_BYTES else b"".join(chunks)
    finally:
        os.close(fd)
