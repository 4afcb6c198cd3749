"""PDFs through LibreOffice, the real Word-compatible client, many files per soffice call.

A plain `soffice --convert-to pdf` leaves the table of contents as the document carries it:
LibreOffice does not refresh indexes on load. So each soffice process runs a small Basic
macro of ours from its own user profile: load each document hidden, update its indexes (the
table of contents gets its page numbers) and fields, write the updated contents' text beside
the PDF (so the .docx can be given the same page numbers), export a tagged PDF/UA-1 PDF
(pdf_ua.py mends what LibreOffice 7.4 leaves short of it). Every process has a
profile of its own (two soffice processes sharing one lose files without an error), every
call has a timeout, and a PDF reaches its final name only when it is complete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Queue
from typing import Callable

from .errors import LibreOfficeMissing, PdfFailed, PfsDocgenError
from .files import check_writes, ctrl_c_deferred
from .pdf_ua import mend

BATCH = 20  # documents per soffice call: start-up (about 2 s) is paid once per batch
SECONDS_PER_DOCUMENT = 30
_WINDOWS_PLACES = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                   r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
_MACOS_PLACE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"

_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub ExportPdf(sList As String)
  Dim aLoad(0) As New com.sun.star.beans.PropertyValue
  aLoad(0).Name = &quot;Hidden&quot;
  aLoad(0).Value = True
  Dim aFilter(1) As New com.sun.star.beans.PropertyValue
  aFilter(0).Name = &quot;UseTaggedPDF&quot;
  aFilter(0).Value = True
  aFilter(1).Name = &quot;PDFUACompliance&quot;
  aFilter(1).Value = True
  Dim aStore(1) As New com.sun.star.beans.PropertyValue
  aStore(0).Name = &quot;FilterName&quot;
  aStore(0).Value = &quot;writer_pdf_Export&quot;
  aStore(1).Name = &quot;FilterData&quot;
  aStore(1).Value = aFilter()
  iFile = FreeFile
  Open sList For Input As #iFile
  Do While Not EOF(iFile)
    Line Input #iFile, sLine
    If Len(sLine) &gt; 0 Then
      aParts = Split(sLine, Chr(9))
      On Error Resume Next
      oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(aParts(0)), &quot;_blank&quot;, 0, aLoad())
      If Not IsNull(oDoc) Then
        oIndexes = oDoc.getDocumentIndexes()
        For i = 0 To oIndexes.getCount() - 1
          oIndexes.getByIndex(i).update()
        Next i
        oDoc.getTextFields().refresh()
        If oIndexes.getCount() &gt; 0 Then
          oOut = createUnoService(&quot;com.sun.star.ucb.SimpleFileAccess&quot;).openFileWrite(ConvertToURL(aParts(1) &amp; &quot;.toc&quot;))
          oText = createUnoService(&quot;com.sun.star.io.TextOutputStream&quot;)
          oText.setOutputStream(oOut)
          oText.setEncoding(&quot;UTF-8&quot;)
          oText.writeString(oIndexes.getByIndex(0).getAnchor().getString())
          oText.closeOutput()
        End If
        oDoc.storeToURL(ConvertToURL(aParts(1)), aStore())
        oDoc.close(True)
      End If
      On Error GoTo 0
    End If
  Loop
  Close #iFile
  StarDesktop.terminate()
End Sub
</script:module>
"""


