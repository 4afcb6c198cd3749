"""Peak memory of reading a big district workbook: our reader against openpyxl read_only.

    python benchmarks/bench_read.py [--benchmarks 5000] [--initiatives 500] [--repeat 3]

Writes a district workbook with our own writer (the sample district's plan, its Strategic
Initiatives and Benchmarks sheets grown to the given sizes), then reads it in a fresh child
process per way and measures the same thing for both: the peak resident memory (VmHWM in
/proc/self/status; ru_maxrss is not used, as Linux carries the parent's peak into a child's
across fork and exec) at the end, minus the resident memory just before reading (the
interpreter and its imports):
  ours                  pfs_docgen.workbook.read_workbook(path), the result kept
  openpyxl read_only    load_workbook(read_only=True); every sheet's rows as value tuples,
                        kept (the same data ours hands back), then closed
  openpyxl, streamed    the same, each row dropped once seen: the least memory a reader
                        can use, with nothing handed back
Best (lowest) of --repeat child runs per way; seconds are those of the same runs.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from pfs_docgen import schema as s
from pfs_docgen.sample import sample_rows
from pfs_docgen.workbook import write_workbook

CHILD = r"""
import json, sys, time
way, path = sys.argv[1:3]
if way == "ours":
    from pfs_docgen.workbook import read_workbook
else:  # "openpyxl" keeps the rows, "openpyxl-stream" looks at each row and drops it
    from openpyxl import load_workbook

def status_kb(field):  # VmRSS: resident now; VmHWM: the peak so far, of this program only
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(field + ":"))

before = status_kb("VmRSS")
start = time.perf_counter()
if way == "ours":
    kept = read_workbook(path)
else:
    book = load_workbook(path, read_only=True)
    if way == "openpyxl":
        kept = [list(ws.iter_rows(values_only=True)) for ws in book.worksheets]
    else:
        for ws in book.worksheets:
            for row in ws.iter_rows(values_only=True):
                pass
    book.close()
seconds = time.perf_counter() - start
peak = status_kb("VmHWM")
print(json.dumps({"seconds": seconds, "before_mb": before / 1024, "peak_mb": peak / 1024,
                  "read_mb": (peak - before) / 1024}))
"""


def district_rows(benchmarks: int, initiatives: int) -> dict:
    """The sample district with `initiatives` initiatives and `benchmarks` benchmarks,
    spread over them, each row's text made distinct as a real plan's would be."""
    rows = copy.deepcopy(sample_rows(s.DISTRICT))
    sample_initiatives = rows[s.INITIATIVES]
    objectives = [o[s.ID] for o in rows[s.OBJECTIVES]]
    grown = []
    for n in range(initiatives):
        row = dict(sample_initiatives[n % len(sample_initiatives)])
        row[s.ID] = f"{n // 100 + 1}.{n % 100 + 1}"
        row[s.OBJECTIVE_ID] = objectives[n % len(objectives)]
        row[s.INITIATIVE] = f"{row[s.INITIATIVE]} ({n + 1})"
        grown.append(row)
    rows[s.INITIATIVES] = grown
    ids = [r[s.ID] for r in grown]
    sample_benchmarks = rows[s.BENCHMARKS]
    rows[s.BENCHMARKS] = []
    for n in range(benchmarks):
        row = dict(sample_benchmarks[n % len(sample_benchmarks)])
        row[s.ID] = f"B{n + 1}"
        row[s.INITIATIVE_ID] = ids[n % len(ids)]
        row[s.BENCHMARK] = f"{row[s.BENCHMARK]} ({n + 1})"
        rows[s.BENCHMARKS].append(row)
    # rows naming initiatives the grown sheet no longer has are kept: reading is measured
    return rows


def run(way: str, path: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, way, str(path)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=int, default=5000)
    parser.add_argument("--initiatives", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / "district.xlsx", s.DISTRICT,
                              district_rows(args.benchmarks, args.initiatives))
        print(f"district workbook: {args.benchmarks} benchmarks, {args.initiatives} "
              f"initiatives, {path.stat().st_size / 1024:.0f} KB; "
              f"{platform.python_implementation()} {platform.python_version()}, "
              f"{platform.machine()}, {os.cpu_count()} cores\n")
        results = {}
        for way in ("ours", "openpyxl", "openpyxl-stream"):
            runs = [run(way, path) for _ in range(args.repeat)]
            results[way] = min(runs, key=lambda r: r["read_mb"])
        print("| reader | peak MB | before reading MB | read MB (peak - before) | seconds |")
        print("|---|---|---|---|---|")
        for way, label in (("ours", "ours"), ("openpyxl", "openpyxl read_only, rows kept"),
                           ("openpyxl-stream", "openpyxl read_only, streamed")):
            r = results[way]
            print(f"| {label} | {r['peak_mb']:.1f} | {r['before_mb']:.1f} | "
                  f"{r['read_mb']:.1f} | {r['seconds']:.2f} |")
        ours = results["ours"]["read_mb"]
        print(f"\nours / openpyxl read_only (rows kept), read MB: "
              f"{ours / results['openpyxl']['read_mb']:.1f}x")
        print(f"ours / openpyxl read_only (streamed), read MB: "
              f"{ours / results['openpyxl-stream']['read_mb']:.1f}x")


if __name__ == "__main__":
    main()
