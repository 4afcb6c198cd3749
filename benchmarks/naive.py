"""docxtpl's usual path, the baseline the benchmarks compare our compiled rendering with."""

from __future__ import annotations

import io
from pathlib import Path

from docxtpl import DocxTemplate

from pfs_docgen.render import environment


def render_naive(template_path: str | Path, context: dict) -> bytes:
    """docxtpl's usual path, for the benchmark: load, patch, compile, render, save."""
    doc = DocxTemplate(str(template_path))
    doc.render(context, jinja_env=environment(), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
