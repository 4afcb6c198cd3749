"""Run `pfs-docgen ARGS` in a child process and measure it: wall-clock seconds and peak
resident memory (the child's own), under an address-space cap so that a bound that fails
cannot take the machine down with it. For the hostile-input tests."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

ADDRESS_SPACE = 3 * 1024 ** 3  # the child dies with MemoryError, not the machine
TIMEOUT = 120.0  # seconds: a bound that fails fails the test instead of hanging it

# The child caps its own address space, runs the command line, and on its way out writes
# its own peak resident memory (VmHWM; the ru_maxrss a parent gets from wait4 also counts
# the parent's memory at the fork, and the parent here is this large test process).
_CHILD = """
import atexit, resource, runpy, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
def peak():
    with open("/proc/self/status") as status, open({report!r}, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM")).split()[1])
atexit.register(peak)
sys.argv[0] = "pfs-docgen"
runpy.run_module("pfs_docgen", run_name="__main__")
"""


@dataclass
class Measured:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def measure(*args, cwd: Path) -> Measured:
    """`pfs-docgen ARGS` in a child process in `cwd`, measured; killed after TIMEOUT s."""
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc (Linux)")
    out, err, report = cwd / ".measure-out", cwd / ".measure-err", cwd / ".measure-peak"
    script = _CHILD.format(cap=ADDRESS_SPACE, report=str(report))
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        start = time.monotonic()
        child = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=cwd,
                                 stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        try:
            child.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        seconds = time.monotonic() - start
    peak = int(report.read_text()) / 1024 if report.exists() else float("inf")
    result = Measured(child.returncode, out.read_text("utf-8", "replace"),
                      err.read_text("utf-8", "replace"), seconds, peak)
    for path in (out, err, report):
        path.unlink(missing_ok=True)
    return result


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (links not followed), by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


_MB = 1 << 20


def deflated_zeros(megabytes: int, *, raw: bool = False) -> bytes:
    """`megabytes` MB of zeros deflated, as a zlib stream (a PNG's IDAT) or raw (a zip part),
    in a fraction of a second: one 1 MB block, flushed whole so that it stands alone, is
    repeated (deflating a gigabyte itself takes seconds)."""
    zeros = bytes(_MB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15 if raw else 15)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)  # with the zlib header
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    data = first + block * (megabytes - 1) + b"\x03\x00"  # an empty final block
    if raw:
        return data
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(zeros, adler)
    return data + adler.to_bytes(4, "big")


def zeros_crc(megabytes: int) -> int:
    zeros, crc = bytes(_MB), 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return crc
