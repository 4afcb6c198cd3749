"""The bundled sample district (and its schools): plan rows shipped inside the package."""

from __future__ import annotations

import json
from importlib.resources import files

from . import schema as s
from .errors import BrokenInstall

_FOLDER = "sample"


Rows = dict[str, list[dict[str, str]]]
EXAMPLE_SCHOOL = "oak-street-elementary-school"  # what `init --level school --example` writes


def sample_rows(level: str = s.DISTRICT) -> Rows:
    """The sample plan for a level, as sheet name -> rows of column name -> text."""
    if level == s.SCHOOL:
        return school_samples()[0]
    resource = files("pfs_docgen").joinpath(_FOLDER, "district.json")
    return json.loads(resource.read_text(encoding="utf-8"))


def school_sample_names() -> list[str]:
    """The sample schools' file stems, the example school first."""
    folder = files("pfs_docgen").joinpath(_FOLDER, "schools")
    names = sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")) \
        if folder.is_dir() else []
    if not names:
        raise BrokenInstall("There are no sample school plans in this installation of "
                            "pfs-docgen: install it again.")
    return sorted(names, key=lambda n: n != EXAMPLE_SCHOOL)


def school_samples() -> list[Rows]:
    folder = files("pfs_docgen").joinpath(_FOLDER, "schools")
    return [json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))
            for name in school_sample_names()]
