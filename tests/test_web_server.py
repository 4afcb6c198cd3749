"""The web page on a real server: uvicorn on a free 127.0.0.1 port, twenty people uploading at
once, each getting their own documents; and `pfs-docgen serve` as a person starts and stops
it (the address printed, Ctrl-C a normal stop, a port in use a clear message)."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
import uvicorn
from conftest import school_rows

from pfs_docgen import schema as s
from pfs_docgen.web.app import create_app
from pfs_docgen.web.server import bind, url_of
from pfs_docgen.web.store import Store
from pfs_docgen.workbook import write_workbook

PEOPLE = 20


class Running:
    """uvicorn serving the app in a thread, on a socket bound to a free port."""

    def __init__(self, app):
        self.sock = bind("127.0.0.1", 0)
        self.url = url_of(self.sock, "127.0.0.1")
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(20)
        self.sock.close()


@pytest.fixture(scope="module")
def schools(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("people")
    paths = []
    for n in range(PEOPLE):
        path = folder / f"school-{n:02d}.xlsx"
        write_workbook(path, s.SCHOOL, school_rows(f"School Number {n:02d}", f"0999{n:04d}"))
        paths.append(path)
    return paths


def test_twenty_people_uploading_at_once_each_get_their_own_documents(tmp_path, schools):
    store = Store(root=tmp_path / "store")
    with Running(create_app(store=store, pdf=False)) as running:
        def person(path: Path) -> tuple[Path, str, bytes]:
            with httpx2.Client(base_url=running.url, timeout=120) as client:
                page = client.post("/check", files=[("files", (path.name, path.read_bytes()))])
                assert page.status_code == 200, page.text[:500]
                (token,) = re.findall(r'href="/download/([A-Za-z0-9_-]+)"', page.text)
                got = client.get(f"/download/{token}")
                assert got.status_code == 200
                return path, token, got.content

        started = time.perf_counter()
        with ThreadPoolExecutor(PEOPLE) as pool:
            results = list(pool.map(person, schools))
        seconds = time.perf_counter() - started
        tokens = {token for _, token, _ in results}
        assert len(tokens) == PEOPLE
        for path, _, content in results:
            number = path.stem.split("-")[1]
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
            assert names and all(n.startswith(f"school-number-{number}_") for n in names), names
        # one person's link is no key to another's files: each token gives its own zip
        with httpx2.Client(base_url=running.url) as client:
            first, second = results[0], results[1]
            assert client.get(f"/download/{first[1]}").content == first[2]
            assert client.get(f"/download/{second[1]}").content != first[2]
            assert client.get("/", headers={"host": "attacker.example:1"}).status_code == 400
    print(f"{PEOPLE} concurrent uploads in {seconds:.1f} s")
    assert not store.root.exists()  # the server stopped: every upload's folder went


def _serve(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pfs_docgen", "serve", "--no-browser", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_serve_prints_its_address_and_ctrl_c_stops_it_cleanly():
    process = _serve("--port", "0")
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url), url
        page = httpx2.get(url, timeout=20)
        assert page.status_code == 200 and "Upload your workbook" in page.text
        taken = _serve("--port", url.rsplit(":", 1)[1].strip("/"))
        _, problem = taken.communicate(timeout=30)
        assert taken.returncode == 1
        assert "is already in use" in problem and "--port" in problem
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Stopped." in err and "Traceback" not in err
