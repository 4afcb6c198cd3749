"""The web page's HTTP layer (pfs_docgen/web), through Starlette's test client: what each
route answers, the problems in the words validate uses, the limits and their statuses, the
Host check, the download links (unguessable, per upload, expiring) and hostile uploads."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from conftest import make_workbook, sample, school_rows
from docx import Document
from starlette.testclient import TestClient
from test_unreadable import bomb_in_workbook_xml, zip_bomb

from pfs_docgen import api
from pfs_docgen import schema as s
from pfs_docgen.web import app as web_app
from pfs_docgen.web.app import create_app
from pfs_docgen.web.store import Store
from pfs_docgen.web.work import Limits, safe_name
from pfs_docgen.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[1]
DISTRICT = ROOT / "inputs" / "maple-falls-district.xlsx"
SCHOOLS = sorted((ROOT / "inputs" / "schools").glob("*.xlsx"))
BASE = "http://127.0.0.1:8765"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    return Store(ttl=600, root=tmp_path / "store", clock=clock)


@pytest.fixture
def client(store):
    with TestClient(create_app(store=store, pdf=False), base_url=BASE) as c:
        yield c


def upload(client, *paths: Path, names: list[str] | None = None, **data):
    files = [("files", ((names[n] if names else p.name), p.read_bytes()))
             for n, p in enumerate(paths)]
    return client.post("/check", files=files, data=data)


def text_of(response) -> str:
    """The page as a person reads it: tags gone, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.text)))


def links(response) -> list[str]:
    return re.findall(r'href="/download/([A-Za-z0-9_-]+)"', response.text)


def zip_names(response) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def planted(tmp_path: Path) -> Path:
    """The sample district with one error: the first benchmark has no owner."""
    rows = sample()
    rows[s.BENCHMARKS][0][s.PERSONS_RESPONSIBLE] = ""
    return make_workbook(tmp_path, "maple-falls-district.xlsx", rows=rows)


def test_page_has_the_form_and_needs_nothing_from_the_internet(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<input type="file" id="files" name="files" multiple' in page.text
    assert 'action="/check#results"' in page.text and 'enctype="multipart/form-data"' in page.text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(src.startswith("/") for src in sources), sources
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for name in ("page.css", "page.js"):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and asset.content


def test_planted_error_is_shown_with_sheet_cell_column_in_validates_words(client, tmp_path):
    workbook = planted(tmp_path)
    expected = [i for i in api.check(workbook).issues if i.is_error]
    assert len(expected) == 1
    page = upload(client, workbook)
    assert page.status_code == 200
    row = re.search(r'<tr class="error">(.*?)</tr>', page.text, re.S)
    assert row is not None
    cells = [unescape(c) for c in re.findall(r"<td>(.*?)</td>", row.group(1), re.S)]
    issue = expected[0]
    assert cells == ["Error", issue.sheet, issue.cell, issue.column, issue.message]
    assert issue.sheet == s.BENCHMARKS and issue.column == s.PERSONS_RESPONSIBLE
    # errors before warnings, and no documents from a workbook with an error
    rows = re.findall(r'<tr class="(error|warning)">', page.text)
    assert rows == sorted(rows, key=lambda r: r != "error")
    assert "1 error" in text_of(page) and "No documents were made" in text_of(page)
    assert "Download the documents" not in page.text


def test_fixed_workbook_gives_documents_that_open(client):
    page = upload(client, DISTRICT)
    assert page.status_code == 200
    assert "0 errors" in text_of(page) or "no problems" in text_of(page)
    documents, schools = links(page)
    got = client.get(f"/download/{documents}")
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/zip"
    assert 'filename="maple-falls-district-documents.zip"' in got.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(got.content))
    names = archive.namelist()
    assert "maple-falls-public-schools_district-plan_2025-2028.docx" in names
    assert "manifest.json" not in names  # it names the server's folders
    for name in names:
        assert name in page.text  # each document is listed on the page
    plan = Document(io.BytesIO(archive.read("maple-falls-public-schools_district-plan_"
                                            "2025-2028.docx")))
    assert "Maple Falls" in plan.core_properties.title
    # the district's school workbooks, as init-schools writes them
    workbooks = client.get(f"/download/{schools}")
    assert workbooks.status_code == 200
    assert sorted(zip_names(workbooks)) == sorted(p.name for p in SCHOOLS)


def test_a_district_and_its_schools_are_checked_together(client, tmp_path):
    school = tmp_path / "oak.xlsx"
    rows = school_rows()
    rows[s.OBJECTIVES][0][s.DISTRICT_OBJECTIVE_ID] = "SO99"  # not one of the district's
    write_workbook(school, s.SCHOOL, rows)
    expected = api.check_many([DISTRICT, school], district=DISTRICT)[1]
    page = upload(client, DISTRICT, school, SCHOOLS[0])
    assert page.status_code == 200
    errors = [i.message for i in expected.issues if i.is_error]
    assert errors and all(message in unescape(page.text) for message in errors)
    assert "3 workbooks checked: 2 ready, 1 with errors" in text_of(page)
    got = client.get(f"/download/{links(page)[0]}")
    names = zip_names(got)
    assert any(n.startswith("maple-falls-district/") for n in names)
    assert any(n.startswith(f"{SCHOOLS[0].stem}/") for n in names)
    assert not any(n.startswith("oak/") for n in names)


