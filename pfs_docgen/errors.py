"""The one exception family the library raises; the CLI turns it into a message and exit 1."""


class PfsDocgenError(Exception):
    """A problem the user can fix: the message says where, what and how."""


class UnreadableWorkbook(PfsDocgenError):
    """The file is not a workbook we can read (empty, damaged, not .xlsx, hostile)."""


class InvalidWorkbook(PfsDocgenError):
    """The workbook has errors, so no documents are made from it; `issues` lists them."""

    def __init__(self, message, issues=()):
        super().__init__(message)
        self.issues = list(issues)


class OutputExists(PfsDocgenError):
    """A file we would write is already there and --overwrite was not given."""


class OutputNotWritten(PfsDocgenError):
    """A file could not be written (a folder that cannot be written to, a file open in Word);
    nothing of that write is left behind."""


class TemplateError(PfsDocgenError):
    """A Word template is missing, broken, or uses a field the tool does not provide."""
