"""click only: parse the command line, make one library call, report. Nothing else lives here."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__, api

EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
FOLDER = click.Path(file_okay=False, path_type=Path)

# Options several commands share, defined once.
output_option = click.option("-o", "--output", "out_dir", required=True, type=FOLDER,
                             help="Where to write.")
pdf_option = click.option("--pdf", is_flag=True,
                          help="Also write a PDF of each document (LibreOffice).")
templates_option = click.option(
    "--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of restyled templates (see 'templates export').")


def overwrite_option(help: str):
    return click.option("--overwrite", is_flag=True, help=help)


class Group(click.Group):
    """Turns the library's errors into one clear line and exit 1; tracebacks only with --debug."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except api.PfsDocgenError as exc:
            for issue in getattr(exc, "issues", ()):  # an invalid workbook: all its problems
                click.echo(f"  {issue.severity}: {issue.message}", err=True)
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(exc)) from exc
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(
                f"unexpected problem: {type(exc).__name__}: {exc}. Run again with --debug to "
                "see the details, and report them.") from exc


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pfs-docgen")
@click.option("-q", "--quiet", is_flag=True, help="Print results only: no progress or notes.")
@click.option("--debug", is_flag=True, help="Show a full traceback when something fails.")
@click.pass_context
def cli(ctx, quiet, debug):
    """Massachusetts Planning for Success plans: from a planning workbook to board-ready Word
    documents.

    \b
    Start a workbook, fill it in Excel, check it, make the documents:
      pfs-docgen init maple-falls.xlsx
      pfs-docgen validate maple-falls.xlsx
    """
    ctx.obj = {"quiet": quiet, "debug": debug}


def _note(ctx, message: str) -> None:
    if not ctx.obj.get("quiet"):
        click.echo(message, err=True)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--level", type=click.Choice(api.LEVELS), default=api.DISTRICT, show_default=True,
              help="A district plan or a school plan.")
@click.option("--example", is_flag=True, help="Fill the workbook with the sample plan.")
@click.option("--from", "last_year", type=EXISTING_FILE,
              help="Last year's workbook: the same plan, the action plan year moved on by "
                   "one, statuses and status dates cleared.")
@overwrite_option("Replace PATH if it exists.")
@click.pass_context
def init(ctx, path, level, example, last_year, overwrite):
    """Write a blank planning workbook that explains itself in Excel.

    It has an Instructions sheet, one sheet per plan component, a comment on every column
    header, and drop-down lists for fixed values and for IDs of other sheets.

    \b
    Examples:
      pfs-docgen init maple-falls.xlsx --level district
      pfs-docgen init maple-falls-2026.xlsx --from maple-falls-2025.xlsx
    """
    if last_year is not None:
        written = api.next_year(path, last_year, overwrite=overwrite)
    else:
        written = api.init(path, level=level, example=example, overwrite=overwrite)
    click.echo(str(written))
    _note(ctx, f"Fill it in, then run: pfs-docgen validate {written}")


