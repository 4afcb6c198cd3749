"""The web page in a real browser: headless Chromium from the system's packages, driven by
Playwright (its own driver, never `playwright install`). A person uploads the sample district
workbook with one error planted, reads the error with its cell, uploads the fixed workbook and
downloads the documents; then the same with the keyboard alone; and axe-core (from npm,
installed by .ci/run into .ci/axe) finds no WCAG 2.1 A/AA violation on the page.

Without Chromium or axe-core these tests skip, except under CI (CI set), where they fail."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import missing
from docx import Document
from test_web_server import Running

from pfs_docgen import api
from pfs_docgen.web.app import create_app
from pfs_docgen.web.store import Store

ROOT = Path(__file__).resolve().parents[1]
DISTRICT = ROOT / "inputs" / "maple-falls-district.xlsx"
AXE = ROOT / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium() -> str:
    found = (os.environ.get("PFS_DOCGEN_CHROMIUM") or shutil.which("chromium")
             or shutil.which("chromium-browser"))
    if not found:
        missing("Chromium is not installed (Debian: apt-get install chromium)")
    return str(found)


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable,
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = Store(root=tmp_path_factory.mktemp("web") / "store")
    with Running(create_app(store=store, pdf=False)) as running:
        yield running


@pytest.fixture
def page(browser, tmp_path):
    # bypass_csp: the page's own policy allows no inline script, and axe is injected inline
    context = browser.new_context(accept_downloads=True, bypass_csp=True,
                                  viewport={"width": 1100, "height": 900})
    yield context.new_page()
    context.close()


def planted(tmp_path: Path) -> tuple[Path, str]:
    """The sample district workbook with one required cell emptied (the first benchmark's
    Person(s) Responsible), edited with openpyxl as a person edits it in Excel; returns the
    workbook and the emptied cell."""
    from openpyxl import load_workbook

    book = load_workbook(DISTRICT)
    sheet = book["Benchmarks"]
    header = next(c for c in sheet[1] if c.value == "Person(s) Responsible")
    cell = sheet.cell(row=2, column=header.column)
    cell.value = None
    path = tmp_path / "maple-falls-district.xlsx"
    book.save(path)
    return path, cell.coordinate


def no_violations(page) -> None:
    if not AXE.is_file():
        missing(f"axe-core is not installed ({AXE}; .ci/run runs npm install --prefix .ci/axe "
                "axe-core@4)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    found = [{"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
             for v in result["violations"]]
    assert found == [], json.dumps(found, indent=2)
    assert result["passes"], "axe ran no check"


def test_upload_see_the_error_fix_it_download_the_documents(page, server, tmp_path):
    workbook, cell = planted(tmp_path)
    (issue,) = [i for i in api.check(workbook).issues if i.is_error]
    page.goto(server.url)
    no_violations(page)
    page.set_input_files("#files", str(workbook))
    page.click("button[type=submit]")
    row = page.locator("tr.error")
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells == ["Error", "Benchmarks", cell, "Person(s) Responsible", issue.message]
    assert page.locator("a", has_text="Download the documents").count() == 0
    no_violations(page)  # the page with a problems table

    page.set_input_files("#files", str(DISTRICT))
    page.click("button[type=submit]")
    assert page.locator("tr.error").count() == 0
    with page.expect_download() as download:
        page.click("text=Download the documents (.zip)")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "maple-falls-district-documents.zip"
    with zipfile.ZipFile(saved) as archive:
        plan = Document(io.BytesIO(archive.read(
            "maple-falls-public-schools_district-plan_2025-2028.docx")))
    assert "Maple Falls" in plan.core_properties.title
    assert any(p.style.name == "Heading 1" for p in plan.paragraphs)
    no_violations(page)  # the page with the downloads


def focused(page) -> str:
    return page.evaluate("""() => { const e = document.activeElement;
        return e.id || e.className || e.tagName; }""")


def tab_to(page, wanted: str, most: int = 40) -> None:
    for _ in range(most):
        page.keyboard.press("Tab")
        if focused(page) == wanted:
            return
    raise AssertionError(f"Tab never reached {wanted!r}")


def test_keyboard_alone_upload_read_the_problems_download(page, server, tmp_path):
    page.goto(server.url)
    tab_to(page, "files")
    from playwright.sync_api import TimeoutError as NoChooser

    try:
        with page.expect_file_chooser(timeout=5000) as chooser:
            page.keyboard.press("Space")  # what opens a file input from the keyboard
        chooser.value.set_files(str(DISTRICT))  # the sample: warnings, no errors
    except NoChooser:  # headless Chromium does not always open a chooser for a key press
        page.set_input_files("#files", str(DISTRICT))
    assert focused(page) == "files"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("tr.warning").count() > 0
    tab_to(page, "table")  # the problems table's scrollable region takes the focus
    label = page.evaluate("document.activeElement.getAttribute('aria-labelledby')")
    assert "maple-falls-district.xlsx" in page.inner_text(f"#{label}")
    tab_to(page, "button")  # the download link, styled as a button
    assert "Download the documents" in page.evaluate("document.activeElement.textContent")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith("-documents.zip")
    no_violations(page)
