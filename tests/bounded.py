"""Run `pfs-docgen ARGS` in a child process and measure it: wall-clock seconds and peak
memory (the child's own ru_maxrss, from wait4), under an address-space cap so that a bound
that fails cannot take the machine down with it. For the hostile-input tests."""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ADDRESS_SPACE = 3 * 1024 ** 3  # the child dies with MemoryError, not the machine
TIMEOUT = 120.0  # seconds: a bound that fails fails the test instead of hanging it


@dataclass
class Measured:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def measure(*args, cwd: Path) -> Measured:
    """`python -m pfs_docgen ARGS` in `cwd`, measured; killed after TIMEOUT seconds."""
    out, err = cwd / ".measure-out", cwd / ".measure-err"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        start = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "pfs_docgen", *map(str, args)],
                                 cwd=cwd, stdout=stdout, stderr=stderr,
                                 stdin=subprocess.DEVNULL, preexec_fn=_cap_memory)
        timer = threading.Timer(TIMEOUT, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)  # reaped here, with its own usage
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    result = Measured(child.returncode, out.read_text("utf-8", "replace"),
                      err.read_text("utf-8", "replace"), seconds, usage.ru_maxrss / 1024)
    out.unlink()
    err.unlink()
    return result


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (links not followed), by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}
