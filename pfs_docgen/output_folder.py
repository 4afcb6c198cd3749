"""A run's output folder: held by one run at a time, never written through a symbolic link,
never written over one of the run's inputs.

- **The lock**: `.pfs-docgen.lock` in the folder, made with O_CREAT|O_EXCL (so two runs
  cannot both make it) and holding the run's process id; removed when the run ends. A lock
  whose process is gone (a run killed, a machine restarted) is stale and taken over.
- **Links**: a target that is a symbolic link, or lies in a folder that is one (anywhere
  below the output folder), is refused, naming the link: a link planted in the folder would
  send our files elsewhere. The output folder itself may be reached through a link.
- **Inputs**: a target that is one of the run's inputs (the same file by its real path, or
  by device and inode on a case-insensitive disk) is refused, naming it, whatever
  --overwrite says.

Every write inside `output_folder(...)` is checked (files.writes_checked); a caller checks
the names it knows in advance first, so a run refuses before writing anything.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from .errors import FolderInUse, UnsafeOutput
from .files import cannot_write, writes_checked

LOCK = ".pfs-docgen.lock"


@contextmanager
def output_folder(out_dir: str | Path, inputs: Iterable[str | Path]) -> Iterator[None]:
    """Hold out_dir for this run (made if missing) and check every write made in it."""
    root = Path(os.path.abspath(out_dir))
    check = partial(check_target, root=root, inputs=_identities(inputs))
    try:
        root.mkdir(parents=True, exist_ok=True)
        _take(root / LOCK, root)
    except OSError as exc:  # a file where the folder should be, a folder not ours
        raise cannot_write(root / LOCK, exc) from exc
    try:
        with writes_checked(check):
            yield
    finally:
        (root / LOCK).unlink(missing_ok=True)


def run_inputs(*files: str | Path | None, templates: str | Path | None = None) -> list[Path]:
    """A run's inputs: its workbooks and, with --templates, the templates it reads."""
    found = [Path(f) for f in files if f is not None]
    if templates is not None:
        found += sorted(Path(templates).glob("*.docx"))
    return found


def check_target(path: Path, *, root: Path, inputs: tuple[set[str], set[tuple[int, int]]]
                 ) -> None:
    """Refuse to write `path` through a link, outside `root`, or over an input."""
    path = Path(os.path.abspath(path))
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise UnsafeOutput(f"{path} is outside the output folder {root}: pfs-docgen "
                           "writes only inside it.") from None
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise UnsafeOutput(
                f"{current} is a symbolic link (to {os.readlink(current)}) and pfs-docgen "
                "never writes through one: remove it, or choose another output folder.")
    real_paths, files = inputs
    if os.path.realpath(path) in real_paths or _identity(path) in files:
        raise UnsafeOutput(
            f"{path} is one of this run's inputs and pfs-docgen never writes over an input, "
            "even with --overwrite: move it out of the output folder, or choose another "
            "output folder.")


def _identities(inputs: Iterable[str | Path]) -> tuple[set[str], set[tuple[int, int]]]:
    paths = [Path(p) for p in inputs]
    return ({os.path.realpath(p) for p in paths},
            {key for key in map(_identity, paths) if key is not None})


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _take(lock: Path, root: Path) -> None:
    """Make the lock file, or say who holds it; a stale one (its process gone) is replaced."""
    for attempt in range(20):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if lock.is_symlink():
                check_target(lock, root=root, inputs=(set(), set()))
            pid = _holder(lock)
            if pid is None and attempt < 10:  # just made by another run: give it 0.5 s
                time.sleep(0.05)
                continue
            if pid is not None and _alive(pid):
                raise FolderInUse(
                    f"The folder {root} is in use by another pfs-docgen run (pid {pid}); "
                    "wait for it or choose another folder.") from None
            if _holder(lock) == pid:  # still the stale one (or a damaged one): take it over
                lock.unlink(missing_ok=True)
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{os.getpid()}\n")
        return
    raise FolderInUse(f"The folder {root} is in use by another pfs-docgen run (pid "
                      f"{_holder(lock)}); wait for it or choose another folder.")


def _holder(lock: Path) -> int | None:
    """The process id in a lock file; None when it has none (being written, or damaged)."""
    try:
        return int(lock.read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        return None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process on Windows
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True
