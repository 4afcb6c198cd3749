"""Writing files so that nothing half-written is ever left behind."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import OutputExists

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}


def check_free(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise OutputExists(f"{path} already exists. Use --overwrite to replace it.")


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write bytes to a temporary file beside `path`, then move it into place in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def slugify(text: str, fallback: str = "plan") -> str:
    """A safe file-name part: `Maple Falls Public Schools` -> `maple-falls-public-schools`.

    Accents fold to ASCII; anything else becomes a dash, so a name like `../../etc` cannot
    leave the output folder, and Windows' reserved names (`CON`) get a suffix.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
    if not slug:
        return fallback
    return f"{slug}-plan" if slug in _RESERVED else slug
