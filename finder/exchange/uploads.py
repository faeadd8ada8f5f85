"""Files admins upload to import: kept on the server between the dry run and the confirmation.

A file waits under the instance folder, named by a random token, with its format, source name and
the admin who sent it beside it; only that admin may confirm it, once: confirming takes the file
away (an atomic rename), so a second click, tab or admin finds nothing to import. It is removed once
imported, and any file older than a day is removed at the next upload. One import runs at a time on
the machine (a lock file), whether from this page or from `flask import`.
"""

import fcntl
import json
import re
import secrets
import time
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEPT_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(file: FileStorage, wanted_format: str, source: str, owner: int) -> str:
    """Keep an uploaded file until its owner imports it; return its token."""
    _forget_old()
    token = secrets.token_hex(16)
    file.save(_folder() / token)
    meta = {"format": wanted_format, "source": source, "filename": file.filename or "", "owner": owner}
    (_folder() / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def kept(token: str, owner: int) -> tuple[Path, dict] | None:
    """(path, {format, source, filename, owner}) of a file this admin sent, or None."""
    if not TOKEN.match(token or ""):
        return None
    path, meta = _folder() / token, _folder() / f"{token}.json"
    if not path.exists() or not meta.exists():
        return None
    details = json.loads(meta.read_text(encoding="utf-8"))
    return (path, details) if details.get("owner") == owner else None


def take(token: str, owner: int) -> tuple[Path, dict] | None:
    """Take a kept file to import it: of two confirmations at once, only one gets it."""
    found = kept(token, owner)
    if found is None:
        return None
    taken = found[0].with_name(f"{token}.taken")
    try:
        found[0].rename(taken)  # atomic: the second rename finds no file
    except FileNotFoundError:
        return None
    return taken, found[1]


def give_back(token: str) -> None:
    """Put a taken file back, to be confirmed again (its import could not run)."""
    (_folder() / f"{token}.taken").rename(_folder() / token)


@contextmanager
def one_import_at_a_time():
    """Hold the machine's import lock; raise ImportBusy when another import holds it."""
    with open(_folder() / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportBusy from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class ImportBusy(Exception):
    """Another import is running."""


def forget(token: str) -> None:
    """Remove a kept file."""
    if TOKEN.match(token or ""):
        for path in (_folder() / token, _folder() / f"{token}.json", _folder() / f"{token}.taken"):
            path.unlink(missing_ok=True)


def _forget_old() -> None:
    limit = time.time() - KEPT_SECONDS
    for path in _folder().iterdir():
        if path.name != ".lock" and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
