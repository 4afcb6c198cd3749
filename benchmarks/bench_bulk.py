"""A whole district at once: `bulk` over N synthetic school workbooks.

    python benchmarks/bench_bulk.py [--schools 100] [--skip-naive] [--readers]
    python benchmarks/bench_bulk.py --floor [--schools 120 1800] [--repeat 1] [--workdir DIR]

Makes N school workbooks (the sample district's plan, rewritten as N schools), then times:
  bulk, 1 worker      pfs_docgen.bulk_run.bulk(jobs=1)
  bulk, all cores     pfs_docgen.bulk_run.bulk(jobs=os.cpu_count())
  naive               one process: openpyxl full load of each workbook (as the reader did
                      before it read the XML itself) and a fresh DocxTemplate per document
Each way runs in a child process, so its peak memory (and its workers') is measured on its
own. With --readers it also times the workbook readers we measured before choosing ours.

With --floor, for each --schools count (default 120 and 1,800) it prints the I/O floor and
how many times the floor `bulk(jobs=1)` takes:
  floor         reading every part (zip member) of every workbook, the district's included,
                and writing the bytes of every finished document bulk made; best of 3
  bulk --jobs 1 a fresh `python -c "...bulk(..., jobs=1)"`, timed from outside: interpreter
                and import start-up included; best of --repeat
and our reader's time for one school workbook. --workdir keeps the generated workbooks, so
a second run need not write 1,800 of them again.
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
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pfs_docgen import schema as s
from pfs_docgen.sample import sample_rows
from pfs_docgen.workbook import write_workbook


def school_rows(n: int) -> dict:
    rows = copy.deepcopy(sample_rows(s.DISTRICT))
    rows.pop(s.SCHOOLS, None)
    info = {r[s.FIELD]: r[s.VALUE] for r in rows[s.PLAN_INFO]}
    info.pop(s.SUPERINTENDENT, None)
    info.update({s.PLAN_LEVEL: "School", s.SCHOOL_NAME: f"Synthetic School {n:04d}",
                 s.SCHOOL_CODE: f"0999{n:04d}", s.PRINCIPAL: f"Principal {n}"})
    rows[s.PLAN_INFO] = [{s.FIELD: k, s.VALUE: v} for k, v in info.items()]
    for objective in rows[s.OBJECTIVES]:
        objective[s.DISTRICT_OBJECTIVE_ID] = objective[s.ID]
    if n % 2:  # half the schools monitor progress, half do not yet
        for b in rows[s.BENCHMARKS]:
            for column in (s.STATUS, s.STATUS_DATE, s.EVIDENCE):
                b.pop(column, None)
    rows[s.COUNCIL] = [{s.REQUIREMENT: t, s.RESPONSE: f"Response {n}: {t}"}
                       for t in s.COUNCIL_REQUIREMENTS]
    return rows


# --- the ways, each run in a child process ------------------------------------------------

CHILD = r"""
import json, os, resource, sys, time
way, schools, district, out = sys.argv[1:5]
start = time.perf_counter()
if way.startswith("bulk"):
    from pfs_docgen.bulk_run import bulk
    jobs = 1 if way == "bulk1" else os.cpu_count()
    result = bulk(schools, district, out, jobs=jobs)
    documents = len(result.manifest.documents)
else:
    import io, warnings
    from pathlib import Path
    from openpyxl import load_workbook
    from pfs_docgen.context import plan_model, with_document
    from pfs_docgen.documents import kinds_for
    from pfs_docgen.documents import default_templates
    from naive import render_naive  # benchmarks/naive.py, on the child's path
    from pfs_docgen.validate import validate
    from pfs_docgen.workbook import read_workbook
    district_book = read_workbook(district)
    templates = default_templates()
    documents = 0
    for n, path in enumerate(sorted(Path(schools).glob("*.xlsx"))):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load_workbook(path)  # the full object model a naive reader builds
        book = read_workbook(path)
        validate(book, district=district_book)
        model = plan_model(book, district=district_book)
        folder = Path(out) / f"s{n}"
        folder.mkdir(parents=True)
        for kind in kinds_for(book):
            data = render_naive(templates / f"{kind}.docx", with_document(model, kind))
            (folder / f"{kind}.docx").write_bytes(data)
            documents += 1
seconds = time.perf_counter() - start
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "documents": documents, "self_mb": self_kb / 1024,
                  "worker_mb": children_kb / 1024}))
