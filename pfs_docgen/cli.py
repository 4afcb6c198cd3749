"""click only: parse the command line, make one library call, report. Nothing else lives here."""

from __future__ import annotations

import os
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


def default_output_option(default: str):
    """-o with a default beside the input (README, "Where the files go")."""
    return click.option("-o", "--output", "out_dir", type=FOLDER, default=None,
                        help=f"Where to write [default: {default}].")


def _set_quiet(ctx, param, value):
    if value:
        ctx.find_root().obj["quiet"] = True


# -q after the command name too (pfs-docgen build -q ...), the same as before it.
quiet_option = click.option("-q", "--quiet", is_flag=True, expose_value=False,
                            callback=_set_quiet, help="Print results only: no progress or notes.")
strict_option = click.option("--strict", is_flag=True,
                             help="Treat warnings as errors: fail on them too.")
pdf_option = click.option("--pdf", is_flag=True,
                          help="Also write a PDF of each document (LibreOffice).")
templates_option = click.option(
    "--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of restyled templates (see 'templates export').")


def overwrite_option(help: str):
    return click.option("--overwrite", is_flag=True, help=help)


INTERRUPTED = 130  # exit code after Ctrl-C, as shells give 128 + SIGINT


def _issue_line(issue) -> str:
    """One issue as a line: its severity coloured on a terminal (errors red, warnings
    yellow); click drops the colour when the output is not a terminal, and NO_COLOR too."""
    colour = "red" if issue.severity == "error" else "yellow"
    return f"  {click.style(issue.severity + ':', fg=colour, bold=True)} {issue.message}"


def _shell(path) -> str:
    """A path as a command line takes it: quoted when it holds a space."""
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) or not text else text


class Group(click.Group):
    """Turns the library's errors into one clear line and exit 1; tracebacks only with --debug."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except api.PfsDocgenError as exc:
            for issue in api.errors_first(getattr(exc, "issues", ())):  # all its problems
                click.echo(_issue_line(issue), err=True)
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(exc)) from exc
        except KeyboardInterrupt:  # Ctrl-C: no summary, no traceback, the shell's 130
            click.echo("\nInterrupted.", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
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
    if os.environ.get("NO_COLOR"):  # https://no-color.org: no colour, even on a terminal
        ctx.color = False


def _note(ctx, message: str) -> None:
    if not ctx.obj.get("quiet"):
        click.echo(message, err=True)


def _xlsx_name(ctx, param, value: Path) -> Path:
    if value.suffix.lower() != ".xlsx":
        raise click.BadParameter(
            f"'{value}' does not end in .xlsx: give the workbook's file name, for example "
            f"{value.name or 'plan'}.xlsx, so that Excel opens it and bulk finds it.")
    return value


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), callback=_xlsx_name)
@click.option("--level", type=click.Choice(api.LEVELS), default=api.DISTRICT, show_default=True,
              help="A district plan or a school plan.")
@click.option("--example", is_flag=True, help="Fill the workbook with the sample plan.")
@click.option("--from", "last_year", type=EXISTING_FILE,
              help="Last year's workbook: the same plan, the action plan year moved on by "
                   "one, statuses and status dates cleared.")
@overwrite_option("Replace PATH if it exists.")
@quiet_option
@click.pass_context
def init(ctx, path, level, example, last_year, overwrite):
    """Write a blank planning workbook that explains itself in Excel.

    It has an Instructions sheet, one sheet per plan component, a comment on every column
    header and a prompt on every cell, dark headers for required columns, drop-down lists
    for fixed values and for IDs of other sheets; it prints landscape, one page wide.

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
    _note(ctx, f"Fill it in, then run: pfs-docgen validate {_shell(written)}")


@cli.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--district", type=EXISTING_FILE,
              help="The district workbook, to check each District Objective ID (and that "
                   "the others are school plans).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Plain text for people, JSON (UTF-8) for programs.")
@strict_option
@quiet_option
@click.pass_context
def validate(ctx, paths, district, fmt, strict):
    """Check workbooks and name every problem with its sheet and cell.

    A PATH may be a folder: every workbook under it, as bulk finds them. Errors come before
    warnings; with several workbooks a summary line ends the report. Exits 1 when any
    workbook has an error (or a warning, with --strict).

    \b
    Example:
      pfs-docgen validate schools/ --district maple-falls.xlsx
    """
    reports = api.check_many(paths, district=district)
    for report in reports:
        if report.book is None:  # unreadable: one clear line where problems go
            click.echo(f"Error: {report.issues[0].message}", err=True)
    if fmt == "json":
        import json

        text = json.dumps([r.to_json() for r in reports], indent=2, ensure_ascii=False)
        click.echo((text + "\n").encode("utf-8"), nl=False)  # UTF-8, whatever the console's
    else:
        for report in reports:
            if report.book is not None:
                click.echo(_text_report(report))
    if fmt == "text" and (len(reports) != 1 or any(p.is_dir() for p in paths)):
        click.echo(_summary(reports, strict))  # JSON has the counts of each workbook
    if any(r.failed(strict) for r in reports):
        sys.exit(1)


