"""A whole district at once: `bulk` over N synthetic school workbooks.

    python benchmarks/bench_bulk.py [--schools 100] [--skip-naive] [--readers]

Makes N school workbooks (the sample district's plan, rewritten as N schools), then times:
  bulk, 1 worker      pfs_docgen.bulk.bulk(jobs=1)
  bulk, all cores     pfs_docgen.bulk.bulk(jobs=os.cpu_count())
  naive               one process: openpyxl full load of each workbook (as the reader did
                      before it read the XML itself) and a fresh DocxTemplate per document
Each way runs in a child process, so its peak memory (and its workers') is measured on its
own. With --readers it also times the workbook readers we measured before choosing ours.
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
    from pfs_docgen.bulk import bulk
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--readers", action="store_true")
    args = parser.parse_args()
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
