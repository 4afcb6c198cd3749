"""The Jinja environment a template runs in: sandboxed, immutable, and bounded.

Jinja's sandbox keeps a template away from Python's internals; this adds what it leaves
open, a template's cost (render/limits.py holds the budget):

- `*`, `**`, `+` and `%` are intercepted: a repeat, power or format is sized before it is
  made and refused past the budget (`'a' * 10**9`, `10 ** 10**8`, `'%999999999d' % 1`);
- every call (methods, macros, `range`) is charged by its result and its nesting counted
  (a macro calling itself stops at MAX_DEPTH); widths and counts passed to padding and
  splitting methods and filters are at most MAX_WIDTH (`'x'.ljust(10**9)`, `center`);
- the compiled template is instrumented: every loop turn, printed value, `~` join and
  list or dict literal is charged, and the clock read, so a loop printing nothing stops;
- there is no loader: `{% include %}`, `{% import %}` and `{% extends %}` are refused when
  the template is compiled; `lipsum` is gone.
"""

from __future__ import annotations

import re
import string
from types import GeneratorType

from jinja2 import StrictUndefined, nodes
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.compiler import CodeGenerator
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg, pass_context
from jinja2.visitor import NodeTransformer

from .limits import (
    MAX_DEPTH,
    TemplateLimit,
    budget,
    checked_bits,
    checked_int,
    checked_width,
    text_size,
)

NO_INCLUDES = "templates may not include, import or extend other templates"
LOOP_TURN = 10  # what one turn of a loop costs, beside the text its body holds
CALL = 100  # what a call costs (a macro's call takes some 20 loop turns' time), beside its result
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options):
        super().__init__(**options)
        self.code_generator_class = _BoundedCodeGenerator
        del self.globals["lipsum"]
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.filters.update(pfs_loop=_loop, pfs_print=_print, pfs_concat=_concat,
                            pfs_made=_made)

    def add_filters(self, filters: dict) -> None:
        self.filters.update({name: _bounded_filter(name, f) for name, f in filters.items()})

    def call_binop(self, context, operator, left, right):
        b = budget()
        b.spend(1)
        if operator == "*":
            _repeat(b, left, right)
        elif operator == "**":
            _power(left, right)
        elif operator == "+" and isinstance(left, (str, bytes, list, tuple)):
            b.afford(text_size(left) + text_size(right))
        elif operator == "%" and isinstance(left, str):
            args = right if isinstance(right, tuple) else (right,)
            b.afford(_percent_size(left, args))
        result = self.binop_table[operator](left, right)
        if isinstance(result, int):
            checked_int(result)
        b.spend(text_size(result, b.left + 1))
        return result

    def call(__self, __context, __obj, *args, **kwargs):  # Jinja's own signature
        b = budget()
        b.spend(CALL)
        args = _method_args(b, __obj, args, kwargs)
        b.depth += 1
        try:
            if b.depth > MAX_DEPTH:
                raise TemplateLimit(f"its calls nest more than {MAX_DEPTH} deep (a macro "
                                    "that calls itself, perhaps)")
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            b.depth -= 1
        if isinstance(result, int):
            checked_int(result)
        b.spend(text_size(result, b.left + 1))
        return result

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        template, is_map = value.__self__, value.__name__ == "format_map"

        def bounded(*args, **kwargs):
            values = list(args[0].values()) if is_map and args and isinstance(
                args[0], dict) else [*args, *kwargs.values()]
            budget().afford(_format_size(template, values))
            return wrapper(*args, **kwargs)

        return bounded

    def get_template(self, *args, **kwargs):
        raise JinjaTemplateError(NO_INCLUDES)

    select_template = get_or_select_template = get_template


def environment(undefined=StrictUndefined, **options) -> BoundedEnvironment:
    """Strict (a missing field is an error, never a blank) and always autoescaped."""
    return BoundedEnvironment(autoescape=True, undefined=undefined,
                              keep_trailing_newline=True, **options)


# --- sizes told in advance -----------------------------------------------------------------