def test_a_zip_of_workbooks_is_unpacked(client, tmp_path):
    bundle = tmp_path / "district.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.write(DISTRICT, "plans/maple-falls-district.xlsx")
        z.write(SCHOOLS[0], f"plans/schools/{SCHOOLS[0].name}")
        z.writestr("__MACOSX/._junk", b"x")
    page = upload(client, bundle)
    assert page.status_code == 200
    assert "2 workbooks checked: 2 ready" in text_of(page)


@pytest.mark.parametrize("name", ["blank-district.xlsx", "blank-school.xlsx",
                                  "example-district.xlsx", "example-school.xlsx"])
def test_starter_workbooks_download(client, tmp_path, name):
    got = client.get(f"/workbooks/{name}")
    assert got.status_code == 200
    assert f'filename="{name}"' in got.headers["content-disposition"]
    path = tmp_path / name
    path.write_bytes(got.content)
    report = api.check(path)
    assert report.book is not None
    if name.startswith("example"):
        assert report.errors == 0


# --- limits ---------------------------------------------------------------------------------

def small_client(store, **limits):
    return TestClient(create_app(store=store, pdf=False, limits=Limits(**limits)),
                      base_url=BASE)


def test_a_file_over_the_limit_is_413_with_the_limit_and_the_server_goes_on(store, tmp_path):
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK" + bytes(3 * 1024 * 1024))
    with small_client(store, file_bytes=2 * 1024 * 1024) as c:
        page = upload(c, big)
        assert page.status_code == 413
        assert "big.xlsx is larger than 2 MB, the most one file may be" in text_of(page)
        assert upload(c, DISTRICT).status_code == 200


def test_too_many_files_is_413_saying_how_many(store):
    with small_client(store, files=2) as c:
        page = upload(c, DISTRICT, SCHOOLS[0], SCHOOLS[1])
        assert page.status_code == 413
        assert "more than 2 files" in text_of(page)
        assert "smaller groups" in text_of(page)


def test_a_request_larger_than_the_total_is_refused_before_it_is_read(store):
    with small_client(store, total_bytes=1024 * 1024) as c:
        page = c.post("/check", content=b"x" * 10, headers={
            "content-type": "multipart/form-data; boundary=b",
            "content-length": str(50 * 1024 * 1024)})
        assert page.status_code == 413
        assert "larger than 1 MB in all" in text_of(page)


def test_a_zip_that_unpacks_past_the_limit_is_413(store, tmp_path):
    bomb = tmp_path / "schools.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("huge.xlsx", bytes(30 * 1024 * 1024))  # 30 MB of zeros, a few KB packed
    assert bomb.stat().st_size < 100_000
    with small_client(store, file_bytes=10 * 1024 * 1024) as c:
        page = upload(c, bomb)
        assert page.status_code == 413
        assert "huge.xlsx in schools.zip is larger than 10 MB unpacked" in text_of(page)


def test_no_file_chosen_is_400_saying_what_to_do(client):
    page = client.post("/check", files=[("files", ("", b""))])
    assert page.status_code == 400
    assert "no workbook in the upload" in text_of(page)
    assert client.post("/check", data={"x": "1"}).status_code == 400


# --- hostile uploads ------------------------------------------------------------------------

def random_bytes(tmp_path):
    path = tmp_path / "garbage.xlsx"
    path.write_bytes(bytes(range(256)) * 40)
    return path


def xlsm(tmp_path):
    path = tmp_path / "macros.xlsm"
    path.write_bytes(DISTRICT.read_bytes())
    return path


