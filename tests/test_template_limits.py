"""Restyled templates from a hostile district: bounded in size, time, work and output.

The sandbox keeps a template from Python's internals; these keep it from the machine: a
template that loops for ever, builds a string of a gigabyte or a number of a hundred million
digits, includes other templates, calls itself, declares a DTD or hides a 2.5 GB part in a
2.5 MB file fails `build` and `templates check` with a template error naming the template,
in bounded time and memory (measured in a child process), nothing written, no input changed.
"""

from __future__ import annotations

import pickle
import shutil
import struct
import time
import zipfile
from pathlib import Path

import docx
import pytest
from bounded import checksums, deflated_zeros, measure, zeros_crc
from conftest import make_workbook, run_cli

from pfs_docgen.documents import default_templates
from pfs_docgen.documents.fields import sample_contexts
from pfs_docgen.errors import TemplateError
from pfs_docgen.render import CompiledTemplate, environment
from pfs_docgen.render.limits import Budget, TemplateLimit, render_bounded

OVER = "went over a limit"

# (a tag typed into plan.docx, what `build` says, what `templates check` says)
TAGS = {
    "nested loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "more than 50,000,000 characters", "more than 50,000,000 characters"),
    "a gigabyte string": ("{{ 'a' * 10**9 }}", "more than 50,000,000 characters",
                          "more than 50,000,000 characters"),
    "a hundred-million-digit number": ("{{ 10**(10**8) }}", "more than 100,000 bits",
                                       "more than 100,000 bits"),
    "lipsum": ("{{ lipsum(10**6) }}", "'lipsum' is undefined", "lipsum"),
    "include": ("{% include 'other.docx' %}", "templates may not include, import or extend",
                "templates may not include, import or extend"),
    "import": ("{% import 'other.docx' as other %}",
               "templates may not include, import or extend",
               "templates may not include, import or extend"),
    "extends": ("{% extends 'other.docx' %}", "templates may not include, import or extend",
                "templates may not include, import or extend"),
    "from import": ("{% from 'other.docx' import x %}",
                    "templates may not include, import or extend",
                    "templates may not include, import or extend"),
    "a macro calling itself": ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
                               "nest more than 50 deep", "nest more than 50 deep"),
    "a macro doubling itself": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% else %}abcdefgh{% endif %}"
        "{% endmacro %}{{ f(40) }}", OVER, "rendering goes over a limit"),
    "doubling by ~": (
        "{% set ns = namespace(x='a') %}{% for i in range(100) %}{% set ns.x = ns.x ~ ns.x %}"
        "{% endfor %}{{ ns.x|length }}", "more than 50,000,000 characters", "over a limit"),
    "a list of a list repeated": ("{{ [['x' * 100000] * 1000] * 1000 }}", OVER,
                                  "rendering goes over a limit"),
    "ljust": ("{{ 'x'.ljust(10**9) }}", "width or count of 1,000,000,000",
              "width or count of 1,000,000,000"),
    "center": ("{{ 'x'|center(1000000000) }}", "width or count of 1,000,000,000",
               "width or count of 1,000,000,000"),
    "percent width": ("{{ '%999999999d' % 1 }}", "width or count of 999,999,999",
                      "width or count of 999,999,999"),
    "format width": ("{{ '{:>999999999}'.format(1) }}", "width or count of 999,999,999",
                     "width or count of 999,999,999"),
    "join of a repeat": ("{{ (['x' * 100000] * 400)|join }}", OVER, "over a limit"),
    "a loop printing a lot": ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
                              "more than 50,000,000 characters", "over a limit"),
    "sum of lists": ("{{ ([[1] * 1000] * 1000)|sum(start=[]) }}", "sum adds numbers only",
                     "sum adds numbers only"),
    "nested too deeply": ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "nest too deeply",
                          "nest too deeply"),
}


def _export(tmp_path: Path) -> Path:
    result = run_cli("templates", "export", str(tmp_path / "t"))
    assert result.exit_code == 0, result.output
    (tmp_path / "t" / "FIELDS.md").unlink()
    return tmp_path / "t"


def _with_tag(folder: Path, tag: str, kind: str = "plan") -> Path:
    document = docx.Document(str(folder / f"{kind}.docx"))
    document.add_paragraph(tag)
    document.save(str(folder / f"{kind}.docx"))
    return folder


def _rezip(path: Path, parts: dict[str, bytes | None],
           compression: int = zipfile.ZIP_DEFLATED) -> None:
    """The .docx with these parts replaced, added (or, for None, left out)."""
    with zipfile.ZipFile(path) as z:
        kept = {i.filename: z.read(i) for i in z.infolist()}
    kept.update(parts)
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in kept.items():
            if data is not None:
                z.writestr(name, data)


