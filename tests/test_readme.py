"""The README's generated sections and command examples cannot drift from the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pfs_docgen import schema as s
from pfs_docgen.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_readme_generated_sections_are_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_readme.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_workbook_section_names_every_sheet_and_column():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for sheet in s.SHEETS:
        assert f"| `{sheet.name}` |" in readme
        for col in sheet.columns:
            assert f"`{col.name}`" in readme


def test_readme_shows_the_two_commands_and_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install . && pfs-docgen demo" in readme
    assert 'pip install -e ".[test]" && pytest' in readme
    for name in cli.commands:
        assert f"### `pfs-docgen {name}`" in readme


def test_readme_quick_start_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\$ pfs-docgen ([a-z][a-z-]*)", readme))
    assert used and used <= set(cli.commands)