def csv(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("ID,Objective\nSO1,Strong core instruction\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [bomb_in_workbook_xml, zip_bomb, random_bytes, xlsm, csv],
                         ids=["entity-bomb", "zip-bomb", "random-bytes", "xlsm", "csv"])
def test_hostile_workbooks_get_the_librarys_message(client, tmp_path, make):
    path = make(tmp_path)
    expected = api.check(path).issues[0].message
    page = upload(client, path)
    assert page.status_code == 200
    assert expected in unescape(page.text)
    assert str(tmp_path) not in page.text  # no server paths
    assert "Traceback" not in page.text


def test_a_failure_of_ours_is_a_plain_500_page(store, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(web_app.work, "process", broken)
    with TestClient(create_app(store=store, pdf=False), base_url=BASE,
                    raise_server_exceptions=False) as c:
        page = upload(c, DISTRICT)
    assert page.status_code == 500
    assert "Something went wrong on the server" in page.text
    assert "Traceback" not in page.text and "a bug" not in page.text


def test_page_escapes_what_it_shows(client, tmp_path):
    rows = sample()
    rows[s.BENCHMARKS][0][s.PERSONS_RESPONSIBLE] = ""
    rows[s.BENCHMARKS][0][s.ID] = "<script>alert(1)</script>"
    page = upload(client, make_workbook(tmp_path, "x.xlsx", rows=rows),
                  names=['<img src=x onerror="alert(1)">.xlsx'])
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;" in page.text


# --- the Host header, paths, links ----------------------------------------------------------

@pytest.mark.parametrize("host, status", [("127.0.0.1:8765", 200), ("localhost:8765", 200),
                                          ("evil.example", 400), ("evil.example:8765", 400),
                                          ("127.0.0.1.evil.example", 400)])
def test_only_the_servers_own_host_names_are_answered(client, host, status):
    assert client.get("/", headers={"host": host}).status_code == status


@pytest.mark.parametrize("path", ["/static/", "/static/../app.py", "/static/%2e%2e%2fapp.py",
                                  "/static/store.py", "/workbooks/..%2F..%2Fsetup.cfg",
                                  "/download/", "/download/..%2F..%2Fetc%2Fpasswd",
                                  "/download/" + "A" * 43, "/workbooks/", "/nothing"])
def test_no_listing_and_no_path_from_a_request_reaches_the_files(client, path):
    got = client.get(path)
    assert got.status_code == 404
    assert "<!DOCTYPE html>" in got.text and "Traceback" not in got.text


def test_each_upload_has_its_own_links_and_they_expire(client, store, clock, tmp_path):
    school = tmp_path / "school-a.xlsx"
    write_workbook(school, s.SCHOOL, school_rows("Alpha School", "09990001"))
    other = tmp_path / "school-b.xlsx"
    write_workbook(other, s.SCHOOL, school_rows("Beta School", "09990002"))
    first, second = links(upload(client, school)), links(upload(client, other))
    assert len(first) == len(second) == 1 and first != second
    a, b = client.get(f"/download/{first[0]}"), client.get(f"/download/{second[0]}")
    assert all(n.startswith("alpha-school_") for n in zip_names(a))
    assert all(n.startswith("beta-school_") for n in zip_names(b))
    assert len(first[0]) == 43  # secrets.token_urlsafe(32)
    folders = list(store.root.iterdir())
    assert len(folders) == 2
    clock.now += 601
    gone = client.get(f"/download/{first[0]}")
    assert gone.status_code == 404 and "expired" in gone.text
    assert list(store.root.iterdir()) == []  # both folders removed with their links


def test_an_upload_with_nothing_to_download_leaves_no_folder(client, store, tmp_path):
    school = tmp_path / "bad.xlsx"
    rows = school_rows()
    rows[s.BENCHMARKS][0][s.PERSONS_RESPONSIBLE] = ""
    write_workbook(school, s.SCHOOL, rows)
    page = upload(client, school)
    assert page.status_code == 200 and links(page) == []
    assert list(store.root.iterdir()) == []


def test_safe_name_keeps_only_a_harmless_last_part():
    taken: set[str] = set()
    assert safe_name("../../etc/passwd", taken) == "passwd"
    assert safe_name("C:\\Users\\x\\plan.xlsx", taken) == "plan.xlsx"
    assert safe_name("plan.xlsx", taken) == "plan (2).xlsx"
    assert safe_name(".hidden.xlsx", taken) == "hidden.xlsx"
    assert safe_name("", taken) == "workbook"


def test_with_libreoffice_the_page_offers_pdfs_and_the_zip_holds_them(store, tmp_path):
    """The PDF box shows only where LibreOffice is; ticked, each document comes with its
    PDF in the zip (a school: its two or three documents)."""
    from soffice import require

    require("soffice")
    school = next(p for p in SCHOOLS if "lincoln" in p.name)
    with TestClient(create_app(store=store), base_url=BASE) as c:
        assert 'name="pdf"' in c.get("/").text
        page = upload(c, school, pdf="1")
        assert page.status_code == 200, text_of(page)
        got = c.get(f"/download/{links(page)[0]}")
    names = zipfile.ZipFile(io.BytesIO(got.content)).namelist()
    docx_names = [n for n in names if n.endswith(".docx")]
    assert docx_names
    assert sorted(n for n in names if n.endswith(".pdf")) == \
        sorted(n[:-len(".docx")] + ".pdf" for n in docx_names)
    pdf = zipfile.ZipFile(io.BytesIO(got.content)).read(docx_names[0][:-5] + ".pdf")
    assert pdf.startswith(b"%PDF-")


def test_without_libreoffice_the_page_has_no_pdf_box(store):
    with TestClient(create_app(store=store, pdf=False), base_url=BASE) as c:
        assert 'name="pdf"' not in c.get("/").text