@cli.command()
@click.argument("workbooks", nargs=-1, required=True, type=EXISTING_FILE)
@click.option("--district", type=EXISTING_FILE,
              help="The district workbook, to check each District Objective ID.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Plain text for people, JSON for programs.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(workbooks, district, fmt, strict):
    """Check workbooks and name every problem with its sheet and cell.

    Exits 1 when any workbook has an error (or a warning, with --strict).

    \b
    Example:
      pfs-docgen validate schools/*.xlsx --district maple-falls.xlsx
    """
    district_book = api.load_district(district)
    reports = [api.check(path, district=district_book) for path in workbooks]
    for report in reports:
        if report.book is None:  # unreadable: one clear line where problems go
            click.echo(f"Error: {report.issues[0].message}", err=True)
    if fmt == "json":
        import json

        click.echo(json.dumps([r.to_json() for r in reports], indent=2, ensure_ascii=False))
    else:
        for report in reports:
            if report.book is not None:
                click.echo(_text_report(report))
    if any(r.failed(strict) for r in reports):
        sys.exit(1)


def _text_report(report: api.Report) -> str:
    verdict = "no problems" if not report.issues else (
        f"{report.errors} error{'s' if report.errors != 1 else ''}, "
        f"{report.warnings} warning{'s' if report.warnings != 1 else ''}")
    lines = [f"{report.workbook}: {verdict}"]
    lines += [f"  {i.severity}: {i.message}" for i in report.issues]
    return "\n".join(lines)


@cli.command()
@click.argument("workbook", type=EXISTING_FILE)
@click.option("--district", type=EXISTING_FILE,
              help="The district workbook (for school plans: aligns objectives).")
@output_option
@click.option("--only", "kinds", multiple=True, type=click.Choice(api.KINDS),
              help="Make only this kind of document (repeatable).")
@pdf_option
@templates_option
@overwrite_option("Replace documents that already exist.")
@click.pass_context
def build(ctx, workbook, district, out_dir, kinds, pdf, templates, overwrite):
    """Validate a workbook, then write its documents and manifest.json.

    A district workbook makes the District Plan, District Action Plan, District Plan
    Overview and (when benchmarks have statuses) the Action Plan Progress Report.

    \b
    Example:
      pfs-docgen build maple-falls.xlsx -o plans/
    """
    manifest = api.build(workbook, out_dir, district=district, kinds=list(kinds),
                               pdf=pdf, templates=templates, overwrite=overwrite)
    for document in manifest.documents:
        click.echo(str(out_dir / document.path))
        if document.pdf:
            click.echo(str(out_dir / document.pdf))
    warnings = manifest.documents[0].warnings if manifest.documents else 0
    if warnings:
        _note(ctx, f"{warnings} warning{'s' if warnings != 1 else ''} "
                   f"(pfs-docgen validate {workbook} lists them).")


@cli.command("init-schools")
@click.argument("district", type=EXISTING_FILE)
@output_option
@overwrite_option("Replace school workbooks that exist.")
@click.pass_context
def init_schools(ctx, district, out_dir, overwrite):
    """Start one school workbook per school of the district's Schools sheet.

    Plan Info is filled (district, school, code, principal, years) and the District
    Objective ID drop-down offers the district's strategic objectives. A school's existing
    workbook is kept unless --overwrite.

    \b
    Example:
      pfs-docgen init-schools maple-falls.xlsx -o schools/
    """
    started = api.init_schools(district, out_dir, overwrite=overwrite)
    for path in started.written:
        click.echo(str(path))
    for path in started.kept:
        _note(ctx, f"Kept {path}: it already exists (--overwrite replaces it).")


@cli.command()
@click.argument("schools_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--district", required=True, type=EXISTING_FILE, help="The district workbook.")
@output_option
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Workers in parallel (default: one per core).")
@pdf_option
@click.option("--zip", "make_zip", is_flag=True, help="Also write one zip of everything.")
@templates_option
@overwrite_option("Replace an earlier run's files.")
@click.pass_context
def bulk(ctx, schools_dir, district, out_dir, jobs, pdf, make_zip, templates, overwrite):
    """Make every school's documents and the district's, in parallel.

    Every .xlsx, .xlsm or .ods under SCHOOLS_DIR is a school workbook (another spreadsheet
    there, .xls or .xlsb, is listed as a failure); each school's documents go into
    DIR/<school>/, the district's (and the alignment crosswalk) into DIR/district/. A school
    whose workbook has errors is listed under "failures" in manifest.json and does not stop
    the others; the exit code is 1 when any failed.

    \b
    Example:
      pfs-docgen bulk schools/ --district maple-falls.xlsx -o plans/ --zip
    """
    with _progress_bar(ctx) as progress:
        result = api.bulk(schools_dir, district, out_dir, jobs=jobs, pdf=pdf,
                          make_zip=make_zip, overwrite=overwrite, templates=templates,
                          progress=progress)
    _finish_bulk(ctx, result, schools_dir, out_dir)


def _finish_bulk(ctx, result, schools_dir: Path, out_dir: Path) -> None:
    """bulk's summary, and its exit code."""
    if result.schools == 0:
        _note(ctx, f"No school workbooks (.xlsx, .xlsm, .ods) were found under {schools_dir}: "
                   "only the district's documents were made.")
    _report_bulk(result, out_dir)
    if result.failed:
        sys.exit(1)


@contextmanager
def _progress_bar(ctx):
    """A progress bar on stderr while a person is watching (not with -q, not into a file)."""
    bar = _ProgressBar() if not ctx.obj.get("quiet") and sys.stderr.isatty() else None
    try:
        yield bar.update if bar else None
    finally:
        if bar:
            bar.finish()


class _ProgressBar:
    """One line on stderr: a bar, the count, the school just finished, seconds so far."""

    def __init__(self, width: int = 28):
        import time

        self.width, self.clock, self.start = width, time.perf_counter, time.perf_counter()

    def update(self, done: int, total: int, name: str) -> None:
        filled = int(self.width * done / max(total, 1))
        line = (f"[{'#' * filled}{'-' * (self.width - filled)}] {done}/{total} "
                f"{self.clock() - self.start:5.1f}s  {name[:40]}")
        click.echo("\r" + line.ljust(100), err=True, nl=False)

    def finish(self) -> None:
        click.echo("", err=True)


def _report_bulk(result, out_dir: Path) -> None:
    manifest = result.manifest
    click.echo(f"Built {len(manifest.documents)} files for {result.built} of {result.schools} "
               f"schools and the district into {out_dir} in {result.seconds:.1f} s; "
               f"{len(manifest.failures)} failed.")
    for failure in manifest.failures:
        click.echo(f"Failed: {failure['workbook']}", err=True)
        for issue in failure["issues"][:20]:
            click.echo(f"  {issue['severity']}: {issue['message']}", err=True)
        if len(failure["issues"]) > 20:
            click.echo(f"  ... and {len(failure['issues']) - 20} more (manifest.json lists "
                       "them all).", err=True)
    if result.zip_path:
        click.echo(f"Zip: {result.zip_path}")
    if result.interrupted:
        click.echo("Interrupted: the documents finished so far are complete and listed in "
                   f"{out_dir / 'manifest.json'}.", err=True)


@cli.command()
@click.option("-o", "--output", "out_dir", type=FOLDER, default=Path("outputs"),
              show_default=True, help="Where to write.")
@click.pass_context
def demo(ctx, out_dir):
    """Run the whole pipeline on the bundled sample district and its schools.

    Writes the sample workbooks into OUTPUT/workbooks/ (the same as the repository's
    inputs/), validates them, and builds every document with bulk: the district's into
    OUTPUT/district/, each school's into OUTPUT/<school>/. It replaces what an earlier demo
    wrote there.

    \b
    Example:
      pfs-docgen demo -o outputs
    """
    with _progress_bar(ctx) as progress:
        result = api.demo(out_dir, progress=progress)
    for report in result.reports:
        click.echo(_text_report(report))
    _finish_bulk(ctx, result.bulk, out_dir / "workbooks" / "schools", out_dir)


@cli.group()
def templates():
    """Restyle the Word templates: export the defaults, check a restyled set.

    \b
    Example:
      pfs-docgen templates export my-templates/
      pfs-docgen templates check my-templates/
      pfs-docgen build maple-falls.xlsx -o plans/ --templates my-templates/
    """


@templates.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@overwrite_option("Replace templates already there.")
def templates_export(out_dir, overwrite):
    """Copy the default templates, and FIELDS.md (the fields they may use), into a folder.

    Open them in Word, add the district's letterhead, fonts and colours, keep the {{ }}
    and {% %} tags, then build with --templates. A template left out of the folder comes
    from the defaults.

    \b
    Example:
      pfs-docgen templates export my-templates/
    """
    for path in api.export_templates(out_dir, overwrite=overwrite):
        click.echo(str(path))


@templates.command("check")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def templates_check(directory):
    """Check restyled templates: unknown fields and docxtpl's known traps.

    Names every field a template uses that the tool does not provide, tags Word split
    across runs, curly quotes inside tags, two {%p %} tags in one paragraph and loop
    variables used in a header, each with the template file and the nearby text, and
    every limit a build enforces (file size, DTDs, include, time, work, output). Exits 1
    when any is an error.

    \b
    Example:
      pfs-docgen templates check my-templates/
    """
    problems = api.check_templates(directory)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(1 for p in problems if p.severity == "error")
    click.echo(f"{directory}: {errors} error{'s' if errors != 1 else ''}, "
               f"{len(problems) - errors} warning{'s' if len(problems) - errors != 1 else ''}")
    if errors:
        sys.exit(1)


def main():
    cli(prog_name="pfs-docgen")


def reference_markdown() -> str:
    """Every command's --help, for the README's command reference (kept in step by a test)."""
    parts = []
    with click.Context(cli, info_name="pfs-docgen") as ctx:
        parts.append("```text\n$ pfs-docgen --help\n" + cli.get_help(ctx) + "\n```")
        for name, command in cli.commands.items():
            with click.Context(command, info_name=name, parent=ctx) as sub:
                parts.append(f"### `pfs-docgen {name}`\n\n```text\n" + command.get_help(sub)
                             + "\n```")
                for child, subcommand in getattr(command, "commands", {}).items():
                    with click.Context(subcommand, info_name=child, parent=sub) as inner:
                        parts.append(f"#### `pfs-docgen {name} {child}`\n\n```text\n"
                                     + subcommand.get_help(inner) + "\n```")
    return "\n\n".join(parts) + "\n"


from . import cli_year  # noqa: E402,F401  (its commands join the group)
