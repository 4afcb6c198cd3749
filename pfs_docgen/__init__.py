"""pfs-docgen: Massachusetts Planning for Success plans, from a workbook to Word documents."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pfs-docgen")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
