"""Documents per second: our compiled-once renderer against docxtpl's usual path.

    python benchmarks/bench_render.py [--documents 200]

All three ways render the same four templates with the same sample-district context and
write each document to disk:
  ours      templates compiled once (pfs_docgen.render.Renderer), rendered per document
  naive     a fresh DocxTemplate per document: load, patch, compile, render, save
  bytes     writing already-rendered bytes only: the floor any renderer pays
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from naive import render_naive  # beside this script

from pfs_docgen.api import init
from pfs_docgen.context import plan_model, with_document
from pfs_docgen.documents import default_templates, kinds_for
from pfs_docgen.render import Renderer
from pfs_docgen.workbook import read_workbook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = read_workbook(init(tmp / "sample.xlsx", example=True))
        model = plan_model(book)
        contexts = [(k, with_document(model, k)) for k in kinds_for(book)]
        jobs = [contexts[i % len(contexts)] for i in range(args.documents)]
        templates = default_templates()

        def ours():
            renderer = Renderer(templates)  # compiled on first use, inside the timing
            for n, (kind, ctx) in enumerate(jobs):
                (tmp / f"ours-{n}.docx").write_bytes(renderer.render(kind, ctx))

        def naive():
            for n, (kind, ctx) in enumerate(jobs):
                (tmp / f"naive-{n}.docx").write_bytes(render_naive(templates / f"{kind}.docx",
                                                                   ctx))

        rendered = {k: Renderer(templates).render(k, c) for k, c in contexts}

        def only_bytes():
            for n, (kind, _) in enumerate(jobs):
                (tmp / f"bytes-{n}.docx").write_bytes(rendered[kind])

        results = {}
        for name, run in (("ours (compiled once)", ours), ("naive docxtpl", naive),
                          ("writing bytes only", only_bytes)):
            start = time.perf_counter()
            run()
            seconds = time.perf_counter() - start
            results[name] = seconds
    print(f"{args.documents} documents (the sample district's {len(contexts)} kinds in turn); "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cores\n")
    print("| way | seconds | documents/s | ms/document |")
    print("|---|---|---|---|")
    for name, seconds in results.items():
        print(f"| {name} | {seconds:.2f} | {args.documents / seconds:,.0f} | "
              f"{1000 * seconds / args.documents:.1f} |")
    speedup = results["naive docxtpl"] / results["ours (compiled once)"]
    print(f"\nours is {speedup:.1f}x the naive way")


if __name__ == "__main__":
    main()
