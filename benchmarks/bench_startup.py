"""How fast the command line starts, against a bare interpreter.

    python benchmarks/bench_startup.py [--repeat 20]

Runs `python -c pass`, then `pfs-docgen --help` and `pfs-docgen --version` through the
installed console script (the same interpreter and site-packages) REPEAT times each, and
prints the best time of each and its ratio to the bare interpreter. Only click, the document
kinds and the plan levels should load: the workbook reader and the renderer wait until a
command needs them.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path


def best(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"{platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}; best of {args.repeat}\n")
    bare = best([sys.executable, "-c", "pass"], args.repeat)
    print("| command | ms | x bare |\n|---|---|---|")
    print(f"| python -c pass | {bare:.0f} | 1.0 |")
    script = shutil.which("pfs-docgen", path=str(Path(sys.executable).parent))
    if script is None:
        raise SystemExit("pfs-docgen is not installed beside this Python: pip install -e .")
    for flag in ("--help", "--version"):
        ms = best([script, flag], args.repeat)
        print(f"| pfs-docgen {flag} | {ms:.0f} | {ms / bare:.1f} |", flush=True)


if __name__ == "__main__":
    main()
