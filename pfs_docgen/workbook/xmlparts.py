"""The XML parts of a zip, parsed safely: no entities, no network, big parts as a stream.

Every part the reader looks at is opened here, so the guards are in one place: a part
declaring a DTD or entities is refused (Excel never writes one; an attack might), a part
that is not well-formed XML is named, and a part bigger than STREAM_OVER is read a row at a
time, never held whole.
"""

from __future__ import annotations

import zipfile

from lxml import etree

from .. import xmlsafe

# Parts larger than this are parsed as a stream, a row at a time, and each row dropped once
# read, so a big district workbook is never held as one tree; smaller parts are parsed
# whole, about twice as fast with lxml.
STREAM_OVER = 2 * 1024 * 1024


class XlsxError(Exception):
    """The zip does not hold a workbook this reader understands."""


class EntityDeclarations(XlsxError):
    """A part declares a DTD or entities: Excel never writes them; an attack might."""


def parse(archive: zipfile.ZipFile, name: str):
    """A part's root element, the whole part parsed (xmlsafe's checks, the templates' too)."""
    try:
        data = archive.read(name)
    except KeyError as exc:
        raise XlsxError(f"the part {name} is missing") from exc
    try:
        return xmlsafe.parse(data)
    except xmlsafe.DeclaresEntities as exc:
        raise EntityDeclarations(name) from exc
    except xmlsafe.NotWellFormed as exc:
        raise XlsxError(f"the part {name} is not well-formed XML ({exc})") from exc


def elements(archive: zipfile.ZipFile, name: str, *tags: str):
    """A part's elements with these tags, in document order. Each element is only valid
    until the next is asked for: a big part's are cleared as the stream moves on."""
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise XlsxError(f"the part {name} is missing") from exc
    if info.file_size <= STREAM_OVER:
        yield from parse(archive, name).iter(*tags)
        return
    with archive.open(info) as raw:
        events = etree.iterparse(_Checked(raw, name), events=("end",), tag=tags,
                                 resolve_entities=False, no_network=True, huge_tree=False)
        checked = False
        try:
            for _, element in events:
                if not checked:  # the prolog is parsed by now: refuse a DTD (UTF-16, say)
                    if xmlsafe.has_internal_dtd(element):
                        raise EntityDeclarations(name)
                    checked = True
                yield element
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            if xmlsafe.is_amplification(exc):
                raise EntityDeclarations(name) from exc
            raise XlsxError(f"the part {name} is not well-formed XML ({exc})") from exc


class _Checked:
    """A part's bytes on their way to the stream parser, refused at an entity declaration
    (the byte check parse() makes, chunk by chunk; a declaration may straddle two chunks)."""

    def __init__(self, raw, name: str):
        self.raw, self.name, self.tail = raw, name, b""

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        seen = self.tail + data
        if xmlsafe.declares_entities(seen):
            raise EntityDeclarations(self.name)
        self.tail = data[-8:]
        return data
