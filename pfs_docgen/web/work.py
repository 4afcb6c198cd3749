"""One upload's work, in its own folder: unpack, check every workbook with the library, build
the documents of those without errors, zip them. No HTTP here (app.py translates), and no
wording of our own for a workbook's problems: the library's issues, as `validate` prints them.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..errors import PdfFailed, PfsDocgenError, UploadRefused

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one request may bring (the README's "Web page" lists the defaults). A workbook
    of 10 MB is far above any real plan and within what the reader checks in seconds."""

    file_bytes: int = 10 * MB  # one file (a workbook, or a zip of workbooks)
    files: int = 200  # files in one request, a zip's workbooks counted one by one
    total_bytes: int = 100 * MB  # the whole request; a zip's workbooks, unpacked

    def megabytes(self, size: int) -> str:
        return f"{size / MB:g} MB"


@dataclass
class Checked:
    """One workbook of the upload: what validate found, and the documents made from it."""

    name: str  # the file's name as it was uploaded (made safe)
    report: api.Report
    level: str | None = None  # district or school, None when unreadable
    documents: list[str] = field(default_factory=list)  # paths inside the zip
    note: str = ""  # why some documents were not made (a PDF that failed)

    @property
    def issues(self) -> list:
        return api.errors_first(self.report.issues)


@dataclass
class Outcome:
    checked: list[Checked]
    documents_zip: Path | None = None
    district: Path | None = None  # the uploaded district workbook, for init-schools
    pdf: bool = False


