"""The committed templates are exactly what the template script builds."""

from __future__ import annotations

import zipfile

import pytest

from pfs_docgen.documents import default_templates
from pfs_docgen.templates.build import TEMPLATES, main


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_committed_template_matches_the_build_script(tmp_path, kind):
    main([str(tmp_path)])
    committed = _parts(default_templates() / f"{kind}.docx")
    rebuilt = _parts(tmp_path / f"{kind}.docx")
    assert committed.keys() == rebuilt.keys()
    changed = [name for name in committed if committed[name] != rebuilt[name]]
    assert not changed, (f"{kind}.docx differs from the build script in {changed}: run "
                         "python -m pfs_docgen.templates.build")


def test_every_template_kind_is_committed():
    assert sorted(p.stem for p in default_templates().glob("*.docx")) == sorted(TEMPLATES)
