"""The web page's downloads: each upload's own temporary folder, and the unguessable links to
the files made in it, which expire.

A link is `secrets.token_urlsafe(32)` (256 random bits) mapped to one file in one folder; the
token is the only thing a request brings, so no path from a request reaches the file system,
and one person's link never names another person's file. A folder no link points to is
removed as soon as its response is done; one with links, when its last link expires.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # what token_urlsafe(32) makes, nothing else


@dataclass
class Entry:
    """One download: the file (made on first download by `make`, when given), the name the
    browser saves it under, and when the link stops working."""

    folder: Path
    path: Path
    name: str
    expires: float
    make: Callable[[], Path] | None = None
    lock: threading.Lock | None = None


class Store:
    """The uploads' folders under one private root, and their download links."""

    def __init__(self, *, ttl: float = 15 * 60, root: Path | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.ttl, self.clock = ttl, clock
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="pfs-docgen-web-"))
        self._entries: dict[str, Entry] = {}
        self._lock = threading.Lock()

    def new_folder(self) -> Path:
        """A fresh folder for one upload (mode 0700, a random name)."""
        self.sweep()
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="upload-", dir=self.root))

    def offer(self, folder: Path, path: Path, name: str,
              make: Callable[[], Path] | None = None) -> str:
        """A new link to `path` in `folder`, saved by the browser as `name`; with `make`,
        the file is made on the first download."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._entries[token] = Entry(folder, path, name, self.clock() + self.ttl, make,
                                         threading.Lock())
        return token

    def get(self, token: str) -> Entry | None:
        """The file behind a link, made if need be; None for an unknown or expired link."""
        self.sweep()
        if not TOKEN.match(token):
            return None
        with self._lock:
            entry = self._entries.get(token)
        if entry is None:
            return None
        if entry.make is not None and entry.lock is not None:
            with entry.lock:
                if not entry.path.exists():
                    entry.path = entry.make()
        return entry

    def release(self, folder: Path) -> None:
        """The response for this folder's upload is done: remove the folder unless a link
        points into it."""
        with self._lock:
            wanted = any(e.folder == folder for e in self._entries.values())
        if not wanted:
            shutil.rmtree(folder, ignore_errors=True)

    def sweep(self) -> None:
        """Forget expired links and remove the folders no link points to any more."""
        now = self.clock()
        with self._lock:
            expired = [t for t, e in self._entries.items() if e.expires <= now]
            folders = {self._entries.pop(t).folder for t in expired}
            kept = {e.folder for e in self._entries.values()}
        for folder in folders - kept:
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """The server stops: every folder goes."""
        with self._lock:
            self._entries.clear()
        shutil.rmtree(self.root, ignore_errors=True)