def safe_name(name: str, taken: set[str]) -> str:
    """A file name from a request, made harmless: the last part of any path, letters,
    digits, spaces, dots, dashes, underscores and brackets only, no leading dot, at most 100
    characters, and not one already taken in this upload."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9 ._()-]", "_", base).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem, suffix = stem[:90] or "workbook", suffix[:10]
    candidate, n = f"{stem}.{suffix}" if suffix else stem, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n}).{suffix}" if suffix else f"{stem} ({n})"
    taken.add(candidate.lower())
    return candidate


def unpack(files: list[tuple[str, bytes]], limits: Limits) -> list[tuple[str, bytes]]:
    """The workbooks of an upload: each file as it is, a .zip's files in its place (read
    with a cap, whatever its headers claim, so a zip bomb stops at the limit)."""
    found: list[tuple[str, bytes]] = []
    total = 0
    for name, data in files:
        if not name.lower().endswith(".zip"):
            found.append((name, data))
            total += len(data)
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError) as exc:
            raise UploadRefused(f"{name} is not a zip file that can be opened. Make the zip "
                                "again (in Windows: select the workbooks, right-click, Send "
                                "to > Compressed (zipped) folder), or upload the workbooks "
                                "themselves.") from exc
        with archive:
            members = [i for i in archive.infolist() if not i.is_dir()
                       and not i.filename.startswith("__MACOSX/")
                       and not Path(i.filename).name.startswith(".")]
            for info in members:
                if len(found) >= limits.files:
                    raise too_many(limits)
                content = _read_capped(archive, info, name, limits)
                total += len(content)
                if total > limits.total_bytes:
                    raise too_large_total(limits)
                found.append((info.filename, content))
    if len(found) > limits.files:
        raise too_many(limits)
    if not found:
        raise UploadRefused("There was no workbook in the upload: choose one or more .xlsx "
                            "files (or a .zip of them) and press Check.")
    return found


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str,
                 limits: Limits) -> bytes:
    try:
        with archive.open(info) as member:
            content = member.read(limits.file_bytes + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
        raise UploadRefused(f"{info.filename} in {name} could not be unpacked (the zip is "
                            "damaged or password-protected). Make the zip again, or upload "
                            "the workbooks themselves.") from exc
    if len(content) > limits.file_bytes:
        raise UploadRefused(
            f"{info.filename} in {name} is larger than {limits.megabytes(limits.file_bytes)} "
            "unpacked, the most one workbook may be. A planning workbook is a few hundred "
            "kilobytes: check that this is the right file.", 413)
    return content


def too_many(limits: Limits) -> UploadRefused:
    return UploadRefused(f"The upload has more than {limits.files} files, the most one upload "
                         "may have. Upload the schools in smaller groups, each with the "
                         "district workbook.", 413)


def too_large_total(limits: Limits) -> UploadRefused:
    return UploadRefused(f"The upload is larger than {limits.megabytes(limits.total_bytes)} in "
                         "all, the most one upload may be. Upload the schools in smaller "
                         "groups, each with the district workbook.", 413)


def process(folder: Path, files: list[tuple[str, bytes]], *, limits: Limits,
            pdf: bool = False, renderer=None) -> Outcome:
    """Check every workbook of the upload and build the documents of each without errors
    (a school's against the district workbook uploaded with it), all inside `folder`."""
    inputs = folder / "workbooks"
    inputs.mkdir()
    taken: set[str] = set()
    paths: list[str | Path] = []
    for name, data in unpack(files, limits):
        path = inputs / safe_name(name, taken)
        path.write_bytes(data)
        paths.append(path)
    reports = [api.check(p) for p in paths]
    districts = [r for r in reports if r.book is not None and r.book.plan_level == api.DISTRICT]
    district = districts[0].workbook if len(districts) == 1 else None
    if district is not None and len(paths) > 1:
        try:  # the schools checked against their district, as validate --district does
            reports = api.check_many(paths, district=district)
        except PfsDocgenError:
            district = None
    outcome = Outcome([_checked(r, inputs) for r in reports], district=district, pdf=pdf)
    out = folder / "documents"
    for item in outcome.checked:
        if item.report.book is None or item.report.failed():
            continue
        own = out / Path(item.name).stem if len(paths) > 1 else out
        with_district = district if item.level == api.SCHOOL else None
        try:
            manifest = api.build(item.report.workbook, own, district=with_district, pdf=pdf,
                                 renderer=renderer)
            made = [p for d in manifest.documents for p in (d.path, d.pdf) if p]
        except PdfFailed as exc:  # the .docx documents are written
            item.note = _local(str(exc), inputs)
            made = sorted(p.name for p in own.glob("*.docx"))
        except PfsDocgenError as exc:
            item.report.issues += [_relocated(i, inputs) for i in exc.as_issues()]
            continue
        prefix = f"{own.name}/" if own != out else ""
        item.documents = [prefix + p for p in made]
    if any(item.documents for item in outcome.checked):
        outcome.documents_zip = zip_folder(out, folder / "documents.zip")
    return outcome


def _checked(report: api.Report, inputs: Path) -> Checked:
    report.issues = [_relocated(i, inputs) for i in report.issues]
    level = report.book.plan_level if report.book is not None else None
    return Checked(report.workbook.name, report, level)


def _local(message: str, inputs: Path) -> str:
    """A message without the server's folder: the file's name is what a person knows."""
    return message.replace(str(inputs) + os.sep, "").replace(str(inputs), "")


def _relocated(issue, inputs: Path):
    return dataclasses.replace(issue, message=_local(issue.message, inputs))


def zip_folder(folder: Path, target: Path) -> Path:
    """Every file under `folder` (but the manifests, which name the server's folders) into
    one zip."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "manifest.json" and not path.name.startswith("."):
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def school_workbooks(district: Path, folder: Path) -> Path:
    """init-schools for an uploaded district workbook: the school workbooks, zipped."""
    schools = folder / "school-workbooks"
    api.init_schools(district, schools, overwrite=True)
    return zip_folder(schools, folder / "school-workbooks.zip")


@functools.lru_cache(maxsize=4)
def starter_workbook(level: str, example: bool) -> bytes:
    """A blank workbook of a level, or the sample plan, as `init` writes it."""
    with tempfile.TemporaryDirectory(prefix="pfs-docgen-web-") as tmp:
        path = Path(tmp) / "plan.xlsx"
        api.init(path, level=level, example=example)
        return path.read_bytes()
