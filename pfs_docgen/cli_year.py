"""click only: the year-over-year commands (export; diff), registered on cli.py's group.

Kept apart from cli.py so the commands of one issue live together; cli.py imports this
module last, and the commands appear in `pfs-docgen --help` like the others.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import api
from .cli import EXISTING_FILE, cli, overwrite_option


@cli.command()
@click.argument("workbook", required=False, type=EXISTING_FILE)
@click.option("--district", type=EXISTING_FILE,
              help="The district workbook, to check each District Objective ID.")
@click.option("-o", "--output", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSON to this file instead of printing it.")
@click.option("--schema", "show_schema", is_flag=True,
              help="Print the JSON Schema of the exported file instead.")
@overwrite_option("Replace the output file if it exists.")
def export(workbook, district, out_file, show_schema, overwrite):
    """Write the validated plan as canonical JSON.

    Every cell the team typed, with its sheet, row and column, dates also as YYYY-MM-DD,
    and each ID link resolved to its row; keys in a fixed order, so two exports of one plan
    are the same bytes. validate and build read the JSON wherever they take a workbook.

    \b
    Examples:
      pfs-docgen export maple-falls.xlsx -o maple-falls.json
      pfs-docgen export --schema > plan-v1.schema.json
    """
    if show_schema:
        text = api.plan_schema()
    elif workbook is None:
        raise click.UsageError("Give a WORKBOOK to export (or --schema).")
    else:
        text = api.export(workbook, district=district)
    if out_file is None:
        click.echo(text, nl=False)
        return
    from .files import check_free, write_atomic

    if workbook is not None and out_file.exists() and out_file.resolve() == workbook.resolve():
        raise click.UsageError("-o is the workbook itself: give another file name.")
    check_free(out_file, overwrite)
    click.echo(str(write_atomic(out_file, text.encode("utf-8"))))


@cli.command()
@click.argument("old", type=EXISTING_FILE)
@click.argument("new", type=EXISTING_FILE)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the tracked-changes document.")
@click.option("--district", type=EXISTING_FILE,
              help="The district workbook (for school plans: aligns objectives).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="The summary on stdout: text for people, JSON for "
                                      "programs.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of restyled templates (see 'templates export').")
@overwrite_option("Replace the changes document if it exists.")
def diff(old, new, out_dir, district, fmt, templates, overwrite):
    """Show what changed from OLD to NEW, as Word tracked changes.

    Writes the new plan's District Plan (or School Improvement Plan) with every difference
    from the old one as a tracked change (Review > Accept or Reject in Word, Edit > Track
    Changes in LibreOffice), and prints per sheet the rows added, removed and changed,
    matched by ID.

    \b
    Example:
      pfs-docgen diff maple-falls-2025.xlsx maple-falls-2026.xlsx -o changes/
    """
    changes = api.diff(old, new, out_dir, district=district, templates=templates,
                       overwrite=overwrite)
    if fmt == "json":
        import json

        click.echo(json.dumps(changes.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(f"{'sheet':<32} {'added':>5} {'removed':>7} {'changed':>7}")
        for sheet in changes.sheets:
            click.echo(f"{sheet.sheet:<32} {len(sheet.added):>5} {len(sheet.removed):>7} "
                       f"{len(sheet.changed):>7}")
        if changes.path:
            click.echo(str(changes.path))