def _fails(tmp_path: Path, folder: Path, build_says: str, check_says: str) -> None:
    """`build` and `templates check` both refuse the folder, naming plan.docx; no input
    changed, nothing written."""
    workbook = make_workbook(tmp_path)
    before = checksums(tmp_path)
    started = time.monotonic()
    result = run_cli("templates", "check", folder)
    assert result.exit_code == 1, result.output
    assert any(line.startswith("plan.docx: error:") and check_says in line
               for line in result.stdout.splitlines()), result.stdout
    out = tmp_path / "out"
    result = run_cli("build", workbook, "-o", out, "--templates", folder)
    assert result.exit_code == 1, result.output
    assert "The template plan.docx" in result.stderr and build_says in result.stderr, \
        result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not list(out.iterdir())  # nothing half-written
    assert checksums(tmp_path) == before
    assert time.monotonic() - started < 60  # both commands; each bound is far smaller


@pytest.mark.parametrize("case", sorted(TAGS))
def test_a_hostile_tag_is_a_template_error_in_build_and_check(tmp_path, case):
    tag, build_says, check_says = TAGS[case]
    _fails(tmp_path, _with_tag(_export(tmp_path), tag), build_says, check_says)


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1)
                                                             if n > 1 else b"&lol;") * 10)
                             for n in range(1, 10))
                  + b"]><lolz>&lol9;</lolz>")


def _document_with_dtd(folder: Path) -> None:
    with zipfile.ZipFile(folder / "plan.docx") as z:
        xml = z.read("word/document.xml")
    head, body = xml.split(b"?>", 1)
    _rezip(folder / "plan.docx", {"word/document.xml": head + b'?><!DOCTYPE w:document ['
                                  b'<!ENTITY e SYSTEM "file:///etc/passwd">]>' + body})


def _styles_in_utf16_with_dtd(folder: Path) -> None:
    with zipfile.ZipFile(folder / "plan.docx") as z:
        xml = z.read("word/styles.xml").decode("utf-8")
    head, body = xml.split("?>", 1)
    xml = head.replace("UTF-8", "UTF-16") + '?><!DOCTYPE w:styles [<!ENTITY e "x">]>' + body
    _rezip(folder / "plan.docx", {"word/styles.xml": xml.encode("utf-16")})


def _lying_header(folder: Path) -> None:
    """A 30 MB part whose central directory entry claims 1,000 bytes."""
    _rezip(folder / "plan.docx", {"word/media/big.bin": bytes(30 * 1024 * 1024)})
    data = bytearray((folder / "plan.docx").read_bytes())
    name = data.rfind(b"word/media/big.bin")  # the central directory's, after the data
    entry = data.rfind(b"PK\x01\x02", 0, name)
    assert name - entry == 46
    struct.pack_into("<I", data, entry + 24, 1000)  # the uncompressed size
    (folder / "plan.docx").write_bytes(bytes(data))


# (case, how to spoil plan.docx, what both commands say)
PACKAGES = {
    "a DTD with an external entity in document.xml": (
        _document_with_dtd, "declares a DTD or XML entities in word/document.xml"),
    "a billion laughs in a part copied as it is": (
        lambda f: _rezip(f / "plan.docx", {"word/styles.xml": BILLION_LAUGHS}),
        "declares a DTD or XML entities in word/styles.xml"),
    "a DTD in UTF-16, which a byte check misses": (
        _styles_in_utf16_with_dtd, "declares a DTD or XML entities in word/styles.xml"),
    "a header that lies about a part's size": (_lying_header, "is damaged"),
    "too many parts": (lambda f: _rezip(f / "plan.docx", {
        f"word/media/p{n}.bin": b"x" for n in range(1001)}), "parts (at most 1,000)"),
    "two parts of one name": (lambda f: _duplicate(f / "plan.docx"),
                              "two parts of the same name"),
    "too large on disk": (lambda f: _rezip(f / "plan.docx", {
        "word/media/noise.bin": _noise(21 * 1024 * 1024)}, compression=zipfile.ZIP_STORED),
        "larger than 20 MB"),
}


def _noise(size: int) -> bytes:
    import random

    return random.Random(9).randbytes(size)


def _duplicate(path: Path) -> None:
    with zipfile.ZipFile(path, "a") as z, pytest.warns(UserWarning, match="Duplicate"):
        z.writestr("word/styles.xml", b"<w:styles/>")


@pytest.mark.parametrize("case", sorted(PACKAGES))
def test_a_hostile_package_is_a_template_error_in_build_and_check(tmp_path, case):
    spoil, says = PACKAGES[case]
    folder = _export(tmp_path)
    spoil(folder)
    _fails(tmp_path, folder, says, says)


