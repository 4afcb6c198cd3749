"""How an Office part declaring a DTD or entities is told apart and refused, for the
workbook reader and the template reader alike. lxml only; nothing of ours imported.

Excel and Word never write a DTD; an attack might (entity expansion, external entities).
The bytes are checked first (markup only: in text a `<` is always escaped), then the parsed
tree, which also catches a declaration in an encoding the byte check cannot see (UTF-16).
Entities are never resolved and nothing is read from the network.
"""

from __future__ import annotations

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                         remove_blank_text=False)


class DeclaresEntities(Exception):
    """The part declares a DTD or entities."""


class NotWellFormed(Exception):
    """The part is not well-formed XML; the message is lxml's."""


def declares_entities(data: bytes) -> bool:
    """The byte check, also for a stream's chunks (keep the last 8 bytes of the previous
    chunk in front: a declaration may straddle two)."""
    return b"<!DOCTYPE" in data or b"<!ENTITY" in data


def is_amplification(exc: etree.XMLSyntaxError) -> bool:
    """lxml's refusal of entity expansion: a declaration the byte check missed."""
    return "amplification" in str(exc)


def has_internal_dtd(root) -> bool:
    return root.getroottree().docinfo.internalDTD is not None


def parse(data: bytes):
    """The part's root element; DeclaresEntities or NotWellFormed."""
    if declares_entities(data):
        raise DeclaresEntities
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        if is_amplification(exc):
            raise DeclaresEntities from exc
        raise NotWellFormed(str(exc)) from exc
    if has_internal_dtd(root):
        raise DeclaresEntities
    return root