def _repeat(b, left, right) -> None:
    if isinstance(left, int) and isinstance(right, int):
        checked_bits(left.bit_length() + right.bit_length())
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int):
            b.afford(text_size(seq) * times)


def _power(left, right) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        checked_bits((left.bit_length() - 1) * right)


def _percent_size(template: str, args) -> int:
    widths = 0
    for width, precision in _PERCENT.findall(template):
        for part in (width, precision):
            if part == "*":
                for arg in args:
                    checked_width(arg)
            elif part:
                checked_width(int(part))
                widths += int(part)
    return _fields_size(template, template.count("%"), widths, args)


def _format_size(template: str, values) -> int:
    fields, widths = 0, 0
    for _, field, spec, _ in string.Formatter().parse(template):
        if field is None:
            continue
        fields += 1
        for number in re.findall(r"\d+", spec or ""):
            checked_width(int(number))
            widths += int(number)
        if "{" in (spec or ""):
            for value in values:
                checked_width(value)
    return _fields_size(template, fields, widths, values)


def _fields_size(template: str, fields: int, widths: int, values) -> int:
    largest = max((text_size(v) for v in values), default=0)
    return len(template) + fields * largest + widths


def _method_args(b, method, args: tuple, kwargs: dict) -> tuple:
    """Refuse a method call on a string or number whose result would be too large, before
    it is made. The arguments, with an iterable to join made a list."""
    owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    if isinstance(owner, int) and name == "to_bytes":
        checked_width(args[0] if args else kwargs.get("length", 1))
    if not isinstance(owner, (str, bytes)):
        return args
    size = len(owner)
    if name in ("center", "ljust", "rjust", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        checked_width(width)
        b.afford(max(size, width) if isinstance(width, int) else size)
    elif name == "expandtabs":
        tabs = args[0] if args else kwargs.get("tabsize", 8)
        checked_width(tabs)
        found = owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")
        b.afford(size + found * tabs)
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, (str, bytes)) and isinstance(new, (str, bytes)):
            try:
                count = owner.count(old) if old else size + 1  # type: ignore[arg-type]
            except TypeError:  # bytes in a string: the call fails the same way
                count = 0
            b.afford(size + count * max(0, len(new) - len(old)))
    elif name == "join" and args:
        items = list(args[0])
        b.afford(sum(text_size(i) for i in items) + size * len(items))
        args = (items, *args[1:])
    elif name == "translate" and args and isinstance(args[0], dict):
        b.afford(size * max((text_size(v) for v in args[0].values()), default=1))
    elif name == "encode":
        b.afford(4 * size)
    return args


# --- filters -----------------------------------------------------------------------------

def _width_rule(*params: tuple[int, str]):
    """A filter's widths or counts (positional index after the value, keyword name)."""
    def check(b, value, args, kwargs):
        for index, keyword in params:
            width = args[index] if len(args) > index else kwargs.get(keyword)
            checked_width(width)
            if isinstance(width, int):
                b.afford(width)
    return check


def _indent_rule(b, value, args, kwargs):
    width = args[0] if args else kwargs.get("width", 4)
    checked_width(width)
    text = str(value)
    pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    b.afford(len(text) + (text.count("\n") + 1) * pad)


def _wordwrap_rule(b, value, args, kwargs):
    _width_rule((0, "width"))(b, value, args, kwargs)
    wrap = args[2] if len(args) > 2 else kwargs.get("wrapstring") or "\n"
    b.afford(len(str(value)) * (1 + text_size(wrap)))


def _replace_rule(b, value, args, kwargs):
    if len(args) >= 2:
        _method_args(b, str(value).replace, (str(args[0]), str(args[1])), {})


def _join_rule(b, value, args, kwargs):
    sep = args[0] if args else kwargs.get("d", "")
    items = list(value) if not isinstance(value, str) else value
    b.afford(sum(text_size(i) for i in items) + text_size(sep) * len(items))
    return items


def _format_rule(b, value, args, kwargs):
    b.afford(_percent_size(str(value), list(args) + list(kwargs.values())))


def _sum_rule(b, value, args, kwargs):
    start = args[1] if len(args) > 1 else kwargs.get("start", 0)
    if not isinstance(start, (int, float)):
        raise TemplateLimit("sum adds numbers only")


