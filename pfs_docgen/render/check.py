"""Check a folder of restyled templates before a district renders a single plan with them.

It names, with the template file and the nearby text: every field a template uses that the
tool does not provide, and docxtpl's known traps: a tag Word split across runs (spell check,
formatting), curly quotes inside a tag (AutoCorrect), two `{%p %}` tags in one paragraph
(which corrupts the document), a loop variable used in a header or footer (rendered apart
from the body, they cannot see it), Jinja syntax errors, and every limit a build enforces:
the file's sizes, a DTD, `{% include %}`, and the time, work and output of a render (each
template's renders share one budget, so a hostile folder is checked in bounded time).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChainableUndefined, Template, meta, nodes
from jinja2 import TemplateError as JinjaTemplateError

from ..errors import TemplateError
from ..issues import ERROR, WARNING
from ..text import clip
from .engine import environment, template_parts
from .limits import Budget, TemplateLimit, render_bounded

_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_CURLY = "“”‘’"

NEARBY = 90  # characters of a template's text quoted beside a problem


@dataclass(frozen=True)
class TemplateProblem:
    severity: str
    template: str  # the file name
    part: str  # word/document.xml, word/header1.xml ...
    message: str
    nearby: str  # the paragraph's text, to find it in Word

    def __str__(self) -> str:
        return f"{self.template}: {self.severity}: {self.message} (near: \"{self.nearby}\")"


def _paragraphs(xml: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each paragraph's text, with the span each text run covers in it."""
    found = []
    for p in _PARAGRAPH.finditer(xml):
        text, spans = "", []
        for t in _TEXT.finditer(p.group(0)):
            piece = _unescape(t.group(1))
            spans.append((len(text), len(text) + len(piece)))
            text += piece
        found.append((text, spans))
    return found


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _traps(name: str, part: str, xml: str) -> list[TemplateProblem]:
    problems = []
    for text, spans in _paragraphs(xml):
        for tag in _TAG.finditer(text):
            runs = [s for s in spans if s[0] < tag.end() and s[1] > tag.start()]
            if len(runs) > 1:
                problems.append(TemplateProblem(
                    WARNING, name, part, f"the tag {clip(tag.group(0), 50)} is split across "
                    f"{len(runs)} text runs (Word's spell check or a formatting change did "
                    "this). Select the whole tag, delete it and type it again in one go.",
                    clip(text, NEARBY)))
            if any(q in tag.group(0) for q in _CURLY):
                problems.append(TemplateProblem(
                    WARNING, name, part, f"the tag {clip(tag.group(0), 50)} has curly quotes "
                    "(Word's AutoCorrect); use straight quotes \" and ' inside tags.",
                    clip(text, NEARBY)))
        if len(re.findall(r"\{%-?\s*p\s", text)) > 1:
            problems.append(TemplateProblem(
                ERROR, name, part, "two {%p %} tags share one paragraph, which corrupts the "
                "document. Put each {%p %} tag in a paragraph of its own.", clip(text, NEARBY)))
    return problems


def _nearby(xml: str, word: str) -> str:
    for text, _ in _paragraphs(xml):
        if word in text:
            return clip(text, NEARBY)
    return ""


