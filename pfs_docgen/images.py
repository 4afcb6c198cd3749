"""What kind of picture a logo file is, and its size in pixels. Pure.

`picture_kind` reads the header only (for bytes already checked); `whole_picture` checks the
whole file first: a PNG's every chunk (CRCs, IHDR first, IEND last, the image data inflated
to exactly the size its header promises, each row's filter byte), a JPEG's every marker
segment from SOI through its scans to EOI. A valid header over garbage is no picture.
"""

from __future__ import annotations

import re
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 5 * 1024 * 1024  # a logo, not a photograph
MAX_SIDE = 8000  # pixels
MAX_PIXELS = 16_000_000  # so a PNG's image data inflates to at most 128 MB, streamed
EMU_PER_INCH = 914400

# PNG colour type -> (channels, allowed bit depths)
_COLOUR_TYPES = {0: (1, (1, 2, 4, 8, 16)), 2: (3, (8, 16)), 3: (1, (1, 2, 4, 8)),
                 4: (2, (8, 16)), 6: (4, (8, 16))}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))
_INFLATE_STEP = 1 << 16
# JPEG: frame markers (SOF0-15 less DHT, JPG, DAC), and the segments allowed between them
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_LOSSLESS = frozenset({0xC3, 0xC7, 0xCB, 0xCF})
_HUFFMAN = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7})
_TABLES = frozenset({0xC4, 0xCC, 0xDB, 0xDD, 0xFE, *range(0xE0, 0xF0)})
# In a scan's data, 0xFF is followed by 0x00 (a stuffed byte) or a restart marker;
# anything else starts the next marker.
_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")


class _Bad(Exception):
    """The bytes are not a whole PNG or JPEG."""


def picture_kind(data: bytes) -> tuple[str, int, int] | None:
    """('png' or 'jpeg', width, height) from the header, None for anything else."""
    if data.startswith(PNG_SIGNATURE) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return ("png", width, height) if width and height else None
    if data.startswith(b"\xff\xd8"):
        return _jpeg_header(data)
    return None


def whole_picture(data: bytes) -> tuple[str, int, int] | None:
    """What `picture_kind` gives, but only for a whole, decodable PNG or JPEG of at most
    MAX_BYTES, MAX_SIDE pixels a side and MAX_PIXELS pixels; None for anything else."""
    if len(data) > MAX_BYTES:
        return None
    try:
        if data.startswith(PNG_SIGNATURE):
            return _png(data)
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
    except (_Bad, struct.error, zlib.error, IndexError):
        pass
    return None


def _sane(width: int, height: int) -> None:
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE and width * height <= MAX_PIXELS):
        raise _Bad


def _png(data: bytes) -> tuple[str, int, int]:
    at, chunks = len(PNG_SIGNATURE), []
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 8 + length
        if length > 0x7FFFFFFF or end + 4 > len(data) or not kind.isalpha():
            raise _Bad
        body = data[at + 8:end]
        if struct.unpack(">I", data[end:end + 4])[0] != zlib.crc32(kind + body):
            raise _Bad
        chunks.append((kind, body))
        at = end + 4
    kinds = [k for k, _ in chunks]
    if len(kinds) < 3 or kinds[0] != b"IHDR" or kinds[-1] != b"IEND" or chunks[-1][1] \
            or kinds.count(b"IHDR") != 1 or kinds.count(b"IEND") != 1:
        raise _Bad
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1])
    _sane(width, height)
    if colour not in _COLOUR_TYPES or depth not in _COLOUR_TYPES[colour][1] \
            or compression or filtering or interlace not in (0, 1):
        raise _Bad
    for kind in kinds:
        if kind[:1].isupper() and kind not in (b"IHDR", b"PLTE", b"IDAT", b"IEND"):
            raise _Bad  # an unknown critical chunk: no decoder may skip it
    idat = [i for i, k in enumerate(kinds) if k == b"IDAT"]
    if not idat or idat != list(range(idat[0], idat[-1] + 1)):
        raise _Bad  # no image data, or not in consecutive chunks
    palettes = [body for kind, body in chunks if kind == b"PLTE"]
    if len(palettes) > 1 or colour == 3 and not palettes or colour in (0, 4) and palettes \
            or palettes and (kinds.index(b"PLTE") > idat[0] or len(palettes[0]) % 3
                             or not 3 <= len(palettes[0]) <= 768):
        raise _Bad
    _inflate_rows((chunks[i][1] for i in idat),
                  _rows(width, height, depth * _COLOUR_TYPES[colour][0], interlace))
    return "png", width, height


