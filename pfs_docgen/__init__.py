"""pfs-docgen: Massachusetts Planning for Success plans, from a workbook to Word documents.

The library's entry points are in `pfs_docgen.api` and re-exported here:
`pfs_docgen.build(...)`, `pfs_docgen.bulk(...)`, `pfs_docgen.check(...)`, ...
"""

__version__ = "0.1.0"  # static, so `--version` reads no package metadata; setup.cfg reads it


def __getattr__(name: str):
    # Loaded on first use, so `import pfs_docgen` (and the command line) stays fast.
    from importlib import import_module
    from importlib.util import find_spec

    if find_spec(f"{__name__}.{name}") is not None:
        # `from . import issues` asks here before it imports the submodule: say no, or the
        # api would be imported half-way through one of its own imports.
        raise AttributeError(name)
    api = import_module(".api", __name__)
    if name in api.__all__:
        value = globals()[name] = getattr(api, name)  # asked once: kept here from now on
        return value
    raise AttributeError(f"module 'pfs_docgen' has no attribute {name!r}")