"""


def run_way(way: str, schools: Path, district: Path, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")])))
    result = subprocess.run([sys.executable, "-c", CHILD, way, str(schools), str(district),
                             str(out)], capture_output=True, text=True, check=True, env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def time_readers(path: Path, repeat: int = 30) -> list[tuple[str, float]]:
    import warnings

    from openpyxl import load_workbook

    from pfs_docgen.workbook import read_workbook

    def openpyxl_full():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path)
            for ws in book.worksheets:
                for _row in ws.iter_rows(values_only=True):
                    pass

    def openpyxl_read_only():
        book = load_workbook(path, read_only=True)
        for ws in book.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        book.close()

    ways = [("openpyxl, full load (formulas, merged cells, formats)", openpyxl_full),
            ("openpyxl, read_only (no merged cells)", openpyxl_read_only),
            ("ours: lxml over the sheet XML (everything the contract checks)",
             lambda: read_workbook(path))]
    try:
        from python_calamine import CalamineWorkbook

        def calamine():
            book = CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()

        ways.append(("python-calamine (no formulas, formats or merged cells)", calamine))
    except ImportError:
        pass
    results = []
    for name, read in ways:
        read()
        start = time.perf_counter()
        for _ in range(repeat):
            read()
        results.append((name, 1000 * (time.perf_counter() - start) / repeat))
    return results


# --- the I/O floor ----------------------------------------------------------------------

BULK1 = ("import sys\nfrom pfs_docgen.api import bulk\n"
         "bulk(sys.argv[1], sys.argv[2], sys.argv[3], jobs=1, overwrite=True)")


def _write_school(folder: str, n: int) -> None:
    path = Path(folder) / f"school-{n:04d}.xlsx"
    if not path.exists():
        write_workbook(path, s.SCHOOL, school_rows(n))


def make_schools(folder: Path, count: int) -> Path:
    """`count` school workbooks (and the district) in `folder`, reusing any already there."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "district.xlsx").exists():
        write_workbook(folder / "district.xlsx", s.DISTRICT, sample_rows(s.DISTRICT))
    schools = folder / f"schools-{count}"
    schools.mkdir(exist_ok=True)
    with ProcessPoolExecutor() as pool:  # openpyxl writes ~140 ms a workbook
        list(pool.map(_write_school, [str(schools)] * count, range(count), chunksize=20))
    return schools


def io_floor(workbooks: list[Path], out: Path, scratch: Path) -> float:
    """Seconds to read every part of every workbook and write every document bulk made."""
    documents = [(p.relative_to(out), p.read_bytes()) for p in sorted(out.rglob("*.docx"))]
    start = time.perf_counter()
    for path in workbooks:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                archive.read(info)
    for relative, data in documents:
        target = scratch / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return time.perf_counter() - start


def read_ms(path: Path, repeat: int = 50) -> float:
    from pfs_docgen.workbook import read_workbook
    read_workbook(path)
    start = time.perf_counter()
    for _ in range(repeat):
        read_workbook(path)
    return 1000 * (time.perf_counter() - start) / repeat


def floor_table(counts: list[int], workdir: Path, repeat: int) -> None:
    print(f"{platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cores\n")
    print("| schools | documents | floor s | bulk --jobs 1 s | ratio | read ms/school |")
    print("|---|---|---|---|---|---|")
    for count in counts:
        schools = make_schools(workdir, count)
        district = workdir / "district.xlsx"
        out = workdir / f"out-{count}"
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", BULK1, str(schools), str(district),
                            str(out)], check=True, capture_output=True)
            best = min(best, time.perf_counter() - start)
        workbooks = [district, *sorted(schools.glob("*.xlsx"))]
        floors = []
        for _attempt in range(3):
            with tempfile.TemporaryDirectory(dir=workdir) as scratch:
                floors.append(io_floor(workbooks, out, Path(scratch)))
        floor = min(floors)
        documents = sum(1 for _ in out.rglob("*.docx"))
        print(f"| {count} | {documents} | {floor:.2f} | {best:.2f} | {best / floor:.1f}x | "
              f"{read_ms(workbooks[1]):.1f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, nargs="+", default=None)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--readers", action="store_true")
    parser.add_argument("--floor", action="store_true",
                        help="the I/O floor and bulk --jobs 1's ratio to it")
    parser.add_argument("--repeat", type=int, default=1, help="bulk runs per count (--floor)")
    parser.add_argument("--workdir", type=Path, help="keep generated workbooks here (--floor)")
    args = parser.parse_args()
    if args.floor:
        counts = args.schools or [120, 1800]
        if args.workdir:
            floor_table(counts, args.workdir, args.repeat)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                floor_table(counts, Path(tmp), args.repeat)
        return
    args.schools = (args.schools or [100])[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        district = write_workbook(tmp / "district.xlsx", s.DISTRICT, sample_rows(s.DISTRICT))
        schools = tmp / "schools"
        for n in range(args.schools):
            write_workbook(schools / f"school-{n:04d}.xlsx", s.SCHOOL, school_rows(n))
        print(f"{args.schools} school workbooks (+ the district); "
              f"{platform.python_implementation()} {platform.python_version()}, "
              f"{platform.machine()}, {os.cpu_count()} cores\n")
        ways = [("bulk, 1 worker", "bulk1"), (f"bulk, {os.cpu_count()} workers", "bulkN")]
        if not args.skip_naive:
            ways.append(("naive (openpyxl full load, fresh DocxTemplate)", "naive"))
        print("| way | seconds | schools/s | documents | peak MB (main) | peak MB (a worker) |")
        print("|---|---|---|---|---|---|")
        for label, way in ways:
            r = run_way(way, schools, district, tmp / f"out-{way}")
            worker = f"{r['worker_mb']:.0f}" if way == "bulkN" else "-"
            print(f"| {label} | {r['seconds']:.1f} | {args.schools / r['seconds']:.1f} | "
                  f"{r['documents']} | {r['self_mb']:.0f} | {worker} |", flush=True)
        if args.readers:
            print("\n| reader (one school workbook) | ms |\n|---|---|")
            for name, ms in time_readers(schools / "school-0000.xlsx"):
                print(f"| {name} | {ms:.1f} |")


if __name__ == "__main__":
    main()
