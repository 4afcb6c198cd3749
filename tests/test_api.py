"""The package's public entry points: `pfs_docgen.build(...)`, `pfs_docgen.bulk(...)`, ..."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

import pfs_docgen
from pfs_docgen.api import __all__ as api_names
from pfs_docgen.files import ctrl_c_deferred


@pytest.mark.parametrize("module", ["pfs_docgen.files", "pfs_docgen.errors",
                                    "pfs_docgen.validate", "pfs_docgen.bulk_run"])
def test_any_module_can_be_imported_first(module):
    # A submodule's `from . import issues` must not set off the lazy api import half-way.
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)


def test_every_entry_point_stays_reachable_after_a_bulk_run(tmp_path):
    assert "bulk" in api_names
    district, schools = pfs_docgen.write_samples(tmp_path / "in")
    result = pfs_docgen.bulk(schools, district, tmp_path / "out", jobs=1)
    assert result.manifest.documents
    for name in api_names:  # importing the modules behind them must not shadow them
        assert getattr(pfs_docgen, name) is getattr(pfs_docgen.api, name)


def test_ctrl_c_waits_for_the_block_and_is_raised_once():
    done = []
    with pytest.raises(KeyboardInterrupt):
        with ctrl_c_deferred():
            with ctrl_c_deferred():
                signal.raise_signal(signal.SIGINT)
                done.append("inner")
            done.append("outer")
    assert done == ["inner", "outer"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
