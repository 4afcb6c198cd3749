"""Plan Info Logo from a hostile school: only a whole PNG or JPEG inside the workbook's folder.

A school's workbook is built at the district office, so its Logo cell must not make the
office embed a file from elsewhere (an absolute path, `..`, a symbolic link out, a pipe or
a device), and the message must not tell which files exist: every refusal reads the same
sentence. A valid header over garbage, a bad CRC, a cut-off file and a decompression bomb
are refused too, in bounded time and memory; nothing is written and no input changes.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from bounded import checksums, deflated_zeros, measure
from conftest import missing, run_cli, sample

from pfs_docgen import schema as s
from pfs_docgen.api import check
from pfs_docgen.images import MAX_BYTES, whole_picture
from pfs_docgen.workbook import write_workbook

SENTENCE = ("{where}: the logo '{name}' is not a PNG or JPEG picture of at most 5 MB inside "
            "the workbook's folder; put the picture beside the workbook and type its file "
            "name, or leave the cell empty.")
LOGO_CELL = f"B{len(sample()[s.PLAN_INFO]) + 2}"  # the row appended after the sample's


# --- pictures, built byte by byte ---------------------------------------------------------

def chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) if crc is None else crc)


def ihdr(width: int, height: int, depth: int = 8, colour: int = 2, interlace: int = 0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0,
                                      interlace))


def png(width: int = 40, height: int = 20) -> bytes:
    raw = b"".join(b"\x00" + bytes([31, 78, 121]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + ihdr(width, height) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def interlaced_palette_png(width: int = 13, height: int = 7) -> bytes:
    """Adam7, 4-bit palette: the expected size is the seven passes' rows."""
    rows = []
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                           (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
        w = len(range(x0, width, dx))
        h = len(range(y0, height, dy))
        if w and h:
            rows += [b"\x01" + bytes((w * 4 + 7) // 8)] * h
    return (b"\x89PNG\r\n\x1a\n" + ihdr(width, height, 4, 3, 1)
            + chunk(b"PLTE", bytes(range(48))) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def png_bomb() -> bytes:
    """A 4000 x 4000 16-bit RGBA header (128 MB of image data) over a stream of zeros that
    inflates to 1 GB: a reader that inflates it whole holds a gigabyte."""
    return (b"\x89PNG\r\n\x1a\n" + ihdr(4000, 4000, 16, 6)
            + chunk(b"IDAT", deflated_zeros(1024)) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    """A one-page PDF with a coloured square, for pdftoppm to turn into a JPEG."""
    content = b"0.2 0.4 0.7 rg 10 10 80 40 re f"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 60] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)


@pytest.fixture(scope="module")
def jpegs(tmp_path_factory) -> dict[str, bytes]:
    """A baseline and a progressive JPEG, made by poppler's pdftoppm."""
    if shutil.which("pdftoppm") is None:
        missing("pdftoppm (poppler-utils) is not installed")
    tmp = tmp_path_factory.mktemp("jpeg")
    (tmp / "square.pdf").write_bytes(_pdf())
    made = {}
    for name, options in (("baseline", []), ("progressive", ["-jpegopt", "progressive=y"])):
        subprocess.run(["pdftoppm", "-jpeg", *options, "-r", "72", "-singlefile",
                        str(tmp / "square.pdf"), str(tmp / name)], check=True, timeout=60)
        made[name] = (tmp / f"{name}.jpg").read_bytes()
    return made


# --- the workbook and its folder ----------------------------------------------------------

def school(folder: Path, logo: str) -> Path:
    """A workbook in `folder` whose Plan Info Logo cell holds `logo`."""
    rows = sample()
    rows[s.PLAN_INFO].append({s.FIELD: s.LOGO, s.VALUE: logo})
    folder.mkdir(parents=True, exist_ok=True)
    return write_workbook(folder / "plan.xlsx", s.DISTRICT, rows)


def _secret(tmp_path: Path) -> Path:
    """A picture outside the workbook's folder that the attacker wants embedded."""
    (tmp_path / "office").mkdir(exist_ok=True)
    secret = tmp_path / "office" / "secret.png"
    secret.write_bytes(png(33, 11))
    return secret


def _link(path: Path, to: str | Path) -> None:
    try:
        path.symlink_to(to)
    except (OSError, NotImplementedError):
        pytest.skip("this file system cannot make symbolic links")


def _fifo(path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    os.mkfifo(path)


def _cut(data: bytes, at: int, by: int = 1) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + by:]


# (case, what to put in the school's folder, the Logo cell's text)
HOSTILE = {
    "absolute path out": (lambda d, t: None, lambda d, t: str(_secret(t))),
    "dot-dot out": (lambda d, t: _secret(t), lambda d, t: "../office/secret.png"),
    "dot-dot through a subfolder": (lambda d, t: (_secret(t), (d / "pics").mkdir()),
                                    lambda d, t: "pics/../../office/secret.png"),
    "link to a file out": (lambda d, t: _link(d / "logo.png", _secret(t)),
                           lambda d, t: "logo.png"),
    "link to a folder out": (lambda d, t: (_secret(t), _link(d / "pics", t / "office")),
                             lambda d, t: "pics/secret.png"),
    "link to a device": (lambda d, t: _link(d / "logo.png", "/dev/zero"),
                         lambda d, t: "logo.png"),
    "named pipe": (lambda d, t: _fifo(d / "logo.png"), lambda d, t: "logo.png"),
    "missing": (lambda d, t: None, lambda d, t: "logo.png"),
    "a folder": (lambda d, t: (d / "pics").mkdir(), lambda d, t: "pics"),
    "the folder itself": (lambda d, t: None, lambda d, t: "."),
    "the workbook itself": (lambda d, t: None, lambda d, t: "plan.xlsx"),
    "a name too long": (lambda d, t: None, lambda d, t: "a" * 5000 + ".png"),
    "empty file": (lambda d, t: (d / "logo.png").write_bytes(b""), lambda d, t: "logo.png"),
    "text": (lambda d, t: (d / "logo.png").write_bytes(b"just some text"),
             lambda d, t: "logo.png"),
    "too large": (lambda d, t: (d / "logo.png").write_bytes(
        png()[:33] + os.urandom(MAX_BYTES)), lambda d, t: "logo.png"),
    "PNG header over garbage": (lambda d, t: (d / "logo.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + ihdr(40, 20) + os.urandom(2000)), lambda d, t: "logo.png"),
    "PNG with a bad CRC": (lambda d, t: (d / "logo.png").write_bytes(_cut(png(), 50)),
                           lambda d, t: "logo.png"),
    "PNG cut off before IEND": (lambda d, t: (d / "logo.png").write_bytes(png()[:-12]),
                                lambda d, t: "logo.png"),
    "PNG image data short of its size": (lambda d, t: (d / "logo.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + ihdr(40, 20) + chunk(b"IDAT", zlib.compress(bytes(100)))
        + chunk(b"IEND", b"")), lambda d, t: "logo.png"),
    "PNG with a bad filter byte": (lambda d, t: (d / "logo.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + ihdr(2, 2) + chunk(b"IDAT", zlib.compress(
            b"\x00" + bytes(6) + b"\x09" + bytes(6))) + chunk(b"IEND", b"")),
        lambda d, t: "logo.png"),
    "PNG decompression bomb": (lambda d, t: (d / "logo.png").write_bytes(png_bomb()),
                               lambda d, t: "logo.png"),
    "PNG too many pixels": (lambda d, t: (d / "logo.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + ihdr(100000, 1) + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")), lambda d, t: "logo.png"),
    "JPEG header over garbage": (lambda d, t: (d / "logo.jpg").write_bytes(
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + os.urandom(3000)), lambda d, t: "logo.jpg"),
    "JPEG segment running off the end": (lambda d, t: (d / "logo.jpg").write_bytes(
        b"\xff\xd8\xff\xdb\xff\xff" + bytes(100)), lambda d, t: "logo.jpg"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_logo_is_refused_with_the_one_sentence(tmp_path, case):
    prepare, cell = HOSTILE[case]
    folder = tmp_path / "school"
    folder.mkdir()
    prepare(folder, tmp_path)
    logo = cell(folder, tmp_path)
    workbook = school(folder, logo)
    before = checksums(tmp_path)
    from pfs_docgen.text import clip

    expected = SENTENCE.format(where=f"Plan Info!{LOGO_CELL} (Logo)", name=clip(logo))
    result = run_cli("validate", workbook)
    assert result.exit_code == 1
    assert f"  error: {expected}" in result.stdout.splitlines(), result.stdout
    out = tmp_path / "out"
    result = run_cli("build", workbook, "-o", out)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"  error: {expected}" in result.stderr.splitlines(), result.stderr
    assert not out.exists() or not list(out.iterdir())  # nothing half-written
    assert checksums(tmp_path) == before  # no input changed, the attacker's target neither
    assert check(workbook).book.logo is None


def test_the_message_is_the_same_whether_the_file_outside_exists_or_not(tmp_path):
    _secret(tmp_path)
    messages = []
    for n, name in enumerate(["../office/secret.png", "../office/nothing.png"]):
        workbook = school(tmp_path / f"school{n}", name)
        [issue] = [i for i in check(workbook).issues if i.column == s.LOGO]
        messages.append(issue.message.replace(name, "NAME"))
    assert messages[0] == messages[1]


def test_whole_pictures_inside_the_folder_are_kept(tmp_path, jpegs):
    folder = tmp_path / "school"
    (folder / "pics").mkdir(parents=True)
    pictures = {"logo.png": png(300, 120), "pics/crest.png": interlaced_palette_png(),
                "seal.jpg": jpegs["baseline"], "pics/seal-progressive.jpeg": jpegs["progressive"]}
    for name, data in pictures.items():
        (folder / name).write_bytes(data)
    _link(folder / "inside-link.png", folder / "logo.png")  # a link that stays inside
    pictures["inside-link.png"] = pictures["logo.png"]
    for name, data in pictures.items():
        assert whole_picture(data) is not None, name
        book = check(school(folder, name)).book
        assert book.logo == data, name
        (folder / "plan.xlsx").unlink()


def test_a_workbook_with_a_logo_still_builds(tmp_path):
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "logo.png").write_bytes(png(300, 120))
    result = run_cli("build", school(folder, "logo.png"), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "out").glob("*.docx"))


def test_the_worst_logos_take_bounded_time_and_memory(tmp_path):
    """A decompression bomb, a named pipe (a naive reader blocks on it forever), /dev/zero
    behind a link (never ends) and a file past the size limit, validated in one child
    process: time and peak memory measured, not guessed."""
    workbooks = []
    for case in ("PNG decompression bomb", "named pipe", "link to a device", "too large"):
        prepare, cell = HOSTILE[case]
        folder = tmp_path / case.replace(" ", "-")
        folder.mkdir()
        prepare(folder, tmp_path)
        workbooks.append(school(folder, cell(folder, tmp_path)))
    result = measure("validate", *workbooks, cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    assert result.stdout.count("is not a PNG or JPEG picture of at most 5 MB") == 4
    assert result.seconds < 60, result.seconds  # measured: 0.6 s, start-up included
    assert result.peak_mb < 400, result.peak_mb  # measured: 38 MB
