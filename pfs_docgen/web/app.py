"""The web page's routes (Starlette): each turns a request into one call of work.py (which
calls the library) and the result into a page or a file, as cli.py does for a command line.

    GET  /                       the page
    POST /check                  upload workbooks (multipart form, field "files"): the page
                                 with every problem and the download links
    GET  /download/{token}       a file an upload made (unknown or expired: 404)
    GET  /workbooks/{name}       a blank workbook or the example (a fixed list of names)
    GET  /static/{name}          the page's CSS and script (a fixed list of names)

Refusals answer with a page saying what to do: 413 for too large or too many files, 400 for
a request that is not an upload; a Host header that is not the server's gets 400
(TrustedHostMiddleware, against DNS rebinding).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import partial
from importlib.resources import files
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from .. import api
from ..errors import PfsDocgenError, UploadRefused
from . import page, work
from .store import Store

# Every response: scripts and styles from this server only, no framing, no referrer (the
# download links are the only key to a person's files), no guessing of content types.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STATIC = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8"}
STARTERS = {"blank-district.xlsx": (api.DISTRICT, False),
            "blank-school.xlsx": (api.SCHOOL, False),
            "example-district.xlsx": (api.DISTRICT, True),
            "example-school.xlsx": (api.SCHOOL, True)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORM_SLACK = 1024 * 1024  # a multipart body's boundaries and headers, above the files


class Web:
    """The page's settings and state: limits, the store of uploads, whether PDFs can be made,
    the templates compiled once for every upload."""

    def __init__(self, limits: work.Limits, store: Store, pdf: bool):
        self.limits, self.store, self.pdf = limits, store, pdf
        self.renderer = api.renderer_for()

    def page(self, status: int = 200, **kwargs) -> HTMLResponse:
        return HTMLResponse(page.home(self.limits, pdf_available=self.pdf,
                                      minutes=max(1, round(self.store.ttl / 60)), **kwargs),
                            status_code=status, headers=HEADERS)

    async def home(self, request: Request) -> Response:
        return self.page()

    async def check(self, request: Request) -> Response:
        folder = None
        try:
            uploads, want_pdf = await self._read(request)
            folder = self.store.new_folder()
            outcome = await run_in_threadpool(
                work.process, folder, uploads, limits=self.limits, pdf=want_pdf and self.pdf,
                renderer=self.renderer)
            return self.page(outcome=outcome, links=self._offer(folder, outcome))
        except UploadRefused as exc:
            return self.page(exc.status, problem=str(exc))
        except PfsDocgenError as exc:
            return self.page(400, problem=str(exc))
        finally:
            if folder is not None:
                self.store.release(folder)

    def _offer(self, folder: Path, outcome: work.Outcome) -> dict[str, str]:
        links = {}
        first = Path(outcome.checked[0].name).stem if outcome.checked else "plan"
        if outcome.documents_zip is not None:
            links["documents"] = self.store.offer(folder, outcome.documents_zip,
                                                  f"{first}-documents.zip")
        if outcome.district is not None:
            links["schools"] = self.store.offer(
                folder, folder / "school-workbooks.zip",
                f"{outcome.district.stem}-school-workbooks.zip",
                make=partial(work.school_workbooks, outcome.district, folder))
        return links

    async def _read(self, request: Request) -> tuple[list[tuple[str, bytes]], bool]:
        """The uploaded files, refused before parsing when the request says it is too large,
        and while reading when it turns out to be."""
        limits = self.limits
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise UploadRefused("Send the workbooks with the form on this page.")
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limits.total_bytes + FORM_SLACK:
            raise work.too_large_total(limits)
        counted = Request(request.scope, _counting(request.receive,
                                                   limits.total_bytes + FORM_SLACK, limits))
        try:
            form = await counted.form(max_files=limits.files, max_fields=10,
                                      max_part_size=64 * 1024)
        except HTTPException as exc:
            if "Too many files" in str(exc.detail):
                raise work.too_many(limits) from exc
            raise UploadRefused("The upload arrived incomplete or damaged: choose the files "
                                "again and press the button.") from exc
        try:
            uploads = []
            for item in form.getlist("files"):
                if not isinstance(item, UploadFile) or (not item.filename and not item.size):
                    continue  # the empty part a browser sends when no file was chosen
                if (item.size or 0) > limits.file_bytes:
                    raise UploadRefused(
                        f"{work.safe_name(item.filename or '', set())} is larger than "
                        f"{limits.megabytes(limits.file_bytes)}, the most one file may be. A "
                        "planning workbook is a few hundred kilobytes: check that this is the "
                        "right file (pictures pasted into it make it large).", 413)
                uploads.append((item.filename or "workbook.xlsx", await item.read()))
            return uploads, form.get("pdf") == "1"
        finally:
            await form.close()

    async def download(self, request: Request) -> Response:
        token = request.path_params["token"]
        try:
            entry = await run_in_threadpool(self.store.get, token)
        except PfsDocgenError as exc:
            return self.page(400, problem=str(exc))
        if entry is None:
            return _message(404, "This download link has expired",
                            "Download links work for a while after an upload, then the files "
                            "are deleted. Upload the workbook again to get a new link.")
        return FileResponse(entry.path, filename=entry.name, headers=HEADERS,
                            media_type="application/zip")

    async def starter(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STARTERS:
            return _message(404, "There is no such workbook", "Choose one from the list on "
                            "the upload page.")
        data = await run_in_threadpool(work.starter_workbook, *STARTERS[name])
        return Response(data, media_type=XLSX, headers={
            **HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return _message(404, "There is no such page", "Go back to the upload page.")
        data = files("pfs_docgen.web").joinpath("static", name).read_bytes()
        return Response(data, media_type=STATIC[name], headers={
            **HEADERS, "Cache-Control": "no-cache"})


def _counting(receive, most: int, limits: work.Limits):
    """The request's body, refused as soon as more than `most` bytes have come (a body sent
    in chunks has no Content-Length to check first)."""
    seen = 0

    async def counted():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > most:
            raise work.too_large_total(limits)
        return message

    return counted


def _message(status: int, heading: str, text: str) -> HTMLResponse:
    return HTMLResponse(page.message(heading, text), status_code=status, headers=HEADERS)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    if status == 405:
        return _message(405, "That is not how this page is used",
                        "Go back to the upload page and use its form.")
    return _message(status, "There is no such page", "Go back to the upload page.")


async def _server_error(request: Request, exc: Exception) -> Response:
    return _message(500, "Something went wrong on the server",
                    "This is a fault in pfs-docgen, not in your workbook. Please tell the "
                    "person who runs this server, with the workbook, so it can be reported.")


@asynccontextmanager
async def _lifespan(web: Web, app: Starlette) -> AsyncIterator[None]:
    try:
        yield
    finally:  # the server stops: every upload's folder goes
        web.store.close()


def create_app(*, hosts: Iterable[str] = ("127.0.0.1", "localhost"),
               limits: work.Limits | None = None, store: Store | None = None,
               pdf: bool | None = None) -> Starlette:
    """The web page as an ASGI application, answering only to these host names."""
    web = Web(limits or work.Limits(), store or Store(),
              api.pdf_available() if pdf is None else pdf)
    routes = [
        Route("/", web.home, methods=["GET"]),
        Route("/check", web.check, methods=["POST"]),
        Route("/download/{token}", web.download, methods=["GET"]),
        Route("/workbooks/{name}", web.starter, methods=["GET"]),
        Route("/static/{name}", web.static, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts),
                               www_redirect=False)],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
        lifespan=partial(_lifespan, web))
    app.state.web = web
    return app
