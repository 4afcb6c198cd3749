"""PDF conversion: one soffice call per document against batches, with one or two processes.

    python benchmarks/bench_pdf.py

Converts the sample district's documents and its seven schools' (24 .docx) with LibreOffice,
through pfs_docgen.pdf.convert (the macro that also fills the table of contents). Each way
starts from fresh profiles, whose creation is part of the time.
"""

from __future__ import annotations

import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path

from pfs_docgen.api import write_samples
from pfs_docgen.bulk_run import bulk
from pfs_docgen.pdf import convert, find_soffice


def main() -> None:
    soffice = find_soffice()
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        district, schools = write_samples(tmp / "workbooks")
        result = bulk(schools, district, tmp / "out", jobs=1)
        documents = [tmp / "out" / d.path for d in result.manifest.documents
                     if d.path.endswith(".docx")]
        print(f"{len(documents)} documents; {version.strip()}; {platform.machine()}, "
              f"{os.cpu_count()} cores\n")
        print("| way | soffice calls | seconds | s/document |\n|---|---|---|---|")
        for label, batch, jobs in (("one soffice per document", 1, 1),
                                   ("batches of 20, one process", 20, 1),
                                   ("batches of 12, two processes", 12, 2)):
            for pdf in (tmp / "out").rglob("*.pdf"):
                pdf.unlink()
            start = time.perf_counter()
            done = convert(documents, jobs=jobs, batch=batch)
            seconds = time.perf_counter() - start
            assert not done.failed, done.failed
            calls = -(-len(documents) // batch)
            print(f"| {label} | {calls} | {seconds:.1f} | {seconds / len(documents):.2f} |",
                  flush=True)


if __name__ == "__main__":
    main()
