"""The README's picture of the web page: the sample district with a few problems planted,
uploaded in headless Chromium (Playwright), the page saved as a PNG.

    python scripts/web_screenshot.py docs/web-page.png
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

from pfs_docgen.web.app import create_app
from pfs_docgen.web.server import bind, url_of

ROOT = Path(__file__).resolve().parents[1]


def main(target: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        book = load_workbook(ROOT / "inputs" / "maple-falls-district.xlsx")
        sheet = book["Benchmarks"]
        columns = {c.value: c.column for c in sheet[1]}
        sheet.cell(row=2, column=columns["Person(s) Responsible"]).value = None
        sheet.cell(row=3, column=columns["Initiative ID"]).value = "SI9"
        workbook = Path(tmp) / "maple-falls-district.xlsx"
        book.save(workbook)
        sock = bind("127.0.0.1", 0)
        server = uvicorn.Server(uvicorn.Config(create_app(pdf=False), log_level="warning"))
        threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                        args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1000, "height": 1050})
            page.goto(url_of(sock, "127.0.0.1"))
            page.set_input_files("#files", str(workbook))
            page.click("button[type=submit]")
            page.screenshot(path=target, full_page=True,
                            clip={"x": 0, "y": 0, "width": 1000, "height": 1050})
            browser.close()
        server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/web-page.png"))
