"""docxtpl and Jinja live here and nowhere else: templates compiled once, rendered per document.

docxtpl's usual path loads the .docx with python-docx, patches its XML, compiles it with Jinja
and saves it again through python-docx on every render. Here each template is opened, patched
(with docxtpl's own patcher) and compiled once; a render fills the compiled parts and writes
them beside the template's other parts, which are compressed once and copied as bytes.

The environment is sandboxed, strict (a missing field is an error, never a blank) and always
autoescaped, so `&`, `<` or `{{ 7*7 }}` typed by a team are printed exactly as typed. A
template is read within size limits (package.py) and rendered within a budget of time,
work and output (sandbox.py, limits.py).
"""

from __future__ import annotations

import hashlib
import io
import marshal
import re
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from types import CodeType

from docxtpl import DocxTemplate
from jinja2 import Template, UndefinedError
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..design import LOGO_PART_PREFIX
from ..errors import TemplateError
from ..text import anchor, anchor_id
from . import sandbox
from .columns import TextStyles, fit_columns, text_styles
from .keep import keep_short_tables
from .limits import TemplateLimit, render_bounded
from .package import read_file, read_parts

_TAGGED = re.compile(r"\{[{%]")
# A text run holding a line break or a tab: Word needs <w:br/> and <w:tab/> elements.
_TEXT_WITH_BREAKS = re.compile(r"<w:t(?: [^>]*)?>([^<]*[\n\t][^<]*)</w:t>")


# The filters templates may use beyond Jinja's: the bookmark of a heading, which its
# table-of-contents entry links to.
FILTERS = {"anchor": anchor, "anchor_id": anchor_id}


def environment(**options) -> sandbox.BoundedEnvironment:
    env = sandbox.environment(**options)
    env.add_filters(FILTERS)
    return env


@dataclass
class _Part:
    name: str
    code: CodeType  # Jinja's compiled Python code for the part, kept to pickle the template
    template: Template


def template_parts(path: Path, data: bytes | None = None) -> tuple[
        list[tuple[str, str, str]], list[tuple[zipfile.ZipInfo, bytes]]]:
    """A template's tagged parts as (part name, raw XML, Jinja source) and its other parts
    (from its bytes `data`, read from `path` when not given)."""
    parts = read_parts(path, data)
    patcher = DocxTemplate(str(path))  # only its XML patcher is used
    tagged, plain = [], []
    for info, part in parts:
        text = part.decode("utf-8", "replace") if info.filename.endswith(".xml") else ""
        if text and _TAGGED.search(text):
            tagged.append((info.filename, text, patcher.patch_xml(_column_loop_grids(text))))
        else:
            plain.append((info, part))
    return tagged, plain


class CompiledTemplate:
    """One .docx template, patched and compiled once; `render(context)` gives .docx bytes."""

    def __init__(self, path: str | Path, env: SandboxedEnvironment | None = None,
                 data: bytes | None = None):
        self.path = Path(path)
        env = env or environment()
        tagged, plain = template_parts(self.path, data)
        self.parts: list[_Part] = []
        for name, _, source in tagged:
            try:
                code = env.compile(source)
            except (JinjaTemplateError, RecursionError, SyntaxError, MemoryError) as exc:
                reason = "its tags nest too deeply" if isinstance(exc, (
                    RecursionError, SyntaxError, MemoryError)) else exc
                raise TemplateError(
                    f"The template {self.path.name} ({name}) has a template error: {reason}. "
                    "Run pfs-docgen templates check on its folder.") from exc
            self.parts.append(_Part(name, code, _template(env, code)))
        styles = next((data for info, data in plain if info.filename == "word/styles.xml"), b"")
        self.text_styles: TextStyles = text_styles(styles.decode("utf-8", "replace"))
        base = io.BytesIO()
        self.slots: dict[str, bytes] = {}  # media slot -> its placeholder picture
        with zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in plain:
                if info.filename.startswith(LOGO_PART_PREFIX):
                    self.slots[info.filename] = data
                else:
                    out.writestr(info, data)
        self._base = base.getvalue()

    # A worker process gets the parent's compiled templates: the Jinja code travels as
    # marshalled bytecode (the same Python runs both), so no worker compiles anything.
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["parts"] = [(p.name, marshal.dumps(p.code)) for p in self.parts]
        return state

    def __setstate__(self, state: dict) -> None:
        env = environment()
        state["parts"] = [_Part(name, code, _template(env, code))
                          for name, code in ((n, marshal.loads(b)) for n, b in state["parts"])]
        self.__dict__.update(state)

    def render(self, context: dict, media: dict[str, bytes] | None = None) -> bytes:
        """The document for a context; `media` fills picture slots (the logo) by part name."""
        out = io.BytesIO(self._base)
        out.seek(0, io.SEEK_END)
        # Fast deflate for the parts that change: a few percent larger, several times quicker.
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            try:
                rendered = list(render_bounded((p.name, p.template.generate(context))
                                               for p in self.parts))
            except Exception as exc:  # the template is the district's code: all its failures
                raise self._failure(exc) from exc
            for name, xml in rendered:
                xml = _breaks_and_tabs(xml)
                if name == "word/document.xml":  # tables laid out from their content
                    xml = keep_short_tables(fit_columns(xml, self.text_styles),
                                            self.text_styles)
                archive.writestr(name, xml.encode("utf-8"))
            for name, placeholder in self.slots.items():
                archive.writestr(name, (media or {}).get(name, placeholder))
        return out.getvalue()

    def _failure(self, exc: Exception) -> TemplateError:
        """A render's failure, as the template's error."""
        name = self.path.name
        if isinstance(exc, TemplateLimit):
            return TemplateError(f"The template {name} went over a limit: {exc}. Simplify its "
                                 "loops and repeats; pfs-docgen templates check finds them.")
        if isinstance(exc, RecursionError):
            return TemplateError(f"The template {name} calls itself too deeply (a macro that "
                                 "never stops calling itself, perhaps).")
        if isinstance(exc, SecurityError) or (
                isinstance(exc, UndefinedError) and "unsafe" in str(exc)):
            return TemplateError(f"The template {name} tried something unsafe ({exc}); "
                                 "templates may only use the plan's fields.")
        if isinstance(exc, UndefinedError):
            return TemplateError(f"The template {name} uses a field the tool does not "
                                 f"provide: {exc}.")
        if isinstance(exc, JinjaTemplateError):
            return TemplateError(f"The template {name} failed to render: {exc}.")
        return TemplateError(f"The template {name} failed to render: {type(exc).__name__}: "
                             f"{exc}.")


