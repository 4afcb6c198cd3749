"""The one page, as HTML rendered on the server: every value escaped here, and nothing the
page needs from the internet. It works as a plain form without JavaScript; static/page.js
only adds dropping files onto it.
"""

from __future__ import annotations

from html import escape

from .. import __version__
from .work import Checked, Limits, Outcome

TITLE = "Planning for Success: check a workbook, make the documents"


def home(limits: Limits, *, pdf_available: bool, outcome: Outcome | None = None,
         links: dict[str, str] | None = None, problem: str = "", minutes: int = 15) -> str:
    """The page: the upload form, then (after an upload) what was found and the downloads,
    or the reason the upload was refused (`problem`)."""
    body = [_form(limits, pdf_available)]
    if problem:
        body.append('<section id="results" aria-labelledby="results-heading">'
                    '<h2 id="results-heading">The upload was not checked</h2>'
                    f'<p class="refused" role="alert">{escape(problem)}</p></section>')
    elif outcome is not None:
        body.append(_results(outcome, links or {}, minutes))
    body.append(_starters())
    return _document("\n".join(body))


def message(heading: str, text: str) -> str:
    """A page with one message (a link that expired, a page that does not exist)."""
    return _document(f'<h2>{escape(heading)}</h2><p role="alert">{escape(text)}</p>'
                     '<p><a href="/">Back to the upload page</a></p>')


def _document(main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(TITLE)}</title>
<link rel="stylesheet" href="/static/page.css">
<script src="/static/page.js" defer></script>
</head>
<body>
<header><p class="brand">pfs-docgen</p><h1>{escape(TITLE)}</h1></header>
<main>
{main}
</main>
<footer><p>pfs-docgen {escape(__version__)}. Your files stay on this server only while you
work: they are deleted when the download links expire.</p></footer>
</body>
</html>
"""


def _form(limits: Limits, pdf_available: bool) -> str:
    pdf = ('<p><input type="checkbox" id="pdf" name="pdf" value="1"> '
           '<label for="pdf">Also make a PDF of each document (takes longer)</label></p>'
           if pdf_available else "")
    return f"""<section aria-labelledby="upload-heading">
<h2 id="upload-heading">1. Upload your workbook</h2>
<p>Choose a planning workbook (.xlsx). For a whole district, choose the district workbook
and its school workbooks together, or one .zip of them. The page lists every problem by
sheet and cell; fix them in Excel, save, and upload again.</p>
<form id="upload" class="drop" method="post" action="/check#results"
 enctype="multipart/form-data">
<p><label for="files">Workbooks (.xlsx, .ods or .zip)</label>
<input type="file" id="files" name="files" multiple
 accept=".xlsx,.ods,.zip,.xlsm,.xls,.csv" aria-describedby="limits"></p>
<p id="limits" class="hint">You can also drop the files on this box. At most {limits.files}
files, {escape(limits.megabytes(limits.file_bytes))} each,
{escape(limits.megabytes(limits.total_bytes))} in all.</p>
{pdf}
<p><button type="submit">Check and make the documents</button></p>
</form>
</section>"""


def _results(outcome: Outcome, links: dict[str, str], minutes: int) -> str:
    parts = ['<section id="results" aria-labelledby="results-heading">',
             '<h2 id="results-heading">2. What was found</h2>']
    total = sum(c.report.errors for c in outcome.checked)
    ready = sum(1 for c in outcome.checked if not c.report.failed())
    parts.append(f"<p>{len(outcome.checked)} workbook{'s' if len(outcome.checked) != 1 else ''}"
                 f" checked: {ready} ready, {len(outcome.checked) - ready} with errors"
                 f"{' (fix them and upload again)' if total else ''}.</p>")
    for number, checked in enumerate(outcome.checked, 1):
        parts.append(_workbook(number, checked))
    parts.append("</section>")
    parts.append(_downloads(outcome, links, minutes))
    return "\n".join(parts)


def _verdict(checked: Checked) -> str:
    errors, warnings = checked.report.errors, checked.report.warnings
    if not checked.report.issues:
        return "no problems"
    return (f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}")


def _workbook(number: int, checked: Checked) -> str:
    level = f" ({checked.level} plan)" if checked.level else ""
    parts = [f'<h3 id="workbook-{number}">{escape(checked.name)}{escape(level)}: '
             f"{escape(_verdict(checked))}</h3>"]
    if checked.issues:
        rows = "\n".join(
            f'<tr class="{escape(i.severity)}"><td>{escape(i.severity.capitalize())}</td>'
            f"<td>{escape(i.sheet or '')}</td><td>{escape(i.cell or '')}</td>"
            f"<td>{escape(i.column or '')}</td><td>{escape(i.message)}</td></tr>"
            for i in checked.issues)
        parts.append(
            f'<div class="table" role="region" tabindex="0" '
            f'aria-labelledby="workbook-{number}">'
            f"<table><caption>Problems in {escape(checked.name)}, errors first</caption>"
            '<thead><tr><th scope="col">Severity</th><th scope="col">Sheet</th>'
            '<th scope="col">Cell</th><th scope="col">Column</th>'
            f'<th scope="col">Message</th></tr></thead><tbody>{rows}</tbody></table></div>')
    if checked.documents:
        items = "".join(f"<li>{escape(d)}</li>" for d in checked.documents)
        parts.append(f"<p>Documents made from it:</p><ul class=\"documents\">{items}</ul>")
    elif checked.report.failed():
        parts.append("<p>No documents were made from it: fix the errors above, save the "
                     "workbook and upload it again.</p>")
    if checked.note:
        parts.append(f'<p class="note">{escape(checked.note)}</p>')
    return "\n".join(parts)


def _downloads(outcome: Outcome, links: dict[str, str], minutes: int) -> str:
    items = []
    if "documents" in links:
        what = "Word documents and PDFs" if outcome.pdf else "Word documents"
        items.append(f'<p><a class="button" href="/download/{escape(links["documents"])}">'
                     f"Download the documents (.zip)</a> {escape(what)}, in one zip.</p>")
    if "schools" in links:
        items.append(f'<p><a class="button secondary" href="/download/'
                     f'{escape(links["schools"])}">Download the school workbooks (.zip)</a> '
                     "One workbook per school of the district's Schools sheet, ready to "
                     "fill (the same as pfs-docgen init-schools).</p>")
    if not items:
        return ""
    return ('<section aria-labelledby="downloads-heading">'
            '<h2 id="downloads-heading">3. Download</h2>' + "\n".join(items)
            + f'<p class="hint">The download links work for {minutes} minutes. Each is a '
            "long random address made for this upload only.</p></section>")


def _starters() -> str:
    return """<section aria-labelledby="start-heading">
<h2 id="start-heading">Start a new workbook</h2>
<ul>
<li><a href="/workbooks/blank-district.xlsx">Blank district workbook</a></li>
<li><a href="/workbooks/blank-school.xlsx">Blank school workbook</a></li>
<li><a href="/workbooks/example-district.xlsx">Example: the Maple Falls district plan</a></li>
<li><a href="/workbooks/example-school.xlsx">Example: a school plan</a></li>
</ul>
</section>"""
