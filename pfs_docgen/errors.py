"""The one exception family the library raises; the CLI turns it into a message and exit 1.

Each failure mode has its own class, so a program using the library can tell them apart;
every message says where, what and how to fix it.
"""

from __future__ import annotations

from pathlib import Path

from . import issues as iss


class PfsDocgenError(Exception):
    """A problem the user can fix: the message says where, what and how."""

    def as_issues(self) -> list[iss.Issue]:
        """The problem as error issues, for a manifest's failures or a report."""
        return [iss.error(str(self), code=self.code())]

    @classmethod
    def code(cls) -> str:
        """The rule code of this kind of failure, from its class: `OutputExists` ->
        `output-exists`."""
        import re

        return re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


class UnreadableWorkbook(PfsDocgenError):
    """The file is not a workbook we can read (empty, damaged, not .xlsx, hostile)."""


class WrongPlanLevel(PfsDocgenError):
    """A school plan where the district's is expected, or the other way round; the message
    names the Plan Level cell."""


class InvalidWorkbook(PfsDocgenError):
    """The workbook has errors, so no documents are made from it; `issues` lists them all
    (warnings too)."""

    def __init__(self, message: str, issues=()):
        super().__init__(message)
        self.issues = list(issues)

    def as_issues(self) -> list[iss.Issue]:
        return [i for i in self.issues if i.is_error] or super().as_issues()


class BadPath(PfsDocgenError):
    """A path given to a command cannot be used as it is (a workbook name without .xlsx, a
    schools folder that is not a folder)."""


class KindNotMade(PfsDocgenError):
    """A document kind was asked for that this workbook does not make (a progress report
    without statuses, an overview of a school plan)."""


class OutputExists(PfsDocgenError):
    """A file we would write is already there and --overwrite was not given; `path` is the
    first such file."""

    def __init__(self, message: str, path: str | Path | None = None):
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class OutputNotWritten(PfsDocgenError):
    """A file could not be written (a folder that cannot be written to, a file open in Word);
    nothing of that write is left behind."""


class FolderInUse(PfsDocgenError):
    """Another pfs-docgen run holds the output folder (its lock file names the process)."""


class UnsafeOutput(PfsDocgenError):
    """A file would be written through a symbolic link, or over one of the run's inputs
    (never done, --overwrite or not); nothing of that write is written."""


class TemplateError(PfsDocgenError):
    """A Word template is missing, broken, or uses a field the tool does not provide."""


class LibreOfficeMissing(PfsDocgenError):
    """--pdf was asked for and LibreOffice (soffice) is not installed; nothing was done."""


class PdfFailed(PfsDocgenError):
    """LibreOffice did not make a PDF (did not start, timed out, wrote nothing); the .docx
    documents are kept."""


class BrokenInstall(PfsDocgenError):
    """A file the package ships (a sample plan) is missing: reinstall pfs-docgen."""


class UploadRefused(PfsDocgenError):
    """The web page refused an upload before reading any workbook (too large, too many
    files, no workbook in it); `status` is the HTTP status it answers with (413 for too
    large, 400 otherwise)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class ServerNotStarted(PfsDocgenError):
    """`serve` could not listen on the address asked for (the port is taken, the host is
    not one of this machine's)."""
