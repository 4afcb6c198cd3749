"""What kind of picture a logo file is, and its size in pixels, from its first bytes. Pure."""

from __future__ import annotations

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 5 * 1024 * 1024  # a logo, not a photograph
EMU_PER_INCH = 914400


def picture_kind(data: bytes) -> tuple[str, int, int] | None:
    """('png' or 'jpeg', width, height) for a PNG or JPEG, None for anything else."""
    if data.startswith(PNG_SIGNATURE) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return ("png", width, height) if width and height else None
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    return None


def _jpeg(data: bytes) -> tuple[str, int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return ("jpeg", width, height) if width and height else None
        i += 2 + length
    return None


def fit(width: int, height: int, max_width_in: float = 2.0, max_height_in: float = 1.1) \
        -> tuple[int, int]:
    """The picture's size on the cover in EMU: as large as fits the box, proportions kept."""
    scale = min(max_width_in / width, max_height_in / height)
    return int(width * scale * EMU_PER_INCH), int(height * scale * EMU_PER_INCH)