def _template(env: SandboxedEnvironment, code: CodeType) -> Template:
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _breaks_and_tabs(xml: str) -> str:
    """Line breaks and tabs typed in a cell become Word's break and tab elements."""
    if not _break_in_text(xml):  # most parts: the regex would scan them for nothing
        return xml

    def split(m):
        text = m.group(1)
        pieces = re.split(r"([\n\t])", text)
        out = []
        for piece in pieces:
            if piece == "\n":
                out.append("<w:br/>")
            elif piece == "\t":
                out.append("<w:tab/>")
            elif piece:
                out.append(f'<w:t xml:space="preserve">{piece}</w:t>')
        return "".join(out)

    return _TEXT_WITH_BREAKS.sub(split, xml)


def _break_in_text(xml: str) -> bool:
    """Whether a \n or \t may sit in a <w:t> run's text: the last tag before it opens one.
    The XML declaration's line break, say, does not; a false yes only costs the regex."""
    for char in "\n\t":
        at = xml.find(char)
        while at != -1:
            tag = xml.rfind("<", 0, at)
            if xml.startswith("<w:t>", tag) or xml.startswith("<w:t ", tag):
                return True
            at = xml.find(char, at + 1)
    return False


_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
_COLUMN_LOOP = re.compile(r"\{%\s*tc\s+for\s+\w+\s+in\s+(.+?)\s*%\}")
_GRID = re.compile(r"<w:tblGrid>.*?</w:tblGrid>", re.S)
_GRID_COLUMN = re.compile(r'<w:gridCol w:w="(\d+)"/>')
_CELL_WIDTH = re.compile(r'<w:tcW w:type="dxa" w:w="\d+"/>|<w:tcW w:w="\d+" w:type="dxa"/>')


def _column_loop_grids(xml: str) -> str:
    """A table with `{%tc %}` column loops gets a grid that follows the loop: one grid
    column per item, sharing the table's width. Done once, in the template itself, so a
    render needs no XML re-parse (docxtpl's fix_tables re-parses every document)."""
    def fit(m):
        table = m.group(0)
        loop = _COLUMN_LOOP.search(table)
        if not loop:
            return table
        grid = _GRID.search(table)
        total = sum(int(w) for w in _GRID_COLUMN.findall(grid.group(0))) if grid else 0
        if grid is None or not total:
            return table
        items = loop.group(1)
        width = f"{{{{ {total} // (({items})|length or 1) }}}}"
        new_grid = (f"<w:tblGrid>{{% for _ in {items} %}}<w:gridCol w:w=\"{width}\"/>"
                    "{% endfor %}</w:tblGrid>")
        table = table[:grid.start()] + new_grid + table[grid.end():]
        return _CELL_WIDTH.sub(f'<w:tcW w:type="dxa" w:w="{width}"/>', table)

    return _TABLE.sub(fit, xml)


class Renderer:
    """Every template of a directory, each compiled once on first use. A kind the directory
    lacks comes from `fallback` (the default templates), so a district may restyle only the
    documents it wants to."""

    def __init__(self, directory: str | Path, fallback: str | Path | None = None):
        self.directory = Path(directory)
        self.fallback = Path(fallback) if fallback else None
        self._compiled: dict[str, CompiledTemplate] = {}

    def path(self, kind: str) -> Path:
        for folder in (self.directory, self.fallback):
            if folder is not None and (folder / f"{kind}.docx").is_file():
                return folder / f"{kind}.docx"
        raise TemplateError(f"There is no template for '{kind}' in {self.directory} "
                            f"(expected {kind}.docx).")

    def template(self, kind: str) -> CompiledTemplate:
        if kind not in self._compiled:
            self._compiled[kind] = compiled(self.path(kind))
        return self._compiled[kind]

    def compile(self, kinds) -> Renderer:
        """Compile these kinds now (before the renderer is handed to worker processes)."""
        for kind in kinds:
            self.template(kind)
        return self

    def render(self, kind: str, context: dict, media: dict[str, bytes] | None = None) -> bytes:
        return self.template(kind).render(context, media)


# Compiled templates kept per process, by file name and content: a web server's uploads, a
# test suite's builds, a district's folder beside the defaults all compile a template once.
# A compiled template is read-only once made, so renderers and threads share it.
_CACHE_SIZE = 32
_cache: OrderedDict[tuple[str, str], CompiledTemplate] = OrderedDict()
_cache_lock = threading.Lock()
_shared_env: SandboxedEnvironment | None = None


def compiled(path: Path) -> CompiledTemplate:
    """The template at `path`, compiled, or the one compiled earlier from the same bytes
    under the same file name (its messages name only the file)."""
    global _shared_env
    data = read_file(path)
    key = (path.name, hashlib.sha256(data).hexdigest())
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        _shared_env = _shared_env or environment()
    template = CompiledTemplate(path, _shared_env, data)
    with _cache_lock:
        _cache[key] = template
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return template