def _summary(reports: list[api.Report], strict: bool) -> str:
    """`60 workbooks: 57 ready, 3 with errors` (ready: documents can be made)."""
    failed = sum(1 for r in reports if r.failed(strict))
    what = "with errors or warnings (--strict)" if strict else "with errors"
    return (f"{len(reports)} workbook{'s' if len(reports) != 1 else ''}: "
            f"{len(reports) - failed} ready, {failed} {what}")


def _text_report(report: api.Report) -> str:
    verdict = "no problems" if not report.issues else (
        f"{report.errors} error{'s' if report.errors != 1 else ''}, "
        f"{report.warnings} warning{'s' if report.warnings != 1 else ''}")
    lines = [f"{report.workbook}: {verdict}"]
    lines += [_issue_line(i) for i in api.errors_first(report.issues)]
    return "\n".join(lines)


@cli.command()
@click.argument("workbook", type=EXISTING_FILE)
@click.option("--district", type=EXISTING_FILE,
              help="The district workbook (for school plans: aligns objectives).")
@default_output_option("WORKBOOK-documents, beside the workbook")
@click.option("--only", "kinds", multiple=True, type=click.Choice(api.KINDS),
              help="Make only this kind of document (repeatable).")
@pdf_option
@templates_option
@overwrite_option("Replace files in the way that this tool did not write, or that were "
                  "changed since it did.")
@strict_option
@quiet_option
@click.pass_context
def build(ctx, workbook, district, out_dir, kinds, pdf, templates, overwrite, strict):
    """Validate a workbook, then write its documents and manifest.json.

    A district workbook makes the District Plan, District Action Plan, District Plan
    Overview and (when benchmarks have statuses) the Action Plan Progress Report.
    Building again into the same folder replaces the files it wrote there before, unless
    someone changed them since (those are kept and named, unless --overwrite).

    \b
    Example:
      pfs-docgen build maple-falls.xlsx -o plans/
    """
    out_dir = out_dir or api.default_output(workbook)
    manifest = api.build(workbook, out_dir, district=district, kinds=list(kinds),
                         pdf=pdf, templates=templates, overwrite=overwrite, strict=strict)
    written = [d for d in manifest.documents if d.workbook == str(workbook)]
    for document in written:
        click.echo(str(out_dir / document.path))
        if document.pdf:
            click.echo(str(out_dir / document.pdf))
    warnings = written[0].warnings if written else 0
    if warnings:
        _note(ctx, f"{warnings} warning{'s' if warnings != 1 else ''} "
                   f"(pfs-docgen validate {_shell(workbook)} lists them).")


@cli.command("init-schools")
@click.argument("district", type=EXISTING_FILE)
@default_output_option("schools, beside the district workbook")
@overwrite_option("Replace school workbooks that exist.")
@quiet_option
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
    out_dir = out_dir or Path(district).parent / "schools"
    started = api.init_schools(district, out_dir, overwrite=overwrite)
    for path in started.written:
        click.echo(str(path))
    for path in started.kept:
        _note(ctx, f"Kept {path}: it already exists (--overwrite replaces it).")


@cli.command()
@click.argument("schools_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--district", required=True, type=EXISTING_FILE, help="The district workbook.")
@default_output_option("SCHOOLS_DIR-documents, beside SCHOOLS_DIR")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Workers in parallel (default: one per core).")
@pdf_option
@click.option("--zip", "make_zip", is_flag=True, help="Also write one zip of everything.")
@templates_option
@overwrite_option("Replace files in the way that this tool did not write, or that were "
                  "changed since it did.")
@click.option("--force", is_flag=True,
              help="Rebuild every school, even those unchanged since the last run into DIR.")
@strict_option
@quiet_option
@click.pass_context
def bulk(ctx, schools_dir, district, out_dir, jobs, pdf, make_zip, templates, overwrite,
         force, strict):
    """Make every school's documents and the district's, in parallel.

    Every .xlsx, .xlsm or .ods under SCHOOLS_DIR is a school workbook (another spreadsheet
    there, .xls or .xlsb, is listed as a failure); each school's documents go into
    DIR/<school>/, the district's (with the alignment crosswalk and Schools' Progress) into
    DIR/district/. A school
    whose workbook has errors is listed under "failures" in manifest.json and does not stop
    the others; the exit code is 1 when any failed. Running again into the same folder
    skips each school whose workbook, the district workbook, the templates and the tool's
    version are unchanged since (its files still as written; --force rebuilds them), and
    replaces the files the earlier run wrote there, unless someone changed them since.

    \b
    Example:
      pfs-docgen bulk schools/ --district maple-falls.xlsx -o plans/ --zip
    """
    out_dir = out_dir or api.default_output(schools_dir)
    with _progress_bar(ctx) as progress:
        result = api.bulk(schools_dir, district, out_dir, jobs=jobs, pdf=pdf,
                          make_zip=make_zip, overwrite=overwrite, templates=templates,
                          progress=progress, strict=strict, force=force)
    _finish_bulk(ctx, result, schools_dir, out_dir)


