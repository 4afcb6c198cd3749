"""Facts about text that several stages share: which characters a Word document cannot hold,
and how a long value is quoted in a message."""

from __future__ import annotations

import hashlib
import re

# Characters a Word document (XML 1.0) cannot hold; a team pastes them in from other
# programs. The reader reports them at their cell; the writer stores them as Excel's
# `_x0007_` escapes, so what it wrote reads back the same and is reported the same way.
# A lone surrogate (half of a UTF-16 pair, stored as `_xD800_`) is one of them: no file can
# hold it, and Python cannot even print it.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """Text quoted in a message with such characters spelled out (`U+D800`)."""
    return CONTROL_CHARACTERS.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def what_character(char: str) -> str:
    """How a message names a character a document cannot hold."""
    if "\ud800" <= char <= "\udfff":
        return (f"half of a character (U+{ord(char):04X}, a lone surrogate, left by a "
                "program that cut an emoji or a rare character in two)")
    return f"an invisible control character (U+{ord(char):04X}), probably pasted from another " \
        "program"


def clip(text: str, size: int = 60) -> str:
    """A value quoted in a message: white space folded, cut with an ellipsis past `size`."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size - 1] + "…"


def anchor(heading: str) -> str:
    """The bookmark name of a heading, for its table-of-contents link: made from the heading's
    text, so the contents (context/toc.py) and the printed heading (the template's `anchor`
    filter) agree without counting. Word's names are at most 40 characters."""
    return "_Toc" + _digest(heading)[:16]


def anchor_id(heading: str) -> int:
    """The bookmark's number, from the same text: bookmark ids only need to be unique."""
    return int(_digest(heading)[:7], 16)


def _digest(heading: str) -> str:
    return hashlib.sha1(heading.encode("utf-8")).hexdigest()
