"""The real client: every document kind opens in LibreOffice and lays out as a PDF, with
its table of contents and page fields filled in.

soffice starts in about 2 s, so each test here shares a call with others: every document
kind goes through one `bulk --pdf` (one soffice call for all of them), the workbooks Calc
opens are saved in one call (conftest.saved_by_calc), and `build --pdf` from the command
line has one of its own."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import make_workbook, run_cli, school_rows, sheet_part
from openpyxl import load_workbook
from openxml_audit.errors import FileFormat
from openxml_audit.validator import OpenXmlValidator
from soffice import page_lines, pdf_pages, pdf_text, require
from test_accessibility import png
from test_workbook_read import SAMPLE_WARNINGS, _places, _texts

from pfs_docgen import schema as s
from pfs_docgen.api import bulk
from pfs_docgen.validate import validate
from pfs_docgen.workbook import read_workbook, write_workbook


# Session-scoped: xdist may interleave modules on a worker, and a module-scoped fixture is
# made again each time its module comes back.
@pytest.fixture(scope="session")
def laid_out(tmp_path_factory) -> tuple[Path, list]:
    """One bulk --pdf run (one soffice call per batch) of the stress district (issue 16:
    the sample with a fifth objective and a 1,500-character description; a logo), the sample school
    and the stress school (an 80-character name, 40 benchmarks under one initiative)."""
    from conftest import stress_rows

    require("soffice", "pdftotext", "pdfinfo")
    tmp = tmp_path_factory.mktemp("lo")
    (tmp / "schools").mkdir()
    write_workbook(tmp / "schools" / "school.xlsx", s.SCHOOL, school_rows())
    write_workbook(tmp / "schools" / "stress.xlsx", s.SCHOOL, stress_rows())
    rows = stress_rows(s.DISTRICT)  # with a logo: its alt text is checked in the PDFs
    rows[s.PLAN_INFO].append({s.FIELD: s.LOGO, s.VALUE: "logo.png"})
    (tmp / "logo.png").write_bytes(png(300, 120))
    district = write_workbook(tmp / "district.xlsx", s.DISTRICT, rows)
    result = bulk(tmp / "schools", district, tmp / "out", jobs=2, pdf=True)
    assert not result.manifest.failures, result.manifest.failures
    docx = [d for d in result.manifest.documents if d.path.endswith(".docx")]
    assert all(d.pdf for d in docx), [d.path for d in docx if not d.pdf]
    return tmp / "out", docx


def _of(laid_out, school: str) -> dict[str, tuple[Path, Path]]:
    """Kind -> (.docx, .pdf): the district's documents and one school's."""
    out, docx = laid_out
    return {d.kind: (out / d.path, out / d.pdf) for d in docx
            if Path(d.workbook).name in (school, "district.xlsx")}


@pytest.fixture(scope="session")
def pdfs(laid_out) -> dict[str, Path]:
    """Kind -> PDF, for the district's documents, the crosswalk and the sample school's."""
    return {kind: pdf for kind, (_, pdf) in _of(laid_out, "school.xlsx").items()}


@pytest.fixture(scope="session")
def stress_pdfs(laid_out) -> dict[str, tuple[Path, Path]]:
    """Kind -> (.docx, .pdf) for the stress plans."""
    return _of(laid_out, "stress.xlsx")


def test_every_document_kind_converts_to_pdf(pdfs):
    assert sorted(pdfs) == ["alignment", "district-action-plan", "district-plan",
                            "district-plan-overview", "educator-goals", "progress-report",
                            "school-action-plan", "school-improvement-plan", "schools-progress"]
    for kind, pdf in pdfs.items():
        assert pdf.is_file() and pdf_pages(pdf) >= 1, kind


def test_overview_fits_on_one_page(pdfs):
    assert pdf_pages(pdfs["district-plan-overview"]) == 1


def test_plan_pdf_holds_every_heading_and_page_numbers(pdfs):
    text = " ".join(pdf_text(pdfs["district-plan"]).split())
    for heading in ("I. District Mission, Vision, Core Values", "Data Analysis",
                    "III. Strategic Objectives and Initiatives", "Plan Overview",
                    "Strategic Objective 1:", "Strategic Initiative 4.3:", "IV. Outcomes",
                    "Professional Development", "Teacher Induction and Mentoring",
                    "Appendix: Schools in the District"):
        assert heading in text
    pages = pdf_pages(pdfs["district-plan"])
    assert 6 <= pages <= 40
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_table_of_contents_is_filled_with_page_numbers(pdfs):
    contents = pdf_text(pdfs["district-plan"]).split("Contents", 1)[1]
    numbered = re.findall(r"IV\. Outcomes\s*\.{3,}\s*(\d+)", contents)
    assert numbered and 4 < int(numbered[0]) <= pdf_pages(pdfs["district-plan"])


def test_school_plan_pdf_has_section_v_and_the_district_alignment(pdfs):
    text = " ".join(pdf_text(pdfs["school-improvement-plan"]).split())
    assert "V. School Council Requirements" in text
    assert "Supports District Objective 1:" in text
    assert "I. School Mission, Vision, Core Values" in text


def test_action_plan_and_progress_report_have_sane_page_counts(pdfs):
    assert 4 <= pdf_pages(pdfs["district-action-plan"]) <= 40
    assert 3 <= pdf_pages(pdfs["progress-report"]) <= 40


def sheets_and_first_sheet_text(path: Path) -> tuple[list[str], str]:
    """A workbook's sheet names, and every cell of its first sheet as a CSV export of that
    sheet would give them."""
    book = load_workbook(path, read_only=True)
    try:
        return book.sheetnames, "\n".join(
            str(v) for row in book.worksheets[0].iter_rows(values_only=True)
            for v in row if v is not None)
    finally:
        book.close()


def test_init_example_opens_in_calc_without_repair(saved_by_calc):
    ours, saved = saved_by_calc["example"]  # `pfs-docgen init --example`, saved by Calc
    assert saved.is_file() and saved.stat().st_size > 0
    sheets, first = sheets_and_first_sheet_text(saved)
    assert sheets == sheets_and_first_sheet_text(ours)[0]
    assert "Planning for Success" in first  # the Instructions sheet, the first one


def test_build_pdf_manifest_lists_each_pdf(tmp_path):
    require("soffice")
    out = tmp_path / "out"
    result = run_cli("build", make_workbook(tmp_path), "-o", out, "--pdf", "--only",
                     "overview")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [document] = manifest["documents"]
    assert document["pdf"] == document["path"][:-5] + ".pdf"
    assert (out / document["pdf"]).is_file()
    assert not list(out.glob(".*.part"))


def _five_objectives() -> dict:
    """The sample district with a fifth objective as full as the first: three initiatives
    and the first objective's outcomes, with texts as long as the sample's longest."""
    from conftest import sample

    rows = sample()
    first = rows[s.OBJECTIVES][0]
    rows[s.OBJECTIVES].append(dict(first, **{s.ID: "SO5", s.OBJECTIVE: "Safe, welcoming "
                                             "and well-maintained school buildings"}))
    for n, initiative in enumerate([i for i in rows[s.INITIATIVES]
                                    if i[s.OBJECTIVE_ID] == first[s.ID]], start=1):
        rows[s.INITIATIVES].append(dict(initiative, **{s.ID: f"5.{n}", s.OBJECTIVE_ID: "SO5"}))
    for n, outcome in enumerate([o for o in rows[s.OUTCOMES]
                                 if o.get(s.OBJECTIVE_ID) == first[s.ID]], start=1):
        rows[s.OUTCOMES].append(dict(outcome, **{s.ID: f"O5{n}", s.OBJECTIVE_ID: "SO5"}))
    return rows


def test_the_overview_is_one_page_at_three_four_and_five_objectives(tmp_path):
    """Laid out by LibreOffice: one page whatever the number of objectives, the last
    outcome printed whole, and no running header or page number on it."""
    from conftest import sample
    from soffice import convert

    from pfs_docgen.api import build

    three = sample()
    three[s.OBJECTIVES] = three[s.OBJECTIVES][:3]
    kept = {o[s.ID] for o in three[s.OBJECTIVES]}
    three[s.INITIATIVES] = [i for i in three[s.INITIATIVES] if i[s.OBJECTIVE_ID] in kept]
    keep_initiatives = {i[s.ID] for i in three[s.INITIATIVES]}
    three[s.OUTCOMES] = [o for o in three[s.OUTCOMES] if o.get(s.OBJECTIVE_ID) in kept]
    for sheet in (s.BENCHMARKS, s.RESOURCES, s.PROFESSIONAL_DEVELOPMENT, s.EL_PROGRAMS):
        three[sheet] = [r for r in three[sheet]
                        if r.get(s.INITIATIVE_ID, "1.1") in keep_initiatives]
    three[s.TEAMS] = [t for t in three[s.TEAMS] if t[s.OBJECTIVE_ID] in kept]
    three[s.EDUCATOR_GOALS] = [g for g in three[s.EDUCATOR_GOALS] if g[s.OBJECTIVE_ID] in kept]
    kept_benchmarks = {b[s.ID] for b in three[s.BENCHMARKS]}
    three[s.PROGRESS_UPDATES] = [u for u in three[s.PROGRESS_UPDATES]
                                 if u[s.BENCHMARK_ID] in kept_benchmarks]
    overviews = []
    for count, rows in ((3, three), (4, sample()), (5, _five_objectives())):
        path = write_workbook(tmp_path / f"plan-{count}.xlsx", s.DISTRICT, rows)
        manifest = build(path, tmp_path / f"out-{count}", kinds=["overview"])
        (document,) = manifest.documents
        path = tmp_path / f"overview-{count}.docx"  # one name each: one PDF each
        path.write_bytes((tmp_path / f"out-{count}" / document.path).read_bytes())
        overviews.append((count, rows, path))
    convert([p for _, _, p in overviews], tmp_path / "pdf")
    for count, rows, path in overviews:
        pdf = tmp_path / "pdf" / f"{path.stem}.pdf"
        assert pdf_pages(pdf) == 1, f"{count} objectives"
        text = " ".join(pdf_text(pdf).split())
        # the last column's last outcome, to its last words: nothing cut off the page
        last_words = " ".join(rows[s.OUTCOMES][-1][s.OUTCOME].split()[-2:])
        assert last_words in text, count
        assert "Page 1 of 1" not in text


def test_progress_at_a_glance_is_one_page_for_five_objectives(tmp_path):
    """Five objectives, each with three outcomes and its benchmarks: the glance page holds
    every objective, the totals and the key, and the first objective's section starts on the
    next page. The stress district (laid_out) is checked the same way."""
    from soffice import convert

    from pfs_docgen.api import build

    rows = _five_objectives()
    manifest = build(write_workbook(tmp_path / "five.xlsx", s.DISTRICT, rows),
                     tmp_path / "out", kinds=["progress-report"])
    docx_path = tmp_path / "out" / manifest.documents[0].path
    convert([docx_path], tmp_path / "pdf")
    _glance_on_one_page(tmp_path / "pdf" / f"{docx_path.stem}.pdf", rows)


def _glance_on_one_page(pdf: Path, rows: dict) -> None:
    pages = [" ".join(page.split()) for page in pdf_text(pdf).split("\f")]
    [at] = [n for n, page in enumerate(pages) if "Progress at a Glance As of" in page]
    page = pages[at]
    for n, objective in enumerate(rows[s.OBJECTIVES], start=1):
        # the label's lines sit among the outcomes' in the text: its first words
        assert f"{n}. {' '.join(objective[s.OBJECTIVE].split()[:2])}" in page, n
    assert "All objectives" in page and "Key, in the bar's order:" in page
    assert "Each benchmark counts once" in page
    assert "Strategic Initiative 1.1:" not in page
    assert "Strategic Initiative 1.1:" in pages[at + 1]  # no blank page between


def test_the_stress_districts_glance_is_one_page(stress_pdfs):
    from conftest import stress_rows

    _glance_on_one_page(stress_pdfs["progress-report"][1], stress_rows(s.DISTRICT))


def test_the_approval_block_is_on_one_page_with_its_heading(pdfs):
    pages = pdf_text(pdfs["school-improvement-plan"]).split("\f")
    at = [n for n, page in enumerate(pages) if "Approval" in page and "Signature" in page]
    assert at, "no page holds the Approval heading with its table"
    page = " ".join(pages[at[0]].split())
    assert "Date submitted to the superintendent:" in page
    assert "School committee consulted:" in page


VALIDATOR = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)


def test_with_pdf_the_docx_contents_carry_the_pdfs_page_numbers(pdfs):
    """bulk --pdf numbers each contents entry of the .docx as LibreOffice laid it out: the
    heading an entry names is on that page of the PDF."""
    import docx

    checked = 0
    for kind in ("district-plan", "school-improvement-plan", "district-action-plan"):
        pdf = pdfs[kind]
        pages = pdf_text(pdf).split("\f")
        document = docx.Document(str(pdf.with_suffix(".docx")))
        entries = [p.text for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
        assert entries, kind
        for entry in entries:
            text, _, page = entry.rpartition("\t")
            assert page.isdigit(), (kind, entry)
            words = " ".join(text.split()[:6])
            assert words in " ".join(pages[int(page) - 1].split()), (kind, entry)
            checked += 1
        result = VALIDATOR.validate(pdf.with_suffix(".docx"))  # still valid, numbered
        assert result.is_valid, [e.description for e in result.errors]
    assert checked >= 20


def test_a_plain_build_leaves_the_contents_unnumbered(tmp_path, renderer):
    import docx

    from pfs_docgen.api import build

    manifest = build(make_workbook(tmp_path), tmp_path / "out", kinds=["plan"],
                     renderer=renderer)
    document = docx.Document(str(tmp_path / "out" / manifest.documents[0].path))
    entries = [p.text for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert entries and not any("\t" in e for e in entries)


# Pages each kind of the stress plans takes, as laid out today: a range, so a layout change
# that doubles a document (or empties it) is caught.
STRESS_PAGES = {"district-plan": (10, 24), "district-action-plan": (6, 30),
                "district-plan-overview": (1, 1), "progress-report": (5, 20),
                "school-improvement-plan": (10, 26), "school-action-plan": (8, 32),
                "educator-goals": (4, 10), "alignment": (1, 4), "schools-progress": (1, 3)}


def test_the_stress_plans_lay_out_in_their_page_ranges(stress_pdfs):
    for kind, (_, pdf) in stress_pdfs.items():
        low, high = STRESS_PAGES[kind]
        assert low <= pdf_pages(pdf) <= high, (kind, pdf_pages(pdf))


def test_no_heading_is_the_last_line_of_a_page(stress_pdfs):
    from docx_read import headings
    from soffice import page_lines

    for kind, (docx_path, pdf) in stress_pdfs.items():
        titles = {" ".join(text.split()) for _, text in headings(docx_path)}
        pages = page_lines(pdf)
        for number, page in enumerate(pages[:-1], start=1):
            if page["lines"]:
                last = page["lines"][-1][2]
                assert last not in titles, (kind, number, last)


def test_no_page_is_more_than_half_empty_but_where_a_section_starts(stress_pdfs):
    """A page may end early only before a new section (a change of orientation) or at the
    end; the cover and the contents are pages of their own by design."""
    from soffice import page_lines

    for kind, (_, pdf) in stress_pdfs.items():
        pages = page_lines(pdf)
        first = 2 if kind not in ("district-plan-overview", "alignment",
                                  "schools-progress") else 0
        for n in range(first, len(pages) - 1):
            page, following = pages[n], pages[n + 1]
            if (page["width"] > page["height"]) != (following["width"] > following["height"]):
                continue  # the next section starts on a page of its own
            bottom = max((b for _, b, _ in page["lines"]), default=0)
            assert bottom > page["height"] / 2, (kind, n + 1)


def _pdf_words(pdf: Path) -> set[str]:
    """Every word LibreOffice laid out, as pdftotext reads it off the pages."""
    import subprocess

    from lxml import etree

    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                          capture_output=True).stdout
    root = etree.fromstring(html, etree.XMLParser(recover=True))
    # a line may break after a hyphen: a word is what lies between spaces and hyphens
    return {piece for w in root.iter("{*}word") if w.text
            for piece in re.split(r"(?<=-)", w.text) if piece}


def test_no_word_is_broken_inside_a_table_cell(laid_out):
    """Every word of every table cell is laid out whole, on one line (issue 16: column
    widths from the content). The stress plans hold words longer than the templates' columns
    ("Superintendent/Principal/Coordinator" under Person(s) Responsible)."""
    from docx_read import tables

    out, docx = laid_out
    checked = set()
    for document in docx:
        words = _pdf_words(out / document.pdf)
        cells = {cell for table in tables(out / document.path) for row in table
                 for cell in row}
        tokens = {t for cell in cells for t in re.split(r"(?<=-)|\s+", cell) if len(t) > 3}
        broken = sorted(t for t in tokens if t not in words)
        assert not broken, (document.path, broken[:10])
        checked |= tokens
    assert {"Superintendent/Principal/Coordinator", "Hispanic/Latino/Latinx",
            "technology/engineering,"} <= checked


# Workbooks saved by LibreOffice Calc: one Calc call (conftest.saved_by_calc) for all of
# them, made once on this file's worker.

def test_formula_with_cached_value_reads_the_value(saved_by_calc):
    # Mission!A2, Benchmarks!F2 and Outcomes!H2 hold CALC_FORMULAS, calculated by Calc
    _, calculated = saved_by_calc["formulas"]
    assert b"<f" in zipfile.ZipFile(calculated).read(
        sheet_part(calculated, s.MISSION)), "the round trip kept the formula"

    book = read_workbook(calculated)
    assert book.records(s.MISSION)[0].text(s.TEXT) == "We teach every student."
    assert book.records(s.BENCHMARKS)[0].text(s.TIMELINE) == "October 2025"
    assert book.records(s.OUTCOMES)[0].text(s.TARGET) == "50"
    issues = validate(book)
    assert _places(issues, "error") == set()
    # the formula's timeline, October 2025, is over by the report date: B1 is overdue
    assert _places(issues, "warning") == SAMPLE_WARNINGS | {("Benchmarks", 2, "Timeline")}


def test_a_workbook_saved_by_libreoffice_reads_like_ours(saved_by_calc):
    source, saved = saved_by_calc["sample"]
    ours, theirs = read_workbook(source), read_workbook(saved)
    for sheet in s.SHEETS:
        assert _texts(theirs, sheet.name) == _texts(ours, sheet.name), sheet.name


# Issue 15: every PDF --pdf writes is tagged PDF/UA-1, for districts that post their plans
# (ADA Title II asks WCAG 2.1 AA of posted documents).

def _all_pdfs(laid_out) -> list[tuple[Path, Path, str]]:
    out, docx = laid_out
    return [(out / d.path, out / d.pdf, d.kind) for d in docx]


def test_no_pdf_has_a_page_with_nothing_but_its_header_and_footer(laid_out):
    """A page break after a page that ended full, or a row pushed on, leaves no blank page:
    every page of every kind (sample and stress) has text between its running header and
    footer."""
    blank = {pdf.name: [n for n, page in enumerate(page_lines(pdf), start=1)
                        if not any(text.strip() for _, _, text in page["lines"])]
             for _, pdf, _ in _all_pdfs(laid_out)}
    assert not {name: pages for name, pages in blank.items() if pages}, blank


def test_every_pdf_passes_the_pdf_ua_1_checker_with_no_finding(laid_out):
    """page (page-validation on PyPI), an independent checker of all of PDF/UA-1's
    machine-checkable rules that passes veraPDF's test corpus: no failed rule, no failed
    check, on every kind, the district's and both schools' (the stress school's too)."""
    import page

    documents = _all_pdfs(laid_out)
    assert {kind for _, _, kind in documents} == set(STRESS_PAGES)
    findings = {}
    for _, pdf, _ in documents:
        report = page.validate_pdf(pdf, profile="ua1")
        if not report.is_compliant or report.failures or report.checks.failed:
            findings[pdf.name] = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert not findings, findings


def _structure(pdf) -> list[tuple[str, object]]:
    """Every structure element of a PDF as (standard type, element), in reading order."""
    import pikepdf

    roles = {str(k): str(v) for k, v in pdf.Root.StructTreeRoot.get("/RoleMap", {}).items()}
    found: list[tuple[str, object]] = []

    def walk(element) -> None:
        kids = element.get("/K")
        kids = [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append((roles.get(str(kid.S), str(kid.S)), kid))
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_every_pdf_has_the_structure_and_metadata_a_screen_reader_uses(laid_out):
    """Our own reading of what the checker passes: marked as tagged, PDF/UA-1 identified,
    the document's title in its metadata and as the window title, en-US; the headings as
    H1-H3, one for each heading of the .docx; each table with header cells in its first
    row; no Figure without alternative text; no structure element left empty (a table
    cell may be, so the rows stay whole)."""
    import docx
    import pikepdf
    from docx_read import headings

    for path, pdf_path, _ in _all_pdfs(laid_out):
        document = docx.Document(str(path))
        with pikepdf.open(pdf_path) as pdf:
            assert pdf.Root.MarkInfo.Marked is True, pdf_path.name
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True, pdf_path.name
            assert str(pdf.Root.Lang) == "en-US", pdf_path.name
            with pdf.open_metadata() as xmp:
                assert xmp.get("dc:title") == document.core_properties.title, pdf_path.name
                assert xmp.get("pdfuaid:part") == "1", pdf_path.name
            elements = _structure(pdf)
            kinds = [k for k, _ in elements]
            levels = [f"/H{style.split()[-1]}" for style, _ in headings(path)]
            assert [k for k in kinds if k.startswith("/H")] == levels, pdf_path.name
            assert set(levels) <= {"/H1", "/H2", "/H3"}
            tables = [e for k, e in elements if k == "/Table"]
            assert len(tables) == len(document.tables), pdf_path.name
            for table in tables:
                first_row = next(e for k, e in _structure_of(table) if k == "/TR")
                cells = [k for k, _ in _structure_of(first_row)]
                assert cells and set(cells) == {"/TH"}, pdf_path.name
            # LibreOffice 7.4 exports the logo as an artifact (decoration a screen reader
            # skips), not as a Figure: its alternative text reaches the .docx only. A Figure,
            # should a later LibreOffice make one, must have its alternative text.
            for figure in (e for k, e in elements if k == "/Figure"):
                assert str(figure.get("/Alt", "")).startswith("Logo of "), pdf_path.name
            empty = [k for k, e in elements if "/K" not in e and k not in ("/TD", "/TH")]
            assert not empty, (pdf_path.name, empty)


def _structure_of(element) -> list[tuple[str, object]]:
    import pikepdf

    kids = element.get("/K")
    kids = [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [(str(k.S), k) for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


# Issue 14, item 12: the workbook as LibreOffice Calc prints it. One soffice call converts
# the blank district workbook and the sample (`init --example`) to PDF.

@pytest.fixture(scope="session")
def workbook_pdfs(tmp_path_factory) -> dict[str, Path]:
    from soffice import convert

    require("soffice", "pdftotext", "pdfinfo")
    tmp = tmp_path_factory.mktemp("book")
    blank = write_workbook(tmp / "blank.xlsx", s.DISTRICT)
    example = tmp / "example.xlsx"
    result = run_cli("init", example, "--example")
    assert result.exit_code == 0, result.output
    convert([blank, example], tmp / "pdf")
    return {"blank": tmp / "pdf" / "blank.pdf", "example": tmp / "pdf" / "example.pdf"}


def _sheet_pages(pdf: Path) -> list[tuple[str, str]]:
    """Each page as (the sheet its footer names, its text)."""
    pages = []
    for text in pdf_text(pdf).split("\f")[:pdf_pages(pdf)]:
        footer = re.search(r"^(\S.*?)\s{2,}Page \d+ of \d+\s*$", text, re.M)
        assert footer, text[-300:]
        pages.append((footer.group(1).strip(), text))
    return pages


def test_the_blank_workbook_prints_one_page_wide_a_sheet(workbook_pdfs):
    pdf = workbook_pdfs["blank"]
    # Measured with LibreOffice 7.4: 45 portrait pages before (issue 14 counted 37), sheets
    # split sideways; 21 landscape pages now, one a sheet and two for the Instructions.
    assert pdf_pages(pdf) <= 25
    pages = _sheet_pages(pdf)
    names = [name for name, _ in pages]
    assert [n for n in dict.fromkeys(names)] == [s.INSTRUCTIONS] + [
        sheet.name for sheet in s.sheets_for(s.DISTRICT)]  # the hidden Lists sheet is not printed
    assert all(names.count(sheet.name) == 1 for sheet in s.sheets_for(s.DISTRICT))


@pytest.mark.parametrize("which", ["blank", "example"])
def test_every_workbook_page_is_landscape_and_holds_its_sheets_whole_header_row(
        workbook_pdfs, which):
    pdf = workbook_pdfs[which]
    assert all(p["width"] > p["height"] for p in page_lines(pdf))
    for name, text in _sheet_pages(pdf):
        words = set(text.split())
        headers = (["Sheet", "What it holds", "Needed?"] if name == s.INSTRUCTIONS
                   else [c.name for c in s.SHEETS_BY_NAME[name].columns])
        for header in headers:  # the last column's too: no page is cut sideways
            assert set(header.split()) <= words, (which, name, header)
    if which == "example":  # a sheet longer than a page repeats its header row
        pages = [n for n, _ in _sheet_pages(pdf)]
        assert pages.count(s.BENCHMARKS) >= 2