BOMB_MB = 2400


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """plan.docx with a 2.5 GB part (zeros) in a 2.5 MB file. The part's deflated bytes are
    made by repeating one block (deflating 2.5 GB takes seconds) and stored as they are;
    its headers then say what they hold: deflated, its size and CRC."""
    path = tmp_path_factory.mktemp("bomb") / "plan.docx"
    shutil.copy(default_templates() / "plan.docx", path)
    name = "word/media/image9.bin"
    data = deflated_zeros(BOMB_MB, raw=True)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        z.writestr(name, data)
        local = z.getinfo(name).header_offset
    archive = bytearray(path.read_bytes())
    central = archive.rfind(b"PK\x01\x02")  # the last entry of the central directory: ours
    assert archive[central + 46:central + 46 + len(name)] == name.encode()
    crc, size = zeros_crc(BOMB_MB), BOMB_MB << 20
    for at, method in ((local, 8), (central, 10)):  # where each header keeps its method
        struct.pack_into("<H", archive, at + method, zipfile.ZIP_DEFLATED)
        struct.pack_into("<III", archive, at + method + 6, crc, len(data), size)
    path.write_bytes(bytes(archive))
    with zipfile.ZipFile(path) as z:  # the headers agree with the bytes: a true bomb
        info = z.getinfo(name)
        assert (info.compress_type, info.file_size) == (zipfile.ZIP_DEFLATED, size)
        with z.open(info) as part:
            assert part.read(1 << 20) == bytes(1 << 20)
    assert path.stat().st_size < 3 * 1024 * 1024
    return path


def test_a_2_5_gb_part_in_a_2_5_mb_template_is_refused_from_its_header(tmp_path, bomb):
    folder = _export(tmp_path)
    shutil.copy(bomb, folder / "plan.docx")
    _fails(tmp_path, folder, "has a part (word/media/image9.bin) of 2,400 MB (at most 20)",
           "has a part (word/media/image9.bin) of 2,400 MB (at most 20)")


def test_the_worst_templates_take_bounded_time_and_memory(tmp_path, bomb):
    """Each in a child process, `build` measured: the gigabyte string and number, the
    loops, the doubling joins and macros, a billion laughs and the 2.5 GB part."""
    workbook = make_workbook(tmp_path)
    cases = {name: TAGS[name][0] for name in (
        "nested loops", "a gigabyte string", "a hundred-million-digit number",
        "doubling by ~", "a macro doubling itself", "a loop printing a lot")}
    measured = {}
    for name, tag in [*cases.items(), ("billion laughs", None), ("2.5 GB part", None)]:
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        shutil.copy(default_templates() / "plan.docx", folder / "plan.docx")
        if tag is not None:
            _with_tag(folder, tag)
        elif name == "billion laughs":
            _rezip(folder / "plan.docx", {"word/styles.xml": BILLION_LAUGHS})
        else:
            shutil.copy(bomb, folder / "plan.docx")
        result = measure("build", workbook, "-o", tmp_path / "out", "--templates", folder,
                         cwd=tmp_path)
        assert result.exit_code == 1 and "The template plan.docx" in result.stderr, \
            (name, result.stderr)
        measured[name] = (round(result.seconds, 1), round(result.peak_mb))
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    # measured on 2 shared cores, start-up included: 0.3-1.1 s each, the doubling macros 6 s
    # (about a million calls before the work runs out); 42-68 MB at peak
    assert all(seconds < 45 for seconds, _ in measured.values()), measured
    assert all(peak < 600 for _, peak in measured.values()), measured


def test_the_clock_stops_a_loop_that_costs_little_work():
    template = environment().from_string(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    started = time.monotonic()
    with pytest.raises(TemplateLimit, match="more than 0.5 seconds"):
        list(render_bounded([("t", template.generate())], Budget(work=10 ** 15, seconds=0.5)))
    assert time.monotonic() - started < 10


def test_the_output_is_capped_as_it_streams():
    template = environment().from_string("{% for i in range(100000) %}" + "x" * 1000
                                         + "{% endfor %}")
    with pytest.raises(TemplateLimit, match="output is larger than 1 MB"):
        list(render_bounded([("t", template.generate())], Budget(work=10 ** 15),
                            output=1024 * 1024))


def test_a_compiled_template_is_still_bounded_in_a_worker_process(tmp_path):
    """Workers receive templates as marshalled bytecode: the bounds travel with it."""
    folder = _with_tag(_export(tmp_path), TAGS["a gigabyte string"][0])
    compiled = pickle.loads(pickle.dumps(CompiledTemplate(folder / "plan.docx")))
    with pytest.raises(TemplateError, match="more than 50,000,000 characters"):
        compiled.render(sample_contexts()["plan"][0])


def test_ordinary_templates_render_the_same_and_within_their_limits(tmp_path):
    """The defaults use a sliver of the budget: every kind renders, and a template using
    loops, joins, padding and formats within reason still renders."""
    folder = _with_tag(_export(tmp_path), "{{ ['a', 'b']|join(', ') }} {{ 'x'.ljust(3) }}|"
                       " {{ '%05.1f' % 3.14159 }} {{ '{:>6}'.format('ok') }} {{ 2 ** 10 }}"
                       " {{ doc.title ~ '!' }} {% for i in range(3) %}{{ i }}{% endfor %}")
    result = run_cli("templates", "check", folder)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = run_cli("build", make_workbook(tmp_path), "-o", out, "--templates", folder)
    assert result.exit_code == 0, result.output
    from docx_read import all_text

    text = all_text(next(out.glob("*_district-plan_*.docx")))
    assert "a, b x  | 003.1     ok 1024 " in text and "012" in text