def check_templates(directory: str | Path, contexts: dict[str, list[dict]]) -> list[
        TemplateProblem]:
    """Every problem in the templates of `directory`, checked against sample contexts
    (template kind -> the contexts the tool would give it)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise TemplateError(f"{directory} is not a folder of templates.")
    files = sorted(directory.glob("*.docx"))
    if not files:
        raise TemplateError(f"{directory} has no .docx templates. Start from the defaults: "
                            "pfs-docgen templates export DIR.")
    problems: list[TemplateProblem] = []
    for path in files:
        kind = path.stem
        if kind not in contexts:
            problems.append(TemplateProblem(
                WARNING, path.name, "", f"'{path.stem}' is not a document kind, so the tool "
                f"never uses this file. The kinds are: {', '.join(sorted(contexts))}.", ""))
            continue
        try:
            tagged, _ = template_parts(path)
        except TemplateError as exc:
            problems.append(TemplateProblem(ERROR, path.name, "", str(exc), ""))
            continue
        budget = Budget()  # one for all of the template's parts and sample contexts
        for part, raw, source in tagged:
            problems += _traps(path.name, part, raw)
            if not budget.exhausted:  # past a limit: the other parts would only repeat it
                problems += _fields(path.name, part, raw, source, contexts[kind], budget)
    return problems


class _Recorder(ChainableUndefined):
    """An undefined value that remembers what was asked for, instead of failing at once."""

    seen: list[tuple[str | None, object, str | None]] = []  # (field, its object, hint)

    def __init__(self, hint=None, obj=None, name=None, exc=None, *args, **kwargs):
        super().__init__(hint, obj, name, *args, **kwargs)
        _Recorder.seen.append((name, obj, hint))


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> tuple[nodes.Template, Template, tuple]:
    """A part's source parsed and compiled to record what it asks for, and what compiling
    it asked for already (Jinja folds constant expressions, `{{ ''.__class__ }}`, while
    compiling): once per process for each source, since a folder checked again, or the
    defaults beside a restyled template, repeat the same parts."""
    env = environment(undefined=_Recorder)
    _Recorder.seen = []
    parsed = env.parse(source)
    template = env.from_string(source)
    return parsed, template, tuple(_Recorder.seen)


def _fields(name: str, part: str, raw: str, source: str, contexts: list[dict],
            budget: Budget) -> list[TemplateProblem]:
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)  # a line a paragraph, for errors
    try:
        parsed, template, compiled = _compiled(source)
    except (RecursionError, SyntaxError, MemoryError):
        return [TemplateProblem(ERROR, name, part, "the template language is broken here: "
                                "its tags nest too deeply", "")]
    except JinjaTemplateError as exc:
        lines = source.splitlines()
        number = getattr(exc, "lineno", None) or 0
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        nearby = clip("".join(_unescape(m) for m in _TEXT.findall(line)), NEARBY)
        return [TemplateProblem(ERROR, name, part, "the template language is broken here: "
                                f"{getattr(exc, 'message', None) or exc}", nearby)]
    problems = []
    is_apart = "/header" in part or "/footer" in part
    if is_apart:
        top = set(contexts[0]) if contexts else set()
        for variable in sorted(meta.find_undeclared_variables(parsed) - top):
            problems.append(TemplateProblem(
                ERROR, name, part, f"'{variable}' is used in a header or footer, but it is not "
                "a field of the whole document (a loop variable of the body, perhaps); headers "
                "and footers are rendered apart from the body and cannot see it.",
                _nearby(raw, variable)))
    reported = set()
    for context in contexts:
        _Recorder.seen = list(compiled)
        try:
            for _ in render_bounded([(part, template.generate(context))], budget):
                pass
        except TemplateLimit as exc:
            problems.append(TemplateProblem(ERROR, name, part, f"rendering goes over a limit: "
                                            f"{exc}", ""))
            break
        except RecursionError:
            problems.append(TemplateProblem(ERROR, name, part, "rendering fails: it calls "
                                            "itself too deeply", ""))
            break
        except JinjaTemplateError as exc:
            problems.append(TemplateProblem(ERROR, name, part, f"rendering fails: {exc}",
                                            ""))
            break
        except Exception as exc:  # a filter applied to the wrong kind of value, say
            problems.append(TemplateProblem(ERROR, name, part, f"rendering fails: "
                                            f"{type(exc).__name__}: {exc}", ""))
            break
        for field, obj, hint in _Recorder.seen:
            if field is None or field in reported or isinstance(obj, _Recorder):
                continue
            reported.add(field)
            if is_apart and obj is None:
                continue  # reported above as a header problem
            if hint and "unsafe" in hint:
                message = f"{hint}: templates may only use the plan's fields."
            elif isinstance(obj, dict):
                message = (f"'{field}' is not a field the tool provides here; this object has: "
                           f"{', '.join(sorted(obj))}.")
            else:
                message = f"'{field}' is not a field the tool provides."
            problems.append(TemplateProblem(ERROR, name, part, message, _nearby(raw, field)))
    return problems
