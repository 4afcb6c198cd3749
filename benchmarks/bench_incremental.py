"""bulk again into the same folder: the first run against a second with nothing changed.

    python benchmarks/bench_incremental.py [--schools 60] [--jobs 2] [--repeat 3]

Makes N synthetic school workbooks (bench_bulk's: the sample plan as N schools, half of them
monitoring progress) and the district, then, each in a fresh `python -c` timed from outside
(interpreter and imports included), best of --repeat:
  first run        bulk into an empty folder
  nothing changed  bulk again into the same folder: every school skipped
  one changed      one school's workbook changed: that school and the summaries made again
  --force          bulk again with --force: everything made again
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_bulk import make_schools  # noqa: E402  (benchmarks/ is not a package)

BULK = ("import sys\nfrom pfs_docgen.api import bulk\n"
        "r = bulk(sys.argv[1], sys.argv[2], sys.argv[3], jobs=int(sys.argv[4]), "
        "force=sys.argv[5] == 'force')\n"
        "print(r.skipped, len(r.manifest.documents))")


def run(schools: Path, district: Path, out: Path, jobs: int, force: bool = False
        ) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BULK, str(schools), str(district), str(out),
                           str(jobs), "force" if force else "-"], check=True,
                          capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout.strip()


def change(workbook: Path) -> None:
    """A school's workbook with other bytes (its zip entries written again, one more)."""
    import zipfile

    data = workbook.read_bytes()
    with zipfile.ZipFile(workbook, "a") as z:
        z.comment = b"changed %d" % time.time_ns()
    assert workbook.read_bytes() != data, workbook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        schools = make_schools(folder, args.schools)
        district = folder / "district.xlsx"
        out = folder / "out"
        times: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            shutil.rmtree(out, ignore_errors=True)
            for name, force in (("first run", False), ("nothing changed", False)):
                seconds, said = run(schools, district, out, args.jobs, force)
                times.setdefault(name, []).append(seconds)
            assert said.split()[0] == str(args.schools), said  # every school skipped
            changed = sorted(schools.glob("*.xlsx"))[0]
            change(changed)
            seconds, said = run(schools, district, out, args.jobs)
            assert said.split()[0] == str(args.schools - 1), (said, changed)
            times.setdefault("one changed", []).append(seconds)
            times.setdefault("--force", []).append(run(schools, district, out, args.jobs,
                                                       force=True)[0])
    print(f"{args.schools} schools, --jobs {args.jobs}, best of {args.repeat}; "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cores\n")
    first = min(times["first run"])
    print("| run | seconds | of the first run |\n|---|---|---|")
    for name, found in times.items():
        print(f"| {name} | {min(found):.2f} | {min(found) / first:.0%} |")


if __name__ == "__main__":
    main()
