"""From a workbook to its documents on disk: `names` (file names), `manifest` (what a run
wrote), `pipeline` (validate, render, write all or none, PDFs), `fields` (what templates
are given)."""

from .manifest import MANIFEST, Document, Manifest
from .names import file_name, organisation_slug, years_slug
from .pipeline import (
    Prepared,
    Rendered,
    add_pdfs,
    build,
    default_templates,
    has_statuses,
    kinds_for,
    prepare,
    refuse_existing,
    render_documents,
    renderer_for,
    write_files,
)

__all__ = ["MANIFEST", "Document", "Manifest", "Prepared", "Rendered", "add_pdfs", "build",
           "default_templates", "file_name", "has_statuses", "kinds_for", "organisation_slug",
           "prepare", "refuse_existing", "render_documents", "renderer_for", "write_files",
           "years_slug"]