def find_soffice() -> str:
    """LibreOffice's soffice, or an error that says how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for place in (*_WINDOWS_PLACES, _MACOS_PLACE):
        if Path(place).is_file():
            return place
    raise LibreOfficeMissing(
        "--pdf needs LibreOffice, which is not installed. On Debian or Ubuntu: sudo apt-get "
        "install libreoffice-writer-nogui; on Windows or macOS: install LibreOffice from "
        "libreoffice.org. The .docx documents do not need it.")


@dataclass
class Converted:
    pdfs: dict[Path, Path] = field(default_factory=dict)  # .docx -> its .pdf
    failed: dict[Path, str] = field(default_factory=dict)  # .docx -> why
    # .docx -> its table of contents as LibreOffice laid it out: "entry<TAB>page" lines
    contents: dict[Path, str] = field(default_factory=dict)
    interrupted: bool = False  # Ctrl-C: the PDFs finished before it are in `pdfs`


def _profile(soffice: str, folder: Path) -> str:
    """A fresh LibreOffice user profile holding our macro; returns its URL."""
    url = folder.resolve().as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={url}", "--headless",
                    "--terminate_after_init"], capture_output=True, timeout=180,
                   env=_environment(folder))
    module = folder / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.parent.is_dir():
        raise PdfFailed(f"LibreOffice ({soffice}) did not start: its profile in {folder} "
                             "was not created. Run 'soffice --headless --version' to see why.")
    module.write_text(_MACRO, encoding="utf-8")
    return url


def _environment(folder: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("HOME", str(folder))  # soffice wants a home, even with a profile of its own
    return env


def convert(documents: list[Path], *, jobs: int = 1, batch: int | None = None,
            progress: Callable[[int, int, str], None] | None = None,
            made: Callable[[Path, Path], None] | None = None) -> Converted:
    """Each .docx to a .pdf beside it, `batch` (BATCH) per soffice call, `jobs` calls at a
    time. made(docx, pdf) is called the moment each PDF is in place (from a worker thread,
    one call at a time), so a caller interrupted by Ctrl-C still knows every PDF on disk."""
    soffice = find_soffice()
    result = Converted()
    documents = _writable(documents, result)
    if not documents:
        return result
    size = batch or BATCH
    batches = [documents[i:i + size] for i in range(0, len(documents), size)]
    jobs = max(1, min(jobs, len(batches)))
    stop = threading.Event()
    lock = threading.Lock()

    def landed(doc: Path, pdf: Path, contents: str | None) -> None:
        with lock:
            result.pdfs[doc] = pdf
            if contents:
                result.contents[doc] = contents
            if made:
                made(doc, pdf)

    with tempfile.TemporaryDirectory(prefix="pfs-docgen-lo-") as tmp:
        profiles: Queue = Queue()
        for n in range(jobs):
            profiles.put(_profile(soffice, Path(tmp) / f"profile-{n}"))

        def run(batch: list[Path]) -> dict[Path, str]:
            profile = profiles.get()
            try:
                return _batch(soffice, profile, batch, Path(tmp), stop, landed)[1]
            finally:
                profiles.put(profile)

        pool = ThreadPoolExecutor(max_workers=jobs)
        try:
            for failed in pool.map(run, batches):
                result.failed.update(failed)
                if progress:
                    progress(len(result.pdfs) + len(result.failed), len(documents), "PDF")
        except KeyboardInterrupt:
            # Batches not started are dropped; those running discard what they made (a PDF
            # cut off by Ctrl-C is not a PDF). Those already in place were handed to
            # `made`; a second Ctrl-C waits for the running ones, so none lands unreported.
            stop.set()
            result.interrupted = True
            with ctrl_c_deferred():
                pool.shutdown(wait=True, cancel_futures=True)
        pool.shutdown(wait=True)
    return result


def _writable(documents: list[Path], result: Converted) -> list[Path]:
    """The documents whose PDF (and LibreOffice's temporary files) may be written there: a
    symbolic link or an input in the way is that document's failure."""
    fine = []
    for doc in documents:
        try:
            check_writes([doc.with_suffix(".pdf"), _part(doc), _toc(_part(doc))])
        except PfsDocgenError as exc:
            result.failed[doc] = str(exc)
        else:
            fine.append(doc)
    return fine


def _part(doc: Path) -> Path:
    return doc.with_name(f".{doc.stem}.pdf.part")


def _toc(part: Path) -> Path:
    return part.with_name(part.name + ".toc")


def _batch(soffice: str, profile: str, batch: list[Path], tmp: Path,
           stop: threading.Event,
           landed: Callable[[Path, Path, str | None], None] | None = None
           ) -> tuple[dict[Path, Path], dict[Path, str], dict[Path, str]]:
    """One soffice call for a batch; each PDF is written under a temporary name first, and
    moved into place only when it is whole, then handed to `landed` at once. Returns the
    PDFs made, the documents that failed (and why), and the contents LibreOffice laid out."""
    pending = {doc: _part(doc) for doc in batch}
    fd, name = tempfile.mkstemp(suffix=".txt", dir=tmp)
    os.close(fd)  # written below by name; an open handle would block its removal on Windows
    listing = Path(name)
    listing.write_text("".join(f"{doc.resolve()}\t{part.resolve()}\n"
                               for doc, part in pending.items()), encoding="utf-8")
    why = ""
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                        "--norestore", f'macro:///Standard.Module1.ExportPdf("{listing}")'],
                       capture_output=True, timeout=60 + SECONDS_PER_DOCUMENT * len(batch),
                       env=_environment(tmp))
    except subprocess.TimeoutExpired:
        why = "LibreOffice took too long and was stopped"
    finally:
        for doc in batch:  # a LibreOffice stopped midway leaves its lock files behind
            doc.with_name(f".~lock.{doc.name}#").unlink(missing_ok=True)
    pdfs: dict[Path, Path] = {}
    failed: dict[Path, str] = {}
    contents: dict[Path, str] = {}
    for doc, part in pending.items():
        pdf = doc.with_suffix(".pdf")
        toc = _toc(part)
        try:
            if stop.is_set() or not _whole_pdf(part):
                failed[doc] = why or "LibreOffice did not write a whole PDF for it"
            else:
                if toc.is_file():
                    contents[doc] = toc.read_text(encoding="utf-8", errors="replace")
                mend(part)  # what LibreOffice 7.4 leaves short of PDF/UA-1
                os.replace(part, pdf)
                pdfs[doc] = pdf
                if landed:
                    landed(doc, pdf, contents.get(doc))
        except OSError as exc:
            failed[doc] = f"{pdf.name} could not be written ({exc.strerror or exc})"
        finally:
            part.unlink(missing_ok=True)
            toc.unlink(missing_ok=True)
    return pdfs, failed, contents


def _whole_pdf(path: Path) -> bool:
    """A PDF ends with %%EOF; one cut off while being written does not."""
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 1024))
            return size > 0 and b"%%EOF" in f.read()
    except OSError:
        return False
