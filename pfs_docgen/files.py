"""Writing files so that nothing half-written is ever left behind."""

from __future__ import annotations

import errno
import os
import re
import signal
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .errors import BadPath, OutputExists, OutputNotWritten
from .text import clip

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}


# Room left in a path for what we write inside the output folder: a school's folder and a
# document's name (each at most about 120 characters).
_ROOM = 255


def check_folder(folder: str | Path, option: str = "-o", room: int = _ROOM) -> None:
    """Refuse, before any work, an output folder no file can be written in: a path longer
    than the system allows (with `room` for the names written inside it), or a name in it
    longer than a file name may be. `option` is how the command line gives the path (a
    file's path is checked with room=0)."""
    full = os.path.abspath(folder)
    name_max, path_max = _system_limits()
    size = len(os.fsencode(full))
    longest = max((len(os.fsencode(part)) for part in Path(full).parts), default=0)
    what = "output folder" if room else "file"
    if longest > name_max:
        why = f"a name in it is {longest:,} characters long, more than the {name_max:,} a " \
              "file or folder name may have"
    elif size + room > path_max:
        why = f"its path is {size:,} characters long, more than the {path_max - room:,} " \
              "this system allows"
    else:
        return
    raise BadPath(f"The {what} '{clip(str(folder), 60)}' cannot be used: {why}, so give a "
                  f"shorter one ({option}).")


def _system_limits() -> tuple[int, int]:
    """The longest file name and the longest path (in bytes) the system allows."""
    try:
        return os.pathconf("/", "PC_NAME_MAX"), os.pathconf("/", "PC_PATH_MAX")
    except (AttributeError, OSError, ValueError):  # Windows has no pathconf
        return 255, 4096


def check_free(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise OutputExists(f"{path} already exists. Use --overwrite to replace it.", path)


def _default_mode() -> int:
    """What a new file's permissions would be (0o644 under the usual umask): temporary
    files are made private (0o600), and a document moved into place must not stay so."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _default_mode()


def cannot_write(path: Path, exc: OSError) -> OutputNotWritten:
    reason = exc.strerror or type(exc).__name__
    return OutputNotWritten(
        f"{path} could not be written ({reason}). Check that the folder exists and can be "
        "written to, and close the file if it is open in Word or Excel, then run again.")


def _stage(path: Path, data: bytes) -> Path:
    """The bytes in a temporary file beside `path` (same folder, so the move is one step)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, _MODE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


# Checks every write_together makes on each target before writing anything: a run's output
# folder adds its own (no symbolic link, never an input: output_folder.py).
_CHECKS: ContextVar[tuple[Callable[[Path], None], ...]] = ContextVar("checks", default=())


@contextmanager
def writes_checked(check: Callable[[Path], None]) -> Iterator[None]:
    """Inside the block, every file written (write_together, write_atomic) is first given
    to check(path), which raises to refuse it; nothing of that write is then written."""
    token = _CHECKS.set(_CHECKS.get() + (check,))
    try:
        yield
    finally:
        _CHECKS.reset(token)


def check_writes(paths: list[Path]) -> None:
    """Run the block's checks on paths about to be written (by us or by LibreOffice)."""
    for check in _CHECKS.get():
        for path in paths:
            check(Path(path))


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write bytes to a temporary file beside `path`, then move it into place in one step."""
    path = Path(path)
    write_together([(path, data)])
    return path


@contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is done, then interrupts: a KeyboardInterrupt raised
    between two steps of the staging would leave a .part file behind. Only the main thread
    receives signals, so elsewhere the block runs as it is. Nested blocks hand a Ctrl-C
    on to the enclosing one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        signal.raise_signal(signal.SIGINT)  # to the handler put back: raise, or defer again


def write_together(files: list[tuple[Path, bytes]]) -> None:
    """Write all the files or none: each is staged beside its place first, then all are
    moved into place; if one cannot be (a file open in Word, say), those already moved are
    put back as they were. Raises OutputNotWritten, naming the file. Ctrl-C waits for the
    files to be in place (or put back)."""
    with ctrl_c_deferred():
        _write_together(files)


def _write_together(files: list[tuple[Path, bytes]]) -> None:
    check_writes([path for path, _ in files])
    staged: list[tuple[Path, Path]] = []
    moved: list[tuple[Path, Path | None]] = []  # (path, the earlier file kept aside)
    current = None
    try:
        for path, data in files:
            current = Path(path)
            staged.append((current, _stage(current, data)))
        for path, tmp in staged:
            current = path
            backup = None
            if path.is_dir():
                raise IsADirectoryError(errno.EISDIR, "a folder of that name is in the way")
            if path.exists():
                backup = tmp.with_name(tmp.name[:-len(".part")] + ".old")
                os.replace(path, backup)
            try:
                os.replace(tmp, path)
            except BaseException:
                if backup is not None:
                    os.replace(backup, path)
                raise
            moved.append((path, backup))
    except BaseException as exc:
        for path, backup in reversed(moved):
            if backup is not None:
                os.replace(backup, path)
            else:
                path.unlink(missing_ok=True)
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and current is not None:
            raise cannot_write(current, exc) from exc
        raise
    for _, backup in moved:
        if backup is not None:
            backup.unlink(missing_ok=True)


def free_name(slug: str, taken: set[str], code: str = "") -> str:
    """`slug`, or when another holds it (St Mary's, St. Mary's), `slug-<code>`, then
    `slug-2`, `slug-3`, ...: a name not in `taken`."""
    if slug in taken and slugify(code, ""):
        slug = f"{slug}-{slugify(code)}"
    base, n = slug, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def slugify(text: str, fallback: str = "plan") -> str:
    """A safe file-name part: `Maple Falls Public Schools` -> `maple-falls-public-schools`.

    Accents fold to ASCII; anything else becomes a dash, so a name like `../../etc` cannot
    leave the output folder, and Windows' reserved names (`CON`) get a suffix.
    """
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)  # dashes Word and Excel type
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
    if not slug:
        return fallback
    return f"{slug}-plan" if slug in _RESERVED else slug
