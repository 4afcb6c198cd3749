"""Regenerate the README's generated sections (workbook format, command reference, the
timeline forms).

    python scripts/update_readme.py          # rewrite README.md in place
    python scripts/update_readme.py --check  # exit 1 if README.md is out of date

The sections sit between `<!-- BEGIN name -->` and `<!-- END name -->` markers; everything
else in the README is hand-written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pfs_docgen.cli import reference_markdown
from pfs_docgen.schema import markdown_reference
from pfs_docgen.timeline import markdown_forms

README = Path(__file__).resolve().parents[1] / "README.md"
SECTIONS = {"workbook": markdown_reference, "commands": reference_markdown,
            "timeline": markdown_forms}


def updated(text: str) -> str:
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no '{name}' section markers")
        body = make()
        text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(2), text)
    return text


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    new = updated(current)
    if "--check" in argv:
        if new != current:
            print("README.md is out of date: run python scripts/update_readme.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
