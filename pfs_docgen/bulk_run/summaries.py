"""The district's summaries of every school, written beside its documents: the alignment
crosswalk (a Word document and a CSV) and Schools' Progress; and where a run's files go."""

from __future__ import annotations

from pathlib import Path

from .. import schema as s
from ..context import SchoolAlignment, alignment_context, alignment_rows
from ..context.schools_progress import SchoolProgress, schools_progress_context
from ..csv_safe import csv_text
from ..documents import years_slug
from ..files import slugify
from ..kinds import ALIGNMENT, SCHOOLS_PROGRESS
from ..render import Renderer
from ..workbook import Workbook

DISTRICT_FOLDER = "district"
NotCounted = list[tuple[str, str]]  # (school workbook that failed, its first problem)


def alignment_paths(out_dir: Path, district: Workbook) -> tuple[Path, Path]:
    stem = (f"{slugify(district.organisation)}_{ALIGNMENT}_"
            f"{years_slug(district.info(s.PLAN_YEARS))}")
    folder = out_dir / DISTRICT_FOLDER
    return folder / f"{stem}.docx", folder / f"{stem}.csv"


def schools_progress_path(out_dir: Path, district: Workbook) -> Path:
    stem = (f"{slugify(district.organisation)}_{SCHOOLS_PROGRESS}_"
            f"{years_slug(district.info(s.ACTION_PLAN_YEAR))}")
    return out_dir / DISTRICT_FOLDER / f"{stem}.docx"


def zip_path(out_dir: Path, district: Workbook) -> Path:
    years = years_slug(district.info(s.PLAN_YEARS))
    return out_dir / f"{slugify(district.organisation)}_plans_{years}.zip"


def alignment_files(out_dir: Path, district: Workbook, renderer: Renderer,
                    schools: list[SchoolAlignment], not_counted: NotCounted
                    ) -> list[tuple[Path, bytes]]:
    """The crosswalk as a Word document and as CSV, the schools in name order."""
    schools = sorted(schools, key=lambda a: a.school.lower())
    docx_path, csv_path = alignment_paths(out_dir, district)
    data = renderer.render(ALIGNMENT, alignment_context(district, schools, not_counted))
    return [(docx_path, data),
            (csv_path, alignment_csv(district, schools).encode("utf-8-sig"))]


def schools_progress_files(out_dir: Path, district: Workbook, renderer: Renderer,
                           schools: list[SchoolProgress], not_counted: NotCounted
                           ) -> list[tuple[Path, bytes]]:
    """Schools' Progress: every school's benchmarks by status, the schools in name order."""
    schools = sorted(schools, key=lambda p: p.school.lower())
    return [(schools_progress_path(out_dir, district), renderer.render(
        SCHOOLS_PROGRESS, schools_progress_context(district, schools, not_counted)))]


def alignment_csv(district: Workbook, schools: list[SchoolAlignment]) -> str:
    """District objectives by schools: each cell names the school objectives that support it.
    Written by csv_safe, so a spreadsheet runs no text a team typed as a formula (UTF-8
    with a byte-order mark, so Excel opens accents correctly)."""
    rows: list[list[object]] = [[s.DISTRICT_OBJECTIVE_ID, "District Strategic Objective",
                                 "Schools Supporting", "Administrator and Team Goals",
                                 *[a.school for a in schools]]]
    for row in alignment_rows(district, schools):
        cells = []
        for school in schools:
            # the school's objectives by number and title, as the crosswalk document names them
            cells.append("; ".join(f"{num}. {title}" for num, title, ref in school.objectives
                                   if ref == row["id"]))
        rows.append([row["id"], row["title"], row["count"] if row["supporters"]
                     else "0 (no school supports this objective)", row["goals"], *cells])
    return csv_text(rows)
