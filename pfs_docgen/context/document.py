"""One document's part of the context: its title, subject and table of contents."""

from __future__ import annotations

from datetime import datetime, timezone

from ..kinds import DOCUMENT_KINDS
from .toc import headings


def with_document(model: dict, kind: str) -> dict:
    """The plan model with one document's title, subject and contents added."""
    kind_title = DOCUMENT_KINDS[kind].title(model["level"])
    years = model["action_year"] if DOCUMENT_KINDS[kind].annual else model["years"]
    context = dict(model)
    context["doc"] = document_fields(kind, kind_title, years, model["org"]["name"],
                                     subject(model["org"], kind_title))
    context["toc"] = headings(model, kind)
    return context


def document_fields(kind: str, kind_title: str, years: str, organisation: str,
                    subject: str) -> dict[str, str]:
    """The `doc` fields every template has: what the document is, and when it was made
    (its created and modified properties)."""
    return {"kind": kind, "kind_title": kind_title, "years": years,
            "title": f"{organisation}: {kind_title} {years}".strip(), "subject": subject,
            "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def subject(org: dict, kind_title: str) -> str:
    """The document's Subject property: what it is and for whom."""
    where = org["name"] if not org["school"] else f"{org['school']}, {org['district']}"
    return f"Planning for Success {kind_title.lower()} for {where}"