def _finish_bulk(ctx, result, schools_dir: Path, out_dir: Path) -> None:
    """bulk's summary, and its exit code; after Ctrl-C, only what was kept, and 130."""
    if result.interrupted:
        click.echo("Interrupted: the documents finished so far are complete and listed in "
                   f"{out_dir / 'manifest.json'}.", err=True)
        sys.exit(INTERRUPTED)
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
    """One line on stderr, never wider than the terminal: the phase (schools, then PDFs,
    each on a line of its own), a bar, the count, seconds so far, the school just finished."""

    def __init__(self, width: int = 28):
        import time

        self.width, self.clock, self.start = width, time.perf_counter, time.perf_counter()
        self.phase: str | None = None

    def update(self, done: int, total: int, name: str) -> None:
        phase = "PDFs" if name == "PDF" else "Schools"  # the PDF phase reports as "PDF"
        if phase != self.phase:
            if self.phase is not None:
                self.finish()
            self.phase, self.start = phase, self.clock()
        click.echo("\r" + progress_line(phase, done, total, self.clock() - self.start,
                                         "" if phase == "PDFs" else name,
                                         _columns(), self.width), err=True, nl=False)

    def finish(self) -> None:
        click.echo("", err=True)


def _columns() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns  # COLUMNS first, then the terminal


def progress_line(phase: str, done: int, total: int, seconds: float, name: str,
                  columns: int, width: int = 28) -> str:
    """The progress line, padded to clear the last one and one column short of the
    terminal's width (a line that fills it wraps in some terminals)."""
    room = max(columns - 1, 10)
    counts = f"{phase} {done}/{total} {seconds:5.1f}s"
    bar = min(width, room - len(counts) - 3 - 12)  # keep 12 for the name where possible
    line = counts
    if bar >= 5:
        filled = int(bar * done / max(total, 1))
        line = f"[{'#' * filled}{'-' * (bar - filled)}] {counts}"
    if name and len(line) + 2 < room:
        line += "  " + name[:room - len(line) - 2]
    return line[:room].ljust(room)


def _report_bulk(result, out_dir: Path) -> None:
    manifest = result.manifest
    district = "" if result.district_skipped else " and the district"
    skipped = f"{result.skipped} unchanged, skipped; " if result.skipped else ""
    if result.district_skipped:  # "58 unchanged, skipped (the district's too); "
        skipped = (skipped[:-2] if skipped else "the district unchanged, skipped") + \
            (" (the district's too); " if skipped else "; ")
    click.echo(f"Built {result.written} files for {result.built} of {result.schools} "
               f"schools{district} into {out_dir} in {result.seconds:.1f} s; {skipped}"
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


@cli.command()
@click.option("-o", "--output", "out_dir", type=FOLDER, default=Path("outputs"),
              show_default=True, help="Where to write.")
@quiet_option
@click.pass_context
def demo(ctx, out_dir):
    """Run the whole pipeline on the bundled sample district and its schools.

    Writes the sample workbooks into OUTPUT/workbooks/ (the same as the repository's
    inputs/), validates them, and builds every document with bulk: the district's into
    OUTPUT/district/, each school's into OUTPUT/<school>/. It replaces the documents an
    earlier demo wrote there, but keeps (and uses) a workbook someone changed.

    \b
    Example:
      pfs-docgen demo -o outputs
    """
    with _progress_bar(ctx) as progress:
        result = api.demo(out_dir, progress=progress)
    for path in result.kept:
        click.echo(f"Kept {path}: it differs from the sample the demo writes (edited since?), "
                   "so the demo used it as it is. Delete it to get the sample back.", err=True)
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
@quiet_option
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
@quiet_option
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


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; 0.0.0.0 serves the whole office network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The port to listen on (0: any free port).")
@click.option("--no-browser", is_flag=True, help="Do not open the page in a browser.")
@quiet_option
@click.pass_context
def serve(ctx, host, port, no_browser):
    """Start the web page: drop workbooks, read every problem, download the documents.

    For colleagues who never open a terminal: it listens on this computer only
    (127.0.0.1) unless --host says otherwise, prints the page's address and opens it in
    the browser. Uploads are checked and built in their own temporary folders, deleted
    when their download links expire. Ctrl-C stops the server (exit 0).

    \b
    Examples:
      pfs-docgen serve
      pfs-docgen serve --host 0.0.0.0 --port 8080 --no-browser
    """
    from .web.server import serve as run_server

    def ready(url: str) -> None:
        click.echo(url)
        _note(ctx, "The web page is ready at the address above. Press Ctrl-C to stop it.")

    run_server(host, port, open_browser=not no_browser, ready=ready)
    _note(ctx, "Stopped.")


def main():
    _safe_streams()
    cli(prog_name="pfs-docgen")


def _safe_streams() -> None:
    """Output redirected on Windows (validate > report.txt) is encoded in the ANSI code page,
    cp1252, which has no 'ễ' (Thanh Nguyễn): such a character is written as \\u1ec5 rather
    than the command failing. JSON is written as UTF-8 bytes, whatever the stream's encoding."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding != "utf8":
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream that cannot change: leave it
                pass


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