def _rows(width: int, height: int, bits: int, interlace: int) -> list[tuple[int, int]]:
    """(rows, bytes a row, its filter byte included) of each pass of the image data."""
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    out = []
    for x0, y0, dx, dy in passes:
        w = (width - x0 + dx - 1) // dx if width > x0 else 0
        h = (height - y0 + dy - 1) // dy if height > y0 else 0
        if w and h:
            out.append((h, 1 + (w * bits + 7) // 8))
    return out


def _inflate_rows(pieces, rows: list[tuple[int, int]]) -> None:
    """Inflate the image data a step at a time (never holding it), refusing it unless it
    is one zlib stream of exactly the rows' size, each row starting with a filter (0-4)."""
    starts = _row_starts(rows)
    expected = sum(h * size for h, size in rows)
    inflater = zlib.decompressobj()
    done, row = 0, next(starts)

    def take(out: bytes) -> None:
        nonlocal done, row
        if done + len(out) > expected:
            raise _Bad
        while row < done + len(out):
            if out[row - done] > 4:
                raise _Bad
            row = next(starts, expected)
        done += len(out)

    for piece in pieces:
        while piece:
            if inflater.eof:
                raise _Bad  # data after the end of the stream
            take(inflater.decompress(piece, _INFLATE_STEP))
            piece = inflater.unconsumed_tail
    while not inflater.eof:  # output still held back by the step size
        out = inflater.decompress(b"", _INFLATE_STEP)
        if not out:
            raise _Bad  # the stream stops short
        take(out)
    if inflater.unused_data or done != expected:
        raise _Bad


def _row_starts(rows: list[tuple[int, int]]):
    at = 0
    for height, size in rows:
        for _ in range(height):
            yield at
            at += size


def _jpeg(data: bytes) -> tuple[str, int, int]:
    at, frame, sof, scans, tables = 2, None, 0, 0, set()
    while True:
        if data[at] != 0xFF:
            raise _Bad
        while data[at + 1] == 0xFF:  # fill bytes before a marker
            at += 1
        marker = data[at + 1]
        if marker == 0xD9:  # EOI: the end, with a frame and a scan, and nothing after
            if frame is None or not scans or at + 2 != len(data):
                raise _Bad
            return frame
        if marker == 0x01:  # TEM stands alone
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        body = data[at + 4:at + 2 + length]
        if length < 2 or len(body) != length - 2:
            raise _Bad
        at += 2 + length
        if marker in _SOF:
            if frame is not None:
                raise _Bad  # a second frame
            frame, sof = _frame(body), marker
        elif marker == 0xDA:
            if frame is None or not body or not 1 <= body[0] <= 4 \
                    or length != 6 + 2 * body[0] \
                    or sof not in _LOSSLESS and 0xDB not in tables \
                    or sof in _HUFFMAN and 0xC4 not in tables:
                raise _Bad  # no frame, or the tables its scan needs are missing
            found = _SCAN_END.search(data, at)
            if found is None or found.start() == at:
                raise _Bad  # a scan with no data, or one running off the end
            at, scans = found.start(), scans + 1
        elif marker in _TABLES:
            if marker == 0xDD and length != 4:
                raise _Bad
            tables.add(marker)
        else:
            raise _Bad  # SOI again, a restart outside a scan, DNL, or no marker at all


def _frame(body: bytes) -> tuple[str, int, int]:
    if len(body) < 6:
        raise _Bad
    precision, height, width, components = struct.unpack(">BHHB", body[:6])
    _sane(width, height)
    if precision not in (8, 12, 16) or not 1 <= components <= 4 \
            or len(body) != 6 + 3 * components:
        raise _Bad
    for c in range(components):
        sampling = body[6 + 3 * c + 1]
        if not (1 <= sampling >> 4 <= 4 and 1 <= sampling & 15 <= 4):
            raise _Bad
    return "jpeg", width, height


def _jpeg_header(data: bytes) -> tuple[str, int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return ("jpeg", width, height) if width and height else None
        i += 2 + length
    return None


def fit(width: int, height: int, max_width_in: float = 2.0, max_height_in: float = 1.1) \
        -> tuple[int, int]:
    """The picture's size on the cover in EMU: as large as fits the box, proportions kept."""
    scale = min(max_width_in / width, max_height_in / height)
    return int(width * scale * EMU_PER_INCH), int(height * scale * EMU_PER_INCH)