_FILTER_RULES = {
    "center": _width_rule((0, "width")), "truncate": _width_rule((0, "length"), (3, "leeway")),
    "batch": _width_rule((0, "linecount")), "slice": _width_rule((0, "slices")),
    "round": _width_rule((0, "precision")), "indent": _indent_rule,
    "wordwrap": _wordwrap_rule, "replace": _replace_rule, "join": _join_rule,
    "format": _format_rule, "sum": _sum_rule,
}


def _bounded_filter(name: str, func):
    """The filter, refusing values larger than the budget left and amplifying arguments
    (a width of 10**9), and charging what it makes (a generator's items as they come)."""
    passing = _PassArg.from_obj(func)
    rule = _FILTER_RULES.get(name)

    @pass_context
    def bounded(context, value, *args, **kwargs):
        b = budget()
        b.spend(1)
        b.afford(text_size(value, b.left + 1))
        if rule is not None:
            replaced = rule(b, value, args, kwargs)  # join's rule lists an iterable
            value = value if replaced is None else replaced
        if passing is _PassArg.context:
            result = func(context, value, *args, **kwargs)
        elif passing is _PassArg.eval_context:
            result = func(context.eval_ctx, value, *args, **kwargs)
        elif passing is _PassArg.environment:
            result = func(context.environment, value, *args, **kwargs)
        else:
            result = func(value, *args, **kwargs)
        if isinstance(result, GeneratorType):
            return _charged(result)
        b.spend(text_size(result, b.left + 1))
        return result

    bounded.__name__, bounded.__doc__ = name, func.__doc__
    return bounded


def _charged(items):
    for item in items:
        b = budget()
        b.spend(LOOP_TURN + text_size(item, b.left + 1))
        yield item


@pass_context
def _loop(context, iterable, cost: int):
    """A loop's iterable, each turn charged (the clock read) before the body runs."""
    for item in iterable:
        budget().spend(cost)
        yield item


@pass_context
def _print(context, value):
    b = budget()
    b.spend(text_size(value, b.left + 1))
    return value


@pass_context
def _concat(context, parts: tuple):
    b = budget()
    b.spend(sum(text_size(p, b.left + 1) for p in parts))
    return markup_join(parts) if context.eval_ctx.autoescape else str_join(parts)


@pass_context
def _made(context, value):
    b = budget()
    b.spend(text_size(value, b.left + 1))
    return value


# --- the compiled template ----------------------------------------------------------------

class _BoundedCodeGenerator(CodeGenerator):
    def visit_Template(self, node, frame=None):
        for found in node.find_all((nodes.Extends, nodes.Include, nodes.Import,
                                    nodes.FromImport)):
            self.fail(NO_INCLUDES, found.lineno)
        _Instrument().visit(node)
        node.set_environment(self.environment)
        super().visit_Template(node, frame)


def _filter(node, name: str, *args) -> nodes.Filter:
    return nodes.Filter(node, name, [nodes.Const(a) for a in args], [], None, None,
                        lineno=node.lineno)


class _Instrument(NodeTransformer):
    """Loop turns, printed values, `~` joins and literals charged to the budget."""

    def visit_For(self, node):
        self.generic_visit(node)
        literal = sum(len(d.data) for d in nodes.Template(node.body).find_all(
            nodes.TemplateData))
        node.iter = _filter(node.iter, "pfs_loop", LOOP_TURN + literal)
        return node

    def visit_Output(self, node):
        self.generic_visit(node)
        node.nodes = [n if isinstance(n, nodes.TemplateData) else _filter(n, "pfs_print")
                      for n in node.nodes]
        return node

    def visit_Concat(self, node):
        self.generic_visit(node)
        return _filter(nodes.Tuple(node.nodes, "load", lineno=node.lineno), "pfs_concat")

    def visit_List(self, node):
        self.generic_visit(node)
        return _filter(node, "pfs_made")

    visit_Dict = visit_List

    def visit_Tuple(self, node):
        self.generic_visit(node)
        return _filter(node, "pfs_made") if node.ctx == "load" else node
