"""What LibreOffice 7.4's tagged PDF/UA export leaves short of PDF/UA-1, mended in place.

soffice writes the structure tree, the XMP title and PDF/UA identification, the language
and DisplayDocTitle itself (pdf.py asks for UseTaggedPDF and PDFUACompliance). Four defects
of 7.4 remain (some are fixed in later LibreOffice releases):

- a page with links says its tab order as a string, `/Tabs (S)`, where PDF/UA asks for the
  name `/Tabs /S` (Matterhorn 28-004);
- paragraph borders (the cover's navy band, the title's rule) are drawn outside any marked
  content: neither tagged content nor an artifact (Matterhorn 01-001). They are decoration,
  so each such path is wrapped in an `/Artifact` marked-content sequence;
- the XMP metadata escapes its text twice (`Schools&amp;apos; Progress`), so a title with
  an apostrophe or ampersand reads wrong in a screen reader's window title; the XMP text
  is set again from the document information dictionary, which 7.4 writes right;
- an empty paragraph (an empty table cell's, or the one that carries a section break after
  a table) becomes a structure element with no content, which a screen reader announces as
  a blank. Such elements are taken out of the tree; table cells stay, so every row keeps
  its cells.

Only this module imports pikepdf.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

_CONSTRUCT = {"m", "re"}  # operators that start a path
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}  # operators that end one
_OPEN, _CLOSE = {"BMC", "BDC"}, "EMC"


def mend(path: Path) -> None:
    """Rewrite the PDF at `path` (LibreOffice's, not yet in its final place) so that it
    meets the requirements above; a PDF that already does is left untouched."""
    try:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            changed = False
            for page in pdf.pages:
                if isinstance(page.obj.get("/Tabs"), pikepdf.String):
                    page.obj.Tabs = pikepdf.Name.S
                    changed = True
                changed |= _artifact_paths(pdf, page)
            changed |= _mend_metadata(pdf)
            if "/StructTreeRoot" in pdf.Root:
                changed |= _prune(pdf.Root.StructTreeRoot, _role_map(pdf))
            if changed:
                pdf.save(path)
    except pikepdf.PdfError as exc:  # the caller reports a PDF it cannot write as an OSError
        raise OSError(f"LibreOffice's PDF could not be read back: {exc}") from exc


# XMP property: its twin in the document information dictionary
_XMP_FROM_INFO = {"dc:title": "/Title", "dc:description": "/Subject",
                  "pdf:Keywords": "/Keywords"}


def _mend_metadata(pdf: pikepdf.Pdf) -> bool:
    """Give each XMP text the value of its document-information twin where they differ."""
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        wrong = {key: str(pdf.docinfo[info]) for key, info in _XMP_FROM_INFO.items()
                 if info in pdf.docinfo and key in xmp
                 and xmp.get(key) != str(pdf.docinfo[info])}
    if not wrong:
        return False
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        for key, value in wrong.items():
            xmp[key] = value
    return True


def _artifact_paths(pdf: pikepdf.Pdf, page: pikepdf.Page) -> bool:
    """Wrap each path drawn outside marked content in /Artifact BMC ... EMC."""
    operations = pikepdf.parse_content_stream(page)
    out: list = []
    depth, wrapped, changed = 0, False, False
    for instruction in operations:  # an inline image keeps its own instruction type
        name = str(instruction.operator)
        if depth == 0 and not wrapped and name in _CONSTRUCT:
            out.append(pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact],
                                                        pikepdf.Operator("BMC")))
            wrapped = changed = True
        out.append(instruction)
        if name in _OPEN:
            depth += 1
        elif name == _CLOSE:
            depth = max(0, depth - 1)
        elif wrapped and name in _PAINT:
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            wrapped = False
    if wrapped:  # a path never painted: close the sequence all the same
        out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
    if changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    return changed


_TABLE_PARTS = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}


def _role_map(pdf: pikepdf.Pdf) -> dict[str, str]:
    roles = pdf.Root.StructTreeRoot.get("/RoleMap", pikepdf.Dictionary())
    return {str(k): str(v) for k, v in roles.items()}


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(kid) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and "/S" in kid


def _prune(element, roles: dict[str, str]) -> bool:
    """Take out, bottom up, the structure elements below `element` that hold nothing (no
    content, no annotation, no element left); True when any went."""
    kids = _kids(element)
    changed = False
    for kid in kids:
        if _is_element(kid):
            changed |= _prune(kid, roles)
    kept = [kid for kid in kids if not (_is_element(kid) and _empty(kid, roles))]
    if len(kept) != len(kids):
        if kept:
            element.K = pikepdf.Array(kept)
        else:
            del element["/K"]
        changed = True
    return changed


def _empty(element, roles: dict[str, str]) -> bool:
    kind = str(element.S)
    return not _kids(element) and roles.get(kind, kind) not in _TABLE_PARTS
